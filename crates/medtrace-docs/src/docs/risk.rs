//! The Risk Management File: the policy, the hazards with their causes, estimates and
//! controls, and the matrices before and after control (ISO 14971, IEC 62304 clause 7).

use super::plans_of_kind;
use crate::Document;
use crate::context::Context;
use crate::markdown::Headings;
use crate::markup::content;
use medtrace_core::risk::{Estimate, HazardRisk, RiskPolicy, Scale};
use medtrace_core::{ItemType, LinkRole};

fn level_name(scale: &Scale, at: Option<usize>) -> String {
    at.and_then(|k| scale.levels.get(k))
        .map_or_else(|| "—".to_string(), |l| l.name.clone())
}

fn zone_name(policy: &RiskPolicy, e: &Estimate) -> String {
    e.zone(policy)
        .map_or_else(|| "—".to_string(), |z| z.describe().to_string())
}

/// One matrix of the hazards' estimates, as SVG.
fn matrix(ctx: &Context<'_>, title: &str, pick: fn(&HazardRisk) -> Estimate) -> String {
    medtrace_render::risk_matrix_svg(&medtrace_render::risk_file::risk_matrix(
        ctx.analysis,
        title,
        &pick,
    ))
}

/// The policy: the scales and the acceptability of each cell.
fn policy(ctx: &Context<'_>, doc: &mut crate::context::Doc) {
    let policy = &ctx.analysis.config.risk;
    doc.src.heading(1, "Risk policy");
    for &i in &plans_of_kind(ctx, "risk-management-plan") {
        doc.uses([i]);
        doc.src.para(&format!(
            "The risk management plan is {} ({}); its scales and acceptability criteria, as configured in medtrace.toml, are:",
            ctx.item(i).id,
            ctx.item(i).title
        ));
    }
    for (name, scale) in [
        ("Severity", &policy.severity),
        ("Probability", &policy.probability),
    ] {
        doc.src.heading(2, &format!("{name} scale"));
        let rows: Vec<Vec<String>> = scale
            .levels
            .iter()
            .enumerate()
            .map(|(k, l)| {
                vec![
                    content(&(k + 1).to_string()),
                    content(&l.name),
                    content(&l.description),
                ]
            })
            .collect();
        doc.src
            .table("(auto, auto, 1fr)", &["Rank", "Level", "Definition"], &rows);
    }
    doc.src.heading(2, "Risk acceptability");
    let mut header = vec!["Probability \\ severity"];
    header.extend(policy.severity.levels.iter().map(|l| l.name.as_str()));
    let rows: Vec<Vec<String>> = policy
        .probability
        .levels
        .iter()
        .enumerate()
        .rev()
        .map(|(p, level)| {
            let mut row = vec![content(&level.name)];
            for s in 0..policy.severity.levels.len() {
                let zone = policy.matrix.get(p).and_then(|r| r.get(s));
                row.push(content(zone.map_or("—", |z| z.describe())));
            }
            row
        })
        .collect();
    let columns = format!(
        "(auto, {})",
        vec!["1fr"; policy.severity.levels.len()].join(", ")
    );
    doc.src.table(&columns, &header, &rows);
}

/// The Risk Management File, when there are hazards.
pub fn risk_management_file(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let hazards = &ctx.analysis.risk.hazards;
    if hazards.is_empty() {
        return None;
    }
    let risk = &ctx.analysis.config.risk;
    let mut doc = ctx.start("RMF", "Risk Management File");
    policy(ctx, &mut doc);

    doc.src.heading(1, "Risk table");
    doc.src.para("Each hazard with its estimate before control (S/P initial), its risk control measures and the residual estimate after control.");
    let mut ordered: Vec<&HazardRisk> = hazards.iter().collect();
    ordered.sort_by(|a, b| crate::context::natural(&ctx.item(a.item).id, &ctx.item(b.item).id));
    let rows: Vec<Vec<String>> = ordered
        .iter()
        .map(|h| {
            vec![
                content(&ctx.item(h.item).id),
                content(&ctx.item(h.item).title),
                content(&format!(
                    "{} / {}",
                    level_name(&risk.severity, h.initial.severity),
                    level_name(&risk.probability, h.initial.probability)
                )),
                content(&zone_name(risk, &h.initial)),
                ctx.ids(&h.controls),
                content(&format!(
                    "{} / {}",
                    level_name(&risk.severity, h.residual.severity),
                    level_name(&risk.probability, h.residual.probability)
                )),
                content(&zone_name(risk, &h.residual)),
            ]
        })
        .collect();
    doc.src.table(
        "(auto, 2fr, 1.3fr, 1fr, 1fr, 1.3fr, 1fr)",
        &[
            "ID",
            "Hazard",
            "S / P initial",
            "Initial risk",
            "Controls",
            "S / P residual",
            "Residual risk",
        ],
        &rows,
    );

    doc.src.heading(1, "Risk matrices");
    let name = &ctx.analysis.config.name;
    doc.images.push((
        "risk-initial.svg".into(),
        matrix(ctx, &format!("{name}: risk before control"), |h| h.initial).into_bytes(),
    ));
    doc.images.push((
        "risk-residual.svg".into(),
        matrix(ctx, &format!("{name}: residual risk"), |h| h.residual).into_bytes(),
    ));
    doc.src.raw("#diagram(\"risk-initial.svg\", caption: [Hazards by severity and probability before risk control])\n\n");
    doc.src.raw("#diagram(\"risk-residual.svg\", caption: [Hazards by severity and probability after risk control])\n\n");

    doc.src.heading(1, "Hazards");
    for h in &ordered {
        let i = h.item;
        doc.uses([i]);
        doc.src.heading(2, &ctx.heading_text(i));
        let mut pairs = vec![
            ("Safety class".to_string(), content(h.class.as_str())),
            (
                "Software items".to_string(),
                ctx.ids(&ctx.targets(i, LinkRole::Items)),
            ),
        ];
        pairs.extend(ctx.fields(
            i,
            &[
                "items",
                "causes",
                "severity",
                "probability",
                "residual-severity",
                "residual-probability",
            ],
        ));
        pairs.push((
            "Initial risk".to_string(),
            content(&format!(
                "{} / {}: {}",
                level_name(&risk.severity, h.initial.severity),
                level_name(&risk.probability, h.initial.probability),
                zone_name(risk, &h.initial)
            )),
        ));
        pairs.push((
            "Residual risk".to_string(),
            content(&format!(
                "{} / {}: {}",
                level_name(&risk.severity, h.residual.severity),
                level_name(&risk.probability, h.residual.probability),
                zone_name(risk, &h.residual)
            )),
        ));
        doc.src.fields(&pairs);
        if !h.causes.is_empty() {
            doc.src.plain_heading(3, "Causes");
            let rows: Vec<Vec<String>> = h
                .causes
                .iter()
                .map(|c| {
                    vec![
                        content(c.item.as_deref().or(c.soup.as_deref()).unwrap_or("—")),
                        content(c.category.map_or("—", |k| k.as_str())),
                        content(&c.description),
                    ]
                })
                .collect();
            doc.src.table(
                "(auto, auto, 1fr)",
                &["Item", "Category", "Sequence of events"],
                &rows,
            );
        }
        if !h.controls.is_empty() {
            doc.src.plain_heading(3, "Risk control measures");
            let rows: Vec<Vec<String>> = h
                .controls
                .iter()
                .map(|&r| {
                    vec![
                        content(&ctx.item(r).id),
                        content(&ctx.item(r).title),
                        ctx.text_cell(r, "kind"),
                        ctx.ids(&ctx.sources(r, LinkRole::Implements)),
                        content(
                            ctx.analysis
                                .verification
                                .status(r)
                                .map_or("—", |s| s.as_str()),
                        ),
                    ]
                })
                .collect();
            doc.src.table(
                "(auto, 2fr, 1fr, 1fr, auto)",
                &["ID", "Measure", "Kind", "Implemented by", "Verification"],
                &rows,
            );
        }
        doc.src.raw(&ctx.record_body(i, 2));
    }

    let controls = ctx.of_type(ItemType::Rcm);
    if !controls.is_empty() {
        doc.src.heading(1, "Risk control measures");
        for &r in &controls {
            doc.uses([r]);
            doc.src.heading(2, &ctx.heading_text(r));
            let mut pairs = vec![
                (
                    "Mitigates".to_string(),
                    ctx.ids(&ctx.targets(r, LinkRole::Mitigates)),
                ),
                (
                    "Implemented by".to_string(),
                    ctx.ids(&ctx.sources(r, LinkRole::Implements)),
                ),
                (
                    "Verified by".to_string(),
                    ctx.ids(&ctx.sources(r, LinkRole::Verifies)),
                ),
                (
                    "Verification".to_string(),
                    content(
                        ctx.analysis
                            .verification
                            .status(r)
                            .map_or("—", |s| s.as_str()),
                    ),
                ),
            ];
            pairs.extend(ctx.fields(r, &["mitigates"]));
            doc.src.fields(&pairs);
            doc.src.raw(&ctx.body(
                r,
                Headings {
                    base: 3,
                    outlined: false,
                    skip_title: Some(&ctx.item(r).title),
                },
            ));
        }
    }
    Some(doc.finish(ctx, &[]))
}
