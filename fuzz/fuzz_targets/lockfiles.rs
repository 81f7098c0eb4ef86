//! Fuzzes every lockfile reader: the first byte picks the format, the rest is the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtrace_core::FileId;
use medtrace_core::soup::LockfileFormat::*;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let formats = [
        CargoLock,
        NpmLock,
        YarnClassic,
        YarnBerry,
        PnpmLock,
        PoetryLock,
        UvLock,
        Requirements,
        PipfileLock,
        GoMod,
        GemfileLock,
        ComposerLock,
    ];
    let format = formats[pick as usize % formats.len()];
    // Half the time with the text as its own manifest, to reach the manifest paths too.
    let manifest = (pick >= 128).then_some((FileId(1), text));
    if let Some(lock) = medtrace_soup::read_any(FileId(0), text, Some(format), manifest) {
        for c in &lock.components {
            assert!(c.span.end as usize <= text.len());
        }
        for p in &lock.problems {
            assert!(p.span.start <= p.span.end);
        }
        for &(a, b) in &lock.edges {
            assert!(a < lock.components.len() && b < lock.components.len());
        }
    }
    let _ = medtrace_soup::sniff(text);
});
