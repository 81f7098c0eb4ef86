//! Problem reports and change requests as records with states (IEC 62304 6.2, 8.2, 9).
//!
//! Each state of a problem report (`PRB`) and of a change request (`CR`) is data below:
//! its name, the clauses it serves and what a record in it must hold. A record in a
//! state holds what every earlier state asks too, so a closed problem report still
//! names its source and its investigation. The checks read the `state` field (absent:
//! the first state), report what is missing, and hold a problem report's state to the
//! change requests that resolve it. The change control of commits (8.2.1) is in
//! [`super::change_control`].

use crate::diagnostic::{Code, Diagnostic, name_list};
use crate::graph::{Graph, ItemIdx};
use crate::item::{Item, is_date};
use crate::model::{ItemType, LinkRole, Status};
use crate::source::{Sources, Span};
use crate::yaml::{Node, Value};

/// Something a state asks of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// A field with a value.
    Field(&'static str),
    /// A key of a mapping field, with a value.
    Key(&'static str, &'static str),
    /// A description in the Markdown body.
    Body,
    /// A problem report's decision: a change request that resolves it and is not
    /// rejected, or a `no-action` rationale (9.2).
    Decision,
    /// The change requests resolving a problem report are implemented (9.4).
    ChangesImplemented,
    /// The resolution of a problem report is verified: its `verification`, and the
    /// change requests resolving it verified (9.7). Not asked under `no-action`.
    ResolutionVerified,
}

/// One state of a problem report or change request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    /// The value of `state`.
    pub name: &'static str,
    /// The IEC 62304 clauses the state serves.
    pub clauses: &'static str,
    /// What the state means, for documents.
    pub meaning: &'static str,
    /// What a record must hold on reaching it, beyond what the earlier states ask.
    pub needs: &'static [Need],
}

use Need::{Body, ChangesImplemented, Decision, Field, Key, ResolutionVerified};

/// The states of a problem report, in order.
pub const PROBLEM_STATES: &[State] = &[
    State {
        name: "open",
        clauses: "9.1",
        meaning: "reported: where it was found, in which version, what happens and its criticality",
        needs: &[
            Field("source"),
            Field("version"),
            Key("criticality", "safety"),
            Key("criticality", "performance"),
            Key("criticality", "security"),
            Body,
        ],
    },
    State {
        name: "investigated",
        clauses: "9.2",
        meaning: "causes found and the relevance to safety evaluated with the risk file",
        needs: &[Field("investigation"), Field("safety-evaluation")],
    },
    State {
        name: "decided",
        clauses: "9.2, 9.3",
        meaning: "a change request resolves it, or no action is taken and the record says why; the relevant parties are informed",
        needs: &[Decision, Field("parties-informed")],
    },
    State {
        name: "resolved",
        clauses: "9.4, 9.5",
        meaning: "the change requests resolving it are implemented",
        needs: &[ChangesImplemented],
    },
    State {
        name: "verified",
        clauses: "9.7, 9.8",
        meaning: "the resolution is verified: tests re-run, the change requests verified",
        needs: &[ResolutionVerified],
    },
    State {
        name: "closed",
        clauses: "9.5, 9.7",
        meaning: "closed; the record is kept",
        needs: &[],
    },
];

/// The states of a change request, in order; `rejected` ends a request at any point
/// after it was proposed and asks only for the decision.
pub const CHANGE_STATES: &[State] = &[
    State {
        name: "proposed",
        clauses: "6.2.1, 8.2",
        meaning: "requested: where the request comes from",
        needs: &[Field("origin")],
    },
    State {
        name: "analysed",
        clauses: "6.2.3, 7.4",
        meaning: "the impact of the change analysed, including its effect on safety and risk controls",
        needs: &[Key("impact", "summary"), Key("impact", "safety")],
    },
    State {
        name: "approved",
        clauses: "6.2.4, 8.2.1",
        meaning: "approved: by whom, when and what was decided",
        needs: &[
            Key("approval", "approver"),
            Key("approval", "date"),
            Key("approval", "decision"),
        ],
    },
    State {
        name: "implemented",
        clauses: "8.2.2",
        meaning: "implemented: where and in which version",
        needs: &[Field("implementation")],
    },
    State {
        name: "verified",
        clauses: "8.2.3, 9.8",
        meaning: "the change verified: the tests re-run and their results",
        needs: &[Field("verification")],
    },
    State {
        name: "closed",
        clauses: "8.2.4",
        meaning: "closed; the record is kept",
        needs: &[],
    },
    State {
        name: "rejected",
        clauses: "6.2.4",
        meaning: "rejected: by whom, when and why",
        needs: &[
            Field("origin"),
            Key("approval", "approver"),
            Key("approval", "date"),
            Key("approval", "decision"),
            Key("approval", "reason"),
        ],
    },
];

/// Index of `rejected` in [`CHANGE_STATES`].
const REJECTED: usize = 6;
/// Index of `approved` in [`CHANGE_STATES`].
const APPROVED: usize = 2;
/// Index of `implemented` in [`CHANGE_STATES`].
const IMPLEMENTED: usize = 3;
/// Index of `verified` in [`CHANGE_STATES`].
const VERIFIED: usize = 4;
/// Index of `closed` in [`PROBLEM_STATES`].
const PROBLEM_CLOSED: usize = 5;

/// The names of the states, for the schema's `state` enum.
pub fn state_names(states: &[State]) -> Vec<String> {
    states.iter().map(|s| s.name.to_string()).collect()
}

/// The index of an item's state in `states`: the first state when `state` is absent,
/// `None` when it names none (which the schema reports).
fn state_index(item: &Item, states: &[State]) -> Option<usize> {
    match item.field("state") {
        Some(f) if !f.value.is_null() => {
            let name = f.value.as_str()?.trim();
            states.iter().position(|s| s.name == name)
        }
        _ => Some(0),
    }
}

/// A problem report's state (the first when absent), `None` when it is not one.
pub fn problem_state(item: &Item) -> Option<&'static State> {
    state_index(item, PROBLEM_STATES).map(|i| &PROBLEM_STATES[i])
}

/// A change request's state (the first when absent), `None` when it is not one.
pub fn change_state(item: &Item) -> Option<&'static State> {
    state_index(item, CHANGE_STATES).map(|i| &CHANGE_STATES[i])
}

/// Whether a problem report is closed.
pub fn problem_closed(item: &Item) -> bool {
    state_index(item, PROBLEM_STATES) == Some(PROBLEM_CLOSED)
}

/// The date a change request was approved, when it is approved (or later, not
/// rejected) and `approval.date` is a date.
pub fn approved_on(item: &Item) -> Option<&str> {
    let state = state_index(item, CHANGE_STATES)?;
    if !(APPROVED..REJECTED).contains(&state) {
        return None;
    }
    key(item, "approval", "date")
        .and_then(Node::as_str)
        .map(str::trim)
        .filter(|d| is_date(d))
}

/// Whether a node holds something: a non-empty scalar, list or mapping.
pub fn filled(node: &Node) -> bool {
    match &node.value {
        Value::Scalar { text, .. } => !node.is_null() && !text.trim().is_empty(),
        Value::Seq(items) => !items.is_empty(),
        Value::Map(pairs) => !pairs.is_empty(),
    }
}

/// A key of a mapping field, when it holds something.
pub fn key<'a>(item: &'a Item, field: &str, name: &str) -> Option<&'a Node> {
    match &item.field(field)?.value.value {
        Value::Map(pairs) => pairs
            .iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v)
            .filter(|v| filled(v)),
        _ => None,
    }
}

fn has(item: &Item, field: &str) -> bool {
    item.field(field).is_some_and(|f| filled(&f.value))
}

/// The areas of `criticality` (safety, performance, security) on which the problem
/// has an effect: those written and not `none`.
pub fn effects(item: &Item) -> Vec<&'static str> {
    ["safety", "performance", "security"]
        .into_iter()
        .filter(|area| {
            key(item, "criticality", area)
                .and_then(Node::as_str)
                .is_some_and(|text| !says_none(text))
        })
        .collect()
}

/// Whether an effect is written as none: `none`, or `none` followed by punctuation
/// and the reason (`none: the pump is idle`).
pub fn says_none(text: &str) -> bool {
    let text = text.trim();
    let Some(head) = text.get(..4) else {
        return false;
    };
    head.eq_ignore_ascii_case("none")
        && text[4..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

// implements: SRS-062
/// Runs the checks of problem reports and change requests.
pub fn check(items: &[Item], graph: &Graph, sources: &Sources, diags: &mut Vec<Diagnostic>) {
    for (i, item) in items.iter().enumerate() {
        if item.partial || item.status == Status::Obsolete {
            continue;
        }
        match item.ty {
            ItemType::Prb => check_problem(i, items, graph, sources, diags),
            ItemType::Cr => check_change(item, diags),
            _ => {}
        }
    }
}

/// Where a finding about a record's state points: its `state`, else its ID.
fn state_span(item: &Item) -> Span {
    item.field("state")
        .filter(|f| !f.value.is_null())
        .map_or(item.id_span, |f| f.value.span)
}

/// The needs of state `upto` and every state before it.
fn needs_upto(states: &[State], upto: usize) -> impl Iterator<Item = Need> {
    states[..=upto].iter().flat_map(|s| s.needs.iter().copied())
}

fn check_problem(
    i: ItemIdx,
    items: &[Item],
    graph: &Graph,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) {
    let item = &items[i];
    let Some(at) = state_index(item, PROBLEM_STATES) else {
        return;
    };
    let state = PROBLEM_STATES[at].name;
    let no_action = has(item, "no-action");
    let resolving: Vec<ItemIdx> = graph
        .sources(i, LinkRole::Resolves)
        .filter(|&c| items[c].ty == ItemType::Cr)
        .collect();
    let live: Vec<ItemIdx> = resolving
        .iter()
        .copied()
        .filter(|&c| state_index(&items[c], CHANGE_STATES) != Some(REJECTED))
        .collect();
    let mut missing = Vec::new();
    for need in needs_upto(PROBLEM_STATES, at) {
        match need {
            Field(name) if !has(item, name) => missing.push(format!("`{name}`")),
            Key(field, name) if key(item, field, name).is_none() => {
                missing.push(format!("`{field}.{name}`"));
            }
            Body => {
                let text = &sources.get(item.file).text;
                let body = text.get(item.body_start..).unwrap_or("");
                if body.trim().is_empty() {
                    missing.push("description in the body".into());
                }
            }
            Decision if live.is_empty() && !no_action => {
                missing
                    .push("decision (a change request that `resolves` it, or `no-action`)".into());
            }
            ChangesImplemented if !no_action => {
                let behind = changes_before(items, &live, IMPLEMENTED);
                if !behind.is_empty() {
                    diags.push(
                        Diagnostic::new(
                            Code::ProblemResolutionIncomplete,
                            Some(state_span(item)),
                            format!(
                                "problem report `{}` is {state}, but {} resolving it {} not implemented",
                                item.id,
                                name_list(&behind, 5),
                                if behind.len() == 1 { "is" } else { "are" }
                            ),
                        )
                        .with_help("implement the change first, or set `state` back to `decided` (9.4, 9.5)"),
                    );
                }
            }
            ResolutionVerified if !no_action => {
                check_verified(item, items, &live, state, diags);
            }
            _ => {}
        }
    }
    if !missing.is_empty() {
        let help = match item.field("criticality") {
            Some(f) if f.value.as_str().is_some() && !f.value.is_null() => {
                "write `criticality` as a mapping with `safety`, `performance` and `security`, each the effect or `none`, and add the rest the state asks for (9.1, 9.2)"
            }
            _ => {
                "add what the state asks for, or set `state` back to the state the record has reached (9.1, 9.2, 9.3)"
            }
        };
        diags.push(
            Diagnostic::new(
                Code::ProblemFieldMissing,
                Some(state_span(item)),
                format!(
                    "problem report `{}` is {state}, but has no {}",
                    item.id,
                    missing.join(", ")
                ),
            )
            .with_help(help),
        );
    }
    check_anomaly(item, diags);
}

/// The IDs of the change requests among `crs` that are before state `reached`.
fn changes_before(items: &[Item], crs: &[ItemIdx], reached: usize) -> Vec<String> {
    crs.iter()
        .filter(|&&c| state_index(&items[c], CHANGE_STATES).is_some_and(|s| s < reached))
        .map(|&c| format!("`{}`", items[c].id))
        .collect()
}

fn check_verified(
    item: &Item,
    items: &[Item],
    live: &[ItemIdx],
    state: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut why = Vec::new();
    if !has(item, "verification") {
        why.push("records no `verification` of its resolution".to_string());
    }
    let behind = changes_before(items, live, VERIFIED);
    if !behind.is_empty() {
        why.push(format!(
            "{} resolving it {} not verified",
            name_list(&behind, 5),
            if behind.len() == 1 { "is" } else { "are" }
        ));
    }
    if why.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::new(
            Code::ProblemClosedUnverified,
            Some(state_span(item)),
            format!(
                "problem report `{}` is {state}, but {}",
                item.id,
                why.join(", and ")
            ),
        )
        .with_help("say in `verification` how the resolution was verified (the tests re-run, their results, the version), and verify the change requests first (9.7)"),
    );
}

/// A known residual anomaly (`known-anomaly`) says in which release, what, and why
/// its risk is acceptable (5.8.2, 5.8.3).
fn check_anomaly(item: &Item, diags: &mut Vec<Diagnostic>) {
    let Some(field) = item.field("known-anomaly").filter(|f| !f.value.is_null()) else {
        return;
    };
    let missing: Vec<&str> = ["release", "description"]
        .into_iter()
        .filter(|k| key(item, "known-anomaly", k).is_none())
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::new(
                Code::ProblemFieldMissing,
                Some(field.key_span),
                format!(
                    "known anomaly `{}` has no {}",
                    item.id,
                    missing
                        .iter()
                        .map(|k| format!("`known-anomaly.{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_help(
                "name the `release` it is carried in and `description`: what users can see (5.8.2)",
            ),
        );
    }
    if key(item, "known-anomaly", "evaluation").is_none() {
        diags.push(
            Diagnostic::new(
                Code::ProblemAnomalyUnevaluated,
                Some(field.key_span),
                format!(
                    "known anomaly `{}` is released without an evaluation of its risk",
                    item.id
                ),
            )
            .with_help("say in `known-anomaly.evaluation` why it does not contribute to an unacceptable risk (5.8.3)"),
        );
    }
}

fn check_change(item: &Item, diags: &mut Vec<Diagnostic>) {
    let Some(at) = state_index(item, CHANGE_STATES) else {
        return;
    };
    let state = CHANGE_STATES[at].name;
    let needs: Vec<Need> = if at == REJECTED {
        CHANGE_STATES[REJECTED].needs.to_vec()
    } else {
        needs_upto(CHANGE_STATES, at).collect()
    };
    let mut missing = Vec::new();
    for need in needs {
        match need {
            Field(name) if !has(item, name) => missing.push(format!("`{name}`")),
            Key(field, name) if key(item, field, name).is_none() => {
                missing.push(format!("`{field}.{name}`"));
            }
            _ => {}
        }
    }
    if !missing.is_empty() {
        diags.push(
            Diagnostic::new(
                Code::ChangeFieldMissing,
                Some(state_span(item)),
                format!(
                    "change request `{}` is {state}, but has no {}",
                    item.id,
                    missing.join(", ")
                ),
            )
            .with_help("add what the state asks for, or set `state` back to the state the change has reached (6.2, 7.4, 8.2)"),
        );
    }
    if let Some(date) = key(item, "approval", "date")
        && let Some(text) = date.as_str()
        && !is_date(text.trim())
    {
        diags.push(
            Diagnostic::new(
                Code::FieldInvalidValue,
                Some(date.span),
                format!(
                    "`approval.date` of `{}` is `{}`, not a date (YYYY-MM-DD)",
                    item.id,
                    text.trim()
                ),
            )
            .with_help("write the date of the decision as YYYY-MM-DD"),
        );
    }
}

/// Runs the checks of problem reports, change requests and, where configured, the
/// change control of commits.
pub fn check_all(
    items: &[Item],
    graph: &Graph,
    config: &crate::Config,
    sources: &Sources,
    evidence: &crate::Evidence,
    diags: &mut Vec<Diagnostic>,
) {
    check(items, graph, sources, diags);
    super::change_control::check(items, graph, config, sources, evidence, diags);
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
