//! Package URLs (`pkg:type/namespace/name@version`) as the purl specification writes them:
//! each namespace segment, the name and the version percent-encoded on their own, with the
//! per-type normalisations (lowercase npm, composer and PyPI names; `_` to `-` for PyPI).
//!
//! Only ASCII letters, digits, `.`, `-`, `_`, `~` and `:` are left as they are; every other
//! byte of the UTF-8 text is written `%XX` with upper-case hex, as packageurl-python and
//! packageurl-java do. So `@babel/core` is `pkg:npm/%40babel/core@…` and a build suffix
//! `1.0.0+abc` is `@1.0.0%2Babc`.
//!
//! Go module paths keep their case, although the golang type definition asks for lower
//! case: Go paths are case-sensitive (`github.com/Sirupsen/logrus` and
//! `github.com/sirupsen/logrus` are different modules), OSV's Go records and the usual
//! SBOM tools (syft, trivy, osv-scanner) keep it, and lowering it would merge modules.

use crate::model::Ecosystem;

/// The package URL of a component, from its namespace (segments separated by `/`; `None`
/// or empty for none), name and version, each normalised and percent-encoded per type.
pub fn build(ecosystem: Ecosystem, namespace: Option<&str>, name: &str, version: &str) -> String {
    let mut out = String::with_capacity(8 + name.len() + version.len());
    out.push_str("pkg:");
    out.push_str(ecosystem.purl_type());
    out.push('/');
    if let Some(namespace) = namespace.filter(|ns| !ns.is_empty()) {
        let namespace = normalise_namespace(ecosystem, namespace);
        // Empty segments (`a//b`, a leading or trailing `/`) are dropped, as the spec says.
        for segment in namespace.split('/').filter(|s| !s.is_empty()) {
            encode_into(&mut out, segment);
            out.push('/');
        }
    }
    encode_into(&mut out, &normalise_name(ecosystem, name));
    if !version.is_empty() {
        out.push('@');
        encode_into(&mut out, version);
    }
    out
}

/// The package URL of a component from its name as the ecosystem spells it in full,
/// split into namespace and name by the ecosystem's rule: an npm scope (`@babel/core`),
/// a Go module path (`golang.org/x/net`: namespace `golang.org/x`, name `net`), a
/// composer vendor (`symfony/console`); other ecosystems have no namespace.
pub fn for_name(ecosystem: Ecosystem, full_name: &str, version: &str) -> String {
    let (namespace, name) = split_name(ecosystem, full_name);
    build(ecosystem, namespace, name, version)
}

/// Splits a full name into (namespace, name) as [`for_name`] does.
pub fn split_name(ecosystem: Ecosystem, full_name: &str) -> (Option<&str>, &str) {
    match ecosystem {
        Ecosystem::Npm => match full_name.split_once('/') {
            Some((scope, name)) if scope.starts_with('@') => (Some(scope), name),
            _ => (None, full_name),
        },
        Ecosystem::Go | Ecosystem::Packagist => match full_name.rsplit_once('/') {
            Some((namespace, name)) => (Some(namespace), name),
            None => (None, full_name),
        },
        Ecosystem::Cargo | Ecosystem::PyPi | Ecosystem::RubyGems => (None, full_name),
    }
}

fn normalise_namespace(ecosystem: Ecosystem, namespace: &str) -> String {
    match ecosystem {
        Ecosystem::Npm | Ecosystem::Packagist => namespace.to_lowercase(),
        _ => namespace.to_owned(),
    }
}

fn normalise_name(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        Ecosystem::Npm | Ecosystem::Packagist => name.to_lowercase(),
        Ecosystem::PyPi => name.to_lowercase().replace('_', "-"),
        _ => name.to_owned(),
    }
}

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~' | b':') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(
            build(Ecosystem::Cargo, None, "rand", "0.7.2"),
            "pkg:cargo/rand@0.7.2"
        );
        assert_eq!(
            for_name(Ecosystem::Npm, "@angular/animation", "12.3.1"),
            "pkg:npm/%40angular/animation@12.3.1"
        );
        assert_eq!(
            for_name(Ecosystem::Npm, "foobar", "12.3.1"),
            "pkg:npm/foobar@12.3.1"
        );
        assert_eq!(
            for_name(
                Ecosystem::Go,
                "github.com/gorilla/context",
                "234fd47e07d1004f0aed9c"
            ),
            "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c"
        );
        assert_eq!(
            build(
                Ecosystem::RubyGems,
                None,
                "ruby-advisory-db-check",
                "0.12.4"
            ),
            "pkg:gem/ruby-advisory-db-check@0.12.4"
        );
        assert_eq!(
            for_name(Ecosystem::Packagist, "Laravel/Laravel", "5.5.0"),
            "pkg:composer/laravel/laravel@5.5.0"
        );
        assert_eq!(
            build(Ecosystem::PyPi, None, "Django_Allauth", "12.23"),
            "pkg:pypi/django-allauth@12.23"
        );
    }

    #[test]
    fn encodes_reserved_and_non_ascii() {
        assert_eq!(
            build(Ecosystem::Cargo, None, "x", "1.0.0+build.5"),
            "pkg:cargo/x@1.0.0%2Bbuild.5"
        );
        assert_eq!(build(Ecosystem::Npm, None, "a b", "1"), "pkg:npm/a%20b@1");
        assert_eq!(build(Ecosystem::Npm, None, "é", "1"), "pkg:npm/%C3%A9@1");
        assert_eq!(
            build(Ecosystem::Npm, None, "a", "1.0.0-rc:1"),
            "pkg:npm/a@1.0.0-rc:1"
        );
        assert_eq!(build(Ecosystem::Npm, None, "x/y", ""), "pkg:npm/x%2Fy");
        assert_eq!(
            build(Ecosystem::Go, Some("/a//b/"), "c", "v1"),
            "pkg:golang/a/b/c@v1"
        );
    }
}
