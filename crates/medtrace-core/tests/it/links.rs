//! Link resolution: duplicate IDs, missing and wrong-type targets, self-links, links to
//! obsolete items and cycles (SRS-008 to SRS-012, RCM-010).

use crate::{analyze, findings};

/// Findings with these codes only.
fn only(files: &[(&str, &str)], codes: &[&str]) -> Vec<String> {
    findings(files)
        .into_iter()
        .filter(|f| codes.iter().any(|c| f.contains(&format!(" {c}: "))))
        .collect()
}

#[test]
fn every_later_holder_of_a_duplicate_id_is_reported_with_the_first_as_related() {
    let files = [
        ("a/srs-1.md", "---\nid: SRS-001\ntitle: One\n---\n"),
        ("b/srs-1.md", "---\nid: SRS-001\ntitle: Two\n---\n"),
        (
            "t1.md",
            "---\nid: TST-001\ntitle: T1\nverifies: [SRS-001]\n---\n",
        ),
        ("t2.md", "---\nid: TST-001\ntitle: T2\n---\n"),
        ("t3.md", "---\nid: TST-001\ntitle: T3\n---\n"),
    ];
    assert_eq!(
        only(&files, &["item-id-duplicate"]),
        [
            "b/srs-1.md:2:5 item-id-duplicate: `SRS-001` is also the ID of another item",
            "t2.md:2:5 item-id-duplicate: `TST-001` is also the ID of another item",
            "t3.md:2:5 item-id-duplicate: `TST-001` is also the ID of another item",
        ]
    );
    let analysis = analyze(&files);
    for d in analysis
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "item-id-duplicate")
    {
        assert_eq!(d.level.as_str(), "deny");
        assert_eq!(d.related.len(), 1);
        let first = analysis.sources.get(d.related[0].span.file).path.as_str();
        assert!(first == "a/srs-1.md" || first == "t1.md", "{first}");
        assert_eq!(d.related[0].message, "first defined here");
    }
    assert!(analysis.has_errors());
}

#[test]
fn missing_targets_suggest_the_closest_id_and_wrong_types_list_the_allowed() {
    let files = [
        ("sys.md", "---\nid: SYS-003\ntitle: Need\n---\n"),
        (
            "srs.md",
            "---\nid: SRS-012\ntitle: R\nderived-from: [SYS-0003, TST-004]\nallocated-to: [SWI-999]\n---\n",
        ),
        (
            "srs2.md",
            "---\nid: SRS-013\ntitle: R\nderived-from: [SRS-12, SYS-003]\nallocated-to: [SWI-001]\nimplements: [RCM-001]\n---\n",
        ),
        (
            "swi.md",
            "---\nid: SWI-001\ntitle: I\nparent: [SWI-002]\nuses: [SWI-002, SOUP-001]\n---\n",
        ),
        ("swi2.md", "---\nid: SWI-002\ntitle: I2\n---\n"),
        ("soup.md", "---\nid: SOUP-001\ntitle: Lib\n---\n"),
        (
            "rcm.md",
            "---\nid: RCM-001\ntitle: C\nmitigates: [HAZ-001]\n---\n",
        ),
        (
            "haz.md",
            "---\nid: HAZ-001\ntitle: H\nitems: [SWI-001]\n---\n",
        ),
        (
            "tst.md",
            "---\nid: TST-004\ntitle: T\nverifies: [SRS-012, SRS-013, RCM-001, SWI-001]\n---\n",
        ),
    ];
    let analysis = analyze(&files);
    let described: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code.name(), "link-target-missing" | "link-wrong-type"))
        .map(|d| {
            let lc = analysis
                .sources
                .line_col(d.span.expect("placed").file, d.span.expect("placed").start);
            format!(
                "{}:{}:{} {} | {}",
                analysis.sources.get(d.span.expect("placed").file).path,
                lc.line,
                lc.col,
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "srs.md:4:16 `derived-from` of `SRS-012` names `SYS-0003`, which no item has | did you mean `SYS-003`?",
            "srs.md:4:26 `derived-from` of `SRS-012` points at test `TST-004` | `derived-from` takes SYS or SRS items",
            "srs.md:5:16 `allocated-to` of `SRS-012` names `SWI-999`, which no item has | create the item (`medtrace new`) or correct the ID",
            "srs2.md:4:16 `derived-from` of `SRS-013` names `SRS-12`, which no item has | did you mean `SRS-012`?",
            "swi.md:5:8 `uses` of `SWI-001` points at software item `SWI-002` | `uses` takes SOUP items",
        ]
    );
}

#[test]
fn self_links_and_links_to_obsolete_items() {
    let files = [
        (
            "a.md",
            "---\nid: SRS-001\ntitle: Self\nderived-from: [SRS-001]\n---\n",
        ),
        (
            "b.md",
            "---\nid: SRS-002\ntitle: Live\nstatus: approved\nderived-from: [SYS-001]\n---\n",
        ),
        (
            "c.md",
            "---\nid: SRS-003\ntitle: Old\nstatus: obsolete\nderived-from: [SYS-001]\n---\n",
        ),
        (
            "d.md",
            "---\nid: SYS-001\ntitle: Old need\nstatus: obsolete\n---\n",
        ),
    ];
    assert_eq!(
        only(&files, &["link-self", "link-to-obsolete", "link-cycle"]),
        [
            "a.md:4:16 link-self: `SRS-001` links to itself in `derived-from`",
            "b.md:5:16 link-to-obsolete: `SRS-002` links to obsolete `SYS-001`",
        ]
    );
}

#[test]
fn a_parent_cycle_is_reported_once_whatever_the_file_order() {
    let files = [
        ("swi-1.md", "---\nid: SWI-1\ntitle: A\nparent: SWI-2\n---\n"),
        ("swi-2.md", "---\nid: SWI-2\ntitle: B\nparent: SWI-3\n---\n"),
        ("swi-3.md", "---\nid: SWI-3\ntitle: C\nparent: SWI-1\n---\n"),
        ("tree-1.md", "---\nid: SWI-10\ntitle: Root\n---\n"),
        (
            "tree-2.md",
            "---\nid: SWI-11\ntitle: Leaf\nparent: SWI-10\n---\n",
        ),
        (
            "tree-3.md",
            "---\nid: SWI-12\ntitle: Leaf\nparent: SWI-10\n---\n",
        ),
        (
            "srs-4.md",
            "---\nid: SRS-4\ntitle: D\nderived-from: [SRS-5]\n---\n",
        ),
        (
            "srs-5.md",
            "---\nid: SRS-5\ntitle: E\nderived-from: [SRS-4]\n---\n",
        ),
    ];
    let expected = [
        "srs-4.md:4:16 link-cycle: `derived-from` links form a cycle: SRS-4 → SRS-5 → SRS-4",
        "swi-1.md:4:9 link-cycle: `parent` links form a cycle: SWI-1 → SWI-2 → SWI-3 → SWI-1",
    ];
    assert_eq!(only(&files, &["link-cycle"]), expected);
    let mut reversed = files;
    reversed.reverse();
    assert_eq!(only(&reversed, &["link-cycle"]), expected);
    // One location per link of the cycle.
    let analysis = analyze(&files);
    let parent = analysis
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("`parent`"))
        .expect("reported");
    assert_eq!(parent.related.len(), 2);
}
