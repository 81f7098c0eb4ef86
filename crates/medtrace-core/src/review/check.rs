//! The `link-suspect` check, and the check of `[review] normative` against the schema.

use super::{
    Direction, FIELD, Fingerprints, LinkState, ReviewPolicy, in_scope, item_review, record,
};
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::graph::Graph;
use crate::item::Item;
use crate::model::{ItemType, LinkRole};
use crate::schema::Schema;
use crate::source::Sources;

// implements: SRS-053
/// Reports each suspect link of every reviewed item, review records that cannot be
/// read, and normative fields the schema does not know. Items without a review record
/// are never suspect.
pub fn check(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) {
    check_policy(config, diags);
    let reviewed: Vec<usize> = (0..items.len())
        .filter(|&i| in_scope(&items[i]) && items[i].field(FIELD).is_some())
        .collect();
    if reviewed.is_empty() {
        return;
    }
    let mut fingerprints = Fingerprints::new(items, sources, &config.review);
    for idx in reviewed {
        let item = &items[idx];
        let record = match record(item) {
            Ok(Some(record)) => record,
            Ok(None) => continue,
            Err(problems) => {
                diags.extend(problems);
                continue;
            }
        };
        let state = item_review(items, graph, &mut fingerprints, idx);
        for link in &state.links {
            let up = &items[link.link.item];
            let fix = format!("then run `medtrace review {}`", item.id);
            let d = match &link.state {
                LinkState::Changed { recorded, span } => Diagnostic::new(
                    Code::LinkSuspect,
                    Some(*span),
                    format!(
                        "`{}` was reviewed against `{}` on {}, and `{}` has changed since",
                        item.id, up.id, record.date, up.id
                    ),
                )
                .with_related(
                    up.id_span,
                    format!(
                        "its title, body or normative fields changed: fingerprint {} (recorded {recorded})",
                        link.current.map(|f| f.short()).unwrap_or_default()
                    ),
                )
                .with_help(format!(
                    "check that `{}` still holds for the new `{}` (`git log -p {}` shows what changed), update it if needed, {fix}",
                    item.id,
                    up.id,
                    sources.get(up.file).path
                )),
                LinkState::Added => {
                    let covered = "the review, which does not cover it";
                    match link.link.direction {
                        Direction::Target => Diagnostic::new(
                            Code::LinkSuspect,
                            Some(link.link.span),
                            format!(
                                "the review of `{}` ({}) does not cover `{}`, which it {}",
                                item.id,
                                record.date,
                                up.id,
                                verb(link.link.role)
                            ),
                        )
                        .with_related(record.span, covered),
                        Direction::Source => Diagnostic::new(
                            Code::LinkSuspect,
                            Some(record.span),
                            format!(
                                "the review of `{}` ({}) does not cover `{}`, {} it",
                                item.id,
                                record.date,
                                up.id,
                                verb(link.link.role)
                            ),
                        )
                        .with_related(
                            link.link.span,
                            format!("`{}` links `{}` here", up.id, item.id),
                        ),
                    }
                    .with_help(format!(
                        "review `{}` against `{}`, {fix}",
                        item.id, up.id
                    ))
                }
                LinkState::Current | LinkState::Unreviewed | LinkState::Unreadable => continue,
            };
            diags.push(d);
        }
    }
}

/// How a message says what a link does: "which it verifies", "allocated to it".
fn verb(role: LinkRole) -> &'static str {
    match role {
        LinkRole::DerivedFrom => "is derived from",
        LinkRole::AllocatedTo => "allocated to",
        LinkRole::Implements => "implements",
        LinkRole::Parent => "has as parent",
        LinkRole::Uses => "uses",
        LinkRole::Items => "names as contributing",
        LinkRole::Mitigates => "mitigates",
        LinkRole::Verifies => "verifies",
        other => other.field(),
    }
}

/// Each normative field must be a field of its type, and not `id` or `reviewed` (a
/// review must not change the fingerprint of what it reviews).
fn check_policy(config: &Config, diags: &mut Vec<Diagnostic>) {
    let policy: &ReviewPolicy = &config.review;
    if policy.normative.iter().all(Vec::is_empty) {
        return;
    }
    let schema = Schema::new(config);
    for ty in ItemType::ALL {
        for field in &policy.normative[ty as usize] {
            let known = schema.field(ty, &field.name).is_some();
            if known && field.name != "id" && field.name != FIELD {
                continue;
            }
            let message = if known {
                format!("`{}` cannot be a normative field", field.name)
            } else {
                format!("`{}` is not a field of `{ty}`", field.name)
            };
            let names = schema.fields(ty).iter().map(|f| f.name.as_str());
            let help = match closest(&field.name, names).filter(|_| !known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "name fields of `{ty}` besides `title`, which always counts; never `id` or `{FIELD}`: recording a review must not change what was reviewed"
                ),
            };
            diags.push(
                Diagnostic::new(Code::ConfigInvalidValue, field.span, message).with_help(help),
            );
        }
    }
}
