//! The one place medtrace touches the disk.
//!
//! It finds `medtrace.toml` (walking up from a folder), walks the item folders as
//! ripgrep walks a tree (honouring `.gitignore`, skipping hidden files), reads and parses
//! the item files on every core, and hands the texts to `medtrace-core`, which returns
//! the [`Analysis`]. It also holds the writing commands (`new`, `init`), which write
//! atomically and never replace a file that exists.
//!
//! Failures of the tool itself (a folder that cannot be read) are `Err`; problems in the
//! user's content are diagnostics in the analysis.

mod edit;
mod evidence;
mod git;
pub mod history;
mod load;
mod lockfiles;
mod scaffold;
mod soup_sync;
mod sources;
mod write;

pub use edit::{set_fields, today};
pub use load::{LoadOptions, find_root, load, load_texts, load_with};
pub use scaffold::{InitOutcome, init, new_item};
pub use soup_sync::{SyncReport, soup_sync};
pub use sources::{ScannedFile, scan_tree, scan_tree_skipping};
pub use write::{write_new, write_replace};
