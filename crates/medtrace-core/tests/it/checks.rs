//! Link, coverage and class checks.

use crate::findings;

const SYS: (&str, &str) = ("sys.md", "---\nid: SYS-1\ntitle: Need\n---\n");
const TST: (&str, &str) = (
    "tst.md",
    "---\nid: TST-1\ntitle: T\nverifies: [SRS-1]\n---\n",
);

#[test]
fn a_complete_chain_is_clean() {
    let srs = (
        "srs.md",
        "---\nid: SRS-1\ntitle: R\nderived-from: [SYS-1]\n---\n",
    );
    assert_eq!(findings(&[SYS, srs, TST]), Vec::<String>::new());
}

#[test]
fn coverage_gaps_are_each_reported() {
    let srs = ("srs.md", "---\nid: SRS-1\ntitle: R\n---\n");
    let rcm = (
        "rcm.md",
        "---\nid: RCM-1\ntitle: Guard\nnew-hazards: none\n---\n",
    );
    let external = (
        "ext.md",
        "---\nid: RCM-2\ntitle: Label\nimplementation: external\nnew-hazards: none\nrealized-by: the label\n---\n",
    );
    assert_eq!(
        findings(&[SYS, srs, rcm, external]),
        [
            "ext.md:2:5 risk-control-not-verified: no test verifies risk control `RCM-2`",
            "rcm.md:2:5 risk-control-not-implemented: no software requirement implements risk control `RCM-1`",
            "rcm.md:2:5 risk-control-not-verified: no test verifies risk control `RCM-1`",
            "srs.md:2:5 requirement-not-derived: `SRS-1` is derived from no system requirement",
            "srs.md:2:5 requirement-not-verified: no test verifies `SRS-1`",
            "sys.md:2:5 system-requirement-not-refined: no software requirement is derived from `SYS-1`",
        ]
    );
}

#[test]
fn derived_requirements_need_a_rationale() {
    let with = (
        "a.md",
        "---\nid: SRS-1\ntitle: R\nderived: true\nderived-rationale: fixed-point arithmetic\n---\n",
    );
    let without = ("b.md", "---\nid: SRS-2\ntitle: R\nderived: true\n---\n");
    let tst = (
        "t.md",
        "---\nid: TST-1\ntitle: T\nverifies: [SRS-1, SRS-2]\n---\n",
    );
    assert_eq!(
        findings(&[with, without, tst]),
        [
            "b.md:2:5 requirement-not-derived: `SRS-2` is marked derived but gives no `derived-rationale`"
        ]
    );
}

#[test]
fn obsolete_items_need_no_coverage_and_links_from_them_cover_nothing() {
    let old = (
        "old.md",
        "---\nid: SRS-1\ntitle: R\nstatus: obsolete\nderived-from: [SYS-1]\n---\n",
    );
    let old_test = (
        "t.md",
        "---\nid: TST-1\ntitle: T\nstatus: obsolete\nverifies: [SRS-1]\n---\n",
    );
    let linker = (
        "l.md",
        "---\nid: SRS-2\ntitle: R2\nderived-from: [SYS-1, SRS-1]\n---\n",
    );
    assert_eq!(
        findings(&[SYS, old, old_test, linker]),
        [
            "l.md:2:5 requirement-not-verified: no test verifies `SRS-2`",
            "l.md:4:23 link-to-obsolete: `SRS-2` links to obsolete `SRS-1`",
        ]
    );
}

#[test]
fn the_second_holder_of_a_duplicate_id_is_not_coverage_checked() {
    let dup = ("z.md", "---\nid: SYS-1\ntitle: Again\n---\n");
    let srs = (
        "srs.md",
        "---\nid: SRS-1\ntitle: R\nderived-from: [SYS-1]\n---\n",
    );
    assert_eq!(
        findings(&[SYS, srs, TST, dup]),
        ["z.md:2:5 item-id-duplicate: `SYS-1` is also the ID of another item"]
    );
}

#[test]
fn links_are_resolved_with_suggestions() {
    let srs = (
        "srs.md",
        "---\nid: SRS-1\ntitle: R\nderived-from: [SYS-2, TST-1, SRS-1]\nallocated-to: [SWI-1]\n---\n",
    );
    assert_eq!(
        findings(&[SYS, srs, TST]),
        [
            "srs.md:4:16 link-target-missing: `derived-from` of `SRS-1` names `SYS-2`, which no item has",
            "srs.md:4:23 link-wrong-type: `derived-from` of `SRS-1` points at test `TST-1`",
            "srs.md:4:30 link-self: `SRS-1` links to itself in `derived-from`",
            "srs.md:5:16 link-target-missing: `allocated-to` of `SRS-1` names `SWI-1`, which no item has",
            "sys.md:2:5 system-requirement-not-refined: no software requirement is derived from `SYS-1`",
        ]
    );
    let analysis = crate::analyze(&[SYS, srs, TST]);
    let help: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert_eq!(help[0], "did you mean `SYS-1`?");
}

#[test]
fn lower_classes_need_a_rationale_under_a_parent_and_at_the_top() {
    let system = (
        "1.md",
        "---\nid: SWI-1\ntitle: System\nlevel: system\n---\n",
    );
    let item = (
        "2.md",
        "---\nid: SWI-2\ntitle: UI\nparent: SWI-1\nclass: B\n---\n",
    );
    let justified = (
        "3.md",
        "---\nid: SWI-3\ntitle: Log\nparent: SWI-1\nclass: A\nclass-rationale: segregated by the MPU\n---\n",
    );
    let top = ("4.md", "---\nid: SWI-4\ntitle: Tool\nclass: A\n---\n");
    let unit = (
        "5.md",
        "---\nid: SWI-5\ntitle: Unit\nparent: [SWI-3]\n---\n",
    );
    assert_eq!(
        findings(&[system, item, justified, top, unit]),
        [
            "2.md:5:8 class-rationale-missing: `SWI-2` is class B under `SWI-1` of class C, with no `class-rationale`",
            "2.md:5:8 segregation-missing: `SWI-2` is class B under class C, but names no segregation",
            "3.md:5:8 segregation-missing: `SWI-3` is class A under class C, but names no segregation",
            "4.md:4:8 class-rationale-missing: `SWI-4` is class A in a class C software system, with no `class-rationale`",
            "4.md:4:8 segregation-missing: `SWI-4` is class A under class C, but names no segregation",
        ]
    );
    let analysis = crate::analyze(&[system, item, justified, top, unit]);
    let class = |id: &str| {
        analysis
            .item(id)
            .map(|(i, _)| analysis.effective_class(i).to_string())
    };
    assert_eq!(
        class("SWI-5").as_deref(),
        Some("A"),
        "a unit inherits its parent's class"
    );
    assert_eq!(
        class("SWI-1").as_deref(),
        Some("C"),
        "the system takes medtrace.toml's class"
    );
}

#[test]
fn requirements_take_the_highest_class_of_their_items() {
    let a = (
        "a.md",
        "---\nid: SWI-1\ntitle: A\nclass: A\nclass-rationale: r\n---\n",
    );
    let b = (
        "b.md",
        "---\nid: SWI-2\ntitle: B\nclass: B\nclass-rationale: r\n---\n",
    );
    let srs = (
        "s.md",
        "---\nid: SRS-1\ntitle: R\nallocated-to: [SWI-1, SWI-2]\n---\n",
    );
    let analysis = crate::analyze(&[a, b, srs]);
    let (i, _) = analysis.item("SRS-1").expect("SRS-1");
    assert_eq!(analysis.effective_class(i).to_string(), "B");
}

#[test]
fn schema_problems_are_reported_per_field() {
    let srs = (
        "s.md",
        "---\nid: SRS-1\ntitle: \"\"\ncategory: fun\nderived: maybe\nstatus: done\nverifies: [TST-1]\ntitel: x\n---\n",
    );
    assert_eq!(
        findings(&[srs]),
        [
            "s.md:2:5 field-required-missing: software requirement `SRS-1` has no `title`",
            "s.md:2:5 requirement-not-derived: `SRS-1` is derived from no system requirement",
            "s.md:2:5 requirement-not-verified: no test verifies `SRS-1`",
            "s.md:4:11 field-invalid-value: `category` of `SRS-1` is `fun`, not one of functional, performance, interface, alarm, security, usability, data, installation, operation, network, regulatory",
            "s.md:5:10 field-invalid-value: `derived` of `SRS-1` is `maybe`, not true or false",
            "s.md:6:9 field-invalid-value: `status` of `SRS-1` is `done`, not one of draft, in-review, approved, obsolete",
            "s.md:7:1 field-unknown: software requirement `SRS-1` has an unknown field `verifies`",
            "s.md:8:1 field-unknown: software requirement `SRS-1` has an unknown field `titel`",
        ]
    );
}

#[test]
fn custom_fields_are_typed_and_required() {
    let config = (
        "medtrace.toml",
        "[project]\nname = \"t\"\n[[fields]]\ntype = \"sys\"\nname = \"reviewed-on\"\nkind = \"date\"\nrequired = true\n",
    );
    let good = (
        "a.md",
        "---\nid: SYS-1\ntitle: A\nreviewed-on: 2024-02-29\n---\n",
    );
    let bad = (
        "b.md",
        "---\nid: SYS-2\ntitle: B\nreviewed-on: 2023-02-29\n---\n",
    );
    let missing = ("c.md", "---\nid: SYS-3\ntitle: C\n---\n");
    let found: Vec<String> = findings(&[config, good, bad, missing])
        .into_iter()
        .filter(|f| !f.contains("not-refined"))
        .collect();
    assert_eq!(
        found,
        [
            "b.md:4:14 field-invalid-value: `reviewed-on` of `SYS-2` is `2023-02-29`, not a date (YYYY-MM-DD)",
            "c.md:2:5 field-required-missing: system requirement `SYS-3` has no `reviewed-on`",
        ]
    );
}

#[test]
fn derivation_cycles_are_found() {
    let a = (
        "a.md",
        "---\nid: SRS-1\ntitle: A\nderived-from: [SRS-2]\n---\n",
    );
    let b = (
        "b.md",
        "---\nid: SRS-2\ntitle: B\nderived-from: [SRS-1]\n---\n",
    );
    let cycles: Vec<String> = findings(&[a, b])
        .into_iter()
        .filter(|f| f.contains("link-cycle"))
        .collect();
    assert_eq!(
        cycles,
        ["a.md:4:16 link-cycle: `derived-from` links form a cycle: SRS-1 → SRS-2 → SRS-1"]
    );
}
