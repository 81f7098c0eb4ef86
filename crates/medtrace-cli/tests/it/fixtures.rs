//! The meta-test of RCM-003: every finding code in the registry is produced by a seeded
//! fixture run through the real binary, and every code produced is registered.

use crate::{medtrace, project, scenario};
use medtrace_core::Code;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn codes_of(dir: &Path) -> BTreeSet<String> {
    let run = medtrace(dir, &["check", "--format", "json"]);
    assert!(run.code == 1, "{}: {}", dir.display(), run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

/// Records seeded with one defect of each kind the record checks find.
pub(crate) fn records_fixture() -> tempfile::TempDir {
    let deep = format!(
        "---\nid: SYS-020\ntitle: Deep\nx: {}{}\n---\n",
        "[".repeat(30),
        "]".repeat(30)
    );
    let files: Vec<(&str, &[u8])> = vec![
        (
            "medtrace.toml",
            b"[project]\nname = \"fixtures\"\n[[fields]]\ntype = \"srs\"\nname = \"reviewer\"\nkind = \"string\"\nrequired = true\n",
        ),
        ("dhf/latin1.md", b"---\nid: SYS-010\ntitle: caf\xe9\n---\n"),
        ("dhf/unclosed.md", b"---\nid: SYS-011\ntitle: open\n"),
        ("dhf/syntax.md", b"---\nid: SYS-012\ntitle: [x\n---\n"),
        ("dhf/list.md", b"---\n- a\n- b\n---\n"),
        ("dhf/alias.md", b"---\nid: SYS-013\ntitle: &a t\nx: *a\n---\n"),
        ("dhf/deep.md", deep.as_bytes()),
        ("dhf/no-id.md", b"---\ntitle: no id\n---\n"),
        ("dhf/bad-id.md", b"---\nid: not an id\ntitle: x\n---\n"),
        ("dhf/prefix.md", b"---\nid: XYZ-1\ntitle: x\n---\n"),
        ("dhf/dup-a.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        ("dhf/dup-b.md", b"---\nid: SYS-001\ntitle: Again\n---\n"),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: R\nderived-from: [SYS-001, SYS-404, TST-001, SRS-001, SYS-002]\nreviewer: me\ncolour: x\ncolour: y\ncategory: fun\n---\n",
        ),
        (
            "dhf/SRS-002.md",
            b"---\nid: SRS-002\ntitle: Unverified, underived, no reviewer\n---\n",
        ),
        (
            "dhf/SYS-002.md",
            b"---\nid: SYS-002\ntitle: Old\nstatus: obsolete\n---\n",
        ),
        ("dhf/SYS-003.md", b"---\nid: SYS-003\ntitle: Unrefined\n---\n"),
        (
            "dhf/SRS-003.md",
            b"---\nid: SRS-003\ntitle: A\nderived-from: [SRS-004]\nreviewer: me\n---\n",
        ),
        (
            "dhf/SRS-004.md",
            b"---\nid: SRS-004\ntitle: B\nderived-from: [SRS-003]\nreviewer: me\n---\n",
        ),
        ("dhf/RCM-001.md", b"---\nid: RCM-001\ntitle: Guard\n---\n"),
        (
            "dhf/SWI-001.md",
            b"---\nid: SWI-001\ntitle: Low\nclass: A\n---\n",
        ),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: T\nverifies: [SRS-001, SRS-003, SRS-004]\n---\n",
        ),
        (
            "dhf/executions/run-1.md",
            b"---\nexecutes: TST-001\nresult: maybe\n---\n",
        ),
        (
            "dhf/executions/run-2.md",
            b"---\nexecutes: TST-404\ntester: A. Tester\ndate: 2026-01-02\nversion: v1\nconfiguration: bench\nresult: pass\n---\n",
        ),
    ];
    project(&files)
}

/// A medtrace.toml with a syntax error and problems the reader recovers from.
fn config_fixture() -> tempfile::TempDir {
    project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"c\"\nclass = \"D\"\nowner = \"x\"\n[items\n",
        ),
        ("dhf/README.md", b"no items\n"),
    ])
}

/// Evidence from outside the records: trace tags in code and test reports, each
/// seeded with one defect of each kind.
fn evidence_fixture() -> tempfile::TempDir {
    project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"e\"\n[trace]\nsources = [\"src\"]\n[tests]\nreports = [\"reports/*.xml\", \"missing/*.xml\"]\n",
        ),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        (
            "dhf/SRS-001.md",
            b"---\nid: SRS-001\ntitle: Checked\nderived-from: [SYS-001]\n---\n",
        ),
        (
            "dhf/SRS-002.md",
            b"---\nid: SRS-002\ntitle: Never run\nderived-from: [SYS-001]\n---\n",
        ),
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: T\nverifies: [SRS-001]\nautomated: [suite.passes, suite.fails, suite.never_ran]\n---\n",
        ),
        (
            "dhf/TST-002.md",
            b"---\nid: TST-002\ntitle: Manual\nverifies: [SRS-002]\n---\n",
        ),
        (
            "src/lib.rs",
            b"// implements: SRS-404\nfn a() {}\n// implements: SYS-001\nfn b() {}\n// verifies: soon, I promise\nfn c() {}\n",
        ),
        (
            "reports/junit.xml",
            b"<?xml version=\"1.0\"?>\n<testsuites>\n<testsuite name=\"suite\" tests=\"3\">\n<testcase classname=\"suite\" name=\"passes\"/>\n<testcase classname=\"suite\" name=\"fails\"><failure message=\"boom\"/></testcase>\n<testcase classname=\"suite\" name=\"stray\"/>\n</testsuite>\n</testsuites>\n",
        ),
        ("reports/broken.xml", b"<testsuites><testsuite name=\"x\"><testcase"),
    ])
}

/// A file the loader cannot read. `None` where permissions do not apply (root).
#[cfg(unix)]
fn unreadable_fixture() -> Option<tempfile::TempDir> {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[
        ("medtrace.toml", b"[project]\nname = \"u\"\n"),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: x\n---\n"),
    ]);
    let file = dir.path().join("dhf/SYS-001.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::read(&file).is_err().then_some(dir)
}

#[cfg(not(unix))]
fn unreadable_fixture() -> Option<tempfile::TempDir> {
    None
}

/// SOUP records against a real Cargo.lock, seeded with every SOUP defect.
pub(crate) fn soup_fixture() -> tempfile::TempDir {
    let lock = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/soup/before/Cargo.lock"),
    )
    .expect("fixture");
    project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"soup\"\nclass = \"C\"\n[soup]\nlockfiles = [\"Cargo.lock\", \"notes.txt\"]\n",
        ),
        ("Cargo.lock", &lock),
        ("notes.txt", b"not a lockfile\n"),
        (
            "dhf/SOUP-001.md",
            b"---\nid: SOUP-001\ntitle: itoa\nsupplier: d\nversion: 1.0.0\npurl: pkg:cargo/itoa@1.0.0\npurpose: p\nprerequisites: none\nanomaly-review: {reviewed-version: 1.0.0}\n---\n",
        ),
        ("dhf/SOUP-002.md", b"---\nid: SOUP-002\ntitle: gone\nversion: 1\npurl: pkg:cargo/gone@1\n---\n"),
    ])
}

/// A class C risk file seeded with one defect per record-level risk code, each in its
/// own record, which names it in its title. `HAZ-001`, `RCM-001` and `RCM-002` are the
/// clean pattern the others depart from. Shared with `risk_findings`, which removes the
/// defects one by one.
pub(crate) const RISK_FILES: &[(&str, &str)] = &[
    (
        "medtrace.toml",
        "[project]\nname = \"risk\"\nclass = \"C\"\n",
    ),
    (
        "dhf/SYS-001.md",
        "---\nid: SYS-001\ntitle: Deliver the prescribed dose\n---\n",
    ),
    (
        "dhf/SWI-001.md",
        "---\nid: SWI-001\ntitle: Dose calculator\n---\n",
    ),
    (
        "dhf/SWI-002.md",
        "---\nid: SWI-002\ntitle: Display, class too low for the control it implements\nclass: B\nclass-rationale: a wrong display alone cannot cause serious injury\nsegregation: runs on the display processor, fed over a one-way link\n---\n",
    ),
    (
        "dhf/SWI-003.md",
        "---\nid: SWI-003\ntitle: Old motor driver\nstatus: obsolete\n---\n",
    ),
    (
        "dhf/SWI-004.md",
        "---\nid: SWI-004\ntitle: Event log\nclass: A\nclass-rationale: written after delivery, read by no other item\nsegregation: a separate task with its own memory region\nuses: [SOUP-001]\n---\n",
    ),
    (
        "dhf/SOUP-001.md",
        "---\nid: SOUP-001\ntitle: cJSON, anomaly list not reviewed\nsupplier: Dave Gamble\nversion: 1.7.17\n---\n",
    ),
    (
        "dhf/SRS-001.md",
        "---\nid: SRS-001\ntitle: Hard dose limit\nderived-from: [SYS-001]\nallocated-to: [SWI-001]\nimplements: [RCM-001]\n---\n",
    ),
    (
        "dhf/SRS-002.md",
        "---\nid: SRS-002\ntitle: Show the rate for confirmation\nderived-from: [SYS-001]\nallocated-to: [SWI-002]\nimplements: [RCM-002]\n---\n",
    ),
    (
        "dhf/TST-001.md",
        "---\nid: TST-001\ntitle: Limits and display\nverifies: [SRS-001, SRS-002, RCM-001, RCM-002, RCM-003, RCM-004]\n---\n",
    ),
    (
        "dhf/RCM-001.md",
        "---\nid: RCM-001\ntitle: Hard dose limit\nkind: protective\nmitigates: [HAZ-001, HAZ-009]\nnew-hazards: none\n---\n",
    ),
    (
        "dhf/RCM-002.md",
        "---\nid: RCM-002\ntitle: Confirm the rate on the display\nkind: protective\nmitigates: [HAZ-011]\nnew-hazards: none\n---\n",
    ),
    (
        "dhf/RCM-003.md",
        "---\nid: RCM-003\ntitle: Relief valve, realised by nothing named\nkind: inherent-design\nimplementation: external\nmitigates: [HAZ-008]\nnew-hazards: none\n---\n",
    ),
    (
        "dhf/RCM-004.md",
        "---\nid: RCM-004\ntitle: Occlusion sensor, new hazards not reviewed\nkind: protective\nimplementation: external\nrealized-by: the occlusion sensor of the pump head\nmitigates: [HAZ-008]\n---\n",
    ),
    (
        "dhf/HAZ-001.md",
        "---\nid: HAZ-001\ntitle: Overdose\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: software-defect, description: wrong unit}]\nseverity: critical\nprobability: occasional\nresidual-severity: critical\nresidual-probability: improbable\n---\n",
    ),
    (
        "dhf/HAZ-002.md",
        "---\nid: HAZ-002\ntitle: Severity not on the scale\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: software-defect, description: wrong unit}]\nseverity: severe\nprobability: remote\n---\n",
    ),
    (
        "dhf/HAZ-003.md",
        "---\nid: HAZ-003\ntitle: Probability not estimated\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: software-defect, description: wrong unit}]\nseverity: minor\n---\n",
    ),
    (
        "dhf/HAZ-004.md",
        "---\nid: HAZ-004\ntitle: No cause for SWI-002\nitems: [SWI-001, SWI-002]\ncauses: [{item: SWI-001, category: software-defect, description: wrong unit}]\nseverity: negligible\nprobability: remote\n---\n",
    ),
    (
        "dhf/HAZ-005.md",
        "---\nid: HAZ-005\ntitle: Cause of no category\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: defect, description: wrong unit}]\nseverity: negligible\nprobability: remote\n---\n",
    ),
    (
        "dhf/HAZ-006.md",
        "---\nid: HAZ-006\ntitle: Obsolete contributing item\nitems: [SWI-001, SWI-003]\ncauses: [{item: SWI-001, category: software-defect, description: wrong unit}]\nseverity: negligible\nprobability: remote\n---\n",
    ),
    (
        "dhf/HAZ-007.md",
        "---\nid: HAZ-007\ntitle: Not controlled\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: misuse, description: rate typed as dose}]\nseverity: serious\nprobability: probable\nresidual-severity: serious\nresidual-probability: remote\n---\n",
    ),
    (
        "dhf/HAZ-008.md",
        "---\nid: HAZ-008\ntitle: Residual unacceptable, no benefit-risk\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: hardware-failure, description: stuck valve}]\nseverity: catastrophic\nprobability: frequent\nresidual-severity: catastrophic\nresidual-probability: occasional\n---\n",
    ),
    (
        "dhf/HAZ-009.md",
        "---\nid: HAZ-009\ntitle: Residual worse\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: specification, description: limit unspecified}]\nseverity: minor\nprobability: remote\nresidual-severity: minor\nresidual-probability: occasional\n---\n",
    ),
    (
        "dhf/HAZ-010.md",
        "---\nid: HAZ-010\ntitle: SOUP cause\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: soup, soup: SOUP-001, description: truncated library read}]\nseverity: negligible\nprobability: remote\n---\n",
    ),
    (
        "dhf/HAZ-011.md",
        "---\nid: HAZ-011\ntitle: Rate misread\nitems: [SWI-001]\ncauses: [{item: SWI-001, category: software-defect, description: wrong unit}]\nseverity: critical\nprobability: probable\nresidual-severity: critical\nresidual-probability: improbable\n---\n",
    ),
];

/// The seeded risk file as a project.
pub(crate) fn risk_fixture() -> tempfile::TempDir {
    let files: Vec<(&str, &[u8])> = RISK_FILES
        .iter()
        .map(|&(path, text)| (path, text.as_bytes()))
        .collect();
    project(&files)
}

/// A class C project seeded with one defect per class code, each in its own record, which
/// names it in its title. Every item but the two that need a lower class of their own
/// (`SWI-003`, `SWI-005`) inherits the project's class, so `class_rules` can move the
/// whole project to class A or B by its `[project] class`.
pub(crate) const CLASS_FILES: &[(&str, &str)] = &[
    (
        "medtrace.toml",
        "[project]\nname = \"classes\"\nclass = \"C\"\n",
    ),
    (
        "dhf/SWI-001.md",
        "---\nid: SWI-001\ntitle: Pump software, classified as unable to contribute to a hazard\nlevel: system\ninterfaces: keypad, display and motor driver\nclassification:\n  hazardous: no\n  hazards: []\n  unacceptable-after-external-controls: no\n  external-controls: []\n  worst-harm: none\n  harm-from: []\n  date: 2026-11-21\n  rationale: No hazard names this software.\n---\n",
    ),
    (
        "dhf/SWI-002.md",
        "---\nid: SWI-002\ntitle: Dose engine, interfaces not described\nlevel: item\nparent: [SWI-001]\n---\n",
    ),
    (
        "dhf/SWI-003.md",
        "---\nid: SWI-003\ntitle: Event log, class B with no segregation\nlevel: item\nparent: [SWI-001]\ninterfaces: log_append(event) from any task\nclass: B\nclass-rationale: the log is written after delivery and read by no other item\n---\n",
    ),
    (
        "dhf/SWI-004.md",
        "---\nid: SWI-004\ntitle: Rate parser, a unit with no detailed design\nlevel: unit\nparent: [SWI-002]\ninterfaces: parse_rate(&str) -> Option<Rate>\n---\n",
    ),
    (
        "dhf/SWI-005.md",
        "---\nid: SWI-005\ntitle: Display driver, class A below the harm of HAZ-001\nlevel: item\nparent: [SWI-001]\ninterfaces: draw(frame) from the UI task\nclass: A\nsegregation: an unprivileged task; the MPU gives it no write access to the dose engine\n---\n",
    ),
    (
        "dhf/TST-001.md",
        "---\nid: TST-001\ntitle: Rate parser unit test, no acceptance criteria\nlevel: unit\nverifies: [SWI-004]\n---\n",
    ),
    (
        "dhf/HAZ-001.md",
        "---\nid: HAZ-001\ntitle: Rate misread from a garbled display\nitems: [SWI-005]\ncauses: [{item: SWI-005, category: software-defect, description: digits drawn in the wrong place}]\nseverity: minor\nprobability: improbable\n---\n",
    ),
];

/// The seeded class project.
pub(crate) fn class_fixture() -> tempfile::TempDir {
    let files: Vec<(&str, &[u8])> = CLASS_FILES
        .iter()
        .map(|&(path, text)| (path, text.as_bytes()))
        .collect();
    project(&files)
}

/// A `[risk]` policy with a matrix row of the wrong length and a zone that is none.
fn risk_policy_fixture() -> tempfile::TempDir {
    project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"p\"\n[risk]\nseverity = [{ name = \"minor\", harm = \"non-serious\" }, { name = \"major\", harm = \"serious\" }]\nprobability = [{ name = \"low\" }, { name = \"high\" }]\n[risk.acceptability]\nhigh = [\"afap\", \"unacceptable\", \"unacceptable\"]\nlow = [\"acceptable\", \"tolerable\"]\n",
        ),
        ("dhf/SWI-001.md", b"---\nid: SWI-001\ntitle: Calc\n---\n"),
    ])
}

/// A git repository whose one manual test ran on `v1.0`, with the requirement changed
/// since: the evidence is stale (a warning, so the run exits 0). `None` without git.
fn stale_fixture() -> Option<(tempfile::TempDir, BTreeSet<String>)> {
    let dir = project(&[
        ("medtrace.toml", b"[project]\nname = \"stale\"\n"),
        ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n"),
        ("dhf/SRS-001.md", b"---\nid: SRS-001\ntitle: R\nderived-from: [SYS-001]\n---\nOne.\n"),
        ("dhf/TST-001.md", b"---\nid: TST-001\ntitle: T\nverifies: [SRS-001]\n---\n"),
        (
            "dhf/EXE-1.md",
            b"---\nexecutes: TST-001\ntester: A\ndate: 2026-10-01\nversion: v1.0\nconfiguration: rig\ntools: [none]\nresult: pass\n---\n",
        ),
    ]);
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.org",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(git(&["init", "-q"])
        && git(&["add", "."])
        && git(&["commit", "-q", "-m", "v1"])
        && git(&["tag", "v1.0"]))
    {
        return None;
    }
    std::fs::write(
        dir.path().join("dhf/SRS-001.md"),
        "---\nid: SRS-001\ntitle: R\nderived-from: [SYS-001]\n---\nTwo.\n",
    )
    .expect("write");
    let run = medtrace(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let codes = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect();
    Some((dir, codes))
}

#[test]
fn every_finding_code_is_produced_by_a_fixture() {
    let registry: BTreeSet<String> = Code::ALL.iter().map(|c| c.name().to_string()).collect();
    // `medtrace explain` lists the same registry.
    let listed: BTreeSet<String> = medtrace(&scenario("seeded-six"), &["explain"])
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert_eq!(listed, registry);

    let mut produced = BTreeSet::new();
    produced.extend(codes_of(&scenario("seeded-six")));
    let records = records_fixture();
    produced.extend(codes_of(records.path()));
    let config = config_fixture();
    produced.extend(codes_of(config.path()));
    let evidence = evidence_fixture();
    produced.extend(codes_of(evidence.path()));
    let soup = soup_fixture();
    produced.extend(codes_of(soup.path()));
    let risk = risk_fixture();
    produced.extend(codes_of(risk.path()));
    let policy = risk_policy_fixture();
    produced.extend(codes_of(policy.path()));
    let classes = class_fixture();
    produced.extend(codes_of(classes.path()));
    let suspect = crate::review::suspect_fixture();
    produced.extend(codes_of(suspect.path()));
    let lifecycle = crate::problems::lifecycle_fixture();
    produced.extend(codes_of(lifecycle.path()));
    let mut expected = registry.clone();
    match crate::change_control::unapproved_commit_fixture() {
        Some(dir) => produced.extend(codes_of(dir.path())),
        None => {
            eprintln!("change-unapproved-commit not checked: git is not available");
            expected.remove("change-unapproved-commit");
        }
    }
    match stale_fixture() {
        Some((_dir, codes)) => {
            assert_eq!(codes, BTreeSet::from(["verification-stale".to_string()]));
            produced.extend(codes);
        }
        None => {
            eprintln!("verification-stale not checked: git is not available");
            expected.remove("verification-stale");
        }
    }
    match unreadable_fixture() {
        Some(dir) => {
            let codes = codes_of(dir.path());
            assert!(codes.contains("file-unreadable"), "{codes:?}");
            produced.extend(codes);
        }
        None => {
            eprintln!("file-unreadable not checked: permissions do not apply to this user");
            expected.remove("file-unreadable");
        }
    }

    let unregistered: Vec<&String> = produced.difference(&registry).collect();
    assert!(
        unregistered.is_empty(),
        "produced but not registered: {unregistered:?}"
    );
    let missing: Vec<&String> = expected.difference(&produced).collect();
    assert!(
        missing.is_empty(),
        "registered codes no fixture produces: {missing:?}"
    );
}
