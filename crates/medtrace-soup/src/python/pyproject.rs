//! The direct dependencies a `pyproject.toml` declares: PEP 621 `[project]`
//! (`dependencies`, `optional-dependencies`), PEP 735 `[dependency-groups]` and Poetry's
//! `[tool.poetry]` tables (`dependencies`, `dev-dependencies`, `group.<name>.dependencies`).

use super::graph::Dep;
use super::tomlread::{self, Value};
use super::{Sink, names, requirement_extras};
use crate::model::Scope;
use toml::de::DeTable;

/// One direct dependency: its normalised name, the extras asked of it and its scope.
pub(super) struct Direct {
    pub name: String,
    pub extras: Vec<String>,
    pub scope: Scope,
}

/// The direct dependencies of the project, in the order the manifest lists them.
pub(super) fn read(text: &str, sink: &mut Sink) -> Vec<Direct> {
    let root = tomlread::parse(text, sink);
    let root = root.get_ref();
    let mut out = Vec::new();
    if let Some(project) = root
        .get("project")
        .and_then(|v| tomlread::table(sink, v, "project"))
    {
        if let Some(deps) = project.get("dependencies") {
            pep508_list(sink, deps, "project.dependencies", Scope::Runtime, &mut out);
        }
        if let Some(extras) = project.get("optional-dependencies") {
            let what = "project.optional-dependencies";
            for (_, list) in tomlread::table(sink, extras, what).into_iter().flatten() {
                pep508_list(sink, list, what, Scope::Optional, &mut out);
            }
        }
    }
    if let Some(groups) = root.get("dependency-groups") {
        for (_, list) in tomlread::table(sink, groups, "dependency-groups")
            .into_iter()
            .flatten()
        {
            // `{include-group = "…"}` items name another group, listed on its own.
            let Some(items) = tomlread::array(sink, list, "dependency-groups") else {
                continue;
            };
            for item in items.iter().filter(|i| i.get_ref().as_table().is_none()) {
                if let Some(requirement) = tomlread::string(sink, item, "dependency-groups") {
                    push_requirement(sink, item, requirement, Scope::Dev, &mut out);
                }
            }
        }
    }
    if let Some(poetry) = tomlread::path(root, &["tool", "poetry"]) {
        poetry_table(sink, poetry.get("dependencies"), Scope::Runtime, &mut out);
        poetry_table(sink, poetry.get("dev-dependencies"), Scope::Dev, &mut out);
        if let Some(groups) = poetry
            .get("group")
            .and_then(|v| tomlread::table(sink, v, "tool.poetry.group"))
        {
            for (name, group) in groups {
                let Some(group) = tomlread::table(sink, group, "tool.poetry.group") else {
                    continue;
                };
                let scope = if name.get_ref() == "main" {
                    Scope::Runtime
                } else {
                    Scope::Dev
                };
                poetry_table(sink, group.get("dependencies"), scope, &mut out);
            }
        }
    }
    out
}

impl Direct {
    /// The dependency on `target` this declaration makes.
    pub fn dep(&self, target: usize) -> Dep {
        Dep {
            target,
            extras: self.extras.clone(),
        }
    }
}

fn pep508_list(sink: &mut Sink, list: &Value<'_>, what: &str, scope: Scope, out: &mut Vec<Direct>) {
    for item in tomlread::array(sink, list, what).unwrap_or_default() {
        if let Some(requirement) = tomlread::string(sink, item, what) {
            push_requirement(sink, item, requirement, scope, out);
        }
    }
}

fn push_requirement(
    sink: &mut Sink,
    item: &Value<'_>,
    requirement: &str,
    scope: Scope,
    out: &mut Vec<Direct>,
) {
    let requirement = requirement.trim_start();
    let len = names::name_len(requirement);
    if len == 0 {
        let r = item.span();
        sink.push(
            r.start,
            r.end,
            format!("cannot read the requirement `{requirement}`"),
        );
        return;
    }
    out.push(Direct {
        name: names::normalise(&requirement[..len]),
        extras: requirement_extras(requirement),
        scope,
    });
}

/// `[tool.poetry.dependencies]`: keys are names (`python` is the interpreter); a table
/// value may say `optional = true` (installed only through an extra) and ask for extras.
fn poetry_table(sink: &mut Sink, table: Option<&Value<'_>>, scope: Scope, out: &mut Vec<Direct>) {
    let Some(table) = table.and_then(|t| tomlread::table(sink, t, "tool.poetry dependencies"))
    else {
        return;
    };
    for (name, spec) in table.iter().filter(|(name, _)| name.get_ref() != "python") {
        let mut extras = Vec::new();
        let mut optional = false;
        // A list of tables is one dependency with several constraints (by marker).
        let specs: &[Value<'_>] = match spec.get_ref().as_array() {
            Some(list) => list,
            None => std::slice::from_ref(spec),
        };
        for spec in specs {
            if let Some(spec) = spec.get_ref().as_table() {
                optional |= optional_flag(sink, spec);
                if let Some(list) = spec.get("extras") {
                    extras.extend(
                        tomlread::strings(sink, list, "extras")
                            .into_iter()
                            .map(names::normalise),
                    );
                }
            }
        }
        let scope = if optional && scope == Scope::Runtime {
            Scope::Optional
        } else {
            scope
        };
        out.push(Direct {
            name: names::normalise(name.get_ref()),
            extras,
            scope,
        });
    }
}

fn optional_flag(sink: &mut Sink, spec: &DeTable<'_>) -> bool {
    spec.get("optional")
        .and_then(|v| tomlread::boolean(sink, v, "optional"))
        .unwrap_or(false)
}
