//! Problems in medtrace.toml are findings that point into it, reported together with the
//! findings in the records; hostile configurations end the same way (SRS-002, SRS-025).

use crate::{medtrace, project};

#[test]
fn every_configuration_problem_and_the_records_in_one_run() {
    let config = b"[project]
class = \"D\"
[items]
folder = [\"dhf\"]
folders = \"dhf\"
[prefixes]
sys = \"SRS\"
tst = \"tests\"
[levels]
no-such-code = \"deny\"
link-self = \"error\"
";
    let dir = project(&[
        ("medtrace.toml", config),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: Req\nderived-from: [SYS-001, SYS-009]\n---\n",
        ),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: Test\nverifies: [SRS-001]\n---\n",
        ),
    ]);
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(
        run.code, 1,
        "a configuration problem is a finding, not a tool failure: {}",
        run.stderr
    );
    assert_eq!(
        run.stdout,
        "dhf/SRS-001.md:4:25: error[link-target-missing]: `derived-from` of `SRS-001` names `SYS-009`, which no item has
medtrace.toml:1:1: error[config-invalid-value]: medtrace.toml does not name the project
medtrace.toml:2:9: error[config-invalid-value]: `D` is not a software safety class
medtrace.toml:4:1: warning[config-unknown-key]: unknown key `folder` in [items]
medtrace.toml:5:11: error[config-invalid-value]: `items.folders` must be a list of strings
medtrace.toml:7:7: error[config-invalid-value]: prefix `SRS` is already used by type `srs`
medtrace.toml:8:7: error[config-invalid-value]: `tests` is not a valid ID prefix
medtrace.toml:10:1: warning[config-unknown-key]: unknown key `no-such-code` in [levels]
medtrace.toml:11:13: error[config-invalid-value]: `error` is not a level
"
    );
    // The unknown key gets the closest known key as help.
    let json = medtrace(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let folder = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["message"] == "unknown key `folder` in [items]")
        .expect("reported");
    assert_eq!(folder["help"], "did you mean `folders`?");
}

#[test]
fn hostile_configurations_end_in_findings() {
    let deep_tables = format!(
        "[project]\nname = \"t\"\nx = {}1{}\n",
        "{ a = ".repeat(10_000),
        " }".repeat(10_000)
    );
    let deep_arrays = format!(
        "[project]\nname = \"t\"\nx = {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    // 10 MB, mostly one comment and one long string.
    let huge = format!(
        "# {}\n[project]\nname = \"{}\"\n",
        "c".repeat(5_000_000),
        "n".repeat(5_000_000)
    );
    for (what, text, codes) in [
        ("deep tables", deep_tables, &["config-syntax"][..]),
        ("deep arrays", deep_arrays, &["config-syntax"]),
        ("10 MB", huge, &[]),
    ] {
        let dir = project(&[
            ("medtrace.toml", text.as_bytes()),
            ("dhf/README.md", b"no items\n"),
        ]);
        let run = medtrace(dir.path(), &["check", "--format", "short"]);
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
        let found: Vec<&str> = run
            .stdout
            .lines()
            .filter_map(|l| l.split_once('[').and_then(|(_, r)| r.split_once(']')))
            .map(|(code, _)| code)
            .filter(|c| *c != "config-unknown-key")
            .collect();
        assert_eq!(found, codes, "{what}: {}", run.stdout);
        assert_eq!(
            run.code,
            i32::from(!codes.is_empty()),
            "{what}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_configuration_that_is_not_utf8_is_a_tool_failure_naming_the_file() {
    let dir = project(&[
        ("medtrace.toml", b"[project]\nname = \"caf\xe9\"\n"),
        ("dhf/README.md", b"no items\n"),
    ]);
    let run = medtrace(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("medtrace.toml"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
