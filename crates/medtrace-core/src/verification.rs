//! Verification status: for every software requirement and risk control, whether the
//! tests that verify it passed, failed or never ran, drawn from the evidence — test items
//! with their automated test names and manual execution records, and test functions
//! tagged `verifies:` in code — and the findings about that evidence itself.

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::evidence::{MalformedTag, Outcome, Tag, TagRole, TestResult};
use crate::execution::{self, Execution};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{ItemType, LinkRole, Status};
use crate::source::{FileId, Sources, Span};
use std::collections::{HashMap, HashSet};

/// The results read from one test report.
#[derive(Clone, Debug)]
pub struct Report {
    /// The report file.
    pub file: FileId,
    /// Which tool wrote it, when it could be told.
    pub producer: Option<String>,
    /// Its test cases.
    pub results: Vec<TestResult>,
}

/// Everything found outside the records.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Trace tags found in code, spans into their files.
    pub tags: Vec<Tag>,
    /// Tags that could not be read.
    pub malformed: Vec<MalformedTag>,
    /// Test reports.
    pub reports: Vec<Report>,
    /// Manual test execution records.
    pub executions: Vec<Execution>,
    /// Whether test reports are part of this run (configured or given); without them,
    /// missing automated results are not findings.
    pub reports_expected: bool,
    /// Lockfiles read (`[soup] lockfiles`), their spans into `sources`.
    pub lockfiles: Vec<crate::soup::Lockfile>,
    /// Per execution record (same index), the files changed since the version it tested,
    /// relative to the project root — `None` where the version could not be resolved
    /// (no git, or a version git does not know). Filled by the project loader from git.
    pub changed_since: Vec<Option<HashSet<String>>>,
    /// Commits read from git for the change-control checks (8.2), oldest first; empty
    /// where the project is not in a git repository or the checks are not configured.
    pub commits: Vec<crate::history::Commit>,
}

/// The verification status of a requirement or risk control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VerificationStatus {
    /// Every test verifying it has passed.
    Verified,
    /// At least one test verifying it failed.
    Failed,
    /// It has tests, but not all have a result.
    NotRun,
    /// Its tests passed, but the item or the code implementing it changed since the
    /// version a manual execution tested.
    Stale,
    /// Nothing verifies it.
    NoTest,
}

impl VerificationStatus {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Verified => "verified",
            VerificationStatus::Failed => "failed",
            VerificationStatus::NotRun => "not run",
            VerificationStatus::Stale => "stale",
            VerificationStatus::NoTest => "no test",
        }
    }
}

/// What verifies an item: a test item, or a test function tagged in code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verifier {
    /// A TST item.
    TestItem(ItemIdx),
    /// A tag (index into [`Evidence::tags`]) bound to a test function.
    TaggedTest(usize),
}

/// One verifier with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifierEvidence {
    /// What verifies.
    pub verifier: Verifier,
    /// Matching results: (report index, result index).
    pub results: Vec<(usize, usize)>,
    /// Execution records (indices into [`Evidence::executions`]).
    pub executions: Vec<usize>,
    /// The execution whose verdict counts: the latest by date.
    pub latest_execution: Option<usize>,
    /// The verdict: `None` when there is no result.
    pub outcome: Option<Outcome>,
}

/// The status of one requirement or risk control and the evidence behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemVerification {
    /// The status.
    pub status: VerificationStatus,
    /// Each verifier with its evidence.
    pub verifiers: Vec<VerifierEvidence>,
}

/// Verification of every SRS and RCM, and where code implements each item.
#[derive(Clone, Debug, Default)]
pub struct Verification {
    /// Per item: `Some` for software requirements and risk controls.
    pub items: Vec<Option<ItemVerification>>,
    /// Per item: the tags (indices into [`Evidence::tags`]) naming it.
    pub tags: Vec<Vec<usize>>,
    /// Per test item: its results and executions (`None` for other items).
    pub tests: Vec<Option<VerifierEvidence>>,
}

impl Verification {
    /// The status of an item, if it is one that is verified.
    pub fn status(&self, item: ItemIdx) -> Option<VerificationStatus> {
        self.items.get(item)?.as_ref().map(|v| v.status)
    }
}

// implements: SRS-034, RCM-011
/// Whether `pattern` (a test item's `automated` entry or a tag's bound test name) names
/// the result: the full name, the bare name, a suffix at a `::`, `.`, `/`, `$` or space
/// boundary, or a `*` glob over either.
pub fn matches(pattern: &str, result: &TestResult) -> bool {
    let full = result.full_name();
    if pattern.contains('*') {
        return glob(pattern, &full) || glob(pattern, &result.name);
    }
    [full.as_str(), result.name.as_str()]
        .iter()
        .any(|name| ends_at_boundary(name, pattern))
}

fn ends_at_boundary(name: &str, pattern: &str) -> bool {
    if !name.ends_with(pattern) || pattern.is_empty() {
        return false;
    }
    let before = &name[..name.len() - pattern.len()];
    before.is_empty()
        || [":", ".", "/", "$", " "]
            .iter()
            .any(|b| before.ends_with(b))
}

/// A `*`-only glob.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The last segment of a test name, for indexing.
fn last_segment(name: &str) -> &str {
    name.rsplit([':', '.', '/', '$', ' '])
        .next()
        .unwrap_or(name)
}

struct ResultIndex<'a> {
    all: Vec<(usize, usize, &'a TestResult)>,
    by_last: HashMap<&'a str, Vec<usize>>,
}

impl<'a> ResultIndex<'a> {
    fn new(reports: &'a [Report]) -> ResultIndex<'a> {
        let mut all = Vec::new();
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, report) in reports.iter().enumerate() {
            for (k, result) in report.results.iter().enumerate() {
                by_last
                    .entry(last_segment(&result.name))
                    .or_default()
                    .push(all.len());
                all.push((r, k, result));
            }
        }
        ResultIndex { all, by_last }
    }

    /// Indices into `all` of the results `pattern` names.
    fn find(&self, pattern: &str) -> Vec<usize> {
        if pattern.contains('*') {
            return (0..self.all.len())
                .filter(|&i| matches(pattern, self.all[i].2))
                .collect();
        }
        self.by_last
            .get(last_segment(pattern))
            .map(|c| {
                c.iter()
                    .copied()
                    .filter(|&i| matches(pattern, self.all[i].2))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The verdict over a set of results and executions; `None` when none gave a verdict.
fn verdict(results: &[&TestResult], latest_execution: Option<&Execution>) -> Option<Outcome> {
    let mut outcome = None;
    for r in results {
        match r.outcome {
            Outcome::Failed | Outcome::Error => return Some(Outcome::Failed),
            Outcome::Passed => outcome = Some(Outcome::Passed),
            Outcome::Skipped => {}
        }
    }
    if let Some(e) = latest_execution {
        match e.result {
            Some(Outcome::Failed) => return Some(Outcome::Failed),
            Some(Outcome::Passed) => outcome = Some(Outcome::Passed),
            _ => {}
        }
    }
    outcome
}

// implements: SRS-034, SRS-036, RCM-011
/// Checks the evidence against the records and computes every verification status.
pub fn verify(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    sources: &Sources,
    evidence: &Evidence,
    diags: &mut Vec<Diagnostic>,
) -> Verification {
    let mut tags_of: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut tag_verified: HashMap<ItemIdx, Vec<usize>> = HashMap::new();
    check_tags(
        items,
        graph,
        config,
        evidence,
        &mut tags_of,
        &mut tag_verified,
        diags,
    );
    let executions_of = check_executions(items, graph, evidence, diags);
    let index = ResultIndex::new(&evidence.reports);
    let mut matched = vec![false; index.all.len()];

    // The evidence of each test item.
    let mut tst_evidence: HashMap<ItemIdx, VerifierEvidence> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if item.ty != ItemType::Tst || item.status == Status::Obsolete {
            continue;
        }
        let mut found = Vec::new();
        for (pattern, span) in automated(item) {
            let hits = index.find(&pattern);
            if hits.is_empty() && evidence.reports_expected {
                diags.push(
                    Diagnostic::new(
                        Code::AutomatedTestNotRun,
                        Some(span),
                        format!("`{}` names the automated test `{pattern}`, which no test report holds", item.id),
                    )
                    .with_help("run the test so its report is read, or correct the name (see `medtrace explain automated-test-not-run`)"),
                );
            }
            for h in hits {
                matched[h] = true;
                found.push(h);
            }
        }
        found.sort_unstable();
        found.dedup();
        let execs: Vec<usize> = executions_of.get(&i).cloned().unwrap_or_default();
        let latest_execution = execs.iter().copied().max_by(|&a, &b| {
            evidence.executions[a]
                .date
                .cmp(&evidence.executions[b].date)
        });
        let latest = latest_execution.map(|e| &evidence.executions[e]);
        let results: Vec<&TestResult> = found.iter().map(|&h| index.all[h].2).collect();
        tst_evidence.insert(
            i,
            VerifierEvidence {
                verifier: Verifier::TestItem(i),
                results: found
                    .iter()
                    .map(|&h| (index.all[h].0, index.all[h].1))
                    .collect(),
                executions: execs,
                latest_execution,
                outcome: verdict(&results, latest),
            },
        );
    }

    // The evidence of each tagged test function.
    let mut tag_evidence: HashMap<usize, VerifierEvidence> = HashMap::new();
    for (t, tag) in evidence.tags.iter().enumerate() {
        let (TagRole::Verifies, Some(test)) = (tag.role, &tag.test) else {
            continue;
        };
        let hits = index.find(test);
        for &h in &hits {
            matched[h] = true;
        }
        let results: Vec<&TestResult> = hits.iter().map(|&h| index.all[h].2).collect();
        tag_evidence.insert(
            t,
            VerifierEvidence {
                verifier: Verifier::TaggedTest(t),
                results: hits
                    .iter()
                    .map(|&h| (index.all[h].0, index.all[h].1))
                    .collect(),
                executions: Vec::new(),
                latest_execution: None,
                outcome: verdict(&results, None),
            },
        );
    }

    report_unmatched(&index, &matched, evidence, diags);

    let any_evidence = evidence.reports_expected || !evidence.executions.is_empty();
    let mut verification = Verification {
        items: vec![None; items.len()],
        tags: tags_of,
        tests: vec![None; items.len()],
    };
    for (&t, e) in &tst_evidence {
        verification.tests[t] = Some(e.clone());
    }
    for (i, item) in items.iter().enumerate() {
        if !matches!(item.ty, ItemType::Srs | ItemType::Rcm) {
            continue;
        }
        let mut verifiers: Vec<VerifierEvidence> = graph
            .sources(i, LinkRole::Verifies)
            .filter_map(|t| tst_evidence.get(&t).cloned())
            .collect();
        for &t in tag_verified.get(&i).into_iter().flatten() {
            if let Some(e) = tag_evidence.get(&t) {
                verifiers.push(e.clone());
            }
        }
        verifiers.sort_by_key(|v| v.verifier);
        let stale = stale_evidence(item, sources, evidence, &verification.tags[i], &verifiers);
        let status = if verifiers.is_empty() {
            VerificationStatus::NoTest
        } else if verifiers.iter().any(|v| v.outcome == Some(Outcome::Failed)) {
            VerificationStatus::Failed
        } else if verifiers.iter().any(|v| v.outcome.is_none()) {
            VerificationStatus::NotRun
        } else if !stale.is_empty() {
            VerificationStatus::Stale
        } else {
            VerificationStatus::Verified
        };
        if status == VerificationStatus::Stale && item.status != Status::Obsolete && !item.partial {
            stale_finding(items, evidence, item, &stale, diags);
        }
        if item.status != Status::Obsolete && !item.partial {
            status_finding(
                items,
                evidence,
                item,
                status,
                &verifiers,
                any_evidence,
                diags,
            );
        }
        verification.items[i] = Some(ItemVerification { status, verifiers });
    }
    verification
}

/// The items verified through tags alone count as covered for the coverage checks.
pub fn tag_verified_items(items: &[Item], graph: &Graph, evidence: &Evidence) -> HashSet<ItemIdx> {
    evidence
        .tags
        .iter()
        // Only a tag bound to a test function stands for a test.
        .filter(|t| t.role == TagRole::Verifies && t.test.is_some())
        .flat_map(|t| &t.targets)
        .filter_map(|target| graph.lookup(&target.id))
        .filter(|&i| matches!(items[i].ty, ItemType::Srs | ItemType::Rcm | ItemType::Swi))
        .collect()
}

/// The passing manual executions behind `item` whose tested version predates a change
/// to the item's file or to a file implementing it: (execution, the changed file).
fn stale_evidence(
    item: &Item,
    sources: &Sources,
    evidence: &Evidence,
    tags: &[usize],
    verifiers: &[VerifierEvidence],
) -> Vec<(usize, String)> {
    let mut files = vec![sources.get(item.file).path.as_str()];
    for &t in tags {
        let tag = &evidence.tags[t];
        if tag.role == TagRole::Implements {
            files.push(sources.get(tag.span.file).path.as_str());
        }
    }
    let mut stale = Vec::new();
    for v in verifiers
        .iter()
        .filter(|v| v.outcome == Some(Outcome::Passed))
    {
        let Some(e) = v.latest_execution else {
            continue;
        };
        let Some(Some(changed)) = evidence.changed_since.get(e) else {
            continue;
        };
        if let Some(file) = files.iter().find(|f| changed.contains(**f)) {
            stale.push((e, file.to_string()));
        }
    }
    stale
}

fn stale_finding(
    items: &[Item],
    evidence: &Evidence,
    item: &Item,
    stale: &[(usize, String)],
    diags: &mut Vec<Diagnostic>,
) {
    let Some((e, file)) = stale.first() else {
        return;
    };
    let exec = &evidence.executions[*e];
    let test = items
        .iter()
        .find(|i| i.id == exec.executes)
        .map_or(exec.executes.as_str(), |t| t.id.as_str());
    diags.push(
        Diagnostic::new(
            Code::VerificationStale,
            Some(item.id_span),
            format!(
                "`{}` is verified by `{test}` on {}, but `{file}` changed since",
                item.id,
                exec.version.as_deref().unwrap_or("an older version")
            ),
        )
        .with_related(exec.result_span, "the manual execution that no longer covers the current version")
        .with_help("review the change (IEC 62304 7.4, 8.2) and run the test again on the current version, recording the execution"),
    );
}

fn status_finding(
    items: &[Item],
    evidence: &Evidence,
    item: &Item,
    status: VerificationStatus,
    verifiers: &[VerifierEvidence],
    any_evidence: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let name = |v: &VerifierEvidence| match v.verifier {
        Verifier::TestItem(t) => format!("`{}`", items[t].id),
        Verifier::TaggedTest(t) => format!("`{}`", evidence.tags[t].test.as_deref().unwrap_or("?")),
    };
    match status {
        VerificationStatus::Failed => {
            let failing: Vec<&VerifierEvidence> = verifiers
                .iter()
                .filter(|v| v.outcome == Some(Outcome::Failed))
                .collect();
            let names: Vec<String> = failing.iter().map(|v| name(v)).collect();
            let mut d = Diagnostic::new(
                Code::VerificationFailed,
                Some(item.id_span),
                format!("`{}` is not verified: {} failed", item.id, list(&names)),
            )
            .with_help("fix the code or the test, run the tests again, and feed the new report to medtrace");
            for v in failing {
                for &(r, k) in &v.results {
                    let result = &evidence.reports[r].results[k];
                    if matches!(result.outcome, Outcome::Failed | Outcome::Error) {
                        let why = result.message.as_deref().unwrap_or(result.outcome.as_str());
                        d = d.with_related(
                            result.span,
                            format!(
                                "`{}` {}: {why}",
                                result.full_name(),
                                result.outcome.as_str()
                            ),
                        );
                    }
                }
                for &e in &v.executions {
                    let exec = &evidence.executions[e];
                    if exec.result == Some(Outcome::Failed) {
                        d = d.with_related(exec.result_span, "the manual execution failed");
                    }
                }
            }
            diags.push(d);
        }
        VerificationStatus::NotRun if any_evidence => {
            let missing: Vec<String> = verifiers
                .iter()
                .filter(|v| v.outcome.is_none())
                .map(name)
                .collect();
            diags.push(
                Diagnostic::new(
                    Code::VerificationNotRun,
                    Some(item.id_span),
                    format!(
                        "`{}` has tests without a result: {}",
                        item.id,
                        list(&missing)
                    ),
                )
                .with_help(
                    "run them and feed their report to medtrace, or record the manual execution",
                ),
            );
        }
        _ => {}
    }
}

/// Names joined with commas, the fourth and later counted rather than listed.
fn list(names: &[String]) -> String {
    crate::diagnostic::name_list(names, 3)
}

fn automated(item: &Item) -> Vec<(String, Span)> {
    let Some(field) = item.field("automated") else {
        return Vec::new();
    };
    match &field.value.value {
        crate::yaml::Value::Seq(nodes) => nodes
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s.trim().to_string(), n.span)))
            .filter(|(s, _)| !s.is_empty())
            .collect(),
        crate::yaml::Value::Scalar { text, .. } if !field.value.is_null() => {
            vec![(text.trim().to_string(), field.value.span)]
        }
        _ => Vec::new(),
    }
}

// implements: SRS-032
#[allow(clippy::too_many_arguments)]
fn check_tags(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    evidence: &Evidence,
    tags_of: &mut [Vec<usize>],
    tag_verified: &mut HashMap<ItemIdx, Vec<usize>>,
    diags: &mut Vec<Diagnostic>,
) {
    for m in &evidence.malformed {
        diags.push(
            Diagnostic::new(Code::TagMalformed, Some(m.span), format!("malformed trace tag: {}", m.reason))
                .with_help("write the keyword, a colon and IDs separated by commas: `implements: SRS-012, RCM-002`"),
        );
    }
    let accepted = [ItemType::Srs, ItemType::Rcm, ItemType::Swi];
    for (t, tag) in evidence.tags.iter().enumerate() {
        for target in &tag.targets {
            let Some(i) = graph.lookup(&target.id) else {
                let candidates = items
                    .iter()
                    .filter(|c| accepted.contains(&c.ty))
                    .map(|c| c.id.as_str());
                let d = Diagnostic::new(
                    Code::TagTargetMissing,
                    Some(target.span),
                    format!(
                        "`{}` tag names `{}`, which no item has",
                        tag.role.keyword(),
                        target.id
                    ),
                );
                diags.push(match closest(&target.id, candidates) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("create the item or correct the ID"),
                });
                continue;
            };
            let ty = items[i].ty;
            if !accepted.contains(&ty) {
                let names: Vec<&str> = accepted.iter().map(|&t| config.prefix(t)).collect();
                diags.push(
                    Diagnostic::new(
                        Code::TagWrongType,
                        Some(target.span),
                        format!(
                            "`{}` tag names {} `{}`",
                            tag.role.keyword(),
                            ty.name(),
                            target.id
                        ),
                    )
                    .with_related(items[i].id_span, format!("`{}` is defined here", target.id))
                    .with_help(format!(
                        "code implements or verifies {} items",
                        names.join(", ")
                    )),
                );
                continue;
            }
            tags_of[i].push(t);
            if tag.role == TagRole::Verifies && tag.test.is_some() {
                tag_verified.entry(i).or_default().push(t);
            }
        }
    }
}

// implements: SRS-035
/// Checks execution records; returns the executions of each test item.
fn check_executions(
    items: &[Item],
    graph: &Graph,
    evidence: &Evidence,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<ItemIdx, Vec<usize>> {
    let mut of: HashMap<ItemIdx, Vec<usize>> = HashMap::new();
    for (e, exec) in evidence.executions.iter().enumerate() {
        match graph.lookup(&exec.executes) {
            Some(i) if items[i].ty == ItemType::Tst => of.entry(i).or_default().push(e),
            other => {
                let message = match other {
                    Some(i) => format!(
                        "the execution record names {} `{}`, not a test",
                        items[i].ty.name(),
                        exec.executes
                    ),
                    None => format!(
                        "the execution record names `{}`, which no item has",
                        exec.executes
                    ),
                };
                let tests = items
                    .iter()
                    .filter(|c| c.ty == ItemType::Tst)
                    .map(|c| c.id.as_str());
                let help = closest(&exec.executes, tests).map_or_else(
                    || "name the test item executed".to_string(),
                    |n| format!("did you mean `{n}`?"),
                );
                diags.push(
                    Diagnostic::new(
                        Code::ExecutionTargetInvalid,
                        Some(exec.executes_span),
                        message,
                    )
                    .with_help(help),
                );
            }
        }
        let missing: Vec<&str> = execution::REQUIRED
            .iter()
            .copied()
            .filter(|&f| match f {
                "tester" => exec.tester.is_none(),
                "date" => exec.date.is_none(),
                "version" => exec.version.is_none(),
                "configuration" => exec.configuration.is_none(),
                "tools" => exec.tools.is_empty(),
                _ => !exec.result_written,
            })
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::ExecutionRecordIncomplete,
                    Some(exec.executes_span),
                    format!("the execution record of `{}` has no {}", exec.executes, missing.join(", ")),
                )
                .with_help("a test record says who ran it, when, on which version and configuration, and the result (IEC 62304 5.7.5, 9.8)"),
            );
        }
        for (id, span) in &exec.anomalies {
            let ok = graph
                .lookup(id)
                .is_some_and(|i| items[i].ty == ItemType::Prb);
            if !ok {
                diags.push(
                    Diagnostic::new(
                        Code::ExecutionTargetInvalid,
                        Some(*span),
                        format!("anomaly `{id}` is not a problem report"),
                    )
                    .with_help("name the PRB item that records the anomaly (IEC 62304 9.1)"),
                );
            }
        }
    }
    of
}

fn report_unmatched(
    index: &ResultIndex<'_>,
    matched: &[bool],
    evidence: &Evidence,
    diags: &mut Vec<Diagnostic>,
) {
    for (r, report) in evidence.reports.iter().enumerate() {
        let unmatched: Vec<&TestResult> = index
            .all
            .iter()
            .zip(matched)
            .filter(|((rr, _, _), m)| *rr == r && !**m)
            .map(|((_, _, res), _)| *res)
            .collect();
        let Some(first) = unmatched.first() else {
            continue;
        };
        let names: Vec<String> = unmatched
            .iter()
            .map(|t| format!("`{}`", t.full_name()))
            .collect();
        diags.push(
            Diagnostic::new(
                Code::TestResultUnmatched,
                Some(first.span),
                format!(
                    "{} of {} results in this report map to no requirement: {}",
                    unmatched.len(),
                    report.results.len(),
                    list(&names)
                ),
            )
            .with_help("name the tests in a test item's `automated` list, or tag the test functions `verifies: ID`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(classname: Option<&str>, name: &str) -> TestResult {
        TestResult {
            name: name.to_string(),
            classname: classname.map(str::to_string),
            file: None,
            outcome: Outcome::Passed,
            retries: 0,
            seconds: None,
            message: None,
            span: Span::file_start(FileId(0)),
        }
    }

    #[test]
    fn patterns_match_at_name_boundaries() {
        let nextest = result(Some("vp300-dose"), "limits::tests::hard_limit_rejects");
        assert!(matches("limits::tests::hard_limit_rejects", &nextest));
        assert!(matches("hard_limit_rejects", &nextest));
        assert!(matches(
            "vp300-dose.limits::tests::hard_limit_rejects",
            &nextest
        ));
        assert!(matches("limits::*", &nextest));
        assert!(!matches("limit_rejects", &nextest));
        let pytest = result(Some("tests.test_druglib"), "test_crc");
        assert!(matches("tests.test_druglib.test_crc", &pytest));
        assert!(matches("test_druglib.test_crc", &pytest));
        let gtest = result(Some("Limits"), "Hard");
        assert!(matches("Limits.Hard", &gtest));
    }

    #[test]
    fn globs() {
        assert!(glob("a*c", "abc"));
        assert!(glob("*::tests::*", "x::tests::y"));
        assert!(!glob("a*c", "ab"));
        assert!(glob("*", ""));
        assert!(!glob("ab*ba", "aba"));
    }
}
