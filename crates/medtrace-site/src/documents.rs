//! The document pages built from records: software requirements, architecture, SOUP
//! list, problems and changes, and plans. Each returns `(intro, content)`: a sentence
//! of plain text and the HTML of the page body.

use crate::fields;
use crate::html::{badge, escape, escape_into, item_link, item_links, table};
use crate::markdown;
use crate::soup;
use medtrace_core::{Analysis, ItemIdx, ItemType, LinkRole, Status};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The live items of a type (obsolete ones left out), in ID order.
pub fn live(analysis: &Analysis, ty: ItemType) -> Vec<ItemIdx> {
    let mut out: Vec<ItemIdx> = (0..analysis.items.len())
        .filter(|&i| analysis.items[i].ty == ty && analysis.items[i].status != Status::Obsolete)
        .collect();
    out.sort_by(|&a, &b| analysis.items[a].id.cmp(&analysis.items[b].id));
    out
}

/// An item's Markdown body rendered for a page at the site root.
pub fn body(analysis: &Analysis, item: ItemIdx) -> String {
    let it = &analysis.items[item];
    let text = analysis
        .sources
        .get(it.file)
        .text
        .get(it.body_start..)
        .unwrap_or("");
    markdown::render(text, &|id| {
        analysis
            .graph
            .lookup(id)
            .map(|i| crate::html::item_path(&analysis.items[i].id))
    })
}

/// Targets of an item in one role, in ID order.
fn targets(analysis: &Analysis, item: ItemIdx, role: LinkRole) -> Vec<ItemIdx> {
    let mut out: Vec<ItemIdx> = analysis.graph.targets(item, role).collect();
    out.sort_by(|&a, &b| analysis.items[a].id.cmp(&analysis.items[b].id));
    out
}

/// Sources of links to an item in one role, in ID order.
fn sources(analysis: &Analysis, item: ItemIdx, role: LinkRole) -> Vec<ItemIdx> {
    let mut out: Vec<ItemIdx> = analysis.graph.sources(item, role).collect();
    out.sort_by(|&a, &b| analysis.items[a].id.cmp(&analysis.items[b].id));
    out
}

/// The heading of an item in a document: ID (linked), title, status badge.
fn heading(out: &mut String, analysis: &Analysis, item: ItemIdx, level: usize) {
    let it = &analysis.items[item];
    let _ = write!(out, "<h{level} id=\"{}\">", escape(&it.id));
    out.push_str(&item_link(analysis, item, ""));
    out.push(' ');
    escape_into(out, &it.title);
    out.push(' ');
    out.push_str(&badge(it.status.as_str()));
    let _ = write!(out, "</h{level}>");
}

/// A `<dl>` of label and HTML value pairs, leaving out empty values.
fn facts(out: &mut String, pairs: &[(&str, String)]) {
    out.push_str("<dl class=\"facts\">");
    for (label, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str("<dt>");
        escape_into(out, label);
        out.push_str("</dt><dd>");
        out.push_str(value);
        out.push_str("</dd>");
    }
    out.push_str("</dl>");
}

/// Software requirements grouped by category (IEC 62304 5.2.2).
pub fn requirements(analysis: &Analysis) -> (String, String) {
    let srs = live(analysis, ItemType::Srs);
    let mut by_category: BTreeMap<String, Vec<ItemIdx>> = BTreeMap::new();
    for &i in &srs {
        let category = analysis.items[i]
            .text("category")
            .unwrap_or("uncategorised");
        by_category.entry(category.to_string()).or_default().push(i);
    }
    let mut out = String::new();
    if !by_category.is_empty() {
        out.push_str("<nav class=\"toc\"><ul>");
        for (category, items) in &by_category {
            let _ = write!(
                out,
                "<li><a href=\"#cat-{0}\">{0}</a> ({1})</li>",
                escape(category),
                items.len()
            );
        }
        out.push_str("</ul></nav>");
    }
    for (category, items) in &by_category {
        let _ = write!(
            out,
            "<section><h2 id=\"cat-{0}\">{0}</h2>",
            escape(category)
        );
        for &i in items {
            out.push_str("<article class=\"record\">");
            heading(&mut out, analysis, i, 3);
            let status = analysis.verification.status(i).map(|s| badge(s.as_str()));
            facts(
                &mut out,
                &[
                    ("Class", escape(analysis.effective_class(i).as_str())),
                    (
                        "Derived from",
                        item_links(analysis, &targets(analysis, i, LinkRole::DerivedFrom), ""),
                    ),
                    (
                        "Allocated to",
                        item_links(analysis, &targets(analysis, i, LinkRole::AllocatedTo), ""),
                    ),
                    ("Implements", {
                        let t = targets(analysis, i, LinkRole::Implements);
                        if t.is_empty() {
                            String::new()
                        } else {
                            item_links(analysis, &t, "")
                        }
                    }),
                    (
                        "Verified by",
                        item_links(analysis, &sources(analysis, i, LinkRole::Verifies), ""),
                    ),
                    ("Verification", status.unwrap_or_default()),
                ],
            );
            out.push_str("<div class=\"body\">");
            out.push_str(&body(analysis, i));
            out.push_str("</div></article>");
        }
        out.push_str("</section>");
    }
    if srs.is_empty() {
        out.push_str("<p class=\"none\">No software requirements are recorded.</p>");
    }
    let intro = format!(
        "{} software requirements (IEC 62304 5.2), grouped by category.",
        srs.len()
    );
    (intro, out)
}

/// The deepest nesting of software items shown as a tree.
const MAX_DEPTH: usize = 16;

/// One software item and, below it, its children.
fn swi_tree(
    out: &mut String,
    analysis: &Analysis,
    item: ItemIdx,
    depth: usize,
    seen: &mut Vec<bool>,
) {
    if seen[item] {
        return;
    }
    seen[item] = true;
    let it = &analysis.items[item];
    let _ = write!(out, "<section class=\"swi depth-{}\">", depth.min(4));
    heading(out, analysis, item, (depth + 2).min(6));
    let class = format!(
        "{} <span class=\"muted\">({})</span>",
        escape(analysis.effective_class(item).as_str()),
        escape(&analysis.class_source(item).replace('`', ""))
    );
    let uses = targets(analysis, item, LinkRole::Uses);
    facts(
        out,
        &[
            ("Level", escape(it.text("level").unwrap_or(""))),
            ("Class", class),
            (
                "Class rationale",
                fields::field(analysis, item, "class-rationale", ""),
            ),
            (
                "Interfaces",
                fields::field(analysis, item, "interfaces", ""),
            ),
            (
                "Segregation",
                fields::field(analysis, item, "segregation", ""),
            ),
            (
                "SOUP used",
                if uses.is_empty() {
                    String::new()
                } else {
                    item_links(analysis, &uses, "")
                },
            ),
            (
                "Detailed design",
                fields::field(analysis, item, "detailed-design", ""),
            ),
        ],
    );
    out.push_str("<div class=\"body\">");
    out.push_str(&body(analysis, item));
    out.push_str("</div>");
    let mut children: Vec<ItemIdx> = sources(analysis, item, LinkRole::Parent);
    children.retain(|&c| analysis.items[c].status != Status::Obsolete);
    // A deep chain of parents continues at the top level instead of nesting further, so
    // no record can make the recursion deep.
    if depth < MAX_DEPTH {
        for c in children {
            swi_tree(out, analysis, c, depth + 1, seen);
        }
    }
    out.push_str("</section>");
}

/// The software items as a tree under their parents (IEC 62304 5.3), with classes,
/// interfaces, segregation and the SOUP each uses.
pub fn architecture(analysis: &Analysis) -> (String, String) {
    let swi = live(analysis, ItemType::Swi);
    let mut seen = vec![false; analysis.items.len()];
    let mut out = String::new();
    let roots: Vec<ItemIdx> = swi
        .iter()
        .copied()
        .filter(|&i| analysis.graph.targets(i, LinkRole::Parent).next().is_none())
        .collect();
    for &r in &roots {
        swi_tree(&mut out, analysis, r, 0, &mut seen);
    }
    // Items only reachable through a cycle of parents (reported by check) still show.
    for &i in &swi {
        swi_tree(&mut out, analysis, i, 0, &mut seen);
    }
    if swi.is_empty() {
        out.push_str("<p class=\"none\">No software items are recorded.</p>");
    }
    let intro = format!(
        "{} software items (IEC 62304 5.3, 5.4), each under its parent, with its safety class and where the class comes from.",
        swi.len()
    );
    (intro, out)
}

/// The SOUP list (IEC 62304 5.3.3, 5.3.4, 7.1.2, 8.1.2).
pub fn soup_list(analysis: &Analysis) -> (String, String) {
    let rows = soup::rows(analysis);
    let html_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<String> = vec![item_link(analysis, r.item, "")];
            cells.extend(r.cells[1..].iter().map(|c| escape(c)));
            cells.push(item_links(analysis, &r.used_by, ""));
            cells
        })
        .collect();
    let intro = format!(
        "{} SOUP items with version, supplier, licence, purpose, class and the review of their known anomalies.",
        rows.len()
    );
    let out = if rows.is_empty() {
        "<p class=\"none\">No SOUP items are recorded.</p>".to_string()
    } else {
        table("soup", &soup::HEADER, &html_rows)
    };
    (intro, out)
}

/// A table of the items of one type with some of their fields.
fn record_table(analysis: &Analysis, ty: ItemType, columns: &[(&str, &str)]) -> String {
    let items = live(analysis, ty);
    if items.is_empty() {
        return format!(
            "<p class=\"none\">No {} is recorded.</p>",
            escape(ty.name())
        );
    }
    let mut head = vec!["ID", "Title", "Status"];
    head.extend(columns.iter().map(|(label, _)| *label));
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|&i| {
            let it = &analysis.items[i];
            let mut row = vec![
                item_link(analysis, i, ""),
                escape(&it.title),
                badge(it.status.as_str()),
            ];
            row.extend(
                columns
                    .iter()
                    .map(|(_, f)| fields::field(analysis, i, f, "")),
            );
            row
        })
        .collect();
    table("records", &head, &rows)
}

/// Problem reports (IEC 62304 9) and change requests (6.2, 8.2).
pub fn changes(analysis: &Analysis) -> (String, String) {
    let mut out = String::from("<h2>Problem reports</h2>");
    out.push_str(&record_table(
        analysis,
        ItemType::Prb,
        &[
            ("State", "state"),
            ("Source", "source"),
            ("Version", "version"),
            ("Affects", "affects"),
            ("Found by", "found-by"),
        ],
    ));
    out.push_str("<h2>Change requests</h2>");
    out.push_str(&record_table(
        analysis,
        ItemType::Cr,
        &[
            ("State", "state"),
            ("Origin", "origin"),
            ("Resolves", "resolves"),
            ("Changes", "changes"),
        ],
    ));
    if !live(analysis, ItemType::Rel).is_empty() {
        out.push_str("<h2>Releases</h2>");
        out.push_str(&record_table(
            analysis,
            ItemType::Rel,
            &[("Version", "version")],
        ));
    }
    let intro = format!(
        "{} problem reports and {} change requests; each page holds the investigation, evaluation and approval.",
        live(analysis, ItemType::Prb).len(),
        live(analysis, ItemType::Cr).len()
    );
    (intro, out)
}

/// The plans and other documents, in full.
pub fn plans(analysis: &Analysis) -> (String, String) {
    let docs = live(analysis, ItemType::Doc);
    let mut out = String::new();
    if docs.len() > 1 {
        out.push_str("<nav class=\"toc\"><ul>");
        for &d in &docs {
            let it = &analysis.items[d];
            let _ = write!(
                out,
                "<li><a href=\"#{0}\">{0}</a> {1}</li>",
                escape(&it.id),
                escape(&it.title)
            );
        }
        out.push_str("</ul></nav>");
    }
    for &d in &docs {
        out.push_str("<article class=\"record plan\">");
        heading(&mut out, analysis, d, 2);
        out.push_str("<div class=\"body\">");
        out.push_str(&body(analysis, d));
        out.push_str("</div></article>");
    }
    if docs.is_empty() {
        out.push_str("<p class=\"none\">No plans are recorded.</p>");
    }
    (
        format!(
            "{} documents (IEC 62304 5.1, 6.1, ISO 14971 risk management plan).",
            docs.len()
        ),
        out,
    )
}
