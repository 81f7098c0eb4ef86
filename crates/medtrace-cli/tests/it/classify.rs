//! `medtrace classify` on a copy of the bundled example (SRS-051): the risk file's answers
//! shown before anything is recorded, answers accepted, given as flags or in a file, and
//! contradicted; what is written (the `class` and `classification` lines and not one
//! other byte), and what `check` and `--show` say about it afterwards.

use crate::{Run, copy_tree, medtrace, repo_root, snapshot};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const SYSTEM: &str = "dhf/architecture/SWI-001.md";
const UI: &str = "dhf/architecture/SWI-006.md";

/// The top-level `classification` block of a record's front matter removed, whatever
/// else it holds, so the tests start from a system that was never classified.
fn without_classification(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("classification:") {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with([' ', '\t']) {
            continue;
        }
        skipping = false;
        out.push_str(line);
    }
    out
}

/// A copy of the example's `medtrace.toml` and `dhf/`, with no recorded classification.
fn copy_example() -> tempfile::TempDir {
    let example = repo_root().join("examples/infusion-pump");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        example.join("medtrace.toml"),
        dir.path().join("medtrace.toml"),
    )
    .expect("copy");
    copy_tree(&example.join("dhf"), &dir.path().join("dhf"));
    for record in [SYSTEM, UI] {
        let path = dir.path().join(record);
        let text = std::fs::read_to_string(&path).expect("record");
        std::fs::write(&path, without_classification(&text)).expect("write");
    }
    dir
}

/// The files whose bytes differ between two snapshots, or that only one has.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&String> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .cloned()
        .collect()
}

/// The findings of `check` as (code, file, message), sorted.
fn findings(dir: &Path) -> Vec<(String, String, String)> {
    let run = medtrace(dir, &["check", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let mut out: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["location"]["file"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).expect("record")
}

/// The lines of the top-level `classification` block of a record.
fn classification_block(text: &str) -> String {
    let start = text.find("\nclassification:\n").expect("a classification") + 1;
    text[start..]
        .split_inclusive('\n')
        .enumerate()
        .take_while(|(k, line)| *k == 0 || line.starts_with("  "))
        .map(|(_, line)| line)
        .collect()
}

fn ok(run: &Run) {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn accepting_the_risk_files_answers_writes_class_and_classification_and_nothing_else() {
    let dir = copy_example();
    let findings_before = findings(dir.path());
    assert!(
        !findings_before
            .iter()
            .any(|(code, _, _)| code == "classification-unsupported")
    );

    // Before anything is recorded, --show gives the risk file's answers and fails.
    let show = medtrace(dir.path(), &["classify", "--show"]);
    assert_eq!(show.code, 1, "{}", show.stderr);
    assert!(
        show.stdout
            .starts_with("SWI-001 has no recorded classification.\n\nThe risk file says:\n  1. can contribute to a hazardous situation: yes (HAZ-"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.ends_with("  class C\n"), "{}", show.stdout);

    let before = snapshot(dir.path());
    let old = read(dir.path(), SYSTEM);
    let run = medtrace(
        dir.path(),
        &["classify", "--accept", "--date", "2026-11-21"],
    );
    ok(&run);
    assert!(
        run.stdout
            .starts_with("SWI-001 is class C; recorded in dhf/architecture/SWI-001.md\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("note:"), "{}", run.stdout);
    assert_eq!(changed(&before, &snapshot(dir.path())), [SYSTEM]);

    // Exactly `class` and `classification` were written, after the last field.
    let new = read(dir.path(), SYSTEM);
    let block = classification_block(&new);
    let keys: Vec<&str> = block
        .lines()
        .map(|l| l.trim_start().split(':').next().expect("a key"))
        .collect();
    assert_eq!(
        keys,
        [
            "classification",
            "hazardous",
            "hazards",
            "unacceptable-after-external-controls",
            "external-controls",
            "worst-harm",
            "harm-from",
            "date",
            "rationale"
        ]
    );
    for line in [
        "  hazardous: yes\n",
        "  unacceptable-after-external-controls: yes\n",
        "  worst-harm: serious\n",
        "  date: 2026-11-21\n",
    ] {
        assert!(block.contains(line), "{block}");
    }
    let front_matter_end = old[4..].find("\n---\n").expect("front matter") + 5;
    let inserted = if old[..front_matter_end].contains("\nclass: C\n") {
        block.clone()
    } else {
        format!("class: C\n{block}")
    };
    let expected = format!(
        "{}{inserted}{}",
        &old[..front_matter_end],
        &old[front_matter_end..]
    );
    assert_eq!(new, expected);

    // The record now agrees with the risk file, and check finds nothing new.
    let show = medtrace(dir.path(), &["classify", "--show"]);
    assert_eq!(show.code, 0, "{}{}", show.stdout, show.stderr);
    assert!(
        show.stdout.starts_with("SWI-001 is classified:\n")
            && show
                .stdout
                .contains("\nThe risk file supports these answers.\n"),
        "{}",
        show.stdout
    );
    assert_eq!(findings(dir.path()), findings_before);

    // Without answers and off a terminal, classify shows what is recorded, writing nothing.
    let again = medtrace(dir.path(), &["classify"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, show.stdout);
    assert!(changed(&before, &snapshot(dir.path())) == [SYSTEM]);
}

const RATIONALE: &str = "Can contribute to an overdose of a high-alert drug: death is possible.";

#[test]
fn answers_given_as_flags_and_in_a_file_are_recorded_alike() {
    let by_flags = copy_example();
    let run = medtrace(
        by_flags.path(),
        &[
            "classify",
            "SWI-001",
            "--hazardous",
            "yes",
            "--unacceptable",
            "yes",
            "--harm",
            "serious",
            "--rationale",
            RATIONALE,
            "--date",
            "2026-11-21",
        ],
    );
    ok(&run);
    let recorded = read(by_flags.path(), SYSTEM);
    assert!(recorded.contains("\nclass: C\n"), "{recorded}");
    let block = classification_block(&recorded);
    assert!(block.contains("  worst-harm: serious\n"), "{block}");
    assert!(
        block.ends_with(&format!("  rationale: \"{RATIONALE}\"\n")),
        "{block}"
    );

    let by_file = copy_example();
    std::fs::write(
        by_file.path().join("answers.txt"),
        format!(
            "# the safety review of 2026-11-21\nhazardous: yes\nunacceptable: yes\nharm: serious\nrationale: \"{RATIONALE}\"\n"
        ),
    )
    .expect("write");
    let before = snapshot(by_file.path());
    let run = medtrace(
        by_file.path(),
        &[
            "classify",
            "--answers",
            "answers.txt",
            "--date",
            "2026-11-21",
        ],
    );
    ok(&run);
    assert_eq!(changed(&before, &snapshot(by_file.path())), [SYSTEM]);
    assert_eq!(read(by_file.path(), SYSTEM), recorded);

    // A flag wins over the file.
    let run = medtrace(
        by_file.path(),
        &[
            "classify",
            "--answers",
            "answers.txt",
            "--harm",
            "non-serious",
            "--date",
            "2026-11-21",
        ],
    );
    ok(&run);
    let text = read(by_file.path(), SYSTEM);
    assert!(
        text.contains("\nclass: B\n") && text.contains("\n  worst-harm: non-serious\n"),
        "{text}"
    );

    // A file that cannot be read as answers is a failure that names the line.
    std::fs::write(
        by_file.path().join("bad.txt"),
        "hazardous: yes\nharm: fatal\n",
    )
    .expect("w");
    let before = snapshot(by_file.path());
    let run = medtrace(by_file.path(), &["classify", "--answers", "bad.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("line 2: `fatal` is not a harm"),
        "{}",
        run.stderr
    );
    assert!(changed(&before, &snapshot(by_file.path())).is_empty());
}

#[test]
fn a_classification_the_risk_file_contradicts_is_recorded_and_then_reported() {
    let dir = copy_example();
    let old = read(dir.path(), UI);
    assert!(old.contains("\nclass: B\n"), "{old}");
    let run = medtrace(
        dir.path(),
        &[
            "classify",
            "SWI-006",
            "--hazardous",
            "yes",
            "--unacceptable",
            "no",
            "--date",
            "2026-11-21",
        ],
    );
    ok(&run);
    assert!(
        run.stdout.starts_with(
            "SWI-006 is class A; recorded in dhf/architecture/SWI-006.md\n  1. can contribute to a hazardous situation: yes"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nnote: the risk file's answers differ:\n"),
        "{}",
        run.stdout
    );
    // `class` was changed where it stood.
    let new = read(dir.path(), UI);
    assert_eq!(
        without_classification(&new),
        old.replacen("\nclass: B\n", "\nclass: A\n", 1)
    );
    let block = classification_block(&new);
    assert!(
        block.contains("  unacceptable-after-external-controls: no\n")
            && block.contains("  harm-from: []\n"),
        "{block}"
    );

    let unsupported: Vec<_> = findings(dir.path())
        .into_iter()
        .filter(|(code, _, _)| code == "classification-unsupported")
        .collect();
    assert_eq!(unsupported.len(), 1, "{unsupported:?}");
    let (_, file, message) = &unsupported[0];
    assert_eq!(file, UI);
    assert!(
        message.starts_with(
            "the risk file no longer supports the classification of `SWI-006`: it answers that external risk controls make the risk acceptable, but not for HAZ-"
        ),
        "{message}"
    );

    let show = medtrace(dir.path(), &["classify", "SWI-006", "--show"]);
    assert_eq!(show.code, 1, "{}", show.stderr);
    assert!(
        show.stdout
            .contains("\nThe risk file no longer supports these answers:\n  - it answers that external risk controls make the risk acceptable"),
        "{}",
        show.stdout
    );
}

#[test]
fn missing_answers_off_a_terminal_fail_naming_the_flag_and_write_nothing() {
    let dir = copy_example();
    let before = snapshot(dir.path());
    for (args, flag) in [
        (&["classify", "SWI-006"][..], "--hazardous yes|no"),
        (
            &["classify", "SWI-006", "--hazardous", "yes"][..],
            "--unacceptable yes|no",
        ),
        (
            &[
                "classify",
                "SWI-006",
                "--hazardous",
                "yes",
                "--unacceptable",
                "yes",
            ][..],
            "--harm none|non-serious|serious",
        ),
    ] {
        let run = medtrace(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("error: no answer for ")
                && run
                    .stderr
                    .contains(&format!("give {flag} (the risk file says "))
                && run.stderr.contains("--accept"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A date that is not one fails before anything is written.
    let run = medtrace(
        dir.path(),
        &["classify", "--accept", "--date", "21.11.2026"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`21.11.2026` is not a date"),
        "{}",
        run.stderr
    );
    assert!(changed(&before, &snapshot(dir.path())).is_empty());
}

#[test]
fn only_software_items_can_be_classified() {
    let dir = copy_example();
    let before = snapshot(dir.path());
    let run = medtrace(dir.path(), &["classify", "TST-001", "--accept"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `TST-001` is not a software item: classify a SWI\n"
    );
    let run = medtrace(dir.path(), &["classify", "SWI-999", "--accept"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SWI-999"), "{}", run.stderr);
    assert!(changed(&before, &snapshot(dir.path())).is_empty());
}
