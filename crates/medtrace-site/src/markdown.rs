//! Markdown bodies to HTML, safely: whatever a record holds, the page it lands on runs
//! no script from it. Raw HTML (blocks and inline) is shown as escaped text, and link
//! and image URLs are kept only when they are relative or use a scheme on the allow
//! list, so `javascript:`, `data:` and `vbscript:` URLs (however they are spelt) are
//! dropped with the link, keeping its text.

use crate::html::escape;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// URL schemes a link or image may use; anything else with a scheme is dropped.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether a link or image destination is safe to emit.
pub fn safe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme
    // (`java\tscript:`), so the check must too.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    // A `/`, `?` or `#` before the first colon makes it a relative reference.
    if cleaned[..colon].contains(['/', '?', '#']) {
        return true;
    }
    let scheme = cleaned[..colon].to_ascii_lowercase();
    ALLOWED_SCHEMES.contains(&scheme.as_str())
}

/// Renders a Markdown body. `link_id` gives the page of an item ID, so that a code span
/// holding exactly an ID (`` `SRS-012` ``) becomes a link to it.
pub fn render(body: &str, link_id: &dyn Fn(&str) -> Option<String>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    // Per open link or image: whether its start was dropped (so is its end).
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(body, options).filter_map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
            CowStr::Borrowed("html"),
        )))),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::CodeBlock)),
        Event::Start(Tag::Link { ref dest_url, .. })
        | Event::Start(Tag::Image { ref dest_url, .. }) => {
            let keep = safe_url(dest_url);
            dropped.push(!keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            let was_dropped = dropped.pop().unwrap_or(false);
            (!was_dropped).then_some(event)
        }
        Event::Code(ref code) => match link_id(code) {
            Some(href) => Some(Event::InlineHtml(CowStr::Boxed(
                format!(
                    "<a class=\"id\" href=\"{}\"><code>{}</code></a>",
                    escape(&href),
                    escape(code)
                )
                .into_boxed_str(),
            ))),
            None => Some(event),
        },
        Event::InlineMath(text) | Event::DisplayMath(text) => Some(Event::Code(text)),
        other => Some(other),
    });
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The body as plain words for the search index: Markdown punctuation and raw markup
/// left as they are, whitespace collapsed, at most `limit` bytes.
pub fn plain(body: &str, limit: usize) -> String {
    let mut out = String::with_capacity(body.len().min(limit));
    for word in body.split_whitespace() {
        if out.len() + word.len() + 1 > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> String {
        render(text, &|id| {
            (id == "SRS-1").then(|| "items/SRS-1.html".to_string())
        })
    }

    #[test]
    fn raw_html_is_text() {
        let out = md("<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn dangerous_urls_are_dropped_with_their_link() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java%0ascript:x",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "&#106;avascript:alert(1)",
        ] {
            let out = md(&format!("[click]({url}) ![pic]({url})"));
            assert!(!out.contains("href"), "{url}: {out}");
            assert!(!out.contains("<img"), "{url}: {out}");
            assert!(out.contains("click"), "{url}: {out}");
        }
        assert!(md("[a](https://example.org/x)").contains("href=\"https://example.org/x\""));
        assert!(md("[a](../x.md#y)").contains("href=\"../x.md#y\""));
    }

    #[test]
    fn code_spans_naming_an_item_link_to_it() {
        let out = md("see `SRS-1` and `SRS-2`");
        assert!(out.contains("<a class=\"id\" href=\"items/SRS-1.html\"><code>SRS-1</code></a>"));
        assert!(out.contains("<code>SRS-2</code>"));
    }
}
