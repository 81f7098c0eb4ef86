//! Test-report readers: JUnit XML as pytest, cargo-nextest, jest-junit, googletest, ctest,
//! Maven Surefire, go-junit-report, gotestsum and bun really write it, and the libtest JSON
//! lines of `cargo nextest run --message-format libtest-json`, read into [`TestResult`]
//! values. This crate sits between the project loader (which reads the report files from
//! disk) and the verification checks in core: text in, values out. It never touches the
//! disk, never fails and never panics: a report that is malformed, truncated or not a
//! report at all gives every result read up to that point plus a [`Problem`] with a span,
//! and the caller carries on. The content is trusted over the counts a report states about
//! itself (`tests="…"`, `failures="…"`), which many producers get wrong.
//!
//! One result per `<testcase>` (or per final libtest event), in report order. A test case
//! with a `<failure>` failed (even when it also has an `<error>`, as when teardown fails
//! after an assertion), else with an `<error>` it is an error, else with `<skipped>` (or a
//! googletest/ctest `status`/`result` attribute saying it did not run) it was skipped,
//! else it passed. Retries are counted from Surefire's and nextest's `flakyFailure`,
//! `flakyError`, `rerunFailure` and `rerunError` children and from nextest's `#<attempt>`
//! name suffix. Test cases that a report repeats (gotestsum `--rerun-fails`, or
//! `go test -count=2`, which look alike) are kept as separate results, not merged. Names
//! and classnames are trimmed (jest-junit writes ` name` for a test outside any
//! `describe`), and an empty classname is no classname. The message is one line: the
//! `message` attribute, or the element's text when the attribute is missing or a
//! placeholder (`Failed`), without googletest's location line or Go's `=== RUN` lines.

mod junit;
mod libtest;
mod text;

use medtrace_core::evidence::TestResult;
use medtrace_core::{FileId, Span};

/// The formats this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportFormat {
    /// JUnit XML: a `<testsuites>` or `<testsuite>` root holding `<testcase>` elements.
    JunitXml,
    /// libtest JSON lines (`{"type":"test","event":"ok",…}`), as written by cargo-nextest.
    LibtestJson,
}

/// What a report holds: its results, the problems met while reading it, and a guess at
/// the tool that wrote it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// One result per test case, in report order.
    pub results: Vec<TestResult>,
    /// Problems in the report's text, in order of position.
    pub problems: Vec<Problem>,
    /// The tool that most likely wrote the report (`pytest`, `cargo-nextest`, `jest-junit`,
    /// `googletest`, `ctest`, `maven-surefire`, `go-junit-report`, `gotestsum`, `bun`,
    /// `libtest-json`), guessed from root attributes and shapes; `None` when nothing tells.
    pub producer: Option<String>,
}

/// Something wrong in a report's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the report.
    pub span: Span,
    /// What is wrong: one lowercase line.
    pub message: String,
}

/// Tells the format of a report from its content (never from its file name): XML whose
/// root element is `<testsuites>` or `<testsuite>`, or JSON lines whose first lines have
/// `"type": "test"` or `"type": "suite"`. `None` when it is neither.
pub fn sniff(text: &str) -> Option<ReportFormat> {
    let body = text::strip_bom(text).0.trim_start();
    if body.starts_with('<') {
        junit::root_is_junit(body).then_some(ReportFormat::JunitXml)
    } else if body.starts_with('{') {
        libtest::looks_like_libtest(body).then_some(ReportFormat::LibtestJson)
    } else {
        None
    }
}

// implements: SRS-033
/// Reads a report in the given format, or in the format [`sniff`] finds when `format` is
/// `None`. Spans point into `text` and carry `file`.
pub fn read(file: FileId, text: &str, format: Option<ReportFormat>) -> Report {
    let body = text::strip_bom(text).0.trim_start();
    // Without a format, XML goes to the JUnit reader even when sniffing fails: it says
    // precisely what is wrong (the root element, the syntax error) in one problem. JSON
    // that does not sniff as libtest is some other file, not a report with a problem on
    // every line.
    let format = format
        .or_else(|| sniff(text))
        .or_else(|| body.starts_with('<').then_some(ReportFormat::JunitXml));
    let mut report = match format {
        Some(ReportFormat::JunitXml) => junit::read(file, text),
        Some(ReportFormat::LibtestJson) => libtest::read(file, text),
        None => {
            let message = if body.is_empty() {
                "the report is empty".to_owned()
            } else {
                "not a test report: expected junit xml (a `<testsuites>` or `<testsuite>` \
                 root) or libtest json lines"
                    .to_owned()
            };
            Report {
                problems: vec![Problem {
                    span: Span::new(file, 0, 0),
                    message,
                }],
                ..Report::default()
            }
        }
    };
    report.problems.sort_by_key(|p| (p.span.start, p.span.end));
    report
}
