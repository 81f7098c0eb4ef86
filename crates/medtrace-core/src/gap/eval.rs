//! What evaluators share: the context they read ([`Ctx`]), what they return
//! ([`Outcome`]), and small helpers for their messages.

use super::GapKind;
use crate::Analysis;
use crate::clauses::{Clause, DisputeStance};
use crate::diagnostic::name_list;
use crate::graph::ItemIdx;
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole, Status as ItemStatus};
use crate::risk::HazardRisk;
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;

/// What an evaluator found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// The records show the clause is met.
    Met(Vec<String>),
    /// The records show it is not.
    Gap(GapKind, Vec<String>),
    /// The records hold this evidence; a person judges the rest, as a plan says.
    Review(Vec<String>),
    /// There are no records of the kind, which can be right (no problem so far); a plan
    /// or procedure has to say how they would be handled.
    Nothing(String),
    /// Nothing in the project is of the classes the clause applies to.
    NotApplicable(String),
}

/// An evaluator of a clause the records can show.
pub(super) struct Evaluator {
    /// The clause number.
    pub clause: &'static str,
    /// Whether a plan or procedure section must also cover the clause: its outcome may be
    /// [`Outcome::Review`] or [`Outcome::Nothing`].
    pub procedure: bool,
    /// The evaluation.
    pub eval: fn(&Ctx<'_>, &Clause) -> Outcome,
}

/// What evaluators read: the analysis, with the classes and stance in force, and the
/// lookups every evaluator needs, built once.
pub(super) struct Ctx<'a> {
    pub a: &'a Analysis,
    pub stance: DisputeStance,
    /// The class asked for on the command line: no item is judged above it.
    pub cap: Option<Class>,
    /// The live items of each type, by `ItemType as usize`.
    live: [Vec<ItemIdx>; ItemType::ALL.len()],
    /// The class each item is judged at.
    classes: Vec<Class>,
}

impl<'a> Ctx<'a> {
    /// The context of one report.
    pub fn new(a: &'a Analysis, stance: DisputeStance, cap: Option<Class>) -> Ctx<'a> {
        let mut live: [Vec<ItemIdx>; ItemType::ALL.len()] = Default::default();
        for (i, item) in a.items.iter().enumerate() {
            if item.status != ItemStatus::Obsolete
                && !item.partial
                && a.graph.lookup(&item.id) == Some(i)
            {
                live[item.ty as usize].push(i);
            }
        }
        let classes = (0..a.items.len())
            .map(|i| crate::class_rules::judged_class(i, &a.items, &a.graph, &a.config, &a.risk))
            .map(|c| cap.map_or(c, |cap| c.min(cap)))
            .collect();
        Ctx {
            a,
            stance,
            cap,
            live,
            classes,
        }
    }

    /// The live items of a type: not obsolete, fully read, the first holder of their ID.
    pub fn live(&self, ty: ItemType) -> Vec<ItemIdx> {
        self.live[ty as usize].clone()
    }

    /// The class an item is judged at (as [`crate::class_rules::judged_class`] says).
    pub fn class(&self, i: ItemIdx) -> Class {
        self.classes[i]
    }

    /// The evaluated hazard of a HAZ item.
    pub fn hazard(&self, i: ItemIdx) -> Option<&'a HazardRisk> {
        self.a.risk.hazard(i)
    }

    /// The live items of a type whose class the clause applies to.
    pub fn scoped(&self, ty: ItemType, clause: &Clause) -> Vec<ItemIdx> {
        let classes = clause.classes_for(self.stance);
        self.live[ty as usize]
            .iter()
            .copied()
            .filter(|&i| classes.contains(self.class(i)))
            .collect()
    }

    pub fn item(&self, i: ItemIdx) -> &'a Item {
        &self.a.items[i]
    }

    pub fn id(&self, i: ItemIdx) -> &'a str {
        &self.a.items[i].id
    }

    /// IDs for a message: the first few, then how many more.
    pub fn ids(&self, list: &[ItemIdx]) -> String {
        let names: Vec<String> = list.iter().map(|&i| self.id(i).to_string()).collect();
        name_list(&names, 6)
    }

    /// Whether a field holds something: non-blank text, a non-empty list or mapping.
    pub fn has(&self, i: ItemIdx, field: &str) -> bool {
        self.item(i).field(field).is_some_and(|f| filled(&f.value))
    }

    /// A key of a mapping field, when it holds something.
    pub fn sub(&self, i: ItemIdx, field: &str, key: &str) -> Option<&'a Node> {
        let f = self.item(i).field(field)?;
        match &f.value.value {
            Value::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v)
                .filter(|v| filled(v)),
            _ => None,
        }
    }

    /// Live items linking to `i` in `role`.
    pub fn sources(&self, i: ItemIdx, role: LinkRole) -> Vec<ItemIdx> {
        self.a
            .graph
            .sources(i, role)
            .filter(|&s| self.item(s).status != ItemStatus::Obsolete)
            .collect()
    }

    /// Live targets of `i`'s links in `role`.
    pub fn targets(&self, i: ItemIdx, role: LinkRole) -> Vec<ItemIdx> {
        self.a
            .graph
            .targets(i, role)
            .filter(|&s| self.item(s).status != ItemStatus::Obsolete)
            .collect()
    }

    /// The item's text field, if non-blank.
    pub fn text(&self, i: ItemIdx, field: &str) -> Option<&'a str> {
        self.item(i)
            .text(field)
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// The body of an item, trimmed.
    pub fn body(&self, i: ItemIdx) -> &'a str {
        let item = self.item(i);
        let text = &self.a.sources.get(item.file).text;
        text.get(item.body_start..).unwrap_or("").trim()
    }
}

/// Whether a value holds something.
fn filled(node: &Node) -> bool {
    match &node.value {
        Value::Scalar { text, .. } => !node.is_null() && !text.trim().is_empty(),
        Value::Seq(items) => !items.is_empty(),
        Value::Map(pairs) => !pairs.is_empty(),
    }
}

/// `n thing` or `n things`.
pub(super) fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else if let Some(stem) = thing
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o']))
    {
        format!("{n} {stem}ies")
    } else if thing.ends_with('s') {
        format!("{n} {thing}es")
    } else {
        format!("{n} {thing}s")
    }
}

/// An evaluator whose records alone decide.
pub(super) const fn records(
    clause: &'static str,
    eval: fn(&Ctx<'_>, &Clause) -> Outcome,
) -> Evaluator {
    Evaluator {
        clause,
        procedure: false,
        eval,
    }
}

/// An evaluator that may leave the verdict to a plan or procedure section.
pub(super) const fn procedure(
    clause: &'static str,
    eval: fn(&Ctx<'_>, &Clause) -> Outcome,
) -> Evaluator {
    Evaluator {
        clause,
        procedure: true,
        eval,
    }
}

/// A gap of kind `records`.
pub(super) fn gap(missing: Vec<String>) -> Outcome {
    Outcome::Gap(GapKind::Records, missing)
}

/// A gap of kind `no-records`: `no {what} yet`.
pub(super) fn none_yet(what: &str) -> Outcome {
    Outcome::Gap(GapKind::NoRecords, vec![format!("no {what} yet")])
}

/// Counts per value, as `value n, value n`.
pub(super) fn tally<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(v, n)| format!("{v} {n}")).collect();
    parts.join(", ")
}

/// The items of `list` for which `bad` holds, as a gap line, or `None`.
pub(super) fn lacking(
    ctx: &Ctx<'_>,
    list: &[ItemIdx],
    what: &str,
    bad: impl Fn(ItemIdx) -> bool,
) -> Option<String> {
    let bad: Vec<ItemIdx> = list.iter().copied().filter(|&i| bad(i)).collect();
    (!bad.is_empty()).then(|| format!("{what}: {}", ctx.ids(&bad)))
}
