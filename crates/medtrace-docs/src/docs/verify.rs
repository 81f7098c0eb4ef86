//! The Traceability Matrix and the Verification Report.

use crate::Document;
use crate::context::Context;
use crate::markup::content;
use medtrace_core::verification::Verifier;
use medtrace_core::{Class, ItemIdx, ItemType, LinkRole, VerificationStatus};

/// What verifies an item, as one cell: test IDs and tagged test functions.
fn verifiers(ctx: &Context<'_>, i: ItemIdx) -> String {
    let Some(v) = ctx
        .analysis
        .verification
        .items
        .get(i)
        .and_then(Option::as_ref)
    else {
        return content("—");
    };
    // Test items by ID; tagged test functions counted, since their names are long and
    // the verification report's test reports list them.
    let mut names: Vec<String> = v
        .verifiers
        .iter()
        .filter_map(|e| match e.verifier {
            Verifier::TestItem(t) => Some(ctx.item(t).id.clone()),
            Verifier::TaggedTest(_) => None,
        })
        .collect();
    names.sort_by(|a, b| crate::context::natural(a, b));
    names.dedup();
    let tagged = v
        .verifiers
        .iter()
        .filter(|e| matches!(e.verifier, Verifier::TaggedTest(_)))
        .count();
    match tagged {
        0 => {}
        1 => names.push("1 tagged test".to_string()),
        n => names.push(format!("{n} tagged tests")),
    }
    if names.is_empty() {
        content("—")
    } else {
        content(&names.join(", "))
    }
}

fn status(ctx: &Context<'_>, i: ItemIdx) -> String {
    content(
        ctx.analysis
            .verification
            .status(i)
            .map_or("—", VerificationStatus::as_str),
    )
}

/// The Traceability Matrix: requirements to system inputs, architecture, risk controls
/// and tests; hazards to controls, requirements and tests.
pub fn traceability(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let reqs = ctx.of_type(ItemType::Srs);
    let hazards = ctx.of_type(ItemType::Haz);
    if reqs.is_empty() && hazards.is_empty() {
        return None;
    }
    let mut doc = ctx.start("TM", "Traceability Matrix");
    doc.src.heading(1, "Software requirements");
    doc.src.para("Each software requirement with the system requirements it comes from, the software items it is allocated to, the risk control measures it implements and what verifies it (IEC 62304 5.1.1, 5.2.6, 7.3.3).");
    if reqs.is_empty() {
        doc.src
            .missing("No software requirement (SRS) is recorded.");
    } else {
        doc.uses(reqs.iter().copied());
        let rows: Vec<Vec<String>> = reqs
            .iter()
            .map(|&i| {
                vec![
                    content(&ctx.item(i).id),
                    ctx.ids(&ctx.targets(i, LinkRole::DerivedFrom)),
                    ctx.ids(&ctx.targets(i, LinkRole::AllocatedTo)),
                    ctx.ids(&ctx.targets(i, LinkRole::Implements)),
                    verifiers(ctx, i),
                    status(ctx, i),
                ]
            })
            .collect();
        doc.src.table(
            "(auto, 1fr, 1fr, 1fr, 1.2fr, auto)",
            &[
                "Requirement",
                "System req.",
                "Software items",
                "Risk controls",
                "Verified by",
                "Status",
            ],
            &rows,
        );
    }
    doc.src.heading(1, "Hazards and risk controls");
    doc.src.para("Each hazard with its risk control measures, the requirements that implement each measure and what verifies it (IEC 62304 7.3.3).");
    if hazards.is_empty() {
        doc.src.missing("No hazard (HAZ) is recorded.");
    } else {
        let mut rows = Vec::new();
        for &h in &hazards {
            doc.uses([h]);
            let controls = ctx.sources(h, LinkRole::Mitigates);
            if controls.is_empty() {
                rows.push(vec![
                    content(&ctx.item(h).id),
                    content("none"),
                    content("—"),
                    content("—"),
                    content("—"),
                ]);
            }
            for &r in &controls {
                doc.uses([r]);
                rows.push(vec![
                    content(&ctx.item(h).id),
                    content(&ctx.item(r).id),
                    ctx.ids(&ctx.sources(r, LinkRole::Implements)),
                    verifiers(ctx, r),
                    status(ctx, r),
                ]);
            }
        }
        doc.src.table(
            "(auto, auto, 1fr, 1.2fr, auto)",
            &[
                "Hazard",
                "Risk control",
                "Implemented by",
                "Verified by",
                "Status",
            ],
            &rows,
        );
    }
    Some(doc.finish(ctx, &[]))
}

/// The Verification Report: coverage by class, the tests and their results, the manual
/// executions and the status of every requirement and risk control.
pub fn verification_report(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let tests = ctx.of_type(ItemType::Tst);
    let verified: Vec<ItemIdx> = ctx
        .of_type(ItemType::Srs)
        .into_iter()
        .chain(ctx.of_type(ItemType::Rcm))
        .collect();
    if tests.is_empty() && verified.is_empty() {
        return None;
    }
    let analysis = ctx.analysis;
    let mut doc = ctx.start("SVR", "Software Verification Report");
    doc.src.heading(1, "Summary");
    doc.src.para(&format!(
        "Verification of {} software requirements and risk control measures by {} tests, from the test reports and execution records of this revision (IEC 62304 5.5 to 5.7).",
        verified.len(),
        tests.len()
    ));
    doc.src.heading(2, "Coverage by safety class");
    let statuses = [
        VerificationStatus::Verified,
        VerificationStatus::Failed,
        VerificationStatus::NotRun,
        VerificationStatus::Stale,
        VerificationStatus::NoTest,
    ];
    let mut rows = Vec::new();
    for class in [Class::C, Class::B, Class::A] {
        let of_class: Vec<ItemIdx> = verified
            .iter()
            .copied()
            .filter(|&i| analysis.effective_class(i) == class)
            .collect();
        if of_class.is_empty() {
            continue;
        }
        let mut row = vec![
            content(class.as_str()),
            content(&of_class.len().to_string()),
        ];
        for s in statuses {
            let n = of_class
                .iter()
                .filter(|&&i| analysis.verification.status(i) == Some(s))
                .count();
            row.push(content(&n.to_string()));
        }
        rows.push(row);
    }
    let mut header = vec!["Class", "Items"];
    header.extend(statuses.iter().map(|s| s.as_str()));
    doc.src
        .table("(auto, auto, 1fr, 1fr, 1fr, 1fr, 1fr)", &header, &rows);

    let reports = &analysis.evidence.reports;
    doc.src.heading(2, "Automated test results");
    if reports.is_empty() {
        doc.src.missing("No test report was read: the configured `[tests] reports` match no file, so no automated result is shown.");
    } else {
        let rows: Vec<Vec<String>> = reports
            .iter()
            .map(|r| {
                let count = |o: &str| r.results.iter().filter(|t| t.outcome.as_str() == o).count();
                vec![
                    content(&analysis.sources.get(r.file).path),
                    content(r.producer.as_deref().unwrap_or("—")),
                    content(&r.results.len().to_string()),
                    content(&count("passed").to_string()),
                    content(&count("failed").to_string()),
                    content(&count("skipped").to_string()),
                ]
            })
            .collect();
        doc.src.table(
            "(1fr, auto, auto, auto, auto, auto)",
            &["Report", "Producer", "Tests", "Passed", "Failed", "Skipped"],
            &rows,
        );
    }

    doc.src.heading(1, "Tests");
    if tests.is_empty() {
        doc.src.missing(
            "No test (TST) is recorded; verification rests on tagged test functions only.",
        );
    } else {
        let rows: Vec<Vec<String>> = tests
            .iter()
            .map(|&t| {
                let outcome = analysis
                    .verification
                    .tests
                    .get(t)
                    .and_then(Option::as_ref)
                    .and_then(|e| e.outcome)
                    .map_or("no result", |o| o.as_str());
                vec![
                    content(&ctx.item(t).id),
                    content(&ctx.item(t).title),
                    ctx.text_cell(t, "level"),
                    ctx.ids(&ctx.targets(t, LinkRole::Verifies)),
                    content(outcome),
                ]
            })
            .collect();
        doc.src.table(
            "(auto, 1.5fr, auto, 1fr, auto)",
            &["ID", "Test", "Level", "Verifies", "Result"],
            &rows,
        );
    }

    let executions = &analysis.evidence.executions;
    doc.src.heading(1, "Manual test executions");
    let mut paths = Vec::new();
    if executions.is_empty() {
        doc.src.missing("No manual test execution is recorded.");
    } else {
        let mut rows = Vec::new();
        for e in executions {
            paths.push(analysis.sources.get(e.file).path.clone());
            rows.push(vec![
                content(&e.executes),
                content(e.date.as_deref().unwrap_or("—")),
                content(e.tester.as_deref().unwrap_or("—")),
                content(e.version.as_deref().unwrap_or("—")),
                content(e.result.map_or("—", |o| o.as_str())),
                content(
                    &e.anomalies
                        .iter()
                        .map(|(a, _)| a.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ]);
        }
        doc.src.table(
            "(auto, auto, 1.4fr, 1fr, auto, 1fr)",
            &["Test", "Date", "Tester", "Version", "Result", "Anomalies"],
            &rows,
        );
    }

    doc.src.heading(1, "Requirements and risk controls");
    let rows: Vec<Vec<String>> = verified
        .iter()
        .map(|&i| {
            doc.uses([i]);
            vec![
                content(&ctx.item(i).id),
                content(&ctx.item(i).title),
                content(analysis.effective_class(i).as_str()),
                verifiers(ctx, i),
                status(ctx, i),
            ]
        })
        .collect();
    doc.src.table(
        "(auto, 1.5fr, auto, 1fr, auto)",
        &["ID", "Title", "Class", "Verified by", "Status"],
        &rows,
    );

    if !tests.is_empty() {
        doc.src.heading(1, "Test procedures");
        for &t in &tests {
            doc.uses([t]);
            doc.src.heading(2, &ctx.heading_text(t));
            let mut pairs = vec![(
                "Verifies".to_string(),
                ctx.ids(&ctx.targets(t, LinkRole::Verifies)),
            )];
            pairs.extend(ctx.fields(t, &["verifies"]));
            doc.src.fields(&pairs);
            doc.src.raw(&ctx.record_body(t, 2));
        }
    }
    Some(doc.finish(ctx, &paths))
}
