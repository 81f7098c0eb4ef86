//! JUnit XML, read as a stream of quick-xml events (no tree is built).
//!
//! There is no one JUnit format: every producer writes its own dialect. What is read:
//! `<testcase>` elements anywhere under the root, at any depth of `<testsuite>` nesting;
//! their `name`, `classname`, `file` and `time` attributes; the verdict children
//! `<failure>`, `<error>` and `<skipped>`; the retry children `<flakyFailure>`,
//! `<flakyError>`, `<rerunFailure>` and `<rerunError>` (Surefire and nextest); and the
//! `status` / `result` attributes with which googletest and ctest mark tests that did not
//! run. Counts on suites are ignored: the test cases are the truth.

use medtrace_core::evidence::{Outcome, TestResult};
use medtrace_core::{FileId, Span};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::text::{library_message, message_line, parse_seconds, quoted, strip_bom};
use crate::{Problem, Report};

/// More than this much text of a verdict is never needed to find its message line.
const MAX_VERDICT_TEXT: usize = 64 * 1024;

/// Whether the first element after the prolog is `<testsuites>` or `<testsuite>`.
/// `body` starts with `<`.
pub(crate) fn root_is_junit(body: &str) -> bool {
    let mut rest = body;
    loop {
        rest = rest.trim_start();
        let skip_to = if rest.starts_with("<?") {
            "?>"
        } else if rest.starts_with("<!--") {
            "-->"
        } else if rest.starts_with("<!") {
            // A DOCTYPE; one with an internal subset ends at `]>`.
            match (rest.find('['), rest.find('>')) {
                (Some(open), Some(close)) if open < close => "]>",
                _ => ">",
            }
        } else {
            break;
        };
        match rest.find(skip_to) {
            Some(i) => rest = &rest[i + skip_to.len()..],
            None => return false,
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    matches!(local(name), "testsuites" | "testsuite")
}

/// Reads a JUnit XML report.
pub(crate) fn read(file: FileId, text: &str) -> Report {
    let (body, mut base) = strip_bom(text);
    // quick-xml skips a byte order mark at the start of what it is given, and counts its
    // positions from after it: a second mark is skipped there and must be counted here.
    if body.starts_with('\u{feff}') {
        base += '\u{feff}'.len_utf8();
    }
    let mut reader = Reader::from_str(body);
    let mut p = Parser::new(file, base);
    loop {
        let before = offset(reader.buffer_position());
        let event = reader.read_event();
        let after = offset(reader.buffer_position());
        let flow = match event {
            Ok(Event::Start(e)) => p.open(&e, before, after, false),
            Ok(Event::Empty(e)) => p.open(&e, before, after, true),
            Ok(Event::End(_)) => p.close(after),
            Ok(Event::Text(t)) => p.text(&t.xml10_content(), before, after),
            Ok(Event::CData(t)) => p.text(&t.xml10_content(), before, after),
            Ok(Event::GeneralRef(r)) => p.reference(&r, before, after),
            Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_)) => Flow::Go,
            Ok(Event::Eof) => {
                p.eof(text.len() - base);
                break;
            }
            Err(e) => {
                let at = offset(reader.error_position());
                p.problem(
                    at,
                    at,
                    format!("malformed xml: {}", library_message(&e.to_string())),
                );
                p.drop_open_case();
                break;
            }
        };
        if flow == Flow::Stop {
            break;
        }
    }
    p.finish()
}

fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

/// The part of a name after its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Failure,
    Error,
    Skipped,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Root,
    Suite,
    Case,
    /// A verdict child of a test case; `true` while its text is being collected.
    Verdict(Kind, bool),
    Other,
}

struct Open {
    frame: Frame,
    name: Box<str>,
}

#[derive(Default)]
struct Verdict {
    /// The `message` attribute, when present and not blank.
    message: Option<String>,
    /// The element's own text, collected only when the message attribute is missing or a
    /// placeholder.
    text: String,
}

struct Case {
    start: usize,
    tag_end: usize,
    name: Option<String>,
    classname: Option<String>,
    file: Option<String>,
    seconds: Option<f64>,
    /// What `status` / `result` attributes say, when they say the test did not pass.
    status: Option<Outcome>,
    failure: Option<Verdict>,
    error: Option<Verdict>,
    skipped: Option<Verdict>,
    retries: u32,
}

/// What the report's shape says about the tool that wrote it.
#[derive(Default)]
struct Signals {
    root_testsuites: bool,
    root_name: Option<String>,
    root_uuid: bool,
    root_time: bool,
    suite_named_pytest: bool,
    suite_id: bool,
    surefire_schema: bool,
    java_property: bool,
    go_property: bool,
    pytest_type: bool,
    case_status: bool,
    case_result: bool,
    go_failure: bool,
}

struct Parser {
    file: FileId,
    /// Offset of the parsed text in the report (the length of a byte order mark).
    base: usize,
    results: Vec<TestResult>,
    problems: Vec<Problem>,
    signals: Signals,
    stack: Vec<Open>,
    case: Option<Case>,
    root_seen: bool,
    root_closed: bool,
}

type Attrs = Vec<(String, String)>;

fn get<'a>(attrs: &'a Attrs, key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// An attribute's value trimmed, or `None` when missing or blank.
fn non_blank(attrs: &Attrs, key: &str) -> Option<String> {
    get(attrs, key)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl Parser {
    fn new(file: FileId, base: usize) -> Parser {
        Parser {
            file,
            base,
            results: Vec::new(),
            problems: Vec::new(),
            signals: Signals::default(),
            stack: Vec::new(),
            case: None,
            root_seen: false,
            root_closed: false,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(
            self.file,
            start.saturating_add(self.base),
            end.saturating_add(self.base),
        )
    }

    fn problem(&mut self, start: usize, end: usize, message: String) {
        let span = self.span(start, end);
        self.problems.push(Problem { span, message });
    }

    /// The attributes of an element, unescaped; a malformed one is a problem and ends the
    /// list.
    fn attributes(&mut self, e: &BytesStart<'_>, start: usize, end: usize) -> Attrs {
        let mut out = Vec::new();
        for attr in e.attributes() {
            match attr {
                Ok(a) => {
                    let key = local(a.key.0).to_owned();
                    let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                        Ok(v) => v.into_owned(),
                        Err(err) => {
                            self.problem(
                                start,
                                end,
                                format!(
                                    "attribute `{}` cannot be read ({}); its raw text is used",
                                    quoted(&key),
                                    library_message(&err.to_string())
                                ),
                            );
                            a.value.into_owned()
                        }
                    };
                    out.push((key, value));
                }
                Err(err) => {
                    self.problem(
                        start,
                        end,
                        format!("malformed attribute: {}", library_message(&err.to_string())),
                    );
                    break;
                }
            }
        }
        out
    }

    fn open(&mut self, e: &BytesStart<'_>, start: usize, end: usize, empty: bool) -> Flow {
        let qname = e.name();
        let name = local(qname.0);
        let parent = self.stack.last().map(|o| o.frame);
        let frame = match parent {
            None => {
                if self.root_closed {
                    self.problem(
                        start,
                        end,
                        format!(
                            "element `<{}>` after the end of the root element",
                            quoted(name)
                        ),
                    );
                    return Flow::Stop;
                }
                if !matches!(name, "testsuites" | "testsuite") {
                    self.problem(
                        start,
                        end,
                        format!(
                            "the root element is `<{}>`, not `<testsuites>` or \
                             `<testsuite>`: this is not a junit report",
                            quoted(name)
                        ),
                    );
                    return Flow::Stop;
                }
                self.root_seen = true;
                let attrs = self.attributes(e, start, end);
                self.root_signals(name, &attrs);
                Frame::Root
            }
            Some(Frame::Root | Frame::Suite) => match name {
                "testsuite" => {
                    let attrs = self.attributes(e, start, end);
                    self.suite_signals(&attrs);
                    Frame::Suite
                }
                "testcase" => {
                    let attrs = self.attributes(e, start, end);
                    self.case = Some(self.new_case(&attrs, start, end));
                    Frame::Case
                }
                _ => self.other(e, name, start, end),
            },
            Some(Frame::Case) => match name {
                "failure" | "error" | "skipped" => {
                    let attrs = self.attributes(e, start, end);
                    self.verdict(name, &attrs)
                }
                "flakyFailure" | "flakyError" | "rerunFailure" | "rerunError" => {
                    if let Some(case) = &mut self.case {
                        case.retries = case.retries.saturating_add(1);
                    }
                    Frame::Other
                }
                _ => self.other(e, name, start, end),
            },
            Some(Frame::Verdict(..) | Frame::Other) => self.other(e, name, start, end),
        };
        self.stack.push(Open {
            frame,
            name: name.into(),
        });
        if empty { self.close(end) } else { Flow::Go }
    }

    /// An element that holds nothing we read; `<property>` still tells about the producer.
    fn other(&mut self, e: &BytesStart<'_>, name: &str, start: usize, end: usize) -> Frame {
        if name == "property" {
            let attrs = self.attributes(e, start, end);
            if let Some(key) = get(&attrs, "name") {
                self.signals.go_property |= key == "go.version";
                self.signals.java_property |=
                    key.starts_with("java.") || key.starts_with("surefire.");
            }
        }
        Frame::Other
    }

    fn root_signals(&mut self, name: &str, attrs: &Attrs) {
        let s = &mut self.signals;
        s.root_testsuites = name == "testsuites";
        s.root_name = get(attrs, "name").map(str::to_owned);
        s.root_uuid = get(attrs, "uuid").is_some();
        s.root_time = get(attrs, "time").is_some();
        if name == "testsuite" {
            self.suite_signals(attrs);
        }
    }

    fn suite_signals(&mut self, attrs: &Attrs) {
        let s = &mut self.signals;
        s.suite_named_pytest |= get(attrs, "name") == Some("pytest");
        s.suite_id |= get(attrs, "id").is_some() && get(attrs, "package").is_none();
        s.surefire_schema |=
            get(attrs, "noNamespaceSchemaLocation").is_some_and(|v| v.contains("surefire"));
    }

    fn new_case(&mut self, attrs: &Attrs, start: usize, end: usize) -> Case {
        let name = non_blank(attrs, "name");
        let status = get(attrs, "status").map(str::trim);
        let result = get(attrs, "result").map(str::trim);
        self.signals.case_status |= status.is_some();
        self.signals.case_result |= result.is_some();
        let status = match (status, result) {
            (_, Some("skipped" | "suppressed")) => Some(Outcome::Skipped),
            (Some(s), _) => status_outcome(s),
            _ => None,
        };
        let seconds = match get(attrs, "time") {
            None => None,
            Some(raw) => parse_seconds(raw).unwrap_or_else(|()| {
                let who = name.as_deref().unwrap_or("");
                self.problem(
                    start,
                    end,
                    format!(
                        "test case `{}` has time `{}`, which is not a number of seconds",
                        quoted(who),
                        quoted(raw)
                    ),
                );
                None
            }),
        };
        Case {
            start,
            tag_end: end,
            name,
            classname: non_blank(attrs, "classname"),
            file: non_blank(attrs, "file"),
            seconds,
            status,
            failure: None,
            error: None,
            skipped: None,
            retries: 0,
        }
    }

    fn verdict(&mut self, name: &str, attrs: &Attrs) -> Frame {
        let kind = match name {
            "failure" => Kind::Failure,
            "error" => Kind::Error,
            _ => Kind::Skipped,
        };
        if get(attrs, "type").is_some_and(|t| t.starts_with("pytest.")) {
            self.signals.pytest_type = true;
        }
        if kind == Kind::Failure && get(attrs, "message") == Some("Failed") {
            self.signals.go_failure = true;
        }
        let Some(case) = &mut self.case else {
            return Frame::Other;
        };
        let slot = match kind {
            Kind::Failure => &mut case.failure,
            Kind::Error => &mut case.error,
            Kind::Skipped => &mut case.skipped,
        };
        // googletest writes one <failure> per failed assertion; the first one speaks.
        if slot.is_some() {
            return Frame::Verdict(kind, false);
        }
        let message = get(attrs, "message")
            .filter(|m| !m.trim().is_empty())
            .map(str::to_owned);
        let collect = message.as_deref().is_none_or(is_placeholder);
        *slot = Some(Verdict {
            message,
            text: String::new(),
        });
        Frame::Verdict(kind, collect)
    }

    fn close(&mut self, end: usize) -> Flow {
        let Some(open) = self.stack.pop() else {
            return Flow::Go;
        };
        if open.frame == Frame::Case
            && let Some(case) = self.case.take()
        {
            self.finish_case(case, end);
        }
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        Flow::Go
    }

    fn text(&mut self, text: &str, start: usize, end: usize) -> Flow {
        match self.stack.last().map(|o| o.frame) {
            None => self.outside_root(text, start, end),
            Some(Frame::Verdict(kind, true)) => {
                self.collect(kind, text);
                Flow::Go
            }
            Some(_) => Flow::Go,
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>, start: usize, end: usize) -> Flow {
        let resolved: String = match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => match resolve_predefined_entity(r) {
                Some(s) => s.to_owned(),
                None => format!("&{};", &**r),
            },
        };
        self.text(&resolved, start, end)
    }

    fn outside_root(&mut self, text: &str, start: usize, end: usize) -> Flow {
        if text.trim().is_empty() {
            return Flow::Go;
        }
        let message = if self.root_seen {
            "text after the end of the root element"
        } else {
            "expected a `<testsuites>` or `<testsuite>` element, found text: this is not a \
             junit report"
        };
        self.problem(start, end, message.to_owned());
        Flow::Stop
    }

    fn collect(&mut self, kind: Kind, text: &str) {
        let Some(case) = &mut self.case else { return };
        let slot = match kind {
            Kind::Failure => &mut case.failure,
            Kind::Error => &mut case.error,
            Kind::Skipped => &mut case.skipped,
        };
        if let Some(v) = slot
            && v.text.len() < MAX_VERDICT_TEXT
        {
            v.text.push_str(text);
        }
    }

    fn finish_case(&mut self, case: Case, end: usize) {
        let Some(name) = case.name else {
            self.problem(
                case.start,
                case.tag_end,
                "test case has no `name` attribute and was not read".to_owned(),
            );
            return;
        };
        // A failed assertion is the verdict even when teardown then errs as well.
        let (outcome, verdict) = if let Some(v) = &case.failure {
            (Outcome::Failed, Some(v))
        } else if let Some(v) = &case.error {
            (Outcome::Error, Some(v))
        } else if let Some(v) = &case.skipped {
            (Outcome::Skipped, Some(v))
        } else {
            (case.status.unwrap_or(Outcome::Passed), None)
        };
        let message = verdict.and_then(|v| {
            let attribute = v.message.as_deref();
            attribute
                .filter(|m| !is_placeholder(m))
                .and_then(message_line)
                .or_else(|| message_line(&v.text))
                .or_else(|| attribute.and_then(message_line))
        });
        let span = self.span(case.start, end);
        self.results.push(TestResult {
            name,
            classname: case.classname,
            file: case.file,
            outcome,
            retries: case.retries,
            seconds: case.seconds,
            message,
            span,
        });
    }

    /// After a syntax error the test case being read is incomplete; it is not reported.
    fn drop_open_case(&mut self) {
        self.case = None;
    }

    fn eof(&mut self, len: usize) {
        if let Some(open) = self.stack.last() {
            let what = if self.case.is_some() {
                "the report ends inside a `<testcase>` (the file is truncated); that test \
                 case was not read"
                    .to_owned()
            } else {
                format!(
                    "the report ends inside `<{}>` (the file is truncated)",
                    quoted(&open.name)
                )
            };
            self.problem(len, len, what);
        } else if !self.root_seen {
            self.problem(
                0,
                0,
                "no `<testsuites>` or `<testsuite>` element: this is not a junit report".to_owned(),
            );
        }
        self.case = None;
    }

    fn finish(self) -> Report {
        Report {
            producer: producer(&self.signals).map(str::to_owned),
            results: self.results,
            problems: self.problems,
        }
    }
}

/// A `message` attribute that says nothing the element does not: go-junit-report and
/// gotestsum write `Failed` and `Skipped` and put what went wrong in the text.
fn is_placeholder(message: &str) -> bool {
    matches!(message.trim(), "Failed" | "Skipped")
}

/// What a `status` attribute says, when it says the test did not pass: googletest writes
/// `run` / `notrun`, ctest `run` / `fail` / `notrun` / `disabled`.
fn status_outcome(status: &str) -> Option<Outcome> {
    match status.to_ascii_lowercase().as_str() {
        "notrun" | "disabled" | "skipped" | "skip" | "ignored" => Some(Outcome::Skipped),
        "fail" | "failed" | "failure" => Some(Outcome::Failed),
        "error" | "errored" => Some(Outcome::Error),
        _ => None,
    }
}

/// Guesses the tool from what each writes and others do not.
fn producer(s: &Signals) -> Option<&'static str> {
    let root_name = s.root_name.as_deref();
    if root_name == Some("nextest-run") || s.root_uuid {
        return Some("cargo-nextest");
    }
    if root_name == Some("jest tests") {
        return Some("jest-junit");
    }
    if root_name == Some("bun test") {
        return Some("bun");
    }
    if s.surefire_schema || s.java_property {
        return Some("maven-surefire");
    }
    if root_name == Some("pytest tests") || s.suite_named_pytest || s.pytest_type {
        return Some("pytest");
    }
    if root_name == Some("AllTests") || (s.case_status && s.case_result) {
        return Some("googletest");
    }
    if !s.root_testsuites && s.case_status {
        return Some("ctest");
    }
    if s.go_property || s.go_failure || s.suite_id {
        // gotestsum writes `time` on the root and no suite ids; go-junit-report v2 writes
        // suite ids and no root time (v1 is gotestsum's model and looks the same).
        return Some(if s.root_time && !s.suite_id {
            "gotestsum"
        } else {
            "go-junit-report"
        });
    }
    None
}
