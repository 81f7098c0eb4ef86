//! The effective safety class: inherited through `parent`, conservative where the chain is
//! broken, and C when the system class is absent or invalid (SRS-015, SRS-016, RCM-008).

use crate::{analyze, findings};

/// The tree of TST-014: SWI-1 (no class) over SWI-2 (C) and SWI-3 (A, with a rationale),
/// SWI-4 under SWI-3; SWI-5 class A without a rationale; SWI-6 under a missing parent;
/// SWI-7 and SWI-8 parents of each other; SRS-1 on SWI-2 and SWI-3; SRS-2 on nothing.
const TREE: &[(&str, &str)] = &[
    ("1.md", "---\nid: SWI-1\ntitle: System\n---\n"),
    (
        "2.md",
        "---\nid: SWI-2\ntitle: C\nparent: SWI-1\nclass: C\n---\n",
    ),
    (
        "3.md",
        "---\nid: SWI-3\ntitle: A\nparent: SWI-1\nclass: A\nclass-rationale: segregated by the MPU\n---\n",
    ),
    ("4.md", "---\nid: SWI-4\ntitle: Unit\nparent: SWI-3\n---\n"),
    ("5.md", "---\nid: SWI-5\ntitle: Low\nclass: A\n---\n"),
    (
        "6.md",
        "---\nid: SWI-6\ntitle: Orphan\nparent: SWI-99\n---\n",
    ),
    ("7.md", "---\nid: SWI-7\ntitle: Loop\nparent: SWI-8\n---\n"),
    ("8.md", "---\nid: SWI-8\ntitle: Loop\nparent: SWI-7\n---\n"),
    (
        "s1.md",
        "---\nid: SRS-1\ntitle: R\nallocated-to: [SWI-2, SWI-3]\n---\n",
    ),
    ("s2.md", "---\nid: SRS-2\ntitle: R\n---\n"),
];

fn classes(config: &str) -> (Vec<String>, Vec<String>) {
    let mut files = vec![("medtrace.toml", config)];
    files.extend_from_slice(TREE);
    let analysis = analyze(&files);
    let classes = [
        "SWI-1", "SWI-2", "SWI-3", "SWI-4", "SWI-6", "SWI-7", "SWI-8", "SRS-1", "SRS-2",
    ]
    .iter()
    .map(|id| {
        let (i, _) = analysis.item(id).expect("read");
        format!("{id} {}", analysis.effective_class(i))
    })
    .collect();
    let rationale = findings(&files)
        .into_iter()
        .filter(|f| f.contains("class-rationale-missing"))
        .collect();
    (classes, rationale)
}

#[test]
fn classes_are_inherited_and_broken_chains_take_the_system_class() {
    let (classes, rationale) = classes("[project]\nname = \"t\"\nclass = \"B\"\n");
    assert_eq!(
        classes,
        [
            "SWI-1 B", "SWI-2 C", "SWI-3 A", "SWI-4 A", "SWI-6 B", "SWI-7 B", "SWI-8 B", "SRS-1 C",
            "SRS-2 B",
        ]
    );
    assert_eq!(
        rationale,
        [
            "5.md:4:8 class-rationale-missing: `SWI-5` is class A in a class B software system, with no `class-rationale`"
        ]
    );
}

#[test]
fn without_a_valid_system_class_the_system_is_class_c() {
    for config in [
        "[project]\nname = \"t\"\n",
        "[project]\nname = \"t\"\nclass = \"X\"\n",
    ] {
        let (classes, _) = classes(config);
        assert_eq!(
            classes,
            [
                "SWI-1 C", "SWI-2 C", "SWI-3 A", "SWI-4 A", "SWI-6 C", "SWI-7 C", "SWI-8 C",
                "SRS-1 C", "SRS-2 C",
            ],
            "{config}"
        );
    }
}
