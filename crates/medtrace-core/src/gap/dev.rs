//! Evaluators of the clauses of sections 4 and 5 the records can show: classification,
//! requirements, architecture, detailed design, units, integration, system testing and
//! release.

use super::{Ctx, Evaluator, GapKind, Outcome, count};
use crate::clauses::Clause;
use crate::evidence::{Outcome as TestOutcome, TagRole};
use crate::graph::ItemIdx;
use crate::model::{ItemType, LinkRole, Status};
use crate::verification::{VerificationStatus, Verifier};
use std::collections::{BTreeMap, BTreeSet};

const fn records(clause: &'static str, eval: fn(&Ctx<'_>, &Clause) -> Outcome) -> Evaluator {
    Evaluator {
        clause,
        procedure: false,
        eval,
    }
}

const fn procedure(clause: &'static str, eval: fn(&Ctx<'_>, &Clause) -> Outcome) -> Evaluator {
    Evaluator {
        clause,
        procedure: true,
        eval,
    }
}

/// The evaluators of sections 4 and 5, by clause.
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
    procedure("5.5.1", units_implemented),
    records("5.5.5", units_verified),
    records("5.6.3", integration_tested),
    records("5.6.4", items_integration_tested),
    procedure("5.6.6", regression),
    records("5.6.7", integration_records),
    procedure("5.6.8", integration_anomalies),
    records("5.7.1", system_tests),
    procedure("5.7.2", system_anomalies),
    procedure("5.7.3", retest_after_change),
    records("5.7.4", all_verified),
    records("5.7.5", system_test_records),
    procedure("5.8.1", verification_complete),
    procedure("5.8.2", known_anomalies),
    procedure("5.8.3", anomalies_evaluated),
];

fn gap(missing: Vec<String>) -> Outcome {
    Outcome::Gap(GapKind::Records, missing)
}

fn none_yet(what: &str) -> Outcome {
    Outcome::Gap(GapKind::NoRecords, vec![format!("no {what} yet")])
}

/// Counts per value, as `value n, value n`.
fn tally<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(v, n)| format!("{v} {n}")).collect();
    parts.join(", ")
}

/// The items of `list` for which `bad` holds, as a gap line, or `None`.
fn lacking(
    ctx: &Ctx<'_>,
    list: &[ItemIdx],
    what: &str,
    bad: impl Fn(ItemIdx) -> bool,
) -> Option<String> {
    let bad: Vec<ItemIdx> = list.iter().copied().filter(|&i| bad(i)).collect();
    (!bad.is_empty()).then(|| format!("{what}: {}", ctx.ids(&bad)))
}

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
            !from_sys.contains(&i) && item.derived && item.has_derived_rationale
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
        |i| !from_sys.contains(&i) && !marked.contains(&i),
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

fn level(ctx: &Ctx<'_>, i: ItemIdx) -> &'static str {
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
        |i| !stated.contains(&i),
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

/// The leaves of the architecture: units, or items with no child.
fn leaves(ctx: &Ctx<'_>, clause: &Clause) -> Vec<ItemIdx> {
    ctx.scoped(ItemType::Swi, clause)
        .into_iter()
        .filter(|&i| {
            level(ctx, i) == "unit"
                || (level(ctx, i) == "item" && ctx.sources(i, LinkRole::Parent).is_empty())
        })
        .collect()
}

/// The requirements allocated to an item, and what they implement.
fn realised(ctx: &Ctx<'_>, swi: ItemIdx) -> Vec<ItemIdx> {
    let srs = ctx.sources(swi, LinkRole::AllocatedTo);
    let mut out = srs.clone();
    out.extend(
        srs.iter()
            .flat_map(|&s| ctx.targets(s, LinkRole::Implements)),
    );
    out
}

fn units_implemented(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let leaves = leaves(ctx, clause);
    if leaves.is_empty() {
        return none_yet("software units");
    }
    let tagged = |i: ItemIdx| {
        ctx.a.verification.tags.get(i).is_some_and(|tags| {
            tags.iter()
                .any(|&t| ctx.a.evidence.tags[t].role == TagRole::Implements)
        })
    };
    let in_code: Vec<ItemIdx> = leaves
        .iter()
        .copied()
        .filter(|&u| tagged(u) || realised(ctx, u).into_iter().any(tagged))
        .collect();
    let mut evidence = vec![format!(
        "{} of {} with code tagged `implements:` (the unit or its requirements)",
        in_code.len(),
        count(leaves.len(), "software unit")
    )];
    let without: Vec<ItemIdx> = leaves
        .iter()
        .copied()
        .filter(|u| !in_code.contains(u))
        .collect();
    if !without.is_empty() {
        evidence.push(format!(
            "no code tagged `implements:` found for {}",
            ctx.ids(&without)
        ));
        // Code outside the scanned sources proves nothing either way: a person checks it.
        return Outcome::Review(evidence);
    }
    Outcome::Met(evidence)
}

/// The live tests of a level.
fn tests_at(ctx: &Ctx<'_>, level: &str) -> Vec<ItemIdx> {
    ctx.live(ItemType::Tst)
        .into_iter()
        .filter(|&t| ctx.text(t, "level") == Some(level))
        .collect()
}

/// A test item's verdict, and whether any result or execution record exists.
fn verdict(ctx: &Ctx<'_>, t: ItemIdx) -> (Option<TestOutcome>, bool) {
    match ctx.a.verification.tests.get(t).and_then(Option::as_ref) {
        Some(e) => (e.outcome, !e.results.is_empty() || !e.executions.is_empty()),
        None => (None, false),
    }
}

/// `n passed, n failed, n without a result`.
fn results(ctx: &Ctx<'_>, tests: &[ItemIdx]) -> String {
    tally(tests.iter().map(|&t| match verdict(ctx, t).0 {
        Some(TestOutcome::Passed) => "passed",
        Some(TestOutcome::Failed | TestOutcome::Error) => "failed",
        _ => "without a result",
    }))
}

/// Whether test `t` verifies `target` or a requirement realised by it.
fn verifies_item(ctx: &Ctx<'_>, t: ItemIdx, target: ItemIdx, below: &[ItemIdx]) -> bool {
    let verified = ctx.targets(t, LinkRole::Verifies);
    verified.contains(&target) || verified.iter().any(|v| below.contains(v))
}

fn units_verified(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let leaves = leaves(ctx, clause);
    if leaves.is_empty() {
        return none_yet("software units");
    }
    let unit_tests = tests_at(ctx, "unit");
    let all_tests = ctx.live(ItemType::Tst);
    let mut by_unit_test = Vec::new();
    let mut by_other = Vec::new();
    let mut by_tag = Vec::new();
    let mut tests_used = BTreeSet::new();
    for &u in &leaves {
        let below = realised(ctx, u);
        let tests: Vec<ItemIdx> = unit_tests
            .iter()
            .copied()
            .filter(|&t| verifies_item(ctx, t, u, &below))
            .collect();
        // A test of another level that names the unit itself verifies the unit too.
        let naming: Vec<ItemIdx> = all_tests
            .iter()
            .copied()
            .filter(|&t| ctx.targets(t, LinkRole::Verifies).contains(&u))
            .collect();
        let tagged = below.iter().any(|&s| {
            ctx.a
                .verification
                .items
                .get(s)
                .and_then(Option::as_ref)
                .is_some_and(|v| {
                    v.verifiers
                        .iter()
                        .any(|e| matches!(e.verifier, Verifier::TaggedTest(_)))
                })
        });
        if !tests.is_empty() {
            by_unit_test.push(u);
            tests_used.extend(tests);
        } else if !naming.is_empty() {
            by_other.push(u);
            tests_used.extend(naming);
        } else if tagged {
            by_tag.push(u);
        }
    }
    let tests: Vec<ItemIdx> = tests_used.into_iter().collect();
    let mut missing = Vec::new();
    missing.extend(lacking(ctx, &leaves, "units no test verifies", |u| {
        !by_unit_test.contains(&u) && !by_other.contains(&u) && !by_tag.contains(&u)
    }));
    missing.extend(lacking(
        ctx,
        &tests,
        "unit verification tests without a result",
        |t| !verdict(ctx, t).1,
    ));
    if !missing.is_empty() {
        return gap(missing);
    }
    let mut evidence = vec![format!(
        "{} verified by unit tests",
        count(by_unit_test.len(), "software unit")
    )];
    if !by_other.is_empty() {
        evidence.push(format!(
            "verified by an integration or system test naming the unit: {}",
            ctx.ids(&by_other)
        ));
    }
    if !by_tag.is_empty() {
        evidence.push(format!(
            "verified by tagged test functions: {}",
            ctx.ids(&by_tag)
        ));
    }
    evidence.push(format!(
        "results of the {}: {}",
        count(tests.len(), "test"),
        results(ctx, &tests)
    ));
    Outcome::Met(evidence)
}

fn integration_tested(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let tests = tests_at(ctx, "integration");
    if tests.is_empty() {
        return none_yet("integration tests");
    }
    if let Some(line) = lacking(ctx, &tests, "integration tests without a result", |t| {
        !verdict(ctx, t).1
    }) {
        return gap(vec![line]);
    }
    Outcome::Met(vec![format!(
        "{}: {}",
        count(tests.len(), "integration test"),
        results(ctx, &tests)
    )])
}

/// Everything below an item: its descendants and the requirements they realise.
fn below(ctx: &Ctx<'_>, swi: ItemIdx) -> Vec<ItemIdx> {
    let mut out = Vec::new();
    let mut stack = vec![swi];
    let mut seen = BTreeSet::new();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        out.push(i);
        out.extend(realised(ctx, i));
        stack.extend(ctx.sources(i, LinkRole::Parent));
    }
    out
}

fn items_integration_tested(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let items: Vec<ItemIdx> = ctx
        .scoped(ItemType::Swi, clause)
        .into_iter()
        .filter(|&i| level(ctx, i) == "item")
        .collect();
    let tests: Vec<ItemIdx> = tests_at(ctx, "integration")
        .into_iter()
        .chain(tests_at(ctx, "system"))
        .collect();
    if items.is_empty() || tests.is_empty() {
        return none_yet(if items.is_empty() {
            "software items"
        } else {
            "integration tests"
        });
    }
    let untested = lacking(
        ctx,
        &items,
        "items no integration or system test exercises",
        |i| {
            let below = below(ctx, i);
            !tests.iter().any(|&t| verifies_item(ctx, t, i, &below))
        },
    );
    match untested {
        Some(line) => gap(vec![line]),
        None => Outcome::Met(vec![format!(
            "{} each exercised by integration or system tests",
            count(items.len(), "software item")
        )]),
    }
}

fn regression(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let tests = tests_at(ctx, "integration");
    if tests.is_empty() {
        return none_yet("integration tests");
    }
    let automated = tests.iter().filter(|&&t| ctx.has(t, "automated")).count();
    Outcome::Review(vec![format!(
        "{} of {} automated",
        automated,
        count(tests.len(), "integration test")
    )])
}

/// Tests of `list` that lack a procedure, expected results or acceptance criteria.
fn undocumented(ctx: &Ctx<'_>, list: &[ItemIdx], what: &str) -> Option<String> {
    lacking(
        ctx,
        list,
        &format!("{what} without `procedure`, `expected` or `acceptance`"),
        |t| !(ctx.has(t, "procedure") && ctx.has(t, "expected") && ctx.has(t, "acceptance")),
    )
}

fn integration_records(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let tests = tests_at(ctx, "integration");
    if tests.is_empty() {
        return none_yet("integration tests");
    }
    let mut missing: Vec<String> = undocumented(ctx, &tests, "integration tests")
        .into_iter()
        .collect();
    missing.extend(lacking(
        ctx,
        &tests,
        "integration tests without a result",
        |t| !verdict(ctx, t).1,
    ));
    if !missing.is_empty() {
        return gap(missing);
    }
    let manual = tests
        .iter()
        .filter(|&&t| {
            ctx.a.verification.tests[t]
                .as_ref()
                .is_some_and(|e| !e.executions.is_empty())
        })
        .count();
    Outcome::Met(vec![format!(
        "{} with procedure, expected results and acceptance criteria; {manual} with execution records, {} by test report",
        count(tests.len(), "integration test"),
        tests.len() - manual
    )])
}

/// Failed tests of a level and the problem reports found by each.
fn anomalies(ctx: &Ctx<'_>, level: &str, what: &str) -> Outcome {
    let failed: Vec<ItemIdx> = tests_at(ctx, level)
        .into_iter()
        .filter(|&t| {
            let failed_run = ctx.a.verification.tests[t].as_ref().is_some_and(|e| {
                e.executions
                    .iter()
                    .any(|&x| ctx.a.evidence.executions[x].result == Some(TestOutcome::Failed))
            });
            failed_run
                || matches!(
                    verdict(ctx, t).0,
                    Some(TestOutcome::Failed | TestOutcome::Error)
                )
        })
        .collect();
    if failed.is_empty() {
        return Outcome::Nothing(format!("no {what} has failed"));
    }
    let reported = |t: ItemIdx| !ctx.sources(t, LinkRole::FoundBy).is_empty();
    if let Some(line) = lacking(
        ctx,
        &failed,
        &format!("failed {what}s no problem report was found by"),
        |t| !reported(t),
    ) {
        return gap(vec![line]);
    }
    let prbs: BTreeSet<ItemIdx> = failed
        .iter()
        .flat_map(|&t| ctx.sources(t, LinkRole::FoundBy))
        .collect();
    let prbs: Vec<ItemIdx> = prbs.into_iter().collect();
    Outcome::Met(vec![format!(
        "failures of {} reported as {}",
        ctx.ids(&failed),
        ctx.ids(&prbs)
    )])
}

fn integration_anomalies(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    anomalies(ctx, "integration", "integration test")
}

fn system_tests(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let tests = tests_at(ctx, "system");
    if tests.is_empty() {
        return none_yet("system tests");
    }
    let srs = ctx.scoped(ItemType::Srs, clause);
    let status = |s: ItemIdx| ctx.a.verification.status(s);
    let mut missing: Vec<String> = undocumented(ctx, &tests, "system tests")
        .into_iter()
        .collect();
    missing.extend(lacking(ctx, &srs, "requirements no test verifies", |s| {
        status(s) == Some(VerificationStatus::NoTest)
    }));
    if !missing.is_empty() {
        return gap(missing);
    }
    let at_system = srs
        .iter()
        .filter(|&&s| {
            tests
                .iter()
                .any(|&t| ctx.targets(t, LinkRole::Verifies).contains(&s))
        })
        .count();
    Outcome::Met(vec![
        format!(
            "{} with procedure, expected results and acceptance criteria",
            count(tests.len(), "system test")
        ),
        format!(
            "all {} tested, {at_system} of them by system tests",
            count(srs.len(), "software requirement")
        ),
    ])
}

fn system_anomalies(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    anomalies(ctx, "system", "system test")
}

fn retest_after_change(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let crs = ctx.live(ItemType::Cr);
    if crs.is_empty() {
        return Outcome::Nothing("no change requests yet".into());
    }
    let retest: Vec<ItemIdx> = crs
        .iter()
        .copied()
        .filter(|&c| ctx.sub(c, "impact", "reverification").is_some())
        .collect();
    Outcome::Review(vec![format!(
        "{} of {} name the re-verification (`impact.reverification`)",
        retest.len(),
        count(crs.len(), "change request")
    )])
}

/// The requirements and risk controls of the clause's classes whose verification is
/// not complete, as gap lines, and the evidence when it is.
fn verification(ctx: &Ctx<'_>, clause: &Clause) -> Result<Vec<String>, Outcome> {
    let mut targets = ctx.scoped(ItemType::Srs, clause);
    let srs = targets.len();
    if srs == 0 {
        return Err(none_yet("software requirements"));
    }
    targets.extend(ctx.scoped(ItemType::Rcm, clause));
    let mut by_status: BTreeMap<VerificationStatus, Vec<ItemIdx>> = BTreeMap::new();
    for &i in &targets {
        if let Some(s) = ctx.a.verification.status(i) {
            by_status.entry(s).or_default().push(i);
        }
    }
    let mut missing = Vec::new();
    for (status, what) in [
        (VerificationStatus::Failed, "failed"),
        (VerificationStatus::NotRun, "tests without a result"),
        (VerificationStatus::NoTest, "no test"),
    ] {
        if let Some(list) = by_status.get(&status) {
            missing.push(format!("{what}: {}", ctx.ids(list)));
        }
    }
    if !missing.is_empty() {
        return Err(gap(missing));
    }
    let stale = by_status
        .get(&VerificationStatus::Stale)
        .map_or(0, Vec::len);
    let mut evidence = vec![format!(
        "{} and {} verified",
        count(srs, "software requirement"),
        count(targets.len() - srs, "risk control")
    )];
    if stale > 0 {
        evidence.push(format!(
            "{stale} of them stale: changed since their manual test ran"
        ));
    }
    Ok(evidence)
}

fn all_verified(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    match verification(ctx, clause) {
        Ok(evidence) => Outcome::Met(evidence),
        Err(outcome) => outcome,
    }
}

fn system_test_records(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let tests = tests_at(ctx, "system");
    if tests.is_empty() {
        return none_yet("system tests");
    }
    if let Some(line) = lacking(ctx, &tests, "system tests without a result", |t| {
        !verdict(ctx, t).1
    }) {
        return gap(vec![line]);
    }
    let executions: usize = tests
        .iter()
        .filter_map(|&t| ctx.a.verification.tests[t].as_ref())
        .map(|e| e.executions.len())
        .sum();
    Outcome::Met(vec![format!(
        "{} with results ({}); {} (tester, date, version, configuration, tools)",
        count(tests.len(), "system test"),
        results(ctx, &tests),
        count(executions, "execution record")
    )])
}

fn verification_complete(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    match verification(ctx, clause) {
        Ok(evidence) => Outcome::Review(evidence),
        Err(Outcome::Gap(kind, mut missing)) => {
            missing.insert(0, "verification is not complete".into());
            Outcome::Gap(kind, missing)
        }
        Err(outcome) => outcome,
    }
}

/// Whether a problem report is closed (its `state` starts with `closed` or `resolved`).
pub(super) fn closed(ctx: &Ctx<'_>, prb: ItemIdx) -> bool {
    ctx.text(prb, "state").is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s.starts_with("closed") || s.starts_with("resolved")
    })
}

/// The open problem reports: the known anomalies.
fn open_problems(ctx: &Ctx<'_>) -> Result<Vec<ItemIdx>, Outcome> {
    let prbs = ctx.live(ItemType::Prb);
    if prbs.is_empty() {
        return Err(Outcome::Nothing("no problem reports yet".into()));
    }
    Ok(prbs.into_iter().filter(|&p| !closed(ctx, p)).collect())
}

fn known_anomalies(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let open = match open_problems(ctx) {
        Ok(open) => open,
        Err(outcome) => return outcome,
    };
    if open.is_empty() {
        return Outcome::Met(vec![
            "every problem report is closed: no known residual anomaly".into(),
        ]);
    }
    match lacking(
        ctx,
        &open,
        "open problem reports without `known-anomaly`",
        |p| !ctx.has(p, "known-anomaly"),
    ) {
        Some(line) => gap(vec![line]),
        None => Outcome::Met(vec![format!(
            "known residual anomalies: {}",
            ctx.ids(&open)
        )]),
    }
}

fn anomalies_evaluated(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let open = match open_problems(ctx) {
        Ok(open) => open,
        Err(outcome) => return outcome,
    };
    if open.is_empty() {
        return Outcome::Met(vec!["no known residual anomaly to evaluate".into()]);
    }
    match lacking(
        ctx,
        &open,
        "known anomalies without `known-anomaly.evaluation`",
        |p| ctx.sub(p, "known-anomaly", "evaluation").is_none(),
    ) {
        Some(line) => gap(vec![line]),
        None => Outcome::Met(vec![format!(
            "the risk of each known anomaly evaluated: {}",
            ctx.ids(&open)
        )]),
    }
}
