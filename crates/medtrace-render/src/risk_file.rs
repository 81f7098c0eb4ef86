//! A project's risk file as the input of [`crate::risk_matrix_svg`]: the one place that
//! maps medtrace-core's policy and hazard estimates onto the renderer's plain types, for
//! the CLI, the HTML site and the PDF documents alike. Behind the `risk-file` feature, so
//! the renderers themselves stay free of medtrace-core.

use medtrace_core::Analysis;
use medtrace_core::risk::{Estimate, HazardRisk, Scale, Zone};

use crate::svg::{Cell, Level, RiskMatrix};

/// The matrix of the policy's zones with each hazard's ID in the cell of the estimate
/// `pick` chooses (`|h| h.initial` or `|h| h.residual`); hazards without both positions,
/// or outside the policy's scales, are left out.
pub fn risk_matrix(
    analysis: &Analysis,
    title: &str,
    pick: &dyn Fn(&HazardRisk) -> Estimate,
) -> RiskMatrix {
    let policy = &analysis.config.risk;
    let levels = |s: &Scale| -> Vec<Level> {
        s.levels
            .iter()
            .map(|l| Level {
                name: l.name.clone(),
                description: l.description.clone(),
            })
            .collect()
    };
    let mut cells: Vec<Vec<Cell>> = policy
        .matrix
        .iter()
        .map(|row| {
            row.iter()
                .map(|z| Cell {
                    zone: match z {
                        Zone::Acceptable => crate::Zone::Acceptable,
                        Zone::Afap => crate::Zone::Afap,
                        Zone::Unacceptable => crate::Zone::Unacceptable,
                    },
                    ids: Vec::new(),
                })
                .collect()
        })
        .collect();
    for h in &analysis.risk.hazards {
        let e = pick(h);
        if let (Some(p), Some(s)) = (e.probability, e.severity)
            && let Some(cell) = cells.get_mut(p).and_then(|row| row.get_mut(s))
        {
            cell.ids.push(analysis.items[h.item].id.clone());
        }
    }
    RiskMatrix {
        title: title.to_string(),
        severities: levels(&policy.severity),
        probabilities: levels(&policy.probability),
        cells,
    }
}
