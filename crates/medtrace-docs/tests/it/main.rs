//! Tests of the typst engine (feature `engine`): the example's document set compiles, and
//! two compilations give the same bytes. The page-by-page check of the rendered PDFs is
//! `tests/check-pdfs.sh`, which needs poppler-utils.
#![cfg(feature = "engine")]

use medtrace_core::history::{BuildInfo, Commit};
use medtrace_docs::{Inputs, TEMPLATE, documents_in_volumes, engine};
use std::collections::BTreeMap;
use std::path::Path;

fn example_set() -> Vec<medtrace_docs::Document> {
    example_in_volumes(usize::MAX)
}

/// The example's set, each body cut into volumes of at most `volume_bytes`.
fn example_in_volumes(volume_bytes: usize) -> Vec<medtrace_docs::Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/infusion-pump");
    let analysis = medtrace_project::load(&root).expect("the example loads");
    let info = BuildInfo {
        project: analysis.config.name.clone(),
        version: "2.3.0".into(),
        commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
        time: 1_790_000_000,
    };
    let mut history: BTreeMap<String, Vec<Commit>> = BTreeMap::new();
    for (k, path) in medtrace_docs::record_paths(&analysis)
        .into_iter()
        .enumerate()
        .take(30)
    {
        history.entry(path).or_default().push(Commit {
            id: format!("{k:040x}"),
            time: 1_780_000_000 + k as i64 * 3_600,
            author: "R. Lindqvist".into(),
            summary: format!("Record change {k} with # $ * _ @ < \\ ` ] in it"),
            ..Commit::default()
        });
    }
    documents_in_volumes(
        &Inputs {
            analysis: &analysis,
            info: &info,
            history: &history,
        },
        volume_bytes,
    )
}

#[test]
fn the_example_set_compiles_and_is_reproducible() {
    let docs = example_set();
    assert!(docs.len() >= 10, "{} documents", docs.len());
    let first = engine::compile_all(&docs, TEMPLATE, 1_790_000_000, 2);
    let second = engine::compile_all(&docs, TEMPLATE, 1_790_000_000, 1);
    for ((doc, a), b) in docs.iter().zip(first).zip(second) {
        let a = a.unwrap_or_else(|e| panic!("{e}"));
        let b = b.unwrap_or_else(|e| panic!("{e}"));
        assert!(a.starts_with(b"%PDF-"), "{}", doc.id);
        assert!(a == b, "{} differs between two compilations", doc.id);
    }
}

/// Volumes typeset: the heading numbers carried over, the note on the chapter continued
/// and the reopened tables are valid typst, and each volume is its own PDF.
#[test]
fn documents_cut_into_volumes_compile() {
    let whole = example_set();
    let docs = example_in_volumes(12_000);
    assert!(docs.len() > whole.len() + 5, "{} documents", docs.len());
    let svr: Vec<_> = docs.iter().filter(|d| d.id.ends_with("-SVR")).collect();
    assert!(svr.len() > 2, "{} volumes", svr.len());
    assert!(
        svr.iter()
            .skip(1)
            .all(|d| d.source.contains("#counter(heading).update(("))
    );
    let pdfs = engine::compile_all(&docs, TEMPLATE, 1_790_000_000, 2);
    let mut seen = std::collections::BTreeSet::new();
    for (doc, pdf) in docs.iter().zip(pdfs) {
        let pdf = pdf.unwrap_or_else(|e| panic!("{} {:?}: {e}", doc.id, doc.volume));
        assert!(pdf.starts_with(b"%PDF-"), "{}", doc.file_name);
        assert!(
            seen.insert(doc.file_name.clone()),
            "{} twice",
            doc.file_name
        );
    }
}

#[test]
fn a_broken_template_is_an_error_not_a_panic() {
    let docs = example_set();
    let result = engine::compile(&docs[0], "#let document(", 0);
    assert!(result.is_err());
}

/// Every bundled font family is covered by a section of the notices, and the notices are
/// those of the typst-assets version in Cargo.lock — an upgrade that adds a font or
/// changes the terms fails here until the copy is refreshed.
#[test]
fn the_notices_cover_every_bundled_font_of_the_locked_typst_assets() {
    use medtrace_docs::engine::{ASSETS_VERSION, NOTICES, font_families};
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
        .expect("Cargo.lock");
    let locked = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"typst-assets\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string())
        .expect("typst-assets in Cargo.lock");
    assert_eq!(
        locked, ASSETS_VERSION,
        "refresh third-party/typst-assets-*-NOTICE"
    );
    // The names the notices give each family of font files.
    let sections = ["Libertinus Serif", "NewComputerModern", "DejaVu", "Foxit"];
    for s in sections {
        assert!(NOTICES.contains(s), "the notices do not name {s}");
    }
    let squash = |s: &str| s.replace(' ', "").to_lowercase();
    let families = font_families();
    assert!(families.len() >= 3, "{families:?}");
    for family in &families {
        assert!(
            sections
                .iter()
                .any(|s| squash(family).starts_with(&squash(s))),
            "no notice covers the font family {family}"
        );
    }
    for terms in [
        "SIL Open Font License Version 1.1",
        "GUST Font License",
        "Font Exception",
        "Bitstream Vera",
    ] {
        assert!(NOTICES.contains(terms), "{terms}");
    }
}
