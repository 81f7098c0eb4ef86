//! Walking the source roots and scanning every file for trace tags.
//!
//! The walk is ripgrep's: the `ignore` crate's parallel walker, honouring `.gitignore`,
//! `.ignore` and global git excludes, skipping hidden entries, with include and exclude
//! globs as overrides (ripgrep's `--glob`). Each walker thread reads and scans the files
//! it finds into one reused buffer; only files with tags are kept, with their text.

use anyhow::{Context, Result, bail};
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use medtrace_core::FileId;
use medtrace_scan::{BINARY_PREFIX, ScanOutput, is_binary, scan};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::load::{lock, relative};

/// A source file that holds at least one tag or malformed tag.
#[derive(Clone, Debug)]
pub struct ScannedFile {
    /// The path relative to the project root, with `/` separators.
    pub path: String,
    /// The text (invalid UTF-8 replaced), for snippets in findings.
    pub text: String,
    /// The tags found; spans carry `FileId(0)` until the caller numbers the file with
    /// [`medtrace_scan::renumber`].
    pub output: ScanOutput,
}

// implements: SRS-030, SRS-037
/// Scans the source roots `roots` (relative to `root`; `.` is the root itself) for trace
/// tags and returns the files that hold any, sorted by path.
///
/// `include` and `exclude` are gitignore-style globs relative to `root`, applied as
/// ripgrep applies `--glob`: when `include` is not empty only files matching one of its
/// globs are scanned; files matching an `exclude` glob are not. As in ripgrep, a glob
/// match takes precedence over `.gitignore`. An unreadable root, folder or file is an
/// error: an audit trail must not silently skip part of the tree.
pub fn scan_tree(
    root: &Path,
    roots: &[String],
    include: &[String],
    exclude: &[String],
) -> Result<Vec<ScannedFile>> {
    scan_tree_skipping(root, roots, include, exclude, &[])
}

/// [`scan_tree`] that also leaves out the folders `skip` (relative to `root`; the item
/// folders, which hold records, not code). Folders holding a `medtrace.toml` of their
/// own are always left out: they are other projects, whose tags name their own items.
pub fn scan_tree_skipping(
    root: &Path,
    roots: &[String],
    include: &[String],
    exclude: &[String],
    skip: &[String],
) -> Result<Vec<ScannedFile>> {
    let Some((first, rest)) = roots.split_first() else {
        return Ok(Vec::new());
    };
    let dir = |r: &String| -> Result<PathBuf> {
        let dir = match r.as_str() {
            "." | "" => root.to_path_buf(),
            r => root.join(r),
        };
        if !dir.exists() {
            bail!("source root `{r}` does not exist under {}", root.display());
        }
        Ok(dir)
    };
    let mut walk = WalkBuilder::new(dir(first)?);
    for r in rest {
        walk.add(dir(r)?);
    }
    let mut overrides = OverrideBuilder::new(root);
    for glob in include {
        overrides
            .add(glob)
            .with_context(|| format!("invalid include glob `{glob}`"))?;
    }
    for glob in exclude {
        overrides
            .add(&format!("!{glob}"))
            .with_context(|| format!("invalid exclude glob `{glob}`"))?;
    }
    let overrides = overrides.build().context("invalid source globs")?;
    walk.require_git(false).overrides(overrides);
    let skipped: Vec<PathBuf> = skip.iter().map(|s| root.join(s)).collect();
    walk.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        !(is_dir
            && entry.depth() > 0
            && (skipped.iter().any(|s| entry.path() == s)
                || entry
                    .path()
                    .join(medtrace_core::config::FILE_NAME)
                    .is_file()))
    });

    let found = Mutex::new(Vec::new());
    let failure = Mutex::new(None);
    walk.build_parallel().run(|| {
        let mut thread = Thread {
            root,
            buffer: Vec::new(),
            local: Vec::new(),
            found: &found,
        };
        let failure = &failure;
        Box::new(move |entry| {
            let result = entry
                .map_err(anyhow::Error::from)
                .and_then(|entry| thread.visit(&entry));
            match result {
                Ok(()) => WalkState::Continue,
                Err(err) => {
                    lock(failure).get_or_insert(err);
                    WalkState::Quit
                }
            }
        })
    });
    if let Some(err) = lock(&failure).take() {
        return Err(err).context("cannot scan the source roots");
    }
    let mut files = std::mem::take(&mut *lock(&found));
    files.sort_by(|a: &ScannedFile, b| a.path.cmp(&b.path));
    // Roots that overlap (`.` and `src`) reach the same file twice.
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

/// One walker thread: its read buffer and its finds, handed over in one lock when the
/// thread is done.
struct Thread<'a> {
    root: &'a Path,
    buffer: Vec<u8>,
    local: Vec<ScannedFile>,
    found: &'a Mutex<Vec<ScannedFile>>,
}

impl Thread<'_> {
    fn visit(&mut self, entry: &ignore::DirEntry) -> Result<()> {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            return Ok(());
        }
        let path = entry.path();
        let Some(len) = self.read(path)? else {
            return Ok(());
        };
        let bytes = &self.buffer[..len];
        // The scanner only looks at the extension; borrowed unless the path is not UTF-8.
        let output = scan(FileId(0), &path.as_os_str().to_string_lossy(), bytes);
        if !output.is_empty() {
            self.local.push(ScannedFile {
                path: relative(self.root, path),
                text: text(bytes),
                output,
            });
        }
        Ok(())
    }

    /// Reads `path` into the buffer and returns its length, or `None` when the file is
    /// binary, which is known from its first bytes without reading the rest. The buffer
    /// is never cleared or shrunk: it is read into in place, without a `stat` per file.
    fn read(&mut self, path: &Path) -> Result<Option<usize>> {
        const CHUNK: usize = 64 * 1024;
        let context = || format!("cannot read {}", path.display());
        let mut file = std::fs::File::open(path).with_context(context)?;
        let mut filled = 0;
        let mut checked = false;
        loop {
            if filled == self.buffer.len() {
                let len = (self.buffer.len() * 2).max(CHUNK);
                self.buffer.resize(len, 0);
            }
            let n = match file.read(&mut self.buffer[filled..]) {
                Ok(n) => n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err).with_context(context),
            };
            filled += n;
            if !checked && (n == 0 || filled >= BINARY_PREFIX) {
                if is_binary(&self.buffer[..filled]) {
                    return Ok(None);
                }
                checked = true;
            }
            if n == 0 {
                return Ok(Some(filled));
            }
        }
    }
}

impl Drop for Thread<'_> {
    fn drop(&mut self) {
        lock(self.found).append(&mut self.local);
    }
}

/// `bytes` as text, invalid UTF-8 replaced. `from_utf8` first: its validation is several
/// times faster than `from_utf8_lossy`'s, and almost every source file is valid.
fn text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree from `(path, contents)` pairs.
    fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, contents) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, contents).expect("write");
        }
        dir
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// `path: ids` per tagged file.
    fn scanned(dir: &Path, roots: &[&str], include: &[&str], exclude: &[&str]) -> Vec<String> {
        let files =
            scan_tree(dir, &strings(roots), &strings(include), &strings(exclude)).expect("scan");
        files
            .iter()
            .map(|f| {
                let ids: Vec<&str> = f
                    .output
                    .tags
                    .iter()
                    .flat_map(|t| t.targets.iter().map(|t| t.id.as_str()))
                    .collect();
                format!("{}: {} {}", f.path, ids.join(","), f.output.malformed.len())
            })
            .collect()
    }

    const TAGGED: &[u8] = b"// implements: SRS-1\n";

    #[test]
    fn walks_like_ripgrep() {
        let dir = tree(&[
            (".gitignore", b"target/\n*.log\n"),
            ("src/b.rs", TAGGED),
            ("src/a.rs", b"// verifies: SRS-2\n#[test]\nfn t() {}\n"),
            ("src/none.rs", b"fn main() {}\n"),
            ("src/deep/er/c.py", b"'''\nimplements: SRS-3\n'''\n"),
            ("src/bad.c", b"/* implements: the pump */\n"),
            ("target/gen.rs", TAGGED),
            ("src/x.log", TAGGED),
            (".hidden/h.rs", TAGGED),
            ("src/.h.rs", TAGGED),
            ("src/blob.bin", b"\0// implements: SRS-4\n"),
            ("docs/d.md", b"<!-- implements: SRS-5 -->\n"),
        ]);
        assert_eq!(
            scanned(dir.path(), &["."], &[], &[]),
            [
                "docs/d.md: SRS-5 0",
                "src/a.rs: SRS-2 0",
                "src/b.rs: SRS-1 0",
                "src/bad.c:  1",
                "src/deep/er/c.py: SRS-3 0",
            ]
        );
        assert_eq!(
            scanned(dir.path(), &["src/deep", "docs"], &[], &[]),
            ["docs/d.md: SRS-5 0", "src/deep/er/c.py: SRS-3 0"]
        );
    }

    #[test]
    fn text_and_spans_of_tagged_files() {
        let dir = tree(&[(
            "src/a.rs",
            b"fn a() {}\n// verifies: SRS-2\n#[test]\nfn t() {}\n",
        )]);
        let files = scan_tree(dir.path(), &strings(&["src"]), &[], &[]).expect("scan");
        assert_eq!(files.len(), 1);
        let file = &files[0];
        assert_eq!(
            file.text,
            "fn a() {}\n// verifies: SRS-2\n#[test]\nfn t() {}\n"
        );
        let tag = &file.output.tags[0];
        assert_eq!(tag.span.file, FileId(0));
        assert_eq!(
            &file.text[tag.span.start as usize..tag.span.end as usize],
            "verifies: SRS-2"
        );
        assert_eq!(tag.test.as_deref(), Some("t"));
    }

    #[test]
    fn include_and_exclude_globs() {
        let dir = tree(&[
            ("src/a.rs", TAGGED),
            ("src/a.py", TAGGED),
            ("src/fixtures/f.rs", TAGGED),
            ("tests/t.rs", TAGGED),
        ]);
        assert_eq!(
            scanned(dir.path(), &["."], &["*.rs"], &["fixtures/"]),
            ["src/a.rs: SRS-1 0", "tests/t.rs: SRS-1 0"]
        );
        assert_eq!(
            scanned(dir.path(), &["."], &[], &["src/**/*.rs"]),
            ["src/a.py: SRS-1 0", "tests/t.rs: SRS-1 0"]
        );
    }

    #[test]
    fn overlapping_roots_give_each_file_once() {
        let dir = tree(&[("src/a.rs", TAGGED)]);
        assert_eq!(
            scanned(dir.path(), &[".", "src"], &[], &[]),
            ["src/a.rs: SRS-1 0"]
        );
    }

    #[test]
    fn large_files_are_read_whole() {
        let mut big = vec![b' '; 3 * 64 * 1024 + 17];
        big.extend_from_slice(TAGGED);
        let dir = tree(&[("a.rs", &big), ("b.rs", TAGGED)]);
        assert_eq!(
            scanned(dir.path(), &["."], &[], &[]),
            ["a.rs: SRS-1 0", "b.rs: SRS-1 0"]
        );
    }

    #[test]
    fn a_missing_root_or_a_bad_glob_is_an_error() {
        let dir = tree(&[("src/a.rs", TAGGED)]);
        let err = scan_tree(dir.path(), &strings(&["nope"]), &[], &[]).expect_err("missing");
        assert!(
            err.to_string()
                .contains("source root `nope` does not exist"),
            "{err}"
        );
        let err =
            scan_tree(dir.path(), &strings(&["."]), &strings(&["a{"]), &[]).expect_err("glob");
        assert!(
            err.to_string().contains("invalid include glob `a{`"),
            "{err}"
        );
        assert!(
            scan_tree(dir.path(), &[], &[], &[])
                .expect("no roots")
                .is_empty()
        );
    }
}
