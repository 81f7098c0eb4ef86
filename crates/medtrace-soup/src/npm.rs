//! `package-lock.json` (lockfileVersion 2 and 3, and the legacy tree of version 1).
//!
//! Version 2 and 3 list every installed package under `packages`, keyed by its folder
//! (`node_modules/debug/node_modules/ms`); the root (`""`) and workspace folders
//! (`packages/util`, and the `link` entries pointing at them) are the project itself, not
//! components, and their dependency lists say which components are direct. npm marks
//! `dev`, `optional` and `devOptional` on each entry. Dependencies are resolved as Node
//! does: the nearest `node_modules` folder up the tree. Aliases (`"x": "npm:ms@1.0.0"`)
//! carry the real name in the entry's `name`.
//!
//! This module also holds the helpers the other JavaScript and Cargo readers share: a
//! JSON tree with byte spans (serde_json keeps none) and scope propagation from roots.

use crate::json::{self, Json, JsonValue};
use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Problem, Scope};
use crate::purl;
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// Reads a `package-lock.json`.
pub fn read(file: FileId, text: &str) -> Lockfile {
    let mut lock = Lockfile {
        format: LockfileFormat::NpmLock,
        components: Vec::new(),
        edges: Vec::new(),
        problems: Vec::new(),
    };
    let (root, error) = json::parse(text);
    if let Some((at, message)) = error {
        lock.problems.push(problem(
            file,
            at,
            (at + 1).min(text.len()),
            format!("invalid JSON: {message}"),
        ));
    }
    let Some(root) = root else { return lock };
    if root.as_object().is_none() {
        lock.problems.push(problem(
            file,
            root.start,
            root.end,
            "a package-lock.json must be a JSON object".into(),
        ));
        return lock;
    }
    match root.get("lockfileVersion").map(|v| &v.value) {
        Some(JsonValue::Number(n)) if matches!(n.as_str(), "1" | "2" | "3") => {}
        Some(_) => {
            let v = root
                .get("lockfileVersion")
                .map_or((0, 0), |v| (v.start, v.end));
            lock.problems.push(problem(
                file,
                v.0,
                v.1,
                "unknown `lockfileVersion`; expected 1, 2 or 3".into(),
            ));
        }
        None => lock.problems.push(problem(
            file,
            root.start,
            root.start + 1,
            "no `lockfileVersion`: not a package-lock.json".into(),
        )),
    }
    if let Some(packages) = root.get("packages") {
        Packages::new(file, &mut lock).read(packages);
        dedupe(&mut lock);
    } else if let Some(deps) = root.get("dependencies") {
        legacy(file, &mut lock, deps, &mut Vec::new());
        lock.edges.sort_unstable();
        dedupe(&mut lock);
    } else {
        lock.problems.push(problem(
            file,
            root.start,
            root.start + 1,
            "neither `packages` nor `dependencies`: nothing to read".into(),
        ));
    }
    lock
}

struct Packages<'l> {
    file: FileId,
    lock: &'l mut Lockfile,
    /// Folder key -> component index.
    index: HashMap<String, usize>,
}

impl<'l> Packages<'l> {
    fn new(file: FileId, lock: &'l mut Lockfile) -> Self {
        Packages {
            file,
            lock,
            index: HashMap::new(),
        }
    }

    fn read(mut self, packages: &Json) {
        let Some(entries) = packages.as_object() else {
            self.lock.problems.push(problem(
                self.file,
                packages.start,
                packages.end,
                "`packages` must be an object".into(),
            ));
            return;
        };
        // First pass: components; the project's own folders are kept aside as roots.
        let mut locals: Vec<(&str, &Json)> = Vec::new();
        let mut pending: Vec<(usize, &str, &Json)> = Vec::new();
        for (key, entry) in entries {
            let span = (key.start, entry.end);
            if entry.as_object().is_none() {
                self.lock.problems.push(problem(
                    self.file,
                    span.0,
                    span.1,
                    format!("entry `{}` must be an object", key.text),
                ));
                continue;
            }
            let Some(folder_name) = installed_name(&key.text) else {
                locals.push((key.text.as_str(), entry));
                continue;
            };
            if entry.get("link").and_then(Json::as_bool) == Some(true) {
                continue; // a symlink to a workspace or `file:` folder, listed under its own key
            }
            let name = entry
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or(folder_name);
            let Some(version) = entry.get("version").and_then(Json::as_str) else {
                self.lock.problems.push(problem(
                    self.file,
                    span.0,
                    span.1,
                    format!("`{}` has no `version`", key.text),
                ));
                continue;
            };
            let flag = |k: &str| entry.get(k).and_then(Json::as_bool) == Some(true);
            let scope = if flag("dev") {
                Scope::Dev
            } else if flag("optional") || flag("devOptional") {
                Scope::Optional
            } else {
                Scope::Runtime
            };
            let checksums = entry
                .get("integrity")
                .and_then(Json::as_str)
                .map(integrity)
                .unwrap_or_default();
            let source = entry
                .get("resolved")
                .and_then(Json::as_str)
                .and_then(non_registry_source);
            let license = entry
                .get("license")
                .and_then(Json::as_str)
                .map(str::to_owned);
            let index = self.lock.components.len();
            self.lock.components.push(Component {
                ecosystem: Ecosystem::Npm,
                name: name.to_owned(),
                version: version.to_owned(),
                purl: purl::for_name(Ecosystem::Npm, name, version),
                checksums,
                direct: Some(false),
                scope,
                license,
                source,
                span: Span::new(self.file, span.0, span.1),
            });
            self.index.insert(key.text.clone(), index);
            pending.push((index, key.text.as_str(), entry));
        }
        // Second pass: edges, and the direct dependencies of the root and the workspaces.
        for (index, key, entry) in pending {
            for (dep, _) in dependency_names(entry, false) {
                if let Some(target) = self.resolve(key, dep) {
                    self.lock.edges.push((index, target));
                }
            }
        }
        for (key, entry) in locals {
            for (dep, _) in dependency_names(entry, true) {
                if let Some(target) = self.resolve(key, dep) {
                    self.lock.components[target].direct = Some(true);
                }
            }
        }
        self.lock.edges.sort_unstable();
        self.lock.edges.dedup();
    }

    /// Node's lookup: `<from>/node_modules/<dep>`, then each enclosing `node_modules`.
    fn resolve(&self, from: &str, dep: &str) -> Option<usize> {
        let mut base = from.to_owned();
        loop {
            let candidate = if base.is_empty() {
                format!("node_modules/{dep}")
            } else {
                format!("{base}/node_modules/{dep}")
            };
            if let Some(&i) = self.index.get(&candidate) {
                return Some(i);
            }
            if base.is_empty() {
                return None;
            }
            base = match base.rfind("node_modules/") {
                Some(at) => base[..at].trim_end_matches('/').to_owned(),
                None => String::new(),
            };
        }
    }
}

/// The package name of an installed folder key (`node_modules/@s/x` -> `@s/x`), or `None`
/// for the project's own folders (`""`, `packages/util`).
fn installed_name(key: &str) -> Option<&str> {
    let at = key.rfind("node_modules/")?;
    let name = &key[at + "node_modules/".len()..];
    (!name.is_empty()).then_some(name)
}

/// The dependency names an entry lists; `dev` adds `devDependencies` (for the project's
/// own folders, whose dev dependencies are installed).
fn dependency_names(entry: &Json, dev: bool) -> Vec<(&str, &Json)> {
    let mut out = Vec::new();
    let mut kinds = vec!["dependencies", "optionalDependencies", "peerDependencies"];
    if dev {
        kinds.push("devDependencies");
    }
    for kind in kinds {
        if let Some(deps) = entry.get(kind).and_then(Json::as_object) {
            out.extend(deps.iter().map(|(k, v)| (k.text.as_str(), v)));
        }
    }
    out
}

/// lockfileVersion 1: a tree of `dependencies`, each with `version`, `integrity`,
/// `resolved`, `dev`, `optional`, `requires` and nested `dependencies`.
/// Nested entries sit in their parent's `node_modules`; `requires` names what each
/// needs, found in its own nested level first, then each enclosing one (`levels`).
/// Returns this level's names.
fn legacy(
    file: FileId,
    lock: &mut Lockfile,
    deps: &Json,
    levels: &mut Vec<HashMap<String, usize>>,
) -> HashMap<String, usize> {
    let mut here = HashMap::new();
    let Some(entries) = deps.as_object() else {
        lock.problems.push(problem(
            file,
            deps.start,
            deps.end,
            "`dependencies` must be an object".into(),
        ));
        return here;
    };
    let mut added = Vec::new();
    for (key, entry) in entries {
        let Some(version) = entry.get("version").and_then(Json::as_str) else {
            lock.problems.push(problem(
                file,
                key.start,
                entry.end,
                format!("`{}` has no `version`", key.text),
            ));
            continue;
        };
        // An alias records `npm:<real name>@<version>` as its version.
        let (name, version) = match version.strip_prefix("npm:").and_then(split_at_version) {
            Some((real, v)) => (real, v),
            None => (key.text.as_str(), version),
        };
        let flag = |k: &str| entry.get(k).and_then(Json::as_bool) == Some(true);
        let scope = if flag("dev") {
            Scope::Dev
        } else if flag("optional") {
            Scope::Optional
        } else {
            Scope::Runtime
        };
        let index = lock.components.len();
        lock.components.push(Component {
            ecosystem: Ecosystem::Npm,
            name: name.to_owned(),
            version: version.to_owned(),
            purl: purl::for_name(Ecosystem::Npm, name, version),
            checksums: entry
                .get("integrity")
                .and_then(Json::as_str)
                .map(integrity)
                .unwrap_or_default(),
            direct: None,
            scope,
            license: None,
            source: entry
                .get("resolved")
                .and_then(Json::as_str)
                .and_then(non_registry_source),
            span: Span::new(file, key.start, entry.end),
        });
        here.insert(key.text.clone(), index);
        added.push((index, entry));
    }
    // The enclosing levels stay on a stack (not copied), so reading is linear in the size.
    levels.push(here);
    for (index, entry) in added {
        let nested = match entry.get("dependencies") {
            Some(nested) if levels.len() < json::MAX_DEPTH => legacy(file, lock, nested, levels),
            _ => HashMap::new(),
        };
        for (dep, _) in entry
            .get("requires")
            .and_then(Json::as_object)
            .unwrap_or_default()
        {
            let target = nested
                .get(&dep.text)
                .or_else(|| levels.iter().rev().find_map(|level| level.get(&dep.text)));
            if let Some(&target) = target {
                lock.edges.push((index, target));
            }
        }
    }
    levels.pop().unwrap_or_default()
}

/// `name@version` -> (name, version), where a scoped name starts with `@`.
pub(crate) fn split_at_version(spec: &str) -> Option<(&str, &str)> {
    let at = spec.get(1..)?.rfind('@')? + 1;
    let (name, version) = (&spec[..at], &spec[at + 1..]);
    (!name.is_empty() && !version.is_empty()).then_some((name, version))
}

/// The Subresource Integrity string split into its hashes (npm may write several).
pub(crate) fn integrity(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// A `resolved` URL, unless it is a tarball of the public npm registry.
pub(crate) fn non_registry_source(resolved: &str) -> Option<String> {
    const REGISTRIES: [&str; 2] = [
        "https://registry.npmjs.org/",
        "https://registry.yarnpkg.com/",
    ];
    (!REGISTRIES.iter().any(|r| resolved.starts_with(r))).then(|| resolved.to_owned())
}

pub(crate) fn problem(file: FileId, start: usize, end: usize, message: String) -> Problem {
    Problem {
        span: Span::new(file, start, end),
        message,
    }
}

/// The scope that counts when a component is reached in two ways: run time over
/// optional over build over dev.
pub(crate) fn stronger(a: Scope, b: Scope) -> Scope {
    let rank = |s| match s {
        Scope::Runtime => 0,
        Scope::Optional => 1,
        Scope::Build => 2,
        Scope::Dev => 3,
    };
    if rank(b) < rank(a) { b } else { a }
}

/// Merges components with the same package URL and source (npm installs one version in
/// several folders; an alias and its target are one package): the first keeps its place,
/// takes the others' checksums, the strongest scope and `direct` if any is direct, and
/// edges are redirected to it.
pub(crate) fn dedupe(lock: &mut Lockfile) {
    let mut first: HashMap<(String, Option<String>), usize> = HashMap::new();
    let mut remap = Vec::with_capacity(lock.components.len());
    let mut kept: Vec<Component> = Vec::with_capacity(lock.components.len());
    for c in std::mem::take(&mut lock.components) {
        let key = (c.purl.clone(), c.source.clone());
        if let Some(&k) = first.get(&key) {
            let target: &mut Component = &mut kept[k];
            for sum in c.checksums {
                if !target.checksums.contains(&sum) {
                    target.checksums.push(sum);
                }
            }
            target.scope = stronger(target.scope, c.scope);
            target.direct = match (target.direct, c.direct) {
                (Some(a), Some(b)) => Some(a || b),
                (a, b) => a.or(b),
            };
            if target.license.is_none() {
                target.license = c.license;
            }
            remap.push(k);
        } else {
            first.insert(key, kept.len());
            remap.push(kept.len());
            kept.push(c);
        }
    }
    lock.components = kept;
    let mut edges: Vec<(usize, usize)> = lock
        .edges
        .iter()
        .filter_map(|&(a, b)| Some((*remap.get(a)?, *remap.get(b)?)))
        .filter(|(a, b)| a != b)
        .collect();
    edges.sort_unstable();
    edges.dedup();
    lock.edges = edges;
}

/// Sets each component's scope from the roots that reach it: run time wins over
/// optional, optional over build, build over dev. Components no root reaches keep the
/// scope they have. Roots are (component, scope of that dependency).
pub(crate) fn propagate_scopes(lock: &mut Lockfile, roots: &[(usize, Scope)]) {
    let n = lock.components.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in &lock.edges {
        if from < n && to < n {
            next[from].push(to);
        }
    }
    let mut reached = vec![false; n];
    for scope in [Scope::Runtime, Scope::Optional, Scope::Build, Scope::Dev] {
        let mut stack: Vec<usize> = roots
            .iter()
            .filter(|r| r.1 == scope && r.0 < n)
            .map(|r| r.0)
            .collect();
        while let Some(i) = stack.pop() {
            if reached[i] {
                continue;
            }
            reached[i] = true;
            lock.components[i].scope = scope;
            stack.extend(next[i].iter().copied().filter(|&j| !reached[j]));
        }
    }
}
