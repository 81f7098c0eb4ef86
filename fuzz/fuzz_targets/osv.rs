//! Fuzzes the OSV record reader and the version orderings of every ecosystem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrace_core::soup::Ecosystem;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(advisory) = medtrace_osv::parse_text(text) {
        for eco in [
            Ecosystem::Cargo,
            Ecosystem::Npm,
            Ecosystem::PyPi,
            Ecosystem::Go,
            Ecosystem::RubyGems,
            Ecosystem::Packagist,
        ] {
            let _ = medtrace_osv::assess(&advisory, eco, "name", "1.0.0");
        }
    }
    // Two versions split at the first newline, compared in every ordering.
    let (a, b) = text.split_once('\n').unwrap_or((text, ""));
    for eco in [
        Ecosystem::Cargo,
        Ecosystem::PyPi,
        Ecosystem::RubyGems,
        Ecosystem::Packagist,
        Ecosystem::Go,
    ] {
        let scheme = medtrace_osv::Scheme::of(eco);
        let _ = scheme.compare(a, b);
    }
});
