//! The PDF document set of a design history file, as typst source: the development plan,
//! requirements, architecture, detailed design, SOUP list, risk management file,
//! traceability matrix, verification report, release notes and gap report.
//!
//! This crate sits at the end of the pipeline, after the checks: it takes an
//! [`Analysis`], the [`BuildInfo`] of the revision and the git history of each record,
//! and returns one [`Document`] per document the records can fill — a document without
//! records is not produced, and a section without records says so instead of inventing
//! content. It is pure (no disk, no clock) and light: the typst engine that turns the
//! sources into PDF bytes is behind the `engine` feature ([`engine`]). Every user string
//! reaches typst as a string literal, so no record can change a document's structure.

mod context;
mod docs;
#[cfg(feature = "engine")]
pub mod engine;
pub mod markdown;
pub mod markup;
mod svg;
mod volumes;

use medtrace_core::Analysis;
use medtrace_core::history::{BuildInfo, Commit};
use std::collections::BTreeMap;

/// The template module every generated source imports, as shipped.
pub const TEMPLATE: &str = include_str!("../templates/medtrace.typ");

/// The name the template module has next to the generated sources, and in a project's
/// `templates/pdf/` folder when the project overrides it.
pub const TEMPLATE_NAME: &str = "medtrace.typ";

/// Revisions listed in a document's history at most; older ones are summed up in a note.
pub const MAX_REVISIONS: usize = 40;

/// One document of the set, as typst source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The document ID, for example `DHF-SRS`; the volumes of a document share it.
    pub id: String,
    /// The PDF's file name, for example `DHF-SRS-software-requirements-specification.pdf`.
    pub file_name: String,
    /// The title.
    pub title: String,
    /// Which volume of how many this is, for a document too long for one.
    pub volume: Option<(usize, usize)>,
    /// The typst source; it imports [`TEMPLATE_NAME`] and names its images by file name.
    pub source: String,
    /// The images the source shows: (file name, SVG bytes).
    pub images: Vec<(String, Vec<u8>)>,
}

/// What the documents are made from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The checked project.
    pub analysis: &'a Analysis,
    /// The revision the documents describe.
    pub info: &'a BuildInfo,
    /// The commits that changed each record file (path relative to the project root),
    /// as the loader read them from git; empty outside git.
    pub history: &'a BTreeMap<String, Vec<Commit>>,
}

/// The paths of the record files whose git history the documents show, in order.
pub fn record_paths(analysis: &Analysis) -> Vec<String> {
    let mut paths: Vec<String> = analysis
        .items
        .iter()
        .map(|item| analysis.sources.get(item.file).path.clone())
        .chain(
            analysis
                .evidence
                .executions
                .iter()
                .map(|e| analysis.sources.get(e.file).path.clone()),
        )
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

// implements: SRS-068
/// Every document the records can fill, in the order of the set.
pub fn documents(inputs: &Inputs<'_>) -> Vec<Document> {
    documents_in_volumes(inputs, volumes::VOLUME_BYTES)
}

/// [`documents`], a document whose body is longer than `volume_bytes` of typst source cut
/// into volumes where the body allows.
pub fn documents_in_volumes(inputs: &Inputs<'_>, volume_bytes: usize) -> Vec<Document> {
    let ctx = context::Context::new(inputs, volume_bytes);
    docs::all(&ctx)
}

#[cfg(test)]
mod tests;
