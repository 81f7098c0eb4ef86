//! Checksums as lockfiles write them become CycloneDX and SPDX hashes: algorithm names per
//! format, base64 (SRI) converted to hex, forms that name no verifiable archive left out.
//! The expected hex values were computed independently (`base64.b64decode(…).hex()` in
//! Python; npm's own `shasum` for the SHA-1).

use medtrace_sbom::{Checksum, CycloneDxVersion, HashAlgorithm, cyclonedx, spdx};
use medtrace_soup::Ecosystem;
use serde_json::Value;

use crate::{input, parse, project};

const BABEL_SHA512: &str = "8b548b78af83ccd9d0dcb2ff0acc0f09afc4e6ee2587593a20012984e37c17e717b74b7d7ae4ec843aeed2aeff22a31ad4f30fcf94671ee1ec705f3f649b12b6";

fn one(text: &str, ecosystem: Ecosystem) -> Option<(HashAlgorithm, String)> {
    match Checksum::parse(text, ecosystem).as_slice() {
        [] => None,
        [c] => Some((c.algorithm, c.hex.clone())),
        more => panic!("{text}: {more:?}"),
    }
}

#[test]
fn sri_base64_becomes_hex() {
    let integrity = "sha512-i1SLeK+DzNnQ3LL/CswPCa/E5u4lh1k6IAEphON8F+cXt0t9euTshDru0q7/IqMa1PMPz5RnHuHscF8/ZJsStg==";
    assert_eq!(
        one(integrity, Ecosystem::Npm),
        Some((HashAlgorithm::Sha512, BABEL_SHA512.to_owned()))
    );
    // npm's `dist.shasum` for the same tarball, and the SRI form of it that yarn v1 writes.
    assert_eq!(
        one("sha1-14tgI8yPMRTM8EnrIZYT90p0e0A=", Ecosystem::Npm),
        Some((
            HashAlgorithm::Sha1,
            "d78b6023cc8f3114ccf049eb219613f74a747b40".to_owned()
        ))
    );
}

#[test]
fn an_sri_list_gives_every_hash() {
    let both = "sha512-i1SLeK+DzNnQ3LL/CswPCa/E5u4lh1k6IAEphON8F+cXt0t9euTshDru0q7/IqMa1PMPz5RnHuHscF8/ZJsStg==?opt \
                sha1-14tgI8yPMRTM8EnrIZYT90p0e0A=";
    let parsed = Checksum::parse(both, Ecosystem::Npm);
    let algorithms: Vec<HashAlgorithm> = parsed.iter().map(|c| c.algorithm).collect();
    assert_eq!(algorithms, [HashAlgorithm::Sha512, HashAlgorithm::Sha1]);
}

#[test]
fn hex_forms_are_lowercased_and_checked_for_length() {
    let hex = "70761CFE03C773CEB22AA2F671B4757976145175CDFCA038C02654D061D6DCC6";
    assert_eq!(
        one(&format!("sha256:{hex}"), Ecosystem::PyPi),
        Some((HashAlgorithm::Sha256, hex.to_ascii_lowercase()))
    );
    assert_eq!(
        one(&format!("SHA3-256:{hex}"), Ecosystem::PyPi).map(|(a, _)| a),
        Some(HashAlgorithm::Sha3_256)
    );
    // Bundler's CHECKSUMS section.
    assert_eq!(
        one(&format!("sha256={hex}"), Ecosystem::RubyGems),
        Some((HashAlgorithm::Sha256, hex.to_ascii_lowercase()))
    );
    assert_eq!(
        one(&format!("sha512:{hex}"), Ecosystem::PyPi),
        None,
        "too short"
    );
    assert_eq!(one("sha256:xyz", Ecosystem::PyPi), None);
    assert_eq!(one("sha256-AAAA", Ecosystem::Npm), None, "too short");
}

#[test]
fn bare_hex_only_where_the_lockfile_fixes_the_algorithm() {
    let cargo = "4148590afebada386688f18773da617792bf2ef03ffc1e4cbd2b1d45b023e0ba";
    assert_eq!(
        one(cargo, Ecosystem::Cargo),
        Some((HashAlgorithm::Sha256, cargo.to_owned()))
    );
    assert_eq!(one(cargo, Ecosystem::Npm), None);
    let composer = "d78b6023cc8f3114ccf049eb219613f74a747b40";
    assert_eq!(
        one(composer, Ecosystem::Packagist),
        Some((HashAlgorithm::Sha1, composer.to_owned()))
    );
    assert_eq!(one(composer, Ecosystem::Cargo), None);
}

#[test]
fn hashes_that_name_no_archive_are_left_out() {
    // go.sum's dirhash and Yarn Berry's cache checksum, and what is not a checksum at all.
    for text in [
        "h1:74SYHlV8BIgHIFC/LrYkOGIwL19eTYXQ5wc6TBuO36I=",
        "10c0/8b548b78af83ccd9d0dcb2ff0acc0f09afc4e6ee2587593a20012984e37c17e717b74b7d7ae4ec843aeed2aeff22a31ad4f30fcf94671ee1ec705f3f649b12b6",
        "",
        "md4:00000000000000000000000000000000",
    ] {
        assert_eq!(Checksum::parse(text, Ecosystem::Go), vec![], "{text}");
    }
}

fn find<'v>(list: &'v Value, key: &str, value: &str) -> &'v Value {
    list.as_array()
        .into_iter()
        .flatten()
        .find(|v| v[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

#[test]
fn documents_carry_the_converted_hashes() {
    let (components, edges) = project();
    let input = input(&components, &edges);
    let bom = parse(&cyclonedx(&input, CycloneDxVersion::V1_6));
    let babel = find(&bom["components"], "name", "@babel/core");
    assert_eq!(
        babel["hashes"],
        serde_json::json!([{ "alg": "SHA-512", "content": BABEL_SHA512 }])
    );
    let serde = find(&bom["components"], "name", "serde");
    assert_eq!(serde["hashes"][0]["alg"], "SHA-256");
    let net = find(&bom["components"], "name", "golang.org/x/net");
    assert!(net.get("hashes").is_none(), "{net}");

    let document = parse(&spdx(&input));
    let babel = find(&document["packages"], "name", "@babel/core");
    assert_eq!(
        babel["checksums"],
        serde_json::json!([{ "algorithm": "SHA512", "checksumValue": BABEL_SHA512 }])
    );
    let monolog = find(&document["packages"], "name", "monolog/monolog");
    assert_eq!(monolog["checksums"][0]["algorithm"], "SHA1");
}
