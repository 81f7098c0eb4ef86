//! The pages computed from the analysis rather than read from one type of record: risk
//! table and matrices, trace matrices, verification summary, gap report, dashboard.

use crate::documents::live;
use crate::html::{badge, escape, escape_into, item_link, item_links, place, table};
use medtrace_core::gap::GapReport;
use medtrace_core::risk::{Estimate, HazardRisk, Scale, Zone};
use medtrace_core::trace::Matrix;
use medtrace_core::{Analysis, Class, ItemIdx, ItemType, Status, VerificationStatus};
use minijinja::{Value, context};
use std::fmt::Write;

/// The two chains the trace page shows: (title, columns).
pub const CHAINS: [(&str, [ItemType; 4]); 2] = [
    (
        "Requirements chain",
        [ItemType::Sys, ItemType::Srs, ItemType::Swi, ItemType::Tst],
    ),
    (
        "Risk chain",
        [ItemType::Haz, ItemType::Rcm, ItemType::Srs, ItemType::Tst],
    ),
];

fn level(scale: &Scale, at: Option<usize>) -> String {
    at.map_or_else(|| "?".to_string(), |i| scale.levels[i].name.clone())
}

fn estimate(analysis: &Analysis, e: &Estimate) -> String {
    let policy = &analysis.config.risk;
    let zone = e
        .zone(policy)
        .map_or_else(|| "not estimated".to_string(), |z| z.describe().to_string());
    format!(
        "{} / {}<br>{}",
        escape(&level(&policy.severity, e.severity)),
        escape(&level(&policy.probability, e.probability)),
        badge(&zone)
    )
}

/// The risk matrices before and after control as SVG: (file name, text).
pub fn risk_matrices(analysis: &Analysis) -> [(String, String); 2] {
    let build = |title: &str, pick: &dyn Fn(&HazardRisk) -> Estimate| {
        medtrace_render::risk_matrix_svg(&medtrace_render::risk_file::risk_matrix(
            analysis, title, pick,
        ))
    };
    [
        (
            "risk-matrix-initial.svg".into(),
            build("Risk before control", &|h| h.initial),
        ),
        (
            "risk-matrix-residual.svg".into(),
            build("Residual risk", &|h| h.residual),
        ),
    ]
}

/// The risk table (ISO 14971 7, IEC 62304 7.1 to 7.3) and both matrices.
pub fn risk(analysis: &Analysis) -> (String, String) {
    let hazards = &analysis.risk.hazards;
    if hazards.is_empty() {
        return (
            "No hazards are recorded.".into(),
            "<p class=\"none\">No hazards are recorded.</p>".into(),
        );
    }
    let mut out = String::from(
        "<div class=\"matrices\"><figure><img src=\"risk-matrix-initial.svg\" alt=\"risk matrix before control\"><figcaption>Before risk control</figcaption></figure><figure><img src=\"risk-matrix-residual.svg\" alt=\"residual risk matrix\"><figcaption>Residual risk</figcaption></figure></div>",
    );
    let head = [
        "Hazard",
        "Hazardous situation",
        "Harm",
        "Causes",
        "Initial S / P",
        "Controls",
        "Residual S / P",
        "Class",
    ];
    let rows: Vec<Vec<String>> = hazards
        .iter()
        .map(|h| {
            let it = &analysis.items[h.item];
            let causes: Vec<String> = h
                .causes
                .iter()
                .map(|c| {
                    let mut s = String::new();
                    match c.item.as_deref().and_then(|id| analysis.graph.lookup(id)) {
                        Some(i) => s.push_str(&item_link(analysis, i, "")),
                        None => escape_into(&mut s, c.item.as_deref().unwrap_or("?")),
                    }
                    if let Some(cat) = c.category {
                        let _ = write!(s, " <span class=\"muted\">{}</span>", escape(cat.as_str()));
                    }
                    if !c.description.is_empty() {
                        s.push_str(": ");
                        escape_into(&mut s, &c.description);
                    }
                    s
                })
                .collect();
            let controls: Vec<String> = h
                .controls
                .iter()
                .map(|&c| {
                    let status = analysis
                        .verification
                        .status(c)
                        .map(|s| badge(s.as_str()))
                        .unwrap_or_default();
                    format!("{} {status}", item_link(analysis, c, ""))
                })
                .collect();
            vec![
                format!("{} {}", item_link(analysis, h.item, ""), escape(&it.title)),
                escape(it.text("hazardous-situation").unwrap_or("")),
                escape(it.text("harm").unwrap_or("")),
                causes.join("<br>"),
                estimate(analysis, &h.initial),
                if controls.is_empty() {
                    "<span class=\"none\">none</span>".into()
                } else {
                    controls.join("<br>")
                },
                estimate(analysis, &h.residual),
                escape(h.class.as_str()),
            ]
        })
        .collect();
    out.push_str(&table("risk", &head, &rows));
    let unacceptable = hazards
        .iter()
        .filter(|h| h.residual.zone(&analysis.config.risk) == Some(Zone::Unacceptable))
        .count();
    let intro = format!(
        "{} hazards with their causes, risk before and after control, and the verification of their controls; {} with a residual risk that is not acceptable.",
        hazards.len(),
        unacceptable
    );
    (intro, out)
}

/// The verification status of the last requirement or risk control in a row.
fn row_status(analysis: &Analysis, matrix: &Matrix, row: &[Vec<ItemIdx>]) -> String {
    let item = (0..matrix.columns.len())
        .rev()
        .filter(|&c| matches!(matrix.columns[c], ItemType::Srs | ItemType::Rcm))
        .find_map(|c| row[c].first().copied());
    item.and_then(|i| analysis.verification.status(i))
        .map(|s| badge(s.as_str()))
        .unwrap_or_else(|| "<span class=\"none\">—</span>".into())
}

/// The trace matrices of both chains, gaps marked.
pub fn trace(analysis: &Analysis) -> (String, String) {
    let mut out = String::new();
    let mut total_gaps = 0;
    for (title, columns) in CHAINS {
        let Ok(matrix) = medtrace_core::trace::matrix(&analysis.items, &analysis.graph, &columns)
        else {
            continue;
        };
        let prefixes: Vec<&str> = columns.iter().map(|&t| analysis.config.prefix(t)).collect();
        let _ = write!(
            out,
            "<h2>{} ({})</h2><p>{} rows, {} with gaps.</p>",
            escape(title),
            escape(&prefixes.join(" → ")),
            matrix.rows.len(),
            matrix.gap_rows()
        );
        total_gaps += matrix.gap_rows();
        let mut head: Vec<&str> = prefixes.clone();
        head.push("Verification");
        let rows: Vec<Vec<String>> = matrix
            .rows
            .iter()
            .map(|row| {
                let mut cells: Vec<String> = row
                    .iter()
                    .map(|cell| {
                        if cell.is_empty() {
                            "<span class=\"gap\">—</span>".to_string()
                        } else {
                            item_links(analysis, cell, "")
                        }
                    })
                    .collect();
                cells.push(row_status(analysis, &matrix, row));
                cells
            })
            .collect();
        out.push_str(&table("trace", &head, &rows));
    }
    (
        format!("Both trace chains, one row per path; {total_gaps} rows with gaps (—)."),
        out,
    )
}

/// Requirements and risk controls that are verified, by class.
fn coverage(analysis: &Analysis) -> Vec<(Class, usize, usize)> {
    let mut counts = [(Class::A, 0, 0), (Class::B, 0, 0), (Class::C, 0, 0)];
    for (i, v) in analysis.verification.items.iter().enumerate() {
        let Some(v) = v else { continue };
        if analysis.items[i].status == Status::Obsolete {
            continue;
        }
        let slot = &mut counts[analysis.effective_class(i) as usize];
        slot.2 += 1;
        if v.status == VerificationStatus::Verified {
            slot.1 += 1;
        }
    }
    counts.to_vec()
}

/// Every requirement and risk control with its status and verifiers.
pub fn verification(analysis: &Analysis) -> (String, String) {
    let mut out = String::from("<h2>Coverage by class</h2>");
    let rows: Vec<Vec<String>> = coverage(analysis)
        .into_iter()
        .map(|(c, v, t)| {
            vec![
                escape(c.as_str()),
                v.to_string(),
                t.to_string(),
                percent(v, t),
            ]
        })
        .collect();
    out.push_str(&table(
        "coverage",
        &["Class", "Verified", "Total", "%"],
        &rows,
    ));
    let mut total = 0;
    for ty in [ItemType::Srs, ItemType::Rcm] {
        let items = live(analysis, ty);
        total += items.len();
        let _ = write!(out, "<h2>{}</h2>", escape(&capitalised(ty.name())));
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|&i| {
                let v = analysis.verification.items.get(i).and_then(Option::as_ref);
                let verifiers: Vec<String> = v
                    .map(|v| {
                        v.verifiers
                            .iter()
                            .map(|ev| {
                                let (name, href) =
                                    crate::item_page::verifier_label(analysis, ev.verifier);
                                let outcome = ev.outcome.map_or("no result", |o| o.as_str());
                                match href {
                                    Some(h) => format!(
                                        "<a class=\"id\" href=\"{}\">{}</a> {}",
                                        escape(&h),
                                        escape(&name),
                                        badge(outcome)
                                    ),
                                    None => format!("{} {}", escape(&name), badge(outcome)),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                vec![
                    item_link(analysis, i, ""),
                    escape(&analysis.items[i].title),
                    escape(analysis.effective_class(i).as_str()),
                    v.map(|v| badge(v.status.as_str())).unwrap_or_default(),
                    verifiers.join("<br>"),
                ]
            })
            .collect();
        out.push_str(&table(
            "verification",
            &["ID", "Title", "Class", "Status", "Verified by"],
            &rows,
        ));
    }
    (
        format!(
            "{total} software requirements and risk controls with the tests that verify them and their results (IEC 62304 5.5 to 5.7)."
        ),
        out,
    )
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + "s",
        None => String::new(),
    }
}

fn percent(part: usize, total: usize) -> String {
    (part * 100)
        .checked_div(total)
        .map_or_else(|| "—".into(), |p| p.to_string())
}

/// The clause-by-clause gap report.
pub fn gap(analysis: &Analysis, report: &GapReport) -> (String, String) {
    let s = report.summary();
    let intro = format!(
        "{} clauses for class {}: {} met, {} need manual evidence, {} gaps, {} not applicable.",
        report.rows.len(),
        report.class,
        s.met,
        s.manual,
        s.gap,
        s.not_applicable
    );
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|row| {
            let mut details: Vec<String> = row.status.details().iter().map(|d| escape(d)).collect();
            details.extend(row.notes.iter().map(|n| escape(n)));
            if let Some(d) = &row.disputed {
                details.push(format!("<em>disputed:</em> {}", escape(d)));
            }
            vec![
                escape(row.clause.id),
                escape(row.clause.title),
                badge(row.status.as_str()),
                details.join("<br>"),
            ]
        })
        .collect();
    let _ = analysis;
    (
        intro,
        table(
            "gap",
            &["Clause", "Title", "Status", "Evidence, missing or why not"],
            &rows,
        ),
    )
}

/// The dashboard's values: counts by type and status, coverage by class, open findings
/// and whether there is a risk matrix.
pub fn dashboard(analysis: &Analysis, gap: Option<&GapReport>) -> Value {
    let page = |ty: ItemType| match ty {
        ItemType::Srs => "requirements.html",
        ItemType::Swi => "architecture.html",
        ItemType::Soup => "soup.html",
        ItemType::Haz | ItemType::Rcm => "risk.html",
        ItemType::Tst => "verification.html",
        ItemType::Prb | ItemType::Cr => "changes.html",
        ItemType::Doc => "plans.html",
        ItemType::Sys => "trace.html",
        _ => "changes.html",
    };
    let types: Vec<Value> = ItemType::ALL
        .iter()
        .map(|&ty| {
            let mut c = [0usize; 4];
            for it in analysis.items.iter().filter(|it| it.ty == ty) {
                let s = Status::ALL
                    .iter()
                    .position(|&s| s == it.status)
                    .unwrap_or(0);
                c[s.min(3)] += 1;
            }
            context! {
                key => ty.key(),
                prefix => analysis.config.prefix(ty),
                name => ty.name(),
                href => page(ty),
                draft => c[0],
                in_review => c[1],
                approved => c[2],
                obsolete => c[3],
                total => c.iter().sum::<usize>(),
            }
        })
        .collect();
    let coverage: Vec<Value> = coverage(analysis)
        .into_iter()
        .map(|(c, v, t)| context! { class => c.as_str(), verified => v, total => t, percent => percent(v, t) })
        .collect();
    const MAX_FINDINGS: usize = 500;
    let findings: Vec<Value> = analysis
        .diagnostics
        .iter()
        .take(MAX_FINDINGS)
        .map(|d| {
            context! {
                code => d.code.to_string(),
                level => d.level.to_string(),
                message => d.message.clone(),
                location => d.span.map(|s| place(analysis, s)),
            }
        })
        .collect();
    let gap_summary = gap.map(|g| {
        let s = g.summary();
        context! { class => g.class.as_str(), met => s.met, manual => s.manual, gap => s.gap, not_applicable => s.not_applicable }
    });
    context! {
        types => types,
        items => analysis.items.len(),
        coverage => coverage,
        findings => findings,
        findings_total => analysis.diagnostics.len(),
        errors => analysis.diagnostics.iter().filter(|d| d.level == medtrace_core::Level::Deny).count(),
        hazards => analysis.risk.hazards.len(),
        risk_matrix => (!analysis.risk.hazards.is_empty()).then_some("risk-matrix-residual.svg"),
        gap => gap_summary,
    }
}
