//! Whether an advisory affects a component: OSV's evaluation algorithm (schema, section
//! "Evaluation") with each ecosystem's name rules and version ordering.
//!
//! A package matches when the ecosystem is the component's (a `:suffix`, such as
//! Packagist's repository URL, is not compared: a possible match is reported rather than
//! missed) and the name is the same by the ecosystem's rules: PyPI names compare
//! PEP 503-normalised (`Werkzeug` is `werkzeug`, `zope.interface` is `zope-interface`);
//! RubyGems and Packagist names compare without regard to ASCII case; npm (scope
//! included), crates.io and Go module paths compare exactly.
//!
//! A version is affected when it is in the package's `versions` list (compared in the
//! ecosystem's ordering, so PyPI's `1.0` is `1.0.0`; as text when it does not parse) or in
//! one of its ranges: events sorted by version, `introduced` turning on, `fixed` and (past
//! it) `last_affected` turning off, and `limit`s bounding the range. `SEMVER` ranges use
//! SemVer precedence, `ECOSYSTEM` ranges the ecosystem's ordering ([`Scheme::of`]).
//!
//! `GIT` ranges are ignored: a lockfile names a version, not a commit, and deciding needs
//! the repository's history. A package with only `GIT` ranges and no `versions` cannot be
//! decided, and says so ([`Verdict::Unknown`]), as does a range whose versions, or the
//! component's version, the ordering cannot read (`dev-main`, a git URL). Withdrawn
//! records match nothing.

use medtrace_soup::Ecosystem;

use crate::advisory::{Advisory, Affected, Event, Range, RangeKind};
use crate::version::{ComposerVersion, GemVersion, Pep440Version, Scheme, SemVer, Version};

/// What an advisory says about one component version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The advisory names the package and this version is affected.
    Affected,
    /// The package is named, but a version involved cannot be ordered (the component's own,
    /// or one in a range), or only `GIT` ranges are given: no answer either way.
    Unknown,
    /// Not affected (the package is not named, the version is outside every range, or the
    /// record is withdrawn).
    NotAffected,
}

/// Whether `advisory` affects `version` of the package `name` in `ecosystem`. `false`
/// when it cannot be decided: see [`assess`] to tell that apart.
pub fn affects(advisory: &Advisory, ecosystem: Ecosystem, name: &str, version: &str) -> bool {
    assess(advisory, ecosystem, name, version) == Verdict::Affected
}

/// What `advisory` says about `version` of the package `name` in `ecosystem`.
pub fn assess(advisory: &Advisory, ecosystem: Ecosystem, name: &str, version: &str) -> Verdict {
    if advisory.withdrawn.is_some() {
        return Verdict::NotAffected;
    }
    let mut verdict = Verdict::NotAffected;
    for affected in advisory
        .affected
        .iter()
        .filter(|a| names_package(a, ecosystem, name))
    {
        match assess_package(affected, ecosystem, version) {
            Verdict::Affected => return Verdict::Affected,
            Verdict::Unknown => verdict = Verdict::Unknown,
            Verdict::NotAffected => {}
        }
    }
    verdict
}

/// The `fixed` versions the advisory gives for the package, in record order, without
/// repeats: what to upgrade to.
pub fn fixed_versions<'a>(
    advisory: &'a Advisory,
    ecosystem: Ecosystem,
    name: &str,
) -> Vec<&'a str> {
    let mut fixed: Vec<&str> = Vec::new();
    let events = advisory
        .affected
        .iter()
        .filter(|a| names_package(a, ecosystem, name))
        .flat_map(|a| &a.ranges)
        .filter(|r| r.kind != RangeKind::Git)
        .flat_map(|r| &r.events);
    for event in events {
        if let Event::Fixed(v) = event
            && !fixed.contains(&v.as_str())
        {
            fixed.push(v);
        }
    }
    fixed
}

/// Whether an `affected` entry is about this package.
pub fn names_package(affected: &Affected, ecosystem: Ecosystem, name: &str) -> bool {
    let base = affected
        .ecosystem
        .split_once(':')
        .map_or(affected.ecosystem.as_str(), |(base, _)| base);
    base == ecosystem.osv_name() && same_name(ecosystem, &affected.name, name)
}

/// Whether two package names are the same in an ecosystem.
pub fn same_name(ecosystem: Ecosystem, a: &str, b: &str) -> bool {
    match ecosystem {
        Ecosystem::PyPi => pep503_chars(a).eq(pep503_chars(b)),
        Ecosystem::RubyGems | Ecosystem::Packagist => a.eq_ignore_ascii_case(b),
        Ecosystem::Cargo | Ecosystem::Npm | Ecosystem::Go => a == b,
    }
}

/// A name in the form two names of the ecosystem are the same in: PEP 503 for PyPI,
/// ASCII lowercase for RubyGems and Packagist, as written for the others.
pub fn canonical_name(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        Ecosystem::PyPi => pep503(name),
        Ecosystem::RubyGems | Ecosystem::Packagist => name.to_ascii_lowercase(),
        Ecosystem::Cargo | Ecosystem::Npm | Ecosystem::Go => name.to_owned(),
    }
}

/// A PyPI name normalised as PEP 503 says: lowercase, each run of `-`, `_`, `.` one `-`.
pub fn pep503(name: &str) -> String {
    pep503_chars(name).collect()
}

fn pep503_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = name.trim().chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        if matches!(c, '-' | '_' | '.') {
            while chars.next_if(|c| matches!(c, '-' | '_' | '.')).is_some() {}
            return Some('-');
        }
        Some(c)
    })
    .flat_map(char::to_lowercase)
}

fn assess_package(affected: &Affected, ecosystem: Ecosystem, version: &str) -> Verdict {
    let scheme = Scheme::of(ecosystem);
    if affected
        .versions
        .iter()
        .any(|listed| same_version(scheme, listed, version))
    {
        return Verdict::Affected;
    }
    let mut verdict = Verdict::NotAffected;
    let mut decidable = !affected.versions.is_empty();
    for range in &affected.ranges {
        let result = match (range.kind, scheme) {
            (RangeKind::Git, _) => continue,
            (RangeKind::Semver, _) | (RangeKind::Ecosystem, Scheme::Semver) => {
                in_range::<SemVer>(range, version)
            }
            (RangeKind::Ecosystem, Scheme::Pep440) => in_range::<Pep440Version>(range, version),
            (RangeKind::Ecosystem, Scheme::RubyGems) => in_range::<GemVersion>(range, version),
            (RangeKind::Ecosystem, Scheme::Composer) => in_range::<ComposerVersion>(range, version),
        };
        decidable = true;
        match result {
            Verdict::Affected => return Verdict::Affected,
            Verdict::Unknown => verdict = Verdict::Unknown,
            Verdict::NotAffected => {}
        }
    }
    if decidable {
        verdict
    } else if affected.ranges.is_empty() {
        // Neither versions nor ranges: by the evaluation algorithm, nothing is affected.
        Verdict::NotAffected
    } else {
        // Only GIT ranges.
        Verdict::Unknown
    }
}

/// Listed versions are equal in the ecosystem's ordering, or as text when either does not
/// parse.
fn same_version(scheme: Scheme, listed: &str, version: &str) -> bool {
    match scheme.compare(listed, version) {
        Some(ordering) => ordering.is_eq(),
        None => listed.trim() == version.trim(),
    }
}

/// A point on a range's line: `introduced: "0"` is before everything, a `limit` with `*`
/// after everything.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Bound<V> {
    Min,
    At(V),
    Max,
}

fn in_range<V: Version>(range: &Range, version: &str) -> Verdict {
    let Some(v) = V::parse_version(version) else {
        return Verdict::Unknown;
    };
    let v = Bound::At(v);
    let mut events = Vec::with_capacity(range.events.len());
    for event in &range.events {
        let text = event.version().trim();
        let bound = match event {
            Event::Introduced(_) if text == "0" => Bound::Min,
            Event::Limit(_) if text.contains('*') => Bound::Max,
            _ => match V::parse_version(text) {
                Some(at) => Bound::At(at),
                None => return Verdict::Unknown,
            },
        };
        events.push((bound, event));
    }
    // Stable: events at the same version keep the record's order.
    events.sort_by(|a, b| a.0.cmp(&b.0));

    let limits = events.iter().filter(|(_, e)| matches!(e, Event::Limit(_)));
    let mut limits = limits.peekable();
    if limits.peek().is_some() && !limits.any(|(limit, _)| v < *limit) {
        return Verdict::NotAffected;
    }
    let mut affected = false;
    for (bound, event) in &events {
        match event {
            Event::Introduced(_) if v >= *bound => affected = true,
            Event::Fixed(_) if v >= *bound => affected = false,
            Event::LastAffected(_) if v > *bound => affected = false,
            _ => {}
        }
    }
    if affected {
        Verdict::Affected
    } else {
        Verdict::NotAffected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_names() {
        assert_eq!(pep503("Werkzeug"), "werkzeug");
        assert_eq!(pep503("zope.interface"), "zope-interface");
        assert_eq!(pep503("Foo__Bar-.baz"), "foo-bar-baz");
        assert!(same_name(Ecosystem::PyPi, "PyYAML", "pyyaml"));
        assert!(same_name(
            Ecosystem::PyPi,
            "typing_extensions",
            "typing-extensions"
        ));
        assert!(!same_name(Ecosystem::PyPi, "requests", "requests2"));
    }

    #[test]
    fn names_per_ecosystem() {
        assert!(same_name(Ecosystem::Npm, "@babel/core", "@babel/core"));
        assert!(!same_name(Ecosystem::Npm, "@babel/core", "babel/core"));
        assert!(!same_name(Ecosystem::Npm, "Debug", "debug"));
        assert!(!same_name(Ecosystem::Cargo, "ansi-term", "ansi_term"));
        assert!(same_name(
            Ecosystem::Go,
            "golang.org/x/crypto",
            "golang.org/x/crypto"
        ));
        assert!(!same_name(
            Ecosystem::Go,
            "golang.org/x/crypto",
            "golang.org/x/crypto/ssh"
        ));
        assert!(same_name(Ecosystem::RubyGems, "Rack", "rack"));
        assert!(same_name(
            Ecosystem::Packagist,
            "GuzzleHttp/Guzzle",
            "guzzlehttp/guzzle"
        ));
        assert!(!same_name(
            Ecosystem::Packagist,
            "guzzlehttp/guzzle",
            "guzzlehttp/psr7"
        ));
    }
}
