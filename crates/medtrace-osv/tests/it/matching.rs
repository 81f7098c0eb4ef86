//! The matching rules on small records: event kinds, limits, explicit versions, withdrawn
//! records, GIT ranges, versions that cannot be ordered, ecosystem spellings.

use medtrace_osv::{Advisory, Ecosystem, Verdict, assess};

use super::record;

/// A record with one affected package and the given `affected` members (JSON).
fn one(ecosystem: &str, name: &str, members: &str) -> Advisory {
    record(&format!(
        r#"{{"id":"TEST-1","modified":"2024-01-01T00:00:00Z","affected":[
            {{"package":{{"ecosystem":"{ecosystem}","name":"{name}"}},{members}}}]}}"#
    ))
}

fn range(kind: &str, events: &str) -> String {
    format!(r#""ranges":[{{"type":"{kind}","events":[{events}]}}]"#)
}

fn check(a: &Advisory, ecosystem: Ecosystem, name: &str, cases: &[(&str, Verdict)]) {
    for &(version, expected) in cases {
        assert_eq!(
            assess(a, ecosystem, name, version),
            expected,
            "{name} {version}"
        );
    }
}

use Verdict::{Affected, NotAffected, Unknown};

#[test]
fn fixed_is_excluded_and_introduced_included() {
    let a = one(
        "crates.io",
        "a",
        &range("SEMVER", r#"{"introduced":"1.2.0"},{"fixed":"1.4.0"}"#),
    );
    check(
        &a,
        Ecosystem::Cargo,
        "a",
        &[
            ("1.1.9", NotAffected),
            ("1.2.0-rc.1", NotAffected),
            ("1.2.0", Affected),
            ("1.3.99", Affected),
            ("1.4.0-alpha", Affected),
            ("1.4.0", NotAffected),
            ("1.4.0+build", NotAffected),
        ],
    );
}

#[test]
fn last_affected_is_included() {
    let a = one(
        "npm",
        "a",
        &range(
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"last_affected":"2.1.214"}"#,
        ),
    );
    check(
        &a,
        Ecosystem::Npm,
        "a",
        &[
            ("0.0.0-alpha", Affected),
            ("2.1.214", Affected),
            ("2.1.215-beta", NotAffected),
            ("2.1.215", NotAffected),
        ],
    );
}

#[test]
fn limits_bound_the_range() {
    let a = one(
        "PyPI",
        "a",
        &range(
            "ECOSYSTEM",
            r#"{"introduced":"1.0"},{"limit":"1.5"},{"limit":"0.5"}"#,
        ),
    );
    check(
        &a,
        Ecosystem::PyPi,
        "a",
        &[
            ("0.9", NotAffected),
            ("1.0", Affected),
            ("1.4.9", Affected),
            ("1.5", NotAffected),
        ],
    );
    let a = one(
        "PyPI",
        "a",
        &range("ECOSYSTEM", r#"{"introduced":"1.0"},{"limit":"*"}"#),
    );
    check(
        &a,
        Ecosystem::PyPi,
        "a",
        &[("1.0", Affected), ("999", Affected)],
    );
}

#[test]
fn events_out_of_order_are_sorted_first() {
    let a = one(
        "Go",
        "example.com/m",
        &range(
            "SEMVER",
            r#"{"fixed":"1.5.0"},{"introduced":"3.0.0"},{"introduced":"1.0.0"},{"fixed":"3.1.0"}"#,
        ),
    );
    check(
        &a,
        Ecosystem::Go,
        "example.com/m",
        &[
            ("v0.9.0", NotAffected),
            ("v1.0.0", Affected),
            ("v1.5.0", NotAffected),
            ("v2.0.0", NotAffected),
            ("v3.0.1", Affected),
            ("v3.1.0", NotAffected),
        ],
    );
}

#[test]
fn explicit_versions_compare_in_the_ecosystem_ordering() {
    let a = one("PyPI", "Django", r#""versions":["1.0","2.0rc1"]"#);
    check(
        &a,
        Ecosystem::PyPi,
        "django",
        &[
            ("1.0.0", Affected),
            ("2.0RC1", Affected),
            ("2.0", NotAffected),
            ("1.0.1", NotAffected),
        ],
    );
    // A listed version no ordering reads still matches as text.
    let a = one("Packagist", "v/p", r#""versions":["dev-main"]"#);
    check(
        &a,
        Ecosystem::Packagist,
        "v/p",
        &[("dev-main", Affected), ("dev-other", NotAffected)],
    );
}

#[test]
fn withdrawn_records_match_nothing() {
    let a = record(
        r#"{"id":"TEST-1","modified":"m","withdrawn":"2024-02-01T00:00:00Z","affected":[
            {"package":{"ecosystem":"npm","name":"a"},"versions":["1.0.0"],
             "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#,
    );
    check(
        &a,
        Ecosystem::Npm,
        "a",
        &[("1.0.0", NotAffected), ("0.1.0", NotAffected)],
    );
}

#[test]
fn git_ranges_are_not_evaluated() {
    let commits = r#"{"introduced":"6e5755a2a833bc64852eae12967d0a54d7adf629"},{"fixed":"c43455749b914feef56b178b256f29b3016146eb"}"#;
    // Only a GIT range: cannot be decided.
    let a = one("PyPI", "a", &range("GIT", commits));
    check(&a, Ecosystem::PyPi, "a", &[("1.0", Unknown)]);
    // A GIT range beside versions (as osv.dev publishes PYSEC records): the versions decide.
    let a = one(
        "PyPI",
        "a",
        &format!(r#"{},"versions":["1.0"]"#, range("GIT", commits)),
    );
    check(
        &a,
        Ecosystem::PyPi,
        "a",
        &[("1.0", Affected), ("1.1", NotAffected)],
    );
    // Neither versions nor ranges: nothing is affected, as the evaluation algorithm says.
    let a = one("PyPI", "a", r#""versions":[]"#);
    check(&a, Ecosystem::PyPi, "a", &[("1.0", NotAffected)]);
}

#[test]
fn versions_that_cannot_be_ordered_are_unknown() {
    let a = one(
        "Packagist",
        "v/p",
        &range("ECOSYSTEM", r#"{"introduced":"0"},{"fixed":"2.0.0"}"#),
    );
    check(
        &a,
        Ecosystem::Packagist,
        "v/p",
        &[
            ("dev-main", Unknown),
            ("1.0.0", Affected),
            ("2.0.0", NotAffected),
        ],
    );
    // A range event that is not a version of the ordering.
    let a = one(
        "npm",
        "a",
        &range("ECOSYSTEM", r#"{"introduced":"0"},{"fixed":"next"}"#),
    );
    check(&a, Ecosystem::Npm, "a", &[("1.0.0", Unknown)]);
    // Another entry deciding "affected" wins over an undecided one.
    let a = record(
        r#"{"id":"TEST-1","modified":"m","affected":[
            {"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"x"}]}]},
            {"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#,
    );
    check(&a, Ecosystem::Npm, "a", &[("1.0.0", Affected)]);
}

#[test]
fn semver_ranges_read_go_versions_with_or_without_v() {
    let a = one(
        "Go",
        "golang.org/x/net",
        &range("SEMVER", r#"{"introduced":"0"},{"fixed":"0.7.0"}"#),
    );
    check(
        &a,
        Ecosystem::Go,
        "golang.org/x/net",
        &[
            ("v0.6.0", Affected),
            ("v0.0.0-20220722155237-a158d28d115b", Affected),
            ("v0.7.0", NotAffected),
            ("v2.0.0+incompatible", NotAffected),
        ],
    );
}

#[test]
fn ecosystem_suffixes_and_other_ecosystems() {
    let a = one(
        "Packagist:https://packages.drupal.org/8",
        "drupal/core",
        &range("ECOSYSTEM", r#"{"introduced":"8.0.0"},{"fixed":"8.9.20"}"#),
    );
    check(
        &a,
        Ecosystem::Packagist,
        "drupal/core",
        &[("8.9.19", Affected)],
    );
    let a = one(
        "Maven",
        "org.example:a",
        &range("ECOSYSTEM", r#"{"introduced":"0"}"#),
    );
    for ecosystem in [
        Ecosystem::Npm,
        Ecosystem::Cargo,
        Ecosystem::PyPi,
        Ecosystem::Go,
    ] {
        check(&a, ecosystem, "org.example:a", &[("1.0.0", NotAffected)]);
    }
    // "pypi" is not "PyPI": the ecosystem is compared as OSV spells it.
    let a = one("pypi", "a", &range("ECOSYSTEM", r#"{"introduced":"0"}"#));
    check(&a, Ecosystem::PyPi, "a", &[("1.0", NotAffected)]);
}

#[test]
fn gem_ranges() {
    let a = one(
        "RubyGems",
        "nokogiri",
        &range(
            "ECOSYSTEM",
            r#"{"introduced":"1.13.0.rc1"},{"fixed":"1.13.10"}"#,
        ),
    );
    check(
        &a,
        Ecosystem::RubyGems,
        "Nokogiri",
        &[
            ("1.12.5", NotAffected),
            ("1.13.0.rc1", Affected),
            ("1.13.0", Affected),
            // Bundler writes platform gems' platform after the version; the reader must
            // strip it: with it, it is no version.
            ("1.13.9-x86_64-linux", Unknown),
        ],
    );
    check(
        &a,
        Ecosystem::RubyGems,
        "nokogiri",
        &[("1.13.10", NotAffected), ("1.13.10.0", NotAffected)],
    );
}
