//! `medtrace notices`: the licence notices this binary must travel with — medtrace's own
//! licence and, when it was built with the PDF engine, the terms of the fonts, colour
//! profiles and data typst-assets bundles into it (see SOUP-022).

// implements: SRS-068
/// The notices of this binary, as text.
pub fn text() -> String {
    let mut out = format!(
        "medtrace {} is licensed under {}.\n\
         The Rust crates it is built from keep their own licences (mostly MIT and \
         Apache-2.0); medtrace's SOUP records name each with its licence.\n",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_LICENSE"),
    );
    out.push_str(&engine_notices());
    out
}

#[cfg(feature = "pdf")]
fn engine_notices() -> String {
    use medtrace_docs::engine::{ASSETS_VERSION, NOTICES, font_families};
    format!(
        "\nThis medtrace contains the PDF engine typst (Apache-2.0) and what typst-assets \
         {ASSETS_VERSION} bundles: the fonts {}, ICC colour profiles and data, under the \
         terms below.\n\n{NOTICES}",
        font_families().join(", ")
    )
}

#[cfg(not(feature = "pdf"))]
fn engine_notices() -> String {
    "\nThis medtrace was built without the PDF engine, so it contains no bundled fonts.\n"
        .to_string()
}
