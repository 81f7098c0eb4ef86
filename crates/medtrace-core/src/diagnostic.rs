//! Findings about the user's content: stable codes, levels, spans, messages and help.
//!
//! Problems in records and configuration are [`Diagnostic`]s, collected and never
//! returned as `Err`. Each has a [`Code`] whose metadata (default level, clause, summary)
//! lives in one table here, and whose page lives in the user guide.

use crate::clauses::ClassSet;
use crate::model::Class;
use crate::source::Span;
use std::fmt;

/// How seriously a finding is taken; configurable per code in medtrace.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; does not fail `check`.
    Warn,
    /// Reported; makes `check` exit 1.
    Deny,
}

impl Level {
    /// Reads `allow`, `warn` or `deny`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "allow" => Some(Level::Allow),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }

    /// The level as written in medtrace.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $level:ident, $clause:literal, $classes:ident, $summary:literal; )*) => {
        /// A stable finding code. The kebab-case name is the public interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $summary] $variant, )*
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The kebab-case name, as in medtrace.toml and the output.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The level when medtrace.toml does not set one.
            pub fn default_level(self) -> Level {
                match self { $(Code::$variant => Level::$level,)* }
            }

            /// The IEC 62304 / ISO 14971 clause the check serves, or "" for tool matters.
            pub fn clause(self) -> &'static str {
                match self { $(Code::$variant => $clause,)* }
            }

            /// One line saying what the code checks.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// The safety classes at which the check applies: a finding about an item
            /// judged at another class is not reported (see [`crate::class_rules`]).
            pub fn classes(self) -> ClassSet {
                match self { $(Code::$variant => ClassSet::$classes,)* }
            }
        }
    };
}

// The class rules table: each code with its default level, the clauses it serves, the
// classes it applies at, and what it checks. `classes` is the only place that says at
// which class a check applies; the findings of every check pass through it.
codes! {
    ConfigSyntax = "config-syntax", Deny, "", ABC,
        "medtrace.toml is not valid TOML";
    ConfigUnknownKey = "config-unknown-key", Warn, "", ABC,
        "medtrace.toml has a key medtrace does not know";
    ConfigInvalidValue = "config-invalid-value", Deny, "", ABC,
        "a value in medtrace.toml has the wrong kind or is out of range";
    FileUnreadable = "file-unreadable", Deny, "8.1", ABC,
        "an item file cannot be read";
    FileNotUtf8 = "file-not-utf8", Deny, "8.1", ABC,
        "an item file is not valid UTF-8 text";
    FrontMatterUnclosed = "front-matter-unclosed", Deny, "8.1", ABC,
        "the front matter opened by `---` is never closed";
    YamlSyntax = "yaml-syntax", Deny, "8.1", ABC,
        "the front matter is not valid YAML";
    YamlNotMapping = "yaml-not-mapping", Deny, "8.1", ABC,
        "the front matter is not a mapping of field names to values";
    YamlAlias = "yaml-alias", Deny, "8.1", ABC,
        "the front matter uses a YAML anchor or alias";
    YamlTooDeep = "yaml-too-deep", Deny, "8.1", ABC,
        "the front matter nests deeper than medtrace reads";
    ItemIdMissing = "item-id-missing", Deny, "8.1.1", ABC,
        "an item file has no `id` field";
    ItemIdInvalid = "item-id-invalid", Deny, "8.1.1", ABC,
        "an ID does not have the shape PREFIX-NAME";
    ItemPrefixUnknown = "item-prefix-unknown", Deny, "8.1.1", ABC,
        "an ID's prefix names no item type";
    ItemIdDuplicate = "item-id-duplicate", Deny, "8.1.1", ABC,
        "two files hold the same ID";
    FieldUnknown = "field-unknown", Warn, "", ABC,
        "a field the type's schema does not know";
    FieldDuplicate = "field-duplicate", Deny, "", ABC,
        "a field is given twice in the same front matter";
    FieldRequiredMissing = "field-required-missing", Deny, "", ABC,
        "a required field is missing";
    FieldInvalidValue = "field-invalid-value", Deny, "", ABC,
        "a field's value has the wrong kind or is not one of the allowed values";
    LinkTargetMissing = "link-target-missing", Deny, "5.1.1 c, 7.3.3", ABC,
        "a link names an ID that no item has";
    LinkWrongType = "link-wrong-type", Deny, "5.1.1 c, 7.3.3", ABC,
        "a link points at an item of a type the role does not allow";
    LinkSelf = "link-self", Deny, "5.1.1 c", ABC,
        "an item links to itself";
    LinkToObsolete = "link-to-obsolete", Warn, "5.1.1 c", ABC,
        "a link points at an obsolete item";
    LinkCycle = "link-cycle", Deny, "5.2.1, 5.3.1", ABC,
        "`parent` or `derived-from` links form a cycle";
    SystemRequirementNotRefined = "system-requirement-not-refined", Deny, "5.2.1", ABC,
        "no software requirement is derived from a system requirement";
    RequirementNotDerived = "requirement-not-derived", Deny, "5.2.1", ABC,
        "a software requirement has no `derived-from` and is not marked derived";
    RequirementNotVerified = "requirement-not-verified", Deny, "5.1.1 c, 5.7.4", ABC,
        "no test verifies a software requirement";
    RiskControlNotImplemented = "risk-control-not-implemented", Deny, "5.2.3, 7.2.2", BC,
        "no software requirement implements a risk control measure in software";
    RiskControlNotVerified = "risk-control-not-verified", Deny, "7.3.1", BC,
        "no test verifies a risk control measure";
    ClassRationaleMissing = "class-rationale-missing", Deny, "4.3, 5.3.5", ABC,
        "a software item is classed lower than its parent without a rationale";
    ExecutionRecordInvalid = "execution-record-invalid", Deny, "5.7.5, 9.8", ABC,
        "a manual test execution record has a field that cannot be read";
    ExecutionRecordIncomplete = "execution-record-incomplete", Deny, "5.7.5, 9.8", ABC,
        "a manual test execution record lacks a field the standard requires";
    ExecutionTargetInvalid = "execution-target-invalid", Deny, "5.7.5", ABC,
        "an execution record names no test item, or an anomaly that is no problem report";
    TagMalformed = "tag-malformed", Deny, "5.1.1 c", ABC,
        "a trace tag in code is not a list of IDs";
    TagTargetMissing = "tag-target-missing", Deny, "5.1.1 c", ABC,
        "a trace tag in code names an ID that no item has";
    TagWrongType = "tag-wrong-type", Deny, "5.1.1 c", ABC,
        "a trace tag names an item that cannot be implemented or verified";
    TestReportInvalid = "test-report-invalid", Deny, "5.7.5", ABC,
        "a test report cannot be read, or part of it cannot";
    TestReportMissing = "test-report-missing", Warn, "5.7.5", ABC,
        "a configured test report pattern matches no file";
    TestResultUnmatched = "test-result-unmatched", Warn, "5.1.1 c", ABC,
        "a test result maps to no requirement: no test item names it and no tag is bound to it";
    AutomatedTestNotRun = "automated-test-not-run", Deny, "5.7.4", ABC,
        "an automated test a test item names has no result in the reports";
    VerificationFailed = "verification-failed", Deny, "5.7.4, 7.3.1", ABC,
        "a test verifying a requirement or risk control failed";
    VerificationNotRun = "verification-not-run", Warn, "5.7.4, 7.3.1", ABC,
        "a requirement or risk control has tests, but not all of them have a result";
    SoupLockfileInvalid = "soup-lockfile-invalid", Deny, "8.1.2", ABC,
        "a lockfile cannot be read, or part of it cannot";
    SoupNotRecorded = "soup-not-recorded", Deny, "8.1.2, 5.3.3", ABC,
        "a component in a lockfile has no SOUP record";
    SoupNotLocked = "soup-not-locked", Warn, "8.1.2", ABC,
        "a SOUP record names a component that no lockfile holds";
    SoupVersionDrift = "soup-version-drift", Deny, "8.1.2", ABC,
        "a SOUP record's version differs from the locked version";
    SoupFieldsMissing = "soup-fields-missing", Deny, "8.1.2, 5.3.3, 5.3.4, 7.1.3", ABC,
        "a SOUP record lacks a field its class requires";
    SoupReviewOutdated = "soup-review-outdated", Deny, "7.1.3", BC,
        "a SOUP record's anomaly review is not of the locked version";
    RiskPolicyInvalid = "risk-policy-invalid", Deny, "4.2", ABC,
        "the risk policy in medtrace.toml (scales, matrix, P1 × P2 table) cannot be used";
    RiskEstimateInvalid = "risk-estimate-invalid", Deny, "7.1.4", BC,
        "a hazard's severity or probability is not a level of the policy's scale";
    RiskEstimateMissing = "risk-estimate-missing", Deny, "7.1.4", BC,
        "a hazard lacks its initial or residual severity or probability";
    HazardCausesMissing = "hazard-causes-missing", Deny, "7.1.1, 7.1.2", BC,
        "a hazard names no contributing software item, or no cause for one";
    HazardCauseInvalid = "hazard-cause-invalid", Deny, "7.1.2", BC,
        "a cause of a hazard lacks its item or category, or names no SOUP record";
    HazardItemObsolete = "hazard-item-obsolete", Deny, "7.1.1, 7.4.3", BC,
        "a hazard names an obsolete software item as contributing";
    RiskNotControlled = "risk-not-controlled", Deny, "7.2.1", BC,
        "a hazard's initial risk is not acceptable and no risk control mitigates it";
    RiskResidualUnacceptable = "risk-residual-unacceptable", Deny, "7.3.1", BC,
        "a residual risk is unacceptable and no benefit-risk analysis is recorded";
    RiskResidualWorse = "risk-residual-worse", Deny, "7.3.1", BC,
        "a hazard's residual severity or probability is higher than before control";
    RiskControlClassTooLow = "risk-control-class-too-low", Deny, "7.2.2, 4.3", BC,
        "software implementing a risk control is classed lower than the harm it controls requires";
    SoupCauseUnreviewed = "soup-cause-unreviewed", Deny, "7.1.2, 7.1.3", BC,
        "a hazard has a SOUP cause whose SOUP record has no anomaly-list review";
    RiskControlExternalUndescribed = "risk-control-external-undescribed", Deny, "7.2.1", BC,
        "a risk control realised outside the software does not say by what";
    RiskControlNewHazardsUnreviewed = "risk-control-new-hazards-unreviewed", Deny, "7.3.1", BC,
        "a risk control does not record whether it introduces new hazardous situations";
    ClassBelowRisk = "class-below-risk", Deny, "4.3", ABC,
        "a software item is classed lower than the harm of a hazard it contributes to requires";
    SegregationMissing = "segregation-missing", Deny, "5.3.5", C,
        "an item classed below its class C parent names no segregation that makes the lower class hold";
    ItemInterfacesMissing = "item-interfaces-missing", Deny, "5.3.2", BC,
        "a software item of a class B or C system does not describe its interfaces";
    UnitDesignMissing = "unit-design-missing", Deny, "5.4.2, 5.4.3", C,
        "a class C software unit has no detailed design or no interfaces";
    UnitAcceptanceMissing = "unit-acceptance-missing", Deny, "5.5.3", BC,
        "a unit test of a class B or C unit states no acceptance criteria";
    ClassificationUnsupported = "classification-unsupported", Deny, "4.3", ABC,
        "a recorded safety classification is unreadable, disagrees with the class, or the risk file no longer supports it";
    VerificationStale = "verification-stale", Warn, "5.7.4, 7.4, 8.2", ABC,
        "a requirement or its code changed after the version its manual test was run on";
    ProblemFieldMissing = "problem-field-missing", Deny, "9.1, 9.2, 9.3, 5.8.2", ABC,
        "a problem report lacks a field its state requires";
    ProblemResolutionIncomplete = "problem-resolution-incomplete", Deny, "9.4, 9.5", ABC,
        "a problem report is resolved while a change request resolving it is not implemented";
    ProblemClosedUnverified = "problem-closed-unverified", Deny, "9.7", ABC,
        "a problem report is verified or closed without verification of its resolution";
    ProblemAnomalyUnevaluated = "problem-anomaly-unevaluated", Deny, "5.8.3", BC,
        "a known residual anomaly is released without an evaluation of its risk";
    ChangeFieldMissing = "change-field-missing", Deny, "6.2.3, 6.2.4, 7.4.1, 8.2.2, 8.2.3", ABC,
        "a change request lacks a field its state requires";
    ChangeUnapprovedCommit = "change-unapproved-commit", Deny, "8.2.1", ABC,
        "a commit changes controlled records or tagged code without a change request approved by its date";
    LinkSuspect = "link-suspect", Warn, "7.4.3, 8.2.2, 8.2.3", ABC,
        "an item upstream of a reviewed item changed, or was linked, after the review";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Code {
    /// Finds a code by its kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// A secondary place that contributed to a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// Why it is shown.
    pub message: String,
}

/// One finding about the user's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// The level in force (the code's default or the configured one).
    pub level: Level,
    /// One lowercase line quoting the IDs involved.
    pub message: String,
    /// The primary place, when the finding has one.
    pub span: Option<Span>,
    /// Other places that caused it.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// The class the finding is judged at, when the check knows it better than the
    /// item holding the span (e.g. the class a hazard demands of an item).
    pub judged_at: Option<Class>,
}

impl Diagnostic {
    /// A finding at the code's default level; [`crate::Analysis`] applies configured levels.
    pub fn new(code: Code, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: code.default_level(),
            message: message.into(),
            span,
            related: Vec::new(),
            help: None,
            judged_at: None,
        }
    }

    /// Says at which class the finding is judged (see [`Code::classes`]).
    pub fn judged_at(mut self, class: Class) -> Diagnostic {
        self.judged_at = Some(class);
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary place.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

/// Names joined with commas for a message: the first `shown`, then how many more.
pub fn name_list(names: &[String], shown: usize) -> String {
    let mut out: Vec<String> = names.iter().take(shown).cloned().collect();
    if names.len() > shown {
        out.push(format!("and {} more", names.len() - shown));
    }
    out.join(", ")
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, _)| d <= limit && d > 0)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_kebab_case() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        for name in &names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn closest_finds_typos_only() {
        let fields = ["title", "status", "derived-from"];
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("derived_from", fields), Some("derived-from"));
        assert_eq!(closest("owner", fields), None);
    }
}
