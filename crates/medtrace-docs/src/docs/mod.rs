//! The documents of the set, one function each; each returns `None` when the project has
//! no records for it.

mod design;
mod risk;
mod verify;

use crate::Document;
use crate::context::Context;
use crate::markdown::Headings;
use crate::markup::{content, text};
use medtrace_core::{ItemIdx, ItemType, LinkRole};

/// A document of the set: its volumes (one for most), or `None` without records for it.
type Maker = fn(&Context<'_>) -> Option<Vec<Document>>;

/// Every document the records can fill, in the order of the set.
pub fn all(ctx: &Context<'_>) -> Vec<Document> {
    let makers: [Maker; 11] = [
        |c| plan(c, "development-plan", "SDP", "Software Development Plan"),
        |c| plan(c, "maintenance-plan", "SMP", "Software Maintenance Plan"),
        design::requirements,
        design::architecture,
        design::detailed_design,
        design::soup_list,
        risk::risk_management_file,
        verify::traceability,
        verify::verification_report,
        release_notes,
        gap_report,
    ];
    makers
        .iter()
        .filter_map(|make| make(ctx))
        .flatten()
        .collect()
}

/// The DOC items of one `doc-kind`, in ID order.
pub fn plans_of_kind(ctx: &Context<'_>, kind: &str) -> Vec<ItemIdx> {
    ctx.of_type(ItemType::Doc)
        .into_iter()
        .filter(|&i| ctx.text(i, "doc-kind") == Some(kind))
        .collect()
}

/// A plan document from the DOC items of one kind: each plan's body, its headings
/// numbered and listed in the contents.
fn plan(ctx: &Context<'_>, kind: &str, suffix: &str, title: &str) -> Option<Vec<Document>> {
    let plans = plans_of_kind(ctx, kind);
    if plans.is_empty() {
        return None;
    }
    let mut doc = ctx.start(suffix, title);
    doc.uses(plans.iter().copied());
    let several = plans.len() > 1;
    for &i in &plans {
        let item = ctx.item(i);
        if several {
            doc.src.heading(1, &ctx.heading_text(i));
        }
        doc.src.raw(&format!(
            "#text(size: 9pt)[{} {}]\n\n",
            text(&format!(
                "Record {}, status {}.",
                item.id,
                item.status.as_str()
            )),
            text(&source_note(ctx, i))
        ));
        doc.src.raw(&ctx.body(
            i,
            Headings {
                base: if several { 2 } else { 1 },
                outlined: true,
                skip_title: Some(&item.title),
            },
        ));
    }
    Some(doc.finish(ctx, &[]))
}

/// "Kept in dhf/plans/DOC-001.md."
fn source_note(ctx: &Context<'_>, i: ItemIdx) -> String {
    let path = &ctx.analysis.sources.get(ctx.item(i).file).path;
    format!("Kept in {path}.")
}

/// The known-anomaly evaluation of a problem report, if it has one.
fn known_anomaly(ctx: &Context<'_>, i: ItemIdx) -> Option<&'static str> {
    ctx.item(i)
        .field("known-anomaly")
        .filter(|f| !f.value.is_null())
        .map(|_| "known-anomaly")
}

/// Release notes: the version, the changes and problems of the records, and the known
/// residual anomalies (problem reports with a `known-anomaly` evaluation).
fn release_notes(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let releases = ctx.of_type(ItemType::Rel);
    let problems = ctx.of_type(ItemType::Prb);
    let changes = ctx.of_type(ItemType::Cr);
    if releases.is_empty() && problems.is_empty() && changes.is_empty() {
        return None;
    }
    let info = ctx.inputs.info;
    let mut doc = ctx.start("RN", "Release Notes");
    doc.src.heading(1, "Release");
    doc.src.para(&format!(
        "These notes describe version {} of {}, built from {}.",
        info.version,
        info.project,
        info.commit
            .as_deref()
            .map_or("a work tree outside git".to_string(), |c| format!(
                "commit {c}"
            ))
    ));
    if releases.is_empty() {
        doc.src.missing("No release record (REL) exists; the version above is the one git gives for this revision.");
    }
    for &i in &releases {
        doc.uses([i]);
        doc.src.heading(2, &ctx.heading_text(i));
        doc.src.fields(&ctx.fields(i, &[]));
        doc.src.raw(&ctx.record_body(i, 2));
    }

    doc.src.heading(1, "Known residual anomalies");
    let known: Vec<ItemIdx> = problems
        .iter()
        .copied()
        .filter(|&i| known_anomaly(ctx, i).is_some())
        .collect();
    doc.src.para("Problem reports released as known residual anomalies, with their evaluation (IEC 62304 5.8.2, 5.8.3).");
    if known.is_empty() {
        doc.src.missing("No problem report carries a `known-anomaly` evaluation, so this release lists no known residual anomaly.");
    }
    for &i in &known {
        doc.uses([i]);
        doc.src.heading(2, &ctx.heading_text(i));
        let mut pairs = vec![(
            "Affects".to_string(),
            ctx.ids(&ctx.targets(i, LinkRole::Affects)),
        )];
        pairs.extend(ctx.fields(i, &["affects", "found-by"]));
        doc.src.fields(&pairs);
        doc.src.raw(&ctx.record_body(i, 2));
    }

    doc.src.heading(1, "Problem reports");
    if problems.is_empty() {
        doc.src.missing("No problem report (PRB) exists.");
    } else {
        let rows: Vec<Vec<String>> = problems
            .iter()
            .map(|&i| {
                doc.uses([i]);
                vec![
                    content(&ctx.item(i).id),
                    content(&ctx.item(i).title),
                    ctx.text_cell(i, "state"),
                    content(if known_anomaly(ctx, i).is_some() {
                        "yes"
                    } else {
                        "no"
                    }),
                    ctx.ids(&ctx.sources(i, LinkRole::Resolves)),
                ]
            })
            .collect();
        doc.src.table(
            "(auto, 1fr, auto, auto, auto)",
            &["ID", "Title", "State", "Known anomaly", "Resolved by"],
            &rows,
        );
    }

    doc.src.heading(1, "Changes");
    if changes.is_empty() {
        doc.src.missing("No change request (CR) exists.");
    } else {
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|&i| {
                doc.uses([i]);
                vec![
                    content(&ctx.item(i).id),
                    content(&ctx.item(i).title),
                    ctx.text_cell(i, "state"),
                    ctx.ids(&ctx.targets(i, LinkRole::Resolves)),
                    ctx.ids(&ctx.targets(i, LinkRole::Changes)),
                ]
            })
            .collect();
        doc.src.table(
            "(auto, 1.5fr, auto, 1fr, 1fr)",
            &["ID", "Title", "State", "Resolves", "Changes"],
            &rows,
        );
    }
    Some(doc.finish(ctx, &[]))
}

/// The gap report against IEC 62304, clause by clause.
fn gap_report(ctx: &Context<'_>) -> Option<Vec<Document>> {
    if ctx.analysis.items.is_empty() {
        return None;
    }
    let report = medtrace_core::gap::evaluate(ctx.analysis);
    let mut doc = ctx.start("GAP", "IEC 62304 Gap Report");
    doc.uses(0..ctx.analysis.items.len());
    let summary = report.summary();
    doc.src.heading(1, "Summary");
    doc.src.para(&format!(
        "Evaluated for software safety class {}: {} clauses met by records, {} to be judged by a person, {} with gaps, {} not applicable.",
        report.class.as_str(),
        summary.met,
        summary.manual,
        summary.gap,
        summary.not_applicable
    ));
    doc.src.heading(1, "Clauses");
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|row| {
            vec![
                content(row.clause.id),
                content(row.clause.title),
                content(row.status.as_str()),
                content(&row.status.details().join("; ")),
            ]
        })
        .collect();
    doc.src.table(
        "(auto, 1.2fr, auto, 2fr)",
        &[
            "Clause",
            "Requirement",
            "Status",
            "Evidence or what is missing",
        ],
        &rows,
    );
    Some(doc.finish(ctx, &[]))
}
