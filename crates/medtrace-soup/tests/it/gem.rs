//! Gemfile.lock: heroku/ruby-getting-started's from the corpus (Bundler 1.16), and the
//! Bundler 2 sections (GIT, PATH, platforms, CHECKSUMS) in their shape.

use medtrace_core::FileId;
use medtrace_soup::{Component, Lockfile, LockfileFormat, Scope, gem};
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/gem/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn find<'l>(lock: &'l Lockfile, name: &str) -> &'l Component {
    lock.components
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} not read"))
}

fn has_edge(lock: &Lockfile, from: &str, to: &str) -> bool {
    let index = |n: &str| lock.components.iter().position(|c| c.name == n);
    lock.edges
        .contains(&(index(from).expect("from"), index(to).expect("to")))
}

#[test]
fn corpus_heroku_rails_app() {
    let text = fixture("heroku/Gemfile.lock");
    let lock = gem::read(FileId(0), &text);
    assert_eq!(lock.format, LockfileFormat::GemfileLock);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    assert_eq!(lock.components.len(), 60);
    let direct: Vec<_> = lock
        .components
        .iter()
        .filter(|c| c.direct == Some(true))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        direct,
        [
            "coffee-rails",
            "jbuilder",
            "jquery-rails",
            "pg",
            "puma",
            "rails",
            "sass-rails",
            "sdoc",
            "spring",
            "turbolinks",
            "uglifier"
        ]
    );
    let rack = find(&lock, "rack");
    assert_eq!(
        (rack.version.as_str(), rack.direct, rack.scope),
        ("2.0.3", Some(false), Scope::Runtime)
    );
    assert_eq!(rack.purl, "pkg:gem/rack@2.0.3");
    assert_eq!((rack.source.as_deref(), rack.checksums.len()), (None, 0));
    assert!(has_edge(&lock, "actionpack", "rack"));
    assert!(has_edge(&lock, "rails", "railties"));
    assert!(has_edge(&lock, "actioncable", "websocket-driver"));
    // The entry spans the spec line and its requirement lines.
    let cable = &text[lock.components[0].span.start as usize..lock.components[0].span.end as usize];
    assert_eq!(
        cable,
        "    actioncable (5.1.4)\n      actionpack (= 5.1.4)\n      nio4r (~> 2.0)\n      websocket-driver (~> 0.6.1)"
    );
}

const BUNDLER_2: &str = "GIT
  remote: https://github.com/rails/rails.git
  revision: 0123456789abcdef
  branch: main
  specs:
    rails (8.0.0.alpha)
      railties (= 8.0.0.alpha)
    railties (8.0.0.alpha)

PATH
  remote: vendor/engine
  specs:
    engine (0.1.0)
      nokogiri

GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.16.0-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)

GEM
  remote: https://gems.example.com/
  specs:
    private-gem (2.0.0)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  engine!
  nokogiri (~> 1.16)
  private-gem
  rails!

CHECKSUMS
  nokogiri (1.16.0-arm64-darwin) sha256=aaaa
  nokogiri (1.16.0-x86_64-linux) sha256=bbbb
  racc (1.7.3) sha256=cccc

BUNDLED WITH
   2.5.4
";

#[test]
fn bundler_2_sources_platforms_and_checksums() {
    let lock = gem::read(FileId(0), BUNDLER_2);
    assert!(lock.problems.is_empty(), "{:?}", lock.problems);
    let ids: Vec<_> = lock
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.version.as_str(), c.direct))
        .collect();
    assert_eq!(
        ids,
        [
            ("rails", "8.0.0.alpha", Some(true)),
            ("railties", "8.0.0.alpha", Some(false)),
            ("engine", "0.1.0", Some(true)),
            ("nokogiri", "1.16.0", Some(true)),
            ("racc", "1.7.3", Some(false)),
            ("private-gem", "2.0.0", Some(true)),
        ]
    );
    assert_eq!(
        find(&lock, "rails").source.as_deref(),
        Some("git+https://github.com/rails/rails.git#0123456789abcdef")
    );
    assert_eq!(
        find(&lock, "engine").source.as_deref(),
        Some("path+vendor/engine")
    );
    assert_eq!(
        find(&lock, "private-gem").source.as_deref(),
        Some("https://gems.example.com/")
    );
    let nokogiri = find(&lock, "nokogiri");
    assert_eq!(
        (nokogiri.source.as_deref(), nokogiri.purl.as_str()),
        (None, "pkg:gem/nokogiri@1.16.0")
    );
    assert_eq!(nokogiri.checksums, ["sha256=aaaa", "sha256=bbbb"]);
    assert_eq!(find(&lock, "racc").checksums, ["sha256=cccc"]);
    assert!(
        has_edge(&lock, "nokogiri", "racc")
            && has_edge(&lock, "engine", "nokogiri")
            && has_edge(&lock, "rails", "railties")
    );
    assert_eq!(lock.edges.len(), 3);
}

#[test]
fn malformed_inputs_give_problems_and_keep_what_was_read() {
    let text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    good (1.0)\n    bad-line\n    other (2.0\n    fine (3.0)\n";
    let lock = gem::read(FileId(0), text);
    let messages: Vec<_> = lock.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "expected `name (version)`, found `bad-line`",
            "expected `name (version)`, found `other (2.0`"
        ]
    );
    assert_eq!(
        &text[lock.problems[0].span.start as usize..lock.problems[0].span.end as usize],
        "    bad-line"
    );
    let names: Vec<_> = lock.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["good", "fine"]);
    assert_eq!(
        gem::read(FileId(0), "  just indented\n").problems[0].message,
        "no sections (GEM, DEPENDENCIES, …): not a Gemfile.lock"
    );
    let orphan = gem::read(FileId(0), "GEM\n  specs:\n      orphan (1.0)\n");
    assert_eq!(orphan.problems[0].message, "a requirement outside a spec");
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
        let lock = gem::read(FileId(0), &text);
        prop_assert!(spans_within(&lock, text.len()));
    }

    #[test]
    fn mutated_real_lockfile(at in 0.0..1.0f64, insert in "[()~>=!a-z0-9 \n]{0,8}", keep in 0.5..=1.0f64) {
        let base = fixture("heroku/Gemfile.lock");
        let at = boundary(&base, at);
        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
        let text = &text[..boundary(&text, keep)];
        let lock = gem::read(FileId(0), text);
        prop_assert!(spans_within(&lock, text.len()));
    }
}
