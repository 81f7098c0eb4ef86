//! The release gate: the checks of IEC 62304 5.8.1–5.8.6 (and 8.1.2) a version must pass
//! before it is released, each tailored to the project's class by the clause table.

use crate::checks::lifecycle;
use crate::clauses::{self, DisputeStance};
use crate::diagnostic::{Code, Level};
use crate::graph::ItemIdx;
use crate::model::{Class, ItemType, Status, split_id};
use crate::verification::VerificationStatus;
use crate::yaml::{Node, Value};
use crate::{Analysis, Item};

/// What is being released.
#[derive(Clone, Debug, Default)]
pub struct Candidate<'a> {
    /// The version, as given on the command line.
    pub version: &'a str,
    /// The commit released from, when the project is in git.
    pub commit: Option<&'a str>,
    /// Whether the work tree differs from the commit (untracked files aside).
    pub dirty: bool,
    /// The build environment as captured by `[release] environment`.
    pub environment: &'a [Captured],
}

/// One `[release] environment` command after it was run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    /// The tool's name.
    pub name: String,
    /// The command as written.
    pub command: String,
    /// Its trimmed standard output, or why it failed.
    pub output: Result<String, String>,
}

/// One check of the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GateCheck {
    /// Every requirement (and, for B/C, risk control) verified (5.8.1).
    VerificationComplete,
    /// Every open problem report listed as a known anomaly (5.8.2).
    AnomaliesListed,
    /// Every known anomaly evaluated for unacceptable risk (5.8.3).
    AnomaliesEvaluated,
    /// The version identified: a usable name, a commit, a clean work tree (5.8.4).
    VersionIdentified,
    /// The build environment captured (5.8.5).
    BuildEnvironment,
    /// Plans and documents approved (5.8.6).
    DocumentsApproved,
    /// The SOUP list matches the lockfiles (8.1.2).
    SoupCurrent,
    /// No finding at deny level (5.8.1, 5.8.6).
    NoDenyFindings,
}

impl GateCheck {
    /// Every check, in the order reported.
    pub const ALL: [GateCheck; 8] = [
        GateCheck::VerificationComplete,
        GateCheck::AnomaliesListed,
        GateCheck::AnomaliesEvaluated,
        GateCheck::VersionIdentified,
        GateCheck::BuildEnvironment,
        GateCheck::DocumentsApproved,
        GateCheck::SoupCurrent,
        GateCheck::NoDenyFindings,
    ];

    /// The kebab-case name, as in the release record.
    pub fn name(self) -> &'static str {
        match self {
            GateCheck::VerificationComplete => "verification-complete",
            GateCheck::AnomaliesListed => "anomalies-listed",
            GateCheck::AnomaliesEvaluated => "anomalies-evaluated",
            GateCheck::VersionIdentified => "version-identified",
            GateCheck::BuildEnvironment => "build-environment",
            GateCheck::DocumentsApproved => "documents-approved",
            GateCheck::SoupCurrent => "soup-current",
            GateCheck::NoDenyFindings => "no-deny-findings",
        }
    }

    /// The clause whose class set decides whether the check applies.
    pub fn clause(self) -> &'static str {
        match self {
            GateCheck::VerificationComplete | GateCheck::NoDenyFindings => "5.8.1",
            GateCheck::AnomaliesListed => "5.8.2",
            GateCheck::AnomaliesEvaluated => "5.8.3",
            GateCheck::VersionIdentified => "5.8.4",
            GateCheck::BuildEnvironment => "5.8.5",
            GateCheck::DocumentsApproved => "5.8.6",
            GateCheck::SoupCurrent => "8.1.2",
        }
    }

    /// What the check asks, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            GateCheck::VerificationComplete => "every requirement verified",
            GateCheck::AnomaliesListed => "every known residual anomaly listed",
            GateCheck::AnomaliesEvaluated => "every known anomaly evaluated for risk",
            GateCheck::VersionIdentified => "the version and its commit identified",
            GateCheck::BuildEnvironment => "the build environment captured",
            GateCheck::DocumentsApproved => "plans and documents approved",
            GateCheck::SoupCurrent => "the SOUP list current",
            GateCheck::NoDenyFindings => "no finding at deny level",
        }
    }
}

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    /// Which check.
    pub check: GateCheck,
    /// Whether its clause applies to the project's class.
    pub applies: bool,
    /// Why it fails, one line each, naming the IDs; empty when it passes.
    pub reasons: Vec<String>,
    /// What it found when it passes, one line.
    pub evidence: String,
}

impl CheckResult {
    /// Whether the check passes (a check that does not apply always does).
    pub fn passed(&self) -> bool {
        !self.applies || self.reasons.is_empty()
    }
}

/// The gate's verdict, with what the release record lists.
#[derive(Clone, Debug)]
pub struct Gate {
    /// The class the gate was tailored to (`[project] class`).
    pub class: Class,
    /// Every check, in [`GateCheck::ALL`] order.
    pub checks: Vec<CheckResult>,
    /// The open problem reports: the known residual anomalies.
    pub known_anomalies: Vec<ItemIdx>,
    /// The closed change requests and problem reports no earlier release includes.
    pub includes: Vec<ItemIdx>,
}

impl Gate {
    /// Whether every check passes.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(CheckResult::passed)
    }

    /// The checks that fail.
    pub fn failures(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks.iter().filter(|c| !c.passed())
    }
}

/// How many reasons a check lists before it sums up the rest.
const MAX_REASONS: usize = 25;

// implements: SRS-065
/// Runs the gate over a checked project for the `candidate` version.
pub fn evaluate(analysis: &Analysis, candidate: &Candidate<'_>) -> Gate {
    let class = analysis.config.class;
    let stance = analysis.config.gap.stance;
    let live = |ty: ItemType| -> Vec<ItemIdx> {
        (0..analysis.items.len())
            .filter(|&i| {
                let item = &analysis.items[i];
                item.ty == ty && item.status != Status::Obsolete && !item.partial
            })
            .collect()
    };
    let problems = live(ItemType::Prb);
    let known_anomalies: Vec<ItemIdx> = problems
        .iter()
        .copied()
        .filter(|&p| !is_closed(&analysis.items[p]))
        .collect();
    let releases = live(ItemType::Rel);
    let earlier: Vec<&Item> = releases.iter().map(|&r| &analysis.items[r]).collect();
    let mut includes: Vec<ItemIdx> = live(ItemType::Cr)
        .into_iter()
        .chain(problems.iter().copied())
        .filter(|&i| is_closed(&analysis.items[i]))
        .filter(|&i| {
            let id = analysis.items[i].id.as_str();
            !earlier.iter().any(|r| list(r, "includes").any(|x| x == id))
        })
        .collect();
    includes.sort_by(|&a, &b| analysis.items[a].id.cmp(&analysis.items[b].id));

    let ids = |found: &[ItemIdx]| -> String {
        found
            .iter()
            .map(|&i| analysis.items[i].id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut checks = Vec::new();
    for check in GateCheck::ALL {
        let applies = clauses::get(check.clause())
            .is_some_and(|c| c.applies_to(class, stance))
            // Deny-level findings fail any release; the class tailors the findings.
            || check == GateCheck::NoDenyFindings;
        let (reasons, evidence) = match check {
            GateCheck::VerificationComplete => verification_complete(analysis, class, stance),
            GateCheck::AnomaliesListed => anomalies(analysis, &known_anomalies, "description"),
            GateCheck::AnomaliesEvaluated => anomalies(analysis, &known_anomalies, "evaluation"),
            GateCheck::VersionIdentified => version_identified(analysis, candidate, &releases),
            GateCheck::BuildEnvironment => build_environment(analysis, candidate),
            GateCheck::DocumentsApproved => documents_approved(analysis, &live(ItemType::Doc)),
            GateCheck::SoupCurrent => soup_current(analysis),
            GateCheck::NoDenyFindings => no_deny_findings(analysis),
        };
        let evidence = if !applies {
            format!("not required for class {class}")
        } else if check == GateCheck::AnomaliesListed && reasons.is_empty() {
            match known_anomalies.as_slice() {
                [] => "no open problem report".to_string(),
                open => format!("known anomalies: {}", ids(open)),
            }
        } else {
            evidence
        };
        checks.push(CheckResult {
            check,
            applies,
            reasons: capped(reasons),
            evidence,
        });
    }
    Gate {
        class,
        checks,
        known_anomalies,
        includes,
    }
}

/// `1 requirement`, `2 requirements`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn capped(mut reasons: Vec<String>) -> Vec<String> {
    if reasons.len() > MAX_REASONS {
        let more = reasons.len() - MAX_REASONS;
        reasons.truncate(MAX_REASONS);
        reasons.push(format!("and {more} more"));
    }
    reasons
}

/// Whether a problem report or change request is closed (its `state` is `closed`).
pub fn is_closed(item: &Item) -> bool {
    match item.ty {
        ItemType::Prb => lifecycle::problem_closed(item),
        ItemType::Cr => lifecycle::change_state(item).is_some_and(|s| s.name == "closed"),
        _ => false,
    }
}

/// The version a release record releases: its `version`, else its ID's name.
pub fn released_version(item: &Item) -> &str {
    match item.text("version").map(str::trim) {
        Some(v) if !v.is_empty() => v,
        _ => split_id(&item.id).map_or("", |(_, name)| name),
    }
}

/// The scalars of a list field (a single scalar counts as a list of one).
pub fn list<'a>(item: &'a Item, field: &str) -> impl Iterator<Item = &'a str> {
    let node = item.field(field).map(|f| &f.value);
    let values: Vec<&'a str> = match node.map(|n| &n.value) {
        Some(Value::Seq(nodes)) => nodes.iter().filter_map(Node::as_str).collect(),
        Some(Value::Scalar { .. }) => node.and_then(Node::as_str).into_iter().collect(),
        _ => Vec::new(),
    };
    values.into_iter().map(str::trim).filter(|s| !s.is_empty())
}

/// A key of a mapping field: `known-anomaly.evaluation`.
pub fn sub_field<'a>(item: &'a Item, field: &str, key: &str) -> Option<&'a Node> {
    let Value::Map(entries) = &item.field(field)?.value.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

type Outcome = (Vec<String>, String);

fn verification_complete(analysis: &Analysis, class: Class, stance: DisputeStance) -> Outcome {
    // Risk controls are verified under 7.3.1, which applies from class B.
    let controls = clauses::get("7.3.1").is_some_and(|c| c.applies_to(class, stance));
    let mut reasons = Vec::new();
    let mut verified = [0usize; 2];
    for (i, item) in analysis.items.iter().enumerate() {
        let slot = match item.ty {
            ItemType::Srs => 0,
            ItemType::Rcm if controls => 1,
            _ => continue,
        };
        if item.status == Status::Obsolete {
            continue;
        }
        match analysis.verification.status(i) {
            Some(VerificationStatus::Verified) => verified[slot] += 1,
            Some(status) => reasons.push(format!(
                "`{}` is not verified: {}",
                item.id,
                status.as_str()
            )),
            None => reasons.push(format!("`{}` has no verification status", item.id)),
        }
    }
    let evidence = if controls {
        format!(
            "{} and {} verified",
            plural(verified[0], "requirement"),
            plural(verified[1], "risk control")
        )
    } else {
        format!("{} verified", plural(verified[0], "requirement"))
    };
    (reasons, evidence)
}

fn anomalies(analysis: &Analysis, open: &[ItemIdx], key: &str) -> Outcome {
    let mut reasons = Vec::new();
    for &p in open {
        let item = &analysis.items[p];
        if item.field("known-anomaly").is_none() {
            reasons.push(format!(
                "`{}` is open and has no `known-anomaly`: close it, or record it as a known residual anomaly",
                item.id
            ));
        } else if sub_field(item, "known-anomaly", key).is_none() {
            reasons.push(format!(
                "`{}` is open and its `known-anomaly` has no `{key}`",
                item.id
            ));
        }
    }
    let evidence = match open.len() {
        0 => "no open problem report".to_string(),
        1 => format!("1 known anomaly, with its {key}"),
        n => format!("{n} known anomalies, each with its {key}"),
    };
    (reasons, evidence)
}

fn version_identified(
    analysis: &Analysis,
    candidate: &Candidate<'_>,
    releases: &[ItemIdx],
) -> Outcome {
    let mut reasons = Vec::new();
    let version = candidate.version;
    let prefix = analysis.config.prefix(ItemType::Rel);
    if split_id(&format!("{prefix}-{version}")).is_none() {
        reasons.push(format!(
            "`{version}` is not a usable version: use letters, digits, `.`, `_` and `-`, starting with a letter or digit"
        ));
    }
    if candidate.commit.is_none() {
        reasons.push(
            "the project is not in a git repository with a commit: the release cannot name the revision it is"
                .to_string(),
        );
    }
    // A version is released once; to make its bundle again, check out its commit.
    for &r in releases {
        let item = &analysis.items[r];
        if released_version(item) == version {
            reasons.push(format!(
                "`{}` released {version} already (commit {}): a version is released once; to make its bundle again, check out that commit",
                item.id,
                item.text("commit").map_or("not recorded", str::trim)
            ));
        }
    }
    if candidate.dirty {
        reasons.push(
            "the work tree has changes that are not committed: commit them, so the release is the commit's"
                .to_string(),
        );
    }
    let evidence = match candidate.commit {
        Some(commit) => format!("{version} from commit {commit}"),
        None => version.to_string(),
    };
    (reasons, evidence)
}

fn build_environment(analysis: &Analysis, candidate: &Candidate<'_>) -> Outcome {
    let mut reasons = Vec::new();
    if analysis.config.release.environment.is_empty() {
        reasons.push(
            "medtrace.toml captures no build environment: add `[release] environment = { rustc = \"rustc --version\" }` with the tools that build the software"
                .to_string(),
        );
    }
    for captured in candidate.environment {
        if let Err(why) = &captured.output {
            reasons.push(format!(
                "`{}` (`{}`) failed: {why}",
                captured.name, captured.command
            ));
        }
    }
    let names: Vec<&str> = candidate
        .environment
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    (reasons, format!("captured: {}", names.join(", ")))
}

fn documents_approved(analysis: &Analysis, documents: &[ItemIdx]) -> Outcome {
    let mut reasons = Vec::new();
    for &d in documents {
        let item = &analysis.items[d];
        if item.status != Status::Approved {
            reasons.push(format!(
                "`{}` ({}) is {}, not approved",
                item.id, item.title, item.status
            ));
        }
    }
    let evidence = match documents.len() {
        0 => "no plan or document recorded".to_string(),
        n => format!("{} approved", plural(n, "document")),
    };
    if documents.is_empty() {
        reasons.push(
            "no plan is recorded: the development plan names what a release must have".to_string(),
        );
    }
    (reasons, evidence)
}

/// The findings that say the SOUP list and the lockfiles disagree.
const SOUP_DRIFT: [Code; 4] = [
    Code::SoupLockfileInvalid,
    Code::SoupNotRecorded,
    Code::SoupNotLocked,
    Code::SoupVersionDrift,
];

fn soup_current(analysis: &Analysis) -> Outcome {
    let reasons: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| SOUP_DRIFT.contains(&d.code))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    let records = analysis
        .items
        .iter()
        .filter(|i| i.ty == ItemType::Soup)
        .count();
    let evidence = if analysis.config.lockfiles.is_empty() {
        format!("{records} SOUP records; no lockfile configured")
    } else {
        format!(
            "{records} SOUP records match {}",
            analysis.config.lockfiles.join(", ")
        )
    };
    (reasons, evidence)
}

fn no_deny_findings(analysis: &Analysis) -> Outcome {
    let reasons = analysis
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Deny)
        .map(|d| match d.span {
            Some(span) => {
                let file = analysis.sources.get(span.file);
                let at = file.line_col(span.start as usize);
                format!("{}:{}: {}: {}", file.path, at.line, d.code, d.message)
            }
            None => format!("{}: {}", d.code, d.message),
        })
        .collect();
    let warnings = analysis.diagnostics.len();
    (
        reasons,
        format!("`medtrace check`: no finding at deny level, {warnings} warnings"),
    )
}
