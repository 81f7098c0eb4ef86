//! `medtrace soup sync`: a SOUP record for every locked component that has none.
//!
//! It only ever creates files, atomically and never over an existing one; a record a
//! person wrote is never changed. Components no lockfile holds any more and records
//! whose version differs from the lock are reported, for a person to decide.

use crate::scaffold::{Slot, yaml_scalar};
use crate::write::write_new;
use anyhow::Result;
use medtrace_core::checks::soup::{covers, in_scope, lockable, purl_base};
use medtrace_core::soup::Component;
use medtrace_core::{Analysis, ItemType, Status};
use std::path::{Path, PathBuf};

/// What `sync` did, or would do with `dry_run`.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Records created: (ID, path relative to the root, the component's purl).
    pub created: Vec<(String, PathBuf, String)>,
    /// Records whose component no lockfile holds: their IDs.
    pub gone: Vec<String>,
    /// Records whose version differs from the lock: (ID, recorded, locked).
    pub drift: Vec<(String, String, String)>,
}

// implements: SRS-041
/// Creates SOUP records for the components no record covers (nothing is written when
/// `dry_run`).
pub fn soup_sync(root: &Path, analysis: &Analysis, dry_run: bool) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    let soups: Vec<&medtrace_core::Item> = analysis
        .items
        .iter()
        .filter(|i| i.ty == ItemType::Soup && i.status != Status::Obsolete)
        .collect();
    // Each package once, across lockfiles, in lockfile order.
    let mut missing: Vec<(&Component, &str)> = Vec::new();
    for lockfile in &analysis.evidence.lockfiles {
        for c in &lockfile.components {
            let recorded = soups.iter().any(|s| covers(s, c));
            let seen = missing
                .iter()
                .any(|(m, _)| purl_base(&m.purl) == purl_base(&c.purl));
            if in_scope(c, &analysis.config) && !recorded && !seen {
                let from = analysis.sources.get(c.span.file).path.as_str();
                missing.push((c, from));
            }
        }
    }
    let slot = Slot::of(analysis, ItemType::Soup);
    for (k, (component, from)) in missing.iter().enumerate() {
        let id = slot.id(k as u64);
        let rel = PathBuf::from(&slot.folder).join(format!("{id}.md"));
        if !dry_run {
            write_new(&root.join(&rel), record(&id, component, from).as_bytes())?;
        }
        report.created.push((id, rel, component.purl.clone()));
    }
    for soup in &soups {
        let locked: Vec<&Component> = analysis
            .evidence
            .lockfiles
            .iter()
            .flat_map(|l| &l.components)
            .filter(|c| covers(soup, c))
            .collect();
        match (soup.text("purl"), locked.first()) {
            (Some(_), None) if lockable(soup, &analysis.evidence.lockfiles) => {
                report.gone.push(soup.id.clone())
            }
            (Some(purl), Some(_)) => {
                let lead: Vec<&&Component> = locked
                    .iter()
                    .filter(|c| purl_base(&c.purl).eq_ignore_ascii_case(purl_base(purl)))
                    .collect();
                if let (Some(version), Some(first)) = (soup.text("version"), lead.first())
                    && !lead.iter().any(|c| c.version == version.trim())
                {
                    report.drift.push((
                        soup.id.clone(),
                        version.trim().to_string(),
                        first.version.clone(),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(report)
}

/// A new SOUP record: what the lockfile says, and empty fields for what a person must add.
fn record(id: &str, c: &Component, from: &str) -> String {
    let line = |key: &str, value: Option<&str>| match value {
        Some(v) if !v.is_empty() => format!("{key}: {}\n", yaml_scalar(v)),
        _ => format!("{key}:\n"),
    };
    let relation = match c.direct {
        Some(true) => "a direct dependency",
        Some(false) => "a transitive dependency",
        None => "a dependency",
    };
    let mut out = String::from("---\n");
    out.push_str(&format!("id: {id}\n"));
    out.push_str(&line("title", Some(&format!("{} {}", c.name, c.version))));
    out.push_str("status: draft\n");
    out.push_str(&line("name", Some(&c.name)));
    out.push_str("supplier:\n");
    out.push_str(&line("version", Some(&c.version)));
    out.push_str(&line("purl", Some(&c.purl)));
    out.push_str(&line("license", c.license.as_deref()));
    out.push_str("purpose:\nprerequisites:\nanomaly-list:\nanomaly-review:\n---\n");
    out.push_str(&format!(
        "Added by `medtrace soup sync` from `{from}`: {relation}.\nSay what the software needs it for and how it was chosen.\n"
    ));
    out
}
