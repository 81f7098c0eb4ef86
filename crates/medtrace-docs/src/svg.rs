//! The software item tree of the architecture document as SVG: one row per item, indented
//! under its parent, with its level and effective class.

use crate::context::Context;
use medtrace_core::{ItemIdx, ItemType, LinkRole};

const WIDTH: usize = 640;
const ROW: usize = 30;
const INDENT: usize = 28;
const BOX_H: usize = 22;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Cuts `s` to at most `max` characters, with an ellipsis when cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The rows of the tree: (item, depth), parents before children, siblings in ID order.
/// An item in a parent cycle is shown once, at the top.
pub fn tree_rows(ctx: &Context<'_>) -> Vec<(ItemIdx, usize)> {
    let items = ctx.of_type(ItemType::Swi);
    let has_parent = |i: ItemIdx| !ctx.targets(i, LinkRole::Parent).is_empty();
    let mut seen = vec![false; ctx.analysis.items.len()];
    let mut rows = Vec::new();
    let mut stack: Vec<(ItemIdx, usize)> = items
        .iter()
        .rev()
        .filter(|&&i| !has_parent(i))
        .map(|&i| (i, 0))
        .collect();
    loop {
        while let Some((i, depth)) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            rows.push((i, depth));
            for child in ctx.sources(i, LinkRole::Parent).into_iter().rev() {
                if ctx.item(child).ty == ItemType::Swi && !seen[child] {
                    stack.push((child, depth + 1));
                }
            }
        }
        // Items whose parent chain never reaches a root (a cycle) start a tree of their own.
        match items.iter().find(|&&i| !seen[i]) {
            Some(&i) => stack.push((i, 0)),
            None => break,
        }
    }
    rows
}

/// The tree as a standalone SVG document, or `None` without software items.
pub fn item_tree(ctx: &Context<'_>) -> Option<String> {
    let rows = tree_rows(ctx);
    if rows.is_empty() {
        return None;
    }
    let height = rows.len() * ROW + 10;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"Libertinus Serif\" font-size=\"12\">\n"
    );
    // Connectors: from each item's parent row down to the item's row.
    let mut last_at_depth: Vec<usize> = Vec::new();
    for (row, &(_, depth)) in rows.iter().enumerate() {
        let y = 5 + row * ROW + BOX_H / 2;
        if depth > 0
            && let Some(&parent_row) = last_at_depth.get(depth - 1)
        {
            let x = 10 + (depth - 1) * INDENT + 10;
            let top = 5 + parent_row * ROW + BOX_H;
            out.push_str(&format!(
                "<path d=\"M{x} {top} V{y} H{}\" fill=\"none\" stroke=\"#777\" stroke-width=\"1\"/>\n",
                10 + depth * INDENT
            ));
        }
        last_at_depth.truncate(depth);
        last_at_depth.push(row);
    }
    for (row, &(i, depth)) in rows.iter().enumerate() {
        let item = ctx.item(i);
        let x = 10 + depth * INDENT;
        let y = 5 + row * ROW;
        let w = WIDTH - 10 - x;
        let class = ctx.analysis.effective_class(i);
        let level = item.text("level").unwrap_or("item");
        let fill = match class.as_str() {
            "C" => "#f3e3e3",
            "B" => "#f5efd9",
            _ => "#e6efe6",
        };
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BOX_H}\" rx=\"3\" fill=\"{fill}\" stroke=\"#555\" stroke-width=\"0.8\"/>\n"
        ));
        let room = (w.saturating_sub(150)) / 6;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\"><tspan font-weight=\"bold\">{}</tspan> {}</text>\n",
            x + 6,
            y + 15,
            xml(&item.id),
            xml(&cut(&item.title, room))
        ));
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10.5\">{} · class {}</text>\n",
            WIDTH - 16,
            y + 15,
            xml(level),
            class.as_str()
        ));
    }
    out.push_str("</svg>\n");
    Some(out)
}
