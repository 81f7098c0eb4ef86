//! The gap report (SRS-048): applicability by class, stance and legacy route; plan
//! sections with `covers` and the placeholder; records evaluators and the findings rule;
//! the `[gap]` table; the FDA documentation level.

use crate::analyze;
use medtrace_core::clauses::DisputeStance;
use medtrace_core::gap::{self, FdaLevel, GapKind, GapReport, Options, PLACEHOLDER, Status};
use medtrace_core::{Class, Code, FileId, config};

fn report(files: &[(&str, &str)]) -> GapReport {
    gap::evaluate(&analyze(files))
}

/// The status word of a clause, with the gap kind: `met`, `manual`, `gap/no-plan`, `n/a`.
fn status(report: &GapReport, id: &str) -> String {
    let row = report.row(id).unwrap_or_else(|| panic!("{id} is a row"));
    match &row.status {
        Status::Gap { kind, .. } => format!("gap/{}", kind.as_str()),
        s => s.as_str().to_string(),
    }
}

fn details(report: &GapReport, id: &str) -> Vec<String> {
    report.row(id).expect("row").status.details()
}

const CLASS_C: &str = "[project]\nname = \"t\"\nclass = \"C\"\n";

const PLAN: &str = "---
id: DOC-1
title: Development plan
covers: [5.1.2]
---
# Plan

## Standards
<!-- covers: 5.1.4 -->

We code to MISRA C:2012.

## Integration
<!-- covers: 5.1.5, 5.6.1 -->

TODO(medtrace): describe the integration order.

## Typo
<!-- covers: 5.1.13, 5.1 -->

Text.
";

#[test]
fn plan_sections_cover_clauses_unless_they_hold_the_placeholder() {
    let r = report(&[("medtrace.toml", CLASS_C), ("dhf/doc.md", PLAN)]);
    assert_eq!(status(&r, "5.1.4"), "manual");
    let row = r.row("5.1.4").expect("row");
    assert_eq!(row.sections.len(), 1);
    assert_eq!(row.sections[0].label(), "DOC-1 § Standards");
    assert_eq!(
        (row.sections[0].path.as_str(), row.sections[0].line),
        ("dhf/doc.md", 8)
    );

    // The whole document holds a placeholder, so its front-matter `covers` counts not.
    assert_eq!(status(&r, "5.1.2"), "gap/placeholder");
    assert_eq!(status(&r, "5.1.5"), "gap/placeholder");
    assert_eq!(
        details(&r, "5.6.1"),
        ["DOC-1 § Integration (dhf/doc.md:13) still holds the placeholder"]
    );
    assert_eq!(status(&r, "5.1.1"), "gap/no-plan");
    assert_eq!(
        details(&r, "5.1.1"),
        ["no plan or procedure section covers 5.1.1"]
    );

    let problems: Vec<String> = r
        .problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.path, p.line, p.message))
        .collect();
    assert_eq!(
        problems,
        [
            "dhf/doc.md:19: `covers` of `DOC-1` names `5.1.13`, which is no requirement clause of IEC 62304",
            "dhf/doc.md:19: `covers` of `DOC-1` names `5.1`, which is no requirement clause of IEC 62304; `5.1` is a group, name its clauses",
        ]
    );
    assert!(PLAN.contains(PLACEHOLDER));
}

#[test]
fn a_written_document_covers_by_its_front_matter_and_covers_is_a_known_field() {
    let doc = "---\nid: DOC-2\ntitle: Maintenance plan\ncovers: [6.1, 6.2.1.1]\n---\nWe watch the field.\n";
    let a = analyze(&[("medtrace.toml", CLASS_C), ("dhf/doc.md", doc)]);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let r = gap::evaluate(&a);
    assert_eq!(status(&r, "6.1"), "manual");
    assert_eq!(status(&r, "6.2.1.1"), "manual");
    assert_eq!(r.row("6.1").expect("row").sections[0].label(), "DOC-2");
}

#[test]
fn applicability_follows_the_class_the_stance_and_the_legacy_route() {
    let class_a = "[project]\nname = \"t\"\nclass = \"A\"\n";
    let r = report(&[("medtrace.toml", class_a)]);
    assert_eq!(r.class, Class::A);
    assert_eq!(
        details(&r, "5.3.1"),
        ["applies to class B C; the software is of class A"]
    );
    // Disputed for class A: strict (the default) takes it, lenient does not.
    assert_ne!(status(&r, "5.7.4"), "n/a");
    let note = r
        .row("5.7.4")
        .expect("row")
        .disputed
        .clone()
        .expect("disputed");
    assert!(
        note.ends_with("strict stance: applies to class A"),
        "{note}"
    );
    assert_eq!(status(&r, "7.3.2"), "n/a");
    assert_eq!(status(&r, "4.4.1"), "n/a");

    let lenient =
        "[project]\nname = \"t\"\nclass = \"A\"\n[gap]\ndisputed = \"lenient\"\nlegacy = true\n";
    let r = report(&[("medtrace.toml", lenient)]);
    assert_eq!(r.stance, DisputeStance::Lenient);
    assert_eq!(status(&r, "5.7.4"), "n/a");
    assert_eq!(status(&r, "5.8.3"), "n/a");
    let note = r
        .row("5.7.4")
        .expect("row")
        .disputed
        .clone()
        .expect("disputed");
    assert!(
        note.ends_with("lenient stance: does not apply to class A"),
        "{note}"
    );
    // Taking the legacy route, the 4.4 clauses need a plan.
    assert_eq!(status(&r, "4.4.1"), "gap/no-plan");

    // The command line overrides class and stance.
    let a = analyze(&[("medtrace.toml", class_a)]);
    let r = gap::evaluate_with(
        &a,
        Options {
            class: Some(Class::C),
            stance: Some(DisputeStance::Lenient),
        },
    );
    assert!(r.class_given && r.class == Class::C);
    assert_eq!(status(&r, "5.1.4"), "gap/no-plan");
    assert_eq!(status(&r, "7.1.5"), "n/a");
    assert_eq!(
        details(&r, "7.1.5"),
        ["withdrawn by AMD1 (disputed; the lenient stance follows the withdrawal)"]
    );
}

#[test]
fn systems_of_different_classes_say_which_clauses_apply_to_which() {
    let files = [
        ("medtrace.toml", CLASS_C),
        (
            "dhf/swi-1.md",
            "---\nid: SWI-1\ntitle: Pump\nlevel: system\ninterfaces: [motor]\n---\nThe pump.\n",
        ),
        (
            "dhf/swi-2.md",
            "---\nid: SWI-2\ntitle: Tools\nlevel: system\nclass: A\nclass-rationale: no harm\ninterfaces: [files]\n---\n",
        ),
    ];
    let r = report(&files);
    let classes: Vec<(Option<&str>, Class)> = r
        .systems
        .iter()
        .map(|s| (s.id.as_deref(), s.class))
        .collect();
    assert_eq!(
        classes,
        [(Some("SWI-1"), Class::C), (Some("SWI-2"), Class::A)]
    );
    assert_eq!(r.class, Class::C);
    assert_eq!(r.row("5.1.4").expect("row").applies_to, ["SWI-1 (class C)"]);
    assert_eq!(
        r.row("5.1.1").expect("row").applies_to,
        ["SWI-1 (class C)", "SWI-2 (class A)"]
    );
    // 5.3.2 looks only at the items of classes B and C.
    assert_eq!(
        details(&r, "5.3.2"),
        ["interfaces described in 1 software item (systems and items)"]
    );
}

#[test]
fn requirements_are_met_by_the_records_and_a_deny_finding_makes_a_gap() {
    let files = [
        ("medtrace.toml", CLASS_C),
        ("dhf/sys.md", "---\nid: SYS-1\ntitle: Need\n---\n"),
        (
            "dhf/srs-1.md",
            "---\nid: SRS-1\ntitle: A\ncategory: functional\nderived-from: [SYS-1]\n---\nThe software shall A.\n",
        ),
        (
            "dhf/srs-2.md",
            "---\nid: SRS-2\ntitle: B\ncategory: alarm\nderived: true\nderived-rationale: design\n---\nThe software shall B.\n",
        ),
    ];
    let r = report(&files);
    assert_eq!(status(&r, "5.2.1"), "met");
    assert_eq!(
        details(&r, "5.2.1"),
        [
            "1 software requirement derived from 1 system requirement",
            "marked derived, with rationale: SRS-2",
            "every system requirement refined (1)",
        ]
    );
    assert_eq!(
        details(&r, "5.2.2"),
        [
            "2 software requirements with text",
            "by category: alarm 1, functional 1"
        ]
    );
    // No test: 5.7.4 is a gap from the records and from the finding.
    assert_eq!(status(&r, "5.7.4"), "gap/records");
    assert_eq!(
        details(&r, "5.7.4"),
        [
            "findings at deny level (medtrace check): requirement-not-verified ×2",
            "no test: SRS-1, SRS-2",
        ]
    );

    let mut underived = files.to_vec();
    underived[3] = ("dhf/srs-2.md", "---\nid: SRS-2\ntitle: B\n---\nB.\n");
    let r = report(&underived);
    assert_eq!(
        details(&r, "5.2.1"),
        [
            "findings at deny level (medtrace check): requirement-not-derived ×1",
            "derived from no system requirement: SRS-2",
        ]
    );

    let empty = report(&[("medtrace.toml", CLASS_C)]);
    assert_eq!(status(&empty, "5.2.1"), "gap/no-records");
    assert_eq!(details(&empty, "5.2.1"), ["no software requirements yet"]);
}

#[test]
fn events_not_yet_happened_rest_on_the_procedure() {
    let doc = "---\nid: DOC-1\ntitle: Problems\n---\n## Problem resolution\n<!-- covers: 9.1 -->\nEvery problem becomes a PRB.\n";
    let r = report(&[("medtrace.toml", CLASS_C), ("dhf/doc.md", doc)]);
    assert_eq!(status(&r, "9.1"), "manual");
    assert_eq!(details(&r, "9.1"), ["no problem reports yet"]);
    assert_eq!(status(&r, "9.2"), "gap/no-records");

    let prb = "---\nid: PRB-1\ntitle: Crash\nsource: field\nversion: 1.0\n---\n";
    let r = report(&[
        ("medtrace.toml", CLASS_C),
        ("dhf/doc.md", doc),
        ("dhf/prb.md", prb),
    ]);
    assert_eq!(status(&r, "9.1"), "gap/records");
    assert_eq!(
        details(&r, "9.1"),
        [
            "findings at deny level (medtrace check): problem-field-missing ×1",
            "problem reports without `criticality`: PRB-1"
        ]
    );
}

#[test]
fn the_gap_table_is_read_and_its_problems_reported() {
    let text = "[project]\nname = \"p\"\n[gap]\ndisputed = \"loose\"\nlegacy = 1\nfda-level = \"enhanced\"\nlevel = \"x\"\n";
    let (config, diags) = config::parse(FileId(0), text);
    let lines: Vec<String> = diags
        .iter()
        .map(|d| {
            let at = d.span.map_or(0, |s| s.start as usize);
            format!(
                "{}@{}: {}",
                d.code,
                text[..at].matches('\n').count() + 1,
                d.message
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "config-invalid-value@4: `loose` is not a stance on disputed clauses",
            "config-invalid-value@5: `gap.legacy` must be true or false",
            "config-invalid-value@6: `gap.fda-level` is set without `fda-reason`",
            "config-unknown-key@7: unknown key `level` in [gap]",
        ]
    );
    assert_eq!(config.gap, gap::GapPolicy::default());
    assert!(diags.iter().all(|d| d.code != Code::ConfigSyntax));

    let (config, diags) = config::parse(
        FileId(0),
        "[project]\nname = \"p\"\n[gap]\nfda-level = \"basic\"\nfda-reason = \"no software function can cause harm\"\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        config.gap.fda_level,
        Some((
            FdaLevel::Basic,
            "no software function can cause harm".into()
        ))
    );
}

const HAZARD: &str =
    "---\nid: HAZ-1\ntitle: Overdose\nseverity: SEVERITY\nprobability: remote\n---\n";

#[test]
fn the_fda_level_is_judged_before_risk_control_or_set_with_a_reason() {
    let class_b = "[project]\nname = \"t\"\nclass = \"B\"\n";
    let serious = HAZARD.replace("SEVERITY", "critical");
    let r = report(&[("medtrace.toml", class_b), ("dhf/haz.md", &serious)]);
    assert_eq!(r.fda.level, FdaLevel::Enhanced);
    assert_eq!(
        r.fda.reason,
        "before risk control, the initial severity of HAZ-1 (critical) is death or serious injury"
    );
    let sds = r
        .fda
        .documents
        .iter()
        .find(|d| d.name == "Software design specification")
        .expect("listed");
    assert_eq!(sds.status, gap::DocumentStatus::Missing);

    let minor = HAZARD.replace("SEVERITY", "minor");
    let r = report(&[("medtrace.toml", class_b), ("dhf/haz.md", &minor)]);
    assert_eq!(r.fda.level, FdaLevel::Basic);
    assert_eq!(r.fda.documents.len(), 10);
    assert!(
        r.fda
            .documents
            .iter()
            .any(|d| d.status == gap::DocumentStatus::NotSubmitted)
    );

    // Class C is Enhanced even before any hazard is recorded.
    let r = report(&[("medtrace.toml", CLASS_C)]);
    assert_eq!(r.fda.level, FdaLevel::Enhanced);

    let overridden = "[project]\nname = \"t\"\nclass = \"B\"\n[gap]\nfda-level = \"enhanced\"\nfda-reason = \"a combination product\"\n";
    let r = report(&[("medtrace.toml", overridden), ("dhf/haz.md", &minor)]);
    assert_eq!(r.fda.level, FdaLevel::Enhanced);
    assert_eq!(r.fda.reason, "set in medtrace.toml: a combination product");
    assert_eq!(r.fda.judged.as_ref().map(|j| j.0), Some(FdaLevel::Basic));
}

#[test]
fn every_clause_that_needs_a_plan_can_only_be_manual_or_a_gap_without_one() {
    // With nothing recorded, a clause needing a plan section is never met.
    let r = report(&[("medtrace.toml", CLASS_C)]);
    for row in &r.rows {
        if gap::needs_section(row.clause) && !matches!(row.status, Status::NotApplicable { .. }) {
            assert!(
                matches!(
                    row.status,
                    Status::Gap {
                        kind: GapKind::NoPlan | GapKind::NoRecords,
                        ..
                    }
                ),
                "{} is {:?}",
                row.clause.id,
                row.status
            );
        }
    }
    assert!(r.has_gaps());
    let s = r.summary();
    assert_eq!(s.met + s.manual + s.gap + s.not_applicable, r.rows.len());
    assert_eq!(s.met + s.manual, 0);
}
