//! Every document validates against the official schema of its format and version, with
//! `format` assertions on, and holds the invariants the schemas cannot state (unique
//! references, references that resolve, SPDX ID syntax).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use jsonschema::{Retrieve, Uri, Validator};
use medtrace_sbom::{CycloneDxVersion, SbomComponent, SbomInput, cyclonedx, spdx};
use medtrace_soup::{Ecosystem, Scope};
use serde_json::Value;

use crate::{TOOL, component, input, parse, project};

fn schema_file(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Serves the schemas the CycloneDX schemas `$ref` (`spdx.SNAPSHOT.schema.json`,
/// `jsf-0.82.SNAPSHOT.schema.json`, relative to `http://cyclonedx.org/schema/`) from
/// `tests/schemas/`, and refuses everything else: no test touches the network.
struct LocalSchemas;

impl Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.as_str() {
            "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json" => {
                Ok(schema_file("spdx.SNAPSHOT.schema.json"))
            }
            "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json" => {
                Ok(schema_file("jsf-0.82.SNAPSHOT.schema.json"))
            }
            other => Err(format!("no local copy of {other}").into()),
        }
    }
}

fn build(file: &str) -> Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .with_retriever(LocalSchemas)
        .build(&schema_file(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn validator(spec: Option<CycloneDxVersion>) -> &'static Validator {
    static V1_5: OnceLock<Validator> = OnceLock::new();
    static V1_6: OnceLock<Validator> = OnceLock::new();
    static SPDX: OnceLock<Validator> = OnceLock::new();
    match spec {
        Some(CycloneDxVersion::V1_5) => V1_5.get_or_init(|| build("bom-1.5.SNAPSHOT.schema.json")),
        Some(CycloneDxVersion::V1_6) => V1_6.get_or_init(|| build("bom-1.6.SNAPSHOT.schema.json")),
        None => SPDX.get_or_init(|| build("spdx-2.3.schema.json")),
    }
}

fn errors(validator: &Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Writes both CycloneDX versions and SPDX for `input` and checks each against its schema
/// and the invariants beyond it.
pub(crate) fn check_all(input: &SbomInput<'_>) {
    for spec in [CycloneDxVersion::V1_5, CycloneDxVersion::V1_6] {
        let text = cyclonedx(input, spec);
        let bom = parse(&text);
        assert_eq!(
            errors(validator(Some(spec)), &bom),
            Vec::<String>::new(),
            "{text}"
        );
        check_cyclonedx_references(&bom);
    }
    let text = spdx(input);
    let document = parse(&text);
    assert_eq!(
        errors(validator(None), &document),
        Vec::<String>::new(),
        "{text}"
    );
    check_spdx_references(&document);
}

fn strings<'v>(values: impl IntoIterator<Item = &'v Value>) -> Vec<&'v str> {
    values
        .into_iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("not a string: {v}")))
        .collect()
}

/// `bom-ref`s are unique, every component has a `dependencies` entry, and every `ref` and
/// `dependsOn` names a `bom-ref`.
fn check_cyclonedx_references(bom: &Value) {
    let root = &bom["metadata"]["component"]["bom-ref"];
    let components = bom["components"].as_array().into_iter().flatten();
    let refs = strings(std::iter::once(root).chain(components.map(|c| &c["bom-ref"])));
    let unique: BTreeSet<&str> = refs.iter().copied().collect();
    assert_eq!(unique.len(), refs.len(), "duplicate bom-ref in {refs:?}");
    let dependencies = bom["dependencies"].as_array().expect("dependencies");
    let listed = strings(dependencies.iter().map(|d| &d["ref"]));
    assert_eq!(
        listed, refs,
        "one dependencies entry per component, in component order"
    );
    for d in dependencies {
        for target in strings(d["dependsOn"].as_array().expect("dependsOn")) {
            assert!(unique.contains(target), "dangling dependsOn {target}");
        }
    }
}

/// SPDX IDs have the syntax the spec requires and are unique, every relationship names
/// them, and `created` is the UTC form the spec requires (the schema checks neither).
fn check_spdx_references(document: &Value) {
    let packages = document["packages"].as_array().expect("packages");
    let ids = strings(packages.iter().map(|p| &p["SPDXID"]));
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate SPDXID in {ids:?}");
    for id in &ids {
        let rest = id.strip_prefix("SPDXRef-").expect(id);
        assert!(
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'),
            "bad SPDXID {id}"
        );
    }
    for r in document["relationships"].as_array().expect("relationships") {
        for end in strings([&r["spdxElementId"], &r["relatedSpdxElement"]]) {
            assert!(
                end == "SPDXRef-DOCUMENT" || unique.contains(end),
                "dangling {end}"
            );
        }
    }
    let created = document["creationInfo"]["created"]
        .as_str()
        .expect("created");
    let b = created.as_bytes();
    assert!(
        b.len() == 20
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                19 => *c == b'Z',
                _ => c.is_ascii_digit(),
            }),
        "created {created}"
    );
    let namespace = document["documentNamespace"].as_str().expect("namespace");
    assert!(namespace.starts_with("https://spdx.org/spdxdocs/") && !namespace.contains('#'));
    assert!(!namespace.contains(' '), "{namespace}");
}

#[test]
fn a_project_with_every_ecosystem_and_scope_validates() {
    let (components, edges) = project();
    check_all(&input(&components, &edges));
}

#[test]
fn a_project_without_components_version_or_timestamp_validates() {
    check_all(&SbomInput {
        project: "bare",
        version: None,
        timestamp: None,
        tool_version: TOOL,
        components: &[],
        dependencies: &[],
    });
}

#[test]
fn awkward_names_validate() {
    // Spaces, slashes and non-ASCII in the project; a component without a purl; an SPDX ID
    // collision after sanitising; duplicate purls; an edge out of range.
    let mut no_purl = component(Ecosystem::Npm, "local-lib", "0.0.1", "");
    no_purl.scope = Scope::Dev;
    let components = vec![
        SbomComponent::new(component(
            Ecosystem::Npm,
            "a_b",
            "1.0.0",
            "pkg:npm/a_b@1.0.0",
        )),
        SbomComponent::new(component(
            Ecosystem::Npm,
            "a-b",
            "1.0.0",
            "pkg:npm/a-b@1.0.0",
        )),
        SbomComponent::new(component(
            Ecosystem::Npm,
            "a-b",
            "1.0.0",
            "pkg:npm/a-b@1.0.0",
        )),
        SbomComponent::new(no_purl),
    ];
    let input = SbomInput {
        project: "Pompe à perfusion / UI",
        version: Some("1.0 beta"),
        timestamp: Some("2026-03-01T12:00:00Z"),
        tool_version: TOOL,
        components: &components,
        dependencies: &[(0, 1), (1, 2), (3, 0), (9, 0)],
    };
    check_all(&input);
    let document = parse(&spdx(&input));
    let ids = strings(
        document["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| &p["SPDXID"]),
    );
    assert_eq!(
        ids,
        [
            "SPDXRef-Project-Pompe---perfusion---UI",
            // No purl: its made-up reference sorts first.
            "SPDXRef-Package-npm-local-lib-0.0.1",
            // pkg:npm/a-b before pkg:npm/a_b, which takes the suffix.
            "SPDXRef-Package-npm-a-b-1.0.0",
            "SPDXRef-Package-npm-a-b-1.0.0-2",
        ]
    );
}

/// The validators are not vacuous: each rejects a document that breaks its schema, and the
/// retriever really serves the referenced schemas.
#[test]
fn the_validators_reject_broken_documents() {
    let (components, edges) = project();
    let input = input(&components, &edges);
    for spec in [CycloneDxVersion::V1_5, CycloneDxVersion::V1_6] {
        let mut bom = parse(&cyclonedx(&input, spec));
        bom["components"][0]["scope"] = Value::from("sometimes");
        bom["components"][1]["hashes"][0]["alg"] = Value::from("SHA-257");
        bom["metadata"]["timestamp"] = Value::from("yesterday");
        bom["components"][0]["licenses"] =
            serde_json::json!([{"license": {"id": "Not-A-Licence"}}]);
        let found = errors(validator(Some(spec)), &bom);
        for path in [
            "/components/0/scope",
            "/components/1/hashes/0/alg",
            "/metadata/timestamp",
            "/components/0/licenses",
        ] {
            assert!(
                found.iter().any(|e| e.starts_with(path)),
                "{path} not in {found:#?}"
            );
        }
        assert_eq!(found.len(), 4, "{found:#?}");
        // A licence ID from the SPDX list (in the referenced spdx schema) passes.
        bom["components"][0]["licenses"] = serde_json::json!([{"license": {"id": "MIT"}}]);
        assert_eq!(errors(validator(Some(spec)), &bom).len(), 3);
    }
    let mut document = parse(&spdx(&input));
    document["packages"][1]["checksums"][0]["algorithm"] = Value::from("SHA-256");
    document["relationships"][0]["relationshipType"] = Value::from("LIKES");
    document["dataLicense"] = Value::from(1);
    let found = errors(validator(None), &document);
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn a_purl_from_two_sources_is_two_components() {
    let registry = component(Ecosystem::Cargo, "log", "0.4.27", "pkg:cargo/log@0.4.27");
    let mut fork = registry.clone();
    fork.source = Some("git+https://github.com/example/log?branch=fix#0123abc".to_owned());
    let app = component(
        Ecosystem::Cargo,
        "app-core",
        "1.0.0",
        "pkg:cargo/app-core@1.0.0",
    );
    let components = [
        SbomComponent::new(fork),
        SbomComponent::new(app),
        SbomComponent::new(registry),
    ];
    let input = SbomInput {
        project: "p",
        version: None,
        timestamp: None,
        tool_version: TOOL,
        components: &components,
        dependencies: &[(1, 0), (1, 2)],
    };
    check_all(&input);
    let bom = parse(&cyclonedx(&input, CycloneDxVersion::V1_6));
    let refs = strings(
        bom["components"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| &c["bom-ref"]),
    );
    assert_eq!(
        refs,
        [
            "pkg:cargo/app-core@1.0.0",
            "pkg:cargo/log@0.4.27",
            "pkg:cargo/log@0.4.27 (git+https://github.com/example/log?branch=fix#0123abc)",
        ]
    );
    assert_eq!(bom["components"][2]["purl"], "pkg:cargo/log@0.4.27");
    assert_eq!(
        bom["components"][2]["properties"],
        serde_json::json!([{
            "name": "medtrace:source",
            "value": "git+https://github.com/example/log?branch=fix#0123abc",
        }])
    );
    assert_eq!(
        bom["dependencies"][1]["dependsOn"].as_array().map(Vec::len),
        Some(2)
    );
}
