//! The history of one record for `medtrace show`: who changed it, when and why (8.1.3),
//! from git (`medtrace_project::history::record_history`). Empty outside git.

use medtrace_core::Analysis;
use medtrace_core::graph::ItemIdx;
use medtrace_core::history::{Commit, civil_date};
use serde_json::{Value, json};
use std::path::Path;

/// The commits that changed the item's record, newest first.
pub fn of(root: &Path, analysis: &Analysis, idx: ItemIdx) -> Vec<Commit> {
    let path = analysis.sources.get(analysis.items[idx].file).path.clone();
    medtrace_project::history::record_history(root, std::slice::from_ref(&path))
        .remove(&path)
        .unwrap_or_default()
}

fn date(commit: &Commit) -> String {
    civil_date(commit.time.max(0) as u64 / 86_400)
}

fn short(commit: &Commit) -> &str {
    commit.id.get(..7).unwrap_or(&commit.id)
}

/// A "History" section for the text view; nothing when git knows no history.
pub fn text(history: &[Commit]) -> String {
    if history.is_empty() {
        return String::new();
    }
    let mut out = format!("\nHistory ({} commits)\n", history.len());
    for c in history {
        out.push_str(&format!(
            "  {}  {}  {}  {}\n",
            date(c),
            short(c),
            c.author,
            c.summary
        ));
    }
    out
}

/// `show`'s JSON with a `history` array added (date, author, email, summary, commit).
pub fn with_json(mut value: Value, history: &[Commit]) -> Value {
    let list: Vec<Value> = history
        .iter()
        .map(|c| {
            json!({
                "commit": c.id,
                "short": short(c),
                "date": date(c),
                "time": c.time,
                "author": c.author,
                "email": c.email,
                "summary": c.summary,
            })
        })
        .collect();
    if let Some(map) = value.as_object_mut() {
        map.insert("history".to_string(), Value::Array(list));
    }
    value
}
