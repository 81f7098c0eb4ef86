//! Change control from git (IEC 62304 8.2.1): a commit that changes a controlled record
//! or tagged code names an approved change request.
//!
//! `[change-control]` in medtrace.toml turns the check on; the project loader then reads
//! the commits since `since` into `Evidence::commits`. A file is controlled when it is a
//! record (a `.md` file under an item folder), a source file carrying trace tags, or
//! matches one of `paths`. A commit touching controlled files must name a change request
//! in a `Refs:` trailer, approved (`approval.date`) on or before the commit's date.
//! Commits touching only problem reports and change requests are the change records'
//! own paperwork and are exempt.

use crate::checks::lifecycle;
use crate::config::{Reader, Value};
use crate::diagnostic::{Code, Diagnostic, name_list};
use crate::graph::Graph;
use crate::history::{Commit, civil_date};
use crate::item::Item;
use crate::model::ItemType;
use crate::source::{Sources, Span};
use crate::verification::Evidence;
use std::collections::HashSet;
use toml::de::DeTable;

/// The project's `[change-control]` settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeControl {
    /// The revision after which commits are checked (`since`); all commits when absent.
    pub since: Option<String>,
    /// Globs of further controlled files, relative to the root (`paths`).
    pub paths: Vec<String>,
    /// Where `[change-control]` is written, for findings about commits naming no CR.
    pub span: Option<Span>,
}

const KEYS: &[&str] = &["since", "paths"];

impl Reader {
    /// Reads `[change-control]`; what cannot be read is reported and left out.
    pub(crate) fn change_control(
        &mut self,
        value: &Value<'_>,
        table: &DeTable<'_>,
    ) -> ChangeControl {
        let mut out = ChangeControl {
            span: self.span(value),
            ..ChangeControl::default()
        };
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "since" => {
                    if let Some(s) = self.string(value, "change-control.since") {
                        let s = s.trim();
                        if s.is_empty() || s.starts_with('-') {
                            self.invalid(
                                value,
                                format!("`{s}` is not a revision"),
                                "name a commit, tag or branch: since = \"v2.3.0\"",
                            );
                        } else {
                            out.since = Some(s.to_string());
                        }
                    }
                }
                "paths" => {
                    if let Some(paths) = self.relative_paths(value, "change-control.paths") {
                        out.paths = paths;
                    }
                }
                _ => self.unknown(key, "[change-control]", KEYS),
            }
        }
        out
    }
}

/// Whether `path` matches the glob `pattern` (`*` and `?` within a segment, `**` for
/// any number of segments), or lies in a folder that does.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    (1..=segments.len()).any(|n| match_segments(&pattern, &segments[..n]))
}

fn match_segments(pattern: &[&str], segments: &[&str]) -> bool {
    match pattern.split_first() {
        None => segments.is_empty(),
        Some((&"**", rest)) => (0..=segments.len()).any(|k| match_segments(rest, &segments[k..])),
        Some((first, rest)) => segments
            .split_first()
            .is_some_and(|(seg, tail)| match_segment(first, seg) && match_segments(rest, tail)),
    }
}

/// `*` and `?` wildcards over one segment, with one point of backtracking.
fn match_segment(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// What counts as controlled, built once per run.
struct Controlled<'a> {
    folders: Vec<String>,
    tagged: HashSet<&'a str>,
    paperwork: HashSet<&'a str>,
    globs: &'a [String],
}

impl Controlled<'_> {
    fn is_controlled(&self, path: &str) -> bool {
        let record = path.ends_with(".md")
            && self
                .folders
                .iter()
                .any(|f| f == "." || path.starts_with(f.as_str()));
        record || self.tagged.contains(path) || self.globs.iter().any(|g| path_matches(g, path))
    }
}

/// A commit for messages: short ID, summary and date.
fn describe(commit: &Commit) -> String {
    let short: String = commit.id.chars().take(7).collect();
    format!(
        "commit `{short}` \"{}\" ({})",
        commit.summary.trim(),
        commit_date(commit)
    )
}

/// The commit's date, `YYYY-MM-DD` in UTC.
fn commit_date(commit: &Commit) -> String {
    civil_date(commit.time.max(0) as u64 / 86_400)
}

// implements: SRS-063
/// Checks every commit in `evidence.commits` against the change requests.
pub fn check(
    items: &[Item],
    graph: &Graph,
    config: &crate::Config,
    sources: &Sources,
    evidence: &Evidence,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(control) = &config.change_control else {
        return;
    };
    if evidence.commits.is_empty() {
        return;
    }
    let controlled = Controlled {
        folders: config
            .folders
            .iter()
            .map(|f| format!("{}/", f.trim_end_matches('/')))
            .map(|f| if f == "./" { ".".to_string() } else { f })
            .collect(),
        tagged: evidence
            .tags
            .iter()
            .map(|t| sources.get(t.span.file).path.as_str())
            .collect(),
        paperwork: items
            .iter()
            .filter(|i| matches!(i.ty, ItemType::Prb | ItemType::Cr))
            .map(|i| sources.get(i.file).path.as_str())
            .collect(),
        globs: &control.paths,
    };
    for commit in &evidence.commits {
        let touched: Vec<String> = commit
            .paths
            .iter()
            .filter(|p| controlled.is_controlled(p) && !controlled.paperwork.contains(p.as_str()))
            .map(|p| format!("`{p}`"))
            .collect();
        if touched.is_empty() {
            continue;
        }
        let cr_prefix = config.prefix(ItemType::Cr);
        check_commit(commit, &touched, items, graph, control, cr_prefix, diags);
    }
}

fn check_commit(
    commit: &Commit,
    touched: &[String],
    items: &[Item],
    graph: &Graph,
    control: &ChangeControl,
    cr_prefix: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let date = commit_date(commit);
    let mut named = false;
    for id in &commit.refs {
        let Some(i) = graph.lookup(id) else {
            let prefix = crate::model::split_id(id).map(|(p, _)| p);
            if prefix == Some(cr_prefix) {
                diags.push(
                    Diagnostic::new(
                        Code::ChangeUnapprovedCommit,
                        control.span,
                        format!(
                            "{} names `{id}` in `Refs:`, but no change request has that ID",
                            describe(commit)
                        ),
                    )
                    .with_help("name an existing change request; a commit cannot be reworded once pushed, so record the link in the change request's `implementation`"),
                );
                named = true;
            }
            continue;
        };
        let cr = &items[i];
        if cr.ty != ItemType::Cr {
            continue;
        }
        named = true;
        let state = lifecycle::change_state(cr).map_or("in no known state", |s| s.name);
        let problem = match lifecycle::approved_on(cr) {
            Some(approved) if approved <= date.as_str() => None,
            Some(approved) => Some(format!(
                "changes {} before `{}` was approved ({approved})",
                name_list(touched, 3),
                cr.id
            )),
            None => Some(format!(
                "changes {} for `{}`, which is {state}, not approved",
                name_list(touched, 3),
                cr.id
            )),
        };
        if let Some(problem) = problem {
            let at = lifecycle::key(cr, "approval", "date").map_or(cr.id_span, |n| n.span);
            diags.push(
                Diagnostic::new(
                    Code::ChangeUnapprovedCommit,
                    Some(at),
                    format!("{} {problem}", describe(commit)),
                )
                .with_help("approve a change request before it is implemented (8.2.1); where the approval was recorded with the wrong date, correct `approval.date`"),
            );
        }
    }
    if !named {
        diags.push(
            Diagnostic::new(
                Code::ChangeUnapprovedCommit,
                control.span,
                format!(
                    "{} changes {} but names no change request",
                    describe(commit),
                    name_list(touched, 3)
                ),
            )
            .with_help("name the approved change request in a `Refs: CR-…` trailer of each commit that changes records or tagged code (8.2.1)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn globs_match_segments_and_folders() {
        assert!(path_matches("src/**/*.rs", "src/a/b/c.rs"));
        assert!(path_matches("src/**/*.rs", "src/c.rs"));
        assert!(!path_matches("src/*.rs", "src/a/c.rs"));
        assert!(path_matches("firmware", "firmware/src/main.rs"));
        assert!(path_matches("firmware/", "firmware/src/main.rs"));
        assert!(path_matches("Cargo.?ock", "Cargo.lock"));
        assert!(!path_matches("Cargo.lock", "tools/Cargo.lock"));
        assert!(path_matches("**/Cargo.lock", "tools/Cargo.lock"));
        assert!(path_matches("a*b*c", "axxbyyc"));
        assert!(!path_matches("a*b*c", "axxbyy"));
    }
}
