//! The release (IEC 62304 5.8): the gate a version must pass, and the release record.
//!
//! Pure, like the rest of the core: the CLI runs the `[release] environment` commands,
//! finds the commit, and hands both in as a [`Candidate`]; [`evaluate`] returns the
//! verdict of every check of 5.8.1–5.8.6 and 8.1.2, tailored to the project's class by
//! the clause table, and [`record_text`] the release record. Writing the record and the
//! bundle is the CLI's.

use crate::schema::FieldKind;

/// The built-in fields of a release record beyond `id`, `title` and `status`.
pub(crate) fn record_fields() -> Vec<(&'static str, FieldKind)> {
    use FieldKind::*;
    vec![
        ("version", Text),
        ("commit", Text),
        ("date", Date),
        ("includes", List),
        ("known-anomalies", List),
        ("environment", Structured),
        ("gate", Structured),
        ("bundle", Text),
    ]
}

mod config;
mod gate;
mod record;

pub use config::{EnvironmentCommand, ReleaseConfig, split_command};
pub use gate::{
    Candidate, Captured, CheckResult, Gate, GateCheck, evaluate, is_closed, list, released_version,
    sub_field,
};
pub use record::{RecordInput, bundle_name, record_id, record_text, slug};
