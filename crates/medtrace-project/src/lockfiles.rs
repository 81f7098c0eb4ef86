//! Reading the lockfiles `[soup] lockfiles` names, with the manifest beside each.

use anyhow::{Context, Result};
use medtrace_core::diagnostic::{Code, Diagnostic};
use medtrace_core::{Config, Evidence, FileId, Sources, Span};
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
        let manifest = manifest.map(|m| (m, sources.get(m).text.as_str()));
        let Some(lockfile) =
            medtrace_soup::read_any(id, &sources.get(id).text, Some(format), manifest)
        else {
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
