//! Reading an OSV database as published: a directory of records (a clone of
//! github/advisory-database, rustsec/advisory-db's `osv` branch, golang/vulndb's
//! `data/osv`) or osv.dev's per-ecosystem `all.zip`. The only I/O of the crate; it never
//! opens a network connection.
//!
//! Entries are read in sorted path order, so the result never depends on the file
//! system's listing order. A record that does not read is a problem (path, message), not
//! an error: the rest are still read. Errors are for what stops the reading itself (a
//! folder or archive that cannot be opened or read).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use medtrace_core::FileId;
use zip::result::ZipError;

use crate::advisory::{Advisory, line_column, parse};

/// Records read and problems met: `(path within the database, "line:column: message")`.
pub type Loaded = (Vec<Advisory>, Vec<(String, String)>);

/// The largest record read (real ones stay under a few MiB, even with long `versions`).
const MAX_RECORD: u64 = 64 * 1024 * 1024;

/// Reads an OSV database: a folder with [`load_dir`], anything else with [`load_zip`].
pub fn load(path: &Path) -> anyhow::Result<Loaded> {
    if path.is_dir() {
        load_dir(path)
    } else {
        load_zip(path)
    }
}

/// Reads every `*.json` file under `root`, recursively, as an OSV record. Hidden entries
/// (`.git`) are skipped, and symbolic links to folders are not followed (no cycles).
/// Files are read and parsed on every core (github/advisory-database holds a few hundred
/// thousand records); the result is in path order all the same.
pub fn load_dir(root: &Path) -> anyhow::Result<Loaded> {
    let mut files = Vec::new();
    walk(root, &mut files)?;
    files.sort();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(64);
    let read_chunk = |first: usize, paths: &[PathBuf]| -> anyhow::Result<Vec<_>> {
        let mut out = Vec::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            out.push(
                read_record(file_id(first + i), &bytes)
                    .map_err(|message| (relative(root, path), message)),
            );
        }
        Ok(out)
    };
    let chunks: Vec<anyhow::Result<Vec<_>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .enumerate()
            .map(|(n, paths)| scope.spawn(move || read_chunk(n * chunk, paths)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut advisories = Vec::new();
    let mut problems = Vec::new();
    for chunk in chunks {
        for record in chunk? {
            match record {
                Ok(advisory) => advisories.push(advisory),
                Err(problem) => problems.push(problem),
            }
        }
    }
    Ok((advisories, problems))
}

/// Reads every `*.json` entry of a zip archive (osv.dev's `<ecosystem>/all.zip`) as an OSV
/// record, in entry-name order.
pub fn load_zip(path: &Path) -> anyhow::Result<Loaded> {
    let file = fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .with_context(|| format!("reading {} as a zip archive", path.display()))?;
    let mut advisories = Vec::new();
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        match archive.name_for_index(i) {
            Some(Ok(name)) if name.ends_with(".json") => entries.push((name.into_owned(), i)),
            Some(Ok(_)) | None => {}
            Some(Err(e)) => problems.push((format!("entry {i}"), format!("bad entry name: {e}"))),
        }
    }
    entries.sort();
    for (index, (name, i)) in entries.into_iter().enumerate() {
        let context = || format!("reading {name} in {}", path.display());
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            // Encrypted, or compressed with a method not built in: this entry only.
            Err(
                e @ (ZipError::UnsupportedArchive(_)
                | ZipError::CompressionMethodNotSupported(_)
                | ZipError::InvalidPassword),
            ) => {
                problems.push((name, format!("cannot read this entry: {e}")));
                continue;
            }
            Err(e) => return Err(e).with_context(context),
        };
        let mut bytes = Vec::new();
        match (&mut entry).take(MAX_RECORD + 1).read_to_end(&mut bytes) {
            Ok(_) => {}
            // A corrupt compressed stream or a bad checksum: this entry only.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                problems.push((name, format!("cannot read this entry: {e}")));
                continue;
            }
            Err(e) => return Err(e).with_context(context),
        }
        if bytes.len() as u64 > MAX_RECORD {
            problems.push((name, format!("larger than {MAX_RECORD} bytes: not read")));
            continue;
        }
        match read_record(file_id(index), &bytes) {
            Ok(advisory) => advisories.push(advisory),
            Err(message) => problems.push((name, message)),
        }
    }
    Ok((advisories, problems))
}

fn read_record(file: FileId, bytes: &[u8]) -> Result<Advisory, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(&String::from_utf8_lossy(bytes), e.valid_up_to());
        format!("{line}:{column}: not UTF-8 text")
    })?;
    parse(file, text).map_err(|problem| {
        let (line, column) = line_column(text, problem.span.start as usize);
        format!("{line}:{column}: {}", problem.message)
    })
}

fn file_id(index: usize) -> FileId {
    FileId(u32::try_from(index).unwrap_or(u32::MAX))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("reading folder {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading folder {}", dir.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry
            .file_type()
            .with_context(|| format!("reading {}", path.display()))?;
        let is_json = path.extension().is_some_and(|e| e == "json");
        if kind.is_dir() {
            walk(&path, files)?;
        } else if kind.is_file() && is_json {
            files.push(path);
        } else if kind.is_symlink() && is_json {
            // A link to a record is read; a link to a folder is not followed.
            if fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                files.push(path);
            }
        }
    }
    Ok(())
}

/// The path below `root`, with `/` between components.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
