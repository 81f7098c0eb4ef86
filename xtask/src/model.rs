//! The synthetic project: items, their fields and their links, independent of the
//! on-disk format.
//!
//! The model is built so that `medtrace check` has nothing to report: every system
//! requirement is refined by a software requirement, every software requirement is
//! derived from a system requirement, allocated to a software item and verified by a
//! test, every software risk control measure is implemented by a software
//! requirement, every risk control measure and every software item is verified,
//! every hazard is mitigated, every SOUP item is used, and there are no cycles.

use crate::rng::Rng;
use crate::text;

/// The item types the generator produces, in generation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// System requirement.
    Sys,
    /// Software requirement.
    Srs,
    /// Software item (system, item or unit).
    Swi,
    /// Third-party component.
    Soup,
    /// Hazard.
    Haz,
    /// Risk control measure.
    Rcm,
    /// Test.
    Tst,
}

impl Kind {
    /// All kinds, in generation order.
    pub const ALL: [Kind; 7] = [
        Kind::Sys,
        Kind::Srs,
        Kind::Swi,
        Kind::Soup,
        Kind::Haz,
        Kind::Rcm,
        Kind::Tst,
    ];

    /// The default ID prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Sys => "SYS",
            Kind::Srs => "SRS",
            Kind::Swi => "SWI",
            Kind::Soup => "SOUP",
            Kind::Haz => "HAZ",
            Kind::Rcm => "RCM",
            Kind::Tst => "TST",
        }
    }

    /// The folder name for this type's files.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Sys => "sys",
            Kind::Srs => "srs",
            Kind::Swi => "swi",
            Kind::Soup => "soup",
            Kind::Haz => "haz",
            Kind::Rcm => "rcm",
            Kind::Tst => "tst",
        }
    }

    /// A document title for this type (StrictDoc, Doorstop).
    pub fn document_title(self) -> &'static str {
        match self {
            Kind::Sys => "System requirements",
            Kind::Srs => "Software requirements",
            Kind::Swi => "Software architecture",
            Kind::Soup => "SOUP",
            Kind::Haz => "Hazards",
            Kind::Rcm => "Risk control measures",
            Kind::Tst => "Tests",
        }
    }

    /// Share of the items, in percent (TST takes the remainder, about 37).
    fn percent(self) -> usize {
        match self {
            Kind::Sys => 8,
            Kind::Srs => 35,
            Kind::Swi => 8,
            Kind::Soup => 3,
            Kind::Haz => 4,
            Kind::Rcm => 5,
            Kind::Tst => 37,
        }
    }

    fn stream(self) -> u64 {
        self as u64 + 1
    }
}

/// A reference to an item: its type and 0-based index within the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemRef {
    /// The item's type.
    pub kind: Kind,
    /// 0-based index within the type; the ID number is `index + 1`.
    pub index: usize,
}

/// A field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A one-line plain scalar.
    Text(String),
    /// A multi-line text (a YAML literal block), ending in a newline.
    Block(String),
    /// A list of plain scalars.
    List(Vec<String>),
    /// YAML written as is under the key (already indented), e.g. a list of mappings;
    /// peer formats that have no structure take it as text.
    Yaml(String),
}

/// One item of the synthetic project.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item's own reference.
    pub me: ItemRef,
    /// One-line title.
    pub title: String,
    /// Type-specific fields, in output order, with their kebab-case names.
    pub fields: Vec<(&'static str, Value)>,
    /// Links, in output order: field name and targets (never empty).
    pub links: Vec<(&'static str, Vec<ItemRef>)>,
    /// Markdown body, ending in a newline.
    pub body: String,
}

/// The whole synthetic project.
#[derive(Debug, Clone)]
pub struct Project {
    /// Total number of items.
    pub size: usize,
    /// Items per kind, in the order of [`Kind::ALL`].
    pub items: Vec<Vec<Item>>,
    /// Width of the number in IDs (at least 5).
    pub width: usize,
}

/// Items per kind for a project of `n` items.
pub fn counts(n: usize) -> [usize; 7] {
    let mut out = [0; 7];
    let mut used = 0;
    for (slot, kind) in out.iter_mut().zip(Kind::ALL).take(6) {
        *slot = ((n * kind.percent() + 50) / 100).max(1);
        used += *slot;
    }
    out[6] = n.saturating_sub(used);
    out
}

/// The smallest project the generator accepts (one of each type and then some).
pub const MIN_ITEMS: usize = 10;

impl Project {
    /// Generates a project of `n` items from `seed`.
    pub fn generate(n: usize, seed: u64) -> anyhow::Result<Project> {
        anyhow::ensure!(n >= MIN_ITEMS, "--items must be at least {MIN_ITEMS}");
        let c = counts(n);
        let [n_sys, n_srs, n_swi, n_soup, n_haz, n_rcm, n_tst] = c;
        let width = n.to_string().len().max(5);
        let r = |kind: Kind, index: usize| ItemRef { kind, index };

        // Structural decisions first, with their own random stream, so that the
        // link graph does not depend on how much text each item drew.
        let mut g = Rng::for_item(seed, 100, 0);

        // SWI tree: one system, about a fifth items, the rest units.
        let n_swi_items = if n_swi > 1 { (n_swi / 5).max(1) } else { 0 };
        let n_units = n_swi - 1 - n_swi_items;
        let swi_level = |i: usize| -> &'static str {
            if i == 0 {
                "system"
            } else if i <= n_swi_items {
                "item"
            } else {
                "unit"
            }
        };
        let swi_parent = |i: usize| -> Option<usize> {
            if i == 0 {
                None
            } else if i <= n_swi_items {
                Some(0)
            } else {
                let u = i - 1 - n_swi_items;
                Some(1 + u * n_swi_items / n_units)
            }
        };
        // SRS are allocated to the leaves of the tree.
        let leaves: Vec<usize> = if n_units > 0 {
            (1 + n_swi_items..n_swi).collect()
        } else if n_swi_items > 0 {
            (1..=n_swi_items).collect()
        } else {
            vec![0]
        };

        // RCM: about four in five are implemented in software.
        let rcm_software: Vec<bool> = (0..n_rcm).map(|_| g.chance(80)).collect();
        let software_rcms: Vec<usize> = (0..n_rcm).filter(|&i| rcm_software[i]).collect();

        // SRS links.
        let mut srs_implements: Vec<Vec<usize>> = vec![Vec::new(); n_srs];
        for (k, &rcm) in software_rcms.iter().enumerate() {
            let srs = k * n_srs / software_rcms.len();
            srs_implements[srs].push(rcm);
            if g.chance(20) {
                let other = g.below(n_srs);
                if !srs_implements[other].contains(&rcm) {
                    srs_implements[other].push(rcm);
                }
            }
        }
        let mut srs_derived: Vec<Vec<ItemRef>> = Vec::with_capacity(n_srs);
        let mut srs_alloc: Vec<Vec<usize>> = Vec::with_capacity(n_srs);
        for i in 0..n_srs {
            // The first n_sys requirements cover every system requirement once.
            let sys = if i < n_sys { i } else { g.below(n_sys) };
            let mut d = vec![r(Kind::Sys, sys)];
            if g.chance(10) {
                let other = g.below(n_sys);
                if other != sys {
                    d.push(r(Kind::Sys, other));
                }
            }
            // Some refine an earlier software requirement too (never a later one: no cycles).
            if i > 0 && g.chance(5) {
                d.push(r(Kind::Srs, g.below(i)));
            }
            srs_derived.push(d);
            let mut a = vec![leaves[g.below(leaves.len())]];
            if g.chance(8) {
                let other = leaves[g.below(leaves.len())];
                if !a.contains(&other) {
                    a.push(other);
                }
            }
            srs_alloc.push(a);
        }

        // SWI uses SOUP: every SOUP is used at least once.
        let mut swi_uses: Vec<Vec<usize>> = vec![Vec::new(); n_swi];
        for s in 0..n_soup {
            swi_uses[(s * 7 + 1) % n_swi].push(s);
        }
        for uses in swi_uses.iter_mut() {
            if g.chance(15) {
                let s = g.below(n_soup);
                if !uses.contains(&s) {
                    uses.push(s);
                }
            }
            uses.sort_unstable();
        }

        // HAZ items: one or two software items below the system.
        let non_system: Vec<usize> = if n_swi > 1 {
            (1..n_swi).collect()
        } else {
            vec![0]
        };
        let mut haz_items: Vec<Vec<usize>> = Vec::with_capacity(n_haz);
        for _ in 0..n_haz {
            let mut v = vec![non_system[g.below(non_system.len())]];
            if g.chance(40) {
                let other = non_system[g.below(non_system.len())];
                if !v.contains(&other) {
                    v.push(other);
                }
            }
            v.sort_unstable();
            haz_items.push(v);
        }

        // RCM mitigates HAZ: every hazard is mitigated at least once.
        let mut rcm_mitigates: Vec<Vec<usize>> = Vec::with_capacity(n_rcm);
        for j in 0..n_rcm {
            let first = if j < n_haz { j } else { g.below(n_haz) };
            let mut v = vec![first];
            if g.chance(25) {
                let other = g.below(n_haz);
                if !v.contains(&other) {
                    v.push(other);
                }
            }
            rcm_mitigates.push(v);
        }
        for h in n_rcm..n_haz {
            rcm_mitigates[h % n_rcm].push(h);
        }

        // TST verifies: every SRS, every RCM and every SWI, in contiguous runs so
        // that a test mostly verifies items of one kind.
        let targets: Vec<ItemRef> = (0..n_srs)
            .map(|i| r(Kind::Srs, i))
            .chain((0..n_rcm).map(|i| r(Kind::Rcm, i)))
            .chain((0..n_swi).map(|i| r(Kind::Swi, i)))
            .collect();
        let mut tst_verifies: Vec<Vec<ItemRef>> = vec![Vec::new(); n_tst];
        for (t, target) in targets.iter().enumerate() {
            tst_verifies[t * n_tst / targets.len()].push(*target);
        }
        for v in tst_verifies.iter_mut() {
            if v.is_empty() {
                v.push(r(Kind::Srs, g.below(n_srs)));
            }
        }

        // Now the items themselves, each with its own random stream.
        let mut items: Vec<Vec<Item>> = Vec::with_capacity(7);
        for (kind, &count) in Kind::ALL.iter().zip(c.iter()) {
            let mut v = Vec::with_capacity(count);
            for index in 0..count {
                let mut rng = Rng::for_item(seed, kind.stream(), index as u64);
                let me = r(*kind, index);
                let mut fields: Vec<(&'static str, Value)> = Vec::new();
                let mut links: Vec<(&'static str, Vec<ItemRef>)> = Vec::new();
                let title;
                let sentences;
                match kind {
                    Kind::Sys => {
                        title = text::sys_title(&mut rng);
                        sentences = rng.range(3, 4);
                    }
                    Kind::Srs => {
                        title = text::requirement_title(&mut rng);
                        sentences = rng.range(2, 4);
                        fields.push((
                            "category",
                            Value::Text(text::CATEGORIES[rng.below(text::CATEGORIES.len())].into()),
                        ));
                        links.push(("derived-from", srs_derived[index].clone()));
                        links.push((
                            "allocated-to",
                            srs_alloc[index].iter().map(|&s| r(Kind::Swi, s)).collect(),
                        ));
                        if !srs_implements[index].is_empty() {
                            links.push((
                                "implements",
                                srs_implements[index]
                                    .iter()
                                    .map(|&x| r(Kind::Rcm, x))
                                    .collect(),
                            ));
                        }
                    }
                    Kind::Swi => {
                        let level = swi_level(index);
                        title = text::swi_title(&mut rng, level, index + 1);
                        sentences = rng.range(2, 3);
                        fields.push(("level", Value::Text(level.into())));
                        if level == "unit" {
                            fields.push((
                                "detailed-design",
                                Value::Text(text::detailed_design(&mut rng)),
                            ));
                        }
                        fields.push(("interfaces", Value::Text(text::interfaces(&mut rng))));
                        if let Some(p) = swi_parent(index) {
                            links.push(("parent", vec![r(Kind::Swi, p)]));
                        }
                        if !swi_uses[index].is_empty() {
                            links.push((
                                "uses",
                                swi_uses[index].iter().map(|&s| r(Kind::Soup, s)).collect(),
                            ));
                        }
                    }
                    Kind::Soup => {
                        let (name, supplier, license, purl) = text::soup(index);
                        let version = text::version(&mut rng);
                        title = format!("{name} {version}");
                        sentences = 2;
                        fields.push(("name", Value::Text(name.into())));
                        fields.push(("supplier", Value::Text(supplier.into())));
                        fields.push(("version", Value::Text(version.clone())));
                        fields.push(("purl", Value::Text(format!("{purl}@{version}"))));
                        fields.push(("license", Value::Text(license.into())));
                        fields.push((
                            "purpose",
                            Value::Text(format!(
                                "Used by the firmware for {}",
                                name.to_lowercase()
                            )),
                        ));
                        fields.push((
                            "prerequisites",
                            Value::Text("ARM Cortex-M4 with 64 KiB of RAM".into()),
                        ));
                        fields.push((
                            "anomaly-list",
                            Value::Text(format!(
                                "https://example.org/{}/issues",
                                name.to_lowercase()
                            )),
                        ));
                        fields.push((
                            "anomaly-review",
                            Value::Text(format!(
                                "Reviewed {} open issues for {version}, none affects the device",
                                rng.range(3, 60)
                            )),
                        ));
                    }
                    Kind::Haz => {
                        let (hazard, situation, harm) = text::hazard(&mut rng);
                        title = format!(
                            "{hazard} in {}",
                            text::swi_title(&mut rng, "item", index + 1)
                        );
                        sentences = 2;
                        let sev = text::severity(&mut rng);
                        let prob = rng.range(1, 4);
                        fields.push(("hazard", Value::Text(hazard.into())));
                        fields.push((
                            "sequence-of-events",
                            Value::Text(text::sequence_of_events(&mut rng)),
                        ));
                        fields.push((
                            "hazardous-situation",
                            Value::Text(format!("The patient is exposed because {situation}")),
                        ));
                        fields.push(("harm", Value::Text(harm.into())));
                        fields.push(("severity", Value::Text(text::severity_name(sev).into())));
                        fields.push((
                            "probability",
                            Value::Text(text::probability_name(prob).into()),
                        ));
                        fields.push((
                            "residual-severity",
                            Value::Text(text::severity_name(sev).into()),
                        ));
                        // Controls bring the worst harms down to improbable.
                        let residual = match sev {
                            4.. => 0,
                            3 => prob.saturating_sub(3),
                            _ => prob.saturating_sub(2),
                        };
                        fields.push((
                            "residual-probability",
                            Value::Text(text::probability_name(residual).into()),
                        ));
                        links.push((
                            "items",
                            haz_items[index].iter().map(|&s| r(Kind::Swi, s)).collect(),
                        ));
                        let categories = [
                            "software-defect",
                            "specification",
                            "hardware-failure",
                            "misuse",
                        ];
                        let causes: Vec<String> = haz_items[index]
                            .iter()
                            .enumerate()
                            .map(|(k, &s)| {
                                format!(
                                    "  - item: {}-{:0width$}\n    category: {}\n    description: {}",
                                    Kind::Swi.prefix(),
                                    s + 1,
                                    categories[(index + k) % categories.len()],
                                    text::cause(&mut rng)
                                )
                            })
                            .collect();
                        fields.push(("causes", Value::Yaml(causes.join("\n"))));
                    }
                    Kind::Rcm => {
                        title = text::rcm_title(&mut rng);
                        sentences = rng.range(2, 3);
                        let kinds = ["inherent-design", "protective", "information"];
                        let software = rcm_software[index];
                        let kind_value = if software {
                            kinds[rng.below(2)]
                        } else {
                            kinds[rng.below(3)]
                        };
                        fields.push(("kind", Value::Text(kind_value.into())));
                        fields.push((
                            "implementation",
                            Value::Text(if software { "software" } else { "external" }.into()),
                        ));
                        if !software {
                            fields.push((
                                "realized-by",
                                Value::Text(format!(
                                    "the {} of the device",
                                    rng.pick(&[
                                        "labelling",
                                        "hardware interlock",
                                        "clinical procedure"
                                    ])
                                )),
                            ));
                        }
                        fields.push(("new-hazards", Value::Text("none".into())));
                        links.push((
                            "mitigates",
                            rcm_mitigates[index]
                                .iter()
                                .map(|&h| r(Kind::Haz, h))
                                .collect(),
                        ));
                    }
                    Kind::Tst => {
                        let first = tst_verifies[index][0];
                        let level = match (first.kind, first.index) {
                            (Kind::Swi, 0) => "system",
                            (Kind::Swi, i) if i <= n_swi_items => "integration",
                            (Kind::Swi, _) => "unit",
                            _ => "system",
                        };
                        title = text::test_title(&mut rng, level);
                        sentences = 2;
                        fields.push(("level", Value::Text(level.into())));
                        fields.push(("procedure", Value::Block(text::procedure(&mut rng))));
                        fields.push(("expected", Value::Text(text::expected(&mut rng))));
                        fields.push((
                            "acceptance",
                            Value::Text("All steps pass on two consecutive runs".into()),
                        ));
                        fields.push((
                            "automated",
                            Value::List(vec![
                                text::automated_name(&mut rng, index + 1),
                                text::automated_name(&mut rng, index + 1),
                            ]),
                        ));
                        links.push(("verifies", tst_verifies[index].clone()));
                    }
                }
                let body = text::body(&mut rng, sentences);
                v.push(Item {
                    me,
                    title,
                    fields,
                    links,
                    body,
                });
            }
            items.push(v);
        }
        Ok(Project {
            size: n,
            items,
            width,
        })
    }

    /// The ID of `r` with the medtrace separator, e.g. `SRS-00012`.
    pub fn id(&self, r: ItemRef) -> String {
        format!("{}-{:0w$}", r.kind.prefix(), r.index + 1, w = self.width)
    }

    /// The ID of `r` without a separator, as Doorstop names items, e.g. `SRS00012`.
    pub fn doorstop_id(&self, r: ItemRef) -> String {
        format!("{}{:0w$}", r.kind.prefix(), r.index + 1, w = self.width)
    }

    /// All items, in generation order.
    pub fn all(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().flatten()
    }

    /// The items of one kind.
    pub fn of(&self, kind: Kind) -> &[Item] {
        &self.items[kind as usize]
    }
}
