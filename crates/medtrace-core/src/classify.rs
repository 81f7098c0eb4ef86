//! Software safety classification (IEC 62304 4.3, Amendment 1): the three questions, the
//! answers the risk file supports, the answers a record holds, and the class they give.
//!
//! The questions, for a software system (or item): (1) can it contribute to a hazardous
//! situation; (2) if so, is the risk unacceptable after the risk control measures outside
//! the software; (3) if so, is the worst possible harm no injury, a non-serious injury, or
//! death or serious injury. No to (1) or (2) gives class A; then the harm gives A, B or C.
//! `medtrace classify` records the answers in the system's record under
//! `classification`, citing the hazards and external risk controls behind each; the
//! `classification-unsupported` finding says when the risk file no longer supports them.

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole, Status};
use crate::risk::{Harm, RiskFile, Zone};
use crate::yaml::{Node, Value};

/// Answers to the three questions, with the records behind them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    /// (1) The software can contribute to a hazardous situation.
    pub hazardous: bool,
    /// The hazards it contributes to.
    pub hazards: Vec<String>,
    /// (2) The risk is unacceptable after risk control measures external to the software.
    pub unacceptable: bool,
    /// The external risk control measures that bring hazards to acceptable.
    pub external_controls: Vec<String>,
    /// (3) The worst possible harm.
    pub harm: Harm,
    /// The hazards whose harm is the worst.
    pub harm_from: Vec<String>,
}

impl Answers {
    /// The class the answers give (4.3, figure 3 of Amendment 1).
    pub fn class(&self) -> Class {
        if !self.hazardous || !self.unacceptable {
            Class::A
        } else {
            self.harm.class()
        }
    }
}

/// The item and the items below it (by `parent`).
fn subtree(root: ItemIdx, graph: &Graph) -> Vec<ItemIdx> {
    let mut out = vec![root];
    let mut k = 0;
    while k < out.len() {
        let children: Vec<ItemIdx> = graph
            .sources(out[k], LinkRole::Parent)
            .filter(|c| !out.contains(c))
            .collect();
        out.extend(children);
        k += 1;
    }
    out
}

// implements: SRS-051
/// The answers the risk file supports for software item `root` and everything below it.
pub fn suggest(
    root: ItemIdx,
    items: &[Item],
    graph: &Graph,
    config: &Config,
    risk: &RiskFile,
) -> Answers {
    let policy = &config.risk;
    let scope = subtree(root, graph);
    let hazards: Vec<_> = risk
        .hazards
        .iter()
        .filter(|h| {
            graph
                .targets(h.item, LinkRole::Items)
                .any(|s| scope.contains(&s))
        })
        .collect();
    let external = |c: &ItemIdx| items[*c].text("implementation") == Some("external");
    let (controlled, open): (Vec<_>, Vec<_>) = hazards.iter().partition(|h| {
        !h.controls.is_empty()
            && h.controls.iter().all(external)
            && h.residual.zone(policy) == Some(Zone::Acceptable)
    });
    let harm_of = |h: &&&crate::risk::HazardRisk| {
        h.initial
            .severity
            .map_or(Harm::Serious, |s| policy.severity.levels[s].harm)
    };
    let harm = open.iter().map(harm_of).max().unwrap_or(Harm::None);
    let id = |i: ItemIdx| items[i].id.clone();
    let mut external_controls: Vec<String> = controlled
        .iter()
        .flat_map(|h| h.controls.iter().copied())
        .map(id)
        .collect();
    external_controls.sort();
    external_controls.dedup();
    Answers {
        hazardous: !hazards.is_empty(),
        hazards: hazards.iter().map(|h| id(h.item)).collect(),
        unacceptable: !open.is_empty(),
        external_controls,
        harm,
        harm_from: open
            .iter()
            .filter(|h| harm_of(h) == harm)
            .map(|h| id(h.item))
            .collect(),
    }
}

fn entry<'a>(map: &'a Node, key: &str) -> Option<&'a Node> {
    match &map.value {
        Value::Map(pairs) => pairs
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

fn ids(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(nodes)) => nodes
            .iter()
            .filter_map(|n| Some(n.as_str()?.trim().to_string()))
            .collect(),
        Some(Value::Scalar { text, .. }) if !text.trim().is_empty() => vec![text.trim().into()],
        _ => Vec::new(),
    }
}

fn yes(node: Option<&Node>) -> Option<bool> {
    match node?.as_str()?.trim() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// The answers recorded in an item's `classification`, if it has readable ones.
pub fn recorded(item: &Item) -> Option<Answers> {
    let node = &item.field("classification")?.value;
    let harm = Harm::parse(entry(node, "worst-harm")?.as_str()?.trim())?;
    Some(Answers {
        hazardous: yes(entry(node, "hazardous"))?,
        hazards: ids(entry(node, "hazards")),
        unacceptable: yes(entry(node, "unacceptable-after-external-controls"))?,
        external_controls: ids(entry(node, "external-controls")),
        harm,
        harm_from: ids(entry(node, "harm-from")),
    })
}

/// Where recorded answers go beyond what the risk file supports (an empty list: it
/// supports them). Answers that are stricter than the risk file (a higher class) are
/// supported: a team may classify up.
pub fn unsupported(recorded: &Answers, supported: &Answers) -> Vec<String> {
    let mut out = Vec::new();
    if !recorded.hazardous && supported.hazardous {
        out.push(format!(
            "it answers that the software cannot contribute to a hazardous situation, but {} {} it",
            supported.hazards.join(", "),
            if supported.hazards.len() == 1 {
                "names"
            } else {
                "name"
            }
        ));
    }
    if recorded.hazardous && !recorded.unacceptable && supported.unacceptable {
        out.push(format!(
            "it answers that external risk controls make the risk acceptable, but not for {}",
            supported.harm_from.join(", ")
        ));
    }
    if recorded.hazardous && recorded.unacceptable && recorded.harm < supported.harm {
        out.push(format!(
            "it answers that the worst harm is {}, but {} can lead to {} harm",
            recorded.harm.as_str(),
            supported.harm_from.join(", "),
            supported.harm.as_str()
        ));
    }
    out
}

/// The `classification` block and `class` as YAML lines for the front matter.
pub fn to_yaml(a: &Answers, date: &str, rationale: &str) -> String {
    let list = |ids: &[String]| format!("[{}]", ids.join(", "));
    let yn = |b: bool| if b { "yes" } else { "no" };
    let mut out = String::from("classification:\n");
    out += &format!("  hazardous: {}\n", yn(a.hazardous));
    out += &format!("  hazards: {}\n", list(&a.hazards));
    out += &format!(
        "  unacceptable-after-external-controls: {}\n",
        yn(a.unacceptable)
    );
    out += &format!("  external-controls: {}\n", list(&a.external_controls));
    out += &format!("  worst-harm: {}\n", a.harm.as_str());
    out += &format!("  harm-from: {}\n", list(&a.harm_from));
    out += &format!("  date: {date}\n");
    out += &format!("  rationale: {}\n", crate::yaml::quote_scalar(rationale));
    out
}

/// Reports records whose recorded classification the risk file does not support, or
/// whose `class` differs from the class their answers give.
pub fn check(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    risk: &RiskFile,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, item) in items.iter().enumerate() {
        if item.ty != ItemType::Swi || item.status == Status::Obsolete {
            continue;
        }
        let Some(field) = item.field("classification") else {
            continue;
        };
        let span = Some(field.key_span);
        let Some(answers) = recorded(item) else {
            diags.push(
                Diagnostic::new(
                    Code::ClassificationUnsupported,
                    span,
                    format!("the classification of `{}` cannot be read", item.id),
                )
                .with_help("give `hazardous`, `unacceptable-after-external-controls` (yes or no) and `worst-harm` (none, non-serious or serious); `medtrace classify` writes them"),
            );
            continue;
        };
        let supported = suggest(i, items, graph, config, risk);
        let problems = unsupported(&answers, &supported);
        if !problems.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::ClassificationUnsupported,
                    span,
                    format!(
                        "the risk file no longer supports the classification of `{}`: {}",
                        item.id,
                        problems.join("; ")
                    ),
                )
                .with_help(format!("run `medtrace classify {}` again", item.id)),
            );
        }
        let class = graph.class(i).unwrap_or(config.class);
        if class != answers.class() {
            diags.push(
                Diagnostic::new(
                    Code::ClassificationUnsupported,
                    item.field("class").map(|f| f.value.span).or(span),
                    format!(
                        "`{}` is class {class}, but its recorded classification gives class {}",
                        item.id,
                        answers.class()
                    ),
                )
                .with_help(format!(
                    "run `medtrace classify {}` again, or correct `class`",
                    item.id
                )),
            );
        }
    }
}
