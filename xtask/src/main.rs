//! Development tasks for medtrace, run with `cargo run -p xtask -- <task>`.
//!
//! - `gen` writes a deterministic synthetic project of N items, as a medtrace project
//!   or the same items for StrictDoc or Doorstop, for benchmarks
//!   (see `benches/README.md`).
//! - `read` walks a folder the way medtrace does and reads every `.md` file into
//!   memory with two threads: the floor that `medtrace check` is measured against.

mod model;
mod render;
mod rng;
mod text;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

/// Development tasks for medtrace.
#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Generate a deterministic synthetic project for benchmarks.
    Gen {
        /// Number of items.
        #[arg(long)]
        items: usize,
        /// Output folder; must not exist or be empty (see --force).
        #[arg(long)]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Medtrace)]
        format: Format,
        /// Seed for the pseudo-random generator; the same seed gives the same bytes.
        #[arg(long, default_value_t = 62304)]
        seed: u64,
        /// Delete the output folder first if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Read every `.md` file under a folder (respecting .gitignore, skipping hidden
    /// files) with two threads, and print the file count and byte total.
    Read {
        /// Folder to walk.
        dir: PathBuf,
        /// Worker threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
}

/// Output format of `gen`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// medtrace Markdown records with YAML front matter.
    Medtrace,
    /// StrictDoc `.sdoc` documents, one per type.
    Strictdoc,
    /// A Doorstop document tree, one folder per type.
    Doorstop,
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Gen {
            items,
            out,
            format,
            seed,
            force,
        } => generate(items, &out, format, seed, force),
        Task::Read { dir, threads } => {
            let (files, bytes) = read_tree(&dir, threads)?;
            println!("files: {files}\nbytes: {bytes}");
            Ok(())
        }
    }
}

fn generate(n: usize, out: &Path, format: Format, seed: u64, force: bool) -> Result<()> {
    let start = Instant::now();
    prepare_out_dir(out, force)?;
    let project = model::Project::generate(n, seed)?;
    let files = match format {
        Format::Medtrace => render::medtrace(&project),
        Format::Strictdoc => render::strictdoc(&project),
        Format::Doorstop => render::doorstop(&project),
    };
    let bytes: usize = files.iter().map(|(_, c)| c.len()).sum();
    write_files(out, &files)?;
    eprintln!(
        "generated {n} items ({} files, {bytes} bytes) in {} in {:.2?}",
        files.len(),
        out.display(),
        start.elapsed()
    );
    Ok(())
}

fn prepare_out_dir(out: &Path, force: bool) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("reading {}", out.display()))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !force {
        bail!(
            "{} exists and is not empty; pass --force to replace it",
            out.display()
        );
    }
    if out.join(".git").exists() {
        bail!(
            "{} holds a .git folder; refusing to delete it",
            out.display()
        );
    }
    std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))
}

/// Writes the files with two threads (creating folders first, in order).
fn write_files(out: &Path, files: &[render::File]) -> Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|(path, _)| out.join(path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let half = files.len().div_ceil(2).max(1);
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = files
            .chunks(half)
            .map(|chunk| {
                scope.spawn(move || -> Result<()> {
                    for (path, contents) in chunk {
                        let path = out.join(path);
                        std::fs::write(&path, contents)
                            .with_context(|| format!("writing {}", path.display()))?;
                    }
                    Ok(())
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(result) => result?,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(())
    })
}

/// Walks `dir` with the `ignore` crate's parallel walker (hidden files skipped,
/// `.gitignore` honoured, as medtrace walks item folders) and reads every `.md`
/// file fully into memory. Returns the file count and the byte total.
fn read_tree(dir: &Path, threads: usize) -> Result<(u64, u64)> {
    anyhow::ensure!(dir.is_dir(), "{} is not a folder", dir.display());
    let files = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let errors = AtomicU64::new(0);
    ignore::WalkBuilder::new(dir)
        .threads(threads.max(1))
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let Ok(entry) = entry else {
                    errors.fetch_add(1, Ordering::Relaxed);
                    return ignore::WalkState::Continue;
                };
                let is_md = entry.file_type().is_some_and(|t| t.is_file())
                    && entry.path().extension().is_some_and(|e| e == "md");
                if is_md {
                    match std::fs::read(entry.path()) {
                        Ok(data) => {
                            files.fetch_add(1, Ordering::Relaxed);
                            bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                        }
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let errors = errors.into_inner();
    anyhow::ensure!(errors == 0, "{errors} entries could not be read");
    Ok((files.into_inner(), bytes.into_inner()))
}

#[cfg(test)]
mod tests;
