//! Finding medtrace.toml: in the current folder, by walking up, or from `-C DIR` (SRS-001).

use crate::{medtrace_in, project};

const CONFIG: &[u8] = b"[project]\nname = \"found\"\n";
/// One finding in a known file, so the outputs show which project was read.
const ITEM: &[u8] =
    b"---\nid: SRS-001\ntitle: A requirement\nderived: true\nderived-rationale: r\n---\n";

fn found_project() -> tempfile::TempDir {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SRS-001.md", ITEM),
        ("dhf/a/b/c/README.md", b"a folder three levels below dhf/\n"),
    ]);
    std::fs::create_dir_all(dir.path().join("deep/er/still")).expect("mkdir");
    dir
}

const EXPECTED: &str =
    "dhf/SRS-001.md:2:5: error[requirement-not-verified]: no test verifies `SRS-001`\n";

#[test]
fn the_configuration_is_found_in_the_current_folder_or_above() {
    let dir = found_project();
    let root = dir.path();
    for cwd in [
        root.to_path_buf(),
        root.join("dhf"),
        root.join("dhf/a/b/c"),
        root.join("deep/er/still"),
    ] {
        let run = medtrace_in(&cwd, &["check", "--format", "short"]);
        assert_eq!(run.code, 1, "from {}: {}", cwd.display(), run.stderr);
        assert_eq!(
            run.stdout,
            EXPECTED,
            "from {}: paths are relative to the project root",
            cwd.display()
        );
    }
}

#[test]
fn dash_c_starts_the_search_in_dir_and_ignores_the_current_folder() {
    let dir = found_project();
    let root = dir.path();
    // The current folder holds a different project, which -C must not read.
    let elsewhere = project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"elsewhere\"\n[items]\nfolders = [\"records\"]\n",
        ),
        (
            "records/SYS-001.md",
            b"---\nid: SYS-001\ntitle: Other\n---\n",
        ),
    ]);
    let root_arg = root.to_str().expect("utf-8 temp path");
    let run = medtrace_in(
        elsewhere.path(),
        &["-C", root_arg, "check", "--format", "short"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, EXPECTED);

    // -C names where the search starts: from a folder inside the project it walks up.
    let inside = root.join("dhf/a/b");
    let run = medtrace_in(
        elsewhere.path(),
        &[
            "-C",
            inside.to_str().expect("utf-8"),
            "check",
            "--format",
            "short",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, EXPECTED);
}

#[test]
fn without_a_configuration_the_error_names_the_start_and_suggests_init() {
    let dir = tempfile::tempdir().expect("tmp");
    let start = dir.path().join("some/folder");
    std::fs::create_dir_all(&start).expect("mkdir");
    let canonical = start.canonicalize().expect("canonical");
    for run in [
        medtrace_in(&start, &["check"]),
        medtrace_in(dir.path(), &["-C", start.to_str().expect("utf-8"), "check"]),
    ] {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("no medtrace.toml in {}", start.display()))
                || run
                    .stderr
                    .contains(&format!("no medtrace.toml in {}", canonical.display())),
            "the error names the starting folder: {}",
            run.stderr
        );
        assert!(run.stderr.contains("medtrace init"), "{}", run.stderr);
    }
}
