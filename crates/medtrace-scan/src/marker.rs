//! Comment markers: the one before a keyword, and whether a line is a comment.

/// The comment marker found before a keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `//`, `///`, `//!`, `#`, `--`, `;`, `%` and runs of them.
    Line,
    /// `REM` (batch files): only at the start of a line.
    Rem,
    /// The single `*` of a block comment's continuation line: only at the start of a line.
    Star,
    /// `/*`, `/**`, `/*!`, `<!--`, `{-`, `(*`, with the marker that closes it.
    Block(&'static [u8]),
    /// `"""` or `'''` opening a Python docstring.
    TripleQuote,
    /// No marker: only indentation before the keyword (Python docstring lines).
    Bare,
}

impl Kind {
    /// Whether the marker may start a comment after code on the same line.
    pub(crate) fn trails(self) -> bool {
        matches!(self, Kind::Line | Kind::Block(_))
    }

    /// The marker that closes a block comment.
    pub(crate) fn closer(self) -> Option<&'static [u8]> {
        match self {
            Kind::Block(closer) => Some(closer),
            _ => None,
        }
    }
}

/// A marker and where it starts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Marker {
    pub(crate) start: usize,
    pub(crate) kind: Kind,
}

/// Where the comment holding a tag sits, which decides how the tag binds to a test.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    /// The comment starts its line; `closer` closes it when it is a block comment.
    Own { closer: Option<&'static [u8]> },
    /// The comment follows code, which ends at `code_end`.
    Trailing { code_end: usize },
    /// Inside the Python docstring whose quotes start at `open`.
    Docstring { open: usize },
}

/// Space or tab.
pub(crate) fn is_hspace(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The end of a line's content: `end` less a `\r` before it.
pub(crate) fn trim_cr(bytes: &[u8], start: usize, end: usize) -> usize {
    if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The start of the run of `b` that ends at `end` (exclusive), not going before `floor`.
fn run_start(bytes: &[u8], floor: usize, end: usize, b: u8) -> usize {
    run_start_by(bytes, floor, end, |x| x == b)
}

/// The comment marker directly before the keyword at `keyword` (spaces and tabs between
/// them allowed), on the line starting at `line_start`; `None` when something else
/// stands there. `python` allows the docstring forms.
pub(crate) fn before(
    bytes: &[u8],
    line_start: usize,
    keyword: usize,
    python: bool,
) -> Option<Marker> {
    let end = run_start_by(bytes, line_start, keyword, is_hspace);
    if end == line_start {
        return python.then_some(Marker {
            start: end,
            kind: Kind::Bare,
        });
    }
    let at = |start, kind| Some(Marker { start, kind });
    let floor = line_start;
    match bytes[end - 1] {
        b'!' => {
            // `//!` and `/*!`: Rust inner doc comments.
            let end = end - 1;
            match bytes[..end].last() {
                Some(b'/') if end > floor => {
                    let start = run_start(bytes, floor, end, b'/');
                    (end - start >= 2).then_some(Marker {
                        start,
                        kind: Kind::Line,
                    })
                }
                Some(b'*') if end > floor => {
                    let start = run_start(bytes, floor, end, b'*');
                    (start > floor && bytes[start - 1] == b'/').then_some(Marker {
                        start: start - 1,
                        kind: Kind::Block(b"*/"),
                    })
                }
                _ => None,
            }
        }
        b'/' => {
            let start = run_start(bytes, floor, end, b'/');
            (end - start >= 2).then_some(Marker {
                start,
                kind: Kind::Line,
            })
        }
        b'*' => {
            let start = run_start(bytes, floor, end, b'*');
            match start
                .checked_sub(1)
                .filter(|&i| i >= floor)
                .map(|i| bytes[i])
            {
                Some(b'/') => at(start - 1, Kind::Block(b"*/")),
                Some(b'(') => at(start - 1, Kind::Block(b"*)")),
                _ if end - start == 1 => at(start, Kind::Star),
                _ => None,
            }
        }
        b'-' => {
            let start = run_start(bytes, floor, end, b'-');
            let len = end - start;
            if start > floor && bytes[start - 1] == b'{' {
                at(start - 1, Kind::Block(b"-}"))
            } else if len >= 2 && start >= floor + 2 && &bytes[start - 2..start] == b"<!" {
                at(start - 2, Kind::Block(b"-->"))
            } else if len >= 2 {
                at(start, Kind::Line)
            } else {
                None
            }
        }
        b @ (b'#' | b';' | b'%') => at(run_start(bytes, floor, end, b), Kind::Line),
        b'M' | b'm' => {
            // `REM` needs a space after it, and nothing but `@` or indentation before.
            let start = end.checked_sub(3).filter(|&s| s >= floor)?;
            let word = &bytes[start..end];
            if end == keyword || !(word == b"REM" || word == b"rem") {
                return None;
            }
            let start = if start > floor && bytes[start - 1] == b'@' {
                start - 1
            } else {
                start
            };
            at(start, Kind::Rem)
        }
        q @ (b'"' | b'\'') if python => {
            let start = end.checked_sub(3).filter(|&s| s >= floor)?;
            if bytes[start..end].iter().any(|&b| b != q) {
                return None;
            }
            // String prefixes: r"""...""", u'''...'''.
            let start = run_start_by(bytes, floor, start, |b| b"rRuU".contains(&b));
            at(start, Kind::TripleQuote)
        }
        _ => None,
    }
}

/// The start of the run of bytes satisfying `f` that ends at `end`, not before `floor`.
fn run_start_by(bytes: &[u8], floor: usize, end: usize, f: impl Fn(u8) -> bool) -> usize {
    let mut i = end;
    while i > floor && f(bytes[i - 1]) {
        i -= 1;
    }
    i
}

/// Whether `prefix`, the start of a line up to a marker, is itself a comment (so the
/// marker is text inside it, not a new comment). A `#` that starts an attribute (`#[`)
/// or a preprocessor line (`#define`) is code.
pub(crate) fn line_is_comment(prefix: &[u8]) -> bool {
    let text = trim_start(prefix);
    let next = |n: usize| text.get(n).copied();
    let ends_word = |b: Option<u8>| b.is_none_or(is_hspace);
    match text {
        [b'/', b'/' | b'*', ..] | [b'<', b'!', b'-', b'-', ..] | [b'{', b'-', ..] => true,
        [b'(', b'*', ..] | [b';' | b'%', ..] => true,
        [b'*', ..] => ends_word(next(1)) || next(1) == Some(b'/'),
        [b'#', ..] => match next(1) {
            Some(b'[') => false,
            Some(b'!') => next(2) != Some(b'['),
            Some(b'#') => true,
            b => ends_word(b),
        },
        [b'-', b'-', ..] => ends_word(next(2)) || next(2) == Some(b'-'),
        _ => text.starts_with(b"REM ") || text.starts_with(b"rem "),
    }
}

/// `bytes` without leading spaces and tabs.
pub(crate) fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|&&b| is_hspace(b)).count();
    &bytes[n..]
}

/// `bytes` without spaces, tabs and `\r` at either end.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    let text = trim_start(bytes);
    let n = text
        .iter()
        .rev()
        .take_while(|&&b| is_hspace(b) || b == b'\r')
        .count();
    &text[..text.len() - n]
}
