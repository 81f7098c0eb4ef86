//! Python package names: PEP 503 normalisation and the checks a name must pass.
//!
//! PyPI treats `Werkzeug`, `werkzeug`, `zope.interface` and `zope_interface` as the
//! spellings of one project: lowercased, with every run of `-`, `_` and `.` read as one
//! `-`. Lockfiles mix spellings (poetry writes a dependency as `charset_normalizer` and
//! the package as `charset-normalizer`), so every lookup goes through [`normalise`];
//! components keep the name as the lockfile writes it.

/// The PEP 503 normalised form of a distribution name: lowercase, with each run of
/// `-`, `_` and `.` replaced by one `-` (`Zope_Interface` → `zope-interface`).
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator {
                out.push('-');
            }
            in_separator = true;
        } else {
            out.extend(c.to_lowercase());
            in_separator = false;
        }
    }
    out
}

/// Whether `name` is a valid distribution name (PEP 508: ASCII letters and digits,
/// with `-`, `_` and `.` inside but not at either end).
pub fn is_valid(name: &str) -> bool {
    let bytes = name.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// The length of the distribution name at the start of a PEP 508 requirement
/// (`requests[socks]>=2` → 8), 0 if it does not start with one.
pub fn name_len(requirement: &str) -> usize {
    let bytes = requirement.as_bytes();
    let mut end = 0;
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            end = i + 1;
        } else if !matches!(b, b'-' | b'_' | b'.') || i == 0 {
            break;
        }
    }
    end
}

/// The PyPI package URL of a component: the normalised name, then the version.
pub fn purl(name: &str, version: &str) -> String {
    crate::purl::build(
        crate::model::Ecosystem::PyPi,
        None,
        &normalise(name),
        version,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_as_pep_503() {
        assert_eq!(normalise("Werkzeug"), "werkzeug");
        assert_eq!(normalise("zope.interface"), "zope-interface");
        assert_eq!(normalise("Zope__Interface"), "zope-interface");
        assert_eq!(normalise("charset_normalizer"), "charset-normalizer");
        assert_eq!(normalise("a-_.b"), "a-b");
        assert_eq!(normalise("PyYAML"), "pyyaml");
    }

    #[test]
    fn finds_the_name_of_a_requirement() {
        assert_eq!(name_len("requests[socks]>=2"), 8);
        assert_eq!(name_len("zope.interface==6"), 14);
        assert_eq!(name_len("a-"), 1);
        assert_eq!(name_len("-e ./x"), 0);
        assert_eq!(name_len(""), 0);
        assert!(is_valid("zope.interface"));
        assert!(!is_valid("-x"));
        assert!(!is_valid("x y"));
    }
}
