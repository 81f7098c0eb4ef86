//! The release bundle (IEC 62304 5.8.7, 5.8.8): the files of a release gathered from
//! independent providers (records, SBOM, test reports, documents), a SHA-256 manifest in
//! `sha256sum` format, and its check.
//!
//! A bundle is a map from paths inside it to bytes, so its content, and the manifest,
//! never depend on the order files were found or on the clock.

use anyhow::{Context, Result, bail};
use medtrace_core::Analysis;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's file name.
pub const MANIFEST: &str = "SHA256SUMS";
/// The manifest signature's file name.
pub const SIGNATURE: &str = "SHA256SUMS.sig";

/// The files of a bundle, by `/`-separated path inside it.
#[derive(Debug, Default)]
pub struct Bundle {
    files: BTreeMap<String, Vec<u8>>,
}

impl Bundle {
    /// Adds `files` under the folder `under` (`records`, `sbom`; empty for the top).
    pub fn add(&mut self, under: &str, files: Vec<(String, Vec<u8>)>) -> Result<()> {
        for (path, bytes) in files {
            let path = if under.is_empty() {
                path
            } else {
                format!("{under}/{path}")
            };
            check_path(&path)?;
            if self.files.insert(path.clone(), bytes).is_some() {
                bail!("two files of the bundle would be {path}");
            }
        }
        Ok(())
    }

    /// The manifest: a `HASH  PATH` line per file in path order, as `sha256sum` writes
    /// and `sha256sum -c` reads them.
    pub fn manifest(&self) -> String {
        let mut out = String::new();
        for (path, bytes) in &self.files {
            out += &format!("{}  {path}\n", sha256_hex(bytes));
        }
        out
    }

    /// Writes the bundle into the folder `dir`, which must not exist: the files go to a
    /// temporary sibling folder that is renamed to `dir` when complete, so a bundle is
    /// never seen half written.
    pub fn write(&self, dir: &Path, extra: &[(&str, &[u8])]) -> Result<()> {
        if dir.exists() {
            bail!(
                "{} exists already; medtrace never overwrites a bundle: remove it, or give another --out",
                dir.display()
            );
        }
        let parent = dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = parent.join(format!(".{name}.medtrace-{}.tmp", std::process::id()));
        let result = (|| {
            let files = self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
            for (path, bytes) in files.chain(extra.iter().copied()) {
                let target = tmp.join(path);
                if let Some(folder) = target.parent() {
                    std::fs::create_dir_all(folder)
                        .with_context(|| format!("cannot create {}", folder.display()))?;
                }
                std::fs::write(&target, bytes)
                    .and_then(|()| std::fs::File::open(&target)?.sync_all())
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
            std::fs::rename(&tmp, dir).with_context(|| format!("cannot create {}", dir.display()))
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        result
    }
}

/// Refuses paths `sha256sum` would escape or that could leave the bundle.
fn check_path(path: &str) -> Result<()> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains(['\\', '\n', '\r'])
        || path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..");
    if bad {
        bail!("`{path}` cannot be a path in a bundle");
    }
    Ok(())
}

/// The SHA-256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a file of the project, with the error naming it.
fn read(root: &Path, rel: &str) -> Result<Vec<u8>> {
    let path = root.join(rel);
    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
}

/// Provider: medtrace.toml and every record file (items and execution records), as
/// they are on disk.
pub fn records(root: &Path, analysis: &Analysis) -> Result<Vec<(String, Vec<u8>)>> {
    let mut paths: Vec<&str> = vec![medtrace_core::config::FILE_NAME];
    let files = analysis
        .items
        .iter()
        .map(|i| i.file)
        .chain(analysis.evidence.executions.iter().map(|e| e.file));
    paths.extend(files.map(|f| analysis.sources.get(f).path.as_str()));
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .map(|p| Ok((p.to_string(), read(root, p)?)))
        .collect()
}

/// Provider: the test reports `[tests] reports` names, as they are on disk.
pub fn test_reports(root: &Path, analysis: &Analysis) -> Result<Vec<(String, Vec<u8>)>> {
    let mut paths: Vec<&str> = analysis
        .evidence
        .reports
        .iter()
        .map(|r| analysis.sources.get(r.file).path.as_str())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .map(|p| Ok((p.to_string(), read(root, p)?)))
        .collect()
}

/// Provider: CycloneDX 1.6 and SPDX 2.3 SBOMs of the locked components, dated `date`
/// (the release's, never the clock). None when no lockfile is configured.
pub fn sbom(analysis: &Analysis, version: &str, date: &str) -> Vec<(String, Vec<u8>)> {
    if analysis.config.lockfiles.is_empty() {
        return Vec::new();
    }
    let (components, dependencies) = medtrace_sbom::components(analysis);
    let timestamp = format!("{date}T00:00:00Z");
    let input = medtrace_sbom::SbomInput {
        project: &analysis.config.name,
        version: Some(version),
        timestamp: Some(&timestamp),
        tool_version: medtrace_sbom::TOOL_VERSION,
        components: &components,
        dependencies: &dependencies,
    };
    let cyclonedx = medtrace_sbom::cyclonedx(&input, medtrace_sbom::CycloneDxVersion::V1_6);
    let spdx = medtrace_sbom::spdx(&input);
    vec![
        ("sbom.cdx.json".to_string(), cyclonedx.into_bytes()),
        ("sbom.spdx.json".to_string(), spdx.into_bytes()),
    ]
}

/// Provider: generated documents (the HTML site, PDFs) as a folder holds them, every
/// file below `dir` by its path relative to it; they go under `documents/`.
pub fn documents_from_dir(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    files_under(dir)?
        .into_iter()
        .map(|p| Ok((p.clone(), read(dir, &p)?)))
        .collect()
}

/// What checking a bundle found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Files the manifest lists, with a matching checksum.
    pub intact: usize,
    /// Everything wrong, one line each, naming the file.
    pub problems: Vec<String>,
    /// The signing key's fingerprint, when a signature was checked.
    pub signed_by: Option<String>,
}

// implements: SRS-066
/// Checks the bundle in `dir`: every file the manifest lists is there with its checksum,
/// and no file is there that it does not list; then the signature, when there is one
/// (`allowed`: the text of an allowed_signers file and the identity to hold it to).
pub fn verify(dir: &Path, allowed: Option<(&str, &str)>) -> Result<Verdict> {
    let manifest_path = dir.join(MANIFEST);
    let manifest = std::fs::read(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let mut verdict = Verdict::default();
    let mut listed = BTreeMap::new();
    for (n, line) in String::from_utf8_lossy(&manifest).lines().enumerate() {
        let parsed = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .filter(|(hash, path)| {
                hash.len() == 64
                    && hash.bytes().all(|b| b.is_ascii_hexdigit())
                    && check_path(path).is_ok()
            });
        match parsed {
            Some((hash, path)) => {
                listed.insert(path.to_string(), hash.to_ascii_lowercase());
            }
            None => verdict
                .problems
                .push(format!("{MANIFEST} line {} is not `HASH  PATH`", n + 1)),
        }
    }
    for (path, hash) in &listed {
        match std::fs::read(dir.join(path)) {
            Ok(bytes) if sha256_hex(&bytes) == *hash => verdict.intact += 1,
            Ok(_) => verdict
                .problems
                .push(format!("altered: {path} (its SHA-256 differs)")),
            Err(_) => verdict.problems.push(format!("missing: {path}")),
        }
    }
    for path in files_under(dir)? {
        if path != MANIFEST && path != SIGNATURE && !listed.contains_key(&path) {
            verdict
                .problems
                .push(format!("extra: {path} (not in {MANIFEST})"));
        }
    }
    let signature_path = dir.join(SIGNATURE);
    if signature_path.is_file() {
        let signature = std::fs::read_to_string(&signature_path)
            .with_context(|| format!("cannot read {}", signature_path.display()))?;
        match crate::signing::verify(&signature, &manifest, allowed) {
            Ok(fingerprint) => verdict.signed_by = Some(fingerprint),
            Err(e) => verdict.problems.push(format!("signature: {e:#}")),
        }
    } else if allowed.is_some() {
        verdict
            .problems
            .push(format!("signature: the bundle has no {SIGNATURE}"));
    }
    Ok(verdict)
}

/// Every file below `dir`, as `/`-separated paths relative to it, sorted.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read {}", folder.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", folder.display()))?;
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_are_sorted_sha256sum_lines() -> Result<()> {
        let mut bundle = Bundle::default();
        bundle.add(
            "records",
            vec![
                ("b.md".into(), b"b".to_vec()),
                ("a.md".into(), b"".to_vec()),
            ],
        )?;
        assert_eq!(
            bundle.manifest(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  records/a.md\n\
             3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  records/b.md\n"
        );
        assert!(
            bundle
                .add("records", vec![("a.md".into(), Vec::new())])
                .is_err()
        );
        assert!(bundle.add("", vec![("../x".into(), Vec::new())]).is_err());
        Ok(())
    }
}
