//! What git knows about the project: the files changed since a tested version.
//!
//! Used to tell stale verification evidence. The repository is read with gix (see
//! [`crate::history`]); no `git` program is needed. Outside a repository, or for a version
//! git does not know, nothing is judged stale.

use crate::history::{ProjectRepo, changed_since_commit, open, resolve_commit};
use gix::ObjectId;
use medtrace_core::execution::Execution;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The commit a version string names: the whole string, or one of its words (`v2.3.0`,
/// `8c41f2e` in `v2.3.0 (commit 8c41f2e)`), as git resolves it.
fn resolve(pr: &ProjectRepo, version: &str) -> Option<ObjectId> {
    let words = std::iter::once(version.trim()).chain(
        version
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';'))
            .filter(|w| !w.is_empty() && *w != "commit"),
    );
    for word in words {
        if word.starts_with('-') {
            continue;
        }
        if let Ok(id) = resolve_commit(pr, word) {
            return Some(id);
        }
    }
    None
}

/// Files changed since `commit` — in later commits, in the working tree, or new and not
/// yet committed — relative to `root`.
fn changed(pr: &ProjectRepo, root: &Path, commit: ObjectId) -> Option<HashSet<String>> {
    changed_since_commit(pr, root, commit)
        .ok()
        .map(|files| files.into_iter().collect())
}

/// For each execution record, the files changed since the version it tested.
pub fn changed_since(root: &Path, executions: &[Execution]) -> Vec<Option<HashSet<String>>> {
    if executions.is_empty() {
        return Vec::new();
    }
    let Ok(pr) = open(root) else {
        return vec![None; executions.len()];
    };
    let mut by_version: HashMap<&str, Option<HashSet<String>>> = HashMap::new();
    executions
        .iter()
        .map(|e| {
            let version = e.version.as_deref()?;
            by_version
                .entry(version)
                .or_insert_with(|| resolve(&pr, version).and_then(|c| changed(&pr, root, c)))
                .clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn run(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.org",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn versions_resolve_to_commits_and_changes_are_listed() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path();
        run(p, &["init", "-q"]);
        std::fs::write(p.join("a.md"), "one").expect("write");
        run(p, &["add", "."]);
        run(p, &["commit", "-q", "-m", "first"]);
        run(p, &["tag", "v1.0"]);
        std::fs::write(p.join("a.md"), "two").expect("write");
        std::fs::write(p.join("b.md"), "new").expect("write");
        let pr = open(p).expect("a repository");
        let commit = resolve(&pr, "release v1.0 (tested)").expect("v1.0 resolves");
        let files = changed(&pr, p, commit).expect("a repository");
        let mut files: Vec<_> = files.into_iter().collect();
        files.sort();
        assert_eq!(files, ["a.md", "b.md"]);
        assert_eq!(resolve(&pr, "v9.9 (commit 0000000)"), None);
    }
}
