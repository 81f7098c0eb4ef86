//! Item files: front matter split from the body, read against the type's schema.

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::execution::{self, Execution};
use crate::model::{Class, ItemType, LinkRole, Status, split_id};
use crate::schema::{FieldKind, Schema};
use crate::source::{FileId, Span};
use crate::yaml::{self, Node, Value};

/// One field as written, in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// Where the name is written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// A link as written: the role, the target ID text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The role (the field it was written in).
    pub role: LinkRole,
    /// The target's ID, as written.
    pub target: String,
    /// Where the target is written.
    pub span: Span,
}

/// An item record read from one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The ID.
    pub id: String,
    /// The type, from the ID's prefix.
    pub ty: ItemType,
    /// The file.
    pub file: FileId,
    /// Where the ID is written.
    pub id_span: Span,
    /// The title ("" when missing, which is reported).
    pub title: String,
    /// The status (draft when absent).
    pub status: Status,
    /// Every field, in file order, including `id`, `title` and links.
    pub fields: Vec<Field>,
    /// Every link, in file order.
    pub links: Vec<Link>,
    /// The `class` field of a software item.
    pub class: Option<Class>,
    /// Whether a non-empty `class-rationale` is given.
    pub has_class_rationale: bool,
    /// `derived: true` on a software requirement.
    pub derived: bool,
    /// Whether a non-empty `derived-rationale` is given.
    pub has_derived_rationale: bool,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// Only the ID could be read (the front matter is broken, which is reported); the
    /// item exists so links to it resolve, but coverage checks skip it.
    pub partial: bool,
}

impl Item {
    /// An item with an ID and nothing else yet.
    fn bare(id: String, ty: ItemType, id_span: Span, body_start: usize) -> Item {
        Item {
            id,
            ty,
            file: id_span.file,
            id_span,
            title: String::new(),
            status: Status::Draft,
            fields: Vec::new(),
            links: Vec::new(),
            class: None,
            has_class_rationale: false,
            derived: false,
            has_derived_rationale: false,
            body_start,
            partial: false,
        }
    }

    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// A field's text, if it is a non-empty scalar.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.field(name)
            .filter(|f| !f.value.is_null())
            .and_then(|f| f.value.as_str())
    }

    /// The links in one role.
    pub fn links(&self, role: LinkRole) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(move |l| l.role == role)
    }
}

/// Where the front matter is in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    /// Byte offset of the YAML text.
    pub yaml_start: usize,
    /// Byte offset one past the YAML text (the start of the closing line).
    pub yaml_end: usize,
    /// Byte offset of the body (after the closing line), or `None` if unclosed.
    pub body_start: Option<usize>,
}

// implements: SRS-004, RCM-009
/// Finds the front matter: the file must open with a line that is exactly `---`.
///
/// Returns `None` for files that are not items.
pub fn front_matter(text: &str) -> Option<FrontMatter> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_len].trim_end() != "---" {
        return None;
    }
    let yaml_start = start + first_len;
    let mut at = yaml_start;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        // Most lines start with neither marker: skip them before trimming (a hot loop).
        let marker = matches!(text.as_bytes().get(at), Some(b'-' | b'.'));
        let line = if marker {
            text[at..line_end].trim_end()
        } else {
            ""
        };
        if line == "---" || line == "..." {
            return Some(FrontMatter {
                yaml_start,
                yaml_end: at,
                body_start: Some(line_end),
            });
        }
        at = line_end;
    }
    Some(FrontMatter {
        yaml_start,
        yaml_end: text.len(),
        body_start: None,
    })
}

/// What a file in an item folder holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// An item.
    Item(Item),
    /// A manual test execution record (front matter with `executes:` and no `id:`).
    Execution(Execution),
}

/// Reads one file of an item folder. Returns `None` when the file is not a record or
/// cannot be typed (which is reported).
pub fn parse(
    file: FileId,
    text: &str,
    config: &Config,
    schema: &Schema,
    diags: &mut Vec<Diagnostic>,
) -> Option<Record> {
    let fm = front_matter(text)?;
    let yaml_text = &text[fm.yaml_start..fm.yaml_end];
    let Some(body_start) = fm.body_start else {
        diags.push(
            Diagnostic::new(
                Code::FrontMatterUnclosed,
                Some(Span::new(file, 0, 3)),
                "the front matter opened here is never closed",
            )
            .with_help("end the front matter with a line `---` before the body"),
        );
        return salvage(file, text, fm.yaml_start, config, fm.yaml_end).map(Record::Item);
    };
    let Some(root) = yaml::parse(file, fm.yaml_start, yaml_text, diags) else {
        return salvage(file, text, fm.yaml_start, config, body_start).map(Record::Item);
    };
    let entries = match root.value {
        Value::Map(entries) => entries,
        _ if root.is_null() => Vec::new(),
        _ => {
            diags.push(
                Diagnostic::new(
                    Code::YamlNotMapping,
                    Some(root.span),
                    format!(
                        "the front matter is {}, not a mapping of fields",
                        root.kind_name()
                    ),
                )
                .with_help("write one `field: value` per line"),
            );
            return salvage(file, text, fm.yaml_start, config, fm.yaml_end).map(Record::Item);
        }
    };
    let mut reader = FieldReader {
        file,
        config,
        schema,
        diags,
    };
    reader.item(entries, body_start)
}

/// After a YAML error, finds the `id:` line so links to this item still resolve.
fn salvage(
    file: FileId,
    text: &str,
    yaml_start: usize,
    config: &Config,
    yaml_end: usize,
) -> Option<Item> {
    let mut at = yaml_start;
    for line in text[yaml_start..yaml_end].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("id:") {
            let id = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            let (prefix, _) = split_id(id)?;
            let ty = config.type_of_prefix(prefix)?;
            let offset = at + line.find(id).unwrap_or(0);
            let mut item = Item::bare(
                id.to_string(),
                ty,
                Span::new(file, offset, offset + id.len()),
                yaml_end,
            );
            item.partial = true;
            return Some(item);
        }
        at += line.len();
    }
    None
}

struct FieldReader<'a> {
    file: FileId,
    config: &'a Config,
    schema: &'a Schema,
    diags: &'a mut Vec<Diagnostic>,
}

impl FieldReader<'_> {
    fn item(&mut self, entries: Vec<(Node, Node)>, body_start: usize) -> Option<Record> {
        let mut fields: Vec<Field> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let Some(name) = key.as_str().filter(|_| !key.is_null()) else {
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlNotMapping,
                        Some(key.span),
                        format!("a field name must be text, not {}", key.kind_name()),
                    )
                    .with_help("write `field-name: value`"),
                );
                continue;
            };
            if let Some(first) = fields.iter().find(|f| f.name == name) {
                self.diags.push(
                    Diagnostic::new(
                        Code::FieldDuplicate,
                        Some(key.span),
                        format!("field `{name}` is given twice"),
                    )
                    .with_related(first.key_span, "first given here")
                    .with_help("keep one of them"),
                );
                continue;
            }
            fields.push(Field {
                name: name.to_string(),
                key_span: key.span,
                value,
            });
        }

        let Some(id_field) = fields.iter().find(|f| f.name == "id") else {
            if fields.iter().any(|f| f.name == "executes") {
                return execution::read(self.file, &fields, self.diags).map(Record::Execution);
            }
            let span = fields.first().map(|f| f.key_span);
            self.diags.push(
                Diagnostic::new(
                    Code::ItemIdMissing,
                    span.or(Some(Span::file_start(self.file))),
                    "this item file has no `id`",
                )
                .with_help("add `id: PREFIX-NUMBER` as the first field, or remove the front matter if the file is not an item"),
            );
            return None;
        };
        let id_span = id_field.value.span;
        let id = match id_field.value.as_str() {
            Some(id) if !id_field.value.is_null() => id.trim().to_string(),
            _ => {
                self.diags.push(
                    Diagnostic::new(
                        Code::ItemIdInvalid,
                        Some(id_span),
                        "`id` must be a single ID",
                    )
                    .with_help("write `id: PREFIX-NUMBER`"),
                );
                return None;
            }
        };
        let ty = self.item_type(&id, id_span)?;

        let mut item = Item::bare(id, ty, id_span, body_start);
        for field in &fields {
            self.field(&mut item, field);
        }
        for spec in self.schema.fields(ty).iter().filter(|s| s.required) {
            let present = fields.iter().any(|f| {
                f.name == spec.name
                    && !f.value.is_null()
                    && f.value.as_str().is_none_or(|s| !s.trim().is_empty())
            });
            if !present {
                self.diags.push(
                    Diagnostic::new(
                        Code::FieldRequiredMissing,
                        Some(id_span),
                        format!("{} `{}` has no `{}`", ty.name(), item.id, spec.name),
                    )
                    .with_help(format!(
                        "add `{}:` ({})",
                        spec.name,
                        spec.kind.describe()
                    )),
                );
            }
        }
        item.fields = fields;
        Some(Record::Item(item))
    }

    // implements: SRS-007
    fn item_type(&mut self, id: &str, span: Span) -> Option<ItemType> {
        let Some((prefix, _)) = split_id(id) else {
            self.diags.push(
                Diagnostic::new(
                    Code::ItemIdInvalid,
                    Some(span),
                    format!("`{id}` is not a valid ID"),
                )
                .with_help("an ID is a prefix, a dash and a name of letters, digits, `.`, `_`, `-`: `SRS-012`"),
            );
            return None;
        };
        let ty = self.config.type_of_prefix(prefix);
        if ty.is_none() {
            let prefixes: Vec<&str> = self.config.prefixes.iter().map(String::as_str).collect();
            let help = match closest(prefix, prefixes.iter().copied()) {
                Some(near) => {
                    format!("did you mean `{near}`? prefixes are set in medtrace.toml [prefixes]")
                }
                None => format!("known prefixes: {}", prefixes.join(", ")),
            };
            self.diags.push(
                Diagnostic::new(
                    Code::ItemPrefixUnknown,
                    Some(span),
                    format!("the prefix of `{id}` names no item type"),
                )
                .with_help(help),
            );
        }
        ty
    }

    // implements: SRS-005
    fn field(&mut self, item: &mut Item, field: &Field) {
        let Some(spec) = self.schema.field(item.ty, &field.name) else {
            self.unknown_field(item, field);
            return;
        };
        let value = &field.value;
        if value.is_null() {
            return;
        }
        let ok = match &spec.kind {
            FieldKind::Id | FieldKind::Structured => true,
            FieldKind::Text => value.as_str().is_some(),
            FieldKind::Enum(values) => value
                .as_str()
                .is_some_and(|s| values.iter().any(|v| v == s)),
            FieldKind::List => match &value.value {
                Value::Scalar { .. } => true,
                Value::Seq(items) => items.iter().all(|n| n.as_str().is_some()),
                Value::Map(_) => false,
            },
            FieldKind::Bool => matches!(value.as_str(), Some("true" | "false")),
            FieldKind::Date => value.as_str().is_some_and(is_date),
            FieldKind::Link(role) => self.links(item, *role, value),
        };
        if !ok {
            let shown = value
                .as_str()
                .map_or_else(|| value.kind_name().to_string(), |s| format!("`{s}`"));
            self.diags.push(
                Diagnostic::new(
                    Code::FieldInvalidValue,
                    Some(value.span),
                    format!(
                        "`{}` of `{}` is {shown}, not {}",
                        field.name,
                        item.id,
                        spec.kind.describe()
                    ),
                )
                .with_help(format!("write {} here", spec.kind.describe())),
            );
            return;
        }
        let text = value.as_str().unwrap_or("");
        match field.name.as_str() {
            "title" => item.title = text.trim().to_string(),
            "status" => item.status = Status::parse(text).unwrap_or_default(),
            "class" if item.ty == ItemType::Swi => item.class = Class::parse(text),
            "class-rationale" if item.ty == ItemType::Swi => {
                item.has_class_rationale = !text.trim().is_empty();
            }
            "derived" if item.ty == ItemType::Srs => item.derived = text == "true",
            "derived-rationale" if item.ty == ItemType::Srs => {
                item.has_derived_rationale = !text.trim().is_empty();
            }
            _ => {}
        }
    }

    /// Reads a link field; false when its shape is wrong.
    fn links(&mut self, item: &mut Item, role: LinkRole, value: &Node) -> bool {
        let nodes: &[Node] = match &value.value {
            Value::Scalar { .. } => std::slice::from_ref(value),
            Value::Seq(items) => items,
            Value::Map(_) => return false,
        };
        if nodes.iter().any(|n| n.as_str().is_none()) {
            return false;
        }
        for node in nodes {
            let target = node.as_str().unwrap_or_default().trim();
            if !target.is_empty() {
                item.links.push(Link {
                    role,
                    target: target.to_string(),
                    span: node.span,
                });
            }
        }
        true
    }

    // implements: SRS-006
    fn unknown_field(&mut self, item: &Item, field: &Field) {
        let names = self.schema.fields(item.ty).iter().map(|f| f.name.as_str());
        let help = if let Some(near) = closest(&field.name, names) {
            format!("did you mean `{near}`?")
        } else if let Some(role) = LinkRole::ALL.into_iter().find(|r| r.field() == field.name) {
            format!(
                "`{}` links are held by {} items; write the link on the other side",
                role.field(),
                self.config.prefix(role.source())
            )
        } else {
            format!(
                "declare it for `{}` in medtrace.toml [[fields]] if the project needs it",
                item.ty
            )
        };
        self.diags.push(
            Diagnostic::new(
                Code::FieldUnknown,
                Some(field.key_span),
                format!(
                    "{} `{}` has an unknown field `{}`",
                    item.ty.name(),
                    item.id,
                    field.name
                ),
            )
            .with_help(help),
        );
    }
}

/// Whether `s` is a calendar date `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_needs_an_opening_line() {
        assert_eq!(front_matter("# Readme\n"), None);
        assert_eq!(
            front_matter("--- \nid: A-1\n---\nbody").and_then(|f| f.body_start),
            Some(17)
        );
        assert_eq!(
            front_matter("\u{feff}---\nid: A-1\n...\n").map(|f| f.yaml_start),
            Some(7)
        );
        assert_eq!(
            front_matter("---\nid: A-1\n").and_then(|f| f.body_start),
            None
        );
        assert_eq!(front_matter(""), None);
    }

    #[test]
    fn dates_are_checked_on_the_calendar() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("2023-1-01"));
    }
}
