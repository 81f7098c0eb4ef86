//! Integration tests of the OSV reader: real records from the corpus matched against the
//! versions real lockfiles lock, the matching rules on small records, reading a database
//! folder and an `all.zip`, and properties (total orders, no panics).

mod corpus;
mod load;
mod matching;
mod props;

use std::path::PathBuf;

use medtrace_osv::{Advisory, parse_text};

/// The folder of real OSV records copied from the shared corpus.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// A record from JSON text that must read.
pub fn record(json: &str) -> Advisory {
    parse_text(json).unwrap_or_else(|p| panic!("{}: {json}", p.message))
}
