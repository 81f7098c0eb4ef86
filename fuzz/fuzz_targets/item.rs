//! Fuzzes the item parser, link graph and checks: any bytes as one or two item files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrace_core::Analysis;

fuzz_target!(|data: &[u8]| {
    // Split the input into two files so duplicate IDs and cross-file links are reached.
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (a, b) = data.split_at(cut);
    let files = [a, b.get(1..).unwrap_or_default()]
        .iter()
        .enumerate()
        .map(|(k, bytes)| {
            (
                format!("dhf/{k}.md"),
                String::from_utf8_lossy(bytes).into_owned(),
            )
        })
        .collect();
    let analysis = Analysis::from_texts("[project]\nname = \"fuzz\"\n", files);
    for d in &analysis.diagnostics {
        if let Some(span) = d.span {
            let _ = analysis.sources.line_col(span.file, span.start);
        }
    }
    let _ = medtrace_core::trace::matrix(
        &analysis.items,
        &analysis.graph,
        &[
            medtrace_core::ItemType::Sys,
            medtrace_core::ItemType::Srs,
            medtrace_core::ItemType::Tst,
        ],
    );
});
