//! The bundled example's SOUP records against its real lockfiles: `soup sync` has nothing
//! to do, and after a dependency is added to the firmware it creates exactly one record
//! and changes no other byte (fixtures in tests/fixtures/example-added-dependency).

use crate::{medtrace, repo_root};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What `soup sync` and `check` need of the example: the configuration, the records and
/// the lockfiles named by `[soup] lockfiles`, with the manifest beside the Cargo.lock.
const LOCKFILES: &[&str] = &[
    "medtrace.toml",
    "firmware/Cargo.toml",
    "firmware/Cargo.lock",
    "tools/requirements.txt",
];

fn added_dependency(file: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/example-added-dependency")
        .join(file);
    std::fs::read(path).expect("fixture")
}

/// Every file under `dir` with its bytes, by path relative to `base` (with `/`).
fn files(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("inside");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.insert(rel.join("/"), std::fs::read(&path).expect("read"));
        }
    }
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    files(dir, dir, &mut out);
    out
}

/// A copy of the example's records and lockfiles in a new temporary folder.
fn copy_example() -> tempfile::TempDir {
    let example = repo_root().join("examples/infusion-pump");
    let to = tempfile::tempdir().expect("tmp");
    let mut wanted = BTreeMap::new();
    files(&example, &example.join("dhf"), &mut wanted);
    for rel in LOCKFILES {
        wanted.insert(
            (*rel).to_string(),
            std::fs::read(example.join(rel)).expect("the example has it"),
        );
    }
    for (rel, bytes) in wanted {
        let target = to.path().join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, bytes).expect("write");
    }
    to
}

/// The (name, version) of each package a Cargo.lock locks.
fn locked(lock: &[u8]) -> BTreeSet<(String, String)> {
    let text = String::from_utf8_lossy(lock);
    let value = |line: &str, key: &str| {
        line.strip_prefix(key)
            .and_then(|v| v.strip_prefix(" = \""))
            .and_then(|v| v.strip_suffix('"'))
            .map(str::to_string)
    };
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter_map(|w| Some((value(w[0], "name")?, value(w[1], "version")?)))
        .collect()
}

/// The codes of the checks of SOUP records against the lockfiles (docs/src/soup.md).
const SOUP_CODES: &[&str] = &[
    "[soup-not-recorded]",
    "[soup-not-locked]",
    "[soup-version-drift]",
    "[soup-fields-missing]",
    "[soup-review-outdated]",
    "[soup-lockfile-invalid]",
];

/// The findings of `check --format short` with those codes, one line each. The copy has
/// neither the code nor the test reports, so it has other findings too.
fn soup_findings(dir: &Path) -> Vec<String> {
    let run = medtrace(dir, &["check", "--format", "short"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| SOUP_CODES.iter().any(|code| l.contains(code)))
        .map(str::to_string)
        .collect()
}

// verifies: SRS-040, SRS-041
#[test]
fn sync_on_the_example_after_adding_a_dependency_creates_one_record_and_changes_no_other_byte() {
    let example = repo_root().join("examples/infusion-pump");
    let before_lock = std::fs::read(example.join("firmware/Cargo.lock")).expect("lock");
    let after_lock = added_dependency("Cargo.lock");
    let mut expected = locked(&before_lock);
    expected.insert(("bitflags".to_string(), "2.13.2".to_string()));
    assert_eq!(
        locked(&after_lock),
        expected,
        "the fixture must be the example's Cargo.lock with bitflags added: make it again \
         (tests/fixtures/example-added-dependency/README.md)"
    );

    let dir = copy_example();
    // The example's records cover its lockfiles: nothing to do, nothing written.
    assert_eq!(soup_findings(dir.path()), Vec::<String>::new());
    let untouched = snapshot(dir.path());
    let first = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stdout, "0 records created, 0 gone, 0 drifted\n");
    assert_eq!(
        snapshot(dir.path()),
        untouched,
        "a sync with nothing to do writes nothing"
    );

    // `bitflags` is added to the firmware: the check names it, sync writes its record.
    std::fs::write(
        dir.path().join("firmware/Cargo.toml"),
        added_dependency("Cargo.toml"),
    )
    .expect("write");
    std::fs::write(dir.path().join("firmware/Cargo.lock"), &after_lock).expect("write");
    let unrecorded = soup_findings(dir.path());
    assert_eq!(unrecorded.len(), 1, "{unrecorded:?}");
    assert!(
        unrecorded[0].contains(
            "error[soup-not-recorded]: 1 component in `firmware/Cargo.lock` has no SOUP record: bitflags 2.13.2"
        ),
        "{unrecorded:?}"
    );
    let before = snapshot(dir.path());
    let second = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let after = snapshot(dir.path());

    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    let path = added[0];
    let id = path
        .strip_prefix("dhf/soup/")
        .and_then(|name| name.strip_suffix(".md"))
        .expect("a record in dhf/soup");
    assert!(id.starts_with("SOUP-"), "{path}");
    for (rel, bytes) in &before {
        assert_eq!(after.get(rel), Some(bytes), "{rel} changed");
    }
    assert_eq!(
        second.stdout,
        format!(
            "created {id} {path} (pkg:cargo/bitflags@2.13.2)\n1 record created, 0 gone, 0 drifted\n"
        )
    );
    let record = String::from_utf8_lossy(&after[path]).into_owned();
    assert!(
        record.starts_with(&format!(
            "---\nid: {id}\ntitle: bitflags 2.13.2\nstatus: draft\nname: bitflags\n"
        )) && record.contains("purl: pkg:cargo/bitflags@2.13.2\n")
            && record.contains("from `firmware/Cargo.lock`: a direct dependency"),
        "{record}"
    );

    // The draft is covered now; what it lacks for class C is what a person must add.
    assert_eq!(
        soup_findings(dir.path()),
        [format!(
            "{path}:2:5: error[soup-fields-missing]: SOUP `{id}` (class C) has no supplier, purpose, prerequisites, anomaly-review"
        )]
    );
    let again = medtrace(dir.path(), &["soup", "sync"]);
    assert_eq!(again.stdout, "0 records created, 0 gone, 0 drifted\n");
    assert_eq!(snapshot(dir.path()), after);
}
