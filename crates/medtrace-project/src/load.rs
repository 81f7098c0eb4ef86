//! Finding the project and reading it.

use anyhow::{Context, Result};
use medtrace_core::config::{self, FILE_NAME};
use medtrace_core::diagnostic::{Code, Diagnostic};
use medtrace_core::item::{self, Record};
use medtrace_core::{Analysis, Evidence, FileId, Schema, Sources, Span};
use std::path::{Path, PathBuf};

// implements: SRS-001
/// The folder holding `medtrace.toml`: `start` or its nearest ancestor that has one.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// What a run reads besides what medtrace.toml names.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Test reports given on the command line.
    pub reports: Vec<PathBuf>,
    /// Whether to read the reports `[tests] reports` names.
    pub configured_reports: bool,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            reports: Vec::new(),
            configured_reports: true,
        }
    }
}

/// Reads and checks the project whose `medtrace.toml` is in `root`.
pub fn load(root: &Path) -> Result<Analysis> {
    load_with(root, &LoadOptions::default())
}

/// [`load`] with more to read.
pub fn load_with(root: &Path, options: &LoadOptions) -> Result<Analysis> {
    let config_path = root.join(FILE_NAME);
    let config_text = std::fs::read(&config_path)
        .with_context(|| format!("cannot read {}", config_path.display()))?;
    let config_text = String::from_utf8(config_text)
        .map_err(|_| anyhow::anyhow!("{FILE_NAME} is not valid UTF-8"))?;
    let mut sources = Sources::default();
    let config_file = sources.add(FILE_NAME.to_string(), config_text);
    let (config, mut diags) = config::parse(config_file, &sources.get(config_file).text);

    let mut paths = Vec::new();
    for folder in &config.folders {
        let dir = root.join(folder);
        if !dir.is_dir() {
            diags.push(
                Diagnostic::new(
                    Code::ConfigInvalidValue,
                    config.folders_span.or(Some(Span::file_start(config_file))),
                    format!("item folder `{folder}` does not exist"),
                )
                .with_help("create it, or correct `[items] folders` in medtrace.toml"),
            );
            continue;
        }
        paths.extend(item_files(&dir)?);
    }
    // Byte order, not component order: any fixed order keeps output deterministic, and
    // comparing bytes is several times cheaper over 50k paths.
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    paths.dedup();

    let schema = Schema::new(&config);
    let first = sources.len();
    let parsed = read_and_parse(&paths, first, &config, &schema);
    let mut items = Vec::with_capacity(parsed.len());
    let mut evidence = Evidence::default();
    for (path, file) in paths.iter().zip(parsed) {
        // Ids were handed out in path order before parsing; adding in the same order keeps them.
        sources.add(relative(root, path), file.text);
        diags.extend(file.diags);
        match file.record {
            Some(Record::Item(item)) => items.push(item),
            Some(Record::Execution(execution)) => evidence.executions.push(execution),
            None => {}
        }
    }
    crate::lockfiles::read_lockfiles(root, &config, &mut sources, &mut evidence, &mut diags)?;
    evidence.changed_since = crate::git::changed_since(root, &evidence.executions);
    if let Some(control) = &config.change_control {
        match crate::history::commits(root, control.since.as_deref()) {
            Ok(commits) => evidence.commits = commits,
            Err(err) => diags.push(
                Diagnostic::new(
                    Code::ConfigInvalidValue,
                    control.span,
                    format!("change control cannot read the git history: {err:#}"),
                )
                .with_help("run medtrace in a git repository, and name in `since` a commit, tag or branch it has"),
            ),
        }
    }
    crate::evidence::scan_tags(root, &config, &mut sources, &mut evidence, &mut diags)?;
    crate::evidence::read_reports(
        root,
        &config,
        options.configured_reports,
        &options.reports,
        &mut sources,
        &mut evidence,
        &mut diags,
    )?;
    Ok(Analysis::with_evidence(
        config, sources, items, evidence, diags,
    ))
}

/// Reads a project given as texts, as [`Analysis::from_texts`] does (for tests).
pub fn load_texts(config_text: &str, files: Vec<(String, String)>) -> Analysis {
    Analysis::from_texts(config_text, files)
}

/// Every `.md` file under `dir`, honouring `.gitignore` and skipping hidden entries.
/// The walk runs on every core; the caller sorts the result.
fn item_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let found = std::sync::Mutex::new(Vec::new());
    let failure = std::sync::Mutex::new(None);
    ignore::WalkBuilder::new(dir)
        .require_git(false)
        .build_parallel()
        .run(|| {
            let mut batch = Batch {
                local: Vec::new(),
                found: &found,
            };
            let failure = &failure;
            Box::new(move |entry| {
                use ignore::WalkState;
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        if is_file && entry.path().extension().is_some_and(|e| e == "md") {
                            batch.local.push(entry.into_path());
                        }
                        WalkState::Continue
                    }
                    Err(err) => {
                        lock(failure).get_or_insert(err);
                        WalkState::Quit
                    }
                }
            })
        });
    if let Some(err) = lock(&failure).take() {
        return Err(err).with_context(|| format!("cannot walk {}", dir.display()));
    }
    Ok(std::mem::take(&mut *lock(&found)))
}

/// One walker thread's finds, handed over in one lock when the thread is done.
struct Batch<'a> {
    local: Vec<PathBuf>,
    found: &'a std::sync::Mutex<Vec<PathBuf>>,
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        lock(self.found).append(&mut self.local);
    }
}

/// Locks a mutex, carrying on if another thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `path` relative to `root`, with `/` separators and no `.` segments (a root given as
/// `.` leaves them).
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    let rel = if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    };
    if rel.starts_with("./") || rel.contains("/./") {
        rel.split('/')
            .filter(|p| *p != ".")
            .collect::<Vec<_>>()
            .join("/")
    } else {
        rel
    }
}

struct ParsedFile {
    text: String,
    record: Option<Record>,
    diags: Vec<Diagnostic>,
}

// implements: SRS-026
/// Reads and parses files on every core; results come back in the order of `paths`.
fn read_and_parse(
    paths: &[PathBuf],
    first_id: usize,
    config: &medtrace_core::Config,
    schema: &Schema,
) -> Vec<ParsedFile> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16);
    let chunk = paths.len().div_ceil(threads).max(64);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .enumerate()
            .map(|(k, chunk_paths)| {
                scope.spawn(move || {
                    chunk_paths
                        .iter()
                        .enumerate()
                        .map(|(j, path)| {
                            let id =
                                FileId(u32::try_from(first_id + k * chunk + j).unwrap_or(u32::MAX));
                            read_one(id, path, config, schema)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(files) => files,
                // A panic in a worker is a bug; re-raise it on this thread.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn read_one(
    file: FileId,
    path: &Path,
    config: &medtrace_core::Config,
    schema: &Schema,
) -> ParsedFile {
    let unreadable = |code, message: String, help: &str| ParsedFile {
        text: String::new(),
        record: None,
        diags: vec![Diagnostic::new(code, Some(Span::file_start(file)), message).with_help(help)],
    };
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(err)) => {
            let at = err.utf8_error().valid_up_to();
            return unreadable(
                Code::FileNotUtf8,
                format!("the file is not UTF-8 text (invalid byte at offset {at})"),
                "save the file as UTF-8, or move files that are not records out of the item folders",
            );
        }
        Err(err) => {
            return unreadable(
                Code::FileUnreadable,
                format!("the file cannot be read: {err}"),
                "check the file's permissions",
            );
        }
    };
    let mut diags = Vec::new();
    let record = item::parse(file, &text, config, schema, &mut diags);
    ParsedFile {
        text,
        record,
        diags,
    }
}
