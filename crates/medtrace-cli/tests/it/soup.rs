//! SOUP through the real binary: checks against a real Cargo.lock and `soup sync`.

use crate::{medtrace, project};
use std::collections::BTreeMap;
use std::path::Path;

const CONFIG: &[u8] =
    b"[project]\nname = \"s\"\nclass = \"B\"\n[soup]\nlockfiles = [\"Cargo.lock\"]\n";

fn fixture(stage: &str, file: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/soup")
        .join(stage)
        .join(file);
    std::fs::read(path).expect("fixture")
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn sync_after_adding_a_dependency_creates_one_record_and_changes_no_other_byte() {
    let before_lock = fixture("before", "Cargo.lock");
    let before_toml = fixture("before", "Cargo.toml");
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("Cargo.lock", &before_lock),
        ("Cargo.toml", &before_toml),
        // A record a person wrote, with a comment and a key order of their own.
        (
            "dhf/soup/SOUP-001.md",
            b"---\nid: SOUP-001\ntitle: itoa\n# reviewed by QA\nversion: 1.0.18\nname: itoa\nsupplier: dtolnay\npurl: pkg:cargo/itoa@1.0.18\npurpose: integer formatting\nprerequisites: none\nanomaly-review: {reviewed-version: 1.0.18, result: no open anomaly}\n---\nKept as written.\n",
        ),
    ]);
    let first = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout,
        "created SOUP-002 dhf/soup/SOUP-002.md (pkg:cargo/memchr@2.8.3)\n1 record created, 0 gone, 0 drifted\n"
    );
    let created =
        std::fs::read_to_string(dir.path().join("dhf/soup/SOUP-002.md")).expect("created");
    assert!(
        created
            .starts_with("---\nid: SOUP-002\ntitle: memchr 2.8.3\nstatus: draft\nname: memchr\n"),
        "{created}"
    );
    // The new record is incomplete for class B: the check says what a person must add.
    let check = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(
        check.stdout,
        "dhf/soup/SOUP-002.md:2:5: error[soup-fields-missing]: SOUP `SOUP-002` (class B) has no supplier, purpose, prerequisites, anomaly-review\n"
    );

    // A dependency is added: exactly one new record, every other byte unchanged.
    std::fs::write(
        dir.path().join("Cargo.lock"),
        fixture("after", "Cargo.lock"),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        fixture("after", "Cargo.toml"),
    )
    .expect("write");
    let before = snapshot(dir.path());
    let dry = medtrace(dir.path(), &["soup", "sync", "--dry-run"]);
    assert_eq!(
        dry.stdout,
        "would create SOUP-003 dhf/soup/SOUP-003.md (pkg:cargo/ryu@1.0.23)\n1 record to create, 0 gone, 0 drifted\n"
    );
    assert_eq!(snapshot(dir.path()), before, "a dry run writes nothing");
    let second = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let after = snapshot(dir.path());
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, ["dhf/soup/SOUP-003.md"]);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} changed");
    }
}

#[test]
fn drift_and_outdated_reviews_are_reported_and_never_rewritten() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("Cargo.lock", &fixture("before", "Cargo.lock")),
        ("Cargo.toml", &fixture("before", "Cargo.toml")),
        (
            "dhf/SOUP-001.md",
            b"---\nid: SOUP-001\ntitle: itoa\nname: itoa\nsupplier: dtolnay\nversion: 1.0.11\npurl: pkg:cargo/itoa@1.0.11\npurpose: p\nprerequisites: none\nanomaly-review:\n  reviewed-version: 1.0.11\n---\n",
        ),
        (
            "dhf/SOUP-002.md",
            b"---\nid: SOUP-002\ntitle: memchr and friends\nname: memchr\nsupplier: BurntSushi\nversion: 2.8.3\npurl: pkg:cargo/memchr@2.8.3\nincludes: [\"mem*\"]\npurpose: p\nprerequisites: none\nanomaly-review:\n  reviewed-version: 2.8.3\n---\n",
        ),
        (
            "dhf/SOUP-003.md",
            b"---\nid: SOUP-003\ntitle: gone\nname: serde\nsupplier: s\nversion: 1.0.0\npurl: pkg:cargo/serde@1.0.0\npurpose: p\nprerequisites: none\nanomaly-review: {reviewed-version: 1.0.0}\n---\n",
        ),
    ]);
    let check = medtrace(dir.path(), &["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stdout,
        "dhf/SOUP-001.md:6:10: error[soup-version-drift]: SOUP `SOUP-001` records version 1.0.11, the lockfile has 1.0.18\n\
         dhf/SOUP-001.md:11:21: error[soup-review-outdated]: the anomaly review of SOUP `SOUP-001` is of version 1.0.11, the lockfile has 1.0.18\n\
         dhf/SOUP-003.md:7:7: warning[soup-not-locked]: SOUP `SOUP-003` is in none of the lockfiles\n"
    );
    let before = snapshot(dir.path());
    let sync = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(
        sync.stdout,
        "gone    SOUP-003: no lockfile holds its component any more (kept; mark it obsolete if it was removed)\n\
         drift   SOUP-001: records 1.0.11, the lockfile has 1.0.18 (kept; review and update it)\n\
         0 records created, 1 gone, 1 drifted\n"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn sync_needs_configured_lockfiles() {
    let dir = project(&[("medtrace.toml", b"[project]\nname = \"s\"\n")]);
    let run = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("names no lockfile"), "{}", run.stderr);
}

#[test]
fn the_sbom_lists_the_locked_components_with_their_soup_records() {
    let dir = project(&[
        ("medtrace.toml", CONFIG),
        ("Cargo.lock", &fixture("before", "Cargo.lock")),
        ("Cargo.toml", &fixture("before", "Cargo.toml")),
        (
            "dhf/SOUP-001.md",
            b"---\nid: SOUP-001\ntitle: itoa\nsupplier: dtolnay\nversion: 1.0.18\npurl: pkg:cargo/itoa@1.0.18\nlicense: MIT OR Apache-2.0\n---\n",
        ),
    ]);
    let run = medtrace(dir.path(), &["soup", "sbom", "--product-version", "2.3.0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bom: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(bom["specVersion"], "1.6");
    let purls: Vec<&str> = bom["components"]
        .as_array()
        .expect("components")
        .iter()
        .filter_map(|c| c["purl"].as_str())
        .collect();
    assert_eq!(purls, ["pkg:cargo/itoa@1.0.18", "pkg:cargo/memchr@2.8.3"]);
    let itoa = &bom["components"][0];
    assert_eq!(itoa["supplier"]["name"], "dtolnay");
    assert_eq!(itoa["licenses"][0]["expression"], "MIT OR Apache-2.0");
    assert!(
        run.stdout.contains("\"value\": \"SOUP-001\""),
        "{}",
        run.stdout
    );
    // No clock: the same bytes on every run.
    assert_eq!(
        medtrace(dir.path(), &["soup", "sbom", "--product-version", "2.3.0"]).stdout,
        run.stdout
    );
    let spdx = medtrace(
        dir.path(),
        &[
            "soup",
            "sbom",
            "--format",
            "spdx",
            "-o",
            "out/sbom.spdx.json",
        ],
    );
    assert_eq!(spdx.code, 0, "{}", spdx.stderr);
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/sbom.spdx.json")).expect("written"),
    )
    .expect("json");
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
}

#[test]
fn an_advisory_affecting_a_locked_version_is_open_until_reviewed() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lock = std::fs::read(crates.join("medtrace-soup/tests/fixtures/cargo/exa/Cargo.lock"))
        .expect("exa lock");
    let osv = crates.join("medtrace-osv/tests/fixtures/corpus");
    let osv = osv.to_str().expect("utf-8 path");
    let unreviewed = b"---\nid: SOUP-001\ntitle: ansi_term\nsupplier: ogham\nversion: 0.12.1\npurl: pkg:cargo/ansi_term@0.12.1\n---\n";
    let dir = project(&[
        (
            "medtrace.toml",
            b"[project]\nname = \"exa\"\nclass = \"A\"\n[soup]\nlockfiles = [\"Cargo.lock\"]\n",
        ),
        ("Cargo.lock", &lock),
        ("dhf/SOUP-001.md", unreviewed),
    ]);
    let run = medtrace(dir.path(), &["soup", "audit", "--osv", osv]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("ansi_term 0.12.1 (SOUP-001): RUSTSEC-2021-0139"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("3 findings against 13 advisories: 3 open, 0 reviewed\n"),
        "{}",
        run.stdout
    );

    // Reviews recorded for all three: the audit passes, and the VEX carries them.
    std::fs::write(
        dir.path().join("dhf/SOUP-001.md"),
        "---\nid: SOUP-001\ntitle: ansi_term\nsupplier: ogham\nversion: 0.12.1\npurl: pkg:cargo/ansi_term@0.12.1\nincludes: [idna, libgit2-sys]\nvulnerabilities:\n  - id: RUSTSEC-2021-0139\n    status: not-affected\n    justification: unmaintained only; the crate is feature-complete and pinned\n  - id: RUSTSEC-2024-0421\n    status: mitigated\n    justification: host names are checked before they reach idna\n  - id: RUSTSEC-2023-0003\n    status: will-fix\n    justification: git2 is updated in the next release\n---\n",
    )
    .expect("write");
    let run = medtrace(dir.path(), &["soup", "audit", "--osv", osv]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("3 findings against 13 advisories: 0 open, 3 reviewed\n"),
        "{}",
        run.stdout
    );
    let vex = medtrace(
        dir.path(),
        &["soup", "audit", "--osv", osv, "--format", "vex"],
    );
    let doc: serde_json::Value = serde_json::from_str(&vex.stdout).expect("json");
    let states: Vec<&str> = doc["vulnerabilities"]
        .as_array()
        .expect("vulnerabilities")
        .iter()
        .filter_map(|v| v["analysis"]["state"].as_str())
        .collect();
    assert_eq!(states, ["not_affected", "not_affected", "exploitable"]);
}
