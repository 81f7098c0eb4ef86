//! The SOUP list as rows of text, shared by the site's SOUP page and the XLSX workbook:
//! one row per SOUP record, in ID order.

use medtrace_core::yaml::{Node, Value};
use medtrace_core::{Analysis, ItemIdx, ItemType, LinkRole, Status};

/// The column names of the SOUP list.
pub const HEADER: [&str; 10] = [
    "ID",
    "Name",
    "Version",
    "Supplier",
    "Licence",
    "Package URL",
    "Purpose",
    "Class",
    "Anomaly review",
    "Used by",
];

/// One SOUP record, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoupRow {
    /// The record.
    pub item: ItemIdx,
    /// The cells, in the order of [`HEADER`]; the last holds the IDs of the items using it.
    pub cells: [String; 9],
    /// The software items using it, in ID order.
    pub used_by: Vec<ItemIdx>,
}

/// A value as one line of text: scalars as written (whitespace collapsed), lists joined
/// by `, `, mappings as `key: value` joined by `; `.
pub fn node_text(node: &Node) -> String {
    match &node.value {
        Value::Scalar { .. } if node.is_null() => String::new(),
        Value::Scalar { text, .. } => text.split_whitespace().collect::<Vec<_>>().join(" "),
        Value::Seq(items) => items.iter().map(node_text).collect::<Vec<_>>().join(", "),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| match &v.value {
                Value::Scalar { .. } => format!("{}: {}", k.as_str().unwrap_or("?"), node_text(v)),
                Value::Seq(list) => {
                    format!("{}: {} entries", k.as_str().unwrap_or("?"), list.len())
                }
                Value::Map(_) => format!("{}: …", k.as_str().unwrap_or("?")),
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn text(analysis: &Analysis, item: ItemIdx, names: &[&str]) -> String {
    let it = &analysis.items[item];
    names
        .iter()
        .find_map(|n| it.field(n).filter(|f| !f.value.is_null()))
        .map(|f| node_text(&f.value))
        .unwrap_or_default()
}

/// The live SOUP records (obsolete ones left out), in ID order.
pub fn rows(analysis: &Analysis) -> Vec<SoupRow> {
    let mut soup: Vec<ItemIdx> = (0..analysis.items.len())
        .filter(|&i| {
            analysis.items[i].ty == ItemType::Soup && analysis.items[i].status != Status::Obsolete
        })
        .collect();
    soup.sort_by(|&a, &b| analysis.items[a].id.cmp(&analysis.items[b].id));
    soup.into_iter()
        .map(|i| {
            let mut used_by: Vec<ItemIdx> = analysis.graph.sources(i, LinkRole::Uses).collect();
            used_by.sort_by(|&a, &b| analysis.items[a].id.cmp(&analysis.items[b].id));
            used_by.dedup();
            let name = text(analysis, i, &["name"]);
            SoupRow {
                item: i,
                cells: [
                    analysis.items[i].id.clone(),
                    if name.is_empty() {
                        analysis.items[i].title.clone()
                    } else {
                        name
                    },
                    text(analysis, i, &["version"]),
                    text(analysis, i, &["supplier"]),
                    text(analysis, i, &["license", "licence"]),
                    text(analysis, i, &["purl"]),
                    text(analysis, i, &["purpose"]),
                    analysis.effective_class(i).to_string(),
                    text(analysis, i, &["anomaly-review"]),
                ],
                used_by,
            }
        })
        .collect()
}
