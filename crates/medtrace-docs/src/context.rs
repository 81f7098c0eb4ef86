//! What every document needs: the records and their links as typst values, the title
//! page's metadata and the revision history drawn from git.

use crate::markdown::{self, Headings};
use crate::markup::{self, Source, content, string};
use crate::{Document, Inputs, MAX_REVISIONS, TEMPLATE_NAME, volumes};
use medtrace_core::history::{Commit, civil_date};
use medtrace_core::item::Item;
use medtrace_core::yaml::{Node, Value};
use medtrace_core::{Analysis, ItemIdx, ItemType, LinkRole};
use std::collections::BTreeSet;

/// The inputs with the lookups the documents share.
pub struct Context<'a> {
    /// The inputs.
    pub inputs: &'a Inputs<'a>,
    /// The checked project.
    pub analysis: &'a Analysis,
    /// The body source one volume holds at most ([`crate::volumes::VOLUME_BYTES`]).
    pub volume_bytes: usize,
}

impl<'a> Context<'a> {
    /// Wraps the inputs.
    pub fn new(inputs: &'a Inputs<'a>, volume_bytes: usize) -> Context<'a> {
        Context {
            inputs,
            analysis: inputs.analysis,
            volume_bytes,
        }
    }

    /// The items of one type, in ID order (natural: `SRS-2` before `SRS-10`).
    pub fn of_type(&self, ty: ItemType) -> Vec<ItemIdx> {
        let mut out: Vec<ItemIdx> = (0..self.analysis.items.len())
            .filter(|&i| self.analysis.items[i].ty == ty)
            .collect();
        out.sort_by(|&a, &b| natural(&self.analysis.items[a].id, &self.analysis.items[b].id));
        out
    }

    /// The item at an index.
    pub fn item(&self, i: ItemIdx) -> &'a Item {
        &self.analysis.items[i]
    }

    /// `ID Title`, for headings.
    pub fn heading_text(&self, i: ItemIdx) -> String {
        let item = self.item(i);
        if item.title.is_empty() {
            item.id.clone()
        } else {
            format!("{} {}", item.id, item.title)
        }
    }

    /// The IDs of the items linked from `i` in `role`, sorted.
    pub fn targets(&self, i: ItemIdx, role: LinkRole) -> Vec<ItemIdx> {
        let mut out: Vec<ItemIdx> = self.analysis.graph.targets(i, role).collect();
        self.sort(&mut out);
        out
    }

    /// The IDs of the items that link to `i` in `role`, sorted.
    pub fn sources(&self, i: ItemIdx, role: LinkRole) -> Vec<ItemIdx> {
        let mut out: Vec<ItemIdx> = self.analysis.graph.sources(i, role).collect();
        self.sort(&mut out);
        out
    }

    fn sort(&self, items: &mut Vec<ItemIdx>) {
        items.sort_by(|&a, &b| natural(&self.item(a).id, &self.item(b).id));
        items.dedup();
    }

    /// A list of items as one content block of comma-separated IDs, or "—".
    pub fn ids(&self, items: &[ItemIdx]) -> String {
        if items.is_empty() {
            return content("—");
        }
        let ids: Vec<&str> = items.iter().map(|&i| self.item(i).id.as_str()).collect();
        content(&ids.join(", "))
    }

    /// A field's text, or `None` when absent or empty.
    pub fn text(&self, i: ItemIdx, field: &str) -> Option<&'a str> {
        self.item(i)
            .text(field)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// A field's text as a content block, or "—".
    pub fn text_cell(&self, i: ItemIdx, field: &str) -> String {
        content(self.text(i, field).unwrap_or("—"))
    }

    /// The Markdown body of an item, as typst markup.
    pub fn body(&self, i: ItemIdx, headings: Headings<'_>) -> String {
        let item = self.item(i);
        let text = &self.analysis.sources.get(item.file).text;
        let body = text.get(item.body_start..).unwrap_or("");
        markdown::to_typst(body, headings)
    }

    /// A body below a record heading at `level`: its headings unnumbered, below it.
    pub fn record_body(&self, i: ItemIdx, level: usize) -> String {
        self.body(
            i,
            Headings {
                base: level + 1,
                outlined: false,
                skip_title: Some(&self.item(i).title),
            },
        )
    }

    /// The fields of an item as (label, value) pairs, leaving out `skip` and the fields
    /// every record has (id, title, status).
    pub fn fields(&self, i: ItemIdx, skip: &[&str]) -> Vec<(String, String)> {
        self.item(i)
            .fields
            .iter()
            .filter(|f| !matches!(f.name.as_str(), "id" | "title" | "status"))
            .filter(|f| !skip.contains(&f.name.as_str()))
            .filter(|f| !f.value.is_null())
            .map(|f| {
                let shown = match f.name.as_str() {
                    "reviewed" => review(&f.value).unwrap_or_else(|| value(&f.value)),
                    _ => value(&f.value),
                };
                (markup::label(&f.name), shown)
            })
            .collect()
    }

    /// Starts a document.
    pub fn start(&self, suffix: &str, title: &str) -> Doc {
        Doc {
            id: format!("{}-{suffix}", self.analysis.config.documents.id_prefix),
            title: title.to_string(),
            src: Source::default(),
            items: BTreeSet::new(),
            images: Vec::new(),
        }
    }
}

/// A document being written: its body, the records it shows and its images.
pub struct Doc {
    /// The document ID.
    pub id: String,
    /// The title.
    pub title: String,
    /// The body.
    pub src: Source,
    /// The records shown, whose history is the document's revision history.
    pub items: BTreeSet<ItemIdx>,
    /// The images: (file name, bytes).
    pub images: Vec<(String, Vec<u8>)>,
}

impl Doc {
    /// Records that the document shows these items.
    pub fn uses(&mut self, items: impl IntoIterator<Item = ItemIdx>) {
        self.items.extend(items);
    }

    /// The finished document: the template's title page, approvals and revision history
    /// around the body; several volumes, each with all of them, when the body is longer
    /// than a volume holds.
    pub fn finish(self, ctx: &Context<'_>, extra_paths: &[String]) -> Vec<Document> {
        let info = ctx.inputs.info;
        let approvers: Vec<String> = ctx
            .analysis
            .config
            .documents
            .approvers
            .iter()
            .map(|a| format!("({}, {}), ", string(&a.role), string(&a.name)))
            .collect();
        let (revisions, note) = self.revisions(ctx, extra_paths);
        let mut out = format!("#import {}: *\n", string(TEMPLATE_NAME));
        out.push_str("#show: document.with(\n");
        out.push_str(&format!("  project: {},\n", string(&info.project)));
        out.push_str(&format!("  id: {},\n", string(&self.id)));
        out.push_str(&format!("  title: {},\n", string(&self.title)));
        out.push_str(&format!("  version: {},\n", string(&info.version)));
        out.push_str(&format!("  date: {},\n", string(&info.date())));
        match &info.commit {
            Some(c) => out.push_str(&format!("  commit: {},\n", string(c))),
            None => out.push_str("  commit: none,\n"),
        }
        out.push_str(&format!("  approvers: ({}),\n", approvers.concat()));
        out.push_str("  revisions: (\n");
        for c in &revisions {
            out.push_str(&format!(
                "    ({}, {}, {}, {}),\n",
                string(&civil_date(c.time.max(0) as u64 / 86_400)),
                string(c.id.get(..10).unwrap_or(&c.id)),
                string(&c.author),
                string(&c.summary)
            ));
        }
        out.push_str("  ),\n");
        match note {
            Some(n) => out.push_str(&format!("  revisions-note: {},\n", string(&n))),
            None => out.push_str("  revisions-note: none,\n"),
        }
        let slug: String = self
            .title
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let bodies = volumes::split(&self.src, ctx.volume_bytes);
        let count = bodies.len();
        let width = count.to_string().len();
        bodies
            .into_iter()
            .enumerate()
            .map(|(k, body)| {
                let mut source = out.clone();
                let (file_name, volume) = if count == 1 {
                    (format!("{}-{slug}.pdf", self.id), None)
                } else {
                    source.push_str(&format!("  volume: ({}, {count}),\n", k + 1));
                    (
                        format!("{}-{slug}-vol{:0width$}.pdf", self.id, k + 1),
                        Some((k + 1, count)),
                    )
                };
                source.push_str(")\n");
                source.push_str(&body);
                Document {
                    file_name,
                    id: self.id.clone(),
                    title: self.title.clone(),
                    volume,
                    source,
                    images: self.images.clone(),
                }
            })
            .collect()
    }

    /// The commits that touched the document's records, newest first, capped.
    fn revisions<'h>(
        &self,
        ctx: &'h Context<'_>,
        extra_paths: &[String],
    ) -> (Vec<&'h Commit>, Option<String>) {
        let analysis = ctx.analysis;
        let paths: BTreeSet<&str> = self
            .items
            .iter()
            .map(|&i| analysis.sources.get(analysis.items[i].file).path.as_str())
            .chain(extra_paths.iter().map(String::as_str))
            .collect();
        let mut commits: Vec<&Commit> = paths
            .iter()
            .filter_map(|p| ctx.inputs.history.get(*p))
            .flatten()
            .collect();
        commits.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.id.cmp(&b.id)));
        commits.dedup_by(|a, b| a.id == b.id);
        let total = commits.len();
        if total > MAX_REVISIONS {
            commits.truncate(MAX_REVISIONS);
            let note = format!(
                "The {MAX_REVISIONS} latest of {total} commits are listed; `git log` on the record files shows them all."
            );
            (commits, Some(note))
        } else {
            (commits, None)
        }
    }
}

/// A `reviewed` record on one line — who, when, and the upstream items reviewed against
/// — leaving out the fingerprints, which are for medtrace to compare, not for a reader.
fn review(node: &Node) -> Option<String> {
    let Value::Map(pairs) = &node.value else {
        return None;
    };
    let get = |key: &str| pairs.iter().find(|(k, _)| k.as_str() == Some(key));
    let by = get("by").and_then(|(_, v)| v.as_str())?;
    let mut text = by.trim().to_string();
    if let Some(date) = get("date").and_then(|(_, v)| v.as_str()) {
        text.push_str(&format!(" on {}", date.trim()));
    }
    if let Some((_, against)) = get("against")
        && let Value::Map(upstream) = &against.value
    {
        let ids: Vec<&str> = upstream.iter().filter_map(|(k, _)| k.as_str()).collect();
        if !ids.is_empty() {
            text.push_str(&format!(", against {}", ids.join(", ")));
        }
    }
    Some(content(&text))
}

/// A YAML value as typst content: scalars as text (multi-line ones as Markdown), lists
/// of short scalars comma-separated, other lists as bullet lists, mappings as labelled
/// lines.
pub fn value(node: &Node) -> String {
    match &node.value {
        Value::Scalar { text, .. } if text.trim_end().contains('\n') => format!(
            "[{}]",
            markdown::to_typst(
                text,
                Headings {
                    base: 4,
                    outlined: false,
                    skip_title: None,
                }
            )
        ),
        Value::Scalar { text, .. } => content(text.trim()),
        Value::Seq(items) => {
            let short = items.iter().all(|n| {
                n.as_str()
                    .is_some_and(|s| s.len() <= 40 && !s.contains('\n'))
            });
            if short {
                let texts: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
                content(&texts.join(", "))
            } else {
                let entries: Vec<String> = items.iter().map(value).collect();
                format!("list(tight: true, {})", entries.join(", "))
            }
        }
        Value::Map(pairs) => {
            let lines: Vec<String> = pairs
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    let key = markup::label(k.as_str().unwrap_or(""));
                    format!("[#strong({}) #{}]", string(&format!("{key}:")), value(v))
                })
                .collect();
            format!("stack(spacing: 0.6em, {})", lines.join(", "))
        }
    }
}

/// Orders IDs by prefix, then number: `SRS-2` before `SRS-10`.
pub fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |s: &str| -> (String, u64, String) {
        let digits_at = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
        let rest = &s[digits_at..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let number = rest[..end].parse().unwrap_or(0);
        (s[..digits_at].to_string(), number, rest[end..].to_string())
    };
    split(a).cmp(&split(b)).then_with(|| a.cmp(b))
}
