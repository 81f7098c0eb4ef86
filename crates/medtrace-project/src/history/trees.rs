//! Trees compared without gix's diff machinery (which would bring attributes, filters and
//! the blob differ): two trees are walked side by side, descending only into subtrees whose
//! object IDs differ, so a commit costs what it changed, not the size of the project.

use anyhow::{Context, Result};
use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::index::entry::{Mode, Stage, stat};
use gix::objs::tree::EntryMode;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::ProjectRepo;

/// What a tree entry is compared by: its mode and its object.
pub(super) type Leaf = (EntryMode, ObjectId);

/// The tree of the project root inside a whole-repository tree: the subtree at `prefix`,
/// or `None` when the revision has no such folder.
pub(super) fn project_tree(pr: &ProjectRepo, tree: ObjectId) -> Result<Option<ObjectId>> {
    if pr.prefix.is_empty() {
        return Ok(Some(tree));
    }
    let tree = pr.repo.find_tree(tree)?;
    let entry = tree.lookup_entry_by_path(&pr.prefix)?;
    Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
}

/// The project tree of a commit (see [`project_tree`]).
pub(super) fn commit_project_tree(pr: &ProjectRepo, commit: ObjectId) -> Result<Option<ObjectId>> {
    let tree = pr.repo.find_commit(commit)?.tree_id()?.detach();
    project_tree(pr, tree)
}

/// The entries of a tree (none for `None`), by file name.
fn entries(pr: &ProjectRepo, tree: Option<ObjectId>) -> Result<BTreeMap<Vec<u8>, Leaf>> {
    let Some(id) = tree else {
        return Ok(BTreeMap::new());
    };
    let tree = pr.repo.find_tree(id)?;
    let decoded = tree.decode()?;
    Ok(decoded
        .entries
        .iter()
        .map(|e| (e.filename.to_vec(), (e.mode, e.oid.to_owned())))
        .collect())
}

fn join(base: &str, name: &[u8]) -> String {
    let name = name.to_str_lossy();
    if base.is_empty() {
        name.into_owned()
    } else {
        format!("{base}/{name}")
    }
}

/// Appends to `out` the paths (under `base`) of the files that differ between two trees:
/// added, removed, changed in content or in mode.
pub(super) fn diff(
    pr: &ProjectRepo,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    base: &str,
    out: &mut Vec<String>,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let mut old = entries(pr, old)?;
    let new = entries(pr, new)?;
    let mut pairs: BTreeMap<Vec<u8>, (Option<Leaf>, Option<Leaf>)> = BTreeMap::new();
    for (name, leaf) in new {
        let before = old.remove(&name);
        pairs.insert(name, (before, Some(leaf)));
    }
    for (name, leaf) in old {
        pairs.insert(name, (Some(leaf), None));
    }
    for (name, (before, after)) in pairs {
        if before == after {
            continue;
        }
        let path = join(base, &name);
        let tree_of = |leaf: Option<Leaf>| leaf.filter(|(m, _)| m.is_tree()).map(|(_, id)| id);
        let file_of = |leaf: Option<Leaf>| leaf.filter(|(m, _)| !m.is_tree());
        let (old_tree, new_tree) = (tree_of(before), tree_of(after));
        if old_tree.is_some() || new_tree.is_some() {
            diff(pr, old_tree, new_tree, &path, out)?;
        }
        if file_of(before) != file_of(after) {
            out.push(path);
        }
    }
    Ok(())
}

/// Every file of a tree (recursively), by path under `base`.
pub(super) fn files(
    pr: &ProjectRepo,
    tree: ObjectId,
    base: &str,
    out: &mut BTreeMap<String, Leaf>,
) -> Result<()> {
    for (name, (mode, id)) in entries(pr, Some(tree))? {
        let path = join(base, &name);
        if mode.is_tree() {
            files(pr, id, &path, out)?;
        } else {
            out.insert(path, (mode, id));
        }
    }
    Ok(())
}

/// The tracked files under the project root whose content in the work tree differs from
/// `tree` (a project tree): what `git diff --name-only --relative COMMIT` lists, paths
/// relative to the project root.
///
/// The index's stat data says which files are unchanged (as git does, re-reading the
/// "racy" ones written in the same second as the index); the others are hashed as they
/// are on disk. No clean filters run (`core.autocrlf`, `.gitattributes` filters): a file
/// that such a filter would change counts as changed only if its stat data changed too.
pub(super) fn worktree_changes(
    pr: &ProjectRepo,
    tree: Option<ObjectId>,
) -> Result<BTreeSet<String>> {
    let mut committed = BTreeMap::new();
    if let Some(tree) = tree {
        files(pr, tree, "", &mut committed)?;
    }
    let index = pr.repo.index_or_empty()?;
    let timestamp = index.timestamp();
    let prefix = if pr.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", pr.prefix)
    };
    let options = stat::Options::default();
    let mut changed = BTreeSet::new();
    for entry in index.entries() {
        let full = entry.path(&index);
        let Some(rel) = full.strip_prefix(prefix.as_bytes()) else {
            continue;
        };
        let rel = rel.to_str_lossy().into_owned();
        let before = committed.remove(&rel).map(|(_, id)| id);
        if entry.stage() != Stage::Unconflicted {
            changed.insert(rel);
            continue;
        }
        let on_disk = if entry.mode == Mode::COMMIT {
            Some(entry.id)
        } else {
            let path = pr.workdir.join(gix::path::from_bstr(full)?);
            let matches_index = gix::index::fs::Metadata::from_path_no_follow(&path)
                .ok()
                .and_then(|m| gix::index::entry::Stat::from_fs(&m).ok())
                .is_some_and(|s| {
                    s.matches(&entry.stat, options) && !entry.stat.is_racy(timestamp, options)
                });
            if matches_index {
                Some(entry.id)
            } else {
                hash_file(pr, &path)?
            }
        };
        if on_disk.is_none() || on_disk != before {
            changed.insert(rel);
        }
    }
    // In the commit, no longer in the index: deleted.
    changed.extend(committed.into_keys());
    Ok(changed)
}

/// The blob ID of a file (or a symbolic link's target) as it is on disk; `None` when it
/// is gone.
fn hash_file(pr: &ProjectRepo, path: &Path) -> Result<Option<ObjectId>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let data = if meta.is_symlink() {
        let target = std::fs::read_link(path)
            .with_context(|| format!("cannot read the link {}", path.display()))?;
        gix::path::into_bstr(target)?.to_vec()
    } else if meta.is_file() {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
    } else {
        // A folder where a file was: the file is gone.
        return Ok(None);
    };
    let id = gix::objs::compute_hash(pr.repo.object_hash(), gix::objs::Kind::Blob, &data)?;
    Ok(Some(id))
}

/// Files under the project root that git does not track and does not ignore (as `git
/// ls-files --others --exclude-standard`), relative to the project root.
pub(super) fn untracked(pr: &ProjectRepo, root: &Path) -> Result<BTreeSet<String>> {
    let index = pr.repo.index_or_empty()?;
    let mut out = BTreeSet::new();
    let walk = ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walk {
        let entry = entry.context("cannot walk the project folder")?;
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let full = if pr.prefix.is_empty() {
            rel.clone()
        } else {
            format!("{}/{rel}", pr.prefix)
        };
        if index.entry_by_path(full.as_bytes().as_bstr()).is_none() {
            out.insert(rel);
        }
    }
    Ok(out)
}
