//! Evidence drawn from outside the records: trace tags found in source code, results read
//! from test reports, and manual test execution records. The scanners and readers that
//! produce these values live in their own crates (`medtrace-scan`, `medtrace-results`);
//! this module holds the values and what the checks need to know about them.

use crate::source::Span;

/// What a trace tag says about the code it sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TagRole {
    /// `implements: SRS-012` — this code implements the requirement (or risk control).
    Implements,
    /// `verifies: SRS-012` — this test verifies the item.
    Verifies,
}

impl TagRole {
    /// The keyword as written in code.
    pub fn keyword(self) -> &'static str {
        match self {
            TagRole::Implements => "implements",
            TagRole::Verifies => "verifies",
        }
    }
}

/// One ID named by a tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagTarget {
    /// The ID as written.
    pub id: String,
    /// Where it is written.
    pub span: Span,
}

/// A trace tag found in a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Implements or verifies.
    pub role: TagRole,
    /// The IDs named, in order.
    pub targets: Vec<TagTarget>,
    /// The whole tag (keyword to last ID).
    pub span: Span,
    /// The test function the tag is bound to, when it sits on or just above one: its
    /// name as test runners report it (`dose_is_rejected`, `TestDose`, `Suite.Name`).
    pub test: Option<String>,
}

/// A malformed tag: the keyword is there in a comment but what follows is not a list of IDs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedTag {
    /// Where.
    pub span: Span,
    /// What is wrong, lowercase.
    pub reason: String,
}

/// The outcome of one test case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// It ran and passed (possibly after retries: see [`TestResult::retries`]).
    Passed,
    /// An assertion failed.
    Failed,
    /// It could not run to a verdict (an error outside the assertions).
    Error,
    /// It was skipped or disabled.
    Skipped,
}

impl Outcome {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Error => "error",
            Outcome::Skipped => "skipped",
        }
    }
}

/// One test case's result from a report.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// The test's name as the report gives it (`testcase name`).
    pub name: String,
    /// The class, suite or module it belongs to (`testcase classname`), if given.
    pub classname: Option<String>,
    /// The source file, if the report gives it.
    pub file: Option<String>,
    /// The outcome.
    pub outcome: Outcome,
    /// Failed attempts before the final outcome (flaky tests, reruns).
    pub retries: u32,
    /// Duration in seconds, if given.
    pub seconds: Option<f64>,
    /// The failure or error message, first line, if any.
    pub message: Option<String>,
    /// Where the test case is in the report.
    pub span: Span,
}

impl TestResult {
    /// The fully qualified name: `classname::name` style joined as the producer would
    /// print it (`classname.name`), or the name alone.
    pub fn full_name(&self) -> String {
        match &self.classname {
            Some(c) if !c.is_empty() && !self.name.starts_with(c.as_str()) => {
                format!("{c}.{}", self.name)
            }
            _ => self.name.clone(),
        }
    }
}
