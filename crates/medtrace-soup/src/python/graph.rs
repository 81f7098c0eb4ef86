//! The dependency graph of a Python lockfile with extras: a package's dependencies, and
//! per extra the further dependencies it pulls in. Scopes and edges come from walking it
//! from the project's own requirements.

use crate::model::Scope;
use std::collections::HashSet;

/// A dependency on a node, with the extras it asks for (`httpx[socks]`).
#[derive(Clone, Debug, Default)]
pub(super) struct Dep {
    pub target: usize,
    pub extras: Vec<String>,
}

/// Nodes are packages of the lockfile (the project's own packages included).
#[derive(Debug, Default)]
pub(super) struct Graph {
    /// Each node's dependencies.
    pub deps: Vec<Vec<Dep>>,
    /// Each node's extras: name (normalised) and the dependencies it adds.
    pub extras: Vec<Vec<(String, Vec<Dep>)>>,
}

/// Where a walk starts: a node, the extras asked of it, and the scope of that need.
pub(super) struct Seed {
    pub dep: Dep,
    pub scope: Scope,
}

impl Graph {
    /// A graph of `n` nodes without dependencies.
    pub fn new(n: usize) -> Graph {
        Graph {
            deps: vec![Vec::new(); n],
            extras: vec![Vec::new(); n],
        }
    }

    /// The scope each node is reached with from the seeds: run time over optional over
    /// build over dev; `None` where no seed reaches it.
    pub fn scopes(&self, seeds: &[Seed]) -> Vec<Option<Scope>> {
        let n = self.deps.len();
        let mut out: Vec<Option<Scope>> = vec![None; n];
        for scope in [Scope::Runtime, Scope::Optional, Scope::Build, Scope::Dev] {
            let start = seeds.iter().filter(|s| s.scope == scope).map(|s| &s.dep);
            self.walk(start, |node| {
                if let Some(slot) = out.get_mut(node) {
                    slot.get_or_insert(scope);
                }
            });
        }
        out
    }

    /// The edges (dependent, dependency): every plain dependency, and the dependencies of
    /// each extra that some dependency or seed asks for.
    pub fn edges(&self, seeds: &[Seed]) -> Vec<(usize, usize)> {
        let mut asked: HashSet<(usize, &str)> = HashSet::new();
        let all = self
            .deps
            .iter()
            .flatten()
            .chain(self.extras.iter().flatten().flat_map(|e| &e.1));
        for dep in all.chain(seeds.iter().map(|s| &s.dep)) {
            for extra in &dep.extras {
                asked.insert((dep.target, extra.as_str()));
            }
        }
        let mut edges = Vec::new();
        for (from, deps) in self.deps.iter().enumerate() {
            edges.extend(deps.iter().map(|d| (from, d.target)));
            for (extra, deps) in &self.extras[from] {
                if asked.contains(&(from, extra.as_str())) {
                    edges.extend(deps.iter().map(|d| (from, d.target)));
                }
            }
        }
        edges.retain(|&(from, to)| from != to);
        edges.sort_unstable();
        edges.dedup();
        edges
    }

    /// Calls `visit` once on every node reachable from `start`, following the extras
    /// each dependency asks for.
    fn walk<'d>(&self, start: impl Iterator<Item = &'d Dep>, mut visit: impl FnMut(usize)) {
        let n = self.deps.len();
        let mut seen = vec![false; n];
        let mut seen_extra: HashSet<(usize, &str)> = HashSet::new();
        let mut stack: Vec<&Dep> = start.collect();
        while let Some(dep) = stack.pop() {
            let node = dep.target;
            if node >= n {
                continue;
            }
            if !seen[node] {
                seen[node] = true;
                visit(node);
                stack.extend(&self.deps[node]);
            }
            for extra in &dep.extras {
                if let Some((name, deps)) = self.extras[node].iter().find(|e| &e.0 == extra)
                    && seen_extra.insert((node, name.as_str()))
                {
                    stack.extend(deps);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(target: usize, extras: &[&str]) -> Dep {
        Dep {
            target,
            extras: extras.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn extras_are_followed_only_when_asked_for() {
        // 0 -> 1[socks]; 1 has extra socks -> 2 and extra http2 -> 3; 4 is a dev tool -> 1.
        let mut g = Graph::new(5);
        g.deps[0].push(dep(1, &["socks"]));
        g.extras[1].push(("socks".into(), vec![dep(2, &[])]));
        g.extras[1].push(("http2".into(), vec![dep(3, &[])]));
        g.deps[4].push(dep(1, &[]));
        let seeds = [
            Seed {
                dep: dep(0, &[]),
                scope: Scope::Runtime,
            },
            Seed {
                dep: dep(4, &[]),
                scope: Scope::Dev,
            },
        ];
        let scopes = g.scopes(&seeds);
        assert_eq!(
            scopes,
            [
                Some(Scope::Runtime),
                Some(Scope::Runtime),
                Some(Scope::Runtime),
                None,
                Some(Scope::Dev)
            ]
        );
        assert_eq!(g.edges(&seeds), [(0, 1), (1, 2), (4, 1)]);
    }

    #[test]
    fn a_stronger_scope_wins_and_cycles_end() {
        let mut g = Graph::new(3);
        g.deps[0].push(dep(1, &[]));
        g.deps[1].push(dep(0, &[]));
        g.deps[2].push(dep(1, &[]));
        let seeds = [
            Seed {
                dep: dep(2, &[]),
                scope: Scope::Dev,
            },
            Seed {
                dep: dep(0, &[]),
                scope: Scope::Optional,
            },
        ];
        assert_eq!(
            g.scopes(&seeds),
            [
                Some(Scope::Optional),
                Some(Scope::Optional),
                Some(Scope::Dev)
            ]
        );
    }
}
