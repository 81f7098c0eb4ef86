//! Version orderings: SemVer 2.0 (crates.io, npm, Go and every `SEMVER` range), PEP 440
//! (PyPI), `Gem::Version` (RubyGems) and Composer's normalisation with PHP's
//! `version_compare` (Packagist).
//!
//! Each ordering parses a version string into a value whose `Ord` is that ecosystem's
//! precedence, and answers `None` for a string the ecosystem would refuse: the caller then
//! knows it cannot decide, instead of guessing. Numbers are kept as digit strings, so no
//! version is too long to compare. Parsing never panics.

pub mod composer;
pub mod gem;
pub mod pep440;
pub mod semver;

use std::cmp::Ordering;

use medtrace_soup::Ecosystem;

pub use composer::ComposerVersion;
pub use gem::GemVersion;
pub use pep440::Pep440Version;
pub use semver::SemVer;

/// A way of ordering versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// SemVer 2.0 precedence, read leniently (a leading `v`, one or two numeric parts).
    Semver,
    /// PEP 440 (epochs, pre, post, dev and local versions).
    Pep440,
    /// RubyGems' `Gem::Version`.
    RubyGems,
    /// Composer's normalised versions compared as PHP's `version_compare` does.
    Composer,
}

impl Scheme {
    /// The ordering OSV's `ECOSYSTEM` ranges use for an ecosystem.
    pub fn of(ecosystem: Ecosystem) -> Scheme {
        match ecosystem {
            Ecosystem::Cargo | Ecosystem::Npm | Ecosystem::Go => Scheme::Semver,
            Ecosystem::PyPi => Scheme::Pep440,
            Ecosystem::RubyGems => Scheme::RubyGems,
            Ecosystem::Packagist => Scheme::Composer,
        }
    }

    /// Whether `text` is a version this ordering can place.
    pub fn is_valid(self, text: &str) -> bool {
        match self {
            Scheme::Semver => SemVer::parse(text).is_some(),
            Scheme::Pep440 => Pep440Version::parse(text).is_some(),
            Scheme::RubyGems => GemVersion::parse(text).is_some(),
            Scheme::Composer => ComposerVersion::parse(text).is_some(),
        }
    }

    /// Compares two versions; `None` when either is not a version of this scheme.
    pub fn compare(self, a: &str, b: &str) -> Option<Ordering> {
        fn cmp<V: Version>(a: &str, b: &str) -> Option<Ordering> {
            Some(V::parse_version(a)?.cmp(&V::parse_version(b)?))
        }
        match self {
            Scheme::Semver => cmp::<SemVer>(a, b),
            Scheme::Pep440 => cmp::<Pep440Version>(a, b),
            Scheme::RubyGems => cmp::<GemVersion>(a, b),
            Scheme::Composer => cmp::<ComposerVersion>(a, b),
        }
    }
}

/// A parsed version whose `Ord` is its ecosystem's precedence.
pub(crate) trait Version: Ord + Sized {
    /// Reads a version; `None` when the ecosystem would refuse it.
    fn parse_version(text: &str) -> Option<Self>;
}

impl Version for SemVer {
    fn parse_version(text: &str) -> Option<Self> {
        SemVer::parse(text)
    }
}

impl Version for Pep440Version {
    fn parse_version(text: &str) -> Option<Self> {
        Pep440Version::parse(text)
    }
}

impl Version for GemVersion {
    fn parse_version(text: &str) -> Option<Self> {
        GemVersion::parse(text)
    }
}

impl Version for ComposerVersion {
    fn parse_version(text: &str) -> Option<Self> {
        ComposerVersion::parse(text)
    }
}

/// A non-negative integer of any length: its decimal digits without leading zeros, so
/// that comparing (length, digits) is comparing values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Num(Box<str>);

impl Num {
    /// From a non-empty run of ASCII digits (the caller has checked).
    pub(crate) fn from_digits(digits: &str) -> Num {
        debug_assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        let trimmed = digits.trim_start_matches('0');
        Num(if trimmed.is_empty() { "0" } else { trimmed }.into())
    }

    /// Zero.
    pub(crate) fn zero() -> Num {
        Num("0".into())
    }

    /// Whether this is zero.
    pub(crate) fn is_zero(&self) -> bool {
        &*self.0 == "0"
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Num) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether a string is a non-empty run of ASCII digits.
pub(crate) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value_at_any_length() {
        let n = Num::from_digits;
        assert!(n("9") < n("10"));
        assert_eq!(n("007"), n("7"));
        assert_eq!(n("000"), Num::zero());
        assert!(n("99999999999999999999999999") < n("100000000000000000000000000"));
    }

    #[test]
    fn ecosystems_pick_their_ordering() {
        assert_eq!(Scheme::of(Ecosystem::PyPi), Scheme::Pep440);
        assert_eq!(Scheme::of(Ecosystem::Go), Scheme::Semver);
        assert_eq!(Scheme::of(Ecosystem::Packagist), Scheme::Composer);
        assert_eq!(Scheme::of(Ecosystem::RubyGems), Scheme::RubyGems);
        assert_eq!(
            Scheme::Pep440.compare("1.0", "1.0.0"),
            Some(Ordering::Equal)
        );
        assert_eq!(Scheme::Semver.compare("1.0.0", "not a version"), None);
        assert!(Scheme::Composer.is_valid("v1.2.3"));
        assert!(!Scheme::Composer.is_valid("dev-main"));
    }
}
