//! Binding a `verifies` tag to the test function it sits on or above.
//!
//! No language is parsed: the first line of code after the tag (skipping blank lines,
//! comments, attributes and decorators) is matched against the shapes of test functions
//! in the common test frameworks, and the name is taken as their runners report it.

use crate::marker::{Place, is_hspace, trim, trim_start};
use memchr::memmem;

/// How far below a tag its test may start: lines, and bytes after the tag's line.
const MAX_LINES: usize = 64;
const MAX_BYTES: usize = 16 * 1024;
/// How many lines a Python signature may span above its docstring.
const MAX_SIGNATURE_LINES: usize = 16;

// implements: SRS-031
/// The name of the test a `verifies` tag at `keyword`, on the line ending at `line_end`,
/// is bound to.
pub(crate) fn test_name(
    bytes: &[u8],
    keyword: usize,
    line_end: usize,
    place: Place,
) -> Option<String> {
    let limit = line_end.saturating_add(MAX_BYTES).min(bytes.len());
    let below = Below { bytes, limit };
    match place {
        Place::Docstring { open } => docstring_owner(bytes, open),
        Place::Trailing { code_end } => {
            let line_start = memchr::memrchr(b'\n', &bytes[..code_end]).map_or(0, |i| i + 1);
            match shape(&bytes[line_start..code_end]) {
                Shape::Test(name) => Some(name),
                Shape::Attribute(depth) => below.first_test(line_end + 1, depth),
                Shape::Other => None,
            }
        }
        Place::Own { closer } => {
            let mut from = line_end + 1;
            if let Some(closer) = closer
                && memmem::find(&bytes[keyword..line_end], closer).is_none()
            {
                // The block comment goes on below the tag: the code starts after it.
                from = below.after(from, closer)?;
            }
            below.first_test(from, 0)
        }
    }
}

/// The lines below a tag, up to `limit`.
struct Below<'a> {
    bytes: &'a [u8],
    limit: usize,
}

impl Below<'_> {
    /// The start of the line after the first `closer` at or after `from`.
    fn after(&self, from: usize, closer: &[u8]) -> Option<usize> {
        let window = self.bytes.get(from..self.limit)?;
        let at = from + memmem::find(window, closer)?;
        let end = memchr::memchr(b'\n', &self.bytes[at..]).map_or(self.bytes.len(), |i| at + i);
        Some(end + 1)
    }

    /// The test named by the first line of code at or after `from`; `depth` is the
    /// bracket depth of an attribute still open there.
    fn first_test(&self, from: usize, mut depth: i64) -> Option<String> {
        let bytes = self.bytes;
        let mut pos = from;
        for _ in 0..MAX_LINES {
            if pos >= self.limit {
                return None;
            }
            let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            let line = trim(&bytes[pos..end]);
            pos = end + 1;
            if depth > 0 {
                depth = (depth + bracket_depth(line)).max(0);
                continue;
            }
            if line.is_empty() {
                continue;
            }
            // `#[test]` starts like a `#` comment but is an attribute, for `shape`.
            let attribute = line.starts_with(b"#[") || line.starts_with(b"#![");
            if !attribute && let Some((opener_len, closer)) = comment_start(line) {
                if let Some(closer) = closer
                    && memmem::find(&line[opener_len..], closer).is_none()
                {
                    pos = self.after(pos, closer)?;
                }
                continue;
            }
            match shape(line) {
                Shape::Test(name) => return Some(name),
                Shape::Attribute(open) => depth = open,
                Shape::Other => return None,
            }
        }
        None
    }
}

/// If `line` (trimmed) is a comment line: the length of its marker, and the closer when
/// it opens a block comment.
fn comment_start(line: &[u8]) -> Option<(usize, Option<&'static [u8]>)> {
    const BLOCKS: [(&[u8], &[u8]); 4] = [
        (b"/*", b"*/"),
        (b"<!--", b"-->"),
        (b"{-", b"-}"),
        (b"(*", b"*)"),
    ];
    if let Some((open, close)) = BLOCKS.iter().find(|(open, _)| line.starts_with(open)) {
        return Some((open.len(), Some(close)));
    }
    const LINES: [&[u8]; 8] = [b"//", b"#", b"--", b";", b"%", b"*", b"-}", b"REM"];
    LINES
        .iter()
        .any(|m| line.starts_with(m))
        .then_some((0, None))
}

/// What a line of code is, for binding.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// A test function (or, in Rust, Python, Go, Java and Kotlin, any function).
    Test(String),
    /// Only attributes or decorators, the last possibly still open at this depth.
    Attribute(i64),
    /// Anything else.
    Other,
}

/// Words that may stand before a function keyword.
const MODIFIERS: [&[u8]; 20] = [
    b"pub",
    b"public",
    b"private",
    b"protected",
    b"internal",
    b"static",
    b"final",
    b"abstract",
    b"synchronized",
    b"override",
    b"open",
    b"suspend",
    b"async",
    b"const",
    b"unsafe",
    b"extern",
    b"default",
    b"inline",
    b"\"C\"",
    b"\"system\"",
];

/// Matches a line of code against the test-function shapes.
fn shape(line: &[u8]) -> Shape {
    let mut s = trim(line);
    // Attributes and decorators before the function on the same line.
    loop {
        let skipped = if s.starts_with(b"#[") || s.starts_with(b"#![") {
            let open = if s[1] == b'[' { 1 } else { 2 };
            balanced(&s[open..])
                .map(|n| open + n)
                .ok_or_else(|| bracket_depth(s))
        } else if s.first() == Some(&b'@') && s.get(1).is_some_and(|&b| is_ident(b)) {
            let name = 1 + s[1..]
                .iter()
                .take_while(|&&b| is_ident(b) || b == b'.')
                .count();
            if s.get(name) == Some(&b'(') {
                balanced(&s[name..])
                    .map(|n| name + n)
                    .ok_or_else(|| bracket_depth(s))
            } else {
                Ok(name)
            }
        } else if s.first() == Some(&b'[') && s.ends_with(b"]") {
            // C# attributes: `[Test]`, `[Fact]`.
            balanced(s).ok_or(0)
        } else {
            break;
        };
        match skipped {
            Ok(n) => s = trim_start(&s[n..]),
            Err(depth) => return Shape::Attribute(depth),
        }
    }
    if s.is_empty() {
        return Shape::Attribute(0);
    }
    if let Some(name) = gtest(s).or_else(|| js_test(s)) {
        return Shape::Test(name);
    }
    function(s).map_or(Shape::Other, Shape::Test)
}

/// gtest: `TEST(Suite, Name)`, `TEST_F(…)`, `TEST_P(…)` → `Suite.Name`.
fn gtest(s: &[u8]) -> Option<String> {
    let rest = [&b"TEST("[..], b"TEST_F(", b"TEST_P("]
        .iter()
        .find_map(|m| s.strip_prefix(*m))?;
    let (suite, rest) = ident(trim_start(rest))?;
    let rest = trim_start(rest).strip_prefix(b",")?;
    let (name, rest) = ident(trim_start(rest))?;
    trim_start(rest)
        .starts_with(b")")
        .then(|| format!("{suite}.{name}"))
}

/// Jest, Vitest, Mocha: `test('description', …)`, `it("…")`, with `.only`, `.skip`,
/// `.concurrent`, `.failing`; the name is the description. `describe` is not a test.
fn js_test(s: &[u8]) -> Option<String> {
    let rest = s.strip_prefix(b"test").or_else(|| s.strip_prefix(b"it"))?;
    let rest = [&b".only"[..], b".skip", b".concurrent", b".failing"]
        .iter()
        .find_map(|m| rest.strip_prefix(*m))
        .unwrap_or(rest);
    let rest = trim_start(trim_start(rest).strip_prefix(b"(")?);
    let quote = *rest
        .first()
        .filter(|&&q| q == b'\'' || q == b'"' || q == b'`')?;
    let mut name = Vec::new();
    let mut i = 1;
    while let Some(&b) = rest.get(i) {
        match b {
            b'\\' => {
                name.extend(rest.get(i + 1));
                i += 2;
            }
            b if b == quote => return Some(String::from_utf8_lossy(&name).into_owned()),
            b => {
                name.push(b);
                i += 1;
            }
        }
    }
    None
}

/// Rust `fn name`, Python `def name`, Kotlin `fun name`, Go and Swift `func Name(`,
/// Java and C# `void name(`, after modifiers such as `pub`, `async`, `public`.
fn function(s: &[u8]) -> Option<String> {
    let mut s = s;
    loop {
        let word = s
            .iter()
            .take_while(|&&b| !is_hspace(b) && b != b'(')
            .count();
        if MODIFIERS.contains(&&s[..word]) && s.get(word).is_some_and(|&b| is_hspace(b)) {
            s = trim_start(&s[word..]);
        } else if s.starts_with(b"pub(") {
            // `pub(crate)`, `pub(super)`
            s = trim_start(&s[balanced(&s[3..])? + 3..]);
        } else {
            break;
        }
    }
    let keyword = s.iter().take_while(|&&b| !is_hspace(b)).count();
    let (word, rest) = s.split_at(keyword);
    let rest = trim_start(rest);
    if keyword == 0 || rest.len() == s.len() - keyword {
        // no space after the keyword
        return None;
    }
    match word {
        b"fn" | b"def" => ident(rest).map(|(name, _)| name),
        b"fun" => match rest.strip_prefix(b"`") {
            Some(quoted) => {
                let end = memchr::memchr(b'`', quoted)?;
                Some(String::from_utf8_lossy(&quoted[..end]).into_owned())
            }
            None => ident(rest).map(|(name, _)| name),
        },
        b"func" | b"void" => {
            let (name, after) = ident(rest)?;
            trim_start(after).starts_with(b"(").then_some(name)
        }
        _ => None,
    }
}

/// A leading identifier of `s` and the rest.
fn ident(s: &[u8]) -> Option<(String, &[u8])> {
    let n = s.iter().take_while(|&&b| is_ident(b)).count();
    (n > 0 && !s[0].is_ascii_digit())
        .then(|| (String::from_utf8_lossy(&s[..n]).into_owned(), &s[n..]))
}

/// Identifier bytes: ASCII letters, digits, `_`, `$`, and any non-ASCII byte (so UTF-8
/// identifiers pass whole).
fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The length of the bracketed group that `s` starts with (`(…)`, `[…]`, `{…}`),
/// or `None` when it does not close on this line.
fn balanced(s: &[u8]) -> Option<usize> {
    let mut depth = 0i64;
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        if depth <= 0 {
            return (depth == 0 && i > 0).then_some(i + 1);
        }
    }
    None
}

/// Opening less closing brackets on a line.
fn bracket_depth(s: &[u8]) -> i64 {
    s.iter()
        .map(|&b| match b {
            b'(' | b'[' | b'{' => 1,
            b')' | b']' | b'}' => -1,
            _ => 0,
        })
        .sum()
}

/// The function whose docstring opens at `open`: `def name(…):` on the same line or on
/// the lines just above (a signature may span several lines).
fn docstring_owner(bytes: &[u8], open: usize) -> Option<String> {
    let line_start = memchr::memrchr(b'\n', &bytes[..open]).map_or(0, |i| i + 1);
    let before = trim(&bytes[line_start..open]);
    if !before.iter().all(|b| b"rRuU".contains(b)) {
        return def_name(before);
    }
    let mut end = line_start;
    let mut in_signature = false;
    for _ in 0..MAX_SIGNATURE_LINES {
        // `end` is the start of the line below the one looked at.
        let last = end.checked_sub(1)?;
        let start = memchr::memrchr(b'\n', &bytes[..last]).map_or(0, |i| i + 1);
        let line = trim(&bytes[start..last]);
        end = start;
        if line.is_empty() {
            continue;
        }
        if let Some(name) = def_name(line) {
            return Some(name);
        }
        if line.starts_with(b"class ") {
            return None;
        }
        let continues = if in_signature {
            line.ends_with(b",") || line.ends_with(b"(")
        } else {
            // The last line of a signature split over several lines: `b: int) -> None:`.
            line.ends_with(b":") && line.contains(&b')')
        };
        if !continues {
            return None;
        }
        in_signature = true;
    }
    None
}

/// The name in `def name(` / `async def name(`.
fn def_name(line: &[u8]) -> Option<String> {
    let line = line.strip_prefix(b"async ").map_or(line, trim_start);
    let rest = line.strip_prefix(b"def")?;
    if !rest.first().is_some_and(|&b| is_hspace(b)) {
        return None;
    }
    let (name, after) = ident(trim_start(rest))?;
    trim_start(after).starts_with(b"(").then_some(name)
}
