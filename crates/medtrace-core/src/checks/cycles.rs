//! Cycles in `parent` and `derived-from` links: an architecture or a derivation that
//! loops has no top, so neither its class nor its trace can be followed (5.3.1, 5.2.1).

use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::LinkRole;

// implements: SRS-012
pub(super) fn check(items: &[Item], graph: &Graph, diags: &mut Vec<Diagnostic>) {
    for role in [LinkRole::Parent, LinkRole::DerivedFrom] {
        for cycle in find_cycles(items.len(), |i| graph.targets(i, role)) {
            diags.push(report(items, &cycle, role));
        }
    }
}

fn report(items: &[Item], cycle: &[ItemIdx], role: LinkRole) -> Diagnostic {
    // Start the cycle at its smallest ID so the message is the same whatever the walk order.
    let start = (0..cycle.len())
        .min_by_key(|&k| &items[cycle[k]].id)
        .unwrap_or(0);
    let ordered: Vec<ItemIdx> = cycle[start..]
        .iter()
        .chain(&cycle[..start])
        .copied()
        .collect();
    let path: Vec<&str> = ordered
        .iter()
        .chain(ordered.first())
        .map(|&i| items[i].id.as_str())
        .collect();
    let link_span = |from: ItemIdx, to: ItemIdx| {
        items[from]
            .links(role)
            .find(|l| l.target == items[to].id)
            .map(|l| l.span)
    };
    let first = ordered[0];
    let next = ordered[1 % ordered.len()];
    let mut d = Diagnostic::new(
        Code::LinkCycle,
        link_span(first, next).or(Some(items[first].id_span)),
        format!(
            "`{}` links form a cycle: {}",
            role.field(),
            path.join(" → ")
        ),
    )
    .with_help(format!(
        "remove one `{}` link so the chain has a top",
        role.field()
    ));
    for k in 1..ordered.len() {
        let (from, to) = (ordered[k], ordered[(k + 1) % ordered.len()]);
        if let Some(span) = link_span(from, to) {
            d = d.with_related(span, format!("`{}` → `{}`", items[from].id, items[to].id));
        }
    }
    d
}

/// Every elementary cycle found by one depth-first walk (one cycle per back edge).
fn find_cycles<I>(n: usize, next: impl Fn(ItemIdx) -> I) -> Vec<Vec<ItemIdx>>
where
    I: Iterator<Item = ItemIdx>,
{
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut cycles = Vec::new();
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, its successors not yet walked).
        let mut path: Vec<ItemIdx> = vec![root];
        let mut pending: Vec<Vec<ItemIdx>> = vec![next(root).collect()];
        mark[root] = Mark::OnStack;
        while let Some(todo) = pending.last_mut() {
            match todo.pop() {
                Some(succ) => match mark[succ] {
                    Mark::New => {
                        mark[succ] = Mark::OnStack;
                        path.push(succ);
                        pending.push(next(succ).collect());
                    }
                    Mark::OnStack => {
                        let at = path.iter().rposition(|&p| p == succ).unwrap_or(0);
                        cycles.push(path[at..].to_vec());
                    }
                    Mark::Done => {}
                },
                None => {
                    pending.pop();
                    if let Some(done) = path.pop() {
                        mark[done] = Mark::Done;
                    }
                }
            }
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_once_each() {
        let edges: Vec<Vec<usize>> = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let cycles = find_cycles(edges.len(), |i| edges[i].clone().into_iter());
        assert_eq!(cycles, vec![vec![0, 1, 2], vec![3]]);
    }
}
