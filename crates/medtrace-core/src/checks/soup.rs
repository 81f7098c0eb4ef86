//! SOUP against the lockfiles, tailored by class: every component that ships has a SOUP
//! record (8.1.2), every record is still locked at the version it names, and records of
//! class B and C carry purpose, prerequisites and an anomaly review of the locked version
//! (5.3.3, 5.3.4, 7.1.3).

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole, Status};
use crate::soup::{Component, Lockfile, Scope};
use crate::source::Sources;
use crate::yaml::Value;

/// A package URL without version, qualifiers and subpath: `pkg:cargo/serde`.
pub fn purl_base(purl: &str) -> &str {
    // The version follows the name, after the last `/`: an npm scope written `@babel`
    // instead of `%40babel` is part of the namespace, not a version.
    let name_start = purl.rfind('/').map_or(0, |i| i + 1);
    let end = purl[name_start..]
        .find(['@', '?', '#'])
        .map_or(purl.len(), |i| name_start + i);
    &purl[..end]
}

/// The version a package URL names, if any.
pub fn purl_version(purl: &str) -> Option<&str> {
    let rest = purl.get(purl_base(purl).len()..)?.strip_prefix('@')?;
    Some(rest.split(['?', '#']).next().unwrap_or(rest)).filter(|v| !v.is_empty())
}

/// The package-URL type of a purl (`cargo` in `pkg:cargo/serde`).
fn purl_type(purl: &str) -> Option<&str> {
    purl.strip_prefix("pkg:")?.split('/').next()
}

/// Whether a SOUP record is held against the lockfiles: its package URL is of a type the
/// lockfiles hold (`pkg:cargo/…` when a Cargo.lock is configured). A record of vendored
/// code (`pkg:github/…`, `pkg:generic/…`) is not, as no lockfile can list it.
pub fn lockable(item: &Item, lockfiles: &[Lockfile]) -> bool {
    let Some(ty) = item.text("purl").and_then(|p| purl_type(p.trim())) else {
        return false;
    };
    lockfiles
        .iter()
        .flat_map(|l| &l.components)
        .any(|c| purl_type(&c.purl) == Some(ty))
}

/// A `*`-glob over a component name.
fn name_glob(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len()
                && name.starts_with(head)
                && name_glob_rest(tail, &name[head.len()..])
        }
    }
}

fn name_glob_rest(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => text.ends_with(pattern),
        Some((part, rest)) => (0..=text.len())
            .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(part))
            .any(|i| name_glob_rest(rest, &text[i + part.len()..])),
    }
}

/// Whether SOUP record `item` covers `component`: its `purl` names the same package, or
/// one of its `includes` globs matches the component's name in the same ecosystem.
pub fn covers(item: &Item, component: &Component) -> bool {
    let purl = item.text("purl").map(str::trim);
    if purl.is_some_and(|p| purl_base(p).eq_ignore_ascii_case(purl_base(&component.purl))) {
        return true;
    }
    let same_type = purl.is_none_or(|p| purl_type(p) == purl_type(&component.purl));
    same_type && includes(item).iter().any(|g| name_glob(g, &component.name))
}

fn includes(item: &Item) -> Vec<&str> {
    match item.field("includes").map(|f| &f.value.value) {
        Some(Value::Seq(nodes)) => nodes.iter().filter_map(|n| n.as_str()).collect(),
        Some(Value::Scalar { text, .. }) => vec![text.as_str()],
        _ => Vec::new(),
    }
}

/// The class a SOUP record is held to: the highest of the software items using it, else
/// the system's.
pub(crate) fn soup_class(i: ItemIdx, graph: &Graph, config: &Config) -> Class {
    graph
        .sources(i, LinkRole::Uses)
        .filter_map(|s| graph.class(s))
        .max()
        .unwrap_or(config.class)
}

/// Whether a component counts as SOUP under the configuration.
pub fn in_scope(component: &Component, config: &Config) -> bool {
    match component.scope {
        Scope::Runtime | Scope::Optional => true,
        Scope::Dev | Scope::Build => config.soup_dev,
    }
}

fn list(names: &[String]) -> String {
    crate::diagnostic::name_list(names, 5)
}

// implements: SRS-040
/// Runs the SOUP checks. Without lockfiles there is nothing to hold the records against,
/// and only the class-tailored fields are checked.
pub fn check(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    sources: &Sources,
    lockfiles: &[Lockfile],
    diags: &mut Vec<Diagnostic>,
) {
    let soups: Vec<ItemIdx> = (0..items.len())
        .filter(|&i| items[i].ty == ItemType::Soup && items[i].status != Status::Obsolete)
        .collect();
    for lockfile in lockfiles {
        let missing: Vec<&Component> = lockfile
            .components
            .iter()
            .filter(|c| in_scope(c, config) && !soups.iter().any(|&s| covers(&items[s], c)))
            .collect();
        if let Some(first) = missing.first() {
            let names: Vec<String> = missing
                .iter()
                .map(|c| format!("{} {}", c.name, c.version))
                .collect();
            let path = &sources.get(first.span.file).path;
            diags.push(
                Diagnostic::new(
                    Code::SoupNotRecorded,
                    Some(first.span),
                    format!(
                        "{} in `{path}` {} no SOUP record: {}",
                        plural_components(missing.len()),
                        if missing.len() == 1 { "has" } else { "have" },
                        list(&names)
                    ),
                )
                .with_help("run `medtrace soup sync` to create their records, or add them to the `includes` of the record that groups them"),
            );
        }
    }
    for &s in &soups {
        let item = &items[s];
        let class = soup_class(s, graph, config);
        fields(item, class, diags);
        if lockfiles.is_empty() || item.partial {
            continue;
        }
        let locked: Vec<&Component> = lockfiles
            .iter()
            .flat_map(|l| &l.components)
            .filter(|c| covers(item, c))
            .collect();
        if locked.is_empty() {
            if lockable(item, lockfiles) {
                let span = item.field("purl").map_or(item.id_span, |f| f.value.span);
                diags.push(
                    Diagnostic::new(
                        Code::SoupNotLocked,
                        Some(span),
                        format!("SOUP `{}` is in none of the lockfiles", item.id),
                    )
                    .with_help("if the component was removed, mark the record obsolete; if it is vendored or system-provided, say so and remove the `purl`"),
                );
            }
            continue;
        }
        // The version the record names, in `version` or else in its `purl`.
        let Some(version) = item
            .text("version")
            .map(str::trim)
            .or_else(|| item.text("purl").and_then(purl_version))
        else {
            continue;
        };
        // A record naming one package holds one version; a group's version is its lead's.
        let lead: Vec<&&Component> = match item.text("purl") {
            Some(p) => locked
                .iter()
                .filter(|c| purl_base(&c.purl).eq_ignore_ascii_case(purl_base(p)))
                .collect(),
            None => Vec::new(),
        };
        let purl_drift = item
            .text("purl")
            .and_then(purl_version)
            .is_some_and(|v| !lead.iter().any(|c| c.version == v));
        if !lead.is_empty() && (!lead.iter().any(|c| c.version == version) || purl_drift) {
            let versions: Vec<&str> = lead.iter().map(|c| c.version.as_str()).collect();
            let span = item.field("version").map_or(item.id_span, |f| f.value.span);
            diags.push(
                Diagnostic::new(
                    Code::SoupVersionDrift,
                    Some(span),
                    format!("SOUP `{}` records version {version}, the lockfile has {}", item.id, versions.join(", ")),
                )
                .with_related(lead[0].span, "locked here")
                .with_help("review the new version (its anomaly list, 7.1.3), then update `version` and the review"),
            );
        }
        if class >= Class::B {
            review_version(item, &lead, diags);
        }
    }
}

fn plural_components(n: usize) -> String {
    if n == 1 {
        "1 component".to_string()
    } else {
        format!("{n} components")
    }
}

/// The fields the class asks of a SOUP record.
fn fields(item: &Item, class: Class, diags: &mut Vec<Diagnostic>) {
    let mut required = vec!["supplier", "version"];
    if class >= Class::B {
        required.extend(["purpose", "prerequisites", "anomaly-review"]);
    }
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|f| {
            item.field(f).is_none_or(|x| {
                x.value.is_null() || x.value.as_str().is_some_and(|s| s.trim().is_empty())
            })
        })
        .collect();
    if !missing.is_empty() && !item.partial {
        diags.push(
            Diagnostic::new(
                Code::SoupFieldsMissing,
                Some(item.id_span),
                format!("SOUP `{}` (class {class}) has no {}", item.id, missing.join(", ")),
            )
            .with_help("class A needs supplier and version (8.1.2); B and C also the purpose (5.3.3), the prerequisites (5.3.4) and a review of the anomaly list (7.1.3)"),
        );
    }
}

/// For B and C: the anomaly review names the version it reviewed, and it is the locked one.
fn review_version(item: &Item, lead: &[&&Component], diags: &mut Vec<Diagnostic>) {
    let Some(review) = item.field("anomaly-review") else {
        return;
    };
    let Value::Map(entries) = &review.value.value else {
        return;
    };
    let reviewed = entries
        .iter()
        .find(|(k, _)| matches!(k.as_str(), Some("version" | "reviewed-version")))
        .and_then(|(_, v)| v.as_str().map(|s| (s.trim(), v.span)));
    let Some((reviewed, span)) = reviewed else {
        diags.push(
            Diagnostic::new(
                Code::SoupReviewOutdated,
                Some(review.key_span),
                format!(
                    "the anomaly review of SOUP `{}` does not say which version it reviewed",
                    item.id
                ),
            )
            .with_help("add `reviewed-version:` to `anomaly-review`"),
        );
        return;
    };
    if !lead.is_empty() && !lead.iter().any(|c| c.version == reviewed) {
        diags.push(
            Diagnostic::new(
                Code::SoupReviewOutdated,
                Some(span),
                format!("the anomaly review of SOUP `{}` is of version {reviewed}, the lockfile has {}", item.id, lead[0].version),
            )
            .with_related(lead[0].span, "locked here")
            .with_help("review the published anomaly list of the locked version (IEC 62304 7.1.3) and record it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_and_globs() {
        assert_eq!(purl_base("pkg:cargo/serde@1.0.1"), "pkg:cargo/serde");
        assert_eq!(
            purl_base("pkg:npm/%40babel/core@7.0.0?x=1"),
            "pkg:npm/%40babel/core"
        );
        assert_eq!(
            purl_base("pkg:npm/@babel/runtime@7.24.0"),
            "pkg:npm/@babel/runtime"
        );
        assert_eq!(
            purl_version("pkg:npm/@babel/runtime@7.24.0"),
            Some("7.24.0")
        );
        assert_eq!(purl_version("pkg:cargo/serde"), None);
        assert!(name_glob("tokio-*", "tokio-macros"));
        assert!(name_glob("*-sys", "libgit2-sys"));
        assert!(name_glob("a*b*c", "axxbyyc"));
        assert!(!name_glob("tokio-*", "tokio"));
        assert!(name_glob("serde", "serde"));
    }
}
