//! The architecture's split: medtrace-core checks a project held in memory, and only
//! medtrace-project touches the disk (SWI-002, SWI-003).

use crate::{project, repo_root};
use medtrace_core::Analysis;
use std::path::Path;

/// A small project with findings of several kinds, as (path, text), in path order.
const FILES: &[(&str, &str)] = &[
    (
        "dhf/a/SRS-001.md",
        "---\nid: SRS-001\ntitle: R\nderived-from: [SYS-001, SYS-404]\nallocated-to: [SWI-001]\n---\nBody.\n",
    ),
    (
        "dhf/a/SRS-002.md",
        "---\nid: SRS-002\ntitle: Unverified\nderived: true\n---\n",
    ),
    (
        "dhf/b/SWI-001.md",
        "---\nid: SWI-001\ntitle: Item\nclass: A\ncolour: blue\n---\n",
    ),
    ("dhf/b/SYS-001.md", "---\nid: SYS-001\ntitle: Need\n---\n"),
    (
        "dhf/c/TST-001.md",
        "---\nid: TST-001\ntitle: T\nverifies: [SRS-001]\n---\n",
    ),
    ("dhf/c/broken.md", "---\nid: TST-002\ntitle: [oops\n---\n"),
];
const CONFIG: &str = "[project]\nname = \"p\"\nclass = \"B\"\n";

/// Findings as comparable text: place, code, level, message, help, related places.
fn described(analysis: &Analysis) -> Vec<String> {
    let at = |span: medtrace_core::Span| {
        let lc = analysis.sources.line_col(span.file, span.start);
        format!(
            "{}:{}:{}-{}",
            analysis.sources.get(span.file).path,
            lc.line,
            lc.col,
            span.end - span.start
        )
    };
    analysis
        .diagnostics
        .iter()
        .map(|d| {
            let related: Vec<String> = d.related.iter().map(|r| at(r.span)).collect();
            format!(
                "{} {} {} {} | {:?} | {related:?}",
                d.span.map(at).unwrap_or_default(),
                d.code,
                d.level,
                d.message,
                d.help
            )
        })
        .collect()
}

#[test]
fn a_project_checked_in_memory_and_read_from_disk_gives_the_same_result() {
    let mut files: Vec<(&str, &[u8])> = vec![("medtrace.toml", CONFIG.as_bytes())];
    files.extend(FILES.iter().map(|(p, t)| (*p, t.as_bytes())));
    let dir = project(&files);

    let on_disk = medtrace_project::load(dir.path()).expect("loads");
    let in_memory = Analysis::from_texts(
        CONFIG,
        FILES
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    );
    assert!(on_disk.diagnostics.len() >= 5, "{:?}", described(&on_disk));
    assert_eq!(described(&on_disk), described(&in_memory));
    assert_eq!(on_disk.diagnostics, in_memory.diagnostics);
    let ids = |a: &Analysis| -> Vec<(String, String)> {
        a.items
            .iter()
            .map(|i| (i.id.clone(), a.sources.get(i.file).path.clone()))
            .collect()
    };
    assert_eq!(ids(&on_disk), ids(&in_memory));
    for item in &in_memory.items {
        let (i, _) = on_disk.item(&item.id).expect("same items");
        assert_eq!(on_disk.effective_class(i), {
            let (j, _) = in_memory.item(&item.id).expect("same items");
            in_memory.effective_class(j)
        });
    }
}

/// The `.rs` files under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn medtrace_core_has_no_disk_environment_clock_or_printing() {
    let mut files = Vec::new();
    sources(&repo_root().join("crates/medtrace-core/src"), &mut files);
    assert!(files.len() > 10, "{files:?}");
    const FORBIDDEN: &[&str] = &[
        "std::fs",
        "std::env",
        "std::time",
        "std::net",
        "std::process",
        "std::io",
        "SystemTime",
        "Instant::",
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "dbg!",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        // Unit tests (at the end of each file, after `#[cfg(test)]`) may read fixtures.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in shipped.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                assert!(
                    !code.contains(word),
                    "{}:{}: `{word}` in medtrace-core: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}
