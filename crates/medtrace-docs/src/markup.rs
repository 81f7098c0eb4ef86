//! Writing typst source safely: every user string goes into a typst string literal, so no
//! character of a record can change the document's structure or run typst code.

/// `s` as a typst string literal, quotes included.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other control characters have no glyph and could confuse a reader of the
            // source; they are left out.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as markup that shows exactly `s`: an embedded string literal, ended by `;` so that
/// markup written after it cannot continue the expression.
pub fn text(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("#{};", string(s))
    }
}

/// `s` as a content block (`[...]`) that shows exactly `s`.
pub fn content(s: &str) -> String {
    format!("[{}]", text(s))
}

/// `s` as a content block in the monospaced font (IDs, commits, test names).
pub fn code(s: &str) -> String {
    format!("raw({})", string(s))
}

/// A field name as a label: `detailed-design` becomes `Detailed design`. A key with a
/// capital letter is not a field name but a value used as a key (an item ID such as
/// `SRS-001` in a review's `against`) and is kept as written.
pub fn label(name: &str) -> String {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return name.to_string();
    }
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A typst source under construction.
#[derive(Default)]
pub struct Source {
    /// The text written so far.
    pub out: String,
    /// The places where a long document may be cut into volumes, in order.
    pub(crate) cuts: Vec<Cut>,
    /// The source that reopens a table cut in the middle; [`Cut::reopen`] indexes it.
    pub(crate) openers: Vec<String>,
    /// The chapter titles (level-1 headings) as content expressions.
    pub(crate) chapters: Vec<String>,
}

/// A place in [`Source::out`] where one volume may end and the next begin.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cut {
    /// Byte offset in the source.
    pub(crate) at: usize,
    /// The index in [`Source::openers`] of the table that is open here, if one is: the
    /// volume ending here closes it and the next reopens it, header and all.
    pub(crate) reopen: Option<usize>,
    /// The index in [`Source::chapters`] of the chapter under way, unless the cut starts
    /// a chapter.
    pub(crate) chapter: Option<usize>,
}

impl Source {
    /// Appends raw typst source (never user text).
    pub fn raw(&mut self, typst: &str) {
        self.out.push_str(typst);
    }

    /// A heading at `level` (1 is a chapter) showing `title`.
    pub fn heading(&mut self, level: usize, title: &str) {
        if level <= 2 {
            self.cut(None, level > 1);
        }
        if level <= 1 {
            self.chapters.push(content(title));
        }
        self.out.push_str(&format!(
            "\n#heading(level: {}, {})\n\n",
            level.max(1),
            content(title)
        ));
    }

    /// A heading that is not numbered and not in the table of contents.
    pub fn plain_heading(&mut self, level: usize, title: &str) {
        self.out.push_str(&format!(
            "\n#heading(level: {}, numbering: none, outlined: false, {})\n\n",
            level.max(1),
            content(title)
        ));
    }

    /// A paragraph of plain user text.
    pub fn para(&mut self, s: &str) {
        self.out.push_str(&text(s));
        self.out.push_str("\n\n");
    }

    /// A statement of what is missing, set apart by the template's `missing`.
    pub fn missing(&mut self, s: &str) {
        self.out.push_str(&format!("#missing({})\n\n", content(s)));
    }

    /// A table with a header row that repeats on every page: `header` and each row are
    /// already typst content expressions (`[...]`), one per column.
    pub fn table(&mut self, columns: &str, header: &[&str], rows: &[Vec<String>]) {
        let start = self.out.len();
        self.out.push_str(&format!(
            "#records-table(\n  columns: {columns},\n  header: ("
        ));
        for h in header {
            self.out.push_str(&content(h));
            self.out.push_str(", ");
        }
        self.out.push_str("),\n");
        let opener = self.openers.len();
        self.openers.push(self.out[start..].to_string());
        for (k, row) in rows.iter().enumerate() {
            if k > 0 {
                self.cut(Some(opener), true);
            }
            self.out.push_str("  ");
            for cell in row {
                self.out.push_str(cell);
                self.out.push_str(", ");
            }
            self.out.push('\n');
        }
        self.out.push_str(")\n\n");
    }

    /// Marks the current end of the source as a place to cut, inside the table
    /// `reopen` if one is open, and inside the current chapter if `within_chapter`.
    fn cut(&mut self, reopen: Option<usize>, within_chapter: bool) {
        let chapter = if within_chapter {
            self.chapters.len().checked_sub(1)
        } else {
            None
        };
        self.cuts.push(Cut {
            at: self.out.len(),
            reopen,
            chapter,
        });
    }

    /// A two-column list of (label, value expression) pairs.
    pub fn fields(&mut self, pairs: &[(String, String)]) {
        if pairs.is_empty() {
            return;
        }
        self.out.push_str("#fields(\n");
        for (label, value) in pairs {
            self.out
                .push_str(&format!("  ({}, {}),\n", content(label), value));
        }
        self.out.push_str(")\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::{label, string, text};

    #[test]
    fn strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string("x\ny\u{7}"), "\"x\\ny\"");
        assert_eq!(text(""), "");
        assert_eq!(text("#x"), "#\"#x\";");
    }

    #[test]
    fn ids_used_as_keys_keep_their_hyphen() {
        assert_eq!(label("SRS-001"), "SRS-001");
        assert_eq!(label("reviewed-version"), "Reviewed version");
    }

    #[test]
    fn labels_read_as_words() {
        assert_eq!(label("detailed-design"), "Detailed design");
        assert_eq!(label(""), "");
    }
}
