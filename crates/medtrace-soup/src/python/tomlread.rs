//! Reading TOML lockfiles and manifests through toml's spanned tree, with a problem for
//! every value of the wrong type.

use super::Sink;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value and its span.
pub(super) type Value<'a> = Spanned<DeValue<'a>>;

/// Parses `text`, reporting every syntax error; what could be read is returned.
pub(super) fn parse<'a>(text: &'a str, sink: &mut Sink) -> Spanned<DeTable<'a>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let r = error.span().unwrap_or(0..0);
        sink.push(
            r.start,
            r.end,
            format!("invalid TOML: {}", error.message().trim()),
        );
    }
    table
}

/// The value as a string, or a problem saying `what` must be one.
pub(super) fn string<'v>(sink: &mut Sink, value: &'v Value<'_>, what: &str) -> Option<&'v str> {
    let found = value.get_ref().as_str();
    if found.is_none() {
        wrong_type(sink, value, what, "a string");
    }
    found
}

/// The value as a table, or a problem saying `what` must be one.
pub(super) fn table<'v, 'a>(
    sink: &mut Sink,
    value: &'v Value<'a>,
    what: &str,
) -> Option<&'v DeTable<'a>> {
    let found = value.get_ref().as_table();
    if found.is_none() {
        wrong_type(sink, value, what, "a table");
    }
    found
}

/// The value as an array, or a problem saying `what` must be one.
pub(super) fn array<'v, 'a>(
    sink: &mut Sink,
    value: &'v Value<'a>,
    what: &str,
) -> Option<&'v [Value<'a>]> {
    let found = value.get_ref().as_array().map(|a| &a[..]);
    if found.is_none() {
        wrong_type(sink, value, what, "an array");
    }
    found
}

/// The value as a boolean, or a problem saying `what` must be one.
pub(super) fn boolean(sink: &mut Sink, value: &Value<'_>, what: &str) -> Option<bool> {
    let found = value.get_ref().as_bool();
    if found.is_none() {
        wrong_type(sink, value, what, "true or false");
    }
    found
}

/// A list of strings; other items are problems and left out.
pub(super) fn strings<'v>(sink: &mut Sink, value: &'v Value<'_>, what: &str) -> Vec<&'v str> {
    array(sink, value, what)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| string(sink, item, what))
        .collect()
}

/// The table under a dotted path of keys, if every step is a table.
pub(super) fn path<'v, 'a>(table: &'v DeTable<'a>, keys: &[&str]) -> Option<&'v DeTable<'a>> {
    keys.iter()
        .try_fold(table, |t, key| t.get(*key)?.get_ref().as_table())
}

fn wrong_type(sink: &mut Sink, value: &Value<'_>, what: &str, expected: &str) {
    let r = value.span();
    sink.push(
        r.start,
        r.end,
        format!(
            "`{what}` must be {expected}, not {}",
            value.get_ref().type_str()
        ),
    );
}
