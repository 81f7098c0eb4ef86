//! The risk management file: hazards with their causes and estimates, evaluated against
//! the project's risk policy, and the checks of IEC 62304 clause 7 over them.
//!
//! A HAZ record carries the ISO 14971 chain (hazard, sequence of events, hazardous
//! situation, harm), the software items that contribute (`items`) with a typed cause per
//! item (7.1.2), and the initial and residual severity and probability. RCM records say
//! which hazards they mitigate, their kind in ISO 14971's priority order, and whether the
//! software or something external realises them. [`analyse`] reads all of that into a
//! [`RiskFile`] — the input to `medtrace risk` and to the matrices — and reports what the
//! chain lacks.

mod checks;
pub mod policy;

pub use policy::{Harm, RiskPolicy, Scale, ScaleLevel, Zone};

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole, Status};
use crate::source::Span;
use crate::yaml::{Node, Value};

/// The cause categories of IEC 62304 7.1.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CauseCategory {
    /// Incorrect or incomplete specification of functionality.
    Specification,
    /// A defect in the software item's own functionality.
    SoftwareDefect,
    /// Failure or unexpected result of a SOUP item.
    Soup,
    /// Hardware failure, or a defect in other software, that could make the item fail.
    HardwareFailure,
    /// Reasonably foreseeable misuse.
    Misuse,
}

impl CauseCategory {
    /// Every category, in the order of 7.1.2.
    pub const ALL: [CauseCategory; 5] = [
        CauseCategory::Specification,
        CauseCategory::SoftwareDefect,
        CauseCategory::Soup,
        CauseCategory::HardwareFailure,
        CauseCategory::Misuse,
    ];

    /// As written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            CauseCategory::Specification => "specification",
            CauseCategory::SoftwareDefect => "software-defect",
            CauseCategory::Soup => "soup",
            CauseCategory::HardwareFailure => "hardware-failure",
            CauseCategory::Misuse => "misuse",
        }
    }

    /// Reads a category as written in records.
    pub fn parse(s: &str) -> Option<CauseCategory> {
        CauseCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One entry of a hazard's `causes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// The software item the cause lies in (`item`), as written.
    pub item: Option<String>,
    /// The 7.1.2 category, when it is one.
    pub category: Option<CauseCategory>,
    /// The category as written, with its span, when it is not one.
    pub unknown_category: Option<(String, Span)>,
    /// For SOUP causes, the SOUP record (`soup`), as written.
    pub soup: Option<String>,
    /// What goes wrong.
    pub description: String,
    /// The entry in the record.
    pub span: Span,
}

/// A severity and probability, as positions on the policy's scales.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Position on the severity scale.
    pub severity: Option<usize>,
    /// Position on the probability scale (combined from P1 and P2 when split).
    pub probability: Option<usize>,
}

impl Estimate {
    /// The zone of the estimate, when both parts are known.
    pub fn zone(&self, policy: &RiskPolicy) -> Option<Zone> {
        policy.zone(self.probability?, self.severity?)
    }
}

/// A hazard of the risk file, evaluated.
#[derive(Clone, Debug)]
pub struct HazardRisk {
    /// The HAZ item.
    pub item: ItemIdx,
    /// Its causes, in the order written.
    pub causes: Vec<Cause>,
    /// Before risk control.
    pub initial: Estimate,
    /// After risk control.
    pub residual: Estimate,
    /// The live RCMs that mitigate it.
    pub controls: Vec<ItemIdx>,
    /// The class its checks are held to: the highest effective class of its contributing
    /// items, else the system's.
    pub class: Class,
}

/// Every live hazard, evaluated, in item order.
#[derive(Clone, Debug, Default)]
pub struct RiskFile {
    /// The hazards.
    pub hazards: Vec<HazardRisk>,
}

impl RiskFile {
    /// The evaluated hazard of a HAZ item.
    pub fn hazard(&self, item: ItemIdx) -> Option<&HazardRisk> {
        // `analyse` pushes the hazards in item order.
        let at = self.hazards.binary_search_by_key(&item, |h| h.item).ok()?;
        self.hazards.get(at)
    }
}

// implements: SRS-045
/// Reads every hazard against the policy and runs the clause 7 checks.
pub fn analyse(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> RiskFile {
    let policy = &config.risk;
    let mut file = RiskFile::default();
    for (i, item) in items.iter().enumerate() {
        if item.ty != ItemType::Haz
            || item.status == Status::Obsolete
            || graph.lookup(&item.id) != Some(i)
        {
            continue;
        }
        let initial = estimate(item, "", policy, diags);
        let residual = estimate(item, "residual-", policy, diags);
        let class = graph
            .targets(i, LinkRole::Items)
            .filter_map(|s| graph.class(s))
            .max()
            .unwrap_or(config.class);
        let controls = graph
            .sources(i, LinkRole::Mitigates)
            .filter(|&r| items[r].status != Status::Obsolete)
            .collect();
        file.hazards.push(HazardRisk {
            item: i,
            causes: causes(item),
            initial,
            residual,
            controls,
            class,
        });
    }
    checks::check(items, graph, config, &file, diags);
    file
}

/// Reads `{prefix}severity` and `{prefix}probability` (or `{prefix}p1` and `{prefix}p2`).
fn estimate(
    item: &Item,
    prefix: &str,
    policy: &RiskPolicy,
    diags: &mut Vec<Diagnostic>,
) -> Estimate {
    if policy.split.is_none() && !policy.invalid {
        for name in ["p1", "p2"] {
            if let Some(field) = item.field(&format!("{prefix}{name}")) {
                diags.push(
                    Diagnostic::new(
                        Code::RiskEstimateInvalid,
                        Some(field.key_span),
                        format!("`{prefix}{name}` is given, but the risk policy does not split probability into P1 and P2"),
                    )
                    .with_help(format!("give `{prefix}probability`, or add `p1`, `p2` and `[risk.combine]` to `[risk]`")),
                );
            }
        }
    }
    let mut level = |name: &str, scale: &Scale, what: &str| -> Option<usize> {
        let field = item.field(&format!("{prefix}{name}"))?;
        let text = field.value.as_str()?.trim();
        let found = scale.index(text);
        // With a broken policy (reported in medtrace.toml) the default stands in; its
        // level names say nothing about the records.
        if found.is_none() && !policy.invalid {
            diags.push(
                Diagnostic::new(
                    Code::RiskEstimateInvalid,
                    Some(field.value.span),
                    format!("`{text}` is not a level of the {what} scale"),
                )
                .with_help(format!(
                    "use one of {} (`[risk]` in medtrace.toml)",
                    scale.names().join(", ")
                )),
            );
        }
        found
    };
    let severity = level("severity", &policy.severity, "severity");
    let mut probability = level("probability", &policy.probability, "probability");
    if let Some(split) = &policy.split {
        let p1 = level("p1", &split.p1, "P1");
        let p2 = level("p2", &split.p2, "P2");
        if let (Some(a), Some(b)) = (p1, p2) {
            let combined = split.combine[a][b];
            if probability.is_some_and(|p| p != combined) {
                let span = item
                    .field(&format!("{prefix}probability"))
                    .map(|f| f.value.span);
                diags.push(
                    Diagnostic::new(
                        Code::RiskEstimateInvalid,
                        span,
                        format!(
                            "`{prefix}probability` says {} but P1 × P2 gives {}",
                            policy.probability.levels[probability.unwrap_or(0)].name,
                            policy.probability.levels[combined].name
                        ),
                    )
                    .with_help(format!("remove `{prefix}probability` or make it agree with `{prefix}p1` and `{prefix}p2`")),
                );
            }
            probability = Some(combined);
        }
    }
    Estimate {
        severity,
        probability,
    }
}

fn causes(item: &Item) -> Vec<Cause> {
    let Some(field) = item.field("causes") else {
        return Vec::new();
    };
    let entries: Vec<&Node> = match &field.value.value {
        Value::Seq(nodes) => nodes.iter().collect(),
        _ => vec![&field.value],
    };
    entries
        .into_iter()
        .map(|node| {
            let entry = |key: &str| match &node.value {
                Value::Map(pairs) => pairs
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(key))
                    .and_then(|(_, v)| Some((v.as_str()?.trim().to_string(), v.span))),
                _ => None,
            };
            let get = |key: &str| entry(key).map(|(text, _)| text);
            let written = entry("category");
            let category = written.as_ref().and_then(|(c, _)| CauseCategory::parse(c));
            let end = match &node.value {
                Value::Map(pairs) => pairs.iter().map(|(_, v)| v.span.end).max(),
                _ => None,
            };
            let mut span = node.span;
            if let Some(end) = end.filter(|&e| e > span.start) {
                span.end = end;
            }
            Cause {
                item: get("item"),
                category,
                unknown_category: written.filter(|_| category.is_none()),
                soup: get("soup"),
                description: get("description").unwrap_or_default(),
                span,
            }
        })
        .collect()
}
