//! `medtrace impact ID`: what a change to one item can touch, grouped for a change
//! request's analysis (7.4, 8.2.2): hazards and risk controls first, then requirements,
//! software items, SOUP and tests, each with the link it was reached by.

use medtrace_core::graph::ItemIdx;
use medtrace_core::impact::{Reached, Via};
use medtrace_core::{Analysis, ItemType};
use serde_json::{Value, json};

/// The groups of the output, in order: (title, types).
const GROUPS: [(&str, &[ItemType]); 6] = [
    ("Hazards", &[ItemType::Haz]),
    ("Risk control measures", &[ItemType::Rcm]),
    ("Requirements", &[ItemType::Sys, ItemType::Srs]),
    ("Software items and SOUP", &[ItemType::Swi, ItemType::Soup]),
    ("Tests", &[ItemType::Tst]),
    (
        "Other records",
        &[ItemType::Prb, ItemType::Cr, ItemType::Doc],
    ),
];

fn why(analysis: &Analysis, via: Option<Via>) -> String {
    let id = |i: ItemIdx| analysis.items[i].id.as_str();
    match via {
        None => "the changed item".into(),
        Some(Via::Link {
            from,
            role,
            forward: true,
        }) => format!("{} {} it", id(from), role.field()),
        Some(Via::Link {
            from,
            role,
            forward: false,
        }) => format!("{} {}", role.field(), id(from)),
        Some(Via::SoupCause { from }) => format!("has a cause in SOUP {}", id(from)),
    }
}

fn status(analysis: &Analysis, item: ItemIdx) -> String {
    analysis
        .verification
        .status(item)
        .map(|s| format!(" [{}]", s.as_str()))
        .unwrap_or_default()
}

/// The text listing.
pub fn text(analysis: &Analysis, reached: &[Reached]) -> String {
    let start = &analysis.items[reached[0].item];
    let mut out = format!(
        "A change to {} \"{}\" can touch {} other items.\n",
        start.id,
        start.title,
        reached.len() - 1
    );
    for (title, types) in GROUPS {
        let rows: Vec<&Reached> = reached[1..]
            .iter()
            .filter(|r| types.contains(&analysis.items[r.item].ty))
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title} ({})\n", rows.len()));
        for r in rows {
            let item = &analysis.items[r.item];
            out.push_str(&format!(
                "  {:<10} {}{}  ({})\n",
                item.id,
                item.title,
                status(analysis, r.item),
                why(analysis, r.via)
            ));
        }
    }
    let hazards = reached
        .iter()
        .filter(|r| analysis.items[r.item].ty == ItemType::Haz)
        .count();
    if hazards > 0 {
        out.push_str(&format!(
            "\nRecord in the change request whether the change affects the {hazards} hazards and their risk control measures above (7.4.1 to 7.4.3).\n"
        ));
    }
    out
}

/// The JSON listing.
pub fn json(analysis: &Analysis, reached: &[Reached]) -> Value {
    let items: Vec<Value> = reached
        .iter()
        .map(|r| {
            let item = &analysis.items[r.item];
            json!({
                "id": item.id,
                "type": item.ty.key(),
                "title": item.title,
                "depth": r.depth,
                "reached_by": why(analysis, r.via),
                "verification": analysis.verification.status(r.item).map(|s| s.as_str()),
            })
        })
        .collect();
    json!({"version": 1, "changed": analysis.items[reached[0].item].id, "items": items})
}
