//! Scans a folder for trace tags as medtrace does and prints what it found: the medtrace
//! side of `benches/scan.sh` (timed against ripgrep on the same tree).
//!
//! `cargo run --release -p medtrace-project --example scan_tree -- DIR`

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: scan_tree DIR");
        return ExitCode::from(2);
    };
    match medtrace_project::scan_tree(Path::new(&dir), &[".".to_string()], &[], &[]) {
        Ok(files) => {
            let tags: usize = files.iter().map(|f| f.output.tags.len()).sum();
            let malformed: usize = files.iter().map(|f| f.output.malformed.len()).sum();
            let bytes: usize = files.iter().map(|f| f.text.len()).sum();
            println!(
                "{tags} tags and {malformed} malformed tags in {} files ({bytes} bytes)",
                files.len()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
