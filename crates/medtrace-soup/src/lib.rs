//! SOUP from lockfiles: one reader per lockfile format behind one interface, all pure
//! (text in, components out), and the component model the SOUP checks, `soup sync` and
//! the SBOM writers share.
//!
//! Readers never fail: what they cannot read is a [`Problem`] with a span, and the
//! components read so far are kept. Formats are chosen by content first and by file name
//! only to break ties (`sniff`).

pub mod cargo;
pub mod composer;
pub mod detect;
pub mod gem;
pub mod golang;
mod json;
pub mod model;
pub mod npm;
pub mod pnpm;
pub mod purl;
pub mod python;
pub mod yarn;

pub use detect::{manifest_name, read_any, sniff};
pub use model::{Component, Ecosystem, Lockfile, LockfileFormat, Problem, Scope};
