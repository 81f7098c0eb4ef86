//! `medtrace explain CODE`: the code's page from the user guide, built into the binary.

use anyhow::{Result, bail};
use medtrace_core::Code;

/// The diagnostics chapter of the user guide; one `## code` section per code.
pub const GUIDE: &str = include_str!("../../../docs/src/diagnostics.md");

/// The guide's section for `name` (from its heading to the next `## `), if any.
pub fn section(name: &str) -> Option<&'static str> {
    let heading = format!("## `{name}`\n");
    let start = GUIDE.find(&heading)?;
    let rest = &GUIDE[start + heading.len()..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
    Some(&GUIDE[start..start + heading.len() + end])
}

pub fn explain(code: Option<&str>) -> Result<String> {
    let Some(name) = code else {
        let mut out = String::new();
        for code in Code::ALL {
            out.push_str(&format!(
                "{:34} {:5} {:5} {}\n",
                code.name(),
                code.default_level(),
                code.classes(),
                code.summary()
            ));
        }
        return Ok(out);
    };
    let Some(code) = Code::from_name(name) else {
        let names = Code::ALL.iter().map(|c| c.name());
        match medtrace_core::diagnostic::closest(name, names) {
            Some(near) => bail!("`{name}` is not a finding code; did you mean `{near}`?"),
            None => bail!("`{name}` is not a finding code; `medtrace explain` lists them"),
        }
    };
    let page = section(code.name()).unwrap_or(code.summary());
    Ok(format!(
        "{}\n\nDefault level: {}. Clause: {}. Applies at classes: {}.\n",
        page.trim_end(),
        code.default_level(),
        if code.clause().is_empty() {
            "none (a matter of medtrace's own formats)"
        } else {
            code.clause()
        },
        code.classes()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code has its page in the user guide, with the parts a page must have.
    #[test]
    fn every_code_has_a_page() {
        let mut missing = Vec::new();
        for code in Code::ALL {
            match section(code.name()) {
                None => missing.push(format!("{}: no section", code.name())),
                Some(page) => {
                    for part in ["**Why**", "**Example**", "**Fix**"] {
                        if !page.contains(part) {
                            missing.push(format!("{}: no {part}", code.name()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "docs/src/diagnostics.md lacks: {missing:#?}"
        );
    }

    /// The classes of the class rules table are shown with each code, and in the list.
    #[test]
    fn explain_names_the_classes_a_code_applies_at() {
        let page = explain(Some("unit-design-missing")).expect("a code");
        assert!(
            page.ends_with("Clause: 5.4.2, 5.4.3. Applies at classes: C.\n"),
            "{page}"
        );
        let page = explain(Some("config-syntax")).expect("a code");
        assert!(page.ends_with("Applies at classes: A B C.\n"), "{page}");
        let list = explain(None).expect("the list");
        let line = list
            .lines()
            .find(|l| l.starts_with("item-interfaces-missing "))
            .expect("listed");
        assert!(
            line.contains(" deny  B C   a software item of a class B or C system"),
            "{line}"
        );
    }

    #[test]
    fn the_guide_documents_no_code_that_does_not_exist() {
        for line in GUIDE.lines() {
            if let Some(name) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
                assert!(Code::from_name(name).is_some(), "stale page for `{name}`");
            }
        }
    }
}
