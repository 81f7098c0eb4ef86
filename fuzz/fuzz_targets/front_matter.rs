//! Fuzzes the YAML front-matter reader differentially: wherever the line-based fast path
//! accepts the text, its tree (spans included) must equal the full parser's, and the full
//! parser must accept the text too. Both must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrace_core::source::FileId;
use medtrace_core::yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut diags = Vec::new();
    let full = yaml::parse_full(FileId(0), 4, text, &mut diags);
    if let Some(fast) = yaml::parse_fast(FileId(0), 4, text) {
        assert!(
            diags.is_empty(),
            "the fast path took text the full parser rejects: {diags:?}"
        );
        assert_eq!(
            Some(fast),
            full,
            "the fast path and the full parser disagree"
        );
    }
});
