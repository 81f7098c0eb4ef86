//! `[documents]` in medtrace.toml: how the generated document set names its documents and
//! who signs them (the approval block of each PDF).

use crate::config::{Reader, Value};
use toml::de::{DeTable, DeValue};

/// One role in the approval block of every generated document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approver {
    /// The role, for example "Author", "Reviewer", "Quality assurance".
    pub role: String,
    /// The person who holds it; empty when the block leaves the name to be written in.
    pub name: String,
}

/// The `[documents]` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentsConfig {
    /// The prefix of every document ID (`DHF` gives `DHF-SRS`).
    pub id_prefix: String,
    /// The roles of the approval block, in order.
    pub approvers: Vec<Approver>,
}

impl Default for DocumentsConfig {
    fn default() -> DocumentsConfig {
        DocumentsConfig {
            id_prefix: "DHF".to_string(),
            approvers: Vec::new(),
        }
    }
}

impl Reader {
    /// Reads `[documents]`; what cannot be read is reported and left at its default.
    pub(crate) fn documents(&mut self, table: &DeTable<'_>) -> DocumentsConfig {
        let mut out = DocumentsConfig::default();
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "id-prefix" => {
                    if let Some(s) = self.string(value, "documents.id-prefix") {
                        let s = s.trim();
                        let ok = !s.is_empty()
                            && s.chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                        if ok {
                            out.id_prefix = s.to_string();
                        } else {
                            self.invalid(
                                value,
                                format!("`{s}` is not a document ID prefix"),
                                "use letters, digits, `-` and `_`, for example \"DHF\"",
                            );
                        }
                    }
                }
                "approvers" => out.approvers = self.approvers(value),
                _ => self.unknown(key, "[documents]", &["id-prefix", "approvers"]),
            }
        }
        out
    }

    fn approvers(&mut self, value: &Value<'_>) -> Vec<Approver> {
        let DeValue::Array(entries) = value.get_ref() else {
            self.invalid(
                value,
                "`documents.approvers` must be a list of tables".into(),
                "write approvers = [{ role = \"Author\", name = \"A. Person\" }]",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in entries.iter() {
            let DeValue::Table(table) = entry.get_ref() else {
                self.invalid(
                    entry,
                    "an approver must be a table with `role` and `name`".into(),
                    "write { role = \"Reviewer\", name = \"A. Person\" }",
                );
                continue;
            };
            let mut role = None;
            let mut name = String::new();
            for (key, value) in table.iter() {
                match key.get_ref().as_ref() {
                    "role" => role = self.string(value, "approver role").map(str::trim),
                    "name" => {
                        if let Some(s) = self.string(value, "approver name") {
                            name = s.trim().to_string();
                        }
                    }
                    _ => self.unknown(key, "an approver", &["role", "name"]),
                }
            }
            match role {
                Some(role) if !role.is_empty() => out.push(Approver {
                    role: role.to_string(),
                    name,
                }),
                _ => self.invalid(
                    entry,
                    "an approver has no `role`".into(),
                    "name the role, for example role = \"Quality assurance\"",
                ),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse;
    use crate::diagnostic::Code;
    use crate::source::FileId;

    #[test]
    fn reads_prefix_and_approvers() {
        let text = "[project]\nname = \"p\"\n[documents]\nid-prefix = \"QMS\"\napprovers = [{ role = \"Author\", name = \"A. Lee\" }, { role = \"QA\" }]\n";
        let (config, diags) = parse(FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.documents.id_prefix, "QMS");
        assert_eq!(config.documents.approvers.len(), 2);
        assert_eq!(config.documents.approvers[0].name, "A. Lee");
        assert_eq!(config.documents.approvers[1].role, "QA");
        assert_eq!(config.documents.approvers[1].name, "");
    }

    #[test]
    fn reports_bad_values_with_spans() {
        let text = "[project]\nname = \"p\"\n[documents]\nid-prefix = \"a b\"\napprovers = [{ name = \"x\" }, 3, { role = \"R\", rank = 1 }]\nsigners = 1\n";
        let (config, diags) = parse(FileId(0), text);
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                Code::ConfigInvalidValue,
                Code::ConfigInvalidValue,
                Code::ConfigInvalidValue,
                Code::ConfigUnknownKey,
                Code::ConfigUnknownKey,
            ],
            "{diags:?}"
        );
        assert!(diags.iter().all(|d| d.span.is_some()));
        assert_eq!(config.documents.id_prefix, "DHF");
        assert_eq!(config.documents.approvers.len(), 1);
    }
}
