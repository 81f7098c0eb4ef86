//! Coverage along the V: every system requirement refined, every software requirement
//! derived and verified, every risk control implemented and verified (5.2, 5.7, 7.2, 7.3).

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{ItemType, LinkRole, Status};
use std::collections::HashSet;

// implements: SRS-013, SRS-014
pub(super) fn check(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    tag_verified: &HashSet<ItemIdx>,
    diags: &mut Vec<Diagnostic>,
) {
    // Links held by obsolete items do not cover anything.
    let live = |i: &ItemIdx| items[*i].status != Status::Obsolete;
    let tst = config.prefix(ItemType::Tst);
    for (i, item) in items.iter().enumerate() {
        // The second holder of a duplicate ID (reported) cannot be linked to: skip it.
        if item.status == Status::Obsolete || item.partial || graph.lookup(&item.id) != Some(i) {
            continue;
        }
        let covered = |role| {
            graph.sources(i, role).any(|s| live(&s))
                // A test function tagged `verifies:` in code verifies as a test item does.
                || (role == LinkRole::Verifies && tag_verified.contains(&i))
        };
        let at = Some(item.id_span);
        match item.ty {
            ItemType::Sys if !covered(LinkRole::DerivedFrom) => diags.push(
                Diagnostic::new(
                    Code::SystemRequirementNotRefined,
                    at,
                    format!("no software requirement is derived from `{}`", item.id),
                )
                .with_help(format!(
                    "add `derived-from: [{}]` to the {} items that refine it",
                    item.id,
                    config.prefix(ItemType::Srs)
                )),
            ),
            ItemType::Srs => {
                if item.links(LinkRole::DerivedFrom).next().is_none()
                    && !(item.derived && item.has_derived_rationale)
                {
                    let help = if item.derived {
                        "say why in `derived-rationale`".to_string()
                    } else {
                        format!(
                            "add `derived-from: [{}-…]`, or `derived: true` with a `derived-rationale`",
                            config.prefix(ItemType::Sys)
                        )
                    };
                    let message = if item.derived {
                        format!(
                            "`{}` is marked derived but gives no `derived-rationale`",
                            item.id
                        )
                    } else {
                        format!("`{}` is derived from no system requirement", item.id)
                    };
                    diags.push(
                        Diagnostic::new(Code::RequirementNotDerived, at, message).with_help(help),
                    );
                }
                if !covered(LinkRole::Verifies) {
                    diags.push(
                        Diagnostic::new(
                            Code::RequirementNotVerified,
                            at,
                            format!("no test verifies `{}`", item.id),
                        )
                        .with_help(format!("add `verifies: [{}]` to a {tst} item", item.id)),
                    );
                }
            }
            ItemType::Rcm => {
                // An RCM that does not say it is external is taken to be in software.
                let in_software = item.text("implementation") != Some("external");
                if in_software && !covered(LinkRole::Implements) {
                    diags.push(
                        Diagnostic::new(
                            Code::RiskControlNotImplemented,
                            at,
                            format!("no software requirement implements risk control `{}`", item.id),
                        )
                        .with_help(format!(
                            "add `implements: [{}]` to the {} that puts it into software, or set `implementation: external`",
                            item.id,
                            config.prefix(ItemType::Srs)
                        )),
                    );
                }
                if !covered(LinkRole::Verifies) {
                    diags.push(
                        Diagnostic::new(
                            Code::RiskControlNotVerified,
                            at,
                            format!("no test verifies risk control `{}`", item.id),
                        )
                        .with_help(format!("add `verifies: [{}]` to a {tst} item", item.id)),
                    );
                }
            }
            _ => {}
        }
    }
}
