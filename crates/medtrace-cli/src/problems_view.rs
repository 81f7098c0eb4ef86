//! `medtrace problems`: the problem reports with their state, criticality, version and
//! affected items; `medtrace problems trends` counts them, open and closed, by state,
//! category, criticality, affected item and version (IEC 62304 9.6). Text, Markdown or
//! JSON.

use crate::table;
use clap::{Subcommand, ValueEnum};
use medtrace_core::checks::lifecycle;
use medtrace_core::{Analysis, ItemType, LinkRole, Status};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Output formats of `medtrace problems`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProblemsFormat {
    Text,
    Markdown,
    Json,
}

/// What `medtrace problems` shows besides the list.
#[derive(Subcommand)]
pub enum ProblemsAction {
    /// Count the problem reports, open and closed, by state, category, criticality
    /// (safety, performance, security), affected item and version (9.6).
    Trends,
}

/// What is shown of a value that is not written.
const NONE: &str = "—";

/// One problem report as the views show it.
struct Problem<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    state: &'static str,
    closed: bool,
    /// The areas with an effect; `None` when `criticality` states none of them.
    effects: Option<Vec<&'static str>>,
    version: Option<&'a str>,
    category: Option<&'a str>,
    affects: Vec<&'a str>,
}

impl Problem<'_> {
    fn criticality(&self) -> String {
        match &self.effects {
            None => "not stated".into(),
            Some(e) if e.is_empty() => "none".into(),
            Some(e) => e.join(", "),
        }
    }
}

fn problems(analysis: &Analysis) -> Vec<Problem<'_>> {
    let mut out = Vec::new();
    for (i, item) in analysis.items.iter().enumerate() {
        if item.ty != ItemType::Prb || item.status == Status::Obsolete {
            continue;
        }
        let stated = ["safety", "performance", "security"]
            .iter()
            .any(|k| lifecycle::key(item, "criticality", k).is_some());
        let mut affects: Vec<&str> = analysis
            .graph
            .targets(i, LinkRole::Affects)
            .map(|t| analysis.items[t].id.as_str())
            .collect();
        affects.dedup();
        out.push(Problem {
            id: &item.id,
            title: &item.title,
            path: &analysis.sources.get(item.file).path,
            state: lifecycle::problem_state(item).map_or("unknown", |s| s.name),
            closed: lifecycle::problem_closed(item),
            effects: stated.then(|| lifecycle::effects(item)),
            version: item.text("version").map(str::trim),
            category: item.text("category").map(str::trim),
            affects,
        });
    }
    out
}

fn list_json(problems: &[Problem<'_>]) -> Value {
    let rows: Vec<Value> = problems
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "title": p.title,
                "state": p.state,
                "closed": p.closed,
                "effects": p.effects,
                "version": p.version,
                "category": p.category,
                "affects": p.affects,
                "path": p.path,
            })
        })
        .collect();
    json!({ "version": 1, "problems": rows })
}

fn list_rows(problems: &[Problem<'_>]) -> Vec<Vec<String>> {
    problems
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.state.to_string(),
                p.criticality(),
                p.version.unwrap_or(NONE).to_string(),
                p.category.unwrap_or(NONE).to_string(),
                if p.affects.is_empty() {
                    NONE.to_string()
                } else {
                    p.affects.join(", ")
                },
                p.title.to_string(),
            ]
        })
        .collect()
}

const LIST_HEADER: [&str; 7] = [
    "ID",
    "state",
    "criticality",
    "version",
    "category",
    "affects",
    "title",
];

fn tally(problems: &[Problem<'_>]) -> String {
    let closed = problems.iter().filter(|p| p.closed).count();
    format!(
        "{}: {} open, {closed} closed\n",
        crate::report::plural(problems.len(), "problem report"),
        problems.len() - closed
    )
}

/// Counts per key: (open, closed).
type Counts = BTreeMap<String, (usize, usize)>;

/// One row of a grouping: the key, how many open, how many closed.
type TrendRow = (String, usize, usize);

/// A grouping of the trend analysis: its name and rows.
type Grouping = (&'static str, Vec<TrendRow>);

/// The groupings of the trend analysis, each with its name and counts.
fn trends(problems: &[Problem<'_>]) -> Vec<Grouping> {
    let mut by_state: Counts = BTreeMap::new();
    let mut by_category: Counts = BTreeMap::new();
    let mut by_effect: Counts = BTreeMap::new();
    let mut by_item: Counts = BTreeMap::new();
    let mut by_version: Counts = BTreeMap::new();
    let count = |map: &mut Counts, key: &str, closed: bool| {
        let slot = map.entry(key.to_string()).or_default();
        if closed {
            slot.1 += 1;
        } else {
            slot.0 += 1;
        }
    };
    for p in problems {
        count(&mut by_state, p.state, p.closed);
        count(&mut by_category, p.category.unwrap_or("(none)"), p.closed);
        match &p.effects {
            None => count(&mut by_effect, "(not stated)", p.closed),
            Some(e) if e.is_empty() => count(&mut by_effect, "none", p.closed),
            Some(e) => e.iter().for_each(|a| count(&mut by_effect, a, p.closed)),
        }
        if p.affects.is_empty() {
            count(&mut by_item, "(none)", p.closed);
        }
        for id in &p.affects {
            count(&mut by_item, id, p.closed);
        }
        count(&mut by_version, p.version.unwrap_or("(none)"), p.closed);
    }
    let order = |map: Counts, by_state: bool| {
        let mut rows: Vec<TrendRow> = map.into_iter().map(|(k, (o, c))| (k, o, c)).collect();
        if by_state {
            let rank = |k: &str| {
                lifecycle::PROBLEM_STATES
                    .iter()
                    .position(|s| s.name == k)
                    .unwrap_or(usize::MAX)
            };
            rows.sort_by_key(|r| rank(&r.0));
        } else {
            // Most frequent first: the trend to look at; ties in key order.
            rows.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then(a.0.cmp(&b.0)));
        }
        rows
    };
    vec![
        ("state", order(by_state, true)),
        ("category", order(by_category, false)),
        ("criticality", order(by_effect, false)),
        ("affected item", order(by_item, false)),
        ("version", order(by_version, false)),
    ]
}

fn trends_json(problems: &[Problem<'_>]) -> Value {
    let closed = problems.iter().filter(|p| p.closed).count();
    let mut out = serde_json::Map::new();
    out.insert("version".into(), json!(1));
    out.insert("total".into(), json!(problems.len()));
    out.insert("open".into(), json!(problems.len() - closed));
    out.insert("closed".into(), json!(closed));
    for (name, rows) in trends(problems) {
        let key = format!("by-{}", name.replace(' ', "-"));
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|(k, open, closed)| {
                json!({ "key": k, "total": open + closed, "open": open, "closed": closed })
            })
            .collect();
        out.insert(key, Value::Array(rows));
    }
    Value::Object(out)
}

fn trend_rows(rows: &[TrendRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|(k, open, closed)| {
            vec![
                k.clone(),
                (open + closed).to_string(),
                open.to_string(),
                closed.to_string(),
            ]
        })
        .collect()
}

/// A Markdown table; `|` in cells escaped.
fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// What `medtrace problems [trends]` prints: text or Markdown, or the JSON value.
pub enum Rendered {
    /// Text or Markdown.
    Text(String),
    /// JSON.
    Json(Value),
}

// implements: SRS-064
/// Renders the list, or with `trends` the trend analysis.
pub fn render(analysis: &Analysis, trends_wanted: bool, format: ProblemsFormat) -> Rendered {
    let problems = problems(analysis);
    match (trends_wanted, format) {
        (false, ProblemsFormat::Json) => Rendered::Json(list_json(&problems)),
        (true, ProblemsFormat::Json) => Rendered::Json(trends_json(&problems)),
        (false, ProblemsFormat::Text) => {
            let mut out = table::render(&LIST_HEADER, &list_rows(&problems));
            out.push_str(&tally(&problems));
            Rendered::Text(out)
        }
        (false, ProblemsFormat::Markdown) => {
            let mut out = markdown_table(&LIST_HEADER, &list_rows(&problems));
            out.push('\n');
            out.push_str(&tally(&problems));
            Rendered::Text(out)
        }
        (true, ProblemsFormat::Text) => {
            let mut out = tally(&problems);
            for (name, rows) in trends(&problems) {
                out.push_str(&format!("\nBy {name}\n"));
                out.push_str(&table::render(
                    &[name, "total", "open", "closed"],
                    &trend_rows(&rows),
                ));
            }
            Rendered::Text(out)
        }
        (true, ProblemsFormat::Markdown) => {
            let mut out = format!("# Problem report trends\n\n{}", tally(&problems));
            for (name, rows) in trends(&problems) {
                out.push_str(&format!("\n## By {name}\n\n"));
                out.push_str(&markdown_table(
                    &[name, "total", "open", "closed"],
                    &trend_rows(&rows),
                ));
            }
            Rendered::Text(out)
        }
    }
}
