//! What changed between two versions of a project's records (IEC 62304 8.1.3, 8.2.4):
//! items added, removed and changed, with the fields that changed (old and new value as
//! written) and a unified line diff of the body. Pure: the two [`Analysis`] values come
//! from the loader (a revision's git tree, or the work tree).
//!
//! Fields are compared by value, not by text: `links: [A, B]` and the same list written as
//! a block sequence are equal. A field's value is shown as written in its file.

use crate::item::Item;
use crate::model::ItemType;
use crate::soup::{Component, Ecosystem};
use crate::yaml::{Node, Value};
use crate::{Analysis, Sources};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Lines of context around each change in a body diff, as `diff -u`.
const CONTEXT_LINES: usize = 3;

/// The differences between two versions of a project's records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Items only in the new version, by ID.
    pub added: Vec<ItemRef>,
    /// Items only in the old version, by ID.
    pub removed: Vec<ItemRef>,
    /// Items in both whose fields, body or file differ, by ID.
    pub changed: Vec<ItemChange>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An item added or removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemRef {
    /// The ID.
    pub id: String,
    /// The type.
    pub ty: ItemType,
    /// The title.
    pub title: String,
    /// Its file, relative to the project root.
    pub path: String,
}

/// An item in both versions that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemChange {
    /// The ID.
    pub id: String,
    /// The type.
    pub ty: ItemType,
    /// The title in the new version.
    pub title: String,
    /// Its file in the new version, relative to the project root.
    pub path: String,
    /// Its file in the old version, when it moved.
    pub old_path: Option<String>,
    /// The fields that differ: the new version's fields in file order, then the fields
    /// removed, in the old version's order.
    pub fields: Vec<FieldChange>,
    /// A unified diff of the Markdown body (`@@` hunks, no file header), when it differs.
    pub body: Option<String>,
}

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field name.
    pub name: String,
    /// The old value as written; `None` when the field was added.
    pub old: Option<String>,
    /// The new value as written; `None` when the field was removed.
    pub new: Option<String>,
}

// implements: SRS-060
/// The differences from `old` to `new`, every list ordered by ID (`SRS-2` before
/// `SRS-10`). Where an ID appears twice in one version (a finding there), the first
/// item in path order is compared.
pub fn diff(old: &Analysis, new: &Analysis) -> Diff {
    let before = by_id(&old.items);
    let after = by_id(&new.items);
    let mut out = Diff::default();
    for (id, item) in &after {
        match before.get(id) {
            None => out.added.push(item_ref(item, &new.sources)),
            Some(was) => {
                if let Some(change) = compare(was, &old.sources, item, &new.sources) {
                    out.changed.push(change);
                }
            }
        }
    }
    for (id, item) in &before {
        if !after.contains_key(id) {
            out.removed.push(item_ref(item, &old.sources));
        }
    }
    out.added.sort_by(|a, b| id_order(&a.id, &b.id));
    out.removed.sort_by(|a, b| id_order(&a.id, &b.id));
    out.changed.sort_by(|a, b| id_order(&a.id, &b.id));
    out
}

/// IDs in the order people expect: by prefix, then by number (`SRS-2` before `SRS-10`),
/// then as text.
pub fn id_order(a: &str, b: &str) -> Ordering {
    fn split(id: &str) -> (&str, Option<u128>) {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (head, tail) = id.split_at(id.len() - digits);
        (head, tail.parse().ok())
    }
    let (ha, na) = split(a);
    let (hb, nb) = split(b);
    ha.cmp(hb).then(na.cmp(&nb)).then_with(|| a.cmp(b))
}

fn by_id(items: &[Item]) -> BTreeMap<&str, &Item> {
    let mut map = BTreeMap::new();
    for item in items {
        map.entry(item.id.as_str()).or_insert(item);
    }
    map
}

fn item_ref(item: &Item, sources: &Sources) -> ItemRef {
    ItemRef {
        id: item.id.clone(),
        ty: item.ty,
        title: item.title.clone(),
        path: sources.get(item.file).path.clone(),
    }
}

/// The Markdown body of an item.
fn body<'a>(item: &Item, sources: &'a Sources) -> &'a str {
    sources
        .get(item.file)
        .text
        .get(item.body_start..)
        .unwrap_or_default()
}

/// The text of a value as written in its file, trimmed.
fn written(node: &Node, sources: &Sources) -> String {
    let text = &sources.get(node.span.file).text;
    text.get(node.span.start as usize..node.span.end as usize)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// A value in a form that ignores how it is written (quotes, flow or block style).
fn canonical(node: &Node) -> String {
    match &node.value {
        Value::Scalar { text, .. } => text.clone(),
        Value::Seq(nodes) => {
            let parts: Vec<String> = nodes.iter().map(canonical).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(pairs) => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", canonical(k), canonical(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn compare(
    was: &Item,
    old_sources: &Sources,
    now: &Item,
    new_sources: &Sources,
) -> Option<ItemChange> {
    let mut fields = Vec::new();
    for field in &now.fields {
        let before = was.field(&field.name);
        if before.is_some_and(|b| canonical(&b.value) == canonical(&field.value)) {
            continue;
        }
        fields.push(FieldChange {
            name: field.name.clone(),
            old: before.map(|b| written(&b.value, old_sources)),
            new: Some(written(&field.value, new_sources)),
        });
    }
    for field in &was.fields {
        if now.field(&field.name).is_none() {
            fields.push(FieldChange {
                name: field.name.clone(),
                old: Some(written(&field.value, old_sources)),
                new: None,
            });
        }
    }
    let (old_body, new_body) = (body(was, old_sources), body(now, new_sources));
    let body = (old_body != new_body).then(|| unified(old_body, new_body));
    let path = new_sources.get(now.file).path.clone();
    let old_path = Some(old_sources.get(was.file).path.clone()).filter(|p| *p != path);
    if fields.is_empty() && body.is_none() && old_path.is_none() {
        return None;
    }
    Some(ItemChange {
        id: now.id.clone(),
        ty: now.ty,
        title: now.title.clone(),
        path,
        old_path,
        fields,
        body,
    })
}

/// A unified line diff (hunks only) of two texts.
pub fn unified(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .to_string()
}

/// A SOUP component whose locked versions differ between two readings of a lockfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoupChange {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// The name.
    pub name: String,
    /// The versions locked before, sorted; empty when the component was added.
    pub old: Vec<String>,
    /// The versions locked now, sorted; empty when it was removed.
    pub new: Vec<String>,
}

/// The components added, removed or locked at other versions from `old` to `new` (a
/// lockfile read at two revisions), by ecosystem and name. A component locked at several
/// versions (npm allows it) counts as changed when the set of versions changed.
pub fn soup_changes(old: &[Component], new: &[Component]) -> Vec<SoupChange> {
    type Versions = BTreeMap<(Ecosystem, String), Vec<String>>;
    let versions = |components: &[Component]| -> Versions {
        let mut map: Versions = BTreeMap::new();
        for c in components {
            map.entry((c.ecosystem, c.name.clone()))
                .or_default()
                .push(c.version.clone());
        }
        for list in map.values_mut() {
            list.sort();
            list.dedup();
        }
        map
    };
    let (mut before, after) = (versions(old), versions(new));
    let mut out = Vec::new();
    for ((ecosystem, name), now) in after {
        let was = before
            .remove(&(ecosystem, name.clone()))
            .unwrap_or_default();
        if was != now {
            out.push(SoupChange {
                ecosystem,
                name,
                old: was,
                new: now,
            });
        }
    }
    for ((ecosystem, name), was) in before {
        out.push(SoupChange {
            ecosystem,
            name,
            old: was,
            new: Vec::new(),
        });
    }
    out.sort_by(|a, b| (a.ecosystem, &a.name).cmp(&(b.ecosystem, &b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "[project]\nname = \"x\"\nclass = \"C\"\n";

    fn analysis(files: &[(&str, &str)]) -> Analysis {
        Analysis::from_texts(
            CONFIG,
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
        )
    }

    #[test]
    fn items_added_removed_and_changed_field_by_field() {
        let old = analysis(&[
            (
                "dhf/SRS-2.md",
                "---\nid: SRS-2\ntitle: Two\nstatus: draft\nderived-from: [SYS-1]\n---\nLine one.\nLine two.\n",
            ),
            ("dhf/SRS-10.md", "---\nid: SRS-10\ntitle: Ten\n---\n"),
            ("dhf/SRS-3.md", "---\nid: SRS-3\ntitle: Three\n---\nSame.\n"),
            ("dhf/SYS-1.md", "---\nid: SYS-1\ntitle: \"Sys\"\n---\n"),
        ]);
        let new = analysis(&[
            (
                "dhf/SRS-2.md",
                "---\nid: SRS-2\ntitle: Two, renamed\nderived-from:\n  - SYS-1\nrationale: new\n---\nLine one.\nLine 2.\n",
            ),
            ("dhf/SRS-11.md", "---\nid: SRS-11\ntitle: Eleven\n---\n"),
            ("dhf/SRS-9.md", "---\nid: SRS-9\ntitle: Nine\n---\n"),
            (
                "dhf/moved/SRS-3.md",
                "---\nid: SRS-3\ntitle: Three\n---\nSame.\n",
            ),
            ("dhf/SYS-1.md", "---\nid: SYS-1\ntitle: Sys\n---\n"),
        ]);
        let d = diff(&old, &new);
        let ids = |v: &[ItemRef]| v.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.added), ["SRS-9", "SRS-11"]);
        assert_eq!(ids(&d.removed), ["SRS-10"]);
        let changed: Vec<&str> = d.changed.iter().map(|c| c.id.as_str()).collect();
        // SYS-1 only changed its quoting: not a change.
        assert_eq!(changed, ["SRS-2", "SRS-3"]);
        let srs2 = &d.changed[0];
        assert_eq!(
            srs2.fields,
            [
                FieldChange {
                    name: "title".into(),
                    old: Some("Two".into()),
                    new: Some("Two, renamed".into())
                },
                FieldChange {
                    name: "rationale".into(),
                    old: None,
                    new: Some("new".into())
                },
                FieldChange {
                    name: "status".into(),
                    old: Some("draft".into()),
                    new: None
                },
            ]
        );
        assert_eq!(
            srs2.body.as_deref(),
            Some("@@ -1,2 +1,2 @@\n Line one.\n-Line two.\n+Line 2.\n")
        );
        let srs3 = &d.changed[1];
        assert_eq!(srs3.old_path.as_deref(), Some("dhf/SRS-3.md"));
        assert!(srs3.fields.is_empty() && srs3.body.is_none());
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn ids_sort_by_prefix_then_number() {
        let mut ids = ["SRS-10", "HAZ-2", "SRS-2", "SRS-02", "SRS-x"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, ["HAZ-2", "SRS-02", "SRS-2", "SRS-10", "SRS-x"]);
    }

    fn component(name: &str, version: &str) -> Component {
        Component {
            ecosystem: Ecosystem::Cargo,
            name: name.into(),
            version: version.into(),
            purl: String::new(),
            checksums: Vec::new(),
            direct: None,
            scope: crate::soup::Scope::Runtime,
            license: None,
            source: None,
            span: crate::Span::file_start(crate::FileId(0)),
        }
    }

    #[test]
    fn soup_components_added_removed_and_bumped() {
        let old = [
            component("serde", "1.0.1"),
            component("gone", "0.1.0"),
            component("same", "2.0.0"),
            component("twice", "1.0.0"),
        ];
        let new = [
            component("serde", "1.0.2"),
            component("same", "2.0.0"),
            component("anyhow", "1.0.0"),
            component("twice", "1.0.0"),
            component("twice", "2.0.0"),
        ];
        let got: Vec<(String, Vec<String>, Vec<String>)> = soup_changes(&old, &new)
            .into_iter()
            .map(|c| (c.name, c.old, c.new))
            .collect();
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                ("anyhow".into(), v(&[]), v(&["1.0.0"])),
                ("gone".into(), v(&["0.1.0"]), v(&[])),
                ("serde".into(), v(&["1.0.1"]), v(&["1.0.2"])),
                ("twice".into(), v(&["1.0.0"]), v(&["1.0.0", "2.0.0"])),
            ]
        );
    }
}
