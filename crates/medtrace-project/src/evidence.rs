//! Reading the evidence outside the records: trace tags in source trees and test reports.

use crate::sources::scan_tree_skipping;
use anyhow::{Context, Result};
use medtrace_core::diagnostic::{Code, Diagnostic};
use medtrace_core::verification::Report;
use medtrace_core::{Config, Evidence, FileId, Sources, Span};
use std::path::{Path, PathBuf};

// implements: SRS-030
/// Scans the configured source roots for trace tags, leaving out the item folders;
/// adds the files holding tags to `sources` (in path order) and the tags to `evidence`.
pub fn scan_tags(
    root: &Path,
    config: &Config,
    sources: &mut Sources,
    evidence: &mut Evidence,
    diags: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut roots = Vec::new();
    for source in &config.tag_sources {
        if root.join(source).is_dir() {
            roots.push(source.clone());
        } else {
            diags.push(
                Diagnostic::new(
                    Code::ConfigInvalidValue,
                    config
                        .tag_sources_span
                        .or(Some(Span::file_start(FileId(0)))),
                    format!("source folder `{source}` does not exist"),
                )
                .with_help("create it, or correct `[trace] sources` in medtrace.toml"),
            );
        }
    }
    if roots.is_empty() {
        return Ok(());
    }
    let scanned = scan_tree_skipping(
        root,
        &roots,
        &config.tag_include,
        &config.tag_exclude,
        &config.folders,
    )?;
    for mut file in scanned {
        let id = sources.add(file.path, std::mem::take(&mut file.text));
        medtrace_scan::renumber(&mut file.output, id);
        evidence.tags.append(&mut file.output.tags);
        evidence.malformed.append(&mut file.output.malformed);
    }
    Ok(())
}

// implements: SRS-033, RCM-011
/// Reads the configured report patterns (unless `configured` is false) and the `extra`
/// report files.
///
/// A pattern that matches nothing is a finding; an `extra` file that cannot be read is a
/// failure of the run (the user named it on the command line).
pub fn read_reports(
    root: &Path,
    config: &Config,
    configured: bool,
    extra: &[PathBuf],
    sources: &mut Sources,
    evidence: &mut Evidence,
    diags: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let patterns: &[String] = if configured { &config.reports } else { &[] };
    for pattern in patterns {
        let found = expand(root, pattern)?;
        if found.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::TestReportMissing,
                    config.reports_span.or(Some(Span::file_start(FileId(0)))),
                    format!("no test report matches `{pattern}`"),
                )
                .with_help("run the tests before `medtrace check`, or correct `[tests] reports` in medtrace.toml"),
            );
        }
        files.extend(found);
    }
    for path in extra {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        files.push((shown, path.clone()));
    }
    // The same report named twice (a pattern and --results, `./x` and `x`) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|(_, path)| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
    files.sort();
    for (shown, path) in files {
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read the test report {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = sources.add(shown, text);
        let read = medtrace_results::read(id, &sources.get(id).text, None);
        for problem in read.problems {
            diags.push(
                Diagnostic::new(Code::TestReportInvalid, Some(problem.span), problem.message)
                    .with_help("give medtrace the report as the test runner wrote it (JUnit XML or libtest JSON)"),
            );
        }
        evidence.reports.push(Report {
            file: id,
            producer: read.producer,
            results: read.results,
        });
    }
    // Missing results are findings only when some report was read: with none at all,
    // the one `test-report-missing` finding says what to do.
    evidence.reports_expected = !evidence.reports.is_empty();
    Ok(())
}

/// The files a report pattern names: a path, or a glob (`reports/*.xml`, `**/junit.xml`)
/// matched below its fixed leading folders. Ignore files do not apply: reports are
/// usually ignored by git.
fn expand(root: &Path, pattern: &str) -> Result<Vec<(String, PathBuf)>> {
    let is_glob = pattern.contains(['*', '?', '[', '{']);
    if !is_glob {
        let path = root.join(pattern);
        return Ok(if path.is_file() {
            vec![(pattern.to_string(), path)]
        } else {
            Vec::new()
        });
    }
    let fixed: Vec<&str> = pattern
        .split('/')
        .take_while(|p| !p.contains(['*', '?', '[', '{']))
        .collect();
    let base = root.join(fixed.join("/"));
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    // `*` stays within a folder, `**` crosses folders, as in .gitignore.
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .with_context(|| format!("`{pattern}` in [tests] reports is not a valid glob"))?
        .compile_matcher();
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(&base)
        .standard_filters(false)
        .build();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot walk {}", base.display()))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if glob.is_match(&rel) {
            out.push((rel, entry.into_path()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::sources::scan_tree_skipping;

    #[test]
    fn item_folders_and_nested_projects_are_not_scanned() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let write = |path: &str, text: &str| -> anyhow::Result<()> {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))?;
            std::fs::write(path, text)?;
            Ok(())
        };
        write("medtrace.toml", "[project]\nname = \"outer\"\n")?;
        write("src/a.rs", "// implements: SRS-1\nfn a() {}\n")?;
        write("dhf/SRS-1.md", "<!-- implements: SRS-1 -->\n")?;
        write("inner/medtrace.toml", "[project]\nname = \"inner\"\n")?;
        write("inner/src/b.rs", "// implements: SRS-1\nfn b() {}\n")?;
        let found = scan_tree_skipping(dir.path(), &[".".into()], &[], &[], &["dhf".into()])?;
        let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["src/a.rs"]);
        Ok(())
    }
}
