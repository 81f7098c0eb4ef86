//! Change control from git (8.2.1) on a scratch repository built here: commits with and
//! without `Refs: CR-…`, before and after the change request's approval, and `since`.

use crate::scratch_git::{commit, git, write};
use crate::{medtrace, project};
use std::path::Path;
use std::process::Command;

const CONFIG: &str = "[project]\nname = \"Pump\"\n[trace]\nsources = [\"src\"]\n[change-control]\n";

const CR_PROPOSED: &str = "---\nid: CR-1\ntitle: Restart after a watchdog reset\nstatus: approved\norigin: field feedback\nstate: proposed\n---\n";

const CR_APPROVED: &str = "---
id: CR-1
title: Restart after a watchdog reset
status: approved
origin: field feedback
impact:
  summary: the restart path of the controller
  safety: none; no risk control is touched
approval:
  approver: CCB
  date: 2026-01-08
  decision: approved
state: approved
---
";

/// The change-control findings of `medtrace check --format short`.
fn findings(dir: &Path) -> Vec<String> {
    let run = medtrace(dir, &["check", "--format", "short"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| l.contains("change-unapproved-commit"))
        .map(str::to_string)
        .collect()
}

#[test]
fn commits_name_a_change_request_approved_before_them() {
    let repo = project(&[]);
    let dir = repo.path();
    git(dir, "2026-01-05", &["init", "-q"]);
    write(dir, "medtrace.toml", CONFIG);
    write(dir, "dhf/CR-1.md", CR_PROPOSED);
    // Only the change record and the configuration: nothing controlled.
    commit(dir, "2026-01-05", "Set up the project");
    write(
        dir,
        "dhf/SRS-1.md",
        "---\nid: SRS-1\ntitle: Restart\nderived: true\n---\nRestart within 2 s.\n",
    );
    commit(
        dir,
        "2026-01-06",
        "Add the restart requirement\n\nRefs: CR-1",
    );
    write(dir, "dhf/CR-1.md", CR_APPROVED);
    commit(dir, "2026-01-08", "Approve CR-1");
    write(
        dir,
        "src/restart.c",
        "// implements: SRS-1\nvoid restart(void) {}\n",
    );
    let implemented = commit(dir, "2026-01-09", "Implement the restart\n\nRefs: CR-1");
    write(
        dir,
        "src/restart.c",
        "// implements: SRS-1\nvoid restart(void) { reset(); }\n",
    );
    commit(dir, "2026-01-10", "Tweak the restart");
    write(dir, "README.md", "notes\n");
    commit(dir, "2026-01-10", "Notes");

    let found = findings(dir);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("dhf/CR-1.md:11:9: error[change-unapproved-commit]: commit `")
            && found[0].ends_with(
                "\"Add the restart requirement\" (2026-01-06) changes `dhf/SRS-1.md` before `CR-1` was approved (2026-01-08)"
            ),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("medtrace.toml:5:1: error[change-unapproved-commit]: commit `")
            && found[1].ends_with(
                "\"Tweak the restart\" (2026-01-10) changes `src/restart.c` but names no change request"
            ),
        "{found:#?}"
    );

    // From `since` on, only the later commits are checked.
    write(
        dir,
        "medtrace.toml",
        &format!("{CONFIG}since = \"{implemented}\"\n"),
    );
    let found = findings(dir);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("\"Tweak the restart\""), "{found:#?}");

    // A revision git does not know is a finding in the configuration, not a crash.
    write(dir, "medtrace.toml", &format!("{CONFIG}since = \"v9.9\"\n"));
    let run = medtrace(dir, &["check", "--format", "short"]);
    assert!(
        run.stdout
            .contains("error[config-invalid-value]: change control cannot read the git history"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_git_change_control_is_a_finding_not_a_failure() {
    let repo = project(&[("medtrace.toml", CONFIG.as_bytes())]);
    let run = medtrace(repo.path(), &["check", "--format", "short"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("error[config-invalid-value]: change control cannot read the git history"),
        "{}",
        run.stdout
    );
}

/// A repository with one commit to a record that names no change request, producing
/// `change-unapproved-commit`; `None` where git is not available.
pub fn unapproved_commit_fixture() -> Option<tempfile::TempDir> {
    Command::new("git").arg("--version").output().ok()?;
    let repo = project(&[]);
    let dir = repo.path();
    git(dir, "2026-01-05", &["init", "-q"]);
    write(dir, "medtrace.toml", CONFIG);
    write(
        dir,
        "dhf/SRS-1.md",
        "---\nid: SRS-1\ntitle: Restart\nderived: true\n---\n",
    );
    commit(dir, "2026-01-05", "Add a requirement");
    Some(repo)
}
