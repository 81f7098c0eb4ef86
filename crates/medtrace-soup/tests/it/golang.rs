//! go.mod and go.sum: gin's from the corpus, and a go.mod written by `go mod tidy` (Go 1.19)
//! with replace directives.

use medtrace_core::FileId;
use medtrace_soup::{Component, Lockfile, LockfileFormat, Scope, golang};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/go/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn gin() -> Lockfile {
    let sum = fixture("gin/go.sum");
    golang::read_with_sum(FileId(0), &fixture("gin/go.mod"), Some((FileId(1), &sum)))
}

fn find<'l>(lock: &'l Lockfile, name: &str) -> &'l Component {
    lock.components
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} not read"))
}

#[test]
fn corpus_gin_direct_indirect_and_checksums() {
    let lock = gin();
    assert_eq!(lock.format, LockfileFormat::GoMod);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 27);
    assert_eq!(
        lock.components
            .iter()
            .filter(|c| c.direct == Some(true))
            .count(),
        12
    );
    assert!(
        lock.components
            .iter()
            .all(|c| c.scope == Scope::Runtime && c.checksums.len() == 1)
    );
    assert!(lock.edges.is_empty());

    let net = find(&lock, "golang.org/x/net");
    assert_eq!((net.version.as_str(), net.direct), ("v0.7.0", Some(true)));
    assert_eq!(net.purl, "pkg:golang/golang.org/x/net@v0.7.0");
    assert_eq!(
        net.checksums,
        ["h1:rJrUqqhjsgNp7KqAIc25s9pZnjU7TUcSY7HcVZjdn1g="]
    );
    let crypto = find(&lock, "golang.org/x/crypto");
    assert_eq!(
        (crypto.version.as_str(), crypto.direct),
        ("v0.5.0", Some(false))
    );
    assert_eq!(
        crypto.checksums,
        ["h1:U/0M97KRkSFvyD/3FSmdP5W5swImpNgle/EHFhOsQPE="]
    );
    let validator = find(&lock, "github.com/go-playground/validator/v10");
    assert_eq!(
        validator.purl,
        "pkg:golang/github.com/go-playground/validator/v10@v10.11.2"
    );
    let pseudo = find(&lock, "github.com/modern-go/concurrent");
    assert_eq!(pseudo.version, "v0.0.0-20180228061459-e0a39a4cb421");
    // go.sum's /go.mod-only lines for other testify versions do not add components.
    assert_eq!(
        lock.components
            .iter()
            .filter(|c| c.name == "github.com/stretchr/testify")
            .count(),
        1
    );

    let text = fixture("gin/go.mod");
    assert_eq!(
        &text[crypto.span.start as usize..crypto.span.end as usize],
        "\tgolang.org/x/crypto v0.5.0 // indirect"
    );
}

#[test]
fn go_mod_alone_has_no_checksums() {
    let lock = golang::read(FileId(0), &fixture("gin/go.mod"));
    assert_eq!(lock.components.len(), 27);
    assert!(lock.components.iter().all(|c| c.checksums.is_empty()));
}

#[test]
fn generated_replace_directives_to_local_folders() {
    let lock = golang::read(FileId(0), &fixture("generated-replace/go.mod"));
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let ids: Vec<_> = lock
        .components
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.version.as_str(),
                c.direct,
                c.source.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (
                "example.com/strutil",
                "v1.2.0",
                Some(true),
                Some("../forks/strutil")
            ),
            (
                "example.org/mathx",
                "v0.3.0",
                Some(false),
                Some("../forks/mathx")
            ),
        ]
    );
}

#[test]
fn replacement_by_another_module_and_odd_syntax() {
    let text = "module example.com/app // the module\n\ngo 1.21\ntoolchain go1.21.3\n\nrequire golang.org/x/text v0.3.0\nrequire (\n\t\"github.com/A/B\" v1.0.0+incompatible // indirect; kept for x\n\tgithub.com/old/lib v1.0.0\n)\n\nreplace (\n\tgolang.org/x/text v0.3.0 => golang.org/x/text v0.3.8\n\tgithub.com/old/lib => github.com/new/lib v1.1.0\n)\nexclude golang.org/x/text v0.3.1\nretract [v0.1.0, v0.1.5]\n";
    let lock = golang::read(FileId(0), text);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let ids: Vec<_> = lock
        .components
        .iter()
        .map(|c| (c.purl.as_str(), c.direct, c.source.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            ("pkg:golang/golang.org/x/text@v0.3.8", Some(true), None),
            (
                "pkg:golang/github.com/A/B@v1.0.0%2Bincompatible",
                Some(false),
                None
            ),
            ("pkg:golang/github.com/new/lib@v1.1.0", Some(true), None),
        ]
    );
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let text = "module m\nrequire (\n\ta v1.0.0\n\tb\n\tc v1 extra\n)\nreplace x =>\nfrobnicate y\nrequire (\n\td v2.0.0\n";
    let lock = golang::read_with_sum(
        FileId(0),
        text,
        Some((FileId(1), "a v1.0.0 h1:abc=\nbroken line\n")),
    );
    let messages: Vec<_> = lock.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a requirement must be `module/path version`",
            "a requirement must be `module/path version`",
            "a replacement must be `path [version] => path [version]`",
            "unknown go.mod directive `frobnicate`",
            "a `(` block is not closed",
            "a go.sum line must be `path version hash`",
        ]
    );
    assert_eq!(
        &text[lock.problems[0].span.start as usize..lock.problems[0].span.end as usize],
        "\tb"
    );
    assert_eq!(lock.problems[5].span.file, FileId(1));
    let names: Vec<_> = lock.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "d"]);
    assert_eq!(lock.components[0].checksums, ["h1:abc="]);
    assert_eq!(
        golang::read(FileId(0), "").problems[0].message,
        "no `module` directive: not a go.mod"
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
        let lock = golang::read_with_sum(FileId(0), &text, Some((FileId(0), &text)));
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_go_mod(at in 0.0..1.0f64, insert in "[()/\"`=>a-z0-9 \t\n]{0,8}", keep in 0.5..=1.0f64) {
        let base = fixture("gin/go.mod");
        let at = boundary(&base, at);
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        let text = &text[..boundary(&text, keep)];
        let lock = golang::read(FileId(0), text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
