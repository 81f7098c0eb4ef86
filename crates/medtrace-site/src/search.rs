//! The search index: a script that assigns `window.MEDTRACE_SEARCH`, an array of
//! `[id, title, type, text]` per item in item order. A script rather than JSON, because
//! browsers refuse `fetch` of a local file and the site must work from `file://`.

use crate::markdown;
use medtrace_core::Analysis;

/// Most bytes of body text indexed per item.
const BODY_LIMIT: usize = 1_000;

/// Appends `text` as a JavaScript string literal that is also safe inside HTML.
fn js_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The index script.
pub fn index(analysis: &Analysis) -> String {
    let mut out = String::with_capacity(64 + analysis.items.len() * 256);
    out.push_str("window.MEDTRACE_SEARCH=[\n");
    for it in &analysis.items {
        let body = analysis
            .sources
            .get(it.file)
            .text
            .get(it.body_start..)
            .unwrap_or("");
        out.push('[');
        js_string(&mut out, &it.id);
        out.push(',');
        js_string(&mut out, &it.title);
        out.push(',');
        js_string(&mut out, it.ty.key());
        out.push(',');
        js_string(&mut out, &markdown::plain(body, BODY_LIMIT));
        out.push_str("],\n");
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_cannot_close_the_script() {
        let mut out = String::new();
        super::js_string(&mut out, "</script>\"\\\n\u{2028}\u{1}");
        assert_eq!(out, "\"\\u003c/script\\u003e\\\"\\\\\\n\\u2028\\u0001\"");
    }
}
