//! `Pipfile.lock` (pipfile-spec 6), as pipenv writes it: `default` (run time), `develop`
//! (dev) and any custom package categories (optional), each mapping a name to
//! `{"version": "==x", "hashes": [...], "markers": "…", "index": "…"}` or to a `git`,
//! `path` or `file` source. pipenv records no dependency edges and not which packages
//! the `Pipfile` names: with the `Pipfile` ([`read_with_manifest`]) those are direct.
//! A package locked in two categories at one version is one component, with the
//! stronger scope.

use super::tomlread;
use super::{Entry, Sink, index_source, names};
use crate::json::{self, Json};
use crate::model::{Lockfile, LockfileFormat, Scope};
use medtrace_core::FileId;
use std::collections::{HashMap, HashSet};

/// Reads a `Pipfile.lock` alone: `direct` is unknown.
pub fn read(file: FileId, text: &str) -> Lockfile {
    read_with_manifest(file, text, None)
}

/// Reads a `Pipfile.lock` with the `Pipfile` beside it (its file id and text), which
/// says which components are direct.
pub fn read_with_manifest(file: FileId, text: &str, manifest: Option<(FileId, &str)>) -> Lockfile {
    let mut sink = Sink::new(file);
    let (root, error) = json::parse(text);
    if let Some((at, message)) = error {
        let at = (0..=at.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        sink.push(at, end, format!("invalid JSON: {message}"));
    }
    let mut manifest_problems = Vec::new();
    let direct = manifest.map(|(file, text)| {
        let mut manifest_sink = Sink::new(file);
        let names = pipfile_names(text, &mut manifest_sink);
        manifest_problems = manifest_sink.problems;
        names
    });
    let mut entries = Entries::default();
    match root.as_ref().and_then(|r| r.as_object().map(|o| (r, o))) {
        Some((root, sections)) => {
            let sources = sources(root);
            for (key, section) in sections {
                let scope = match key.text.as_str() {
                    "_meta" => continue,
                    "default" => Scope::Runtime,
                    "develop" => Scope::Dev,
                    _ => Scope::Optional,
                };
                read_section(section, scope, &sources, &mut sink, &mut entries);
            }
            if root.get("_meta").is_none() && root.get("default").is_none() {
                sink.push(
                    root.start,
                    root.start + 1,
                    "neither `_meta` nor `default`: not a Pipfile.lock",
                );
            }
        }
        None => {
            if let Some(root) = &root {
                sink.push(root.start, root.end, "a Pipfile.lock must be a JSON object");
            }
        }
    }
    let components = entries
        .list
        .into_iter()
        .map(|(entry, scope)| {
            let is_direct = direct
                .as_ref()
                .map(|d| d.contains(&names::normalise(&entry.name)));
            entry.into_component(file, scope, is_direct)
        })
        .collect();
    let mut problems = sink.problems;
    problems.append(&mut manifest_problems);
    Lockfile {
        format: LockfileFormat::PipfileLock,
        components,
        edges: Vec::new(),
        problems,
    }
}

/// `_meta.sources`: index name → URL; the first is where packages without `index` come from.
fn sources(root: &Json) -> (HashMap<&str, &str>, Option<&str>) {
    let list = root
        .get("_meta")
        .and_then(|m| m.get("sources"))
        .and_then(Json::as_array)
        .unwrap_or_default();
    let pairs: Vec<(&str, &str)> = list
        .iter()
        .filter_map(|s| Some((s.get("name")?.as_str()?, s.get("url")?.as_str()?)))
        .collect();
    let first = pairs.first().map(|p| p.1);
    (pairs.into_iter().collect(), first)
}

/// The entries read, each once: a package locked in two categories at one version and
/// source is one entry with the stronger scope.
#[derive(Default)]
struct Entries {
    list: Vec<(Entry, Scope)>,
    seen: HashMap<(String, String, Option<String>), usize>,
}

impl Entries {
    fn add(&mut self, entry: Entry, scope: Scope) {
        let key = (
            names::normalise(&entry.name),
            entry.version.clone(),
            entry.source.clone(),
        );
        match self.seen.get(&key) {
            Some(&i) => self.list[i].1 = stronger(self.list[i].1, scope),
            None => {
                self.seen.insert(key, self.list.len());
                self.list.push((entry, scope));
            }
        }
    }
}

fn read_section(
    section: &Json,
    scope: Scope,
    sources: &(HashMap<&str, &str>, Option<&str>),
    sink: &mut Sink,
    entries: &mut Entries,
) {
    let Some(packages) = section.as_object() else {
        sink.push(
            section.start,
            section.end,
            "a package category must be an object",
        );
        return;
    };
    for (key, package) in packages {
        let name = key.text.as_str();
        let span = (key.start, package.end);
        if package.as_object().is_none() {
            sink.push(
                span.0,
                span.1,
                format!("package `{name}` must be an object"),
            );
            continue;
        }
        let field = |k: &str| package.get(k).and_then(Json::as_str);
        let source = if let Some(git) = field("git") {
            Some(match field("ref") {
                Some(r) => format!("git+{git}@{r}"),
                None => format!("git+{git}"),
            })
        } else if let Some(location) = field("path").or_else(|| field("file")) {
            Some(location.to_owned())
        } else {
            let index = field("index")
                .and_then(|i| sources.0.get(i).copied())
                .or(sources.1);
            index.and_then(index_source)
        };
        let version = match field("version") {
            Some(v) => match v.strip_prefix("==").or_else(|| v.strip_prefix("===")) {
                Some(v) if !v.trim().is_empty() && !v.contains(['*', ',', '<', '>']) => {
                    v.trim().to_owned()
                }
                _ => {
                    sink.push(span.0, span.1, format!("`{name}` is not pinned (`{v}`)"));
                    continue;
                }
            },
            // Locked from a repository or a folder: no version to pin.
            None if package.get("git").is_some()
                || package.get("path").is_some()
                || package.get("file").is_some() =>
            {
                String::new()
            }
            None => {
                sink.push(span.0, span.1, format!("package `{name}` has no `version`"));
                continue;
            }
        };
        let checksums = match package.get("hashes") {
            Some(list) => hashes(list, name, sink),
            None => Vec::new(),
        };
        let entry = Entry {
            name: name.to_owned(),
            version,
            span,
            checksums,
            source,
        };
        entries.add(entry, scope);
    }
}

fn hashes(list: &Json, name: &str, sink: &mut Sink) -> Vec<String> {
    let Some(items) = list.as_array() else {
        sink.push(
            list.start,
            list.end,
            format!("`hashes` of `{name}` must be a list"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match item.as_str() {
            Some(hash) => out.push(hash.to_owned()),
            None => sink.push(
                item.start,
                item.end,
                format!("a hash of `{name}` must be a string"),
            ),
        }
    }
    out
}

/// Run time over optional over dev.
fn stronger(a: Scope, b: Scope) -> Scope {
    let rank = |s| match s {
        Scope::Runtime => 0,
        Scope::Optional => 1,
        Scope::Build => 2,
        Scope::Dev => 3,
    };
    if rank(b) < rank(a) { b } else { a }
}

/// The normalised names a `Pipfile` lists in `[packages]`, `[dev-packages]` and custom
/// categories (every table but `[[source]]`, `[requires]`, `[scripts]`, `[pipenv]`).
fn pipfile_names(text: &str, sink: &mut Sink) -> HashSet<String> {
    let root = tomlread::parse(text, sink);
    let mut out = HashSet::new();
    for (key, value) in root.get_ref() {
        if matches!(
            key.get_ref().as_ref(),
            "source" | "requires" | "scripts" | "pipenv"
        ) {
            continue;
        }
        if let Some(table) = tomlread::table(sink, value, key.get_ref()) {
            out.extend(table.keys().map(|name| names::normalise(name.get_ref())));
        }
    }
    out
}
