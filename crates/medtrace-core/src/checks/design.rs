//! Architecture and design documentation by class: interfaces of software items (5.3.2),
//! segregation behind a lower class (5.3.5), detailed design and interfaces of units
//! (5.4.2, 5.4.3), unit acceptance criteria (5.5.3). Each finding is judged at the class
//! of the item it is about; the class rules table drops those that do not apply.

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::Graph;
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole, Status};
use crate::yaml::Value;

/// Whether the item gives the field a value with content (not null, not blank, not an
/// empty list or mapping).
fn has(item: &Item, field: &str) -> bool {
    item.field(field).is_some_and(|f| match &f.value.value {
        Value::Seq(v) => !v.is_empty(),
        Value::Map(v) => !v.is_empty(),
        Value::Scalar { text, .. } => !f.value.is_null() && !text.trim().is_empty(),
    })
}

// implements: SRS-050
pub(super) fn check(items: &[Item], graph: &Graph, config: &Config, diags: &mut Vec<Diagnostic>) {
    for (i, item) in items.iter().enumerate() {
        if item.status == Status::Obsolete || item.partial || graph.lookup(&item.id) != Some(i) {
            continue;
        }
        let at = Some(item.id_span);
        let id = &item.id;
        match (item.ty, item.text("level")) {
            (ItemType::Swi, Some("item")) if !has(item, "interfaces") => diags.push(
                Diagnostic::new(
                    Code::ItemInterfacesMissing,
                    at,
                    format!("software item `{id}` does not describe its interfaces"),
                )
                .with_help("describe in `interfaces` what it exchanges with the other items and with hardware and SOUP (5.3.2)"),
            ),
            (ItemType::Swi, Some("unit")) => {
                let missing: Vec<&str> = ["detailed-design", "interfaces"]
                    .into_iter()
                    .filter(|f| !has(item, f))
                    .collect();
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::new(
                            Code::UnitDesignMissing,
                            at,
                            format!("software unit `{id}` has no {}", missing.join(" and no ")),
                        )
                        .with_help("for class C, give each unit a `detailed-design` (5.4.2) and the detailed design of its `interfaces` (5.4.3)"),
                    );
                }
            }
            (ItemType::Tst, Some("unit")) if !has(item, "acceptance") => diags.push(
                Diagnostic::new(
                    Code::UnitAcceptanceMissing,
                    at,
                    format!("unit test `{id}` states no acceptance criteria"),
                )
                .with_help("say in `acceptance` what a unit must show to pass (5.5.3; for class C also the criteria of 5.5.4 that apply)"),
            ),
            _ => {}
        }
        // 5.3.5: a lower class under a class C item or system holds only by segregation.
        if item.ty == ItemType::Swi
            && let Some(own) = item.class
        {
            let above = graph
                .targets(i, LinkRole::Parent)
                .filter_map(|p| graph.class(p))
                .max()
                .unwrap_or(config.class);
            if above == Class::C && own < above && !has(item, "segregation") {
                diags.push(
                    Diagnostic::new(
                        Code::SegregationMissing,
                        item.field("class").map(|f| f.value.span),
                        format!("`{id}` is class {own} under class C, but names no segregation"),
                    )
                    .with_help("say in `segregation` what separates it from the class C software (memory protection, a separate processor) and how that is shown to work (5.3.5)")
                    .judged_at(above),
                );
            }
        }
    }
}
