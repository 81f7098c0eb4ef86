//! Data-driven tests of the core: small projects as strings in, findings out.

mod checks;
mod class_rules;
mod classes;
mod clauses;
mod coverage;
mod evidence;
mod gap;
mod impact;
mod links;
mod records;
mod risk_policy;
mod trace;

use medtrace_core::Analysis;

/// Reads a project given as `(path, text)` files under a default medtrace.toml
/// (or the given one, when the first file is `medtrace.toml`).
pub fn analyze(files: &[(&str, &str)]) -> Analysis {
    let (config, rest) = match files.first() {
        Some(("medtrace.toml", text)) => (*text, &files[1..]),
        _ => ("[project]\nname = \"t\"\nclass = \"C\"\n", files),
    };
    Analysis::from_texts(
        config,
        rest.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    )
}

/// The findings as `path:line:col code: message` lines.
pub fn findings(files: &[(&str, &str)]) -> Vec<String> {
    render(&analyze(files))
}

/// An analysis's findings as `path:line:col code: message` lines.
pub fn render(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .map(|d| {
            let place = d.span.map_or_else(String::new, |s| {
                let lc = analysis.sources.line_col(s.file, s.start);
                format!(
                    "{}:{}:{}",
                    analysis.sources.get(s.file).path,
                    lc.line,
                    lc.col
                )
            });
            format!("{place} {}: {}", d.code, d.message)
        })
        .collect()
}
