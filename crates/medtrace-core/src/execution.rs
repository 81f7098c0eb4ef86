//! Manual test execution records: who ran a test item, when, on what, and what happened.
//!
//! An execution record is a Markdown file in an item folder whose front matter has
//! `executes: TST-…` instead of `id:`. Its fields answer IEC 62304 5.7.5 and 9.8: the
//! tester, the date, the software version, the configuration, the tools, each step's
//! actual result and verdict, the overall result and the anomalies raised.

use crate::diagnostic::{Code, Diagnostic};
use crate::evidence::Outcome;
use crate::item::{Field, is_date};
use crate::source::{FileId, Span};
use crate::yaml::{Node, Value};

/// One step of an execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The step's number or label as written.
    pub step: String,
    /// What was observed.
    pub actual: String,
    /// Its verdict, if given as pass or fail.
    pub result: Option<Outcome>,
    /// Where the step is written.
    pub span: Span,
}

/// A manual test execution record.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    /// The file.
    pub file: FileId,
    /// The test item executed, as written.
    pub executes: String,
    /// Where `executes` names it.
    pub executes_span: Span,
    /// Who ran it.
    pub tester: Option<String>,
    /// When (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The software version tested (tag, commit).
    pub version: Option<String>,
    /// The hardware and software configuration.
    pub configuration: Option<String>,
    /// Tools and instruments used.
    pub tools: Vec<String>,
    /// The overall verdict (`pass` or `fail`); a failed step makes it `fail`.
    pub result: Option<Outcome>,
    /// Whether a `result` field is written at all (a wrong value is reported once, as
    /// invalid, not again as missing).
    pub result_written: bool,
    /// Where the overall verdict is written (or the `executes` line when absent).
    pub result_span: Span,
    /// The steps.
    pub steps: Vec<Step>,
    /// Problem reports raised, as written, with their places.
    pub anomalies: Vec<(String, Span)>,
}

/// The fields an execution record must have (5.7.5, 9.8 — all classes since Amendment 1);
/// a test run without tools says so (`tools: [none]`).
pub const REQUIRED: [&str; 6] = [
    "tester",
    "date",
    "version",
    "configuration",
    "tools",
    "result",
];

const KNOWN: [&str; 9] = [
    "executes",
    "tester",
    "date",
    "version",
    "configuration",
    "tools",
    "result",
    "steps",
    "anomalies",
];

fn verdict(text: &str) -> Option<Outcome> {
    match text.trim() {
        "pass" | "passed" => Some(Outcome::Passed),
        "fail" | "failed" => Some(Outcome::Failed),
        _ => None,
    }
}

fn scalars(node: &Node) -> Vec<(String, Span)> {
    match &node.value {
        Value::Scalar { text, .. } if !node.is_null() => vec![(text.trim().to_string(), node.span)],
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s.trim().to_string(), n.span)))
            .filter(|(s, _)| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn invalid(diags: &mut Vec<Diagnostic>, span: Span, message: String, help: &str) {
    diags.push(Diagnostic::new(Code::ExecutionRecordInvalid, Some(span), message).with_help(help));
}

// implements: SRS-035
/// Reads an execution record from its fields; `executes` is among them.
pub fn read(file: FileId, fields: &[Field], diags: &mut Vec<Diagnostic>) -> Option<Execution> {
    let get = |name: &str| fields.iter().find(|f| f.name == name);
    let text = |name: &str| {
        get(name)
            .and_then(|f| f.value.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let executes_field = get("executes")?;
    let Some(executes) = executes_field
        .value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        invalid(
            diags,
            executes_field.value.span,
            "`executes` must name one test item".into(),
            "write `executes: TST-…`",
        );
        return None;
    };
    for f in fields.iter().filter(|f| !KNOWN.contains(&f.name.as_str())) {
        let near = crate::diagnostic::closest(&f.name, KNOWN);
        let help = near.map_or_else(
            || format!("execution records have {}", KNOWN.join(", ")),
            |n| format!("did you mean `{n}`?"),
        );
        diags.push(
            Diagnostic::new(
                Code::FieldUnknown,
                Some(f.key_span),
                format!(
                    "execution record of `{executes}` has an unknown field `{}`",
                    f.name
                ),
            )
            .with_help(help),
        );
    }
    let date = text("date");
    if let (Some(d), Some(f)) = (&date, get("date"))
        && !is_date(d)
    {
        invalid(
            diags,
            f.value.span,
            format!("`date` is `{d}`, not a date (YYYY-MM-DD)"),
            "write the date as YYYY-MM-DD",
        );
    }
    let result_field = get("result");
    let result = result_field
        .and_then(|f| f.value.as_str())
        .and_then(verdict);
    if let Some(f) = result_field
        && !f.value.is_null()
        && result.is_none()
    {
        invalid(
            diags,
            f.value.span,
            "`result` must be `pass` or `fail`".into(),
            "write `result: pass` or `result: fail`",
        );
    }
    let mut steps = Vec::new();
    if let Some(f) = get("steps") {
        match &f.value.value {
            Value::Seq(items) => {
                for item in items {
                    let Value::Map(entries) = &item.value else {
                        invalid(
                            diags,
                            item.span,
                            "a step must be a mapping with `step`, `actual` and `result`".into(),
                            "write `- step: 1` then `actual:` and `result:` lines",
                        );
                        continue;
                    };
                    let field = |name: &str| {
                        entries
                            .iter()
                            .find(|(k, _)| k.as_str() == Some(name))
                            .and_then(|(_, v)| v.as_str())
                            .map(|s| s.trim().to_string())
                    };
                    let step = Step {
                        step: field("step").unwrap_or_default(),
                        actual: field("actual").unwrap_or_default(),
                        result: field("result").as_deref().and_then(verdict),
                        span: item.span,
                    };
                    if step.result.is_none() {
                        invalid(
                            diags,
                            item.span,
                            format!("step `{}` has no `result: pass` or `fail`", step.step),
                            "give every step its verdict (IEC 62304 5.7.5)",
                        );
                    }
                    steps.push(step);
                }
            }
            _ if f.value.is_null() => {}
            _ => invalid(
                diags,
                f.value.span,
                "`steps` must be a list".into(),
                "write one `- step:` entry per step",
            ),
        }
    }
    // A record cannot pass with a failed step: count it as failed, and say so.
    let mut result = result;
    if let Some(failed) = steps.iter().find(|s| s.result == Some(Outcome::Failed))
        && result == Some(Outcome::Passed)
    {
        invalid(
            diags,
            failed.span,
            format!(
                "step `{}` failed but the record's `result` is pass",
                failed.step
            ),
            "set `result: fail` and raise a problem report, or correct the step's verdict",
        );
        result = Some(Outcome::Failed);
    }
    Some(Execution {
        file,
        executes: executes.to_string(),
        executes_span: executes_field.value.span,
        tester: text("tester"),
        date,
        version: text("version"),
        configuration: text("configuration"),
        tools: get("tools")
            .map(|f| scalars(&f.value).into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default(),
        result,
        result_written: result_field.is_some_and(|f| !f.value.is_null()),
        result_span: result_field.map_or(executes_field.value.span, |f| f.value.span),
        steps,
        anomalies: get("anomalies")
            .map(|f| scalars(&f.value))
            .unwrap_or_default(),
    })
}
