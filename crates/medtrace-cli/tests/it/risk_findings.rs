//! The risk checks through the real binary (SRS-045, SRS-046): the seeded risk file of
//! `fixtures` with each finding at its place, the repair of each defect removing exactly
//! its findings, the P1 × P2 split, the class gating of clause 7, and the default policy
//! printed in the user guide.

use crate::fixtures::{RISK_FILES, risk_fixture};
use crate::{medtrace, project, repo_root};
use medtrace_core::risk::RiskPolicy;
use std::collections::BTreeSet;
use std::path::Path;

/// The findings of `check`, each as `path:line:column code`, and the exit code.
fn findings(dir: &Path) -> (BTreeSet<String>, i32) {
    let run = medtrace(dir, &["check", "--format", "short"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let found = run
        .stdout
        .lines()
        .map(|line| {
            // path:line:column: error[code]: message
            let (at, rest) = line.split_once(": ").expect("a short finding");
            let code = rest
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(code, _)| code)
                .expect("a code");
            format!("{at} {code}")
        })
        .collect();
    (found, run.code)
}

fn set(lines: &[&str]) -> BTreeSet<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

/// What `check` finds in [`RISK_FILES`]: each of the 12 record-level risk codes once,
/// and the warning every link to an obsolete item gets.
const SEEDED: &[&str] = &[
    "dhf/HAZ-002.md:6:11 risk-estimate-invalid",
    "dhf/HAZ-003.md:2:5 risk-estimate-missing",
    "dhf/HAZ-004.md:4:18 hazard-causes-missing",
    "dhf/HAZ-005.md:5:10 hazard-cause-invalid",
    "dhf/HAZ-006.md:4:18 hazard-item-obsolete",
    "dhf/HAZ-006.md:4:18 link-to-obsolete",
    "dhf/HAZ-007.md:2:5 risk-not-controlled",
    "dhf/HAZ-008.md:8:1 risk-residual-unacceptable",
    "dhf/HAZ-009.md:9:23 risk-residual-worse",
    "dhf/HAZ-010.md:5:10 soup-cause-unreviewed",
    "dhf/RCM-003.md:5:17 risk-control-external-undescribed",
    "dhf/RCM-004.md:2:5 risk-control-new-hazards-unreviewed",
    "dhf/SWI-002.md:4:8 risk-control-class-too-low",
];

/// Each seeded defect: the file, the text at fault, its repair, and the findings the
/// repair removes.
const REPAIRS: &[(&str, &str, &str, &[&str])] = &[
    (
        "dhf/HAZ-002.md",
        "severity: severe\n",
        "severity: minor\n",
        &["dhf/HAZ-002.md:6:11 risk-estimate-invalid"],
    ),
    (
        "dhf/HAZ-003.md",
        "severity: minor\n",
        "severity: minor\nprobability: remote\n",
        &["dhf/HAZ-003.md:2:5 risk-estimate-missing"],
    ),
    (
        "dhf/HAZ-004.md",
        "description: wrong unit}]",
        "description: wrong unit}, {item: SWI-002, category: specification, description: unit not shown}]",
        &["dhf/HAZ-004.md:4:18 hazard-causes-missing"],
    ),
    (
        "dhf/HAZ-005.md",
        "category: defect,",
        "category: software-defect,",
        &["dhf/HAZ-005.md:5:10 hazard-cause-invalid"],
    ),
    (
        "dhf/HAZ-006.md",
        "items: [SWI-001, SWI-003]",
        "items: [SWI-001]",
        &[
            "dhf/HAZ-006.md:4:18 hazard-item-obsolete",
            "dhf/HAZ-006.md:4:18 link-to-obsolete",
        ],
    ),
    (
        "dhf/RCM-001.md",
        "mitigates: [HAZ-001, HAZ-009]",
        "mitigates: [HAZ-001, HAZ-007, HAZ-009]",
        &["dhf/HAZ-007.md:2:5 risk-not-controlled"],
    ),
    (
        "dhf/HAZ-008.md",
        "residual-probability: occasional\n",
        "residual-probability: occasional\nbenefit-risk: without the infusion the patient dies; the valve is the last barrier\n",
        &["dhf/HAZ-008.md:8:1 risk-residual-unacceptable"],
    ),
    (
        "dhf/HAZ-009.md",
        "residual-probability: occasional",
        "residual-probability: remote",
        &["dhf/HAZ-009.md:9:23 risk-residual-worse"],
    ),
    (
        "dhf/SOUP-001.md",
        "version: 1.7.17\n",
        "version: 1.7.17\nanomaly-review: {reviewed-version: 1.7.17, result: no anomaly affects the library reader}\n",
        &["dhf/HAZ-010.md:5:10 soup-cause-unreviewed"],
    ),
    (
        "dhf/RCM-003.md",
        "implementation: external\n",
        "implementation: external\nrealized-by: the spring-loaded relief valve of the pump head\n",
        &["dhf/RCM-003.md:5:17 risk-control-external-undescribed"],
    ),
    (
        "dhf/RCM-004.md",
        "mitigates: [HAZ-008]\n",
        "mitigates: [HAZ-008]\nnew-hazards: none\n",
        &["dhf/RCM-004.md:2:5 risk-control-new-hazards-unreviewed"],
    ),
    (
        "dhf/SWI-002.md",
        "class: B\nclass-rationale: a wrong display alone cannot cause serious injury\n",
        "",
        &["dhf/SWI-002.md:4:8 risk-control-class-too-low"],
    ),
];

/// Applies a repair to a file's text: the text at fault is there exactly once.
fn repair(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {text}");
    text.replacen(from, to, 1)
}

/// The seeded files with some repairs applied, as a project.
fn repaired(which: &[usize]) -> tempfile::TempDir {
    let files: Vec<(&str, String)> = RISK_FILES
        .iter()
        .map(|&(path, text)| {
            let mut text = text.to_string();
            for &(file, from, to, _) in which.iter().map(|&i| &REPAIRS[i]) {
                if file == path {
                    text = repair(&text, from, to);
                }
            }
            (path, text)
        })
        .collect();
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    project(&bytes)
}

#[test]
fn the_seeded_risk_file_reports_each_defect_at_its_place() {
    let dir = risk_fixture();
    let (found, code) = findings(dir.path());
    assert_eq!(found, set(SEEDED));
    assert_eq!(code, 1);
}

#[test]
fn repairing_each_defect_removes_exactly_its_findings() {
    for (i, &(file, from, _, removed)) in REPAIRS.iter().enumerate() {
        let dir = repaired(&[i]);
        let (found, code) = findings(dir.path());
        let expected: BTreeSet<String> = set(SEEDED).difference(&set(removed)).cloned().collect();
        assert_eq!(found, expected, "repairing `{from}` in {file}");
        assert_eq!(code, 1);
    }
    // With every repair the risk file is clean: the defects were the only findings.
    let all: Vec<usize> = (0..REPAIRS.len()).collect();
    let dir = repaired(&all);
    let (found, code) = findings(dir.path());
    assert_eq!(found, BTreeSet::new());
    assert_eq!(code, 0);
}

/// A three-level probability scale with a P1 × P2 split of two levels each.
const SPLIT_POLICY: &str = "[project]
name = \"split\"

[risk]
severity = [
  { name = \"minor\", harm = \"non-serious\" },
  { name = \"major\", harm = \"serious\" },
]
probability = [{ name = \"low\" }, { name = \"medium\" }, { name = \"high\" }]
p1 = [{ name = \"rare\" }, { name = \"often\" }]
p2 = [{ name = \"unlikely\" }, { name = \"likely\" }]

[risk.combine]
rare = [\"low\", \"medium\"]
often = [\"medium\", \"high\"]

[risk.acceptability]
high = [\"afap\", \"unacceptable\"]
medium = [\"acceptable\", \"afap\"]
low = [\"acceptable\", \"acceptable\"]
";

const CAUSE: &str =
    "items: [SWI-001]\ncauses: [{item: SWI-001, category: misuse, description: x}]\n";

#[test]
fn p1_and_p2_combine_into_the_probability_and_a_contradicting_one_is_reported() {
    let haz = |id: &str, estimate: &str| {
        (
            format!("dhf/{id}.md"),
            format!("---\nid: {id}\ntitle: t\n{CAUSE}{estimate}---\n"),
        )
    };
    let files = [
        ("medtrace.toml".to_string(), SPLIT_POLICY.to_string()),
        (
            "dhf/SWI-001.md".to_string(),
            "---\nid: SWI-001\ntitle: Calc\n---\n".to_string(),
        ),
        // rare × unlikely = low, then often × unlikely = medium: both combined levels
        // show in the message.
        haz(
            "HAZ-001",
            "severity: minor\np1: rare\np2: unlikely\nresidual-severity: minor\nresidual-p1: often\nresidual-p2: unlikely\n",
        ),
        // often × likely = high, not the `low` written; with `major` the risk is
        // unacceptable, which `low` would not make it.
        haz(
            "HAZ-002",
            "severity: major\nprobability: low\np1: often\np2: likely\nresidual-severity: major\nresidual-probability: low\n",
        ),
        // A P1 × P2 pair that agrees with `probability` is no finding; rare × likely =
        // medium is acceptable with `minor`.
        haz(
            "HAZ-003",
            "severity: minor\nprobability: medium\np1: rare\np2: likely\n",
        ),
        // P1 and P2 stand in for `probability`: nothing is missing.
        haz("HAZ-004", "severity: minor\np1: rare\np2: unlikely\n"),
    ];
    let bytes: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let dir = project(&bytes);
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(
        run.stdout,
        "dhf/HAZ-001.md:10:14: error[risk-residual-worse]: the residual probability of `HAZ-001` (medium) is higher than the initial (low)\n\
         dhf/HAZ-002.md:2:5: error[risk-not-controlled]: the initial risk of `HAZ-002` is unacceptable and no risk control measure mitigates it\n\
         dhf/HAZ-002.md:7:14: error[risk-estimate-invalid]: `probability` says low but P1 × P2 gives high\n"
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// A project of one software item, an uncontrolled hazard on it with no cause, and a
/// controlled one whose external control says nothing about itself. The harm is none,
/// so that a class A item may contribute to it (4.3); the risks are not acceptable
/// because they are frequent.
fn gating_project(class: &str, item_class: &str) -> tempfile::TempDir {
    let config = format!("[project]\nname = \"gate\"\nclass = \"{class}\"\n");
    let swi = format!("---\nid: SWI-001\ntitle: Calc\n{item_class}---\n");
    project(&[
        ("medtrace.toml", config.as_bytes()),
        ("dhf/SWI-001.md", swi.as_bytes()),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: R\nderived-from: [SYS-001]\nallocated-to: [SWI-001]\n---\n",
        ),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: T\nverifies: [SRS-001, RCM-001]\n---\n",
        ),
        (
            "dhf/HAZ-001.md",
            b"---\nid: HAZ-001\ntitle: Uncontrolled\nitems: [SWI-001]\nseverity: negligible\nprobability: frequent\n---\n",
        ),
        (
            "dhf/HAZ-002.md",
            b"---\nid: HAZ-002\ntitle: Controlled\nitems: [SWI-001]\nseverity: negligible\nprobability: probable\n---\n",
        ),
        (
            "dhf/RCM-001.md",
            b"---\nid: RCM-001\ntitle: Label\nkind: information\nimplementation: external\nmitigates: [HAZ-002]\n---\n",
        ),
    ])
}

fn codes(found: &BTreeSet<String>) -> BTreeSet<&str> {
    found
        .iter()
        .filter_map(|f| f.rsplit_once(' ').map(|(_, code)| code))
        .collect()
}

#[test]
fn clause_7_checks_apply_to_class_b_and_c_only() {
    // A class A system: no clause 7 finding, however incomplete the risk file.
    let a = gating_project("A", "");
    assert_eq!(findings(a.path()), (BTreeSet::new(), 0));

    // A class C system whose item is class A (with its rationale): the hazards take the
    // class of their items, so still none.
    let item_a = gating_project(
        "C",
        "class: A\nclass-rationale: only formats the log\nsegregation: a task of its own behind the MPU\n",
    );
    assert_eq!(findings(item_a.path()), (BTreeSet::new(), 0));

    // The same records in a class B system: every clause 7 check speaks.
    let b = gating_project("B", "");
    let (found, code) = findings(b.path());
    assert_eq!(
        codes(&found),
        BTreeSet::from([
            "hazard-causes-missing",
            "risk-control-external-undescribed",
            "risk-control-new-hazards-unreviewed",
            "risk-estimate-missing",
            "risk-not-controlled",
        ]),
        "{found:?}"
    );
    assert_eq!(code, 1);
}

#[test]
fn the_guide_prints_the_default_policy_and_it_reads_without_findings() {
    let policy = RiskPolicy::default().to_toml();
    let guide = std::fs::read_to_string(repo_root().join("docs/src/risk.md")).expect("guide");
    assert!(
        guide.contains(&format!("```toml\n{policy}```\n")),
        "docs/src/risk.md does not print the default policy:\n{policy}"
    );
    // Written out in medtrace.toml it is the default: the same estimates, no finding.
    let config = format!("[project]\nname = \"p\"\n\n{policy}");
    let dir = project(&[
        ("medtrace.toml", config.as_bytes()),
        ("dhf/SWI-001.md", b"---\nid: SWI-001\ntitle: Calc\n---\n"),
        (
            "dhf/HAZ-001.md",
            b"---\nid: HAZ-001\ntitle: t\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: misuse, description: x}]\nseverity: minor\nprobability: remote\n---\n",
        ),
    ]);
    assert_eq!(findings(dir.path()), (BTreeSet::new(), 0));
}
