//! composer.lock: trivy's from the corpus (Composer 2), and the other sections in their shape.

use medtrace_core::FileId;
use medtrace_soup::{Lockfile, LockfileFormat, Scope, composer};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/composer/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

#[test]
fn corpus_trivy_with_composer_json() {
    let manifest = fixture("trivy/composer.json");
    let lock = composer::read_with_manifest(
        FileId(0),
        &fixture("trivy/composer.lock"),
        Some((FileId(1), &manifest)),
    );
    assert_eq!(lock.format, LockfileFormat::ComposerLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let ids: Vec<_> = lock
        .components
        .iter()
        .map(|c| (c.purl.as_str(), c.direct, c.scope, c.license.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (
                "pkg:composer/guzzlehttp/guzzle@7.4.4",
                Some(true),
                Scope::Runtime,
                Some("MIT")
            ),
            (
                "pkg:composer/guzzlehttp/psr7@1.8.3",
                Some(false),
                Scope::Runtime,
                Some("MIT")
            ),
        ]
    );
    // Both come from Packagist; the empty `shasum` is no checksum.
    assert!(
        lock.components
            .iter()
            .all(|c| c.source.is_none() && c.checksums.is_empty())
    );
    assert_eq!(lock.edges, [(0, 1)]);
}

#[test]
fn without_composer_json_direct_is_unknown() {
    let lock = composer::read(FileId(0), &fixture("trivy/composer.lock"));
    assert_eq!(lock.components.len(), 2);
    assert!(lock.components.iter().all(|c| c.direct.is_none()));
}

const LOCK: &str = r#"{
    "packages": [
        {"name": "Symfony/Console", "version": "v5.4.0", "require": {"php": ">=7.2", "symfony/polyfill-mbstring": "~1.0", "ext-mbstring": "*"},
         "dist": {"type": "zip", "url": "https://api.github.com/x", "shasum": "0123abcd"},
         "notification-url": "https://packagist.org/downloads/", "license": ["MIT"]},
        {"name": "symfony/polyfill-php80", "version": "v1.28.0", "replace": {"symfony/polyfill-mbstring": "*"},
         "notification-url": "https://packagist.org/downloads/", "license": ["LGPL-2.1-only", "GPL-3.0-or-later"]},
        {"name": "acme/internal", "version": "dev-main", "source": {"type": "git", "url": "https://git.example.com/acme/internal.git", "reference": "abc123"}},
        {"name": "acme/local", "version": "1.0.0", "dist": {"type": "path", "url": "../packages/local"}}
    ],
    "packages-dev": [
        {"name": "phpunit/phpunit", "version": "9.6.0", "license": "BSD-3-Clause", "require": {"symfony/console": "^5"},
         "notification-url": "https://packagist.org/downloads/"}
    ]
}"#;

#[test]
fn dev_packages_licences_sources_and_replacements() {
    let manifest = r#"{"require": {"symfony/console": "^5.4", "acme/internal": "dev-main"}, "require-dev": {"phpunit/phpunit": "^9"}}"#;
    let lock = composer::read_with_manifest(FileId(0), LOCK, Some((FileId(1), manifest)));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let c = &lock.components;
    assert_eq!(c.len(), 5);
    assert_eq!(
        (c[0].name.as_str(), c[0].purl.as_str()),
        ("Symfony/Console", "pkg:composer/symfony/console@v5.4.0")
    );
    assert_eq!(c[0].checksums, ["sha1:0123abcd"]);
    assert_eq!(
        c[1].license.as_deref(),
        Some("LGPL-2.1-only OR GPL-3.0-or-later")
    );
    assert_eq!(
        c[2].source.as_deref(),
        Some("https://git.example.com/acme/internal.git#abc123")
    );
    assert_eq!(c[3].source.as_deref(), Some("path+../packages/local"));
    assert_eq!(
        (c[4].scope, c[4].direct, c[4].license.as_deref()),
        (Scope::Dev, Some(true), Some("BSD-3-Clause"))
    );
    let direct: Vec<_> = c.iter().map(|c| c.direct).collect();
    assert_eq!(
        direct,
        [Some(true), Some(false), Some(true), Some(false), Some(true)]
    );
    // `php` and `ext-mbstring` are not packages; the polyfill is found through `replace`,
    // and names match whatever their case.
    assert_eq!(lock.edges, [(0, 1), (4, 0)]);
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let cut = &LOCK[..LOCK.find("{\"name\": \"acme/local\"").expect("entry") + 10];
    let lock = composer::read(FileId(0), cut);
    assert_eq!(lock.problems.len(), 2, "{:?}", lock.problems);
    assert!(lock.problems[0].message.starts_with("invalid JSON"));
    assert_eq!(
        lock.problems[1].message,
        "a package needs a `name` and a `version`"
    );
    assert_eq!(lock.components.len(), 3);
    assert_eq!(
        composer::read(FileId(0), "{}").problems[0].message,
        "neither `packages` nor `packages-dev`: not a composer.lock"
    );
    assert_eq!(
        composer::read(FileId(0), r#"{"packages": {}}"#).problems[0].message,
        "`packages` must be a list"
    );
    let bad_manifest =
        composer::read_with_manifest(FileId(0), LOCK, Some((FileId(1), "{\"require\": ")));
    assert_eq!(bad_manifest.problems[0].span.file, FileId(1));
}

fn spans_within(lock: &Lockfile, len: usize) -> bool {
    let ok = |s: medtrace_core::Span| s.start <= s.end && s.end as usize <= len;
    lock.components.iter().all(|c| ok(c.span)) && lock.problems.iter().all(|p| ok(p.span))
}

fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

proptest! {
    #[test]
    fn never_panics_and_spans_lie_within(text in "\\PC{0,300}") {
        let lock = composer::read_with_manifest(FileId(0), &text, Some((FileId(0), &text)));
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_lockfile(at in 0.0..1.0f64, insert in "[\\[\\]{}\",:a-z0-9\\\\ \n]{0,8}", keep in 0.5..=1.0f64) {
        let base = fixture("trivy/composer.lock");
        let at = boundary(&base, at);
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        let text = &text[..boundary(&text, keep)];
        let lock = composer::read(FileId(0), text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
