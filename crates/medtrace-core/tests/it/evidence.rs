//! Verification status from test items, tagged tests, reports and execution records.

use medtrace_core::evidence::{Outcome, Tag, TagRole, TagTarget, TestResult};
use medtrace_core::item::{self, Record};
use medtrace_core::verification::Report;
use medtrace_core::{
    Analysis, Evidence, FileId, Schema, Sources, Span, VerificationStatus, config,
};

const RECORDS: &[(&str, &str)] = &[
    ("sys.md", "---\nid: SYS-1\ntitle: Need\n---\n"),
    (
        "srs1.md",
        "---\nid: SRS-1\ntitle: Automated\nderived-from: [SYS-1]\n---\n",
    ),
    (
        "srs2.md",
        "---\nid: SRS-2\ntitle: Manual\nderived-from: [SYS-1]\n---\n",
    ),
    (
        "srs3.md",
        "---\nid: SRS-3\ntitle: Tagged only\nderived-from: [SYS-1]\n---\n",
    ),
    (
        "tst1.md",
        "---\nid: TST-1\ntitle: Unit\nverifies: [SRS-1]\nautomated: [limits::tests::hard_limit, missing_test]\n---\n",
    ),
    (
        "tst2.md",
        "---\nid: TST-2\ntitle: Manual system test\nverifies: [SRS-2]\n---\n",
    ),
    (
        "exe.md",
        "---\nexecutes: TST-2\ntester: A. Tester\ndate: 2026-10-14\nversion: v2.3.0\nconfiguration: board rev C\ntools: [oscilloscope SN 1]\nresult: pass\nsteps:\n  - step: 1\n    actual: alarm shown\n    result: pass\nanomalies: [PRB-9]\n---\n",
    ),
    (
        "exe-old.md",
        "---\nexecutes: TST-2\ntester: A. Tester\ndate: 2026-09-01\nresult: fail\n---\n",
    ),
];

fn result(report: FileId, classname: &str, name: &str, outcome: Outcome) -> TestResult {
    TestResult {
        name: name.to_string(),
        classname: Some(classname.to_string()),
        file: None,
        outcome,
        retries: 0,
        seconds: None,
        message: (outcome == Outcome::Failed).then(|| "assertion failed".to_string()),
        span: Span::new(report, 0, 10),
    }
}

/// Builds an analysis with one report and one tagged test, the hard-limit test's outcome given.
fn analyze(hard_limit: Outcome) -> (Analysis, Vec<String>) {
    let mut sources = Sources::default();
    let config_text = "[project]\nname = \"t\"\n";
    let config_file = sources.add("medtrace.toml".into(), config_text.into());
    let (config, mut diags) = config::parse(config_file, config_text);
    let schema = Schema::new(&config);
    let mut items = Vec::new();
    let mut evidence = Evidence {
        reports_expected: true,
        ..Evidence::default()
    };
    for (path, text) in RECORDS {
        let file = sources.add(path.to_string(), text.to_string());
        match item::parse(file, &sources.get(file).text, &config, &schema, &mut diags) {
            Some(Record::Item(i)) => items.push(i),
            Some(Record::Execution(e)) => evidence.executions.push(e),
            None => {}
        }
    }
    let code = sources.add(
        "src/lib.rs".into(),
        "// verifies: SRS-3, SRS-99\nfn crc_matches() {}\n".into(),
    );
    evidence.tags.push(Tag {
        role: TagRole::Verifies,
        targets: vec![
            TagTarget {
                id: "SRS-3".into(),
                span: Span::new(code, 13, 18),
            },
            TagTarget {
                id: "SRS-99".into(),
                span: Span::new(code, 20, 26),
            },
        ],
        span: Span::new(code, 3, 26),
        test: Some("crc_matches".into()),
    });
    let report = sources.add("reports/junit.xml".into(), "<testsuites/>".repeat(4));
    evidence.reports.push(Report {
        file: report,
        producer: Some("cargo-nextest".into()),
        results: vec![
            result(report, "vp300", "limits::tests::hard_limit", hard_limit),
            result(report, "vp300", "crc::tests::crc_matches", Outcome::Passed),
            result(report, "vp300", "other::tests::unrelated", Outcome::Passed),
        ],
    });
    let analysis = Analysis::with_evidence(config, sources, items, evidence, diags);
    let found = crate::render(&analysis);
    (analysis, found)
}

fn status(analysis: &Analysis, id: &str) -> Option<VerificationStatus> {
    analysis
        .item(id)
        .and_then(|(i, _)| analysis.verification.status(i))
}

#[test]
fn passing_tests_verify_and_every_evidence_problem_is_reported() {
    let (analysis, found) = analyze(Outcome::Passed);
    assert_eq!(
        status(&analysis, "SRS-1"),
        Some(VerificationStatus::Verified)
    );
    // The latest execution passed; the older failed one does not count.
    assert_eq!(
        status(&analysis, "SRS-2"),
        Some(VerificationStatus::Verified)
    );
    // A test function tagged in code verifies without a test item.
    assert_eq!(
        status(&analysis, "SRS-3"),
        Some(VerificationStatus::Verified)
    );
    assert_eq!(
        found,
        [
            "exe-old.md:2:11 execution-record-incomplete: the execution record of `TST-2` has no version, configuration, tools",
            "exe.md:13:13 execution-target-invalid: anomaly `PRB-9` is not a problem report",
            "reports/junit.xml:1:1 test-result-unmatched: 1 of 3 results in this report map to no requirement: `vp300.other::tests::unrelated`",
            "src/lib.rs:1:21 tag-target-missing: `verifies` tag names `SRS-99`, which no item has",
            "tst1.md:5:40 automated-test-not-run: `TST-1` names the automated test `missing_test`, which no test report holds",
        ]
    );
}

#[test]
fn a_failing_test_fails_its_requirement() {
    let (analysis, found) = analyze(Outcome::Failed);
    assert_eq!(status(&analysis, "SRS-1"), Some(VerificationStatus::Failed));
    assert!(analysis.has_errors());
    let failed: Vec<&String> = found
        .iter()
        .filter(|f| f.contains("verification-failed"))
        .collect();
    assert_eq!(
        failed,
        ["srs1.md:2:5 verification-failed: `SRS-1` is not verified: `TST-1` failed"]
    );
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.code == medtrace_core::Code::VerificationFailed);
    let related = &d.expect("the finding").related[0].message;
    assert_eq!(
        related,
        "`vp300.limits::tests::hard_limit` failed: assertion failed"
    );
}

#[test]
fn skipped_tests_leave_a_requirement_not_run() {
    let (analysis, found) = analyze(Outcome::Skipped);
    assert_eq!(status(&analysis, "SRS-1"), Some(VerificationStatus::NotRun));
    assert!(
        found.iter().any(|f| f
            == "srs1.md:2:5 verification-not-run: `SRS-1` has tests without a result: `TST-1`"),
        "{found:#?}"
    );
}

#[test]
fn a_failed_step_fails_the_execution_whatever_its_result_says() {
    let found = crate::findings(&[
        ("s.md", "---\nid: SYS-1\ntitle: N\n---\n"),
        (
            "r.md",
            "---\nid: SRS-1\ntitle: R\nderived-from: [SYS-1]\n---\n",
        ),
        ("t.md", "---\nid: TST-1\ntitle: T\nverifies: [SRS-1]\n---\n"),
        (
            "e.md",
            "---\nexecutes: TST-1\ntester: A\ndate: 2026-10-01\nversion: v1\nconfiguration: rig\ntools: [none]\nresult: pass\nsteps:\n  - step: 1\n    actual: no alarm\n    result: fail\n---\n",
        ),
    ]);
    assert_eq!(
        found,
        [
            "e.md:10:5 execution-record-invalid: step `1` failed but the record's `result` is pass",
            "r.md:2:5 verification-failed: `SRS-1` is not verified: `TST-1` failed",
        ]
    );
}

#[test]
fn a_verifies_tag_bound_to_no_test_covers_nothing() {
    let mut evidence = Evidence::default();
    let mut sources = Sources::default();
    let config_text = "[project]\nname = \"t\"\n";
    let config_file = sources.add("medtrace.toml".into(), config_text.into());
    let (config, mut diags) = config::parse(config_file, config_text);
    let schema = Schema::new(&config);
    let mut items = Vec::new();
    for (path, text) in [
        ("s.md", "---\nid: SYS-1\ntitle: N\n---\n"),
        (
            "r.md",
            "---\nid: SRS-1\ntitle: R\nderived-from: [SYS-1]\n---\n",
        ),
    ] {
        let file = sources.add(path.into(), text.into());
        if let Some(Record::Item(i)) =
            item::parse(file, &sources.get(file).text, &config, &schema, &mut diags)
        {
            items.push(i);
        }
    }
    let code = sources.add(
        "src/lib.rs".into(),
        "// verifies: SRS-1\nstruct Limits;\n".into(),
    );
    evidence.tags.push(Tag {
        role: TagRole::Verifies,
        targets: vec![TagTarget {
            id: "SRS-1".into(),
            span: Span::new(code, 13, 18),
        }],
        span: Span::new(code, 3, 18),
        test: None,
    });
    let analysis = Analysis::with_evidence(config, sources, items, evidence, diags);
    assert_eq!(
        crate::render(&analysis),
        ["r.md:2:5 requirement-not-verified: no test verifies `SRS-1`"]
    );
}

#[test]
fn a_change_after_the_tested_version_makes_manual_evidence_stale() {
    let mut sources = Sources::default();
    let config_text = "[project]\nname = \"t\"\n";
    let config_file = sources.add("medtrace.toml".into(), config_text.into());
    let (config, mut diags) = config::parse(config_file, config_text);
    let schema = Schema::new(&config);
    let mut items = Vec::new();
    let mut evidence = Evidence::default();
    for (path, text) in [
        ("s.md", "---\nid: SYS-1\ntitle: N\n---\n"),
        (
            "r.md",
            "---\nid: SRS-1\ntitle: R\nderived-from: [SYS-1]\n---\n",
        ),
        ("t.md", "---\nid: TST-1\ntitle: T\nverifies: [SRS-1]\n---\n"),
        (
            "e.md",
            "---\nexecutes: TST-1\ntester: A\ndate: 2026-10-01\nversion: v1.0\nconfiguration: rig\ntools: [none]\nresult: pass\n---\n",
        ),
    ] {
        let file = sources.add(path.into(), text.into());
        match item::parse(file, &sources.get(file).text, &config, &schema, &mut diags) {
            Some(Record::Item(i)) => items.push(i),
            Some(Record::Execution(e)) => evidence.executions.push(e),
            None => {}
        }
    }
    evidence.changed_since = vec![Some(["r.md".to_string()].into_iter().collect())];
    let analysis = Analysis::with_evidence(config, sources, items, evidence, diags);
    assert_eq!(status(&analysis, "SRS-1"), Some(VerificationStatus::Stale));
    assert_eq!(
        crate::render(&analysis),
        [
            "r.md:2:5 verification-stale: `SRS-1` is verified by `TST-1` on v1.0, but `r.md` changed since"
        ]
    );
}
