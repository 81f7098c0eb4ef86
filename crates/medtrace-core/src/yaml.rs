//! A small YAML tree with byte spans, built from saphyr-parser's event stream.
//!
//! Front matter needs less than YAML offers and more than a plain value tree gives:
//! every key and value must keep its place in the file for diagnostics. Anchors and
//! aliases are refused (a reviewer must see each value where it applies, and refusing
//! them makes alias bombs impossible), and nesting is capped, so any input is read in
//! time linear in its size.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};

mod simple;

/// Deepest nesting of sequences and mappings read; deeper content is reported and dropped.
pub const MAX_DEPTH: usize = 24;

/// A YAML value with the span of its text in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value is written.
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar; `plain` is false when it was quoted or a block scalar.
    Scalar {
        /// The text after YAML unescaping and folding.
        text: String,
        /// Whether the scalar was written without quotes.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar's text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether this is a YAML null (`~`, `null`, or nothing at all).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A short name of the value's kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "nothing",
            Value::Scalar { .. } => "a scalar",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

// implements: SRS-025, RCM-001
/// Parses `text`, which starts at byte `base` of `file`, into a tree.
///
/// Returns `None` when the text is not valid YAML; the reason is in `diags`.
pub fn parse(file: FileId, base: usize, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    if let Some(node) = simple::parse(file, base, text) {
        return Some(node);
    }
    parse_full(file, base, text, diags)
}

/// The fast path of [`parse`] alone, for the differential fuzz target: `Some` only for text
/// it reads with certainty, and then exactly the tree [`parse_full`] builds.
#[doc(hidden)]
pub fn parse_fast(file: FileId, base: usize, text: &str) -> Option<Node> {
    simple::parse(file, base, text)
}

/// [`parse`] without the fast path: saphyr-parser's events into the tree.
pub fn parse_full(
    file: FileId,
    base: usize,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let mut builder = Builder {
        file,
        base,
        text,
        ascii: text.is_ascii(),
        cursor: (0, 0),
        parser: Parser::new_from_str(text),
        diags,
        aliases: None,
    };
    let root = builder.document();
    if let Some((index, count)) = builder.aliases.filter(|&(_, n)| n > 1) {
        let d = &mut builder.diags[index];
        d.message = format!("{} (and {} more in this file)", d.message, count - 1);
    }
    root
}

struct Builder<'t, 'd> {
    file: FileId,
    base: usize,
    text: &'t str,
    ascii: bool,
    /// (char index, byte index) of the last conversion, to make conversions linear.
    cursor: (usize, usize),
    parser: Parser<'t, saphyr_parser::StrInput<'t>>,
    diags: &'d mut Vec<Diagnostic>,
    /// The first anchor or alias finding (its index in `diags`) and how many were seen:
    /// one finding per file, however many anchors a hostile file holds.
    aliases: Option<(usize, usize)>,
}

type Spanned<'t> = (Event<'t>, saphyr_parser::Span);

impl<'t> Builder<'t, '_> {
    fn next(&mut self) -> Option<Spanned<'t>> {
        match self.parser.next_event()? {
            Ok(event) => Some(event),
            Err(err) => {
                let at = self.byte(err.marker().index());
                let message = err.info().to_string();
                if message.contains("recursion limit") {
                    self.diags.push(too_deep(Span::new(
                        self.file,
                        at,
                        (at + 1).min(self.base + self.text.len()),
                    )));
                    return None;
                }
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlSyntax,
                        Some(Span::new(self.file, at, (at + 1).min(self.base + self.text.len()))),
                        format!("invalid YAML: {message}"),
                    )
                    .with_help("fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`"),
                );
                None
            }
        }
    }

    fn document(&mut self) -> Option<Node> {
        let mut root = None;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
                Event::DocumentEnd | Event::StreamEnd => {
                    return Some(root.unwrap_or_else(|| self.null_at(0)));
                }
                event => {
                    if root.is_some() {
                        // A second document cannot occur between `---` lines; be safe.
                        return root;
                    }
                    root = Some(self.node(event, span, 0)?);
                }
            }
        }
    }

    fn node(&mut self, event: Event<'t>, span: saphyr_parser::Span, depth: usize) -> Option<Node> {
        let start = self.byte(span.start.index());
        match event {
            Event::Scalar(text, style, anchor, _tag) => {
                self.check_anchor(anchor, start);
                let end = self.byte(span.end.index());
                Some(Node {
                    span: Span::new(self.file, start, end),
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                })
            }
            Event::Alias(_) => {
                let end = self.byte(span.end.index());
                self.alias_found(start, end, "YAML aliases are not allowed in records");
                Some(self.null_at(start - self.base))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _)
                if depth >= MAX_DEPTH =>
            {
                self.check_anchor(anchor, start);
                self.diags
                    .push(too_deep(Span::new(self.file, start, start + 1)));
                self.skip_collection()?;
                Some(self.null_at(start - self.base))
            }
            Event::SequenceStart(anchor, _) => {
                self.check_anchor(anchor, start);
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if let Event::SequenceEnd = event {
                        break self.byte(span.end.index());
                    }
                    items.push(self.node(event, span, depth + 1)?);
                };
                let end = items.last().map_or(end, |n| end.max(n.span.end as usize));
                Some(Node {
                    span: Span::new(self.file, start, end),
                    value: Value::Seq(items),
                })
            }
            Event::MappingStart(anchor, _) => {
                self.check_anchor(anchor, start);
                let mut entries = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if let Event::MappingEnd = event {
                        break self.byte(span.end.index());
                    }
                    let key = self.node(event, span, depth + 1)?;
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    entries.push((key, value));
                };
                let end = entries
                    .last()
                    .map_or(end, |(_, v)| end.max(v.span.end as usize));
                Some(Node {
                    span: Span::new(self.file, start, end),
                    value: Value::Map(entries),
                })
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::SequenceEnd
            | Event::MappingEnd
            | Event::Nothing => Some(self.null_at(start - self.base)),
        }
    }

    /// Skips the rest of a collection whose start event was consumed.
    fn skip_collection(&mut self) -> Option<()> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()?.0 {
                Event::SequenceStart(..) | Event::MappingStart(..) => open += 1,
                Event::SequenceEnd | Event::MappingEnd => open -= 1,
                Event::StreamEnd => return None,
                _ => {}
            }
        }
        Some(())
    }

    fn check_anchor(&mut self, anchor: usize, at: usize) {
        if anchor != 0 {
            self.alias_found(at, at + 1, "YAML anchors are not allowed in records");
        }
    }

    fn alias_found(&mut self, start: usize, end: usize, message: &str) {
        match &mut self.aliases {
            Some((_, count)) => *count += 1,
            None => {
                self.aliases = Some((self.diags.len(), 1));
                self.diags.push(
                    Diagnostic::new(Code::YamlAlias, Some(Span::new(self.file, start, end)), message)
                        .with_help("remove anchors (`&name`) and aliases (`*name`); write each value out where it applies"),
                );
            }
        }
    }

    fn null_at(&self, rel: usize) -> Node {
        let at = self.base + rel;
        Node {
            span: Span::new(self.file, at, at),
            value: Value::Scalar {
                text: String::new(),
                plain: true,
            },
        }
    }

    /// Converts a character index in the front matter to a byte offset in the file.
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return self.base + char_index.min(self.text.len());
        }
        let (mut chars, mut bytes) = self.cursor;
        if char_index < chars {
            (chars, bytes) = (0, 0);
        }
        for c in self.text[bytes..].chars() {
            if chars == char_index {
                break;
            }
            chars += 1;
            bytes += c.len_utf8();
        }
        self.cursor = (chars, bytes);
        self.base + bytes
    }
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::YamlTooDeep,
        Some(span),
        format!("the front matter nests deeper than {MAX_DEPTH} levels"),
    )
    .with_help("records need only a few levels; flatten this value")
}

/// A YAML scalar for `text` as medtrace writes it: plain when that reads back as the same
/// string, else double-quoted.
pub fn quote_scalar(text: &str) -> String {
    let text = text.trim();
    let plain_safe = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.chars().all(|c| !c.is_control())
        && !matches!(text, "true" | "false" | "null" | "yes" | "no" | "~")
        && text.parse::<f64>().is_err();
    if plain_safe {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let node = parse(FileId(0), 4, text, &mut diags);
        (node, diags)
    }

    /// The fast path builds exactly the full parser's tree, spans included.
    fn same_as_full(text: &str) -> bool {
        let fast = simple::parse(FileId(0), 4, text);
        let mut diags = Vec::new();
        let full = parse_full(FileId(0), 4, text, &mut diags);
        match fast {
            None => true,
            Some(fast) => {
                assert!(
                    diags.is_empty(),
                    "fast path took text the full parser rejects: {text:?} {diags:?}"
                );
                assert_eq!(Some(fast), full, "on {text:?}");
                true
            }
        }
    }

    #[test]
    fn fast_path_agrees_with_the_full_parser() {
        for text in [
            "id: SRS-1\ntitle: Dose limit\n",
            "id: SRS-1\nlinks: [A-1, B-2]\nempty: []\nnothing:\n",
            "a: |\n  line one\n    indented\n\n  after blank\n\nb: v\n",
            "a: |-\n  keep\nb:\n  - x1\n  - y 2\n\n# comment\nc: w\n",
            "a: x\n\n\n",
            "a: café au lait\nb: [x]\n",
            "a: |\n  last\n",
            "a: x\nb:\n   - deep\n",
            "causes:\n  - item: S-1\n    category: misuse\n\n  - item: S-2\n    d: x y\nitems: [S-1]\n",
            "c:\n  - s1\n  - a: x\n  - s2\n  - b: [A, B]\n    c: q\nd: e\n",
            "c:\n  - a: x   \n    b: y  \n   \n  - z\n",
            "c:\n  - a: x\n    b: y\n\n# after\n\nd: e\n",
            "c:\n    - a: café\n      b: []\n",
            "c:\n  - a: x\n    b: y",
        ] {
            assert!(
                simple::parse(FileId(0), 4, text).is_some(),
                "fast path declined {text:?}"
            );
            same_as_full(text);
        }
        for declined in [
            "list:\n- a\n",
            "a: 'q'\n",
            "a: b: c\n",
            "a: x # c\n",
            "a:\n  b: c\n",
            "a: >\n  f\n",
            "a: x\n  more\n",
            "a: &x y\n",
            "c:\n  - a:\n    b: y\n",
            "c:\n  - a: x\n     b: y\n",
            "c:\n  - a: x\n   b: y\n",
            "c:\n  - a: x\n    # note\n    b: y\n",
            "c:\n  - a: x\n    b: y\n      more\n",
            "c:\n  -  a: x\n",
            "c:\n  - a: 'x'\n",
            "c:\n  - a: x # note\n",
            "c:\n  - a: |\n      x\n",
            "c:\n  - a:\n      b: c\n",
            "c:\n  - &x a: y\n",
            "# a \u{0} in a comment\na: b\n",
            // Found by the front_matter fuzz target: a literal block ending the text in a
            // line of spaces without a line break.
            "a: |\n  x\n  ",
            "a: |\n  x\n\n  ",
        ] {
            assert!(
                simple::parse(FileId(0), 4, declined).is_none(),
                "{declined:?}"
            );
        }
    }

    /// Every record in this repository (the example, our own) reads the same both ways.
    #[test]
    fn fast_path_agrees_on_real_records() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "md") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        walk(&root.join("examples"), &mut files);
        walk(&root.join("dhf"), &mut files);
        let mut fast = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if let Some(fm) = crate::item::front_matter(&text) {
                let yaml = &text[fm.yaml_start..fm.yaml_end];
                fast += usize::from(simple::parse(FileId(0), 0, yaml).is_some());
                assert!(same_as_full(yaml), "{}", path.display());
            }
        }
        assert!(
            files.len() > 100 && fast > 50,
            "{} files, {fast} on the fast path",
            files.len()
        );
    }

    proptest::proptest! {
        #[test]
        fn fast_path_never_disagrees(lines in proptest::collection::vec(
            proptest::prop_oneof![
                "[a-z][a-z-]{0,6}: [A-Za-z0-9 .:#'\"|>\\[\\],&*-]{0,12}",
                "[a-z]{1,4}: \\[[A-Z0-9, -]{0,10}\\]",
                "[a-z]{1,4}: \\|-?",
                "[a-z]{1,4}:",
                " {1,4}- [a-z0-9 :#]{0,6}",
                " {1,4}[a-z0-9 :#|]{0,8}",
                "#[a-z \\x00\\x07]{0,5}",
                " {1,4}",
                "",
            ], 0..8), final_break in proptest::bool::ANY) {
            let mut text = lines.join("\n");
            if final_break {
                text.push('\n');
            }
            proptest::prop_assert!(same_as_full(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]

        /// Records with lists of mappings (a hazard's `causes`, a test's steps), each line
        /// written cleanly or with something hostile done to it.
        #[test]
        fn fast_path_never_disagrees_on_lists_of_mappings(
            entries in proptest::collection::vec(list_entry(), 1..5),
        ) {
            let text: String = entries.concat();
            proptest::prop_assert!(same_as_full(&text));
        }
    }

    /// One top-level entry: `key: value`, or `key:` and a block list whose items are
    /// scalars or flat mappings, every line possibly made hostile.
    fn list_entry() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let value = prop_oneof![
            6 => "[A-Za-z][A-Za-z0-9 .,/_-]{0,10}[a-z0-9]",
            2 => "\\[[A-Z0-9, -]{0,8}\\]",
            3 => "[A-Za-z0-9 .:#'\"|>\\[\\],&*!%@{}?~\t\u{a0}é-]{0,10}",
        ];
        let field = ("[a-z][a-z-]{0,6}", value, hostile())
            .prop_map(|(key, value, hostile)| hostile.apply(&format!("{key}: {value}")))
            .boxed();
        let item = (
            proptest::collection::vec(field.clone(), 1..4),
            proptest::bool::weighted(0.2),
        );
        let list = (
            "[a-z]{1,6}",
            proptest::sample::select(vec![1usize, 2, 2, 2, 4]),
            proptest::collection::vec(item, 1..4),
            hostile(),
        )
            .prop_map(|(key, indent, items, hostile)| {
                let pad = " ".repeat(indent);
                let mut out = format!("{key}:\n");
                for (fields, scalar) in items {
                    if scalar {
                        out += &format!("{pad}- {}\n", fields[0].trim_start());
                        continue;
                    }
                    for (n, field) in fields.iter().enumerate() {
                        let mark = if n == 0 { "- " } else { "  " };
                        out += &hostile.apply(&format!("{pad}{mark}{field}"));
                        out.push('\n');
                    }
                }
                out
            });
        prop_oneof![
            2 => field.prop_map(|line| line.trim_start().to_string() + "\n"),
            3 => list,
            1 => Just("\n".to_string()),
            1 => Just("# comment\n".to_string()),
        ]
    }

    /// Something done to a line of a list, or nothing.
    #[derive(Clone, Debug)]
    enum Hostile {
        None,
        Indent(usize),
        Outdent,
        Tab,
        Comment,
        Quote,
        Anchor,
        Continued(usize),
        BlankAfter(usize),
        CommentAfter(usize),
        Trailing,
        Empty,
    }

    fn hostile() -> impl proptest::strategy::Strategy<Value = Hostile> {
        use proptest::prelude::*;
        prop_oneof![
            40 => Just(Hostile::None),
            1 => (1usize..3).prop_map(Hostile::Indent),
            1 => Just(Hostile::Outdent),
            1 => Just(Hostile::Tab),
            1 => Just(Hostile::Comment),
            1 => Just(Hostile::Quote),
            1 => Just(Hostile::Anchor),
            1 => (0usize..8).prop_map(Hostile::Continued),
            1 => (0usize..8).prop_map(Hostile::BlankAfter),
            1 => (0usize..8).prop_map(Hostile::CommentAfter),
            1 => Just(Hostile::Trailing),
            1 => Just(Hostile::Empty),
        ]
    }

    impl Hostile {
        fn apply(&self, line: &str) -> String {
            let (head, value) = line.split_once(": ").unwrap_or((line, ""));
            match self {
                Hostile::None => line.to_string(),
                Hostile::Indent(n) => format!("{}{line}", " ".repeat(*n)),
                Hostile::Outdent => line.strip_prefix(' ').unwrap_or(line).to_string(),
                Hostile::Tab => line.replacen(' ', "\t", 1),
                Hostile::Comment => format!("{line} # note"),
                Hostile::Quote => format!("{head}: '{value}'"),
                Hostile::Anchor => format!("{head}: &a {value}"),
                Hostile::Continued(n) => format!("{line}\n{}more words", " ".repeat(*n)),
                Hostile::BlankAfter(n) => format!("{line}\n{}", " ".repeat(*n)),
                Hostile::CommentAfter(n) => format!("{line}\n{}# between", " ".repeat(*n)),
                Hostile::Trailing => format!("{line}  "),
                Hostile::Empty => format!("{head}:"),
            }
        }
    }

    #[test]
    fn spans_point_at_values_in_the_file() {
        let text = "id: SRS-1\ntitle: Dosé limit\nlinks: [A, B]\n";
        let (node, diags) = parse_ok(text);
        assert!(diags.is_empty(), "{diags:?}");
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = node
        else {
            panic!("not a map")
        };
        assert_eq!(entries.len(), 3);
        let (key, value) = &entries[2];
        assert_eq!(key.as_str(), Some("links"));
        let at = |n: &Node| &text[n.span.start as usize - 4..n.span.end as usize - 4];
        assert_eq!(at(key), "links");
        let Value::Seq(items) = &value.value else {
            panic!("not a seq")
        };
        assert_eq!(at(&items[1]), "B");
        assert_eq!(at(&entries[1].1), "Dosé limit");
    }

    #[test]
    fn aliases_and_anchors_are_refused() {
        let (_, diags) = parse_ok("a: &x [1, 2]\nb: *x\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::YamlAlias);
        assert_eq!(
            diags[0].message,
            "YAML anchors are not allowed in records (and 1 more in this file)"
        );
    }

    #[test]
    fn deep_nesting_is_cut_off() {
        let text = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let (node, diags) = parse_ok(&text);
        assert!(node.is_some());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::YamlTooDeep);
    }

    #[test]
    fn syntax_errors_are_diagnostics() {
        let (node, diags) = parse_ok("a: [1, 2\nb: c\n");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlSyntax);
    }
}
