//! `[gap]` in medtrace.toml: how the gap report treats disputed clauses, whether the
//! project takes the legacy-software route (4.4), and an override of the FDA
//! documentation level with its reason.
//!
//! ```toml
//! [gap]
//! disputed = "strict"      # or "lenient"
//! legacy = false
//! fda-level = "enhanced"   # or "basic"; needs fda-reason
//! fda-reason = "the device is a combination product"
//! ```

use crate::clauses::DisputeStance;
use crate::config::Reader;
use toml::de::{DeTable, DeValue};

/// The FDA premarket documentation level (guidance of June 2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FdaLevel {
    /// The default level.
    Basic,
    /// A failure could present a probable risk of death or serious injury, judged before
    /// risk control.
    Enhanced,
}

impl FdaLevel {
    /// As written in medtrace.toml and the outputs: `basic` or `enhanced`.
    pub fn as_str(self) -> &'static str {
        match self {
            FdaLevel::Basic => "basic",
            FdaLevel::Enhanced => "enhanced",
        }
    }

    /// For people: `Basic` or `Enhanced`.
    pub fn title(self) -> &'static str {
        match self {
            FdaLevel::Basic => "Basic",
            FdaLevel::Enhanced => "Enhanced",
        }
    }

    fn parse(s: &str) -> Option<FdaLevel> {
        [FdaLevel::Basic, FdaLevel::Enhanced]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

/// The project's `[gap]` settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GapPolicy {
    /// How disputed clauses are taken (`disputed`); strict by default.
    pub stance: DisputeStance,
    /// Whether the project takes the legacy-software route of 4.4 (`legacy`).
    pub legacy: bool,
    /// The FDA documentation level set by hand, with the reason given (`fda-level`,
    /// `fda-reason`); `None` lets the report judge it from the hazards.
    pub fda_level: Option<(FdaLevel, String)>,
}

const KEYS: &[&str] = &["disputed", "legacy", "fda-level", "fda-reason"];

impl Reader {
    /// Reads `[gap]`; what cannot be read is reported and left at its default.
    pub(crate) fn gap(&mut self, table: &DeTable<'_>) -> GapPolicy {
        let mut policy = GapPolicy::default();
        let mut level = None;
        let mut reason = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "disputed" => {
                    if let Some(s) = self.string(value, "gap.disputed") {
                        match DisputeStance::parse(s) {
                            Some(stance) => policy.stance = stance,
                            None => self.invalid(
                                value,
                                format!("`{s}` is not a stance on disputed clauses"),
                                "use \"strict\" (a clause applies when any source says so) or \"lenient\"",
                            ),
                        }
                    }
                }
                "legacy" => match value.get_ref() {
                    DeValue::Boolean(b) => policy.legacy = *b,
                    _ => self.invalid(
                        value,
                        "`gap.legacy` must be true or false".into(),
                        "write legacy = true to take the 4.4 legacy-software route",
                    ),
                },
                "fda-level" => {
                    if let Some(s) = self.string(value, "gap.fda-level") {
                        match FdaLevel::parse(s) {
                            Some(l) => level = Some((l, value)),
                            None => self.invalid(
                                value,
                                format!("`{s}` is not an FDA documentation level"),
                                "use \"basic\" or \"enhanced\"",
                            ),
                        }
                    }
                }
                "fda-reason" => {
                    if let Some(s) = self.string(value, "gap.fda-reason") {
                        reason = Some(s.trim().to_string()).filter(|r| !r.is_empty());
                    }
                }
                _ => self.unknown(key, "[gap]", KEYS),
            }
        }
        match (level, reason) {
            (Some((level, _)), Some(reason)) => policy.fda_level = Some((level, reason)),
            (Some((_, value)), None) => self.invalid(
                value,
                "`gap.fda-level` is set without `fda-reason`".into(),
                "say why the level differs from the one judged from the hazards: fda-reason = \"...\"",
            ),
            (None, Some(_)) => {}
            (None, None) => {}
        }
        policy
    }
}
