//! new, init, show, list and trace as a user runs them.

use crate::{medtrace, project, repo_root};
use serde_json::Value;

const CONFIG: &[u8] = b"[project]\nname = \"t\"\nclass = \"C\"\n";

#[test]
fn new_takes_the_next_free_id_in_the_types_folder_and_never_overwrites() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/reqs/SRS-007.md", b"---\nid: SRS-007\ntitle: A\n---\n"),
        ("dhf/reqs/SRS-012.md", b"---\nid: SRS-012\ntitle: B\n---\n"),
    ]);
    let run = medtrace(dir.path(), &["new", "srs", "Alarm: occlusion detected"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "SRS-013 dhf/reqs/SRS-013.md\n");
    let text = std::fs::read_to_string(dir.path().join("dhf/reqs/SRS-013.md")).expect("created");
    assert!(
        text.starts_with("---\nid: SRS-013\ntitle: \"Alarm: occlusion detected\"\nstatus: draft\n"),
        "{text}"
    );

    // The new file parses: the only findings are the coverage gaps a fresh item has.
    let check = medtrace(dir.path(), &["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&check.stdout).expect("json");
    let new_codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["location"]["file"] == "dhf/reqs/SRS-013.md")
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        new_codes,
        ["requirement-not-derived", "requirement-not-verified"]
    );

    // A type with no items yet goes to its default folder.
    let run = medtrace(dir.path(), &["new", "HAZ", "Overdose"]);
    assert_eq!(run.stdout, "HAZ-001 dhf/hazards/HAZ-001.md\n");
    // A project template wins over the built-in one.
    std::fs::create_dir_all(dir.path().join(".medtrace/templates")).expect("mkdir");
    std::fs::write(
        dir.path().join(".medtrace/templates/sys.md"),
        "---\nid: {{id}}\ntitle: {{title}}\n---\nOurs.\n",
    )
    .expect("write");
    let run = medtrace(dir.path(), &["new", "sys", "Need"]);
    assert_eq!(run.code, 0);
    let text = std::fs::read_to_string(dir.path().join("dhf/system-requirements/SYS-001.md"))
        .expect("created");
    assert_eq!(text, "---\nid: SYS-001\ntitle: Need\n---\nOurs.\n");

    let run = medtrace(dir.path(), &["new", "widget", "x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`widget` is not an item type"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_scaffolds_and_keeps_what_exists() {
    let dir = project(&[("dhf/README.md", b"ours\n")]);
    let run = medtrace(dir.path(), &["init", "--class", "B"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("created medtrace.toml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("kept    dhf/README.md (exists)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(dir.path().join("dhf/README.md")).expect("kept"),
        b"ours\n"
    );
    let config = std::fs::read_to_string(dir.path().join("medtrace.toml")).expect("created");
    assert!(config.contains("class = \"B\""));
    // The scaffold checks without tool errors; a class B plan has the B sections only.
    let plan = std::fs::read_to_string(dir.path().join("dhf/documents/DOC-001.md")).expect("plan");
    assert!(
        plan.contains("5.1.12 -->") && !plan.contains("5.1.4"),
        "{plan}"
    );
    let check = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // A second init changes nothing.
    let again = medtrace(dir.path(), &["init"]);
    assert!(!again.stdout.contains("created"), "{}", again.stdout);
}

#[test]
fn show_follows_links_both_ways() {
    let example = repo_root().join("examples/infusion-pump");
    let list = medtrace(&example, &["list", "--type", "srs", "--format", "json"]);
    let json: Value = serde_json::from_str(&list.stdout).expect("json");
    let first = json["items"][0]["id"].as_str().expect("an SRS").to_string();
    let run = medtrace(&example, &["show", &first, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown: Value = serde_json::from_str(&run.stdout).expect("json");
    let roles = |key: &str| -> Vec<String> {
        shown[key]
            .as_array()
            .expect("array")
            .iter()
            .map(|l| l["role"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        roles("upstream").contains(&"derived-from".to_string()),
        "{}",
        run.stdout
    );
    assert!(
        roles("downstream").contains(&"verifies".to_string()),
        "{}",
        run.stdout
    );
    assert_eq!(shown["class"], "C");

    let text = medtrace(&example, &["show", &first]);
    assert!(
        text.stdout.contains("upstream\n") && text.stdout.contains("verified-by TST-"),
        "{}",
        text.stdout
    );

    let missing = medtrace(&example, &["show", "SRS-9999"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no item has the ID `SRS-9999`"),
        "{}",
        missing.stderr
    );
}

#[test]
fn list_filters_by_type_and_status() {
    let example = repo_root().join("examples/infusion-pump");
    let run = medtrace(&example, &["list", "--type", "SWI", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let items = json["items"].as_array().expect("items");
    assert!(items.len() >= 5);
    assert!(items.iter().all(|i| i["type"] == "swi"));
    // One item is legitimately at a lower class than the system.
    assert!(items.iter().any(|i| i["class"] == "B"), "{}", run.stdout);
    let obsolete = medtrace(&example, &["list", "--status", "obsolete"]);
    assert_eq!(obsolete.code, 0);
    let bad = medtrace(&example, &["list", "--status", "done"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn trace_marks_gaps_in_every_format() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        (
            "dhf/SYS-002.md",
            b"---\nid: SYS-002\ntitle: Unrefined need\n---\n",
        ),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: R1\nderived-from: [SYS-001]\nallocated-to: [SWI-001]\n---\n",
        ),
        (
            "dhf/SRS-002.md",
            b"---\nid: SRS-002\ntitle: R2\nderived-from: SYS-001\n---\n",
        ),
        ("dhf/SRS-003.md", b"---\nid: SRS-003\ntitle: Orphan\n---\n"),
        ("dhf/SWI-001.md", b"---\nid: SWI-001\ntitle: Item\n---\n"),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: T\nverifies: [SRS-001]\n---\n",
        ),
        (
            "dhf/TST-002.md",
            b"---\nid: TST-002\ntitle: T2\nverifies: [SRS-001]\n---\n",
        ),
    ]);
    let table = medtrace(dir.path(), &["trace"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("trace_table", table.stdout);
    let csv = medtrace(dir.path(), &["trace", "SYS>SRS>TST", "--format", "csv"]);
    assert_eq!(
        csv.stdout,
        "SYS,SRS,TST,code,result,gap\r\nSYS-001,SRS-001,TST-001,,not run,no\r\nSYS-001,SRS-001,TST-002,,not run,no\r\nSYS-001,SRS-002,,,no test,yes\r\nSYS-002,,,,,yes\r\n,SRS-003,,,no test,yes\r\n"
    );
    let json = medtrace(dir.path(), &["trace", "requirements", "--format", "json"]);
    let v: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["summary"]["rows"], 4);
    assert_eq!(v["summary"]["rows_with_gaps"], 3);
    assert_eq!(v["hops"][2]["from"], "SRS");

    let bad = medtrace(dir.path(), &["trace", "SYS,DOC"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("no link role relates DOC"),
        "{}",
        bad.stderr
    );
}

#[test]
fn risk_trace_on_the_example() {
    let run = medtrace(
        &repo_root().join("examples/infusion-pump"),
        &["trace", "risk"],
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("HAZ"), "{}", run.stdout);
}

#[test]
fn explain_prints_the_guide_page() {
    let run = medtrace(&repo_root(), &["explain", "link-target-missing"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("## `link-target-missing`"),
        "{}",
        run.stdout
    );
    let typo = medtrace(&repo_root(), &["explain", "link-target-mising"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `link-target-missing`"),
        "{}",
        typo.stderr
    );
}

#[test]
fn no_project_is_a_tool_failure_with_a_hint() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = medtrace(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("run `medtrace init`"), "{}", run.stderr);
}
