//! Which clauses the plans and procedures cover: `covers` in a DOC item's front matter
//! (the whole document) and `<!-- covers: … -->` right under a heading of its body (that
//! section, down to the next heading of the same or a higher level).
//!
//! A section holding a line that starts with [`PLACEHOLDER`] — the prompt `init` writes
//! into every section — is still to be written and covers nothing yet; for front-matter
//! `covers`, the whole body is the section.

use crate::Analysis;
use crate::clauses;
use crate::item::Item;
use crate::model::{ItemType, Status};
use crate::yaml::Value;

/// The start of the line `init` writes into each plan section for the team to replace.
pub const PLACEHOLDER: &str = "TODO(medtrace):";

/// A DOC section that names the clauses it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// The DOC item's ID.
    pub doc: String,
    /// The DOC item's title.
    pub doc_title: String,
    /// The heading, or `None` when the front matter's `covers` names the whole document.
    pub section: Option<String>,
    /// The file, relative to the project root.
    pub path: String,
    /// The line of the heading (of `covers` for the whole document), from 1.
    pub line: usize,
    /// Whether the section still holds the placeholder.
    pub placeholder: bool,
    /// The DOC item's review status.
    pub status: Status,
}

impl Coverage {
    /// `DOC-001 § Verification`, or `DOC-001` for the whole document.
    pub fn label(&self) -> String {
        match &self.section {
            Some(s) => format!("{} § {s}", self.doc),
            None => self.doc.clone(),
        }
    }
}

/// A problem with a `covers` list, shown by the gap report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoversProblem {
    /// The file, relative to the project root.
    pub path: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong, lowercase.
    pub message: String,
}

/// A heading of a Markdown body with its `covers` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading text.
    pub title: String,
    /// `#` count.
    pub level: usize,
    /// Byte offset of the heading line in the body.
    pub offset: usize,
    /// The clause numbers of the `covers` comment under it, with their byte offsets.
    pub covers: Vec<(String, usize)>,
    /// Whether the section (subsections included) holds a placeholder line.
    pub placeholder: bool,
}

/// Whether a line is a placeholder line.
pub fn is_placeholder(line: &str) -> bool {
    line.trim_start().starts_with(PLACEHOLDER)
}

/// The ATX heading of a line: (level, title).
fn heading(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_end();
    let indent = trimmed.len() - trimmed.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &trimmed[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = &rest[level..];
    if !text.is_empty() && !text.starts_with([' ', '\t']) {
        return None;
    }
    // A closing sequence of `#` is not part of the title.
    let text = text.trim();
    let text = match text.trim_end_matches('#') {
        t if t.ends_with(' ') || t.is_empty() => t.trim_end(),
        _ => text,
    };
    Some((level, text))
}

/// The clause list of a `<!-- covers: 5.1.1, 5.1.2 -->` line, with byte offsets in it.
fn covers_comment(line: &str) -> Option<Vec<(String, usize)>> {
    let t = line.trim();
    let inner = t.strip_prefix("<!--")?.strip_suffix("-->")?;
    let list = inner.trim_start().strip_prefix("covers:")?;
    let base = line.find("covers:")? + "covers:".len();
    let mut out = Vec::new();
    let mut at = 0;
    for part in list.split(|c: char| c == ',' || c.is_whitespace()) {
        if !part.is_empty() {
            let offset = list[at..].find(part).map_or(0, |k| at + k);
            out.push((part.to_string(), base + offset));
            at = offset + part.len();
        }
    }
    Some(out)
}

/// The headings of a Markdown body, each with its `covers` comment (the first line after
/// the heading that is not blank) and whether its section holds the placeholder.
/// Headings inside fenced code blocks are not headings.
pub fn sections(body: &str) -> Vec<Section> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        lines.push((at, line.trim_end_matches(['\n', '\r'])));
        at += line.len();
    }
    let mut out: Vec<Section> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut k = 0;
    while k < lines.len() {
        let (offset, line) = lines[k];
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if let Some((level, title)) = heading(line) {
            let next = lines[k + 1..].iter().find(|(_, l)| !l.trim().is_empty());
            let covers = next
                .and_then(|&(o, l)| {
                    covers_comment(l).map(|c| c.into_iter().map(|(s, p)| (s, o + p)).collect())
                })
                .unwrap_or_default();
            out.push(Section {
                title: title.to_string(),
                level,
                offset,
                covers,
                placeholder: false,
            });
        } else if is_placeholder(line) {
            // A placeholder line belongs to the innermost open section and to every
            // section enclosing it.
            let mut level = usize::MAX;
            for s in out.iter_mut().rev() {
                if s.level < level {
                    s.placeholder = true;
                    level = s.level;
                }
            }
        }
        k += 1;
    }
    out
}

/// Every section of every live DOC item that covers clauses, with the clauses it names,
/// and the problems found in the `covers` lists (names that are no clause).
pub(super) fn coverage(analysis: &Analysis) -> (Vec<(Coverage, Vec<String>)>, Vec<CoversProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in analysis.items.iter().enumerate() {
        if item.ty != ItemType::Doc
            || item.status == Status::Obsolete
            || item.partial
            || analysis.graph.lookup(&item.id) != Some(i)
        {
            continue;
        }
        let file = analysis.sources.get(item.file);
        let body = file.text.get(item.body_start..).unwrap_or("");
        let line_of = |offset: usize| analysis.sources.line_col(item.file, offset as u32).line;
        let mut known = |id: &str, offset: usize| -> bool {
            if clauses::get(id).is_some() {
                return true;
            }
            let hint = if clauses::all()
                .iter()
                .any(|c| c.id.starts_with(&format!("{id}.")))
            {
                format!("; `{id}` is a group, name its clauses")
            } else {
                String::new()
            };
            problems.push(CoversProblem {
                path: file.path.clone(),
                line: line_of(offset),
                message: format!(
                    "`covers` of `{}` names `{id}`, which is no requirement clause of IEC 62304{hint}",
                    item.id
                ),
            });
            false
        };
        let whole: Vec<(String, usize)> = front_matter_covers(item);
        if !whole.is_empty() {
            let ids: Vec<String> = whole
                .iter()
                .filter(|(id, at)| known(id, *at))
                .map(|(id, _)| id.clone())
                .collect();
            let start = item
                .field("covers")
                .map_or(0, |f| f.key_span.start as usize);
            out.push((
                Coverage {
                    doc: item.id.clone(),
                    doc_title: item.title.clone(),
                    section: None,
                    path: file.path.clone(),
                    line: line_of(start),
                    placeholder: body.lines().any(is_placeholder),
                    status: item.status,
                },
                ids,
            ));
        }
        for s in sections(body) {
            if s.covers.is_empty() {
                continue;
            }
            let ids: Vec<String> = s
                .covers
                .iter()
                .filter(|(id, at)| known(id, item.body_start + at))
                .map(|(id, _)| id.clone())
                .collect();
            out.push((
                Coverage {
                    doc: item.id.clone(),
                    doc_title: item.title.clone(),
                    section: Some(s.title),
                    path: file.path.clone(),
                    line: line_of(item.body_start + s.offset),
                    placeholder: s.placeholder,
                    status: item.status,
                },
                ids,
            ));
        }
    }
    (out, problems)
}

/// The clause numbers of a DOC item's `covers` field, with their byte offsets.
fn front_matter_covers(item: &Item) -> Vec<(String, usize)> {
    let Some(field) = item.field("covers") else {
        return Vec::new();
    };
    let nodes: Vec<&crate::yaml::Node> = match &field.value.value {
        Value::Seq(nodes) => nodes.iter().collect(),
        Value::Scalar { .. } if !field.value.is_null() => vec![&field.value],
        _ => Vec::new(),
    };
    nodes
        .into_iter()
        .filter_map(|n| Some((n.as_str()?.trim().to_string(), n.span.start as usize)))
        .filter(|(s, _)| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_carry_their_covers_and_placeholders() {
        let body = "# Plan\n\nIntro.\n\n## Integration\n\n<!-- covers: 5.1.5, 5.6.1 -->\nWe integrate.\n\n### Detail\nTODO(medtrace): say more.\n\n## Verification ##\n<!-- covers: 5.1.6 -->\n```\n## not a heading\nTODO(medtrace): in code\n```\nDone.\n";
        let s = sections(body);
        let titles: Vec<(&str, usize, bool)> = s
            .iter()
            .map(|s| (s.title.as_str(), s.level, s.placeholder))
            .collect();
        assert_eq!(
            titles,
            [
                ("Plan", 1, true),
                ("Integration", 2, true),
                ("Detail", 3, true),
                ("Verification", 2, false),
            ]
        );
        let ids: Vec<&str> = s[1].covers.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(ids, ["5.1.5", "5.6.1"]);
        let (id, at) = &s[1].covers[1];
        assert_eq!(&body[*at..*at + id.len()], "5.6.1");
        assert!(s[0].covers.is_empty() && s[2].covers.is_empty());
        assert_eq!(s[3].covers[0].0, "5.1.6");
    }

    #[test]
    fn only_the_first_line_under_a_heading_is_its_covers() {
        let s = sections("## A\nText.\n<!-- covers: 5.1.1 -->\n## B\n\n\n<!--covers:9.1-->\n");
        assert!(s[0].covers.is_empty());
        assert_eq!(s[1].covers[0].0, "9.1");
        assert_eq!(heading("#nope"), None);
        assert_eq!(heading("    # code"), None);
        assert_eq!(heading("## C# notes"), Some((2, "C# notes")));
    }
}
