//! The Python lockfile readers on lockfiles written by poetry, uv, pip-compile and
//! pipenv (tests/fixtures/python/README.md says which version wrote each).

mod pipfile;
mod poetry;
mod requirements;
mod uv;

use medtrace_core::FileId;
use medtrace_soup::{Component, Lockfile, Scope};

const LOCK: FileId = FileId(0);
const MANIFEST: FileId = FileId(1);

fn fixture(path: &str) -> String {
    let full = format!(
        "{}/tests/fixtures/python/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// One line per component: `name version scope direct|transitive|?`.
fn summary(lock: &Lockfile) -> Vec<String> {
    lock.components
        .iter()
        .map(|c| {
            let scope = match c.scope {
                Scope::Runtime => "runtime",
                Scope::Dev => "dev",
                Scope::Build => "build",
                Scope::Optional => "optional",
            };
            let direct = match c.direct {
                Some(true) => "direct",
                Some(false) => "transitive",
                None => "?",
            };
            format!("{} {} {scope} {direct}", c.name, c.version)
        })
        .collect()
}

/// The edges as `dependent@version -> dependency@version`, sorted.
fn edges(lock: &Lockfile) -> Vec<String> {
    let label = |i: usize| format!("{}@{}", lock.components[i].name, lock.components[i].version);
    let mut out: Vec<String> = lock
        .edges
        .iter()
        .map(|&(a, b)| format!("{} -> {}", label(a), label(b)))
        .collect();
    out.sort();
    out
}

/// The component of that name and version.
fn find<'l>(lock: &'l Lockfile, name: &str, version: &str) -> &'l Component {
    lock.components
        .iter()
        .find(|c| c.name == name && c.version == version)
        .unwrap_or_else(|| panic!("no {name} {version}"))
}

/// The names of the direct components, sorted.
fn direct(lock: &Lockfile) -> Vec<&str> {
    let mut out: Vec<&str> = lock
        .components
        .iter()
        .filter(|c| c.direct == Some(true))
        .map(|c| c.name.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The problems as `text at the span: message`.
fn problems(lock: &Lockfile, text: &str) -> Vec<String> {
    lock.problems
        .iter()
        .map(|p| {
            let at = text
                .get(p.span.start as usize..p.span.end as usize)
                .unwrap_or("<outside>");
            format!("{at}: {}", p.message)
        })
        .collect()
}

/// Every span lies in its file's text, on character boundaries; every component span
/// covers its name as the lockfile writes it.
fn check_spans(lock: &Lockfile, text: &str, manifest: Option<&str>) {
    for c in &lock.components {
        assert_eq!(c.span.file, LOCK);
        let covered = text
            .get(c.span.start as usize..c.span.end as usize)
            .unwrap_or_else(|| panic!("span of {} outside the text", c.name));
        assert!(
            covered.contains(&c.name),
            "span of {} covers {covered:?}",
            c.name
        );
        assert!(c.purl.starts_with("pkg:pypi/"), "{}", c.purl);
    }
    for p in &lock.problems {
        let within = if p.span.file == LOCK {
            text
        } else {
            manifest.expect("a manifest problem")
        };
        assert!(
            within
                .get(p.span.start as usize..p.span.end as usize)
                .is_some(),
            "problem span {:?} outside the text: {}",
            p.span,
            p.message
        );
    }
}

/// A `FileId` and text pair for `read_with_manifest`.
fn manifest(text: &str) -> Option<(FileId, &str)> {
    Some((MANIFEST, text))
}

/// Text that looks like a lockfile: fixture text with bytes cut out, doubled or
/// replaced, for the never-panics properties.
fn mutate(text: &str, cuts: &[(usize, usize, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, len, op) in cuts {
        if bytes.is_empty() {
            break;
        }
        let at = at % bytes.len();
        let end = (at + len % 64).min(bytes.len());
        match op % 3 {
            0 => {
                bytes.drain(at..end);
            }
            1 => {
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                const NOISE: &[u8] = b"\"[]{}=#\\\n,:-@ ;";
                bytes[at] = NOISE[usize::from(op) % NOISE.len()];
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
