//! Git history on a scratch repository built here: `diff` between tags and against the
//! work tree, `impact --since` (changed records, tagged sources, SOUP), and the history
//! `show` prints.

use crate::scratch_git::{commit, git, write};
use crate::{medtrace, project};
use serde_json::Value;

const CONFIG: &str = "[project]\nname = \"Pump\"\nclass = \"C\"\n[trace]\nsources = [\"src\"]\n[soup]\nlockfiles = [\"requirements.txt\"]\n";

/// v1.0: two requirements, their tests, a tagged source file and a lockfile; v1.1:
/// SRS-1 retitled and reworded, SRS-3 added, the tagged source and the lockfile changed.
fn repository() -> tempfile::TempDir {
    let repo = project(&[]);
    let dir = repo.path();
    git(dir, "2026-01-05", &["init", "-q"]);
    write(dir, "medtrace.toml", CONFIG);
    write(
        dir,
        "dhf/SRS-1.md",
        "---\nid: SRS-1\ntitle: Restart\nclass: C\nstatus: draft\n---\nRestart within 2 s.\nLog the restart.\n",
    );
    write(
        dir,
        "dhf/SRS-2.md",
        "---\nid: SRS-2\ntitle: Alarm\n---\nSound the alarm.\n",
    );
    write(
        dir,
        "dhf/TST-1.md",
        "---\nid: TST-1\ntitle: Restart test\nverifies: [SRS-1]\n---\n",
    );
    write(
        dir,
        "dhf/TST-2.md",
        "---\nid: TST-2\ntitle: Alarm test\nverifies: [SRS-2]\n---\n",
    );
    write(
        dir,
        "src/alarm.c",
        "// implements: SRS-2\nvoid alarm(void) {}\n",
    );
    write(dir, "requirements.txt", "requests==2.31.0\nidna==3.6\n");
    commit(dir, "2026-01-05", "First release");
    git(dir, "2026-01-05", &["tag", "v1.0"]);
    write(
        dir,
        "dhf/SRS-1.md",
        "---\nid: SRS-1\ntitle: Restart quickly\nclass: C\nstatus: draft\n---\nRestart within 1 s.\nLog the restart.\n",
    );
    write(
        dir,
        "dhf/SRS-3.md",
        "---\nid: SRS-3\ntitle: Display\n---\nShow the rate.\n",
    );
    write(
        dir,
        "src/alarm.c",
        "// implements: SRS-2\nvoid alarm(void) { beep(); }\n",
    );
    write(dir, "requirements.txt", "requests==2.32.0\n");
    commit(dir, "2026-02-01", "Faster restart\n\nRefs: CR-1");
    git(dir, "2026-02-01", &["tag", "v1.1"]);
    repo
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("JSON output")
}

#[test]
fn diff_between_tags_in_three_formats() {
    let repo = repository();
    let dir = repo.path();
    let run = medtrace(dir, &["diff", "v1.0..v1.1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Changes from v1.0 to v1.1: 1 added, 0 removed, 1 changed."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("    title: Restart -> Restart quickly\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("      -Restart within 2 s.\n      +Restart within 1 s.\n"),
        "{}",
        run.stdout
    );

    let run = medtrace(dir, &["diff", "v1.0..v1.1", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run.stdout);
    assert_eq!(v["version"], 1);
    assert_eq!(v["from"]["rev"], "v1.0");
    assert_eq!(v["to"]["commit"].as_str().map(str::len), Some(40));
    assert_eq!(v["added"][0]["id"], "SRS-3");
    assert_eq!(v["removed"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["changed"][0]["id"], "SRS-1");
    assert_eq!(v["changed"][0]["fields"][0]["name"], "title");
    assert_eq!(v["changed"][0]["fields"][0]["old"], "Restart");
    assert_eq!(v["changed"][0]["fields"][0]["new"], "Restart quickly");
    assert_eq!(
        v["changed"][0]["body_diff"],
        "@@ -1,2 +1,2 @@\n-Restart within 2 s.\n+Restart within 1 s.\n Log the restart.\n"
    );

    let run = medtrace(dir, &["diff", "v1.0..v1.1", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("## Changes from v1.0 to v1.1\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("| SRS-3 | software requirement | Display | `dhf/SRS-3.md` |"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| title | Restart | Restart quickly |"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("```diff\n@@ -1,2 +1,2 @@\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_against_the_work_tree_and_failures() {
    let repo = repository();
    let dir = repo.path();
    let run = medtrace(dir, &["diff", "v1.1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Changes from v1.1 to the work tree: 0 added, 0 removed, 0 changed."),
        "{}",
        run.stdout
    );
    std::fs::remove_file(dir.join("dhf/SRS-3.md")).expect("rm");
    let run = medtrace(dir, &["diff", "v1.1", "--format", "json"]);
    let v = json(&run.stdout);
    assert_eq!(v["removed"][0]["id"], "SRS-3");
    assert_eq!(v["to"]["rev"], Value::Null);

    let run = medtrace(dir, &["diff", "v9..v1.1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown revision `v9`"),
        "{}",
        run.stderr
    );
    let plain = project(&[("medtrace.toml", CONFIG.as_bytes())]);
    let run = medtrace(plain.path(), &["diff", "v1.0"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no git repository"), "{}", run.stderr);
}

#[test]
fn impact_since_a_tag_seeds_changed_records_and_tagged_sources() {
    let repo = repository();
    let dir = repo.path();
    let run = medtrace(dir, &["impact", "--since", "v1.0", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run.stdout);
    assert_eq!(v["version"], 2);
    assert_eq!(v["since"]["rev"], "v1.0");
    assert_eq!(v["since"]["tagged_files"][0], "src/alarm.c");
    let changed: Vec<(String, String)> = v["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().into(),
                c["reason"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("SRS-3".to_string(), "record added".to_string()),
            ("SRS-1".to_string(), "record changed".to_string()),
            ("SRS-2".to_string(), "tagged in src/alarm.c".to_string()),
        ]
    );
    assert_eq!(v["tests"], serde_json::json!(["TST-1", "TST-2"]));
    let soup = &v["soup_changes"];
    assert_eq!(soup.as_array().map(Vec::len), Some(2));
    assert_eq!(soup[0]["name"], "idna");
    assert_eq!(soup[0]["new"], serde_json::json!([]));
    assert_eq!(soup[1]["name"], "requests");
    assert_eq!(soup[1]["old"], serde_json::json!(["2.31.0"]));
    assert_eq!(soup[1]["new"], serde_json::json!(["2.32.0"]));
    assert_eq!(v["class_c_touched"], true);
    assert!(
        v["class_c_items"]
            .as_array()
            .is_some_and(|a| a.contains(&Value::from("SRS-1")))
    );

    let run = medtrace(dir, &["impact", "--since", "v1.1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Changed items (0)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("SOUP changes since v1.1 (0)"),
        "{}",
        run.stdout
    );

    let run = medtrace(dir, &["impact", "SRS-2", "TST-1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Tests to re-run (1)\n  TST-2"),
        "{}",
        run.stdout
    );
    assert_eq!(medtrace(dir, &["impact", "--since", "nope"]).code, 2);
}

#[test]
fn show_lists_the_history_of_the_record() {
    let repo = repository();
    let dir = repo.path();
    let run = medtrace(dir, &["show", "SRS-1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let short = git(dir, "2026-02-01", &["rev-parse", "--short=7", "v1.1"]);
    assert!(
        run.stdout.contains(&format!(
            "History (2 commits)\n  2026-02-01  {short}  Tester  Faster restart\n  2026-01-05 "
        )),
        "{}",
        run.stdout
    );
    let run = medtrace(dir, &["show", "SRS-3", "--format", "json"]);
    let v = json(&run.stdout);
    assert_eq!(v["history"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["history"][0]["author"], "Tester");
    assert_eq!(v["history"][0]["date"], "2026-02-01");
    assert_eq!(v["history"][0]["summary"], "Faster restart");
}
