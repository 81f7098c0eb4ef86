//! Cargo.lock: files written by cargo 1.95 (v4 and v3) and cargo lockfiles from the corpus.

use crate::find;
use medtrace_core::FileId;
use medtrace_soup::{Component, Lockfile, LockfileFormat, Scope, cargo};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/cargo/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn with_manifest(dir: &str) -> Lockfile {
    let manifest = fixture(&format!("{dir}/Cargo.toml"));
    cargo::read_with_manifest(
        FileId(0),
        &fixture(&format!("{dir}/Cargo.lock")),
        Some((FileId(1), &manifest)),
    )
}

fn has_edge(lock: &Lockfile, from: &str, to: &str) -> bool {
    let index = |n: &str| lock.components.iter().position(|c| c.name == n);
    lock.edges
        .contains(&(index(from).expect("from"), index(to).expect("to")))
}

fn summary(c: &Component) -> (Option<bool>, Scope) {
    (c.direct, c.scope)
}

#[test]
fn generated_v4_with_manifest_scopes_and_path_dependency() {
    let lock = with_manifest("generated-v4");
    assert_eq!(lock.format, LockfileFormat::CargoLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // 10 packages: the root `fixture-app` is not a component; the path dependency is.
    assert_eq!(lock.components.len(), 9);
    assert!(!lock.components.iter().any(|c| c.name == "fixture-app"));

    let itoa = find(&lock, "itoa", "1.0.18");
    assert_eq!(summary(itoa), (Some(true), Scope::Runtime));
    assert_eq!(itoa.purl, "pkg:cargo/itoa@1.0.18");
    assert_eq!(
        itoa.checksums,
        ["sha256:8f42a60cbdf9a97f5d2305f08a87dc4e09308d1276d28c869c684d7777685682"]
    );
    assert_eq!(itoa.source, None);

    let helper = find(&lock, "local-helper", "0.2.0");
    assert_eq!(helper.source.as_deref(), Some("path+local-helper"));
    assert!(helper.checksums.is_empty());
    assert!(has_edge(&lock, "local-helper", "itoa"));

    assert_eq!(
        summary(find(&lock, "memchr", "2.8.3")),
        (Some(true), Scope::Runtime)
    ); // cfg(unix)
    assert_eq!(
        summary(find(&lock, "semver", "1.0.28")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "smallvec", "1.16.5")),
        (Some(true), Scope::Optional)
    );
    assert_eq!(
        summary(find(&lock, "similar", "2.7.0")),
        (Some(true), Scope::Dev)
    );
    assert_eq!(
        summary(find(&lock, "cc", "1.11.1")),
        (Some(true), Scope::Build)
    );
    // What only a build-dependency needs is build-only.
    assert_eq!(
        summary(find(&lock, "shlex", "2.0.1")),
        (Some(false), Scope::Build)
    );
    assert_eq!(
        summary(find(&lock, "find-msvc-tools", "0.1.15")),
        (Some(false), Scope::Build)
    );
    assert!(has_edge(&lock, "cc", "shlex") && has_edge(&lock, "cc", "find-msvc-tools"));
    assert_eq!(lock.edges.len(), 3);
}

#[test]
fn generated_v4_without_manifest() {
    let lock = cargo::read(FileId(0), &fixture("generated-v4/Cargo.lock"));
    assert!(lock.problems.is_empty());
    // Without Cargo.toml the path dependency cannot be told from a member: both are local.
    assert_eq!(lock.components.len(), 8);
    assert!(lock.components.iter().all(|c| c.scope == Scope::Runtime));
    assert_eq!(find(&lock, "similar", "2.7.0").direct, Some(true));
    assert_eq!(find(&lock, "shlex", "2.0.1").direct, Some(false));
}

#[test]
fn generated_v3_reads_like_v4() {
    let (v3, v4) = (with_manifest("generated-v3"), with_manifest("generated-v4"));
    assert!(v3.problems.is_empty());
    let ids = |l: &Lockfile| {
        l.components
            .iter()
            .map(|c| (c.purl.clone(), c.checksums.clone(), c.direct, c.scope))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&v3), ids(&v4));
    assert_eq!(v3.edges, v4.edges);
}

#[test]
fn corpus_exa_v2_with_manifest() {
    let lock = with_manifest("exa");
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 42);
    assert_eq!(
        summary(find(&lock, "ansi_term", "0.12.1")),
        (Some(true), Scope::Runtime)
    );
    // git2 is optional but on through the default feature `git`.
    assert_eq!(
        summary(find(&lock, "git2", "0.13.11")),
        (Some(true), Scope::Runtime)
    );
    // datetime is both a dependency and a build-dependency: run time wins.
    assert_eq!(
        summary(find(&lock, "datetime", "0.5.2")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(
        summary(find(&lock, "users", "0.11.0")),
        (Some(true), Scope::Runtime)
    );
    let libgit2 = find(&lock, "libgit2-sys", "0.12.14+1.1.0");
    assert_eq!(summary(libgit2), (Some(false), Scope::Runtime));
    assert_eq!(libgit2.purl, "pkg:cargo/libgit2-sys@0.12.14%2B1.1.0");
    assert_eq!(
        find(&lock, "openssl-src", "111.12.0+1.1.1h").purl,
        "pkg:cargo/openssl-src@111.12.0%2B1.1.1h"
    );
    assert_eq!(find(&lock, "idna", "0.2.0").direct, Some(false));
    assert!(has_edge(&lock, "git2", "libgit2-sys") && has_edge(&lock, "url", "idna"));
    assert!(
        lock.components
            .iter()
            .all(|c| c.checksums.len() == 1 && c.checksums[0].len() == 71)
    );
}

#[test]
fn corpus_ripgrep_v4_workspace_without_manifest() {
    let lock = cargo::read(FileId(0), &fixture("ripgrep/Cargo.lock"));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // 63 packages, of which 11 are workspace members.
    assert_eq!(lock.components.len(), 52);
    assert!(
        !lock
            .components
            .iter()
            .any(|c| c.name.starts_with("grep") || c.name == "ignore" || c.name == "globset")
    );
    // `"syn 2.0.119"` and `"syn 3.0.3"` name one of two locked versions each.
    assert_eq!(find(&lock, "syn", "2.0.119").direct, Some(false));
    assert_eq!(find(&lock, "syn", "3.0.3").direct, Some(false));
    let index = |n: &str, v: &str| {
        lock.components
            .iter()
            .position(|c| c.name == n && c.version == v)
            .expect("read")
    };
    assert!(
        lock.edges
            .contains(&(index("derive_arbitrary", "1.4.2"), index("syn", "2.0.119")))
    );
    assert_eq!(
        summary(find(&lock, "memchr", "2.8.3")),
        (Some(true), Scope::Runtime)
    );
    assert_eq!(find(&lock, "cfg-if", "1.0.4").direct, Some(false));
}

const V1: &str = r#"[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "itoa 0.4.8 (registry+https://github.com/rust-lang/crates.io-index)",
 "gitdep 1.0.0 (git+https://example.com/gitdep?branch=main#0123abc)",
]

[[package]]
name = "gitdep"
version = "1.0.0"
source = "git+https://example.com/gitdep?branch=main#0123abc"

[[package]]
name = "itoa"
version = "0.4.8"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum gitdep 1.0.0 (git+https://example.com/gitdep?branch=main#0123abc)" = "<none>"
"checksum itoa 0.4.8 (registry+https://github.com/rust-lang/crates.io-index)" = "b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4"
"#;

#[test]
fn v1_metadata_checksums_and_git_source() {
    // The v1 layout (cargo before 1.41), written by hand in its shape: no machine here has
    // such an old cargo.
    let lock = cargo::read(FileId(0), V1);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 2);
    let itoa = find(&lock, "itoa", "0.4.8");
    assert_eq!(
        itoa.checksums,
        ["sha256:b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4"]
    );
    let git = find(&lock, "gitdep", "1.0.0");
    assert_eq!(
        git.source.as_deref(),
        Some("git+https://example.com/gitdep?branch=main#0123abc")
    );
    assert!(git.checksums.is_empty());
    assert_eq!(git.direct, Some(true));
}

#[test]
fn workspace_manifest_members_are_not_components() {
    let lock_text = r#"version = 4
[[package]]
name = "root"
version = "0.1.0"
dependencies = ["member", "vendored", "serde"]

[[package]]
name = "member"
version = "0.1.0"

[[package]]
name = "vendored"
version = "2.0.0"

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "00"
"#;
    let manifest = r#"
[package]
name = "root"
version = "0.1.0"
[workspace]
members = ["crates/*"]
[dependencies]
member = { path = "crates/member" }
vendored = { path = "../vendor/vendored" }
serde_renamed = { package = "serde", version = "1" }
[dev-dependencies]
serde = "1"
"#;
    let lock = cargo::read_with_manifest(FileId(0), lock_text, Some((FileId(1), manifest)));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let names: Vec<_> = lock.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["vendored", "serde"]);
    assert_eq!(
        lock.components[0].source.as_deref(),
        Some("path+../vendor/vendored")
    );
    // A renamed dependency counts under its crate name; run time beats dev.
    assert_eq!(summary(&lock.components[1]), (Some(true), Scope::Runtime));
}

#[test]
fn member_manifests_tell_their_dev_dependencies() {
    let lock_text = r#"version = 4
[[package]]
name = "app"
version = "0.1.0"
dependencies = ["core", "log"]

[[package]]
name = "core"
version = "0.1.0"
dependencies = ["proptest", "serde"]

[[package]]
name = "log"
version = "0.4.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "proptest"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
    let root = "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/old\"]\n";
    let app =
        "[package]\nname = \"app\"\n[dependencies]\ncore = { path = \"../core\" }\nlog = \"0.4\"\n";
    let core = "[package]\nname = \"core\"\n[dependencies]\nserde.workspace = true\n[dev-dependencies]\nproptest = \"1\"\n";
    let scope = |lock: &Lockfile, name: &str| {
        lock.components
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.scope)
    };
    // Without the members' manifests their dependencies count as run time.
    let root_only = cargo::read_with_manifest(FileId(0), lock_text, Some((FileId(1), root)));
    assert_eq!(scope(&root_only, "proptest"), Some(Scope::Runtime));
    let lock = cargo::read_workspace(
        FileId(0),
        lock_text,
        Some((FileId(1), root)),
        &[(FileId(2), app), (FileId(3), core)],
    );
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    // A path dependency on another member is not a vendored component.
    let names: Vec<_> = lock.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["log", "proptest", "serde"]);
    assert_eq!(scope(&lock, "proptest"), Some(Scope::Dev));
    assert_eq!(scope(&lock, "serde"), Some(Scope::Runtime));
    assert_eq!(scope(&lock, "log"), Some(Scope::Runtime));
    assert_eq!(
        cargo::workspace_members(root),
        (vec!["crates/*".to_string()], vec!["crates/old".to_string()])
    );
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let lock = cargo::read(
        FileId(0),
        "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"registry+x\"\ndependencies = [\"ghost\"]\n\n[[package]]\nname = \"b\"\n",
    );
    let messages: Vec<_> = lock.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a `[[package]]` entry needs a `name` and a `version`",
            "`a` depends on `ghost`, which is not in the lockfile"
        ]
    );
    assert_eq!(lock.components.len(), 1);
    assert_eq!(lock.components[0].source.as_deref(), Some("registry+x"));

    let text = fixture("generated-v4/Cargo.lock").replace("version = \"2.8.3\"", "version = 2.8.3");
    let lock = cargo::read(FileId(0), &text);
    assert!(
        lock.problems
            .iter()
            .any(|p| p.message.starts_with("invalid TOML")),
        "{:?}",
        lock.problems
    );
    assert!(lock.components.len() >= 7, "kept {}", lock.components.len());

    assert_eq!(
        cargo::read(FileId(0), "").problems[0].message,
        "no `[[package]]` entries: not a Cargo.lock"
    );
    assert_eq!(
        cargo::read(FileId(0), "package = 3").problems[0].message,
        "`package` must be an array of tables"
    );
    let bad_manifest = cargo::read_with_manifest(FileId(0), V1, Some((FileId(1), "[package\n")));
    assert_eq!(bad_manifest.problems[0].span.file, FileId(1));
}

#[test]
fn spans_cover_the_package_entry() {
    let text = fixture("generated-v4/Cargo.lock");
    let lock = cargo::read(FileId(0), &text);
    let cc = &lock.components[0];
    let entry = &text[cc.span.start as usize..cc.span.end as usize];
    assert!(entry.starts_with("[[package]]\nname = \"cc\""), "{entry}");
    assert!(entry.ends_with("]"), "{entry}");
}

fn spans_within(lock: &Lockfile, len: usize) -> bool {
    let ok = |s: medtrace_core::Span| s.start <= s.end && s.end as usize <= len;
    lock.components.iter().all(|c| ok(c.span))
        && lock
            .problems
            .iter()
            .all(|p| p.span.file != FileId(0) || ok(p.span))
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
        let lock = cargo::read_with_manifest(FileId(0), &text, Some((FileId(1), &text)));
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_lockfile(at in 0.0..1.0f64, insert in "[\\[\\]=\",a-z0-9 \n]{0,8}", keep in 0.5..=1.0f64) {
        let base = fixture("exa/Cargo.lock");
        let at = boundary(&base, at);
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        let text = &text[..boundary(&text, keep)];
        let lock = cargo::read(FileId(0), text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
