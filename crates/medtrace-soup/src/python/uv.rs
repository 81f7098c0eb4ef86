//! `uv.lock` (version 1, any revision).
//!
//! uv locks the project's own packages beside the others: the root and workspace members
//! carry `source = { virtual = "." }` or `{ editable = "…" }`. They are not components;
//! what they depend on is direct — `dependencies` at run time,
//! `[package.optional-dependencies]` optional, `[package.dev-dependencies]` groups dev —
//! and every other component takes the strongest scope it is reached with from them,
//! following the extras each dependency asks for. uv resolves once for every platform,
//! so a name can be locked at several versions (each under its `resolution-markers`);
//! dependencies then name the version.

use super::graph::{Dep, Graph, Seed};
use super::tomlread::{self, Value};
use super::{Entry, Sink, index_by_name, index_source, names};
use crate::model::{Lockfile, LockfileFormat, Scope};
use medtrace_core::FileId;
use std::collections::HashMap;
use toml::de::DeTable;

/// Reads a `uv.lock`.
pub fn read(file: FileId, text: &str) -> Lockfile {
    let mut sink = Sink::new(file);
    let root = tomlread::parse(text, &mut sink);
    let root = root.get_ref();
    check_version(root, &mut sink);
    let packages: Vec<Package> = match root.get("package") {
        Some(list) => tomlread::array(&mut sink, list, "package")
            .unwrap_or_default()
            .iter()
            .filter_map(|value| package(value, &mut sink))
            .collect(),
        None => Vec::new(),
    };
    let by_name = index_by_name(packages.iter().map(|p| p.entry.name.as_str()));
    let resolve = |deps: &[UvDep]| -> Vec<Dep> {
        deps.iter()
            .flat_map(|d| d.resolve(&packages, &by_name))
            .collect()
    };

    // The project's own packages are where the walk starts: each at run time, its
    // extras optional, its dependency groups dev. What they depend on is direct.
    let mut graph = Graph::new(packages.len());
    let mut seeds = Vec::new();
    let mut direct = vec![false; packages.len()];
    for (i, p) in packages.iter().enumerate() {
        graph.deps[i] = resolve(&p.deps);
        graph.extras[i] = p
            .optional
            .iter()
            .map(|(extra, deps)| (extra.clone(), resolve(deps)))
            .collect();
        if !p.own {
            continue;
        }
        let own = Dep {
            target: i,
            extras: Vec::new(),
        };
        let optional = p.optional.iter().flat_map(|(_, d)| resolve(d));
        let dev = p.dev.iter().flat_map(|(_, d)| resolve(d));
        let mine: Vec<Seed> = std::iter::once((own, Scope::Runtime))
            .chain(optional.map(|dep| (dep, Scope::Optional)))
            .chain(dev.map(|dep| (dep, Scope::Dev)))
            .map(|(dep, scope)| Seed { dep, scope })
            .collect();
        let targets = graph.deps[i].iter().chain(mine[1..].iter().map(|s| &s.dep));
        for dep in targets {
            direct[dep.target] = true;
        }
        seeds.extend(mine);
    }
    let scopes = graph.scopes(&seeds);
    let any_own = packages.iter().any(|p| p.own);

    // Component indices skip the project's own packages.
    let mut index = vec![None; packages.len()];
    let mut components = Vec::new();
    for (i, p) in packages.into_iter().enumerate() {
        if p.own {
            continue;
        }
        index[i] = Some(components.len());
        let scope = scopes[i].unwrap_or(Scope::Runtime);
        components.push(
            p.entry
                .into_component(file, scope, any_own.then_some(direct[i])),
        );
    }
    let edges = graph
        .edges(&seeds)
        .into_iter()
        .filter_map(|(from, to)| Some((index[from]?, index[to]?)))
        .collect();
    Lockfile {
        format: LockfileFormat::UvLock,
        components,
        edges,
        problems: sink.problems,
    }
}

fn check_version(root: &DeTable<'_>, sink: &mut Sink) {
    match root.get("version") {
        Some(v) => {
            let known = v.get_ref().as_integer().is_some_and(|i| i.as_str() == "1");
            if !known {
                let r = v.span();
                sink.push(r.start, r.end, "unknown uv.lock version; read as version 1");
            }
        }
        None if root.get("package").is_none() => {
            sink.push(0, 0, "neither `version` nor `[[package]]`: not a uv.lock");
        }
        None => {}
    }
}

struct Package {
    entry: Entry,
    /// The project's own package (virtual or editable): not a component.
    own: bool,
    deps: Vec<UvDep>,
    optional: Vec<(String, Vec<UvDep>)>,
    dev: Vec<(String, Vec<UvDep>)>,
}

/// `{ name = "…", version = "…", extra = ["…"], marker = "…" }`.
struct UvDep {
    name: String,
    version: Option<String>,
    extras: Vec<String>,
}

impl UvDep {
    /// The locked packages this dependency means: by name, narrowed by version when
    /// given (uv gives it when several are locked).
    fn resolve(&self, packages: &[Package], by_name: &HashMap<String, Vec<usize>>) -> Vec<Dep> {
        let candidates = by_name
            .get(&self.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        candidates
            .iter()
            .filter(|&&c| {
                self.version
                    .as_ref()
                    .is_none_or(|v| &packages[c].entry.version == v)
            })
            .map(|&target| Dep {
                target,
                extras: self.extras.clone(),
            })
            .collect()
    }
}

fn package(value: &Value<'_>, sink: &mut Sink) -> Option<Package> {
    let table = tomlread::table(sink, value, "package")?;
    let header = value.span();
    let field = |sink: &mut Sink, key: &str| {
        let v = table.get(key)?;
        tomlread::string(sink, v, key).map(|s| (s.to_owned(), v.span().end))
    };
    let Some((name, name_end)) = field(sink, "name") else {
        if !table.contains_key("name") {
            sink.push(header.start, header.end, "package without a `name`");
        }
        return None;
    };
    let source = table
        .get("source")
        .and_then(|s| tomlread::table(sink, s, "source"));
    let own = source.is_some_and(|s| s.contains_key("virtual") || s.contains_key("editable"));
    let (version, version_end) = match field(sink, "version") {
        Some(v) => v,
        // A project with a dynamic version is locked without one.
        None if own => (String::new(), name_end),
        None if table.contains_key("version") => return None,
        None => {
            sink.push(
                header.start,
                header.end,
                format!("package `{name}` has no `version`"),
            );
            return None;
        }
    };
    let mut checksums = Vec::new();
    if let Some(sdist) = table
        .get("sdist")
        .and_then(|s| tomlread::table(sink, s, "sdist"))
    {
        checksums.extend(hash(sdist, sink));
    }
    if let Some(wheels) = table.get("wheels") {
        for wheel in tomlread::array(sink, wheels, "wheels").unwrap_or_default() {
            if let Some(wheel) = tomlread::table(sink, wheel, "wheels") {
                checksums.extend(hash(wheel, sink));
            }
        }
    }
    let deps = table
        .get("dependencies")
        .map(|d| dependencies(d, sink))
        .unwrap_or_default();
    let groups = |sink: &mut Sink, key: &str| -> Vec<(String, Vec<UvDep>)> {
        let Some(groups) = table.get(key).and_then(|g| tomlread::table(sink, g, key)) else {
            return Vec::new();
        };
        groups
            .iter()
            .map(|(group, list)| (names::normalise(group.get_ref()), dependencies(list, sink)))
            .collect()
    };
    let optional = groups(sink, "optional-dependencies");
    let dev = groups(sink, "dev-dependencies");
    Some(Package {
        entry: Entry {
            name,
            version,
            span: (header.start, name_end.max(version_end)),
            checksums,
            source: source.and_then(|s| source_of(s, sink)),
        },
        own,
        deps,
        optional,
        dev,
    })
}

fn hash(table: &DeTable<'_>, sink: &mut Sink) -> Option<String> {
    let value = table.get("hash")?;
    tomlread::string(sink, value, "hash").map(str::to_owned)
}

/// Where a package comes from, unless PyPI: `registry` (an index URL or folder), `git`,
/// `url`, `path` (a file), `directory`.
fn source_of(table: &DeTable<'_>, sink: &mut Sink) -> Option<String> {
    let (kind, value) = table.iter().next()?;
    let value = tomlread::string(sink, value, "source")?;
    match kind.get_ref().as_ref() {
        "registry" => index_source(value),
        "git" => Some(format!("git+{value}")),
        _ => Some(value.to_owned()),
    }
}

fn dependencies(list: &Value<'_>, sink: &mut Sink) -> Vec<UvDep> {
    let mut out = Vec::new();
    for item in tomlread::array(sink, list, "dependencies").unwrap_or_default() {
        let Some(dep) = tomlread::table(sink, item, "dependencies") else {
            continue;
        };
        let Some(name) = dep
            .get("name")
            .and_then(|n| tomlread::string(sink, n, "name"))
        else {
            let r = item.span();
            sink.push(r.start, r.end, "dependency without a `name`");
            continue;
        };
        let version = dep
            .get("version")
            .and_then(|v| tomlread::string(sink, v, "version"))
            .map(str::to_owned);
        let extras = dep
            .get("extra")
            .map(|e| {
                tomlread::strings(sink, e, "extra")
                    .into_iter()
                    .map(names::normalise)
                    .collect()
            })
            .unwrap_or_default();
        out.push(UvDep {
            name: names::normalise(name),
            version,
            extras,
        });
    }
    out
}
