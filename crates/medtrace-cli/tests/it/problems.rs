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
    assert_eq!(rows[3], "3 problem reports: 1 open, 2 closed");

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
        (Some(3), Some(1))
    );
    assert_eq!(
        json["by-state"],
        serde_json::json!([
            { "key": "decided", "total": 1, "open": 1, "closed": 0 },
            { "key": "closed", "total": 2, "open": 0, "closed": 2 },
        ])
    );
    assert_eq!(json["by-category"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["by-affected-item"].as_array().map(Vec::len), Some(5));

    let run = medtrace(&example, &["problems", "trends", "--format", "markdown"]);
    assert!(
        run.stdout.starts_with("# Problem report trends\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| performance | 1 | 1 | 0 |"),
        "{}",
        run.stdout
    );
}
