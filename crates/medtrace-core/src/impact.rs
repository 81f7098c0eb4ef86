//! Change impact: what a change to one item can touch, for the analysis a change request
//! records (IEC 62304 7.4, 8.2.2). From the changed item the walk follows the links a
//! change travels along — a requirement to what refines it, to the software items it is
//! allocated to, to the risk controls it implements, to its tests; a software item to its
//! children, the requirements allocated to it, the hazards it contributes to; a risk
//! control to its hazards and the requirements implementing it; a SOUP item to the
//! software items using it and the hazards naming it as a cause — and on from what it
//! passes through. Items the change only touches (the other requirements of a changed
//! software item, the hazards it contributes to) add their risk controls and tests but
//! carry the change no further, so a change stays a change and not the whole project.
//! Each item reached keeps the link it was first reached by, so the output can say why
//! it is there.

use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{ItemType, LinkRole, Status};
use crate::risk::RiskFile;
use std::collections::VecDeque;

/// How an item was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Along `role` from `from` to the item (`from` holds the link).
    Link {
        /// The item reached before.
        from: ItemIdx,
        /// The role of the link.
        role: LinkRole,
        /// Whether `from` holds the link (true) or the item reached does (false).
        forward: bool,
    },
    /// The item names `from`'s SOUP record as the SOUP of a hazard cause.
    SoupCause {
        /// The SOUP item.
        from: ItemIdx,
    },
}

/// One item a change can touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reached {
    /// The item.
    pub item: ItemIdx,
    /// How it was first reached; `None` for the changed item itself.
    pub via: Option<Via>,
    /// Links walked from the changed item.
    pub depth: usize,
}

/// How far the walk goes from an item it reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// The change travels on through it ([`steps`]).
    Through,
    /// It is touched: its own risk controls, hazards' controls and tests are listed
    /// ([`touch_steps`]), but the change does not travel on through it.
    Touch,
}

/// The roles a change travels along from an item of type `ty` that it passes through:
/// (role, forward, how far from the item reached). Forward follows the item's own links;
/// backward follows links other items hold to it.
fn steps(ty: ItemType) -> &'static [(LinkRole, bool, Reach)] {
    use LinkRole::*;
    use Reach::*;
    match ty {
        ItemType::Sys => &[(DerivedFrom, false, Through), (Verifies, false, Touch)],
        ItemType::Srs => &[
            (DerivedFrom, false, Through),
            (AllocatedTo, true, Through),
            (Implements, true, Touch),
            (Verifies, false, Touch),
        ],
        ItemType::Swi => &[
            (Parent, false, Through),
            (AllocatedTo, false, Touch),
            (Items, false, Touch),
            (Verifies, false, Touch),
        ],
        ItemType::Soup => &[(Uses, false, Through)],
        ItemType::Rcm => &[
            (Mitigates, true, Touch),
            (Implements, false, Through),
            (Verifies, false, Touch),
        ],
        ItemType::Haz => &[(Mitigates, false, Touch), (Items, true, Touch)],
        ItemType::Cr => &[(Changes, true, Through), (Resolves, true, Touch)],
        ItemType::Prb => &[(Affects, true, Touch)],
        ItemType::Tst | ItemType::Doc | ItemType::Rel => &[],
    }
}

/// What is listed from an item the change only touches: the risk controls a requirement
/// implements, the controls of a hazard, and the tests of either.
fn touch_steps(ty: ItemType) -> &'static [(LinkRole, bool, Reach)] {
    use LinkRole::*;
    use Reach::*;
    match ty {
        ItemType::Srs => &[(Implements, true, Touch), (Verifies, false, Touch)],
        ItemType::Haz => &[(Mitigates, false, Touch)],
        ItemType::Rcm | ItemType::Swi | ItemType::Sys => &[(Verifies, false, Touch)],
        _ => &[],
    }
}

// implements: SRS-047
/// Every item a change to `start` can touch, in the order reached (breadth first), the
/// changed item first. Obsolete items are not walked into.
pub fn impact(items: &[Item], graph: &Graph, risk: &RiskFile, start: ItemIdx) -> Vec<Reached> {
    let mut seen = vec![false; items.len()];
    let mut out = vec![Reached {
        item: start,
        via: None,
        depth: 0,
    }];
    seen[start] = true;
    let mut queue = VecDeque::from([(0usize, Reach::Through)]);
    while let Some((k, reach)) = queue.pop_front() {
        let Reached {
            item: at, depth, ..
        } = out[k];
        let table = match reach {
            Reach::Through => steps(items[at].ty),
            Reach::Touch => touch_steps(items[at].ty),
        };
        let mut next: Vec<(ItemIdx, Via, Reach)> = Vec::new();
        for &(role, forward, then) in table {
            let found: Vec<ItemIdx> = if forward {
                graph.targets(at, role).collect()
            } else {
                graph.sources(at, role).collect()
            };
            next.extend(found.into_iter().map(|to| {
                (
                    to,
                    Via::Link {
                        from: at,
                        role,
                        forward,
                    },
                    then,
                )
            }));
        }
        if items[at].ty == ItemType::Soup && reach == Reach::Through {
            let id = &items[at].id;
            for hazard in &risk.hazards {
                if hazard.causes.iter().any(|c| c.soup.as_deref() == Some(id)) {
                    next.push((hazard.item, Via::SoupCause { from: at }, Reach::Touch));
                }
            }
        }
        for (to, via, then) in next {
            if seen[to] || items[to].status == Status::Obsolete {
                continue;
            }
            seen[to] = true;
            out.push(Reached {
                item: to,
                via: Some(via),
                depth: depth + 1,
            });
            queue.push_back((out.len() - 1, then));
        }
    }
    out
}
