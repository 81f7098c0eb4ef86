//! package-lock.json: files written by npm 11 (v3, v2), and npm lockfiles from the corpus.

use crate::find;
use crate::has_edge;
use medtrace_core::FileId;
use medtrace_soup::{Lockfile, Scope, npm};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/npm/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn read(path: &str) -> Lockfile {
    npm::read(FileId(3), &fixture(path))
}

#[test]
fn npm_v3_with_workspace_alias_nested_dev_and_optional() {
    let lock = read("generated-v3/package-lock.json");
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // 11 installed folders; the workspace link and the workspace folder are not components.
    assert_eq!(lock.components.len(), 12);
    let names: Vec<_> = lock
        .components
        .iter()
        .map(|c| format!("{}@{}", c.name, c.version))
        .collect();
    assert!(!names.iter().any(|n| n.contains("fixture")), "{names:?}");

    let scoped = find(&lock, "@sindresorhus/is", "4.6.0");
    assert_eq!(scoped.purl, "pkg:npm/%40sindresorhus/is@4.6.0");
    assert_eq!((scoped.direct, scoped.scope), (Some(true), Scope::Runtime));
    assert_eq!(scoped.license.as_deref(), Some("MIT"));
    assert_eq!(
        scoped.checksums,
        [
            "sha512-t09vSN3MdfsyCHoFcTRCH/iUtG7OJ0CsjzB8cjAmKc/va/kIgeDI/TxsigdncE/4be734m0cvIYwNaV4i2XqAw=="
        ]
    );
    assert_eq!(scoped.source, None);

    // The alias `legacy-ms: npm:ms@1.0.0` is the package ms.
    let alias = find(&lock, "ms", "1.0.0");
    assert_eq!(
        (alias.purl.as_str(), alias.direct),
        ("pkg:npm/ms@1.0.0", Some(true))
    );
    // Nested node_modules/debug/node_modules/ms: transitive, found by Node's lookup.
    assert_eq!(find(&lock, "ms", "2.1.2").direct, Some(false));
    assert!(has_edge(&lock, ("debug", "4.3.4"), ("ms", "2.1.2")));
    assert!(!has_edge(&lock, ("debug", "4.3.4"), ("ms", "2.0.0")));
    // ms 2.1.3 is a dependency of the workspace package packages/util: direct.
    assert_eq!(find(&lock, "ms", "2.1.3").direct, Some(true));

    assert_eq!(find(&lock, "is-number", "7.0.0").scope, Scope::Dev);
    let optional = find(&lock, "left-pad", "1.3.0");
    assert_eq!(
        (optional.scope, optional.license.as_deref()),
        (Scope::Optional, Some("WTFPL"))
    );
    assert!(has_edge(
        &lock,
        ("use-sync-external-store", "1.2.0"),
        ("react", "18.2.0")
    ));
    assert!(has_edge(
        &lock,
        ("react", "18.2.0"),
        ("loose-envify", "1.4.0")
    ));
    assert!(has_edge(
        &lock,
        ("loose-envify", "1.4.0"),
        ("js-tokens", "4.0.0")
    ));
    assert_eq!(lock.edges.len(), 4);
}

#[test]
fn npm_v2_reads_like_v3() {
    let v2 = read("generated-v2/package-lock.json");
    let v3 = read("generated-v3/package-lock.json");
    assert!(v2.problems.is_empty());
    let ids = |l: &Lockfile| {
        l.components
            .iter()
            .map(|c| (c.purl.clone(), c.direct, c.scope))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&v2), ids(&v3));
    assert_eq!(v2.edges, v3.edges);
}

#[test]
fn corpus_trivy_v2_nested_copies_are_one_component() {
    let lock = read("trivy/package-lock_v2.json");
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // 33 folders; debug 2.6.9 and ms 2.0.0 are installed twice each.
    assert_eq!(lock.components.len(), 31);
    let body_parser = find(&lock, "body-parser", "1.18.3");
    assert_eq!(
        (body_parser.direct, body_parser.scope),
        (Some(true), Scope::Runtime)
    );
    let debug = find(&lock, "debug", "2.5.2");
    assert_eq!((debug.direct, debug.scope), (Some(true), Scope::Dev));
    assert_eq!(find(&lock, "ms", "0.7.2").scope, Scope::Dev);
    assert!(has_edge(&lock, ("debug", "2.5.2"), ("ms", "0.7.2")));
    assert_eq!(find(&lock, "debug", "2.6.9").direct, Some(false));
    let promise = find(&lock, "promise", "8.3.0");
    assert_eq!(
        (promise.direct, promise.scope),
        (Some(true), Scope::Optional)
    );
    assert_eq!(find(&lock, "asap", "2.0.6").scope, Scope::Optional);
    assert_eq!(
        find(&lock, "@babel/helper-string-parser", "7.19.4").purl,
        "pkg:npm/%40babel/helper-string-parser@7.19.4"
    );
    assert!(has_edge(
        &lock,
        ("finalhandler", "1.1.1"),
        ("debug", "2.6.9")
    ));
}

#[test]
fn corpus_vscode_v3_two_hashes_per_integrity() {
    let lock = read("vscode-markdown-math/package-lock.json");
    assert!(lock.problems.is_empty());
    assert_eq!(lock.components.len(), 5);
    let katex = find(&lock, "katex", "0.16.4");
    assert_eq!((katex.direct, katex.scope), (Some(false), Scope::Runtime));
    assert_eq!(katex.checksums.len(), 2);
    assert!(katex.checksums[0].starts_with("sha1-") && katex.checksums[1].starts_with("sha512-"));
    assert_eq!(find(&lock, "@types/markdown-it", "0.0.0").scope, Scope::Dev);
    assert!(has_edge(
        &lock,
        ("@vscode/markdown-it-katex", "1.0.0"),
        ("katex", "0.16.4")
    ));
    assert!(has_edge(&lock, ("katex", "0.16.4"), ("commander", "8.3.0")));
}

#[test]
fn lockfile_version_1_tree() {
    // The legacy layout (npm 5/6), hand-written in its shape: nested copies and `requires`.
    let text = r#"{
  "name": "app", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
  "dependencies": {
    "debug": { "version": "2.6.9", "integrity": "sha512-aaa", "requires": { "ms": "2.0.0" } },
    "ms": { "version": "2.0.0", "integrity": "sha1-bbb" },
    "send": { "version": "0.1.0", "dev": true, "requires": { "ms": "2.1.1" },
      "dependencies": { "ms": { "version": "2.1.1", "dev": true } } },
    "old-ms": { "version": "npm:ms@1.0.0" }
  }
}"#;
    let lock = npm::read(FileId(0), text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 5);
    assert!(has_edge(&lock, ("debug", "2.6.9"), ("ms", "2.0.0")));
    assert!(has_edge(&lock, ("send", "0.1.0"), ("ms", "2.1.1")));
    assert_eq!(find(&lock, "ms", "2.1.1").scope, Scope::Dev);
    assert_eq!(find(&lock, "ms", "1.0.0").purl, "pkg:npm/ms@1.0.0");
}

#[test]
fn non_registry_sources_are_kept() {
    let text = r#"{"lockfileVersion": 3, "packages": {
  "": {"dependencies": {"x": "github:o/x"}},
  "node_modules/x": {"version": "1.0.0", "resolved": "git+ssh://git@github.com/o/x.git#abc"},
  "node_modules/y": {"version": "2.0.0", "resolved": "https://registry.npmjs.org/y/-/y-2.0.0.tgz"}
}}"#;
    let lock = npm::read(FileId(0), text);
    assert_eq!(
        find(&lock, "x", "1.0.0").source.as_deref(),
        Some("git+ssh://git@github.com/o/x.git#abc")
    );
    assert_eq!(find(&lock, "y", "2.0.0").source, None);
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let full = fixture("generated-v3/package-lock.json");
    let cut = &full[..full.find("\"node_modules/ms\"").expect("entry")];
    let lock = npm::read(FileId(0), cut);
    assert_eq!(lock.problems.len(), 1);
    assert!(
        lock.problems[0].message.starts_with("invalid JSON"),
        "{:?}",
        lock.problems
    );
    assert_eq!(lock.problems[0].span.start as usize, cut.len());
    assert_eq!(lock.components.len(), 8);

    let lock = npm::read(
        FileId(0),
        r#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"resolved": "x"}, "node_modules/b": 7}}"#,
    );
    let messages: Vec<_> = lock.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`node_modules/a` has no `version`",
            "entry `node_modules/b` must be an object"
        ]
    );

    assert_eq!(npm::read(FileId(0), "[]").problems.len(), 1);
    assert_eq!(npm::read(FileId(0), "").problems.len(), 1);
    let unknown = npm::read(FileId(0), r#"{"lockfileVersion": 9, "packages": {}}"#);
    assert_eq!(
        unknown.problems[0].message,
        "unknown `lockfileVersion`; expected 1, 2 or 3"
    );
}

#[test]
fn json_escapes_and_deep_nesting() {
    let text = r#"{"lockfileVersion": 3, "packages": {"node_modules/\u00e9\ud83d\ude00": {"version": "1.0.0\t"}}}"#;
    let lock = npm::read(FileId(0), text);
    assert_eq!(lock.components[0].name, "é😀");
    assert_eq!(
        lock.components[0].purl,
        "pkg:npm/%C3%A9%F0%9F%98%80@1.0.0%09"
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let lock = npm::read(FileId(0), &deep);
    assert_eq!(lock.problems[0].message, "invalid JSON: nesting too deep");
}

fn spans_within(lock: &Lockfile, len: usize) -> bool {
    let ok = |s: medtrace_core::Span| s.start <= s.end && s.end as usize <= len;
    lock.components.iter().all(|c| ok(c.span)) && lock.problems.iter().all(|p| ok(p.span))
}

/// The char boundary at `fraction` of `text`.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `base` with `insert` put at `at` (a fraction), cut at `keep` (a fraction).
fn mutate(base: &str, at: f64, insert: &str, keep: f64) -> String {
    let at = boundary(base, at);
    let text = format!("{}{insert}{}", &base[..at], &base[at..]);
    text[..boundary(&text, keep)].to_owned()
}

proptest! {
    #[test]
    fn never_panics_and_spans_lie_within(text in "\\PC{0,300}") {
        let lock = npm::read(FileId(0), &text);
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_lockfile(cut in 0.0..1.0f64, insert in "[\\[\\]{}\",:a-z0-9\\\\ \n]{0,8}", keep in 0.5..=1.0f64) {
        let text = mutate(&fixture("generated-v3/package-lock.json"), cut, &insert, keep);
        let lock = npm::read(FileId(0), &text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
