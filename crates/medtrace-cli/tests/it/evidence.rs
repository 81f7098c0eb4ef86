//! Evidence through the real binary: tags, reports given and configured, execution
//! records, and what check, trace, show and tags print about them.

use crate::{medtrace, project};

const CONFIG: &[u8] =
    b"[project]\nname = \"e\"\n[trace]\nsources = [\"src\"]\n[tests]\nreports = [\"reports/*.xml\"]\n";
const SYS: &[u8] = b"---\nid: SYS-001\ntitle: Need\n---\n";
const SRS: &[u8] = b"---\nid: SRS-001\ntitle: Reject high doses\nderived-from: [SYS-001]\n---\n";
const TST: &[u8] =
    b"---\nid: TST-001\ntitle: Limit unit tests\nverifies: [SRS-001]\nautomated: [\"limits::tests::*\"]\n---\n";
const CODE: &[u8] = b"// implements: SRS-001\npub fn check() {}\n\n// verifies: SRS-001\n#[test]\nfn rejects_high_dose() {}\n";

fn junit(outcome: &str) -> String {
    let child = match outcome {
        "failed" => "<failure message=\"dose accepted\">assertion failed</failure>",
        _ => "",
    };
    format!(
        "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"pump\" tests=\"2\">\n<testcase classname=\"pump\" name=\"limits::tests::hard_max\">{child}</testcase>\n<testcase classname=\"pump\" name=\"limits::tests::rejects_high_dose\"/>\n</testsuite></testsuites>\n"
    )
}

fn evidence_project(outcome: &str) -> tempfile::TempDir {
    let report = junit(outcome);
    project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SYS-001.md", SYS),
        ("dhf/SRS-001.md", SRS),
        ("dhf/TST-001.md", TST),
        ("src/limits.rs", CODE),
        ("reports/junit.xml", report.as_bytes()),
        ("reports/old/junit.xml", junit("failed").as_bytes()),
    ])
}

#[test]
fn passing_results_verify_and_show_trace_and_tags_say_where_from() {
    let dir = evidence_project("passed");
    // `reports/*.xml` stays within the folder: the failing old report is not read.
    let check = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, ""),
        "{}",
        check.stderr
    );

    let show = medtrace(dir.path(), &["show", "SRS-001"]);
    for line in [
        "  implemented at src/limits.rs:1\n",
        "  verified by the test at src/limits.rs:4\n",
        "verification: verified\n",
        "  TST-001 — passed\n",
        "    pump.limits::tests::hard_max passed (reports/junit.xml)\n",
        "  rejects_high_dose (src/limits.rs:4) — passed\n",
    ] {
        assert!(
            show.stdout.contains(line),
            "{line:?} missing from:\n{}",
            show.stdout
        );
    }
    let trace = medtrace(dir.path(), &["trace", "SYS,SRS,TST", "--format", "csv"]);
    assert_eq!(
        trace.stdout,
        "SYS,SRS,TST,code,result,gap\r\nSYS-001,SRS-001,TST-001,src/limits.rs:1,verified,no\r\n"
    );
    let tags = medtrace(dir.path(), &["tags"]);
    assert!(
        tags.stdout
            .contains("src/limits.rs:4  verifies    SRS-001  rejects_high_dose"),
        "{}",
        tags.stdout
    );
    assert!(
        tags.stdout.ends_with("2 tags in 1 file\n"),
        "{}",
        tags.stdout
    );
}

#[test]
fn a_failing_test_fails_its_requirement_and_the_check() {
    let dir = evidence_project("failed");
    let check = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stdout,
        "dhf/SRS-001.md:2:5: error[verification-failed]: `SRS-001` is not verified: `TST-001` failed\n"
    );
    let human = medtrace(dir.path(), &["check"]);
    assert!(
        human
            .stdout
            .contains("`pump.limits::tests::hard_max` failed: dose accepted"),
        "{}",
        human.stdout
    );
}

#[test]
fn reports_given_on_the_command_line_are_read_from_the_dash_c_folder_once() {
    let dir = evidence_project("passed");
    // The same report configured and given: read once.
    let run = medtrace(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--results",
            "reports/junit.xml",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["summary"]["reports"], 1, "{}", run.stdout);
    // Without the configured reports, the failing old one given alone fails the check.
    let run = medtrace(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--no-reports",
            "--results",
            "reports/old/junit.xml",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // --no-reports alone: the records and tags, no report, no verdicts to miss.
    let run = medtrace(dir.path(), &["check", "--format", "short", "--no-reports"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    // A missing file given on the command line is a failure of the run.
    let run = medtrace(dir.path(), &["check", "--results", "reports/nope.xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read the test report"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_source_folder_and_missing_reports_are_findings() {
    let dir = project(&[
        ("medtrace.toml", b"[project]\nname = \"e\"\n[trace]\nsources = [\"src\", \"lib\"]\n[tests]\nreports = [\"reports/*.xml\"]\n"),
        ("dhf/SYS-001.md", SYS),
        ("dhf/SRS-001.md", SRS),
        ("dhf/TST-001.md", TST),
        ("src/limits.rs", CODE),
    ]);
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "medtrace.toml:4:11: error[config-invalid-value]: source folder `lib` does not exist\n\
         medtrace.toml:6:11: warning[test-report-missing]: no test report matches `reports/*.xml`\n"
    );
}
