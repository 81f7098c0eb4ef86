//! The typed schema of each item type: which fields exist, their kinds, which are required.
//!
//! The built-in schema is data (one table per type below); projects add fields in
//! medtrace.toml. Links are fields too, of kind [`FieldKind::Link`].

use crate::checks::lifecycle;
use crate::config::Config;
use crate::model::{ItemType, LinkRole};

/// What a field's value must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// The item's ID.
    Id,
    /// A scalar.
    Text,
    /// One of the given scalars.
    Enum(Vec<String>),
    /// A list of scalars (a single scalar is accepted as a list of one).
    List,
    /// `true` or `false`.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// Any YAML value, kept for the record.
    Structured,
    /// A list of IDs (or one ID) in the given role.
    Link(LinkRole),
}

impl FieldKind {
    /// A name for messages.
    pub fn describe(&self) -> String {
        match self {
            FieldKind::Id => "an ID".into(),
            FieldKind::Text => "text".into(),
            FieldKind::Enum(values) => format!("one of {}", values.join(", ")),
            FieldKind::List => "a list".into(),
            FieldKind::Bool => "true or false".into(),
            FieldKind::Date => "a date (YYYY-MM-DD)".into(),
            FieldKind::Structured => "any value".into(),
            FieldKind::Link(_) => "a list of IDs".into(),
        }
    }
}

/// One field of a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The kebab-case name.
    pub name: String,
    /// What its value must be.
    pub kind: FieldKind,
    /// Whether an item must have it.
    pub required: bool,
}

/// The fields of every type, built-in and the project's own.
#[derive(Clone, Debug)]
pub struct Schema {
    fields: [Vec<FieldSpec>; ItemType::ALL.len()],
}

const CATEGORIES: &[&str] = &[
    "functional",
    "performance",
    "interface",
    "alarm",
    "security",
    "usability",
    "data",
    "installation",
    "operation",
    "network",
    "regulatory",
];

/// Built-in fields beyond `id`, `title`, `status` and the links: (name, kind).
fn builtin(ty: ItemType) -> Vec<(&'static str, FieldKind)> {
    use FieldKind::*;
    let en = |values: &[&str]| Enum(values.iter().map(|v| v.to_string()).collect());
    match ty {
        ItemType::Sys => vec![],
        ItemType::Srs => vec![
            ("category", en(CATEGORIES)),
            ("derived", Bool),
            ("derived-rationale", Text),
        ],
        ItemType::Swi => vec![
            ("level", en(&["system", "item", "unit"])),
            ("class", en(&["A", "B", "C"])),
            ("class-rationale", Text),
            ("interfaces", Structured),
            ("segregation", Text),
            ("detailed-design", Text),
            ("classification", Structured),
        ],
        ItemType::Soup => vec![
            ("name", Text),
            ("supplier", Text),
            ("version", Text),
            ("purl", Text),
            ("license", Text),
            ("purpose", Text),
            ("prerequisites", Structured),
            ("anomaly-list", Text),
            ("anomaly-review", Structured),
            ("includes", List),
            ("support-level", Text),
            ("vulnerabilities", Structured),
            ("end-of-support", Text),
        ],
        ItemType::Haz => vec![
            ("hazard", Text),
            ("sequence-of-events", Text),
            ("hazardous-situation", Text),
            ("harm", Text),
            ("severity", Text),
            ("probability", Text),
            ("residual-severity", Text),
            ("residual-probability", Text),
            ("p1", Text),
            ("p2", Text),
            ("residual-p1", Text),
            ("residual-p2", Text),
            ("causes", Structured),
            ("benefit-risk", Text),
        ],
        ItemType::Rcm => vec![
            (
                "kind",
                en(&["inherent-design", "protective", "information"]),
            ),
            ("implementation", en(&["software", "external"])),
            ("realized-by", Text),
            ("new-hazards", Structured),
        ],
        ItemType::Tst => vec![
            ("level", en(&["unit", "integration", "system"])),
            ("procedure", Text),
            ("expected", Text),
            ("acceptance", Text),
            ("automated", List),
            ("steps", Structured),
        ],
        ItemType::Prb => vec![
            ("source", Text),
            ("version", Text),
            ("category", Text),
            ("criticality", Structured),
            ("investigation", Text),
            ("safety-evaluation", Text),
            ("no-action", Text),
            ("parties-informed", Structured),
            ("verification", Structured),
            (
                "state",
                Enum(lifecycle::state_names(lifecycle::PROBLEM_STATES)),
            ),
            ("known-anomaly", Structured),
        ],
        ItemType::Cr => vec![
            ("origin", Text),
            ("impact", Structured),
            ("approval", Structured),
            ("implementation", Structured),
            ("verification", Structured),
            (
                "state",
                Enum(lifecycle::state_names(lifecycle::CHANGE_STATES)),
            ),
        ],
        ItemType::Doc => vec![
            ("doc-kind", Text),
            ("sections", Structured),
            ("covers", List),
        ],
        ItemType::Rel => crate::release::record_fields(),
    }
}

impl Schema {
    /// The built-in schema plus the project's fields from `config`.
    pub fn new(config: &Config) -> Schema {
        let fields = ItemType::ALL.map(|ty| {
            let mut fields = vec![
                spec("id", FieldKind::Id, true),
                spec("title", FieldKind::Text, true),
                spec(
                    "status",
                    FieldKind::Enum(
                        crate::model::Status::ALL
                            .iter()
                            .map(|s| s.as_str().to_string())
                            .collect(),
                    ),
                    false,
                ),
            ];
            fields.extend(
                builtin(ty)
                    .into_iter()
                    .map(|(name, kind)| spec(name, kind, false)),
            );
            if crate::review::reviewable(ty) {
                fields.push(spec(crate::review::FIELD, FieldKind::Structured, false));
            }
            fields.extend(
                LinkRole::ALL
                    .into_iter()
                    .filter(|r| r.source() == ty)
                    .map(|r| spec(r.field(), FieldKind::Link(r), false)),
            );
            fields.extend(
                config
                    .custom_fields
                    .iter()
                    .filter(|f| f.ty == ty)
                    .map(|f| f.spec.clone()),
            );
            fields
        });
        Schema { fields }
    }

    /// The fields of a type.
    pub fn fields(&self, ty: ItemType) -> &[FieldSpec] {
        &self.fields[ty as usize]
    }

    /// One field of a type.
    pub fn field(&self, ty: ItemType, name: &str) -> Option<&FieldSpec> {
        self.fields(ty).iter().find(|f| f.name == name)
    }

    /// Whether `name` is a built-in field of `ty` (custom fields may not reuse these).
    pub fn is_builtin(ty: ItemType, name: &str) -> bool {
        matches!(name, "id" | "title" | "status")
            || builtin(ty).iter().any(|(n, _)| *n == name)
            || (name == crate::review::FIELD && crate::review::reviewable(ty))
            || LinkRole::for_field(ty, name).is_some()
    }
}

fn spec(name: &str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        name: name.to_string(),
        kind,
        required,
    }
}
