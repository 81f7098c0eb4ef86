//! `Cargo.lock` (formats v1 to v4), with the project's `Cargo.toml` when there is one.
//!
//! The lockfile lists every package of the build, the project's own among them: packages
//! without a `source` are workspace members or path dependencies. They are not components
//! (they are the product), except path dependencies the manifest names that are not
//! workspace members (vendored code), which carry `path+<path>` as their source. What the
//! local packages depend on is direct. The lockfile does not say which dependencies are
//! dev- or build-only; the root manifest does for the root package, and scopes then
//! follow the graph (a crate only a build-dependency needs is build-only). The manifests of
//! the other workspace members ([`read_workspace`], found with [`workspace_members`]) do the
//! same for theirs; a member whose manifest is not given counts its dependencies as run
//! time. Checksums: the `checksum` field (v2+) or the `[metadata]` table (v1), written
//! `sha256:<hex>`.

use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Scope};
use crate::npm::{dedupe, problem, propagate_scopes, stronger};
use crate::purl;
use medtrace_core::{FileId, Span};
use std::collections::{HashMap, HashSet};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Value<'a> = Spanned<DeValue<'a>>;

/// The sources meaning crates.io, which components then do not carry.
const CRATES_IO: [&str; 2] = [
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// Reads a `Cargo.lock` without its manifest: every package without a source is local.
pub fn read(file: FileId, text: &str) -> Lockfile {
    read_with_manifest(file, text, None)
}

/// Reads a `Cargo.lock` with the `Cargo.toml` beside it (file id and text), which tells
/// the root package's dev-, build- and optional dependencies and its path dependencies.
pub fn read_with_manifest(
    file: FileId,
    lock_text: &str,
    manifest: Option<(FileId, &str)>,
) -> Lockfile {
    read_workspace(file, lock_text, manifest, &[])
}

/// Reads a `Cargo.lock` with the root `Cargo.toml` and the manifests of the other
/// workspace members, so that every member's dev- and build-dependencies are known.
pub fn read_workspace(
    file: FileId,
    lock_text: &str,
    manifest: Option<(FileId, &str)>,
    members: &[(FileId, &str)],
) -> Lockfile {
    let mut lock = Lockfile {
        format: LockfileFormat::CargoLock,
        components: Vec::new(),
        edges: Vec::new(),
        problems: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(lock_text);
    for error in errors {
        let r = error.span().unwrap_or(0..0);
        lock.problems.push(problem(
            file,
            r.start,
            r.end,
            format!("invalid TOML: {}", error.message().trim()),
        ));
    }
    let packages = packages(file, root.get_ref(), &mut lock);
    let manifest = manifest.map(|(mfile, mtext)| Manifest::read(mfile, mtext, &mut lock));
    let members: Vec<Manifest> = members
        .iter()
        .map(|&(mfile, mtext)| Manifest::read(mfile, mtext, &mut lock))
        .collect();
    let manifests: Vec<&Manifest> = manifest.iter().chain(&members).collect();
    let member_names: HashSet<&str> = manifests
        .iter()
        .filter_map(|m| m.package.as_deref())
        .collect();

    // Components: packages with a source, and declared path dependencies outside the workspace.
    let mut component_of = vec![None; packages.len()];
    for (i, p) in packages.iter().enumerate() {
        let path = manifests
            .iter()
            .filter(|_| !member_names.contains(p.name.as_str()))
            .find_map(|m| m.external_path(&p.name));
        let source = match (&p.source, path) {
            (Some(s), _) if CRATES_IO.contains(&s.as_str()) => None,
            (Some(s), _) => Some(s.clone()),
            (None, Some(path)) => Some(format!("path+{path}")),
            (None, None) => continue,
        };
        component_of[i] = Some(lock.components.len());
        lock.components.push(Component {
            ecosystem: Ecosystem::Cargo,
            name: p.name.clone(),
            version: p.version.clone(),
            purl: purl::build(Ecosystem::Cargo, None, &p.name, &p.version),
            checksums: p.checksum.iter().map(|c| format!("sha256:{c}")).collect(),
            direct: Some(false),
            scope: Scope::Runtime,
            license: None,
            source,
            span: Span::new(file, p.span.0, p.span.1),
        });
    }

    // Edges, and the roots: what each local package depends on.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in packages.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let mut roots = Vec::new();
    for (i, p) in packages.iter().enumerate() {
        for (dep, span) in &p.dependencies {
            let Some(target) = resolve(&packages, &by_name, dep) else {
                lock.problems.push(problem(
                    file,
                    span.0,
                    span.1,
                    format!(
                        "`{}` depends on `{dep}`, which is not in the lockfile",
                        p.name
                    ),
                ));
                continue;
            };
            let Some(to) = component_of[target] else {
                continue;
            };
            match component_of[i] {
                Some(from) => lock.edges.push((from, to)),
                None => {
                    lock.components[to].direct = Some(true);
                    let own = manifests
                        .iter()
                        .find(|m| m.package.as_deref() == Some(p.name.as_str()));
                    let scope = own.map_or(Scope::Runtime, |m| m.scope_of(&packages[target].name));
                    roots.push((to, scope));
                }
            }
        }
    }
    propagate_scopes(&mut lock, &roots);
    dedupe(&mut lock);
    lock
}

struct Package {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    /// Entries of `dependencies` as written, with their spans.
    dependencies: Vec<(String, (usize, usize))>,
    span: (usize, usize),
}

/// The `[[package]]` entries (and the `[root]` of the first format), with v1 checksums
/// from `[metadata]`.
fn packages(file: FileId, root: &DeTable<'_>, lock: &mut Lockfile) -> Vec<Package> {
    let mut out = Vec::new();
    if let Some(old_root) = root.get("root") {
        out.extend(package(file, old_root, lock));
    }
    match root.get("package").map(|v| (v, v.get_ref())) {
        Some((_, DeValue::Array(items))) => {
            for item in items.iter() {
                out.extend(package(file, item, lock));
            }
        }
        Some((v, _)) => lock.problems.push(problem(
            file,
            v.span().start,
            v.span().end,
            "`package` must be an array of tables".into(),
        )),
        None if root.get("root").is_none() => {
            lock.problems.push(problem(
                file,
                0,
                0,
                "no `[[package]]` entries: not a Cargo.lock".into(),
            ));
        }
        None => {}
    }
    if let Some(DeValue::Table(meta)) = root.get("metadata").map(Spanned::get_ref) {
        let mut sums = HashMap::new();
        for (key, value) in meta.iter() {
            let (Some(id), DeValue::String(sum)) =
                (key.get_ref().strip_prefix("checksum "), value.get_ref())
            else {
                continue;
            };
            let mut parts = id.splitn(3, ' ');
            if let (Some(name), Some(version)) = (parts.next(), parts.next())
                && sum.as_ref() != "<none>"
            {
                sums.insert((name.to_owned(), version.to_owned()), sum.to_string());
            }
        }
        for p in &mut out {
            if p.checksum.is_none() {
                p.checksum = sums.get(&(p.name.clone(), p.version.clone())).cloned();
            }
        }
    }
    out
}

fn package(file: FileId, value: &Value<'_>, lock: &mut Lockfile) -> Option<Package> {
    let header = value.span();
    let DeValue::Table(table) = value.get_ref() else {
        lock.problems.push(problem(
            file,
            header.start,
            header.end,
            "a `[[package]]` entry must be a table".into(),
        ));
        return None;
    };
    let end = table
        .iter()
        .map(|(k, v)| k.span().end.max(v.span().end))
        .max()
        .unwrap_or(header.end);
    let span = (header.start, end.max(header.end));
    let string = |key: &str| match table.get(key).map(Spanned::get_ref) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let (Some(name), Some(version)) = (string("name"), string("version")) else {
        lock.problems.push(problem(
            file,
            span.0,
            span.1,
            "a `[[package]]` entry needs a `name` and a `version`".into(),
        ));
        return None;
    };
    let mut dependencies = Vec::new();
    if let Some(deps) = table.get("dependencies") {
        match deps.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            dependencies.push((s.to_string(), (item.span().start, item.span().end)))
                        }
                        _ => lock.problems.push(problem(
                            file,
                            item.span().start,
                            item.span().end,
                            "a dependency must be a string".into(),
                        )),
                    }
                }
            }
            _ => lock.problems.push(problem(
                file,
                deps.span().start,
                deps.span().end,
                "`dependencies` must be an array".into(),
            )),
        }
    }
    Some(Package {
        name,
        version,
        source: string("source"),
        checksum: string("checksum"),
        dependencies,
        span,
    })
}

/// A dependency written `name`, `name version` or `name version (source)`: the name alone
/// when one version is locked, more when several are.
fn resolve(packages: &[Package], by_name: &HashMap<&str, Vec<usize>>, dep: &str) -> Option<usize> {
    let mut parts = dep.splitn(3, ' ');
    let name = parts.next()?;
    let version = parts.next();
    let source = parts
        .next()
        .map(|s| s.trim_start_matches('(').trim_end_matches(')'));
    let candidates = by_name.get(name)?;
    candidates.iter().copied().find(|&i| {
        let p = &packages[i];
        version.is_none_or(|v| p.version == v)
            && source.is_none_or(|s| p.source.as_deref() == Some(s))
    })
}

/// The member folders a root `Cargo.toml` names in `[workspace] members`, relative to it,
/// as written (they may hold `*` globs), and those it excludes.
pub fn workspace_members(manifest: &str) -> (Vec<String>, Vec<String>) {
    let (root, _) = DeTable::parse_recoverable(manifest);
    let list = |key: &str| -> Vec<String> {
        let Some(DeValue::Array(items)) = table(root.get_ref(), "workspace")
            .and_then(|w| w.get(key))
            .map(Spanned::get_ref)
        else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect()
    };
    (list("members"), list("exclude"))
}

/// What one `Cargo.toml` says about its package's dependencies.
struct Manifest {
    /// The root package's name; `None` for a virtual manifest.
    package: Option<String>,
    /// Crate name -> its strongest scope as a dependency of the root package.
    scopes: HashMap<String, Scope>,
    /// Crate name -> path, for path dependencies that are not workspace members.
    external_paths: HashMap<String, String>,
}

impl Manifest {
    fn read(file: FileId, text: &str, lock: &mut Lockfile) -> Manifest {
        let (root, errors) = DeTable::parse_recoverable(text);
        for error in errors {
            let r = error.span().unwrap_or(0..0);
            lock.problems.push(problem(
                file,
                r.start,
                r.end,
                format!("invalid TOML in Cargo.toml: {}", error.message().trim()),
            ));
        }
        let root = root.get_ref();
        let package =
            table(root, "package").and_then(|p| match p.get("name").map(Spanned::get_ref) {
                Some(DeValue::String(s)) => Some(s.to_string()),
                _ => None,
            });
        let workspace = root.get("workspace").is_some();
        let enabled = default_features(root);
        let mut manifest = Manifest {
            package,
            scopes: HashMap::new(),
            external_paths: HashMap::new(),
        };
        let mut tables = vec![root];
        if let Some(targets) = table(root, "target") {
            for (_, target) in targets.iter() {
                if let DeValue::Table(t) = target.get_ref() {
                    tables.push(t);
                }
            }
        }
        for t in tables {
            for (key, kind) in [
                ("dependencies", Scope::Runtime),
                ("dev-dependencies", Scope::Dev),
                ("dev_dependencies", Scope::Dev),
                ("build-dependencies", Scope::Build),
                ("build_dependencies", Scope::Build),
            ] {
                let Some(deps) = table(t, key) else { continue };
                for (name, spec) in deps.iter() {
                    manifest.dependency(name.get_ref(), spec.get_ref(), kind, workspace, &enabled);
                }
            }
        }
        manifest
    }

    fn dependency(
        &mut self,
        key: &str,
        spec: &DeValue<'_>,
        kind: Scope,
        workspace: bool,
        enabled: &HashSet<String>,
    ) {
        let mut crate_name = key.to_owned();
        let mut scope = kind;
        if let DeValue::Table(spec) = spec {
            let field = |k: &str| match spec.get(k).map(Spanned::get_ref) {
                Some(DeValue::String(s)) => Some(s.to_string()),
                _ => None,
            };
            if let Some(renamed) = field("package") {
                crate_name = renamed;
            }
            let optional = matches!(
                spec.get("optional").map(Spanned::get_ref),
                Some(DeValue::Boolean(true))
            );
            if optional && kind == Scope::Runtime && !enabled.contains(key) {
                scope = Scope::Optional;
            }
            // A path inside the workspace's folder makes the package a member (when there is
            // a workspace); outside it, or without a workspace, it is a dependency.
            if let Some(path) = field("path") {
                let inside = !path.starts_with("..") && !path.starts_with('/');
                if !(workspace && inside) {
                    self.external_paths.insert(crate_name.clone(), path);
                }
            }
        }
        let entry = self.scopes.entry(crate_name).or_insert(scope);
        *entry = stronger(*entry, scope);
    }

    fn scope_of(&self, crate_name: &str) -> Scope {
        self.scopes
            .get(crate_name)
            .copied()
            .unwrap_or(Scope::Runtime)
    }

    fn external_path(&self, crate_name: &str) -> Option<&str> {
        self.external_paths.get(crate_name).map(String::as_str)
    }
}

fn table<'v, 'a>(t: &'v DeTable<'a>, key: &str) -> Option<&'v DeTable<'a>> {
    match t.get(key).map(Spanned::get_ref) {
        Some(DeValue::Table(t)) => Some(t),
        _ => None,
    }
}

/// The dependency keys the default features turn on (`dep:x`, `x/feature`, or an optional
/// dependency's implicit feature `x`); `x?/feature` does not turn `x` on.
fn default_features(root: &DeTable<'_>) -> HashSet<String> {
    let mut on = HashSet::new();
    let Some(DeValue::Table(features)) = root.get("features").map(Spanned::get_ref) else {
        return on;
    };
    let mut seen = HashSet::new();
    let mut stack = vec!["default".to_owned()];
    while let Some(feature) = stack.pop() {
        if !seen.insert(feature.clone()) {
            continue;
        }
        let Some(DeValue::Array(items)) = features.get(feature.as_str()).map(Spanned::get_ref)
        else {
            on.insert(feature); // not a declared feature: an optional dependency's own
            continue;
        };
        for item in items.iter() {
            let DeValue::String(s) = item.get_ref() else {
                continue;
            };
            if let Some(dep) = s.strip_prefix("dep:") {
                on.insert(dep.to_owned());
            } else if let Some((dep, _)) = s.split_once('/') {
                if !dep.ends_with('?') {
                    on.insert(dep.to_owned());
                }
            } else {
                stack.push(s.to_string());
            }
        }
    }
    on
}
