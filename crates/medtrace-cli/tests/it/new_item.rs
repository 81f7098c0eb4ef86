//! `medtrace new`: the next free ID, in the folder where the type's items live, written
//! atomically and never over an existing file (SRS-023, RCM-004).

use crate::{medtrace, project};
use std::path::Path;

const CONFIG: &[u8] = b"[project]\nname = \"t\"\n";

fn srs(id: &str) -> Vec<u8> {
    format!("---\nid: {id}\ntitle: R\n---\n").into_bytes()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn new_goes_to_the_folder_where_most_items_of_the_type_live() {
    let (a, b, c) = (srs("SRS-001"), srs("SRS-002"), srs("SRS-010"));
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/reqs/SRS-001.md", &a),
        ("dhf/reqs/SRS-002.md", &b),
        ("dhf/other/SRS-010.md", &c),
    ]);
    let title = "Alarm: limit reached # 1";
    let run = medtrace(dir.path(), &["new", "SRS", title]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // One more than the highest number, in the folder with the most SRS.
    assert_eq!(run.stdout, "SRS-011 dhf/reqs/SRS-011.md\n");
    let show = medtrace(dir.path(), &["show", "SRS-011", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
    assert_eq!(json["title"], title, "the title survives exactly");
    let check = medtrace(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let about_new: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["location"]["file"] == "dhf/reqs/SRS-011.md")
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        about_new,
        ["requirement-not-derived", "requirement-not-verified"],
        "only the coverage gaps of a fresh item, no parser finding"
    );
}

#[test]
fn on_a_tie_new_takes_the_first_folder_in_path_order() {
    let (a, b) = (srs("SRS-004"), srs("SRS-007"));
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/zeta/SRS-004.md", &a),
        ("dhf/alpha/SRS-007.md", &b),
    ]);
    let run = medtrace(dir.path(), &["new", "srs", "Tie"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "SRS-008 dhf/alpha/SRS-008.md\n");
}

#[test]
fn a_type_without_items_goes_to_its_own_folder_under_the_first_item_folder() {
    let dir = project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"t\"\n[items]\nfolders = [\"records\", \"more\"]\n",
        ),
        ("records/SYS-001.md", b"---\nid: SYS-001\ntitle: N\n---\n"),
        ("more/.keep", b""),
    ]);
    let run = medtrace(dir.path(), &["new", "SRS", "First"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "SRS-001 records/software-requirements/SRS-001.md\n"
    );
}

#[test]
fn new_never_overwrites_and_leaves_no_temporary_file() {
    let (a, b) = (srs("SRS-001"), srs("SRS-010"));
    let note: &[u8] = b"A note that is not an item, with the next item's name.\n";
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/reqs/SRS-001.md", &a),
        ("dhf/reqs/SRS-010.md", &b),
        ("dhf/reqs/SRS-011.md", note),
    ]);
    let run = medtrace(dir.path(), &["new", "SRS", "Clash"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("SRS-011.md") && run.stderr.contains("never overwrites"),
        "{}",
        run.stderr
    );
    let folder = dir.path().join("dhf/reqs");
    assert_eq!(
        std::fs::read(folder.join("SRS-011.md")).expect("kept"),
        note
    );
    assert_eq!(names(&folder), ["SRS-001.md", "SRS-010.md", "SRS-011.md"]);
}

/// The target appears between the check and the move (here: a dangling symlink, which
/// `exists()` does not see): the move fails, nothing is replaced, and the temporary file
/// is removed.
#[cfg(unix)]
#[test]
fn a_failed_move_leaves_the_target_alone_and_no_temporary_file() {
    let a = srs("SRS-001");
    let dir = project(&[("medtrace.toml", CONFIG), ("dhf/reqs/SRS-001.md", &a)]);
    let folder = dir.path().join("dhf/reqs");
    std::os::unix::fs::symlink("nowhere.md", folder.join("SRS-002.md")).expect("symlink");
    let run = medtrace(dir.path(), &["new", "SRS", "Raced"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("SRS-002.md"), "{}", run.stderr);
    assert_eq!(names(&folder), ["SRS-001.md", "SRS-002.md"]);
    assert_eq!(
        std::fs::read_link(folder.join("SRS-002.md")).expect("still a link"),
        Path::new("nowhere.md")
    );
    assert!(!folder.join("nowhere.md").exists());
}

#[test]
fn concurrent_runs_never_overwrite_each_other() {
    let (a, b) = (srs("SRS-001"), srs("SRS-002"));
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/reqs/SRS-001.md", &a),
        ("dhf/reqs/SRS-002.md", &b),
    ]);
    for round in 0..5 {
        let children: Vec<_> = (0..4)
            .map(|k| {
                let title = format!("round {round} run {k}");
                let child = std::process::Command::new(env!("CARGO_BIN_EXE_medtrace"))
                    .arg("-C")
                    .arg(dir.path())
                    .args(["new", "SRS", &title])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("starts");
                (title, child)
            })
            .collect();
        let mut created = Vec::new();
        for (title, child) in children {
            let out = child.wait_with_output().expect("ends");
            match out.status.code() {
                Some(0) => {
                    let line = String::from_utf8_lossy(&out.stdout).into_owned();
                    let path = line.split(' ').nth(1).expect("a path").trim().to_string();
                    let text = std::fs::read_to_string(dir.path().join(&path)).expect("exists");
                    assert!(
                        text.contains(&format!("title: {title}\n")),
                        "{path} holds another run's item: {text}"
                    );
                    created.push(path);
                }
                Some(2) => {}
                other => panic!("exit {other:?}: {}", String::from_utf8_lossy(&out.stderr)),
            }
        }
        assert!(!created.is_empty(), "at least one run creates an item");
        let mut unique = created.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            created.len(),
            "two runs reported the same file"
        );
    }
    let folder = dir.path().join("dhf/reqs");
    assert!(
        names(&folder).iter().all(|n| !n.starts_with('.')),
        "no temporary file is left: {:?}",
        names(&folder)
    );
}
