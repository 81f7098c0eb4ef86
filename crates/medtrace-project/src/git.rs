//! What git knows about the project: the files changed since a tested version.
//!
//! Used to tell stale verification evidence. git is optional: without it, or outside a
//! repository, or for a version git does not know, nothing is judged stale.

use medtrace_core::execution::Execution;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

/// Runs git in `root`; its standard output when it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The commit a version string names: the whole string, or one of its words (`v2.3.0`,
/// `8c41f2e` in `v2.3.0 (commit 8c41f2e)`), as git resolves it.
fn resolve(root: &Path, version: &str) -> Option<String> {
    let words = std::iter::once(version.trim()).chain(
        version
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';'))
            .filter(|w| !w.is_empty() && *w != "commit"),
    );
    for word in words {
        if word.starts_with('-') {
            continue;
        }
        let spec = format!("{word}^{{commit}}");
        if let Some(sha) = git(root, &["rev-parse", "--verify", "--quiet", &spec]) {
            return Some(sha.trim().to_string());
        }
    }
    None
}

/// Files changed since `commit` — in later commits, in the working tree, or new and not
/// yet committed — relative to `root`.
fn changed(root: &Path, commit: &str) -> Option<HashSet<String>> {
    let mut files: HashSet<String> = git(root, &["diff", "--name-only", "--relative", commit])?
        .lines()
        .map(str::to_string)
        .collect();
    let untracked = git(root, &["ls-files", "--others", "--exclude-standard"])?;
    files.extend(untracked.lines().map(str::to_string));
    Some(files)
}

/// For each execution record, the files changed since the version it tested.
pub fn changed_since(root: &Path, executions: &[Execution]) -> Vec<Option<HashSet<String>>> {
    if executions.is_empty() || git(root, &["rev-parse", "--is-inside-work-tree"]).is_none() {
        return vec![None; executions.len()];
    }
    let mut by_version: HashMap<&str, Option<HashSet<String>>> = HashMap::new();
    executions
        .iter()
        .map(|e| {
            let version = e.version.as_deref()?;
            by_version
                .entry(version)
                .or_insert_with(|| resolve(root, version).and_then(|c| changed(root, &c)))
                .clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let commit = resolve(p, "release v1.0 (tested)").expect("v1.0 resolves");
        let files = changed(p, &commit).expect("a repository");
        let mut files: Vec<_> = files.into_iter().collect();
        files.sort();
        assert_eq!(files, ["a.md", "b.md"]);
        assert_eq!(resolve(p, "v9.9 (commit 0000000)"), None);
    }
}
