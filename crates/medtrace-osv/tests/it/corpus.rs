//! Real OSV records (tests/fixtures/README.md) against the versions that real lockfiles
//! in the shared corpus lock, with the expected matches taken from the corpus README
//! ("Advisory matches within this corpus" and the boundary cases), plus boundary versions
//! of each record's own ranges.

use medtrace_osv::{Advisory, Ecosystem, Verdict, affects, assess, fixed_versions, load_dir};

use super::corpus_dir;

fn corpus() -> Vec<Advisory> {
    let (advisories, problems) = load_dir(&corpus_dir()).expect("the fixtures folder reads");
    assert!(problems.is_empty(), "{problems:?}");
    advisories
}

fn by_id<'a>(advisories: &'a [Advisory], id: &str) -> &'a Advisory {
    advisories
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{id} is in the corpus"))
}

use Ecosystem::{Cargo, Go, Npm, Packagist, PyPi, RubyGems};

/// Components as the corpus lockfiles lock them: ecosystem, name, version, lockfile, and
/// every corpus advisory that affects it.
#[rustfmt::skip]
const LOCKED: &[(Ecosystem, &str, &str, &str, &[&str])] = &[
    (Cargo, "libgit2-sys", "0.12.14+1.1.0", "ogham--exa/Cargo.lock", &["RUSTSEC-2023-0003"]),
    (Cargo, "ansi_term", "0.12.1", "ogham--exa/Cargo.lock", &["RUSTSEC-2021-0139"]),
    (Cargo, "idna", "0.2.0", "ogham--exa/Cargo.lock", &["RUSTSEC-2024-0421"]),
    (PyPi, "requests", "2.25.1", "rules_python requirements_lock.txt", &["GHSA-j8r2-6x86-q33q"]),
    (PyPi, "requests", "2.21.0", "trivy Pipfile_django.lock", &["GHSA-j8r2-6x86-q33q"]),
    (PyPi, "requests", "2.31.0", "pypi-publish runtime.txt (the fix)", &[]),
    (PyPi, "requests", "2.32.0", "trivy uv_normal.lock", &[]),
    (PyPi, "urllib3", "1.26.18", "rules_python requirements_lock.txt", &["GHSA-34jh-p97f-mpxf"]),
    (PyPi, "urllib3", "2.2.1", "pypi-publish runtime.txt", &["GHSA-34jh-p97f-mpxf"]),
    (PyPi, "urllib3", "1.24.2", "trivy Pipfile_django.lock", &["GHSA-34jh-p97f-mpxf"]),
    (PyPi, "urllib3", "2.2.3", "trivy uv_normal.lock", &[]),
    (PyPi, "idna", "2.10", "rules_python requirements_lock.txt", &["GHSA-jjg7-2v4v-x38h"]),
    (PyPi, "idna", "3.6", "pypi-publish runtime.txt", &["GHSA-jjg7-2v4v-x38h"]),
    (PyPi, "idna", "2.8", "trivy Pipfile_django.lock", &["GHSA-jjg7-2v4v-x38h"]),
    (PyPi, "idna", "3.10", "trivy uv_normal.lock", &[]),
    (Npm, "body-parser", "1.18.3", "trivy package-lock_v2.json", &["GHSA-qwcr-r2fm-qrc7"]),
    (Npm, "debug", "2.5.2", "trivy package-lock_v2.json (dev)", &["GHSA-gxpj-cx7g-858c"]),
    (Npm, "debug", "2.6.9", "trivy package-lock_v2.json (nested, the fix)", &[]),
    (Npm, "katex", "0.16.4", "vscode markdown-math package-lock.json", &["GHSA-64fm-8hw2-v72w"]),
    (Go, "golang.org/x/crypto", "v0.5.0", "gin-gonic--gin go.mod/go.sum", &["GO-2023-2402"]),
    (RubyGems, "rack", "2.0.3", "heroku ruby-getting-started Gemfile.lock", &["GHSA-hrqr-hxpp-chr3"]),
    (Packagist, "guzzlehttp/psr7", "1.8.3", "trivy composer.lock", &["GHSA-wxmh-65f7-jcvw"]),
    (Packagist, "guzzlehttp/guzzle", "7.4.4", "trivy composer.lock (the fix)", &[]),
    // ripgrep's Cargo.lock matches none of the records: two of its crates.
    (Cargo, "regex", "1.13.1", "BurntSushi--ripgrep/Cargo.lock", &[]),
    (Cargo, "memchr", "2.8.3", "BurntSushi--ripgrep/Cargo.lock", &[]),
];

#[test]
fn every_corpus_record_reads() {
    let mut ids: Vec<String> = corpus().into_iter().map(|a| a.id).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "GHSA-34jh-p97f-mpxf",
            "GHSA-64fm-8hw2-v72w",
            "GHSA-gxpj-cx7g-858c",
            "GHSA-hrqr-hxpp-chr3",
            "GHSA-j8r2-6x86-q33q",
            "GHSA-jjg7-2v4v-x38h",
            "GHSA-qwcr-r2fm-qrc7",
            "GHSA-w248-ffj2-4v5q",
            "GHSA-wxmh-65f7-jcvw",
            "GO-2023-2402",
            "RUSTSEC-2021-0139",
            "RUSTSEC-2023-0003",
            "RUSTSEC-2024-0421",
        ]
    );
}

#[test]
fn locked_versions_match_exactly_the_advisories_the_corpus_names() {
    let advisories = corpus();
    for &(ecosystem, name, version, lockfile, expected) in LOCKED {
        let mut hits: Vec<&str> = advisories
            .iter()
            .filter(|a| affects(a, ecosystem, name, version))
            .map(|a| a.id.as_str())
            .collect();
        hits.sort_unstable();
        assert_eq!(
            hits, expected,
            "{ecosystem:?} {name} {version} ({lockfile})"
        );
        // None of the real records leaves any of these undecided.
        for a in &advisories {
            assert_ne!(
                assess(a, ecosystem, name, version),
                Verdict::Unknown,
                "{}",
                a.id
            );
        }
    }
}

#[test]
fn every_corpus_record_is_exercised_by_a_locked_version() {
    let advisories = corpus();
    for a in &advisories {
        let named = LOCKED.iter().any(|&(ecosystem, name, ..)| {
            a.affected
                .iter()
                .any(|aff| medtrace_osv::names_package(aff, ecosystem, name))
        });
        assert!(named, "{} names no locked package", a.id);
    }
}

/// Boundaries of each record's own ranges, beyond what the lockfiles lock.
#[test]
fn range_boundaries_of_the_real_records() {
    let advisories = corpus();
    // (advisory, ecosystem, package, affected versions, unaffected versions)
    type Case = (
        &'static str,
        Ecosystem,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        (
            "GHSA-w248-ffj2-4v5q",
            Packagist,
            "guzzlehttp/guzzle",
            &["4.0.0", "6.5.6", "7.0.0", "7.4.3", "v7.4.3", "7.4.4-RC1"],
            &[
                "3.9.9",
                "6.5.7",
                "7.0.0-beta1",
                "7.4.4",
                "v7.4.4",
                "7.4.4.0",
                "7.5.0",
            ],
        ),
        (
            "GHSA-wxmh-65f7-jcvw",
            Packagist,
            "GuzzleHttp/Psr7",
            &["1.0.0", "1.9.0", "2.0.0", "2.4.4"],
            &["1.9.1", "2.0.0-beta1", "2.4.5", "2.5.0"],
        ),
        (
            "GHSA-j8r2-6x86-q33q",
            PyPi,
            "Requests",
            &[
                "2.3.0",
                "2.30.0",
                "2.30.0.post1",
                "2.31.0rc1",
                "2.31.0.dev0",
            ],
            &[
                "2.2.1",
                "2.3.0rc1",
                "2.31",
                "2.31.0",
                "2.31.0.0",
                "2.31.0.post1",
                "3.0",
            ],
        ),
        (
            "GHSA-34jh-p97f-mpxf",
            PyPi,
            "URLLIB3",
            &["0.3", "1.26.18", "2.0.0", "2.2.1", "2.2.2rc1"],
            &["1.26.19", "2.0.0a1", "2.2.2", "2.3.0", "1!1.0"],
        ),
        (
            "GHSA-jjg7-2v4v-x38h",
            PyPi,
            "idna",
            &["0.1", "3.6", "3.7rc1", "3.7.dev1"],
            &["3.7", "3.7.post1", "3.7+local"],
        ),
        (
            "GHSA-64fm-8hw2-v72w",
            Npm,
            "katex",
            &[
                "0.10.0-beta",
                "0.10.0-rc.1",
                "0.10.0",
                "0.16.9",
                "0.16.10-rc.1",
            ],
            &["0.9.0", "0.10.0-alpha", "0.16.10", "0.16.11"],
        ),
        (
            "GHSA-qwcr-r2fm-qrc7",
            Npm,
            "body-parser",
            &["0.0.1", "1.20.2"],
            &["1.20.3", "2.0.0"],
        ),
        (
            "GHSA-gxpj-cx7g-858c",
            Npm,
            "debug",
            &[
                "0.1.0", "2.6.8", "3.0.0", "3.0.1", "3.2.0", "3.2.6", "4.0.0", "4.3.0",
            ],
            &["2.6.9", "3.1.0", "3.1.1", "3.2.7", "4.3.1", "4.3.4"],
        ),
        (
            "GO-2023-2402",
            Go,
            "golang.org/x/crypto",
            &[
                "v0.16.0",
                "0.16.0",
                "v0.0.0-20220722155217-630584e8d5aa",
                "v0.17.0-rc.1",
            ],
            &[
                "v0.17.0",
                "v0.18.0",
                "v0.17.1-0.20240101000000-abcdefabcdef",
            ],
        ),
        (
            "GHSA-hrqr-hxpp-chr3",
            RubyGems,
            "Rack",
            &["1.0.0", "1.6.11", "1.6.12.rc1", "2.0.0", "2.0.7"],
            &["1.6.12", "2.0.0.rc1", "2.0.8", "2.1.0"],
        ),
        (
            "RUSTSEC-2023-0003",
            Cargo,
            "libgit2-sys",
            &["0.0.1", "0.13.4+1.4.2", "0.14.0+1.5.0", "0.14.1+1.5.0"],
            &[
                "0.13.5+1.4.5",
                "0.14.0-alpha",
                "0.14.2+1.5.1",
                "0.15.0+1.6.4",
            ],
        ),
        (
            "RUSTSEC-2021-0139",
            Cargo,
            "ansi_term",
            &["0.0.1", "0.9.0", "0.12.1", "99.0.0", "0.1.0-alpha"],
            &[],
        ),
        (
            "RUSTSEC-2024-0421",
            Cargo,
            "idna",
            &["0.1.0", "0.5.0", "1.0.0-rc.1"],
            &["1.0.0", "1.0.3"],
        ),
    ];
    for &(id, ecosystem, name, affected, unaffected) in cases {
        let a = by_id(&advisories, id);
        for v in affected {
            assert_eq!(
                assess(a, ecosystem, name, v),
                Verdict::Affected,
                "{id}: {name} {v}"
            );
        }
        for v in unaffected {
            assert_eq!(
                assess(a, ecosystem, name, v),
                Verdict::NotAffected,
                "{id}: {name} {v}"
            );
        }
    }
}

#[test]
fn ecosystems_do_not_cross() {
    let advisories = corpus();
    let pypi_idna = by_id(&advisories, "GHSA-jjg7-2v4v-x38h");
    let crate_idna = by_id(&advisories, "RUSTSEC-2024-0421");
    assert!(!affects(pypi_idna, Cargo, "idna", "0.2.0"));
    assert!(!affects(crate_idna, PyPi, "idna", "0.2.0"));
    assert!(affects(pypi_idna, PyPi, "idna", "0.2.0"));
    // npm names are exact: no case folding, and a scope is part of the name.
    let debug = by_id(&advisories, "GHSA-gxpj-cx7g-858c");
    assert!(!affects(debug, Npm, "Debug", "2.5.2"));
    assert!(!affects(debug, Npm, "@types/debug", "2.5.2"));
}

#[test]
fn what_the_records_carry() {
    let advisories = corpus();
    let rack = by_id(&advisories, "GHSA-hrqr-hxpp-chr3");
    assert_eq!(rack.aliases, ["CVE-2019-16782"]);
    assert_eq!(rack.severity_label(), Some("MODERATE"));
    assert_eq!(rack.severity[0].kind, "CVSS_V3");
    assert!(rack.severity[0].score.starts_with("CVSS:3.1/AV:N/"));
    assert!(rack.is_known_as("cve-2019-16782"));

    let idna = by_id(&advisories, "GHSA-jjg7-2v4v-x38h");
    let kinds: Vec<&str> = idna.severity.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["CVSS_V3", "CVSS_V4"]);

    let unmaintained = by_id(&advisories, "RUSTSEC-2021-0139");
    assert_eq!(unmaintained.informational(), Some("unmaintained"));
    assert_eq!(unmaintained.summary, "ansi_term is Unmaintained");
    assert_eq!(
        by_id(&advisories, "RUSTSEC-2023-0003").informational(),
        None
    );

    let go = by_id(&advisories, "GO-2023-2402");
    assert_eq!(go.modified, "0001-01-01T00:00:00Z");
    assert!(go.affected[0].ecosystem_specific.is_some());
    assert!(go.references.iter().all(|r| r.url.starts_with("https://")));

    let debug = by_id(&advisories, "GHSA-gxpj-cx7g-858c");
    assert_eq!(debug.affected.len(), 4);
    assert_eq!(
        fixed_versions(debug, Npm, "debug"),
        ["2.6.9", "3.1.0", "3.2.7", "4.3.1"]
    );
    assert_eq!(
        fixed_versions(by_id(&advisories, "RUSTSEC-2021-0139"), Cargo, "ansi_term"),
        Vec::<&str>::new()
    );
    assert!(advisories.iter().all(|a| a.withdrawn.is_none()));
}

#[test]
fn the_index_finds_what_matching_every_record_finds() {
    let advisories = corpus();
    let index = medtrace_osv::Index::new(&advisories);
    for &(ecosystem, name, version, lockfile, expected) in LOCKED {
        let mut hits: Vec<&str> = index
            .assess(ecosystem, name, version)
            .into_iter()
            .map(|(a, verdict)| {
                assert_eq!(verdict, Verdict::Affected);
                a.id.as_str()
            })
            .collect();
        hits.sort_unstable();
        assert_eq!(
            hits, expected,
            "{ecosystem:?} {name} {version} ({lockfile})"
        );
    }
    // A record with four entries for one package is listed once.
    assert_eq!(index.naming(Npm, "debug").len(), 1);
    assert_eq!(index.naming(PyPi, "URLLIB3").len(), 1);
    assert!(index.naming(Npm, "left-pad").is_empty());
}
