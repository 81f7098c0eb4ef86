//! `medtrace diff REV1..REV2` (or `diff REV`, against the work tree): the items added,
//! removed and changed between two versions of the records, with field-level changes and
//! body diffs (8.1.3, 8.2.4), as text, JSON or Markdown for release notes and change
//! records.

use crate::out::Out;
use anyhow::{Result, bail};
use clap::ValueEnum;
use medtrace_core::Analysis;
use medtrace_core::diff::{Diff, FieldChange, ItemChange, ItemRef};
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

/// The output formats of `diff`.
#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    /// A listing for the terminal.
    Text,
    /// Versioned JSON (docs/src/json-output.md).
    Json,
    /// Markdown, for release notes and change records.
    Markdown,
}

/// One side of the comparison.
struct Side {
    /// The revision as given; `None` for the work tree.
    rev: Option<String>,
    /// The full commit ID of the revision.
    commit: Option<String>,
}

impl Side {
    fn label(&self) -> String {
        match &self.rev {
            Some(rev) => rev.clone(),
            None => "the work tree".to_string(),
        }
    }

    fn json(&self) -> Value {
        json!({"rev": self.rev, "commit": self.commit})
    }
}

/// Splits `REV1..REV2` (an empty side is HEAD, as in git) or `REV` (against the work
/// tree, `None`).
fn parse_range(range: &str) -> Result<(String, Option<String>)> {
    if range.contains("...") {
        bail!("`{range}`: use `REV1..REV2` (two dots) or one revision");
    }
    let head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_string()
        } else {
            s.to_string()
        }
    };
    match range.split_once("..") {
        Some((from, to)) => Ok((head(from), Some(head(to)))),
        None if range.is_empty() => bail!("name a revision: `REV1..REV2` or `REV`"),
        None => Ok((range.to_string(), None)),
    }
}

// implements: SRS-060
/// Runs `diff` on the project at `root`.
pub fn run(root: &Path, range: &str, format: DiffFormat, out: &mut Out) -> Result<ExitCode> {
    use medtrace_project::history;
    let (from, to) = parse_range(range)?;
    let old = history::load_at(root, &from)?;
    let from = Side {
        commit: Some(history::resolve(root, &from)?),
        rev: Some(from),
    };
    let (new, to): (Analysis, Side) = match to {
        Some(rev) => (
            history::load_at(root, &rev)?,
            Side {
                commit: Some(history::resolve(root, &rev)?),
                rev: Some(rev),
            },
        ),
        None => (
            medtrace_project::load(root)?,
            Side {
                rev: None,
                commit: None,
            },
        ),
    };
    let diff = medtrace_core::diff::diff(&old, &new);
    match format {
        DiffFormat::Text => out.write(&text(&diff, &from, &to)),
        DiffFormat::Json => out.json(&json_value(&diff, &from, &to)),
        DiffFormat::Markdown => out.write(&markdown(&diff, &from, &to)),
    }
    Ok(ExitCode::SUCCESS)
}

fn counts(diff: &Diff) -> String {
    format!(
        "{} added, {} removed, {} changed",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    )
}

/// A field value for one line: as written, or a marker when absent.
fn shown(value: Option<&str>) -> String {
    match value {
        None => "(absent)".to_string(),
        Some("") => "(empty)".to_string(),
        Some(v) if v.contains('\n') => v.split('\n').map(str::trim).collect::<Vec<_>>().join(" "),
        Some(v) => v.to_string(),
    }
}

fn text(diff: &Diff, from: &Side, to: &Side) -> String {
    let mut out = format!(
        "Changes from {} to {}: {}.\n",
        from.label(),
        to.label(),
        counts(diff)
    );
    let list = |out: &mut String, title: &str, items: &[ItemRef]| {
        if items.is_empty() {
            return;
        }
        out.push_str(&format!("\n{title} ({})\n", items.len()));
        for i in items {
            out.push_str(&format!("  {:<10} {}  ({})\n", i.id, i.title, i.path));
        }
    };
    list(&mut out, "Added", &diff.added);
    list(&mut out, "Removed", &diff.removed);
    if !diff.changed.is_empty() {
        out.push_str(&format!("\nChanged ({})\n", diff.changed.len()));
    }
    for c in &diff.changed {
        out.push_str(&format!("  {:<10} {}  ({})\n", c.id, c.title, c.path));
        if let Some(old) = &c.old_path {
            out.push_str(&format!("    moved from {old}\n"));
        }
        for f in &c.fields {
            out.push_str(&format!(
                "    {}: {} -> {}\n",
                f.name,
                shown(f.old.as_deref()),
                shown(f.new.as_deref())
            ));
        }
        if let Some(body) = &c.body {
            out.push_str("    body:\n");
            for line in body.lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out
}

fn item_json(i: &ItemRef) -> Value {
    json!({"id": i.id, "type": i.ty.key(), "title": i.title, "path": i.path})
}

fn field_json(f: &FieldChange) -> Value {
    json!({"name": f.name, "old": f.old, "new": f.new})
}

fn change_json(c: &ItemChange) -> Value {
    json!({
        "id": c.id,
        "type": c.ty.key(),
        "title": c.title,
        "path": c.path,
        "old_path": c.old_path,
        "fields": c.fields.iter().map(field_json).collect::<Vec<_>>(),
        "body_diff": c.body,
    })
}

fn json_value(diff: &Diff, from: &Side, to: &Side) -> Value {
    json!({
        "version": 1,
        "from": from.json(),
        "to": to.json(),
        "added": diff.added.iter().map(item_json).collect::<Vec<_>>(),
        "removed": diff.removed.iter().map(item_json).collect::<Vec<_>>(),
        "changed": diff.changed.iter().map(change_json).collect::<Vec<_>>(),
    })
}

/// A table cell: pipes escaped, lines joined with `<br>`.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .lines()
        .collect::<Vec<_>>()
        .join("<br>")
}

fn markdown(diff: &Diff, from: &Side, to: &Side) -> String {
    let mut out = format!(
        "## Changes from {} to {}\n\n{}.\n",
        cell(&from.label()),
        cell(&to.label()),
        counts(diff)
    );
    let table = |out: &mut String, title: &str, items: &[ItemRef]| {
        if items.is_empty() {
            return;
        }
        out.push_str(&format!(
            "\n### {title}\n\n| ID | Type | Title | File |\n|---|---|---|---|\n"
        ));
        for i in items {
            out.push_str(&format!(
                "| {} | {} | {} | `{}` |\n",
                i.id,
                i.ty.name(),
                cell(&i.title),
                i.path
            ));
        }
    };
    table(&mut out, "Added", &diff.added);
    table(&mut out, "Removed", &diff.removed);
    if !diff.changed.is_empty() {
        out.push_str("\n### Changed\n");
    }
    for c in &diff.changed {
        out.push_str(&format!("\n#### {} {}\n\n", c.id, cell(&c.title)));
        match &c.old_path {
            Some(old) => out.push_str(&format!("Moved from `{old}` to `{}`.\n", c.path)),
            None => out.push_str(&format!("File: `{}`.\n", c.path)),
        }
        if !c.fields.is_empty() {
            out.push_str("\n| Field | Before | After |\n|---|---|---|\n");
            for f in &c.fields {
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&f.name),
                    cell(&shown(f.old.as_deref())),
                    cell(&shown(f.new.as_deref()))
                ));
            }
        }
        if let Some(body) = &c.body {
            // A fence longer than any run of backticks in the diff.
            let fence = "`".repeat(3.max(longest_backtick_run(body) + 1));
            out.push_str(&format!("\n{fence}diff\n{body}"));
            if !body.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("{fence}\n"));
        }
    }
    out
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r = |s: &str| parse_range(s).ok();
        assert_eq!(r("v1..v2"), Some(("v1".into(), Some("v2".into()))));
        assert_eq!(r("v1.."), Some(("v1".into(), Some("HEAD".into()))));
        assert_eq!(r("..v2"), Some(("HEAD".into(), Some("v2".into()))));
        assert_eq!(r("v1"), Some(("v1".into(), None)));
        assert_eq!(r("v1...v2"), None);
        assert_eq!(r(""), None);
    }

    #[test]
    fn fences_outgrow_backticks_in_the_body() {
        assert_eq!(longest_backtick_run("a ```` b ` c"), 4);
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
    }
}
