//! Properties over arbitrary input: checksum reading never panics and agrees across forms,
//! and any components (names, versions, suppliers, licences in any script, any graph) give
//! documents that validate and do not depend on the order of the input.

use medtrace_sbom::{
    Checksum, CycloneDxVersion, HashAlgorithm, SbomComponent, SbomInput, cyclonedx, spdx,
};
use medtrace_soup::{Ecosystem, Scope};
use proptest::collection::vec;
use proptest::prelude::*;

use crate::schema::check_all;
use crate::{TOOL, component};

fn ecosystem() -> impl Strategy<Value = Ecosystem> {
    prop_oneof![
        Just(Ecosystem::Cargo),
        Just(Ecosystem::Npm),
        Just(Ecosystem::PyPi),
        Just(Ecosystem::Go),
        Just(Ecosystem::RubyGems),
        Just(Ecosystem::Packagist),
    ]
}

fn scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        Just(Scope::Runtime),
        Just(Scope::Dev),
        Just(Scope::Build),
        Just(Scope::Optional),
    ]
}

/// Standard base64 with padding, to write SRI strings from digests.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A component with arbitrary text wherever the writers copy text through.
fn sbom_component() -> impl Strategy<Value = SbomComponent> {
    let checksums = vec(
        prop_oneof![
            "\\PC{0,30}",
            "[0-9a-f]{64}",
            "sha256:[0-9a-fA-F]{64}",
            "sha1-[A-Za-z0-9+/]{27}=",
        ],
        0..3,
    );
    let text = proptest::option::of("\\PC{0,16}");
    // A small pool of purls and sources as well, so that inputs often merge.
    let purl = prop_oneof!["pkg:\\PC{0,24}", "pkg:npm/[xy]@1"];
    let source = prop_oneof!["\\PC{0,16}", "git\\+https://example.com/[ab]"];
    (
        (ecosystem(), "\\PC{0,16}", "[0-9a-zA-Z.+~-]{0,10}", purl),
        (scope(), proptest::option::of(any::<bool>()), checksums),
        (text.clone(), text.clone(), text.clone(), text.clone()),
        (text.clone(), text, proptest::option::of(source)),
    )
        .prop_map(|(identity, lock, record, more)| {
            let (ecosystem, name, version, purl) = identity;
            let mut c = component(ecosystem, &name, &version, &purl);
            (c.scope, c.direct, c.checksums) = lock;
            c.source = more.2;
            let mut s = SbomComponent::new(c);
            (s.supplier, s.license, s.description, s.support_level) = record;
            (s.end_of_support, s.soup_id) = (more.0, more.1);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn checksum_reading_never_panics(text in "\\PC{0,200}", ecosystem in ecosystem()) {
        for c in Checksum::parse(&text, ecosystem) {
            prop_assert!(c.hex.len() >= 32 && c.hex.len() % 2 == 0);
            prop_assert!(c.hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        }
    }

    #[test]
    fn sri_and_hex_forms_agree(digest in vec(any::<u8>(), 64)) {
        let expected = vec![Checksum { algorithm: HashAlgorithm::Sha512, hex: hex(&digest) }];
        let sri = format!("sha512-{}", base64(&digest));
        prop_assert_eq!(Checksum::parse(&sri, Ecosystem::Npm), expected.clone());
        let upper = format!("SHA512:{}", hex(&digest).to_ascii_uppercase());
        prop_assert_eq!(Checksum::parse(&upper, Ecosystem::PyPi), expected);
    }
}

proptest! {
    // Each case validates three documents against the schemas.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_components_give_valid_documents_in_any_order(
        components in vec(sbom_component(), 0..7),
        edges in vec((0..9usize, 0..9usize), 0..12),
        project in "\\PC{0,20}".prop_filter("not a purl", |p| !p.starts_with("pkg:")),
        version in proptest::option::of("\\PC{0,8}"),
        timestamp in proptest::option::of(Just("2026-03-01T12:00:00Z")),
    ) {
        let input = SbomInput {
            project: &project,
            version: version.as_deref(),
            timestamp,
            tool_version: TOOL,
            components: &components,
            dependencies: &edges,
        };
        check_all(&input);

        let n = components.len();
        let reversed: Vec<SbomComponent> = components.iter().rev().cloned().collect();
        let flipped: Vec<(usize, usize)> = edges
            .iter()
            .rev()
            .map(|&(a, b)| (if a < n { n - 1 - a } else { a }, if b < n { n - 1 - b } else { b }))
            .collect();
        let other = SbomInput { components: &reversed, dependencies: &flipped, ..input };
        prop_assert_eq!(spdx(&input), spdx(&other));
        prop_assert_eq!(
            cyclonedx(&input, CycloneDxVersion::V1_6),
            cyclonedx(&other, CycloneDxVersion::V1_6)
        );
    }
}
