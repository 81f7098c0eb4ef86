//! What git knows about the project, read with gix (pure Rust, no `git` program needed):
//! the version of the checkout, the commits that changed each record, the commits since a
//! baseline and the tags that mark baselines.
//!
//! Paths are relative to the project root (the folder of `medtrace.toml`), which may be
//! anywhere inside the work tree; files outside it are left out. Outside a repository the
//! functions that cannot fail give empty answers (`unversioned`, no history, no tags).

mod at_revision;
mod describe;
mod trees;

pub use at_revision::{changed_since, load_at, lockfile_components, read_at, resolve};

use anyhow::{Context, Result, anyhow};
use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::revision::walk::Sorting;
use gix::traverse::commit::simple::CommitTimeOrder;
use medtrace_core::history::{BuildInfo, Commit, refs_trailers};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A repository opened for a project: where the project root sits in the work tree.
pub(crate) struct ProjectRepo {
    repo: gix::Repository,
    /// The project root relative to the work tree, `/`-separated; empty at the top.
    prefix: String,
    /// The work tree.
    workdir: PathBuf,
}

/// Opens the repository that holds `root`.
pub(crate) fn open(root: &Path) -> Result<ProjectRepo> {
    let mut repo =
        gix::discover(root).with_context(|| format!("no git repository at {}", root.display()))?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| anyhow!("the git repository at {} has no work tree", root.display()))?
        .to_path_buf();
    let abs_root = root
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", root.display()))?;
    let abs_work = workdir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", workdir.display()))?;
    let prefix = abs_root
        .strip_prefix(&abs_work)
        .map_err(|_| anyhow!("{} is outside the git work tree", root.display()))?
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    // Trees and commits are read more than once in a walk; a small cache halves the time.
    repo.object_cache_size_if_unset(8 * 1024 * 1024);
    Ok(ProjectRepo {
        repo,
        prefix,
        workdir: abs_work,
    })
}

/// The commit a revision names (a tag, a branch, a hash, `HEAD~2`...).
pub(crate) fn resolve_commit(pr: &ProjectRepo, rev: &str) -> Result<ObjectId> {
    let unknown = || anyhow!("unknown revision `{rev}`");
    let id = pr.repo.rev_parse_single(rev).map_err(|_| unknown())?;
    let commit = id
        .object()
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| unknown())?;
    Ok(commit.id)
}

// implements: SRS-060
/// The version, commit and time of the checkout at `root`, for generated documents and
/// bundles; every tag counts. Projects use [`build_info_for`], which honours
/// `[release] tag-prefix`.
pub fn build_info(root: &Path, project: &str) -> BuildInfo {
    build_info_tagged(root, project, None)
}

// implements: SRS-060
/// The version, commit and time of the checkout at `root` for the project `config`
/// describes, counting only its tags (`[release] tag-prefix`; every tag without one).
///
/// The version is the project's tag at HEAD (annotated or not), else `TAG-N-gABBREV` from
/// the nearest project tag among HEAD's ancestors (as `git describe --tags --match
/// 'PREFIX*'`), else the abbreviated commit; the tag prefix is taken off the name.
/// `-dirty` is appended when a tracked file under the project root differs from HEAD
/// (untracked files do not count). `unversioned` outside git or before the first commit.
/// The time is `SOURCE_DATE_EPOCH` when set, else HEAD's committer time, else 0.
pub fn build_info_for(root: &Path, config: &medtrace_core::Config) -> BuildInfo {
    build_info_tagged(root, &config.name, config.release.tag_prefix.as_deref())
}

fn build_info_tagged(root: &Path, project: &str, tag_prefix: Option<&str>) -> BuildInfo {
    let mut info = BuildInfo {
        project: project.to_string(),
        version: "unversioned".to_string(),
        commit: None,
        time: 0,
    };
    if let Ok((version, commit, time)) =
        open(root).and_then(|pr| describe::describe_head(&pr, tag_prefix))
    {
        info.version = version;
        info.commit = Some(commit.to_string());
        info.time = time;
    }
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        info.time = epoch;
    }
    info
}

// implements: SRS-060
/// For each of `paths` (files relative to the project root), the commits that changed
/// it, newest first (by committer time); a path git never saw has an empty list.
///
/// One walk over every commit reachable from HEAD. A commit with one parent changed the
/// files that differ from its parent; a merge changed only the files that differ from
/// every parent (a conflict resolved by hand), so each change is credited to the commit
/// that made it, not to the merge that brought it in. Renames are not followed.
pub fn record_history(root: &Path, paths: &[String]) -> BTreeMap<String, Vec<Commit>> {
    let mut out: BTreeMap<String, Vec<Commit>> =
        paths.iter().map(|p| (p.clone(), Vec::new())).collect();
    if let Ok(pr) = open(root) {
        // A broken object stops the walk; what was found until then is kept.
        let _ = walk_history(&pr, &mut out);
    }
    out
}

fn walk_history(pr: &ProjectRepo, out: &mut BTreeMap<String, Vec<Commit>>) -> Result<()> {
    let wanted: BTreeSet<String> = out.keys().cloned().collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let head = pr.repo.head_id()?;
    let walk = pr
        .repo
        .rev_walk([head])
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .all()?;
    for info in walk {
        let info = info?;
        let parents: Vec<ObjectId> = info.parent_ids().map(|p| p.detach()).collect();
        let tree = trees::commit_project_tree(pr, info.id)?;
        let mut touched: Option<BTreeSet<String>> = None;
        if parents.is_empty() {
            touched = Some(changed_between(pr, None, tree)?);
        }
        for parent in &parents {
            let theirs = changed_between(pr, trees::commit_project_tree(pr, *parent)?, tree)?;
            touched = Some(match touched {
                None => theirs,
                Some(so_far) => so_far.intersection(&theirs).cloned().collect(),
            });
        }
        let hits: Vec<&String> = touched
            .iter()
            .flatten()
            .filter(|p| wanted.contains(*p))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let commit = commit_value(pr, info.id, Vec::new())?;
        for path in hits {
            if let Some(list) = out.get_mut(path) {
                list.push(commit.clone());
            }
        }
    }
    Ok(())
}

/// The files (relative to the project root) that differ between two project trees.
fn changed_between(
    pr: &ProjectRepo,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
) -> Result<BTreeSet<String>> {
    let mut paths = Vec::new();
    trees::diff(pr, old, new, "", &mut paths)?;
    Ok(paths.into_iter().collect())
}

/// A [`Commit`] value for commit `id`.
fn commit_value(pr: &ProjectRepo, id: ObjectId, paths: Vec<String>) -> Result<Commit> {
    let commit = pr.repo.find_commit(id)?;
    let author = commit.author()?;
    let message = commit.message_raw()?.to_str_lossy().into_owned();
    let summary = message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    Ok(Commit {
        id: id.to_string(),
        time: commit.time()?.seconds,
        author: author.name.trim().to_str_lossy().into_owned(),
        email: author.email.trim().to_str_lossy().into_owned(),
        summary,
        refs: refs_trailers(&message),
        message,
        paths,
    })
}

// implements: SRS-063
/// The commits after `since` (a revision: tag, branch, hash; `None`: from the first
/// commit) up to HEAD, oldest first (by committer time): those reachable from HEAD and not
/// from `since`, merges included, as `git log since..HEAD` lists them.
///
/// Each commit's `paths` are the files it changed against its first parent, relative to
/// the project root (a merge thus carries what its branch brought in); commits that
/// changed nothing under the project root are listed with no paths. An error when there
/// is no repository, no commit yet, or `since` names no commit.
pub fn commits(root: &Path, since: Option<&str>) -> Result<Vec<Commit>> {
    let pr = open(root)?;
    let head = pr
        .repo
        .head_id()
        .context("the git repository has no commit yet")?
        .detach();
    let hidden = since.map(|rev| resolve_commit(&pr, rev)).transpose()?;
    let walk = pr
        .repo
        .rev_walk([head])
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .with_hidden(hidden)
        .all()?;
    let mut out = Vec::new();
    for info in walk {
        let info = info?;
        let first_parent = info.parent_ids().next().map(|p| p.detach());
        let old = first_parent
            .map(|p| trees::commit_project_tree(&pr, p))
            .transpose()?
            .flatten();
        let new = trees::commit_project_tree(&pr, info.id)?;
        let paths = changed_between(&pr, old, new)?.into_iter().collect();
        out.push(commit_value(&pr, info.id, paths)?);
    }
    out.reverse();
    Ok(out)
}

/// The tags of the repository (baselines): name, the full ID of the commit it marks, and
/// that commit's committer time; oldest first, then by name. Tags that do not mark a
/// commit are left out; empty outside git.
pub fn tags(root: &Path) -> Vec<(String, String, i64)> {
    tags_with_prefix(root, None)
}

/// Like [`tags`], but only the tags whose name starts with `prefix` (a project's
/// `[release] tag-prefix`; every tag when `None`). Names are given in full, so each is a
/// revision that `medtrace diff` and `impact --since` accept as it is.
pub fn tags_with_prefix(root: &Path, prefix: Option<&str>) -> Vec<(String, String, i64)> {
    let Ok(pr) = open(root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Ok(refs) = pr.repo.references() else {
        return out;
    };
    let Ok(iter) = refs.tags() else {
        return out;
    };
    for mut reference in iter.flatten() {
        let name = reference.name().shorten().to_str_lossy().into_owned();
        if !name.starts_with(prefix.unwrap_or_default()) {
            continue;
        }
        let Ok(commit) = reference.peel_to_commit() else {
            continue;
        };
        let Ok(time) = commit.time() else {
            continue;
        };
        out.push((name, commit.id.to_string(), time.seconds));
    }
    out.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Files under the project root changed since commit `since`: tracked files whose work
/// tree content differs from that commit, and untracked files not ignored.
pub(crate) fn changed_since_commit(
    pr: &ProjectRepo,
    root: &Path,
    since: ObjectId,
) -> Result<BTreeSet<String>> {
    let tree = trees::commit_project_tree(pr, since)?;
    let mut files = trees::worktree_changes(pr, tree)?;
    files.extend(trees::untracked(pr, root)?);
    Ok(files)
}

#[cfg(test)]
mod tests;
