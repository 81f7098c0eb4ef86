//! Checks over the resolved graph. Each takes the items and graph and pushes findings.

pub mod change_control;
mod coverage;
mod cycles;
mod design;
pub mod lifecycle;
pub mod soup;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use std::collections::HashSet;

/// Runs every graph check.
pub fn run(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    tag_verified: &HashSet<ItemIdx>,
    diags: &mut Vec<Diagnostic>,
) {
    cycles::check(items, graph, diags);
    coverage::check(items, graph, config, tag_verified, diags);
    design::check(items, graph, config, diags);
}
