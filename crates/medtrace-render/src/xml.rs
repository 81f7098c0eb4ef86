//! XML text escaping shared by the SVG and XLSX writers.

/// Whether XML 1.0 can hold `c` at all (the `Char` production, which excludes most C0
/// controls and U+FFFE/U+FFFF; a Rust `char` is never a surrogate).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` escaped for element content or a double-quoted attribute value, leaving
/// out characters XML 1.0 cannot hold. A carriage return is written as a character
/// reference, since a parser would otherwise turn it into a line feed.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped as [`push_escaped`] does it.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{0}\u{1b}\u{FFFE}é\tz\r"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;é\tz&#13;"
        );
    }
}
