//! `medtrace.toml`: parsed from text into a [`Config`] plus diagnostics.
//!
//! Reading never fails: what cannot be read is reported with a span into the file and
//! replaced by its default, so one run shows every problem in the configuration.

use crate::diagnostic::{Code, Diagnostic, Level, closest};
use crate::model::{Class, ItemType};
use crate::risk::RiskPolicy;
use crate::schema::{FieldKind, FieldSpec, Schema};
use crate::source::{FileId, Span};
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The name of the configuration file.
pub const FILE_NAME: &str = "medtrace.toml";

/// A field a project adds to one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomField {
    /// The type it is added to.
    pub ty: ItemType,
    /// Its name, kind and whether it is required.
    pub spec: FieldSpec,
}

/// The project's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The project's name.
    pub name: String,
    /// The software system's safety class; C when not configured (4.3).
    pub class: Class,
    /// Item folders, relative to the project root.
    pub folders: Vec<String>,
    /// Where `[items] folders` is written, for findings about the folders.
    pub folders_span: Option<Span>,
    /// ID prefix per type, indexed by `ItemType as usize`.
    pub prefixes: [String; ItemType::ALL.len()],
    /// The project's own fields.
    pub custom_fields: Vec<CustomField>,
    /// Levels set per code.
    pub levels: BTreeMap<Code, Level>,
    /// Folders scanned for trace tags, relative to the root (`[trace] sources`).
    pub tag_sources: Vec<String>,
    /// Where `[trace] sources` is written.
    pub tag_sources_span: Option<Span>,
    /// Globs a scanned file must match (`[trace] include`; empty: every file).
    pub tag_include: Vec<String>,
    /// Globs of files not scanned (`[trace] exclude`).
    pub tag_exclude: Vec<String>,
    /// Globs of test reports, relative to the root (`[tests] reports`).
    pub reports: Vec<String>,
    /// Where `[tests] reports` is written.
    pub reports_span: Option<Span>,
    /// Lockfiles whose components are SOUP (`[soup] lockfiles`), relative to the root.
    pub lockfiles: Vec<String>,
    /// Where `[soup] lockfiles` is written.
    pub lockfiles_span: Option<Span>,
    /// Whether components only used in development count as SOUP (`[soup] dev`).
    pub soup_dev: bool,
    /// Severity and probability scales and the acceptability matrix (`[risk]`).
    pub risk: RiskPolicy,
    /// How the gap report takes disputed and legacy clauses (`[gap]`).
    pub gap: crate::gap::GapPolicy,
    /// The fields whose changes make links suspect (`[review]`).
    pub review: crate::review::ReviewPolicy,
    /// Change control of commits (`[change-control]`); off when absent.
    pub change_control: Option<crate::checks::change_control::ChangeControl>,
    /// Document IDs and approval roles of the generated documents (`[documents]`).
    pub documents: crate::documents::DocumentsConfig,
    /// What a release records of its build environment (`[release]`).
    pub release: crate::release::ReleaseConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            name: String::new(),
            class: Class::C,
            folders: vec!["dhf".to_string()],
            folders_span: None,
            prefixes: ItemType::ALL.map(|t| t.default_prefix().to_string()),
            custom_fields: Vec::new(),
            levels: BTreeMap::new(),
            tag_sources: vec![".".to_string()],
            tag_sources_span: None,
            tag_include: Vec::new(),
            tag_exclude: Vec::new(),
            reports: Vec::new(),
            reports_span: None,
            lockfiles: Vec::new(),
            lockfiles_span: None,
            soup_dev: false,
            risk: RiskPolicy::default(),
            gap: crate::gap::GapPolicy::default(),
            review: crate::review::ReviewPolicy::default(),
            change_control: None,
            documents: crate::documents::DocumentsConfig::default(),
            release: crate::release::ReleaseConfig::default(),
        }
    }
}

impl Config {
    /// The prefix of a type.
    pub fn prefix(&self, ty: ItemType) -> &str {
        &self.prefixes[ty as usize]
    }

    /// The type an ID prefix names.
    pub fn type_of_prefix(&self, prefix: &str) -> Option<ItemType> {
        ItemType::ALL
            .into_iter()
            .find(|&t| self.prefixes[t as usize] == prefix)
    }

    /// The level in force for a code.
    pub fn level(&self, code: Code) -> Level {
        self.levels
            .get(&code)
            .copied()
            .unwrap_or(code.default_level())
    }
}

// implements: SRS-002, SRS-028
/// Parses medtrace.toml's text. `file` is its id for spans.
pub fn parse(file: FileId, text: &str) -> (Config, Vec<Diagnostic>) {
    let mut reader = Reader {
        file,
        diags: Vec::new(),
    };
    let mut config = Config::default();
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let span = error.span().map(|r| Span::new(file, r.start, r.end));
        reader.diags.push(
            Diagnostic::new(
                Code::ConfigSyntax,
                span,
                format!("invalid TOML: {}", error.message().trim()),
            )
            .with_help("fix the TOML syntax; see docs/src/configuration.md"),
        );
    }
    reader.root(table.get_ref(), &mut config);
    let mut diags = reader.diags;
    diags.sort_by_key(|d| d.span.map(|s| s.start));
    (config, diags)
}

const TOP_KEYS: &[&str] = &[
    "project",
    "items",
    "prefixes",
    "fields",
    "levels",
    "trace",
    "tests",
    "soup",
    "risk",
    "gap",
    "review",
    "documents",
    "change-control",
    "release",
];

/// Reads medtrace.toml's tables into a [`Config`], collecting diagnostics. Sections with
/// a module of their own (the risk policy) extend it there.
pub(crate) struct Reader {
    pub(crate) file: FileId,
    pub(crate) diags: Vec<Diagnostic>,
}

pub(crate) type Value<'a> = Spanned<DeValue<'a>>;

impl Reader {
    pub(crate) fn span(&self, value: &Value<'_>) -> Option<Span> {
        let r = value.span();
        Some(Span::new(self.file, r.start, r.end))
    }

    pub(crate) fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        context: &str,
        known: &[&str],
    ) {
        let r = key.span();
        let mut d = Diagnostic::new(
            Code::ConfigUnknownKey,
            Some(Span::new(self.file, r.start, r.end)),
            format!("unknown key `{}` in {context}", key.get_ref()),
        );
        d = match closest(key.get_ref(), known.iter().copied()) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(format!("known keys: {}", known.join(", "))),
        };
        self.diags.push(d);
    }

    pub(crate) fn invalid(&mut self, value: &Value<'_>, message: String, help: &str) {
        let span = self.span(value);
        self.diags
            .push(Diagnostic::new(Code::ConfigInvalidValue, span, message).with_help(help));
    }

    pub(crate) fn table<'v, 'a>(
        &mut self,
        value: &'v Value<'a>,
        what: &str,
    ) -> Option<&'v DeTable<'a>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.invalid(
                    value,
                    format!("`{what}` must be a table"),
                    "write it as a [table]",
                );
                None
            }
        }
    }

    pub(crate) fn string<'v>(&mut self, value: &'v Value<'_>, what: &str) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s),
            _ => {
                self.invalid(
                    value,
                    format!("`{what}` must be a string"),
                    "quote the value",
                );
                None
            }
        }
    }

    pub(crate) fn strings(&mut self, value: &Value<'_>, what: &str) -> Option<Vec<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.invalid(
                value,
                format!("`{what}` must be a list of strings"),
                "write it as [\"a\", \"b\"]",
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            out.push(self.string(item, what)?.to_string());
        }
        Some(out)
    }

    fn root(&mut self, root: &DeTable<'_>, config: &mut Config) {
        let mut saw_project = false;
        for (key, value) in root.iter() {
            match key.get_ref().as_ref() {
                "project" => {
                    saw_project = true;
                    if let Some(t) = self.table(value, "project") {
                        self.project(t, config);
                    }
                }
                "items" => {
                    if let Some(t) = self.table(value, "items") {
                        self.items(t, config);
                    }
                }
                "prefixes" => {
                    if let Some(t) = self.table(value, "prefixes") {
                        self.prefixes(t, config);
                    }
                }
                "fields" => self.fields(value, config),
                "levels" => {
                    if let Some(t) = self.table(value, "levels") {
                        self.levels(t, config);
                    }
                }
                "trace" => {
                    if let Some(t) = self.table(value, "trace") {
                        self.trace(t, config);
                    }
                }
                "tests" => {
                    if let Some(t) = self.table(value, "tests") {
                        self.tests(t, config);
                    }
                }
                "risk" => {
                    if let Some(t) = self.table(value, "risk") {
                        config.risk = self.risk(t);
                    }
                }
                "soup" => {
                    if let Some(t) = self.table(value, "soup") {
                        self.soup(t, config);
                    }
                }
                "gap" => {
                    if let Some(t) = self.table(value, "gap") {
                        config.gap = self.gap(t);
                    }
                }
                "review" => {
                    if let Some(t) = self.table(value, "review") {
                        config.review = self.review(t);
                    }
                }
                "documents" => {
                    if let Some(t) = self.table(value, "documents") {
                        config.documents = self.documents(t);
                    }
                }
                "change-control" => {
                    if let Some(t) = self.table(value, "change-control") {
                        config.change_control = Some(self.change_control(value, t));
                    }
                }
                "release" => {
                    if let Some(t) = self.table(value, "release") {
                        config.release = self.release(t);
                    }
                }
                _ => self.unknown(key, "medtrace.toml", TOP_KEYS),
            }
        }
        if !saw_project || config.name.is_empty() {
            self.diags.push(
                Diagnostic::new(
                    Code::ConfigInvalidValue,
                    Some(Span::file_start(self.file)),
                    "medtrace.toml does not name the project",
                )
                .with_help("add `[project]` with `name = \"...\"`"),
            );
        }
    }

    fn project(&mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "name" => {
                    if let Some(name) = self.string(value, "project.name") {
                        config.name = name.trim().to_string();
                    }
                }
                "class" => {
                    if let Some(s) = self.string(value, "project.class") {
                        match Class::parse(s) {
                            Some(class) => config.class = class,
                            None => self.invalid(
                                value,
                                format!("`{s}` is not a software safety class"),
                                "use \"A\", \"B\" or \"C\" (IEC 62304 4.3)",
                            ),
                        }
                    }
                }
                _ => self.unknown(key, "[project]", &["name", "class"]),
            }
        }
    }

    fn items(&mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "folders" => {
                    let Some(folders) = self.strings(value, "items.folders") else {
                        continue;
                    };
                    let mut ok = Vec::new();
                    for folder in folders {
                        let bad = folder.is_empty()
                            || folder.starts_with('/')
                            || folder.contains('\\')
                            || folder.split('/').any(|part| part == "..");
                        if bad {
                            self.invalid(
                                value,
                                format!("item folder `{folder}` is not a relative path inside the project"),
                                "name folders relative to medtrace.toml, with `/`, without `..`",
                            );
                        } else {
                            ok.push(folder.trim_end_matches('/').to_string());
                        }
                    }
                    if ok.is_empty() {
                        self.invalid(
                            value,
                            "no item folder is configured".into(),
                            "name at least one folder, e.g. folders = [\"dhf\"]",
                        );
                    }
                    config.folders = ok;
                    config.folders_span = self.span(value);
                }
                _ => self.unknown(key, "[items]", &["folders"]),
            }
        }
    }

    /// A list of paths or globs inside the project.
    pub(crate) fn relative_paths(&mut self, value: &Value<'_>, what: &str) -> Option<Vec<String>> {
        let paths = self.strings(value, what)?;
        let mut ok = Vec::new();
        for path in paths {
            if path.is_empty()
                || path.starts_with('/')
                || path.contains('\\')
                || path.split('/').any(|p| p == "..")
            {
                self.invalid(
                    value,
                    format!("`{path}` in `{what}` is not a relative path inside the project"),
                    "name paths relative to medtrace.toml, with `/`, without `..`",
                );
            } else {
                ok.push(path);
            }
        }
        Some(ok)
    }

    fn trace(&mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            let slot = match key.get_ref().as_ref() {
                "sources" => &mut config.tag_sources,
                "include" => &mut config.tag_include,
                "exclude" => &mut config.tag_exclude,
                _ => {
                    self.unknown(key, "[trace]", &["sources", "include", "exclude"]);
                    continue;
                }
            };
            if let Some(paths) = self.relative_paths(value, &format!("trace.{}", key.get_ref())) {
                *slot = paths;
            }
            if key.get_ref() == "sources" {
                config.tag_sources_span = self.span(value);
            }
        }
    }

    fn tests(&mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "reports" => {
                    if let Some(paths) = self.relative_paths(value, "tests.reports") {
                        config.reports = paths;
                        config.reports_span = self.span(value);
                    }
                }
                _ => self.unknown(key, "[tests]", &["reports"]),
            }
        }
    }

    fn soup(&mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "lockfiles" => {
                    if let Some(paths) = self.relative_paths(value, "soup.lockfiles") {
                        config.lockfiles = paths;
                        config.lockfiles_span = self.span(value);
                    }
                }
                "dev" => match value.get_ref() {
                    DeValue::Boolean(b) => config.soup_dev = *b,
                    _ => self.invalid(
                        value,
                        "`soup.dev` must be true or false".into(),
                        "write dev = true",
                    ),
                },
                _ => self.unknown(key, "[soup]", &["lockfiles", "dev"]),
            }
        }
    }

    fn prefixes(&mut self, table: &DeTable<'_>, config: &mut Config) {
        let keys: Vec<&str> = ItemType::ALL.iter().map(|t| t.key()).collect();
        for (key, value) in table.iter() {
            let Some(ty) = ItemType::from_key(key.get_ref()) else {
                self.unknown(key, "[prefixes]", &keys);
                continue;
            };
            let Some(prefix) = self.string(value, "prefix") else {
                continue;
            };
            let valid = prefix
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_uppercase())
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !valid {
                self.invalid(
                    value,
                    format!("`{prefix}` is not a valid ID prefix"),
                    "use uppercase letters and digits, starting with a letter",
                );
                continue;
            }
            if let Some(other) = config.type_of_prefix(prefix).filter(|&o| o != ty) {
                self.invalid(
                    value,
                    format!("prefix `{prefix}` is already used by type `{other}`"),
                    "give every type its own prefix",
                );
                continue;
            }
            config.prefixes[ty as usize] = prefix.to_string();
        }
    }

    fn fields(&mut self, value: &Value<'_>, config: &mut Config) {
        let DeValue::Array(entries) = value.get_ref() else {
            self.invalid(
                value,
                "`fields` must be an array of tables".into(),
                "write each field as a [[fields]] table",
            );
            return;
        };
        for entry in entries.iter() {
            if let Some(table) = self.table(entry, "fields")
                && let Some(field) = self.field(entry, table)
            {
                config.custom_fields.push(field);
            }
        }
    }

    // implements: SRS-003
    fn field(&mut self, entry: &Value<'_>, table: &DeTable<'_>) -> Option<CustomField> {
        const KEYS: &[&str] = &["type", "name", "kind", "values", "required"];
        let (mut ty, mut name, mut kind, mut values, mut required) =
            (None, None, None, None, false);
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "type" => {
                    let s = self.string(value, "fields.type")?;
                    ty = ItemType::from_key(s);
                    if ty.is_none() {
                        self.invalid(
                            value,
                            format!("`{s}` is not an item type"),
                            "use one of sys, srs, swi, soup, haz, rcm, tst, prb, cr, doc, rel",
                        );
                    }
                }
                "name" => {
                    let s = self.string(value, "fields.name")?;
                    let kebab = s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                        && s.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if kebab {
                        name = Some((s.to_string(), value));
                    } else {
                        self.invalid(
                            value,
                            format!("field name `{s}` is not kebab-case"),
                            "use lowercase words joined by `-`",
                        );
                    }
                }
                "kind" => {
                    let s = self.string(value, "fields.kind")?;
                    kind = match s {
                        "string" => Some(FieldKind::Text),
                        "enum" => Some(FieldKind::Enum(Vec::new())),
                        "list" => Some(FieldKind::List),
                        "date" => Some(FieldKind::Date),
                        "bool" => Some(FieldKind::Bool),
                        _ => {
                            self.invalid(
                                value,
                                format!("`{s}` is not a field kind"),
                                "use string, enum, list, date or bool",
                            );
                            None
                        }
                    };
                }
                "values" => values = Some((self.strings(value, "fields.values")?, value)),
                "required" => match value.get_ref() {
                    DeValue::Boolean(b) => required = *b,
                    _ => self.invalid(
                        value,
                        "`required` must be true or false".into(),
                        "write required = true",
                    ),
                },
                _ => self.unknown(key, "[[fields]]", KEYS),
            }
        }
        let (Some(ty), Some((name, name_value)), Some(mut kind)) = (ty, name, kind) else {
            self.invalid(
                entry,
                "a [[fields]] entry needs `type`, `name` and `kind`".into(),
                "see docs/src/configuration.md",
            );
            return None;
        };
        if Schema::is_builtin(ty, &name) {
            self.invalid(
                name_value,
                format!("`{name}` is already a built-in field of `{ty}`"),
                "choose another name",
            );
            return None;
        }
        match (&mut kind, values) {
            (FieldKind::Enum(slot), Some((v, _))) if !v.is_empty() => *slot = v,
            (FieldKind::Enum(_), _) => {
                self.invalid(
                    entry,
                    format!("enum field `{name}` lists no `values`"),
                    "add values = [\"a\", \"b\"]",
                );
                return None;
            }
            (_, Some((_, v))) => {
                self.invalid(
                    v,
                    "`values` only applies to kind = \"enum\"".into(),
                    "remove it or use kind = \"enum\"",
                );
            }
            _ => {}
        }
        Some(CustomField {
            ty,
            spec: FieldSpec {
                name,
                kind,
                required,
            },
        })
    }

    fn levels(&mut self, table: &DeTable<'_>, config: &mut Config) {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        for (key, value) in table.iter() {
            let Some(code) = Code::from_name(key.get_ref()) else {
                self.unknown(key, "[levels]", &names);
                continue;
            };
            let Some(s) = self.string(value, "level") else {
                continue;
            };
            match Level::parse(s) {
                Some(level) => {
                    config.levels.insert(code, level);
                }
                None => self.invalid(
                    value,
                    format!("`{s}` is not a level"),
                    "use \"allow\", \"warn\" or \"deny\"",
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Config, Vec<String>) {
        let (config, diags) = parse(FileId(0), text);
        let lines = diags
            .iter()
            .map(|d| {
                let s = d.span.map_or(0, |s| s.start as usize);
                format!(
                    "{}@{}: {}",
                    d.code,
                    crate::source::line_col(text, s).line,
                    d.message
                )
            })
            .collect();
        (config, lines)
    }

    #[test]
    fn a_full_configuration_is_read() {
        let (config, diags) = parse_text(
            r#"
[project]
name = "Pump"
class = "B"
[items]
folders = ["records/", "more"]
[prefixes]
sys = "UN"
[[fields]]
type = "srs"
name = "verification-method"
kind = "enum"
values = ["test", "inspection"]
required = true
[levels]
requirement-not-verified = "warn"
"#,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.name, "Pump");
        assert_eq!(config.class, Class::B);
        assert_eq!(config.folders, ["records", "more"]);
        assert_eq!(config.prefix(ItemType::Sys), "UN");
        assert_eq!(config.custom_fields.len(), 1);
        assert!(config.custom_fields[0].spec.required);
        assert_eq!(config.level(Code::RequirementNotVerified), Level::Warn);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let (config, diags) = parse_text(
            r#"[project]
name = "Pump"
clas = "B"
[prefixes]
srs = "SYS"
[levels]
requirement-not-verifed = "warn"
link-self = "loud"
"#,
        );
        assert_eq!(config.class, Class::C);
        assert_eq!(
            diags,
            [
                "config-unknown-key@3: unknown key `clas` in [project]",
                "config-invalid-value@5: prefix `SYS` is already used by type `sys`",
                "config-unknown-key@7: unknown key `requirement-not-verifed` in [levels]",
                "config-invalid-value@8: `loud` is not a level",
            ]
        );
    }

    #[test]
    fn broken_toml_is_a_diagnostic() {
        let (config, diags) = parse_text("[project\nname = 1\n");
        assert_eq!(config.name, "");
        assert!(
            diags
                .iter()
                .any(|d| d.starts_with("config-syntax@1: invalid TOML: unclosed table")),
            "{diags:?}"
        );
    }
}
