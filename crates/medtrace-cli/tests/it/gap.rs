//! `medtrace gap` on the bundled example, on copies of it with one test, one SOUP record
//! or one plan section removed, and on a project fresh from `init` (SRS-048, SRS-049).

use crate::{copy_tree, medtrace, repo_root};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Folders of the example that are build or tool output, not part of the project.
/// Whether the example's test reports are there (`run-tests.sh` has run).
fn reports_exist() -> bool {
    let reports = repo_root().join("examples/infusion-pump/reports");
    reports.join("nextest.xml").is_file() && reports.join("pytest.xml").is_file()
}

/// A copy of the example in a new temporary folder: records, configuration, sources,
/// lockfiles and, when they exist, the test reports.
fn copy_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_tree(&repo_root().join("examples/infusion-pump"), dir.path());
    dir
}

fn gap_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["gap", "--format", "json"];
    args.extend_from_slice(extra);
    let run = medtrace(dir, &args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let json = serde_json::from_str(&run.stdout).expect("JSON");
    (run.code, json)
}

fn clause<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

fn status(json: &Value, id: &str) -> String {
    let c = clause(json, id);
    match c["gap_kind"].as_str() {
        Some(kind) => format!("gap/{kind}"),
        None => c["status"].as_str().expect("status").to_string(),
    }
}

fn gaps(json: &Value) -> Vec<(String, Vec<String>)> {
    json["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| c["status"] == "gap")
        .map(|c| {
            let details = c["details"]
                .as_array()
                .expect("details")
                .iter()
                .map(|d| d.as_str().expect("text").to_string())
                .collect();
            (c["id"].as_str().expect("id").to_string(), details)
        })
        .collect()
}

// verifies: SRS-048
#[test]
fn the_example_meets_every_applicable_clause_or_needs_manual_evidence() {
    let dir = copy_example();
    let (code, json) = gap_json(dir.path(), &[]);
    assert_eq!(json["class"], "C");
    let summary = &json["summary"];
    assert_eq!(summary["not_applicable"], 6, "4.4.1 to 4.4.5 and 7.3.2");
    if reports_exist() {
        assert_eq!(code, 0, "{:#?}", gaps(&json));
        assert_eq!(summary["gap"], 0);
    } else {
        // Without the reports of `run-tests.sh`, the automated tests have no result: the
        // clauses resting on those results are the only gaps.
        assert_eq!(code, 1);
        for (id, details) in gaps(&json) {
            assert!(
                details.iter().all(|d| d.contains("without a result")
                    || d.contains("verification is not complete")),
                "{id}: {details:?}"
            );
        }
    }
    // Met with the evidence cited; manual with the plan section cited.
    assert_eq!(status(&json, "8.1.2"), "met");
    assert!(
        clause(&json, "8.1.2")["details"][0]
            .as_str()
            .expect("evidence")
            .contains("SOUP records with name, supplier and version; checked against 2 lockfiles")
    );
    assert_eq!(status(&json, "5.1.4"), "manual");
    let section = &clause(&json, "5.1.4")["sections"][0];
    assert_eq!(section["doc"], "DOC-001");
    assert_eq!(section["section"], "Standards, methods and tools");
    assert_eq!(section["path"], "dhf/plans/DOC-001.md");
    assert_eq!(status(&json, "6.1"), "manual", "by DOC-002's front matter");
    assert_eq!(json["fda"]["level"], "enhanced");
    assert_eq!(json["problems"], Value::Array(Vec::new()));
}

#[test]
fn removing_a_unit_test_makes_unit_verification_a_gap() {
    // TST-006 is the one unit test of the watchdog supervisor SWI-012; its requirements
    // stay verified by other tests, so `check` has nothing to say: only the gap report
    // sees that the unit itself is no longer verified (5.5.5).
    let dir = copy_example();
    for file in ["dhf/tests/TST-006.md", "dhf/executions/EXE-TST-006-1.md"] {
        std::fs::remove_file(dir.path().join(file)).expect("rm");
    }
    let (code, json) = gap_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&json, "5.5.5"), "gap/records");
    // Without the example's reports (before run-tests.sh) the unit tests also have no
    // result, which is another line of the same gap.
    let details = clause(&json, "5.5.5")["details"].clone();
    assert_eq!(details[0], "units no test verifies: SWI-012", "{details}");

    // A test record whose automated tests are also tagged in code leaves its unit
    // verified by the tagged test functions — once they have results (run-tests.sh).
    let reports = repo_root().join("examples/infusion-pump/reports/nextest.xml");
    if !reports.is_file() {
        return;
    }
    let dir = copy_example();
    std::fs::remove_file(dir.path().join("dhf/tests/TST-001.md")).expect("rm");
    let (_, json) = gap_json(dir.path(), &[]);
    let details = clause(&json, "5.5.5")["details"].to_string();
    assert!(
        details.contains("verified by tagged test functions: SWI-007"),
        "{details}"
    );
}

#[test]
fn removing_a_soup_record_makes_8_1_2_a_gap() {
    let dir = copy_example();
    std::fs::remove_file(dir.path().join("dhf/soup/SOUP-007.md")).expect("rm");
    let (code, json) = gap_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&json, "8.1.2"), "gap/records");
    let first = clause(&json, "8.1.2")["details"][0]
        .as_str()
        .expect("text")
        .to_string();
    assert!(
        first.starts_with("findings at deny level (medtrace check): ")
            && first.contains("soup-not-recorded ×1"),
        "{first}"
    );
}

#[test]
fn removing_a_plan_section_makes_its_clause_a_gap() {
    let dir = copy_example();
    let path = dir.path().join("dhf/plans/DOC-001.md");
    let text = std::fs::read_to_string(&path).expect("read");
    let start = text
        .find("## Standards, methods and tools")
        .expect("section");
    let end = start
        + text[start..]
            .find("\n## Integration")
            .expect("next section");
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end + 1..])).expect("write");
    let (code, json) = gap_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&json, "5.1.4"), "gap/no-plan");
    assert_eq!(
        clause(&json, "5.1.4")["details"],
        serde_json::json!(["no plan or procedure section covers 5.1.4"])
    );
    // Judged as class B, 5.1.4 does not apply.
    let (_, json) = gap_json(dir.path(), &["--class", "B"]);
    assert_eq!(status(&json, "5.1.4"), "n/a");
}

// verifies: SRS-049
#[test]
fn a_fresh_project_lists_exactly_the_plan_sections_still_to_write() {
    let dir = tempfile::tempdir().expect("tmp");
    let init = medtrace(dir.path(), &["init", "--class", "B"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let (code, json) = gap_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["class"], "B");

    // Every section init wrote, from the files themselves.
    let mut written: BTreeSet<(String, String)> = BTreeSet::new();
    for doc in ["DOC-001", "DOC-002", "DOC-003", "DOC-004"] {
        let text = std::fs::read_to_string(dir.path().join(format!("dhf/documents/{doc}.md")))
            .expect("plan written");
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            if let Some(title) = line.strip_prefix("## ")
                && lines.peek().is_some_and(|l| l.starts_with("<!-- covers:"))
            {
                written.insert((doc.to_string(), title.to_string()));
            }
        }
    }
    assert!(written.len() >= 25, "{written:?}");

    let mut to_write: BTreeSet<(String, String)> = BTreeSet::new();
    for c in json["clauses"].as_array().expect("clauses") {
        let id = c["id"].as_str().expect("id");
        let kind = c["gap_kind"].as_str();
        match (c["status"].as_str(), c["evidence_kind"].as_str()) {
            (Some("n/a"), _) => continue,
            (Some("gap"), Some("plan")) => assert_eq!(kind, Some("placeholder"), "{id}"),
            (Some("gap"), _) => assert!(
                matches!(kind, Some("placeholder" | "no-records")),
                "{id}: nothing structural may be missing, found {kind:?}"
            ),
            (status, _) => panic!("{id} is {status:?} in a fresh project"),
        }
        for s in c["sections"].as_array().expect("sections") {
            assert_eq!(s["placeholder"], true, "{id}");
            to_write.insert((
                s["doc"].as_str().expect("doc").to_string(),
                s["section"].as_str().expect("section").to_string(),
            ));
            let line = format!(
                "{} § {} ({}:{}) still holds the placeholder",
                s["doc"].as_str().expect("doc"),
                s["section"].as_str().expect("section"),
                s["path"].as_str().expect("path"),
                s["line"]
            );
            assert!(
                c["details"]
                    .as_array()
                    .expect("details")
                    .iter()
                    .any(|d| d == &line),
                "{id} names {line}"
            );
        }
    }
    assert_eq!(to_write, written);
}

#[test]
fn markdown_and_table_show_every_group_and_the_fda_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    assert_eq!(medtrace(dir.path(), &["init", "--class", "A"]).code, 0);
    let md = medtrace(dir.path(), &["gap", "--format", "markdown"]);
    assert_eq!(md.code, 1);
    assert!(
        md.stdout.starts_with("# IEC 62304 gap report: "),
        "{}",
        md.stdout
    );
    for heading in [
        "\n## 4 General requirements\n",
        "\n## 5.7 System testing\n",
        "\n## 9 Problem resolution\n",
        "\n## FDA premarket documentation level: Basic\n",
        "| Clause | Title | Classes | Status | Evidence or missing |",
        "| 5.3.1 | Describe the architecture as software items | B C | n/a | applies to class B C; the software is of class A |",
        "\\* 5.7.4 disputed: one audit checklist keeps the 2006 classes B and C; the other sources add A; strict stance: applies to class A",
    ] {
        assert!(md.stdout.contains(heading), "{heading} in\n{}", md.stdout);
    }
    let table = medtrace(dir.path(), &["gap"]);
    assert_eq!(table.code, 1);
    assert!(
        table
            .stdout
            .contains("\n5.1 Planning software development\nClause  Title")
    );
    assert!(
        table.stdout.ends_with(" not applicable\n"),
        "{}",
        table.stdout
    );
    let lenient = medtrace(dir.path(), &["gap", "--stance", "lenient"]);
    assert!(lenient.stdout.contains("disputed clauses: lenient stance"));
}

#[test]
fn json_is_versioned_and_counts_add_up() {
    let dir = tempfile::tempdir().expect("tmp");
    assert_eq!(medtrace(dir.path(), &["init", "--class", "C"]).code, 0);
    let (_, json) = gap_json(dir.path(), &[]);
    assert_eq!(json["version"], 1);
    let s = &json["summary"];
    let total = ["met", "manual", "gap", "not_applicable"]
        .iter()
        .map(|k| s[k].as_u64().expect("count"))
        .sum::<u64>();
    assert_eq!(Some(total), s["clauses"].as_u64());
    assert_eq!(
        json["clauses"].as_array().map(Vec::len),
        Some(total as usize)
    );
    let c = clause(&json, "5.7.2");
    for key in [
        "title",
        "group",
        "classes",
        "evidence_kind",
        "status",
        "gap_kind",
        "details",
        "sections",
        "disputed",
        "applies_to",
        "notes",
    ] {
        assert!(c.get(key).is_some(), "{key}");
    }
    assert_eq!(json["fda"]["documents"].as_array().map(Vec::len), Some(10));
}

#[test]
fn a_bad_class_is_a_usage_error_and_a_folder_without_project_a_failure() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = medtrace(dir.path(), &["gap"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no medtrace.toml"), "{}", run.stderr);
    assert_eq!(medtrace(dir.path(), &["init"]).code, 0);
    let run = medtrace(dir.path(), &["gap", "--class", "D"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`D` is not a safety class"),
        "{}",
        run.stderr
    );
}
