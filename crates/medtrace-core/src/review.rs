//! Reviews and suspect links: the fingerprint of each record's normative content, the
//! review record a downstream item keeps (`reviewed:`), and the `link-suspect` check.
//!
//! A downstream item is reviewed against the items upstream of it (a test against what it
//! verifies, a requirement against what it is derived from). The review records, per
//! upstream item, the fingerprint of its normative content: its title, its body and the
//! fields `[review] normative` names for its type. When that content changes later, the
//! fingerprint no longer matches and the link is suspect until someone reviews the
//! downstream item again (IEC 62304 7.4.3, 8.2.2, 8.2.3).
//!
//! The fingerprint is a SHA-256 over a canonical form of the parsed values, so changes of
//! YAML formatting (quoting, flow or block style, key order in a mapping, line endings,
//! trailing spaces) leave it alone, and every change of a value changes it. The recipe is
//! [`canonical`]; it is part of the record format and must never change for version 1.

mod check;
mod policy;

pub use check::check;
pub use policy::{NormativeField, ReviewPolicy};

use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::{Item, is_date};
use crate::model::{ItemType, LinkRole, Status};
use crate::source::{Sources, Span};
use crate::yaml::{Node, Value, quote_scalar};
use sha2::{Digest, Sha256};

/// The name of the field holding the review record.
pub const FIELD: &str = "reviewed";

/// How many hex digits of the SHA-256 a review records.
pub const FINGERPRINT_DIGITS: usize = 12;

/// The first line of the canonical form: names the recipe, so that a later recipe can
/// never produce the same bytes.
pub const RECIPE: &str = "medtrace-fingerprint-1";

/// Which end of a link is upstream, for review purposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The item holding the link is reviewed against its targets.
    Target,
    /// The targets are reviewed against the item holding the link.
    Source,
}

/// Per role, which end is upstream; `None`: the role is no review relation.
///
/// A requirement is reviewed against what it is derived from and the risk controls it
/// implements; a software item against its parent, the SOUP it uses and the
/// requirements allocated to it; a hazard against its contributing items; a risk
/// control against the hazards it mitigates; a test against what it verifies. Problem
/// reports and change requests record events and are not reviewed against anything.
pub fn direction(role: LinkRole) -> Option<Direction> {
    match role {
        LinkRole::DerivedFrom
        | LinkRole::Implements
        | LinkRole::Parent
        | LinkRole::Uses
        | LinkRole::Items
        | LinkRole::Mitigates
        | LinkRole::Verifies => Some(Direction::Target),
        LinkRole::AllocatedTo => Some(Direction::Source),
        // Problem reports, change requests and roles added later: no review relation
        // until this table says otherwise.
        _ => None,
    }
}

/// Whether items of a type can have something upstream, and so a review record.
pub fn reviewable(ty: ItemType) -> bool {
    LinkRole::ALL.into_iter().any(|role| match direction(role) {
        Some(Direction::Target) => role.source() == ty,
        Some(Direction::Source) => role.targets().contains(&ty),
        None => false,
    })
}

/// A SHA-256 fingerprint of an item's normative content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// All 64 lowercase hex digits.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The digits a review records: the first [`FINGERPRINT_DIGITS`].
    pub fn short(&self) -> String {
        let mut hex = self.hex();
        hex.truncate(FINGERPRINT_DIGITS);
        hex
    }

    /// Whether a recorded fingerprint (a prefix of at least [`FINGERPRINT_DIGITS`] hex
    /// digits, any case) is this one.
    pub fn matches(&self, recorded: &str) -> bool {
        recorded.len() >= FINGERPRINT_DIGITS
            && self.hex().starts_with(&recorded.to_ascii_lowercase())
    }
}

/// The fingerprint of `item`, whose file's text is `text`.
pub fn fingerprint(item: &Item, text: &str, policy: &ReviewPolicy) -> Fingerprint {
    Fingerprint(Sha256::digest(canonical(item, text, policy)).into())
}

/// The bytes the fingerprint hashes (UTF-8):
///
/// ```text
/// medtrace-fingerprint-1 LF
/// f<N>:  then for each of the N fields, by name in byte order: enc(name) enc(value)
/// enc(body)
/// ```
///
/// The fields are `title` and those `[review] normative` names for the type, each only
/// when present and not null. `enc` of a scalar is `s<len>:<text>` (len in bytes of the
/// normalised text), of a null inside a value `n`, of a sequence `l<N>:` and its
/// elements, of a mapping `m<N>:` and its entries `enc(key) enc(value)` ordered by the
/// bytes of `enc(key)`. A scalar's text is normalised: CRLF and CR become LF, each
/// line's trailing whitespace is removed, leading and trailing blank lines are dropped,
/// and then leading whitespace. The body (everything after the closing `---` line) is
/// normalised the same way except for leading whitespace, and encoded as a scalar.
/// Numbers are written in decimal.
pub fn canonical(item: &Item, text: &str, policy: &ReviewPolicy) -> Vec<u8> {
    let mut names: Vec<&str> = std::iter::once("title")
        .chain(policy.normative(item.ty))
        .collect();
    names.sort_unstable();
    names.dedup();
    let fields: Vec<(&str, &Node)> = names
        .into_iter()
        .filter_map(|name| {
            let field = item.field(name).filter(|f| !f.value.is_null())?;
            Some((name, &field.value))
        })
        .collect();
    let mut out = format!("{RECIPE}\nf{}:", fields.len()).into_bytes();
    for (name, value) in fields {
        encode_text(&mut out, name);
        encode(&mut out, value);
    }
    let body = text.get(item.body_start..).unwrap_or("");
    encode_text(&mut out, &normalise(body));
    out
}

fn encode(out: &mut Vec<u8>, node: &Node) {
    match &node.value {
        _ if node.is_null() => out.push(b'n'),
        Value::Scalar { text, .. } => encode_text(out, normalise(text).trim_start()),
        Value::Seq(nodes) => {
            out.extend_from_slice(format!("l{}:", nodes.len()).as_bytes());
            for n in nodes {
                encode(out, n);
            }
        }
        Value::Map(entries) => {
            let mut encoded: Vec<(Vec<u8>, Vec<u8>)> = entries
                .iter()
                .map(|(k, v)| {
                    let (mut key, mut value) = (Vec::new(), Vec::new());
                    encode(&mut key, k);
                    encode(&mut value, v);
                    (key, value)
                })
                .collect();
            encoded.sort();
            out.extend_from_slice(format!("m{}:", encoded.len()).as_bytes());
            for (k, v) in encoded {
                out.extend_from_slice(&k);
                out.extend_from_slice(&v);
            }
        }
    }
}

fn encode_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(format!("s{}:", text.len()).as_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// Line endings to LF, trailing whitespace of each line removed, leading and trailing
/// blank lines dropped.
fn normalise(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// One recorded review: who, when, and the fingerprint of each upstream item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRecord {
    /// Who reviewed.
    pub by: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// Per upstream ID, the recorded fingerprint and where it is written.
    pub against: Vec<(String, String, Span)>,
    /// Where the `reviewed` key is.
    pub span: Span,
}

impl ReviewRecord {
    /// The recorded fingerprint of an upstream ID, with its place.
    pub fn fingerprint_of(&self, id: &str) -> Option<(&str, Span)> {
        self.against
            .iter()
            .find(|(a, _, _)| a == id)
            .map(|(_, f, s)| (f.as_str(), *s))
    }
}

/// Reads an item's review record: `Ok(None)` when there is none, `Err` with the findings
/// that make it unreadable.
pub fn record(item: &Item) -> Result<Option<ReviewRecord>, Vec<Diagnostic>> {
    let Some(field) = item.field(FIELD).filter(|f| !f.value.is_null()) else {
        return Ok(None);
    };
    let invalid = |span: Span, message: String| {
        Diagnostic::new(Code::FieldInvalidValue, Some(span), message).with_help(
            "write `reviewed:` with `by`, `date` (YYYY-MM-DD) and `against` (upstream ID: fingerprint), or run `medtrace review ID`",
        )
    };
    let Value::Map(entries) = &field.value.value else {
        return Err(vec![invalid(
            field.value.span,
            format!(
                "`reviewed` of `{}` is {}, not a mapping with `by`, `date` and `against`",
                item.id,
                field.value.kind_name()
            ),
        )]);
    };
    let mut problems = Vec::new();
    let (mut by, mut date, mut against) = (None, None, None);
    for (key, value) in entries {
        let text = value.as_str().filter(|_| !value.is_null()).map(str::trim);
        match key.as_str().unwrap_or("") {
            "by" => match text.filter(|t| !t.is_empty()) {
                Some(t) => by = Some(t.to_string()),
                None => problems.push(invalid(
                    value.span,
                    format!("`reviewed.by` of `{}` names nobody", item.id),
                )),
            },
            "date" => match text.filter(|t| is_date(t)) {
                Some(t) => date = Some(t.to_string()),
                None => problems.push(invalid(
                    value.span,
                    format!(
                        "`reviewed.date` of `{}` is not a date (YYYY-MM-DD)",
                        item.id
                    ),
                )),
            },
            "against" => match read_against(item, value) {
                Ok(list) => against = Some(list),
                Err(d) => problems.push(invalid(d.0, d.1)),
            },
            "note" => {}
            other => problems.push(
                Diagnostic::new(
                    Code::FieldUnknown,
                    Some(key.span),
                    format!("`reviewed` of `{}` has an unknown key `{other}`", item.id),
                )
                .with_help("a review record has `by`, `date`, `against` and an optional `note`"),
            ),
        }
    }
    for (name, missing) in [
        ("by", by.is_none()),
        ("date", date.is_none()),
        ("against", against.is_none()),
    ] {
        if missing && !entries.iter().any(|(k, _)| k.as_str() == Some(name)) {
            problems.push(invalid(
                field.key_span,
                format!("`reviewed` of `{}` has no `{name}`", item.id),
            ));
        }
    }
    match (by, date, against) {
        (Some(by), Some(date), Some(against)) if problems.is_empty() => Ok(Some(ReviewRecord {
            by,
            date,
            against,
            span: field.key_span,
        })),
        _ => Err(problems),
    }
}

type Against = Vec<(String, String, Span)>;

fn read_against(item: &Item, value: &Node) -> Result<Against, (Span, String)> {
    let entries: &[(Node, Node)] = match &value.value {
        Value::Map(entries) => entries,
        _ if value.is_null() => &[],
        _ => {
            return Err((
                value.span,
                format!(
                    "`reviewed.against` of `{}` is {}, not a mapping of upstream IDs to fingerprints",
                    item.id,
                    value.kind_name()
                ),
            ));
        }
    };
    let mut out = Vec::with_capacity(entries.len());
    for (key, fingerprint) in entries {
        let id = key.as_str().unwrap_or("").trim();
        let hex = fingerprint.as_str().unwrap_or("").trim();
        let hex_ok = (FINGERPRINT_DIGITS..=64).contains(&hex.len())
            && hex.bytes().all(|b| b.is_ascii_hexdigit());
        if id.is_empty() || !hex_ok {
            return Err((
                if id.is_empty() {
                    key.span
                } else {
                    fingerprint.span
                },
                format!(
                    "`reviewed.against` of `{}` maps `{id}` to `{hex}`, not to a fingerprint of {FINGERPRINT_DIGITS} to 64 hex digits",
                    item.id
                ),
            ));
        }
        out.push((id.to_string(), hex.to_ascii_lowercase(), fingerprint.span));
    }
    Ok(out)
}

/// One item upstream of a reviewed item, and the link that makes it so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpstreamLink {
    /// The upstream item.
    pub item: ItemIdx,
    /// The role of the link.
    pub role: LinkRole,
    /// Which end holds the link.
    pub direction: Direction,
    /// Where the link is written (in the reviewed item, or in the upstream one for
    /// [`Direction::Source`]).
    pub span: Span,
}

/// The items upstream of `item`, by ID, each once (the first link found names the role).
pub fn upstream(items: &[Item], graph: &Graph, item: ItemIdx) -> Vec<UpstreamLink> {
    let this = &items[item];
    let mut out: Vec<UpstreamLink> = Vec::new();
    for link in &this.links {
        if direction(link.role) != Some(Direction::Target) {
            continue;
        }
        let Some(target) = graph.lookup(&link.target) else {
            continue;
        };
        if target != item && link.role.accepts(items[target].ty) {
            out.push(UpstreamLink {
                item: target,
                role: link.role,
                direction: Direction::Target,
                span: link.span,
            });
        }
    }
    for edge in graph.incoming(item) {
        if direction(edge.role) != Some(Direction::Source) {
            continue;
        }
        let source = &items[edge.item];
        if let Some(link) = source
            .links(edge.role)
            .find(|l| graph.lookup(&l.target) == Some(item))
        {
            out.push(UpstreamLink {
                item: edge.item,
                role: edge.role,
                direction: Direction::Source,
                span: link.span,
            });
        }
    }
    out.sort_by(|a, b| items[a.item].id.cmp(&items[b.item].id));
    out.dedup_by_key(|l| l.item);
    out
}

/// Where one upstream link stands against the review record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Reviewed against the upstream item as it is now.
    Current,
    /// Reviewed, but the upstream item's normative content changed since.
    Changed {
        /// The recorded fingerprint.
        recorded: String,
        /// Where it is written.
        span: Span,
    },
    /// The item has a review record, but it does not cover this link (linked later).
    Added,
    /// The item has no review record.
    Unreviewed,
    /// The upstream item's front matter cannot be read, so it has no fingerprint.
    Unreadable,
}

impl LinkState {
    /// Whether the link is suspect: reviewed, and changed or linked since.
    pub fn is_suspect(&self) -> bool {
        matches!(self, LinkState::Changed { .. } | LinkState::Added)
    }

    /// A word for people and JSON: current, suspect, unreviewed, unreadable.
    pub fn word(&self) -> &'static str {
        match self {
            LinkState::Current => "current",
            LinkState::Changed { .. } | LinkState::Added => "suspect",
            LinkState::Unreviewed => "unreviewed",
            LinkState::Unreadable => "unreadable",
        }
    }
}

/// One upstream link with its state and the upstream item's current fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkReview {
    /// The link.
    pub link: UpstreamLink,
    /// Its state.
    pub state: LinkState,
    /// The upstream item's fingerprint now (`None` when unreadable).
    pub current: Option<Fingerprint>,
}

/// The review state of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemReview {
    /// The readable review record, if any.
    pub record: Option<ReviewRecord>,
    /// Every upstream link, by upstream ID.
    pub links: Vec<LinkReview>,
    /// IDs the record names that are no longer upstream.
    pub dropped: Vec<String>,
}

impl ItemReview {
    /// Whether any link is suspect.
    pub fn has_suspect(&self) -> bool {
        self.links.iter().any(|l| l.state.is_suspect())
    }
}

/// Computes fingerprints once per item, on demand.
pub struct Fingerprints<'a> {
    items: &'a [Item],
    sources: &'a Sources,
    policy: &'a ReviewPolicy,
    cache: Vec<Option<Option<Fingerprint>>>,
}

impl<'a> Fingerprints<'a> {
    /// A cache over these items.
    pub fn new(items: &'a [Item], sources: &'a Sources, policy: &'a ReviewPolicy) -> Self {
        Fingerprints {
            items,
            sources,
            policy,
            cache: vec![None; items.len()],
        }
    }

    /// The fingerprint of an item; `None` when its front matter cannot be read.
    pub fn get(&mut self, idx: ItemIdx) -> Option<Fingerprint> {
        if let Some(known) = self.cache[idx] {
            return known;
        }
        let item = &self.items[idx];
        let value = (!item.partial)
            .then(|| fingerprint(item, &self.sources.get(item.file).text, self.policy));
        self.cache[idx] = Some(value);
        value
    }
}

/// The review state of `item`: each upstream link against its record. A record that
/// cannot be read counts as none (it is reported by the check).
pub fn item_review(
    items: &[Item],
    graph: &Graph,
    fingerprints: &mut Fingerprints<'_>,
    item: ItemIdx,
) -> ItemReview {
    let record = record(&items[item]).ok().flatten();
    let upstream = upstream(items, graph, item);
    let links = upstream
        .iter()
        .map(|&link| {
            let current = fingerprints.get(link.item);
            let state = match (&record, current) {
                (_, None) => LinkState::Unreadable,
                (None, _) => LinkState::Unreviewed,
                (Some(r), Some(now)) => match r.fingerprint_of(&items[link.item].id) {
                    None => LinkState::Added,
                    Some((recorded, _)) if now.matches(recorded) => LinkState::Current,
                    Some((recorded, span)) => LinkState::Changed {
                        recorded: recorded.to_string(),
                        span,
                    },
                },
            };
            LinkReview {
                link,
                state,
                current,
            }
        })
        .collect();
    let dropped = record
        .as_ref()
        .map(|r| {
            r.against
                .iter()
                .filter(|(id, _, _)| !upstream.iter().any(|l| items[l.item].id == *id))
                .map(|(id, _, _)| id.clone())
                .collect()
        })
        .unwrap_or_default();
    ItemReview {
        record,
        links,
        dropped,
    }
}

/// Whether the check looks at an item at all: not obsolete, readable, of a type that can
/// be reviewed.
pub fn in_scope(item: &Item) -> bool {
    item.status != Status::Obsolete && !item.partial && reviewable(item.ty)
}

/// The `reviewed:` block `medtrace review` writes: `against` one upstream ID per line, in
/// the order given.
pub fn to_yaml(by: &str, date: &str, against: &[(String, Fingerprint)]) -> String {
    let mut out = format!(
        "{FIELD}:\n  by: {}\n  date: {date}\n  against:",
        quote_scalar(by)
    );
    if against.is_empty() {
        out.push_str(" {}\n");
        return out;
    }
    out.push('\n');
    for (id, fingerprint) in against {
        // Quoted when it reads as a number elsewhere (all digits, `12e4…`), so that
        // other YAML tools keep every digit.
        out.push_str(&format!(
            "    {}: {}\n",
            quote_scalar(id),
            quote_scalar(&fingerprint.short())
        ));
    }
    out
}

#[cfg(test)]
mod tests;
