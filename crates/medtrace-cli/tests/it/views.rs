//! `show`, `list` and `trace` beyond the everyday case (SRS-015, SRS-020, SRS-021, SRS-022).

use crate::{medtrace, project};
use serde_json::Value;

const CONFIG: &[u8] = b"[project]\nname = \"t\"\nclass = \"B\"\n";

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("json")
}

#[test]
fn show_prints_the_effective_class_inherited_through_the_parent_chain() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SWI-1.md", b"---\nid: SWI-1\ntitle: System\nlevel: system\n---\n"),
        (
            "dhf/SWI-3.md",
            b"---\nid: SWI-3\ntitle: Log\nparent: SWI-1\nclass: A\nclass-rationale: segregated\n---\n",
        ),
        ("dhf/SWI-4.md", b"---\nid: SWI-4\ntitle: Unit\nparent: SWI-3\n---\n"),
        (
            "dhf/SWI-6.md",
            b"---\nid: SWI-6\ntitle: Orphan\nparent: SWI-99\n---\n",
        ),
        ("dhf/TST-1.md", b"---\nid: TST-1\ntitle: T\nverifies: [SWI-4]\n---\n"),
    ]);
    let run = medtrace(dir.path(), &["show", "SWI-4"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("\n  class    A (inherited from `SWI-3`)\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        json(&medtrace(dir.path(), &["show", "SWI-4", "--format", "json"]).stdout)["class"],
        "A"
    );
    // A broken parent chain falls back to the system class, never lower.
    let run = medtrace(dir.path(), &["show", "SWI-6", "--format", "json"]);
    assert_eq!(json(&run.stdout)["class"], "B");
    // A test is held to the class of what it verifies, and says so.
    let run = medtrace(dir.path(), &["show", "TST-1"]);
    assert!(
        run.stdout
            .contains("\n  class    A (the highest of what it verifies: `SWI-4`)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn show_lists_each_item_of_a_cycle_once_and_suggests_close_ids() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        (
            "dhf/SRS-012.md",
            b"---\nid: SRS-012\ntitle: A\nderived-from: [SRS-013, SYS-001]\n---\n",
        ),
        (
            "dhf/SRS-013.md",
            b"---\nid: SRS-013\ntitle: B\nderived-from: [SRS-012]\n---\n",
        ),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: T\nverifies: [SRS-012, SRS-013]\n---\n",
        ),
    ]);
    let run = medtrace(dir.path(), &["show", "SRS-012", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = json(&run.stdout);
    let ids = |key: &str| -> Vec<String> {
        shown[key]
            .as_array()
            .expect("array")
            .iter()
            .map(|l| l["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(ids("upstream"), ["SRS-013", "SYS-001"]);
    assert_eq!(ids("downstream"), ["SRS-013", "TST-001"]);

    let missing = medtrace(dir.path(), &["show", "SRS-12"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("did you mean `SRS-012`?"),
        "{}",
        missing.stderr
    );
}

#[test]
fn list_filters_combine_and_unknown_filters_exit_2() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        (
            "dhf/b/SRS-002.md",
            b"---\nid: SRS-002\ntitle: B\nstatus: approved\n---\n",
        ),
        ("dhf/a/SRS-001.md", b"---\nid: SRS-001\ntitle: A\n---\n"),
        (
            "dhf/a/SYS-001.md",
            b"---\nid: SYS-001\ntitle: N\nstatus: approved\n---\n",
        ),
        (
            "dhf/c/SRS-003.md",
            b"---\nid: SRS-003\ntitle: C\nstatus: draft\n---\n",
        ),
    ]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--format", "json"];
        all.extend_from_slice(args);
        let run = medtrace(dir.path(), &all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        json(&run.stdout)["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // In the order of the files' paths.
    assert_eq!(ids(&[]), ["SRS-001", "SYS-001", "SRS-002", "SRS-003"]);
    assert_eq!(ids(&["--type", "SRS"]), ["SRS-001", "SRS-002", "SRS-003"]);
    assert_eq!(ids(&["--type", "srs", "--status", "approved"]), ["SRS-002"]);
    assert_eq!(ids(&["--status", "approved"]), ["SYS-001", "SRS-002"]);
    // No status counts as draft.
    assert_eq!(ids(&["--status", "draft"]), ["SRS-001", "SRS-003"]);

    let table = medtrace(dir.path(), &["list", "--type", "SRS"]);
    let rows: Vec<&str> = table
        .stdout
        .lines()
        .filter(|l| l.starts_with("SRS-"))
        .collect();
    assert_eq!(rows.len(), 3, "{}", table.stdout);
    assert!(rows[0].contains("dhf/a/SRS-001.md"), "{}", table.stdout);

    for bad in [&["--type", "FOO"][..], &["--status", "done"]] {
        let mut args = vec!["list"];
        args.extend_from_slice(bad);
        let run = medtrace(dir.path(), &args);
        assert_eq!(run.code, 2, "{bad:?}");
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn items_of_the_spine_that_no_row_reaches_get_rows_of_their_own() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        (
            "dhf/SYS-002.md",
            b"---\nid: SYS-002\ntitle: Unrefined\n---\n",
        ),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: R\nderived-from: [SYS-001]\nallocated-to: [SWI-001]\n---\n",
        ),
        (
            "dhf/SRS-002.md",
            b"---\nid: SRS-002\ntitle: Unallocated, untested\nderived-from: [SYS-001]\n---\n",
        ),
        (
            "dhf/SRS-003.md",
            b"---\nid: SRS-003\ntitle: Underived\n---\n",
        ),
        ("dhf/SWI-001.md", b"---\nid: SWI-001\ntitle: Item\n---\n"),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: T\nverifies: [SRS-001, SRS-003]\n---\n",
        ),
        (
            "dhf/TST-009.md",
            b"---\nid: TST-009\ntitle: Verifies nothing\n---\n",
        ),
    ]);
    let rows = |chain: &str| -> Vec<Vec<String>> {
        let run = medtrace(dir.path(), &["trace", chain, "--format", "json"]);
        assert_eq!(run.code, 0, "{chain}: {}", run.stderr);
        json(&run.stdout)["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|row| {
                row.as_array()
                    .expect("cells")
                    .iter()
                    .map(|cell| {
                        cell.as_array()
                            .expect("ids")
                            .iter()
                            .map(|id| id.as_str().unwrap_or(""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect()
            })
            .collect()
    };
    // The default chain: TST hangs off SRS, not off the architecture, so it is listed in
    // the rows of its requirements; an unreached SRS gets a row of its own.
    assert_eq!(
        rows("requirements"),
        [
            ["SYS-001", "SRS-001", "SWI-001", "TST-001"],
            ["SYS-001", "SRS-002", "", ""],
            ["SYS-002", "", "", ""],
            ["", "SRS-003", "", "TST-001"],
        ]
    );
    // With TST on the spine, the test that verifies nothing gets its own row too.
    assert_eq!(
        rows("SRS,TST"),
        [
            ["SRS-001", "TST-001"],
            ["SRS-002", ""],
            ["SRS-003", "TST-001"],
            ["", "TST-009"],
        ]
    );
    let table = medtrace(dir.path(), &["trace"]);
    assert!(table.stdout.contains("SYS-002  —"), "{}", table.stdout);
}

#[test]
fn trace_chains_that_cannot_be_traced_exit_2() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/SOUP-1.md", b"---\nid: SOUP-1\ntitle: Lib\n---\n"),
    ]);
    for (chain, says) in [
        ("SYS,FOO", "`FOO` in the chain is not an item type"),
        ("SOUP,TST", "no link role relates TST"),
        ("SRS", "at least two types"),
    ] {
        let run = medtrace(dir.path(), &["trace", chain]);
        assert_eq!(run.code, 2, "{chain}");
        assert!(run.stderr.contains(says), "{chain}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

/// The cells of one RFC 4180 line (quoted cells may hold `,` and doubled `""`).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (false, '"') if cell.is_empty() => quoted = true,
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (_, c) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn trace_csv_and_json_carry_the_same_cells() {
    let example = crate::repo_root().join("examples/infusion-pump");
    for chain in ["requirements", "risk"] {
        let csv = medtrace(&example, &["trace", chain, "--format", "csv"]);
        let json_run = medtrace(&example, &["trace", chain, "--format", "json"]);
        assert_eq!(csv.code, 0, "{}", csv.stderr);
        let v = json(&json_run.stdout);
        let columns = v["columns"].as_array().expect("columns").len();
        let rows = v["rows"].as_array().expect("rows");
        let mut lines = csv.stdout.split("\r\n");
        let header = lines.next().expect("a header row");
        let head: Vec<&str> = header.split(',').collect();
        assert_eq!(
            head[..columns],
            v["columns"]
                .as_array()
                .expect("columns")
                .iter()
                .map(|c| c.as_str().unwrap_or(""))
                .collect::<Vec<_>>()[..]
        );
        let body: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
        assert_eq!(body.len(), rows.len(), "one CSV line per JSON row");
        for (line, row) in body.iter().zip(rows) {
            let cells = csv_cells(line);
            assert_eq!(cells.len(), head.len(), "{line}");
            let from_json: Vec<String> = row
                .as_array()
                .expect("cells")
                .iter()
                .map(|cell| {
                    cell.as_array()
                        .expect("ids")
                        .iter()
                        .map(|id| id.as_str().unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect();
            assert_eq!(cells[..columns], from_json[..], "{line}");
            let gap = from_json.iter().any(String::is_empty);
            assert_eq!(
                cells.last().map(String::as_str),
                Some(if gap { "yes" } else { "no" }),
                "{line}"
            );
        }
    }
}
