//! RubyGems' `Gem::Version`: a version is numbers and letters (`1.0.0.rc1`, `2.0.0-beta`,
//! where `-` means `.pre.`), split into segments at dots and at every change between
//! digits and letters. Trailing zeros do not count (`1.0 == 1`), zeros just before the
//! first letter segment do not count either (`1.0.a == 1.a`), missing segments are zero,
//! and a letter segment sorts before any number, so `1.0.a < 1.0`: every version with a
//! letter is a pre-release of the numbers before it.

use std::cmp::Ordering;

use super::Num;

/// A RubyGems version; `Ord` is `Gem::Version#<=>`.
#[derive(Clone, Debug)]
pub struct GemVersion {
    /// `canonical_segments`: never ends in a zero.
    segments: Vec<Segment>,
}

/// A segment: letters sort before numbers (the variant order); letters compare bytewise,
/// as Ruby's `String#<=>` does.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    Letters(Box<str>),
    Number(Num),
}

impl GemVersion {
    /// Reads a version as `Gem::Version.correct?` accepts it; `None` if it does not (and for
    /// the empty string, which Ruby reads as `0` but no lockfile locks).
    pub fn parse(text: &str) -> Option<GemVersion> {
        let text = text.trim_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
        if !is_correct(text) {
            return None;
        }
        let expanded = text.replace('-', ".pre.");
        let mut segments = Vec::new();
        let bytes = expanded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            if bytes[i].is_ascii_digit() {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                segments.push(Segment::Number(Num::from_digits(&expanded[start..i])));
            } else if bytes[i].is_ascii_alphabetic() {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                segments.push(Segment::Letters(expanded[start..i].into()));
            } else {
                i += 1;
            }
        }
        // canonical_segments: drop the trailing zeros of the numeric part and of the part
        // from the first letters on, separately.
        let first_letters = segments
            .iter()
            .position(|s| matches!(s, Segment::Letters(_)))
            .unwrap_or(segments.len());
        let mut letters = segments.split_off(first_letters);
        let zero = Segment::Number(Num::zero());
        while segments.last() == Some(&zero) {
            segments.pop();
        }
        while letters.last() == Some(&zero) {
            letters.pop();
        }
        segments.append(&mut letters);
        Some(GemVersion { segments })
    }

    /// Whether this is a pre-release (has a letter).
    pub fn is_prerelease(&self) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Letters(_)))
    }
}

/// `Gem::Version::ANCHORED_VERSION_PATTERN` without the optional whole (an empty version
/// is refused): `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`.
fn is_correct(text: &str) -> bool {
    let (main, pre) = match text.split_once('-') {
        Some((main, pre)) => (main, Some(pre)),
        None => (text, None),
    };
    let mut parts = main.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let pre_ok = pre.is_none_or(|pre| {
        pre.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    });
    first_ok && rest_ok && pre_ok
}

impl Ord for GemVersion {
    fn cmp(&self, other: &GemVersion) -> Ordering {
        let zero = Segment::Number(Num::zero());
        let len = self.segments.len().max(other.segments.len());
        for i in 0..len {
            let a = self.segments.get(i).unwrap_or(&zero);
            let b = other.segments.get(i).unwrap_or(&zero);
            match a.cmp(b) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for GemVersion {
    fn partial_cmp(&self, other: &GemVersion) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GemVersion {
    fn eq(&self, other: &GemVersion) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GemVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> GemVersion {
        GemVersion::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    fn ascending(list: &[&str]) {
        for pair in list.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(v(pair[1]) > v(pair[0]), "{} > {}", pair[1], pair[0]);
        }
    }

    #[test]
    fn letters_make_a_prerelease() {
        ascending(&["1.0.a", "1.0"]);
        ascending(&["1.0.a", "1.0.b", "1.0.rc1", "1.0"]);
        // `a10` is the segments `a`, `10`: the number compares as a number.
        ascending(&["1.0.a9", "1.0.a10"]);
    }

    #[test]
    fn cases_from_rubygems_test_suite() {
        // Pairs from rubygems' test_gem_version.rb `test_spaceship` and friends.
        ascending(&["1.0.0.a.1", "1.0.0.a.2", "1.0.0.b", "1.0.0"]);
        ascending(&["1.8.a", "1.8.2.a", "1.8.2"]);
        ascending(&["5.a", "5.0.0.rc2", "5.0.0"]);
        ascending(&["0.beta.1", "0.0.beta.2"]);
        ascending(&["1.9.3", "1.9.3.1", "1.10.0"]);
        assert_eq!(v("1.0"), v("1"));
        assert_eq!(v("1.0.0"), v("1"));
        assert_eq!(v("1.0.a"), v("1.a"));
        assert_eq!(v("1.0.0.a.0"), v("1.a"));
        assert_eq!(v("1.0.0-rc1"), v("1.0.0.pre.rc1"));
        assert_eq!(v("1.0.0-rc1"), v("1.0.0.pre.rc.1"));
    }

    #[test]
    fn rack_boundaries() {
        ascending(&["1.6.11", "1.6.12", "2.0.0", "2.0.3", "2.0.8"]);
        ascending(&["2.0.0.alpha", "2.0.0.beta1", "2.0.0.rc1", "2.0.0"]);
    }

    #[test]
    fn letters_compare_bytewise() {
        ascending(&["1.A", "1.a", "1.b"]);
        ascending(&["1.alpha", "1.b"]);
    }

    #[test]
    fn not_versions() {
        for s in [
            "", " ", "a", "1.", ".1", "1..2", "1.0-", "1.0-a..b", "1_0", "1.0 1", "=1.0",
        ] {
            assert!(GemVersion::parse(s).is_none(), "{s:?} should not parse");
        }
        assert!(GemVersion::parse(" 1.0\n").is_some());
    }

    #[test]
    fn prerelease_flag() {
        assert!(v("1.0.0.rc1").is_prerelease());
        assert!(v("1.0.0-1").is_prerelease());
        assert!(!v("1.0.0").is_prerelease());
    }
}
