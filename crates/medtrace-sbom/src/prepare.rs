//! The part both formats share: components merged by package URL and sorted, checksums
//! read, licences normalised, and the dependency graph mapped onto the sorted components.
//! Everything here is ordered, so the writers only have to walk it.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use medtrace_soup::{Ecosystem, Scope};

use crate::checksum::Checksum;
use crate::{SbomComponent, SbomInput};

/// One component as written: the merge of every input with its purl and source.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    /// The CycloneDX `bom-ref`: the purl (a made-up reference when the purl is empty),
    /// followed by ` (<source>)` when the same purl also comes from elsewhere.
    pub reference: String,
    /// The purl, if the reader gave one.
    pub purl: Option<&'a str>,
    /// Where it comes from when not the ecosystem's registry (git URL, path).
    pub source: Option<&'a str>,
    pub ecosystem: Ecosystem,
    pub name: &'a str,
    pub version: &'a str,
    pub scope: Scope,
    pub checksums: Vec<Checksum>,
    pub supplier: Option<&'a str>,
    pub license: Option<String>,
    pub description: Option<&'a str>,
    pub support_level: Option<&'a str>,
    pub end_of_support: Option<&'a str>,
    pub soup_id: Option<&'a str>,
}

/// The components in reference order and the graph between them.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    pub entries: Vec<Entry<'a>>,
    /// For each entry, the entries it depends on.
    pub depends_on: Vec<BTreeSet<usize>>,
    /// The entries the project itself depends on.
    pub root_depends_on: BTreeSet<usize>,
}

/// The reference of an input component.
fn reference(c: &SbomComponent) -> String {
    let c = &c.component;
    if c.purl.is_empty() {
        format!(
            "medtrace:component/{}/{}@{}",
            c.ecosystem.purl_type(),
            c.name,
            c.version
        )
    } else {
        c.purl.clone()
    }
}

/// Run time first: the scope a merged component takes is the widest of its inputs'.
fn scope_rank(scope: Scope) -> u8 {
    match scope {
        Scope::Runtime => 0,
        Scope::Optional => 1,
        Scope::Build => 2,
        Scope::Dev => 3,
    }
}

/// The licence as an SPDX expression: empty is none, and Cargo's legacy `/` separator is
/// `OR`.
fn license(c: &SbomComponent) -> Option<String> {
    let text = c
        .license
        .as_deref()
        .or(c.component.license.as_deref())?
        .trim();
    if text.is_empty() {
        return None;
    }
    if text.contains('/') {
        let parts: Vec<&str> = text.split('/').map(str::trim).collect();
        return Some(parts.join(" OR "));
    }
    Some(text.to_owned())
}

/// A total order of the inputs over every field that is written, so that which input of a
/// group supplies a field never depends on the order the caller passed them in.
fn compare(a: &SbomComponent, b: &SbomComponent) -> Ordering {
    fn key(s: &SbomComponent) -> impl Ord + '_ {
        let c = &s.component;
        (
            (&c.purl, &c.name, &c.version, c.ecosystem),
            (
                scope_rank(c.scope),
                c.direct,
                &c.checksums,
                &c.license,
                &c.source,
            ),
            (&s.supplier, &s.license, &s.description),
            (&s.support_level, &s.end_of_support, &s.soup_id),
        )
    }
    key(a).cmp(&key(b))
}

/// Merges, sorts and maps the graph. Inputs are one component when they have the same purl
/// and the same source: a crate from crates.io and a git fork of it at the same version
/// share a purl but are different code.
pub(crate) fn prepare<'a>(input: &SbomInput<'a>) -> Prepared<'a> {
    let components = input.components;
    let references: Vec<String> = components.iter().map(reference).collect();
    let source = |i: usize| components[i].component.source.as_deref();
    let mut order: Vec<usize> = (0..components.len()).collect();
    order.sort_by(|&a, &b| {
        (&references[a], source(a))
            .cmp(&(&references[b], source(b)))
            .then_with(|| compare(&components[a], &components[b]))
    });

    // The entry each input became.
    let mut entry_of = vec![0usize; components.len()];
    let mut entries: Vec<Entry<'a>> = Vec::new();
    let mut direct: Vec<Option<bool>> = Vec::new();
    for &i in &order {
        let sc = &components[i];
        let c = &sc.component;
        let same = entries
            .last()
            .is_some_and(|e| e.reference == references[i] && e.source == c.source.as_deref());
        if !same {
            entries.push(Entry {
                reference: references[i].clone(),
                purl: (!c.purl.is_empty()).then_some(c.purl.as_str()),
                source: c.source.as_deref(),
                ecosystem: c.ecosystem,
                name: &c.name,
                version: &c.version,
                scope: c.scope,
                checksums: Vec::new(),
                supplier: None,
                license: None,
                description: None,
                support_level: None,
                end_of_support: None,
                soup_id: None,
            });
            direct.push(None);
        }
        let n = entries.len() - 1;
        entry_of[i] = n;
        let e = &mut entries[n];
        if scope_rank(c.scope) < scope_rank(e.scope) {
            e.scope = c.scope;
        }
        for text in &c.checksums {
            e.checksums.extend(Checksum::parse(text, c.ecosystem));
        }
        e.supplier = e.supplier.or(sc.supplier.as_deref());
        e.license = e.license.take().or_else(|| license(sc));
        e.description = e.description.or(sc.description.as_deref());
        e.support_level = e.support_level.or(sc.support_level.as_deref());
        e.end_of_support = e.end_of_support.or(sc.end_of_support.as_deref());
        e.soup_id = e.soup_id.or(sc.soup_id.as_deref());
        direct[n] = match (direct[n], c.direct) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), _) | (_, Some(false)) => Some(false),
            (None, None) => None,
        };
    }
    for e in &mut entries {
        e.checksums.sort();
        e.checksums.dedup();
    }
    disambiguate(&mut entries);
    let (depends_on, root_depends_on) = graph(input.dependencies, &entry_of, &direct);
    Prepared {
        entries,
        depends_on,
        root_depends_on,
    }
}

/// References must be unique: where a purl comes from more than one source, the ones with a
/// source say which. The order stays that of (purl, source).
fn disambiguate(entries: &mut [Entry<'_>]) {
    let shared: Vec<bool> = (0..entries.len())
        .map(|n| {
            let same = |m: usize| {
                entries
                    .get(m)
                    .is_some_and(|o| o.reference == entries[n].reference)
            };
            (n > 0 && same(n - 1)) || same(n + 1)
        })
        .collect();
    for (e, shared) in entries.iter_mut().zip(shared) {
        if let (true, Some(source)) = (shared, e.source) {
            e.reference = format!("{} ({source})", e.reference);
        }
    }
}

/// The edges between entries (inputs mapped through `entry_of`), and the entries the
/// project depends on, from each entry's merged directness.
fn graph(
    edges: &[(usize, usize)],
    entry_of: &[usize],
    direct: &[Option<bool>],
) -> (Vec<BTreeSet<usize>>, BTreeSet<usize>) {
    let mut depends_on = vec![BTreeSet::new(); direct.len()];
    let mut depended_on = vec![false; direct.len()];
    for &(from, to) in edges {
        let (Some(&from), Some(&to)) = (entry_of.get(from), entry_of.get(to)) else {
            continue;
        };
        // A self-loop (two inputs with one purl depending on each other) says nothing.
        if from != to {
            depends_on[from].insert(to);
            depended_on[to] = true;
        }
    }
    // The project depends on what the lockfile calls direct, and on what nothing else
    // depends on when the lockfile does not say: every component is then reachable.
    let root_depends_on = (0..direct.len())
        .filter(|&n| direct[n] == Some(true) || (direct[n].is_none() && !depended_on[n]))
        .collect();
    (depends_on, root_depends_on)
}
