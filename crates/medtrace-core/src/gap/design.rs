//! Evaluators of the clauses of sections 4 and 5 about what is built: classification,
//! requirements, architecture and detailed design.

use super::eval::{
    Ctx, Evaluator, Outcome, count, gap, lacking, none_yet, procedure, records, tally,
};
use crate::clauses::Clause;
use crate::graph::ItemIdx;
use crate::model::{ItemType, LinkRole, Status};
use std::collections::BTreeSet;

/// The evaluators of 4.3 and 5.2 to 5.4, by clause.
pub(super) static EVALUATORS: &[Evaluator] = &[
    procedure("4.3", classification),
    records("5.2.1", derived),
    records("5.2.2", requirement_content),
    records("5.2.3", controls_as_requirements),
    procedure("5.2.4", risk_analysis_revisited),
    procedure("5.2.5", requirements_updated),
    procedure("5.2.6", requirements_reviewed),
    records("5.3.1", architecture),
    records("5.3.2", interfaces),
    records("5.3.3", soup_purpose),
    records("5.3.4", soup_prerequisites),
    records("5.3.5", segregation),
    procedure("5.3.6", architecture_reviewed),
    records("5.4.1", units),
    records("5.4.2", detailed_design),
    records("5.4.3", unit_interfaces),
    procedure("5.4.4", detailed_design_reviewed),
];

fn classification(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let _ = clause;
    let mut evidence = vec![format!(
        "software system class {} in medtrace.toml",
        ctx.a.config.class
    )];
    let swis = ctx.live(ItemType::Swi);
    if !swis.is_empty() {
        let classes = tally(swis.iter().map(|&i| ctx.class(i).as_str()));
        evidence.push(format!(
            "{}, by class: {classes}",
            count(swis.len(), "software item")
        ));
    }
    let lower: Vec<ItemIdx> = swis
        .iter()
        .copied()
        .filter(|&i| ctx.item(i).has_class_rationale)
        .collect();
    if !lower.is_empty() {
        evidence.push(format!("class rationale recorded in {}", ctx.ids(&lower)));
    }
    Outcome::Review(evidence)
}

fn derived(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let srs = ctx.scoped(ItemType::Srs, clause);
    if srs.is_empty() {
        return none_yet("software requirements");
    }
    let from_sys: Vec<ItemIdx> = srs
        .iter()
        .copied()
        .filter(|&i| ctx.item(i).links(LinkRole::DerivedFrom).next().is_some())
        .collect();
    let marked: Vec<ItemIdx> = srs
        .iter()
        .copied()
        .filter(|&i| {
            let item = ctx.item(i);
            item.links(LinkRole::DerivedFrom).next().is_none()
                && item.derived
                && item.has_derived_rationale
        })
        .collect();
    let sys = ctx.live(ItemType::Sys);
    let unrefined: Vec<ItemIdx> = sys
        .iter()
        .copied()
        .filter(|&s| ctx.sources(s, LinkRole::DerivedFrom).is_empty())
        .collect();
    let mut missing = Vec::new();
    missing.extend(lacking(
        ctx,
        &srs,
        "derived from no system requirement",
        |i| {
            let item = ctx.item(i);
            item.links(LinkRole::DerivedFrom).next().is_none()
                && !(item.derived && item.has_derived_rationale)
        },
    ));
    if !unrefined.is_empty() {
        missing.push(format!(
            "refined by no software requirement: {}",
            ctx.ids(&unrefined)
        ));
    }
    if !missing.is_empty() {
        return gap(missing);
    }
    let mut evidence = vec![format!(
        "{} derived from {}",
        count(from_sys.len(), "software requirement"),
        count(sys.len(), "system requirement")
    )];
    if !marked.is_empty() {
        evidence.push(format!(
            "marked derived, with rationale: {}",
            ctx.ids(&marked)
        ));
    }
    evidence.push(format!("every system requirement refined ({})", sys.len()));
    Outcome::Met(evidence)
}

fn requirement_content(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let srs = ctx.scoped(ItemType::Srs, clause);
    if srs.is_empty() {
        return none_yet("software requirements");
    }
    if let Some(line) = lacking(ctx, &srs, "no requirement text", |i| ctx.body(i).is_empty()) {
        return gap(vec![line]);
    }
    let categories = tally(srs.iter().filter_map(|&i| ctx.text(i, "category")));
    let mut evidence = vec![format!(
        "{} with text",
        count(srs.len(), "software requirement")
    )];
    if !categories.is_empty() {
        evidence.push(format!("by category: {categories}"));
    }
    Outcome::Met(evidence)
}

/// The live RCMs of the clause's classes realised in software.
fn software_controls(ctx: &Ctx<'_>, clause: &Clause) -> (Vec<ItemIdx>, Vec<ItemIdx>) {
    ctx.scoped(ItemType::Rcm, clause)
        .into_iter()
        .partition(|&r| ctx.text(r, "implementation") != Some("external"))
}

fn controls_as_requirements(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    if ctx.live(ItemType::Haz).is_empty() && ctx.live(ItemType::Rcm).is_empty() {
        return none_yet("hazards or risk control measures");
    }
    let (software, external) = software_controls(ctx, clause);
    if let Some(line) = lacking(
        ctx,
        &software,
        "in software but stated by no requirement",
        |r| ctx.sources(r, LinkRole::Implements).is_empty(),
    ) {
        return gap(vec![line]);
    }
    let srs: BTreeSet<ItemIdx> = software
        .iter()
        .flat_map(|&r| ctx.sources(r, LinkRole::Implements))
        .collect();
    Outcome::Met(vec![
        format!(
            "{} in software, stated by {}",
            count(software.len(), "risk control"),
            count(srs.len(), "requirement")
        ),
        format!("{} outside the software", external.len()),
    ])
}

fn risk_analysis_revisited(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let srs = ctx.live(ItemType::Srs);
    if srs.is_empty() {
        return none_yet("software requirements");
    }
    let controls = srs
        .iter()
        .filter(|&&s| !ctx.targets(s, LinkRole::Implements).is_empty())
        .count();
    Outcome::Review(vec![
        format!(
            "risk file: {}, {}",
            count(ctx.live(ItemType::Haz).len(), "hazard"),
            count(ctx.live(ItemType::Rcm).len(), "risk control")
        ),
        format!("{} implement risk controls", count(controls, "requirement")),
    ])
}

fn requirements_updated(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let changed: Vec<ItemIdx> = ctx
        .live(ItemType::Cr)
        .into_iter()
        .filter(|&c| {
            ctx.targets(c, LinkRole::Changes)
                .iter()
                .any(|&t| matches!(ctx.item(t).ty, ItemType::Srs | ItemType::Sys))
        })
        .collect();
    if changed.is_empty() {
        return Outcome::Nothing("no change request has changed a requirement yet".into());
    }
    Outcome::Review(vec![format!(
        "requirements changed by {}",
        ctx.ids(&changed)
    )])
}

/// The `n of m approved` line of a review clause.
fn approved(ctx: &Ctx<'_>, list: &[ItemIdx], what: &str) -> String {
    let n = list
        .iter()
        .filter(|&&i| ctx.item(i).status == Status::Approved)
        .count();
    format!("{n} of {} approved", count(list.len(), what))
}

fn requirements_reviewed(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let srs = ctx.scoped(ItemType::Srs, clause);
    if srs.is_empty() {
        return none_yet("software requirements");
    }
    Outcome::Review(vec![approved(ctx, &srs, "software requirement")])
}

/// `system`, `item` (the default) or `unit`.
pub(super) fn level(ctx: &Ctx<'_>, i: ItemIdx) -> &'static str {
    match ctx.text(i, "level") {
        Some("system") => "system",
        Some("unit") => "unit",
        _ => "item",
    }
}

fn architecture(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let swis = ctx.scoped(ItemType::Swi, clause);
    if swis.is_empty() {
        return none_yet("software items");
    }
    let srs = ctx.scoped(ItemType::Srs, clause);
    if let Some(line) = lacking(ctx, &srs, "allocated to no software item", |s| {
        ctx.targets(s, LinkRole::AllocatedTo).is_empty()
    }) {
        return gap(vec![line]);
    }
    Outcome::Met(vec![
        format!(
            "{}: {}",
            count(swis.len(), "software item"),
            tally(swis.iter().map(|&i| level(ctx, i)))
        ),
        format!("{} allocated to them", count(srs.len(), "requirement")),
    ])
}

fn interfaces(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let swis: Vec<ItemIdx> = ctx
        .scoped(ItemType::Swi, clause)
        .into_iter()
        .filter(|&i| level(ctx, i) != "unit")
        .collect();
    if swis.is_empty() {
        return none_yet("software items");
    }
    match lacking(ctx, &swis, "no `interfaces`", |i| !ctx.has(i, "interfaces")) {
        Some(line) => gap(vec![line]),
        None => Outcome::Met(vec![format!(
            "interfaces described in {} (systems and items)",
            count(swis.len(), "software item")
        )]),
    }
}

fn soup_field(ctx: &Ctx<'_>, clause: &Clause, field: &str, says: &str) -> Outcome {
    let soups = ctx.scoped(ItemType::Soup, clause);
    if soups.is_empty() {
        return Outcome::Nothing("no SOUP records".into());
    }
    match lacking(ctx, &soups, &format!("no `{field}`"), |i| {
        !ctx.has(i, field)
    }) {
        Some(line) => gap(vec![line]),
        None => Outcome::Met(vec![format!(
            "{} {says}",
            count(soups.len(), "SOUP record")
        )]),
    }
}

fn soup_purpose(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    soup_field(ctx, clause, "purpose", "state their purpose (`purpose`)")
}

fn soup_prerequisites(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    soup_field(
        ctx,
        clause,
        "prerequisites",
        "state what they need to run (`prerequisites`)",
    )
}

fn segregation(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let swis = ctx.live(ItemType::Swi);
    if swis.is_empty() {
        return none_yet("software items");
    }
    // An item classed below the item above it relies on segregation from it.
    let lower: Vec<ItemIdx> = swis
        .iter()
        .copied()
        .filter(|&i| {
            let above = ctx
                .targets(i, LinkRole::Parent)
                .into_iter()
                .map(|p| ctx.class(p))
                .max()
                .unwrap_or(ctx.cap.unwrap_or(ctx.a.config.class));
            ctx.class(i) < above
        })
        .collect();
    let stated: Vec<ItemIdx> = swis
        .iter()
        .copied()
        .filter(|&i| ctx.has(i, "segregation"))
        .collect();
    if let Some(line) = lacking(
        ctx,
        &lower,
        "classed below their parent without `segregation`",
        |i| !ctx.has(i, "segregation"),
    ) {
        return gap(vec![line]);
    }
    if stated.is_empty() {
        return Outcome::Met(vec![
            "no software item is classed below its parent; no segregation is recorded".into(),
        ]);
    }
    Outcome::Met(vec![format!("segregation stated in {}", ctx.ids(&stated))])
}

fn architecture_reviewed(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let swis = ctx.scoped(ItemType::Swi, clause);
    if swis.is_empty() {
        return none_yet("software items");
    }
    Outcome::Review(vec![approved(ctx, &swis, "software item")])
}

fn scoped_units(ctx: &Ctx<'_>, clause: &Clause) -> Vec<ItemIdx> {
    ctx.scoped(ItemType::Swi, clause)
        .into_iter()
        .filter(|&i| level(ctx, i) == "unit")
        .collect()
}

fn units(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    if ctx.scoped(ItemType::Swi, clause).is_empty() {
        return none_yet("software items");
    }
    let units = scoped_units(ctx, clause);
    if units.is_empty() {
        return gap(vec!["no software item is marked `level: unit`".into()]);
    }
    let parents: BTreeSet<ItemIdx> = units
        .iter()
        .flat_map(|&u| ctx.targets(u, LinkRole::Parent))
        .collect();
    Outcome::Met(vec![format!(
        "{} under {}",
        count(units.len(), "software unit"),
        count(parents.len(), "software item")
    )])
}

/// The units of the clause's classes, or why there are none.
fn units_or(ctx: &Ctx<'_>, clause: &Clause) -> Result<Vec<ItemIdx>, Outcome> {
    if ctx.live(ItemType::Swi).is_empty() {
        return Err(none_yet("software items"));
    }
    let units = scoped_units(ctx, clause);
    if units.is_empty() {
        let classes = clause.classes_for(ctx.stance);
        return Err(Outcome::NotApplicable(format!(
            "no software unit is of class {classes}"
        )));
    }
    Ok(units)
}

fn unit_field(ctx: &Ctx<'_>, clause: &Clause, field: &str, says: &str) -> Outcome {
    let units = match units_or(ctx, clause) {
        Ok(units) => units,
        Err(outcome) => return outcome,
    };
    match lacking(ctx, &units, &format!("units without `{field}`"), |i| {
        !ctx.has(i, field)
    }) {
        Some(line) => gap(vec![line]),
        None => Outcome::Met(vec![format!(
            "{} {says}",
            count(units.len(), "software unit")
        )]),
    }
}

fn detailed_design(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    unit_field(ctx, clause, "detailed-design", "with a detailed design")
}

fn unit_interfaces(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    unit_field(ctx, clause, "interfaces", "with their interfaces")
}

fn detailed_design_reviewed(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    match units_or(ctx, clause) {
        Ok(units) => Outcome::Review(vec![approved(ctx, &units, "software unit")]),
        Err(outcome) => outcome,
    }
}
