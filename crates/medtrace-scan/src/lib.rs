//! The trace-tag scanner: finds `implements:` and `verifies:` tags in source files of any
//! language, without a parser per language.
//!
//! It sits between the project loader, which walks the source roots and reads the files,
//! and the core, which resolves the tagged IDs against the records: [`scan`] takes a
//! file's path and bytes and returns the [`Tag`]s and [`MalformedTag`]s in it. It never
//! touches the disk, never fails and never panics, whatever the bytes; every span it
//! returns lies inside the input. Whether an ID exists, or names an item that can be
//! implemented or verified, is not its business.
//!
//! # The grammar
//!
//! A tag is the lowercase keyword `implements` or `verifies`, a colon, and one or more
//! item IDs (`PREFIX-NAME`, as in the records) separated by commas, with spaces and tabs
//! allowed around them. It must be the first thing in a comment:
//!
//! - after a line-comment marker `//`, `///`, `//!`, `#`, `--`, `;`, `%` (runs such as
//!   `##` or `;;;` too) or `REM`;
//! - after a block-comment opener `/*`, `/**`, `/*!`, `<!--`, `{-` or `(*`, or after the
//!   single `*` that starts a continuation line of a block comment;
//! - in Python files (`.py`, `.pyi`, `.pyw`), directly after the `"""` or `'''` that opens
//!   a docstring, or at the start of a line (after indentation) inside one.
//!
//! The comment either starts its line (after indentation) or, for the line-comment and
//! block-comment markers, follows code on the same line after a space or tab (a trailing
//! comment). A marker is not taken as a trailing comment when the line already is a
//! comment, or when an odd number of `"` stands before it on the line (it is then inside
//! a string literal). The keyword must follow the marker directly or after spaces; prose
//! in which the keyword comes later, a capitalised keyword, and `implements::` (a path)
//! are not tags. A tag ends at the end of its line or at the first `*/`, `-->`, `-}`,
//! `*)`, `"""` or `'''` on it; one line holds at most one tag.
//!
//! When the keyword and colon are in place but what follows is not such a list (nothing,
//! prose, two IDs without a comma, a trailing comma), the scanner reports a
//! [`MalformedTag`] spanning the keyword to the end of the tag.
//!
//! Files with a NUL byte in their first 8 KiB (binary) or with `@generated` or
//! `DO NOT EDIT` in their first five lines (generated) are skipped. The scanner works on
//! bytes: invalid UTF-8 outside the tag does not matter.
//!
//! Comment-like lines inside multi-line string literals (other than Python docstrings)
//! are taken as tags; the scanner does not parse languages. Exclude such files by glob.
//!
//! # Test binding
//!
//! A `verifies` tag on the line of a test function (as a trailing comment) or in the
//! block of comments, attributes and decorators directly above it is bound to the test's
//! name as its runner reports it; see [`Tag::test`] and `docs/src/tags.md`. A tag in a
//! Python docstring binds to the function whose docstring it is. `implements` tags are
//! never bound.
//!
//! # Speed
//!
//! The scan must keep up with ripgrep over whole source trees, so the common case (a file
//! without tags) is two SIMD substring searches (`memchr::memmem`) over the bytes and
//! nothing else; the line around a hit is looked at only then.

mod bind;
mod body;
mod marker;
mod python;

use marker::{Kind, Place};
use medtrace_core::evidence::{MalformedTag, Tag, TagRole, TagTarget};
use medtrace_core::{FileId, Span};
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// How many leading bytes are searched for a NUL to tell a binary file.
pub const BINARY_PREFIX: usize = 8 * 1024;

/// How many leading lines are searched for a generated-file marker.
const GENERATED_LINES: usize = 5;

static IMPLEMENTS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"implements:"));
static VERIFIES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"verifies:"));
static GENERATED: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"@generated"));
static DO_NOT_EDIT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"DO NOT EDIT"));

/// What [`scan`] found in one file, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanOutput {
    /// Well-formed tags.
    pub tags: Vec<Tag>,
    /// Tags whose keyword is in place but whose ID list is not.
    pub malformed: Vec<MalformedTag>,
}

impl ScanOutput {
    /// Whether the file holds neither tags nor malformed tags.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.malformed.is_empty()
    }
}

// implements: SRS-029
/// Finds the trace tags in one file. `path` is only used to tell Python files (for
/// docstrings); `file` goes into every span.
pub fn scan(file: FileId, path: &str, bytes: &[u8]) -> ScanOutput {
    let mut implements = IMPLEMENTS.find_iter(bytes).peekable();
    let mut verifies = VERIFIES.find_iter(bytes).peekable();
    if implements.peek().is_none() && verifies.peek().is_none() {
        return ScanOutput::default();
    }
    if is_binary(bytes) || is_generated(bytes) {
        return ScanOutput::default();
    }
    let mut scan = FileScan::new(file, path, bytes);
    loop {
        // Merge the two sorted hit lists, so the file is walked forwards once.
        let (at, role) = match (implements.peek(), verifies.peek()) {
            (Some(&i), Some(&v)) if i < v => (i, TagRole::Implements),
            (_, Some(&v)) => (v, TagRole::Verifies),
            (Some(&i), None) => (i, TagRole::Implements),
            (None, None) => break,
        };
        match role {
            TagRole::Implements => implements.next(),
            TagRole::Verifies => verifies.next(),
        };
        scan.candidate(at, role);
    }
    scan.out
}

/// Sets the file of every span in `output` (the project loader scans with a placeholder
/// file id and numbers the files once they are sorted).
pub fn renumber(output: &mut ScanOutput, file: FileId) {
    for tag in &mut output.tags {
        tag.span.file = file;
        for target in &mut tag.targets {
            target.span.file = file;
        }
    }
    for malformed in &mut output.malformed {
        malformed.span.file = file;
    }
}

// implements: SRS-030
/// Whether `bytes` look binary: a NUL byte in the first [`BINARY_PREFIX`] bytes, as git
/// and ripgrep decide.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PREFIX)]).is_some()
}

// implements: SRS-030
/// Whether the first lines mark the file as generated (`@generated`, `DO NOT EDIT`).
fn is_generated(bytes: &[u8]) -> bool {
    let head_end = memchr::memchr_iter(b'\n', bytes)
        .nth(GENERATED_LINES - 1)
        .unwrap_or(bytes.len());
    let head = &bytes[..head_end];
    GENERATED.find(head).is_some() || DO_NOT_EDIT.find(head).is_some()
}

/// The state of one file's scan: the line around the last hit, the Python lexer, what
/// was found.
struct FileScan<'a> {
    file: FileId,
    bytes: &'a [u8],
    /// The docstring tracker, for Python files only.
    python: Option<python::Lexer>,
    /// The line of the last hit: start, end (before `\n`), and the quote count before
    /// the last marker looked at on it.
    line: LineCache,
    /// Hits before this offset are on a line that already had a tag.
    skip_until: usize,
    out: ScanOutput,
}

#[derive(Default)]
struct LineCache {
    start: usize,
    end: usize,
    /// `"` counted in `start..counted_to`, and whether the count is odd.
    counted_to: usize,
    odd_quotes: bool,
}

impl<'a> FileScan<'a> {
    fn new(file: FileId, path: &str, bytes: &'a [u8]) -> FileScan<'a> {
        let python = [".py", ".pyi", ".pyw"]
            .iter()
            .any(|ext| path.ends_with(ext))
            .then(python::Lexer::default);
        FileScan {
            file,
            bytes,
            python,
            line: LineCache::default(),
            skip_until: 0,
            out: ScanOutput::default(),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Looks at one keyword hit at `at`.
    fn candidate(&mut self, at: usize, role: TagRole) {
        if at < self.skip_until {
            return;
        }
        let colon = at + role.keyword().len();
        if self.bytes.get(colon + 1) == Some(&b':') {
            return;
        }
        let (line_start, line_end) = self.line_at(at);
        let Some(place) = self.place(line_start, at) else {
            return;
        };
        self.skip_until = line_end;
        let content_end = marker::trim_cr(self.bytes, line_start, line_end);
        match body::parse(self.bytes, colon + 1, content_end, role.keyword()) {
            Ok(ids) => {
                let test = match role {
                    TagRole::Verifies => bind::test_name(self.bytes, at, line_end, place),
                    TagRole::Implements => None,
                };
                let targets = ids
                    .ids
                    .iter()
                    .map(|&(start, end)| TagTarget {
                        id: String::from_utf8_lossy(&self.bytes[start..end]).into_owned(),
                        span: self.span(start, end),
                    })
                    .collect();
                let tag = Tag {
                    role,
                    targets,
                    span: self.span(at, ids.end),
                    test,
                };
                self.out.tags.push(tag);
            }
            Err(malformed) => {
                let tag = MalformedTag {
                    span: self.span(at, malformed.end),
                    reason: malformed.reason,
                };
                self.out.malformed.push(tag);
            }
        }
    }

    /// The line holding `at`: its start and its end (the `\n` or the end of the input).
    fn line_at(&mut self, at: usize) -> (usize, usize) {
        let line = &self.line;
        if !(line.start <= at && at < line.end) {
            let start = memchr::memrchr(b'\n', &self.bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &self.bytes[at..]).map_or(self.bytes.len(), |i| at + i);
            self.line = LineCache {
                start,
                end,
                counted_to: start,
                odd_quotes: false,
            };
        }
        (self.line.start, self.line.end)
    }

    /// Where the comment holding the keyword at `at` is, or `None` when the keyword is
    /// not the first thing in a comment.
    fn place(&mut self, line_start: usize, at: usize) -> Option<Place> {
        let bytes = self.bytes;
        let python = self.python.is_some();
        let marker = marker::before(bytes, line_start, at, python)?;
        let own_line = bytes[line_start..marker.start]
            .iter()
            .all(|&b| marker::is_hspace(b));
        match marker.kind {
            Kind::Bare => {
                let lexer = self.python.as_mut()?;
                let open = lexer.docstring_at(bytes, line_start)?;
                Some(Place::Docstring { open })
            }
            Kind::TripleQuote => {
                // A docstring starts its line, or follows the colon of a one-line `def`.
                let after_colon = marker::trim(&bytes[line_start..marker.start]).ends_with(b":");
                let lexer = self.python.as_mut()?;
                ((own_line || after_colon) && lexer.in_code_at(bytes, line_start))
                    .then_some(Place::Docstring { open: marker.start })
            }
            kind if own_line => Some(Place::Own {
                closer: kind.closer(),
            }),
            kind => {
                let trailing = kind.trails()
                    && marker::is_hspace(bytes[marker.start - 1])
                    && !marker::line_is_comment(&bytes[line_start..marker.start])
                    && !self.odd_quotes_before(marker.start);
                trailing.then_some(Place::Trailing {
                    code_end: marker.start,
                })
            }
        }
    }

    /// Whether an odd number of unescaped `"` stands between the line start and `end`
    /// (counted on from the last call on this line, so a line full of hits stays linear).
    fn odd_quotes_before(&mut self, end: usize) -> bool {
        let line = &mut self.line;
        if end < line.counted_to {
            line.counted_to = line.start;
            line.odd_quotes = false;
        }
        let mut i = line.counted_to;
        while i < end {
            match self.bytes[i] {
                b'\\' => i += 1,
                b'"' => line.odd_quotes = !line.odd_quotes,
                _ => {}
            }
            i += 1;
        }
        line.counted_to = i;
        line.odd_quotes
    }
}
