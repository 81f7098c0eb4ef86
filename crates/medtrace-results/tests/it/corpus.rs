//! Reports from public repositories, copied byte for byte from the shared corpus into
//! `tests/fixtures/corpus/` (sources and licences in `tests/fixtures/README.md`).

use super::*;

const GLOO: &str = "corpus/EnricoMi--publish-unit-test-result-action/python/test/files/junit-xml/pytest/junit.gloo.elastic.xml";
const GO_JUNIT_REPORT: &str =
    "corpus/dorny--test-reporter/__tests__/fixtures/external/go/go-junit-report.xml";
const PYTEST_TB_SHORT: &str =
    "corpus/dorny--test-reporter/__tests__/fixtures/external/pytest/report-tb-short.xml";
const BUN_NESTED: &str =
    "corpus/dorny--test-reporter/__tests__/fixtures/java-junit-nested-testsuites.xml";
const JEST: &str = "corpus/dorny--test-reporter/__tests__/fixtures/jest-junit.xml";
const GTEST: &str = "corpus/jenkinsci--xunit-plugin/src/test/resources/org/jenkinsci/plugins/xunit/types/googletest/testcase4/input.xml";
const SUREFIRE: &str = "corpus/mikepenz--action-junit-report/test_results/tests/email/target/surefire-reports/TEST-action.surefire.report.email.EmailAddressTest.xml";
const NEXTEST: &str = "corpus/nextest-rs--nextest/fixtures/nextest-tests-junit.xml";

#[test]
fn pytest_one_line_xunit1() {
    let (report, _) = check(GLOO, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("pytest"));
    assert_eq!(counts(&report), [10, 0, 0, 4]);
    let r = one(
        &report,
        Some("test.integration.test_elastic_torch.ElasticTorchTests"),
        "test_all_hosts_blacklisted",
    );
    assert_eq!(r.outcome, Outcome::Skipped);
    assert_eq!(
        r.file.as_deref(),
        Some("test/integration/test_elastic_torch.py")
    );
    assert_eq!(
        r.message.as_deref(),
        Some("This test fails due to https://github.com/horovod/horovod/issues/2030")
    );
    let passed = one(
        &report,
        Some("test.integration.test_elastic_tensorflow.ElasticTensorFlowTests"),
        "test_hosts_added_and_removed",
    );
    assert_eq!(passed.seconds, Some(12.64));
    assert_eq!(
        passed.file.as_deref(),
        Some("test/integration/elastic_common.py")
    );
}

#[test]
fn go_junit_report_counts_disagree() {
    let (report, text) = check(GO_JUNIT_REPORT, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("go-junit-report"));
    // The suite says tests="1" failures="1" but holds four test cases.
    assert!(text.contains(r#"name="github.com/company/package3" tests="1" failures="1""#));
    assert_eq!(counts(&report), [2, 2, 0, 1]);
    let names: Vec<_> = report.results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "TestPackage2",
            "TestPackage3-1",
            "TestPackage3-2",
            "TestPackage3-3",
            "TestPackage3-4"
        ]
    );
    // CDATA text over the placeholder message; a placeholder when there is no text.
    assert_eq!(
        report.results[1].message.as_deref(),
        Some("Just error here")
    );
    assert_eq!(report.results[3].message.as_deref(), Some("skipped here"));
    assert_eq!(report.results[4].message.as_deref(), Some("Failed"));
    assert_eq!(report.results[2].seconds, Some(0.16));
    insta::assert_snapshot!(render(&report));
}

#[test]
fn pytest_tb_short() {
    let (report, _) = check(PYTEST_TB_SHORT, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("pytest"));
    assert_eq!(counts(&report), [0, 1, 0, 0]);
    let r = &report.results[0];
    assert_eq!(
        r.full_name(),
        "product_changes.tests.first_test.MyTestCase.test_something"
    );
    assert_eq!(r.message.as_deref(), Some("assert False"));
}

#[test]
fn bun_nested_suites() {
    let (report, _) = check(BUN_NESTED, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("bun"));
    assert_eq!(counts(&report), [2, 1, 0, 0]);
    // Three levels of <testsuite>; the classname was escaped twice by bun, so one
    // unescaping leaves `&gt;`.
    let r = one(&report, None, "fails");
    assert_eq!(r.classname.as_deref(), Some("negative &gt; add"));
    // <failure type="AssertionError" /> with neither message nor text.
    assert_eq!((r.outcome, r.message.as_deref()), (Outcome::Failed, None));
    assert_eq!(one(&report, None, "top-level").classname, None);
}

#[test]
fn jest_junit_old() {
    let (report, _) = check(JEST, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("jest-junit"));
    assert_eq!(counts(&report), [1, 4, 0, 1]);
    // " Timeout test" in the report: names are trimmed.
    let timeout = one(&report, Some("Timeout test"), "Timeout test");
    assert_eq!(timeout.outcome, Outcome::Failed);
    assert!(
        timeout
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with(": Timeout - Async callback"))
    );
    assert_eq!(
        one(&report, None, "Test 1 Test 1.1 Failing test")
            .message
            .as_deref(),
        Some("Error: expect(received).toBeTruthy()")
    );
    assert_eq!(one(&report, None, "Skipped test").outcome, Outcome::Skipped);
}

#[test]
fn googletest_expected_output() {
    let (report, _) = check(GTEST, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("googletest"));
    assert_eq!(report.results.len(), 24);
    assert_eq!(counts(&report), [17, 4, 0, 3]);
    // result="skipped" without a <skipped> child.
    assert_eq!(
        one(&report, Some("SkippedTest"), "Skipped").outcome,
        Outcome::Skipped
    );
    assert_eq!(
        one(&report, Some("DisabledTest"), "DISABLED_test_not_run").outcome,
        Outcome::Skipped
    );
    // Two <failure>s; the location line `gtest_xml_output_unittest_.cc:*` is passed over.
    let mixed = one(&report, Some("MixedResultTest"), "Fails");
    assert_eq!(
        mixed.message.as_deref(),
        Some("Expected equality of these values:")
    );
    assert_eq!(
        one(&report, Some("XmlQuotingTest"), "OutputsCData")
            .message
            .as_deref(),
        Some("Failed")
    );
    assert_eq!(
        one(
            &report,
            Some("Single/ValueParamTest"),
            "HasValueParamAttribute/1"
        )
        .outcome,
        Outcome::Passed
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn surefire_errors_and_failures() {
    let (report, _) = check(SUREFIRE, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("maven-surefire"));
    assert_eq!(counts(&report), [2, 2, 5, 0]);
    let r = one(
        &report,
        Some("action.surefire.report.email.EmailAddressTest"),
        "shouldBeStricterThanRfc2821",
    );
    assert_eq!(r.outcome, Outcome::Error);
    assert_eq!(
        r.message.as_deref(),
        Some(r"Invalid email address 😋 'Abc\@def@example.com'")
    );
    assert_eq!(
        one(&report, None, "shouldNotContainInternationalizedHostNames")
            .message
            .as_deref(),
        Some("Invalid email address 'user@ñandú.com.ar'")
    );
    assert_eq!(
        one(&report, None, "shouldNotMissComponents").outcome,
        Outcome::Failed
    );
}

#[test]
fn nextest_2024() {
    let (report, _) = check(NEXTEST, ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("cargo-nextest"));
    assert_eq!(counts(&report), [2, 1, 0, 0]);
    let failed = one(&report, None, "test_failure_assert");
    assert_eq!((failed.outcome, failed.retries), (Outcome::Failed, 2));
    // No message attribute: the first line of the text.
    assert_eq!(
        failed.message.as_deref(),
        Some("thread 'test_failure_assert' panicked at tests/basic.rs:19:5:")
    );
    let flaky = one(&report, Some("nextest-tests::basic"), "test_flaky_mod_4");
    assert_eq!((flaky.outcome, flaky.retries), (Outcome::Passed, 3));
    insta::assert_snapshot!(render(&report));
}
