//! `medtrace build`: the design history file as files — the HTML site (medtrace-site),
//! the XLSX matrices, and the PDF documents where this binary has the PDF engine.
//! Every file is written atomically; nothing that this build did not write is removed.

use anyhow::{Context, Result, bail};
use medtrace_core::trace::Matrix;
use medtrace_core::{Analysis, ItemIdx, ItemType};
use medtrace_render::{CellValue, Sheet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

/// Where each part goes; `None` leaves a part out.
pub struct Targets {
    /// The HTML site.
    pub html: Option<PathBuf>,
    /// The PDF documents.
    pub pdf: Option<PathBuf>,
    /// The XLSX workbooks.
    pub xlsx: Option<PathBuf>,
}

impl Targets {
    /// The folders asked for; with none, all three under `out`.
    pub fn resolve(
        html: Option<PathBuf>,
        pdf: Option<PathBuf>,
        xlsx: Option<PathBuf>,
        out: PathBuf,
    ) -> Targets {
        if html.is_none() && pdf.is_none() && xlsx.is_none() {
            Targets {
                html: Some(out.join("html")),
                pdf: Some(out.join("pdf")),
                xlsx: Some(out.join("xlsx")),
            }
        } else {
            Targets { html, pdf, xlsx }
        }
    }
}

/// Progress on standard error, only when it is a terminal.
struct Progress {
    on: bool,
}

impl Progress {
    fn say(&self, text: &str) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{text}");
            let _ = err.flush();
        }
    }

    fn done(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// What was written.
#[derive(Default)]
struct Tally {
    files: usize,
    bytes: u64,
    unchanged: usize,
    rendering: std::time::Duration,
}

/// Writes files under a folder, each atomically, so a reader (a browser, a web server)
/// sees the old file or the new one, never a mix:
///
/// - when the folder does not exist yet, everything is written into a new folder beside
///   it, which [`TreeWriter::finish`] renames into place — the whole tree appears at
///   once, and a build that fails leaves nothing behind;
/// - otherwise each file goes to a temporary file in its folder that is renamed over the
///   target, and a file whose bytes are already there is left alone, so a rebuild
///   touches only what changed. Nothing else in the folder is touched.
///
/// [`TreeWriter::write`] may be called from several threads at once. Unlike
/// `write_replace`, files are not flushed to disk one by one: a site of 50,000 pages
/// would wait minutes on the disk for output a rebuild regenerates byte for byte.
struct TreeWriter<'p> {
    /// Where the files end up.
    dir: PathBuf,
    /// Where they are written now: `dir`, or the new folder beside it.
    target: PathBuf,
    /// Whether `target` is a new folder to rename to `dir` at the end.
    staging: bool,
    finished: bool,
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    unchanged: AtomicUsize,
    progress: &'p Progress,
}

impl<'p> TreeWriter<'p> {
    fn open(dir: &Path, progress: &'p Progress) -> Result<TreeWriter<'p>> {
        if dir.exists() && !dir.is_dir() {
            bail!(
                "cannot write into {}: it is a file, not a folder",
                dir.display()
            );
        }
        let staging = !dir.exists();
        let target = if staging {
            let name = dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            dir.with_file_name(format!(".{name}.medtrace-{}.tmp", std::process::id()))
        } else {
            dir.to_path_buf()
        };
        std::fs::create_dir_all(&target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        Ok(TreeWriter {
            dir: dir.to_path_buf(),
            folders: std::sync::Mutex::new([target.clone()].into_iter().collect()),
            target,
            staging,
            finished: false,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            unchanged: AtomicUsize::new(0),
            progress,
        })
    }

    /// Writes one file, `rel` being `/`-separated under the folder.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        {
            bail!("refusing to write outside {}: {rel}", self.dir.display());
        }
        let path = self.target.join(rel);
        if let Some(parent) = path.parent() {
            let mut folders = self
                .folders
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !folders.contains(parent) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
                folders.insert(parent.to_path_buf());
            }
        }
        if self.staging {
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        } else if same_bytes(&path, bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            replace(&path, bytes)?;
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let k = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        if k.is_multiple_of(500) {
            self.progress
                .say(&format!("writing {} ({k} files)", self.dir.display()));
        }
        Ok(())
    }

    /// Moves a new folder into place and adds what was written to `tally`.
    fn finish(mut self, tally: &mut Tally) -> Result<()> {
        if self.staging {
            std::fs::rename(&self.target, &self.dir)
                .with_context(|| format!("cannot create {}", self.dir.display()))?;
        }
        self.finished = true;
        tally.files += self.files.load(Ordering::Relaxed);
        tally.bytes += self.bytes.load(Ordering::Relaxed);
        tally.unchanged += self.unchanged.load(Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for TreeWriter<'_> {
    fn drop(&mut self) {
        if self.staging && !self.finished {
            // Only this build wrote there.
            let _ = std::fs::remove_dir_all(&self.target);
        }
    }
}

/// Writes `files` under `dir` with a [`TreeWriter`].
fn write_files(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    progress: &Progress,
    tally: &mut Tally,
) -> Result<()> {
    let writer = TreeWriter::open(dir, progress)?;
    for (rel, bytes) in files {
        writer.write(rel, bytes)?;
    }
    writer.finish(tally)
}

/// Whether the file at `path` holds `bytes`, compared a block at a time.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map_or(true, |m| m.len() != bytes.len() as u64)
    {
        return false;
    }
    let mut block = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut block) {
            Ok(0) => return rest.is_empty(),
            Ok(k) => {
                if k > rest.len() || block[..k] != rest[..k] {
                    return false;
                }
                rest = &rest[k..];
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Writes `bytes` to a temporary file next to `path` and renames it over `path`.
fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.medtrace-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The project's template overrides: every file in `templates/site/`, by name.
fn overrides(root: &Path) -> Result<Vec<(String, String)>> {
    let dir = root.join("templates").join("site");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the template {}", path.display()))?;
        out.push((name, text));
    }
    out.sort();
    Ok(out)
}

// implements: SRS-069
/// The trace matrix of one chain as a sheet: the chain's columns, the code implementing
/// the row's requirement, its verification, and whether the row has a gap.
pub fn trace_sheet(analysis: &Analysis, name: &str, matrix: &Matrix) -> Sheet {
    let mut header: Vec<String> = matrix
        .columns
        .iter()
        .map(|&t| analysis.config.prefix(t).to_string())
        .collect();
    header.extend([
        "Code".to_string(),
        "Verification".to_string(),
        "Gap".to_string(),
    ]);
    let rows = matrix
        .rows
        .iter()
        .map(|row| {
            let mut cells: Vec<CellValue> = row
                .iter()
                .map(|cell| {
                    let ids: Vec<&str> = cell
                        .iter()
                        .map(|&i| analysis.items[i].id.as_str())
                        .collect();
                    CellValue::Text(ids.join(", "))
                })
                .collect();
            // The last requirement or risk control the row reaches carries the evidence.
            let item: Option<ItemIdx> = (0..matrix.columns.len())
                .rev()
                .filter(|&c| matches!(matrix.columns[c], ItemType::Srs | ItemType::Rcm))
                .find_map(|c| row[c].first().copied());
            let code = item
                .map(|i| {
                    crate::evidence_view::tag_places(
                        analysis,
                        i,
                        medtrace_core::evidence::TagRole::Implements,
                    )
                    .join("\n")
                })
                .unwrap_or_default();
            cells.push(CellValue::Text(code));
            cells.push(CellValue::from(
                item.and_then(|i| analysis.verification.status(i))
                    .map(|s| s.as_str()),
            ));
            cells.push(CellValue::from(if row.iter().any(Vec::is_empty) {
                "yes"
            } else {
                "no"
            }));
            cells
        })
        .collect();
    Sheet {
        name: name.to_string(),
        header,
        rows,
    }
}

/// The trace workbook: the requirements chain and the risk chain, a sheet each.
fn trace_workbook(analysis: &Analysis) -> Vec<u8> {
    let sheets: Vec<Sheet> = medtrace_site::TRACE_CHAINS
        .iter()
        .filter_map(|(title, columns)| {
            let matrix =
                medtrace_core::trace::matrix(&analysis.items, &analysis.graph, columns).ok()?;
            Some(trace_sheet(analysis, title, &matrix))
        })
        .collect();
    medtrace_render::workbook(&sheets)
}

/// The SOUP list workbook.
fn soup_workbook(analysis: &Analysis) -> Vec<u8> {
    let rows = medtrace_site::soup::rows(analysis)
        .into_iter()
        .map(|r| {
            let mut cells: Vec<CellValue> = r.cells.into_iter().map(CellValue::Text).collect();
            let used: Vec<&str> = r
                .used_by
                .iter()
                .map(|&i| analysis.items[i].id.as_str())
                .collect();
            cells.push(CellValue::Text(used.join(", ")));
            cells
        })
        .collect();
    medtrace_render::workbook(&[Sheet {
        name: "SOUP".into(),
        header: medtrace_site::soup::HEADER
            .iter()
            .map(|h| h.to_string())
            .collect(),
        rows,
    }])
}

// implements: SRS-067, SRS-068, SRS-069
/// Builds what `targets` asks for and returns the one-line summary.
pub fn run(root: &Path, targets: &Targets) -> Result<String> {
    let started = Instant::now();
    let progress = Progress {
        on: std::io::stderr().is_terminal(),
    };
    progress.say("reading the records");
    let analysis = medtrace_project::load(root)?;
    let info = medtrace_project::history::build_info_for(root, &analysis.config);
    let loaded = started.elapsed();
    let mut tally = Tally::default();
    let mut notes = Vec::new();
    if let Some(dir) = &targets.html {
        progress.say("rendering the site");
        let rendering = Instant::now();
        let gap = medtrace_core::gap::evaluate(&analysis);
        let overrides = overrides(root)?;
        let writer = TreeWriter::open(dir, &progress)?;
        let write = |rel: &str, bytes: &[u8]| writer.write(rel, bytes);
        let input = medtrace_site::Input {
            analysis: &analysis,
            info: &info,
            gap: Some(&gap),
            overrides: &overrides,
        };
        medtrace_site::build_into(&input, &write).map_err(|e| match e {
            medtrace_site::BuildError::Template(e) => anyhow::Error::new(e),
            medtrace_site::BuildError::Write(e) => e,
        })?;
        writer.finish(&mut tally)?;
        tally.rendering = rendering.elapsed();
    }
    if let Some(dir) = &targets.xlsx {
        progress.say("writing the workbooks");
        let files = vec![
            (
                "risk-table.xlsx".to_string(),
                crate::risk_view::xlsx(&analysis),
            ),
            ("soup-list.xlsx".to_string(), soup_workbook(&analysis)),
            ("trace-matrix.xlsx".to_string(), trace_workbook(&analysis)),
        ];
        write_files(dir, &files, &progress, &mut tally)?;
    }
    if let Some(dir) = &targets.pdf {
        progress.say("typesetting the documents");
        pdfs(root, &analysis, &info, dir, &mut tally, &mut notes)?;
    }
    progress.done();
    let mut summary = format!(
        "built {} files ({}), {} unchanged, in {:.2} s",
        tally.files,
        human_bytes(tally.bytes),
        tally.unchanged,
        started.elapsed().as_secs_f64()
    );
    if targets.html.is_some() {
        summary.push_str(&format!(
            " (reading {:.2} s, rendering and writing the site {:.2} s)",
            loaded.as_secs_f64(),
            tally.rendering.as_secs_f64()
        ));
    }
    for n in notes {
        summary.push_str("\nnote: ");
        summary.push_str(&n);
    }
    summary.push('\n');
    Ok(summary)
}

#[cfg(feature = "pdf")]
fn pdfs(
    root: &Path,
    analysis: &Analysis,
    info: &medtrace_core::history::BuildInfo,
    dir: &Path,
    tally: &mut Tally,
    _notes: &mut Vec<String>,
) -> Result<()> {
    for pdf in crate::pdf_view::write_pdfs(root, analysis, info, dir)? {
        tally.files += 1;
        tally.bytes += pdf.len;
        tally.unchanged += usize::from(pdf.unchanged);
    }
    Ok(())
}

#[cfg(not(feature = "pdf"))]
fn pdfs(
    _root: &Path,
    _analysis: &Analysis,
    _info: &medtrace_core::history::BuildInfo,
    _dir: &Path,
    _tally: &mut Tally,
    notes: &mut Vec<String>,
) -> Result<()> {
    notes.push(NO_PDF.to_string());
    Ok(())
}

/// Why there are no PDFs.
pub const NO_PDF: &str =
    "this medtrace was built without the PDF engine; build with --features pdf";

/// Whether this binary can typeset PDFs.
pub const HAS_PDF: bool = cfg!(feature = "pdf");

fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}
