//! The typst engine (feature `engine`): compiles [`Document`]s into PDF bytes.
//!
//! The typst `World` holds exactly the document's source, the template module and the
//! document's images; fonts come only from typst-assets, so nothing depends on the
//! machine: no system fonts, no network, no packages. The date is the build's, and the
//! PDF identifier derives from the document ID, so the same inputs give the same bytes.

use crate::{Document, TEMPLATE_NAME};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The licence notices of what typst-assets bundles and the engine therefore carries in
/// the binary — the fonts (SIL OFL 1.1, GUST, GPL 3.0 with font exception, Bitstream
/// Vera, PDFium's BSD-style terms), the ICC colour profiles (CC0) and W3C-derived data —
/// verbatim from the typst-assets release this crate is built with. A binary built with
/// the engine must be distributed with them; `medtrace notices` prints them.
pub const NOTICES: &str = include_str!("../third-party/typst-assets-0.15.1-NOTICE");

/// The version of typst-assets whose notices [`NOTICES`] holds.
pub const ASSETS_VERSION: &str = "0.15.1";

/// The family names of the bundled fonts, sorted, each once.
pub fn font_families() -> Vec<String> {
    let mut families: Vec<String> = shared()
        .fonts
        .iter()
        .map(|f| f.info().family.clone())
        .collect();
    families.sort();
    families.dedup();
    families
}

/// The standard library and the bundled fonts, loaded once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(name).ok()?;
    Some(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

/// One document's world: its source, the template and its images.
struct DocWorld {
    main: Source,
    template: Source,
    images: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.template.id() {
            Ok(self.template.clone())
        } else {
            Err(FileError::NotFound(
                id.vpath().get_without_slash().to_string().into(),
            ))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((_, bytes)) = self.images.iter().find(|(f, _)| *f == id) {
            return Ok(bytes.clone());
        }
        let source = self.source(id)?;
        Ok(Bytes::from_string(source.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// The UTC date and time of a Unix time.
fn datetime(time: i64) -> Option<Datetime> {
    let time = time.max(0);
    let date = medtrace_core::history::civil_date(time as u64 / 86_400);
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    let secs = time % 86_400;
    Datetime::from_ymd_hms(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        u8::try_from(secs / 3600).ok()?,
        u8::try_from(secs % 3600 / 60).ok()?,
        u8::try_from(secs % 60).ok()?,
    )
}

fn describe(world: &DocWorld, diags: &[SourceDiagnostic]) -> String {
    use typst::WorldExt;
    let mut out = Vec::new();
    for d in diags {
        let place = d
            .span
            .id()
            .and_then(|id| {
                let source = world.source(id).ok()?;
                let range = world.range(d.span)?;
                let line = source.lines().byte_to_line(range.start)? + 1;
                Some(format!("{}:{line}: ", id.vpath().get_without_slash()))
            })
            .unwrap_or_default();
        out.push(format!("{place}{}", d.message));
    }
    out.join("; ")
}

/// Compiles one document into PDF bytes. `template` is the template module's text (the
/// shipped [`crate::TEMPLATE`] or a project's own), `time` the build time (seconds since
/// the Unix epoch), which dates the PDF.
pub fn compile(doc: &Document, template: &str, time: i64) -> Result<Vec<u8>, String> {
    let (Some(main_id), Some(template_id)) = (file_id("main.typ"), file_id(TEMPLATE_NAME)) else {
        return Err("cannot name the document's files".to_string());
    };
    let mut images = Vec::new();
    for (name, bytes) in &doc.images {
        let id = file_id(name).ok_or_else(|| format!("bad image name `{name}`"))?;
        images.push((id, Bytes::new(bytes.clone())));
    }
    let world = DocWorld {
        main: Source::new(main_id, doc.source.clone()),
        template: Source::new(template_id, template.to_string()),
        images,
        today: datetime(time),
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    let paged = compiled.map_err(|e| format!("{}: {}", doc.id, describe(&world, &e)))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(match doc.volume {
            Some((k, _)) => format!("{}-vol{k}", doc.id),
            None => doc.id.clone(),
        }),
        creator: Smart::Custom(Some("medtrace".to_string())),
        timestamp: world.today.map(typst_pdf::Timestamp::new_utc),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|e| format!("{}: {}", doc.id, describe(&world, &e)))
}

/// Compiles documents on up to `threads` threads; the results are in the documents' order.
pub fn compile_all(
    docs: &[Document],
    template: &str,
    time: i64,
    threads: usize,
) -> Vec<Result<Vec<u8>, String>> {
    let threads = threads.clamp(1, docs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Vec<u8>, String>>> = vec![None; docs.len()];
    let slots = std::sync::Mutex::new(&mut results);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(doc) = docs.get(k) else { break };
                    let result = compile(doc, template, time);
                    // typst memoises layout across compilations; kept for the whole set,
                    // the cache grew to gigabytes on a 10k-item project. A document
                    // reuses little of another's, so it goes after each one.
                    typst::comemo::evict(0);
                    if let Ok(mut slots) = slots.lock() {
                        slots[k] = Some(result);
                    }
                }
            });
        }
    });
    typst::comemo::evict(0);
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("the document was not compiled".to_string())))
        .collect()
}
