//! The FDA premarket documentation level (guidance "Content of Premarket Submissions for
//! Device Software Functions", June 2023) and the documents it expects, each with what the
//! project has for it.
//!
//! The level is Enhanced when a failure of the software could present a hazardous
//! situation with a probable risk of death or serious injury, judged before risk control:
//! here, when a hazard's initial severity is a level whose `harm` is `serious` in the risk
//! policy, or when the software system is class C (a class that already credits external
//! controls cannot be lower before them). Otherwise it is Basic. `[gap] fda-level`
//! overrides the judgement, with `fda-reason`.

use super::eval::{Ctx, count};
use super::policy::FdaLevel;
use super::{Row, Status};
use crate::graph::ItemIdx;
use crate::model::{Class, ItemType};
use crate::risk::Harm;
use std::collections::BTreeSet;

/// What the project has for one expected document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentStatus {
    /// The records or documents hold it.
    Present,
    /// Some of it.
    Partial,
    /// Nothing yet.
    Missing,
    /// Not submitted at this level (kept in the design history file).
    NotSubmitted,
}

impl DocumentStatus {
    /// A lowercase word for output.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Present => "present",
            DocumentStatus::Partial => "partial",
            DocumentStatus::Missing => "missing",
            DocumentStatus::NotSubmitted => "not submitted",
        }
    }
}

/// One document the FDA expects at the level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdaDocument {
    /// The element's name.
    pub name: &'static str,
    /// What is expected at this level.
    pub expected: &'static str,
    /// What the project has.
    pub status: DocumentStatus,
    /// Where it is, or what is missing.
    pub evidence: String,
}

/// The documentation level and its documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fda {
    /// The level in force.
    pub level: FdaLevel,
    /// Why.
    pub reason: String,
    /// The level judged from the records, when `[gap] fda-level` overrides it.
    pub judged: Option<(FdaLevel, String)>,
    /// The expected documents.
    pub documents: Vec<FdaDocument>,
}

/// The level judged from the hazards and the class, with the reason.
fn judge(ctx: &Ctx<'_>, class: Class) -> (FdaLevel, String) {
    let policy = &ctx.a.config.risk;
    let mut serious: Vec<String> = Vec::new();
    for h in &ctx.a.risk.hazards {
        let Some(s) = h.initial.severity else {
            continue;
        };
        if policy
            .severity
            .levels
            .get(s)
            .is_some_and(|l| l.harm == Harm::Serious)
        {
            serious.push(format!(
                "{} ({})",
                ctx.id(h.item),
                policy.severity.levels[s].name
            ));
        }
    }
    if !serious.is_empty() {
        return (
            FdaLevel::Enhanced,
            format!(
                "before risk control, the initial severity of {} is death or serious injury",
                crate::diagnostic::name_list(&serious, 4)
            ),
        );
    }
    if class == Class::C {
        return (
            FdaLevel::Enhanced,
            "the software system is class C: death or serious injury is possible even after external risk control".into(),
        );
    }
    if ctx.a.risk.hazards.is_empty() {
        return (
            FdaLevel::Basic,
            "no hazard is recorded yet; Basic until the risk file says otherwise".into(),
        );
    }
    (
        FdaLevel::Basic,
        format!(
            "no initial severity of the {} is death or serious injury",
            count(ctx.a.risk.hazards.len(), "hazard")
        ),
    )
}

/// Live DOC items of a `doc-kind`.
fn docs_of_kind(ctx: &Ctx<'_>, kinds: &[&str]) -> Vec<ItemIdx> {
    ctx.live(ItemType::Doc)
        .into_iter()
        .filter(|&d| ctx.text(d, "doc-kind").is_some_and(|k| kinds.contains(&k)))
        .collect()
}

/// Whether the clause's row is met or covered by a written plan section.
fn shown(rows: &[Row], clause: &str) -> bool {
    rows.iter()
        .find(|r| r.clause.id == clause)
        .is_some_and(|r| matches!(r.status, Status::Met { .. } | Status::Manual { .. }))
}

/// The written sections covering a clause, as labels.
fn sections(rows: &[Row], clause: &str) -> Vec<String> {
    rows.iter()
        .find(|r| r.clause.id == clause)
        .map(|r| {
            r.sections
                .iter()
                .filter(|s| !s.placeholder)
                .map(|s| s.label())
                .collect()
        })
        .unwrap_or_default()
}

fn doc(
    name: &'static str,
    expected: &'static str,
    status: DocumentStatus,
    evidence: String,
) -> FdaDocument {
    FdaDocument {
        name,
        expected,
        status,
        evidence,
    }
}

fn present_if(ok: bool, some: bool) -> DocumentStatus {
    match (ok, some) {
        (true, _) => DocumentStatus::Present,
        (false, true) => DocumentStatus::Partial,
        (false, false) => DocumentStatus::Missing,
    }
}

/// Tests of a level with at least one result.
fn tests_with_results(ctx: &Ctx<'_>, level: &str) -> (usize, usize) {
    let tests: Vec<ItemIdx> = ctx
        .live(ItemType::Tst)
        .into_iter()
        .filter(|&t| ctx.text(t, "level") == Some(level))
        .collect();
    let run = tests
        .iter()
        .filter(|&&t| {
            ctx.a.verification.tests[t]
                .as_ref()
                .is_some_and(|e| e.outcome.is_some())
        })
        .count();
    (tests.len(), run)
}

// implements: SRS-048
/// The level and the documents expected at it.
pub(super) fn evaluate(ctx: &Ctx<'_>, class: Class, rows: &[Row]) -> Fda {
    let judged = judge(ctx, class);
    let (level, reason, judged) = match &ctx.a.config.gap.fda_level {
        Some((level, reason)) => (
            *level,
            format!("set in medtrace.toml: {reason}"),
            Some(judged),
        ),
        None => (judged.0, judged.1, None),
    };
    let enhanced = level == FdaLevel::Enhanced;
    let mut documents = vec![doc(
        "Documentation level evaluation",
        "the level and its rationale",
        DocumentStatus::Present,
        format!("this report: {} — {reason}", level.title()),
    )];

    let described: Vec<ItemIdx> = ctx
        .live(ItemType::Swi)
        .into_iter()
        .filter(|&i| ctx.text(i, "level") == Some("system") && !ctx.body(i).is_empty())
        .chain(docs_of_kind(ctx, &["software-description"]))
        .collect();
    documents.push(doc(
        "Software description",
        "features, functions, inputs and outputs, hardware platforms",
        present_if(!described.is_empty(), false),
        if described.is_empty() {
            "no SWI record with `level: system` describes the software, and no DOC of kind software-description".into()
        } else {
            format!("described in {}", ctx.ids(&described))
        },
    ));

    let swis = ctx.live(ItemType::Swi);
    let with_interfaces = swis.iter().filter(|&&i| ctx.has(i, "interfaces")).count();
    let diagrams = docs_of_kind(ctx, &["architecture"]);
    documents.push(doc(
        "System and software architecture diagram",
        "modules, layers, interfaces and data flows",
        present_if(!diagrams.is_empty(), with_interfaces > 0),
        match (diagrams.is_empty(), with_interfaces) {
            (false, _) => format!("in {}", ctx.ids(&diagrams)),
            (true, 0) => "no software item records with interfaces yet".into(),
            (true, n) => format!(
                "{} with their interfaces; no DOC of kind architecture holds the diagram",
                count(n, "software item")
            ),
        },
    ));

    // A plan counts once its sections for 4.2 are written.
    let plans = if shown(rows, "4.2") {
        docs_of_kind(ctx, &["risk-management-plan"])
    } else {
        Vec::new()
    };
    let reports = docs_of_kind(ctx, &["risk-management-report"]);
    let hazards = ctx.live(ItemType::Haz);
    let mut parts = Vec::new();
    let mut lacks = Vec::new();
    for (list, what) in [
        (&plans, "plan"),
        (&hazards, "risk assessment"),
        (&reports, "report"),
    ] {
        if list.is_empty() {
            lacks.push(what);
        } else {
            parts.push(format!("{what}: {}", ctx.ids(list)));
        }
    }
    if !lacks.is_empty() {
        parts.push(format!("no {} yet", lacks.join(", no ")));
    }
    documents.push(doc(
        "Risk management file",
        "risk management plan, risk assessment showing mitigation, risk management report",
        present_if(lacks.is_empty(), lacks.len() < 3),
        parts.join("; "),
    ));

    let srs = ctx.live(ItemType::Srs);
    documents.push(doc(
        "Software requirements specification",
        "the software requirements, traced to the other elements",
        present_if(!srs.is_empty(), false),
        if srs.is_empty() {
            "no software requirements yet".into()
        } else {
            count(srs.len(), "software requirement record")
        },
    ));

    let units: Vec<ItemIdx> = swis
        .iter()
        .copied()
        .filter(|&i| ctx.text(i, "level") == Some("unit"))
        .collect();
    let designed = units
        .iter()
        .filter(|&&u| ctx.has(u, "detailed-design"))
        .count();
    let design = format!(
        "{designed} of {} with a detailed design",
        count(units.len(), "software unit")
    );
    documents.push(if enhanced {
        doc(
            "Software design specification",
            "how the design implements and traces to the requirements",
            present_if(!units.is_empty() && designed == units.len(), designed > 0),
            design,
        )
    } else {
        doc(
            "Software design specification",
            "not submitted at Basic; kept in the design history file",
            DocumentStatus::NotSubmitted,
            design,
        )
    });

    let development = shown(rows, "5.1.1");
    let maintenance = shown(rows, "6.1");
    let configuration = shown(rows, "5.1.9") && shown(rows, "8.1.1");
    let mut where_: BTreeSet<String> = BTreeSet::new();
    for c in ["5.1.1", "6.1", "5.1.9", "8.1.1"] {
        where_.extend(sections(rows, c));
    }
    let where_: Vec<String> = where_.into_iter().collect();
    documents.push(doc(
        "Development, configuration and maintenance practices",
        if enhanced {
            "the life cycle summary plus complete configuration management and maintenance plans, or an IEC 62304 declaration of conformity"
        } else {
            "a summary of the life cycle plan, configuration management and maintenance, or an IEC 62304 declaration of conformity"
        },
        if enhanced {
            present_if(development && maintenance && configuration, development || maintenance || configuration)
        } else {
            present_if(development, maintenance || configuration)
        },
        if where_.is_empty() {
            "no written plan section covers 5.1.1, 5.1.9, 6.1 or 8.1.1".into()
        } else {
            format!("plan sections: {}", crate::diagnostic::name_list(&where_, 6))
        },
    ));

    let levels = ["unit", "integration", "system"].map(|l| (l, tests_with_results(ctx, l)));
    let line: Vec<String> = levels
        .iter()
        .map(|(l, (n, run))| format!("{l} {run}/{n}"))
        .collect();
    let ran = |l: usize| levels[l].1.0 > 0 && levels[l].1.0 == levels[l].1.1;
    documents.push(doc(
        "Software testing (verification and validation)",
        if enhanced {
            "the Basic summary plus unit and integration test protocols and reports"
        } else {
            "a summary of unit, integration and system testing, with the system test protocol and report"
        },
        if enhanced {
            present_if(ran(0) && ran(1) && ran(2), levels.iter().any(|(_, (_, run))| *run > 0))
        } else {
            present_if(ran(2), levels.iter().any(|(_, (_, run))| *run > 0))
        },
        format!("tests with results, by level: {}", line.join(", ")),
    ));

    let mut versions: BTreeSet<&str> = BTreeSet::new();
    for e in &ctx.a.evidence.executions {
        if let Some(v) = e.version.as_deref() {
            versions.insert(v);
        }
    }
    let crs = ctx.live(ItemType::Cr);
    documents.push(doc(
        "Software version history",
        "the tested versions with their dates and changes",
        present_if(false, !versions.is_empty() || !crs.is_empty()),
        format!(
            "{} named by execution records, {}; release records are not read yet",
            count(versions.len(), "tested version"),
            count(crs.len(), "change request")
        ),
    ));

    let prbs = ctx.live(ItemType::Prb);
    let open: Vec<ItemIdx> = prbs
        .iter()
        .copied()
        .filter(|&p| !super::testing::closed(ctx, p))
        .collect();
    let evaluated = open.iter().all(|&p| ctx.has(p, "known-anomaly"));
    documents.push(doc(
        "Unresolved software anomalies",
        "each known anomaly with its impact and the plan to correct it",
        present_if(evaluated, true),
        if open.is_empty() {
            "no open problem report".into()
        } else {
            format!("open problem reports: {}", ctx.ids(&open))
        },
    ));

    Fda {
        level,
        reason,
        judged,
        documents,
    }
}
