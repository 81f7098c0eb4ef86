//! Evaluators of the clauses of sections 6 to 9 the records can show: maintenance, risk
//! management, configuration management and problem resolution.
//!
//! Problem reports and change requests arise from events; a project without any yet is
//! not in breach, so their clauses then rest on the procedure a plan describes
//! ([`Outcome::Nothing`]).

use super::GapKind;
use super::eval::{Ctx, Evaluator, Outcome, count, gap, lacking, procedure, records};
use super::testing::closed;
use crate::clauses::Clause;
use crate::graph::ItemIdx;
use crate::model::{ItemType, LinkRole};
use crate::risk::{CauseCategory, Zone};
use crate::verification::VerificationStatus;
use std::collections::{BTreeMap, BTreeSet};

/// The evaluators of sections 6 to 9, by clause.
pub(super) static EVALUATORS: &[Evaluator] = &[
    procedure("6.2.1.2", feedback_filed),
    procedure("6.2.1.3", safety_evaluated),
    procedure("6.2.2", problems_handled),
    procedure("6.2.3", change_impact),
    procedure("6.2.4", changes_approved),
    procedure("6.3.1", changes_implemented),
    records("7.1.1", contributing_items),
    records("7.1.2", causes),
    records("7.1.3", soup_anomaly_lists),
    records("7.1.4", causes_recorded),
    records("7.1.5", event_sequences),
    records("7.2.1", controls_defined),
    records("7.2.2", controls_in_software),
    records("7.3.1", controls_verified),
    records("7.3.3", risk_trace),
    procedure("7.4.1", change_safety),
    procedure("7.4.2", change_against_controls),
    procedure("7.4.3", risk_redone),
    records("8.1.2", soup_identified),
    procedure("8.1.3", configuration),
    procedure("8.2.2", changes_as_approved),
    procedure("8.2.3", changes_verified),
    procedure("8.2.4", change_links),
    procedure("9.1", problem_reports),
    procedure("9.2", problems_investigated),
    procedure("9.3", parties_informed),
    procedure("9.4", resolutions_controlled),
    procedure("9.5", risk_file_updated),
    procedure("9.6", trends),
    procedure("9.7", resolutions_verified),
    procedure("9.8", retests),
];

/// Met with `evidence` when no item of `list` lacks a field, else the gap.
fn all_have(
    ctx: &Ctx<'_>,
    list: &[ItemIdx],
    what: &str,
    fields: &[&str],
    evidence: String,
) -> Outcome {
    let missing: Vec<String> = fields
        .iter()
        .filter_map(|f| {
            lacking(ctx, list, &format!("{what} without `{f}`"), |i| {
                !ctx.has(i, f)
            })
        })
        .collect();
    if missing.is_empty() {
        Outcome::Met(vec![evidence])
    } else {
        gap(missing)
    }
}

fn problems(ctx: &Ctx<'_>) -> Result<Vec<ItemIdx>, Outcome> {
    let prbs = ctx.live(ItemType::Prb);
    if prbs.is_empty() {
        return Err(Outcome::Nothing("no problem reports yet".into()));
    }
    Ok(prbs)
}

fn changes(ctx: &Ctx<'_>) -> Result<Vec<ItemIdx>, Outcome> {
    let crs = ctx.live(ItemType::Cr);
    if crs.is_empty() {
        return Err(Outcome::Nothing("no change requests yet".into()));
    }
    Ok(crs)
}

/// Runs `f` on the problem reports, or says there are none.
fn with_problems(ctx: &Ctx<'_>, f: impl FnOnce(Vec<ItemIdx>) -> Outcome) -> Outcome {
    problems(ctx).map_or_else(|none| none, f)
}

/// Runs `f` on the change requests, or says there are none.
fn with_changes(ctx: &Ctx<'_>, f: impl FnOnce(Vec<ItemIdx>) -> Outcome) -> Outcome {
    changes(ctx).map_or_else(|none| none, f)
}

/// Whether a change request is still before its approval (`state: proposed` or
/// `analysed`, the older `open`, or no state).
fn proposed(ctx: &Ctx<'_>, cr: ItemIdx) -> bool {
    ctx.text(cr, "state").is_none_or(|s| {
        ["open", "draft", "proposed", "analysed"]
            .iter()
            .any(|p| s.trim().eq_ignore_ascii_case(p))
    })
}

fn feedback_filed(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let sources = prbs.iter().filter(|&&p| ctx.has(p, "source")).count();
        match lacking(ctx, &prbs, "problem reports without `source`", |p| {
            !ctx.has(p, "source")
        }) {
            Some(line) => gap(vec![line]),
            None => Outcome::Review(vec![format!(
                "{} with their source",
                count(sources, "problem report")
            )]),
        }
    })
}

fn safety_evaluated(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let n = prbs.len();
        all_have(
            ctx,
            &prbs,
            "problem reports",
            &["safety-evaluation"],
            format!("{} with a safety evaluation", count(n, "problem report")),
        )
    })
}

fn problems_handled(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        match all_have(
            ctx,
            &prbs,
            "problem reports",
            &["investigation", "state"],
            String::new(),
        ) {
            Outcome::Met(_) => {
                let open = prbs.iter().filter(|&&p| !closed(ctx, p)).count();
                Outcome::Review(vec![format!(
                    "{} investigated, {open} of them open",
                    count(prbs.len(), "problem report")
                )])
            }
            other => other,
        }
    })
}

fn change_impact(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let n = crs.len();
        all_have(
            ctx,
            &crs,
            "change requests",
            &["impact"],
            format!("{} with an impact analysis", count(n, "change request")),
        )
    })
}

fn changes_approved(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let decided: Vec<ItemIdx> = crs.iter().copied().filter(|&c| !proposed(ctx, c)).collect();
        match lacking(
            ctx,
            &decided,
            "change requests past `open` without `approval`",
            |c| !ctx.has(c, "approval"),
        ) {
            Some(line) => gap(vec![line]),
            None => Outcome::Met(vec![format!(
                "{} approved; {} still open",
                count(decided.len(), "change request"),
                crs.len() - decided.len()
            )]),
        }
    })
}

fn changes_implemented(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        match lacking(
            ctx,
            &crs,
            "change requests naming nothing they change (`changes`)",
            |c| ctx.targets(c, LinkRole::Changes).is_empty(),
        ) {
            Some(line) => gap(vec![line]),
            None => Outcome::Review(vec![format!(
                "{} name the items they change",
                count(crs.len(), "change request")
            )]),
        }
    })
}

/// The hazards of the clause's classes, or the gap when there are none.
fn hazards(ctx: &Ctx<'_>, clause: &Clause) -> Result<Vec<ItemIdx>, Outcome> {
    let hazards = ctx.scoped(ItemType::Haz, clause);
    if ctx.live(ItemType::Haz).is_empty() {
        return Err(Outcome::Gap(
            GapKind::NoRecords,
            vec!["no hazards yet".into()],
        ));
    }
    if hazards.is_empty() {
        let classes = clause.classes_for(ctx.stance);
        return Err(Outcome::NotApplicable(format!(
            "no hazard is of class {classes}"
        )));
    }
    Ok(hazards)
}

fn with_hazards(
    ctx: &Ctx<'_>,
    clause: &Clause,
    f: impl FnOnce(Vec<ItemIdx>) -> Outcome,
) -> Outcome {
    hazards(ctx, clause).map_or_else(|none| none, f)
}

fn contributing_items(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    with_hazards(ctx, clause, |hazards| {
        if let Some(line) = lacking(
            ctx,
            &hazards,
            "hazards naming no software item (`items`)",
            |h| ctx.targets(h, LinkRole::Items).is_empty(),
        ) {
            return gap(vec![line]);
        }
        let items: BTreeSet<ItemIdx> = hazards
            .iter()
            .flat_map(|&h| ctx.targets(h, LinkRole::Items))
            .collect();
        let items: Vec<ItemIdx> = items.into_iter().collect();
        Outcome::Met(vec![format!(
            "{}; contributing software items: {}",
            count(hazards.len(), "hazard"),
            ctx.ids(&items)
        )])
    })
}

/// The causes of a hazard as evaluated by the risk file.
fn causes_of<'a>(ctx: &Ctx<'a>, h: ItemIdx) -> &'a [crate::risk::Cause] {
    ctx.hazard(h).map_or(&[], |r| r.causes.as_slice())
}

fn causes(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    with_hazards(ctx, clause, |hazards| {
        let mut missing = Vec::new();
        missing.extend(lacking(
            ctx,
            &hazards,
            "hazards with no cause (`causes`)",
            |h| causes_of(ctx, h).is_empty(),
        ));
        missing.extend(lacking(
            ctx,
            &hazards,
            "hazards with a cause lacking its item or 7.1.2 category",
            |h| {
                causes_of(ctx, h)
                    .iter()
                    .any(|c| c.item.is_none() || c.category.is_none())
            },
        ));
        if !missing.is_empty() {
            return gap(missing);
        }
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for c in hazards.iter().flat_map(|&h| causes_of(ctx, h)) {
            *by.entry(c.category.map_or("?", CauseCategory::as_str))
                .or_default() += 1;
        }
        let parts: Vec<String> = by.iter().map(|(c, n)| format!("{c} {n}")).collect();
        Outcome::Met(vec![format!(
            "{} by 7.1.2 category: {}",
            count(by.values().sum(), "cause"),
            parts.join(", ")
        )])
    })
}

fn soup_anomaly_lists(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let soups = ctx.scoped(ItemType::Soup, clause);
    if soups.is_empty() {
        return Outcome::Nothing("no SOUP records".into());
    }
    let n = soups.len();
    let soup_causes = ctx
        .live(ItemType::Haz)
        .into_iter()
        .flat_map(|h| causes_of(ctx, h))
        .filter(|c| c.category == Some(CauseCategory::Soup))
        .count();
    all_have(
        ctx,
        &soups,
        "SOUP records",
        &["anomaly-list", "anomaly-review"],
        format!(
            "{} with their anomaly list and its review; {} in the risk file",
            count(n, "SOUP record"),
            count(soup_causes, "SOUP cause")
        ),
    )
}

fn causes_recorded(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    with_hazards(ctx, clause, |hazards| {
        match lacking(ctx, &hazards, "hazards with no cause recorded", |h| {
            causes_of(ctx, h).is_empty()
        }) {
            Some(line) => gap(vec![line]),
            None => {
                let n: usize = hazards.iter().map(|&h| causes_of(ctx, h).len()).sum();
                Outcome::Met(vec![format!(
                    "{} recorded in {}",
                    count(n, "cause"),
                    count(hazards.len(), "hazard record")
                )])
            }
        }
    })
}

fn event_sequences(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    with_hazards(ctx, clause, |hazards| {
        let n = hazards.len();
        all_have(
            ctx,
            &hazards,
            "hazards",
            &["sequence-of-events"],
            format!("{} with their sequence of events", count(n, "hazard")),
        )
    })
}

/// Whether a hazard's risk before control is acceptable as it is.
fn acceptable_as_is(ctx: &Ctx<'_>, h: ItemIdx) -> bool {
    ctx.hazard(h)
        .and_then(|r| r.initial.zone(&ctx.a.config.risk))
        == Some(Zone::Acceptable)
}

fn controls_of(ctx: &Ctx<'_>, h: ItemIdx) -> Vec<ItemIdx> {
    ctx.hazard(h).map_or_else(Vec::new, |r| r.controls.clone())
}

fn controls_defined(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    with_hazards(ctx, clause, |hazards| {
        if let Some(line) = lacking(ctx, &hazards, "hazards no risk control mitigates", |h| {
            controls_of(ctx, h).is_empty() && !acceptable_as_is(ctx, h)
        }) {
            return gap(vec![line]);
        }
        let controls: BTreeSet<ItemIdx> =
            hazards.iter().flat_map(|&h| controls_of(ctx, h)).collect();
        let mut evidence = vec![format!(
            "{} mitigated by {}",
            count(hazards.len(), "hazard"),
            count(controls.len(), "risk control")
        )];
        let as_is: Vec<ItemIdx> = hazards
            .iter()
            .copied()
            .filter(|&h| controls_of(ctx, h).is_empty())
            .collect();
        if !as_is.is_empty() {
            evidence.push(format!("acceptable without control: {}", ctx.ids(&as_is)));
        }
        Outcome::Met(evidence)
    })
}

fn controls_in_software(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let controls = ctx.scoped(ItemType::Rcm, clause);
    if controls.is_empty() {
        return with_hazards(ctx, clause, |_| {
            Outcome::Gap(
                GapKind::NoRecords,
                vec!["no risk control measures yet".into()],
            )
        });
    }
    let software: Vec<ItemIdx> = controls
        .iter()
        .copied()
        .filter(|&r| ctx.text(r, "implementation") != Some("external"))
        .collect();
    if let Some(line) = lacking(
        ctx,
        &software,
        "risk controls in software stated by no requirement",
        |r| ctx.sources(r, LinkRole::Implements).is_empty(),
    ) {
        return gap(vec![line]);
    }
    let items: BTreeSet<ItemIdx> = software
        .iter()
        .flat_map(|&r| ctx.sources(r, LinkRole::Implements))
        .flat_map(|s| ctx.targets(s, LinkRole::AllocatedTo))
        .collect();
    let classes: BTreeSet<&str> = items.iter().map(|&i| ctx.class(i).as_str()).collect();
    let classes: Vec<&str> = classes.into_iter().collect();
    Outcome::Met(vec![format!(
        "{} in software, stated as requirements allocated to {} of class {}",
        count(software.len(), "risk control"),
        count(items.len(), "software item"),
        if classes.is_empty() {
            "-".to_string()
        } else {
            classes.join(", ")
        }
    )])
}

/// Why a risk control is not verified, or `None` when it is (stale evidence counts:
/// `check` warns about it).
fn unverified(ctx: &Ctx<'_>, r: ItemIdx) -> Option<&'static str> {
    match ctx.a.verification.status(r) {
        Some(VerificationStatus::Verified | VerificationStatus::Stale) => None,
        Some(VerificationStatus::Failed) => Some("failed"),
        Some(VerificationStatus::NotRun) => Some("tests without a result"),
        Some(VerificationStatus::NoTest) | None => Some("no test"),
    }
}

fn controls_verified(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let controls = ctx.scoped(ItemType::Rcm, clause);
    if controls.is_empty() {
        return with_hazards(ctx, clause, |_| {
            Outcome::Gap(
                GapKind::NoRecords,
                vec!["no risk control measures yet".into()],
            )
        });
    }
    let mut missing = Vec::new();
    for why in ["failed", "tests without a result", "no test"] {
        missing.extend(lacking(
            ctx,
            &controls,
            &format!("risk controls, {why}"),
            |r| unverified(ctx, r) == Some(why),
        ));
    }
    missing.extend(lacking(
        ctx,
        &controls,
        "risk controls without `new-hazards`",
        |r| !ctx.has(r, "new-hazards"),
    ));
    if !missing.is_empty() {
        return gap(missing);
    }
    Outcome::Met(vec![format!(
        "{} verified, each with its review for new hazardous situations",
        count(controls.len(), "risk control")
    )])
}

fn risk_trace(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    with_hazards(ctx, clause, |hazards| {
        let mut broken = Vec::new();
        for &h in &hazards {
            let mut why = Vec::new();
            if ctx.targets(h, LinkRole::Items).is_empty() {
                why.push("no software item".to_string());
            }
            if causes_of(ctx, h).is_empty() {
                why.push("no cause".to_string());
            }
            let controls = controls_of(ctx, h);
            if controls.is_empty() && !acceptable_as_is(ctx, h) {
                why.push("no risk control".to_string());
            }
            for r in controls {
                if let Some(reason) = unverified(ctx, r) {
                    why.push(format!("{} not verified ({reason})", ctx.id(r)));
                }
            }
            if !why.is_empty() {
                broken.push(format!("{}: {}", ctx.id(h), why.join(", ")));
            }
        }
        if !broken.is_empty() {
            return gap(broken);
        }
        let controls: BTreeSet<ItemIdx> =
            hazards.iter().flat_map(|&h| controls_of(ctx, h)).collect();
        Outcome::Met(vec![format!(
            "{} traced to their software items, causes, {} and the tests verifying them",
            count(hazards.len(), "hazard"),
            count(controls.len(), "risk control")
        )])
    })
}

fn change_safety(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        match lacking(
            ctx,
            &crs,
            "change requests without a safety analysis (`impact.safety`)",
            |c| ctx.sub(c, "impact", "safety").is_none(),
        ) {
            Some(line) => gap(vec![line]),
            None => Outcome::Met(vec![format!(
                "{} with a safety analysis",
                count(crs.len(), "change request")
            )]),
        }
    })
}

fn change_against_controls(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let safety = crs
            .iter()
            .filter(|&&c| ctx.sub(c, "impact", "safety").is_some())
            .count();
        let soup = crs
            .iter()
            .filter(|&&c| ctx.sub(c, "impact", "soup").is_some())
            .count();
        Outcome::Review(vec![format!(
            "{safety} of {} with a safety analysis, {soup} with a SOUP analysis",
            count(crs.len(), "change request")
        )])
    })
}

fn risk_redone(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let risk: Vec<ItemIdx> = crs
            .iter()
            .copied()
            .filter(|&c| {
                ctx.targets(c, LinkRole::Changes)
                    .iter()
                    .any(|&t| matches!(ctx.item(t).ty, ItemType::Haz | ItemType::Rcm))
            })
            .collect();
        Outcome::Review(vec![if risk.is_empty() {
            "no change request has changed a hazard or risk control".to_string()
        } else {
            format!("the risk file changed by {}", ctx.ids(&risk))
        }])
    })
}

fn soup_identified(ctx: &Ctx<'_>, clause: &Clause) -> Outcome {
    let soups = ctx.scoped(ItemType::Soup, clause);
    if soups.is_empty() {
        return Outcome::Nothing("no SOUP records".into());
    }
    let mut evidence = format!(
        "{} with name, supplier and version",
        count(soups.len(), "SOUP record")
    );
    let lockfiles = &ctx.a.evidence.lockfiles;
    if !lockfiles.is_empty() {
        let components: usize = lockfiles.iter().map(|l| l.components.len()).sum();
        evidence.push_str(&format!(
            "; checked against {} ({})",
            count(lockfiles.len(), "lockfile"),
            count(components, "locked component")
        ));
    }
    all_have(
        ctx,
        &soups,
        "SOUP records",
        &["name", "supplier", "version"],
        evidence,
    )
}

fn configuration(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    let a = ctx.a;
    let mut evidence = vec![format!(
        "{} under version control with the code",
        count(a.items.len(), "record")
    )];
    if !a.config.lockfiles.is_empty() {
        evidence.push(format!("lockfiles: {}", a.config.lockfiles.join(", ")));
    }
    Outcome::Review(evidence)
}

fn changes_as_approved(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let done = crs.iter().filter(|&&c| !proposed(ctx, c)).count();
        Outcome::Review(vec![format!(
            "{done} of {} past `open`",
            count(crs.len(), "change request")
        )])
    })
}

fn changes_verified(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let done: Vec<ItemIdx> = crs.iter().copied().filter(|&c| !proposed(ctx, c)).collect();
        match lacking(
            ctx,
            &done,
            "change requests past `open` without `impact.reverification`",
            |c| ctx.sub(c, "impact", "reverification").is_none(),
        ) {
            Some(line) => gap(vec![line]),
            None => Outcome::Review(vec![format!(
                "{} name their re-verification",
                count(done.len(), "change request")
            )]),
        }
    })
}

fn change_links(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_changes(ctx, |crs| {
        let linked: Vec<String> = crs
            .iter()
            .filter_map(|&c| {
                let prbs = ctx.targets(c, LinkRole::Resolves);
                (!prbs.is_empty()).then(|| format!("{} → {}", ctx.id(c), ctx.ids(&prbs)))
            })
            .collect();
        let decided: Vec<ItemIdx> = crs.iter().copied().filter(|&c| !proposed(ctx, c)).collect();
        if let Some(line) = lacking(
            ctx,
            &decided,
            "change requests past `open` without `approval`",
            |c| !ctx.has(c, "approval"),
        ) {
            return gap(vec![line]);
        }
        let mut evidence = vec![format!(
            "{} with their approval",
            count(decided.len(), "change request")
        )];
        if !linked.is_empty() {
            evidence.push(format!("resolving problem reports: {}", linked.join(", ")));
        }
        Outcome::Met(evidence)
    })
}

fn problem_reports(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let n = prbs.len();
        all_have(
            ctx,
            &prbs,
            "problem reports",
            &["source", "version", "criticality"],
            format!(
                "{} with source, version and criticality",
                count(n, "problem report")
            ),
        )
    })
}

fn problems_investigated(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        if let Some(line) = lacking(
            ctx,
            &prbs,
            "problem reports not investigated (`investigation`)",
            |p| !ctx.has(p, "investigation"),
        ) {
            return gap(vec![line]);
        }
        let resolved = prbs
            .iter()
            .filter(|&&p| !ctx.sources(p, LinkRole::Resolves).is_empty())
            .count();
        Outcome::Met(vec![format!(
            "{} investigated; {resolved} resolved by change requests",
            count(prbs.len(), "problem report")
        )])
    })
}

fn parties_informed(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        Outcome::Review(vec![count(prbs.len(), "problem report")])
    })
}

fn resolutions_controlled(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let resolved: Vec<String> = prbs
            .iter()
            .filter_map(|&p| {
                let crs = ctx.sources(p, LinkRole::Resolves);
                (!crs.is_empty()).then(|| format!("{} → {}", ctx.id(p), ctx.ids(&crs)))
            })
            .collect();
        Outcome::Review(vec![if resolved.is_empty() {
            "no problem report is resolved by a change request".to_string()
        } else {
            format!("resolved through change requests: {}", resolved.join(", "))
        }])
    })
}

fn risk_file_updated(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let n = prbs
            .iter()
            .filter(|&&p| ctx.has(p, "safety-evaluation"))
            .count();
        Outcome::Review(vec![format!(
            "{n} of {} evaluated against the risk file",
            count(prbs.len(), "problem report")
        )])
    })
}

fn trends(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        Outcome::Review(vec![format!(
            "{} to analyse for trends",
            count(prbs.len(), "problem report")
        )])
    })
}

fn resolutions_verified(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let closed: Vec<ItemIdx> = prbs.iter().copied().filter(|&p| closed(ctx, p)).collect();
        Outcome::Review(vec![format!(
            "{} of {} closed",
            closed.len(),
            count(prbs.len(), "problem report")
        )])
    })
}

fn retests(ctx: &Ctx<'_>, _: &Clause) -> Outcome {
    with_problems(ctx, |prbs| {
        let found_by: BTreeSet<ItemIdx> = prbs
            .iter()
            .flat_map(|&p| ctx.targets(p, LinkRole::FoundBy))
            .collect();
        let runs: usize = found_by
            .iter()
            .filter_map(|&t| ctx.a.verification.tests.get(t).and_then(Option::as_ref))
            .map(|e| e.executions.len() + e.results.len())
            .sum();
        Outcome::Review(vec![format!(
            "{} found problems; {} recorded for them",
            count(found_by.len(), "test"),
            count(runs, "result or execution")
        )])
    })
}
