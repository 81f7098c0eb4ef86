//! A fast path for the front matter most records have: one `key: value` per line, where
//! a value is a plain scalar, a flow list of plain words (`[SRS-001, SRS-002]`), a literal
//! block (`|`, `|-`), or a block list whose items are plain scalars or flat mappings of
//! such values (a hazard's `causes`: `- item: SWI-1` and further `key: value` lines under
//! the first key).
//!
//! It accepts only text whose meaning is beyond doubt and gives up (returns `None`) on
//! anything else — quotes, folded or indented-indicator blocks, nested mappings beyond
//! that one level, empty values inside a list item, comments after values or inside a
//! list, anchors, tabs, any YAML indicator where it could mean something — so the full
//! parser handles every such case. For the text it accepts it builds exactly the tree,
//! spans included, that the full parser builds; a differential property test in
//! `yaml::tests` and the `front_matter` fuzz target hold it to that.
//!
//! It is the hot path of `check` (a few hundred bytes per record, every record), so it
//! looks at each byte a small, fixed number of times and allocates only the tree.

use super::{Node, Value};
use crate::source::{FileId, Span};

#[derive(Clone, Copy)]
struct Line<'t> {
    /// Byte offset of the line in the front matter.
    at: usize,
    /// The line without its line break.
    content: &'t str,
}

impl Line<'_> {
    /// Whether the line holds nothing but spaces.
    fn is_blank(&self) -> bool {
        self.content.bytes().all(|b| b == b' ')
    }

    /// The number of spaces the line starts with.
    fn indent(&self) -> usize {
        self.content.bytes().take_while(|&b| b == b' ').count()
    }
}

/// Reads `text`, which starts at byte `base` of `file`; `None` when the fast path cannot
/// be sure of the reading.
pub(super) fn parse(file: FileId, base: usize, text: &str) -> Option<Node> {
    let mut lines = Vec::with_capacity(32);
    let mut start = 0;
    for (at, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'\n' => {
                lines.push(Line {
                    at: start,
                    content: &text[start..at],
                });
                start = at + 1;
            }
            b'\r' | b'\t' => return None,
            _ => {}
        }
    }
    if start < text.len() {
        lines.push(Line {
            at: start,
            content: &text[start..],
        });
    }
    let reader = Reader {
        file,
        base,
        len: text.len(),
        lines,
    };
    reader.document()
}

struct Reader<'t> {
    file: FileId,
    base: usize,
    /// Length of the front matter.
    len: usize,
    lines: Vec<Line<'t>>,
}

impl<'t> Reader<'t> {
    fn node(&self, start: usize, end: usize, value: Value) -> Node {
        Node {
            span: Span::new(self.file, self.base + start, self.base + end),
            value,
        }
    }

    fn scalar(&self, at: usize, text: &str) -> Node {
        self.node(
            at,
            at + text.len(),
            Value::Scalar {
                text: text.to_string(),
                plain: true,
            },
        )
    }

    /// Where the next top-level entry starts, looking from line `from`: the first line at
    /// column 0 that is neither blank nor a comment, or the end of the text.
    fn next_entry(&self, from: usize) -> usize {
        self.lines[from..]
            .iter()
            .find(|l| l.content.starts_with(|c: char| c != ' ' && c != '#'))
            .map_or(self.len, |l| l.at)
    }

    /// The top-level mapping.
    fn document(&self) -> Option<Node> {
        let mut entries = Vec::new();
        let mut first = None;
        let mut k = 0;
        while k < self.lines.len() {
            let line = self.lines[k];
            k += 1;
            if line.is_blank() {
                continue;
            }
            if line.content.starts_with('#') {
                // The full parser refuses control characters even in comments.
                if !is_printable(line.content) {
                    return None;
                }
                continue;
            }
            let (key, rest) = split_key(line.content)?;
            let trimmed = rest.trim_start_matches(' ');
            let value_at = line.at + key.len() + 1 + (rest.len() - trimmed.len());
            let value_text = trimmed.trim_end_matches(' ');
            let value = match value_text {
                "" => self.block_list(&mut k, line.at + key.len())?,
                "|" | "|-" => self.literal_block(&mut k, value_text == "|")?,
                _ => self.inline_value(value_at, trimmed)?,
            };
            first.get_or_insert(line.at);
            entries.push((self.scalar(line.at, key), value));
        }
        let start = first?;
        Some(self.node(start, self.len, Value::Map(entries)))
    }

    /// A value on the key's own line, `text` from its first character to the end of the
    /// line: a plain scalar or a flow list of words.
    fn inline_value(&self, at: usize, text: &str) -> Option<Node> {
        if let Some(inner) = text.strip_prefix('[') {
            // The full parser's span of a flow list takes in the spaces after it.
            flow_list(self, at, inner.strip_suffix(']')?)
        } else {
            let text = text.trim_end_matches(' ');
            is_plain(text).then(|| self.scalar(at, text))
        }
    }

    /// The value of a key with nothing after its colon (at `colon`): nothing, or a block
    /// list in the lines from `*k` on, which it consumes.
    fn block_list(&self, k: &mut usize, colon: usize) -> Option<Node> {
        let from = *k;
        let block_end = from
            + self.lines[from..]
                .iter()
                .position(|l| l.content.starts_with(|c: char| c != ' ' && c != '-'))
                .unwrap_or(self.lines.len() - from);
        let Some(first) = self.lines[from..block_end].iter().find(|l| !l.is_blank()) else {
            // The full parser places an empty value at the colon.
            return Some(self.scalar(colon, ""));
        };
        let indent = first.indent();
        if indent == 0 {
            return None;
        }
        let mut items = Vec::new();
        let mut j = from;
        while j < block_end {
            let line = self.lines[j];
            j += 1;
            if line.is_blank() {
                continue;
            }
            // Every item is `<indent>- ...`; its own spaces are counted as part of `item`.
            if line.indent() != indent {
                return None;
            }
            let item = line.content[indent..].strip_prefix("- ")?;
            let item_text = item.trim_start_matches(' ');
            let item_at = line.at + indent + 2 + (item.len() - item_text.len());
            if item.len() == item_text.len()
                && let Some((key, rest)) = split_key(item_text)
            {
                let mut entries = vec![(
                    self.scalar(item_at, key),
                    self.entry_value(item_at, key, rest)?,
                )];
                // Further entries sit exactly under the first key.
                while j < block_end {
                    let more = self.lines[j];
                    if more.is_blank() {
                        j += 1;
                        continue;
                    }
                    let more_indent = more.indent();
                    if more_indent == indent {
                        break;
                    }
                    if more_indent != indent + 2 {
                        return None;
                    }
                    let at = more.at + more_indent;
                    let (key, rest) = split_key(&more.content[more_indent..])?;
                    entries.push((self.scalar(at, key), self.entry_value(at, key, rest)?));
                    j += 1;
                }
                // A mapping ends where the next item's `-` is, or where the next entry of
                // the front matter starts.
                let end = self.lines[j..block_end]
                    .iter()
                    .find(|l| !l.is_blank())
                    .map_or_else(|| self.next_entry(block_end), |l| l.at + indent);
                items.push(self.node(item_at, end, Value::Map(entries)));
                continue;
            }
            let item_text = item_text.trim_end_matches(' ');
            if item_text.is_empty() || !is_plain(item_text) {
                return None;
            }
            items.push(self.scalar(item_at, item_text));
        }
        *k = block_end;
        Some(self.node(
            first.at + indent,
            self.next_entry(block_end),
            Value::Seq(items),
        ))
    }

    /// The value of an entry of a mapping inside a list, the key at `at`, `rest` what
    /// follows its colon.
    fn entry_value(&self, at: usize, key: &str, rest: &str) -> Option<Node> {
        let trimmed = rest.trim_start_matches(' ');
        let value_at = at + key.len() + 1 + (rest.len() - trimmed.len());
        if trimmed.is_empty() {
            return None;
        }
        self.inline_value(value_at, trimmed)
    }

    /// A literal block scalar in the lines from `*k` on, which it consumes.
    fn literal_block(&self, k: &mut usize, keep_last_break: bool) -> Option<Node> {
        let from = *k;
        let block_end = from
            + self.lines[from..]
                .iter()
                .position(|l| !(l.content.is_empty() || l.content.starts_with(' ')))
                .unwrap_or(self.lines.len() - from);
        let first = self.lines[from..block_end]
            .first()
            .filter(|l| !l.content.trim().is_empty())?;
        let indent = first.indent();
        // A block that ends the text in a line of spaces with no line break after it: the
        // full parser keeps a break there that YAML's clipping drops. Leave it to the full
        // parser, which the fast path must agree with.
        if block_end == self.lines.len()
            && let Some(last) = self.lines.last()
            && last.at + last.content.len() == self.len
            && last.is_blank()
        {
            return None;
        }
        let mut body = String::new();
        for line in &self.lines[from..block_end] {
            if line.content.trim().is_empty() {
                if line.content.len() > indent {
                    return None;
                }
                body.push('\n');
                continue;
            }
            let inner = line.content.get(indent..)?;
            if line.content.as_bytes()[..indent].iter().any(|&b| b != b' ') || !is_printable(inner)
            {
                return None;
            }
            body.push_str(inner);
            body.push('\n');
        }
        body.truncate(body.trim_end_matches('\n').len());
        if keep_last_break {
            body.push('\n');
        }
        // Where a comment line ends a literal block, the full parser's span differs in
        // ways not worth copying: leave such text to it.
        if self
            .lines
            .get(block_end)
            .is_some_and(|l| l.content.starts_with('#'))
        {
            return None;
        }
        *k = block_end;
        Some(self.node(
            first.at + indent,
            self.next_entry(block_end),
            Value::Scalar {
                text: body,
                plain: false,
            },
        ))
    }
}

/// `key: rest` or `key:` at the start of `content`, for a key of lowercase words.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    if !bytes.first()?.is_ascii_lowercase() {
        return None;
    }
    let len = bytes
        .iter()
        .take_while(|&&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        .count();
    let rest = content[len..].strip_prefix(':')?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((&content[..len], rest))
}

/// `[a, b, c]` with `inner` the text between the brackets, the `[` at `open`.
fn flow_list(reader: &Reader, open: usize, inner: &str) -> Option<Node> {
    let mut items = Vec::new();
    let mut at = open + 1;
    if !inner.trim().is_empty() {
        for part in inner.split(',') {
            let trimmed = part.trim_start_matches(' ');
            let start = at + (part.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(' ');
            if trimmed.is_empty() || !is_flow_word(trimmed) {
                return None;
            }
            items.push(reader.scalar(start, trimmed));
            at += part.len() + 1;
        }
    } else if !inner.is_empty() {
        return None;
    }
    Some(reader.node(open, open + 1 + inner.len() + 1, Value::Seq(items)))
}

/// Whether every character is one YAML allows in a scalar as written.
fn is_printable(text: &str) -> bool {
    if text.bytes().all(|b| (b' '..0x7f).contains(&b)) {
        return true;
    }
    text.chars().all(|c| {
        (c >= ' ' && c != '\u{7f}' && !('\u{80}'..'\u{a0}').contains(&c))
            && !matches!(
                c,
                '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
            )
    })
}

/// A plain scalar in block context whose text YAML reads back unchanged: no indicator
/// first, no `: ` or ` #` inside, no `:` or space last, printable, no no-break space.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) || last == b':' || last == b' ' {
        return false;
    }
    // Two passes without early exits, which the compiler turns into vector code: this
    // runs on every value of every record.
    let ascii_printable = bytes
        .iter()
        .fold(true, |ok, &b| ok & (b.wrapping_sub(b' ') < 0x7f - b' '));
    let indicator = bytes[..bytes.len() - 1]
        .iter()
        .zip(&bytes[1..])
        .fold(false, |found, (&a, &b)| {
            found | ((a == b':') & (b == b' ')) | ((a == b' ') & (b == b'#'))
        });
    !indicator && (ascii_printable || (is_printable(text) && !text.contains('\u{a0}')))
}

/// A plain scalar inside `[...]`: simple words only (IDs and the like).
fn is_flow_word(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}
