//! The risk policy of the risk management plan (ISO 14971 4.4), read from `[risk]` in
//! medtrace.toml: the severity and probability scales, the optional split of probability
//! into P1 × P2, and the acceptability matrix.
//!
//! Without a `[risk]` table the five-by-five [`RiskPolicy::default`] applies; `init`
//! writes the same policy out so a team can edit it. A policy with any error is
//! reported and replaced by the default as a whole, so that a half-read matrix never
//! judges a hazard.

use crate::config::{Reader, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Class;
use crate::source::Span;
use toml::de::{DeTable, DeValue};

/// How bad the worst harm of a severity level is, in the terms of IEC 62304 4.3, which
/// decide the software safety class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Harm {
    /// No injury or damage to health.
    None,
    /// Injury that is not serious.
    NonSerious,
    /// Death or serious injury.
    Serious,
}

impl Harm {
    /// As written in medtrace.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Harm::None => "none",
            Harm::NonSerious => "non-serious",
            Harm::Serious => "serious",
        }
    }

    /// Reads a harm as written in medtrace.toml and records.
    pub fn parse(s: &str) -> Option<Harm> {
        [Harm::None, Harm::NonSerious, Harm::Serious]
            .into_iter()
            .find(|h| h.as_str() == s)
    }

    /// The least software safety class a software item contributing to (or controlling)
    /// this harm may have (4.3, 7.2.2).
    pub fn class(self) -> Class {
        match self {
            Harm::None => Class::A,
            Harm::NonSerious => Class::B,
            Harm::Serious => Class::C,
        }
    }
}

/// A cell of the acceptability matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Zone {
    /// Acceptable without further risk control.
    Acceptable,
    /// Reduce as far as possible (ISO 14971:2019; formerly ALARP).
    Afap,
    /// Not acceptable.
    Unacceptable,
}

impl Zone {
    /// Every zone, from best to worst.
    pub const ALL: [Zone; 3] = [Zone::Acceptable, Zone::Afap, Zone::Unacceptable];

    /// As written in medtrace.toml and the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Acceptable => "acceptable",
            Zone::Afap => "afap",
            Zone::Unacceptable => "unacceptable",
        }
    }

    /// For people: "reduce as far as possible" rather than `afap`.
    pub fn describe(self) -> &'static str {
        match self {
            Zone::Acceptable => "acceptable",
            Zone::Afap => "reduce as far as possible",
            Zone::Unacceptable => "unacceptable",
        }
    }

    fn parse(s: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.as_str() == s)
    }
}

/// One level of a scale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleLevel {
    /// The name records use (`severity: critical`).
    pub name: String,
    /// What the level means, for the risk management plan and the reports.
    pub description: String,
    /// For severity levels: how bad the harm is in 4.3's terms.
    pub harm: Harm,
}

/// A scale, lowest level first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    /// The levels, lowest first.
    pub levels: Vec<ScaleLevel>,
}

impl Scale {
    /// The position of a level by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.name == name)
    }

    /// The names, lowest first.
    pub fn names(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.name.as_str()).collect()
    }

    fn of(levels: &[(&str, &str, Harm)]) -> Scale {
        Scale {
            levels: levels
                .iter()
                .map(|&(name, description, harm)| ScaleLevel {
                    name: name.to_string(),
                    description: description.to_string(),
                    harm,
                })
                .collect(),
        }
    }
}

/// Probability estimated in two factors (ISO 14971 annex C): P1, that the hazardous
/// situation occurs, and P2, that it leads to harm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbabilitySplit {
    /// P1, lowest first.
    pub p1: Scale,
    /// P2, lowest first.
    pub p2: Scale,
    /// The overall probability level of each pair: `combine[p1][p2]`.
    pub combine: Vec<Vec<usize>>,
}

/// Scales and matrix of the risk management plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskPolicy {
    /// Severity of harm, lowest first.
    pub severity: Scale,
    /// Probability of harm, lowest first.
    pub probability: Scale,
    /// The optional P1 × P2 split.
    pub split: Option<ProbabilitySplit>,
    /// The acceptability of each cell: `matrix[probability][severity]`.
    pub matrix: Vec<Vec<Zone>>,
    /// Where `[risk]` is written; `None` for the default policy.
    pub span: Option<Span>,
    /// Whether this default stands in for a `[risk]` table that has errors (reported):
    /// hazards are then not judged against it.
    pub invalid: bool,
}

impl Default for RiskPolicy {
    fn default() -> RiskPolicy {
        use Zone::{Acceptable as Ok, Afap, Unacceptable as No};
        RiskPolicy {
            severity: Scale::of(&[
                (
                    "negligible",
                    "inconvenience or temporary discomfort",
                    Harm::None,
                ),
                (
                    "minor",
                    "temporary injury or impairment not requiring professional medical intervention",
                    Harm::NonSerious,
                ),
                (
                    "serious",
                    "injury or impairment requiring professional medical intervention",
                    Harm::Serious,
                ),
                (
                    "critical",
                    "permanent impairment or life-threatening injury",
                    Harm::Serious,
                ),
                ("catastrophic", "death", Harm::Serious),
            ]),
            probability: Scale::of(&[
                ("improbable", "less than once in 10^6 uses", Harm::None),
                ("remote", "once in 10^4 to 10^6 uses", Harm::None),
                ("occasional", "once in 10^3 to 10^4 uses", Harm::None),
                ("probable", "once in 10^2 to 10^3 uses", Harm::None),
                ("frequent", "more than once in 100 uses", Harm::None),
            ]),
            split: None,
            matrix: vec![
                vec![Ok, Ok, Ok, Afap, Afap],
                vec![Ok, Ok, Afap, Afap, No],
                vec![Ok, Afap, Afap, No, No],
                vec![Afap, Afap, No, No, No],
                vec![Afap, No, No, No, No],
            ],
            span: None,
            invalid: false,
        }
    }
}

impl RiskPolicy {
    /// The zone of a (probability, severity) cell.
    pub fn zone(&self, probability: usize, severity: usize) -> Option<Zone> {
        self.matrix.get(probability)?.get(severity).copied()
    }

    /// The `[risk]` table that states this policy, for `init` and the documentation.
    pub fn to_toml(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let mut out = String::from(
            "# The risk policy of the risk management plan (ISO 14971 4.4): scales lowest first.\n\
             # `harm` says how bad a severity is in IEC 62304 4.3's terms (none, non-serious,\n\
             # serious = death or serious injury); it sets the least class of the software\n\
             # that contributes to or controls that harm.\n[risk]\nseverity = [\n",
        );
        for l in &self.severity.levels {
            out += &format!(
                "  {{ name = {}, harm = {}, description = {} }},\n",
                quote(&l.name),
                quote(l.harm.as_str()),
                quote(&l.description)
            );
        }
        out += "]\nprobability = [\n";
        for l in &self.probability.levels {
            out += &format!(
                "  {{ name = {}, description = {} }},\n",
                quote(&l.name),
                quote(&l.description)
            );
        }
        out += "]\n\n# For each probability, the zone of each severity (lowest first): acceptable,\n\
                # afap (reduce as far as possible) or unacceptable.\n[risk.acceptability]\n";
        for (p, level) in self.probability.levels.iter().enumerate().rev() {
            let row: Vec<String> = self.matrix[p].iter().map(|z| quote(z.as_str())).collect();
            out += &format!("{} = [{}]\n", level.name, row.join(", "));
        }
        out
    }
}

const KEYS: &[&str] = &[
    "severity",
    "probability",
    "p1",
    "p2",
    "combine",
    "acceptability",
];

impl Reader {
    fn policy_error(&mut self, span: Option<Span>, message: String, help: &str) {
        self.diags
            .push(Diagnostic::new(Code::RiskPolicyInvalid, span, message).with_help(help));
    }

    /// Reads `[risk]`; on any error, reports it and returns the default policy.
    pub(crate) fn risk(&mut self, table: &DeTable<'_>) -> RiskPolicy {
        let before = self.diags.len();
        let mut severity = None;
        let mut probability = None;
        let (mut p1, mut p2, mut combine, mut acceptability) = (None, None, None, None);
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "severity" => severity = self.scale(value, "severity", true),
                "probability" => probability = self.scale(value, "probability", false),
                "p1" => p1 = self.scale(value, "p1", false),
                "p2" => p2 = self.scale(value, "p2", false),
                "combine" => combine = self.table(value, "risk.combine").map(|t| (t, value)),
                "acceptability" => {
                    acceptability = self.table(value, "risk.acceptability").map(|t| (t, value))
                }
                _ => self.unknown(key, "[risk]", KEYS),
            }
        }
        let whole = table
            .iter()
            .map(|(k, v)| (k.span().start, v.span().end))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
            .map(|(s, e)| Span::new(self.file, s, e));
        let default = RiskPolicy::default();
        let severity = severity.unwrap_or_else(|| {
            if table.get("severity").is_none() {
                self.policy_error(
                    whole,
                    "`[risk]` has no `severity` scale".into(),
                    "list the severity levels, lowest first; see docs/src/risk.md",
                );
            }
            default.severity.clone()
        });
        let probability = probability.unwrap_or_else(|| {
            if table.get("probability").is_none() {
                self.policy_error(
                    whole,
                    "`[risk]` has no `probability` scale".into(),
                    "list the probability levels, lowest first; see docs/src/risk.md",
                );
            }
            default.probability.clone()
        });
        let split = match (p1, p2, combine) {
            (None, None, None) => None,
            (Some(p1), Some(p2), Some((t, value))) => {
                let combine = self.combine(t, value, &p1, &p2, &probability);
                combine.map(|combine| ProbabilitySplit { p1, p2, combine })
            }
            _ => {
                self.policy_error(
                    whole,
                    "a probability split needs all of `p1`, `p2` and `[risk.combine]`".into(),
                    "give the three, or none of them",
                );
                None
            }
        };
        let matrix = match acceptability {
            Some((t, value)) => self.matrix(t, value, &severity, &probability),
            None => {
                self.policy_error(
                    whole,
                    "`[risk]` has no `[risk.acceptability]` matrix".into(),
                    "give one row per probability level; see docs/src/risk.md",
                );
                None
            }
        };
        let failed = self.diags[before..]
            .iter()
            .any(|d| d.code != Code::ConfigUnknownKey);
        match matrix {
            Some(matrix) if !failed => RiskPolicy {
                severity,
                probability,
                split,
                matrix,
                span: whole,
                invalid: false,
            },
            _ => RiskPolicy {
                invalid: true,
                ..default
            },
        }
    }

    fn scale(&mut self, value: &Value<'_>, what: &str, severity: bool) -> Option<Scale> {
        let DeValue::Array(entries) = value.get_ref() else {
            self.policy_error(
                self.span(value),
                format!("`risk.{what}` must be a list of levels, lowest first"),
                "write it as [{ name = \"low\", description = \"...\" }, ...]",
            );
            return None;
        };
        let mut levels: Vec<ScaleLevel> = Vec::new();
        let mut ok = true;
        for entry in entries.iter() {
            let DeValue::Table(t) = entry.get_ref() else {
                self.policy_error(
                    self.span(entry),
                    format!("a level of `risk.{what}` must be a table with a name"),
                    "write { name = \"...\", description = \"...\" }",
                );
                ok = false;
                continue;
            };
            let mut level = ScaleLevel {
                name: String::new(),
                description: String::new(),
                harm: Harm::None,
            };
            let mut harm_given = false;
            for (key, v) in t.iter() {
                match key.get_ref().as_ref() {
                    "name" => level.name = self.string(v, "name").unwrap_or_default().to_string(),
                    "description" => {
                        level.description = self
                            .string(v, "description")
                            .unwrap_or_default()
                            .to_string()
                    }
                    "harm" if severity => {
                        harm_given = true;
                        let text = self.string(v, "harm").unwrap_or_default();
                        match Harm::parse(text) {
                            Some(h) => level.harm = h,
                            None => {
                                self.policy_error(
                                    self.span(v),
                                    format!("`{text}` is not a kind of harm"),
                                    "use \"none\", \"non-serious\" or \"serious\" (death or serious injury)",
                                );
                                ok = false;
                            }
                        }
                    }
                    _ => {
                        let known: &[&str] = if severity {
                            &["name", "description", "harm"]
                        } else {
                            &["name", "description"]
                        };
                        self.unknown(key, &format!("a level of risk.{what}"), known);
                    }
                }
            }
            let problem = if level.name.trim().is_empty() {
                Some(format!("a level of `risk.{what}` has no name"))
            } else if levels.iter().any(|l| l.name == level.name) {
                Some(format!("`{}` is named twice in `risk.{what}`", level.name))
            } else if severity && !harm_given {
                Some(format!("severity `{}` does not say its `harm`", level.name))
            } else {
                None
            };
            if let Some(message) = problem {
                self.policy_error(
                    self.span(entry),
                    message,
                    "give every level a unique name (and every severity a harm: none, non-serious or serious)",
                );
                ok = false;
            }
            levels.push(level);
        }
        if levels.len() < 2 {
            self.policy_error(
                self.span(value),
                format!("`risk.{what}` needs at least two levels"),
                "list the levels, lowest first",
            );
            ok = false;
        }
        if severity && levels.windows(2).any(|w| w[0].harm > w[1].harm) {
            self.policy_error(
                self.span(value),
                "a severity level has a lighter `harm` than the level below it".into(),
                "list severities lowest first; harm must not decrease up the scale",
            );
            ok = false;
        }
        // Kept even when wrong, so the matrix is checked against what the user wrote;
        // the reported error makes the whole policy fall back to the default.
        let _ = ok;
        Some(Scale { levels })
    }

    /// Reads rows keyed by a level name of `rows` holding one value per level of
    /// `columns`, each read by `cell`.
    fn rows<T: Copy>(
        &mut self,
        table: &DeTable<'_>,
        value: &Value<'_>,
        what: &str,
        rows: &Scale,
        columns: &Scale,
        cell: &mut dyn FnMut(&mut Reader, &Value<'_>) -> Option<T>,
    ) -> Option<Vec<Vec<T>>> {
        let mut out: Vec<Option<Vec<T>>> = vec![None; rows.levels.len()];
        let mut ok = true;
        for (key, row) in table.iter() {
            let Some(r) = rows.index(key.get_ref()) else {
                let names = rows.names();
                let near = crate::diagnostic::closest(key.get_ref(), names.iter().copied());
                let r = key.span();
                self.policy_error(
                    Some(Span::new(self.file, r.start, r.end)),
                    format!(
                        "`{}` in `{what}` is not a level of the scale",
                        key.get_ref()
                    ),
                    &match near {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("use one of {}", names.join(", ")),
                    },
                );
                ok = false;
                continue;
            };
            let DeValue::Array(cells) = row.get_ref() else {
                self.policy_error(
                    self.span(row),
                    format!("the row `{}` of `{what}` must be a list", key.get_ref()),
                    "write one value per level, lowest first",
                );
                ok = false;
                continue;
            };
            if cells.len() != columns.levels.len() {
                self.policy_error(
                    self.span(row),
                    format!(
                        "the row `{}` of `{what}` has {} values for {} levels ({})",
                        key.get_ref(),
                        cells.len(),
                        columns.levels.len(),
                        columns.names().join(", ")
                    ),
                    "write one value per level, lowest first",
                );
                ok = false;
                continue;
            }
            let read: Vec<Option<T>> = cells.iter().map(|c| cell(self, c)).collect();
            match read.into_iter().collect::<Option<Vec<T>>>() {
                Some(values) => out[r] = Some(values),
                None => ok = false,
            }
        }
        let missing: Vec<&str> = rows
            .levels
            .iter()
            .zip(&out)
            .filter(|(_, row)| row.is_none())
            .map(|(l, _)| l.name.as_str())
            .collect();
        if ok && !missing.is_empty() {
            self.policy_error(
                self.span(value),
                format!("`{what}` has no row for {}", missing.join(", ")),
                "give a row for every level",
            );
        }
        out.into_iter().collect::<Option<Vec<_>>>().filter(|_| ok)
    }

    fn matrix(
        &mut self,
        table: &DeTable<'_>,
        value: &Value<'_>,
        severity: &Scale,
        probability: &Scale,
    ) -> Option<Vec<Vec<Zone>>> {
        let matrix = self.rows(
            table,
            value,
            "risk.acceptability",
            probability,
            severity,
            &mut |reader: &mut Reader, cell: &Value<'_>| {
                let text = reader.string(cell, "zone")?;
                let zone = Zone::parse(text);
                if zone.is_none() {
                    reader.policy_error(
                        reader.span(cell),
                        format!("`{text}` is not a zone"),
                        "use \"acceptable\", \"afap\" (reduce as far as possible) or \"unacceptable\"",
                    );
                }
                zone
            },
        )?;
        // A riskier cell (higher severity or probability) cannot be more acceptable.
        let monotone = (0..matrix.len()).all(|p| {
            (0..matrix[p].len()).all(|s| {
                (s == 0 || matrix[p][s - 1] <= matrix[p][s])
                    && (p == 0 || matrix[p - 1][s] <= matrix[p][s])
            })
        });
        if !monotone {
            self.policy_error(
                self.span(value),
                "the acceptability matrix makes a riskier cell more acceptable than a less risky one".into(),
                "zones must not improve as severity or probability increases",
            );
            return None;
        }
        Some(matrix)
    }

    fn combine(
        &mut self,
        table: &DeTable<'_>,
        value: &Value<'_>,
        p1: &Scale,
        p2: &Scale,
        probability: &Scale,
    ) -> Option<Vec<Vec<usize>>> {
        self.rows(
            table,
            value,
            "risk.combine",
            p1,
            p2,
            &mut |reader: &mut Reader, cell: &Value<'_>| {
                let text = reader.string(cell, "probability")?;
                let index = probability.index(text);
                if index.is_none() {
                    reader.policy_error(
                        reader.span(cell),
                        format!("`{text}` is not a level of `risk.probability`"),
                        &format!("use one of {}", probability.names().join(", ")),
                    );
                }
                index
            },
        )
    }
}
