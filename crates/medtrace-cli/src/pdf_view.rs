//! The PDF documents of `medtrace build` (feature `pdf`): gathers the template, the git
//! history of the records and the build information, has medtrace-docs write and typeset
//! each document, and writes the PDFs atomically.

use anyhow::{Context, Result, bail};
use medtrace_core::Analysis;
use medtrace_core::history::BuildInfo;
use std::path::Path;

/// The template module: the project's `templates/pdf/medtrace.typ` when it has one, else
/// the one shipped.
fn template(root: &Path) -> Result<String> {
    let path = root
        .join("templates")
        .join("pdf")
        .join(medtrace_docs::TEMPLATE_NAME);
    if path.is_file() {
        std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the PDF template {}", path.display()))
    } else {
        Ok(medtrace_docs::TEMPLATE.to_string())
    }
}

/// One PDF of the set, as [`write_pdfs`] left it.
pub struct WrittenPdf {
    /// Its size in bytes.
    pub len: u64,
    /// Whether the file already held these bytes and was left alone.
    pub unchanged: bool,
}

/// Typesets every document the records can fill and writes each PDF into `dir`
/// (atomically; a file whose bytes are already there is left alone).
pub fn write_pdfs(
    root: &Path,
    analysis: &Analysis,
    info: &BuildInfo,
    dir: &Path,
) -> Result<Vec<WrittenPdf>> {
    let template = template(root)?;
    let history =
        medtrace_project::history::record_history(root, &medtrace_docs::record_paths(analysis));
    let docs = medtrace_docs::documents(&medtrace_docs::Inputs {
        analysis,
        info,
        history: &history,
    });
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pdfs = medtrace_docs::engine::compile_all(&docs, &template, info.time, threads);
    let mut failures = Vec::new();
    let mut written = Vec::new();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (doc, pdf) in docs.iter().zip(pdfs) {
        match pdf {
            Ok(bytes) => {
                let path = dir.join(&doc.file_name);
                let unchanged = std::fs::read(&path).is_ok_and(|old| old == bytes);
                if !unchanged {
                    medtrace_project::write_replace(&path, &bytes)?;
                }
                written.push(WrittenPdf {
                    len: bytes.len() as u64,
                    unchanged,
                });
            }
            Err(e) => failures.push(e),
        }
    }
    if !failures.is_empty() {
        bail!(
            "cannot typeset {} of {} documents: {}",
            failures.len(),
            docs.len(),
            failures.join("\n")
        );
    }
    Ok(written)
}
