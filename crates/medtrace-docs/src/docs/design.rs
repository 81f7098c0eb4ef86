//! The design documents: requirements specification, architecture, detailed design of
//! the class C units and the SOUP list.

use crate::Document;
use crate::context::{Context, value};
use crate::markup::{code, content, label};
use crate::svg;
use medtrace_core::yaml::Value;
use medtrace_core::{Class, ItemIdx, ItemType, LinkRole};

/// The link fields shown in their own rows, not among the other fields.
const LINKS: &[&str] = &[
    "derived-from",
    "allocated-to",
    "implements",
    "parent",
    "uses",
];

/// The Software Requirements Specification: the system inputs, a summary table and each
/// requirement with its fields, links, class and text.
pub fn requirements(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let reqs = ctx.of_type(ItemType::Srs);
    if reqs.is_empty() {
        return None;
    }
    let mut doc = ctx.start("SRS", "Software Requirements Specification");
    doc.src.heading(1, "Introduction");
    doc.src.para(&format!(
        "This specification holds the {} software requirements of {} (IEC 62304 5.2), each with the system requirements it is derived from, the software items it is allocated to and the risk control measures it implements.",
        reqs.len(),
        ctx.analysis.config.name
    ));
    let system = ctx.of_type(ItemType::Sys);
    doc.src.heading(2, "System requirements");
    if system.is_empty() {
        doc.src.missing("No system requirement (SYS) is recorded; the software requirements are not derived from recorded system inputs.");
    } else {
        doc.uses(system.iter().copied());
        let rows: Vec<Vec<String>> = system
            .iter()
            .map(|&i| {
                vec![
                    content(&ctx.item(i).id),
                    content(&ctx.item(i).title),
                    ctx.ids(&ctx.sources(i, LinkRole::DerivedFrom)),
                ]
            })
            .collect();
        doc.src.table(
            "(auto, 1fr, 1fr)",
            &["ID", "System requirement", "Software requirements"],
            &rows,
        );
    }
    doc.src.heading(2, "Summary");
    let rows: Vec<Vec<String>> = reqs
        .iter()
        .map(|&i| {
            vec![
                content(&ctx.item(i).id),
                content(&ctx.item(i).title),
                ctx.text_cell(i, "category"),
                content(ctx.analysis.effective_class(i).as_str()),
                content(ctx.item(i).status.as_str()),
            ]
        })
        .collect();
    doc.src.table(
        "(auto, 1fr, auto, auto, auto)",
        &["ID", "Title", "Category", "Class", "Status"],
        &rows,
    );
    doc.src.heading(1, "Requirements");
    for &i in &reqs {
        doc.uses([i]);
        doc.src.heading(2, &ctx.heading_text(i));
        let mut pairs = vec![
            ("Status".to_string(), content(ctx.item(i).status.as_str())),
            (
                "Safety class".to_string(),
                content(&format!(
                    "{} ({})",
                    ctx.analysis.effective_class(i).as_str(),
                    ctx.analysis.class_source(i).replace('`', "")
                )),
            ),
            (
                "Derived from".to_string(),
                ctx.ids(&ctx.targets(i, LinkRole::DerivedFrom)),
            ),
            (
                "Allocated to".to_string(),
                ctx.ids(&ctx.targets(i, LinkRole::AllocatedTo)),
            ),
        ];
        let implements = ctx.targets(i, LinkRole::Implements);
        if !implements.is_empty() {
            pairs.push(("Implements".to_string(), ctx.ids(&implements)));
        }
        pairs.extend(ctx.fields(i, LINKS));
        doc.src.fields(&pairs);
        doc.src.raw(&ctx.record_body(i, 2));
    }
    Some(doc.finish(ctx, &[]))
}

/// The interfaces of a software item as a table, if it lists any. The columns are the
/// keys the entries use, in the order they first appear, with `description` last: an item
/// lists what it talks to (`with`, `kind`), a unit its functions (`name`, `signature`).
/// A signature is set in the monospaced font.
fn interfaces(ctx: &Context<'_>, i: ItemIdx) -> Option<String> {
    let field = ctx.item(i).field("interfaces")?;
    let Value::Seq(entries) = &field.value.value else {
        return None;
    };
    let mut keys: Vec<&str> = Vec::new();
    for entry in entries {
        if let Value::Map(pairs) = &entry.value {
            for key in pairs.iter().filter_map(|(k, _)| k.as_str()) {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    if let Some(at) = keys.iter().position(|k| *k == "description") {
        let description = keys.remove(at);
        keys.push(description);
    }
    if keys.is_empty() {
        keys.push("description");
    }
    // Shares of the width rather than `auto`: a long signature set in the monospaced
    // font would otherwise widen its column past the page.
    let widths: Vec<&str> = keys
        .iter()
        .map(|k| match *k {
            "description" => "3fr",
            "signature" => "2.3fr",
            _ => "1.3fr",
        })
        .collect();
    let header: Vec<String> = keys.iter().map(|k| content(&label(k))).collect();
    let mut out = format!(
        "#records-table(columns: ({},), header: ({},),\n",
        widths.join(", "),
        header.join(", ")
    );
    for entry in entries {
        let Value::Map(pairs) = &entry.value else {
            out.push_str(&format!(
                "  table.cell(colspan: {}, {}),\n",
                keys.len(),
                value(entry)
            ));
            continue;
        };
        let cells: Vec<String> = keys
            .iter()
            .map(|key| {
                let found = pairs.iter().find(|(k, _)| k.as_str() == Some(*key));
                match found {
                    None => content("—"),
                    Some((_, v)) if *key == "signature" => v
                        .as_str()
                        .map_or_else(|| value(v), |s| format!("[#{}]", code(s.trim()))),
                    Some((_, v)) => value(v),
                }
            })
            .collect();
        out.push_str(&format!("  {},\n", cells.join(", ")));
    }
    out.push_str(")\n\n");
    Some(out)
}

/// The Software Architecture: the item tree, each item with its interfaces, SOUP and
/// segregation, and the segregation needed by the risk control (5.3).
pub fn architecture(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let items = ctx.of_type(ItemType::Swi);
    if items.is_empty() {
        return None;
    }
    let mut doc = ctx.start("SAD", "Software Architecture");
    doc.src.heading(1, "Structure");
    doc.src.para(&format!(
        "The software system is decomposed into {} software items (IEC 62304 5.3.1). The figure shows each item under its parent with its level and effective safety class.",
        items.len()
    ));
    if let Some(tree) = svg::item_tree(ctx) {
        doc.images
            .push(("software-items.svg".to_string(), tree.into_bytes()));
        doc.src.raw("#diagram(\"software-items.svg\", caption: [Software items, their levels and safety classes])\n\n");
    }
    let rows: Vec<Vec<String>> = svg::tree_rows(ctx)
        .into_iter()
        .map(|(i, depth)| {
            let indent = "\u{2003}".repeat(depth);
            vec![
                content(&format!("{indent}{}", ctx.item(i).id)),
                content(&ctx.item(i).title),
                ctx.text_cell(i, "level"),
                content(ctx.analysis.effective_class(i).as_str()),
                ctx.ids(&ctx.targets(i, LinkRole::Uses)),
            ]
        })
        .collect();
    doc.src.table(
        "(auto, 1fr, auto, auto, auto)",
        &["ID", "Software item", "Level", "Class", "SOUP used"],
        &rows,
    );

    doc.src.heading(1, "Segregation");
    let segregated: Vec<ItemIdx> = items
        .iter()
        .copied()
        .filter(|&i| ctx.text(i, "segregation").is_some())
        .collect();
    if segregated.is_empty() {
        doc.src.missing("No software item records a segregation (5.3.5); the classes of the items rest on no recorded segregation.");
    } else {
        doc.src.para("Where an item's class differs from the items around it, the architecture segregates them (IEC 62304 5.3.5):");
        let rows: Vec<Vec<String>> = segregated
            .iter()
            .map(|&i| {
                vec![
                    content(&ctx.item(i).id),
                    content(&ctx.item(i).title),
                    ctx.text_cell(i, "segregation"),
                ]
            })
            .collect();
        doc.src.table(
            "(auto, auto, 1fr)",
            &["Item", "Title", "Segregation"],
            &rows,
        );
    }

    doc.src.heading(1, "Software items");
    for (i, _) in svg::tree_rows(ctx) {
        doc.uses([i]);
        doc.src.heading(2, &ctx.heading_text(i));
        let mut pairs = vec![
            ("Level".to_string(), ctx.text_cell(i, "level")),
            (
                "Safety class".to_string(),
                content(&format!(
                    "{} ({})",
                    ctx.analysis.effective_class(i).as_str(),
                    ctx.analysis.class_source(i).replace('`', "")
                )),
            ),
            (
                "Parent".to_string(),
                ctx.ids(&ctx.targets(i, LinkRole::Parent)),
            ),
            (
                "Requirements".to_string(),
                ctx.ids(&ctx.sources(i, LinkRole::AllocatedTo)),
            ),
        ];
        let soup = ctx.targets(i, LinkRole::Uses);
        if !soup.is_empty() {
            pairs.push(("SOUP used".to_string(), ctx.ids(&soup)));
        }
        pairs.extend(ctx.fields(
            i,
            &["level", "parent", "uses", "interfaces", "detailed-design"],
        ));
        doc.src.fields(&pairs);
        doc.src.raw(&ctx.record_body(i, 2));
        if let Some(table) = interfaces(ctx, i) {
            doc.src.plain_heading(3, "Interfaces");
            doc.src.raw(&table);
        }
    }
    Some(doc.finish(ctx, &[]))
}

/// The Detailed Design of the class C software units (5.4.2, 5.4.3).
pub fn detailed_design(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let units: Vec<ItemIdx> = ctx
        .of_type(ItemType::Swi)
        .into_iter()
        .filter(|&i| {
            ctx.text(i, "level") == Some("unit") && ctx.analysis.effective_class(i) == Class::C
        })
        .collect();
    if units.is_empty() {
        return None;
    }
    let mut doc = ctx.start("SDD", "Software Detailed Design");
    doc.src.heading(1, "Introduction");
    doc.src.para(&format!(
        "IEC 62304 5.4.2 asks for a detailed design of each class C software unit and 5.4.3 for its interfaces. This document holds the {} class C units.",
        units.len()
    ));
    for &i in &units {
        doc.uses([i]);
        doc.src.heading(1, &ctx.heading_text(i));
        doc.src.fields(&[
            (
                "Parent".to_string(),
                ctx.ids(&ctx.targets(i, LinkRole::Parent)),
            ),
            (
                "Requirements".to_string(),
                ctx.ids(&ctx.sources(i, LinkRole::AllocatedTo)),
            ),
            (
                "SOUP used".to_string(),
                ctx.ids(&ctx.targets(i, LinkRole::Uses)),
            ),
        ]);
        doc.src.plain_heading(2, "Design");
        match ctx
            .item(i)
            .field("detailed-design")
            .filter(|f| !f.value.is_null())
        {
            Some(f) => doc.src.raw(&format!("#{}\n\n", value(&f.value))),
            None => doc.src.missing("This unit records no `detailed-design`."),
        }
        doc.src.raw(&ctx.record_body(i, 2));
        if let Some(table) = interfaces(ctx, i) {
            doc.src.plain_heading(2, "Interfaces");
            doc.src.raw(&table);
        }
    }
    Some(doc.finish(ctx, &[]))
}

/// The SOUP list (5.3.3, 5.3.4, 7.1.2, 8.1.2): a summary table and each item's
/// requirements, prerequisites and anomaly review.
pub fn soup_list(ctx: &Context<'_>) -> Option<Vec<Document>> {
    let soup = ctx.of_type(ItemType::Soup);
    if soup.is_empty() {
        return None;
    }
    let mut doc = ctx.start("SOUP", "SOUP List");
    doc.src.heading(1, "Summary");
    doc.src.para(&format!(
        "{} items of software of unknown provenance are part of the software system. Each is identified by name, supplier and version (IEC 62304 8.1.2), with the software items that use it.",
        soup.len()
    ));
    let rows: Vec<Vec<String>> = soup
        .iter()
        .map(|&i| {
            vec![
                content(&ctx.item(i).id),
                ctx.text_cell(i, "name"),
                ctx.text_cell(i, "version"),
                ctx.text_cell(i, "supplier"),
                ctx.text_cell(i, "license"),
                ctx.ids(&ctx.sources(i, LinkRole::Uses)),
            ]
        })
        .collect();
    doc.src.table(
        "(auto, 1fr, auto, 1.5fr, 1.5fr, 0.9fr)",
        &["ID", "Name", "Version", "Supplier", "Licence", "Used by"],
        &rows,
    );
    doc.src.heading(1, "SOUP items");
    for &i in &soup {
        doc.uses([i]);
        doc.src.heading(2, &ctx.heading_text(i));
        let mut pairs = vec![(
            "Used by".to_string(),
            ctx.ids(&ctx.sources(i, LinkRole::Uses)),
        )];
        pairs.extend(ctx.fields(i, &[]));
        doc.src.fields(&pairs);
        doc.src.raw(&ctx.record_body(i, 2));
    }
    let locked: usize = ctx
        .analysis
        .evidence
        .lockfiles
        .iter()
        .map(|l| l.components.len())
        .sum();
    if locked > 0 {
        doc.src.heading(1, "Lockfiles");
        doc.src.para(&format!(
            "The configured lockfiles lock {locked} components; `medtrace check` holds each shipped one to a SOUP record."
        ));
    }
    Some(doc.finish(ctx, &[]))
}
