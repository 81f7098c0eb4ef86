//! Renderers that turn plain values into files: ISO 14971 risk matrices as standalone SVG
//! heat maps ([`svg`]) and tables as XLSX workbooks ([`xlsx`]). This crate sits at the end
//! of the pipeline and knows nothing of the other medtrace crates: the CLI turns its
//! analysis into the small input types here and writes the bytes these pure functions
//! return. No disk, no clock, no randomness, no panics on any input: the same values always
//! give the same bytes (fixed element ids, integer coordinates, fixed zip timestamps and
//! entry order, no dates unless the caller passes one in), so a document regenerated from a
//! tag is byte-identical. All text is escaped for XML, and characters XML 1.0 cannot hold are
//! dropped. The one exception, behind the `risk-file` feature, is [`risk_file`]: the
//! mapping of a project's risk file onto [`RiskMatrix`], shared by every output.

#[cfg(feature = "risk-file")]
pub mod risk_file;
pub mod svg;
pub mod xlsx;
mod xml;

pub use svg::{Cell, Level, RiskMatrix, Zone, risk_matrix_svg};
pub use xlsx::{CellValue, Properties, Sheet, sheet_names, workbook, workbook_with};
