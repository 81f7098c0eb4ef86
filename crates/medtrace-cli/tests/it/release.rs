//! `medtrace release`: the gate on a scratch git repository, the record, the bundle
//! (reproducible, checked by `sha256sum` and `medtrace release verify`), and signatures
//! that the real `ssh-keygen -Y verify` accepts.

use crate::scratch_git::git;
use crate::{Run, medtrace, project};
use std::path::{Path, PathBuf};
use std::process::Command;

const CONFIG: &str = "[project]\nname = \"Scratch pump\"\nclass = \"B\"\n\n[tests]\nreports = [\"reports/*.xml\"]\n\n[release]\nenvironment = { git = \"git --version\" }\n";

const REPORT: &str = "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"pump\" tests=\"1\">\n<testcase classname=\"pump\" name=\"limits::tests::rejects_high_dose\"/>\n</testsuite></testsuites>\n";

/// A class B project that passes the gate: one requirement verified by a passing test,
/// an approved plan, a closed problem report and change request, and an open problem
/// report released as an evaluated known anomaly.
fn good_files() -> Vec<(&'static str, String)> {
    vec![
        ("medtrace.toml", CONFIG.to_string()),
        ("reports/junit.xml", REPORT.to_string()),
        (
            "dhf/SYS-001.md",
            "---\nid: SYS-001\ntitle: Limit doses\nstatus: approved\n---\nThe pump limits doses.\n".into(),
        ),
        (
            "dhf/SRS-001.md",
            "---\nid: SRS-001\ntitle: Reject high doses\nstatus: approved\ncategory: functional\nderived-from: [SYS-001]\n---\nThe software shall reject a dose above the limit.\n".into(),
        ),
        (
            "dhf/TST-001.md",
            "---\nid: TST-001\ntitle: High doses are rejected\nstatus: approved\nlevel: system\nverifies: [SRS-001]\nautomated: [limits::tests::rejects_high_dose]\n---\n".into(),
        ),
        (
            "dhf/DOC-001.md",
            "---\nid: DOC-001\ntitle: Software development plan\nstatus: approved\ndoc-kind: development-plan\n---\n# Purpose\n".into(),
        ),
        (
            "dhf/PRB-001.md",
            problem("PRB-001", "closed", "verification: TST-001 passed again\n"),
        ),
        ("dhf/PRB-002.md", problem("PRB-002", "investigated", KNOWN)),
        (
            "dhf/CR-001.md",
            "---\nid: CR-001\ntitle: Fix the limit check\nstatus: approved\norigin: PRB-001\nimpact:\n  summary: the limit check only\n  safety: none\napproval:\n  approver: QA\n  date: 2026-01-02\n  decision: approved\nimplementation: commit 1\nverification: TST-001 passed\nstate: closed\nresolves: [PRB-001]\n---\nFix it.\n".into(),
        ),
    ]
}

const KNOWN: &str = "known-anomaly:\n  release: 1.0.0\n  description: The export is slow.\n  evaluation: Not relevant to safety.\n";

fn problem(id: &str, state: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Problem {id}\nstatus: approved\nsource: system test\nversion: 0.9.0\ncriticality:\n  safety: none\n  performance: slow\n  security: none\ninvestigation: looked\nsafety-evaluation: none\nparties-informed: QA\ndecision: no action, as it is harmless\nstate: {state}\n{extra}---\nWhat happened.\n"
    )
}

/// The date of the scratch repository's commits.
const DATE: &str = "2026-03-04";

/// The files as a committed git repository.
fn repository(files: &[(&str, String)]) -> tempfile::TempDir {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    let dir = project(&bytes);
    git(dir.path(), DATE, &["init", "-q"]);
    git(dir.path(), DATE, &["add", "-A"]);
    git(dir.path(), DATE, &["commit", "-q", "-m", "records"]);
    dir
}

fn release(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["release"];
    all.extend_from_slice(args);
    medtrace(dir, &all)
}

fn bundle_of(out: &Path) -> PathBuf {
    out.join("scratch-pump-1.0.0")
}

/// Every file below `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_good_project_passes_and_its_bundle_is_reproducible_and_checks() {
    let dir = repository(&good_files());
    let first = tempfile::tempdir().expect("temp dir");
    let run = release(
        dir.path(),
        &["1.0.0", "--out", &first.path().to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("n/a "),
        "class B applies every check:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("wrote dhf/releases/REL-1.0.0.md"),
        "{}",
        run.stdout
    );

    let record =
        std::fs::read_to_string(dir.path().join("dhf/releases/REL-1.0.0.md")).expect("record");
    assert!(record.contains("includes: [CR-001, PRB-001]\n"), "{record}");
    assert!(record.contains("known-anomalies: [PRB-002]\n"), "{record}");
    assert!(
        std::env::var_os("SOURCE_DATE_EPOCH").is_some() || record.contains("date: 2026-03-04\n"),
        "the commit's date, never the clock: {record}"
    );
    assert!(record.contains("  git: git version"), "{record}");
    // The record is a valid item: the project still checks clean.
    let check = medtrace(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    let bundle = bundle_of(first.path());
    for part in [
        "REL-1.0.0.md",
        "README.md",
        "SHA256SUMS",
        "records/medtrace.toml",
        "records/dhf/SRS-001.md",
        "test-results/reports/junit.xml",
        "documents/html/index.html",
    ] {
        assert!(bundle.join(part).is_file(), "{part} is in the bundle");
    }
    assert_eq!(
        std::fs::read(bundle.join("records/dhf/PRB-002.md")).expect("copy"),
        std::fs::read(dir.path().join("dhf/PRB-002.md")).expect("original"),
        "records are copied verbatim"
    );
    let sums = Command::new("sha256sum")
        .current_dir(&bundle)
        .args(["-c", "--quiet", "SHA256SUMS"])
        .output();
    if let Ok(sums) = sums {
        assert!(
            sums.status.success(),
            "sha256sum -c: {}",
            String::from_utf8_lossy(&sums.stdout)
        );
    }
    let verify = release(dir.path(), &["verify", &bundle.to_string_lossy()]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    assert!(
        verify.stdout.contains("intact; not signed"),
        "{}",
        verify.stdout
    );

    // The same commit again (the record not yet there) gives the same bytes.
    std::fs::remove_file(dir.path().join("dhf/releases/REL-1.0.0.md")).expect("remove");
    let second = tempfile::tempdir().expect("temp dir");
    let again = release(
        dir.path(),
        &["1.0.0", "--out", &second.path().to_string_lossy()],
    );
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert_eq!(tree(&bundle), tree(&bundle_of(second.path())));
}

#[test]
fn a_version_is_released_once() {
    let dir = repository(&good_files());
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().to_string_lossy().into_owned();
    assert_eq!(release(dir.path(), &["1.0.0", "--out", &out]).code, 0);
    let again = release(dir.path(), &["1.0.0", "--out", &format!("{out}/2")]);
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert!(
        again.stdout.contains("`REL-1.0.0` released 1.0.0 already"),
        "{}",
        again.stdout
    );
    // Committed, the next version includes only what the first did not.
    git(dir.path(), DATE, &["add", "-A"]);
    git(dir.path(), DATE, &["commit", "-q", "-m", "release 1.0.0"]);
    let next = release(dir.path(), &["1.1.0", "--out", &format!("{out}/3")]);
    assert_eq!(next.code, 0, "{}{}", next.stdout, next.stderr);
    let record =
        std::fs::read_to_string(dir.path().join("dhf/releases/REL-1.1.0.md")).expect("record");
    assert!(record.contains("includes: []\n"), "{record}");
    assert!(record.contains("known-anomalies: [PRB-002]\n"), "{record}");
}

fn failing(files: Vec<(&'static str, String)>, expected: &[&str]) {
    let dir = repository(&files);
    let out = tempfile::tempdir().expect("temp dir");
    let run = release(
        dir.path(),
        &["1.0.0", "--out", &out.path().to_string_lossy()],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for line in expected {
        assert!(run.stdout.contains(line), "`{line}` in:\n{}", run.stdout);
    }
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(
        !dir.path().join("dhf/releases").exists(),
        "no record written"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).expect("out").count(),
        0,
        "no bundle written"
    );
}

#[test]
fn an_unverified_requirement_fails_the_gate() {
    let mut files = good_files();
    files.push((
        "dhf/SRS-002.md",
        "---\nid: SRS-002\ntitle: Alarm on occlusion\nstatus: approved\ncategory: alarm\nderived-from: [SYS-001]\n---\nThe software shall alarm.\n".into(),
    ));
    failing(
        files,
        &[
            "FAIL  5.8.1  verification-complete",
            "`SRS-002` is not verified: no test",
        ],
    );
}

#[test]
fn an_unevaluated_anomaly_fails_the_gate() {
    let mut files = good_files();
    files.retain(|(p, _)| *p != "dhf/PRB-002.md");
    files.push((
        "dhf/PRB-002.md",
        problem(
            "PRB-002",
            "investigated",
            "known-anomaly:\n  release: 1.0.0\n  description: The export is slow.\n",
        ),
    ));
    failing(
        files,
        &[
            "FAIL  5.8.3  anomalies-evaluated",
            "`PRB-002` is open and its `known-anomaly` has no `evaluation`",
        ],
    );
}

#[test]
fn an_unlisted_anomaly_a_draft_plan_and_a_failing_environment_fail_the_gate() {
    let mut files = good_files();
    files.retain(|(p, _)| !matches!(*p, "dhf/PRB-002.md" | "dhf/DOC-001.md" | "medtrace.toml"));
    files.push(("dhf/PRB-002.md", problem("PRB-002", "investigated", "")));
    files.push((
        "dhf/DOC-001.md",
        "---\nid: DOC-001\ntitle: Software development plan\nstatus: draft\n---\n".into(),
    ));
    files.push((
        "medtrace.toml",
        CONFIG.replace("git --version", "git --no-such-option"),
    ));
    failing(
        files,
        &[
            "`PRB-002` is open and has no `known-anomaly`",
            "`DOC-001` (Software development plan) is draft, not approved",
            "`git` (`git --no-such-option`) failed",
        ],
    );
}

#[test]
fn tampered_removed_and_added_files_fail_verify() {
    let dir = repository(&good_files());
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        release(
            dir.path(),
            &["1.0.0", "--out", &out.path().to_string_lossy()]
        )
        .code,
        0
    );
    let bundle = bundle_of(out.path());
    let cases: [(&str, Tamper); 3] = [
        ("altered: records/dhf/SRS-001.md", |b| {
            let path = b.join("records/dhf/SRS-001.md");
            let mut bytes = std::fs::read(&path).expect("read");
            bytes[10] ^= 1;
            std::fs::write(path, bytes).expect("write");
        }),
        ("missing: test-results/reports/junit.xml", |b| {
            std::fs::remove_file(b.join("test-results/reports/junit.xml")).expect("remove")
        }),
        ("extra: records/dhf/SRS-999.md", |b| {
            std::fs::write(b.join("records/dhf/SRS-999.md"), "x").expect("write")
        }),
    ];
    for (expected, tamper) in cases {
        let copy = tempfile::tempdir().expect("temp dir");
        for (rel, bytes) in tree(&bundle) {
            let path = copy.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write");
        }
        tamper(copy.path());
        let run = release(dir.path(), &["verify", &copy.path().to_string_lossy()]);
        assert_eq!(run.code, 1, "{expected}: {}", run.stdout);
        assert!(
            run.stdout.contains(expected),
            "`{expected}` in {}",
            run.stdout
        );
    }
}

/// A way to damage a bundle.
type Tamper = fn(&Path);

fn keygen(dir: &Path, name: &str) -> Option<(PathBuf, String)> {
    let key = dir.join(name);
    let made = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "qa@example.com",
            "-f",
        ])
        .arg(&key)
        .output()
        .ok()?;
    assert!(
        made.status.success(),
        "ssh-keygen: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let public = std::fs::read_to_string(key.with_extension("pub")).expect("public key");
    Some((key, public.trim().to_string()))
}

#[test]
fn signatures_verify_with_ssh_keygen_and_a_wrong_key_fails() {
    let keys = tempfile::tempdir().expect("temp dir");
    let Some((key, public)) = keygen(keys.path(), "release") else {
        eprintln!("skipped: ssh-keygen is not on this machine");
        return;
    };
    let (_, other) = keygen(keys.path(), "other").expect("second key");
    let dir = repository(&good_files());
    let out = tempfile::tempdir().expect("temp dir");
    let run = release(
        dir.path(),
        &[
            "1.0.0",
            "--out",
            &out.path().to_string_lossy(),
            "--sign",
            &key.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("namespaces=\"medtrace-release\" ssh-ed25519 "),
        "{}",
        run.stdout
    );
    let bundle = bundle_of(out.path());

    let allowed = keys.path().join("allowed_signers");
    std::fs::write(
        &allowed,
        format!("qa@example.com namespaces=\"medtrace-release\" {public}\n"),
    )
    .expect("write");
    let manifest = std::fs::File::open(bundle.join("SHA256SUMS")).expect("manifest");
    let real = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "qa@example.com", "-n", "medtrace-release", "-s"])
        .arg(bundle.join("SHA256SUMS.sig"))
        .stdin(manifest)
        .output()
        .expect("ssh-keygen runs");
    assert!(
        real.status.success(),
        "ssh-keygen -Y verify: {}{}",
        String::from_utf8_lossy(&real.stdout),
        String::from_utf8_lossy(&real.stderr)
    );

    let ours = release(
        dir.path(),
        &[
            "verify",
            &bundle.to_string_lossy(),
            "--allowed-signers",
            &allowed.to_string_lossy(),
            "--identity",
            "qa@example.com",
        ],
    );
    assert_eq!(ours.code, 0, "{}{}", ours.stdout, ours.stderr);
    assert!(
        ours.stdout.contains("signed by qa@example.com"),
        "{}",
        ours.stdout
    );

    // Another key is not the signer's.
    let wrong = keys.path().join("wrong_signers");
    std::fs::write(&wrong, format!("qa@example.com {other}\n")).expect("write");
    let rejected = release(
        dir.path(),
        &[
            "verify",
            &bundle.to_string_lossy(),
            "--allowed-signers",
            &wrong.to_string_lossy(),
            "--identity",
            "qa@example.com",
        ],
    );
    assert_eq!(rejected.code, 1, "{}", rejected.stdout);
    assert!(
        rejected
            .stdout
            .contains("is not listed for `qa@example.com`"),
        "{}",
        rejected.stdout
    );

    // A file slipped in with its line added to the manifest passes the sums but not the
    // signature, which covers the manifest.
    std::fs::write(bundle.join("empty.txt"), "").expect("write");
    let mut sums = std::fs::read_to_string(bundle.join("SHA256SUMS")).expect("read");
    sums += "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty.txt\n";
    std::fs::write(bundle.join("SHA256SUMS"), sums).expect("write");
    let forged = release(dir.path(), &["verify", &bundle.to_string_lossy()]);
    assert_eq!(forged.code, 1, "{}", forged.stdout);
    assert!(
        forged
            .stdout
            .contains("signature: the signature does not match SHA256SUMS"),
        "{}",
        forged.stdout
    );
}

#[test]
fn a_release_prints_the_tag_to_create_with_the_tag_prefix() {
    let mut files = good_files();
    files[0].1 = format!("{CONFIG}tag-prefix = \"pump/\"\n");
    let dir = repository(&files);
    let head = git(dir.path(), DATE, &["rev-parse", "HEAD"]);
    let out = tempfile::tempdir().expect("temp dir");
    let run = release(
        dir.path(),
        &["1.0.0", "--out", &out.path().to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let hint = format!("git tag -a pump/1.0.0 {head} -m \"Release 1.0.0\"");
    assert!(run.stdout.contains(&hint), "`{hint}` in:\n{}", run.stdout);
}
