//! The writing commands: `new` (next free ID from the type's template) and `init`, which
//! writes medtrace.toml with the default risk policy and four plans (development,
//! maintenance, risk management, configuration management) whose sections are those the
//! class needs, each tagged with the clauses it covers and holding the placeholder that
//! `medtrace gap` reports as still to write.

use crate::write::write_new;
use anyhow::{Context, Result};
use medtrace_core::clauses::{self, DisputeStance};
use medtrace_core::gap::PLACEHOLDER;
use medtrace_core::model::split_id;
use medtrace_core::risk::RiskPolicy;
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
    medtrace_core::yaml::quote_scalar(text)
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
        // Release records are written by `medtrace release`; this is for one made by hand.
        ItemType::Rel => {
            "---\nid: {{id}}\ntitle: {{title}}\nstatus: draft\nversion:\ncommit:\ndate:\nincludes: []\nknown-anomalies: []\n---\n"
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

// implements: SRS-024, SRS-049
/// Scaffolds a project in `root` for `class`, creating only what does not exist:
/// medtrace.toml (with the default risk policy), the item folder and the four plans.
pub fn init(root: &Path, class: Class) -> Result<InitOutcome> {
    let mut outcome = InitOutcome::default();
    let name = root
        .canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "my-device-software".to_string());
    let config = format!(
        "# medtrace configuration: see docs/src/configuration.md\n\n[project]\nname = {name:?}\n# The software system's safety class (IEC 62304 4.3): A, B or C.\nclass = \"{class}\"\n\n[items]\nfolders = [\"dhf\"]\n\n# [levels]\n# requirement-not-verified = \"warn\"\n\n# How `medtrace gap` takes the clauses the sources disagree on, and whether the\n# project takes the legacy-software route of IEC 62304 4.4 (docs/src/gap.md).\n# [gap]\n# disputed = \"strict\"\n# legacy = false\n\n{}",
        RiskPolicy::default().to_toml()
    );
    let readme = "# Design history file\n\nOne Markdown file per record, with YAML front matter; see medtrace's\nguide, \"The item format\". Files without front matter, like this one, are not records.\n\nCreate records with `medtrace new TYPE \"title\"` and check them with `medtrace check`.\n";
    let mut files = vec![
        (PathBuf::from("medtrace.toml"), config),
        (PathBuf::from("dhf/README.md"), readme.to_string()),
    ];
    for plan in PLANS {
        files.push((
            PathBuf::from(format!("dhf/{}/{}.md", ItemType::Doc.folder(), plan.id)),
            plan_text(plan, class),
        ));
    }
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

/// A section of a plan `init` writes: its heading, the clauses it covers (kept only
/// where they apply to the class) and the prompt of its placeholder.
struct PlanSection {
    title: &'static str,
    clauses: &'static [&'static str],
    prompt: &'static str,
}

/// A plan `init` writes.
struct Plan {
    id: &'static str,
    title: &'static str,
    kind: &'static str,
    intro: &'static str,
    sections: &'static [PlanSection],
}

const fn section(
    title: &'static str,
    clauses: &'static [&'static str],
    prompt: &'static str,
) -> PlanSection {
    PlanSection {
        title,
        clauses,
        prompt,
    }
}

/// The plans, one section per group of clauses that need a plan or procedure
/// (`medtrace_core::gap::needs_section`): clauses 4.1 and 5 in the development plan
/// (problem resolution, 9, with them), 6 in the maintenance plan, 4.2, 4.3 and 7 in the
/// risk management plan, 5.1.9 to 5.1.11 and 8 in the configuration management plan.
static PLANS: &[Plan] = &[
    Plan {
        id: "DOC-001",
        title: "Software development plan",
        kind: "development-plan",
        intro: "How this software is developed (IEC 62304 5.1), kept up to date as development goes on.",
        sections: &[
            section(
                "Quality management system",
                &["4.1"],
                "name the quality management system this work runs under (ISO 13485 or equivalent) and the procedures it provides.",
            ),
            section(
                "Development process and deliverables",
                &["5.1.1"],
                "describe the life cycle model, the activities and the deliverables of each, and how traceability runs from system requirements to tests and risk controls.",
            ),
            section(
                "Keeping this plan current",
                &["5.1.2"],
                "say when this plan is reviewed and updated, and who approves the changes.",
            ),
            section(
                "System requirements and system design",
                &["5.1.3"],
                "name the system requirements used as input and how software development is coordinated with system development.",
            ),
            section(
                "Standards, methods and tools",
                &["5.1.4"],
                "name the coding standard, the methods and the tools (compilers, analysers) used for class C items.",
            ),
            section(
                "Requirements and the risk analysis",
                &["5.2.4", "5.2.5"],
                "say how the device risk analysis is revisited once software requirements exist, and how requirements are updated as a result.",
            ),
            section(
                "Implementing units",
                &["5.5.1"],
                "say where the code of each software unit lives and how it is tied to its records (trace tags).",
            ),
            section(
                "Unit verification",
                &["5.5.2", "5.5.3", "5.5.4"],
                "describe how units are verified (review, static analysis, unit tests) and the acceptance criteria they must meet before integration.",
            ),
            section(
                "Integration and integration testing",
                &["5.1.5", "5.6.1", "5.6.2", "5.6.5", "5.6.6"],
                "describe the order of integration (SOUP included), how integration is checked against this plan, how integration test procedures are reviewed and when regression tests run.",
            ),
            section(
                "Verification",
                &["5.1.6", "5.2.6", "5.3.6", "5.4.4"],
                "list what is verified (requirements, architecture, detailed design, code), how, at which milestones, and the acceptance criteria.",
            ),
            section(
                "Test anomalies and retesting",
                &["5.6.8", "5.7.2", "5.7.3"],
                "say how anomalies found in integration and system testing become problem reports, and what is re-tested after a change.",
            ),
            section(
                "Software risk management",
                &["5.1.7"],
                "point to the risk management plan and say how SOUP risks are managed.",
            ),
            section(
                "Documentation",
                &["5.1.8"],
                "list the documents and records, and how each is written, reviewed, approved and changed.",
            ),
            section(
                "Defect categories of the technology",
                &["5.1.12"],
                "list the defects typical of the languages and platforms used, and what keeps each from leading to unacceptable risk.",
            ),
            section(
                "Release",
                &[
                    "5.8.1", "5.8.2", "5.8.3", "5.8.4", "5.8.5", "5.8.6", "5.8.7", "5.8.8",
                ],
                "describe the release: verification complete, known anomalies listed and evaluated, the version identified, the build recorded, the archive and how the software reaches its users intact.",
            ),
            section(
                "Problem resolution",
                &["9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7", "9.8"],
                "describe the problem resolution process: reports, investigation, who is informed, change control, the risk file, trends, verification of the fix and retesting.",
            ),
        ],
    },
    Plan {
        id: "DOC-002",
        title: "Software maintenance plan",
        kind: "maintenance-plan",
        intro: "How the released software is maintained (IEC 62304 clause 6).",
        sections: &[
            section(
                "Scope of maintenance",
                &["6.1"],
                "say which released versions this plan covers, what counts as a problem, and how SOUP upgrades, patches and obsolescence are evaluated.",
            ),
            section(
                "Feedback",
                &["6.2.1.1", "6.2.1.2"],
                "say where feedback on the released software comes from, who reads it and how a problem becomes a problem report.",
            ),
            section(
                "Evaluating problem reports",
                &["6.2.1.3", "6.2.2"],
                "say how each problem report's effect on safety is judged and how it goes through problem resolution.",
            ),
            section(
                "Change requests",
                &["6.2.3", "6.2.4"],
                "say how change requests are analysed for their impact and who approves changes to released software.",
            ),
            section(
                "Informing users and regulators",
                &["6.2.5"],
                "say how users and regulators learn of problems and of the changes that fix them.",
            ),
            section(
                "Implementing and releasing modifications",
                &["6.3.1", "6.3.2"],
                "say which development activities a change repeats and how the modified software is released.",
            ),
        ],
    },
    Plan {
        id: "DOC-003",
        title: "Risk management plan",
        kind: "risk-management-plan",
        intro: "How the risks the software can contribute to are managed (ISO 14971, IEC 62304 clause 7).",
        sections: &[
            section(
                "Risk management process",
                &["4.2"],
                "name the ISO 14971 process this plan is part of, the roles and the review of the risk management file.",
            ),
            section(
                "Software safety classification",
                &["4.3"],
                "give the class of the software system and why, and the rule for giving a software item a lower class.",
            ),
            section(
                "Risk management of changes",
                &["7.4.1", "7.4.2", "7.4.3"],
                "say how each change (SOUP updates included) is analysed for new causes and its effect on existing risk controls, and which risk activities are then repeated.",
            ),
        ],
    },
    Plan {
        id: "DOC-004",
        title: "Configuration management plan",
        kind: "configuration-management-plan",
        intro: "How the configuration items are identified, changed and kept (IEC 62304 5.1.9 to 5.1.11 and clause 8).",
        sections: &[
            section(
                "Configuration items",
                &["5.1.9", "8.1.1", "8.1.3"],
                "list the kinds of configuration items, who controls them, how items and versions are identified and how the configuration of each release is recorded.",
            ),
            section(
                "Tools and settings under control",
                &["5.1.10"],
                "list the tools, items and settings that can affect the software and how they are kept under control.",
            ),
            section(
                "Control before verification",
                &["5.1.11"],
                "say when an item enters configuration management, before it is verified.",
            ),
            section(
                "Change control",
                &["8.2.1", "8.2.2", "8.2.3", "8.2.4"],
                "describe how a change request is approved, implemented, verified and linked to its problem reports.",
            ),
            section(
                "Configuration history",
                &["8.3"],
                "say where the history of each configuration item is kept and how a past configuration is retrieved.",
            ),
        ],
    },
];

/// The clauses of a section that apply to `class`, taking disputed clauses strictly so
/// that every clause a project may be asked for has a home.
fn applicable(section: &PlanSection, class: Class) -> Vec<&'static str> {
    section
        .clauses
        .iter()
        .copied()
        .filter(|id| clauses::get(id).is_some_and(|c| c.applies_to(class, DisputeStance::Strict)))
        .collect()
}

/// A plan as `init` writes it: each section the class needs, tagged with the clauses it
/// covers and holding the placeholder.
fn plan_text(plan: &Plan, class: Class) -> String {
    let mut out = format!(
        "---\nid: {}\ntitle: {}\nstatus: draft\ndoc-kind: {}\n---\n# {}\n\n{}\n\nThis project's software system is class {class}. Each section names the clauses it\ncovers; replace the line starting with `{PLACEHOLDER}` in each with how this team\nworks. `medtrace gap` lists the sections still to write.\n",
        plan.id, plan.title, plan.kind, plan.title, plan.intro
    );
    if plan.kind == "risk-management-plan" {
        out.push_str("\n## Risk policy\n\nThe severity and probability scales and the acceptability matrix are the `[risk]`\ntable of `medtrace.toml`, which `medtrace check` applies to every hazard and\n`medtrace risk` prints. Change them there, with the reasons here.\n");
    }
    for s in plan.sections {
        let ids = applicable(s, class);
        if ids.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {}\n<!-- covers: {} -->\n\n{PLACEHOLDER} {}\n",
            s.title,
            ids.join(", "),
            s.prompt
        ));
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

    #[test]
    fn every_clause_needing_a_plan_has_exactly_one_home_for_each_class() {
        for class in [Class::A, Class::B, Class::C] {
            let mut homes: BTreeMap<&str, usize> = BTreeMap::new();
            for plan in PLANS {
                for s in plan.sections {
                    for id in applicable(s, class) {
                        *homes.entry(id).or_default() += 1;
                    }
                }
            }
            for c in clauses::all() {
                let wanted = c.evidence != clauses::EvidenceKind::Legacy
                    && medtrace_core::gap::needs_section(c)
                    && c.applies_to(class, DisputeStance::Strict);
                let n = homes.get(c.id).copied().unwrap_or(0);
                assert_eq!(n, usize::from(wanted), "class {class}, clause {}", c.id);
            }
        }
    }

    #[test]
    fn plans_hold_only_the_sections_of_their_class() {
        let a = plan_text(&PLANS[0], Class::A);
        let c = plan_text(&PLANS[0], Class::C);
        assert!(
            !a.contains("## Standards, methods and tools")
                && c.contains("## Standards, methods and tools\n<!-- covers: 5.1.4 -->")
        );
        assert!(
            a.contains("<!-- covers: 5.8.1, 5.8.2, 5.8.3, 5.8.4, 5.8.7, 5.8.8 -->"),
            "{a}"
        );
        assert_eq!(
            a.matches(PLACEHOLDER).count(),
            a.matches("<!-- covers:").count() + 1
        );
        assert!(plan_text(&PLANS[2], Class::B).contains("[risk]"));
    }
}
