//! `yarn.lock`, both formats: Yarn 1 ("classic", its own indented format) and Yarn 2+
//! ("Berry", YAML with `__metadata`).
//!
//! Each entry is keyed by the descriptors (`name@range`, comma-separated) that resolved
//! to it; dependencies are found again through those descriptors. Classic lockfiles do not
//! say what the project depends on directly nor what is dev-only: that takes the
//! `package.json` beside them ([`read_with_manifest`]). Berry lists the project's
//! workspaces as entries (`resolution: "x@workspace:."`), which are not components but
//! whose dependencies are direct; it merges dev dependencies into them, so the scopes
//! again come from `package.json`. Aliases (`x@npm:ms@1.0.0`) become the real package;
//! a `patch:` entry is the package it patches.

use crate::json::{self, Json};
use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Scope};
use crate::npm::{
    dedupe, integrity, non_registry_source, problem, propagate_scopes, split_at_version,
};
use crate::purl;
use medtrace_core::yaml::{Node, Value};
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// Reads a `yarn.lock` of either format, telling them apart by content.
pub fn read(file: FileId, text: &str) -> Lockfile {
    read_with_manifest(file, text, None)
}

/// Reads a `yarn.lock` with the project's `package.json` (file id and text), which says
/// which dependencies are direct and which are dev-only or optional.
pub fn read_with_manifest(file: FileId, text: &str, manifest: Option<(FileId, &str)>) -> Lockfile {
    let berry = text.lines().any(|l| l.starts_with("__metadata:"));
    let mut lock = Lockfile {
        format: if berry {
            LockfileFormat::YarnBerry
        } else {
            LockfileFormat::YarnClassic
        },
        components: Vec::new(),
        edges: Vec::new(),
        problems: Vec::new(),
    };
    let roots = manifest.map(|(mfile, mtext)| manifest_roots(mfile, mtext, &mut lock));
    let (descriptors, mut found) = if berry {
        read_berry(file, text, roots.is_some(), &mut lock)
    } else {
        (read_classic(file, text, &mut lock), Vec::new())
    };
    if let Some(roots) = roots {
        for (name, range, scope) in roots {
            let target = descriptors
                .get(&format!("{name}@{range}"))
                .or_else(|| descriptors.get(&format!("{name}@npm:{range}")));
            if let Some(&i) = target {
                lock.components[i].direct = Some(true);
                found.push((i, scope));
            }
        }
        for c in &mut lock.components {
            c.direct.get_or_insert(false);
        }
    }
    propagate_scopes(&mut lock, &found);
    dedupe(&mut lock);
    lock
}

/// (name, range, scope) of each dependency `package.json` declares.
fn manifest_roots(file: FileId, text: &str, lock: &mut Lockfile) -> Vec<(String, String, Scope)> {
    let (root, error) = json::parse(text);
    if let Some((at, message)) = error {
        lock.problems.push(problem(
            file,
            at,
            (at + 1).min(text.len()),
            format!("invalid JSON in package.json: {message}"),
        ));
    }
    manifest_dependencies(root.as_ref())
}

/// The dependencies a `package.json` declares, with the scope of each kind.
pub(crate) fn manifest_dependencies(root: Option<&Json>) -> Vec<(String, String, Scope)> {
    let mut out = Vec::new();
    let Some(root) = root else { return out };
    for (kind, scope) in [
        ("dependencies", Scope::Runtime),
        ("optionalDependencies", Scope::Optional),
        ("devDependencies", Scope::Dev),
    ] {
        for (name, range) in root.get(kind).and_then(Json::as_object).unwrap_or_default() {
            if let Some(range) = range.as_str() {
                out.push((name.text.clone(), range.to_owned(), scope));
            }
        }
    }
    out
}

/// `name@range` -> (name, range), the name possibly scoped (`@s/x@^1`).
fn split_descriptor(descriptor: &str) -> Option<(&str, &str)> {
    let at = descriptor.get(1..)?.find('@')? + 1;
    Some((&descriptor[..at], &descriptor[at + 1..]))
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => text.to_owned(),
    }
}

/// Yarn 1: `descriptor[, descriptor]:` lines, two-space fields, four-space dependencies.
fn read_classic(file: FileId, text: &str, lock: &mut Lockfile) -> HashMap<String, usize> {
    struct Entry {
        descriptors: Vec<String>,
        fields: HashMap<String, String>,
        dependencies: Vec<(String, String)>,
        span: (usize, usize),
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut block: Option<String> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let end = start + line.len();
        match line.len() - body.len() {
            0 => {
                block = None;
                let Some(keys) = body.strip_suffix(':') else {
                    lock.problems.push(problem(
                        file,
                        start,
                        end,
                        "expected `descriptor:` to start an entry".into(),
                    ));
                    continue;
                };
                let descriptors = keys.split(", ").map(unquote).collect();
                entries.push(Entry {
                    descriptors,
                    fields: HashMap::new(),
                    dependencies: Vec::new(),
                    span: (start, end),
                });
            }
            indent => {
                let Some(entry) = entries.last_mut() else {
                    lock.problems.push(problem(
                        file,
                        start,
                        end,
                        "indented line outside an entry".into(),
                    ));
                    continue;
                };
                entry.span.1 = end;
                if let (2, Some(name)) = (indent, body.strip_suffix(':')) {
                    block = Some(name.to_owned());
                    continue;
                }
                let (key, value) = split_key(body);
                match (indent, &block) {
                    (2, _) => {
                        block = None;
                        entry.fields.insert(key, value);
                    }
                    (4, Some(b)) if b == "dependencies" || b == "optionalDependencies" => {
                        entry.dependencies.push((key, value))
                    }
                    (4, Some(_)) => {}
                    _ => lock.problems.push(problem(
                        file,
                        start,
                        end,
                        "unexpected indentation".into(),
                    )),
                }
            }
        }
    }
    let mut descriptors = HashMap::new();
    let mut indices = Vec::new();
    for entry in &entries {
        let Some(first) = entry.descriptors.first() else {
            continue;
        };
        let Some((key_name, range)) = split_descriptor(first) else {
            lock.problems.push(problem(
                file,
                entry.span.0,
                entry.span.1,
                format!("cannot read the descriptor `{first}`"),
            ));
            continue;
        };
        let name = range
            .strip_prefix("npm:")
            .and_then(split_at_version)
            .map_or(key_name, |(real, _)| real);
        let Some(version) = entry.fields.get("version") else {
            lock.problems.push(problem(
                file,
                entry.span.0,
                entry.span.1,
                format!("`{first}` has no `version`"),
            ));
            continue;
        };
        let resolved = entry.fields.get("resolved");
        let mut checksums = entry
            .fields
            .get("integrity")
            .map(|i| integrity(i))
            .unwrap_or_default();
        if checksums.is_empty()
            && let Some((_, sha1)) = resolved
                .and_then(|r| r.split_once('#'))
                .filter(|(_, h)| h.len() == 40)
        {
            checksums.push(format!("sha1:{sha1}"));
        }
        let source = resolved.and_then(|r| non_registry_source(r));
        let index = lock.components.len();
        lock.components.push(component(
            name,
            version,
            checksums,
            source,
            Span::new(file, entry.span.0, entry.span.1),
        ));
        for d in &entry.descriptors {
            descriptors.insert(d.clone(), index);
        }
        indices.push((index, entry));
    }
    for (index, entry) in indices {
        for (name, range) in &entry.dependencies {
            if let Some(&to) = descriptors.get(&format!("{name}@{range}")) {
                lock.edges.push((index, to));
            }
        }
    }
    descriptors
}

/// `key value` / `key "value"` / `"key" "value"` of a classic line.
fn split_key(body: &str) -> (String, String) {
    if let Some(rest) = body.strip_prefix('"')
        && let Some(close) = rest.find('"')
    {
        return (rest[..close].to_owned(), unquote(&rest[close + 1..]));
    }
    match body.split_once(' ') {
        Some((k, v)) => (k.to_owned(), unquote(v)),
        None => (body.to_owned(), String::new()),
    }
}

fn component(
    name: &str,
    version: &str,
    checksums: Vec<String>,
    source: Option<String>,
    span: Span,
) -> Component {
    Component {
        ecosystem: Ecosystem::Npm,
        name: name.to_owned(),
        version: version.to_owned(),
        purl: purl::for_name(Ecosystem::Npm, name, version),
        checksums,
        direct: None,
        scope: Scope::Runtime,
        license: None,
        source,
        span,
    }
}

/// Yarn 2+: a YAML mapping of descriptors to entries. Returns the descriptors and the
/// workspaces' dependencies as roots (the root workspace's only without `package.json`).
fn read_berry(
    file: FileId,
    text: &str,
    manifest: bool,
    lock: &mut Lockfile,
) -> (HashMap<String, usize>, Vec<(usize, Scope)>) {
    let mut descriptors = HashMap::new();
    let mut roots = Vec::new();
    let Some(root) = parse_yaml(file, text, lock) else {
        return (descriptors, roots);
    };
    let Value::Map(entries) = &root.value else {
        lock.problems.push(problem(
            file,
            root.span.start as usize,
            root.span.end as usize,
            "a yarn.lock must be a mapping".into(),
        ));
        return (descriptors, roots);
    };
    let mut deps_of: Vec<(Option<usize>, &Node)> = Vec::new();
    for (key, entry) in entries {
        let Some(keys) = key.as_str() else { continue };
        if keys == "__metadata" {
            continue;
        }
        let span = Span::new(file, key.span.start as usize, entry.span.end as usize);
        let resolution = get_str(entry, "resolution").unwrap_or_default();
        let Some((name, reference)) = split_descriptor(resolution) else {
            lock.problems.push(problem(
                file,
                span.start as usize,
                span.end as usize,
                format!("`{keys}` has no readable `resolution`"),
            ));
            continue;
        };
        let index = if reference.starts_with("workspace:") {
            None // the project itself
        } else {
            let Some(version) = get_str(entry, "version") else {
                lock.problems.push(problem(
                    file,
                    span.start as usize,
                    span.end as usize,
                    format!("`{keys}` has no `version`"),
                ));
                continue;
            };
            let source = if reference.starts_with("npm:") || reference.starts_with("patch:") {
                None
            } else {
                Some(reference.to_owned())
            };
            let checksums = get_str(entry, "checksum")
                .map(|c| vec![c.to_owned()])
                .unwrap_or_default();
            lock.components
                .push(component(name, version, checksums, source, span));
            Some(lock.components.len() - 1)
        };
        if let Some(index) = index {
            for d in keys.split(',') {
                descriptors.insert(d.trim().to_owned(), index);
            }
        }
        deps_of.push((index, entry));
    }
    let is_root =
        |entry: &Node| get_str(entry, "resolution").is_some_and(|r| r.ends_with("@workspace:."));
    for (from, entry) in deps_of {
        let optional: Vec<&str> = match get(entry, "dependenciesMeta").map(|m| &m.value) {
            Some(Value::Map(meta)) => meta
                .iter()
                .filter(|(_, v)| get_str(v, "optional") == Some("true"))
                .filter_map(|(k, _)| k.as_str())
                .collect(),
            _ => Vec::new(),
        };
        let Some(Value::Map(deps)) = get(entry, "dependencies").map(|d| &d.value) else {
            continue;
        };
        for (name, range) in deps {
            let (Some(name), Some(range)) = (name.as_str(), range.as_str()) else {
                continue;
            };
            let target = descriptors
                .get(&format!("{name}@{range}"))
                .or_else(|| descriptors.get(&format!("{name}@npm:{range}")));
            let Some(&to) = target else { continue };
            match from {
                Some(from) => lock.edges.push((from, to)),
                None => {
                    lock.components[to].direct = Some(true);
                    // With package.json, the root workspace's kinds come from it instead.
                    if !manifest || !is_root(entry) {
                        let scope = if optional.contains(&name) {
                            Scope::Optional
                        } else {
                            Scope::Runtime
                        };
                        roots.push((to, scope));
                    }
                }
            }
        }
    }
    for c in &mut lock.components {
        c.direct.get_or_insert(false);
    }
    (descriptors, roots)
}

/// Parses YAML with the core's spanned reader; its findings become problems.
pub(crate) fn parse_yaml(file: FileId, text: &str, lock: &mut Lockfile) -> Option<Node> {
    let mut diags = Vec::new();
    let root = medtrace_core::yaml::parse(file, 0, text, &mut diags);
    for d in diags {
        // The core may point one past the end at an error at the end of the text.
        let span = d.span.map_or(Span::new(file, 0, 0), |s| {
            let end = (s.end as usize).min(text.len());
            Span::new(file, (s.start as usize).min(end), end)
        });
        lock.problems.push(crate::model::Problem {
            span,
            message: d.message,
        });
    }
    if root.is_none() && lock.problems.is_empty() {
        lock.problems
            .push(problem(file, 0, 0, "empty file: nothing to read".into()));
    }
    root
}

/// The value of `key` in a YAML mapping.
pub(crate) fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The scalar value of `key` in a YAML mapping.
pub(crate) fn get_str<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    get(node, key).and_then(Node::as_str)
}
