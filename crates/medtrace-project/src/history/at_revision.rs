//! A project as it was at a revision, read from the git tree instead of the work tree.

use anyhow::{Context, Result, anyhow};
use gix::bstr::ByteSlice;
use medtrace_core::config::{self, FILE_NAME};
use medtrace_core::soup::Component;
use medtrace_core::{Analysis, FileId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{ProjectRepo, open, resolve_commit, trees};

/// The files of the project tree at `rev`, by path relative to the project root: the
/// object of each, not yet read.
fn project_files(pr: &ProjectRepo, rev: &str) -> Result<BTreeMap<String, trees::Leaf>> {
    let commit = resolve_commit(pr, rev)?;
    let tree = trees::commit_project_tree(pr, commit)?
        .ok_or_else(|| anyhow!("the project folder does not exist at `{rev}`"))?;
    let mut files = BTreeMap::new();
    trees::files(pr, tree, "", &mut files)?;
    Ok(files)
}

fn read_blob(pr: &ProjectRepo, leaf: &trees::Leaf) -> Result<Vec<u8>> {
    let mut blob = pr.repo.find_blob(leaf.1)?;
    Ok(blob.take_data())
}

/// Whether a path (relative to the project root) is under `folder` as medtrace.toml
/// writes it (`dhf`, `./dhf/`, `.`).
fn under(path: &str, folder: &str) -> bool {
    let folder = folder.trim_start_matches("./").trim_end_matches('/');
    folder.is_empty()
        || folder == "."
        || path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The project at `root` as it was at revision `rev` (a tag, a branch, a hash): its
/// `medtrace.toml` and the item files of its item folders, read from the git tree and
/// checked as [`Analysis::from_texts`] does — the items and findings of the records are
/// those of a checkout of that revision; no evidence (tags, reports, lockfiles) is read.
///
/// As the loader does, `.md` files in hidden folders or with hidden names are skipped;
/// `.gitignore` needs no reading, since a committed tree holds only tracked files.
/// An error when there is no repository, `rev` names no commit, or the project folder
/// or its `medtrace.toml` did not exist then.
pub fn load_at(root: &Path, rev: &str) -> Result<Analysis> {
    let pr = open(root)?;
    let files = project_files(&pr, rev)?;
    let config_leaf = files
        .get(FILE_NAME)
        .ok_or_else(|| anyhow!("{FILE_NAME} does not exist at `{rev}`"))?;
    let config_text = String::from_utf8(read_blob(&pr, config_leaf)?)
        .map_err(|_| anyhow!("{FILE_NAME} at `{rev}` is not valid UTF-8"))?;
    let mut scratch = medtrace_core::Sources::default();
    let file = scratch.add(FILE_NAME.to_string(), config_text.clone());
    let (config, _) = config::parse(file, &config_text);

    let mut texts = Vec::new();
    let mut seen = BTreeSet::new();
    for (path, leaf) in &files {
        let hidden = path.split('/').any(|part| part.starts_with('.'));
        if hidden || !path.ends_with(".md") || leaf.0.is_tree() || leaf.0.is_commit() {
            continue;
        }
        if !config.folders.iter().any(|f| under(path, f)) || !seen.insert(path.clone()) {
            continue;
        }
        let bytes =
            read_blob(&pr, leaf).with_context(|| format!("cannot read {path} at `{rev}`"))?;
        texts.push((path.clone(), bytes.to_str_lossy().into_owned()));
    }
    Ok(Analysis::from_texts(&config_text, texts))
}

/// The bytes of a file (relative to the project root) at revision `rev`; `None` when it
/// did not exist then. An error when there is no repository or `rev` names no commit.
pub fn read_at(root: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>> {
    let pr = open(root)?;
    let files = project_files(&pr, rev)?;
    let path = path.trim_start_matches("./");
    files.get(path).map(|leaf| read_blob(&pr, leaf)).transpose()
}

/// Files under the project root that differ now from revision `rev`: changed in later
/// commits or in the work tree, added (untracked but not ignored) or deleted; relative to
/// the project root.
pub fn changed_since(root: &Path, rev: &str) -> Result<BTreeSet<String>> {
    let pr = open(root)?;
    let commit = resolve_commit(&pr, rev)?;
    super::changed_since_commit(&pr, root, commit)
}

/// The full commit ID that `rev` names at `root`.
pub fn resolve(root: &Path, rev: &str) -> Result<String> {
    let pr = open(root)?;
    Ok(resolve_commit(&pr, rev)?.to_string())
}

/// The SOUP components of lockfile `rel` (relative to the project root) at revision
/// `rev`, or in the work tree when `rev` is `None`: read with `medtrace_soup::read_any`,
/// with the manifest beside it where the format has one. `None` when the file does not
/// exist there or is not a lockfile medtrace reads.
pub fn lockfile_components(
    root: &Path,
    rev: Option<&str>,
    rel: &str,
) -> Result<Option<Vec<Component>>> {
    let rel = rel.trim_start_matches("./");
    let read = |path: &str| -> Result<Option<String>> {
        let bytes = match rev {
            Some(rev) => read_at(root, rev, path)?,
            None => std::fs::read(root.join(path)).ok(),
        };
        Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
    };
    let Some(text) = read(rel)? else {
        return Ok(None);
    };
    let Some(format) = medtrace_soup::sniff(&text) else {
        return Ok(None);
    };
    let manifest = match medtrace_soup::manifest_name(format) {
        Some(name) => {
            let path = match rel.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{name}"),
                None => name.to_string(),
            };
            read(&path)?
        }
        None => None,
    };
    let lockfile = medtrace_soup::read_any(
        FileId(0),
        &text,
        Some(format),
        manifest.as_deref().map(|m| (FileId(1), m)),
    );
    Ok(lockfile.map(|l| l.components))
}
