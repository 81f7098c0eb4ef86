//! yarn.lock: files written by Yarn 1.22 and Yarn 4.18, and yarn lockfiles from the corpus.

use crate::find;
use crate::has_edge;
use medtrace_core::FileId;
use medtrace_soup::{Component, Lockfile, LockfileFormat, Scope, yarn};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/yarn/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn with_manifest(dir: &str) -> Lockfile {
    let manifest = fixture(&format!("{dir}/package.json"));
    yarn::read_with_manifest(
        FileId(0),
        &fixture(&format!("{dir}/yarn.lock")),
        Some((FileId(1), &manifest)),
    )
}

fn summary(c: &Component) -> (Option<bool>, Scope) {
    (c.direct, c.scope)
}

#[test]
fn classic_with_package_json() {
    let lock = with_manifest("classic");
    assert_eq!(lock.format, LockfileFormat::YarnClassic);
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
    assert_eq!(scoped.source, None);
    // `"legacy-ms@npm:ms@1.0.0"` is ms 1.0.0.
    assert_eq!(
        summary(find(&lock, "ms", "1.0.0")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "is-number", "7.0.0")),
        (Some(true), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "left-pad", "1.3.0")),
        (Some(true), Scope::Optional)
    );
    assert_eq!(
        summary(find(&lock, "js-tokens", "4.0.0")),
        (Some(false), Scope::Runtime)
    );
    // ms 2.1.3 belongs to the workspace package, whose package.json is not read.
    assert_eq!(find(&lock, "ms", "2.1.3").direct, Some(false));
    assert!(has_edge(&lock, ("debug", "4.3.4"), ("ms", "2.1.2")));
    assert!(has_edge(
        &lock,
        ("react", "18.2.0"),
        ("loose-envify", "1.4.0")
    ));
    assert_eq!(lock.edges.len(), 3); // use-sync-external-store names react as a peer only
}

#[test]
fn classic_without_package_json_knows_nothing_direct() {
    let lock = yarn::read(FileId(0), &fixture("classic/yarn.lock"));
    assert_eq!(lock.components.len(), 12);
    assert!(
        lock.components
            .iter()
            .all(|c| c.direct.is_none() && c.scope == Scope::Runtime)
    );
}

#[test]
fn berry_with_package_json() {
    let lock = with_manifest("berry");
    assert_eq!(lock.format, LockfileFormat::YarnBerry);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // 14 entries less the two workspaces.
    assert_eq!(lock.components.len(), 12);
    assert!(!lock.components.iter().any(|c| c.name.contains("fixture")));
    let debug = find(&lock, "debug", "4.3.4");
    assert_eq!(
        debug.checksums,
        [
            "10c0/cedbec45298dd5c501d01b92b119cd3faebe5438c3917ff11ae1bff86a6c722930ac9c8659792824013168ba6db7c4668225d845c633fbdafbbf902a6389f736"
        ]
    );
    assert_eq!(summary(debug), (Some(true), Scope::Runtime));
    assert_eq!(
        summary(find(&lock, "is-number", "7.0.0")),
        (Some(true), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "left-pad", "1.3.0")),
        (Some(true), Scope::Optional)
    );
    // The workspace `@fixture/util` depends on ms 2.1.3: direct.
    assert_eq!(
        summary(find(&lock, "ms", "2.1.3")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(find(&lock, "ms", "1.0.0").purl, "pkg:npm/ms@1.0.0");
    assert!(has_edge(&lock, ("debug", "4.3.4"), ("ms", "2.1.2")));
    assert_eq!(lock.edges.len(), 3);
}

#[test]
fn berry_without_package_json_takes_workspaces_as_roots() {
    let lock = yarn::read(FileId(0), &fixture("berry/yarn.lock"));
    assert_eq!(lock.components.len(), 12);
    // Berry merges dev dependencies into the workspace entry: without package.json they
    // cannot be told apart.
    assert_eq!(
        summary(find(&lock, "is-number", "7.0.0")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "left-pad", "1.3.0")),
        (Some(true), Scope::Optional)
    );
    assert_eq!(find(&lock, "ms", "2.1.2").direct, Some(false));
}

#[test]
fn same_packages_from_every_javascript_lockfile() {
    let classic = with_manifest("classic");
    let berry = with_manifest("berry");
    let mut a: Vec<_> = classic
        .components
        .iter()
        .map(|c| (c.purl.clone(), c.scope))
        .collect();
    let mut b: Vec<_> = berry
        .components
        .iter()
        .map(|c| (c.purl.clone(), c.scope))
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn corpus_trivy_classic() {
    let lock = with_manifest("trivy-classic");
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 7);
    assert_eq!(
        summary(find(&lock, "js-tokens", "2.0.0")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "prop-types", "15.7.2")),
        (Some(true), Scope::Dev)
    );
    // react-is only prop-types needs: dev; loose-envify scheduler needs too: run time.
    assert_eq!(
        summary(find(&lock, "react-is", "16.13.1")),
        (Some(false), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "loose-envify", "1.4.0")),
        (Some(false), Scope::Runtime)
    );
    // `"js-tokens@^3.0.0 || ^4.0.0"`, a quoted descriptor with spaces.
    assert!(has_edge(
        &lock,
        ("loose-envify", "1.4.0"),
        ("js-tokens", "4.0.0")
    ));
    assert_eq!(lock.edges.len(), 6);
}

#[test]
fn corpus_trivy_berry_with_patch() {
    let lock = yarn::read(FileId(0), &fixture("trivy-berry/yarn_v2_happy.lock"));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 17);
    assert_eq!(
        summary(find(&lock, "async", "3.2.0")),
        (Some(true), Scope::Runtime)
    );
    // `fsevents@patch:fsevents@npm%3A2.1.3#…` is fsevents 2.1.3 from npm.
    let fsevents = find(&lock, "fsevents", "2.1.3");
    assert_eq!(
        (fsevents.purl.as_str(), fsevents.source.as_deref()),
        ("pkg:npm/fsevents@2.1.3", None)
    );
    // Old Berry writes dependency ranges without `npm:`.
    assert!(has_edge(
        &lock,
        ("ansi-styles", "3.2.1"),
        ("color-convert", "1.9.3")
    ));
    assert!(has_edge(
        &lock,
        ("fsevents", "2.1.3"),
        ("node-gyp", "7.1.0")
    ));
}

#[test]
fn berry_patch_merges_with_its_base_and_other_protocols_keep_a_source() {
    let text = r#"__metadata:
  version: 8

"resolve@npm:^1.0.0":
  version: 1.22.1
  resolution: "resolve@npm:1.22.1"
  checksum: aaa
  languageName: node
  linkType: hard

"resolve@patch:resolve@npm%3A^1.0.0#~builtin<compat/resolve>":
  version: 1.22.1
  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=07638b"
  checksum: bbb
  languageName: node
  linkType: hard

"tool@https://example.com/tool-1.0.0.tgz":
  version: 1.0.0
  resolution: "tool@https://example.com/tool-1.0.0.tgz"
  languageName: node
  linkType: hard
"#;
    let lock = yarn::read(FileId(0), text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 2);
    assert_eq!(lock.components[0].checksums, ["aaa", "bbb"]);
    assert_eq!(
        lock.components[1].source.as_deref(),
        Some("https://example.com/tool-1.0.0.tgz")
    );
}

#[test]
fn classic_git_dependency_and_sha1_fallback() {
    let text = "# yarn lockfile v1\n\n\"x@git+https://example.com/x.git#abc\":\n  version \"1.0.0\"\n  resolved \"git+https://example.com/x.git#abc\"\n\ny@^1:\n  version \"1.2.0\"\n  resolved \"https://registry.yarnpkg.com/y/-/y-1.2.0.tgz#0123456789abcdef0123456789abcdef01234567\"\n";
    let lock = yarn::read(FileId(0), text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(
        lock.components[0].source.as_deref(),
        Some("git+https://example.com/x.git#abc")
    );
    assert_eq!(
        lock.components[1].checksums,
        ["sha1:0123456789abcdef0123456789abcdef01234567"]
    );
    assert_eq!(lock.components[1].source, None);
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let text = "# yarn lockfile v1\n\na@1:\n  version \"1.0.0\"\nnot an entry\nb@2:\n  resolved \"x\"\n      too deep\nc@3:\n  version \"3.0.0\"\n";
    let lock = yarn::read(FileId(0), text);
    let messages: Vec<_> = lock.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "expected `descriptor:` to start an entry",
            "unexpected indentation",
            "`b@2` has no `version`"
        ]
    );
    assert_eq!(
        &text[lock.problems[0].span.start as usize..lock.problems[0].span.end as usize],
        "not an entry"
    );
    assert_eq!(lock.components.len(), 2);

    let berry = "__metadata:\n  version: 8\n\"a@npm:1\":\n  version: [1\n";
    let lock = yarn::read(FileId(0), berry);
    assert!(
        lock.problems[0].message.starts_with("invalid YAML"),
        "{:?}",
        lock.problems
    );

    let lock = yarn::read(
        FileId(0),
        "__metadata:\n  version: 8\n\"a@npm:1\":\n  version: 1.0.0\n",
    );
    assert_eq!(
        lock.problems[0].message,
        "`a@npm:1` has no readable `resolution`"
    );
    let bad_manifest = yarn::read_with_manifest(FileId(0), "", Some((FileId(1), "{")));
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
    fn never_panics_and_spans_lie_within(text in "\\PC{0,300}", berry in any::<bool>()) {
        let text = if berry { format!("__metadata:\n{text}") } else { text };
        let lock = yarn::read_with_manifest(FileId(0), &text, Some((FileId(0), &text)));
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_lockfiles(at in 0.0..1.0f64, insert in "[\"@:,a-z0-9 \n^]{0,8}", keep in 0.5..=1.0f64, berry in any::<bool>()) {
        let base = fixture(if berry { "berry/yarn.lock" } else { "classic/yarn.lock" });
        let at = boundary(&base, at);
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        let text = &text[..boundary(&text, keep)];
        let lock = yarn::read(FileId(0), text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
