//! The item file rule: which files are items, which are skipped, and that a file that
//! starts like an item is never skipped silently (SRS-004, RCM-009).

use crate::{medtrace, project};
use serde_json::Value;

const CONFIG: &[u8] =
    b"[project]\nname = \"t\"\n[levels]\nsystem-requirement-not-refined = \"allow\"\n";

#[test]
fn only_item_files_are_read_and_broken_ones_are_each_reported() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        // Items.
        (
            "dhf/plain.md",
            b"---\nid: SYS-001\ntitle: Plain\n---\nBody.\n",
        ),
        (
            "dhf/bom.md",
            b"\xef\xbb\xbf---\nid: SYS-002\ntitle: With a byte order mark\n---\n",
        ),
        (
            "dhf/dots.md",
            b"---\nid: SYS-003\ntitle: Closed with dots\n...\nBody.\n",
        ),
        // Not items: skipped without a word.
        ("dhf/README.md", b"# The records\n"),
        (
            "dhf/notes.md",
            b"Notes.\n---\nid: SYS-090\ntitle: not front matter\n---\n",
        ),
        ("dhf/record.txt", b"---\nid: SYS-091\ntitle: Not .md\n---\n"),
        (
            "dhf/.drafts/SYS-092.md",
            b"---\nid: SYS-092\ntitle: Hidden folder\n---\n",
        ),
        (
            "dhf/.SYS-093.md",
            b"---\nid: SYS-093\ntitle: Hidden file\n---\n",
        ),
        ("dhf/.gitignore", b"ignored/\n"),
        (
            "dhf/ignored/SYS-094.md",
            b"---\nid: SYS-094\ntitle: Ignored\n---\n",
        ),
        // Start like items but cannot be read as one: one finding each.
        (
            "dhf/unclosed.md",
            b"---\nid: SYS-004\ntitle: Never closed\n",
        ),
        (
            "dhf/broken.md",
            b"---\nid: SYS-005\ntitle: [unclosed\n---\n",
        ),
        ("dhf/no-id.md", b"---\ntitle: No id\n---\n"),
        ("dhf/latin1.md", b"---\nid: SYS-006\ntitle: caf\xe9\n---\n"),
    ]);
    let run = medtrace(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["location"]["file"].as_str().unwrap_or(""),
                d["code"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "dhf/broken.md yaml-syntax",
            "dhf/latin1.md file-not-utf8",
            "dhf/no-id.md item-id-missing",
            "dhf/unclosed.md front-matter-unclosed",
        ]
    );

    let list = medtrace(dir.path(), &["list", "--format", "json"]);
    let json: Value = serde_json::from_str(&list.stdout).expect("json");
    let ids: Vec<&str> = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().unwrap_or(""))
        .collect();
    for id in ["SYS-001", "SYS-002", "SYS-003"] {
        assert!(ids.contains(&id), "{id} is read: {ids:?}");
    }
    for id in ["SYS-090", "SYS-091", "SYS-092", "SYS-093", "SYS-094"] {
        assert!(!ids.contains(&id), "{id} is not an item: {ids:?}");
    }
}

#[test]
fn show_gives_the_body_byte_for_byte_in_json() {
    let body = "First line with trailing spaces   \r\nCRLF line\r\n\r\n\tindented\nlast line without newline";
    let text = format!("---\r\nid: SYS-001\r\ntitle: Bytes\r\n---\r\n{body}");
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SYS-001.md", text.as_bytes()),
    ]);
    let run = medtrace(dir.path(), &["show", "SYS-001", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["body"], body);
    assert_eq!(json["title"], "Bytes");
    // The text view prints the body between blank lines, its inner lines unchanged.
    let shown = medtrace(dir.path(), &["show", "SYS-001"]);
    assert!(
        shown
            .stdout
            .ends_with("\nFirst line with trailing spaces   \r\nCRLF line\r\n\r\n\tindented\nlast line without newline\n"),
        "{:?}",
        shown.stdout
    );
}
