//! Diagnostics rendered for people (rustc-style), for grep (short), and for machines
//! (versioned JSON, SARIF 2.1.0).

use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};
use medtrace_core::source::SourceFile;
use medtrace_core::{Analysis, Code, Diagnostic, Level, Sources, Span};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The version of the JSON output's shape; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// Counts for the closing line and the JSON summary.
pub struct Counts {
    pub deny: usize,
    pub warn: usize,
}

pub fn counts(analysis: &Analysis) -> Counts {
    let deny = analysis
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Deny)
        .count();
    Counts {
        deny,
        warn: analysis.diagnostics.len() - deny,
    }
}

/// `path:line:col: code: message`, one per line.
pub fn short(analysis: &Analysis) -> String {
    let mut out = String::new();
    for d in &analysis.diagnostics {
        out.push_str(&location(&analysis.sources, d.span));
        out.push_str(&format!(
            ": {}[{}]: {}\n",
            level_word(d.level),
            d.code,
            d.message
        ));
    }
    out
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        _ => "warning",
    }
}

fn location(sources: &Sources, span: Option<Span>) -> String {
    match span {
        Some(span) => {
            let file = sources.get(span.file);
            let lc = file.line_col(span.start as usize);
            format!("{}:{}:{}", file.path, lc.line, lc.col)
        }
        None => "medtrace.toml:1:1".to_string(),
    }
}

/// The lines a span touches, as (text, first line number, span start and end in that text).
fn excerpt(file: &SourceFile, span: Span) -> (&str, usize, std::ops::Range<usize>) {
    let text = file.text.as_str();
    let start = (span.start as usize).min(text.len());
    let end = (span.end as usize).clamp(start, text.len());
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line = file.line_col(from).line;
    (&text[from..to], line, start - from..end - from)
}

// implements: SRS-017, SRS-018
/// rustc-style snippets. `styled` adds colour (anstream strips it when not on a terminal).
pub fn human(analysis: &Analysis, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in &analysis.diagnostics {
        out.push_str(&renderer.render(&one(&analysis.sources, d)));
        out.push_str("\n\n");
    }
    let c = counts(analysis);
    out.push_str(&format!(
        "{}: {}, {}\n",
        scope(analysis),
        plural(c.deny, "error"),
        plural(c.warn, "warning")
    ));
    out
}

/// What a run read: `92 items, 98 tags, 2 test reports`.
pub fn scope(analysis: &Analysis) -> String {
    let mut parts = vec![plural(analysis.items.len(), "item")];
    let e = &analysis.evidence;
    if !e.tags.is_empty() {
        parts.push(plural(e.tags.len(), "tag"));
    }
    if !e.reports.is_empty() {
        let results: usize = e.reports.iter().map(|r| r.results.len()).sum();
        parts.push(format!(
            "{} ({})",
            plural(e.reports.len(), "test report"),
            plural(results, "result")
        ));
    }
    if !e.executions.is_empty() {
        parts.push(plural(e.executions.len(), "execution record"));
    }
    if !e.lockfiles.is_empty() {
        let components: usize = e.lockfiles.iter().map(|l| l.components.len()).sum();
        parts.push(format!(
            "{} ({})",
            plural(e.lockfiles.len(), "lockfile"),
            plural(components, "component")
        ));
    }
    parts.join(", ")
}

/// `1 item`, `2 items`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn one<'a>(sources: &'a Sources, d: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = match d.level {
        Level::Deny => SnippetLevel::ERROR,
        _ => SnippetLevel::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(d.message.as_str()).id(d.code.name()));
    let snippet = |span: Span, kind: AnnotationKind, label: &'a str| {
        let file = sources.get(span.file);
        let (text, line, range) = excerpt(file, span);
        Snippet::source(text)
            .line_start(line)
            .path(file.path.as_str())
            .annotation(kind.span(range).label(label))
    };
    if let Some(span) = d.span {
        group = group.element(snippet(span, AnnotationKind::Primary, ""));
    }
    for r in &d.related {
        group = group.element(snippet(r.span, AnnotationKind::Context, r.message.as_str()));
    }
    if let Some(help) = &d.help {
        group = group.element(SnippetLevel::HELP.message(help.as_str()));
    }
    let clause = d.code.clause();
    if !clause.is_empty() {
        group = group.element(SnippetLevel::NOTE.message(format!(
            "IEC 62304 {clause}; see `medtrace explain {}`",
            d.code
        )));
    }
    vec![group]
}

fn position(sources: &Sources, span: Span) -> Value {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    let end = file.line_col(span.end as usize);
    json!({
        "file": file.path,
        "line": start.line,
        "column": start.col,
        "end_line": end.line,
        "end_column": end.col,
    })
}

/// The versioned JSON document (see docs/src/json-output.md).
pub fn json(analysis: &Analysis) -> Value {
    let c = counts(analysis);
    let diagnostics: Vec<Value> = analysis
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = json!({
                "code": d.code.name(),
                "level": d.level.as_str(),
                "message": d.message,
                "help": d.help,
                "clause": d.code.clause(),
                "location": d.span.map(|s| position(&analysis.sources, s)),
                "snippet": d.span.map(|s| {
                    let file = analysis.sources.get(s.file);
                    let end = (s.end as usize).min(file.text.len());
                    file.text.get(s.start as usize..end).unwrap_or("").to_string()
                }),
            });
            v["related"] = d
                .related
                .iter()
                .map(|r| json!({"message": r.message, "location": position(&analysis.sources, r.span)}))
                .collect();
            v
        })
        .collect();
    json!({
        "version": JSON_VERSION,
        "tool": {"name": "medtrace", "version": env!("CARGO_PKG_VERSION")},
        "project": analysis.config.name,
        "summary": {
            "items": analysis.items.len(),
            "files": analysis.sources.len().saturating_sub(1),
            "tags": analysis.evidence.tags.len(),
            "reports": analysis.evidence.reports.len(),
            "results": analysis.evidence.reports.iter().map(|r| r.results.len()).sum::<usize>(),
            "executions": analysis.evidence.executions.len(),
            "errors": c.deny,
            "warnings": c.warn,
        },
        "diagnostics": diagnostics,
    })
}

/// SARIF 2.1.0, so CI can show findings inline in pull requests.
pub fn sarif(analysis: &Analysis) -> Value {
    let used: BTreeSet<Code> = analysis.diagnostics.iter().map(|d| d.code).collect();
    let rules: Vec<Value> = used
        .iter()
        .map(|code| {
            json!({
                "id": code.name(),
                "shortDescription": {"text": code.summary()},
                "help": {"text": format!("see `medtrace explain {}`", code.name())},
                "properties": {"clause": code.clause()},
            })
        })
        .collect();
    let region = |span: Span| {
        let p = position(&analysis.sources, span);
        json!({
            "physicalLocation": {
                "artifactLocation": {"uri": p["file"], "uriBaseId": "%SRCROOT%"},
                "region": {
                    "startLine": p["line"], "startColumn": p["column"],
                    "endLine": p["end_line"], "endColumn": p["end_column"],
                },
            },
        })
    };
    let results: Vec<Value> = analysis
        .diagnostics
        .iter()
        .map(|d| {
            let text = match &d.help {
                Some(help) => format!("{} (help: {help})", d.message),
                None => d.message.clone(),
            };
            let mut r = json!({
                "ruleId": d.code.name(),
                "ruleIndex": used.iter().position(|c| *c == d.code),
                "level": if d.level == Level::Deny { "error" } else { "warning" },
                "message": {"text": text},
                "locations": d.span.map(|s| vec![region(s)]).unwrap_or_default(),
            });
            if !d.related.is_empty() {
                r["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(k, rel)| {
                        let mut loc = region(rel.span);
                        loc["id"] = json!(k);
                        loc["message"] = json!({"text": rel.message});
                        loc
                    })
                    .collect();
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "medtrace",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the project root, where medtrace.toml is"}}},
            "results": results,
        }],
    })
}
