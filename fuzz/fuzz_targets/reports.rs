//! Fuzzes the test report readers (JUnit XML, libtest JSON): any text as a report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrace_core::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = medtrace_results::read(FileId(0), text, None);
    for r in &report.results {
        assert!(r.span.end as usize <= text.len());
    }
    for p in &report.problems {
        assert!(p.span.end as usize <= text.len());
    }
});
