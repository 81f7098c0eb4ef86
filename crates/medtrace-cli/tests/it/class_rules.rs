//! The class rules table through the real binary (SRS-050): every code that applies at
//! some classes only is seeded in a class C project, which is then moved to class B and
//! A; the code must stay exactly where the table says it applies. The cases are checked
//! against `Code::ALL`, so a new restricted code without a seeded fixture fails. Also:
//! the table printed in the user guide's chapter on classes is the codes table.

use crate::fixtures::{
    CLASS_FILES, RISK_FILES, class_fixture, records_fixture, risk_fixture, soup_fixture,
};
use crate::{medtrace, project, repo_root};
use medtrace_core::clauses::ClassSet;
use medtrace_core::{Class, Code};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A seeded project of `fixtures`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fixture {
    /// The seeded risk file as it is: `SWI-002` keeps its own class B.
    Risk,
    /// The seeded risk file with every own `class` removed, so that every hazard, risk
    /// control, SOUP record and test is judged at the project's class.
    RiskInherited,
    /// The seeded records (a risk control no requirement implements and no test verifies).
    Records,
    /// SOUP records against a real Cargo.lock.
    Soup,
    /// The seeded class project.
    Classes,
    /// A problem report released as a known anomaly without its evaluation.
    Problems,
}

/// The class a case's finding is judged at.
#[derive(Clone, Copy, Debug)]
enum Judged {
    /// The project's class: every record involved inherits it.
    Project,
    /// A class the check names, whatever the project's class (`Diagnostic::judged_at`).
    At(Class),
}

/// Where each class-restricted code is seeded, and at which class its finding is judged.
const CASES: &[(Code, Fixture, Judged)] = &[
    (
        Code::RiskControlNotImplemented,
        Fixture::Records,
        Judged::Project,
    ),
    (
        Code::RiskControlNotVerified,
        Fixture::Records,
        Judged::Project,
    ),
    (Code::SoupReviewOutdated, Fixture::Soup, Judged::Project),
    (
        Code::RiskEstimateInvalid,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::RiskEstimateMissing,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::HazardCausesMissing,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::HazardCauseInvalid,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::HazardItemObsolete,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::RiskNotControlled,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::RiskResidualUnacceptable,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::RiskResidualWorse,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    // Software implementing a control against serious harm is judged at class C, the
    // class the harm requires, even in a class A project: `SWI-002` stays class B.
    (
        Code::RiskControlClassTooLow,
        Fixture::Risk,
        Judged::At(Class::C),
    ),
    (
        Code::SoupCauseUnreviewed,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::RiskControlExternalUndescribed,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    (
        Code::RiskControlNewHazardsUnreviewed,
        Fixture::RiskInherited,
        Judged::Project,
    ),
    // Judged at the class C above the item, which is the project's class.
    (Code::SegregationMissing, Fixture::Classes, Judged::Project),
    (
        Code::ItemInterfacesMissing,
        Fixture::Classes,
        Judged::Project,
    ),
    (Code::UnitDesignMissing, Fixture::Classes, Judged::Project),
    (
        Code::UnitAcceptanceMissing,
        Fixture::Classes,
        Judged::Project,
    ),
    (
        Code::ProblemAnomalyUnevaluated,
        Fixture::Problems,
        Judged::Project,
    ),
];

const CLASSES: [Class; 3] = [Class::A, Class::B, Class::C];

/// `files` without the `class:` lines of their front matter.
fn without_own_classes(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|&(path, text)| {
            let kept: String = text
                .split_inclusive('\n')
                .filter(|line| !line.starts_with("class:"))
                .collect();
            (path.to_string(), kept)
        })
        .collect()
}

fn build(fixture: Fixture) -> tempfile::TempDir {
    match fixture {
        Fixture::Risk => risk_fixture(),
        Fixture::RiskInherited => {
            let files = without_own_classes(RISK_FILES);
            let files: Vec<(&str, &[u8])> = files
                .iter()
                .map(|(path, text)| (path.as_str(), text.as_bytes()))
                .collect();
            project(&files)
        }
        Fixture::Records => records_fixture(),
        Fixture::Soup => soup_fixture(),
        Fixture::Classes => class_fixture(),
        Fixture::Problems => project(&[
            ("medtrace.toml", b"[project]\nname = \"Problems\"\n"),
            (
                "dhf/PRB-1.md",
                b"---\nid: PRB-1\ntitle: Slow export\nsource: test\nversion: 1.0\ncriticality:\n  safety: none\n  performance: slow\n  security: none\nknown-anomaly:\n  release: 1.0\n  description: slow export\n---\nThe export is slow.\n",
            ),
        ]),
    }
}

/// Sets `[project] class` in the project's medtrace.toml, keeping the rest.
fn set_class(dir: &Path, class: Class) {
    let path = dir.join("medtrace.toml");
    let text = std::fs::read_to_string(&path).expect("medtrace.toml");
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("class = "))
        .map(str::to_string)
        .collect();
    let at = lines
        .iter()
        .position(|l| l == "[project]")
        .expect("a [project] table");
    lines.insert(at + 1, format!("class = \"{class}\""));
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
}

/// The codes `check` reports in `dir`.
fn codes(dir: &Path) -> BTreeSet<String> {
    let run = medtrace(dir, &["check", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

/// The codes of `fixture` moved to each class.
fn codes_by_class(fixture: Fixture) -> BTreeMap<Class, BTreeSet<String>> {
    let dir = build(fixture);
    CLASSES
        .into_iter()
        .map(|class| {
            set_class(dir.path(), class);
            (class, codes(dir.path()))
        })
        .collect()
}

#[test]
fn every_restricted_code_has_a_seeded_case() {
    let covered: BTreeSet<Code> = CASES.iter().map(|&(code, _, _)| code).collect();
    let uncovered: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.classes() != ClassSet::ABC && !covered.contains(c))
        .map(|c| c.name())
        .collect();
    assert!(
        uncovered.is_empty(),
        "codes that apply at some classes only, with no case in class_rules::CASES: {uncovered:?}"
    );
    let unrestricted: Vec<&str> = CASES
        .iter()
        .filter(|(c, _, _)| c.classes() == ClassSet::ABC)
        .map(|(c, _, _)| c.name())
        .collect();
    assert!(
        unrestricted.is_empty(),
        "cases for codes that apply at every class: {unrestricted:?}"
    );
}

#[test]
fn each_restricted_code_is_reported_exactly_at_the_classes_the_table_names() {
    let fixtures: BTreeSet<Fixture> = CASES.iter().map(|&(_, f, _)| f).collect();
    let found: BTreeMap<Fixture, BTreeMap<Class, BTreeSet<String>>> = fixtures
        .into_iter()
        .map(|f| (f, codes_by_class(f)))
        .collect();
    let mut wrong = Vec::new();
    for &(code, fixture, judged) in CASES {
        assert!(
            found[&fixture][&Class::C].contains(code.name()),
            "{fixture:?} does not produce {code} at class C"
        );
        for project_class in CLASSES {
            let at = match judged {
                Judged::Project => project_class,
                Judged::At(class) => class,
            };
            let expected = code.classes().contains(at);
            let reported = found[&fixture][&project_class].contains(code.name());
            if reported != expected {
                wrong.push(format!(
                    "{code} in {fixture:?} moved to class {project_class} (judged at {at}; \
                     the table says {}): reported {reported}, expected {expected}",
                    code.classes()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Each defect of the class fixture at its place, and nothing else.
#[test]
fn the_class_fixture_has_each_class_finding_at_its_record() {
    let dir = class_fixture();
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: BTreeSet<String> = run
        .stdout
        .lines()
        .map(|line| {
            let (at, rest) = line.split_once(": ").expect("a short finding");
            let code = rest
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(code, _)| code)
                .expect("a code");
            format!("{at} {code}")
        })
        .collect();
    let expected: BTreeSet<String> = [
        "dhf/SWI-001.md:6:1 classification-unsupported",
        "dhf/SWI-002.md:2:5 item-interfaces-missing",
        "dhf/SWI-003.md:7:8 segregation-missing",
        "dhf/SWI-004.md:2:5 unit-design-missing",
        "dhf/SWI-005.md:7:8 class-rationale-missing",
        "dhf/SWI-005.md:7:8 class-below-risk",
        "dhf/TST-001.md:2:5 unit-acceptance-missing",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    assert_eq!(found, expected, "{}", run.stdout);
    // Both ways a recorded classification fails: the answers and the class.
    let unsupported: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("classification-unsupported"))
        .collect();
    assert_eq!(unsupported.len(), 2, "{unsupported:?}");
    assert!(
        CLASS_FILES
            .iter()
            .all(|(path, _)| dir.path().join(path).is_file())
    );
}

/// The class rules table as the user guide prints it, from the codes table.
fn expected_table() -> String {
    let mut out = String::from("| code | clause | classes |\n|---|---|---|\n");
    for code in Code::ALL {
        let clause = if code.clause().is_empty() {
            "—"
        } else {
            code.clause()
        };
        out.push_str(&format!(
            "| [`{0}`](diagnostics.md#{0}) | {clause} | {1} |\n",
            code.name(),
            code.classes()
        ));
    }
    out
}

#[test]
fn the_guide_prints_the_class_rules_table_of_every_code() {
    let page = std::fs::read_to_string(repo_root().join("docs/src/classes.md"))
        .expect("docs/src/classes.md");
    let expected = expected_table();
    let header = expected.lines().next().expect("a header");
    let start = page
        .find(&format!("\n{header}\n"))
        .map(|i| i + 1)
        .expect("docs/src/classes.md has the class rules table");
    let table: String = page[start..]
        .split_inclusive('\n')
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(
        table == expected,
        "the class rules table in docs/src/classes.md is out of date; it should read:\n\n{expected}"
    );
}
