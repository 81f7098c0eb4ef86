//! SPDX 2.3 JSON.

use std::collections::BTreeSet;

use medtrace_soup::Scope;
use serde::Serialize;

use crate::SbomInput;
use crate::cyclonedx::to_json;
use crate::prepare::{Entry, prepare};
use crate::sha1::{URL_NAMESPACE, uuid_v5};
use crate::time::spdx_date;

/// The `created` date written when no timestamp is given: SPDX requires one, and a fixed
/// value keeps the output reproducible. It is the Unix epoch, which no reader will take for
/// a real date.
pub const SPDX_DEFAULT_CREATED: &str = "1970-01-01T00:00:00Z";

const NOASSERTION: &str = "NOASSERTION";

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "spdxVersion")]
    spdx_version: &'static str,
    #[serde(rename = "dataLicense")]
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    name: &'a str,
    #[serde(rename = "documentNamespace", skip_serializing_if = "String::is_empty")]
    document_namespace: String,
    #[serde(rename = "creationInfo")]
    creation_info: CreationInfo<'a>,
    packages: Vec<Package<'a>>,
    relationships: Vec<Relationship<'a>>,
}

#[derive(Serialize)]
struct CreationInfo<'a> {
    created: &'a str,
    creators: [String; 1],
}

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "SPDXID")]
    spdx_id: &'a str,
    name: &'a str,
    #[serde(rename = "versionInfo", skip_serializing_if = "Option::is_none")]
    version_info: Option<&'a str>,
    supplier: String,
    #[serde(rename = "downloadLocation")]
    download_location: &'static str,
    #[serde(rename = "filesAnalyzed")]
    files_analyzed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checksums: Vec<Checksum<'a>>,
    #[serde(rename = "licenseConcluded")]
    license_concluded: &'a str,
    #[serde(rename = "licenseDeclared")]
    license_declared: &'a str,
    #[serde(rename = "copyrightText")]
    copyright_text: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "String::is_empty")]
    comment: String,
    #[serde(rename = "externalRefs", skip_serializing_if = "Vec::is_empty")]
    external_refs: Vec<ExternalRef<'a>>,
    #[serde(rename = "primaryPackagePurpose")]
    primary_package_purpose: &'static str,
    #[serde(rename = "validUntilDate", skip_serializing_if = "Option::is_none")]
    valid_until_date: Option<String>,
}

#[derive(Serialize)]
struct Checksum<'a> {
    algorithm: &'static str,
    #[serde(rename = "checksumValue")]
    checksum_value: &'a str,
}

#[derive(Serialize)]
struct ExternalRef<'a> {
    #[serde(rename = "referenceCategory")]
    reference_category: &'static str,
    #[serde(rename = "referenceType")]
    reference_type: &'static str,
    #[serde(rename = "referenceLocator")]
    reference_locator: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Relationship<'a> {
    #[serde(rename = "spdxElementId")]
    spdx_element_id: &'a str,
    #[serde(rename = "relationshipType")]
    relationship_type: &'static str,
    #[serde(rename = "relatedSpdxElement")]
    related_spdx_element: &'a str,
}

/// `text` with every character an SPDX ID (`[A-Za-z0-9.-]`) or a URI path segment cannot
/// hold replaced by `-`.
fn sanitise(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// One SPDX ID per entry, `SPDXRef-Package-<type>-<name>-<version>` sanitised, with `-2`,
/// `-3`… appended in entry order where sanitising made two alike (`@a/b` and `a-b`).
fn package_ids(entries: &[Entry<'_>]) -> Vec<String> {
    let mut used = BTreeSet::new();
    entries
        .iter()
        .map(|e| {
            let base = sanitise(&format!(
                "SPDXRef-Package-{}-{}-{}",
                e.ecosystem.purl_type(),
                e.name,
                e.version
            ));
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// The package comment: the FDA fields, the SOUP record ID and a non-registry source, which
/// SPDX 2.3 has no field for, in the property names the CycloneDX writer uses, and the scope
/// when the component does not ship.
fn comment(e: &Entry<'_>) -> String {
    let scope = match e.scope {
        Scope::Runtime => None,
        Scope::Optional => Some("optional"),
        Scope::Build => Some("build"),
        Scope::Dev => Some("dev"),
    };
    let lines = [
        ("medtrace:end-of-support", e.end_of_support),
        ("medtrace:scope", scope),
        ("medtrace:soup-id", e.soup_id),
        ("medtrace:source", e.source),
        ("medtrace:support-level", e.support_level),
    ];
    let lines: Vec<String> = lines
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", value?)))
        .collect();
    lines.join("\n")
}

fn package<'a>(e: &'a Entry<'_>, id: &'a str) -> Package<'a> {
    let license = e.license.as_deref().unwrap_or(NOASSERTION);
    Package {
        spdx_id: id,
        name: e.name,
        version_info: Some(e.version),
        supplier: e
            .supplier
            .map_or_else(|| NOASSERTION.to_owned(), |s| format!("Organization: {s}")),
        download_location: NOASSERTION,
        files_analyzed: false,
        checksums: e
            .checksums
            .iter()
            .map(|c| Checksum {
                algorithm: c.algorithm.spdx_name(),
                checksum_value: &c.hex,
            })
            .collect(),
        license_concluded: license,
        license_declared: license,
        copyright_text: NOASSERTION,
        description: e.description,
        comment: comment(e),
        external_refs: e
            .purl
            .map(|purl| ExternalRef {
                reference_category: "PACKAGE-MANAGER",
                reference_type: "purl",
                reference_locator: purl,
            })
            .into_iter()
            .collect(),
        primary_package_purpose: "LIBRARY",
        valid_until_date: e.end_of_support.and_then(spdx_date),
    }
}

/// The relationship from the project to a component it depends on directly. A dependency
/// that does not ship points the other way with SPDX's typed relationship, so a consumer
/// following `DEPENDS_ON` from the project finds only what is in the product.
fn root_relationship<'a>(root: &'a str, id: &'a str, scope: Scope) -> Relationship<'a> {
    let from_component = |relationship_type| Relationship {
        spdx_element_id: id,
        relationship_type,
        related_spdx_element: root,
    };
    match scope {
        Scope::Runtime => Relationship {
            spdx_element_id: root,
            relationship_type: "DEPENDS_ON",
            related_spdx_element: id,
        },
        Scope::Optional => from_component("OPTIONAL_DEPENDENCY_OF"),
        Scope::Build => from_component("BUILD_DEPENDENCY_OF"),
        Scope::Dev => from_component("DEV_DEPENDENCY_OF"),
    }
}

// implements: SRS-042
/// Writes an SPDX 2.3 document (JSON, two-space indented, with a final newline): the
/// project as the package the document `DESCRIBES`, one package per package URL sorted by
/// it (purl as a `PACKAGE-MANAGER` external reference, checksums, licence expression as
/// both declared and concluded or `NOASSERTION`, supplier as `Organization: …` or
/// `NOASSERTION`, the end of support as `validUntilDate` when it is a date), the FDA fields
/// and SOUP ID as `medtrace:…=…` lines in the package comment, and the dependency graph as
/// relationships sorted after the `DESCRIBES`. `created` is the timestamp or
/// [`SPDX_DEFAULT_CREATED`]; the document namespace is
/// `https://spdx.org/spdxdocs/<project>-<version>-<uuid>`, the UUID (version 5, URL
/// namespace) taken over the rest of the document.
pub fn spdx(input: &SbomInput<'_>) -> String {
    let prepared = prepare(input);
    let entries = &prepared.entries;
    let ids = package_ids(entries);
    let title = match input.version {
        Some(version) => format!("{}-{version}", input.project),
        None => input.project.to_owned(),
    };
    let slug = sanitise(&title);
    let root_id = format!("SPDXRef-Project-{}", sanitise(input.project));

    let mut packages = vec![Package {
        spdx_id: &root_id,
        name: input.project,
        version_info: input.version,
        supplier: NOASSERTION.to_owned(),
        download_location: NOASSERTION,
        files_analyzed: false,
        checksums: Vec::new(),
        license_concluded: NOASSERTION,
        license_declared: NOASSERTION,
        copyright_text: NOASSERTION,
        description: None,
        comment: String::new(),
        external_refs: Vec::new(),
        primary_package_purpose: "APPLICATION",
        valid_until_date: None,
    }];
    packages.extend(entries.iter().zip(&ids).map(|(e, id)| package(e, id)));

    let mut relationships: Vec<Relationship<'_>> = prepared
        .root_depends_on
        .iter()
        .map(|&n| root_relationship(&root_id, &ids[n], entries[n].scope))
        .collect();
    for (from, deps) in prepared.depends_on.iter().enumerate() {
        relationships.extend(deps.iter().map(|&to| Relationship {
            spdx_element_id: &ids[from],
            relationship_type: "DEPENDS_ON",
            related_spdx_element: &ids[to],
        }));
    }
    relationships.sort();
    relationships.insert(
        0,
        Relationship {
            spdx_element_id: "SPDXRef-DOCUMENT",
            relationship_type: "DESCRIBES",
            related_spdx_element: &root_id,
        },
    );

    let mut document = Document {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        spdx_id: "SPDXRef-DOCUMENT",
        name: &title,
        document_namespace: String::new(),
        creation_info: CreationInfo {
            created: input.timestamp.unwrap_or(SPDX_DEFAULT_CREATED),
            creators: [format!("Tool: medtrace-{}", input.tool_version)],
        },
        packages,
        relationships,
    };
    let uuid = uuid_v5(&URL_NAMESPACE, &to_json(&document, false));
    document.document_namespace = format!("https://spdx.org/spdxdocs/{slug}-{uuid}");
    let mut text = to_json(&document, true);
    text.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(text).unwrap_or_default()
}
