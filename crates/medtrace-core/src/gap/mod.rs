//! The clause-by-clause IEC 62304 gap report: every requirement clause of sections 4 to
//! 9 with its status for the project's class, computed from the records wherever the
//! evidence is machine-checkable and from the plans where only a plan can show it.
//!
//! [`evaluate`] is pure: it reads an [`Analysis`] and returns a [`GapReport`]. For each
//! clause of [`clauses::all`]:
//!
//! 1. **Applicability.** The classes are those of the software systems (SWI records with
//!    `level: system`, else the top-level SWIs, else the class in medtrace.toml); a
//!    clause applies when it applies to any of them. Where the systems' classes differ
//!    each row says which systems it applies to. Disputed clauses follow the stance
//!    (`[gap] disputed`, strict by default) and say so; withdrawn clauses (7.3.2, and
//!    7.1.5 unless strict) and the legacy route (4.4, unless `[gap] legacy = true`) are
//!    not applicable.
//! 2. **Evidence.** A clause the records can show (`Records` in the clause table) has an
//!    evaluator (`design.rs`: 4.3 and 5.2 to 5.4; `testing.rs`: 5.5 to 5.8; `upkeep.rs`:
//!    6 to 9) that looks at the items, the graph, the verification statuses and the
//!    risk file, filtered to the items of the classes the clause applies to. It returns the evidence (IDs and
//!    counts), what is missing, or — for clauses a person still has to judge (a review,
//!    a notice to users) or whose records only arise from events that may not have
//!    happened yet (no problem report so far) — the evidence found, leaving the verdict
//!    to a plan or procedure.
//! 3. **Plans.** DOC items say which clauses they cover (see [`covers`]); a section still
//!    holding the placeholder covers nothing. A `Plan` clause, or a clause left to a
//!    procedure, with a written covering section needs manual evidence; without one it
//!    is a gap.
//! 4. **Findings.** A clause is a gap whenever `check` has a finding at deny level whose
//!    code serves that clause ([`Code::clause`]); the row cites the codes and counts.
//!
//! The report never says a process clause is met: only records prove anything here, and
//! a plan section is evidence for a person to read, not proof that the team follows it.

pub mod covers;
mod design;
mod eval;
mod fda;
pub mod policy;
mod testing;
mod upkeep;

pub use covers::{Coverage, CoversProblem, PLACEHOLDER};
pub use fda::{DocumentStatus, Fda, FdaDocument};
pub use policy::{FdaLevel, GapPolicy};

use self::eval::{Ctx, Evaluator, Outcome};
use crate::Analysis;
use crate::clauses::{self, ClassSet, Clause, DisputeStance, EvidenceKind};
use crate::diagnostic::{Code, Level};
use crate::graph::ItemIdx;
use crate::model::{Class, ItemType, LinkRole};
use std::collections::BTreeMap;

/// Why a clause is a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapKind {
    /// The records fall short: findings at deny level, or items lacking what the clause
    /// asks of them.
    Records,
    /// Nothing of the kind is recorded yet.
    NoRecords,
    /// The plan sections covering the clause still hold the placeholder.
    Placeholder,
    /// No plan or procedure section covers the clause.
    NoPlan,
}

impl GapKind {
    /// A short name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            GapKind::Records => "records",
            GapKind::NoRecords => "no-records",
            GapKind::Placeholder => "placeholder",
            GapKind::NoPlan => "no-plan",
        }
    }
}

/// The status of one clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The records show it, as the evidence says.
    Met {
        /// IDs, counts, documents and sections.
        evidence: Vec<String>,
    },
    /// A written plan or procedure section covers it (see [`Row::sections`]); a person
    /// has to confirm it is followed. `evidence` is what the records add.
    Manual {
        /// What the records show, if anything.
        evidence: Vec<String>,
    },
    /// Not met.
    Gap {
        /// Why.
        kind: GapKind,
        /// What is missing.
        missing: Vec<String>,
    },
    /// The clause does not apply to this project.
    NotApplicable {
        /// Why not.
        why: String,
    },
}

impl Status {
    /// `met`, `manual`, `gap` or `n/a`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Met { .. } => "met",
            Status::Manual { .. } => "manual",
            Status::Gap { .. } => "gap",
            Status::NotApplicable { .. } => "n/a",
        }
    }

    /// The evidence, what is missing, or why it does not apply.
    pub fn details(&self) -> Vec<String> {
        match self {
            Status::Met { evidence } | Status::Manual { evidence } => evidence.clone(),
            Status::Gap { missing, .. } => missing.clone(),
            Status::NotApplicable { why } => vec![why.clone()],
        }
    }
}

/// One clause of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The clause.
    pub clause: &'static Clause,
    /// The classes it applies to under the stance in force.
    pub classes: ClassSet,
    /// Its status.
    pub status: Status,
    /// The DOC sections that say they cover it, written or not.
    pub sections: Vec<Coverage>,
    /// For a disputed clause: what the sources disagree on and what the stance makes of it.
    pub disputed: Option<String>,
    /// Findings at warn level and other remarks that do not make it a gap.
    pub notes: Vec<String>,
    /// The software systems it applies to, when the systems' classes differ.
    pub applies_to: Vec<String>,
}

/// A software system and its class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    /// The SWI record, or `None` for the system medtrace.toml describes.
    pub id: Option<String>,
    /// Its title.
    pub title: String,
    /// Its effective class.
    pub class: Class,
}

/// Counts of the statuses of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Met by the records.
    pub met: usize,
    /// Covered by a written plan section; needs manual evidence.
    pub manual: usize,
    /// Gaps.
    pub gap: usize,
    /// Not applicable.
    pub not_applicable: usize,
}

/// The gap report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapReport {
    /// The class the report is for: the highest of the systems', or the one asked for.
    pub class: Class,
    /// Whether the class was asked for (`--class`) instead of read from the records.
    pub class_given: bool,
    /// The software systems with their classes.
    pub systems: Vec<System>,
    /// The stance on disputed clauses.
    pub stance: DisputeStance,
    /// Whether the project takes the legacy route (4.4).
    pub legacy: bool,
    /// One row per clause, in the standard's order.
    pub rows: Vec<Row>,
    /// Problems found in `covers` lists.
    pub problems: Vec<CoversProblem>,
    /// The FDA premarket documentation level and its documents.
    pub fda: Fda,
}

impl GapReport {
    /// The counts of each status.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for row in &self.rows {
            match row.status {
                Status::Met { .. } => s.met += 1,
                Status::Manual { .. } => s.manual += 1,
                Status::Gap { .. } => s.gap += 1,
                Status::NotApplicable { .. } => s.not_applicable += 1,
            }
        }
        s
    }

    /// Whether any applicable clause is a gap: the CI gate.
    pub fn has_gaps(&self) -> bool {
        self.rows
            .iter()
            .any(|r| matches!(r.status, Status::Gap { .. }))
    }

    /// The row of a clause.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.clause.id == id)
    }
}

/// What the command line may change for one report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Judge the project as this class instead of its systems' classes.
    pub class: Option<Class>,
    /// Take disputed clauses this way instead of as `[gap] disputed` says.
    pub stance: Option<DisputeStance>,
}

fn evaluator(id: &str) -> Option<&'static Evaluator> {
    design::EVALUATORS
        .iter()
        .chain(testing::EVALUATORS)
        .chain(upkeep::EVALUATORS)
        .find(|e| e.clause == id)
}

/// Whether a plan or procedure section must cover `clause`: a `Plan` or `Legacy`
/// clause, or one whose records leave the verdict to a procedure. `init` writes a plan
/// section for each of these.
pub fn needs_section(clause: &Clause) -> bool {
    match clause.evidence {
        EvidenceKind::Plan | EvidenceKind::Legacy => true,
        EvidenceKind::Records => evaluator(clause.id).is_some_and(|e| e.procedure),
    }
}

/// The clause numbers that have a records evaluator (for tests of the table).
pub fn evaluated_clauses() -> Vec<&'static str> {
    design::EVALUATORS
        .iter()
        .chain(testing::EVALUATORS)
        .chain(upkeep::EVALUATORS)
        .map(|e| e.clause)
        .collect()
}

// implements: SRS-048
/// The gap report of a project, as medtrace.toml's `[gap]` says.
pub fn evaluate(analysis: &Analysis) -> GapReport {
    evaluate_with(analysis, Options::default())
}

// implements: SRS-048
/// The gap report, with the class or stance given on the command line.
pub fn evaluate_with(analysis: &Analysis, options: Options) -> GapReport {
    let policy = &analysis.config.gap;
    let stance = options.stance.unwrap_or(policy.stance);
    let ctx = Ctx::new(analysis, stance, options.class);
    let systems = systems(&ctx);
    let classes: ClassSet = match options.class {
        Some(c) => ClassSet::NONE.with(c),
        None => systems.iter().map(|s| s.class).collect(),
    };
    let class = classes.iter().max().unwrap_or(analysis.config.class);
    let (coverage, problems) = covers::coverage(analysis);
    let findings = findings_by_clause(analysis);
    let mixed = options.class.is_none() && systems.iter().any(|s| s.class != systems[0].class);
    let rows: Vec<Row> = clauses::all()
        .iter()
        .map(|clause| {
            let sections: Vec<Coverage> = coverage
                .iter()
                .filter(|(_, ids)| ids.iter().any(|id| id == clause.id))
                .map(|(c, _)| c.clone())
                .collect();
            let applies = clause.classes_for(stance);
            let mut row = Row {
                clause,
                classes: applies,
                status: Status::NotApplicable { why: String::new() },
                sections,
                disputed: disputed(clause, stance, classes),
                notes: Vec::new(),
                applies_to: Vec::new(),
            };
            if let Some(why) = not_applicable(clause, applies, classes, policy.legacy) {
                row.status = Status::NotApplicable { why };
                return row;
            }
            if mixed {
                row.applies_to = systems
                    .iter()
                    .filter(|s| applies.contains(s.class))
                    .map(|s| {
                        format!(
                            "{} (class {})",
                            s.id.as_deref().unwrap_or("the system"),
                            s.class
                        )
                    })
                    .collect();
            }
            let outcome = match (clause.evidence, evaluator(clause.id)) {
                (EvidenceKind::Records, Some(e)) => (e.eval)(&ctx, clause),
                _ => Outcome::Review(Vec::new()),
            };
            let (status, notes) = status(clause, outcome, &row.sections);
            row.status = status;
            row.notes = notes;
            if let Some(found) = findings.get(clause.id) {
                apply_findings(&mut row, found);
            }
            row
        })
        .collect();
    let fda = fda::evaluate(&ctx, class, &rows);
    GapReport {
        class,
        class_given: options.class.is_some(),
        systems,
        stance,
        legacy: policy.legacy,
        rows,
        problems,
        fda,
    }
}

/// The software systems: SWI records with `level: system`, else the top-level SWIs,
/// else the one system medtrace.toml describes.
fn systems(ctx: &Ctx<'_>) -> Vec<System> {
    let swis = ctx.live(ItemType::Swi);
    let mut chosen: Vec<ItemIdx> = swis
        .iter()
        .copied()
        .filter(|&i| ctx.text(i, "level") == Some("system"))
        .collect();
    if chosen.is_empty() {
        chosen = swis
            .iter()
            .copied()
            .filter(|&i| ctx.targets(i, LinkRole::Parent).is_empty())
            .collect();
    }
    if chosen.is_empty() {
        let class = ctx.cap.unwrap_or(ctx.a.config.class);
        return vec![System {
            id: None,
            title: ctx.a.config.name.clone(),
            class,
        }];
    }
    chosen
        .into_iter()
        .map(|i| System {
            id: Some(ctx.id(i).to_string()),
            title: ctx.item(i).title.clone(),
            class: ctx.class(i),
        })
        .collect()
}

fn not_applicable(
    clause: &Clause,
    applies: ClassSet,
    classes: ClassSet,
    legacy: bool,
) -> Option<String> {
    if clause.evidence == EvidenceKind::Legacy && !legacy {
        return Some(
            "the project does not take the legacy-software route (`[gap] legacy = true` takes it)"
                .into(),
        );
    }
    if applies.is_empty() {
        return Some(if clause.disputed.is_some() {
            "withdrawn by AMD1 (disputed; the lenient stance follows the withdrawal)".into()
        } else {
            "withdrawn by AMD1".into()
        });
    }
    if applies.intersection(classes).is_empty() {
        let plural = if classes.iter().count() > 1 { "es" } else { "" };
        return Some(format!(
            "applies to class {applies}; the software is of class{plural} {classes}"
        ));
    }
    None
}

/// The note of a disputed clause: what the sources disagree on and what the stance
/// decides for the project's classes.
fn disputed(clause: &Clause, stance: DisputeStance, classes: ClassSet) -> Option<String> {
    let d = clause.disputed?;
    let affected: ClassSet = classes
        .iter()
        .filter(|&c| clause.classes.contains(c) != d.classes.contains(c))
        .collect();
    let effect = if affected.is_empty() {
        format!("the sources agree for class {classes}")
    } else if clause.classes_for(stance).intersection(affected) == affected {
        format!("{stance} stance: applies to class {affected}")
    } else {
        format!("{stance} stance: does not apply to class {affected}")
    };
    Some(format!("{}; {effect}", d.note))
}

/// Joins an evaluator's outcome with the plan sections covering the clause: the status,
/// and what the records show when the clause is a gap for want of a plan section.
fn status(clause: &Clause, outcome: Outcome, sections: &[Coverage]) -> (Status, Vec<String>) {
    let written = sections.iter().any(|s| !s.placeholder);
    let unwritten: Vec<String> = sections
        .iter()
        .filter(|s| s.placeholder)
        .map(|s| {
            format!(
                "{} ({}:{}) still holds the placeholder",
                s.label(),
                s.path,
                s.line
            )
        })
        .collect();
    let plan_gap = |none: Option<String>| -> Status {
        if !unwritten.is_empty() {
            let mut missing = unwritten.clone();
            missing.extend(none);
            Status::Gap {
                kind: GapKind::Placeholder,
                missing,
            }
        } else if let Some(none) = none {
            Status::Gap {
                kind: GapKind::NoRecords,
                missing: vec![none],
            }
        } else {
            Status::Gap {
                kind: GapKind::NoPlan,
                missing: vec![format!("no plan or procedure section covers {}", clause.id)],
            }
        }
    };
    match outcome {
        Outcome::Met(evidence) => (Status::Met { evidence }, Vec::new()),
        Outcome::Gap(kind, mut missing) => {
            // The sections still to write are listed with every gap they belong to.
            missing.extend(unwritten.iter().cloned());
            (Status::Gap { kind, missing }, Vec::new())
        }
        Outcome::NotApplicable(why) => (Status::NotApplicable { why }, Vec::new()),
        Outcome::Review(evidence) if written => (Status::Manual { evidence }, Vec::new()),
        Outcome::Review(evidence) => (
            plan_gap(None),
            evidence
                .into_iter()
                .map(|e| format!("records: {e}"))
                .collect(),
        ),
        Outcome::Nothing(none) if written => (
            Status::Manual {
                evidence: vec![none],
            },
            Vec::new(),
        ),
        Outcome::Nothing(none) => (plan_gap(Some(none)), Vec::new()),
    }
}

/// Per clause number, the codes of the current findings serving it, with level and count.
fn findings_by_clause(
    analysis: &Analysis,
) -> BTreeMap<&'static str, BTreeMap<(Level, Code), usize>> {
    let mut out: BTreeMap<&'static str, BTreeMap<(Level, Code), usize>> = BTreeMap::new();
    for d in &analysis.diagnostics {
        for part in d.code.clause().split(',') {
            let Some(id) = part.split_whitespace().next() else {
                continue;
            };
            if let Some(clause) = clauses::get(id) {
                *out.entry(clause.id)
                    .or_default()
                    .entry((d.level, d.code))
                    .or_default() += 1;
            }
        }
    }
    out
}

/// A finding at deny level serving the clause makes it a gap; one at warn level is a note.
fn apply_findings(row: &mut Row, found: &BTreeMap<(Level, Code), usize>) {
    let list = |level: Level| -> Vec<String> {
        found
            .iter()
            .filter(|((l, _), _)| *l == level)
            .map(|((_, code), n)| format!("{code} ×{n}"))
            .collect()
    };
    let warn = list(Level::Warn);
    if !warn.is_empty() {
        row.notes
            .push(format!("findings at warn level: {}", warn.join(", ")));
    }
    let deny = list(Level::Deny);
    if deny.is_empty() {
        return;
    }
    let line = format!(
        "findings at deny level (medtrace check): {}",
        deny.join(", ")
    );
    row.status = match std::mem::replace(&mut row.status, Status::Met { evidence: vec![] }) {
        Status::Gap { mut missing, .. } => {
            missing.insert(0, line);
            Status::Gap {
                kind: GapKind::Records,
                missing,
            }
        }
        _ => Status::Gap {
            kind: GapKind::Records,
            missing: vec![line],
        },
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_records_clause_has_one_evaluator_and_no_other_has_any() {
        let evaluated = evaluated_clauses();
        for c in clauses::all() {
            let n = evaluated.iter().filter(|&&e| e == c.id).count();
            let wanted = usize::from(
                c.evidence == EvidenceKind::Records && !c.withdrawn() || c.id == "7.1.5",
            );
            assert_eq!(n, wanted, "{}", c.id);
        }
        assert_eq!(
            evaluated.len(),
            evaluated
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
    }

    #[test]
    fn counts_read_as_english() {
        use super::eval::count;
        assert_eq!(count(1, "hazard"), "1 hazard");
        assert_eq!(count(2, "hazard"), "2 hazards");
        assert_eq!(count(0, "change request"), "0 change requests");
        assert_eq!(count(2, "summary"), "2 summaries");
        assert_eq!(count(2, "class"), "2 classes");
    }
}
