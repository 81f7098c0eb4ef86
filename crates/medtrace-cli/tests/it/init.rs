//! `medtrace init`: scaffolds a project and never touches what exists (SRS-024, RCM-004).

use crate::{medtrace, snapshot};

#[test]
fn init_in_an_empty_folder_creates_a_project_that_checks_clean() {
    let parent = tempfile::tempdir().expect("tmp");
    let dir = parent.path().join("pump-software");
    std::fs::create_dir(&dir).expect("mkdir");
    let run = medtrace(&dir, &["init", "--class", "B"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created medtrace.toml\ncreated dhf/README.md\ncreated dhf/documents/DOC-001.md\ncreated dhf/documents/DOC-002.md\ncreated dhf/documents/DOC-003.md\ncreated dhf/documents/DOC-004.md\n"
    );
    let files = snapshot(&dir);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "dhf/README.md",
            "dhf/documents/DOC-001.md",
            "dhf/documents/DOC-002.md",
            "dhf/documents/DOC-003.md",
            "dhf/documents/DOC-004.md",
            "medtrace.toml"
        ]
    );
    let config = String::from_utf8_lossy(&files["medtrace.toml"]).into_owned();
    assert!(
        config.contains("name = \"pump-software\"") && config.contains("class = \"B\""),
        "{config}"
    );
    // The risk policy is written out for the team to edit, and reads back as the default.
    assert!(config.contains("\n[risk]\nseverity = [\n"), "{config}");
    let check = medtrace(&dir, &["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(check.stdout, "", "a new project has no findings");

    // Without --class the system is class C.
    let other = parent.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    assert_eq!(medtrace(&other, &["init"]).code, 0);
    let config = std::fs::read_to_string(other.join("medtrace.toml")).expect("created");
    assert!(config.contains("class = \"C\""), "{config}");
}

#[test]
fn init_a_second_time_changes_no_byte() {
    let dir = tempfile::tempdir().expect("tmp");
    assert_eq!(medtrace(dir.path(), &["init", "--class", "A"]).code, 0);
    let before = snapshot(dir.path());
    let run = medtrace(dir.path(), &["init", "--class", "C"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "kept    medtrace.toml (exists)\nkept    dhf/README.md (exists)\nkept    dhf/documents/DOC-001.md (exists)\nkept    dhf/documents/DOC-002.md (exists)\nkept    dhf/documents/DOC-003.md (exists)\nkept    dhf/documents/DOC-004.md (exists)\n"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn init_keeps_an_existing_configuration_and_readme_byte_for_byte() {
    let dir = crate::project(&[
        (
            "medtrace.toml",
            b"# ours\n[project]\nname = \"kept\"\nclass = \"A\"\n",
        ),
        (
            "dhf/README.md",
            b"Our own README, CRLF\r\nand no final newline",
        ),
    ]);
    let before = snapshot(dir.path());
    let run = medtrace(dir.path(), &["init", "--class", "C"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("kept    medtrace.toml (exists)\n")
            && run.stdout.contains("kept    dhf/README.md (exists)\n")
            && run.stdout.contains("created dhf/documents/DOC-001.md\n"),
        "{}",
        run.stdout
    );
    let after = snapshot(dir.path());
    for (path, bytes) in &before {
        assert_eq!(&after[path], bytes, "{path} was changed");
    }
    assert_eq!(after.len(), before.len() + 4, "only the plans were added");
}
