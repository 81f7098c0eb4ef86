//! Fuzzes the trace-tag scanner: any bytes as a source file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrace_core::FileId;

fuzz_target!(|data: &[u8]| {
    let out = medtrace_scan::scan(FileId(0), "src/lib.rs", data);
    for tag in &out.tags {
        assert!(tag.span.end as usize <= data.len());
        for target in &tag.targets {
            assert!(target.span.start <= target.span.end && target.span.end as usize <= data.len());
        }
    }
    for m in &out.malformed {
        assert!(m.span.end as usize <= data.len());
    }
});
