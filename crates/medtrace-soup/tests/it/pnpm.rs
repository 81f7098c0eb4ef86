//! pnpm-lock.yaml: files written by pnpm 9.15 (v9) and 8.15 (v6), and pnpm lockfiles from
//! the corpus.

use crate::find;
use crate::has_edge;
use medtrace_core::FileId;
use medtrace_soup::{Component, Lockfile, LockfileFormat, Scope, pnpm};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/pnpm/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn read(path: &str) -> Lockfile {
    pnpm::read(FileId(0), &fixture(path))
}

fn summary(c: &Component) -> (Option<bool>, Scope) {
    (c.direct, c.scope)
}

#[test]
fn generated_v9_importers_snapshots_and_peers() {
    let lock = read("generated-v9/pnpm-lock.yaml");
    assert_eq!(lock.format, LockfileFormat::PnpmLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 12);
    let scoped = find(&lock, "@sindresorhus/is", "4.6.0");
    assert_eq!(scoped.purl, "pkg:npm/%40sindresorhus/is@4.6.0");
    assert_eq!(
        scoped.checksums,
        [
            "sha512-t09vSN3MdfsyCHoFcTRCH/iUtG7OJ0CsjzB8cjAmKc/va/kIgeDI/TxsigdncE/4be734m0cvIYwNaV4i2XqAw=="
        ]
    );
    // The alias `legacy-ms: ms@1.0.0`.
    assert_eq!(
        summary(find(&lock, "ms", "1.0.0")),
        (Some(true), Scope::Runtime)
    );
    // v9 has no `dev` flag: scopes follow the graph from the importers.
    assert_eq!(
        summary(find(&lock, "is-number", "7.0.0")),
        (Some(true), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "left-pad", "1.3.0")),
        (Some(true), Scope::Optional)
    );
    // The workspace importer packages/util.
    assert_eq!(
        summary(find(&lock, "ms", "2.1.3")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "js-tokens", "4.0.0")),
        (Some(false), Scope::Runtime)
    );
    // The snapshot `use-sync-external-store@1.2.0(react@18.2.0)` is the package 1.2.0.
    assert_eq!(
        summary(find(&lock, "use-sync-external-store", "1.2.0")),
        (Some(true), Scope::Runtime)
    );
    assert!(has_edge(
        &lock,
        ("use-sync-external-store", "1.2.0"),
        ("react", "18.2.0")
    ));
    assert!(has_edge(&lock, ("debug", "4.3.4"), ("ms", "2.1.2")));
    assert_eq!(lock.edges.len(), 4);
}

#[test]
fn generated_v6_reads_like_v9() {
    let (v6, v9) = (
        read("generated-v6/pnpm-lock.yaml"),
        read("generated-v9/pnpm-lock.yaml"),
    );
    assert!(v6.problems.is_empty(), "{:?}", v6.problems);
    let ids = |l: &Lockfile| {
        l.components
            .iter()
            .map(|c| (c.purl.clone(), c.checksums.clone(), c.direct, c.scope))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&v6), ids(&v9));
    assert_eq!(v6.edges, v9.edges);
}

#[test]
fn corpus_trivy_v9_tarballs_files_and_second_importer() {
    let lock = read("trivy/pnpm-lock_v9.yaml");
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // 22 packages less the local directory package1.
    assert_eq!(lock.components.len(), 21);
    assert!(!lock.components.iter().any(|c| c.name == "package1"));
    let tarball = find(&lock, "debug", "4.3.5");
    assert_eq!(
        tarball.source.as_deref(),
        Some("https://github.com/debug-js/debug/tarball/4.3.5")
    );
    assert_eq!(summary(tarball), (Some(true), Scope::Runtime));
    assert!(has_edge(&lock, ("debug", "4.3.5"), ("ms", "2.1.2")));
    let negative = find(&lock, "is-negative", "2.0.1");
    assert!(
        negative
            .source
            .as_deref()
            .is_some_and(|s| s.starts_with("https://codeload.github.com/"))
    );
    let lodash = find(&lock, "lodash", "4.17.21");
    assert_eq!(
        (lodash.source.as_deref(), lodash.scope),
        (Some("file:foo/bar/lodash.tgz"), Scope::Dev)
    );
    assert_eq!(lodash.checksums.len(), 1);
    assert_eq!(
        summary(find(&lock, "jquery", "3.6.0")),
        (Some(true), Scope::Dev)
    );
    // The importer `subdir`.
    assert_eq!(
        summary(find(&lock, "sleep-utils", "1.0.3")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "await-sleep", "0.0.1")),
        (Some(true), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "statuses", "1.4.0")),
        (Some(false), Scope::Runtime)
    );
    assert!(has_edge(
        &lock,
        ("finalhandler", "1.1.1"),
        ("debug", "4.3.4")
    ));
}

#[test]
fn corpus_trivy_v6_with_dev() {
    let lock = read("trivy/pnpm-lock_v6_with_dev.yaml");
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 85);
    let direct: Vec<_> = lock
        .components
        .iter()
        .filter(|c| c.direct == Some(true))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(direct, ["mocha", "react", "redux"]);
    assert_eq!(
        summary(find(&lock, "mocha", "10.0.0")),
        (Some(true), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "react", "18.1.0")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        find(&lock, "@babel/runtime", "7.22.3").scope,
        Scope::Runtime
    );
    assert_eq!(
        find(&lock, "@babel/runtime", "7.22.3").purl,
        "pkg:npm/%40babel/runtime@7.22.3"
    );
    let runtime = lock
        .components
        .iter()
        .filter(|c| c.scope == Scope::Runtime)
        .count();
    assert_eq!(runtime, 6); // react, redux and their dependencies
    assert!(has_edge(
        &lock,
        ("redux", "4.2.0"),
        ("@babel/runtime", "7.22.3")
    ));
}

#[test]
fn v5_keys() {
    // The v5 layout (pnpm 7), written by hand in its shape.
    let text = "lockfileVersion: 5.4\n\nspecifiers:\n  a: ^1.0.0\n\ndependencies:\n  a: 1.0.0_react@18.2.0\n\ndevDependencies:\n  '@s/b': 2.0.0\n\npackages:\n\n  /a/1.0.0_react@18.2.0:\n    resolution: {integrity: sha512-aaa}\n    dependencies:\n      '@s/b': 2.0.0\n    dev: false\n\n  /@s/b/2.0.0:\n    resolution: {integrity: sha512-bbb}\n    dev: false\n";
    let lock = pnpm::read(FileId(0), text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let ids: Vec<_> = lock.components.iter().map(|c| c.purl.as_str()).collect();
    assert_eq!(ids, ["pkg:npm/a@1.0.0", "pkg:npm/%40s/b@2.0.0"]);
    assert_eq!(lock.edges, [(0, 1)]);
    assert_eq!(summary(&lock.components[1]), (Some(true), Scope::Runtime));
}

#[test]
fn git_resolution_is_a_source() {
    let text = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      x:\n        specifier: github:o/x\n        version: https://codeload.github.com/o/x/tar.gz/abc\npackages:\n  x@https://codeload.github.com/o/x/tar.gz/abc:\n    resolution: {type: git, repo: 'https://github.com/o/x', commit: abc}\n    version: 1.0.0\nsnapshots:\n  x@https://codeload.github.com/o/x/tar.gz/abc: {}\n";
    let lock = pnpm::read(FileId(0), text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        lock.components[0].source.as_deref(),
        Some("git+https://github.com/o/x#abc")
    );
    assert_eq!(lock.components[0].direct, Some(true));
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let full = fixture("generated-v9/pnpm-lock.yaml");
    let broken = full.replace(
        "  ms@2.0.0:\n    resolution:",
        "  ms@2.0.0:\n   - resolution:",
    );
    let lock = pnpm::read(FileId(0), &broken);
    assert_eq!(lock.problems[0].message, "`ms@2.0.0` must be a mapping");
    assert_eq!(lock.components.len(), 11);
    let broken = full.replace(
        "  ms@2.0.0:\n    resolution: {",
        "  ms@2.0.0:\n    resolution: {[",
    );
    let lock = pnpm::read(FileId(0), &broken);
    assert!(
        lock.problems[0].message.starts_with("invalid YAML"),
        "{:?}",
        lock.problems
    );

    let text = "lockfileVersion: '9.0'\npackages:\n  nameless:\n    resolution: {integrity: x}\n  y@https://example.com/y.tgz:\n    resolution: {tarball: 'https://registry.npmjs.org/y/-/y.tgz'}\n  z@1.0.0: {}\n";
    let lock = pnpm::read(FileId(0), text);
    let messages: Vec<_> = lock.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "cannot read the package key `nameless`",
            "`y@https://example.com/y.tgz` has no `version`"
        ]
    );
    assert_eq!(lock.components.len(), 1);
    assert_eq!(
        pnpm::read(FileId(0), "a: 1\n").problems[0].message,
        "no readable `lockfileVersion`: not a pnpm-lock.yaml"
    );
    assert_eq!(
        pnpm::read(FileId(0), "- 1\n").problems[0].message,
        "a pnpm-lock.yaml must be a mapping"
    );
    assert_eq!(
        pnpm::read(FileId(0), "lockfileVersion: '6.0'\npackages: 3\n").problems[0].message,
        "`packages` must be a mapping"
    );
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
        let lock = pnpm::read(FileId(0), &text);
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_lockfiles(at in 0.0..1.0f64, insert in "[-'@:/(){}a-z0-9 \n]{0,8}", keep in 0.5..=1.0f64, v6 in any::<bool>()) {
        let base = fixture(if v6 { "trivy/pnpm-lock_v6_with_dev.yaml" } else { "trivy/pnpm-lock_v9.yaml" });
        let at = boundary(&base, at);
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        let text = &text[..boundary(&text, keep)];
        let lock = pnpm::read(FileId(0), text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
