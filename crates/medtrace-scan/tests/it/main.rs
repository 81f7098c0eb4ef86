//! Tests of the tag scanner: files as lines in, tags out as text.
//!
//! Fixtures are arrays of one-line strings, never multi-line literals, so that the
//! scanner run over this crate finds no tags in its own tests.

mod binding;
mod malformed;
mod props;
mod skip;
mod styles;

use medtrace_core::FileId;
use medtrace_scan::{ScanOutput, scan};

/// The lines joined with `\n`.
pub fn lines(lines: &[&str]) -> String {
    lines.join("\n")
}

/// Scans `text` as the file `path` and renders each finding on a line, in file order:
/// `line:col <the tag as its span covers it>` plus ` -> test` when bound, or
/// `line:col malformed <span text>: reason`. Checks on the way that every target's span
/// covers exactly its ID, inside the tag's span.
pub fn found(path: &str, text: &str) -> Vec<String> {
    let output = scan(FileId(7), path, text.as_bytes());
    render(text, &output)
}

/// [`found`] for an already scanned output.
pub fn render(text: &str, output: &ScanOutput) -> Vec<String> {
    let slice = |span: medtrace_core::Span| {
        assert_eq!(span.file, FileId(7));
        &text[span.start as usize..span.end as usize]
    };
    let place = |offset: u32| {
        let before = &text[..offset as usize];
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{line}:{col}")
    };
    let mut out: Vec<(u32, String)> = Vec::new();
    for tag in &output.tags {
        let whole = slice(tag.span);
        assert!(whole.starts_with(tag.role.keyword()), "{whole}");
        for target in &tag.targets {
            assert_eq!(slice(target.span), target.id);
            assert!(tag.span.start <= target.span.start && target.span.end <= tag.span.end);
        }
        assert_eq!(tag.targets.last().map(|t| t.span.end), Some(tag.span.end));
        let test = tag
            .test
            .as_ref()
            .map_or_else(String::new, |t| format!(" -> {t}"));
        out.push((
            tag.span.start,
            format!("{} {whole}{test}", place(tag.span.start)),
        ));
    }
    for bad in &output.malformed {
        let whole = slice(bad.span);
        assert!(
            whole.starts_with("implements:") || whole.starts_with("verifies:"),
            "{whole}"
        );
        out.push((
            bad.span.start,
            format!(
                "{} malformed {whole}: {}",
                place(bad.span.start),
                bad.reason
            ),
        ));
    }
    out.sort();
    out.into_iter().map(|(_, line)| line).collect()
}

/// Asserts that `text` scanned as `path` gives exactly `expected`.
#[track_caller]
pub fn check(path: &str, text: &[&str], expected: &[&str]) {
    assert_eq!(found(path, &lines(text)), expected);
}
