//! Tests of the typst sources: escaping, which documents exist for which records, tables
//! and the revision history.

use crate::volumes::VOLUME_BYTES;
use crate::{Document, Inputs, MAX_REVISIONS, TEMPLATE, documents_in_volumes, record_paths};
use medtrace_core::Analysis;
use medtrace_core::history::{BuildInfo, Commit};
use std::collections::BTreeMap;

const CONFIG: &str = "[project]\nname = \"Pump\"\nclass = \"C\"\n[documents]\nid-prefix = \"DHF\"\napprovers = [{ role = \"Author\", name = \"A. Lee\" }, { role = \"Quality assurance\" }]\n";

fn info() -> BuildInfo {
    BuildInfo {
        project: "Pump".into(),
        version: "1.2.0".into(),
        commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
        time: 1_790_000_000,
    }
}

fn build(files: &[(&str, &str)], history: &BTreeMap<String, Vec<Commit>>) -> Vec<Document> {
    build_in_volumes(files, history, VOLUME_BYTES)
}

/// [`build`], each body cut into volumes of at most `volume_bytes`.
fn build_in_volumes(
    files: &[(&str, &str)],
    history: &BTreeMap<String, Vec<Commit>>,
    volume_bytes: usize,
) -> Vec<Document> {
    let files = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let analysis = Analysis::from_texts(CONFIG, files);
    let info = info();
    let inputs = Inputs {
        analysis: &analysis,
        info: &info,
        history,
    };
    documents_in_volumes(&inputs, volume_bytes)
}

fn ids(docs: &[Document]) -> Vec<&str> {
    docs.iter().map(|d| d.id.as_str()).collect()
}

fn doc<'a>(docs: &'a [Document], id: &str) -> &'a Document {
    docs.iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(docs)))
}

/// The source with the contents of every string literal removed: what is left is the
/// document's structure, which no record may change.
fn structure(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        out.push('"');
                        break;
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

const SRS: &str = "---\nid: SRS-001\ntitle: TITLE\ncategory: functional\nnote: TITLE\n---\nThe pump shall stop.\n";

#[test]
fn no_user_string_changes_the_structure() {
    let hostile = r#"a # $x$ *b* _c_ @d <e> \f `g` ]h [i] "j" #import "k": * // l /* m"#;
    let none = BTreeMap::new();
    let plain = build(&[("dhf/SRS-001.md", &SRS.replace("TITLE", "plain"))], &none);
    let nasty = SRS.replace("TITLE", &format!("'{}'", hostile.replace('\'', "''")));
    let nasty = build(&[("dhf/SRS-001.md", &nasty)], &none);
    assert_eq!(ids(&plain), ids(&nasty));
    for (p, n) in plain.iter().zip(&nasty) {
        assert_eq!(structure(&p.source), structure(&n.source), "{}", n.id);
    }
    assert!(
        doc(&nasty, "DHF-SRS")
            .source
            .contains(r#"\"j\" #import \"k\": *"#)
    );
}

#[test]
fn bodies_cannot_run_typst_code() {
    let body = "#import \"x.typ\": *\n\n#eval(\"1\") $ x $ <label> @ref\n\n- #read(\"/etc/passwd\")\n\n<script>alert(1)</script>\n";
    let text = format!("---\nid: SRS-001\ntitle: T\n---\n{body}");
    let docs = build(&[("dhf/SRS-001.md", &text)], &BTreeMap::new());
    let shape = structure(&doc(&docs, "DHF-SRS").source);
    for code in [
        "import \"x",
        "eval(",
        "read(",
        "<label>",
        "@ref",
        "<script>",
    ] {
        assert!(!shape.contains(code), "{code} escaped the string literals");
    }
}

#[test]
fn documents_exist_only_for_their_records() {
    let none = BTreeMap::new();
    let only_req = build(&[("dhf/SRS-001.md", &SRS.replace("TITLE", "Stop"))], &none);
    assert_eq!(ids(&only_req), ["DHF-SRS", "DHF-TM", "DHF-SVR", "DHF-GAP"]);
    let tm = doc(&only_req, "DHF-TM");
    assert!(
        tm.source.contains("No hazard (HAZ) is recorded."),
        "{}",
        tm.source
    );
    let svr = doc(&only_req, "DHF-SVR");
    assert!(svr.source.contains("No test (TST) is recorded"));

    let full = build(
        &[
            (
                "dhf/DOC-001.md",
                "---\nid: DOC-001\ntitle: Plan\ndoc-kind: development-plan\n---\n# Plan\n\n## Scope\n\nAll of it.\n",
            ),
            ("dhf/SRS-001.md", &SRS.replace("TITLE", "Stop")),
            (
                "dhf/SWI-001.md",
                "---\nid: SWI-001\ntitle: System\nlevel: system\nuses: [SOUP-001]\n---\n",
            ),
            (
                "dhf/SWI-002.md",
                "---\nid: SWI-002\ntitle: Unit\nlevel: unit\nparent: SWI-001\ndetailed-design: A state machine.\n---\n",
            ),
            (
                "dhf/SOUP-001.md",
                "---\nid: SOUP-001\ntitle: Kernel\nname: kernel\nversion: '1.0'\n---\n",
            ),
            (
                "dhf/HAZ-001.md",
                "---\nid: HAZ-001\ntitle: Overdose\nseverity: critical\nprobability: remote\nitems: [SWI-002]\n---\n",
            ),
            (
                "dhf/PRB-001.md",
                "---\nid: PRB-001\ntitle: Slow export\nknown-anomaly:\n  description: slow\n---\n",
            ),
        ],
        &none,
    );
    assert_eq!(
        ids(&full),
        [
            "DHF-SDP", "DHF-SRS", "DHF-SAD", "DHF-SDD", "DHF-SOUP", "DHF-RMF", "DHF-TM", "DHF-SVR",
            "DHF-RN", "DHF-GAP"
        ]
    );
    let sdp = doc(&full, "DHF-SDP");
    assert!(
        sdp.source.contains("#heading(level: 1)[#\"Scope\";]"),
        "{}",
        sdp.source
    );
    assert!(
        !sdp.source.contains("[#\"Plan\";]"),
        "the title heading is repeated"
    );
    let sad = doc(&full, "DHF-SAD");
    assert_eq!(sad.images.len(), 1);
    assert!(sad.source.contains("software-items.svg"));
    assert_eq!(doc(&full, "DHF-RMF").images.len(), 2);
    let rn = doc(&full, "DHF-RN");
    assert!(rn.source.contains("\"PRB-001 Slow export\""));
    assert!(rn.source.contains("No release record (REL) exists"));
    assert!(
        full.iter()
            .all(|d| d.file_name.starts_with(&d.id) && d.file_name.ends_with(".pdf"))
    );
}

#[test]
fn long_tables_repeat_their_header() {
    assert!(TEMPLATE.contains("table.header(repeat: true"));
    let docs = build(
        &[("dhf/SRS-001.md", &SRS.replace("TITLE", "Stop"))],
        &BTreeMap::new(),
    );
    let srs = doc(&docs, "DHF-SRS");
    assert!(
        srs.source
            .contains("#records-table(\n  columns: (auto, 1fr, auto, auto, auto),\n  header: (")
    );
}

#[test]
fn title_page_and_approvals_come_from_the_build_and_the_config() {
    let docs = build(
        &[("dhf/SRS-001.md", &SRS.replace("TITLE", "Stop"))],
        &BTreeMap::new(),
    );
    let s = &doc(&docs, "DHF-SRS").source;
    assert!(s.starts_with("#import \"medtrace.typ\": *\n#show: document.with("));
    assert!(s.contains("version: \"1.2.0\""));
    assert!(s.contains("date: \"2026-09-21\""), "{s}");
    assert!(s.contains("approvers: ((\"Author\", \"A. Lee\"), (\"Quality assurance\", \"\"), )"));
}

#[test]
fn revision_history_is_newest_first_and_capped() {
    let commit = |k: i64| Commit {
        id: format!("{k:040x}"),
        time: 1_700_000_000 + k * 86_400,
        author: format!("Author {k}"),
        summary: format!("change {k}"),
        ..Commit::default()
    };
    let mut history = BTreeMap::new();
    history.insert(
        "dhf/SRS-001.md".to_string(),
        (0..50).map(commit).collect::<Vec<_>>(),
    );
    history.insert("dhf/OTHER.md".to_string(), vec![commit(99)]);
    let docs = build(
        &[("dhf/SRS-001.md", &SRS.replace("TITLE", "Stop"))],
        &history,
    );
    let s = &doc(&docs, "DHF-SRS").source;
    assert!(
        !s.contains("change 99"),
        "a commit of another record is listed"
    );
    let newest = s.find("\"change 49\"").expect("newest listed");
    let older = s.find("\"change 48\"").expect("second listed");
    assert!(newest < older);
    assert!(
        !s.contains("\"change 9\""),
        "more than {MAX_REVISIONS} listed"
    );
    assert!(s.contains("The 40 latest of 50 commits are listed"));
}

#[test]
fn record_paths_are_the_record_files() {
    let analysis = Analysis::from_texts(
        CONFIG,
        vec![
            ("dhf/b/SRS-002.md".into(), SRS.replace("SRS-001", "SRS-002")),
            ("dhf/a/SRS-001.md".into(), SRS.into()),
        ],
    );
    assert_eq!(
        record_paths(&analysis),
        ["dhf/a/SRS-001.md", "dhf/b/SRS-002.md"]
    );
}

#[test]
fn a_long_document_comes_in_numbered_volumes() {
    let files: Vec<(String, String)> = (1..=60)
        .map(|k| {
            (
                format!("dhf/SRS-{k:03}.md"),
                SRS.replace("SRS-001", &format!("SRS-{k:03}"))
                    .replace("TITLE", &format!("Requirement {k}")),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let whole = build(&files, &BTreeMap::new());
    assert!(
        whole
            .iter()
            .all(|d| d.volume.is_none() && !d.source.contains("volume:"))
    );
    let cut = build_in_volumes(&files, &BTreeMap::new(), 3_000);
    let srs: Vec<&Document> = cut.iter().filter(|d| d.id == "DHF-SRS").collect();
    let n = srs.len();
    assert!(n >= 10, "{n} volumes");
    for (k, d) in srs.iter().enumerate() {
        assert_eq!(d.volume, Some((k + 1, n)));
        assert!(d.source.contains(&format!("  volume: ({}, {n}),\n", k + 1)));
        assert_eq!(
            d.file_name,
            format!(
                "DHF-SRS-software-requirements-specification-vol{:02}.pdf",
                k + 1
            )
        );
    }
    // No requirement is lost in the cutting.
    for k in 1..=60 {
        let id = format!("\"SRS-{k:03}");
        let holding = srs.iter().filter(|d| d.source.contains(&id)).count();
        assert!(holding >= 1, "{id} in no volume");
    }
}
