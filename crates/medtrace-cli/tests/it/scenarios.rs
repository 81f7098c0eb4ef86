//! Scenario folders through the real CLI, with snapshots of what a user sees.

use crate::{medtrace, repo_root, scenario};
use serde_json::Value;

#[test]
fn seeded_project_reports_every_kind_of_problem_in_one_run() {
    let dir = scenario("seeded-six");
    let run = medtrace(&dir, &["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("seeded_six_short", run.stdout);
    for (code, place) in [
        ("link-target-missing", "dhf/TST-001.md:5:30"),
        ("item-id-duplicate", "dhf/TST-001.md:2:5"),
        ("link-wrong-type", "dhf/SRS-002.md:6:25"),
        ("link-cycle", "dhf/SWI-002.md:5:10"),
        ("yaml-syntax", "dhf/SRS-003.md:3:14"),
        ("field-unknown", "dhf/SWI-003.md:6:1"),
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(place) && l.contains(code)),
            "{code} at {place} missing from:\n{}",
            run.stdout
        );
    }
}

#[test]
fn human_output_shows_snippets_help_and_clause() {
    let run = medtrace(&scenario("seeded-six"), &["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("seeded_six_human", run.stdout);
}

#[test]
fn json_and_sarif_carry_the_same_findings() {
    let dir = scenario("seeded-six");
    let short = medtrace(&dir, &["check", "--format", "short"]).stdout;
    let json: Value = serde_json::from_str(&medtrace(&dir, &["check", "--format", "json"]).stdout)
        .expect("valid JSON");
    let sarif_run = medtrace(&dir, &["check", "--format", "sarif"]);
    assert_eq!(sarif_run.code, 1);
    let sarif: Value = serde_json::from_str(&sarif_run.stdout).expect("valid SARIF JSON");

    assert_eq!(json["version"], 1);
    let from_json: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let loc = &d["location"];
            format!(
                "{}:{}:{} {}",
                loc["file"].as_str().unwrap_or(""),
                loc["line"],
                loc["column"],
                d["code"].as_str().unwrap_or("")
            )
        })
        .collect();
    let from_sarif: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            format!(
                "{}:{}:{} {}",
                loc["artifactLocation"]["uri"].as_str().unwrap_or(""),
                loc["region"]["startLine"],
                loc["region"]["startColumn"],
                r["ruleId"].as_str().unwrap_or("")
            )
        })
        .collect();
    let from_short: Vec<String> = short
        .lines()
        .map(|l| {
            let (place, rest) = l.split_once(": ").expect("path:line:col: ...");
            let code = rest
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(c, _)| c)
                .unwrap_or("");
            format!("{place} {code}")
        })
        .collect();
    assert_eq!(from_json, from_short);
    assert_eq!(from_sarif, from_short);
    assert_eq!(json["summary"]["errors"], 5);
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn the_example_project_is_clean() {
    // The example's test reports exist once `run-tests.sh` has run (CI checks that the
    // example is then free of any finding); without them, the only findings may be the
    // missing reports and the requirements their tests would verify.
    let run = medtrace(
        &repo_root().join("examples/infusion-pump"),
        &["check", "--format", "short"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let reports_exist = repo_root()
        .join("examples/infusion-pump/reports/nextest.xml")
        .is_file()
        && repo_root()
            .join("examples/infusion-pump/reports/pytest.xml")
            .is_file();
    for line in run.stdout.lines() {
        let expected_without_reports = line.contains("warning[test-report-missing]")
            || line.contains("warning[verification-not-run]");
        assert!(
            !reports_exist && expected_without_reports,
            "unexpected finding: {line}"
        );
    }
}

#[test]
fn medtraces_own_records_are_clean() {
    // The test report of an earlier run may be lying in target/: leave it out, so this
    // test judges the records and tags alone (CI checks them with its fresh report).
    let run = medtrace(
        &repo_root(),
        &["check", "--format", "short", "--no-reports"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout, "",
        "medtrace's own records should have no finding"
    );
}

#[test]
fn levels_in_the_configuration_change_the_outcome() {
    let dir = crate::project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"x\"\n[levels]\nrequirement-not-verified = \"warn\"\nrequirement-not-derived = \"allow\"\n",
        ),
        ("dhf/SRS-001.md", b"---\nid: SRS-001\ntitle: A\n---\n"),
    ]);
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 0, "warnings do not fail the check");
    assert_eq!(
        run.stdout,
        "dhf/SRS-001.md:2:5: warning[requirement-not-verified]: no test verifies `SRS-001`\n"
    );
}
