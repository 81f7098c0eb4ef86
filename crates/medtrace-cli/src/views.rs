//! What `trace`, `show` and `list` print.

use crate::evidence_view::{code_cell, evidence_column, result_cell};
use crate::table;
use anyhow::{Result, bail};
use medtrace_core::trace::{ChainError, Matrix};
use medtrace_core::{Analysis, ItemIdx, ItemType, LinkRole};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Reads a chain: `requirements`, `risk`, or types joined by `,`, `>` or `→`.
pub fn parse_chain(analysis: &Analysis, text: &str) -> Result<Vec<ItemType>> {
    use ItemType::*;
    match text {
        "requirements" => return Ok(vec![Sys, Srs, Swi, Tst]),
        "risk" => return Ok(vec![Haz, Rcm, Srs, Tst]),
        _ => {}
    }
    let mut columns = Vec::new();
    let text = text.replace("->", ">");
    for part in text
        .split([',', '>', '→'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match ItemType::from_key(part).or_else(|| analysis.config.type_of_prefix(part)) {
            Some(ty) => columns.push(ty),
            None => bail!("`{part}` in the chain is not an item type"),
        }
    }
    Ok(columns)
}

pub fn chain_error(analysis: &Analysis, err: ChainError) -> String {
    match err {
        ChainError::TooShort => "a chain needs at least two types, e.g. `SYS,SRS`".to_string(),
        ChainError::NoRelation(ty) => format!(
            "no link role relates {} to an earlier type in the chain",
            analysis.config.prefix(ty)
        ),
    }
}

fn ids(analysis: &Analysis, cell: &[ItemIdx]) -> String {
    let ids: Vec<&str> = cell
        .iter()
        .map(|&i| analysis.items[i].id.as_str())
        .collect();
    ids.join(", ")
}

fn header(analysis: &Analysis, matrix: &Matrix) -> Vec<String> {
    matrix
        .columns
        .iter()
        .map(|&t| analysis.config.prefix(t).to_string())
        .collect()
}

/// The header with the evidence columns when the chain has a requirement column.
fn full_header(analysis: &Analysis, matrix: &Matrix) -> Vec<String> {
    let mut head = header(analysis, matrix);
    if evidence_column(matrix).is_some() {
        head.extend(["code".to_string(), "result".to_string()]);
    }
    head
}

/// The code and result cells of a row, if the chain has them.
fn evidence_cells(analysis: &Analysis, matrix: &Matrix, row: &[Vec<ItemIdx>]) -> Vec<String> {
    if evidence_column(matrix).is_none() {
        return Vec::new();
    }
    // The last requirement or risk control the row reaches: a risk control without a
    // software requirement (an external measure) shows its own status.
    let item = (0..matrix.columns.len())
        .rev()
        .filter(|&c| matches!(matrix.columns[c], ItemType::Srs | ItemType::Rcm))
        .find_map(|c| row[c].first().copied());
    vec![code_cell(analysis, item), result_cell(analysis, item)]
}

pub fn trace_table(analysis: &Analysis, matrix: &Matrix) -> String {
    let head = full_header(analysis, matrix);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = matrix
        .rows
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row
                .iter()
                .map(|cell| {
                    if cell.is_empty() {
                        "—".to_string()
                    } else {
                        ids(analysis, cell)
                    }
                })
                .collect();
            cells.extend(evidence_cells(analysis, matrix, row));
            cells
        })
        .collect();
    let mut out = table::render(&head, &rows);
    out.push_str(&format!(
        "\n{}, {} with gaps (—)\n",
        crate::report::plural(matrix.rows.len(), "row"),
        matrix.gap_rows()
    ));
    out
}

pub fn trace_csv(analysis: &Analysis, matrix: &Matrix) -> String {
    let mut head = full_header(analysis, matrix);
    head.push("gap".to_string());
    let mut out = table::csv_line(&head);
    for row in &matrix.rows {
        let mut cells: Vec<String> = row.iter().map(|cell| ids(analysis, cell)).collect();
        cells.extend(
            evidence_cells(analysis, matrix, row)
                .into_iter()
                .map(|c| if c == "—" { String::new() } else { c }),
        );
        let gap = row.iter().any(Vec::is_empty);
        cells.push(if gap { "yes" } else { "no" }.to_string());
        out.push_str(&table::csv_line(&cells));
    }
    out
}

pub fn trace_json(analysis: &Analysis, matrix: &Matrix) -> Value {
    let cols = header(analysis, matrix);
    json!({
        "version": crate::report::JSON_VERSION,
        "columns": cols,
        "hops": matrix.hops.iter().enumerate().map(|(k, h)| json!({
            "column": cols[k + 1],
            "from": cols[h.from_column],
            "role": h.role.field(),
            "held_by": if h.forward { &cols[h.from_column] } else { &cols[k + 1] },
        })).collect::<Vec<_>>(),
        "rows": matrix.rows.iter().map(|row| {
            row.iter().map(|cell| cell.iter().map(|&i| analysis.items[i].id.clone()).collect::<Vec<_>>()).collect::<Vec<_>>()
        }).collect::<Vec<_>>(),
        "evidence": evidence_column(matrix).map(|c| json!({
            "column": cols[c],
            "rows": matrix.rows.iter().map(|row| {
                let item = row[c].first().copied();
                json!({
                    "code": item.map(|i| crate::evidence_view::tag_places(analysis, i, medtrace_core::evidence::TagRole::Implements)).unwrap_or_default(),
                    "result": item.and_then(|i| analysis.verification.status(i)).map(|s| s.as_str()),
                })
            }).collect::<Vec<_>>(),
        })),
        "summary": {"rows": matrix.rows.len(), "rows_with_gaps": matrix.gap_rows()},
    })
}

fn place(analysis: &Analysis, idx: ItemIdx) -> (String, usize) {
    let item = &analysis.items[idx];
    let file = analysis.sources.get(item.file);
    (
        file.path.clone(),
        file.line_col(item.id_span.start as usize).line,
    )
}

fn class_of(analysis: &Analysis, idx: ItemIdx) -> String {
    analysis.effective_class(idx).to_string()
}

// implements: SRS-022
pub fn list_table(analysis: &Analysis, selected: &[ItemIdx]) -> String {
    let rows: Vec<Vec<String>> = selected
        .iter()
        .map(|&i| {
            let item = &analysis.items[i];
            let (path, _) = place(analysis, i);
            vec![
                item.id.clone(),
                item.status.to_string(),
                class_of(analysis, i),
                item.title.clone(),
                path,
            ]
        })
        .collect();
    let mut out = table::render(&["ID", "STATUS", "CLASS", "TITLE", "FILE"], &rows);
    out.push_str(&format!(
        "\n{}\n",
        crate::report::plural(selected.len(), "item")
    ));
    out
}

pub fn list_json(analysis: &Analysis, selected: &[ItemIdx]) -> Value {
    json!({
        "version": crate::report::JSON_VERSION,
        "items": selected.iter().map(|&i| {
            let item = &analysis.items[i];
            let (path, line) = place(analysis, i);
            json!({
                "id": item.id, "type": item.ty.key(), "title": item.title,
                "status": item.status.as_str(), "class": analysis.effective_class(i).as_str(),
                "file": path, "line": line,
            })
        }).collect::<Vec<_>>(),
    })
}

/// Items reached by following links transitively, with depth and the role that led there.
fn walk(analysis: &Analysis, start: ItemIdx, upstream: bool) -> Vec<(usize, LinkRole, ItemIdx)> {
    let mut seen = BTreeSet::from([start]);
    let mut out = Vec::new();
    let mut stack: Vec<(usize, LinkRole, ItemIdx)> = Vec::new();
    let push_edges = |stack: &mut Vec<_>, from: ItemIdx, depth: usize| {
        let edges = if upstream {
            analysis.graph.outgoing(from)
        } else {
            analysis.graph.incoming(from)
        };
        let mut edges = edges.to_vec();
        edges.sort_by(|a, b| {
            (b.role, &analysis.items[b.item].id).cmp(&(a.role, &analysis.items[a.item].id))
        });
        for e in edges {
            stack.push((depth, e.role, e.item));
        }
    };
    push_edges(&mut stack, start, 1);
    while let Some((depth, role, item)) = stack.pop() {
        if !seen.insert(item) {
            continue;
        }
        out.push((depth, role, item));
        push_edges(&mut stack, item, depth + 1);
    }
    out
}

/// Wraps a long line at word boundaries to about 88 characters.
fn wrap(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for word in line.split(' ') {
        if width > 0 && width + 1 + word.chars().count() > 88 {
            out.push('\n');
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.chars().count();
    }
    out
}

/// A field's value for display: a scalar's text as YAML reads it (wrapped for a terminal
/// when `wrapped`); a list or mapping as
/// written, from the start of its first line, with the common indentation removed.
fn field_text(text: &str, value: &medtrace_core::yaml::Node, wrapped: bool) -> String {
    if let Some(s) = value.as_str() {
        if !wrapped {
            return s.trim_end().to_string();
        }
        return s
            .trim_end()
            .lines()
            .map(wrap)
            .collect::<Vec<_>>()
            .join("\n");
    }
    let start = (value.span.start as usize).min(text.len());
    let end = (value.span.end as usize).clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A block value starts its own line (keep its indentation to strip it evenly); a flow
    // value shares the line with its key (start at the value).
    let from = if text[line_start..start].trim().is_empty() {
        line_start
    } else {
        start
    };
    let raw = &text[from..end];
    let indent = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = raw
        .lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect();
    lines.join("\n").trim().to_string()
}

// implements: SRS-021
pub fn show_text(analysis: &Analysis, idx: ItemIdx) -> String {
    let item = &analysis.items[idx];
    let file = analysis.sources.get(item.file);
    let (path, line) = place(analysis, idx);
    let mut out = format!("{} — {}\n", item.id, item.title);
    out.push_str(&format!(
        "  type     {}\n  status   {}\n",
        item.ty.name(),
        item.status
    ));
    out.push_str(&format!(
        "  class    {} ({})\n",
        analysis.effective_class(idx),
        analysis.class_source(idx)
    ));
    out.push_str(&format!("  file     {path}:{line}\n"));
    let skip = ["id", "title", "status"];
    let fields: Vec<_> = item
        .fields
        .iter()
        .filter(|f| {
            !skip.contains(&f.name.as_str()) && LinkRole::for_field(item.ty, &f.name).is_none()
        })
        .collect();
    if !fields.is_empty() {
        out.push_str("\nfields\n");
        for f in fields {
            let shown = field_text(&file.text, &f.value, true);
            if shown.contains('\n') {
                out.push_str(&format!("  {}:\n", f.name));
                for l in shown.lines() {
                    out.push_str(&format!("    {l}\n"));
                }
            } else {
                out.push_str(&format!("  {}: {shown}\n", f.name));
            }
        }
    }
    for (title, upstream) in [("upstream", true), ("downstream", false)] {
        out.push_str(&format!("\n{title}\n"));
        let reached = walk(analysis, idx, upstream);
        if reached.is_empty() {
            out.push_str("  (none)\n");
        }
        for (depth, role, other) in reached {
            let o = &analysis.items[other];
            let name = if upstream {
                role.field()
            } else {
                role.reverse_name()
            };
            out.push_str(&format!(
                "{}{name} {} — {} [{}]\n",
                "  ".repeat(depth),
                o.id,
                o.title,
                o.status
            ));
        }
    }
    out.push_str(&crate::evidence_view::show_text(analysis, idx));
    let findings: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.span.is_some_and(|s| s.file == item.file))
        .collect();
    out.push_str("\nfindings\n");
    if findings.is_empty() {
        out.push_str("  (none)\n");
    }
    for d in findings {
        out.push_str(&format!("  {}[{}]: {}\n", d.level, d.code, d.message));
    }
    let body = file.text.get(item.body_start..).unwrap_or("").trim();
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out
}

pub fn show_json(analysis: &Analysis, idx: ItemIdx) -> Value {
    let item = &analysis.items[idx];
    let file = analysis.sources.get(item.file);
    let (path, line) = place(analysis, idx);
    let links = |upstream: bool| -> Vec<Value> {
        walk(analysis, idx, upstream)
            .into_iter()
            .map(|(depth, role, other)| json!({"id": analysis.items[other].id, "role": role.field(), "depth": depth}))
            .collect()
    };
    json!({
        "version": crate::report::JSON_VERSION,
        "id": item.id, "type": item.ty.key(), "title": item.title,
        "status": item.status.as_str(), "class": analysis.effective_class(idx).as_str(),
        "file": path, "line": line,
        "fields": item.fields.iter().map(|f| json!({
            "name": f.name,
            "text": field_text(&file.text, &f.value, false),
        })).collect::<Vec<_>>(),
        "upstream": links(true),
        "downstream": links(false),
        "body": file.text.get(item.body_start..).unwrap_or(""),
        "evidence": crate::evidence_view::show_json(analysis, idx),
    })
}

/// `soup audit`: a line per advisory that affects, or may affect, a locked component.
pub fn audit_text(findings: &[medtrace_osv::audit::Finding<'_>], advisories: usize) -> String {
    let mut out = String::new();
    for f in findings {
        let soup = f
            .soup
            .map_or_else(|| "no SOUP record".to_string(), |s| s.id.clone());
        let severity = f
            .advisory
            .severity_label()
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        let state = match (&f.review, f.verdict) {
            (Some(r), _) => format!("reviewed {}: {}", r.status, r.justification),
            (None, medtrace_osv::Verdict::Unknown) => {
                "cannot tell whether this version is affected: review it".to_string()
            }
            (None, _) => "OPEN: no review in the SOUP record".to_string(),
        };
        let fixed = if f.fixed.is_empty() {
            String::new()
        } else {
            format!(" (fixed in {})", f.fixed.join(", "))
        };
        out.push_str(&format!(
            "{} {} ({soup}): {}{severity} {}{fixed}\n  {state}\n",
            f.component.name,
            f.component.version,
            f.advisory.id,
            f.advisory.title()
        ));
    }
    let open = findings.iter().filter(|f| f.open()).count();
    out.push_str(&format!(
        "{} against {}: {} open, {} reviewed\n",
        crate::report::plural(findings.len(), "finding"),
        if advisories == 1 {
            "1 advisory".to_string()
        } else {
            format!("{advisories} advisories")
        },
        open,
        findings.iter().filter(|f| f.review.is_some()).count()
    ));
    out
}
