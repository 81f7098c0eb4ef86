//! The context of an item page (`item.html`): everything about one item, as template
//! values. HTML fragments (fields, body, trace graph) are built here, escaped, and
//! passed as safe strings; everything else is plain text the template escapes.

use crate::fields::{self, HEADING_FIELDS};
use crate::graph_svg::trace_graph;
use crate::html::{item_path, place};
use medtrace_core::evidence::TagRole;
use medtrace_core::verification::{Verifier, VerifierEvidence};
use medtrace_core::{Analysis, ItemIdx, ItemType, LinkRole};
use minijinja::Value;
use std::collections::BTreeMap;

/// From an item page to the site root.
pub const ROOT: &str = "../";

fn map(entries: Vec<(&'static str, Value)>) -> Value {
    Value::from(entries.into_iter().collect::<BTreeMap<&str, Value>>())
}

/// A link for the template: role, ID, title and page.
fn link(analysis: &Analysis, role: &str, item: ItemIdx) -> Value {
    let it = &analysis.items[item];
    map(vec![
        ("role", Value::from(role)),
        ("id", Value::from(it.id.as_str())),
        ("title", Value::from(it.title.as_str())),
        ("type", Value::from(it.ty.key())),
        ("href", Value::from(format!("{ROOT}{}", item_path(&it.id)))),
    ])
}

/// The name a verifier is shown by and its page, if it has one.
pub fn verifier_label(analysis: &Analysis, verifier: Verifier) -> (String, Option<String>) {
    match verifier {
        Verifier::TestItem(t) => (
            analysis.items[t].id.clone(),
            Some(item_path(&analysis.items[t].id)),
        ),
        Verifier::TaggedTest(t) => {
            let tag = &analysis.evidence.tags[t];
            (
                format!(
                    "{} ({})",
                    tag.test.as_deref().unwrap_or("?"),
                    place(analysis, tag.span)
                ),
                None,
            )
        }
    }
}

fn outcome(ev: &VerifierEvidence) -> &'static str {
    ev.outcome.map_or("no result", |o| o.as_str())
}

/// Test results and execution records of a test item.
fn test_results(analysis: &Analysis, ev: &VerifierEvidence) -> Vec<Value> {
    let mut out = Vec::new();
    for &(r, k) in &ev.results {
        let Some(result) = analysis
            .evidence
            .reports
            .get(r)
            .and_then(|rep| rep.results.get(k))
        else {
            continue;
        };
        let report = analysis.sources.get(analysis.evidence.reports[r].file);
        out.push(map(vec![
            ("name", Value::from(result.full_name())),
            ("outcome", Value::from(result.outcome.as_str())),
            ("source", Value::from(report.path.as_str())),
        ]));
    }
    for &e in &ev.executions {
        let Some(exe) = analysis.evidence.executions.get(e) else {
            continue;
        };
        let file = analysis.sources.get(exe.file);
        let who = [
            exe.date.as_deref(),
            exe.tester.as_deref(),
            exe.version.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        out.push(map(vec![
            ("name", Value::from(format!("manual execution ({who})"))),
            (
                "outcome",
                Value::from(exe.result.map_or("no verdict", |o| o.as_str())),
            ),
            ("source", Value::from(file.path.as_str())),
        ]));
    }
    out
}

/// The whole context of one item page; `body` is the rendered Markdown body.
pub fn context(analysis: &Analysis, idx: ItemIdx, body: String) -> Value {
    let it = &analysis.items[idx];
    let record = analysis.sources.get(it.file);
    let fields: Vec<Value> = it
        .fields
        .iter()
        // Links are listed under upstream with their titles; the heading shows the rest.
        .filter(|f| {
            !HEADING_FIELDS.contains(&f.name.as_str())
                && !f.value.is_null()
                && LinkRole::for_field(it.ty, &f.name).is_none()
        })
        .map(|f| {
            map(vec![
                ("name", Value::from(f.name.as_str())),
                (
                    "html",
                    Value::from_safe_string(fields::render(analysis, &f.value, ROOT)),
                ),
            ])
        })
        .collect();
    let upstream: Vec<Value> = analysis
        .graph
        .outgoing(idx)
        .iter()
        .map(|e| link(analysis, e.role.field(), e.item))
        .collect();
    let downstream: Vec<Value> = analysis
        .graph
        .incoming(idx)
        .iter()
        .map(|e| link(analysis, e.role.reverse_name(), e.item))
        .collect();
    let code: Vec<Value> = analysis
        .verification
        .tags
        .get(idx)
        .map(|tags| {
            tags.iter()
                .map(|&t| &analysis.evidence.tags[t])
                .map(|tag| {
                    map(vec![
                        ("role", Value::from(tag.role.keyword())),
                        ("place", Value::from(place(analysis, tag.span))),
                        ("test", Value::from(tag.test.clone())),
                    ])
                })
                .collect()
        })
        .unwrap_or_default();
    let verification = analysis
        .verification
        .items
        .get(idx)
        .and_then(Option::as_ref);
    let verifiers: Vec<Value> = verification
        .map(|v| {
            v.verifiers
                .iter()
                .map(|ev| {
                    let (name, href) = verifier_label(analysis, ev.verifier);
                    map(vec![
                        ("name", Value::from(name)),
                        ("href", Value::from(href.map(|h| format!("{ROOT}{h}")))),
                        ("outcome", Value::from(outcome(ev))),
                    ])
                })
                .collect()
        })
        .unwrap_or_default();
    let results = match analysis
        .verification
        .tests
        .get(idx)
        .and_then(Option::as_ref)
    {
        Some(ev) if it.ty == ItemType::Tst => test_results(analysis, ev),
        _ => Vec::new(),
    };
    let implemented = analysis.verification.tags.get(idx).is_some_and(|t| {
        t.iter()
            .any(|&k| analysis.evidence.tags[k].role == TagRole::Implements)
    });
    map(vec![
        ("id", Value::from(it.id.as_str())),
        ("title", Value::from(it.title.as_str())),
        ("type", Value::from(it.ty.key())),
        ("type_name", Value::from(it.ty.name())),
        ("prefix", Value::from(analysis.config.prefix(it.ty))),
        ("status", Value::from(it.status.as_str())),
        ("class", Value::from(analysis.effective_class(idx).as_str())),
        (
            "class_source",
            Value::from(analysis.class_source(idx).replace('`', "")),
        ),
        ("path", Value::from(record.path.as_str())),
        ("fields", Value::from(fields)),
        ("body", Value::from_safe_string(body)),
        ("upstream", Value::from(upstream)),
        ("downstream", Value::from(downstream)),
        ("code", Value::from(code)),
        ("implemented", Value::from(implemented)),
        (
            "verification",
            Value::from(verification.map(|v| v.status.as_str())),
        ),
        ("verifiers", Value::from(verifiers)),
        ("results", Value::from(results)),
        (
            "graph",
            Value::from_safe_string(trace_graph(analysis, idx, ROOT)),
        ),
    ])
}
