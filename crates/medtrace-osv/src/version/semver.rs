//! SemVer 2.0.0 precedence (section 11), for crates.io, npm, Go modules and every OSV
//! `SEMVER` range.
//!
//! Read leniently where real data needs it: a leading `v` (Go's `v0.5.0`, while Go's OSV
//! ranges say `0.17.0`) or `=`, one or two numeric parts (`1.2` is `1.2.0`), and leading
//! zeros. Build metadata (`+1.1.0` in `libgit2-sys 0.12.14+1.1.0`, Go's `+incompatible`)
//! is checked and then ignored, as precedence requires. Go pseudo-versions
//! (`v0.0.0-20230101120000-abcdef123456`) are ordinary pre-releases.

use std::cmp::Ordering;

use super::{Num, all_digits};

/// A semantic version; `Ord` is SemVer precedence (build metadata ignored).
#[derive(Clone, Debug)]
pub struct SemVer {
    core: [Num; 3],
    pre: Vec<Ident>,
}

/// One dot-separated pre-release identifier. Numeric ones sort before alphanumeric ones
/// (the variant order).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Ident {
    Numeric(Num),
    Alpha(Box<str>),
}

impl SemVer {
    /// Reads a version; `None` if it is not one.
    pub fn parse(text: &str) -> Option<SemVer> {
        let text = text.trim();
        let text = text
            .strip_prefix(['v', 'V'])
            .or_else(|| text.strip_prefix('='))
            .unwrap_or(text);
        let (text, build) = match text.split_once('+') {
            Some((text, build)) => (text, Some(build)),
            None => (text, None),
        };
        if let Some(build) = build
            && !build.split('.').all(is_identifier)
        {
            return None;
        }
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let mut parts = [Num::zero(), Num::zero(), Num::zero()];
        for (i, part) in core.split('.').enumerate() {
            if i == 3 || !all_digits(part) {
                return None;
            }
            parts[i] = Num::from_digits(part);
        }
        let pre = match pre {
            None => Vec::new(),
            Some(pre) => pre
                .split('.')
                .map(|ident| {
                    if !is_identifier(ident) {
                        None
                    } else if all_digits(ident) {
                        Some(Ident::Numeric(Num::from_digits(ident)))
                    } else {
                        Some(Ident::Alpha(ident.into()))
                    }
                })
                .collect::<Option<Vec<_>>>()?,
        };
        Some(SemVer { core: parts, pre })
    }

    /// Whether this is a pre-release (`1.0.0-alpha`).
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Ord for SemVer {
    fn cmp(&self, other: &SemVer) -> Ordering {
        self.core.cmp(&other.core).then_with(|| {
            // A release sorts after all of its pre-releases; pre-releases compare
            // identifier by identifier, and a longer list wins when one is a prefix.
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            }
        })
    }
}

impl PartialOrd for SemVer {
    fn partial_cmp(&self, other: &SemVer) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SemVer {
    fn eq(&self, other: &SemVer) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SemVer {}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> SemVer {
        SemVer::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    /// Each version sorts strictly before the next.
    fn ascending(list: &[&str]) {
        for pair in list.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(v(pair[1]) > v(pair[0]), "{} > {}", pair[1], pair[0]);
        }
    }

    #[test]
    fn the_precedence_example_of_the_spec() {
        ascending(&[
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ]);
    }

    #[test]
    fn numbers_compare_numerically() {
        ascending(&["1.9.0", "1.10.0", "1.10.1", "10.0.0"]);
        ascending(&["1.0.0-2", "1.0.0-10", "1.0.0-a"]);
        ascending(&["0.0.0-0", "0.0.0", "0.0.1-0"]);
        assert_eq!(
            v("18446744073709551616.0.0").cmp(&v("18446744073709551615.0.0")),
            Ordering::Greater
        );
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert_eq!(v("0.12.14+1.1.0"), v("0.12.14"));
        assert_eq!(v("1.0.0+a"), v("1.0.0+b"));
        assert!(v("0.12.14+1.1.0") < v("0.13.5"));
        assert_eq!(v("v2.0.0+incompatible"), v("2.0.0"));
    }

    #[test]
    fn lenient_forms() {
        assert_eq!(v("v0.5.0"), v("0.5.0"));
        assert_eq!(v("=1.2.3"), v("1.2.3"));
        assert_eq!(v("1.2"), v("1.2.0"));
        assert_eq!(v("1"), v("1.0.0"));
        assert_eq!(v(" 1.2.3 "), v("1.2.3"));
        assert_eq!(v("01.002.3"), v("1.2.3"));
        assert!(v("0.10.0-beta") < v("0.16.4"));
    }

    #[test]
    fn go_pseudo_versions() {
        ascending(&[
            "v0.0.0-20190308221718-c2843e01d9a2",
            "v0.0.0-20230101120000-abcdef123456",
            "v0.0.1",
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.4",
        ]);
    }

    #[test]
    fn not_versions() {
        for s in [
            "",
            "v",
            "1.2.3.4",
            "1..2",
            "a.b.c",
            "1.2.3-",
            "1.2.3-a..b",
            "1.2.3+",
            "1.2.3+a+b",
            "1.2.3-ä",
            "^1.2.3",
            "1.x",
            "latest",
            "file:../x",
        ] {
            assert!(SemVer::parse(s).is_none(), "{s:?} should not parse");
        }
    }

    #[test]
    fn prerelease_flag() {
        assert!(v("1.0.0-rc.1").is_prerelease());
        assert!(!v("1.0.0+build").is_prerelease());
    }
}
