//! Advisories indexed by package, so that checking every component of a project against
//! a whole database (hundreds of thousands of records) looks at only the records that name
//! the component.

use std::collections::BTreeMap;

use medtrace_soup::Ecosystem;

use crate::advisory::Advisory;
use crate::matching::{Verdict, assess, canonical_name};

/// The ecosystems matched, by their OSV names.
const ECOSYSTEMS: [Ecosystem; 6] = [
    Ecosystem::Cargo,
    Ecosystem::Npm,
    Ecosystem::PyPi,
    Ecosystem::Go,
    Ecosystem::RubyGems,
    Ecosystem::Packagist,
];

/// Advisories by (ecosystem, canonical package name), each in the order given.
#[derive(Clone, Debug, Default)]
pub struct Index<'a> {
    by_package: BTreeMap<(Ecosystem, String), Vec<&'a Advisory>>,
}

impl<'a> Index<'a> {
    /// Indexes the packages each advisory names in the ecosystems medtrace reads
    /// (withdrawn records included: [`assess`] sets them aside).
    pub fn new(advisories: &'a [Advisory]) -> Index<'a> {
        let mut by_package: BTreeMap<(Ecosystem, String), Vec<&'a Advisory>> = BTreeMap::new();
        for advisory in advisories {
            for affected in &advisory.affected {
                let base = affected
                    .ecosystem
                    .split_once(':')
                    .map_or(affected.ecosystem.as_str(), |(base, _)| base);
                let Some(&ecosystem) = ECOSYSTEMS.iter().find(|e| e.osv_name() == base) else {
                    continue;
                };
                let list = by_package
                    .entry((ecosystem, canonical_name(ecosystem, &affected.name)))
                    .or_default();
                // A record names a package once per version line (debug has four).
                if !list
                    .last()
                    .is_some_and(|last| std::ptr::eq(*last, advisory))
                {
                    list.push(advisory);
                }
            }
        }
        Index { by_package }
    }

    /// The advisories that name the package.
    pub fn naming(&self, ecosystem: Ecosystem, name: &str) -> &[&'a Advisory] {
        self.by_package
            .get(&(ecosystem, canonical_name(ecosystem, name)))
            .map_or(&[], Vec::as_slice)
    }

    /// Every advisory that affects this version of the package, or cannot be decided for
    /// it, with its verdict; in the order the advisories were given.
    pub fn assess(
        &self,
        ecosystem: Ecosystem,
        name: &str,
        version: &str,
    ) -> Vec<(&'a Advisory, Verdict)> {
        self.naming(ecosystem, name)
            .iter()
            .map(|a| (*a, assess(a, ecosystem, name, version)))
            .filter(|(_, verdict)| *verdict != Verdict::NotAffected)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ecosystem_is_indexed() {
        for ecosystem in ECOSYSTEMS {
            let text = format!(
                r#"{{"id":"X","modified":"m","affected":[{{"package":{{"ecosystem":"{}","name":"P_q"}},
                   "ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}}]}}]}}]}}"#,
                ecosystem.osv_name()
            );
            let advisories = [crate::parse_text(&text).expect("reads")];
            let index = Index::new(&advisories);
            assert_eq!(index.naming(ecosystem, "P_q").len(), 1, "{ecosystem:?}");
            assert_eq!(
                index.assess(ecosystem, "P_q", "1.0.0").len(),
                1,
                "{ecosystem:?}"
            );
            let folded = matches!(
                ecosystem,
                Ecosystem::PyPi | Ecosystem::RubyGems | Ecosystem::Packagist
            );
            assert_eq!(
                !index.naming(ecosystem, "p_q").is_empty(),
                folded,
                "{ecosystem:?}"
            );
        }
    }
}
