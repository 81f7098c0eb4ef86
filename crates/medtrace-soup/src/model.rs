//! The component model, defined in `medtrace-core` (the SOUP checks use it) and
//! re-exported here for the readers.

pub use medtrace_core::soup::{Component, Ecosystem, Lockfile, LockfileFormat, Problem, Scope};
