//! The part of a tag after the colon: a comma-separated list of IDs.

use crate::marker::is_hspace;
use medtrace_core::model::split_id;

/// A well-formed ID list.
pub(crate) struct Ids {
    /// Each ID's byte range.
    pub(crate) ids: Vec<(usize, usize)>,
    /// The end of the last ID.
    pub(crate) end: usize,
}

/// A list that is not well formed.
pub(crate) struct Malformed {
    /// The end of the tag as written (the body without trailing spaces).
    pub(crate) end: usize,
    /// What is wrong, lowercase.
    pub(crate) reason: String,
}

// implements: SRS-029, SRS-032
/// Reads the IDs in `bytes[start..line_end]` (after `keyword:`), up to the end of the
/// line or a block-comment or docstring closer.
pub(crate) fn parse(
    bytes: &[u8],
    start: usize,
    line_end: usize,
    keyword: &str,
) -> Result<Ids, Malformed> {
    let mut end = body_end(bytes, start, line_end);
    while end > start && is_hspace(bytes[end - 1]) {
        end -= 1;
    }
    let skip_space = |mut i: usize| {
        while i < end && is_hspace(bytes[i]) {
            i += 1;
        }
        i
    };
    let token_end = |mut i: usize| {
        while i < end && !is_hspace(bytes[i]) && bytes[i] != b',' {
            i += 1;
        }
        i
    };
    let malformed = |reason: String| Err(Malformed { end, reason });
    let mut i = skip_space(start);
    if i >= end {
        return malformed(format!("`{keyword}:` is not followed by an ID"));
    }
    let mut ids: Vec<(usize, usize)> = Vec::new();
    loop {
        let t = token_end(i);
        let token = &bytes[i..t];
        if !is_id(token) {
            let found = if token.is_empty() {
                "`,`".to_string()
            } else {
                quote(token)
            };
            return malformed(if ids.is_empty() {
                format!("expected an ID such as `SRS-012` after `{keyword}:`, found {found}")
            } else {
                format!("expected an ID after `,`, found {found}")
            });
        }
        ids.push((i, t));
        i = skip_space(t);
        if i >= end {
            return Ok(Ids { ids, end: t });
        }
        if bytes[i] == b',' {
            i = skip_space(i + 1);
            if i >= end {
                return malformed("trailing comma after the last ID".to_string());
            }
            continue;
        }
        let next = &bytes[i..token_end(i)];
        return malformed(if is_id(next) {
            format!("missing comma between {} and {}", quote(token), quote(next))
        } else {
            format!(
                "unexpected {} after the IDs: a tag holds only IDs, separated by commas",
                quote(next)
            )
        });
    }
}

/// The end of the tag's text: the first block-comment or docstring closer in
/// `start..line_end`, or `line_end`.
fn body_end(bytes: &[u8], start: usize, line_end: usize) -> usize {
    let text = &bytes[start..line_end];
    for (i, &b) in text.iter().enumerate() {
        let rest = &text[i + 1..];
        let closes = match b {
            b'*' => rest.first().is_some_and(|&n| n == b'/' || n == b')'),
            b'-' => rest.starts_with(b"->") || rest.first() == Some(&b'}'),
            b'"' => rest.starts_with(b"\"\""),
            b'\'' => rest.starts_with(b"''"),
            _ => false,
        };
        if closes {
            return start + i;
        }
    }
    line_end
}

/// Whether `token` is an item ID (`PREFIX-NAME`).
fn is_id(token: &[u8]) -> bool {
    std::str::from_utf8(token).ok().and_then(split_id).is_some()
}

/// `token` in backticks for a message, shortened when long.
fn quote(token: &[u8]) -> String {
    const MAX: usize = 32;
    let text = String::from_utf8_lossy(token);
    if text.chars().count() > MAX {
        let short: String = text.chars().take(MAX).collect();
        format!("`{short}…`")
    } else {
        format!("`{text}`")
    }
}
