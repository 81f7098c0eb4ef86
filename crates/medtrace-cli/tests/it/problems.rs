//! `medtrace problems` and `medtrace problems trends` on the bundled example.

use crate::{medtrace, repo_root};

#[test]
fn the_example_lists_its_problem_reports() {
    let example = repo_root().join("examples/infusion-pump");
    let run = medtrace(&example, &["problems"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.lines().skip(2).collect();
    assert!(
        rows[0].starts_with("PRB-001  closed   safety       2.3.0-rc1"),
        "{}",
        run.stdout
    );
    assert!(
        rows[1].starts_with("PRB-002  decided  performance  2.3.0-rc2"),
        "{}",
        run.stdout
    );
    assert!(
        rows[2].starts_with("PRB-003  closed   none"),
        "{}",
        run.stdout
    );
    assert!(
        rows[3].starts_with("PRB-004  closed   performance  2.4.0"),
        "{}",
        run.stdout
    );
    assert_eq!(rows[4], "4 problem reports: 1 open, 3 closed");

    let run = medtrace(&example, &["problems", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        json["problems"][1]["affects"],
        serde_json::json!(["SWI-013", "SRS-016"])
    );
    assert_eq!(
        json["problems"][1]["effects"],
        serde_json::json!(["performance"])
    );
}

#[test]
fn trends_count_open_and_closed_by_each_grouping() {
    let example = repo_root().join("examples/infusion-pump");
    let run = medtrace(&example, &["problems", "trends", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        (json["total"].as_u64(), json["open"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        json["by-state"],
        serde_json::json!([
            { "key": "decided", "total": 1, "open": 1, "closed": 0 },
            { "key": "closed", "total": 3, "open": 0, "closed": 3 },
        ])
    );
    assert_eq!(json["by-category"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["by-affected-item"].as_array().map(Vec::len), Some(7));

    let run = medtrace(&example, &["problems", "trends", "--format", "markdown"]);
    assert!(
        run.stdout.starts_with("# Problem report trends\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| performance | 2 | 1 | 1 |"),
        "{}",
        run.stdout
    );
}

const CRITICALITY: &str = "criticality:\n  safety: none\n  performance: slow\n  security: none\n";

fn problem(id: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Slow\nsource: test\nversion: 1.0\n{CRITICALITY}investigation: a loop\nsafety-evaluation: none\nparties-informed: QA\n{extra}---\nSlow.\n"
    )
}

fn change(id: &str, resolves: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Faster\norigin: {resolves}\nimpact:\n  summary: the loop\n  safety: none\napproval:\n  approver: CCB\n  date: 2026-01-10\n  decision: approved\nresolves: [{resolves}]\n{extra}---\n"
    )
}

/// A project whose problem reports and change requests produce each record-level
/// lifecycle finding once: `problem-field-missing`, `problem-resolution-incomplete`,
/// `problem-closed-unverified`, `problem-anomaly-unevaluated`, `change-field-missing`.
pub fn lifecycle_fixture() -> tempfile::TempDir {
    let files = [
        (
            "dhf/PRB-1.md",
            "---\nid: PRB-1\ntitle: Crash\nsource: field\nversion: 1.0\ncriticality: bad\n---\nIt crashes.\n".to_string(),
        ),
        ("dhf/PRB-2.md", problem("PRB-2", "state: resolved\n")),
        ("dhf/CR-2.md", change("CR-2", "PRB-2", "state: approved\n")),
        ("dhf/PRB-3.md", problem("PRB-3", "state: closed\n")),
        (
            "dhf/CR-3.md",
            change("CR-3", "PRB-3", "implementation: PR 1\nstate: implemented\n"),
        ),
        (
            "dhf/PRB-4.md",
            problem(
                "PRB-4",
                "known-anomaly:\n  release: 1.0\n  description: slow\nstate: decided\nno-action: slow is acceptable\n",
            ),
        ),
        (
            "dhf/CR-1.md",
            "---\nid: CR-1\ntitle: Fix\norigin: field\nstate: approved\n---\n".to_string(),
        ),
        ("medtrace.toml", "[project]\nname = \"Lifecycle\"\n".to_string()),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    crate::project(&files)
}

#[test]
fn the_lifecycle_fixture_has_each_finding_at_its_record() {
    let dir = lifecycle_fixture();
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("dhf/"))
        .collect();
    assert_eq!(
        lines
            .iter()
            .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
            .collect::<Vec<_>>(),
        [
            "dhf/CR-1.md:5:8: error[change-field-missing]",
            "dhf/PRB-1.md:2:5: error[problem-field-missing]",
            "dhf/PRB-2.md:13:8: error[problem-resolution-incomplete]",
            "dhf/PRB-3.md:13:8: error[problem-closed-unverified]",
            "dhf/PRB-4.md:13:1: error[problem-anomaly-unevaluated]",
        ],
        "{}",
        run.stdout
    );
}
