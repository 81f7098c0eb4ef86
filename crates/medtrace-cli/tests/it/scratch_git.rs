//! Scratch git repositories for the history tests: git with a fixed identity and date,
//! so every machine builds the same commits, and writing and committing files.

use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with a fixed identity, no signing, and `date` (YYYY-MM-DD, noon
/// UTC) as author and committer date; returns its trimmed standard output.
pub fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let stamp = format!("{date}T12:00:00Z");
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Tester", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Writes `text` to `path` under `dir`, creating its folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Commits everything in `dir` on `date`; returns the commit's hash.
pub fn commit(dir: &Path, date: &str, message: &str) -> String {
    git(dir, date, &["add", "-A"]);
    git(dir, date, &["commit", "-q", "-m", message]);
    git(dir, date, &["rev-parse", "HEAD"])
}
