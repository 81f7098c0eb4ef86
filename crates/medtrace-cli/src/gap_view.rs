//! `medtrace gap`: the clause-by-clause IEC 62304 gap report as a terminal table,
//! Markdown or JSON, and the FDA documentation level with its documents.

use crate::table;
use medtrace_core::Analysis;
use medtrace_core::clauses::{Clause, Heading};
use medtrace_core::gap::{Coverage, GapReport, Row, Status};
use serde_json::{Value, json};

/// Widest title and detail cells of the terminal table, in characters.
const TITLE_WIDTH: usize = 44;
const DETAIL_WIDTH: usize = 72;

/// `text` cut to `width` characters, with `…` where it was cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The rows of the report grouped under their headings, in the standard's order.
fn groups(report: &GapReport) -> Vec<(&'static Heading, Vec<&Row>)> {
    let mut out: Vec<(&'static Heading, Vec<&Row>)> = Vec::new();
    for row in &report.rows {
        let Some(group) = row.clause.group() else {
            continue;
        };
        match out.last_mut() {
            Some((g, rows)) if g.id == group.id => rows.push(row),
            _ => out.push((group, vec![row])),
        }
    }
    out
}

fn section_label(s: &Coverage) -> String {
    let draft = if s.status == medtrace_core::Status::Approved {
        String::new()
    } else {
        format!(", {}", s.status)
    };
    format!("{} ({}:{}{draft})", s.label(), s.path, s.line)
}

/// Everything a row says, as lines: the evidence or what is missing, the written
/// sections covering it, the systems it applies to and the notes.
fn details(row: &Row) -> Vec<String> {
    let mut out = Vec::new();
    if let Status::Manual { .. } = row.status {
        let written: Vec<String> = row
            .sections
            .iter()
            .filter(|s| !s.placeholder)
            .map(section_label)
            .collect();
        out.push(format!("covered by {}", written.join(", ")));
    }
    out.extend(row.status.details());
    if !row.applies_to.is_empty() {
        out.push(format!("applies to {}", row.applies_to.join(", ")));
    }
    out.extend(row.notes.iter().cloned());
    out
}

/// The status word of the table: `manual` says that a person has to confirm it.
fn status_word(row: &Row) -> String {
    let word = match &row.status {
        Status::Gap { kind, .. } => format!("gap ({})", kind.as_str()),
        s => s.as_str().to_string(),
    };
    if row.disputed.is_some() {
        format!("{word} *")
    } else {
        word
    }
}

fn heading(report: &GapReport, analysis: &Analysis) -> (String, String) {
    let systems: Vec<String> = report
        .systems
        .iter()
        .filter_map(|s| s.id.as_ref().map(|id| format!("{id} class {}", s.class)))
        .collect();
    let class = if report.class_given {
        format!("class {} (as asked)", report.class)
    } else if systems.is_empty() {
        format!("class {} (medtrace.toml)", report.class)
    } else {
        format!("class {} ({})", report.class, systems.join(", "))
    };
    let legacy = if report.legacy { "taken" } else { "not taken" };
    (
        format!("IEC 62304 gap report: {}", analysis.config.name),
        format!(
            "{class}; disputed clauses: {} stance; legacy route (4.4): {legacy}",
            report.stance
        ),
    )
}

fn summary_line(report: &GapReport) -> String {
    let s = report.summary();
    format!(
        "{} clauses for class {}: {} met, {} need manual evidence, {} {}, {} not applicable",
        report.rows.len(),
        report.class,
        s.met,
        s.manual,
        s.gap,
        if s.gap == 1 { "gap" } else { "gaps" },
        s.not_applicable
    )
}

/// The terminal table.
pub fn table(analysis: &Analysis, report: &GapReport) -> String {
    let (title, subtitle) = heading(report, analysis);
    let mut out = format!("{title}\n{subtitle}\n");
    for (group, rows) in groups(report) {
        out.push_str(&format!("\n{} {}\n", group.id, group.title));
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                vec![
                    row.clause.id.to_string(),
                    cut(row.clause.title, TITLE_WIDTH),
                    row.classes.to_string(),
                    status_word(row),
                    cut(&details(row).join("; "), DETAIL_WIDTH),
                ]
            })
            .collect();
        out.push_str(&table::render(
            &["Clause", "Title", "Classes", "Status", "Evidence / missing"],
            &cells,
        ));
        for row in rows.iter().filter(|r| r.disputed.is_some()) {
            if let Some(note) = &row.disputed {
                out.push_str(&format!("* {} disputed: {note}\n", row.clause.id));
            }
        }
    }
    out.push('\n');
    out.push_str(&fda_table(report));
    for p in &report.problems {
        out.push_str(&format!("\nwarning: {}:{}: {}", p.path, p.line, p.message));
    }
    if !report.problems.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("\n{}\n", summary_line(report)));
    out
}

fn fda_table(report: &GapReport) -> String {
    let fda = &report.fda;
    let mut out = format!(
        "FDA premarket documentation level: {}\n{}\n",
        fda.level.title(),
        fda.reason
    );
    if let Some((level, reason)) = &fda.judged {
        out.push_str(&format!(
            "(judged from the records: {} — {reason})\n",
            level.title()
        ));
    }
    let rows: Vec<Vec<String>> = fda
        .documents
        .iter()
        .map(|d| {
            vec![
                d.name.to_string(),
                d.status.as_str().to_string(),
                cut(&d.evidence, DETAIL_WIDTH),
            ]
        })
        .collect();
    out.push_str(&table::render(&["Document", "Status", "Evidence"], &rows));
    out
}

/// A Markdown table cell: one line, pipes escaped.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown: every detail, nothing cut.
pub fn markdown(analysis: &Analysis, report: &GapReport) -> String {
    let (title, subtitle) = heading(report, analysis);
    let mut out = format!("# {title}\n\n{subtitle}.\n\n{}.\n", summary_line(report));
    for (group, rows) in groups(report) {
        out.push_str(&format!(
            "\n## {} {}\n\n| Clause | Title | Classes | Status | Evidence or missing |\n|---|---|---|---|---|\n",
            group.id, group.title
        ));
        for row in &rows {
            let status = match &row.status {
                Status::Gap { kind, .. } => format!("**gap** ({})", kind.as_str()),
                s => s.as_str().to_string(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {status}{} | {} |\n",
                row.clause.id,
                md(row.clause.title),
                row.classes,
                if row.disputed.is_some() { " \\*" } else { "" },
                md(&details(row).join("<br>"))
            ));
        }
        let notes: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                r.disputed
                    .as_ref()
                    .map(|n| format!("\\* {} disputed: {n}", r.clause.id))
            })
            .collect();
        if !notes.is_empty() {
            out.push_str(&format!("\n{}\n", notes.join("\\\n")));
        }
    }
    let fda = &report.fda;
    out.push_str(&format!(
        "\n## FDA premarket documentation level: {}\n\n{}.\n",
        fda.level.title(),
        fda.reason
    ));
    if let Some((level, reason)) = &fda.judged {
        out.push_str(&format!(
            "Judged from the records: {} — {reason}.\n",
            level.title()
        ));
    }
    out.push_str("\n| Document | Expected | Status | Evidence |\n|---|---|---|---|\n");
    for d in &fda.documents {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            d.name,
            md(d.expected),
            d.status.as_str(),
            md(&d.evidence)
        ));
    }
    if !report.problems.is_empty() {
        out.push_str("\n## Problems in `covers`\n\n");
        for p in &report.problems {
            out.push_str(&format!("- `{}:{}`: {}\n", p.path, p.line, md(&p.message)));
        }
    }
    out
}

fn clause_json(row: &Row) -> Value {
    let c: &Clause = row.clause;
    let (kind, details) = match &row.status {
        Status::Gap { kind, missing } => (Some(kind.as_str()), missing.clone()),
        s => (None, s.details()),
    };
    json!({
        "id": c.id,
        "title": c.title,
        "group": c.group().map(|g| g.id),
        "classes": row.classes.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "evidence_kind": c.evidence.as_str(),
        "status": row.status.as_str(),
        "gap_kind": kind,
        "details": details,
        "sections": row.sections.iter().map(|s| json!({
            "doc": s.doc,
            "section": s.section,
            "path": s.path,
            "line": s.line,
            "placeholder": s.placeholder,
            "status": s.status.as_str(),
        })).collect::<Vec<_>>(),
        "disputed": row.disputed,
        "applies_to": row.applies_to,
        "notes": row.notes,
    })
}

/// The versioned JSON document.
pub fn json(analysis: &Analysis, report: &GapReport) -> Value {
    let s = report.summary();
    let fda = &report.fda;
    json!({
        "version": crate::report::JSON_VERSION,
        "project": analysis.config.name,
        "class": report.class.as_str(),
        "class_given": report.class_given,
        "systems": report.systems.iter().map(|sys| json!({
            "id": sys.id,
            "title": sys.title,
            "class": sys.class.as_str(),
        })).collect::<Vec<_>>(),
        "stance": report.stance.as_str(),
        "legacy": report.legacy,
        "summary": {
            "clauses": report.rows.len(),
            "met": s.met,
            "manual": s.manual,
            "gap": s.gap,
            "not_applicable": s.not_applicable,
        },
        "clauses": report.rows.iter().map(clause_json).collect::<Vec<_>>(),
        "fda": {
            "level": fda.level.as_str(),
            "reason": fda.reason,
            "judged": fda.judged.as_ref().map(|(l, r)| json!({"level": l.as_str(), "reason": r})),
            "documents": fda.documents.iter().map(|d| json!({
                "name": d.name,
                "expected": d.expected,
                "status": d.status.as_str(),
                "evidence": d.evidence,
            })).collect::<Vec<_>>(),
        },
        "problems": report.problems.iter().map(|p| json!({
            "path": p.path,
            "line": p.line,
            "message": p.message,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_with_an_ellipsis() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("abcdefghij", 5), "abcd…");
    }
}
