//! libtest JSON lines, as `cargo nextest run --message-format libtest-json` writes them
//! (and `cargo test -- -Z unstable-options --format json`): one JSON object per line.
//!
//! Only `"type": "test"` lines with a final event (`ok`, `failed`, `ignored`) give results;
//! suite, bench and report lines are skipped. nextest names a test `<binary-id>$<path>` and
//! appends `#<attempt>` to the final event of a retried test (`…$tests::flaky#2` passed on
//! its second attempt: one retry).

use std::collections::BTreeMap;

use medtrace_core::evidence::{Outcome, TestResult};
use medtrace_core::{FileId, Span};
use serde::Deserialize;

use crate::text::{library_message, message_line, quoted, strip_bom};
use crate::{Problem, Report};

/// How many non-blank lines [`looks_like_libtest`] looks at.
const SNIFF_LINES: usize = 8;

#[derive(Deserialize)]
struct Line {
    #[serde(rename = "type")]
    kind: Option<String>,
    event: Option<String>,
    name: Option<String>,
    exec_time: Option<serde_json::Value>,
    stdout: Option<String>,
    message: Option<String>,
}

/// Whether one of the first lines is a libtest test or suite event.
pub(crate) fn looks_like_libtest(body: &str) -> bool {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(SNIFF_LINES)
        .map_while(|l| serde_json::from_str::<Line>(l).ok())
        .any(|l| matches!(l.kind.as_deref(), Some("test" | "suite")))
}

/// Reads libtest JSON lines.
pub(crate) fn read(file: FileId, text: &str) -> Report {
    let (body, base) = strip_bom(text);
    let mut results = Vec::new();
    let mut problems = Vec::new();
    // Tests that started, by name, with the span of their `started` line: each must end.
    let mut running: BTreeMap<String, Span> = BTreeMap::new();
    let mut start = 0;
    for raw in body.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let line = content.trim();
        if line.is_empty() {
            continue;
        }
        let from = base + line_start + lead;
        let span = Span::new(file, from, from + line.len());
        let mut problem = |message: String| problems.push(Problem { span, message });
        let parsed: Line = match serde_json::from_str(line) {
            Ok(l) => l,
            Err(e) => {
                problem(format!(
                    "line is not a libtest json object: {}",
                    library_message(&e.to_string())
                ));
                continue;
            }
        };
        let Some(kind) = parsed.kind.as_deref() else {
            problem("json line has no `type`".to_owned());
            continue;
        };
        if kind != "test" {
            continue;
        }
        let Some(full) = parsed.name.as_deref().filter(|n| !n.trim().is_empty()) else {
            problem("test event has no `name`".to_owned());
            continue;
        };
        let (base_name, attempt) = split_attempt(full);
        let outcome = match parsed.event.as_deref() {
            Some("ok") => Outcome::Passed,
            Some("failed") => Outcome::Failed,
            Some("ignored") => Outcome::Skipped,
            Some("started") => {
                running.insert(base_name.to_owned(), span);
                continue;
            }
            // libtest's warning that a test runs long; its result comes later.
            Some("timeout") => continue,
            Some(other) => {
                problem(format!(
                    "unknown test event `{}` for `{}`",
                    quoted(other),
                    quoted(full)
                ));
                continue;
            }
            None => {
                problem(format!("test line for `{}` has no `event`", quoted(full)));
                continue;
            }
        };
        running.remove(base_name);
        let seconds = match parsed.exec_time.as_ref().map(exec_seconds) {
            None => None,
            Some(Some(s)) => Some(s),
            Some(None) => {
                problem(format!(
                    "test `{}` has an `exec_time` that is not a number of seconds",
                    quoted(full)
                ));
                None
            }
        };
        let message = match outcome {
            Outcome::Passed => None,
            _ => parsed
                .message
                .as_deref()
                .and_then(message_line)
                .or_else(|| parsed.stdout.as_deref().and_then(message_line)),
        };
        let (classname, name) = match base_name.split_once('$') {
            Some((binary, path)) => (Some(binary.to_owned()), path.to_owned()),
            None => (None, base_name.to_owned()),
        };
        results.push(TestResult {
            name,
            classname,
            file: None,
            outcome,
            retries: attempt.saturating_sub(1),
            seconds,
            message,
            span,
        });
    }
    for (name, span) in running {
        problems.push(Problem {
            span,
            message: format!(
                "test `{}` started but the report has no result for it",
                quoted(&name)
            ),
        });
    }
    Report {
        results,
        problems,
        producer: Some("libtest-json".to_owned()),
    }
}

/// `name#3` is the third attempt of `name` (nextest); a name without the suffix is the first.
fn split_attempt(name: &str) -> (&str, u32) {
    if let Some((base, n)) = name.rsplit_once('#')
        && !base.is_empty()
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && let Ok(attempt) = n.parse::<u32>()
    {
        return (base, attempt.max(1));
    }
    (name, 1)
}

/// `exec_time` is a number of seconds; older libtest wrote it as a string such as `"0.01s"`.
fn exec_seconds(value: &serde_json::Value) -> Option<f64> {
    let v = match value {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().trim_end_matches('s').parse().ok()?,
        _ => return None,
    };
    (v.is_finite() && v >= 0.0).then_some(v)
}
