//! Change impact: what a change reaches, and where it stops.

use medtrace_core::Analysis;
use medtrace_core::impact::{Via, impact};

fn project() -> Analysis {
    let files = [
        ("sys.md", "---\nid: SYS-1\ntitle: Need\n---\n"),
        (
            "srs-1.md",
            "---\nid: SRS-1\ntitle: Limit\nderived-from: [SYS-1]\nallocated-to: [SWI-1]\nimplements: [RCM-1]\n---\n",
        ),
        (
            "srs-2.md",
            "---\nid: SRS-2\ntitle: Other of SWI-1\nderived-from: [SYS-1]\nallocated-to: [SWI-1, SWI-3]\n---\n",
        ),
        (
            "srs-3.md",
            "---\nid: SRS-3\ntitle: Refines SRS-1\nderived-from: [SRS-1]\nallocated-to: [SWI-2]\n---\n",
        ),
        (
            "swi-1.md",
            "---\nid: SWI-1\ntitle: Engine\nuses: [SOUP-1]\n---\n",
        ),
        (
            "swi-2.md",
            "---\nid: SWI-2\ntitle: Child\nparent: [SWI-1]\n---\n",
        ),
        ("swi-3.md", "---\nid: SWI-3\ntitle: Elsewhere\n---\n"),
        ("soup.md", "---\nid: SOUP-1\ntitle: Lib\n---\n"),
        (
            "haz-1.md",
            "---\nid: HAZ-1\ntitle: Overdose\nitems: [SWI-1]\ncauses:\n  - item: SWI-1\n    category: soup\n    soup: SOUP-1\n---\n",
        ),
        (
            "haz-2.md",
            "---\nid: HAZ-2\ntitle: Elsewhere\nitems: [SWI-3]\n---\n",
        ),
        (
            "rcm-1.md",
            "---\nid: RCM-1\ntitle: Limits\nmitigates: [HAZ-1]\n---\n",
        ),
        (
            "rcm-2.md",
            "---\nid: RCM-2\ntitle: Other control of HAZ-1\nmitigates: [HAZ-1]\n---\n",
        ),
        (
            "tst-1.md",
            "---\nid: TST-1\ntitle: T1\nverifies: [SRS-1]\n---\n",
        ),
        (
            "tst-2.md",
            "---\nid: TST-2\ntitle: T2\nverifies: [RCM-2]\n---\n",
        ),
        (
            "tst-3.md",
            "---\nid: TST-3\ntitle: T3\nverifies: [SWI-3]\n---\n",
        ),
        (
            "old.md",
            "---\nid: SRS-9\ntitle: Old\nstatus: obsolete\nderived-from: [SRS-1]\n---\n",
        ),
    ];
    Analysis::from_texts(
        "[project]\nname = \"p\"\n",
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    )
}

fn reached(analysis: &Analysis, id: &str) -> Vec<String> {
    let (start, _) = analysis.item(id).expect("item");
    impact(&analysis.items, &analysis.graph, &analysis.risk, start)
        .iter()
        .map(|r| analysis.items[r.item].id.clone())
        .collect()
}

#[test]
fn a_requirement_change_reaches_its_items_controls_hazards_and_tests_but_not_the_project() {
    let analysis = project();
    let mut ids = reached(&analysis, "SRS-1");
    assert_eq!(ids[0], "SRS-1");
    ids.sort();
    assert_eq!(
        ids,
        [
            "HAZ-1", "RCM-1", "RCM-2", "SRS-1", "SRS-2", "SRS-3", "SWI-1", "SWI-2", "TST-1",
            "TST-2"
        ]
    );
    // SRS-2 is touched through SWI-1, but SWI-3 (its other item) and HAZ-2 are not reached,
    // and neither is the obsolete SRS-9.
}

#[test]
fn a_soup_change_reaches_the_hazards_naming_it_as_a_cause() {
    let analysis = project();
    let (start, _) = analysis.item("SOUP-1").expect("item");
    let all = impact(&analysis.items, &analysis.graph, &analysis.risk, start);
    let ids: Vec<&str> = all
        .iter()
        .map(|r| analysis.items[r.item].id.as_str())
        .collect();
    assert!(
        ids.contains(&"SWI-1") && ids.contains(&"HAZ-1") && ids.contains(&"RCM-2"),
        "{ids:?}"
    );
    assert!(!ids.contains(&"SWI-3"), "{ids:?}");
    let swi = all
        .iter()
        .find(|r| analysis.items[r.item].id == "SWI-1")
        .expect("SWI-1");
    assert!(matches!(swi.via, Some(Via::Link { forward: false, .. })));
    assert_eq!(swi.depth, 1);
}
