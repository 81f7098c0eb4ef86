//! What each document says about the components: the project's direct dependencies, scopes,
//! licences, suppliers and the FDA fields.

use medtrace_sbom::{CycloneDxVersion, SbomComponent, SbomInput, cyclonedx, spdx};
use medtrace_soup::{Ecosystem, Scope};
use serde_json::{Value, json};

use crate::{TOOL, component, input, parse, project};

fn by<'v>(list: &'v Value, key: &str, value: &str) -> &'v Value {
    list.as_array()
        .into_iter()
        .flatten()
        .find(|v| v[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

#[test]
fn cyclonedx_dependencies_follow_the_lockfile() {
    let (components, edges) = project();
    let bom = parse(&cyclonedx(
        &input(&components, &edges),
        CycloneDxVersion::V1_6,
    ));
    let deps = &bom["dependencies"];
    // The direct ones; golang.org/x/net and monolog/monolog, which the lockfile calls
    // neither direct nor transitive, are needed by requests and rack.
    assert_eq!(
        by(deps, "ref", "infusion-pump@2.1.0")["dependsOn"],
        json!([
            "pkg:cargo/serde@1.0.229",
            "pkg:gem/rack@3.1.8",
            "pkg:npm/%40babel/core@7.26.0",
            "pkg:pypi/requests@2.32.3",
        ])
    );
    assert_eq!(
        by(deps, "ref", "pkg:pypi/requests@2.32.3")["dependsOn"],
        json!(["pkg:golang/golang.org/x/net@v0.33.0"])
    );
    assert_eq!(
        by(deps, "ref", "pkg:cargo/memchr@2.8.3")["dependsOn"],
        json!([])
    );
}

#[test]
fn cyclonedx_components_carry_scope_licence_supplier_and_record_fields() {
    let (components, edges) = project();
    let bom = parse(&cyclonedx(
        &input(&components, &edges),
        CycloneDxVersion::V1_6,
    ));
    let list = &bom["components"];
    let scope = |name: &str| by(list, "name", name)["scope"].clone();
    assert_eq!(scope("serde"), "required");
    assert_eq!(scope("rack"), "optional");
    assert_eq!(scope("@babel/core"), "excluded");
    assert_eq!(scope("golang.org/x/net"), "excluded");

    let serde = by(list, "name", "serde");
    assert_eq!(serde["supplier"], json!({ "name": "The Serde developers" }));
    assert_eq!(
        serde["licenses"],
        json!([{ "expression": "MIT OR Apache-2.0" }])
    );
    assert_eq!(serde["description"], "Serialisation of the JSON output");
    assert_eq!(
        serde["properties"],
        json!([
            { "name": "medtrace:end-of-support", "value": "2028-12-31" },
            { "name": "medtrace:soup-id", "value": "SOUP-001" },
            { "name": "medtrace:support-level", "value": "actively maintained" },
        ])
    );
    // Cargo's legacy separator; the lockfile's own licence when the record has none.
    assert_eq!(
        by(list, "name", "memchr")["licenses"],
        json!([{ "expression": "Unlicense OR MIT" }])
    );
    assert_eq!(
        by(list, "name", "monolog/monolog")["licenses"],
        json!([{ "expression": "MIT" }])
    );
    let rack = by(list, "name", "rack");
    for absent in [
        "licenses",
        "supplier",
        "properties",
        "hashes",
        "description",
    ] {
        assert!(rack.get(absent).is_none(), "{absent} in {rack}");
    }
}

#[test]
fn spdx_relationships_type_what_does_not_ship() {
    let (components, edges) = project();
    let document = parse(&spdx(&input(&components, &edges)));
    let relationships: Vec<String> = document["relationships"]
        .as_array()
        .expect("relationships")
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["spdxElementId"].as_str().unwrap_or_default(),
                r["relationshipType"].as_str().unwrap_or_default(),
                r["relatedSpdxElement"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        relationships,
        [
            "SPDXRef-DOCUMENT DESCRIBES SPDXRef-Project-infusion-pump",
            "SPDXRef-Package-cargo-serde-1.0.229 DEPENDS_ON SPDXRef-Package-cargo-memchr-2.8.3",
            "SPDXRef-Package-gem-rack-3.1.8 DEPENDS_ON SPDXRef-Package-composer-monolog-monolog-3.8.1",
            "SPDXRef-Package-gem-rack-3.1.8 OPTIONAL_DEPENDENCY_OF SPDXRef-Project-infusion-pump",
            "SPDXRef-Package-npm--babel-core-7.26.0 DEPENDS_ON SPDXRef-Package-cargo-memchr-2.8.3",
            "SPDXRef-Package-npm--babel-core-7.26.0 DEV_DEPENDENCY_OF SPDXRef-Project-infusion-pump",
            "SPDXRef-Package-pypi-requests-2.32.3 DEPENDS_ON SPDXRef-Package-golang-golang.org-x-net-v0.33.0",
            "SPDXRef-Project-infusion-pump DEPENDS_ON SPDXRef-Package-cargo-serde-1.0.229",
            "SPDXRef-Project-infusion-pump DEPENDS_ON SPDXRef-Package-pypi-requests-2.32.3",
        ]
    );
}

#[test]
fn spdx_packages_carry_the_record_fields() {
    let (components, edges) = project();
    let document = parse(&spdx(&input(&components, &edges)));
    let packages = &document["packages"];
    let serde = by(packages, "name", "serde");
    assert_eq!(serde["supplier"], "Organization: The Serde developers");
    assert_eq!(serde["licenseDeclared"], "MIT OR Apache-2.0");
    assert_eq!(serde["licenseConcluded"], "MIT OR Apache-2.0");
    assert_eq!(serde["validUntilDate"], "2028-12-31T00:00:00Z");
    assert_eq!(
        serde["comment"],
        "medtrace:end-of-support=2028-12-31\nmedtrace:soup-id=SOUP-001\nmedtrace:support-level=actively maintained"
    );
    assert_eq!(
        serde["externalRefs"],
        json!([{
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": "pkg:cargo/serde@1.0.229",
        }])
    );
    // "unknown" is no date: it stays in the comment only.
    let requests = by(packages, "name", "requests");
    assert!(requests.get("validUntilDate").is_none(), "{requests}");
    let rack = by(packages, "name", "rack");
    assert_eq!(rack["supplier"], "NOASSERTION");
    assert_eq!(rack["licenseDeclared"], "NOASSERTION");
    assert_eq!(rack["comment"], "medtrace:scope=optional");
    assert_eq!(packages[0]["primaryPackagePurpose"], "APPLICATION");
    assert_eq!(packages[0]["versionInfo"], "2.1.0");
}

#[test]
fn duplicates_merge_to_the_widest_scope_and_every_checksum() {
    // The same crate in a dev-only lockfile and in the product's lockfile.
    let mut dev = component(
        Ecosystem::Cargo,
        "serde",
        "1.0.229",
        "pkg:cargo/serde@1.0.229",
    );
    dev.scope = Scope::Dev;
    dev.checksums =
        vec!["sha256:4148590afebada386688f18773da617792bf2ef03ffc1e4cbd2b1d45b023e0ba".to_owned()];
    let mut runtime = dev.clone();
    runtime.scope = Scope::Runtime;
    runtime.checksums =
        vec!["sha512-i1SLeK+DzNnQ3LL/CswPCa/E5u4lh1k6IAEphON8F+cXt0t9euTshDru0q7/IqMa1PMPz5RnHuHscF8/ZJsStg==".to_owned()];
    let components = [SbomComponent::new(dev), SbomComponent::new(runtime)];
    let input = SbomInput {
        project: "p",
        version: None,
        timestamp: None,
        tool_version: TOOL,
        components: &components,
        dependencies: &[(0, 1), (1, 0)],
    };
    let bom = parse(&cyclonedx(&input, CycloneDxVersion::V1_5));
    let list = bom["components"].as_array().expect("components");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["scope"], "required");
    let algorithms: Vec<&Value> = list[0]["hashes"]
        .as_array()
        .expect("hashes")
        .iter()
        .map(|h| &h["alg"])
        .collect();
    assert_eq!(algorithms, [&json!("SHA-256"), &json!("SHA-512")]);
    // The two copies depending on each other is no edge at all.
    assert_eq!(bom["dependencies"][1]["dependsOn"], json!([]));
    assert_eq!(
        bom["dependencies"][0]["dependsOn"],
        json!(["pkg:cargo/serde@1.0.229"])
    );
}

#[test]
fn the_project_depends_on_what_nothing_else_needs_when_directness_is_unknown() {
    // requirements.txt says nothing about directness: a and b are the roots, c is not.
    let c = |name: &str| {
        SbomComponent::new(component(
            Ecosystem::PyPi,
            name,
            "1.0",
            &format!("pkg:pypi/{name}@1.0"),
        ))
    };
    let components = [c("a"), c("b"), c("c")];
    let input = SbomInput {
        project: "p",
        version: None,
        timestamp: None,
        tool_version: TOOL,
        components: &components,
        dependencies: &[(0, 2), (1, 2)],
    };
    let bom = parse(&cyclonedx(&input, CycloneDxVersion::V1_6));
    assert_eq!(
        bom["dependencies"][0],
        json!({ "ref": "p", "dependsOn": ["pkg:pypi/a@1.0", "pkg:pypi/b@1.0"] })
    );
}
