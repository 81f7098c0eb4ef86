//! Small HTML helpers: escaping, links to item pages, table cells.

use medtrace_core::{Analysis, ItemIdx};
use std::fmt::Write;

/// Appends `text` to `out` escaped for HTML text and double-quoted attributes.
pub fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// `text` escaped for HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// The path of an item's page relative to the site root. IDs hold only ASCII letters,
/// digits, `.`, `_` and `-` (checked by the core), so they are safe as file names.
pub fn item_path(id: &str) -> String {
    format!("items/{id}.html")
}

/// Appends a link to the item's page, with its title as tooltip; `root` leads from the
/// current page to the site root (`""` or `"../"`).
pub fn item_link_into(out: &mut String, analysis: &Analysis, item: ItemIdx, root: &str) {
    let it = &analysis.items[item];
    out.push_str("<a class=\"id\" href=\"");
    out.push_str(root);
    escape_into(out, &item_path(&it.id));
    out.push_str("\" title=\"");
    escape_into(out, &it.title);
    out.push_str("\">");
    escape_into(out, &it.id);
    out.push_str("</a>");
}

/// A link to the item's page.
pub fn item_link(analysis: &Analysis, item: ItemIdx, root: &str) -> String {
    let mut out = String::new();
    item_link_into(&mut out, analysis, item, root);
    out
}

/// Links to several items, comma-separated; `—` when there are none.
pub fn item_links(analysis: &Analysis, items: &[ItemIdx], root: &str) -> String {
    if items.is_empty() {
        return "<span class=\"none\">—</span>".to_string();
    }
    let mut out = String::new();
    for (k, &i) in items.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        item_link_into(&mut out, analysis, i, root);
    }
    out
}

/// A table: `head` as plain text, `rows` as HTML cells already escaped.
pub fn table(class: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 128);
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"{class}\"><thead><tr>"
    );
    for h in head {
        out.push_str("<th>");
        escape_into(&mut out, h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            out.push_str(cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// A status word as a badge whose class lets the style colour it.
pub fn badge(word: &str) -> String {
    let class: String = word
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("<span class=\"badge b-{class}\">{}</span>", escape(word))
}

/// The `path:line` of a byte offset in a file.
pub fn place(analysis: &Analysis, span: medtrace_core::Span) -> String {
    let file = analysis.sources.get(span.file);
    format!("{}:{}", file.path, file.line_col(span.start as usize).line)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
