//! Trace matrices.

use crate::analyze;
use medtrace_core::ItemType::*;
use medtrace_core::trace::matrix;

#[test]
fn columns_only_hold_items_of_their_type() {
    let analysis = analyze(&[
        ("s.md", "---\nid: SRS-1\ntitle: R\n---\n"),
        ("w.md", "---\nid: SWI-1\ntitle: I\n---\n"),
        (
            "t.md",
            "---\nid: TST-1\ntitle: T\nverifies: [SRS-1, SWI-1]\n---\n",
        ),
    ]);
    let m = matrix(&analysis.items, &analysis.graph, &[Srs, Tst, Swi]).expect("a chain");
    let ids: Vec<Vec<String>> = m
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    c.iter()
                        .map(|&i| analysis.items[i].id.clone())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect()
        })
        .collect();
    assert_eq!(ids, [["SRS-1", "TST-1", "SWI-1"]]);
}
