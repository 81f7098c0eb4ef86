//! The writing commands: `new` (next free ID from the type's template) and `init`.

use crate::write::write_new;
use anyhow::{Context, Result};
use medtrace_core::model::split_id;
use medtrace_core::{Analysis, Class, ItemType};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a project keeps its own templates, relative to the root: `<type key>.md` files.
pub const TEMPLATE_DIR: &str = ".medtrace/templates";

/// Where the next items of a type go: the next free number and the folder.
pub(crate) struct Slot {
    prefix: String,
    next: u64,
    width: usize,
    /// The folder most items of this type live in; ties go to the first in path order.
    pub(crate) folder: String,
}

impl Slot {
    pub(crate) fn of(analysis: &Analysis, ty: ItemType) -> Slot {
        let mut highest = 0u64;
        let mut width = 3;
        let mut folders: BTreeMap<&str, usize> = BTreeMap::new();
        for item in analysis.items.iter().filter(|i| i.ty == ty) {
            if let Some((_, name)) = split_id(&item.id)
                && let Ok(n) = name.parse::<u64>()
            {
                highest = highest.max(n);
                width = width.max(name.len());
            }
            let path = analysis.sources.get(item.file).path.as_str();
            let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            *folders.entry(folder).or_default() += 1;
        }
        let folder = match folders
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        {
            Some((folder, _)) => (*folder).to_string(),
            None => {
                let base = analysis
                    .config
                    .folders
                    .first()
                    .map_or("dhf", String::as_str);
                format!("{base}/{}", ty.folder())
            }
        };
        Slot {
            prefix: analysis.config.prefix(ty).to_string(),
            next: highest + 1,
            width,
            folder,
        }
    }

    /// The ID `k` places after the next free one.
    pub(crate) fn id(&self, k: u64) -> String {
        format!(
            "{}-{:0width$}",
            self.prefix,
            self.next + k,
            width = self.width
        )
    }
}

// implements: SRS-023
/// Creates the next free item of `ty` titled `title`; returns its ID and path.
pub fn new_item(
    root: &Path,
    analysis: &Analysis,
    ty: ItemType,
    title: &str,
) -> Result<(String, PathBuf)> {
    let slot = Slot::of(analysis, ty);
    let (id, folder) = (slot.id(0), slot.folder);
    let path = root.join(&folder).join(format!("{id}.md"));
    let custom = root.join(TEMPLATE_DIR).join(format!("{}.md", ty.key()));
    let template = if custom.is_file() {
        std::fs::read_to_string(&custom)
            .with_context(|| format!("cannot read {}", custom.display()))?
    } else {
        builtin_template(ty).to_string()
    };
    let contents = template
        .replace("{{id}}", &id)
        .replace("{{title}}", &yaml_scalar(title));
    write_new(&path, contents.as_bytes())?;
    Ok((id, path))
}

/// A YAML scalar for `text`: plain when that is safe, else double-quoted.
pub(crate) fn yaml_scalar(text: &str) -> String {
    let text = text.trim();
    let plain_safe = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.chars().all(|c| !c.is_control())
        && !matches!(text, "true" | "false" | "null" | "yes" | "no")
        && text.parse::<f64>().is_err();
    if plain_safe {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn builtin_template(ty: ItemType) -> &'static str {
    match ty {
        ItemType::Sys => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\n---\nThe system shall …\n"
        }
        ItemType::Srs => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\n# functional, performance, interface, alarm, security, usability, data,\n# installation, operation, network, regulatory\ncategory: functional\nderived-from: []\nallocated-to: []\n---\nThe software shall …\n"
        }
        ItemType::Swi => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nlevel: item # system, item or unit\nparent: []\nuses: []\ninterfaces:\n---\nWhat this software item does and how it is built.\n"
        }
        ItemType::Soup => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nname:\nsupplier:\nversion:\npurl:\nlicense:\npurpose:\nprerequisites:\nanomaly-list:\nanomaly-review:\n---\nWhy this component is used and how it was chosen.\n"
        }
        ItemType::Haz => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nhazard:\nsequence-of-events:\nhazardous-situation:\nharm:\nseverity:\nprobability:\nitems: []\ncauses: []\nresidual-severity:\nresidual-probability:\n---\n"
        }
        ItemType::Rcm => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nkind: protective # inherent-design, protective or information\nimplementation: software # software or external\nmitigates: []\n---\nHow the measure works.\n"
        }
        ItemType::Tst => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nlevel: system # unit, integration or system\nverifies: []\nprocedure:\nexpected:\nacceptance:\nautomated: []\n---\n"
        }
        ItemType::Prb => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nsource:\nversion:\ncriticality:\nstate: open\naffects: []\nfound-by: []\ninvestigation:\nsafety-evaluation:\n---\nWhat was observed, and how to reproduce it.\n"
        }
        ItemType::Cr => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\norigin:\nstate: open\nresolves: []\nchanges: []\nimpact:\napproval:\n---\nWhat is to change, and why.\n"
        }
        ItemType::Doc => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\ndoc-kind:\n---\n# Purpose\n\n# Scope\n"
        }
    }
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitOutcome {
    /// Files and folders created.
    pub created: Vec<PathBuf>,
    /// Files that existed and were left alone.
    pub kept: Vec<PathBuf>,
}

// implements: SRS-024
/// Scaffolds a project in `root` for `class`, creating only what does not exist.
pub fn init(root: &Path, class: Class) -> Result<InitOutcome> {
    let mut outcome = InitOutcome::default();
    let name = root
        .canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "my-device-software".to_string());
    let config = format!(
        "# medtrace configuration: see docs/src/configuration.md\n\n[project]\nname = {name:?}\n# The software system's safety class (IEC 62304 4.3): A, B or C.\nclass = \"{class}\"\n\n[items]\nfolders = [\"dhf\"]\n\n# [levels]\n# requirement-not-verified = \"warn\"\n"
    );
    let readme = "# Design history file\n\nOne Markdown file per record, with YAML front matter; see medtrace's\nguide, \"The item format\". Files without front matter, like this one, are not records.\n\nCreate records with `medtrace new TYPE \"title\"` and check them with `medtrace check`.\n";
    let files = [
        (PathBuf::from("medtrace.toml"), config),
        (PathBuf::from("dhf/README.md"), readme.to_string()),
        (
            PathBuf::from(format!("dhf/{}/DOC-001.md", ItemType::Doc.folder())),
            development_plan(class),
        ),
    ];
    for (rel, contents) in files {
        let path = root.join(&rel);
        if path.exists() {
            outcome.kept.push(rel);
        } else {
            write_new(&path, contents.as_bytes())?;
            outcome.created.push(rel);
        }
    }
    Ok(outcome)
}

fn development_plan(class: Class) -> String {
    let mut sections = vec![
        ("Development process and deliverables", "5.1.1"),
        ("Keeping this plan current", "5.1.2"),
        ("System requirements as input", "5.1.3"),
    ];
    if class == Class::C {
        sections.push(("Standards, methods and tools for class C", "5.1.4"));
    }
    if class >= Class::B {
        sections.push(("Integration and integration testing", "5.1.5"));
    }
    sections.extend([
        ("Verification", "5.1.6"),
        ("Software risk management", "5.1.7"),
        ("Documentation", "5.1.8"),
        ("Configuration management", "5.1.9"),
    ]);
    if class >= Class::B {
        sections.extend([
            ("Supporting items under control", "5.1.10"),
            ("Configuration items before verification", "5.1.11"),
            ("Typical defect categories of our technology", "5.1.12"),
        ]);
    }
    let mut out = format!(
        "---\nid: DOC-001\ntitle: Software development plan\nstatus: draft\ndoc-kind: development-plan\n---\nThis plan covers a class {class} software system (IEC 62304 5.1). Each section\nnames the clause it answers; replace the prompts with how this team works.\n"
    );
    for (title, clause) in sections {
        out.push_str(&format!("\n## {title} ({clause})\n\nDescribe …\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_only_when_yaml_needs_it() {
        assert_eq!(yaml_scalar("Reject readings"), "Reject readings");
        assert_eq!(yaml_scalar("Alarm: occlusion"), "\"Alarm: occlusion\"");
        assert_eq!(yaml_scalar("- list"), "\"- list\"");
        assert_eq!(yaml_scalar("say \"hi\""), "say \"hi\"");
        assert_eq!(yaml_scalar("\"hi\""), "\"\\\"hi\\\"\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
        assert_eq!(yaml_scalar("12"), "\"12\"");
    }
}
