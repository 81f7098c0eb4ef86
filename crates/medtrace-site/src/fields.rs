//! Front matter fields as HTML: scalars as text, lists and mappings as lists, and every
//! scalar that is the ID of an item as a link to its page.

use crate::html::{escape_into, item_link_into};
use medtrace_core::Analysis;
use medtrace_core::yaml::{Node, Value};

/// Fields shown in the page heading rather than in the field table.
pub const HEADING_FIELDS: [&str; 3] = ["id", "title", "status"];

/// Appends one field value as HTML.
pub fn render_into(out: &mut String, analysis: &Analysis, node: &Node, root: &str) {
    match &node.value {
        Value::Scalar { text, .. } => scalar_into(out, analysis, text, root),
        Value::Seq(items)
            if items
                .iter()
                .all(|n| matches!(n.value, Value::Scalar { .. })) =>
        {
            for (k, n) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                render_into(out, analysis, n, root);
            }
        }
        Value::Seq(items) => {
            out.push_str("<ul class=\"field\">");
            for n in items {
                out.push_str("<li>");
                render_into(out, analysis, n, root);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        Value::Map(entries) => {
            out.push_str("<dl class=\"field\">");
            for (key, value) in entries {
                out.push_str("<dt>");
                escape_into(out, key.as_str().unwrap_or("?"));
                out.push_str("</dt><dd>");
                render_into(out, analysis, value, root);
                out.push_str("</dd>");
            }
            out.push_str("</dl>");
        }
    }
}

fn scalar_into(out: &mut String, analysis: &Analysis, text: &str, root: &str) {
    match analysis.graph.lookup(text) {
        Some(i) => item_link_into(out, analysis, i, root),
        None => escape_into(out, text),
    }
}

/// One field value as HTML.
pub fn render(analysis: &Analysis, node: &Node, root: &str) -> String {
    let mut out = String::new();
    render_into(&mut out, analysis, node, root);
    out
}

/// A field of an item as HTML, or `""` when it is absent.
pub fn field(analysis: &Analysis, item: usize, name: &str, root: &str) -> String {
    analysis.items[item]
        .field(name)
        .filter(|f| !f.value.is_null())
        .map(|f| render(analysis, &f.value, root))
        .unwrap_or_default()
}
