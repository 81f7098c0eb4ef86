//! `composer.lock`, with the project's `composer.json` for direct dependencies.
//!
//! `packages` are run time, `packages-dev` dev-only; each entry's `require` gives the
//! edges (platform requirements such as `php` and `ext-json` are not packages; a name a
//! package `replace`s or `provide`s is found through that package). `license` is a list of
//! SPDX identifiers meaning any of them (written `A OR B`). `dist.shasum`, when not
//! empty, is a SHA-1 of the archive. A package from Packagist carries no source; one from
//! another repository (a VCS or `path` repository) carries its URL. Without composer.json
//! nothing says which packages are direct.

use crate::json::{self, Json};
use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Scope};
use crate::npm::{dedupe, problem};
use crate::purl;
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// Reads a `composer.lock`.
pub fn read(file: FileId, text: &str) -> Lockfile {
    read_with_manifest(file, text, None)
}

/// Reads a `composer.lock` with its `composer.json` (file id and text): `require` and
/// `require-dev` there are the direct dependencies.
pub fn read_with_manifest(file: FileId, text: &str, manifest: Option<(FileId, &str)>) -> Lockfile {
    let mut lock = Lockfile {
        format: LockfileFormat::ComposerLock,
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
    if root.get("packages").is_none() && root.get("packages-dev").is_none() {
        lock.problems.push(problem(
            file,
            root.start,
            root.start + 1,
            "neither `packages` nor `packages-dev`: not a composer.lock".into(),
        ));
    }
    let mut requires: Vec<(usize, &Json)> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (key, scope) in [("packages", Scope::Runtime), ("packages-dev", Scope::Dev)] {
        let Some(list) = root.get(key) else { continue };
        let Some(entries) = list.as_array() else {
            lock.problems.push(problem(
                file,
                list.start,
                list.end,
                format!("`{key}` must be a list"),
            ));
            continue;
        };
        for entry in entries {
            let (Some(name), Some(version)) = (
                entry.get("name").and_then(Json::as_str),
                entry.get("version").and_then(Json::as_str),
            ) else {
                lock.problems.push(problem(
                    file,
                    entry.start,
                    entry.end,
                    "a package needs a `name` and a `version`".into(),
                ));
                continue;
            };
            let index = lock.components.len();
            lock.components.push(Component {
                ecosystem: Ecosystem::Packagist,
                name: name.to_owned(),
                version: version.to_owned(),
                purl: purl::for_name(Ecosystem::Packagist, name, version),
                checksums: shasum(entry).into_iter().collect(),
                direct: if manifest.is_some() {
                    Some(false)
                } else {
                    None
                },
                scope,
                license: license(entry),
                source: source(entry),
                span: Span::new(file, entry.start, entry.end),
            });
            by_name.insert(name.to_lowercase(), index);
            for also in ["replace", "provide"] {
                for (other, _) in entry
                    .get(also)
                    .and_then(Json::as_object)
                    .unwrap_or_default()
                {
                    by_name.entry(other.text.to_lowercase()).or_insert(index);
                }
            }
            if let Some(require) = entry.get("require") {
                requires.push((index, require));
            }
        }
    }
    for (from, require) in requires {
        for (dep, _) in require.as_object().unwrap_or_default() {
            if let Some(&to) = by_name.get(&dep.text.to_lowercase())
                && to != from
            {
                lock.edges.push((from, to));
            }
        }
    }
    if let Some((mfile, mtext)) = manifest {
        let (mroot, error) = json::parse(mtext);
        if let Some((at, message)) = error {
            lock.problems.push(problem(
                mfile,
                at,
                (at + 1).min(mtext.len()),
                format!("invalid JSON in composer.json: {message}"),
            ));
        }
        for key in ["require", "require-dev"] {
            let deps = mroot
                .as_ref()
                .and_then(|r| r.get(key))
                .and_then(Json::as_object)
                .unwrap_or_default();
            for (dep, _) in deps {
                if let Some(&i) = by_name.get(&dep.text.to_lowercase()) {
                    lock.components[i].direct = Some(true);
                }
            }
        }
    }
    dedupe(&mut lock);
    lock
}

fn shasum(entry: &Json) -> Option<String> {
    let sum = entry.get("dist")?.get("shasum")?.as_str()?;
    (!sum.is_empty()).then(|| format!("sha1:{sum}"))
}

/// `["MIT"]` -> `MIT`; `["LGPL-2.1-only", "GPL-3.0-or-later"]` -> `LGPL-2.1-only OR GPL-3.0-or-later`.
fn license(entry: &Json) -> Option<String> {
    let value = entry.get("license")?;
    if let Some(single) = value.as_str() {
        return Some(single.to_owned());
    }
    let names: Vec<&str> = value.as_array()?.iter().filter_map(Json::as_str).collect();
    (!names.is_empty()).then(|| names.join(" OR "))
}

/// The repository URL of a package not from Packagist (which records its
/// `notification-url`); a `path` package's folder.
fn source(entry: &Json) -> Option<String> {
    let dist = entry.get("dist");
    if dist.and_then(|d| d.get("type")).and_then(Json::as_str) == Some("path") {
        return dist
            .and_then(|d| d.get("url"))
            .and_then(Json::as_str)
            .map(|u| format!("path+{u}"));
    }
    let from_packagist = entry
        .get("notification-url")
        .and_then(Json::as_str)
        .is_some_and(|u| u.starts_with("https://packagist.org/"));
    if from_packagist {
        return None;
    }
    let src = entry.get("source");
    let url = src
        .and_then(|s| s.get("url"))
        .or_else(|| dist.and_then(|d| d.get("url")))
        .and_then(Json::as_str)?;
    let reference = src.and_then(|s| s.get("reference")).and_then(Json::as_str);
    Some(match reference {
        Some(r) if !r.is_empty() => format!("{url}#{r}"),
        _ => url.to_owned(),
    })
}
