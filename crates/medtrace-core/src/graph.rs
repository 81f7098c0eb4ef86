//! The link graph: IDs resolved to items, links in both directions, effective classes.

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::item::Item;
use crate::model::{Class, ItemType, LinkRole, Status, split_id};
use std::collections::HashMap;

/// Index of an item in [`crate::Analysis::items`].
pub type ItemIdx = usize;

/// A resolved link: the role and the item at the other end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// The role, as held by the source item.
    pub role: LinkRole,
    /// The item at the other end (the target for outgoing edges, the source for incoming).
    pub item: ItemIdx,
}

/// Links resolved in both directions, and each item's effective safety class.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    index: HashMap<String, ItemIdx>,
    outgoing: Vec<Vec<Edge>>,
    incoming: Vec<Vec<Edge>>,
    classes: Vec<Option<Class>>,
}

impl Graph {
    // implements: SRS-008, SRS-009, SRS-010, SRS-011, RCM-010
    /// Resolves the links of `items`, reporting broken ones into `diags`.
    pub fn build(items: &[Item], config: &Config, diags: &mut Vec<Diagnostic>) -> Graph {
        let mut index: HashMap<String, ItemIdx> = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(&first) = index.get(&item.id) {
                diags.push(
                    Diagnostic::new(
                        Code::ItemIdDuplicate,
                        Some(item.id_span),
                        format!("`{}` is also the ID of another item", item.id),
                    )
                    .with_related(items[first].id_span, "first defined here")
                    .with_help("give one of the items the next free ID (`medtrace new` finds it)"),
                );
            } else {
                index.insert(item.id.clone(), i);
            }
        }
        let mut graph = Graph {
            index,
            outgoing: vec![Vec::new(); items.len()],
            incoming: vec![Vec::new(); items.len()],
            classes: Vec::new(),
        };
        for (i, item) in items.iter().enumerate() {
            for link in &item.links {
                let Some(&target) = graph.index.get(&link.target) else {
                    diags.push(missing_target(items, &graph, config, item, link));
                    continue;
                };
                let to = &items[target];
                if target == i || to.id == item.id {
                    diags.push(
                        Diagnostic::new(
                            Code::LinkSelf,
                            Some(link.span),
                            format!("`{}` links to itself in `{}`", item.id, link.role.field()),
                        )
                        .with_help("remove the link"),
                    );
                    continue;
                }
                if !link.role.accepts(to.ty) {
                    let allowed: Vec<&str> = link
                        .role
                        .targets()
                        .iter()
                        .map(|&t| config.prefix(t))
                        .collect();
                    diags.push(
                        Diagnostic::new(
                            Code::LinkWrongType,
                            Some(link.span),
                            format!(
                                "`{}` of `{}` points at {} `{}`",
                                link.role.field(),
                                item.id,
                                to.ty.name(),
                                to.id
                            ),
                        )
                        .with_related(to.id_span, format!("`{}` is defined here", to.id))
                        .with_help(format!(
                            "`{}` takes {} items",
                            link.role.field(),
                            allowed.join(" or ")
                        )),
                    );
                    continue;
                }
                if to.status == Status::Obsolete && item.status != Status::Obsolete {
                    diags.push(
                        Diagnostic::new(
                            Code::LinkToObsolete,
                            Some(link.span),
                            format!("`{}` links to obsolete `{}`", item.id, to.id),
                        )
                        .with_related(to.id_span, "marked obsolete here")
                        .with_help("link to the item that replaced it, or remove the link"),
                    );
                }
                let edge = Edge {
                    role: link.role,
                    item: target,
                };
                if !graph.outgoing[i].contains(&edge) {
                    graph.outgoing[i].push(edge);
                    graph.incoming[target].push(Edge {
                        role: link.role,
                        item: i,
                    });
                }
            }
        }
        graph.classes = effective_classes(items, &graph, config, diags);
        graph
    }

    /// The item with this ID (the first one, if the ID is duplicated).
    pub fn lookup(&self, id: &str) -> Option<ItemIdx> {
        self.index.get(id).copied()
    }

    /// Resolved links held by an item.
    pub fn outgoing(&self, item: ItemIdx) -> &[Edge] {
        &self.outgoing[item]
    }

    /// Resolved links pointing at an item.
    pub fn incoming(&self, item: ItemIdx) -> &[Edge] {
        &self.incoming[item]
    }

    /// Targets of an item's links in one role.
    pub fn targets(&self, item: ItemIdx, role: LinkRole) -> impl Iterator<Item = ItemIdx> + '_ {
        self.outgoing[item]
            .iter()
            .filter(move |e| e.role == role)
            .map(|e| e.item)
    }

    /// Items linking to `item` in one role.
    pub fn sources(&self, item: ItemIdx, role: LinkRole) -> impl Iterator<Item = ItemIdx> + '_ {
        self.incoming[item]
            .iter()
            .filter(move |e| e.role == role)
            .map(|e| e.item)
    }

    /// The effective safety class of a software item or requirement; `None` for other types.
    pub fn class(&self, item: ItemIdx) -> Option<Class> {
        self.classes.get(item).copied().flatten()
    }
}

fn missing_target(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    item: &Item,
    link: &crate::item::Link,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::LinkTargetMissing,
        Some(link.span),
        format!(
            "`{}` of `{}` names `{}`, which no item has",
            link.role.field(),
            item.id,
            link.target
        ),
    );
    // Suggest among items the role accepts, sharing the target's prefix when it has one.
    let prefix = split_id(&link.target).map(|(p, _)| p);
    let candidates = items.iter().filter(|other| {
        link.role.accepts(other.ty)
            && prefix
                .is_none_or(|p| config.type_of_prefix(p).is_none() || config.prefix(other.ty) == p)
            && graph.index.contains_key(&other.id)
    });
    match closest(&link.target, candidates.map(|c| c.id.as_str())) {
        Some(near) => d.with_help(format!("did you mean `{near}`?")),
        None => d.with_help("create the item (`medtrace new`) or correct the ID"),
    }
}

// implements: SRS-015, SRS-016, RCM-008
/// Effective class of every SWI (own, else parents', else the system's) and SRS (highest of
/// the items it is allocated to, else the system's). Reports lower classes without rationale.
fn effective_classes(
    items: &[Item],
    graph: &Graph,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<Class>> {
    let mut classes: Vec<Option<Class>> = vec![None; items.len()];
    let mut visiting = vec![false; items.len()];
    for i in 0..items.len() {
        if items[i].ty == ItemType::Swi {
            swi_class(i, items, graph, config, &mut classes, &mut visiting);
        }
    }
    for (i, item) in items.iter().enumerate() {
        match item.ty {
            ItemType::Swi => {
                let Some(own) = item.class else { continue };
                if item.has_class_rationale {
                    continue;
                }
                let parent = graph
                    .targets(i, LinkRole::Parent)
                    .filter_map(|p| classes[p].map(|c| (c, p)))
                    .max();
                // Without a parent, the item sits directly under the system's class.
                let above = parent.map_or(config.class, |(c, _)| c);
                if own >= above {
                    continue;
                }
                let span = item.field("class").map(|f| f.value.span);
                let d = match parent {
                    Some((parent_class, p)) => Diagnostic::new(
                        Code::ClassRationaleMissing,
                        span,
                        format!(
                            "`{}` is class {own} under `{}` of class {parent_class}, with no `class-rationale`",
                            item.id, items[p].id
                        ),
                    )
                    .with_related(items[p].id_span, format!("`{}` is class {parent_class}", items[p].id)),
                    None => Diagnostic::new(
                        Code::ClassRationaleMissing,
                        span,
                        format!(
                            "`{}` is class {own} in a class {above} software system, with no `class-rationale`",
                            item.id
                        ),
                    ),
                };
                diags.push(d.with_help("say why the lower class holds in `class-rationale` (and name the segregation it relies on), or raise the class"));
            }
            ItemType::Srs => {
                classes[i] = Some(
                    graph
                        .targets(i, LinkRole::AllocatedTo)
                        .filter_map(|s| classes[s])
                        .max()
                        .unwrap_or(config.class),
                );
            }
            _ => {}
        }
    }
    classes
}

fn swi_class(
    start: ItemIdx,
    items: &[Item],
    graph: &Graph,
    config: &Config,
    classes: &mut [Option<Class>],
    visiting: &mut [bool],
) {
    // Iterative, so a parent chain of any length cannot overflow the stack.
    let mut stack = vec![start];
    while let Some(&i) = stack.last() {
        if classes[i].is_some() {
            stack.pop();
        } else if let Some(own) = items[i].class {
            classes[i] = Some(own);
            stack.pop();
        } else if !visiting[i] {
            visiting[i] = true;
            stack.extend(
                graph
                    .targets(i, LinkRole::Parent)
                    .filter(|&p| classes[p].is_none() && !visiting[p]),
            );
        } else {
            // Parents inside a cycle (reported elsewhere) count as the system class.
            let class = graph
                .targets(i, LinkRole::Parent)
                .map(|p| classes[p].unwrap_or(config.class))
                .max()
                .unwrap_or(config.class);
            classes[i] = Some(class);
            stack.pop();
        }
    }
}
