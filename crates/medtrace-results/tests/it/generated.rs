//! Reports written by the real tools on this machine by `tests/fixtures/regenerate.sh`
//! (tool versions in `tests/fixtures/README.md`).

use super::*;

#[test]
fn pytest_xunit2() {
    let (report, _) = check("pytest-xunit2.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("pytest"));
    assert_eq!(counts(&report), [4, 3, 2, 2]);
    let r = one(&report, Some("test_dose"), "test_dose_rejected_over_limit");
    assert_eq!(r.outcome, Outcome::Failed);
    assert_eq!(r.file, None, "xunit2 writes no file attribute");
    assert_eq!(
        r.message.as_deref(),
        Some("AssertionError: dose 12 ml/h exceeds limit <10> & must be rejected")
    );
    assert_eq!(r.seconds, Some(0.001));
    // A fixture that fails is an error, in setup and in teardown alike.
    let setup = one(&report, None, "test_uses_broken_fixture");
    assert_eq!(setup.outcome, Outcome::Error);
    assert_eq!(
        setup.message.as_deref(),
        Some(r#"failed on setup with "RuntimeError: could not open serial port""#)
    );
    assert_eq!(
        one(&report, None, "test_teardown_fails").outcome,
        Outcome::Error
    );
    // pytest writes xfail as skipped and xpass (not strict) as a plain pass.
    let xfail = one(&report, None, "test_rounding_xfail");
    assert_eq!(xfail.outcome, Outcome::Skipped);
    assert_eq!(xfail.message.as_deref(), Some("known rounding bug PRB-004"));
    assert_eq!(one(&report, None, "test_xpass").outcome, Outcome::Passed);
    let skipped = one(&report, None, "test_occlusion_alarm");
    assert_eq!(
        skipped.message.as_deref(),
        Some("pump hardware not attached")
    );
    let param = one(
        &report,
        Some("test_dose.TestAlarms"),
        "test_alarm_levels[3]",
    );
    assert_eq!(param.outcome, Outcome::Failed);
    assert_eq!(
        param.full_name(),
        "test_dose.TestAlarms.test_alarm_levels[3]"
    );
    assert_eq!(
        one(&report, None, "test_unicode_message")
            .message
            .as_deref(),
        Some("AssertionError: unit µg ≠ mcg")
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn pytest_xunit1() {
    let (report, _) = check("pytest-xunit1.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("pytest"));
    assert_eq!(counts(&report), [4, 3, 2, 2]);
    assert!(
        report
            .results
            .iter()
            .all(|r| r.file.as_deref() == Some("test_dose.py"))
    );
    let r = one(
        &report,
        Some("test_dose.TestAlarms"),
        "test_unicode_message",
    );
    assert_eq!(r.outcome, Outcome::Failed);
    insta::assert_snapshot!(render(&report));
}

#[test]
fn nextest_junit() {
    let (report, _) = check("nextest-junit.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("cargo-nextest"));
    // nextest leaves ignored tests out of its JUnit report.
    assert_eq!(counts(&report), [3, 3, 0, 0]);
    // One <flakyFailure> and no <failure>: passed on the second attempt.
    let flaky = one(&report, Some("nextest-demo"), "tests::flaky_sensor_read");
    assert_eq!((flaky.outcome, flaky.retries), (Outcome::Passed, 1));
    assert_eq!(flaky.message, None);
    // <failure> plus two <rerunFailure>: failed all three attempts.
    let failed = one(
        &report,
        Some("nextest-demo"),
        "tests::rejects_rate_over_limit",
    );
    assert_eq!((failed.outcome, failed.retries), (Outcome::Failed, 2));
    assert!(failed.message.as_deref().is_some_and(|m| {
        m.starts_with("thread 'tests::rejects_rate_over_limit' (")
            && m.ends_with(") panicked at src/lib.rs:19:9")
    }));
    let integration = one(
        &report,
        Some("nextest-demo::integration"),
        "alarms::alarm_silenced",
    );
    assert_eq!(
        (integration.outcome, integration.retries),
        (Outcome::Failed, 2)
    );
    assert_eq!(
        one(&report, None, "end_to_end_infusion")
            .classname
            .as_deref(),
        Some("nextest-demo::integration")
    );
}

#[test]
fn nextest_libtest_json() {
    let (report, _) = check("nextest-libtest.json", ReportFormat::LibtestJson);
    assert_eq!(report.producer.as_deref(), Some("libtest-json"));
    assert_eq!(counts(&report), [3, 3, 0, 1]);
    // `<binary-id>$<test path>`, the attempt suffix `#2` taken off.
    let flaky = one(
        &report,
        Some("nextest-demo::nextest_demo"),
        "tests::flaky_sensor_read",
    );
    assert_eq!((flaky.outcome, flaky.retries), (Outcome::Passed, 1));
    assert!(flaky.seconds.is_some_and(|s| s > 0.0 && s < 10.0));
    let ignored = one(&report, None, "tests::occlusion_alarm_on_hardware");
    assert_eq!((ignored.outcome, ignored.seconds), (Outcome::Skipped, None));
    let failed = one(
        &report,
        Some("nextest-demo::integration"),
        "alarms::alarm_silenced",
    );
    assert_eq!((failed.outcome, failed.retries), (Outcome::Failed, 2));
    assert!(
        failed
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("thread 'alarms::alarm_silenced' ("))
    );
    assert_eq!(
        one(&report, None, "end_to_end_infusion").outcome,
        Outcome::Passed
    );
}

#[test]
fn jest_junit_default() {
    let (report, _) = check("jest-junit-default.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("jest-junit"));
    // test.todo is written as a test case without a verdict: it reads as passed.
    assert_eq!(counts(&report), [4, 2, 0, 1]);
    let r = one(&report, None, "pump rate rejects rate over limit");
    assert_eq!(
        r.classname.as_deref(),
        Some("pump rate rejects rate over limit")
    );
    assert_eq!(
        r.message.as_deref(),
        Some("Error: expect(received).toBe(expected) // Object.is equality")
    );
    // Entities in attributes are unescaped.
    let nested = one(
        &report,
        None,
        r#"pump rate nested & "quoted" <group> throws an error"#,
    );
    assert_eq!(
        nested.message.as_deref(),
        Some("TypeError: sensor is undefined")
    );
    // jest-junit joins an empty describe and the title with a space: trimmed.
    assert_eq!(
        one(&report, None, "top-level passes").classname.as_deref(),
        Some("top-level passes")
    );
    assert_eq!(
        one(&report, None, "pump rate occlusion alarm on hardware").outcome,
        Outcome::Skipped
    );
    assert_eq!(
        one(&report, None, "pump rate alarm escalation").outcome,
        Outcome::Passed
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn jest_junit_templates_and_suite_errors() {
    let (report, _) = check("jest-junit-templates.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("jest-junit"));
    assert_eq!(counts(&report), [4, 3, 1, 1]);
    let r = one(&report, Some("pump rate"), "rejects rate over limit");
    assert_eq!(r.file.as_deref(), Some("src/pump.test.js"));
    // An empty classname is no classname.
    assert_eq!(one(&report, None, "top-level passes").classname, None);
    // A test file that fails to load: one <error> case and one <failure> case, same name.
    let broken: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.name == "src/broken.test.js")
        .collect();
    assert_eq!(broken.len(), 2);
    assert_eq!(broken[0].outcome, Outcome::Error);
    assert_eq!(
        broken[0].classname.as_deref(),
        Some("Test suite failed to run")
    );
    assert_eq!(
        broken[0].message.as_deref(),
        Some("● Test suite failed to run")
    );
    assert_eq!(broken[1].outcome, Outcome::Failed);
    insta::assert_snapshot!(render(&report));
}

#[test]
fn bun() {
    let (report, _) = check("bun-junit.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("bun"));
    // Nested <testsuite>s; bun writes test.todo as skipped with message TODO.
    assert_eq!(counts(&report), [2, 2, 0, 2]);
    let nested = one(&report, None, "throws an error");
    assert_eq!(
        nested.classname.as_deref(),
        Some("nested <group> & more > pump rate")
    );
    assert_eq!(nested.file.as_deref(), Some("pump.test.ts"));
    assert_eq!(nested.message.as_deref(), Some("sensor is undefined"));
    let todo = one(&report, None, "alarm escalation");
    assert_eq!(
        (todo.outcome, todo.message.as_deref()),
        (Outcome::Skipped, Some("TODO"))
    );
    assert_eq!(one(&report, None, "top-level passes").classname, None);
    insta::assert_snapshot!(render(&report));
}

#[test]
fn googletest() {
    let (report, _) = check("googletest.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("googletest"));
    assert_eq!(counts(&report), [5, 3, 0, 2]);
    // Two <failure>s in one test case: one failed result, the first message, without
    // googletest's location line.
    let r = one(&report, Some("PumpRate"), "RejectsRateOverLimit");
    assert_eq!(r.outcome, Outcome::Failed);
    assert_eq!(r.message.as_deref(), Some("Value of: RateOk(5)"));
    assert_eq!(r.file.as_deref(), Some("pump_test.cc"));
    // status="notrun" result="suppressed", and status="run" result="skipped".
    let disabled = one(&report, None, "DISABLED_OcclusionOnHardware");
    assert_eq!(disabled.outcome, Outcome::Skipped);
    let skipped = one(&report, None, "SkippedWithoutSensor");
    assert_eq!(
        (skipped.outcome, skipped.message.as_deref()),
        (Outcome::Skipped, Some("sensor not attached"))
    );
    assert_eq!(
        one(&report, None, "ThrowsUnexpectedly").message.as_deref(),
        Some(r#"C++ exception with description "serial port closed" thrown in the test body."#)
    );
    assert_eq!(
        one(&report, Some("Doses/DoseTest"), "WithinRange/2").outcome,
        Outcome::Failed
    );
    assert_eq!(
        one(&report, Some("TypedAlarm/1"), "Sounds").outcome,
        Outcome::Passed
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn ctest() {
    let (report, _) = check("ctest-junit.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("ctest"));
    assert_eq!(counts(&report), [6, 5, 0, 4]);
    // status="disabled" without a <skipped> child.
    assert_eq!(
        one(&report, None, "PumpRate.OcclusionOnHardware").outcome,
        Outcome::Skipped
    );
    let skipped = one(&report, None, "shell_skips");
    assert_eq!(skipped.message.as_deref(), Some("SKIP_RETURN_CODE=77"));
    // ctest calls a missing executable "not run" and marks it skipped.
    let missing = one(&report, None, "not_built");
    assert_eq!(
        (missing.outcome, missing.message.as_deref()),
        (Outcome::Skipped, Some("Unable to find executable"))
    );
    // <failure message=""/>: failed, with no message.
    let timeout = one(&report, None, "times_out");
    assert_eq!(
        (timeout.outcome, timeout.message.as_deref()),
        (Outcome::Failed, None)
    );
    assert!(timeout.seconds.is_some_and(|s| s >= 1.0));
    assert_eq!(
        one(&report, None, "TypedAlarm.Sounds<int>")
            .classname
            .as_deref(),
        Some("TypedAlarm.Sounds<int>")
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn surefire_junit4_reruns() {
    let (report, text) = check("surefire-junit4-reruns.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("maven-surefire"));
    // The suite claims tests="12" (it counts the reruns): the test cases are the truth.
    assert!(text.contains(r#"tests="12""#));
    assert_eq!(counts(&report), [3, 1, 1, 1]);
    let failed = one(&report, Some("pump.RateTest"), "rejectsRateOverLimit");
    assert_eq!((failed.outcome, failed.retries), (Outcome::Failed, 2));
    assert_eq!(
        failed.message.as_deref(),
        Some("rate 5 should be <rejected> & logged")
    );
    let error = one(&report, None, "throwsUnexpectedly");
    assert_eq!((error.outcome, error.retries), (Outcome::Error, 2));
    assert_eq!(error.message.as_deref(), Some("serial port closed"));
    let flaky_failure = one(&report, None, "flakySensorRead");
    assert_eq!(
        (flaky_failure.outcome, flaky_failure.retries),
        (Outcome::Passed, 1)
    );
    let flaky_error = one(&report, None, "flakyErrorThenPass");
    assert_eq!(
        (flaky_error.outcome, flaky_error.retries),
        (Outcome::Passed, 1)
    );
    assert_eq!(
        one(&report, None, "occlusionOnHardware").message.as_deref(),
        Some("needs pump hardware")
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn surefire_junit5() {
    let (report, _) = check("surefire-junit5.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("maven-surefire"));
    assert_eq!(counts(&report), [4, 2, 1, 2]);
    // A failed assumption is skipped.
    let assumption = one(&report, None, "assumptionFails");
    assert_eq!(
        (assumption.outcome, assumption.message.as_deref()),
        (
            Outcome::Skipped,
            Some("Assumption failed: no sensor attached")
        )
    );
    assert_eq!(
        one(&report, Some("pump.DoseTest"), "withinRange{int}[3]").outcome,
        Outcome::Failed
    );
    let nested = one(&report, Some("pump.DoseTest$Alarms"), "throwsUnexpectedly");
    assert_eq!(
        (nested.outcome, nested.message.as_deref()),
        (Outcome::Error, Some("speaker missing"))
    );
    insta::assert_snapshot!(render(&report));
}

#[test]
fn gotestsum() {
    let (report, _) = check("gotestsum.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("gotestsum"));
    assert_eq!(counts(&report), [3, 4, 0, 1]);
    // message="Failed" says nothing: the line from the test's output does.
    let r = one(
        &report,
        Some("example.com/pump"),
        "TestRejectsRateOverLimit",
    );
    assert_eq!(
        r.message.as_deref(),
        Some("rate_test.go:18: rate 5 should be <rejected> & logged")
    );
    assert_eq!(
        one(&report, None, "TestLevels/high").outcome,
        Outcome::Failed
    );
    assert_eq!(
        one(&report, None, "TestOcclusionOnHardware")
            .message
            .as_deref(),
        Some("rate_test.go:23: needs pump hardware")
    );
    assert_eq!(
        one(&report, None, "TestSounds").classname.as_deref(),
        Some("example.com/pump/alarm")
    );
}

#[test]
fn gotestsum_rerun_fails_keeps_every_attempt() {
    let (report, _) = check("gotestsum-rerun-fails.xml", ReportFormat::JunitXml);
    assert_eq!(report.producer.as_deref(), Some("gotestsum"));
    // gotestsum --rerun-fails writes each attempt as its own <testcase>, in an order that
    // is not the order of the attempts, and `go test -count=2` looks the same: they are
    // not merged into one result (see the crate docs).
    assert_eq!(counts(&report), [4, 10, 0, 1]);
    let flaky: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.name == "TestFlakySensorRead")
        .map(|r| (r.outcome, r.retries))
        .collect();
    assert_eq!(flaky, [(Outcome::Failed, 0), (Outcome::Passed, 0)]);
    let attempts = |name: &str| report.results.iter().filter(|r| r.name == name).count();
    assert_eq!(attempts("TestRejectsRateOverLimit"), 3);
    assert_eq!(attempts("TestAcceptsRateWithinLimit"), 1);
}
