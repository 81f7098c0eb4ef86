//! `go.mod`, with `go.sum` for checksums.
//!
//! The `require` directives of a module list every module of the build (since Go 1.17 the
//! indirect ones too, marked `// indirect`), so go.mod alone gives the components and
//! whether each is direct; it records no graph, so there are no edges. `replace`
//! directives are applied: a module replaced by another module becomes that module (what
//! is compiled, and what advisories name), one replaced by a local folder keeps its name
//! and carries the folder as its source. go.sum adds the `h1:` hash of each module's
//! content; its `/go.mod`-only lines are for modules not in the build and are ignored.
//! go.mod cannot tell test-only modules apart, so every component is run time.

use crate::model::{Component, Ecosystem, Lockfile, LockfileFormat, Scope};
use crate::npm::{dedupe, problem};
use crate::purl;
use medtrace_core::{FileId, Span};
use std::collections::HashMap;

/// Reads a `go.mod`.
pub fn read(file: FileId, go_mod: &str) -> Lockfile {
    read_with_sum(file, go_mod, None)
}

/// Reads a `go.mod` with its `go.sum` (file id and text) for the checksums.
pub fn read_with_sum(file: FileId, go_mod: &str, go_sum: Option<(FileId, &str)>) -> Lockfile {
    let mut lock = Lockfile {
        format: LockfileFormat::GoMod,
        components: Vec::new(),
        edges: Vec::new(),
        problems: Vec::new(),
    };
    let mut replaces: Vec<Replace> = Vec::new();
    let mut block: Option<String> = None;
    let mut saw_module = false;
    let mut offset = 0;
    for raw in go_mod.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let span = Span::new(file, start, start + line.len());
        let (code, comment) = split_comment(line);
        let words = tokens(code);
        let Some(&first) = words.first() else {
            continue;
        };
        let at = |message: String| problem(file, span.start as usize, span.end as usize, message);
        let (verb, args) = match &block {
            Some(_) if first == ")" => {
                block = None;
                continue;
            }
            Some(verb) => (verb.clone(), &words[..]),
            None if words.get(1) == Some(&"(") && words.len() == 2 => {
                block = Some(first.to_owned());
                continue;
            }
            None => (first.to_owned(), &words[1..]),
        };
        match verb.as_str() {
            "module" => saw_module = true,
            "require" => match args {
                [path, version] => lock.components.push(Component {
                    ecosystem: Ecosystem::Go,
                    name: (*path).to_owned(),
                    version: (*version).to_owned(),
                    purl: purl::for_name(Ecosystem::Go, path, version),
                    checksums: Vec::new(),
                    direct: Some(!comment.is_some_and(is_indirect)),
                    scope: Scope::Runtime,
                    license: None,
                    source: None,
                    span,
                }),
                _ => lock
                    .problems
                    .push(at("a requirement must be `module/path version`".into())),
            },
            "replace" => match Replace::parse(args) {
                Some(r) => replaces.push(r),
                None => lock.problems.push(at(
                    "a replacement must be `path [version] => path [version]`".into(),
                )),
            },
            "go" | "toolchain" | "exclude" | "retract" | "tool" | "godebug" | "ignore" => {}
            other => lock
                .problems
                .push(at(format!("unknown go.mod directive `{other}`"))),
        }
    }
    if block.is_some() {
        lock.problems.push(problem(
            file,
            go_mod.len(),
            go_mod.len(),
            "a `(` block is not closed".into(),
        ));
    }
    if !saw_module {
        lock.problems.push(problem(
            file,
            0,
            0,
            "no `module` directive: not a go.mod".into(),
        ));
    }
    for c in &mut lock.components {
        // An exact-version replacement wins over one for every version.
        let r = replaces
            .iter()
            .rev()
            .find(|r| r.old == c.name && r.old_version.as_deref() == Some(c.version.as_str()));
        let Some(r) = r.or_else(|| {
            replaces
                .iter()
                .rev()
                .find(|r| r.old == c.name && r.old_version.is_none())
        }) else {
            continue;
        };
        match &r.new_version {
            Some(version) => {
                c.name.clone_from(&r.new);
                c.version.clone_from(version);
                c.purl = purl::for_name(Ecosystem::Go, &c.name, &c.version);
            }
            None => c.source = Some(r.new.clone()),
        }
    }
    if let Some((sum_file, sum)) = go_sum {
        let hashes = read_sum(sum_file, sum, &mut lock);
        for c in &mut lock.components {
            if let Some(h) = hashes.get(&(c.name.as_str(), c.version.as_str())) {
                c.checksums.push((*h).to_owned());
            }
        }
    }
    dedupe(&mut lock);
    lock
}

struct Replace {
    old: String,
    old_version: Option<String>,
    new: String,
    /// `None` when the replacement is a local folder.
    new_version: Option<String>,
}

impl Replace {
    fn parse(args: &[&str]) -> Option<Replace> {
        let arrow = args.iter().position(|w| *w == "=>")?;
        let (left, right) = (&args[..arrow], &args[arrow + 1..]);
        let (old, old_version) = match left {
            [path] => (*path, None),
            [path, version] => (*path, Some((*version).to_owned())),
            _ => return None,
        };
        let (new, new_version) = match right {
            [path] => (*path, None),
            [path, version] => (*path, Some((*version).to_owned())),
            _ => return None,
        };
        Some(Replace {
            old: old.to_owned(),
            old_version,
            new: new.to_owned(),
            new_version,
        })
    }
}

/// `// indirect` or `// indirect; other text`.
fn is_indirect(comment: &str) -> bool {
    let c = comment.trim();
    c == "indirect" || c.starts_with("indirect;")
}

/// Splits a line at its `//` comment (outside quotes).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, ch) in line.char_indices() {
        match quote {
            Some(q) if ch == q && (q == '`' || previous != '\\') => quote = None,
            Some(_) => {}
            None if ch == '"' || ch == '`' => quote = Some(ch),
            None if ch == '/' && line[i + 1..].starts_with('/') => {
                return (&line[..i], Some(&line[i + 2..]));
            }
            None => {}
        }
        previous = ch;
    }
    (line, None)
}

/// The words of a line, with quotes around a path removed.
fn tokens(code: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for word in code.split_whitespace() {
        let unquoted = word
            .strip_prefix('"')
            .and_then(|w| w.strip_suffix('"'))
            .or_else(|| word.strip_prefix('`').and_then(|w| w.strip_suffix('`')))
            .unwrap_or(word);
        // `require(` with no space is how gofmt never writes it, but go accepts it.
        match unquoted.strip_suffix('(') {
            Some(verb) if !verb.is_empty() && words.is_empty() => {
                words.push(verb);
                words.push("(");
            }
            _ => words.push(unquoted),
        }
    }
    words
}

/// go.sum: `path version h1:hash` lines (the `/go.mod` ones are skipped).
fn read_sum<'t>(
    file: FileId,
    text: &'t str,
    lock: &mut Lockfile,
) -> HashMap<(&'t str, &'t str), &'t str> {
    let mut out = HashMap::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            [] => {}
            [_, version, _] if version.ends_with("/go.mod") => {}
            [path, version, hash] if hash.contains(':') => {
                out.insert((path, version), hash);
            }
            _ => lock.problems.push(problem(
                file,
                start,
                start + line.len(),
                "a go.sum line must be `path version hash`".into(),
            )),
        }
    }
    out
}
