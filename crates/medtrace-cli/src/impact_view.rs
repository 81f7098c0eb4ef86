//! `medtrace impact ID... [--since REV]`: what a change can touch, grouped for a change
//! request's analysis (7.4, 8.2.2): hazards and risk controls first, then requirements,
//! software items, SOUP and tests (to re-run), each with the link it was reached by.
//! With `--since`, the changed items are those whose record changed since REV (by
//! `medtrace diff`) and those tagged in source files changed since REV; the SOUP changes
//! of the lockfiles and whether a class C item is touched are added.

use crate::ViewFormat;
use crate::out::Out;
use anyhow::Result;
use medtrace_core::diff::SoupChange;
use medtrace_core::graph::ItemIdx;
use medtrace_core::impact::{Reached, Via};
use medtrace_core::{Analysis, Class, ItemType};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

/// The groups of the output, in order: (title, types).
const GROUPS: [(&str, &[ItemType]); 6] = [
    ("Hazards", &[ItemType::Haz]),
    ("Risk control measures", &[ItemType::Rcm]),
    ("Requirements", &[ItemType::Sys, ItemType::Srs]),
    ("Software items and SOUP", &[ItemType::Swi, ItemType::Soup]),
    ("Tests", &[ItemType::Tst]),
    (
        "Other records",
        &[ItemType::Prb, ItemType::Cr, ItemType::Doc],
    ),
];

fn why(analysis: &Analysis, via: Option<Via>) -> String {
    let id = |i: ItemIdx| analysis.items[i].id.as_str();
    match via {
        None => "the changed item".into(),
        Some(Via::Link {
            from,
            role,
            forward: true,
        }) => format!("{} {} it", id(from), role.field()),
        Some(Via::Link {
            from,
            role,
            forward: false,
        }) => format!("{} {}", role.field(), id(from)),
        Some(Via::SoupCause { from }) => format!("has a cause in SOUP {}", id(from)),
    }
}

fn status(analysis: &Analysis, item: ItemIdx) -> String {
    analysis
        .verification
        .status(item)
        .map(|s| format!(" [{}]", s.as_str()))
        .unwrap_or_default()
}

/// An item the walk starts from, and why.
struct Seed {
    item: ItemIdx,
    reason: String,
}

/// What `--since` found besides the changed items.
struct Since {
    rev: String,
    commit: String,
    /// Source files with trace tags changed since REV.
    tagged_files: Vec<String>,
    /// (lockfile, change), by lockfile in configuration order.
    soup: Vec<(String, SoupChange)>,
}

// implements: SRS-061
/// Runs `impact` on the project at `root`: the items `ids` name, and with `since` those
/// changed since that revision.
pub fn run(
    root: &Path,
    ids: &[String],
    since: Option<&str>,
    format: ViewFormat,
    out: &mut Out,
) -> Result<ExitCode> {
    if ids.is_empty() && since.is_none() {
        anyhow::bail!(
            "name the changed items (`impact SRS-001 SWI-002`) or a revision (`impact --since v1.0`)"
        );
    }
    let analysis = medtrace_project::load(root)?;
    let mut seeds = Vec::new();
    for id in ids {
        let item = crate::find_item(&analysis, id)?;
        seeds.push(Seed {
            item,
            reason: "named".to_string(),
        });
    }
    let since = since
        .map(|rev| since_seeds(root, &analysis, rev, &mut seeds))
        .transpose()?;
    let mut seen = BTreeSet::new();
    seeds.retain(|s| seen.insert(s.item));
    let reached = walk(&analysis, &seeds);
    match format {
        ViewFormat::Text => out.write(&text(&analysis, &seeds, &reached, since.as_ref())),
        ViewFormat::Json => out.json(&json(&analysis, &seeds, &reached, since.as_ref())),
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds the items changed since `rev` to `seeds`: records added or changed (by the
/// diff of the records), then items tagged in source files changed since then.
fn since_seeds(
    root: &Path,
    analysis: &Analysis,
    rev: &str,
    seeds: &mut Vec<Seed>,
) -> Result<Since> {
    use medtrace_project::history;
    let before = history::load_at(root, rev)?;
    let commit = history::resolve(root, rev)?;
    let diff = medtrace_core::diff::diff(&before, analysis);
    let mut push = |id: &str, reason: String| {
        if let Some((item, _)) = analysis.item(id) {
            seeds.push(Seed { item, reason });
        }
    };
    for added in &diff.added {
        push(&added.id, "record added".to_string());
    }
    for changed in &diff.changed {
        push(&changed.id, "record changed".to_string());
    }
    let files = history::changed_since(root, rev)?;
    let mut tagged: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for tag in &analysis.evidence.tags {
        let path = &analysis.sources.get(tag.span.file).path;
        if files.contains(path) {
            let ids = tagged.entry(path.clone()).or_default();
            ids.extend(tag.targets.iter().map(|t| t.id.as_str()));
        }
    }
    for (path, ids) in &tagged {
        for id in ids {
            push(id, format!("tagged in {path}"));
        }
    }
    let mut soup = Vec::new();
    for lockfile in &analysis.config.lockfiles {
        let old = history::lockfile_components(root, Some(rev), lockfile)?.unwrap_or_default();
        let new = history::lockfile_components(root, None, lockfile)?.unwrap_or_default();
        for change in medtrace_core::diff::soup_changes(&old, &new) {
            soup.push((lockfile.clone(), change));
        }
    }
    Ok(Since {
        rev: rev.to_string(),
        commit,
        tagged_files: tagged.into_keys().collect(),
        soup,
    })
}

/// The items every seed can touch: the seeds first, then the others in the order first
/// reached (the nearest seed's walk wins).
fn walk(analysis: &Analysis, seeds: &[Seed]) -> Vec<Reached> {
    let mut best: BTreeMap<ItemIdx, (usize, usize, Reached)> = BTreeMap::new();
    for (k, seed) in seeds.iter().enumerate() {
        let reached = medtrace_core::impact::impact(
            &analysis.items,
            &analysis.graph,
            &analysis.risk,
            seed.item,
        );
        for (order, r) in reached.into_iter().enumerate() {
            let key = (r.depth, k * analysis.items.len().max(1) + order);
            match best.get(&r.item) {
                Some((depth, at, _)) if (*depth, *at) <= key => {}
                _ => {
                    best.insert(r.item, (key.0, key.1, r));
                }
            }
        }
    }
    let mut out: Vec<(usize, usize, Reached)> = best.into_values().collect();
    out.sort_by_key(|(depth, at, _)| (*depth, *at));
    out.into_iter().map(|(_, _, r)| r).collect()
}

fn class_c(analysis: &Analysis, reached: &[Reached]) -> Vec<ItemIdx> {
    reached
        .iter()
        .map(|r| r.item)
        .filter(|&i| analysis.effective_class(i) == Class::C)
        .collect()
}

fn soup_line(lockfile: &str, change: &SoupChange) -> String {
    let versions = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    format!(
        "{lockfile}: {} {} {} -> {}",
        change.ecosystem.purl_type(),
        change.name,
        versions(&change.old),
        versions(&change.new)
    )
}

/// The text listing.
fn text(analysis: &Analysis, seeds: &[Seed], reached: &[Reached], since: Option<&Since>) -> String {
    let mut out = String::new();
    if let Some(since) = since {
        out.push_str(&format!(
            "Changes since {} ({}): {} changed items, {} source files with tags changed.\n",
            since.rev,
            &since.commit[..since.commit.len().min(12)],
            seeds.len(),
            since.tagged_files.len()
        ));
    }
    let others = reached.len().saturating_sub(seeds.len());
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("Changed items ({})\n", seeds.len()));
    for seed in seeds {
        let item = &analysis.items[seed.item];
        out.push_str(&format!(
            "  {:<10} {}  ({})\n",
            item.id, item.title, seed.reason
        ));
    }
    out.push_str(&format!(
        "\nA change to them can touch {others} other items.\n"
    ));
    let is_seed: BTreeSet<ItemIdx> = seeds.iter().map(|s| s.item).collect();
    for (title, types) in GROUPS {
        let rows: Vec<&Reached> = reached
            .iter()
            .filter(|r| !is_seed.contains(&r.item) && types.contains(&analysis.items[r.item].ty))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let title = if title == "Tests" {
            "Tests to re-run"
        } else {
            title
        };
        out.push_str(&format!("\n{title} ({})\n", rows.len()));
        for r in rows {
            let item = &analysis.items[r.item];
            out.push_str(&format!(
                "  {:<10} {}{}  ({})\n",
                item.id,
                item.title,
                status(analysis, r.item),
                why(analysis, r.via)
            ));
        }
    }
    if let Some(since) = since {
        out.push_str(&format!(
            "\nSOUP changes since {} ({})\n",
            since.rev,
            since.soup.len()
        ));
        for (lockfile, change) in &since.soup {
            out.push_str(&format!("  {}\n", soup_line(lockfile, change)));
        }
    }
    let class_c = class_c(analysis, reached);
    if class_c.is_empty() {
        out.push_str("\nNo class C item is touched.\n");
    } else {
        let ids: Vec<&str> = class_c
            .iter()
            .map(|&i| analysis.items[i].id.as_str())
            .collect();
        out.push_str(&format!(
            "\nClass C items touched ({}): {}\n",
            ids.len(),
            ids.join(", ")
        ));
    }
    let hazards = reached
        .iter()
        .filter(|r| analysis.items[r.item].ty == ItemType::Haz)
        .count();
    if hazards > 0 {
        out.push_str(&format!(
            "\nRecord in the change request whether the change affects the {hazards} hazards and their risk control measures above (7.4.1 to 7.4.3).\n"
        ));
    }
    out
}

/// The JSON listing (docs/src/json-output.md).
fn json(analysis: &Analysis, seeds: &[Seed], reached: &[Reached], since: Option<&Since>) -> Value {
    let ids_of = |ty: ItemType| -> Vec<&str> {
        reached
            .iter()
            .filter(|r| analysis.items[r.item].ty == ty)
            .map(|r| analysis.items[r.item].id.as_str())
            .collect()
    };
    let items: Vec<Value> = reached
        .iter()
        .map(|r| {
            let item = &analysis.items[r.item];
            json!({
                "id": item.id,
                "type": item.ty.key(),
                "title": item.title,
                "depth": r.depth,
                "reached_by": why(analysis, r.via),
                "verification": analysis.verification.status(r.item).map(|s| s.as_str()),
                "class": analysis.effective_class(r.item).to_string(),
            })
        })
        .collect();
    let changed: Vec<Value> = seeds
        .iter()
        .map(|s| json!({"id": analysis.items[s.item].id, "reason": s.reason}))
        .collect();
    let class_c: Vec<&str> = class_c(analysis, reached)
        .iter()
        .map(|&i| analysis.items[i].id.as_str())
        .collect();
    json!({
        "version": 2,
        "since": since.map(|s| json!({
            "rev": s.rev,
            "commit": s.commit,
            "tagged_files": s.tagged_files,
        })),
        "changed": changed,
        "items": items,
        "tests": ids_of(ItemType::Tst),
        "risk_controls": ids_of(ItemType::Rcm),
        "hazards": ids_of(ItemType::Haz),
        "soup_changes": since.map(|s| s.soup.iter().map(|(lockfile, c)| json!({
            "lockfile": lockfile,
            "ecosystem": c.ecosystem.purl_type(),
            "name": c.name,
            "old": c.old,
            "new": c.new,
        })).collect::<Vec<_>>()),
        "class_c_touched": !class_c.is_empty(),
        "class_c_items": class_c,
    })
}
