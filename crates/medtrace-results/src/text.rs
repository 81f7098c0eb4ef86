//! Small text helpers shared by the readers.

/// The text without a leading byte order mark, and the byte offset of what is left.
pub(crate) fn strip_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    }
}

/// The line of a failure message worth showing: the first non-blank line, trimmed, that is
/// not a bare source location. googletest starts every message with `file.cc:12` (or
/// `unknown file`) on a line of its own; the line after it says what went wrong.
/// Go's `=== RUN` framing lines (gotestsum and go-junit-report copy the test's output into
/// the failure) are skipped too.
pub(crate) fn message_line(message: &str) -> Option<String> {
    let mut lines = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_go_framing(l));
    let first = lines.next()?;
    if !is_location(first) {
        return Some(first.to_owned());
    }
    Some(lines.next().unwrap_or(first).to_owned())
}

/// `=== RUN   TestX`, `=== PAUSE …`, `=== CONT …`, `=== NAME …`.
fn is_go_framing(line: &str) -> bool {
    ["=== RUN", "=== PAUSE", "=== CONT", "=== NAME"]
        .iter()
        .any(|p| line.starts_with(p))
}

/// `path:12`, `path:*` (googletest's own expected output) or `unknown file`.
fn is_location(line: &str) -> bool {
    if line == "unknown file" {
        return true;
    }
    if line.contains(char::is_whitespace) {
        return false;
    }
    match line.rsplit_once(':') {
        Some((path, tail)) => {
            !path.is_empty()
                && (tail == "*" || (!tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit())))
        }
        None => false,
    }
}

/// Reads a duration in seconds as reports write it: `0.004`, `1,234.5` (Surefire's grouping
/// separator in some versions), `0,5` or `1.234,5` (a decimal comma from the locale).
/// `Ok(None)` for an empty value; `Err(())` for anything that is not a finite, non-negative
/// number.
pub(crate) fn parse_seconds(raw: &str) -> Result<Option<f64>, ()> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let normal = match (s.rfind('.'), s.rfind(',')) {
        // Both: whichever comes last separates the fraction; the other groups digits.
        (Some(dot), Some(comma)) if comma < dot => s.replace(',', ""),
        (Some(_), Some(_)) => s.replace('.', "").replace(',', "."),
        (None, Some(_)) => {
            let mut parts = s.split(',');
            let (whole, fraction) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            let grouping = parts.next().is_some()
                || (fraction.len() == 3 && !matches!(whole, "" | "0" | "-0"));
            if grouping {
                s.replace(',', "")
            } else {
                s.replacen(',', ".", 1)
            }
        }
        _ => s.to_owned(),
    };
    if !normal
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return Err(());
    }
    match normal.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(()),
    }
}

/// A message of another library made to fit our style: without the leading position
/// (`position 18: `, `at 5..12: `, relative to a piece we already point at with a span) and
/// with the first letter lowercased unless it starts an acronym (`EOF`).
pub(crate) fn library_message(message: &str) -> String {
    // Such messages can quote whole runs of the report (an end tag that swallowed text).
    const MAX_CHARS: usize = 200;
    let s = strip_position(message);
    let mut chars = s.chars();
    let s = match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => s.to_owned(),
        (Some(first), _) => first
            .to_lowercase()
            .chain(s[first.len_utf8()..].chars())
            .collect(),
        (None, _) => String::new(),
    };
    one_line(&s, MAX_CHARS)
}

fn strip_position(s: &str) -> &str {
    for prefix in ["position ", "at "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            if digits.len() < rest.len()
                && let Some(after) = digits.strip_prefix(": ")
            {
                return after;
            }
        }
    }
    s
}

/// Text from a report quoted in a message: on one line, and cut short.
pub(crate) fn quoted(s: &str) -> String {
    const MAX_CHARS: usize = 80;
    one_line(s, MAX_CHARS)
}

/// `s` with control characters (line breaks too) escaped, cut after `max` characters.
fn one_line(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("0.004"), Ok(Some(0.004)));
        assert_eq!(parse_seconds(" 12 "), Ok(Some(12.0)));
        assert_eq!(parse_seconds(""), Ok(None));
        assert_eq!(parse_seconds("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_seconds("1.234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_seconds("0,5"), Ok(Some(0.5)));
        assert_eq!(parse_seconds("0,123"), Ok(Some(0.123)));
        assert_eq!(parse_seconds("1,234"), Ok(Some(1234.0)));
        assert_eq!(parse_seconds("1,234,567"), Ok(Some(1_234_567.0)));
        assert_eq!(parse_seconds("2,5"), Ok(Some(2.5)));
        assert_eq!(parse_seconds("abc"), Err(()));
        assert_eq!(parse_seconds("NaN"), Err(()));
        assert_eq!(parse_seconds("inf"), Err(()));
        assert_eq!(parse_seconds("-1"), Err(()));
        assert_eq!(parse_seconds("1e400"), Err(()));
    }

    #[test]
    fn library_messages() {
        assert_eq!(library_message("EOF while parsing"), "EOF while parsing");
        assert_eq!(library_message("Syntax error"), "syntax error");
        assert_eq!(
            library_message("position 18: duplicated attribute"),
            "duplicated attribute"
        );
        assert_eq!(
            library_message("at 5..12: unrecognized entity `x`"),
            "unrecognized entity `x`"
        );
        assert_eq!(library_message("at least"), "at least");
        assert_eq!(library_message(""), "");
        assert_eq!(library_message("expected `</a\nb>`"), "expected `</a\\nb>`");
        assert_eq!(quoted("a\u{0}b"), "a\\u{0}b");
        assert_eq!(quoted(&"x".repeat(100)).chars().count(), 81);
    }

    #[test]
    fn message_lines() {
        assert_eq!(message_line("\n  boom \nmore"), Some("boom".into()));
        assert_eq!(
            message_line("pump_test.cc:10\nValue of: RateOk(5)"),
            Some("Value of: RateOk(5)".into())
        );
        assert_eq!(
            message_line("unknown file\nC++ exception"),
            Some("C++ exception".into())
        );
        assert_eq!(message_line("a.cc:*\nExpected"), Some("Expected".into()));
        assert_eq!(message_line("a.cc:12"), Some("a.cc:12".into()));
        assert_eq!(message_line("Error: x:1"), Some("Error: x:1".into()));
        assert_eq!(message_line(" \n "), None);
        assert_eq!(
            message_line("=== RUN   TestX\n    x_test.go:3: boom\n--- FAIL: TestX"),
            Some("x_test.go:3: boom".into())
        );
    }
}
