//! CycloneDX 1.5 and 1.6 JSON.
//!
//! The document is a tree of structs, not a `serde_json::Value`: field order is the
//! declaration order whatever features serde_json is built with, and it follows the order of
//! the CycloneDX schema.

use medtrace_soup::Scope;
use serde::Serialize;

use crate::prepare::{Entry, prepare};
use crate::sha1::{URL_NAMESPACE, uuid_v5};
use crate::{CycloneDxVersion, SbomInput};

#[derive(Serialize)]
struct Bom<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "bomFormat")]
    bom_format: &'static str,
    #[serde(rename = "specVersion")]
    spec_version: &'static str,
    #[serde(rename = "serialNumber", skip_serializing_if = "String::is_empty")]
    serial_number: String,
    version: u32,
    metadata: Metadata<'a>,
    components: Vec<Component<'a>>,
    dependencies: Vec<Dependency<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<&'a str>,
    tools: Tools<'a>,
    component: Root<'a>,
}

#[derive(Serialize)]
struct Tools<'a> {
    components: [Tool<'a>; 1],
}

#[derive(Serialize)]
struct Tool<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Root<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Component<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Supplier<'a>>,
    name: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    scope: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<License<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property<'a>>,
}

#[derive(Serialize)]
struct Supplier<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Hash<'a> {
    alg: &'static str,
    content: &'a str,
}

#[derive(Serialize)]
struct License<'a> {
    expression: &'a str,
}

#[derive(Serialize)]
struct Property<'a> {
    name: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct Dependency<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    #[serde(rename = "dependsOn")]
    depends_on: Vec<&'a str>,
}

/// The CycloneDX `scope`: what ships is required, an optional extra is optional, and
/// development and build tools are excluded (present for the record, not in the product).
fn scope(scope: Scope) -> &'static str {
    match scope {
        Scope::Runtime => "required",
        Scope::Optional => "optional",
        Scope::Dev | Scope::Build => "excluded",
    }
}

fn component<'a>(e: &'a Entry<'_>) -> Component<'a> {
    let properties = [
        ("medtrace:end-of-support", e.end_of_support),
        ("medtrace:soup-id", e.soup_id),
        ("medtrace:source", e.source),
        ("medtrace:support-level", e.support_level),
    ]
    .into_iter()
    .filter_map(|(name, value)| {
        Some(Property {
            name,
            value: value?,
        })
    })
    .collect();
    Component {
        kind: "library",
        bom_ref: &e.reference,
        supplier: e.supplier.map(|name| Supplier { name }),
        name: e.name,
        version: e.version,
        description: e.description,
        scope: scope(e.scope),
        hashes: e
            .checksums
            .iter()
            .map(|c| Hash {
                alg: c.algorithm.cyclonedx_name(),
                content: &c.hex,
            })
            .collect(),
        licenses: e
            .license
            .as_deref()
            .map(|expression| License { expression })
            .into_iter()
            .collect(),
        purl: e.purl,
        properties,
    }
}

/// The project's `bom-ref`: its name and version (not a purl, so it does not clash with a
/// component's), and never empty, which the schema forbids.
fn root_reference(input: &SbomInput<'_>) -> String {
    match (input.project, input.version) {
        ("", None) => "project".to_owned(),
        (project, Some(version)) => format!("{project}@{version}"),
        (project, None) => project.to_owned(),
    }
}

// implements: SRS-042
/// Writes a CycloneDX BOM (JSON, two-space indented, with a final newline): the project as
/// `metadata.component`, medtrace as the tool, one `library` component per package URL
/// sorted by it, with hashes, licence expression, supplier, scope and the properties
/// `medtrace:end-of-support`, `medtrace:soup-id`, `medtrace:source` (a git or path source
/// instead of the registry) and `medtrace:support-level`, and a
/// `dependencies` entry for the project and for every component (an empty `dependsOn` says
/// it has none). The serial number is the version 5 UUID (URL namespace) of the rest of the
/// document, so equal BOMs share it and any difference changes it.
pub fn cyclonedx(input: &SbomInput<'_>, spec: CycloneDxVersion) -> String {
    let prepared = prepare(input);
    let root = root_reference(input);
    let entries = &prepared.entries;
    let mut dependencies = vec![Dependency {
        reference: &root,
        depends_on: prepared
            .root_depends_on
            .iter()
            .map(|&n| entries[n].reference.as_str())
            .collect(),
    }];
    dependencies.extend(entries.iter().zip(&prepared.depends_on).map(|(e, deps)| {
        Dependency {
            reference: &e.reference,
            depends_on: deps
                .iter()
                .map(|&n| entries[n].reference.as_str())
                .collect(),
        }
    }));
    let mut bom = Bom {
        schema: match spec {
            CycloneDxVersion::V1_5 => "http://cyclonedx.org/schema/bom-1.5.schema.json",
            CycloneDxVersion::V1_6 => "http://cyclonedx.org/schema/bom-1.6.schema.json",
        },
        bom_format: "CycloneDX",
        spec_version: spec.as_str(),
        serial_number: String::new(),
        version: 1,
        metadata: Metadata {
            timestamp: input.timestamp,
            tools: Tools {
                components: [Tool {
                    kind: "application",
                    name: "medtrace",
                    version: input.tool_version,
                }],
            },
            component: Root {
                kind: "application",
                bom_ref: &root,
                name: input.project,
                version: input.version,
            },
        },
        components: entries.iter().map(component).collect(),
        dependencies,
    };
    bom.serial_number = format!(
        "urn:uuid:{}",
        uuid_v5(&URL_NAMESPACE, &to_json(&bom, false))
    );
    let mut text = to_json(&bom, true);
    text.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(text).unwrap_or_default()
}

/// Serialises a document built of plain structs and strings, which cannot fail.
pub(crate) fn to_json<T: Serialize>(value: &T, pretty: bool) -> Vec<u8> {
    let result = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    };
    // Only maps with non-string keys and failing `Serialize` impls make serde_json fail;
    // these documents have neither.
    result.unwrap_or_default()
}
