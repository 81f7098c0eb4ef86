//! Fuzzes the medtrace.toml reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (config, _diags) = medtrace_core::config::parse(medtrace_core::FileId(0), text);
        let _ = medtrace_core::Schema::new(&config);
    }
});
