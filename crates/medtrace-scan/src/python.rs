//! Just enough of Python's lexer to know whether a line starts inside a docstring.

use crate::marker::is_hspace;

/// Walks a Python file forwards, one line start at a time (the hits come in order, so
/// each byte is looked at once).
#[derive(Default)]
pub(crate) struct Lexer {
    pos: usize,
    line_start: usize,
    state: State,
}

#[derive(Clone, Copy, Default)]
enum State {
    #[default]
    Code,
    Comment,
    /// A one-line string quoted with this byte.
    Short(u8),
    /// A triple-quoted string: its quote byte, where it opens, and whether its opening
    /// quotes start their line (a docstring, not a string in an expression).
    Long {
        quote: u8,
        open: usize,
        own_line: bool,
    },
}

impl Lexer {
    /// If the line starting at `line_start` begins inside a docstring, where the
    /// docstring opens. `line_start` must not come before the last line asked about.
    pub(crate) fn docstring_at(&mut self, bytes: &[u8], line_start: usize) -> Option<usize> {
        self.advance(bytes, line_start);
        match self.state {
            State::Long {
                open,
                own_line: true,
                ..
            } => Some(open),
            _ => None,
        }
    }

    /// Whether the line starting at `line_start` begins in code (not inside a string).
    pub(crate) fn in_code_at(&mut self, bytes: &[u8], line_start: usize) -> bool {
        self.advance(bytes, line_start);
        matches!(self.state, State::Code)
    }

    fn advance(&mut self, bytes: &[u8], target: usize) {
        let target = target.min(bytes.len());
        let mut i = self.pos;
        while i < target {
            let b = bytes[i];
            let mut step = 1;
            match self.state {
                State::Code => match b {
                    b'#' => self.state = State::Comment,
                    b'"' | b'\'' => {
                        if bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b) {
                            let own_line = starts_line(&bytes[self.line_start..i]);
                            self.state = State::Long {
                                quote: b,
                                open: i,
                                own_line,
                            };
                            step = 3;
                        } else {
                            self.state = State::Short(b);
                        }
                    }
                    _ => {}
                },
                State::Comment => {
                    if b == b'\n' {
                        self.state = State::Code;
                    }
                }
                State::Short(quote) => {
                    if b == b'\\' {
                        step = 2;
                    } else if b == quote || b == b'\n' {
                        self.state = State::Code;
                    }
                }
                State::Long { quote, .. } => {
                    if b == b'\\' {
                        step = 2;
                    } else if b == quote
                        && bytes.get(i + 1) == Some(&quote)
                        && bytes.get(i + 2) == Some(&quote)
                    {
                        self.state = State::Code;
                        step = 3;
                    }
                }
            }
            // Note line starts, including a newline skipped as escaped.
            if let Some(n) = bytes[i..(i + step).min(bytes.len())]
                .iter()
                .rposition(|&b| b == b'\n')
            {
                self.line_start = i + n + 1;
            }
            i += step;
        }
        self.pos = i;
    }
}

/// Whether `prefix` (a line up to a triple quote) is indentation and string prefixes
/// only (`r"""`), so the string is a statement of its own: a docstring.
fn starts_line(prefix: &[u8]) -> bool {
    let letters = prefix
        .iter()
        .rev()
        .take_while(|&&b| b"rRuU".contains(&b))
        .count();
    prefix[..prefix.len() - letters]
        .iter()
        .all(|&b| is_hspace(b))
}
