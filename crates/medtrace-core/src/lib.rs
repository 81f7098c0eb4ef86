//! The medtrace model and its checks, with no disk, no clock and no output.
//!
//! This crate is the middle of the pipeline: the project loader hands it text
//! (medtrace.toml and item files, already read), and it returns values: a [`Config`],
//! [`Item`]s, a resolved [`Graph`] with effective safety classes, and every
//! [`Diagnostic`] found on the way. Parsing never fails and never stops at the first
//! problem; every function here is deterministic in its input, so the same records give
//! the same findings in the same order.

pub mod checks;
pub mod class_rules;
pub mod classify;
pub mod clauses;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod documents;
pub mod evidence;
pub mod execution;
pub mod gap;
pub mod graph;
pub mod history;
pub mod impact;
pub mod item;
pub mod model;
pub mod release;
pub mod review;
pub mod risk;
pub mod schema;
pub mod soup;
pub mod source;
pub mod trace;
pub mod verification;
pub mod yaml;

pub use config::Config;
pub use diagnostic::{Code, Diagnostic, Level};
pub use graph::{Graph, ItemIdx};
pub use item::Item;
pub use model::{Class, ItemType, LinkRole, Status};
pub use schema::Schema;
pub use source::{FileId, Sources, Span};
pub use verification::{Evidence, Verification, VerificationStatus};

/// Everything known about a project after checking: the input to every output.
#[derive(Debug)]
pub struct Analysis {
    /// The configuration in force.
    pub config: Config,
    /// Every file read, for spans.
    pub sources: Sources,
    /// The items, in the order of their files' paths.
    pub items: Vec<Item>,
    /// Links resolved both ways, effective classes.
    pub graph: Graph,
    /// Findings at warn or deny level, sorted by file, place and code.
    pub diagnostics: Vec<Diagnostic>,
    /// Tags, test results and execution records.
    pub evidence: Evidence,
    /// Verification status of every requirement and risk control.
    pub verification: Verification,
    /// The hazards evaluated against the risk policy.
    pub risk: risk::RiskFile,
}

impl Analysis {
    /// Resolves and checks parsed items. `diags` holds what parsing found already.
    pub fn new(
        config: Config,
        sources: Sources,
        items: Vec<Item>,
        diags: Vec<Diagnostic>,
    ) -> Analysis {
        Analysis::with_evidence(config, sources, items, Evidence::default(), diags)
    }

    // implements: SRS-027, RCM-007
    /// Resolves and checks parsed items together with the evidence found outside them.
    pub fn with_evidence(
        config: Config,
        sources: Sources,
        items: Vec<Item>,
        evidence: Evidence,
        mut diags: Vec<Diagnostic>,
    ) -> Analysis {
        let graph = Graph::build(&items, &config, &mut diags);
        let tag_verified = verification::tag_verified_items(&items, &graph, &evidence);
        checks::run(&items, &graph, &config, &tag_verified, &mut diags);
        checks::lifecycle::check_all(&items, &graph, &config, &sources, &evidence, &mut diags);
        checks::soup::check(
            &items,
            &graph,
            &config,
            &sources,
            &evidence.lockfiles,
            &mut diags,
        );
        let risk = risk::analyse(&items, &graph, &config, &mut diags);
        classify::check(&items, &graph, &config, &risk, &mut diags);
        let verification =
            verification::verify(&items, &graph, &config, &sources, &evidence, &mut diags);
        review::check(&items, &graph, &config, &sources, &mut diags);
        class_rules::apply(&items, &graph, &config, &risk, &mut diags);
        for d in &mut diags {
            d.level = config.level(d.code);
        }
        diags.retain(|d| d.level != Level::Allow);
        diags.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.span.map(|s| (sources.get(s.file).path.as_str(), s.start));
            key(a)
                .cmp(&key(b))
                .then(a.code.cmp(&b.code))
                .then(a.message.cmp(&b.message))
        });
        Analysis {
            config,
            sources,
            items,
            graph,
            diagnostics: diags,
            evidence,
            verification,
            risk,
        }
    }

    /// Reads a whole project from text, in one thread: `config_text` is medtrace.toml,
    /// `files` are (path, text) of the item files. Handy for tests and fuzzing; the
    /// project loader does the same in parallel.
    pub fn from_texts(config_text: &str, files: Vec<(String, String)>) -> Analysis {
        let mut sources = Sources::default();
        let config_file = sources.add(config::FILE_NAME.to_string(), config_text.to_string());
        let (config, mut diags) = config::parse(config_file, config_text);
        let schema = Schema::new(&config);
        let mut items = Vec::new();
        let mut evidence = Evidence::default();
        for (path, text) in files {
            let file = sources.add(path, text);
            let text = &sources.get(file).text;
            match item::parse(file, text, &config, &schema, &mut diags) {
                Some(item::Record::Item(item)) => items.push(item),
                Some(item::Record::Execution(e)) => evidence.executions.push(e),
                None => {}
            }
        }
        Analysis::with_evidence(config, sources, items, evidence, diags)
    }

    /// The item with this ID.
    pub fn item(&self, id: &str) -> Option<(ItemIdx, &Item)> {
        let i = self.graph.lookup(id)?;
        Some((i, &self.items[i]))
    }

    /// Whether any finding is at deny level.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Deny)
    }

    /// The effective class of an item: its own for SWI and SRS, the system's otherwise.
    pub fn effective_class(&self, item: ItemIdx) -> Class {
        class_rules::judged_class(item, &self.items, &self.graph, &self.config, &self.risk)
    }

    /// Where an item's class comes from, for people: "its own `class`", "from `SWI-3`".
    pub fn class_source(&self, item: ItemIdx) -> String {
        let it = &self.items[item];
        let ids = |role: LinkRole, forward: bool| -> Vec<String> {
            let found: Vec<ItemIdx> = if forward {
                self.graph.targets(item, role).collect()
            } else {
                self.graph.sources(item, role).collect()
            };
            found
                .into_iter()
                .map(|i| format!("`{}`", self.items[i].id))
                .collect()
        };
        let from = |what: &str, linked: Vec<String>| {
            if linked.is_empty() {
                "the software system's class, set by `[project] class`".to_string()
            } else {
                format!("the highest of {what}: {}", linked.join(", "))
            }
        };
        match it.ty {
            ItemType::Swi if it.class.is_some() => "its own `class`".into(),
            ItemType::Swi => match self.graph.targets(item, LinkRole::Parent).next() {
                Some(p) => format!("inherited from `{}`", self.items[p].id),
                None => "the software system's class, set by `[project] class`".into(),
            },
            ItemType::Srs => from(
                "the items it is allocated to",
                ids(LinkRole::AllocatedTo, true),
            ),
            ItemType::Haz => from("its contributing items", ids(LinkRole::Items, true)),
            ItemType::Rcm => from("the hazards it mitigates", ids(LinkRole::Mitigates, true)),
            ItemType::Soup => from("the items using it", ids(LinkRole::Uses, false)),
            ItemType::Tst => from("what it verifies", ids(LinkRole::Verifies, true)),
            _ => "the software system's class, set by `[project] class`".into(),
        }
    }
}

#[cfg(test)]
mod never_panics {
    //! Property tests: whatever the bytes, reading a project returns values and findings.

    use super::Analysis;
    use proptest::prelude::*;

    fn front_matter_like() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            "(id|title|status|derived-from|parent|verifies|class|level|causes): [ -~]{0,20}",
            "  - [ -~]{0,10}",
            "[ -~]{0,30}",
            "[\\[\\]{}&*!|>:#'\"-]{1,6}",
            Just("---".to_string()),
        ];
        prop::collection::vec(line, 0..12)
            .prop_map(|lines| format!("---\n{}\n---\nbody\n", lines.join("\n")))
    }

    proptest! {
        #[test]
        fn item_files_never_panic(files in prop::collection::vec(prop_oneof![front_matter_like(), any::<String>()], 1..6)) {
            let files = files.into_iter().enumerate().map(|(k, t)| (format!("dhf/{k}.md"), t)).collect();
            let analysis = Analysis::from_texts("[project]\nname = \"p\"\n", files);
            for d in &analysis.diagnostics {
                if let Some(span) = d.span {
                    let text = &analysis.sources.get(span.file).text;
                    prop_assert!(span.start <= span.end && span.end as usize <= text.len().max(3));
                }
            }
        }

        #[test]
        fn configurations_never_panic(text in prop_oneof![
            any::<String>(),
            "(\\[[a-z]{0,8}\\]\n|[a-z-]{1,10} = (\"[A-Z]{0,3}\"|[0-9]{1,3}|\\[\\]|true)\n|\\[\\[fields\\]\\]\n){0,10}",
        ]) {
            let _ = super::config::parse(super::FileId(0), &text);
        }
    }
}
