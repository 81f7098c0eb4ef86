//! The checks of IEC 62304 clause 7 (and ISO 14971 clauses 6 and 7) over the evaluated
//! risk file, and the class a hazard demands of its software (4.3, 7.2.2). Which of them
//! apply at which class is the class rules table's business ([`crate::class_rules`]):
//! clause 7 findings are judged at the hazard's class (the highest effective class of its
//! contributing items) or the risk control's (the highest of the hazards it mitigates).

use super::{CauseCategory, HazardRisk, RiskFile, Zone};
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{ItemType, LinkRole, Status};
use crate::yaml::Value;
use std::collections::BTreeSet;

// implements: SRS-046
pub(super) fn check(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    file: &RiskFile,
    diags: &mut Vec<Diagnostic>,
) {
    for hazard in &file.hazards {
        check_hazard(items, graph, config, hazard, diags);
        check_item_classes(items, graph, config, hazard, diags);
    }
    check_controls(items, graph, diags);
}

fn check_hazard(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    hazard: &HazardRisk,
    diags: &mut Vec<Diagnostic>,
) {
    let item = &items[hazard.item];
    let policy = &config.risk;
    let at = Some(item.id_span);
    let id = &item.id;

    // 7.1.1, 7.1.2: contributing items, each with a typed cause.
    let contributing: Vec<ItemIdx> = graph.targets(hazard.item, LinkRole::Items).collect();
    if item.links(LinkRole::Items).next().is_none() {
        diags.push(
            Diagnostic::new(
                Code::HazardCausesMissing,
                at,
                format!("`{id}` names no software item that contributes to it"),
            )
            .with_help(format!(
                "list the contributing {} items in `items` and give a cause for each in `causes`",
                config.prefix(ItemType::Swi)
            )),
        );
    }
    for &swi in &contributing {
        let swi_id = &items[swi].id;
        if items[swi].status == Status::Obsolete {
            let span = item
                .links(LinkRole::Items)
                .find(|l| &l.target == swi_id)
                .map(|l| l.span);
            diags.push(
                Diagnostic::new(
                    Code::HazardItemObsolete,
                    span,
                    format!("`{id}` names `{swi_id}` as a contributing item, but it is obsolete"),
                )
                .with_related(items[swi].id_span, format!("`{swi_id}` is obsolete"))
                .with_help("analyse the hazard again for the items that replaced it (7.4.3) and update `items` and `causes`"),
            );
            continue;
        }
        if !hazard
            .causes
            .iter()
            .any(|c| c.item.as_deref() == Some(swi_id))
        {
            let span = item
                .links(LinkRole::Items)
                .find(|l| &l.target == swi_id)
                .map(|l| l.span);
            diags.push(
                Diagnostic::new(
                    Code::HazardCausesMissing,
                    span,
                    format!("`{id}` gives no cause for its contributing item `{swi_id}`"),
                )
                .with_help(format!(
                    "add a `causes` entry with `item: {swi_id}` and a category (7.1.2)"
                )),
            );
        }
    }
    for cause in &hazard.causes {
        check_cause(items, graph, config, hazard, cause, diags);
    }

    // 7.1.4, ISO 14971 5.5: the estimates.
    let initial = hazard.initial.zone(policy);
    let residual = hazard.residual.zone(policy);
    let missing = |prefix: &str, e: &super::Estimate| {
        let mut names = Vec::new();
        if e.severity.is_none() && item.field(&format!("{prefix}severity")).is_none() {
            names.push(format!("`{prefix}severity`"));
        }
        let split = policy.split.is_some()
            && item.field(&format!("{prefix}p1")).is_some()
            && item.field(&format!("{prefix}p2")).is_some();
        if e.probability.is_none()
            && item.field(&format!("{prefix}probability")).is_none()
            && !split
        {
            names.push(format!("`{prefix}probability`"));
        }
        names
    };
    let mut absent = missing("", &hazard.initial);
    if !hazard.controls.is_empty() || initial.is_some_and(|z| z != Zone::Acceptable) {
        absent.extend(missing("residual-", &hazard.residual));
    }
    if !absent.is_empty() {
        diags.push(
            Diagnostic::new(
                Code::RiskEstimateMissing,
                at,
                format!("`{id}` has no {}", absent.join(", ")),
            )
            .with_help("estimate severity and probability before risk control, and again after it"),
        );
    }

    // 7.2.1, ISO 14971 7.1: a risk that is not acceptable needs a control.
    if let Some(zone) = initial.filter(|&z| z != Zone::Acceptable)
        && hazard.controls.is_empty()
    {
        diags.push(
            Diagnostic::new(
                Code::RiskNotControlled,
                at,
                format!(
                    "the initial risk of `{id}` is {} and no risk control measure mitigates it",
                    match zone {
                        Zone::Afap => "to be reduced as far as possible",
                        _ => "unacceptable",
                    }
                ),
            )
            .with_help(format!(
                "add an {} item with `mitigates: [{id}]`, or correct the estimate",
                config.prefix(ItemType::Rcm)
            )),
        );
    }

    // ISO 14971 7.4, 8: residual risk not acceptable needs a benefit-risk analysis.
    if residual == Some(Zone::Unacceptable)
        && item
            .text("benefit-risk")
            .is_none_or(|t| t.trim().is_empty())
    {
        let span = item.field("residual-severity").map(|f| f.key_span).or(at);
        diags.push(
            Diagnostic::new(
                Code::RiskResidualUnacceptable,
                span,
                format!("the residual risk of `{id}` is unacceptable and there is no `benefit-risk` analysis"),
            )
            .with_help("reduce the risk further, or record in `benefit-risk` why the medical benefit outweighs it"),
        );
    }

    // ISO 14971 7.3: controls do not make a risk worse.
    let worse = |a: Option<usize>, b: Option<usize>| matches!((a, b), (Some(a), Some(b)) if b > a);
    for (name, initial_level, residual_level) in [
        (
            "severity",
            hazard.initial.severity,
            hazard.residual.severity,
        ),
        (
            "probability",
            hazard.initial.probability,
            hazard.residual.probability,
        ),
    ] {
        if worse(initial_level, residual_level) {
            let scale = if name == "severity" {
                &policy.severity
            } else {
                &policy.probability
            };
            let span = item
                .field(&format!("residual-{name}"))
                .or_else(|| item.field("residual-p1").filter(|_| name == "probability"))
                .map(|f| f.value.span)
                .or(at);
            diags.push(
                Diagnostic::new(
                    Code::RiskResidualWorse,
                    span,
                    format!(
                        "the residual {name} of `{id}` ({}) is higher than the initial ({})",
                        scale.levels[residual_level.unwrap_or(0)].name,
                        scale.levels[initial_level.unwrap_or(0)].name
                    ),
                )
                .with_help("a risk control cannot raise a risk; correct the estimate or record the new hazard it introduces as a hazard of its own"),
            );
        }
    }

    // 7.2.2: software that implements a control is held to the class of the harm.
    let Some(severity) = hazard.initial.severity else {
        return;
    };
    let harm = policy.severity.levels[severity].harm;
    let required = harm.class();
    for &rcm in &hazard.controls {
        for srs in graph.sources(rcm, LinkRole::Implements) {
            if items[srs].status == Status::Obsolete {
                continue;
            }
            for swi in graph.targets(srs, LinkRole::AllocatedTo) {
                let Some(class) = graph.class(swi) else {
                    continue;
                };
                if class >= required || items[swi].status == Status::Obsolete {
                    continue;
                }
                let swi_item = &items[swi];
                let span = swi_item
                    .field("class")
                    .map(|f| f.value.span)
                    .unwrap_or(swi_item.id_span);
                diags.push(
                    Diagnostic::new(
                        Code::RiskControlClassTooLow,
                        Some(span),
                        format!(
                            "`{}` is class {class}, but it implements `{}` (through `{}`), which controls `{id}` of severity {} ({} harm): class {required} is required",
                            swi_item.id, items[rcm].id, items[srs].id,
                            policy.severity.levels[severity].name, harm.as_str()
                        ),
                    )
                    .with_related(items[srs].id_span, format!("`{}` implements `{}` and is allocated to `{}`", items[srs].id, items[rcm].id, swi_item.id))
                    .with_related(items[rcm].id_span, format!("`{}` mitigates `{id}`", items[rcm].id))
                    .with_related(item.field("severity").map_or(item.id_span, |f| f.value.span), format!("`{id}` has severity {}", policy.severity.levels[severity].name))
                    .with_help(format!("raise `{}` to class {required}, or allocate the control to an item of that class", swi_item.id))
                    .judged_at(required),
                );
            }
        }
    }
}

fn check_cause(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    hazard: &HazardRisk,
    cause: &super::Cause,
    diags: &mut Vec<Diagnostic>,
) {
    let id = &items[hazard.item].id;
    let mut invalid = |message: String, help: String| {
        diags.push(
            Diagnostic::new(Code::HazardCauseInvalid, Some(cause.span), message).with_help(help),
        );
    };
    match cause.item.as_deref() {
        None => invalid(
            format!("a cause of `{id}` names no `item`"),
            format!(
                "give the {} item the cause lies in",
                config.prefix(ItemType::Swi)
            ),
        ),
        Some(swi) => {
            let listed = items[hazard.item]
                .links(LinkRole::Items)
                .any(|l| l.target == swi);
            let is_swi = graph
                .lookup(swi)
                .is_some_and(|i| items[i].ty == ItemType::Swi);
            if !is_swi {
                invalid(
                    format!("a cause of `{id}` names `{swi}`, which is no software item"),
                    format!("name a {} item", config.prefix(ItemType::Swi)),
                );
            } else if !listed {
                invalid(
                    format!("a cause of `{id}` lies in `{swi}`, which `items` does not list"),
                    format!("add `{swi}` to `items`"),
                );
            }
        }
    }
    if let Some((written, _)) = &cause.unknown_category {
        let names: Vec<&str> = CauseCategory::ALL.iter().map(|c| c.as_str()).collect();
        invalid(
            format!("`{written}` is not a cause category"),
            format!("use one of {} (7.1.2)", names.join(", ")),
        );
    } else if cause.category.is_none() {
        invalid(
            format!("a cause of `{id}` has no `category`"),
            "say which of the 7.1.2 categories it is: specification, software-defect, soup, hardware-failure or misuse".into(),
        );
    }
    if cause.category != Some(CauseCategory::Soup) {
        return;
    }
    let soup = cause
        .soup
        .as_deref()
        .and_then(|s| graph.lookup(s).map(|i| (s, i)))
        .filter(|&(_, i)| items[i].ty == ItemType::Soup);
    match soup {
        None => invalid(
            match &cause.soup {
                Some(s) => format!("the SOUP cause of `{id}` names `{s}`, which is no SOUP record"),
                None => format!("the SOUP cause of `{id}` does not name the SOUP record (`soup`)"),
            },
            format!(
                "add `soup: {}-…` naming the SOUP item that fails",
                config.prefix(ItemType::Soup)
            ),
        ),
        Some((soup_id, i)) => {
            if items[i].field("anomaly-review").is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::SoupCauseUnreviewed,
                        Some(cause.span),
                        format!("`{id}` has a cause in SOUP `{soup_id}`, whose anomaly list has not been reviewed"),
                    )
                    .with_related(items[i].id_span, format!("`{soup_id}` has no `anomaly-review`"))
                    .with_help(format!("review the published anomalies of the version used and record it in `anomaly-review` of `{soup_id}` (7.1.3)")),
                );
            }
        }
    }
}

fn check_controls(items: &[Item], graph: &Graph, diags: &mut Vec<Diagnostic>) {
    for (i, item) in items.iter().enumerate() {
        if item.ty != ItemType::Rcm
            || item.status == Status::Obsolete
            || graph.lookup(&item.id) != Some(i)
        {
            continue;
        }
        let at = Some(item.id_span);
        let id = &item.id;
        if item.text("implementation") == Some("external")
            && item.text("realized-by").is_none_or(|t| t.trim().is_empty())
        {
            diags.push(
                Diagnostic::new(
                    Code::RiskControlExternalUndescribed,
                    item.field("implementation").map(|f| f.value.span).or(at),
                    format!("`{id}` is realised outside the software, but does not say by what"),
                )
                .with_help("describe the hardware, labelling or clinical procedure that realises it in `realized-by`"),
            );
        }
        let review = item
            .field("new-hazards")
            .filter(|f| !f.value.is_null() && f.value.as_str().is_none_or(|t| !t.trim().is_empty()))
            .map(|f| (f, &f.value.value));
        match review {
            None => diags.push(
                Diagnostic::new(
                    Code::RiskControlNewHazardsUnreviewed,
                    at,
                    format!("`{id}` does not record whether it introduces new hazardous situations"),
                )
                .with_help("write `new-hazards: none`, or list the HAZ items that analyse what it introduces (7.3.1, ISO 14971 7.5)"),
            ),
            Some((field, value)) => {
                let named: BTreeSet<(&str, crate::source::Span)> = match value {
                    Value::Scalar { text, .. } if text.trim() == "none" => BTreeSet::new(),
                    Value::Scalar { text, .. } => [(text.trim(), field.value.span)].into(),
                    Value::Seq(nodes) => nodes.iter().filter_map(|n| Some((n.as_str()?.trim(), n.span))).collect(),
                    _ => {
                        diags.push(
                            Diagnostic::new(
                                Code::RiskControlNewHazardsUnreviewed,
                                Some(field.value.span),
                                format!("`new-hazards` of `{id}` must be `none` or a list of hazards, not a {}", field.value.kind_name()),
                            )
                            .with_help("write `new-hazards: none`, or list existing HAZ items"),
                        );
                        BTreeSet::new()
                    }
                };
                for (target, span) in named {
                    if graph.lookup(target).is_none_or(|h| items[h].ty != ItemType::Haz) {
                        diags.push(
                            Diagnostic::new(
                                Code::RiskControlNewHazardsUnreviewed,
                                Some(span),
                                format!("`new-hazards` of `{id}` must be `none` or a list of hazards; `{target}` is no HAZ item"),
                            )
                            .with_help("write `new-hazards: none`, or list existing HAZ items"),
                        );
                    }
                }
            }
        }
    }
}

/// The item whose own `class` a software item has: itself or the nearest ancestor along
/// its first `parent` that sets one; `None` when it has the system's.
fn class_origin(start: ItemIdx, items: &[Item], graph: &Graph) -> Option<ItemIdx> {
    let mut seen = vec![start];
    let mut at = start;
    loop {
        if items[at].class.is_some() {
            return Some(at);
        }
        let parent = graph
            .targets(at, LinkRole::Parent)
            .find(|p| !seen.contains(p))?;
        seen.push(parent);
        at = parent;
    }
}

/// Where a software item's class comes from: its own, an ancestor's, or the system's.
fn class_source(start: ItemIdx, items: &[Item], graph: &Graph) -> String {
    match class_origin(start, items, graph) {
        Some(o) if o == start => "its own `class`".into(),
        Some(o) => format!("inherited from `{}`", items[o].id),
        None => "the software system's".into(),
    }
}

/// Whether the item, or an ancestor it inherits its class from, sets its own class with
/// a `class-rationale`.
fn argued_lower(start: ItemIdx, items: &[Item], graph: &Graph) -> bool {
    class_origin(start, items, graph).is_some_and(|o| items[o].has_class_rationale)
}

/// 4.3: a software item that contributes to a hazard is classed at least at the class of
/// the hazard's worst harm — unless risk control measures outside the software alone
/// bring the risk to acceptable, in which case software failure leads to no unacceptable
/// risk and any class holds. A lower class argued by a `class-rationale` (4.3, 5.3.5)
/// is left to that rationale and its segregation.
fn check_item_classes(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    hazard: &HazardRisk,
    diags: &mut Vec<Diagnostic>,
) {
    let policy = &config.risk;
    let Some(severity) = hazard.initial.severity else {
        return;
    };
    let harm = policy.severity.levels[severity].harm;
    let required = harm.class();
    let external = |c: &ItemIdx| items[*c].text("implementation") == Some("external");
    let externally_controlled = !hazard.controls.is_empty()
        && hazard.controls.iter().all(external)
        && hazard.residual.zone(policy) == Some(Zone::Acceptable);
    if externally_controlled {
        return;
    }
    let item = &items[hazard.item];
    let severity_name = &policy.severity.levels[severity].name;
    for swi in graph.targets(hazard.item, LinkRole::Items) {
        let Some(class) = graph.class(swi) else {
            continue;
        };
        if class >= required || items[swi].status == Status::Obsolete {
            continue;
        }
        // A lower class argued in a `class-rationale` on the item or an ancestor (with the
        // segregation 5.3.5 asks for, checked elsewhere) is the standard's way to hold it.
        if argued_lower(swi, items, graph) {
            continue;
        }
        let swi_item = &items[swi];
        let span = swi_item
            .field("class")
            .map_or(swi_item.id_span, |f| f.value.span);
        let link = item
            .links(LinkRole::Items)
            .find(|l| l.target == swi_item.id)
            .map_or(item.id_span, |l| l.span);
        let source = class_source(swi, items, graph);
        diags.push(
            Diagnostic::new(
                Code::ClassBelowRisk,
                Some(span),
                format!(
                    "`{}` is class {class} ({source}), but it contributes to `{}`, of severity {severity_name} ({} harm): class {required} is required",
                    swi_item.id, item.id, harm.as_str()
                ),
            )
            .with_related(link, format!("`{}` names `{}` as contributing", item.id, swi_item.id))
            .with_related(
                item.field("severity").map_or(item.id_span, |f| f.value.span),
                format!("`{}` has severity {severity_name}", item.id),
            )
            .with_help(format!(
                "raise `{}` to class {required}; or, if risk control measures outside the software make the risk acceptable, record them as external RCM items mitigating `{}` with the residual estimate",
                swi_item.id, item.id
            )),
        );
    }
}
