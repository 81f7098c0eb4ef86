//! The design history file as a static HTML site: a page per item, a page per document
//! type (requirements, architecture, SOUP, risk, trace matrices, verification, gap
//! report, problems and changes, plans), a dashboard and a client-side search index.
//!
//! This crate sits at the end of the pipeline next to `medtrace-render`: it takes an
//! [`Analysis`], the [`BuildInfo`] of the revision and the project's template overrides,
//! and hands each file, as `(relative path, bytes)`, to a sink as soon as it is rendered
//! ([`build_into`]; the caller writes it), or returns them all sorted by path
//! ([`build`]). It never touches the disk or the clock, and the same input gives the
//! same bytes whatever the number of threads: pages are rendered in parallel, but no
//! page depends on another.
//!
//! Every page works from `file://`: links are relative, the search index is a script
//! that assigns a global (browsers refuse `fetch` of local files), and nothing is loaded
//! from the network. Record text reaches the pages escaped; Markdown bodies are rendered
//! without raw HTML and without `javascript:`-like URLs ([`markdown`]).

pub mod documents;
mod fields;
mod graph_svg;
pub mod html;
mod item_page;
pub mod markdown;
mod records;
mod search;
pub mod soup;
mod templates;

use medtrace_core::Analysis;
use medtrace_core::gap::GapReport;
use medtrace_core::history::BuildInfo;
use minijinja::{Environment, Value, context};
use std::fmt;

pub use records::CHAINS as TRACE_CHAINS;
pub use templates::{ASSETS, TEMPLATES};

/// What the site is built from.
pub struct Input<'a> {
    /// The checked project.
    pub analysis: &'a Analysis,
    /// The revision the site shows (project, version, commit, date).
    pub info: &'a BuildInfo,
    /// The clause-by-clause gap report, when it is part of the build.
    pub gap: Option<&'a GapReport>,
    /// Template and asset overrides: (name, text), names as in [`TEMPLATES`] and
    /// [`ASSETS`]. Other names are added as templates that overrides may include.
    pub overrides: &'a [(String, String)],
}

/// A template that does not compile or render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The template's name.
    pub template: String,
    /// What went wrong, with the line where the engine knows it.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template {}: {}", self.template, self.message)
    }
}

impl std::error::Error for Error {}

fn template_error(template: &str, err: &minijinja::Error) -> Error {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error {
        template: template.to_string(),
        message,
    }
}

/// A generated file: its path relative to the site root, `/`-separated, and its bytes.
pub type File = (String, Vec<u8>);

/// One entry of the navigation bar.
struct NavEntry {
    key: &'static str,
    label: &'static str,
    href: &'static str,
}

/// The document pages in navigation order; `gap` only when the report is given.
fn navigation(with_gap: bool) -> Vec<NavEntry> {
    let mut out = vec![
        NavEntry {
            key: "index",
            label: "Dashboard",
            href: "index.html",
        },
        NavEntry {
            key: "srs",
            label: "Requirements",
            href: "requirements.html",
        },
        NavEntry {
            key: "architecture",
            label: "Architecture",
            href: "architecture.html",
        },
        NavEntry {
            key: "soup",
            label: "SOUP",
            href: "soup.html",
        },
        NavEntry {
            key: "risk",
            label: "Risk",
            href: "risk.html",
        },
        NavEntry {
            key: "trace",
            label: "Trace",
            href: "trace.html",
        },
        NavEntry {
            key: "verification",
            label: "Verification",
            href: "verification.html",
        },
    ];
    if with_gap {
        out.push(NavEntry {
            key: "gap",
            label: "Gap report",
            href: "gap.html",
        });
    }
    out.push(NavEntry {
        key: "changes",
        label: "Problems & changes",
        href: "changes.html",
    });
    out.push(NavEntry {
        key: "plans",
        label: "Plans",
        href: "plans.html",
    });
    out
}

/// The values every page gets: `site`, `nav`.
fn globals(input: &Input) -> (Value, Value) {
    let info = input.info;
    let site = context! {
        project => if info.project.is_empty() { input.analysis.config.name.clone() } else { info.project.clone() },
        version => info.version.clone(),
        commit => info.commit.clone(),
        date => info.date(),
        generator => concat!("medtrace ", env!("CARGO_PKG_VERSION")),
    };
    let nav: Vec<Value> = navigation(input.gap.is_some())
        .into_iter()
        .map(|n| context! { key => n.key, label => n.label, href => n.href })
        .collect();
    (site, Value::from(nav))
}

fn environment<'a>(overrides: &'a [(String, String)]) -> Result<Environment<'a>, Error> {
    let mut env = Environment::new();
    // HTML escaping as the rest of the site does it: `/` stays `/`, so links read plainly.
    env.set_formatter(
        |out, state, value| match (state.auto_escape(), value.as_str()) {
            (minijinja::AutoEscape::Html, Some(text)) if !value.is_safe() => out
                .write_str(&html::escape(text))
                .map_err(minijinja::Error::from),
            _ => minijinja::escape_formatter(out, state, value),
        },
    );
    let overridden = |name: &str| overrides.iter().any(|(n, _)| n == name);
    for (name, text) in TEMPLATES {
        if !overridden(name) {
            env.add_template(name, text)
                .map_err(|e| template_error(name, &e))?;
        }
    }
    for (name, text) in overrides {
        if ASSETS.iter().any(|(n, _)| n == name) {
            continue;
        }
        env.add_template(name, text)
            .map_err(|e| template_error(name, &e))?;
    }
    Ok(env)
}

/// Renders a page from a template into `out` (cleared first), ending with a newline.
fn render_into(
    env: &Environment,
    template: &str,
    ctx: Value,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    let t = env
        .get_template(template)
        .map_err(|e| template_error(template, &e))?;
    out.clear();
    t.render_captured_to(ctx, &mut *out)
        .map_err(|e| template_error(template, &e))?;
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    Ok(())
}

/// A page rendered from a template, or the template's error.
fn render(env: &Environment, template: &str, ctx: Value) -> Result<Vec<u8>, Error> {
    // Sized for a typical page, so most pages never grow their buffer.
    let mut out = Vec::with_capacity(16 * 1024);
    render_into(env, template, ctx, &mut out)?;
    Ok(out)
}

/// Where [`build_into`] puts each file as soon as it is rendered: the path relative to
/// the site root (`/`-separated) and the bytes. It is called from several threads at
/// once, once per path, in no particular order.
pub type Sink<'s, E> = dyn Fn(&str, &[u8]) -> Result<(), E> + Sync + 's;

/// Why [`build_into`] stopped: a template failed, or the sink did.
#[derive(Debug)]
pub enum BuildError<E> {
    /// A template does not compile or render.
    Template(Error),
    /// The sink refused a file.
    Write(E),
}

impl<E: fmt::Display> fmt::Display for BuildError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Template(e) => e.fmt(f),
            BuildError::Write(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for BuildError<E> {}

/// Builds the whole site and returns its files sorted by path.
pub fn build(input: &Input) -> Result<Vec<File>, Error> {
    let files = std::sync::Mutex::new(Vec::new());
    let collect = |path: &str, bytes: &[u8]| -> Result<(), std::convert::Infallible> {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path.to_string(), bytes.to_vec()));
        Ok(())
    };
    build_into(input, &collect).map_err(|e| match e {
        BuildError::Template(e) => e,
        BuildError::Write(never) => match never {},
    })?;
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

// implements: SRS-067
/// Builds the whole site, handing each file to `sink` as soon as it is rendered, so a
/// site of any size is never held in memory. The bytes of each file do not depend on the number of threads or the order of rendering.
///
/// Items are rendered by a worker per core, each taking the next unrendered item, so a
/// few long pages do not leave a core idle; the document pages are rendered beside them.
/// An item whose ID an earlier item already has (a finding of its own) gets no page.
pub fn build_into<E: Send>(input: &Input, sink: &Sink<E>) -> Result<(), BuildError<E>> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let env = environment(input.overrides).map_err(BuildError::Template)?;
    let (site, nav) = globals(input);
    let analysis = input.analysis;
    let n = analysis.items.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .clamp(1, 16);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let item_page = |idx: usize, out: &mut Vec<u8>| -> Result<(), BuildError<E>> {
        let it = &analysis.items[idx];
        if analysis.graph.lookup(&it.id) != Some(idx) {
            return Ok(());
        }
        let body_text = analysis
            .sources
            .get(it.file)
            .text
            .get(it.body_start..)
            .unwrap_or("");
        let body = markdown::render(body_text, &|id| {
            analysis
                .graph
                .lookup(id)
                .map(|i| format!("{}.html", analysis.items[i].id))
        });
        let ctx = context! {
            site => site.clone(),
            nav => nav.clone(),
            root => item_page::ROOT,
            page => "item",
            title => format!("{}: {}", it.id, it.title),
            item => item_page::context(analysis, idx, body),
        };
        render_into(&env, "item.html", ctx, out).map_err(BuildError::Template)?;
        sink(&html::item_path(&it.id), out).map_err(BuildError::Write)
    };
    let worker = || -> Result<(), BuildError<E>> {
        // One buffer per worker, reused for every page it renders.
        let mut out = Vec::with_capacity(64 * 1024);
        while !stop.load(Ordering::Relaxed) {
            let idx = next.fetch_add(1, Ordering::Relaxed);
            if idx >= n {
                break;
            }
            if let Err(e) = item_page(idx, &mut out) {
                stop.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok(())
    };
    let documents = || -> Result<(), BuildError<E>> {
        let result = document_pages(input, &env, &site, &nav)
            .map_err(BuildError::Template)
            .and_then(|files| {
                for (path, bytes) in &files {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    sink(path, bytes).map_err(BuildError::Write)?;
                }
                Ok(())
            });
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        result
    };
    let results: Vec<Result<(), BuildError<E>>> = std::thread::scope(|scope| {
        let stopped = |what: &str| {
            BuildError::Template(Error {
                template: what.into(),
                message: "rendering stopped unexpectedly".into(),
            })
        };
        let mut handles = vec![(scope.spawn(documents), "page.html")];
        for _ in 0..threads.min(n.max(1)) {
            handles.push((scope.spawn(worker), "item.html"));
        }
        handles
            .into_iter()
            .map(|(h, what)| h.join().unwrap_or_else(|_| Err(stopped(what))))
            .collect()
    });
    for r in results {
        r?;
    }
    Ok(())
}

/// Every page but the item pages, the assets and the search index.
fn document_pages(
    input: &Input,
    env: &Environment,
    site: &Value,
    nav: &Value,
) -> Result<Vec<File>, Error> {
    let analysis = input.analysis;
    let mut files: Vec<File> = Vec::new();
    for (name, text) in ASSETS {
        let bytes = input
            .overrides
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| text.as_bytes().to_vec(), |(_, t)| t.as_bytes().to_vec());
        files.push((name.to_string(), bytes));
    }
    files.push((
        "search-index.js".into(),
        search::index(analysis).into_bytes(),
    ));
    let svgs = records::risk_matrices(analysis);
    if !analysis.risk.hazards.is_empty() {
        for (name, svg) in &svgs {
            files.push((name.clone(), svg.clone().into_bytes()));
        }
    }
    let page = |key: &str, title: &str, intro: String, content: String| -> Result<File, Error> {
        let ctx = context! {
            site => site.clone(),
            nav => nav.clone(),
            root => "",
            page => key,
            title => title,
            intro => intro,
            content => Value::from_safe_string(content),
        };
        let path = navigation(true)
            .into_iter()
            .find(|n| n.key == key)
            .map_or_else(|| format!("{key}.html"), |n| n.href.to_string());
        Ok((path, render(env, "page.html", ctx)?))
    };
    for (key, title, (intro, content)) in [
        (
            "srs",
            "Software requirements",
            documents::requirements(analysis),
        ),
        (
            "architecture",
            "Software architecture",
            documents::architecture(analysis),
        ),
        ("soup", "SOUP list", documents::soup_list(analysis)),
        ("risk", "Risk management", records::risk(analysis)),
        ("trace", "Trace matrices", records::trace(analysis)),
        (
            "verification",
            "Verification summary",
            records::verification(analysis),
        ),
        (
            "changes",
            "Problems and changes",
            documents::changes(analysis),
        ),
        ("plans", "Plans", documents::plans(analysis)),
    ] {
        files.push(page(key, title, intro, content)?);
    }
    if let Some(gap) = input.gap {
        let (intro, content) = records::gap(analysis, gap);
        files.push(page("gap", "IEC 62304 gap report", intro, content)?);
    }
    let ctx = context! {
        site => site.clone(),
        nav => nav.clone(),
        root => "",
        page => "index",
        title => "Dashboard",
        dashboard => records::dashboard(analysis, input.gap),
    };
    files.push(("index.html".into(), render(env, "index.html", ctx)?));
    Ok(files)
}
