//! Evaluators of the clauses of section 5 about verification and release: units,
//! integration, system testing and the release's known anomalies.

use super::design::level;
use super::eval::{
    Ctx, Evaluator, Outcome, count, gap, lacking, none_yet, procedure, records, tally,
};
use crate::clauses::Clause;
use crate::evidence::{Outcome as TestOutcome, TagRole};
use crate::graph::ItemIdx;
use crate::model::{ItemType, LinkRole};
use crate::verification::{VerificationStatus, Verifier};
use std::collections::{BTreeMap, BTreeSet};

/// The evaluators of 5.5 to 5.8, by clause.
pub(super) static EVALUATORS: &[Evaluator] = &[
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
    let in_code_set: BTreeSet<ItemIdx> = in_code.iter().copied().collect();
    let without: Vec<ItemIdx> = leaves
        .iter()
        .copied()
        .filter(|u| !in_code_set.contains(u))
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

/// The live tests of `level` that verify any of `targets`.
fn tests_of(ctx: &Ctx<'_>, targets: &[ItemIdx], level: Option<&[&str]>) -> BTreeSet<ItemIdx> {
    targets
        .iter()
        .flat_map(|&x| ctx.sources(x, LinkRole::Verifies))
        .filter(|&t| level.is_none_or(|l| ctx.text(t, "level").is_some_and(|v| l.contains(&v))))
        .collect()
}

fn units_verified(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let leaves = leaves(ctx, clause);
    if leaves.is_empty() {
        return none_yet("software units");
    }
    let mut by_unit_test = Vec::new();
    let mut by_other = Vec::new();
    let mut by_tag = Vec::new();
    let mut tests_used = BTreeSet::new();
    for &u in &leaves {
        let below = realised(ctx, u);
        let mut unit_and_below = below.clone();
        unit_and_below.push(u);
        let tests = tests_of(ctx, &unit_and_below, Some(&["unit"]));
        // A test of another level that names the unit itself verifies the unit too.
        let naming = tests_of(ctx, &[u], None);
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
    let verified: BTreeSet<ItemIdx> = by_unit_test
        .iter()
        .chain(&by_other)
        .chain(&by_tag)
        .copied()
        .collect();
    missing.extend(lacking(ctx, &leaves, "units no test verifies", |u| {
        !verified.contains(&u)
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
    let any_tests = ctx
        .live(ItemType::Tst)
        .into_iter()
        .any(|t| matches!(ctx.text(t, "level"), Some("integration" | "system")));
    if items.is_empty() || !any_tests {
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
        |i| tests_of(ctx, &below(ctx, i), Some(&["integration", "system"])).is_empty(),
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
        .filter(|&&s| !tests_of(ctx, &[s], Some(&["system"])).is_empty())
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

/// Whether a problem report is closed (its `state` starts with `closed`, `verified` or
/// `resolved`: the problem is gone from the software).
pub(super) fn closed(ctx: &Ctx<'_>, prb: ItemIdx) -> bool {
    ctx.text(prb, "state").is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s.starts_with("closed") || s.starts_with("resolved") || s.starts_with("verified")
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
