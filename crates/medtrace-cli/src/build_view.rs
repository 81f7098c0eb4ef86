//! `medtrace build`: the design history file as files — the HTML site (medtrace-site),
//! the XLSX matrices, and the PDF documents where this binary has the PDF engine.
//! Every file is written atomically; nothing that this build did not write is removed.

use anyhow::{Context, Result, bail};
use medtrace_core::trace::Matrix;
use medtrace_core::{Analysis, ItemIdx, ItemType};
use medtrace_render::{CellValue, Sheet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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

/// Writes `files` under `dir`, each atomically, so a reader (a browser, a web server)
/// sees the old file or the new one, never a mix:
///
/// - when `dir` does not exist yet, everything is written into a new folder beside it,
///   which is then renamed to `dir` — the whole tree appears at once;
/// - otherwise each file goes to a temporary file in its folder that is renamed over
///   the target, and a file whose bytes are already there is left alone, so a rebuild
///   touches only what changed. Nothing else in `dir` is touched.
///
/// Unlike `write_replace`, files are not flushed to disk one by one: a site of 50,000
/// pages would wait minutes on the disk for output a rebuild regenerates byte for byte.
fn write_files(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    progress: &Progress,
    tally: &mut Tally,
) -> Result<()> {
    if !dir.exists() {
        let name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let staging = dir.with_file_name(format!(".{name}.medtrace-{}.tmp", std::process::id()));
        let result = write_tree(&staging, files, progress, tally, false).and_then(|()| {
            std::fs::rename(&staging, dir)
                .with_context(|| format!("cannot create {}", dir.display()))
        });
        if result.is_err() {
            // Only this build wrote there.
            let _ = std::fs::remove_dir_all(&staging);
        }
        return result;
    }
    write_tree(dir, files, progress, tally, true)
}

/// Writes `files` under `dir`; with `replace`, through a temporary file and a rename
/// each, skipping files that hold the bytes already.
fn write_tree(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    progress: &Progress,
    tally: &mut Tally,
    replace_each: bool,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut folders: Vec<PathBuf> = Vec::new();
    for (rel, _) in files {
        if rel
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        {
            bail!("refusing to write outside {}: {rel}", dir.display());
        }
        if let Some(parent) = dir.join(rel).parent()
            && folders.last().is_none_or(|f| f != parent)
        {
            folders.push(parent.to_path_buf());
        }
    }
    folders.sort();
    folders.dedup();
    for f in &folders {
        std::fs::create_dir_all(f).with_context(|| format!("cannot create {}", f.display()))?;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<usize>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                scope.spawn(move || -> Result<usize> {
                    let mut unchanged = 0;
                    let mut buffer = Vec::new();
                    for (rel, bytes) in part {
                        let path = dir.join(rel);
                        if !replace_each {
                            std::fs::write(&path, bytes)
                                .with_context(|| format!("cannot write {}", path.display()))?;
                        } else if same_bytes(&path, bytes, &mut buffer) {
                            unchanged += 1;
                        } else {
                            replace(&path, bytes)?;
                        }
                        let k = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if k.is_multiple_of(512) {
                            progress.say(&format!(
                                "writing {} ({k}/{})",
                                dir.display(),
                                files.len()
                            ));
                        }
                    }
                    Ok(unchanged)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a writer thread stopped")))
            })
            .collect()
    });
    for r in results {
        tally.unchanged += r?;
    }
    tally.files += files.len();
    tally.bytes += files.iter().map(|(_, b)| b.len() as u64).sum::<u64>();
    Ok(())
}

/// Whether the file at `path` holds `bytes`, read into `buffer` (reused, so a rebuild
/// of many files does not allocate for each).
fn same_bytes(path: &Path, bytes: &[u8], buffer: &mut Vec<u8>) -> bool {
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
    buffer.clear();
    file.read_to_end(buffer).is_ok() && buffer.as_slice() == bytes
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
        let files = medtrace_site::build(&medtrace_site::Input {
            analysis: &analysis,
            info: &info,
            gap: Some(&gap),
            overrides: &overrides,
        })?;
        tally.rendering = rendering.elapsed();
        write_files(dir, &files, &progress, &mut tally)?;
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
            " (reading {:.2} s, rendering the site {:.2} s)",
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
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for path in crate::pdf_view::write_pdfs(root, analysis, info, dir)? {
        tally.files += 1;
        tally.bytes += std::fs::metadata(&path).map_or(0, |m| m.len());
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
