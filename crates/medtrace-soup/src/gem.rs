//! `Gemfile.lock` (Bundler 1 and 2).
//!
//! Sources come first: `GEM` (a gem server), `GIT` (`remote`, `revision`) and `PATH`
//! (a local folder), each with `specs:` listing `name (version)` at four spaces and the
//! spec's own requirements at six, which give the edges (one version per gem is locked, so
//! a name finds it). `DEPENDENCIES` lists what the Gemfile names: the direct gems.
//! `PLATFORMS` and a gem locked for several platforms (`nokogiri (1.16.0-x86_64-linux)`):
//! the platform suffix is not part of the version; the variants are one component.
//! `CHECKSUMS` (Bundler 2.5+) adds `sha256=` hashes. The lockfile records no groups, so
//! every gem is run time.

use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Scope};
use crate::npm::{dedupe, problem};
use crate::purl;
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// The platforms Bundler writes as a version suffix start with one of these.
const PLATFORM_PREFIXES: [&str; 12] = [
    "x86",
    "x64",
    "arm",
    "aarch64",
    "universal",
    "java",
    "mswin",
    "mingw",
    "ruby",
    "darwin",
    "linux",
    "i386",
];

/// Reads a `Gemfile.lock`.
pub fn read(file: FileId, text: &str) -> Lockfile {
    let mut lock = Lockfile {
        format: LockfileFormat::GemfileLock,
        components: Vec::new(),
        edges: Vec::new(),
        problems: Vec::new(),
    };
    let mut section = String::new();
    let mut remote: Option<String> = None;
    let mut revision: Option<String> = None;
    let mut in_specs = false;
    let mut requirements: Vec<(usize, String)> = Vec::new();
    let mut direct: Vec<String> = Vec::new();
    let mut checksums: Vec<(String, String, String)> = Vec::new();
    let mut offset = 0;
    let mut saw_section = false;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let end = start + line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim();
        if indent == 0 {
            section = body.to_owned();
            saw_section = true;
            remote = None;
            revision = None;
            in_specs = false;
            continue;
        }
        match section.as_str() {
            "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE" => match indent {
                2 => {
                    in_specs = body == "specs:";
                    if let Some((key, value)) = body.split_once(": ") {
                        match key {
                            "remote" => remote = Some(value.to_owned()),
                            "revision" => revision = Some(value.to_owned()),
                            _ => {}
                        }
                    }
                }
                4 if in_specs => {
                    let Some((name, version)) = name_version(body) else {
                        lock.problems.push(problem(
                            file,
                            start,
                            end,
                            format!("expected `name (version)`, found `{body}`"),
                        ));
                        continue;
                    };
                    let version = strip_platform(version);
                    let source = match section.as_str() {
                        "GIT" => Some(format!(
                            "git+{}#{}",
                            remote.as_deref().unwrap_or(""),
                            revision.as_deref().unwrap_or("")
                        )),
                        "PATH" => Some(format!("path+{}", remote.as_deref().unwrap_or(""))),
                        _ => remote
                            .as_deref()
                            .filter(|r| !is_rubygems(r))
                            .map(str::to_owned),
                    };
                    lock.components.push(Component {
                        ecosystem: Ecosystem::RubyGems,
                        name: name.to_owned(),
                        version: version.to_owned(),
                        purl: purl::build(Ecosystem::RubyGems, None, name, version),
                        checksums: Vec::new(),
                        direct: Some(false),
                        scope: Scope::Runtime,
                        license: None,
                        source,
                        span: Span::new(file, start, end),
                    });
                }
                6 if in_specs => {
                    match (lock.components.len().checked_sub(1), body.split(' ').next()) {
                        (Some(last), Some(dep)) => {
                            lock.components[last].span.end = Span::new(file, start, end).end;
                            requirements.push((last, dep.to_owned()));
                        }
                        _ => lock.problems.push(problem(
                            file,
                            start,
                            end,
                            "a requirement outside a spec".into(),
                        )),
                    }
                }
                _ => {}
            },
            "DEPENDENCIES" => {
                let name = body.split([' ', '!']).next().unwrap_or(body);
                direct.push(name.to_owned());
            }
            "CHECKSUMS" => {
                if let Some((name, version)) =
                    name_version(body.split(" sha").next().unwrap_or(body))
                {
                    for sum in body.split(' ').filter(|w| w.contains('=')) {
                        checksums.push((
                            name.to_owned(),
                            strip_platform(version).to_owned(),
                            sum.to_owned(),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    if !saw_section {
        lock.problems.push(problem(
            file,
            0,
            0,
            "no sections (GEM, DEPENDENCIES, …): not a Gemfile.lock".into(),
        ));
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, c) in lock.components.iter().enumerate() {
        by_name.entry(c.name.clone()).or_insert(i);
    }
    for (from, dep) in requirements {
        if let Some(&to) = by_name.get(&dep) {
            lock.edges.push((from, to));
        }
    }
    for name in direct {
        if let Some(&i) = by_name.get(&name) {
            lock.components[i].direct = Some(true);
        }
    }
    let mut by_id: HashMap<(String, String), usize> = HashMap::new();
    for (i, c) in lock.components.iter().enumerate() {
        by_id
            .entry((c.name.clone(), c.version.clone()))
            .or_insert(i);
    }
    for (name, version, sum) in checksums {
        if let Some(&i) = by_id.get(&(name, version))
            && !lock.components[i].checksums.contains(&sum)
        {
            lock.components[i].checksums.push(sum);
        }
    }
    dedupe(&mut lock);
    lock
}

/// `name (version)` -> (name, version).
fn name_version(body: &str) -> Option<(&str, &str)> {
    let (name, rest) = body.split_once(" (")?;
    let version = rest.strip_suffix(')')?;
    (!name.is_empty() && !version.is_empty()).then_some((name, version))
}

/// `1.16.0-x86_64-linux` -> `1.16.0`: gem versions hold no `-`, so what follows one is a
/// platform; checked against the known platform names to be safe.
fn strip_platform(version: &str) -> &str {
    match version.split_once('-') {
        Some((v, platform)) if PLATFORM_PREFIXES.iter().any(|p| platform.starts_with(p)) => v,
        _ => version,
    }
}

fn is_rubygems(remote: &str) -> bool {
    matches!(
        remote.trim_end_matches('/'),
        "https://rubygems.org" | "http://rubygems.org"
    )
}
