//! Reports that are malformed, truncated or not reports: what was read, and a problem at
//! the place.

use medtrace_results::Problem;

use super::*;

fn junit(text: &str) -> Report {
    read(FileId(3), text, Some(ReportFormat::JunitXml))
}

fn libtest(text: &str) -> Report {
    read(FileId(3), text, Some(ReportFormat::LibtestJson))
}

fn messages(report: &Report) -> Vec<&str> {
    report.problems.iter().map(|p| p.message.as_str()).collect()
}

/// The text a problem points at.
fn at<'t>(text: &'t str, p: &Problem) -> &'t str {
    &text[p.span.start as usize..p.span.end as usize]
}

const SMALL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="s" tests="3">
    <testcase classname="c" name="first" time="0.1"/>
    <testcase classname="c" name="second" time="0.2">
      <failure message="boom">trace</failure>
    </testcase>
    <testcase classname="c" name="third"><skipped/></testcase>
  </testsuite>
</testsuites>
"#;

#[test]
fn small_report_reads_cleanly() {
    let report = junit(SMALL);
    assert_eq!(report.problems, vec![]);
    assert_eq!(counts(&report), [1, 1, 0, 1]);
    assert_eq!(report.producer, None);
}

#[test]
fn truncated_between_test_cases() {
    let cut = SMALL
        .find("    <testcase classname=\"c\" name=\"third\"")
        .expect("the fixture holds it");
    let text = &SMALL[..cut];
    let report = junit(text);
    assert_eq!(counts(&report), [1, 1, 0, 0]);
    assert_eq!(
        messages(&report),
        ["the report ends inside `<testsuite>` (the file is truncated)"]
    );
    assert_eq!(report.problems[0].span.start as usize, text.len());
}

#[test]
fn truncated_inside_a_test_case() {
    let cut = SMALL.find("trace").expect("the fixture holds it");
    let report = junit(&SMALL[..cut]);
    assert_eq!(report.results.len(), 1, "only the complete test case");
    assert_eq!(report.results[0].name, "first");
    assert_eq!(
        messages(&report),
        [
            "the report ends inside a `<testcase>` (the file is truncated); that test case was not read"
        ]
    );
}

#[test]
fn truncated_inside_a_tag() {
    let cut = SMALL.find("name=\"second\"").expect("the fixture holds it");
    let text = &SMALL[..cut];
    let report = junit(text);
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.problems.len(), 1);
    let p = &report.problems[0];
    assert!(
        p.message.starts_with("malformed xml: syntax error: "),
        "{}",
        p.message
    );
    // Points at the `<` of the unfinished tag.
    let tag = text.rfind("<testcase").expect("the fixture holds it");
    assert_eq!(p.span.start as usize, tag);
}

#[test]
fn mismatched_end_tag() {
    let text = "<testsuite>\n<testcase name=\"a\"/>\n<testcase name=\"b\">\n</testsuite>";
    let report = junit(text);
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].name, "a");
    let p = &report.problems[0];
    assert!(
        p.message
            .starts_with("malformed xml: ill-formed document: "),
        "{}",
        p.message
    );
    assert!(p.message.contains("testcase") && p.message.contains("testsuite"));
    assert_eq!(
        p.span.start as usize,
        text.find("</testsuite>").expect("the fixture holds it")
    );
}

#[test]
fn wrong_root() {
    let text =
        "<?xml version=\"1.0\"?>\n<!-- a page -->\n<html lang=\"en\"><testcase name=\"x\"/></html>";
    let report = read(FileId(3), text, None);
    assert_eq!(report.results, vec![]);
    assert_eq!(
        messages(&report),
        [
            "the root element is `<html>`, not `<testsuites>` or `<testsuite>`: this is not a junit report"
        ]
    );
    assert_eq!(at(text, &report.problems[0]), "<html lang=\"en\">");
}

#[test]
fn garbage() {
    let report = read(FileId(3), "hello, this is not a report\n", None);
    assert_eq!(
        messages(&report),
        [
            "not a test report: expected junit xml (a `<testsuites>` or `<testsuite>` root) or libtest json lines"
        ]
    );
    assert_eq!(report.results, vec![]);
    // Told that it is JUnit, the reader says what it found instead.
    let report = junit("hello");
    assert_eq!(
        messages(&report),
        [
            "expected a `<testsuites>` or `<testsuite>` element, found text: this is not a junit report"
        ]
    );
    assert_eq!(
        messages(&junit("")),
        ["no `<testsuites>` or `<testsuite>` element: this is not a junit report"]
    );
    assert_eq!(
        messages(&read(FileId(3), " \n", None)),
        ["the report is empty"]
    );
    // JSON that is not libtest's: one problem, not one per line.
    let report = read(
        FileId(3),
        "{\n  \"name\": \"pump\",\n  \"version\": \"1.0.0\"\n}\n",
        None,
    );
    assert_eq!(
        messages(&report),
        [
            "not a test report: expected junit xml (a `<testsuites>` or `<testsuite>` root) or libtest json lines"
        ]
    );
    // Binary-looking junk that starts like XML.
    let report = read(FileId(3), "<\u{0}\u{1}\u{2}>>><<", None);
    assert_eq!(report.results, vec![]);
    assert_eq!(report.problems.len(), 1);
}

#[test]
fn text_and_elements_after_the_root() {
    let text = "<testsuite><testcase name=\"a\"/></testsuite>\ntrailing words";
    let report = junit(text);
    assert_eq!(report.results.len(), 1);
    assert_eq!(
        messages(&report),
        ["text after the end of the root element"]
    );
    assert_eq!(at(text, &report.problems[0]), "\ntrailing words");

    let text = "<testsuite/><testsuite><testcase name=\"b\"/></testsuite>";
    let report = junit(text);
    assert_eq!(report.results, vec![]);
    assert_eq!(
        messages(&report),
        ["element `<testsuite>` after the end of the root element"]
    );
}

#[test]
fn test_case_without_name() {
    let text =
        r#"<testsuite><testcase classname="c" time="1"/><testcase name=" ok "/></testsuite>"#;
    let report = junit(text);
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].name, "ok");
    assert_eq!(
        messages(&report),
        ["test case has no `name` attribute and was not read"]
    );
    assert_eq!(
        at(text, &report.problems[0]),
        r#"<testcase classname="c" time="1"/>"#
    );
}

#[test]
fn times() {
    let text = r#"<testsuite>
<testcase name="dot" time="0.25"/>
<testcase name="grouped" time="1,234.5"/>
<testcase name="comma" time="0,5"/>
<testcase name="missing"/>
<testcase name="empty" time=""/>
<testcase name="words" time="fast"/>
</testsuite>"#;
    let report = junit(text);
    let seconds: Vec<_> = report.results.iter().map(|r| r.seconds).collect();
    assert_eq!(
        seconds,
        [Some(0.25), Some(1234.5), Some(0.5), None, None, None]
    );
    assert_eq!(
        messages(&report),
        ["test case `words` has time `fast`, which is not a number of seconds"]
    );
}

#[test]
fn byte_order_mark() {
    let text = "\u{feff}<?xml version=\"1.0\"?><testsuite><testcase name=\"a\"/></testsuite>";
    assert_eq!(sniff(text), Some(ReportFormat::JunitXml));
    let report = read(FileId(3), text, None);
    assert_eq!(report.problems, vec![]);
    let r = &report.results[0];
    assert_eq!(
        &text[r.span.start as usize..r.span.end as usize],
        "<testcase name=\"a\"/>"
    );
    // quick-xml skips one more mark itself; spans still count it.
    let text = "\u{feff}\u{feff}\n<testsuite><testcase name=\"a\"/>";
    let report = junit(text);
    let r = &report.results[0];
    assert_eq!(
        &text[r.span.start as usize..r.span.end as usize],
        "<testcase name=\"a\"/>"
    );
    assert_eq!(report.problems[0].span.start as usize, text.len());
    // The same for libtest lines.
    let text = "\u{feff}{\"type\":\"test\",\"event\":\"ok\",\"name\":\"b$t\"}\n";
    let report = read(FileId(3), text, None);
    assert_eq!(report.problems, vec![]);
    let r = &report.results[0];
    assert_eq!(
        &text[r.span.start as usize..r.span.end as usize],
        text[3..].trim_end()
    );
}

#[test]
fn cdata_entities_and_namespaces() {
    let text = r#"<?xml version="1.0"?>
<!DOCTYPE testsuites>
<j:testsuites xmlns:j="urn:x">
<j:testcase name="a&amp;b&#x41;">
  <j:failure><![CDATA[first ]]>&lt;line&gt;&#10;second&nbsp;line</j:failure>
</j:testcase>
</j:testsuites>"#;
    let report = junit(text);
    assert_eq!(report.problems, vec![]);
    let r = &report.results[0];
    assert_eq!(r.name, "a&bA");
    assert_eq!(r.outcome, Outcome::Failed);
    assert_eq!(r.message.as_deref(), Some("first <line>"));
}

#[test]
fn malformed_attributes() {
    let text = r#"<testsuite>
<testcase name="a" name="b"/>
<testcase name="c"><failure message="bad &unknown; entity"/></testcase>
</testsuite>"#;
    let report = junit(text);
    assert_eq!(report.results.len(), 2);
    assert_eq!(report.results[0].name, "a");
    assert_eq!(
        report.results[1].message.as_deref(),
        Some("bad &unknown; entity")
    );
    let m = messages(&report);
    assert_eq!(m.len(), 2);
    assert!(m[0].starts_with("malformed attribute: "), "{}", m[0]);
    assert!(
        m[1].starts_with("attribute `message` cannot be read ("),
        "{}",
        m[1]
    );
    assert!(m[1].ends_with("; its raw text is used"), "{}", m[1]);
}

#[test]
fn verdicts() {
    let text = r#"<testsuites><testsuite>
<testcase name="failure-and-error"><failure message="f"/><error message="e"/></testcase>
<testcase name="error-only"><error>

   first line of the error
second</error></testcase>
<testcase name="only-flaky"><flakyFailure/><flakyError/><rerunFailure/></testcase>
<testcase name="rerun-error"><error message="e"/><rerunError/></testcase>
<testcase name="status-fail" status="fail"/>
<testcase name="status-notrun" status="notrun"/>
<testcase name="result-suppressed" status="run" result="suppressed"/>
<testcase name="status-run" status="run" result="completed"/>
<testcase name="skipped-and-failed"><skipped/><failure/></testcase>
<testcase name="nested"><testcase name="inner"/><system-out>x</system-out></testcase>
</testsuite></testsuites>"#;
    let report = junit(text);
    assert_eq!(report.problems, vec![]);
    let got: Vec<_> = report
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.outcome, r.retries, r.message.as_deref()))
        .collect();
    use Outcome::*;
    assert_eq!(
        got,
        [
            ("failure-and-error", Failed, 0, Some("f")),
            ("error-only", Error, 0, Some("first line of the error")),
            ("only-flaky", Passed, 3, None),
            ("rerun-error", Error, 1, Some("e")),
            ("status-fail", Failed, 0, None),
            ("status-notrun", Skipped, 0, None),
            ("result-suppressed", Skipped, 0, None),
            ("status-run", Passed, 0, None),
            ("skipped-and-failed", Failed, 0, None),
            ("nested", Passed, 0, None),
        ]
    );
}

#[test]
fn empty_reports_have_no_results_and_no_problems() {
    for text in [
        "<testsuites/>",
        "<testsuites></testsuites>",
        "<testsuite name=\"x\" tests=\"4\"/>",
    ] {
        let report = junit(text);
        assert_eq!(
            (report.results.len(), report.problems.len()),
            (0, 0),
            "{text}"
        );
    }
}

#[test]
fn libtest_bad_lines() {
    let text = concat!(
        "{\"type\":\"suite\",\"event\":\"started\",\"test_count\":4}\n",
        "{\"type\":\"test\",\"event\":\"started\",\"name\":\"bin$a\"}\n",
        "warning: not json\n",
        "{\"type\":\"test\",\"event\":\"ok\",\"name\":\"bin$a\",\"exec_time\":0.5}\r\n",
        "\n",
        "{\"event\":\"ok\",\"name\":\"bin$b\"}\n",
        "{\"type\":\"test\",\"event\":\"exploded\",\"name\":\"bin$c\"}\n",
        "[1, 2]\n",
        "{\"type\":\"test\",\"event\":\"started\",\"name\":\"bin$never_ends\"}\n",
        "{\"type\":\"test\",\"event\":\"failed\",\"name\":\"plain::test\",\"exec_time\":\"0.25s\",",
        "\"stdout\":\"\\nthread 'plain::test' panicked\\n\"}\n",
        "{\"type\":\"test\",\"event\":\"ignored\",\"name\":\"bin$d#x\"}\n",
        "{\"type\":\"test\",\"event\":\"ok\",\"name\":\"bin$e\",\"exec_time\":-1}\n",
        "{\"type\":\"test\",\"event\":\"ok\"}\n",
        "{\"type\":\"bench\",\"name\":\"x\",\"median\":1}\n",
        "{\"type\":\"test\",\"event\":\"ok\",\"name\":\"bin$a"
    );
    let report = libtest(text);
    let got: Vec<_> = report
        .results
        .iter()
        .map(|r| {
            (
                r.classname.as_deref(),
                r.name.as_str(),
                r.outcome,
                r.seconds,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("bin"), "a", Outcome::Passed, Some(0.5)),
            (None, "plain::test", Outcome::Failed, Some(0.25)),
            // `#x` is not an attempt number: part of the name.
            (Some("bin"), "d#x", Outcome::Skipped, None),
            (Some("bin"), "e", Outcome::Passed, None),
        ]
    );
    assert_eq!(
        report.results[1].message.as_deref(),
        Some("thread 'plain::test' panicked")
    );
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|p| (at(text, p), p.message.as_str()))
        .collect();
    assert_eq!(problems.len(), 8, "{problems:#?}");
    assert_eq!(problems[0].0, "warning: not json");
    assert!(
        problems[0]
            .1
            .starts_with("line is not a libtest json object: ")
    );
    assert_eq!(
        problems[1],
        (
            "{\"event\":\"ok\",\"name\":\"bin$b\"}",
            "json line has no `type`"
        )
    );
    assert_eq!(problems[2].1, "unknown test event `exploded` for `bin$c`");
    assert_eq!(problems[3].0, "[1, 2]");
    assert!(
        problems[3]
            .1
            .starts_with("line is not a libtest json object: ")
    );
    assert_eq!(
        problems[4],
        (
            "{\"type\":\"test\",\"event\":\"started\",\"name\":\"bin$never_ends\"}",
            "test `bin$never_ends` started but the report has no result for it"
        )
    );
    assert_eq!(
        problems[5].1,
        "test `bin$e` has an `exec_time` that is not a number of seconds"
    );
    assert_eq!(problems[6].1, "test event has no `name`");
    // The last line is cut off.
    assert_eq!(
        problems[7].0,
        "{\"type\":\"test\",\"event\":\"ok\",\"name\":\"bin$a"
    );
    assert!(
        problems[7]
            .1
            .starts_with("line is not a libtest json object: ")
    );
}
