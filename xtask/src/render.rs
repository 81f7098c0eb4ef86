//! Rendering a [`Project`] as files: medtrace Markdown, StrictDoc `.sdoc` and a
//! Doorstop tree. Every renderer returns `(relative path, contents)` pairs in a
//! fixed order, so the output is byte-for-byte reproducible.

use std::fmt::Write as _;

use crate::model::{Item, Kind, Project, Value};

/// At most this many files per folder in the medtrace layout.
pub const FILES_PER_FOLDER: usize = 1000;

/// A file to write: path relative to the output folder, and its contents.
pub type File = (String, String);

/// The medtrace project: `medtrace.toml` and one Markdown file per item under
/// `dhf/<type>/<NNN>/<ID>.md`, at most [`FILES_PER_FOLDER`] per folder.
pub fn medtrace(p: &Project) -> Vec<File> {
    let mut files = Vec::with_capacity(p.size + 1);
    files.push((
        "medtrace.toml".to_string(),
        format!(
            "[project]\nname = \"bench-{}\"\nclass = \"C\"\n\n[items]\nfolders = [\"dhf\"]\n",
            p.size
        ),
    ));
    for item in p.all() {
        let id = p.id(item.me);
        let path = format!(
            "dhf/{}/{:03}/{id}.md",
            item.me.kind.folder(),
            item.me.index / FILES_PER_FOLDER
        );
        files.push((path, medtrace_item(p, item, &id)));
    }
    files
}

fn medtrace_item(p: &Project, item: &Item, id: &str) -> String {
    let mut s = String::with_capacity(640);
    s.push_str("---\n");
    // Writing to a String cannot fail.
    let _ = writeln!(s, "id: {id}\ntitle: {}\nstatus: approved", item.title);
    for (name, value) in &item.fields {
        match value {
            Value::Text(t) => {
                let _ = writeln!(s, "{name}: {t}");
            }
            Value::Block(t) => {
                let _ = writeln!(s, "{name}: |");
                for line in t.lines() {
                    let _ = writeln!(s, "  {line}");
                }
            }
            Value::Yaml(t) => {
                let _ = writeln!(s, "{name}:\n{t}");
            }
            Value::List(list) => {
                let _ = writeln!(s, "{name}:");
                for entry in list {
                    let _ = writeln!(s, "  - {entry}");
                }
            }
        }
    }
    for (name, targets) in &item.links {
        let ids: Vec<String> = targets.iter().map(|&t| p.id(t)).collect();
        if *name == "parent" {
            // A single ID is accepted as a scalar; use that form where it is natural.
            let _ = writeln!(s, "{name}: {}", ids[0]);
        } else if ids.len() >= 3 {
            let _ = writeln!(s, "{name}:");
            for id in &ids {
                let _ = writeln!(s, "  - {id}");
            }
        } else {
            let _ = writeln!(s, "{name}: [{}]", ids.join(", "));
        }
    }
    s.push_str("---\n");
    s.push_str(&item.body);
    s
}

/// The names of all fields used by `items`, in an order consistent with every
/// item's own order (StrictDoc wants fields in grammar order).
fn field_union(items: &[Item]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for item in items {
        let mut at = 0;
        for (name, _) in &item.fields {
            match out.iter().position(|n| n == name) {
                Some(i) => at = i + 1,
                None => {
                    out.insert(at, name);
                    at += 1;
                }
            }
        }
    }
    out
}

/// The name a type field gets in a peer format whose own attributes include
/// `reserved`: `level` is Doorstop's outline level and StrictDoc's section level,
/// so the SWI and TST `level` fields become `swi-level` and `tst-level` there.
fn peer_field_name(kind: Kind, name: &'static str, reserved: &[&str]) -> String {
    if reserved.contains(&name) {
        format!("{}-{name}", kind.folder())
    } else {
        name.to_string()
    }
}

/// Field names StrictDoc gives a meaning of its own.
const SDOC_RESERVED: &[&str] = &[
    "level",
    "uid",
    "status",
    "title",
    "statement",
    "mid",
    "tags",
];

/// Attributes Doorstop items already have.
const DOORSTOP_RESERVED: &[&str] = &[
    "active",
    "derived",
    "header",
    "level",
    "links",
    "normative",
    "ref",
    "references",
    "reviewed",
    "text",
];

/// StrictDoc field name for a kebab-case field: `sequence-of-events` →
/// `SEQUENCE_OF_EVENTS`.
fn sdoc_field(kind: Kind, name: &'static str) -> String {
    peer_field_name(kind, name, SDOC_RESERVED)
        .replace('-', "_")
        .to_uppercase()
}

/// Allowed values for enumerated fields, as StrictDoc `SingleChoice` options.
fn sdoc_choices(kind: Kind, field: &str) -> Option<&'static [&'static str]> {
    match (kind, field) {
        (Kind::Srs, "category") => Some(crate::text::CATEGORIES),
        (Kind::Swi, "level") => Some(&["system", "item", "unit"]),
        (Kind::Rcm, "kind") => Some(&["inherent-design", "protective", "information"]),
        (Kind::Rcm, "implementation") => Some(&["software", "external"]),
        (Kind::Tst, "level") => Some(&["unit", "integration", "system"]),
        _ => None,
    }
}

/// The StrictDoc project: one `.sdoc` document per type (no configuration file), each
/// with a grammar declaring that type's fields (enumerations as `SingleChoice`) and
/// every medtrace link as a `Parent` relation.
pub fn strictdoc(p: &Project) -> Vec<File> {
    let mut files = Vec::with_capacity(Kind::ALL.len());
    for kind in Kind::ALL {
        let items = p.of(kind);
        let mut s = String::with_capacity(items.len() * 700 + 2000);
        let _ = writeln!(s, "[DOCUMENT]\nTITLE: {}\n", kind.document_title());
        s.push_str("[GRAMMAR]\nELEMENTS:\n- TAG: REQUIREMENT\n  FIELDS:\n");
        let mut grammar_field = |title: &str, ty: String, required: bool| {
            let _ = writeln!(
                s,
                "  - TITLE: {title}\n    TYPE: {ty}\n    REQUIRED: {}",
                if required { "True" } else { "False" }
            );
        };
        grammar_field("UID", "String".into(), true);
        grammar_field("STATUS", "String".into(), true);
        grammar_field("TITLE", "String".into(), true);
        for name in field_union(items) {
            let ty = match sdoc_choices(kind, name) {
                Some(values) => format!("SingleChoice({})", values.join(", ")),
                None => "String".to_string(),
            };
            grammar_field(&sdoc_field(kind, name), ty, false);
        }
        grammar_field("STATEMENT", "String".into(), true);
        s.push_str("  RELATIONS:\n  - TYPE: Parent\n\n");
        for item in items {
            let _ = writeln!(
                s,
                "[REQUIREMENT]\nUID: {}\nSTATUS: Approved\nTITLE: {}",
                p.id(item.me),
                item.title
            );
            for (name, value) in &item.fields {
                let field = sdoc_field(kind, name);
                match value {
                    Value::Text(t) => {
                        let _ = writeln!(s, "{field}: {t}");
                    }
                    Value::Block(t) | Value::Yaml(t) => {
                        // StrictDoc closes a multiline field only at `<<<` on a line of
                        // its own.
                        let newline = if t.ends_with('\n') { "" } else { "\n" };
                        let _ = write!(s, "{field}: >>>\n{t}{newline}<<<\n");
                    }
                    Value::List(list) => {
                        let _ = writeln!(s, "{field}: {}", list.join(", "));
                    }
                }
            }
            let _ = write!(s, "STATEMENT: >>>\n{}<<<\n", item.body);
            let targets: Vec<_> = item.links.iter().flat_map(|(_, t)| t.iter()).collect();
            if !targets.is_empty() {
                s.push_str("RELATIONS:\n");
                for t in targets {
                    let _ = writeln!(s, "- TYPE: Parent\n  VALUE: {}", p.id(*t));
                }
            }
            s.push('\n');
        }
        files.push((format!("{}.sdoc", kind.folder()), s));
    }
    files
}

/// The Doorstop document tree. Doorstop documents form a single tree with one
/// parent each, and its validation wants every item of a parent document linked
/// from a child document, so the tree follows the direction in which coverage is
/// complete: `SYS ← {SRS ← TST, HAZ ← RCM, SOUP ← SWI}`. Links to a document other
/// than the parent are allowed (Doorstop reports them at info level only).
fn doorstop_parent(kind: Kind) -> Option<Kind> {
    match kind {
        Kind::Sys => None,
        Kind::Srs | Kind::Haz | Kind::Soup => Some(Kind::Sys),
        Kind::Tst => Some(Kind::Srs),
        Kind::Rcm => Some(Kind::Haz),
        Kind::Swi => Some(Kind::Soup),
    }
}

/// YAML single-quoted scalar.
fn yaml_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The Doorstop project: one document folder per type (`<type>/.doorstop.yml`) and
/// one `<type>/<NNN>/PREFIXnnnnn.yml` per item (Doorstop reads a document's
/// subfolders; at most [`FILES_PER_FOLDER`] per folder, as for medtrace) with `header` (the title), `text` (the body),
/// `links` and the type fields as extra attributes.
pub fn doorstop(p: &Project) -> Vec<File> {
    let mut files = Vec::with_capacity(p.size + 8);
    for kind in Kind::ALL {
        let mut settings = format!(
            "settings:\n  digits: {}\n  prefix: {}\n  sep: ''\n",
            p.width,
            kind.prefix()
        );
        if let Some(parent) = doorstop_parent(kind) {
            let _ = writeln!(settings, "  parent: {}", parent.prefix());
        }
        files.push((format!("{}/.doorstop.yml", kind.folder()), settings));
        for (n, item) in p.of(kind).iter().enumerate() {
            let mut s = String::with_capacity(700);
            // Items without links (the system-level SWI without SOUP, SOUP items)
            // are marked derived, as Doorstop expects for items with no parent link.
            let derived = item.links.is_empty();
            let _ = writeln!(s, "active: true\nderived: {derived}");
            let _ = writeln!(s, "header: {}", yaml_quote(&item.title));
            let _ = writeln!(s, "level: '1.{}'", n + 1);
            let targets: Vec<_> = item.links.iter().flat_map(|(_, t)| t.iter()).collect();
            if targets.is_empty() {
                s.push_str("links: []\n");
            } else {
                s.push_str("links:\n");
                for t in targets {
                    let _ = writeln!(s, "- {}", p.doorstop_id(*t));
                }
            }
            s.push_str("normative: true\nref: ''\nreviewed: null\ntext: |\n");
            for line in item.body.lines() {
                let _ = writeln!(s, "  {line}");
            }
            s.push_str("status: approved\n");
            for (name, value) in &item.fields {
                let name = peer_field_name(kind, name, DOORSTOP_RESERVED);
                match value {
                    Value::Text(t) => {
                        let _ = writeln!(s, "{name}: {}", yaml_quote(t));
                    }
                    Value::Block(t) | Value::Yaml(t) => {
                        let _ = writeln!(s, "{name}: |");
                        for line in t.lines() {
                            let _ = writeln!(s, "  {line}");
                        }
                    }
                    Value::List(list) => {
                        let _ = writeln!(s, "{name}:");
                        for entry in list {
                            let _ = writeln!(s, "- {}", yaml_quote(entry));
                        }
                    }
                }
            }
            files.push((
                format!(
                    "{}/{:03}/{}.yml",
                    kind.folder(),
                    n / FILES_PER_FOLDER,
                    p.doorstop_id(item.me)
                ),
                s,
            ));
        }
    }
    files
}
