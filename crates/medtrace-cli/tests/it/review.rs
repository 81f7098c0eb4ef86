//! Suspect links and `medtrace review` through the real binary, on a temporary project:
//! a changed upstream body or normative field makes a reviewed link suspect, a field
//! that is not normative does not, `review` clears it and writes nothing but the
//! `reviewed` block, and who and when come from git and SOURCE_DATE_EPOCH.

use crate::scratch_git::write;
use crate::{Run, medtrace, project};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const CONFIG: &str = r#"[project]
name = "Review"
class = "B"

[[fields]]
type = "srs"
name = "verification-method"
kind = "string"

[review]
normative = { srs = ["category"] }
"#;

const SYS: &str =
    "---\nid: SYS-001\ntitle: Limit the rate\n---\nThe pump never infuses faster than the limit.\n";

const SRS: &str = "---\nid: SRS-001\ntitle: Reject a rate above the limit\ncategory: alarm\nverification-method: test\nderived-from: [SYS-001]\nallocated-to: [SWI-001]\n---\nThe rate entry shall reject a rate above the limit and show M-07.\n";

const SWI: &str = "---\nid: SWI-001\ntitle: Rate entry\nlevel: system\ninterfaces: keypad\n---\n";

/// A test record written with care: comments, quoting, CRLF line endings, trailing
/// spaces in the body. Not one of those bytes may change when it is reviewed.
const TST: &str = "---\r\nid: TST-001   # the rate test\r\ntitle: 'Rate entry above the limit'\r\nlevel: system\r\nverifies:\r\n  - SRS-001\r\n# acceptance is in the body\r\n---\r\nEnter a rate above the limit; expect M-07.  \r\n\r\n| step | result |\r\n";

fn temp_project() -> tempfile::TempDir {
    project(&[
        ("medtrace.toml", CONFIG.as_bytes()),
        ("dhf/SYS-001.md", SYS.as_bytes()),
        ("dhf/SRS-001.md", SRS.as_bytes()),
        ("dhf/SWI-001.md", SWI.as_bytes()),
        ("dhf/TST-001.md", TST.as_bytes()),
    ])
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("read")
}

/// The `link-suspect` lines of `check --format short`.
fn suspect(dir: &Path) -> Vec<String> {
    let run = medtrace(dir, &["check", "--format", "short"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| l.contains("link-suspect"))
        .map(str::to_string)
        .collect()
}

fn review(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["review", "--by", "Jane Roe", "--date", "2026-11-21"];
    all.extend_from_slice(args);
    let run = medtrace(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// A project with one suspect link: `TST-001`'s review records a fingerprint that
/// `SRS-001` does not have (for the test that every code is produced by a fixture).
pub fn suspect_fixture() -> tempfile::TempDir {
    let tst = TST.replace(
        "# acceptance is in the body\r\n",
        "reviewed:\r\n  by: A\r\n  date: 2026-01-01\r\n  against: {SRS-001: 0123456789ab}\r\n",
    );
    let dir = temp_project();
    write(dir.path(), "dhf/TST-001.md", &tst);
    // At deny level, so that the check fails as the fixtures' checks do.
    let config = format!("{CONFIG}\n[levels]\nlink-suspect = \"deny\"\n");
    write(dir.path(), "medtrace.toml", &config);
    dir
}

#[test]
fn a_changed_upstream_body_is_suspect_until_the_item_is_reviewed() {
    let dir = temp_project();
    let d = dir.path();
    // Without review records nothing is suspect, and --status lists every link.
    assert!(suspect(d).is_empty());
    let status = medtrace(d, &["review", "--status"]);
    assert_eq!(
        status.stdout.lines().last(),
        Some("3 upstream links in 3 items: 0 current, 0 suspect, 3 unreviewed")
    );
    let run = review(d, &["TST-001", "SRS-001", "SWI-001"]);
    assert_eq!(
        run.stdout,
        "reviewed SRS-001 against SYS-001\nreviewed SWI-001 against SRS-001\nreviewed TST-001 against SRS-001\n3 items reviewed by Jane Roe on 2026-11-21\n"
    );
    assert!(suspect(d).is_empty());

    write(d, "dhf/SRS-001.md", &SRS.replace("show M-07", "show M-08"));
    let found = suspect(d);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("dhf/SWI-001.md:")
            && found[0].contains("`SWI-001` was reviewed against `SRS-001` on 2026-11-21, and `SRS-001` has changed since"),
        "{found:#?}"
    );
    assert!(found[1].starts_with("dhf/TST-001.md:12:14: "), "{found:#?}");

    let show = medtrace(d, &["review", "TST-001", "--show"]);
    assert!(
        show.stdout.contains("SRS-001  verifies       suspect"),
        "{}",
        show.stdout
    );
    let run = review(d, &["--all"]);
    assert_eq!(
        run.stdout,
        "reviewed SWI-001 against SRS-001 (suspect before: SRS-001)\nreviewed TST-001 against SRS-001 (suspect before: SRS-001)\n2 items reviewed by Jane Roe on 2026-11-21\n"
    );
    assert!(suspect(d).is_empty());
    let show = medtrace(d, &["review", "TST-001", "--show", "--format", "json"]);
    let json: Value = serde_json::from_str(&show.stdout).expect("json");
    assert_eq!(json["items"][0]["links"][0]["state"], "current");
    assert_eq!(json["items"][0]["reviewed"]["by"], "Jane Roe");
}

#[test]
fn only_normative_fields_make_a_link_suspect() {
    let dir = temp_project();
    let d = dir.path();
    review(d, &["--type", "tst"]);
    // A typo in a field that is not normative, and a status change: nothing.
    write(
        d,
        "dhf/SRS-001.md",
        &SRS.replace(
            "verification-method: test",
            "verification-method: tset\nstatus: approved",
        ),
    );
    assert!(suspect(d).is_empty());
    // Formatting only: quoting, a block list, a comment, CRLF.
    let reformatted = SRS
        .replace(
            "title: Reject a rate above the limit",
            "title: \"Reject a rate above the limit\"  # quoted",
        )
        .replace("derived-from: [SYS-001]", "derived-from:\n  - SYS-001")
        .replace('\n', "\r\n");
    write(d, "dhf/SRS-001.md", &reformatted);
    assert!(suspect(d).is_empty());
    // The configured normative field: suspect.
    write(
        d,
        "dhf/SRS-001.md",
        &SRS.replace("category: alarm", "category: functional"),
    );
    assert_eq!(suspect(d).len(), 1);
}

#[test]
fn a_review_writes_the_block_and_not_one_other_byte() {
    let dir = temp_project();
    let d = dir.path();
    review(d, &["TST-001"]);
    let first = read(d, "dhf/TST-001.md");
    let block = "reviewed:\r\n  by: Jane Roe\r\n  date: 2026-11-21\r\n  against:\r\n    SRS-001: ";
    let at = first
        .find(block)
        .expect("the block, in the file's line endings");
    assert_eq!(&first[..at], &TST[..at]);
    let rest = &first[at..];
    let end = rest.find("---\r\n").expect("closing line");
    assert_eq!(&rest[end..], &TST[at..]);
    assert_eq!(rest[block.len()..end].trim_end().len(), 12);

    // Reviewed again after a change: only the block changes.
    write(d, "dhf/SRS-001.md", &SRS.replace("show M-07", "show M-08"));
    let run = medtrace(
        d,
        &[
            "review",
            "TST-001",
            "--by",
            "Max Muster",
            "--date",
            "2026-12-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = read(d, "dhf/TST-001.md");
    assert_eq!(&second[..at], &TST[..at]);
    assert!(second[at..].starts_with("reviewed:\r\n  by: Max Muster\r\n  date: 2026-12-01\r\n"));
    assert!(second.ends_with(&TST[at..]));
    assert_ne!(second, first);
}

/// Runs medtrace with a controlled environment: no global git configuration but
/// `global`, the date from SOURCE_DATE_EPOCH.
fn medtrace_env(dir: &Path, global: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_medtrace"))
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", global)
        .env("SOURCE_DATE_EPOCH", "1795219200")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn who_comes_from_git_and_when_from_source_date_epoch() {
    let dir = temp_project();
    let d = dir.path();
    let global = d.join("no-global-gitconfig");
    write(d, "no-global-gitconfig", "");
    let run = medtrace_env(d, &global, &["review", "TST-001"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--by NAME"), "{}", run.stderr);
    assert_eq!(read(d, "dhf/TST-001.md"), TST);

    std::fs::create_dir_all(d.join(".git")).expect("mkdir");
    write(
        d,
        ".git/config",
        "[core]\n\tbare = false\n[user]\n\tname = \"Rev Iewer\"  # the reviewer\n\temail = r@example.com\n",
    );
    write(d, "no-global-gitconfig", "[user]\n\tname = Global Name\n");
    let run = medtrace_env(d, &global, &["review", "TST-001"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().last(),
        Some("1 item reviewed by Rev Iewer on 2026-11-21")
    );
    assert!(read(d, "dhf/TST-001.md").contains("  by: Rev Iewer\r\n  date: 2026-11-21\r\n"));
}

#[test]
fn items_with_nothing_upstream_and_bad_dates_are_refused() {
    let dir = temp_project();
    let d = dir.path();
    let run = medtrace(d, &["review", "SYS-001", "--by", "A"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`SYS-001` has nothing upstream"),
        "{}",
        run.stderr
    );
    let run = medtrace(
        d,
        &["review", "TST-001", "--by", "A", "--date", "21.11.2026"],
    );
    assert_eq!(run.code, 2);
    let run = medtrace(d, &["review", "TST-01", "--by", "A"]);
    assert!(
        run.stderr.contains("did you mean `TST-001`?"),
        "{}",
        run.stderr
    );
    let run = medtrace(d, &["review"]);
    assert_eq!(run.code, 2);
    assert_eq!(read(d, "dhf/TST-001.md"), TST);
}
