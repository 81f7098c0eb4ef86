//! Atomic writes that never replace what exists.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;

// implements: RCM-004
/// Writes `contents` to `path`, which must not exist yet, atomically.
///
/// The bytes go to a temporary file in the same folder, are flushed to disk, and the
/// temporary file is then hard-linked to `path`, which fails if `path` appeared in the
/// meantime. A reader never sees a half-written file, and nothing is overwritten.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    if path.exists() {
        bail!(
            "{} exists already; medtrace never overwrites a file",
            path.display()
        );
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.medtrace-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        file.write_all(contents)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        drop(file);
        std::fs::hard_link(&tmp, path)
            .with_context(|| format!("cannot create {} (does it exist already?)", path.display()))
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Writes `contents` to `path`, replacing what is there, atomically: readers see the old
/// file or the new one, never a mix.
pub fn write_replace(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.medtrace-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, contents)
        .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a/b.md");
        write_new(&path, b"one")?;
        assert!(write_new(&path, b"two").is_err());
        assert_eq!(std::fs::read(&path)?, b"one");
        let leftovers = std::fs::read_dir(dir.path().join("a"))?.count();
        assert_eq!(leftovers, 1, "the temporary file is removed");
        Ok(())
    }
}
