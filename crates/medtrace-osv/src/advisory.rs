//! The OSV record model and its reader.
//!
//! Unknown fields are ignored (the schema promises that minor versions only add fields),
//! `null` reads as absent, and what the schema requires (`id`, `modified`, a package's
//! ecosystem and name, a range's type and events, one kind per event) is checked. A record
//! that breaks the schema is one [`Problem`] with the place serde_json stopped at.

use std::fmt;

use medtrace_core::{FileId, Span};
use medtrace_soup::Problem;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// One OSV record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advisory {
    /// The record's ID (`GHSA-…`, `RUSTSEC-…`, `GO-…`, `PYSEC-…`).
    pub id: String,
    /// Other IDs of the same vulnerability (`CVE-…`).
    pub aliases: Vec<String>,
    /// The one-line summary; empty when the record has none (many `PYSEC` records).
    pub summary: String,
    /// The long description (Markdown).
    pub details: Option<String>,
    /// When it was published (RFC 3339, as written).
    pub published: Option<String>,
    /// When it was last changed (RFC 3339, as written).
    pub modified: String,
    /// When it was withdrawn; a withdrawn record matches nothing.
    pub withdrawn: Option<String>,
    /// Severity scores of the whole record.
    pub severity: Vec<Severity>,
    /// The affected packages and versions.
    pub affected: Vec<Affected>,
    /// Links to advisories, fixes, reports.
    pub references: Vec<Reference>,
    /// The database's own extra data (GitHub's `severity` label, RustSec's licence).
    pub database_specific: Option<Value>,
}

/// A severity score.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Severity {
    /// The scoring system: `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The score, for CVSS the vector string (`CVSS:3.1/AV:N/…`).
    pub score: String,
}

/// A reference link.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Reference {
    /// `ADVISORY`, `ARTICLE`, `FIX`, `PACKAGE`, `REPORT`, `WEB`, …
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The URL.
    pub url: String,
}

/// One affected package, with the versions of it that are affected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Affected {
    /// The OSV ecosystem as written (`crates.io`, `npm`, `PyPI`, `Go`, `RubyGems`,
    /// `Packagist`, possibly with a `:suffix`); empty when the record names no package (then
    /// it matches nothing).
    pub ecosystem: String,
    /// The package name as the ecosystem spells it; empty when there is no package.
    pub name: String,
    /// The package URL, when given.
    pub purl: Option<String>,
    /// Version ranges.
    pub ranges: Vec<Range>,
    /// Affected versions listed one by one.
    pub versions: Vec<String>,
    /// Severity scores of this package alone (then the record has none of its own).
    pub severity: Vec<Severity>,
    /// The ecosystem's extra data (Go's affected symbols, RustSec's affected functions).
    pub ecosystem_specific: Option<Value>,
    /// The database's extra data (RustSec's `informational`, `categories`).
    pub database_specific: Option<Value>,
}

/// A range of affected versions: a timeline of events in one ordering.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Range {
    /// How the event versions are ordered.
    #[serde(rename = "type")]
    pub kind: RangeKind,
    /// The repository of a `GIT` range.
    #[serde(default)]
    pub repo: Option<String>,
    /// The events, as listed.
    #[serde(deserialize_with = "nullable")]
    pub events: Vec<Event>,
}

/// How a range's versions are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum RangeKind {
    /// SemVer 2.0 precedence.
    #[serde(rename = "SEMVER")]
    Semver,
    /// The ecosystem's own ordering (PEP 440 for PyPI, `Gem::Version` for RubyGems, …).
    #[serde(rename = "ECOSYSTEM")]
    Ecosystem,
    /// Git commits: needs the repository's history, so never evaluated here.
    #[serde(rename = "GIT")]
    Git,
}

/// One event of a range's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawEvent")]
pub enum Event {
    /// Versions from here on are affected (`0`: from the very first).
    Introduced(String),
    /// Versions from here on are not (this one is the fix).
    Fixed(String),
    /// The last affected version; those after it are not.
    LastAffected(String),
    /// The range stops below this version (`*`: no limit).
    Limit(String),
}

impl Event {
    /// The version the event names.
    pub fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }
}

#[derive(Deserialize)]
struct RawEvent {
    #[serde(default)]
    introduced: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    last_affected: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

impl TryFrom<RawEvent> for Event {
    type Error = EventError;

    fn try_from(raw: RawEvent) -> Result<Event, EventError> {
        let mut events = [
            raw.introduced.map(Event::Introduced),
            raw.fixed.map(Event::Fixed),
            raw.last_affected.map(Event::LastAffected),
            raw.limit.map(Event::Limit),
        ]
        .into_iter()
        .flatten();
        match (events.next(), events.next()) {
            (Some(event), None) => Ok(event),
            (None, _) => Err(EventError::Empty),
            (Some(_), Some(_)) => Err(EventError::Several),
        }
    }
}

/// Why an event object is not an event.
#[derive(Debug)]
enum EventError {
    Empty,
    Several,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EventError::Empty => {
                "an event needs one of `introduced`, `fixed`, `last_affected`, `limit`"
            }
            EventError::Several => {
                "an event has more than one of `introduced`, `fixed`, `last_affected`, `limit`"
            }
        })
    }
}

#[derive(Deserialize)]
#[serde(expecting = "an OSV record (a JSON object)")]
struct RawAdvisory {
    #[serde(deserialize_with = "non_empty")]
    id: String,
    modified: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    aliases: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    severity: Vec<Severity>,
    #[serde(default, deserialize_with = "nullable")]
    affected: Vec<RawAffected>,
    #[serde(default, deserialize_with = "nullable")]
    references: Vec<Reference>,
    #[serde(default)]
    database_specific: Option<Value>,
}

#[derive(Deserialize)]
struct RawAffected {
    #[serde(default)]
    package: Option<RawPackage>,
    #[serde(default, deserialize_with = "nullable")]
    severity: Vec<Severity>,
    #[serde(default, deserialize_with = "nullable")]
    ranges: Vec<Range>,
    #[serde(default, deserialize_with = "nullable")]
    versions: Vec<String>,
    #[serde(default)]
    ecosystem_specific: Option<Value>,
    #[serde(default)]
    database_specific: Option<Value>,
}

#[derive(Deserialize)]
struct RawPackage {
    ecosystem: String,
    name: String,
    #[serde(default)]
    purl: Option<String>,
}

/// A list that may be written as `null`.
fn nullable<'de, D, T>(de: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(de)?.unwrap_or_default())
}

fn non_empty<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    let s = String::deserialize(de)?;
    if s.trim().is_empty() {
        return Err(serde::de::Error::custom("the record's `id` is empty"));
    }
    Ok(s)
}

impl From<RawAdvisory> for Advisory {
    fn from(raw: RawAdvisory) -> Advisory {
        Advisory {
            id: raw.id,
            aliases: raw.aliases,
            summary: raw.summary.unwrap_or_default(),
            details: raw.details,
            published: raw.published,
            modified: raw.modified,
            withdrawn: raw.withdrawn,
            severity: raw.severity,
            affected: raw
                .affected
                .into_iter()
                .map(|a| {
                    let (ecosystem, name, purl) = match a.package {
                        Some(p) => (p.ecosystem, p.name, p.purl),
                        None => (String::new(), String::new(), None),
                    };
                    Affected {
                        ecosystem,
                        name,
                        purl,
                        ranges: a.ranges,
                        versions: a.versions,
                        severity: a.severity,
                        ecosystem_specific: a.ecosystem_specific,
                        database_specific: a.database_specific,
                    }
                })
                .collect(),
            references: raw.references,
            database_specific: raw.database_specific,
        }
    }
}

impl Advisory {
    /// Whether the record goes by `id`, as its own ID or an alias (IDs compare without
    /// regard to ASCII case: `ghsa-…` is `GHSA-…`).
    pub fn is_known_as(&self, id: &str) -> bool {
        let id = id.trim();
        self.id.eq_ignore_ascii_case(id) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }

    /// RustSec's informational kind (`unmaintained`, `unsound`, `notice`): the record is
    /// not a vulnerability but a warning. `None` for vulnerabilities and other databases.
    pub fn informational(&self) -> Option<&str> {
        self.affected.iter().find_map(|a| {
            a.database_specific
                .as_ref()?
                .get("informational")?
                .as_str()
                .filter(|s| !s.is_empty())
        })
    }

    /// The database's severity label (GitHub's `LOW`/`MODERATE`/`HIGH`/`CRITICAL`).
    pub fn severity_label(&self) -> Option<&str> {
        self.database_specific.as_ref()?.get("severity")?.as_str()
    }

    /// A one-line title: the summary, else the first line of the details, else the ID.
    pub fn title(&self) -> &str {
        let summary = self.summary.trim();
        if !summary.is_empty() {
            return summary;
        }
        self.details
            .as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or(&self.id)
    }
}

/// Reads one OSV record from JSON text. Never panics: what does not read is one
/// [`Problem`] whose span points where reading stopped.
pub fn parse(file: FileId, text: &str) -> Result<Advisory, Problem> {
    // A byte-order mark is not JSON, but editors on Windows write one.
    let (skip, json) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (text.len() - rest.len(), rest),
        None => (0, text),
    };
    // serde would read an array as the record's fields in order; say what is wrong instead.
    let start = json.len() - json.trim_start().len();
    if json[start..].chars().next().is_some_and(|c| c != '{') {
        return Err(Problem {
            span: Span::new(file, skip + start, skip + start + 1),
            message: "not an OSV record: the text is not a JSON object".to_owned(),
        });
    }
    match serde_json::from_str::<RawAdvisory>(json) {
        Ok(raw) => Ok(raw.into()),
        Err(e) => {
            let at = skip + offset(json, e.line(), e.column());
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = full.strip_suffix(&suffix).unwrap_or(&full);
            Err(Problem {
                span: Span::new(file, at, at),
                message: format!("not an OSV record: {message}"),
            })
        }
    }
}

/// The byte offset of serde_json's (1-based line, byte column) position, kept on a
/// character boundary within the text.
fn offset(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut at = (line_start + column).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The 1-based line and character column of a byte offset, for messages.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: FileId = FileId(7);

    fn problem(text: &str) -> Problem {
        parse(FILE, text).expect_err("should be a problem")
    }

    #[test]
    fn a_minimal_record() {
        let a = parse(FILE, r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z"}"#).expect("reads");
        assert_eq!(a.id, "X-1");
        assert!(a.affected.is_empty() && a.aliases.is_empty() && a.summary.is_empty());
        assert_eq!(a.title(), "X-1");
    }

    #[test]
    fn nulls_read_as_absent() {
        let a = parse(
            FILE,
            r#"{"schema_version":null,"id":"X-1","modified":"m","aliases":null,"summary":null,
               "affected":[{"package":{"ecosystem":"npm","name":"a","purl":null},"ranges":null,
               "versions":null,"severity":null}],"references":null,"severity":null}"#,
        )
        .expect("reads");
        assert_eq!(a.affected[0].name, "a");
        assert!(a.affected[0].ranges.is_empty());
    }

    #[test]
    fn events_read_one_kind_each() {
        let a = parse(
            FILE,
            r#"{"id":"X-1","modified":"m","affected":[{"package":{"ecosystem":"npm","name":"a"},
               "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"},
               {"last_affected":"0.9.0"},{"limit":"*"}]}]}]}"#,
        )
        .expect("reads");
        let events = &a.affected[0].ranges[0].events;
        assert_eq!(
            events,
            &[
                Event::Introduced("0".into()),
                Event::Fixed("1.0.0".into()),
                Event::LastAffected("0.9.0".into()),
                Event::Limit("*".into())
            ]
        );
        assert_eq!(events[1].version(), "1.0.0");
    }

    #[test]
    fn schema_breaches_are_problems_with_a_place() {
        let text = "{\"id\":\"X-1\",\"modified\":\"m\",\"affected\":[{\"ranges\":[\n{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}]}";
        let p = problem(text);
        assert!(p.message.contains("more than one"), "{}", p.message);
        assert_eq!(p.span.file, FILE);
        let (line, _) = line_column(text, p.span.start as usize);
        assert_eq!(line, 2);

        for (text, needle) in [
            (r#"{"modified":"m"}"#, "missing field `id`"),
            (
                r#"{"id":"X","modified":"m","affected":[{"ranges":[{"type":"SEMVER","events":[{}]}]}]}"#,
                "needs one of",
            ),
            (
                r#"{"id":"X","modified":"m","affected":[{"ranges":[{"type":"NUMERIC","events":[]}]}]}"#,
                "unknown variant `NUMERIC`",
            ),
            (r#"{"id":"","modified":"m"}"#, "`id` is empty"),
            (r#"{"id":5,"modified":"m"}"#, "invalid type"),
            (r#"[{"id":"X","modified":"m"}]"#, "not a JSON object"),
            ("null", "not a JSON object"),
            (
                r#"{"id":"X","modified":"m","affected":{}}"#,
                "expected a sequence",
            ),
            (
                r#"{"id":"X","modified":"m","affected":[{"package":{"name":"a"}}]}"#,
                "missing field `ecosystem`",
            ),
            ("{\"id\":\"X\",", "EOF while parsing"),
            ("", "EOF while parsing"),
        ] {
            let p = problem(text);
            assert!(p.message.contains(needle), "{text}: {}", p.message);
            assert!(!p.message.contains(" at line "), "{}", p.message);
            assert!(p.span.start as usize <= text.len());
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let a = parse(FILE, "\u{feff}{\"id\":\"X-1\",\"modified\":\"m\"}").expect("reads");
        assert_eq!(a.id, "X-1");
        let p = problem("\u{feff}{\"id\":1}");
        assert!(p.span.start >= 3);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!(
            "{{\"id\":\"X\",\"modified\":\"m\",\"database_specific\":{}1{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(problem(&text).message.contains("recursion limit"));
    }

    #[test]
    fn helpers() {
        let a = parse(
            FILE,
            r#"{"id":"GHSA-aaaa-bbbb-cccc","aliases":["CVE-2024-1"],"modified":"m",
               "details":"\n  First line.\nSecond.","database_specific":{"severity":"HIGH"},
               "affected":[{"package":{"ecosystem":"crates.io","name":"a"},
               "database_specific":{"informational":"unmaintained"}}]}"#,
        )
        .expect("reads");
        assert!(a.is_known_as("ghsa-aaaa-bbbb-cccc"));
        assert!(a.is_known_as("CVE-2024-1"));
        assert!(!a.is_known_as("CVE-2024-2"));
        assert_eq!(a.title(), "First line.");
        assert_eq!(a.severity_label(), Some("HIGH"));
        assert_eq!(a.informational(), Some("unmaintained"));
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("ab\ncäd", 6), (2, 3));
        assert_eq!(line_column("ab", 99), (1, 3));
        assert_eq!(offset("ab\ncd", 2, 1), 4);
        assert_eq!(offset("ab", 5, 1), 2);
    }
}
