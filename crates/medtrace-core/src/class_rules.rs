//! The class rules: which findings apply at which software safety class.
//!
//! The table is the `classes` column of the codes table in [`crate::diagnostic`]; this
//! module applies it. Every finding is judged at the class of the item it is about — a
//! software item or requirement at its effective class, a hazard at the highest class of
//! its contributing items, a risk control at the highest class of the hazards it
//! mitigates, a SOUP record at the highest class of the items using it, a test at the
//! highest class of what it verifies — or at the class the check itself names
//! ([`Diagnostic::judged_at`]), or, for findings outside any item (medtrace.toml, code,
//! reports, lockfiles), at the project's class. A finding whose code does not apply at
//! that class is dropped, so no check needs its own `if class >= B`.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole};
use crate::risk::RiskFile;
use crate::source::FileId;
use std::collections::HashMap;

/// The class an item's findings are judged at.
pub fn judged_class(
    i: ItemIdx,
    items: &[Item],
    graph: &Graph,
    config: &Config,
    risk: &RiskFile,
) -> Class {
    let hazard_class = |h: ItemIdx| risk.hazard(h).map_or(config.class, |h| h.class);
    match items[i].ty {
        ItemType::Swi | ItemType::Srs => graph.class(i).unwrap_or(config.class),
        ItemType::Haz => hazard_class(i),
        ItemType::Rcm => graph
            .targets(i, LinkRole::Mitigates)
            .map(hazard_class)
            .max()
            .unwrap_or(config.class),
        ItemType::Soup => crate::checks::soup::soup_class(i, graph, config),
        ItemType::Tst => graph
            .targets(i, LinkRole::Verifies)
            .map(|t| judged_class(t, items, graph, config, risk))
            .max()
            .unwrap_or(config.class),
        _ => config.class,
    }
}

// implements: SRS-050
/// Drops the findings whose code does not apply at the class they are judged at.
pub fn apply(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    risk: &RiskFile,
    diags: &mut Vec<Diagnostic>,
) {
    let mut by_file: HashMap<FileId, ItemIdx> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        by_file.entry(item.file).or_insert(i);
    }
    let mut cache: HashMap<ItemIdx, Class> = HashMap::new();
    diags.retain(|d| {
        let class =
            d.judged_at
                .unwrap_or_else(|| match d.span.and_then(|s| by_file.get(&s.file)) {
                    Some(&i) => *cache
                        .entry(i)
                        .or_insert_with(|| judged_class(i, items, graph, config, risk)),
                    None => config.class,
                });
        d.code.classes().contains(class)
    });
}
