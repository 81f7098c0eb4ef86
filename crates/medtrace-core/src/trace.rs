//! Trace matrices along a chain of types, with gaps marked.
//!
//! A chain such as `SYS → SRS → SWI → TST` names columns. Each column after the first
//! hangs off the nearest earlier column it has a link role with (a software-item column
//! is only chosen when no other earlier column relates, so tests hang off requirements,
//! not the architecture). Columns hanging off the column just before them form the
//! spine: rows expand along it, one row per path. Other columns are listed in their cell.
//! Items of a spine column that no path reaches get rows of their own, with the earlier
//! cells marked as gaps.

use crate::graph::{Graph, ItemIdx};
use crate::item::Item;
use crate::model::{ItemType, LinkRole, Status};

/// How one column relates to the column it hangs off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The earlier column.
    pub from_column: usize,
    /// The link role.
    pub role: LinkRole,
    /// Whether the earlier column's items hold the link (else this column's items do).
    pub forward: bool,
}

/// A trace matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// The column types.
    pub columns: Vec<ItemType>,
    /// How each column after the first is reached.
    pub hops: Vec<Hop>,
    /// Rows; each cell lists the items in it (empty = a gap).
    pub rows: Vec<Vec<Vec<ItemIdx>>>,
}

impl Matrix {
    /// Number of rows with at least one gap.
    pub fn gap_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.iter().any(Vec::is_empty))
            .count()
    }
}

/// Why a chain cannot be traced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainError {
    /// Fewer than two columns.
    TooShort,
    /// No link role relates this column to any earlier one.
    NoRelation(ItemType),
}

fn relation(a: ItemType, b: ItemType) -> Option<(LinkRole, bool)> {
    LinkRole::ALL.into_iter().find_map(|r| {
        if r.source() == a && r.targets().contains(&b) {
            Some((r, true))
        } else if r.source() == b && r.targets().contains(&a) {
            Some((r, false))
        } else {
            None
        }
    })
}

/// Works out how each column is reached.
pub fn plan(columns: &[ItemType]) -> Result<Vec<Hop>, ChainError> {
    if columns.len() < 2 {
        return Err(ChainError::TooShort);
    }
    let mut hops = Vec::new();
    for (i, &col) in columns.iter().enumerate().skip(1) {
        let candidates = (0..i)
            .rev()
            .filter_map(|j| relation(columns[j], col).map(|r| (j, r)));
        let (mut best, mut fallback) = (None, None);
        for (j, r) in candidates {
            if columns[j] == ItemType::Swi && col != ItemType::Swi {
                fallback.get_or_insert((j, r));
            } else {
                best = Some((j, r));
                break;
            }
        }
        let (from_column, (role, forward)) =
            best.or(fallback).ok_or(ChainError::NoRelation(col))?;
        hops.push(Hop {
            from_column,
            role,
            forward,
        });
    }
    Ok(hops)
}

fn linked(graph: &Graph, hop: Hop, ty: ItemType, from: ItemIdx, items: &[Item]) -> Vec<ItemIdx> {
    let mut out: Vec<ItemIdx> = if hop.forward {
        graph.targets(from, hop.role).collect()
    } else {
        graph.sources(from, hop.role).collect()
    };
    // A role may reach several types (`verifies` reaches SRS, RCM and SWI): keep the column's.
    out.retain(|&i| items[i].ty == ty && items[i].status != Status::Obsolete);
    out.sort_by(|&a, &b| items[a].id.cmp(&items[b].id));
    out
}

// implements: SRS-020
/// Builds the matrix for a chain. Obsolete items are left out.
pub fn matrix(items: &[Item], graph: &Graph, columns: &[ItemType]) -> Result<Matrix, ChainError> {
    let hops = plan(columns)?;
    // The spine: the longest prefix of columns each hanging off the one before.
    let spine_len = 1 + hops
        .iter()
        .enumerate()
        .take_while(|(k, h)| h.from_column == *k)
        .count();
    if let Some(k) = (spine_len..columns.len()).find(|&c| hops[c - 1].from_column >= spine_len) {
        return Err(ChainError::NoRelation(columns[k]));
    }
    let mut builder = Builder {
        items,
        graph,
        types: columns,
        hops: &hops,
        spine_len,
        rows: Vec::new(),
        reached: vec![false; items.len()],
    };
    for start_col in 0..spine_len {
        let mut starts: Vec<ItemIdx> = (0..items.len())
            .filter(|&i| items[i].ty == columns[start_col] && items[i].status != Status::Obsolete)
            .collect();
        starts.sort_by(|&a, &b| items[a].id.cmp(&items[b].id));
        for start in starts {
            if !builder.reached[start] {
                let mut row = vec![Vec::new(); columns.len()];
                row[start_col] = vec![start];
                builder.expand(row, start_col);
            }
        }
    }
    Ok(Matrix {
        columns: columns.to_vec(),
        rows: builder.rows,
        hops,
    })
}

struct Builder<'a> {
    items: &'a [Item],
    graph: &'a Graph,
    types: &'a [ItemType],
    hops: &'a [Hop],
    spine_len: usize,
    rows: Vec<Vec<Vec<ItemIdx>>>,
    reached: Vec<bool>,
}

impl Builder<'_> {
    /// Completes a row whose spine is filled up to `col`, then expands the next spine column.
    fn expand(&mut self, mut row: Vec<Vec<ItemIdx>>, col: usize) {
        let Some(&from) = row[col].first() else {
            self.rows.push(row);
            return;
        };
        self.reached[from] = true;
        for (c, cell) in row.iter_mut().enumerate().skip(self.spine_len) {
            let hop = self.hops[c - 1];
            if hop.from_column == col {
                *cell = linked(self.graph, hop, self.types[c], from, self.items);
                for &i in cell.iter() {
                    self.reached[i] = true;
                }
            }
        }
        let next = col + 1;
        let children = if next < self.spine_len {
            linked(
                self.graph,
                self.hops[next - 1],
                self.types[next],
                from,
                self.items,
            )
        } else {
            Vec::new()
        };
        if children.is_empty() {
            self.rows.push(row);
            return;
        }
        for child in children {
            let mut r = row.clone();
            r[next] = vec![child];
            self.expand(r, next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemType::*;

    #[test]
    fn tests_hang_off_requirements_not_the_architecture() {
        let hops = plan(&[Sys, Srs, Swi, Tst]).unwrap_or_default();
        let from: Vec<usize> = hops.iter().map(|h| h.from_column).collect();
        assert_eq!(from, [0, 1, 1]);
        let hops = plan(&[Haz, Rcm, Srs, Tst]).unwrap_or_default();
        let from: Vec<usize> = hops.iter().map(|h| h.from_column).collect();
        assert_eq!(from, [0, 1, 2]);
        assert_eq!(plan(&[Sys, Doc]), Err(ChainError::NoRelation(Doc)));
    }
}
