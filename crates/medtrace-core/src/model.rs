//! The vocabulary of the records: item types, link roles, safety classes and statuses.

use std::fmt;

/// The type of a record, given by the prefix of its ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemType {
    /// System requirement or user need (5.1.3, 5.2.1).
    Sys,
    /// Software requirement (5.2).
    Srs,
    /// Software system, item or unit (5.3, 5.4).
    Swi,
    /// Software of unknown provenance (5.3.3, 7.1.2, 8.1.2).
    Soup,
    /// ISO 14971 hazard (7.1).
    Haz,
    /// Risk control measure (7.2).
    Rcm,
    /// Verification: unit, integration or system test (5.5–5.7).
    Tst,
    /// Problem report (9).
    Prb,
    /// Change request (6.2, 8.2).
    Cr,
    /// Plan or other prose document (5.1, 6.1).
    Doc,
    /// Release record: what was released, from which commit, with which known anomalies (5.8).
    Rel,
}

impl ItemType {
    /// Every type, in the order documents list them.
    pub const ALL: [ItemType; 11] = [
        ItemType::Sys,
        ItemType::Srs,
        ItemType::Swi,
        ItemType::Soup,
        ItemType::Haz,
        ItemType::Rcm,
        ItemType::Tst,
        ItemType::Prb,
        ItemType::Cr,
        ItemType::Doc,
        ItemType::Rel,
    ];

    /// The lowercase key naming the type in medtrace.toml and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            ItemType::Sys => "sys",
            ItemType::Srs => "srs",
            ItemType::Swi => "swi",
            ItemType::Soup => "soup",
            ItemType::Haz => "haz",
            ItemType::Rcm => "rcm",
            ItemType::Tst => "tst",
            ItemType::Prb => "prb",
            ItemType::Cr => "cr",
            ItemType::Doc => "doc",
            ItemType::Rel => "rel",
        }
    }

    /// The default ID prefix.
    pub fn default_prefix(self) -> &'static str {
        match self {
            ItemType::Sys => "SYS",
            ItemType::Srs => "SRS",
            ItemType::Swi => "SWI",
            ItemType::Soup => "SOUP",
            ItemType::Haz => "HAZ",
            ItemType::Rcm => "RCM",
            ItemType::Tst => "TST",
            ItemType::Prb => "PRB",
            ItemType::Cr => "CR",
            ItemType::Doc => "DOC",
            ItemType::Rel => "REL",
        }
    }

    /// The folder under an item folder where `medtrace new` puts items of this type
    /// when the project has none yet.
    pub fn folder(self) -> &'static str {
        match self {
            ItemType::Sys => "system-requirements",
            ItemType::Srs => "software-requirements",
            ItemType::Swi => "architecture",
            ItemType::Soup => "soup",
            ItemType::Haz => "hazards",
            ItemType::Rcm => "risk-controls",
            ItemType::Tst => "tests",
            ItemType::Prb => "problems",
            ItemType::Cr => "changes",
            ItemType::Doc => "documents",
            ItemType::Rel => "releases",
        }
    }

    /// A human name, for tables and messages.
    pub fn name(self) -> &'static str {
        match self {
            ItemType::Sys => "system requirement",
            ItemType::Srs => "software requirement",
            ItemType::Swi => "software item",
            ItemType::Soup => "SOUP item",
            ItemType::Haz => "hazard",
            ItemType::Rcm => "risk control measure",
            ItemType::Tst => "test",
            ItemType::Prb => "problem report",
            ItemType::Cr => "change request",
            ItemType::Doc => "document",
            ItemType::Rel => "release",
        }
    }

    /// Reads a type key (`srs`) or default prefix (`SRS`), case-insensitively.
    pub fn from_key(key: &str) -> Option<ItemType> {
        ItemType::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(key))
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.key())
    }
}

/// The role of a link, always from the item holding the field to the items it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkRole {
    /// SRS → SYS/SRS.
    DerivedFrom,
    /// SRS → SWI.
    AllocatedTo,
    /// SRS → RCM.
    Implements,
    /// SWI → SWI.
    Parent,
    /// SWI → SOUP.
    Uses,
    /// HAZ → SWI.
    Items,
    /// RCM → HAZ.
    Mitigates,
    /// TST → SRS/RCM/SWI.
    Verifies,
    /// PRB → any.
    Affects,
    /// PRB → TST.
    FoundBy,
    /// CR → PRB.
    Resolves,
    /// CR → any.
    Changes,
}

impl LinkRole {
    /// Every role.
    pub const ALL: [LinkRole; 12] = [
        LinkRole::DerivedFrom,
        LinkRole::AllocatedTo,
        LinkRole::Implements,
        LinkRole::Parent,
        LinkRole::Uses,
        LinkRole::Items,
        LinkRole::Mitigates,
        LinkRole::Verifies,
        LinkRole::Affects,
        LinkRole::FoundBy,
        LinkRole::Resolves,
        LinkRole::Changes,
    ];

    /// The field name holding the link.
    pub fn field(self) -> &'static str {
        match self {
            LinkRole::DerivedFrom => "derived-from",
            LinkRole::AllocatedTo => "allocated-to",
            LinkRole::Implements => "implements",
            LinkRole::Parent => "parent",
            LinkRole::Uses => "uses",
            LinkRole::Items => "items",
            LinkRole::Mitigates => "mitigates",
            LinkRole::Verifies => "verifies",
            LinkRole::Affects => "affects",
            LinkRole::FoundBy => "found-by",
            LinkRole::Resolves => "resolves",
            LinkRole::Changes => "changes",
        }
    }

    /// The name of the reverse direction, for display (`derived-from` ← `refined-by`).
    pub fn reverse_name(self) -> &'static str {
        match self {
            LinkRole::DerivedFrom => "refined-by",
            LinkRole::AllocatedTo => "realises",
            LinkRole::Implements => "implemented-by",
            LinkRole::Parent => "child",
            LinkRole::Uses => "used-by",
            LinkRole::Items => "contributes-to",
            LinkRole::Mitigates => "mitigated-by",
            LinkRole::Verifies => "verified-by",
            LinkRole::Affects => "affected-by",
            LinkRole::FoundBy => "found",
            LinkRole::Resolves => "resolved-by",
            LinkRole::Changes => "changed-by",
        }
    }

    /// The type holding this link.
    pub fn source(self) -> ItemType {
        match self {
            LinkRole::DerivedFrom | LinkRole::AllocatedTo | LinkRole::Implements => ItemType::Srs,
            LinkRole::Parent | LinkRole::Uses => ItemType::Swi,
            LinkRole::Items => ItemType::Haz,
            LinkRole::Mitigates => ItemType::Rcm,
            LinkRole::Verifies => ItemType::Tst,
            LinkRole::Affects | LinkRole::FoundBy => ItemType::Prb,
            LinkRole::Resolves | LinkRole::Changes => ItemType::Cr,
        }
    }

    /// The types a target may have; empty means any type.
    pub fn targets(self) -> &'static [ItemType] {
        match self {
            LinkRole::DerivedFrom => &[ItemType::Sys, ItemType::Srs],
            LinkRole::AllocatedTo | LinkRole::Parent | LinkRole::Items => &[ItemType::Swi],
            LinkRole::Implements => &[ItemType::Rcm],
            LinkRole::Uses => &[ItemType::Soup],
            LinkRole::Mitigates => &[ItemType::Haz],
            LinkRole::Verifies => &[ItemType::Srs, ItemType::Rcm, ItemType::Swi],
            LinkRole::FoundBy => &[ItemType::Tst],
            LinkRole::Resolves => &[ItemType::Prb],
            LinkRole::Affects | LinkRole::Changes => &[],
        }
    }

    /// Whether a target of type `ty` is allowed.
    pub fn accepts(self, ty: ItemType) -> bool {
        let targets = self.targets();
        targets.is_empty() || targets.contains(&ty)
    }

    /// The role held by `ty` under `field`, if any.
    pub fn for_field(ty: ItemType, field: &str) -> Option<LinkRole> {
        LinkRole::ALL
            .into_iter()
            .find(|r| r.source() == ty && r.field() == field)
    }
}

/// A software safety class (IEC 62304 4.3). Ordered: `A < B < C`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// No injury or damage to health is possible.
    A,
    /// Non-serious injury is possible.
    B,
    /// Death or serious injury is possible.
    C,
}

impl Class {
    /// Reads `A`, `B` or `C` (case-insensitive).
    pub fn parse(s: &str) -> Option<Class> {
        match s {
            "A" | "a" => Some(Class::A),
            "B" | "b" => Some(Class::B),
            "C" | "c" => Some(Class::C),
            _ => None,
        }
    }

    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::A => "A",
            Class::B => "B",
            Class::C => "C",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where a record stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Status {
    /// Being written; the default when `status` is absent.
    #[default]
    Draft,
    /// Under review.
    InReview,
    /// Reviewed and approved.
    Approved,
    /// Kept for history; needs no coverage and should not be linked to.
    Obsolete,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Obsolete,
    ];

    /// The value as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Approved => "approved",
            Status::Obsolete => "obsolete",
        }
    }

    /// Reads a status value.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Splits an ID into its prefix and name, if it has the shape `PREFIX-NAME`.
///
/// The prefix is ASCII letters and digits starting with a letter; the name is ASCII
/// letters, digits, `.`, `_` and `-`, starting with a letter or digit.
pub fn split_id(id: &str) -> Option<(&str, &str)> {
    let (prefix, name) = id.split_once('-')?;
    let prefix_ok = prefix
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && prefix.bytes().all(|b| b.is_ascii_alphanumeric());
    let name_ok = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    (prefix_ok && name_ok).then_some((prefix, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_into_prefix_and_name() {
        assert_eq!(split_id("SRS-012"), Some(("SRS", "012")));
        assert_eq!(split_id("HAZ-PUMP-3"), Some(("HAZ", "PUMP-3")));
        assert_eq!(split_id("SRS-"), None);
        assert_eq!(split_id("-12"), None);
        assert_eq!(split_id("SRS 12"), None);
        assert_eq!(split_id("1SRS-2"), None);
        assert_eq!(split_id("SRS-a b"), None);
    }

    #[test]
    fn every_role_is_held_by_its_source_field() {
        for role in LinkRole::ALL {
            assert_eq!(LinkRole::for_field(role.source(), role.field()), Some(role));
        }
    }
}
