//! Record bodies: the common subset of Markdown (paragraphs, lists, emphasis, code,
//! headings, block quotes, tables; links and images as text) converted to typst markup.
//! Every piece of text goes through [`markup::text`], so a body cannot run typst code;
//! raw HTML is shown as text and HTML comments are left out.

use crate::markup::{self, string};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// How a body's headings are placed in the document.
#[derive(Clone, Copy, Debug)]
pub struct Headings<'a> {
    /// The typst level of the body's highest heading.
    pub base: usize,
    /// Whether the body's headings are numbered and listed in the table of contents.
    pub outlined: bool,
    /// A first heading with this text is left out (it repeats the record's title).
    pub skip_title: Option<&'a str>,
}

fn level_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Converts a Markdown body to typst markup.
pub fn to_typst(body: &str, headings: Headings<'_>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event<'_>> = Parser::new_ext(body, options).collect();
    if let Some(title) = headings.skip_title {
        skip_title_heading(&mut events, title);
    }
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level_number(*level)),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut out = String::with_capacity(body.len() * 2);
    // The text of a code block, collected until its end.
    let mut code: Option<String> = None;
    // For each open link, its destination.
    let mut links: Vec<String> = Vec::new();
    for event in events {
        if let Some(block) = code.as_mut() {
            match event {
                Event::Text(t) => block.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let text = code.take().unwrap_or_default();
                    out.push_str(&format!(
                        "#raw(block: true, {})\n\n",
                        string(text.trim_end_matches('\n'))
                    ));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { level, .. } => {
                    let level = headings.base + level_number(level).saturating_sub(top);
                    if headings.outlined {
                        out.push_str(&format!("\n#heading(level: {level})["));
                    } else {
                        out.push_str(&format!(
                            "\n#heading(level: {level}, numbering: none, outlined: false)["
                        ));
                    }
                }
                Tag::BlockQuote(_) => out.push_str("#quote(block: true)["),
                Tag::CodeBlock(_) => code = Some(String::new()),
                Tag::List(None) => out.push_str("#list(tight: false, "),
                Tag::List(Some(start)) => out.push_str(&format!("#enum(start: {start}, ")),
                Tag::Item => out.push('['),
                Tag::Emphasis => out.push_str("#emph["),
                Tag::Strong => out.push_str("#strong["),
                Tag::Strikethrough => out.push_str("#strike["),
                Tag::Link { dest_url, .. } => links.push(dest_url.to_string()),
                Tag::Image { .. } => out.push_str(&markup::text("[image: ")),
                Tag::Table(aligns) => out.push_str(&format!(
                    "#records-table(columns: {}, header: (",
                    aligns.len().max(1)
                )),
                Tag::TableHead => {}
                Tag::TableRow => {}
                Tag::TableCell => out.push('['),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => out.push_str("\n\n"),
                TagEnd::Heading(_) => out.push_str("]\n\n"),
                TagEnd::BlockQuote(_) => out.push_str("]\n\n"),
                TagEnd::List(_) => out.push_str(")\n\n"),
                TagEnd::Item => out.push_str("], "),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => out.push(']'),
                TagEnd::Link => {
                    if let Some(url) = links.pop().filter(|u| !u.is_empty()) {
                        out.push_str(&markup::text(&format!(" ({url})")));
                    }
                }
                TagEnd::Image => out.push_str(&markup::text("]")),
                TagEnd::Table => out.push_str(")\n\n"),
                TagEnd::TableHead => out.push_str("), "),
                TagEnd::TableRow => out.push('\n'),
                TagEnd::TableCell => out.push_str("], "),
                _ => {}
            },
            Event::Text(t) => out.push_str(&markup::text(&t)),
            Event::Code(t) => out.push_str(&format!("#raw({});", string(&t))),
            Event::Html(t) | Event::InlineHtml(t) => {
                let trimmed = t.trim();
                if !(trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
                    out.push_str(&markup::text(&t));
                }
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak();"),
            Event::Rule => out.push_str("#line(length: 100%)\n\n"),
            Event::FootnoteReference(t) => out.push_str(&markup::text(&format!("[{t}]"))),
            Event::TaskListMarker(done) => {
                out.push_str(&markup::text(if done { "[x] " } else { "[ ] " }))
            }
            _ => {}
        }
    }
    out
}

/// Removes a first heading whose text is `title` (case-insensitive), with its events.
fn skip_title_heading(events: &mut Vec<Event<'_>>, title: &str) {
    let Some(Event::Start(Tag::Heading { .. })) = events.first() else {
        return;
    };
    let Some(end) = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
    else {
        return;
    };
    let text: String = events[1..end]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if text.trim().eq_ignore_ascii_case(title.trim()) {
        events.drain(..=end);
    }
}

#[cfg(test)]
mod tests {
    use super::{Headings, to_typst};

    const PLAIN: Headings<'static> = Headings {
        base: 3,
        outlined: false,
        skip_title: None,
    };

    #[test]
    fn text_is_always_a_string_literal() {
        let out = to_typst("a #b $c$ *d* _e_ @f <g> \\h `i` ]j", PLAIN);
        assert!(out.starts_with("#\"a #b $c$ \";#emph[#\"d\";]"), "{out}");
        assert!(out.contains("#\" \\\\h \";#raw(\"i\");"), "{out}");
        assert!(out.contains("#\"]\";#\"j\";"), "{out}");
    }

    #[test]
    fn headings_shift_and_the_title_heading_goes() {
        let h = Headings {
            base: 1,
            outlined: true,
            skip_title: Some("Plan"),
        };
        let out = to_typst("# Plan\n\n## Scope\n\ntext\n\n### Detail\n", h);
        assert!(!out.contains("\"Plan\""), "{out}");
        assert!(out.contains("#heading(level: 1)[#\"Scope\";]"), "{out}");
        assert!(out.contains("#heading(level: 2)[#\"Detail\";]"), "{out}");
    }

    #[test]
    fn comments_go_and_raw_html_is_text() {
        let out = to_typst("<!-- covers: 5.1 -->\n\n<script>alert(1)</script>\n", PLAIN);
        assert!(!out.contains("covers"), "{out}");
        assert!(out.contains("#\"<script>alert(1)</script>"), "{out}");
    }

    #[test]
    fn lists_tables_and_code_blocks() {
        let out = to_typst(
            "- a\n- b\n\n1. x\n\n| h1 | h2 |\n|---|---|\n| c | d |\n\n```\nfn x() {}\n```\n",
            PLAIN,
        );
        assert!(
            out.contains("#list(tight: false, [#\"a\";], [#\"b\";], )"),
            "{out}"
        );
        assert!(out.contains("#enum(start: 1, "), "{out}");
        assert!(
            out.contains("#records-table(columns: 2, header: ([#\"h1\";], [#\"h2\";], ), "),
            "{out}"
        );
        assert!(out.contains("#raw(block: true, \"fn x() {}\")"), "{out}");
    }
}
