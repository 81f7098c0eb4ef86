//! Integration tests: the real `medtrace` binary on scenario folders, the example project
//! and hostile input.

mod build;
mod change_control;
mod class_rules;
mod classify;
mod commands;
mod config_discovery;
mod config_problems;
mod determinism;
mod evidence;
mod example_soup;
mod exit_codes;
mod fixtures;
mod formats;
mod gap;
mod history;
mod init;
mod item_files;
mod new_item;
mod pipeline;
mod problems;
mod release;
mod review;
mod risk_findings;
mod risk_outputs;
mod robustness;
mod scenarios;
mod scratch_git;
mod soup;
mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The result of one run of the binary.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

/// Runs `medtrace -C dir args…` with colour off.
pub fn medtrace(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_medtrace"))
        .arg("-C")
        .arg(dir)
        .arg("--color=never")
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `medtrace args…` exactly as given, started in `cwd` (no `-C`, no `--color`).
pub fn medtrace_in(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_medtrace"))
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scenario folder under tests/scenarios.
pub fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
}

/// Writes files (path, contents) under a new temporary folder.
pub fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }
    dir
}

/// Folders of build output and tool caches that [`copy_tree`] leaves out.
const NOT_COPIED: &[&str] = &["target", ".venv", "__pycache__", ".pytest_cache"];

/// Copies a folder tree, leaving out build output and tool caches.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        let path = entry.path();
        if path.is_dir() {
            if !NOT_COPIED.contains(&name.to_string_lossy().as_ref()) {
                copy_tree(&path, &to.join(&name));
            }
        } else {
            std::fs::copy(&path, to.join(&name)).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read(&path).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
