//! `poetry.lock`, lock-version 1.x (Poetry 1.0–1.4: `category = "main"|"dev"`, hashes in
//! `[metadata.files]`) and 2.x (Poetry 1.5+: hashes in each package's `files`; Poetry 2
//! adds `groups = ["main", "dev"]`).
//!
//! The lockfile lists packages without the project itself, so which are direct comes from
//! the `pyproject.toml` beside it ([`read_with_manifest`]). The scope comes from the
//! lockfile where it says (`groups`, `category`; `optional = true` marks a package only an
//! extra installs); lock-version 2.0 files of Poetry 1.5–1.8 say neither, and there the
//! scope is walked from the manifest's dependencies (run time without one).

use super::graph::{Dep, Graph, Seed};
use super::tomlread::{self, Value};
use super::{Entry, Sink, index_by_name, index_source, names, pyproject, requirement_extras};
use crate::model::{Lockfile, LockfileFormat, Scope};
use medtrace_core::FileId;
use std::collections::{HashMap, HashSet};
use toml::de::DeTable;

/// Reads a `poetry.lock` alone: `direct` is unknown.
pub fn read(file: FileId, text: &str) -> Lockfile {
    read_with_manifest(file, text, None)
}

/// Reads a `poetry.lock` with the `pyproject.toml` beside it (its file id and text),
/// which says which components are direct and, for lockfiles without groups, the scopes.
pub fn read_with_manifest(file: FileId, text: &str, manifest: Option<(FileId, &str)>) -> Lockfile {
    let mut sink = Sink::new(file);
    let root = tomlread::parse(text, &mut sink);
    let root = root.get_ref();
    let packages = packages(root, &mut sink);
    let by_name = index_by_name(packages.iter().map(|p| p.entry.name.as_str()));
    let graph = graph(&packages, &by_name);

    let mut manifest_problems = Vec::new();
    let direct = manifest.map(|(file, text)| {
        let mut manifest_sink = Sink::new(file);
        let direct = pyproject::read(text, &mut manifest_sink);
        manifest_problems = manifest_sink.problems;
        direct
    });
    let direct_names: Option<HashSet<&str>> = direct
        .as_ref()
        .map(|d| d.iter().map(|d| d.name.as_str()).collect());
    let seeds: Vec<Seed> = direct
        .iter()
        .flatten()
        .flat_map(|d| {
            let targets = by_name.get(&d.name).map(Vec::as_slice).unwrap_or_default();
            targets.iter().map(|&t| Seed {
                dep: d.dep(t),
                scope: d.scope,
            })
        })
        .collect();
    let walked = graph.scopes(&seeds);
    let lock_says_scope = packages
        .iter()
        .any(|p| p.groups.is_some() || p.category.is_some());

    let edges = graph.edges(&seeds);
    let components = packages
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let scope = if lock_says_scope {
                p.lock_scope()
            } else {
                walked[i].unwrap_or(Scope::Runtime)
            };
            let scope = if p.optional && scope == Scope::Runtime {
                Scope::Optional
            } else {
                scope
            };
            let is_direct = direct_names
                .as_ref()
                .map(|d| d.contains(names::normalise(&p.entry.name).as_str()));
            p.entry.into_component(file, scope, is_direct)
        })
        .collect();
    let mut problems = sink.problems;
    problems.append(&mut manifest_problems);
    Lockfile {
        format: LockfileFormat::PoetryLock,
        components,
        edges,
        problems,
    }
}

struct Package {
    entry: Entry,
    category: Option<String>,
    groups: Option<Vec<String>>,
    optional: bool,
    /// Dependencies: normalised name, extras asked for, whether optional, the version
    /// if pinned exactly.
    deps: Vec<PoetryDep>,
    /// The package's extras: name and the names of the requirements each adds.
    extras: Vec<(String, Vec<Requirement>)>,
}

/// A requirement an extra adds: the normalised name and the extras it asks for.
type Requirement = (String, Vec<String>);

struct PoetryDep {
    name: String,
    extras: Vec<String>,
    optional: bool,
    exact: Option<String>,
}

impl Package {
    fn lock_scope(&self) -> Scope {
        let main = match (&self.groups, &self.category) {
            (Some(groups), _) => groups.iter().any(|g| g == "main"),
            (None, Some(category)) => category != "dev",
            (None, None) => true,
        };
        if main { Scope::Runtime } else { Scope::Dev }
    }
}

fn packages(root: &DeTable<'_>, sink: &mut Sink) -> Vec<Package> {
    let metadata = root
        .get("metadata")
        .and_then(|m| tomlread::table(sink, m, "metadata"));
    if let Some(metadata) = metadata {
        check_lock_version(metadata, sink);
    }
    let Some(list) = root.get("package") else {
        if metadata.is_none() {
            sink.push(
                0,
                0,
                "neither `[[package]]` nor `[metadata]`: not a poetry.lock",
            );
        }
        return Vec::new();
    };
    let legacy_files = metadata
        .and_then(|m| m.get("files"))
        .and_then(|f| tomlread::table(sink, f, "metadata.files"))
        .map(|files| {
            files
                .iter()
                .map(|(name, list)| (names::normalise(name.get_ref()), file_hashes(sink, list)))
                .collect::<HashMap<_, _>>()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for value in tomlread::array(sink, list, "package").unwrap_or_default() {
        if let Some(mut package) = package(value, sink) {
            if package.entry.checksums.is_empty() {
                package.entry.checksums = legacy_checksums(&legacy_files, &package.entry);
            }
            out.push(package);
        }
    }
    out
}

fn check_lock_version(metadata: &DeTable<'_>, sink: &mut Sink) {
    let Some(value) = metadata.get("lock-version") else {
        return;
    };
    let Some(version) = tomlread::string(sink, value, "lock-version") else {
        return;
    };
    if !matches!(version.split('.').next(), Some("1" | "2")) {
        let r = value.span();
        sink.push(
            r.start,
            r.end,
            format!("unknown lock-version {version}; read as 2.x"),
        );
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
    let Some((version, version_end)) = field(sink, "version") else {
        if !table.contains_key("version") {
            sink.push(
                header.start,
                header.end,
                format!("package `{name}` has no `version`"),
            );
        }
        return None;
    };
    let category = field(sink, "category").map(|c| c.0);
    let groups = table.get("groups").map(|g| {
        tomlread::strings(sink, g, "groups")
            .into_iter()
            .map(str::to_owned)
            .collect()
    });
    let optional = table
        .get("optional")
        .and_then(|v| tomlread::boolean(sink, v, "optional"))
        .unwrap_or(false);
    let checksums = table
        .get("files")
        .map(|f| file_hashes(sink, f))
        .unwrap_or_default();
    let checksums = checksums.into_iter().map(|(_, hash)| hash).collect();
    let source = table
        .get("source")
        .and_then(|s| tomlread::table(sink, s, "source"))
        .and_then(|s| source(s, sink));
    let deps = table
        .get("dependencies")
        .and_then(|d| tomlread::table(sink, d, "dependencies"))
        .map(|d| dependencies(d, sink))
        .unwrap_or_default();
    let extras = table
        .get("extras")
        .and_then(|e| tomlread::table(sink, e, "extras"))
        .map(|e| extras(e, sink))
        .unwrap_or_default();
    Some(Package {
        entry: Entry {
            name,
            version,
            span: (header.start, name_end.max(version_end)),
            checksums,
            source,
        },
        category,
        groups,
        optional,
        deps,
        extras,
    })
}

/// `files = [{file = "…", hash = "sha256:…"}]`: (file name, hash).
fn file_hashes(sink: &mut Sink, list: &Value<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in tomlread::array(sink, list, "files").unwrap_or_default() {
        let Some(entry) = tomlread::table(sink, item, "files") else {
            continue;
        };
        let name = entry
            .get("file")
            .and_then(|v| tomlread::string(sink, v, "file"));
        let hash = entry
            .get("hash")
            .and_then(|v| tomlread::string(sink, v, "hash"));
        if let Some(hash) = hash {
            out.push((name.unwrap_or_default().to_owned(), hash.to_owned()));
        }
    }
    out
}

/// Lock-version 1.x keeps one list per name; with several versions of a name locked,
/// a file belongs to the version its file name carries.
fn legacy_checksums(files: &HashMap<String, Vec<(String, String)>>, entry: &Entry) -> Vec<String> {
    let Some(list) = files.get(&names::normalise(&entry.name)) else {
        return Vec::new();
    };
    let marker = format!("-{}", entry.version);
    let mine = |file: &str| {
        file.match_indices(&marker).any(|(at, m)| {
            let rest = &file[at + m.len()..];
            rest.starts_with('-')
                || [".tar", ".zip", ".whl", ".egg", ".exe"]
                    .iter()
                    .any(|e| rest.starts_with(e))
        })
    };
    let own: Vec<String> = list
        .iter()
        .filter(|(f, _)| mine(f))
        .map(|(_, h)| h.clone())
        .collect();
    if own.is_empty() {
        list.iter().map(|(_, h)| h.clone()).collect()
    } else {
        own
    }
}

/// `[package.source]`: `legacy` (an index), `git`, `directory`, `file` or `url`.
fn source(table: &DeTable<'_>, sink: &mut Sink) -> Option<String> {
    let get =
        |sink: &mut Sink, key: &str| table.get(key).and_then(|v| tomlread::string(sink, v, key));
    let kind = get(sink, "type")?;
    let url = get(sink, "url")?;
    match kind {
        "legacy" => index_source(url),
        "git" => {
            let reference = get(sink, "resolved_reference").or_else(|| get(sink, "reference"));
            Some(match reference {
                Some(r) if !r.is_empty() => format!("git+{url}@{r}"),
                _ => format!("git+{url}"),
            })
        }
        _ => Some(url.to_owned()),
    }
}

/// `[package.dependencies]`: `name = "constraint"`, `name = {version, optional, extras,
/// markers}` or a list of such tables (one per marker).
fn dependencies(table: &DeTable<'_>, sink: &mut Sink) -> Vec<PoetryDep> {
    let mut out = Vec::new();
    for (name, spec) in table {
        let specs: &[Value<'_>] = match spec.get_ref().as_array() {
            Some(list) => list,
            None => std::slice::from_ref(spec),
        };
        for spec in specs {
            let mut dep = PoetryDep {
                name: names::normalise(name.get_ref()),
                extras: Vec::new(),
                optional: false,
                exact: None,
            };
            let constraint = match spec.get_ref() {
                toml::de::DeValue::String(s) => Some(s.as_ref()),
                toml::de::DeValue::Table(t) => {
                    dep.optional = t
                        .get("optional")
                        .and_then(|v| tomlread::boolean(sink, v, "optional"))
                        .unwrap_or(false);
                    if let Some(list) = t.get("extras") {
                        dep.extras = tomlread::strings(sink, list, "extras")
                            .into_iter()
                            .map(names::normalise)
                            .collect();
                    }
                    t.get("version")
                        .and_then(|v| tomlread::string(sink, v, "version"))
                }
                _ => {
                    let r = spec.span();
                    sink.push(
                        r.start,
                        r.end,
                        format!("cannot read the dependency on `{}`", name.get_ref()),
                    );
                    continue;
                }
            };
            dep.exact = constraint.and_then(exact_version);
            out.push(dep);
        }
    }
    out
}

/// The version a constraint pins exactly (`2.0`, `==2.0`), if it does.
fn exact_version(constraint: &str) -> Option<String> {
    let c = constraint.trim();
    let c = c.strip_prefix("==").unwrap_or(c).trim();
    let exact = !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '+' | '!' | '-' | '_'));
    exact.then(|| c.to_owned())
}

/// `[package.extras]`: `socks = ["PySocks (>=1.5.6,!=1.5.7)"]`.
fn extras(table: &DeTable<'_>, sink: &mut Sink) -> Vec<(String, Vec<Requirement>)> {
    let mut out = Vec::new();
    for (extra, list) in table {
        let requirements = tomlread::strings(sink, list, "extras")
            .into_iter()
            .filter_map(|r| {
                let r = r.trim_start();
                let len = names::name_len(r);
                (len > 0).then(|| (names::normalise(&r[..len]), requirement_extras(r)))
            })
            .collect();
        out.push((names::normalise(extra.get_ref()), requirements));
    }
    out
}

fn graph(packages: &[Package], by_name: &HashMap<String, Vec<usize>>) -> Graph {
    let mut graph = Graph::new(packages.len());
    for (i, package) in packages.iter().enumerate() {
        for dep in package.deps.iter().filter(|d| !d.optional) {
            graph.deps[i].extend(resolve(
                packages,
                by_name,
                &dep.name,
                dep.exact.as_deref(),
                &dep.extras,
            ));
        }
        for (extra, requirements) in &package.extras {
            let deps: Vec<Dep> = requirements
                .iter()
                .flat_map(|(name, extras)| {
                    let exact = package
                        .deps
                        .iter()
                        .find(|d| &d.name == name)
                        .and_then(|d| d.exact.as_deref());
                    resolve(packages, by_name, name, exact, extras)
                })
                .collect();
            graph.extras[i].push((extra.clone(), deps));
        }
    }
    graph
}

/// The locked packages a dependency can mean: by name, narrowed to the pinned version
/// when the constraint pins one. Several versions of a name are locked only for
/// different markers; without an exact pin, the dependency is on each of them.
fn resolve(
    packages: &[Package],
    by_name: &HashMap<String, Vec<usize>>,
    name: &str,
    exact: Option<&str>,
    extras: &[String],
) -> Vec<Dep> {
    let candidates = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
    let pinned: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&c| exact.is_some_and(|v| packages[c].entry.version == v))
        .collect();
    let chosen = if pinned.is_empty() {
        candidates
    } else {
        &pinned
    };
    chosen
        .iter()
        .map(|&target| Dep {
            target,
            extras: extras.to_vec(),
        })
        .collect()
}
