//! The same records give the same bytes: across runs, places, starting folders and the
//! order in which files were created (SRS-027, RCM-007).

use crate::{medtrace, medtrace_in, repo_root, scenario};
use std::path::{Path, PathBuf};

/// Every file of a project under `dir` (relative paths, sorted), skipping hidden entries
/// and what a build or test run leaves behind (`target/`, `reports/`, `__pycache__/`).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.')
                || ["target", "reports", "__pycache__"].contains(&name.as_str())
            {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).expect("inside").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Copies the project `from` (as a clean checkout holds it) into a new temporary folder,
/// creating the files in path order or in reverse.
fn copy_project(from: &Path, reverse: bool) -> tempfile::TempDir {
    let to = tempfile::tempdir().expect("tmp");
    let mut files = files_under(from);
    if reverse {
        files.reverse();
    }
    for rel in files {
        let target = to.path().join(&rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from.join(&rel), &target).expect("copy");
    }
    to
}

/// Every output of every command we compare, as (what, bytes).
fn outputs(dir: &Path, some_id: &str) -> Vec<(String, String)> {
    let commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["check", "--format", "short"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "sarif"],
        vec!["trace"],
        vec!["trace", "--format", "csv"],
        vec!["trace", "risk", "--format", "json"],
        vec!["list", "--format", "json"],
        vec!["list"],
        vec!["show", some_id],
        vec!["show", some_id, "--format", "json"],
        vec!["tags"],
        vec!["tags", "--format", "json"],
    ];
    commands
        .into_iter()
        .map(|args| {
            let run = medtrace(dir, &args);
            assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
            (args.join(" "), run.stdout)
        })
        .collect()
}

fn assert_same(a: &[(String, String)], b: &[(String, String)], why: &str) {
    for ((what, x), (_, y)) in a.iter().zip(b) {
        assert!(x == y, "`{what}` differs {why}:\n{x}\n---\n{y}");
    }
}

fn assert_no_place(outputs: &[(String, String)], dirs: &[&Path]) {
    for (what, text) in outputs {
        for dir in dirs {
            for form in [dir.to_path_buf(), dir.canonicalize().expect("canonical")] {
                let shown = form.to_string_lossy().into_owned();
                assert!(
                    !text.contains(&shown),
                    "`{what}` contains the absolute path {shown}"
                );
            }
        }
        // Paths use `/`: no project folder is followed by a `\` (raw or JSON-escaped).
        for folder in ["dhf", "firmware", "tools", "src", "tests"] {
            assert!(
                !text.contains(&format!("{folder}\\")),
                "`{what}` has a path with a `\\` separator"
            );
        }
    }
}

#[test]
fn check_trace_list_and_show_give_the_same_bytes_everywhere() {
    for (source, id) in [
        (repo_root().join("examples/infusion-pump"), "SRS-001"),
        (scenario("seeded-six"), "SRS-001"),
    ] {
        let a = copy_project(&source, false);
        let b = copy_project(&source, true);
        let first = outputs(a.path(), id);
        // Repeated runs.
        assert_same(&first, &outputs(a.path(), id), "between two runs");
        // Another absolute path, files created in the reverse order.
        assert_same(&first, &outputs(b.path(), id), "between two copies");
        assert_no_place(&first, &[a.path(), b.path()]);

        // Started inside the project instead of with -C: the same bytes.
        let inside = a.path().join("dhf");
        for (what, text) in &first {
            if what.starts_with("check") && !what.contains("--format") {
                continue; // the human format under --color=never, compared below
            }
            let args: Vec<&str> = what
                .split(' ')
                .chain(std::iter::once("--color=never"))
                .collect();
            let run = medtrace_in(&inside, &args);
            assert!(
                &run.stdout == text,
                "`{what}` differs when started in dhf/:\n{}\n---\n{text}",
                run.stdout
            );
        }
        let human = medtrace_in(&inside, &["--color=never", "check"]);
        assert_eq!(&human.stdout, &first[0].1);
    }
}

#[test]
fn the_json_and_csv_outputs_of_the_example_repeat_byte_for_byte() {
    let example = repo_root().join("examples/infusion-pump");
    let json = |dir: &Path| medtrace(dir, &["check", "--format", "json"]).stdout;
    let csv = |dir: &Path| medtrace(dir, &["trace", "--format", "csv"]).stdout;
    let copy = copy_project(&example, false);
    let (j1, j2, j3) = (json(copy.path()), json(copy.path()), json(copy.path()));
    assert!(j1.starts_with('{') && j1 == j2 && j2 == j3);
    let (c1, c2) = (csv(copy.path()), csv(copy.path()));
    assert!(c1.starts_with("SYS,") && c1 == c2, "{c1}");
    assert_no_place(
        &[("json".into(), j1), ("csv".into(), c1)],
        &[copy.path(), &example],
    );
}

/// medtrace opens no network connection: no crate that could is linked into the binary.
#[test]
fn no_network_crate_is_linked_into_medtrace() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .current_dir(repo_root())
        .args([
            "tree",
            "-p",
            "medtrace-cli",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo runs");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && tree.contains("medtrace-core"),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    const NETWORK: &[&str] = &[
        "reqwest",
        "hyper",
        "h2",
        "http",
        "ureq",
        "curl",
        "curl-sys",
        "isahc",
        "attohttpc",
        "surf",
        "rustls",
        "native-tls",
        "openssl",
        "openssl-sys",
        "tokio",
        "async-std",
        "mio",
        "socket2",
        "tungstenite",
    ];
    for line in tree.lines() {
        let name = line.split(' ').next().unwrap_or("");
        assert!(
            !NETWORK.contains(&name),
            "`{name}` can open network connections: {line}"
        );
    }
}
