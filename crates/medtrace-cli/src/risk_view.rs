//! `medtrace risk`: the risk table (FMEA style) as a terminal table, CSV, JSON or XLSX,
//! the before/after risk matrices as SVG, and the residual-risk summary.

use crate::table;
use medtrace_core::graph::ItemIdx;
use medtrace_core::risk::{Estimate, HazardRisk, RiskPolicy, Zone};
use medtrace_core::{Analysis, VerificationStatus};
use medtrace_render::{CellValue, Sheet};
use serde_json::{Value, json};

/// The columns of the risk table.
const HEADER: [&str; 15] = [
    "Hazard",
    "Title",
    "Hazardous situation",
    "Harm",
    "Causes",
    "S",
    "P",
    "Risk",
    "Controls",
    "Residual S",
    "Residual P",
    "Residual risk",
    "Verification",
    "Benefit-risk",
    "Class",
];

fn level(scale: &medtrace_core::risk::Scale, at: Option<usize>) -> String {
    at.map_or_else(|| "?".to_string(), |i| scale.levels[i].name.clone())
}

fn zone(policy: &RiskPolicy, e: &Estimate) -> String {
    e.zone(policy)
        .map_or_else(|| "?".into(), |z| z.as_str().to_string())
}

/// The verification status of a hazard's controls: the worst of them.
fn controls_status(analysis: &Analysis, hazard: &HazardRisk) -> String {
    if hazard.controls.is_empty() {
        return "no controls".into();
    }
    let statuses: Vec<VerificationStatus> = hazard
        .controls
        .iter()
        .filter_map(|&c| analysis.verification.status(c))
        .collect();
    let order = [
        VerificationStatus::Failed,
        VerificationStatus::NoTest,
        VerificationStatus::NotRun,
        VerificationStatus::Stale,
        VerificationStatus::Verified,
    ];
    order
        .iter()
        .find(|s| statuses.contains(s))
        .map_or_else(|| "no tests".into(), |s| s.as_str().to_string())
}

fn controls(analysis: &Analysis, hazard: &HazardRisk) -> Vec<String> {
    hazard
        .controls
        .iter()
        .map(|&c| {
            let item = &analysis.items[c];
            let kind = item.text("kind").unwrap_or("?");
            let implementation = item.text("implementation").unwrap_or("software");
            format!("{} ({kind}, {implementation})", item.id)
        })
        .collect()
}

fn causes(hazard: &HazardRisk) -> Vec<String> {
    hazard
        .causes
        .iter()
        .map(|c| {
            let category = c.category.map_or("?", |c| c.as_str());
            let soup = c
                .soup
                .as_deref()
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            format!("{} {category}{soup}", c.item.as_deref().unwrap_or("?"))
        })
        .collect()
}

fn text(analysis: &Analysis, idx: ItemIdx, field: &str) -> String {
    analysis.items[idx]
        .text(field)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// One row per hazard, cells as text.
fn rows(analysis: &Analysis, multiline: &str) -> Vec<Vec<String>> {
    let policy = &analysis.config.risk;
    analysis
        .risk
        .hazards
        .iter()
        .map(|h| {
            let item = &analysis.items[h.item];
            vec![
                item.id.clone(),
                item.title.clone(),
                text(analysis, h.item, "hazardous-situation"),
                text(analysis, h.item, "harm"),
                causes(h).join(multiline),
                level(&policy.severity, h.initial.severity),
                level(&policy.probability, h.initial.probability),
                zone(policy, &h.initial),
                controls(analysis, h).join(multiline),
                level(&policy.severity, h.residual.severity),
                level(&policy.probability, h.residual.probability),
                zone(policy, &h.residual),
                controls_status(analysis, h),
                if item
                    .text("benefit-risk")
                    .is_some_and(|t| !t.trim().is_empty())
                {
                    "yes".into()
                } else {
                    String::new()
                },
                h.class.to_string(),
            ]
        })
        .collect()
}

/// The terminal table: the chain columns only, long texts left to the other formats.
pub fn table(analysis: &Analysis) -> String {
    // Short columns first, the long list of causes last.
    let keep = [0, 5, 6, 7, 8, 9, 10, 11, 12, 4];
    let header: Vec<&str> = keep.iter().map(|&k| HEADER[k]).collect();
    let rows: Vec<Vec<String>> = rows(analysis, ", ")
        .into_iter()
        .zip(&analysis.risk.hazards)
        .map(|(mut row, h)| {
            row[8] = h
                .controls
                .iter()
                .map(|&c| analysis.items[c].id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            keep.iter().map(|&k| row[k].clone()).collect()
        })
        .collect();
    let mut out = table::render(&header, &rows);
    out.push('\n');
    out.push_str(&summary(analysis));
    out
}

/// RFC 4180 CSV with every column.
pub fn csv(analysis: &Analysis) -> String {
    let mut out = table::csv_line(&HEADER.map(String::from));
    for row in rows(analysis, "\n") {
        out.push_str(&table::csv_line(&row));
    }
    out
}

/// JSON: the policy's scales and, per hazard, the chain with positions and names.
pub fn json(analysis: &Analysis) -> Value {
    let policy = &analysis.config.risk;
    let estimate = |e: &Estimate| {
        json!({
            "severity": e.severity.map(|i| policy.severity.levels[i].name.clone()),
            "probability": e.probability.map(|i| policy.probability.levels[i].name.clone()),
            "zone": e.zone(policy).map(Zone::as_str),
        })
    };
    let hazards: Vec<Value> = analysis
        .risk
        .hazards
        .iter()
        .map(|h| {
            let item = &analysis.items[h.item];
            json!({
                "id": item.id,
                "title": item.title,
                "hazard": item.text("hazard"),
                "sequence_of_events": item.text("sequence-of-events"),
                "hazardous_situation": item.text("hazardous-situation"),
                "harm": item.text("harm"),
                "class": h.class.to_string(),
                "causes": h.causes.iter().map(|c| json!({
                    "item": c.item,
                    "category": c.category.map(|c| c.as_str()),
                    "soup": c.soup,
                    "description": c.description,
                })).collect::<Vec<_>>(),
                "initial": estimate(&h.initial),
                "controls": h.controls.iter().map(|&c| json!({
                    "id": analysis.items[c].id,
                    "kind": analysis.items[c].text("kind"),
                    "implementation": analysis.items[c].text("implementation").unwrap_or("software"),
                    "verification": analysis.verification.status(c).map(|s| s.as_str()),
                })).collect::<Vec<_>>(),
                "residual": estimate(&h.residual),
                "benefit_risk": item.text("benefit-risk"),
            })
        })
        .collect();
    let scale = |s: &medtrace_core::risk::Scale| {
        s.levels
            .iter()
            .map(|l| json!({"name": l.name, "description": l.description}))
            .collect::<Vec<_>>()
    };
    json!({
        "version": 1,
        "policy": {
            "severity": policy.severity.levels.iter().map(|l| json!({"name": l.name, "description": l.description, "harm": l.harm.as_str()})).collect::<Vec<_>>(),
            "probability": scale(&policy.probability),
            "matrix": policy.matrix.iter().map(|row| row.iter().map(|z| z.as_str()).collect::<Vec<_>>()).collect::<Vec<_>>(),
        },
        "hazards": hazards,
    })
}

/// An XLSX workbook: the risk table, then the policy.
pub fn xlsx(analysis: &Analysis) -> Vec<u8> {
    let policy = &analysis.config.risk;
    let table = Sheet {
        name: "Risk table".into(),
        header: HEADER.iter().map(|h| h.to_string()).collect(),
        rows: rows(analysis, "\n")
            .into_iter()
            .map(|row| row.into_iter().map(CellValue::Text).collect())
            .collect(),
    };
    let mut matrix_header = vec!["Probability \\ severity".to_string()];
    matrix_header.extend(policy.severity.levels.iter().map(|l| l.name.clone()));
    let matrix = Sheet {
        name: "Acceptability".into(),
        header: matrix_header,
        rows: policy
            .probability
            .levels
            .iter()
            .enumerate()
            .rev()
            .map(|(p, l)| {
                let mut row = vec![CellValue::Text(l.name.clone())];
                row.extend(
                    policy.matrix[p]
                        .iter()
                        .map(|z| CellValue::Text(z.describe().to_string())),
                );
                row
            })
            .collect(),
    };
    let scales = Sheet {
        name: "Scales".into(),
        header: vec![
            "Scale".into(),
            "Level".into(),
            "Description".into(),
            "Harm (IEC 62304 4.3)".into(),
        ],
        rows: policy
            .severity
            .levels
            .iter()
            .map(|l| ("severity", l, l.harm.as_str()))
            .chain(
                policy
                    .probability
                    .levels
                    .iter()
                    .map(|l| ("probability", l, "")),
            )
            .map(|(scale, l, harm)| {
                vec![
                    CellValue::from(scale),
                    CellValue::Text(l.name.clone()),
                    CellValue::Text(l.description.clone()),
                    CellValue::from(harm),
                ]
            })
            .collect(),
    };
    medtrace_render::workbook(&[table, matrix, scales])
}

/// The matrices before and after risk control, as SVG: (file name, text).
pub fn matrices(analysis: &Analysis) -> [(String, String); 2] {
    let build = |title: &str, pick: &dyn Fn(&HazardRisk) -> Estimate| {
        medtrace_render::risk_matrix_svg(&medtrace_render::risk_file::risk_matrix(
            analysis, title, pick,
        ))
    };
    let name = &analysis.config.name;
    let titled = |what: &str| {
        if name.is_empty() {
            what.to_string()
        } else {
            format!("{name}: {what}")
        }
    };
    [
        (
            "risk-matrix-initial.svg".into(),
            build(&titled("risk before control"), &|h| h.initial),
        ),
        (
            "risk-matrix-residual.svg".into(),
            build(&titled("residual risk"), &|h| h.residual),
        ),
    ]
}

/// Counts of hazards per zone before and after control, and the residual risks that
/// are not acceptable.
pub fn summary(analysis: &Analysis) -> String {
    let policy = &analysis.config.risk;
    let hazards = &analysis.risk.hazards;
    let count = |pick: &dyn Fn(&HazardRisk) -> Option<Zone>, zone: Option<Zone>| {
        hazards.iter().filter(|h| pick(h) == zone).count()
    };
    let initial = |h: &HazardRisk| h.initial.zone(policy);
    let residual = |h: &HazardRisk| h.residual.zone(policy);
    let mut out = format!("{} hazards\n", hazards.len());
    for (label, pick) in [
        (
            "before control",
            &initial as &dyn Fn(&HazardRisk) -> Option<Zone>,
        ),
        ("residual", &residual),
    ] {
        let mut parts: Vec<String> = Zone::ALL
            .iter()
            .map(|&z| format!("{} {}", count(pick, Some(z)), z.describe()))
            .collect();
        let unknown = count(pick, None);
        if unknown > 0 {
            parts.push(format!("{unknown} not estimated"));
        }
        out.push_str(&format!("  {label:<15} {}\n", parts.join(", ")));
    }
    let accepted: Vec<&str> = hazards
        .iter()
        .filter(|h| residual(h) == Some(Zone::Unacceptable))
        .map(|h| analysis.items[h.item].id.as_str())
        .collect();
    if !accepted.is_empty() {
        out.push_str(&format!(
            "  residual risks not acceptable, weighed in a benefit-risk analysis: {}\n",
            accepted.join(", ")
        ));
    }
    out
}
