//! Tests of the problem report and change request states and of change control.

use crate::history::Commit;
use crate::{Analysis, Evidence, Schema, Sources, config, item};

const CONFIG: &str = "[project]\nname = \"p\"\n";

/// Checks the files with the commits given; the findings of the lifecycle codes as
/// `path:line code: message`.
fn run(config_text: &str, files: &[(&str, &str)], commits: Vec<Commit>) -> Vec<String> {
    let mut sources = Sources::default();
    let config_file = sources.add(config::FILE_NAME.into(), config_text.into());
    let (config, mut diags) = config::parse(config_file, config_text);
    let schema = Schema::new(&config);
    let mut items = Vec::new();
    for (path, text) in files {
        let file = sources.add(path.to_string(), text.to_string());
        if let Some(item::Record::Item(it)) =
            item::parse(file, &sources.get(file).text, &config, &schema, &mut diags)
        {
            items.push(it);
        }
    }
    let evidence = Evidence {
        commits,
        ..Evidence::default()
    };
    let analysis = Analysis::with_evidence(config, sources, items, evidence, diags);
    analysis
        .diagnostics
        .iter()
        .filter(|d| {
            d.code.name().starts_with("problem-")
                || d.code.name().starts_with("change-")
                || d.code.name().starts_with("field-")
                || d.code.name().starts_with("config-")
        })
        .map(|d| {
            let place = d.span.map_or(String::new(), |s| {
                let f = analysis.sources.get(s.file);
                format!("{}:{}", f.path, f.line_col(s.start as usize).line)
            });
            format!("{place} {}: {}", d.code, d.message)
        })
        .collect()
}

fn check(files: &[(&str, &str)]) -> Vec<String> {
    run(CONFIG, files, Vec::new())
}

const OPEN: &str = "---
id: PRB-1
title: Crash
source: field
version: 1.0
criticality:
  safety: none
  performance: the pump restarts
  security: none
";

#[test]
fn an_open_problem_needs_what_9_1_asks() {
    assert_eq!(
        check(&[(
            "p.md",
            "---\nid: PRB-1\ntitle: Crash\nsource: field\ncriticality: bad\n---\n"
        )]),
        [
            "p.md:2 problem-field-missing: problem report `PRB-1` is open, but has no `version`, `criticality.safety`, `criticality.performance`, `criticality.security`, description in the body"
        ]
    );
    assert!(check(&[("p.md", &format!("{OPEN}---\nIt crashes.\n"))]).is_empty());
}

#[test]
fn a_decided_problem_needs_its_decision() {
    let prb =
        format!("{OPEN}state: decided\ninvestigation: x\nsafety-evaluation: y\n---\nIt crashes.\n");
    assert_eq!(
        check(&[("p.md", &prb)]),
        [
            "p.md:10 problem-field-missing: problem report `PRB-1` is decided, but has no decision (a change request that `resolves` it, or `no-action`), `parties-informed`"
        ]
    );
    let no_action = prb.replace(
        "state:",
        "no-action: harmless\nparties-informed: QA\nstate:",
    );
    assert!(check(&[("p.md", &no_action)]).is_empty());
}

const CR: &str = "---
id: CR-1
title: Fix
origin: PRB-1
impact:
  summary: restart logic
  safety: none
approval:
  approver: CCB
  date: 2026-01-10
  decision: approved
resolves: [PRB-1]
";

fn decided_prb(state: &str, extra: &str) -> String {
    format!(
        "{OPEN}investigation: x\nsafety-evaluation: y\nparties-informed: QA\n{extra}state: {state}\n---\nIt crashes.\n"
    )
}

#[test]
fn a_resolved_problem_needs_its_change_implemented() {
    let cr = format!("{CR}state: approved\n---\n");
    assert_eq!(
        check(&[("c.md", &cr), ("p.md", &decided_prb("resolved", ""))]),
        [
            "p.md:13 problem-resolution-incomplete: problem report `PRB-1` is resolved, but `CR-1` resolving it is not implemented"
        ]
    );
}

#[test]
fn a_closed_problem_needs_its_resolution_verified() {
    let cr = format!("{CR}implementation: PR 12\nstate: implemented\n---\n");
    assert_eq!(
        check(&[("c.md", &cr), ("p.md", &decided_prb("closed", ""))]),
        [
            "p.md:13 problem-closed-unverified: problem report `PRB-1` is closed, but records no `verification` of its resolution, and `CR-1` resolving it is not verified"
        ]
    );
    let cr = format!("{CR}implementation: PR 12\nverification: TST-1 re-run\nstate: closed\n---\n");
    let prb = decided_prb("closed", "verification: TST-1 re-run on 1.1, passed\n");
    assert!(check(&[("c.md", &cr), ("p.md", &prb)]).is_empty());
}

#[test]
fn a_known_anomaly_needs_its_evaluation() {
    let prb = format!(
        "{OPEN}known-anomaly:\n  release: 1.0\n  description: restarts\n---\nIt crashes.\n"
    );
    assert_eq!(
        check(&[("p.md", &prb)]),
        [
            "p.md:10 problem-anomaly-unevaluated: known anomaly `PRB-1` is released without an evaluation of its risk"
        ]
    );
    // 5.8.3 applies from class B.
    let class_a = "[project]\nname = \"p\"\nclass = \"A\"\n";
    assert!(run(class_a, &[("p.md", &prb)], Vec::new()).is_empty());
}

#[test]
fn a_change_needs_what_its_state_asks() {
    assert_eq!(
        check(&[(
            "c.md",
            "---\nid: CR-1\ntitle: Fix\norigin: field\nimpact: small\nstate: implemented\n---\n"
        )]),
        [
            "c.md:6 change-field-missing: change request `CR-1` is implemented, but has no `impact.summary`, `impact.safety`, `approval.approver`, `approval.date`, `approval.decision`, `implementation`"
        ]
    );
    assert_eq!(
        check(&[(
            "c.md",
            "---\nid: CR-1\ntitle: Fix\norigin: field\napproval:\n  approver: CCB\n  date: 2026-01-10\n  decision: rejected\nstate: rejected\n---\n"
        )]),
        [
            "c.md:9 change-field-missing: change request `CR-1` is rejected, but has no `approval.reason`"
        ]
    );
    assert_eq!(
        check(&[("c.md", "---\nid: CR-1\ntitle: Fix\nstate: done\n---\n")]),
        [
            "c.md:4 field-invalid-value: `state` of `CR-1` is `done`, not one of proposed, analysed, approved, implemented, verified, closed, rejected"
        ]
    );
}

fn commit(id: &str, day: &str, refs: &[&str], paths: &[&str]) -> Commit {
    // Seconds of noon UTC on the day: days since the epoch from the date.
    let days: i64 = match day {
        "2026-01-09" => 20_462,
        "2026-01-10" => 20_463,
        _ => 20_464,
    };
    Commit {
        id: id.repeat(40 / id.len()),
        time: days * 86_400 + 43_200,
        summary: format!("change {id}"),
        refs: refs.iter().map(|r| r.to_string()).collect(),
        paths: paths.iter().map(|p| p.to_string()).collect(),
        ..Commit::default()
    }
}

#[test]
fn commits_to_controlled_files_need_an_approved_change() {
    let config =
        format!("{CONFIG}[items]\nfolders = [\"dhf\"]\n[change-control]\npaths = [\"src/**\"]\n");
    let cr = format!("{CR}state: approved\n---\n");
    let srs = "---\nid: SRS-1\ntitle: Restart\nderived: true\n---\n";
    let commits = vec![
        commit("a", "2026-01-09", &["CR-1"], &["dhf/SRS-1.md"]),
        commit("b", "2026-01-10", &["CR-1"], &["src/x.c"]),
        commit("c", "2026-01-11", &[], &["src/x.c", "README.md"]),
        commit("d", "2026-01-11", &[], &["README.md"]),
        commit("e", "2026-01-11", &[], &["dhf/CR-1.md", "dhf/PRB-1.md"]),
        commit("f", "2026-01-11", &["CR-9"], &["dhf/SRS-1.md"]),
    ];
    let files = [
        ("dhf/CR-1.md", cr.as_str()),
        ("dhf/PRB-1.md", &decided_prb("decided", "")),
        ("dhf/SRS-1.md", srs),
    ];
    assert_eq!(
        run(&config, &files, commits),
        [
            "dhf/CR-1.md:10 change-unapproved-commit: commit `aaaaaaa` \"change a\" (2026-01-09) changes `dhf/SRS-1.md` before `CR-1` was approved (2026-01-10)",
            "medtrace.toml:5 change-unapproved-commit: commit `ccccccc` \"change c\" (2026-01-11) changes `src/x.c` but names no change request",
            "medtrace.toml:5 change-unapproved-commit: commit `fffffff` \"change f\" (2026-01-11) names `CR-9` in `Refs:`, but no change request has that ID",
        ]
    );
}

#[test]
fn an_unapproved_change_authorises_no_commit() {
    let config = format!("{CONFIG}[change-control]\nsince = \"v1.0\"\n");
    let cr = "---\nid: CR-1\ntitle: Fix\norigin: field\nstate: proposed\n---\n";
    let srs = "---\nid: SRS-1\ntitle: Restart\nderived: true\n---\n";
    let commits = vec![commit("a", "2026-01-11", &["CR-1"], &["dhf/SRS-1.md"])];
    assert_eq!(
        run(
            &config,
            &[("dhf/CR-1.md", cr), ("dhf/SRS-1.md", srs)],
            commits
        ),
        [
            "dhf/CR-1.md:2 change-unapproved-commit: commit `aaaaaaa` \"change a\" (2026-01-11) changes `dhf/SRS-1.md` for `CR-1`, which is proposed, not approved"
        ]
    );
}

#[test]
fn change_control_is_off_without_its_section() {
    let srs = "---\nid: SRS-1\ntitle: Restart\nderived: true\n---\n";
    let commits = vec![commit("a", "2026-01-11", &[], &["dhf/SRS-1.md"])];
    assert!(run(CONFIG, &[("dhf/SRS-1.md", srs)], commits).is_empty());
}

#[test]
fn the_section_is_read_with_spans() {
    let (config, diags) = config::parse(
        crate::FileId(0),
        "[project]\nname = \"p\"\n[change-control]\nsince = \"-x\"\npaths = [\"/abs\"]\nother = 1\n",
    );
    let codes: Vec<&str> = diags.iter().map(|d| d.code.name()).collect();
    assert_eq!(
        codes,
        [
            "config-invalid-value",
            "config-invalid-value",
            "config-unknown-key"
        ]
    );
    let control = config.change_control.expect("configured");
    assert_eq!(control.since, None);
    assert!(control.span.is_some());
}

#[test]
fn none_is_read_from_the_effects() {
    use crate::checks::lifecycle::says_none;
    assert!(says_none("none"));
    assert!(says_none("None: the pump is idle"));
    assert!(says_none("none for the device"));
    assert!(!says_none("nonetheless slower"));
    assert!(!says_none("non"));
}
