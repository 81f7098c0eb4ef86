//! Composer versions: normalised as `Composer\Semver\VersionParser::normalize` does, then
//! ordered as PHP's `version_compare`, which Composer's constraints call.
//!
//! Normalisation: a leading `v` goes, ` as ` aliases and `+build` metadata are dropped,
//! classic versions are padded to four numbers (`7.4.4` is `7.4.4.0`), date versions
//! (`2023.01.01`, `20230101`) keep their numbers, and stability suffixes are spelled out
//! (`a` `alpha`, `b` `beta`, `rc` `RC`, `p`/`pl` `patch`, `-dev`). Branches (`dev-main`,
//! `master`) are not versions and are refused: they cannot be placed in a range.
//!
//! Ordering: number by number; a suffix ranks `dev < alpha < beta < RC < (a number) <
//! patch`, so `1.0.0-RC1 < 1.0.0 < 1.0.0-patch1`; running out of parts counts as a
//! number's rank, so `1.0.0-beta < 1.0.0-beta0`.

use std::cmp::Ordering;

use super::Num;

/// A Composer version; `Ord` is PHP `version_compare` on the normalised form.
#[derive(Clone, Debug)]
pub struct ComposerVersion {
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
enum Part {
    Number(Num),
    /// A stability word by its `version_compare` rank.
    Word(Rank),
}

/// `version_compare`'s special forms, in order. A number ranks between `RC` and `patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// A word `version_compare` does not know (`stable` in capitals, kept by normalize).
    Unknown,
    Dev,
    Alpha,
    Beta,
    Rc,
    /// Where a number, or the end of a shorter version, ranks.
    Number,
    Patch,
}

impl ComposerVersion {
    /// Reads a version as `VersionParser::normalize` accepts it; `None` for branches and
    /// for what Composer calls an invalid version string.
    pub fn parse(text: &str) -> Option<ComposerVersion> {
        let mut text = text.trim();
        // Aliases (`1.0.x-dev as 1.0.0`): the first version is the real one.
        if let Some((real, _alias)) = text.split_once(" as ") {
            text = real.trim();
        }
        // Build metadata.
        if let Some((version, _build)) = text.split_once('+') {
            text = version;
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("dev-") || matches!(lower.as_str(), "master" | "trunk" | "default") {
            return None;
        }
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        // As the two patterns are tried: the classic one must match through the end, or the
        // date one is tried (`2023.01.01.01.01` has too many parts to be classic).
        let with_modifier = |(mut parts, rest): (Vec<Part>, &str)| {
            parts.extend(modifier(rest)?);
            Some(parts)
        };
        let parts = classic(text)
            .and_then(with_modifier)
            .or_else(|| date(text).and_then(with_modifier))?;
        Some(ComposerVersion { parts })
    }

    /// Whether this is below stable (`dev`, `alpha`, `beta`, `RC`).
    pub fn is_prerelease(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Word(rank) if *rank < Rank::Number))
    }
}

/// `^(\d{1,5})(\.\d+)?(\.\d+)?(\.\d+)?`, padded to four numbers; the rest of the text.
fn classic(text: &str) -> Option<(Vec<Part>, &str)> {
    let (major, mut rest) = leading_digits(text);
    if major.is_empty() || major.len() > 5 {
        return None;
    }
    let mut parts = vec![Part::Number(Num::from_digits(major))];
    while parts.len() < 4 {
        let Some(after_dot) = rest.strip_prefix('.') else {
            break;
        };
        let (digits, after) = leading_digits(after_dot);
        if digits.is_empty() {
            break;
        }
        parts.push(Part::Number(Num::from_digits(digits)));
        rest = after;
    }
    while parts.len() < 4 {
        parts.push(Part::Number(Num::zero()));
    }
    Some((parts, rest))
}

/// `^(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2})`, every non-digit made a dot. The
/// date part takes every digit and separator it can: what the modifier may follow with
/// starts with a letter, so no shorter date part could leave a valid rest.
fn date(text: &str) -> Option<(Vec<Part>, &str)> {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            i += 1;
            end = i;
        } else if matches!(bytes[i], b'.' | b':' | b'-')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 1;
        } else {
            break;
        }
    }
    let date = &text[..end];
    let ok = date.len() >= 4
        && date.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && date_groups(&date.as_bytes()[4..], 0, 0);
    if !ok {
        return None;
    }
    let parts = date
        .split(['.', ':', '-'])
        .map(|d| Part::Number(Num::from_digits(d)))
        .collect();
    Some((parts, &text[end..]))
}

/// Whether `s` is one to six `[.:-]?\d{2}` groups then up to two `[.:-]?\d{1,3}` groups.
fn date_groups(s: &[u8], twos: usize, threes: usize) -> bool {
    if s.is_empty() {
        return twos >= 1;
    }
    let body = match s[0] {
        b'.' | b':' | b'-' => &s[1..],
        _ => s,
    };
    let digits = |n: usize| body.len() >= n && body[..n].iter().all(u8::is_ascii_digit);
    (threes == 0 && twos < 6 && digits(2) && date_groups(&body[2..], twos + 1, 0))
        || (twos >= 1
            && threes < 2
            && (1..=3).any(|n| digits(n) && date_groups(&body[n..], twos, threes + 1)))
}

/// `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$`,
/// case-insensitively, as the parts normalize appends.
fn modifier(rest: &str) -> Option<Vec<Part>> {
    let lower = rest.to_ascii_lowercase();
    let mut s = lower.as_str();
    if let Some(after) = s.strip_prefix(['.', '_', '-']) {
        s = after;
    }
    let mut parts = Vec::new();
    let word = [
        "stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p",
    ]
    .into_iter()
    .find(|w| s.starts_with(w));
    if let Some(word) = word {
        s = &s[word.len()..];
        let mut numbers = Vec::new();
        loop {
            let after_sep = s.strip_prefix(['.', '-']).unwrap_or(s);
            let (digits, after) = leading_digits(after_sep);
            if digits.is_empty() {
                break;
            }
            numbers.push(Part::Number(Num::from_digits(digits)));
            s = after;
        }
        let dev = dev_suffix(s)?;
        // normalize returns a stable version as it is, dropping any `-dev`; only the
        // lowercase spelling counts as stable there, other spellings are kept as a word.
        if word == "stable" && rest.contains("stable") {
            return Some(Vec::new());
        }
        parts.push(Part::Word(match word {
            "beta" | "b" => Rank::Beta,
            "rc" => Rank::Rc,
            "alpha" | "a" => Rank::Alpha,
            "patch" | "pl" | "p" => Rank::Patch,
            _ => Rank::Unknown,
        }));
        parts.extend(numbers);
        if dev {
            parts.push(Part::Word(Rank::Dev));
        }
    } else if dev_suffix(s)? {
        parts.push(Part::Word(Rank::Dev));
    }
    Some(parts)
}

/// `([.-]?dev)?$`: whether the rest is a dev suffix; `None` if it is anything else.
fn dev_suffix(s: &str) -> Option<bool> {
    let s = s
        .strip_prefix(['.', '-'])
        .filter(|s| !s.is_empty())
        .unwrap_or(s);
    match s {
        "" => Some(false),
        "dev" => Some(true),
        _ => None,
    }
}

fn leading_digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    s.split_at(n)
}

impl Part {
    /// `version_compare`'s rank of this part.
    fn rank(&self) -> Rank {
        match self {
            Part::Number(_) => Rank::Number,
            Part::Word(rank) => *rank,
        }
    }
}

impl Ord for ComposerVersion {
    fn cmp(&self, other: &ComposerVersion) -> Ordering {
        let len = self.parts.len().max(other.parts.len());
        for i in 0..len {
            let ordering = match (self.parts.get(i), other.parts.get(i)) {
                (Some(Part::Number(a)), Some(Part::Number(b))) => a.cmp(b),
                (Some(a), Some(b)) => a.rank().cmp(&b.rank()),
                // The shorter version's end ranks as a number, but below any number.
                (Some(Part::Number(_)), None) => Ordering::Greater,
                (None, Some(Part::Number(_))) => Ordering::Less,
                (Some(a), None) => a.rank().cmp(&Rank::Number),
                (None, Some(b)) => Rank::Number.cmp(&b.rank()),
                (None, None) => Ordering::Equal,
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for ComposerVersion {
    fn partial_cmp(&self, other: &ComposerVersion) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ComposerVersion {
    fn eq(&self, other: &ComposerVersion) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ComposerVersion {}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> ComposerVersion {
        ComposerVersion::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    fn ascending(list: &[&str]) {
        for pair in list.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(v(pair[1]) > v(pair[0]), "{} > {}", pair[1], pair[0]);
        }
    }

    #[test]
    fn stabilities_in_order() {
        ascending(&[
            "1.0.0-dev",
            "1.0.0-alpha",
            "1.0.0-alpha2",
            "1.0.0-beta",
            "1.0.0-beta.1",
            "1.0.0-RC1",
            "1.0.0-rc2",
            "1.0.0",
            "1.0.0-patch1",
            "1.0.0.1",
            "1.0.1",
        ]);
        ascending(&["1.0.0-beta2-dev", "1.0.0-beta2", "1.0.0-beta3"]);
    }

    #[test]
    fn normalisations_are_equal() {
        for (a, b) in [
            ("7.4.4", "7.4.4.0"),
            ("v1.8.3", "1.8.3"),
            ("1", "1.0.0.0"),
            ("1.0.0-a1", "1.0.0-alpha1"),
            ("1.0.0b2", "1.0.0-beta2"),
            ("1.0.0.RC1", "1.0.0-rc1"),
            ("1.0.0-pl1", "1.0.0-patch1"),
            ("1.0.0-p1", "1.0.0-patch1"),
            ("1.0.0-stable", "1.0.0"),
            ("1.0.0+build.5", "1.0.0"),
            ("1.0.0 as 2.0.0", "1.0.0"),
            ("1.0.0-beta.1", "1.0.0-beta1"),
            // The pattern lets a lone separator end the version.
            ("1.0.0-", "1.0.0"),
        ] {
            assert_eq!(
                ComposerVersion::parse(a),
                ComposerVersion::parse(b),
                "{a} == {b}"
            );
        }
        assert!(ComposerVersion::parse("1.0.x-dev").is_none());
    }

    #[test]
    fn guzzle_boundaries() {
        ascending(&["6.5.6", "6.5.7", "7.0.0", "7.4.3", "7.4.4"]);
        ascending(&["1.8.3", "1.9.1", "2.0.0-beta1", "2.0.0", "2.4.5"]);
    }

    #[test]
    fn dates() {
        ascending(&["2023.01.01", "2023.01.02", "2023.10.01"]);
        assert!(ComposerVersion::parse("20230101").is_some());
        assert!(ComposerVersion::parse("2023-01-01-beta").is_some());
        // Six digits are too many for a classic major version, but make a date.
        assert!(ComposerVersion::parse("123456").is_some());
        assert!(ComposerVersion::parse("2023.01.01.01.01").is_some());
        assert!(ComposerVersion::parse("2023.01.01.01.01.01.01.001.001.1").is_none());
        assert!(ComposerVersion::parse(&"1".repeat(27)).is_none());
    }

    #[test]
    fn not_versions() {
        for s in [
            "",
            "dev-master",
            "dev-feature/x",
            "master",
            "1.0.0.0.0",
            "1.0.0-foo",
            "^1.0",
            "1.0.*",
            "1.0.0-beta-",
            "x",
            "1.0.0-1",
        ] {
            assert!(
                ComposerVersion::parse(s).is_none(),
                "{s:?} should not parse"
            );
        }
    }

    #[test]
    fn prerelease_flag() {
        assert!(v("1.0.0-RC1").is_prerelease());
        assert!(v("1.0.0-dev").is_prerelease());
        assert!(!v("1.0.0-patch1").is_prerelease());
        assert!(!v("1.0.0").is_prerelease());
    }
}
