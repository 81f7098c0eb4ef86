//! Tests of the SBOM writers: validity against the official JSON schemas checked into
//! `tests/schemas/` (see its README), byte-for-byte determinism, checksum conversion, the
//! merge and graph rules, and snapshots of a small SBOM in each format.

mod determinism;
mod graph;
mod hashes;
mod properties;
mod schema;
mod snapshots;

use medtrace_core::{FileId, Span};
use medtrace_sbom::{SbomComponent, SbomInput};
use medtrace_soup::{Component, Ecosystem, Scope};
use serde_json::Value;

/// The tool version every test writes, so nothing changes when the crate's version does.
const TOOL: &str = "0.0.0-test";

/// A lockfile component.
fn component(ecosystem: Ecosystem, name: &str, version: &str, purl: &str) -> Component {
    Component {
        ecosystem,
        name: name.to_owned(),
        version: version.to_owned(),
        purl: purl.to_owned(),
        checksums: Vec::new(),
        direct: None,
        scope: Scope::Runtime,
        license: None,
        source: None,
        span: Span::new(FileId(0), 0, 0),
    }
}

/// A project with a bit of everything: six ecosystems, every scope, checksums in the forms
/// the lockfiles write them (Cargo.lock bare hex, npm SRI, poetry `sha256:`, go.sum `h1:`,
/// composer's bare SHA-1), SOUP record fields, and a dependency graph. The serde and memchr
/// digests are this repository's Cargo.lock's, the @babel/core integrity is npm's and the
/// requests digest is its PyPI wheel's; the composer SHA-1 is @babel/core 7.26.0's npm
/// `shasum`, borrowed for its form.
///
/// Indices: 0 serde, 1 memchr, 2 @babel/core, 3 requests, 4 golang.org/x/net,
/// 5 monolog/monolog, 6 rack.
fn project() -> (Vec<SbomComponent>, Vec<(usize, usize)>) {
    let mut serde = component(
        Ecosystem::Cargo,
        "serde",
        "1.0.229",
        "pkg:cargo/serde@1.0.229",
    );
    serde.checksums =
        vec!["4148590afebada386688f18773da617792bf2ef03ffc1e4cbd2b1d45b023e0ba".to_owned()];
    serde.direct = Some(true);
    let mut memchr = component(
        Ecosystem::Cargo,
        "memchr",
        "2.8.3",
        "pkg:cargo/memchr@2.8.3",
    );
    memchr.checksums =
        vec!["sha256:cf8baf1c55e62ffcace7a9f06f4bd9cd3f0c4beb022d3b367256b91b87513d98".to_owned()];
    memchr.direct = Some(false);
    let mut babel = component(
        Ecosystem::Npm,
        "@babel/core",
        "7.26.0",
        "pkg:npm/%40babel/core@7.26.0",
    );
    babel.checksums = vec![
        "sha512-i1SLeK+DzNnQ3LL/CswPCa/E5u4lh1k6IAEphON8F+cXt0t9euTshDru0q7/IqMa1PMPz5RnHuHscF8/ZJsStg=="
            .to_owned(),
    ];
    babel.scope = Scope::Dev;
    babel.direct = Some(true);
    let mut requests = component(
        Ecosystem::PyPi,
        "requests",
        "2.32.3",
        "pkg:pypi/requests@2.32.3",
    );
    requests.checksums =
        vec!["sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6".to_owned()];
    requests.direct = Some(true);
    let mut net = component(
        Ecosystem::Go,
        "golang.org/x/net",
        "v0.33.0",
        "pkg:golang/golang.org/x/net@v0.33.0",
    );
    net.checksums = vec!["h1:74SYHlV8BIgHIFC/LrYkOGIwL19eTYXQ5wc6TBuO36I=".to_owned()];
    net.scope = Scope::Build;
    let mut monolog = component(
        Ecosystem::Packagist,
        "monolog/monolog",
        "3.8.1",
        "pkg:composer/monolog/monolog@3.8.1",
    );
    monolog.checksums = vec!["d78b6023cc8f3114ccf049eb219613f74a747b40".to_owned()];
    monolog.license = Some("MIT".to_owned());
    let mut rack = component(Ecosystem::RubyGems, "rack", "3.1.8", "pkg:gem/rack@3.1.8");
    rack.scope = Scope::Optional;
    rack.direct = Some(true);

    let with_record = |c: Component, f: &dyn Fn(&mut SbomComponent)| {
        let mut s = SbomComponent::new(c);
        f(&mut s);
        s
    };
    let components = vec![
        with_record(serde, &|s| {
            s.supplier = Some("The Serde developers".to_owned());
            s.license = Some("MIT OR Apache-2.0".to_owned());
            s.description = Some("Serialisation of the JSON output".to_owned());
            s.support_level = Some("actively maintained".to_owned());
            s.end_of_support = Some("2028-12-31".to_owned());
            s.soup_id = Some("SOUP-001".to_owned());
        }),
        with_record(memchr, &|s| {
            s.license = Some("Unlicense/MIT".to_owned());
            s.soup_id = Some("SOUP-001".to_owned());
        }),
        SbomComponent::new(babel),
        with_record(requests, &|s| {
            s.supplier = Some("Python Software Foundation".to_owned());
            s.license = Some("Apache-2.0".to_owned());
            s.support_level = Some("community".to_owned());
            s.end_of_support = Some("unknown".to_owned());
            s.soup_id = Some("SOUP-002".to_owned());
        }),
        SbomComponent::new(net),
        SbomComponent::new(monolog),
        SbomComponent::new(rack),
    ];
    let edges = vec![(0, 1), (3, 4), (2, 1), (6, 5)];
    (components, edges)
}

/// The input every test starts from.
fn input<'a>(components: &'a [SbomComponent], edges: &'a [(usize, usize)]) -> SbomInput<'a> {
    SbomInput {
        project: "infusion-pump",
        version: Some("2.1.0"),
        timestamp: Some("2026-03-01T12:00:00Z"),
        tool_version: TOOL,
        components,
        dependencies: edges,
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}
