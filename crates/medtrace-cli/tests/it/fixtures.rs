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
fn records_fixture() -> tempfile::TempDir {
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
fn soup_fixture() -> tempfile::TempDir {
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
    let mut expected = registry.clone();
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
