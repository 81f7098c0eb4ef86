//! SBOM writers: the SOUP components of a project as a CycloneDX 1.5 or 1.6 JSON BOM
//! ([`cyclonedx`]) or an SPDX 2.3 JSON document ([`spdx`]), with package URLs, hashes,
//! licences, suppliers, the dependency graph and the FDA fields (support level, end of
//! support) and the SOUP record ID. This crate sits after the lockfile readers
//! (`medtrace-soup`) and the SOUP records: the CLI merges the two into [`SbomComponent`]s and
//! writes what these functions return. Values in, JSON text out: no disk, no clock, no
//! randomness, and nothing rendered from a hash map. The same components, in any order,
//! give the same bytes; the timestamp is passed in (the caller honours
//! `SOURCE_DATE_EPOCH`, and [`iso8601_utc`] formats it), and the serial number and document
//! namespace are name-based UUIDs (version 5) of the document's own content.
//!
//! Components are identified by package URL and source: two inputs with the same purl from
//! the same place are one component (their checksums are merged, the widest scope wins, and
//! for other fields the first value in a fixed order of the inputs is kept), while a git
//! fork of a registry package at the same version stays a component of its own. Checksums that are not a recognised
//! `algorithm:hex` or SRI (`algorithm-base64`) form are left out rather than guessed at;
//! see [`Checksum::parse`].

mod checksum;
mod cyclonedx;
mod prepare;
mod project;
mod sha1;
mod spdx;
mod time;

pub use checksum::{Checksum, HashAlgorithm};
pub use cyclonedx::cyclonedx;
pub use project::components;
pub use spdx::{SPDX_DEFAULT_CREATED, spdx};
pub use time::iso8601_utc;

use medtrace_soup::Component;

/// This crate's version, for [`SbomInput::tool_version`] in real output (tests pass a fixed
/// string so their snapshots survive a release).
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything an SBOM is written from.
#[derive(Clone, Copy, Debug)]
pub struct SbomInput<'a> {
    /// The project (the product the BOM describes): its name.
    pub project: &'a str,
    /// The project's version, if known.
    pub version: Option<&'a str>,
    /// When the BOM was made, as ISO 8601 UTC (`2026-01-31T12:00:00Z`); `None` leaves it out
    /// of CycloneDX and writes [`SPDX_DEFAULT_CREATED`] in SPDX, which requires it.
    pub timestamp: Option<&'a str>,
    /// The version of medtrace that writes the BOM, as named in its tool entry.
    pub tool_version: &'a str,
    /// The components, in any order.
    pub components: &'a [SbomComponent],
    /// Dependency edges: (dependent, dependency), indices into `components`. Edges whose
    /// indices are out of range are ignored.
    pub dependencies: &'a [(usize, usize)],
}

/// One component with what the SOUP record adds to the lockfile's view of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SbomComponent {
    /// The component as the lockfile reader gives it (name, version, purl, checksums,
    /// scope, directness).
    pub component: Component,
    /// The supplier (IEC 62304's "manufacturer"), an organisation's name.
    pub supplier: Option<String>,
    /// The licence as an SPDX expression; `None` falls back to the lockfile's
    /// `component.license`. Cargo's legacy `MIT/Apache-2.0` is written as `MIT OR Apache-2.0`.
    pub license: Option<String>,
    /// What the component is for in this product (the SOUP record's purpose).
    pub description: Option<String>,
    /// The FDA support level (for example `actively maintained`, `no longer maintained`).
    pub support_level: Option<String>,
    /// The FDA end-of-support date, ideally `YYYY-MM-DD`.
    pub end_of_support: Option<String>,
    /// The ID of the SOUP record that covers this component (`SOUP-007`).
    pub soup_id: Option<String>,
}

impl SbomComponent {
    /// A component with nothing from a SOUP record yet.
    pub fn new(component: Component) -> SbomComponent {
        SbomComponent {
            component,
            supplier: None,
            license: None,
            description: None,
            support_level: None,
            end_of_support: None,
            soup_id: None,
        }
    }
}

/// The CycloneDX specification version written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CycloneDxVersion {
    /// CycloneDX 1.5.
    V1_5,
    /// CycloneDX 1.6, the default.
    V1_6,
}

impl CycloneDxVersion {
    /// The `specVersion` value (`1.6`).
    pub fn as_str(self) -> &'static str {
        match self {
            CycloneDxVersion::V1_5 => "1.5",
            CycloneDxVersion::V1_6 => "1.6",
        }
    }
}
