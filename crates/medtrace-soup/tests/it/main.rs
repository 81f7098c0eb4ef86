//! The integration tests of medtrace-soup: one module per lockfile format.

mod cargo;
mod composer;
mod detect;
mod gem;
mod golang;
mod npm;
mod pnpm;
mod python;
mod yarn;

use medtrace_soup::{Component, Lockfile};

/// The component `name` at `version`; the test fails when it was not read.
pub fn find<'l>(lock: &'l Lockfile, name: &str, version: &str) -> &'l Component {
    lock.components
        .iter()
        .find(|c| c.name == name && c.version == version)
        .unwrap_or_else(|| panic!("{name} {version} not read"))
}

/// Whether the lockfile records the edge `from` → `to` (name, version pairs).
pub fn has_edge(lock: &Lockfile, from: (&str, &str), to: (&str, &str)) -> bool {
    let index = |(n, v): (&str, &str)| {
        lock.components
            .iter()
            .position(|c| c.name == n && c.version == v)
    };
    lock.edges
        .contains(&(index(from).expect("from"), index(to).expect("to")))
}
