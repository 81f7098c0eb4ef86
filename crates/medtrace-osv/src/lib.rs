//! Offline vulnerability review: reads OSV records (the Open Source Vulnerability format
//! that GitHub's advisory database, RustSec, the Go vulnerability database, PyPA and
//! osv.dev publish) and decides whether an advisory affects a locked component by
//! ecosystem, name and version. It sits after the lockfile readers (`medtrace-soup`, whose
//! [`Ecosystem`] it uses) and before `soup audit`, which turns matches into findings
//! unless a SOUP record holds a review of the advisory.
//!
//! Everything is pure except [`load()`], [`load_dir`] and [`load_zip`], which read a
//! database from disk as published; nothing here ever uses the network. Reading never
//! panics: a record that breaks the schema is a [`Problem`] with a span, and the others
//! are still read. Matching follows the schema's evaluation algorithm with each
//! ecosystem's version ordering, written here ([`version`]): SemVer 2.0 (crates.io, npm,
//! Go), PEP 440 (PyPI), `Gem::Version` (RubyGems), Composer (Packagist). `GIT` ranges are
//! not evaluated, since lockfiles give versions and not commits. Where an answer is not
//! possible (a version no ordering can read), [`assess`] says [`Verdict::Unknown`]
//! instead of guessing. [`Index`] finds the records naming a package without scanning
//! the whole database.

mod advisory;
pub mod audit;
mod index;
mod load;
mod matching;
pub mod version;

pub use advisory::{Advisory, Affected, Event, Range, RangeKind, Reference, Severity, parse};
pub use index::Index;
pub use load::{Loaded, load, load_dir, load_zip};
pub use matching::{
    Verdict, affects, assess, canonical_name, fixed_versions, names_package, pep503, same_name,
};
pub use medtrace_soup::{Ecosystem, Problem};
pub use version::Scheme;

use medtrace_core::FileId;

/// Reads one record from text, for fuzzing: [`parse`] with file id 0.
pub fn parse_text(text: &str) -> Result<Advisory, Problem> {
    parse(FileId(0), text)
}
