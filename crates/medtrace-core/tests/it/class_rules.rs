//! The class rules table (the `classes` column of the codes table): one test over every
//! row against the clause table, and the behaviour of each class-restricted row at the
//! classes where it applies and where it does not.

use crate::{analyze, findings};
use medtrace_core::clauses::{self, ClassSet};
use medtrace_core::{Class, Code};

/// The classes of the clauses a code names: "5.1.1 c, 7.3.3" → 5.1.1 ∪ 7.3.3; a group
/// such as "7.4" stands for its clauses.
fn clause_classes(code: Code) -> Option<ClassSet> {
    let ids: Vec<&str> = code
        .clause()
        .split(',')
        .map(|c| c.split_whitespace().next().unwrap_or(""))
        .filter(|c| !c.is_empty())
        .collect();
    if ids.is_empty() {
        return None;
    }
    let mut set = ClassSet::NONE;
    for id in ids {
        let matching: Vec<_> = clauses::all()
            .iter()
            .filter(|c| c.id == id || c.id.starts_with(&format!("{id}.")))
            .collect();
        assert!(
            !matching.is_empty(),
            "{code}: clause {id} is not in the clause table"
        );
        for c in matching {
            set = set.union(c.classes);
        }
    }
    Some(set)
}

#[test]
fn every_row_applies_only_where_one_of_its_clauses_applies() {
    for &code in Code::ALL {
        let classes = code.classes();
        assert!(!classes.is_empty(), "{code} applies at no class");
        if let Some(allowed) = clause_classes(code) {
            for class in classes.iter() {
                assert!(
                    allowed.contains(class),
                    "{code} applies at class {class}, but its clauses {} apply only at {allowed}",
                    code.clause()
                );
            }
        }
    }
}

fn config(class: &str) -> String {
    format!("[project]\nname = \"t\"\nclass = \"{class}\"\n")
}

/// Codes found in `files` under a project of `class`.
fn codes(class: &str, files: &[(&str, &str)]) -> Vec<Code> {
    let text = config(class);
    let mut all = vec![("medtrace.toml", text.as_str())];
    all.extend_from_slice(files);
    analyze(&all).diagnostics.iter().map(|d| d.code).collect()
}

fn applies(code: Code, files: &[(&str, &str)]) -> Vec<char> {
    ['A', 'B', 'C']
        .into_iter()
        .filter(|c| codes(&c.to_string(), files).contains(&code))
        .collect()
}

const UNCONTROLLED: &[(&str, &str)] = &[
    (
        "swi.md",
        "---\nid: SWI-1\ntitle: Engine\nlevel: item\ninterfaces: x\n---\n",
    ),
    (
        "haz.md",
        "---\nid: HAZ-1\ntitle: H\nseverity: minor\nprobability: frequent\nresidual-severity: minor\nresidual-probability: frequent\nitems: [SWI-1]\ncauses:\n  - item: SWI-1\n    category: software-defect\n---\n",
    ),
];

#[test]
fn clause_7_rows_apply_at_b_and_c() {
    assert_eq!(applies(Code::RiskNotControlled, UNCONTROLLED), ['B', 'C']);
    assert_eq!(Code::RiskNotControlled.classes(), ClassSet::BC);
}

#[test]
fn the_class_below_risk_row_applies_at_every_class() {
    // Minor harm is non-serious: class A is too low, B and C are enough.
    assert_eq!(applies(Code::ClassBelowRisk, UNCONTROLLED), ['A']);
    let serious = UNCONTROLLED[1]
        .1
        .replace("severity: minor", "severity: critical");
    let files = [UNCONTROLLED[0], ("haz.md", serious.as_str())];
    assert_eq!(applies(Code::ClassBelowRisk, &files), ['A', 'B']);
}

#[test]
fn a_lower_class_argued_by_a_rationale_is_left_to_it() {
    let serious = UNCONTROLLED[1]
        .1
        .replace("severity: minor", "severity: critical");
    let swi = "---\nid: SWI-1\ntitle: Engine\nlevel: item\ninterfaces: x\nclass: B\nclass-rationale: the safety processor checks every output\nsegregation: separate processor\n---\n";
    let found = codes("C", &[("swi.md", swi), ("haz.md", &serious)]);
    assert!(!found.contains(&Code::ClassBelowRisk), "{found:?}");
}

#[test]
fn the_unit_design_row_applies_at_c_only() {
    let unit = [(
        "swi.md",
        "---\nid: SWI-1\ntitle: Parser\nlevel: unit\n---\n",
    )];
    assert_eq!(applies(Code::UnitDesignMissing, &unit), ['C']);
    let designed = [(
        "swi.md",
        "---\nid: SWI-1\ntitle: Parser\nlevel: unit\ndetailed-design: a state machine\ninterfaces: parse(&str)\n---\n",
    )];
    assert_eq!(
        applies(Code::UnitDesignMissing, &designed),
        Vec::<char>::new()
    );
}

#[test]
fn the_item_interfaces_row_applies_at_b_and_c() {
    let item = [(
        "swi.md",
        "---\nid: SWI-1\ntitle: Engine\nlevel: item\n---\n",
    )];
    assert_eq!(applies(Code::ItemInterfacesMissing, &item), ['B', 'C']);
}

#[test]
fn the_unit_acceptance_row_applies_at_b_and_c_judged_at_what_the_test_verifies() {
    let files = [
        (
            "swi.md",
            "---\nid: SWI-1\ntitle: Parser\nlevel: unit\n---\n",
        ),
        (
            "tst.md",
            "---\nid: TST-1\ntitle: T\nlevel: unit\nverifies: [SWI-1]\n---\n",
        ),
    ];
    assert_eq!(applies(Code::UnitAcceptanceMissing, &files), ['B', 'C']);
    // Under a class C system, a unit argued down to class A is judged at A.
    let argued = [
        (
            "swi.md",
            "---\nid: SWI-1\ntitle: Parser\nlevel: unit\nclass: A\nclass-rationale: r\nsegregation: s\n---\n",
        ),
        files[1],
    ];
    assert!(!codes("C", &argued).contains(&Code::UnitAcceptanceMissing));
}

#[test]
fn the_segregation_row_applies_under_class_c_only() {
    let swi = [(
        "swi.md",
        "---\nid: SWI-1\ntitle: UI\nlevel: item\ninterfaces: x\nclass: A\nclass-rationale: r\n---\n",
    )];
    assert_eq!(applies(Code::SegregationMissing, &swi), ['C']);
}

#[test]
fn a_control_in_a_lower_class_item_is_judged_at_the_class_the_harm_requires() {
    let files = [
        (
            "swi.md",
            "---\nid: SWI-1\ntitle: Guard\nlevel: item\ninterfaces: x\nclass: A\nclass-rationale: r\nsegregation: s\n---\n",
        ),
        (
            "srs.md",
            "---\nid: SRS-1\ntitle: R\nderived: true\nderived-rationale: r\nallocated-to: [SWI-1]\nimplements: [RCM-1]\n---\n",
        ),
        (
            "rcm.md",
            "---\nid: RCM-1\ntitle: C\nmitigates: [HAZ-1]\nnew-hazards: none\n---\n",
        ),
        (
            "haz.md",
            "---\nid: HAZ-1\ntitle: H\nseverity: critical\nprobability: remote\nresidual-severity: critical\nresidual-probability: improbable\n---\n",
        ),
    ];
    let found = findings(&files);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("swi.md:6:8 risk-control-class-too-low: `SWI-1` is class A")),
        "{found:?}"
    );
    assert_eq!(Class::C, medtrace_core::risk::Harm::Serious.class());
}
