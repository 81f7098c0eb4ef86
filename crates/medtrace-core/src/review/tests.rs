use super::*;
use crate::Analysis;

const CONFIG: &str =
    "[project]\nname = \"t\"\n[review]\nnormative = { srs = [\"category\", \"derived-from\"] }\n";

fn analyse(config: &str, files: &[(&str, &str)]) -> Analysis {
    Analysis::from_texts(
        config,
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    )
}

/// The fingerprint of the one item in `text`, under `config`.
fn print_of(config: &str, text: &str) -> Fingerprint {
    let a = analyse(config, &[("dhf/x.md", text)]);
    let item = &a.items[0];
    fingerprint(item, &a.sources.get(item.file).text, &a.config.review)
}

const SRS: &str = "---\nid: SRS-1\ntitle: Reject a rate above the limit\ncategory: alarm\nderived-from: [SYS-1, SYS-2]\nstatus: draft\n---\nThe pump shall stop.\n\nAnd alarm.\n";

#[test]
fn the_recipe_is_fixed() {
    let a = analyse(CONFIG, &[("dhf/x.md", SRS)]);
    let item = &a.items[0];
    let text = &a.sources.get(item.file).text;
    let bytes = canonical(item, text, &a.config.review);
    assert_eq!(
        String::from_utf8(bytes).expect("utf-8"),
        "medtrace-fingerprint-1\nf3:s8:categorys5:alarms12:derived-froml2:s5:SYS-1s5:SYS-2s5:titles29:Reject a rate above the limits32:The pump shall stop.\n\nAnd alarm."
    );
    // The SHA-256 of those bytes, as `sha256sum` prints it: the recipe of version 1, the
    // same on every platform and in every later version of medtrace.
    let print = fingerprint(item, text, &a.config.review);
    assert_eq!(
        print.hex(),
        "e3084887f6489e929c94fbf42b5b4a7e866fe5ce80968fbdb94ec0f749d08e82"
    );
    assert_eq!(print.short(), "e3084887f648");
    assert!(print.matches("E3084887F648"));
    assert!(print.matches(&print.hex()));
    assert!(!print.matches("e3084887f64"));
}

#[test]
fn formatting_does_not_change_the_fingerprint() {
    let base = print_of(CONFIG, SRS);
    let same = [
        // quoting, flow and block lists, comments, CRLF, trailing spaces, blank lines
        "---\nid: SRS-1\ntitle: \"Reject a rate above the limit\"\ncategory: 'alarm'\nderived-from:\n  - SYS-1\n  - SYS-2   # both\nstatus: draft\n---\nThe pump shall stop.\n\nAnd alarm.\n",
        "---\r\nid: SRS-1\r\ntitle: Reject a rate above the limit  \r\ncategory: alarm\r\nderived-from: [SYS-1, SYS-2]\r\n---\r\n\r\nThe pump shall stop.   \r\n\r\nAnd alarm.\r\n\r\n",
        // fields that are not normative, in another order
        "---\nstatus: approved\nid: SRS-1\nverification-method: test\ncategory: alarm\ntitle: >-\n  Reject a rate\n  above the limit\nderived-from: [SYS-1, SYS-2]\nreviewed:\n  by: A\n  date: 2026-01-01\n  against: {SYS-1: 000000000000}\n---\nThe pump shall stop.\n\nAnd alarm.",
    ];
    for text in same {
        assert_eq!(print_of(CONFIG, text), base, "{text}");
    }
}

#[test]
fn every_change_of_meaning_changes_the_fingerprint() {
    let base = print_of(CONFIG, SRS);
    let changes = [
        (
            "title: Reject a rate above the limit",
            "title: Reject a rate over the limit",
        ),
        ("The pump shall stop.", "The pump shall stop at once."),
        ("\n\nAnd alarm.", "\nAnd alarm."),
        ("category: alarm", "category: functional"),
        ("[SYS-1, SYS-2]", "[SYS-2, SYS-1]"),
        ("[SYS-1, SYS-2]", "[SYS-1]"),
        ("category: alarm\n", ""),
    ];
    for (from, to) in changes {
        let changed = SRS.replace(from, to);
        assert_ne!(print_of(CONFIG, &changed), base, "{from} -> {to}");
    }
    // Without `[review]`, only title and body count.
    let plain = "[project]\nname = \"t\"\n";
    assert_eq!(
        print_of(plain, SRS),
        print_of(
            plain,
            &SRS.replace("category: alarm", "category: functional")
        )
    );
}

#[test]
fn mappings_are_compared_by_content_not_by_order() {
    let config = "[project]\nname = \"t\"\n[review]\nnormative = { haz = [\"causes\"] }\n";
    let a = "---\nid: HAZ-1\ntitle: T\ncauses:\n  - item: SWI-1\n    category: soup\n---\n";
    let b = "---\nid: HAZ-1\ntitle: T\ncauses: [{category: soup, item: SWI-1}]\n---\n";
    let c = "---\nid: HAZ-1\ntitle: T\ncauses: [{category: misuse, item: SWI-1}]\n---\n";
    assert_eq!(print_of(config, a), print_of(config, b));
    assert_ne!(print_of(config, a), print_of(config, c));
}

const SYS: &str = "---\nid: SYS-1\ntitle: Limit the rate\n---\nThe rate is limited.\n";
const TST: &str = "---\nid: TST-1\ntitle: Rate limit test\nverifies: [SRS-1]\n";

/// The test item reviewed against `SRS` with the fingerprint it has now.
fn reviewed_test(config: &str) -> String {
    let srs = print_of(config, SRS);
    format!(
        "{TST}{}---\n",
        to_yaml("Jane Roe", "2026-11-21", &[("SRS-1".to_string(), srs)])
    )
}

const SYS2: &str = "---\nid: SYS-2\ntitle: Alarm\n---\n";

fn findings(config: &str, files: &[(&str, &str)]) -> Vec<String> {
    let mut files = files.to_vec();
    files.push(("SYS2.md", SYS2));
    let a = analyse(config, &files);
    a.diagnostics
        .iter()
        .filter(|d| {
            d.code != Code::RequirementNotVerified && d.code != Code::SystemRequirementNotRefined
        })
        .filter(|d| d.code != Code::RequirementNotDerived)
        .map(|d| {
            let span = d.span.expect("span");
            let file = a.sources.get(span.file);
            let at = &file.text[span.start as usize..span.end as usize];
            format!("{} {}: {} [{at}]", file.path, d.code, d.message)
        })
        .collect()
}

#[test]
fn a_current_review_is_quiet_and_a_change_makes_the_link_suspect() {
    let tst = reviewed_test(CONFIG);
    assert_eq!(
        findings(
            CONFIG,
            &[("SYS.md", SYS), ("SRS.md", SRS), ("TST.md", &tst)]
        ),
        Vec::<String>::new()
    );
    // A normative change (the category) and a change of the body.
    for changed in [
        SRS.replace("category: alarm", "category: functional"),
        SRS.replace("shall stop", "shall pause"),
    ] {
        let found = findings(
            CONFIG,
            &[("SYS.md", SYS), ("SRS.md", &changed), ("TST.md", &tst)],
        );
        let short = print_of(CONFIG, SRS).short();
        assert_eq!(
            found,
            [format!(
                "TST.md link-suspect: `TST-1` was reviewed against `SRS-1` on 2026-11-21, and `SRS-1` has changed since [{short}]"
            )]
        );
    }
    // A field that is not normative: no suspicion.
    let typo = SRS.replace(
        "status: draft",
        "status: in-review\nverification-method: tset",
    );
    let config = format!(
        "{CONFIG}[[fields]]\ntype = \"srs\"\nname = \"verification-method\"\nkind = \"string\"\n"
    );
    let tst = reviewed_test(&config);
    assert_eq!(
        findings(
            &config,
            &[("SYS.md", SYS), ("SRS.md", &typo), ("TST.md", &tst)]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_link_added_after_the_review_is_suspect_and_no_record_is_never_suspect() {
    let srs2 = "---\nid: SRS-2\ntitle: Other\nderived-from: [SYS-1]\n---\n";
    let tst = reviewed_test(CONFIG).replace("verifies: [SRS-1]", "verifies: [SRS-1, SRS-2]");
    assert_eq!(
        findings(
            CONFIG,
            &[
                ("SYS.md", SYS),
                ("SRS.md", SRS),
                ("SRS2.md", srs2),
                ("TST.md", &tst)
            ]
        ),
        [
            "TST.md link-suspect: the review of `TST-1` (2026-11-21) does not cover `SRS-2`, which it verifies [SRS-2]"
        ]
    );
    let unreviewed = format!("{TST}---\n");
    assert_eq!(
        findings(
            CONFIG,
            &[("SYS.md", SYS), ("SRS.md", SRS), ("TST.md", &unreviewed)]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn software_items_are_reviewed_against_the_requirements_allocated_to_them() {
    let swi = "---\nid: SWI-1\ntitle: Engine\nreviewed:\n  by: A\n  date: 2026-01-02\n  against: {}\n---\n";
    let srs = SRS.replace("status: draft", "allocated-to: [SWI-1]");
    let a = analyse(
        CONFIG,
        &[("SYS.md", SYS), ("SRS.md", &srs), ("SWI.md", swi)],
    );
    let idx = a.graph.lookup("SWI-1").expect("SWI-1");
    let mut prints = Fingerprints::new(&a.items, &a.sources, &a.config.review);
    let state = item_review(&a.items, &a.graph, &mut prints, idx);
    assert_eq!(state.links.len(), 1);
    assert_eq!(state.links[0].link.direction, Direction::Source);
    assert_eq!(state.links[0].state, LinkState::Added);
    assert!(
        findings(CONFIG, &[("SYS.md", SYS), ("SRS.md", &srs), ("SWI.md", swi)])
            .iter()
            .any(|f| f.starts_with("SWI.md link-suspect: the review of `SWI-1` (2026-01-02) does not cover `SRS-1`, allocated to it [reviewed]")),
    );
    // The requirement's own upstream: the system requirement, not the software item.
    let srs_idx = a.graph.lookup("SRS-1").expect("SRS-1");
    let up: Vec<&str> = upstream(&a.items, &a.graph, srs_idx)
        .iter()
        .map(|l| a.items[l.item].id.as_str())
        .collect();
    assert_eq!(up, ["SYS-1"]);
}

#[test]
fn broken_records_and_policies_are_reported() {
    let bad = format!(
        "{TST}reviewed:\n  by: ''\n  date: 2026-13-01\n  against: {{SRS-1: xyz}}\n  mood: good\n---\n"
    );
    let found = findings(
        CONFIG,
        &[("SYS.md", SYS), ("SRS.md", SRS), ("TST.md", &bad)],
    );
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].contains("names nobody"), "{found:#?}");
    let list = format!("{TST}reviewed: [a]\n---\n");
    assert_eq!(
        findings(
            CONFIG,
            &[("SYS.md", SYS), ("SRS.md", SRS), ("TST.md", &list)]
        ),
        [
            "TST.md field-invalid-value: `reviewed` of `TST-1` is a list, not a mapping with `by`, `date` and `against` [[a]]"
        ]
    );
    let config = "[project]\nname = \"t\"\n[review]\nnormative = { srs = [\"categroy\", \"reviewed\"], xyz = [] }\n";
    let found = findings(config, &[]);
    assert_eq!(
        found,
        [
            "medtrace.toml config-invalid-value: `categroy` is not a field of `srs` [\"categroy\"]",
            "medtrace.toml config-invalid-value: `reviewed` cannot be a normative field [\"reviewed\"]",
            "medtrace.toml config-unknown-key: unknown key `xyz` in [review] normative [xyz]",
        ]
    );
}

#[test]
fn the_written_record_reads_back() {
    let print = print_of(CONFIG, SRS);
    let yaml = to_yaml(
        "O'Neil: QA",
        "2026-11-21",
        &[("SRS-1".into(), print), ("SYS-1".into(), print)],
    );
    let text = format!("{TST}{yaml}---\n");
    let a = analyse(CONFIG, &[("TST.md", &text)]);
    let r = record(&a.items[0]).expect("readable").expect("present");
    assert_eq!(r.by, "O'Neil: QA");
    assert_eq!(r.date, "2026-11-21");
    assert_eq!(r.against.len(), 2);
    assert_eq!(
        r.fingerprint_of("SYS-1").map(|(f, _)| f),
        Some(print.short().as_str())
    );
    assert!(to_yaml("A", "2026-01-01", &[]).ends_with("against: {}\n"));
}

#[test]
fn reviewable_types() {
    let yes: Vec<ItemType> = ItemType::ALL
        .into_iter()
        .filter(|&t| reviewable(t))
        .collect();
    assert_eq!(
        yes,
        [
            ItemType::Srs,
            ItemType::Swi,
            ItemType::Haz,
            ItemType::Rcm,
            ItemType::Tst
        ]
    );
}
