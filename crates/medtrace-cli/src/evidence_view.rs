//! The evidence parts of `trace` and `show`: where code implements an item, and how it
//! stands in verification.

use medtrace_core::evidence::TagRole;
use medtrace_core::trace::Matrix;
use medtrace_core::verification::{ItemVerification, Verifier};
use medtrace_core::{Analysis, ItemIdx, ItemType};
use serde_json::{Value, json};

/// The column whose items get the code and result columns: the last SRS column, else
/// the last RCM column.
pub fn evidence_column(matrix: &Matrix) -> Option<usize> {
    let last = |ty| matrix.columns.iter().rposition(|&t| t == ty);
    last(ItemType::Srs).or_else(|| last(ItemType::Rcm))
}

/// `path:line` of every tag naming `item` in `role`.
pub fn tag_places(analysis: &Analysis, item: ItemIdx, role: TagRole) -> Vec<String> {
    let Some(tags) = analysis.verification.tags.get(item) else {
        return Vec::new();
    };
    tags.iter()
        .map(|&t| &analysis.evidence.tags[t])
        .filter(|tag| tag.role == role)
        .map(|tag| {
            let file = analysis.sources.get(tag.span.file);
            format!(
                "{}:{}",
                file.path,
                file.line_col(tag.span.start as usize).line
            )
        })
        .collect()
}

// implements: SRS-038
/// The code cell: the one place, or how many.
pub fn code_cell(analysis: &Analysis, item: Option<ItemIdx>) -> String {
    let places = item
        .map(|i| tag_places(analysis, i, TagRole::Implements))
        .unwrap_or_default();
    match places.len() {
        0 => "—".to_string(),
        1 => places[0].clone(),
        n => format!("{} (+{})", places[0], n - 1),
    }
}

/// The result cell: the verification status.
pub fn result_cell(analysis: &Analysis, item: Option<ItemIdx>) -> String {
    item.and_then(|i| analysis.verification.status(i))
        .map_or_else(|| "—".to_string(), |s| s.as_str().to_string())
}

fn verifier_name(analysis: &Analysis, verifier: Verifier) -> String {
    match verifier {
        Verifier::TestItem(t) => analysis.items[t].id.clone(),
        Verifier::TaggedTest(t) => {
            let tag = &analysis.evidence.tags[t];
            let file = analysis.sources.get(tag.span.file);
            format!(
                "{} ({}:{})",
                tag.test.as_deref().unwrap_or("?"),
                file.path,
                file.line_col(tag.span.start as usize).line
            )
        }
    }
}

// implements: SRS-038
/// The `show` sections: code locations and verification.
pub fn show_text(analysis: &Analysis, item: ItemIdx) -> String {
    let mut out = String::new();
    let implements = tag_places(analysis, item, TagRole::Implements);
    let verifies = tag_places(analysis, item, TagRole::Verifies);
    if !implements.is_empty() || !verifies.is_empty() {
        out.push_str("\ncode\n");
        for place in implements {
            out.push_str(&format!("  implemented at {place}\n"));
        }
        for place in verifies {
            out.push_str(&format!("  verified by the test at {place}\n"));
        }
    }
    if let Some(Some(test)) = analysis.verification.tests.get(item) {
        out.push_str(&format!(
            "\nevidence: {}\n",
            test.outcome.map_or("no result", |o| o.as_str())
        ));
        verifier_lines(analysis, test, &mut out);
    }
    if let Some(Some(v)) = analysis.verification.items.get(item) {
        out.push_str(&format!("\nverification: {}\n", v.status.as_str()));
        for e in &v.verifiers {
            let verdict = e.outcome.map_or("no result", |o| o.as_str());
            out.push_str(&format!(
                "  {} — {verdict}\n",
                verifier_name(analysis, e.verifier)
            ));
            verifier_lines(analysis, e, &mut out);
        }
    }
    out
}

/// The same for `show --format json`.
pub fn show_json(analysis: &Analysis, item: ItemIdx) -> Value {
    let verification = analysis
        .verification
        .items
        .get(item)
        .and_then(Option::as_ref)
        .map(|v: &ItemVerification| {
            json!({
                "status": v.status.as_str(),
                "verifiers": v.verifiers.iter().map(|e| json!({
                    "verifier": verifier_name(analysis, e.verifier),
                    "outcome": e.outcome.map(|o| o.as_str()),
                    "results": e.results.iter().map(|&(r, k)| {
                        let report = &analysis.evidence.reports[r];
                        let result = &report.results[k];
                        json!({
                            "name": result.full_name(),
                            "outcome": result.outcome.as_str(),
                            "retries": result.retries,
                            "report": analysis.sources.get(report.file).path,
                        })
                    }).collect::<Vec<_>>(),
                    "executions": e.executions.iter().map(|&x| {
                        let exec = &analysis.evidence.executions[x];
                        json!({
                            "file": analysis.sources.get(exec.file).path,
                            "tester": exec.tester, "date": exec.date, "version": exec.version,
                            "result": exec.result.map(|o| o.as_str()),
                        })
                    }).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        });
    json!({
        "implemented_at": tag_places(analysis, item, TagRole::Implements),
        "verified_by_tests_at": tag_places(analysis, item, TagRole::Verifies),
        "verification": verification,
    })
}

fn tag_rows(analysis: &Analysis) -> Vec<(String, usize, &'static str, String, Option<&str>)> {
    let mut rows: Vec<_> = analysis
        .evidence
        .tags
        .iter()
        .map(|tag| {
            let file = analysis.sources.get(tag.span.file);
            let ids: Vec<&str> = tag.targets.iter().map(|t| t.id.as_str()).collect();
            (
                file.path.clone(),
                file.line_col(tag.span.start as usize).line,
                tag.role.keyword(),
                ids.join(", "),
                tag.test.as_deref(),
            )
        })
        .collect();
    rows.sort();
    rows
}

// implements: SRS-038
/// `medtrace tags`: one line per tag.
pub fn tags_text(analysis: &Analysis) -> String {
    let rows = tag_rows(analysis);
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(path, line, role, ids, test)| {
            vec![
                format!("{path}:{line}"),
                role.to_string(),
                ids.clone(),
                test.unwrap_or("").to_string(),
            ]
        })
        .collect();
    let mut out = crate::table::render(&["PLACE", "TAG", "IDS", "TEST"], &table);
    out.push_str(&format!(
        "\n{} in {}\n",
        crate::report::plural(rows.len(), "tag"),
        crate::report::plural(
            rows.iter()
                .map(|r| &r.0)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            "file"
        )
    ));
    out
}

/// `medtrace tags --format json`.
pub fn tags_json(analysis: &Analysis) -> Value {
    json!({
        "version": crate::report::JSON_VERSION,
        "tags": tag_rows(analysis).into_iter().map(|(path, line, role, ids, test)| json!({
            "file": path, "line": line, "role": role,
            "ids": ids.split(", ").filter(|s| !s.is_empty()).collect::<Vec<_>>(),
            "test": test,
        })).collect::<Vec<_>>(),
    })
}

/// The results and manual executions behind one verifier, one per line.
fn verifier_lines(
    analysis: &Analysis,
    e: &medtrace_core::verification::VerifierEvidence,
    out: &mut String,
) {
    for &(r, k) in &e.results {
        let report = &analysis.evidence.reports[r];
        let result = &report.results[k];
        let retries = if result.retries > 0 {
            format!(" after {} retries", result.retries)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "    {} {}{retries} ({})\n",
            result.full_name(),
            result.outcome.as_str(),
            analysis.sources.get(report.file).path
        ));
    }
    for &x in &e.executions {
        let exec = &analysis.evidence.executions[x];
        out.push_str(&format!(
            "    manual execution {} by {} on {}: {} ({})\n",
            exec.version.as_deref().unwrap_or("(no version)"),
            exec.tester.as_deref().unwrap_or("(no tester)"),
            exec.date.as_deref().unwrap_or("(no date)"),
            exec.result.map_or("no result", |o| o.as_str()),
            analysis.sources.get(exec.file).path
        ));
    }
}
