//! PEP 440 versions as `packaging.version.Version` reads and orders them: the canonical
//! pattern with every normalisation the PEP allows (case, a leading `v`, `-`/`_`/`.`
//! separators, `alpha`/`beta`/`c`/`pre`/`preview` spellings, implicit numbers, `-N` as a
//! post-release, `rev`/`r`), and packaging's ordering key:
//! epoch, release (trailing zeros dropped), pre-release (a dev release of a final version
//! sorts before its pre-releases), post-release, dev release, local version.

use std::cmp::Ordering;

use super::Num;

/// A PEP 440 version; `Ord` is PEP 440 ordering.
#[derive(Clone, Debug)]
pub struct Pep440Version {
    epoch: Num,
    /// Without trailing zeros: `1.0` and `1` are the same release.
    release: Vec<Num>,
    pre: Option<(PreKind, Num)>,
    post: Option<Num>,
    dev: Option<Num>,
    local: Option<Vec<LocalPart>>,
}

/// Pre-release kinds in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PreKind {
    Alpha,
    Beta,
    Rc,
}

/// A local version segment: a string sorts before any number (the variant order).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum LocalPart {
    Alpha(Box<str>),
    Numeric(Num),
}

/// The pre-release position in packaging's key.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PreKey<'a> {
    /// A dev release of a final version (`1.0.dev1`): before every pre-release of it.
    BeforeAll,
    Pre(PreKind, &'a Num),
    /// No pre-release: after every pre-release.
    AfterAll,
}

/// The dev-release position in packaging's key.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum DevKey<'a> {
    Dev(&'a Num),
    /// Not a dev release: after every dev release.
    None,
}

impl Pep440Version {
    /// Reads a version; `None` if PEP 440 refuses it.
    pub fn parse(text: &str) -> Option<Pep440Version> {
        let lower = text.trim().to_ascii_lowercase();
        let mut c = Cursor {
            s: lower.as_bytes(),
            i: 0,
        };
        c.eat(b'v');

        let start = c.i;
        let epoch = match c.digits() {
            Some(n) if c.eat(b'!') => n,
            _ => {
                c.i = start;
                Num::zero()
            }
        };

        let mut release = vec![c.digits()?];
        loop {
            let save = c.i;
            if !c.eat(b'.') {
                break;
            }
            match c.digits() {
                Some(n) => release.push(n),
                None => {
                    c.i = save;
                    break;
                }
            }
        }
        while release.last().is_some_and(Num::is_zero) {
            release.pop();
        }

        let pre = {
            let save = c.i;
            c.eat_separator();
            match c.word(&["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
                Some(word) => {
                    let kind = match word {
                        "alpha" | "a" => PreKind::Alpha,
                        "beta" | "b" => PreKind::Beta,
                        _ => PreKind::Rc,
                    };
                    c.eat_separator();
                    Some((kind, c.digits().unwrap_or_else(Num::zero)))
                }
                None => {
                    c.i = save;
                    None
                }
            }
        };

        let post = {
            let save = c.i;
            if let Some(n) = c.eat(b'-').then(|| c.digits()).flatten() {
                Some(n)
            } else {
                c.i = save;
                c.eat_separator();
                if c.word(&["post", "rev", "r"]).is_some() {
                    c.eat_separator();
                    Some(c.digits().unwrap_or_else(Num::zero))
                } else {
                    c.i = save;
                    None
                }
            }
        };

        let dev = {
            let save = c.i;
            c.eat_separator();
            if c.word(&["dev"]).is_some() {
                c.eat_separator();
                Some(c.digits().unwrap_or_else(Num::zero))
            } else {
                c.i = save;
                None
            }
        };

        let local = if c.eat(b'+') {
            let mut parts = Vec::new();
            loop {
                let start = c.i;
                while c.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
                    c.i += 1;
                }
                let part = std::str::from_utf8(&c.s[start..c.i]).ok()?;
                if part.is_empty() {
                    return None;
                }
                parts.push(if part.bytes().all(|b| b.is_ascii_digit()) {
                    LocalPart::Numeric(Num::from_digits(part))
                } else {
                    LocalPart::Alpha(part.into())
                });
                if !c.eat_separator() {
                    break;
                }
            }
            Some(parts)
        } else {
            None
        };

        (c.i == c.s.len()).then_some(Pep440Version {
            epoch,
            release,
            pre,
            post,
            dev,
            local,
        })
    }

    /// Whether this is a pre-release or a dev release.
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    fn pre_key(&self) -> PreKey<'_> {
        match (&self.pre, &self.post, &self.dev) {
            (None, None, Some(_)) => PreKey::BeforeAll,
            (None, _, _) => PreKey::AfterAll,
            (Some((kind, n)), _, _) => PreKey::Pre(*kind, n),
        }
    }

    fn dev_key(&self) -> DevKey<'_> {
        self.dev.as_ref().map_or(DevKey::None, DevKey::Dev)
    }
}

impl Ord for Pep440Version {
    fn cmp(&self, other: &Pep440Version) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| self.release.cmp(&other.release))
            .then_with(|| self.pre_key().cmp(&other.pre_key()))
            // No post-release sorts before any post-release: `None < Some`.
            .then_with(|| self.post.cmp(&other.post))
            .then_with(|| self.dev_key().cmp(&other.dev_key()))
            // No local version sorts before any local version: `None < Some`.
            .then_with(|| self.local.cmp(&other.local))
    }
}

impl PartialOrd for Pep440Version {
    fn partial_cmp(&self, other: &Pep440Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pep440Version {
    fn eq(&self, other: &Pep440Version) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pep440Version {}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn eat_separator(&mut self) -> bool {
        let hit = matches!(self.peek(), Some(b'-' | b'_' | b'.'));
        if hit {
            self.i += 1;
        }
        hit
    }

    fn digits(&mut self) -> Option<Num> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        let digits = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        (!digits.is_empty()).then(|| Num::from_digits(digits))
    }

    /// The first of `words` (in the order given, as the regex alternation tries them)
    /// that the input continues with.
    fn word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        let rest = &self.s[self.i..];
        let word = words.iter().find(|w| rest.starts_with(w.as_bytes()))?;
        self.i += word.len();
        Some(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Pep440Version {
        Pep440Version::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    fn ascending(list: &[&str]) {
        for pair in list.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(v(pair[1]) > v(pair[0]), "{} > {}", pair[1], pair[0]);
        }
    }

    #[test]
    fn release_candidates_finals_and_post_releases() {
        ascending(&["1.0rc1", "1.0", "1.0.post1"]);
    }

    #[test]
    fn the_epoch_outranks_the_release() {
        assert!(v("1!0.1") > v("2.0"));
        assert!(v("1!0.1") < v("2!0.0.1"));
        assert_eq!(v("0!1.0"), v("1.0"));
    }

    #[test]
    fn the_full_ordering_of_the_pep() {
        // The example ordering from PEP 440's "Summary of permitted suffixes".
        ascending(&[
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
        ]);
    }

    #[test]
    fn normalisations_are_equal() {
        for (a, b) in [
            ("1.0", "1.0.0"),
            ("1.0", "1"),
            ("0", "0.0"),
            ("v1.0", "1.0"),
            ("1.0RC1", "1.0rc1"),
            ("1.0c1", "1.0rc1"),
            ("1.0-pre1", "1.0rc1"),
            ("1.0.preview.1", "1.0rc1"),
            ("1.0alpha1", "1.0a1"),
            ("1.0-beta.2", "1.0b2"),
            ("1.0a", "1.0a0"),
            ("1.0-1", "1.0.post1"),
            ("1.0.rev1", "1.0.post1"),
            ("1.0r1", "1.0.post1"),
            ("1.0.post", "1.0.post0"),
            ("1.0-dev", "1.0.dev0"),
            ("1.0_dev_3", "1.0.dev3"),
            ("1.0+ubuntu-1", "1.0+ubuntu.1"),
            ("1.0+Local_A", "1.0+local.a"),
            ("  2.31.0\n", "2.31.0"),
            ("007.1", "7.1"),
        ] {
            assert_eq!(v(a), v(b), "{a} == {b}");
        }
    }

    #[test]
    fn numbers_compare_numerically() {
        ascending(&["2.8", "2.10", "3.6", "3.7", "3.10"]);
        ascending(&["1.26.18", "1.26.19", "2.0.0", "2.2.1", "2.2.2", "2.2.3"]);
        ascending(&["1.0a9", "1.0a10"]);
    }

    #[test]
    fn local_versions() {
        ascending(&[
            "1.0",
            "1.0+a",
            "1.0+a.1",
            "1.0+b",
            "1.0+0",
            "1.0+1",
            "1.0.post0",
        ]);
    }

    #[test]
    fn not_versions() {
        for s in [
            "",
            "v",
            "1.",
            "1.0-",
            "1.0+",
            "1.0+a..b",
            "a1.0",
            "1.0.x",
            "1.0rc1rc2",
            "1.0 1",
            "1!",
            "!1.0",
            "1.0-post-1-2",
            "1.0.dev1.post1",
            "1.0-foo",
            "==1.0",
            "*",
        ] {
            assert!(Pep440Version::parse(s).is_none(), "{s:?} should not parse");
        }
    }

    #[test]
    fn prerelease_flag() {
        assert!(v("1.0rc1").is_prerelease());
        assert!(v("1.0.dev0").is_prerelease());
        assert!(!v("1.0.post1").is_prerelease());
    }
}
