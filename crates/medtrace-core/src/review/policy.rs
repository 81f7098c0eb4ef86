//! `[review]` in medtrace.toml: the fields, per item type, whose changes make the links
//! to an item suspect, besides its title and body.
//!
//! ```toml
//! [review]
//! normative = { srs = ["category"], haz = ["severity", "probability"] }
//! ```

use crate::config::Reader;
use crate::model::ItemType;
use crate::source::Span;
use toml::de::{DeTable, DeValue};

/// A field named normative for a type, with where it is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormativeField {
    /// The field's name.
    pub name: String,
    /// Where medtrace.toml names it.
    pub span: Option<Span>,
}

/// The project's `[review]` settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewPolicy {
    /// Per type (indexed by `ItemType as usize`), the normative fields besides `title`
    /// and the body.
    pub normative: [Vec<NormativeField>; ItemType::ALL.len()],
}

impl ReviewPolicy {
    /// The names of the normative fields of a type, besides `title` and the body.
    pub fn normative(&self, ty: ItemType) -> impl Iterator<Item = &str> {
        self.normative[ty as usize].iter().map(|f| f.name.as_str())
    }
}

impl Reader {
    /// Reads `[review]`; what cannot be read is reported and left out.
    pub(crate) fn review(&mut self, table: &DeTable<'_>) -> ReviewPolicy {
        let mut policy = ReviewPolicy::default();
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "normative" => {
                    if let Some(t) = self.table(value, "review.normative") {
                        self.normative(t, &mut policy);
                    }
                }
                _ => self.unknown(key, "[review]", &["normative"]),
            }
        }
        policy
    }

    fn normative(&mut self, table: &DeTable<'_>, policy: &mut ReviewPolicy) {
        let keys: Vec<&str> = ItemType::ALL.iter().map(|t| t.key()).collect();
        for (key, value) in table.iter() {
            let Some(ty) = ItemType::from_key(key.get_ref()) else {
                self.unknown(key, "[review] normative", &keys);
                continue;
            };
            let DeValue::Array(names) = value.get_ref() else {
                self.invalid(
                    value,
                    format!(
                        "`review.normative.{}` must be a list of field names",
                        ty.key()
                    ),
                    "write it as [\"category\", \"derived\"]",
                );
                continue;
            };
            for name in names.iter() {
                if let Some(s) = self.string(name, "review.normative") {
                    policy.normative[ty as usize].push(NormativeField {
                        name: s.trim().to_string(),
                        span: self.span(name),
                    });
                }
            }
        }
    }
}
