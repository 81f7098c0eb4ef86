//! The default templates and assets, compiled into the binary. A project overrides any
//! of them by placing a file of the same name in `templates/site/`; the user guide
//! (docs/src/build.md) lists the variables each template gets.

/// The page templates (minijinja, HTML auto-escaped): (name, text).
pub const TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("templates/base.html")),
    ("item.html", include_str!("templates/item.html")),
    ("page.html", include_str!("templates/page.html")),
    ("index.html", include_str!("templates/index.html")),
];

/// Files copied as they are: (name, text).
pub const ASSETS: [(&str, &str); 2] = [
    ("style.css", include_str!("templates/style.css")),
    ("search.js", include_str!("templates/search.js")),
];
