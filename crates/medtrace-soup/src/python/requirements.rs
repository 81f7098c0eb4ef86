//! Pinned `requirements.txt`, as pip-compile (pip-tools) and `uv pip compile` write it:
//! `name[extras]==version ; markers`, `--hash=sha256:…` options on continuation lines,
//! and `# via` annotations (split over lines or on one line) naming what pulled each
//! requirement in.
//!
//! `# via -r requirements.in` (or `# via project (pyproject.toml)`) marks a direct
//! requirement, `# via other` an edge from `other`; without any annotation in the file
//! `direct` is unknown. A requirement not pinned to one version (`>=`, no version at
//! all) is a problem: a lockfile must say what is installed. `-e` and direct URL
//! requirements (`name @ url`) are components with that source; the version comes from a
//! wheel or sdist file name when the URL has one, else it is empty. `--index-url` names
//! the index every requirement comes from. Included files (`-r`, `-c`) are not followed:
//! this reader sees one file.

use super::{Entry, Sink, index_source, names};
use crate::model::{Lockfile, LockfileFormat, Scope};
use medtrace_core::FileId;

/// Reads a pinned `requirements.txt`.
pub fn read(file: FileId, text: &str) -> Lockfile {
    let mut reader = Reader {
        sink: Sink::new(file),
        requirements: Vec::new(),
        index: None,
        annotated: false,
    };
    let mut pending: Vec<(usize, &str)> = Vec::new();
    let mut in_via_block = false;
    for (start, line) in lines(text) {
        let trimmed = line.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            // A comment ends a continued line, as in pip.
            if !pending.is_empty() {
                reader.logical(&std::mem::take(&mut pending));
            }
            in_via_block = reader.comment(comment, in_via_block);
            continue;
        }
        in_via_block = false;
        let (code, comment) = split_comment(line);
        let code_end = code.trim_end();
        match code_end.strip_suffix('\\') {
            Some(continued) => pending.push((start, continued)),
            None => {
                pending.push((start, code));
                reader.logical(&std::mem::take(&mut pending));
            }
        }
        if let Some(comment) = comment {
            reader.comment(comment, false);
        }
    }
    if !pending.is_empty() {
        reader.logical(&pending);
    }
    reader.finish()
}

/// Physical lines: (offset of the first byte, the line without `\n` or `\r\n`).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        (start, line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Splits off a comment: `#` at the start or after whitespace, as pip reads it. The
/// comment is the text after its `#`.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return (&line[..i], Some(&line[i + 1..]));
        }
    }
    (line, None)
}

struct Requirement {
    entry: Entry,
    via: Vec<String>,
}

struct Reader {
    sink: Sink,
    requirements: Vec<Requirement>,
    index: Option<String>,
    /// Whether any `# via` annotation was seen.
    annotated: bool,
}

impl Reader {
    /// Reads a comment (the text after `#`); returns whether a `# via` block continues
    /// on the next lines.
    fn comment(&mut self, comment: &str, in_via_block: bool) -> bool {
        let text = comment.trim();
        if let Some(rest) = text.strip_prefix("via")
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            self.annotated = true;
            let rest = rest.trim();
            if rest.is_empty() {
                return true;
            }
            self.via(rest.split(',').map(str::trim));
            return false;
        }
        // Items of a split `# via` block are indented inside the comment: `#   httpx`.
        if in_via_block && comment.starts_with("  ") && !text.is_empty() {
            self.via(std::iter::once(text));
            return true;
        }
        false
    }

    fn via<'t>(&mut self, items: impl Iterator<Item = &'t str>) {
        if let Some(last) = self.requirements.last_mut() {
            last.via
                .extend(items.filter(|i| !i.is_empty()).map(str::to_owned));
        }
    }

    /// Reads one logical line: the code parts of its physical lines with their offsets.
    fn logical(&mut self, parts: &[(usize, &str)]) {
        let Some(&(first_start, first)) = parts.first() else {
            return;
        };
        let lead = first.len() - first.trim_start().len();
        let (start, first) = (first_start + lead, first.trim_start());
        if first.trim().is_empty() && parts.len() == 1 {
            return;
        }
        if first.starts_with('-') {
            self.option_line(start, parts);
            return;
        }
        // The requirement is on the first line up to its first option; the options
        // (`--hash`) follow on it and on the continuation lines.
        let (requirement, first_options) = split_options(first);
        let end = start + requirement.trim_end().len();
        let mut checksums = Vec::new();
        let rest = std::iter::once((start + requirement.len(), first_options))
            .chain(parts[1..].iter().copied());
        for (at, text) in rest {
            self.requirement_options(at, text, &mut checksums);
        }
        if let Some(mut entry) = self.requirement(start, requirement.trim_end(), end) {
            entry.checksums = checksums;
            self.requirements.push(Requirement {
                entry,
                via: Vec::new(),
            });
        }
    }

    /// A line of options: `-e …`, `-r …`, `--index-url …` and the like.
    fn option_line(&mut self, start: usize, parts: &[(usize, &str)]) {
        let joined: String = parts.iter().map(|p| p.1).collect::<Vec<_>>().join(" ");
        let line = joined.trim();
        let (option, value) = split_option(line);
        let end = parts.last().map_or(start, |&(s, t)| s + t.trim_end().len());
        match option {
            "-e" | "--editable" => {
                if value.is_empty() {
                    self.sink.push(start, end, "`-e` without a path or URL");
                    return;
                }
                let (value, _) = split_options(value);
                let location = value.trim();
                // `-e .` installs the project itself: not a component.
                if matches!(location.trim_end_matches('/'), "." | "file:.") {
                    return;
                }
                let name = egg_name(location).unwrap_or_else(|| last_segment(location).to_owned());
                if !names::is_valid(&name) {
                    self.sink.push(
                        start,
                        end,
                        format!("cannot tell the package name of `{location}`; add `#egg=name`"),
                    );
                    return;
                }
                let entry = Entry {
                    name,
                    version: String::new(),
                    span: (start, end),
                    checksums: Vec::new(),
                    source: Some(location.to_owned()),
                };
                self.requirements.push(Requirement {
                    entry,
                    via: Vec::new(),
                });
            }
            "-i" | "--index-url" => self.index = Some(value.to_owned()),
            "-r" | "--requirement" | "-c" | "--constraint" => {
                self.sink.push(
                    start,
                    end,
                    format!("`{line}` is not followed; read that file as a lockfile of its own"),
                );
            }
            "--extra-index-url" | "-f" | "--find-links" | "--trusted-host" | "--no-binary"
            | "--only-binary" | "--prefer-binary" | "--require-hashes" | "--pre" | "--no-index"
            | "--use-feature" => {}
            _ => self
                .sink
                .push(start, end, format!("unknown option `{option}`")),
        }
    }

    /// Options after a requirement: `--hash=sha256:…` (or `--hash sha256:…`); others
    /// (`--config-settings`) are left alone.
    fn requirement_options(&mut self, at: usize, text: &str, checksums: &mut Vec<String>) {
        let mut tokens = tokens(text);
        while let Some((offset, token)) = tokens.next() {
            let hash = match token.strip_prefix("--hash") {
                Some(rest) if rest.starts_with('=') => Some(&rest[1..]),
                Some("") => tokens.next().map(|t| t.1),
                _ => None,
            };
            match hash {
                Some(hash) if hash.contains(':') => checksums.push(hash.to_owned()),
                Some(_) => self.sink.push(
                    at + offset,
                    at + offset + token.len(),
                    "a `--hash` must read `algorithm:digest`",
                ),
                // `--config-settings key=value`: the value is the next token.
                None if token.starts_with('-') => {
                    if !token.contains('=') {
                        tokens.next();
                    }
                }
                None => self.sink.push(
                    at + offset,
                    at + offset + token.len(),
                    format!("cannot read `{token}` after a requirement"),
                ),
            }
        }
    }

    /// Reads `name[extras]==version ; markers`, `name @ url ; markers` or a bare URL.
    fn requirement(&mut self, start: usize, text: &str, end: usize) -> Option<Entry> {
        let len = names::name_len(text);
        let name = &text[..len];
        let rest = text[len..].trim_start();
        let rest = match rest.strip_prefix('[') {
            Some(inner) => inner
                .split_once(']')
                .map_or("", |(_, after)| after)
                .trim_start(),
            None => rest,
        };
        if let Some(url) = rest.strip_prefix('@').filter(|_| len > 0) {
            let url = url.trim_start();
            let url = url
                .split(|c: char| c.is_whitespace() || c == ';')
                .next()
                .unwrap_or_default();
            return Some(self.entry(
                name,
                version_from_url(name, url),
                start,
                end,
                Some(url.to_owned()),
            ));
        }
        if len == 0 || is_location(text) {
            return self.bare_url(start, text, end);
        }
        let spec = rest.split(';').next().unwrap_or_default().trim();
        let spec = spec
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(spec);
        match pinned_version(spec) {
            Some(version) => Some(self.entry(name, version.to_owned(), start, end, None)),
            None => {
                let what = if spec.is_empty() {
                    "no version".to_owned()
                } else {
                    format!("`{spec}`")
                };
                self.sink.push(
                    start,
                    end,
                    format!("`{name}` is not pinned ({what}); pin it with `==` (pip-compile does)"),
                );
                None
            }
        }
    }

    fn bare_url(&mut self, start: usize, text: &str, end: usize) -> Option<Entry> {
        let location = text
            .split(|c: char| c.is_whitespace() || c == ';')
            .next()
            .unwrap_or_default();
        let file_name = last_segment(location);
        let name =
            egg_name(location).or_else(|| distribution_of(file_name).map(|(n, _)| n.to_owned()));
        let Some(name) = name else {
            self.sink.push(
                start,
                end,
                format!("cannot read the requirement `{text}`; write it as `name==version` or `name @ url`"),
            );
            return None;
        };
        let version = version_from_url(&name, location);
        Some(self.entry(&name, version, start, end, Some(location.to_owned())))
    }

    fn entry(
        &self,
        name: &str,
        version: String,
        start: usize,
        end: usize,
        source: Option<String>,
    ) -> Entry {
        let source = source.or_else(|| self.index.as_deref().and_then(index_source));
        Entry {
            name: name.to_owned(),
            version,
            span: (start, end),
            checksums: Vec::new(),
            source,
        }
    }

    fn finish(self) -> Lockfile {
        let file = self.sink.file;
        let by_name = super::index_by_name(self.requirements.iter().map(|r| r.entry.name.as_str()));
        let mut edges = Vec::new();
        for (i, requirement) in self.requirements.iter().enumerate() {
            for parent in requirement.via.iter().filter(|v| !names_a_file(v)) {
                let parents = by_name
                    .get(&names::normalise(parent))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                edges.extend(parents.iter().filter(|&&p| p != i).map(|&p| (p, i)));
            }
        }
        edges.sort_unstable();
        edges.dedup();
        let annotated = self.annotated;
        let components = self
            .requirements
            .into_iter()
            .map(|r| {
                let direct = annotated.then(|| {
                    r.via
                        .iter()
                        .any(|v| names_a_file(v) && !v.starts_with("-c"))
                });
                r.entry.into_component(file, Scope::Runtime, direct)
            })
            .collect();
        Lockfile {
            format: LockfileFormat::Requirements,
            components,
            edges,
            problems: self.sink.problems,
        }
    }
}

/// Whether a `# via` item names an input file rather than a package: `-r requirements.in`,
/// `-c constraints.txt`, `project (pyproject.toml)`.
fn names_a_file(via: &str) -> bool {
    via.starts_with("-r") || via.starts_with("-c") || via.ends_with(')')
}

/// Whether a requirement is a URL or a path rather than a name (`./dist/x.whl`,
/// `git+https://…#egg=x`).
fn is_location(text: &str) -> bool {
    let first = text
        .split(|c: char| c.is_whitespace() || c == ';')
        .next()
        .unwrap_or_default();
    first.contains("://")
        || first.starts_with(['.', '/', '~', '\\'])
        || first.starts_with("file:")
        || distribution_of(first).is_some()
}

/// Splits a requirement from the options after it (the first ` -` or ` --`).
fn split_options(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b'-' && bytes[i - 1].is_ascii_whitespace() {
            return (&text[..i], &text[i..]);
        }
    }
    (text, "")
}

/// `-e path`, `-epath`, `--editable=path`: (option, value).
fn split_option(line: &str) -> (&str, &str) {
    if let Some(long) = line.strip_prefix("--") {
        let end = long
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(long.len());
        let value = long[end..].trim_start_matches('=').trim();
        return (&line[..end + 2], value);
    }
    let split = line.char_indices().nth(2).map_or(line.len(), |(i, _)| i);
    (&line[..split], line[split..].trim())
}

/// Whitespace-separated tokens with their offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// The version a specifier pins: one `==` or `===` clause without a wildcard.
fn pinned_version(spec: &str) -> Option<&str> {
    let mut pinned = None;
    for clause in spec.split(',').map(str::trim) {
        let version = clause
            .strip_prefix("===")
            .or_else(|| clause.strip_prefix("=="))
            .map(str::trim);
        match version {
            Some(v) if !v.is_empty() && !v.ends_with(".*") && pinned.is_none() => pinned = Some(v),
            _ => return None,
        }
    }
    pinned
}

/// The `#egg=name` of a URL or path, if it has one.
fn egg_name(location: &str) -> Option<String> {
    let fragment = location.split_once('#')?.1;
    let egg = fragment.split('&').find_map(|p| p.strip_prefix("egg="))?;
    let len = names::name_len(egg);
    (len > 0).then(|| egg[..len].to_owned())
}

/// The last segment of a URL's or path's path (no query, no fragment, no `@ref`).
fn last_segment(location: &str) -> &str {
    let path = location.split(['#', '?']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    let segment = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let segment = segment.split('@').next().unwrap_or(segment);
    segment.strip_suffix(".git").unwrap_or(segment)
}

/// (distribution, version) of a wheel or sdist file name.
fn distribution_of(file_name: &str) -> Option<(&str, &str)> {
    if let Some(stem) = file_name.strip_suffix(".whl") {
        let mut parts = stem.split('-');
        return Some((parts.next()?, parts.next()?));
    }
    let stem = [".tar.gz", ".tar.bz2", ".tar.xz", ".zip", ".tgz"]
        .iter()
        .find_map(|ext| file_name.strip_suffix(ext))?;
    stem.rsplit_once('-')
}

/// The version in a wheel or sdist URL of the named distribution, else empty.
fn version_from_url(name: &str, url: &str) -> String {
    match distribution_of(last_segment(url)) {
        Some((dist, version)) if names::normalise(dist) == names::normalise(name) => {
            version.to_owned()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_only_exact_versions() {
        assert_eq!(pinned_version("==1.0"), Some("1.0"));
        assert_eq!(pinned_version("=== 1.0"), Some("1.0"));
        assert_eq!(pinned_version(">=1.0"), None);
        assert_eq!(pinned_version("==1.*"), None);
        assert_eq!(pinned_version("==1.0,==2.0"), None);
        assert_eq!(pinned_version(""), None);
    }

    #[test]
    fn reads_names_from_urls() {
        assert_eq!(
            egg_name("git+https://x/y.git@v1#egg=pump_core&subdirectory=a").as_deref(),
            Some("pump_core")
        );
        assert_eq!(last_segment("git+https://x/pump.git@v1"), "pump");
        assert_eq!(last_segment("./helper/"), "helper");
        assert_eq!(
            distribution_of("tabulate-0.9.0-py3-none-any.whl"),
            Some(("tabulate", "0.9.0"))
        );
        assert_eq!(
            distribution_of("zope.interface-6.1.tar.gz"),
            Some(("zope.interface", "6.1"))
        );
        assert_eq!(
            version_from_url(
                "Tabulate",
                "https://h/p/tabulate-0.9.0-py3-none-any.whl#sha256=1"
            ),
            "0.9.0"
        );
        assert_eq!(
            version_from_url("other", "https://h/p/tabulate-0.9.0-py3-none-any.whl"),
            ""
        );
    }

    #[test]
    fn splits_options_and_comments() {
        assert_eq!(split_option("-e ./x"), ("-e", "./x"));
        assert_eq!(split_option("-e./x"), ("-e", "./x"));
        assert_eq!(
            split_option("--index-url=https://i"),
            ("--index-url", "https://i")
        );
        assert_eq!(
            split_options("a==1 --hash=sha256:0"),
            ("a==1 ", "--hash=sha256:0")
        );
        assert_eq!(split_comment("a==1  # via b"), ("a==1  ", Some(" via b")));
        assert_eq!(split_comment("a#b"), ("a#b", None));
    }
}
