//! Reading the lockfiles `[soup] lockfiles` names, with the manifest beside each.

use anyhow::{Context, Result};
use medtrace_core::diagnostic::{Code, Diagnostic};
use medtrace_core::{Config, Evidence, FileId, Sources, Span};
use medtrace_soup::LockfileFormat;
use std::path::Path;

/// Reads every configured lockfile into `evidence.lockfiles`, its text (and its
/// manifest's) into `sources` for the findings' snippets.
pub fn read_lockfiles(
    root: &Path,
    config: &Config,
    sources: &mut Sources,
    evidence: &mut Evidence,
    diags: &mut Vec<Diagnostic>,
) -> Result<()> {
    let at = config.lockfiles_span.or(Some(Span::file_start(FileId(0))));
    for rel in &config.lockfiles {
        let path = root.join(rel);
        if !path.is_file() {
            diags.push(
                Diagnostic::new(
                    Code::ConfigInvalidValue,
                    at,
                    format!("lockfile `{rel}` does not exist"),
                )
                .with_help("correct `[soup] lockfiles` in medtrace.toml, or generate the lockfile"),
            );
            continue;
        }
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let Some(format) = medtrace_soup::sniff(&text) else {
            diags.push(
                Diagnostic::new(Code::SoupLockfileInvalid, at, format!("`{rel}` is not a lockfile medtrace reads"))
                    .with_help("name Cargo.lock, package-lock.json, yarn.lock, pnpm-lock.yaml, poetry.lock, uv.lock, requirements.txt, Pipfile.lock, go.mod, Gemfile.lock or composer.lock"),
            );
            continue;
        };
        let id = sources.add(rel.clone(), text);
        let manifest = medtrace_soup::manifest_name(format).and_then(|name| {
            let manifest_rel = match rel.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{name}"),
                None => name.to_string(),
            };
            let text = std::fs::read_to_string(root.join(&manifest_rel)).ok()?;
            Some(sources.add(manifest_rel, text))
        });
        let members = match (format, manifest) {
            (LockfileFormat::CargoLock, Some(m)) => {
                let text = sources.get(m).text.clone();
                cargo_members(root, rel, &text, sources)
            }
            _ => Vec::new(),
        };
        let manifest = manifest.map(|m| (m, sources.get(m).text.as_str()));
        let lockfile = if members.is_empty() {
            medtrace_soup::read_any(id, &sources.get(id).text, Some(format), manifest)
        } else {
            let members: Vec<_> = members
                .iter()
                .map(|&m| (m, sources.get(m).text.as_str()))
                .collect();
            Some(medtrace_soup::cargo::read_workspace(
                id,
                &sources.get(id).text,
                manifest,
                &members,
            ))
        };
        let Some(lockfile) = lockfile else {
            continue;
        };
        for problem in &lockfile.problems {
            diags.push(
                Diagnostic::new(
                    Code::SoupLockfileInvalid,
                    Some(problem.span),
                    problem.message.clone(),
                )
                .with_help("give medtrace the lockfile as the package manager wrote it"),
            );
        }
        evidence.lockfiles.push(lockfile);
    }
    Ok(())
}

/// Reads the manifests of the Cargo workspace members the root manifest (beside lockfile
/// `lock_rel`) names, into `sources`; members that do not exist are skipped, as cargo
/// would have refused to write the lockfile.
fn cargo_members(
    root: &Path,
    lock_rel: &str,
    manifest: &str,
    sources: &mut Sources,
) -> Vec<FileId> {
    let dir = lock_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let (members, excluded) = medtrace_soup::cargo::workspace_members(manifest);
    let mut folders: Vec<String> = members
        .iter()
        .flat_map(|pattern| expand(root, dir, pattern))
        .filter(|folder| {
            !excluded
                .iter()
                .any(|e| folder == &join(dir, e.trim_end_matches('/')))
        })
        .filter(|folder| !folder.is_empty() && folder != dir)
        .collect();
    folders.sort();
    folders.dedup();
    folders
        .into_iter()
        .filter_map(|folder| {
            let rel = format!("{folder}/Cargo.toml");
            let text = std::fs::read_to_string(root.join(&rel)).ok()?;
            Some(sources.add(rel, text))
        })
        .collect()
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// The folders (relative to `root`) a member pattern such as `crates/*` names under `dir`:
/// `*` and `?` match within one path component, as in cargo.
fn expand(root: &Path, dir: &str, pattern: &str) -> Vec<String> {
    let mut found = vec![dir.to_string()];
    for part in pattern.trim_end_matches('/').split('/') {
        let mut next = Vec::new();
        for base in &found {
            if part == "." {
                next.push(base.clone());
            } else if !part.contains(['*', '?', '[']) {
                next.push(join(base, part));
            } else if let Ok(glob) = globset::Glob::new(part) {
                let matcher = glob.compile_matcher();
                let Ok(entries) = std::fs::read_dir(root.join(base)) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if entry.path().is_dir() && matcher.is_match(&name) {
                        next.push(join(base, &name));
                    }
                }
            }
        }
        found = next;
    }
    found
}
