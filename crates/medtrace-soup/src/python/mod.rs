//! The Python lockfiles: `poetry.lock`, `uv.lock`, pinned `requirements.txt` (as
//! pip-compile and `uv pip compile` write it) and `Pipfile.lock`. All components are PyPI
//! components (`pkg:pypi/…`); names are matched after PEP 503 normalisation ([`names`])
//! and kept as the lockfile spells them.
//!
//! What each format says differs, and the readers say no more than it does:
//!
//! | format | direct | scope | edges | checksums |
//! | --- | --- | --- | --- | --- |
//! | `poetry.lock` | from `pyproject.toml` | `groups` / `category` / `optional` | yes | `files` |
//! | `uv.lock` | the project's own packages' dependencies | walked from them | yes | sdist, wheels |
//! | `requirements.txt` | `# via -r …` | run time | from `# via` | `--hash` |
//! | `Pipfile.lock` | from `Pipfile` | `default` / `develop` | no | `hashes` |
//!
//! Where a format cannot tell (no manifest, no annotations), `direct` is `None` and the
//! scope is run time: a component of unknown use counts as SOUP rather than dropping out.

pub mod names;
pub mod pipfile;
pub mod poetry;
pub mod requirements;
pub mod uv;

mod graph;
mod pyproject;
mod tomlread;

use crate::model::{Component, Ecosystem, Problem, Scope};
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// Problems found while reading one file.
struct Sink {
    file: FileId,
    problems: Vec<Problem>,
}

impl Sink {
    fn new(file: FileId) -> Sink {
        Sink {
            file,
            problems: Vec::new(),
        }
    }

    fn push(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            span: Span::new(self.file, start, end),
            message: message.into(),
        });
    }
}

/// What a reader knows of one component before it becomes a [`Component`].
struct Entry {
    name: String,
    version: String,
    span: (usize, usize),
    checksums: Vec<String>,
    source: Option<String>,
}

impl Entry {
    fn into_component(self, file: FileId, scope: Scope, direct: Option<bool>) -> Component {
        Component {
            ecosystem: Ecosystem::PyPi,
            purl: names::purl(&self.name, &self.version),
            name: self.name,
            version: self.version,
            checksums: self.checksums,
            direct,
            scope,
            license: None,
            source: self.source,
            span: Span::new(file, self.span.0, self.span.1),
        }
    }
}

/// Indices of entries by normalised name, in lockfile order.
fn index_by_name<'e>(names: impl Iterator<Item = &'e str>) -> HashMap<String, Vec<usize>> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names.enumerate() {
        by_name.entry(names::normalise(name)).or_default().push(i);
    }
    by_name
}

/// The source of a package from a package index: `None` for PyPI itself, else the
/// index URL (a mirror or a private index is a different supplier).
fn index_source(url: &str) -> Option<String> {
    let trimmed = url.trim_end_matches('/');
    let default = [
        "https://pypi.org/simple",
        "https://pypi.python.org/simple",
        "https://pypi.org/pypi",
    ];
    if default.contains(&trimmed) {
        None
    } else {
        Some(url.to_owned())
    }
}

/// The requirement's extras: `name[a, b] (>=1)` → `["a", "b"]`, normalised.
fn requirement_extras(requirement: &str) -> Vec<String> {
    let rest = requirement[names::name_len(requirement)..].trim_start();
    let Some(inner) = rest.strip_prefix('[') else {
        return Vec::new();
    };
    let inner = inner.split(']').next().unwrap_or_default();
    inner
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(names::normalise)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_extras_of_a_requirement() {
        assert_eq!(
            requirement_extras("httpx[socks, HTTP2] (>=0.28)"),
            ["socks", "http2"]
        );
        assert_eq!(requirement_extras("httpx >=1"), Vec::<String>::new());
        assert_eq!(requirement_extras("httpx [a"), ["a"]);
    }

    #[test]
    fn pypi_is_not_a_source() {
        assert_eq!(index_source("https://pypi.org/simple/"), None);
        assert_eq!(
            index_source("https://nexus.example/simple").as_deref(),
            Some("https://nexus.example/simple")
        );
    }
}
