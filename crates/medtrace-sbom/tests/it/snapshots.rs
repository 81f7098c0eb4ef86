//! A small SBOM in each format, whole: two crates, one edge, one SOUP record.

use medtrace_sbom::{CycloneDxVersion, SbomComponent, SbomInput, cyclonedx, spdx};
use medtrace_soup::Ecosystem;

use crate::{TOOL, component};

fn small() -> Vec<SbomComponent> {
    let mut serde = component(
        Ecosystem::Cargo,
        "serde",
        "1.0.229",
        "pkg:cargo/serde@1.0.229",
    );
    serde.checksums =
        vec!["4148590afebada386688f18773da617792bf2ef03ffc1e4cbd2b1d45b023e0ba".to_owned()];
    serde.direct = Some(true);
    let mut serde = SbomComponent::new(serde);
    serde.supplier = Some("The Serde developers".to_owned());
    serde.license = Some("MIT OR Apache-2.0".to_owned());
    serde.description = Some("Serialisation of the JSON output".to_owned());
    serde.support_level = Some("actively maintained".to_owned());
    serde.end_of_support = Some("2028-12-31".to_owned());
    serde.soup_id = Some("SOUP-001".to_owned());
    let mut derive = component(
        Ecosystem::Cargo,
        "serde_derive",
        "1.0.229",
        "pkg:cargo/serde_derive@1.0.229",
    );
    derive.direct = Some(false);
    vec![serde, SbomComponent::new(derive)]
}

fn input(components: &[SbomComponent]) -> SbomInput<'_> {
    SbomInput {
        project: "infusion-pump",
        version: Some("2.1.0"),
        timestamp: Some("2026-03-01T12:00:00Z"),
        tool_version: TOOL,
        components,
        dependencies: &[(0, 1)],
    }
}

#[test]
fn small_cyclonedx_1_6() {
    let components = small();
    insta::assert_snapshot!(cyclonedx(&input(&components), CycloneDxVersion::V1_6));
}

#[test]
fn small_spdx_2_3() {
    let components = small();
    insta::assert_snapshot!(spdx(&input(&components)));
}
