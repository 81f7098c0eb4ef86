//! The small trace graph of an item page as inline SVG: the item and the items it links
//! to or is linked from, laid out in columns by type (in the order of
//! [`ItemType::ALL`]), each column sorted by ID. Integer coordinates and a fixed order
//! make the bytes depend on the records only.

use crate::html::{escape_into, item_path};
use medtrace_core::{Analysis, ItemIdx, ItemType};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Most boxes drawn in one column; the rest are counted in a `+N more` line.
const MAX_PER_COLUMN: usize = 8;
const BOX_W: i32 = 132;
const BOX_H: i32 = 26;
const COL_GAP: i32 = 56;
const ROW_GAP: i32 = 10;
const TOP: i32 = 22;

/// The fill of a type's boxes; the type is also written above its column.
fn fill(ty: ItemType) -> &'static str {
    match ty {
        ItemType::Sys => "#e3ecfa",
        ItemType::Srs => "#dcefe3",
        ItemType::Swi => "#f3e8d6",
        ItemType::Soup => "#ece4f4",
        ItemType::Haz => "#f8dcdc",
        ItemType::Rcm => "#f6ecc8",
        ItemType::Tst => "#d9eff2",
        ItemType::Prb => "#f2dfe9",
        ItemType::Cr => "#e4e8ec",
        _ => "#eeeeee",
    }
}

/// The IDs shown in a box: long IDs are cut so they stay inside it.
fn short(id: &str) -> String {
    if id.chars().count() <= 18 {
        id.to_string()
    } else {
        let mut s: String = id.chars().take(17).collect();
        s.push('…');
        s
    }
}

/// The SVG for `item`; `root` leads from the page to the site root.
pub fn trace_graph(analysis: &Analysis, item: ItemIdx, root: &str) -> String {
    let mut neighbours: Vec<(ItemIdx, String)> = Vec::new();
    for e in analysis.graph.outgoing(item) {
        neighbours.push((e.item, e.role.field().to_string()));
    }
    for e in analysis.graph.incoming(item) {
        neighbours.push((e.item, e.role.reverse_name().to_string()));
    }
    // One box per item, its roles joined, the item itself in its own column.
    let mut by_item: BTreeMap<&str, (ItemIdx, Vec<String>)> = BTreeMap::new();
    for (i, role) in neighbours {
        if i == item {
            continue;
        }
        let entry = by_item
            .entry(analysis.items[i].id.as_str())
            .or_insert((i, Vec::new()));
        if !entry.1.contains(&role) {
            entry.1.push(role);
        }
    }
    let mut columns: BTreeMap<ItemType, Vec<(ItemIdx, String)>> = BTreeMap::new();
    columns
        .entry(analysis.items[item].ty)
        .or_default()
        .push((item, String::new()));
    for (i, roles) in by_item.into_values() {
        columns
            .entry(analysis.items[i].ty)
            .or_default()
            .push((i, roles.join(", ")));
    }
    let tallest = columns
        .values()
        .map(|c| c.len().min(MAX_PER_COLUMN) + usize::from(c.len() > MAX_PER_COLUMN))
        .max()
        .unwrap_or(1) as i32;
    let width = columns.len() as i32 * (BOX_W + COL_GAP) - COL_GAP + 8;
    let height = TOP + tallest * (BOX_H + ROW_GAP) + 4;
    let mut boxes = String::new();
    let mut lines = String::new();
    // Where the item's box is, to draw the edges from.
    let mut centre = (0, 0);
    let mut placed: Vec<(i32, i32, String)> = Vec::new();
    for (c, (ty, members)) in columns.iter().enumerate() {
        let x = 4 + c as i32 * (BOX_W + COL_GAP);
        let _ = write!(
            boxes,
            "<text class=\"col\" x=\"{}\" y=\"14\">{}</text>",
            x + BOX_W / 2,
            analysis.config.prefix(*ty)
        );
        for (r, (i, roles)) in members.iter().take(MAX_PER_COLUMN).enumerate() {
            let y = TOP + r as i32 * (BOX_H + ROW_GAP);
            let it = &analysis.items[*i];
            let current = *i == item;
            if current {
                centre = (x, y);
            } else {
                placed.push((x, y, roles.clone()));
            }
            boxes.push_str("<a href=\"");
            boxes.push_str(root);
            escape_into(&mut boxes, &item_path(&it.id));
            boxes.push_str("\"><title>");
            escape_into(&mut boxes, &it.id);
            boxes.push_str(": ");
            escape_into(&mut boxes, &it.title);
            if !roles.is_empty() {
                boxes.push_str(" (");
                escape_into(&mut boxes, roles);
                boxes.push(')');
            }
            let _ = write!(
                boxes,
                "</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"4\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/><text x=\"{}\" y=\"{}\">",
                fill(*ty),
                if current { "#1a1a1a" } else { "#7a7a7a" },
                if current { 2 } else { 1 },
                x + BOX_W / 2,
                y + BOX_H / 2 + 5
            );
            escape_into(&mut boxes, &short(&it.id));
            boxes.push_str("</text></a>");
        }
        if members.len() > MAX_PER_COLUMN {
            let y = TOP + MAX_PER_COLUMN as i32 * (BOX_H + ROW_GAP) + BOX_H / 2 + 5;
            let _ = write!(
                boxes,
                "<text class=\"more\" x=\"{}\" y=\"{y}\">+{} more</text>",
                x + BOX_W / 2,
                members.len() - MAX_PER_COLUMN
            );
        }
    }
    let (cx, cy) = centre;
    for (x, y, _) in &placed {
        let (x1, x2) = if *x > cx {
            (cx + BOX_W, *x)
        } else if *x < cx {
            (cx, *x + BOX_W)
        } else {
            // Same column: an arc on the right side.
            let (x0, y1, y2) = (cx + BOX_W, cy + BOX_H / 2, y + BOX_H / 2);
            let _ = write!(
                lines,
                "<path d=\"M{x0} {y1} C{} {y1} {} {y2} {x0} {y2}\"/>",
                x0 + 28,
                x0 + 28
            );
            continue;
        };
        let _ = write!(
            lines,
            "<line x1=\"{x1}\" y1=\"{}\" x2=\"{x2}\" y2=\"{}\"/>",
            cy + BOX_H / 2,
            y + BOX_H / 2
        );
    }
    let mut out = String::with_capacity(boxes.len() + lines.len() + 400);
    let _ = write!(
        out,
        "<svg class=\"trace-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"trace graph of ",
        width + 30,
        width + 30
    );
    escape_into(&mut out, &analysis.items[item].id);
    out.push_str("\"><g class=\"edges\" fill=\"none\" stroke=\"#8a8a8a\">");
    out.push_str(&lines);
    out.push_str("</g><g class=\"nodes\" font-family=\"system-ui, sans-serif\" font-size=\"12\" text-anchor=\"middle\">");
    out.push_str(&boxes);
    out.push_str("</g></svg>");
    out
}
