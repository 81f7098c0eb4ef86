//! `pnpm-lock.yaml`, lockfile versions 5 to 9.
//!
//! `importers` (or, in a single-project v5/v6 lockfile, the top-level `dependencies`,
//! `devDependencies` and `optionalDependencies`) are the project's own packages: what they
//! name is direct, with its scope. `packages` has one entry per package version, keyed
//! `/name@version(peers)` in v6, `name@version` in v9 (`/name/version_peers` in v5); v9
//! moved the dependency lists into `snapshots`, one per peer-dependency variant, which
//! are merged back into their package. v9 dropped the `dev` flag, so scopes come from
//! following the graph from the importers (v6's `dev` is used for what nothing reaches).
//! Local directories (`resolution: {directory: …}`) and `link:` references are the
//! project's own code, not components.

use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Scope};
use crate::npm::{dedupe, integrity, non_registry_source, problem, propagate_scopes};
use crate::purl;
use crate::yarn::{get, get_str, parse_yaml};
use medtrace_core::yaml::{Node, Value};
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// Reads a `pnpm-lock.yaml`.
pub fn read(file: FileId, text: &str) -> Lockfile {
    let mut lock = Lockfile {
        format: LockfileFormat::PnpmLock,
        components: Vec::new(),
        edges: Vec::new(),
        problems: Vec::new(),
    };
    let Some(root) = parse_yaml(file, text, &mut lock) else {
        return lock;
    };
    if !matches!(root.value, Value::Map(_)) {
        lock.problems.push(span_problem(
            file,
            &root,
            "a pnpm-lock.yaml must be a mapping",
        ));
        return lock;
    }
    let version = get_str(&root, "lockfileVersion").unwrap_or_default();
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major == 0 {
        let at = get(&root, "lockfileVersion").unwrap_or(&root);
        lock.problems.push(span_problem(
            file,
            at,
            "no readable `lockfileVersion`: not a pnpm-lock.yaml",
        ));
    }
    let v5 = major == 5;

    // Components, one per package version.
    let mut index: HashMap<String, usize> = HashMap::new();
    if let Some(packages) = get(&root, "packages") {
        let Value::Map(entries) = &packages.value else {
            lock.problems
                .push(span_problem(file, packages, "`packages` must be a mapping"));
            return lock;
        };
        for (key, entry) in entries {
            let Some(key_text) = key.as_str() else {
                continue;
            };
            let span = Span::new(file, key.span.start as usize, entry.span.end as usize);
            if !matches!(entry.value, Value::Map(_)) {
                lock.problems.push(crate::model::Problem {
                    span,
                    message: format!("`{key_text}` must be a mapping"),
                });
                continue;
            }
            let Some((name, reference)) = split_key(key_text, v5) else {
                lock.problems.push(crate::model::Problem {
                    span,
                    message: format!("cannot read the package key `{key_text}`"),
                });
                continue;
            };
            let resolution = get(entry, "resolution");
            if resolution.and_then(|r| get_str(r, "directory")).is_some() {
                continue; // a local folder: the project's own code
            }
            let name = get_str(entry, "name").unwrap_or(name);
            let version = get_str(entry, "version").unwrap_or(reference);
            let source = resolution.and_then(resolution_source);
            if source.is_none() && !reference.starts_with(|c: char| c.is_ascii_digit()) {
                // A URL or `file:` key without a version of its own cannot be identified.
                if get_str(entry, "version").is_none() {
                    lock.problems.push(crate::model::Problem {
                        span,
                        message: format!("`{key_text}` has no `version`"),
                    });
                    continue;
                }
            }
            let flag = |k: &str| get_str(entry, k) == Some("true");
            let scope = if flag("dev") {
                Scope::Dev
            } else if flag("optional") {
                Scope::Optional
            } else {
                Scope::Runtime
            };
            let checksums = resolution
                .and_then(|r| get_str(r, "integrity"))
                .map(integrity)
                .unwrap_or_default();
            let i = lock.components.len();
            lock.components.push(Component {
                ecosystem: Ecosystem::Npm,
                name: name.to_owned(),
                version: version.to_owned(),
                purl: purl::for_name(Ecosystem::Npm, name, version),
                checksums,
                direct: Some(false),
                scope,
                license: None,
                source,
                span,
            });
            index.insert(normalise(key_text, v5), i);
        }
    }

    // Edges: from `snapshots` (v9) or the packages themselves (v5, v6).
    let snapshots = get(&root, "snapshots");
    let graph = snapshots.or_else(|| get(&root, "packages"));
    if let Some(Value::Map(entries)) = graph.map(|g| &g.value) {
        for (key, entry) in entries {
            let Some(&from) = key.as_str().and_then(|k| index.get(&normalise(k, v5))) else {
                continue;
            };
            if snapshots.is_some() && get_str(entry, "optional") == Some("true") {
                lock.components[from].scope = Scope::Optional;
            }
            for (dep, reference) in dependencies(entry, &["dependencies", "optionalDependencies"]) {
                if let Some(&to) = target(dep, reference, v5).and_then(|k| index.get(&k)) {
                    lock.edges.push((from, to));
                }
            }
        }
    }

    // Roots: the importers' dependencies.
    let importers: Vec<&Node> = match get(&root, "importers").map(|i| &i.value) {
        Some(Value::Map(entries)) => entries.iter().map(|(_, v)| v).collect(),
        _ => vec![&root],
    };
    let mut roots = Vec::new();
    for importer in importers {
        for (kind, scope) in [
            ("dependencies", Scope::Runtime),
            ("optionalDependencies", Scope::Optional),
            ("devDependencies", Scope::Dev),
        ] {
            for (dep, reference) in dependencies(importer, &[kind]) {
                if let Some(&i) = target(dep, reference, v5).and_then(|k| index.get(&k)) {
                    lock.components[i].direct = Some(true);
                    roots.push((i, scope));
                }
            }
        }
    }
    propagate_scopes(&mut lock, &roots);
    dedupe(&mut lock);
    lock
}

fn span_problem(file: FileId, node: &Node, message: &str) -> crate::model::Problem {
    problem(
        file,
        node.span.start as usize,
        node.span.end as usize,
        message.to_owned(),
    )
}

/// (name, reference) of the dependencies listed under `kinds`; an importer's entries are
/// `{specifier, version}` (v6+) or the version itself (v5).
fn dependencies<'n>(entry: &'n Node, kinds: &[&str]) -> Vec<(&'n str, &'n str)> {
    let mut out = Vec::new();
    for kind in kinds {
        let Some(Value::Map(deps)) = get(entry, kind).map(|d| &d.value) else {
            continue;
        };
        for (name, value) in deps {
            let reference = value.as_str().or_else(|| get_str(value, "version"));
            if let (Some(name), Some(reference)) = (name.as_str(), reference) {
                out.push((name, reference));
            }
        }
    }
    out
}

/// A package key without its leading `/` and peer suffix, as `name@reference`.
fn normalise(key: &str, v5: bool) -> String {
    match split_key(key, v5) {
        Some((name, reference)) => format!("{name}@{reference}"),
        None => key.to_owned(),
    }
}

/// `/name@1.0.0(peer@2)`, `name@1.0.0`, `name@https://…` or, in v5, `/name/1.0.0_peer@2`
/// -> (name, reference without peers).
fn split_key(key: &str, v5: bool) -> Option<(&str, &str)> {
    let key = key.strip_prefix('/').unwrap_or(key);
    if v5 && !key.contains(':') {
        let slash = key.rfind('/')?;
        let reference = &key[slash + 1..];
        let reference = reference.split_once('_').map_or(reference, |(v, _)| v);
        return Some((&key[..slash], reference)).filter(|(n, r)| !n.is_empty() && !r.is_empty());
    }
    let at = key.get(1..)?.find('@')? + 1;
    let (name, reference) = (&key[..at], &key[at + 1..]);
    let reference = match reference.find('(') {
        Some(paren) if !reference.contains("://") => &reference[..paren],
        _ => reference,
    };
    (!name.is_empty() && !reference.is_empty()).then_some((name, reference))
}

/// The package key a dependency reference points at: `2.1.2`, `1.2.0(react@18.2.0)`, an
/// alias (`ms@1.0.0`, v6 `/ms@1.0.0`), a URL or `file:`; `None` for `link:` (a workspace).
fn target(name: &str, reference: &str, v5: bool) -> Option<String> {
    if reference.starts_with("link:") {
        return None;
    }
    if reference.starts_with('/') {
        return Some(normalise(reference, v5));
    }
    let plain = !reference.starts_with(|c: char| c.is_ascii_digit()) && !reference.contains(':');
    if plain && reference.get(1..).is_some_and(|r| r.contains('@')) {
        return Some(normalise(reference, false)); // an alias: `real-name@version`
    }
    let reference = if v5 {
        reference.split_once('_').map_or(reference, |(v, _)| v)
    } else {
        reference
    };
    Some(normalise(&format!("{name}@{reference}"), false))
}

/// Where a package comes from when not from the npm registry.
fn resolution_source(resolution: &Node) -> Option<String> {
    if get_str(resolution, "type") == Some("git") {
        let repo = get_str(resolution, "repo").unwrap_or_default();
        let commit = get_str(resolution, "commit").unwrap_or_default();
        return Some(format!("git+{repo}#{commit}"));
    }
    get_str(resolution, "tarball").and_then(non_registry_source)
}
