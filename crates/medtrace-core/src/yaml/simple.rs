//! A fast path for the front matter most records have: one `key: value` per line, where
//! a value is a plain scalar, a flow list of plain words (`[SRS-001, SRS-002]`), a block
//! list of plain scalars, or a literal block (`|`, `|-`).
//!
//! It accepts only text whose meaning is beyond doubt and gives up (returns `None`) on
//! anything else — quotes, folded or indented-indicator blocks, nested mappings, comments
//! after values, anchors, tabs, any YAML indicator where it could mean something — so the
//! full parser handles every such case. For the text it accepts it builds exactly the
//! tree, spans included, that the full parser builds; a differential property test in
//! `yaml::tests` holds it to that.

use super::{Node, Value};
use crate::source::{FileId, Span};

struct Line<'t> {
    /// Byte offset of the line in the front matter.
    at: usize,
    /// The line without its line break.
    content: &'t str,
}

pub(super) fn parse(file: FileId, base: usize, text: &str) -> Option<Node> {
    if text.contains('\r') || text.contains('\t') {
        return None;
    }
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push(Line {
            at: offset,
            content: line.strip_suffix('\n').unwrap_or(line),
        });
        offset += line.len();
    }
    let node = |at: usize, end: usize, value: Value| Node {
        span: Span::new(file, base + at, base + end),
        value,
    };
    let scalar = |at: usize, s: &str| node(at, at + s.len(), plain(s));

    let mut entries = Vec::new();
    let mut first = None;
    let mut k = 0;
    while k < lines.len() {
        let Line { at, content } = lines[k];
        k += 1;
        if content.trim_start_matches(' ').is_empty() || content.starts_with('#') {
            continue;
        }
        let colon = content.find(':')?;
        let key = &content[..colon];
        if !is_key(key) {
            return None;
        }
        let rest = &content[colon + 1..];
        if !rest.is_empty() && !rest.starts_with(' ') {
            return None;
        }
        let trimmed = rest.trim_start_matches(' ');
        let value_at = at + colon + 1 + (rest.len() - trimmed.len());
        let value_text = trimmed.trim_end_matches(' ');
        // Where the next entry starts: the first later line at column 0 that is neither
        // blank nor a comment.
        let next_entry = |from: usize| {
            lines[from..]
                .iter()
                .find(|l| l.content.starts_with(|c: char| c != ' ' && c != '#'))
                .map_or(text.len(), |l| l.at)
        };
        let value = match value_text {
            "" => {
                let block: Vec<&Line> = lines[k..]
                    .iter()
                    .take_while(|l| {
                        !l.content.starts_with(|c: char| c != ' ' && c != '-')
                            || l.content.is_empty()
                    })
                    .collect();
                let items: Vec<&Line> = block
                    .iter()
                    .copied()
                    .filter(|l| !l.content.trim().is_empty())
                    .collect();
                if items.is_empty() {
                    // The full parser places an empty value at the colon.
                    scalar(at + colon, "")
                } else {
                    // A block list: every non-blank line `<indent>- item` with one indent.
                    let indent =
                        items[0].content.len() - items[0].content.trim_start_matches(' ').len();
                    if indent == 0 {
                        return None;
                    }
                    let mut seq = Vec::new();
                    for l in &items {
                        let item = l.content.get(indent..)?.strip_prefix("- ")?;
                        if l.content[..indent].bytes().any(|b| b != b' ') {
                            return None;
                        }
                        let item_text = item.trim_start_matches(' ');
                        let item_at =
                            l.at + l.content.len() - item.len() + (item.len() - item_text.len());
                        let item_text = item_text.trim_end_matches(' ');
                        if item_text.is_empty() || !is_plain(item_text) {
                            return None;
                        }
                        seq.push(scalar(item_at, item_text));
                    }
                    k += block.len();
                    let start = items[0].at + indent;
                    node(start, next_entry(k), Value::Seq(seq))
                }
            }
            "|" | "|-" => {
                let block: Vec<&Line> = lines[k..]
                    .iter()
                    .take_while(|l| l.content.is_empty() || l.content.starts_with(' '))
                    .collect();
                let first_line = block.first().filter(|l| !l.content.trim().is_empty())?;
                let indent =
                    first_line.content.len() - first_line.content.trim_start_matches(' ').len();
                let mut body = String::new();
                for l in &block {
                    if l.content.trim().is_empty() {
                        if l.content.len() > indent {
                            return None;
                        }
                        body.push('\n');
                        continue;
                    }
                    let inner = l.content.get(indent..)?;
                    if l.content[..indent].bytes().any(|b| b != b' ') || !is_printable(inner) {
                        return None;
                    }
                    body.push_str(inner);
                    body.push('\n');
                }
                let trimmed_len = body.trim_end_matches('\n').len();
                body.truncate(trimmed_len);
                if value_text == "|" {
                    body.push('\n');
                }
                k += block.len();
                // Where a comment line ends a literal block, the full parser's span differs
                // in ways not worth copying: leave such text to it.
                if lines.get(k).is_some_and(|l| l.content.starts_with('#')) {
                    return None;
                }
                let start = first_line.at + indent;
                let end = next_entry(k);
                Node {
                    span: Span::new(file, base + start, base + end),
                    value: Value::Scalar {
                        text: body,
                        plain: false,
                    },
                }
            }
            _ if value_text.starts_with('[') => {
                let inner = value_text[1..].strip_suffix(']')?;
                flow_list(file, base, value_at, inner)?
            }
            _ if is_plain(value_text) => scalar(value_at, value_text),
            _ => return None,
        };
        first.get_or_insert(at);
        entries.push((scalar(at, key), value));
    }
    let start = first?;
    Some(node(start, text.len(), Value::Map(entries)))
}

fn plain(text: &str) -> Value {
    Value::Scalar {
        text: text.to_string(),
        plain: true,
    }
}

/// `[a, b, c]` with `inner` the text between the brackets, the `[` at `open`.
fn flow_list(file: FileId, base: usize, open: usize, inner: &str) -> Option<Node> {
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
            items.push(Node {
                span: Span::new(file, base + start, base + start + trimmed.len()),
                value: plain(trimmed),
            });
            at += part.len() + 1;
        }
    } else if !inner.is_empty() {
        return None;
    }
    let end = open + 1 + inner.len() + 1;
    Some(Node {
        span: Span::new(file, base + open, base + end),
        value: Value::Seq(items),
    })
}

fn is_key(key: &str) -> bool {
    key.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_printable(text: &str) -> bool {
    text.chars().all(|c| {
        (c >= ' ' && c != '\u{7f}' && !('\u{80}'..'\u{a0}').contains(&c))
            && !matches!(
                c,
                '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
            )
    })
}

/// A plain scalar in block context whose text YAML reads back unchanged.
fn is_plain(text: &str) -> bool {
    let first = text.as_bytes()[0];
    !b"-?:,[]{}#&*!|>'\"%@`".contains(&first)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.ends_with(' ')
        && is_printable(text)
        && !text.contains('\u{a0}')
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
