//! Exit codes 0, 1 and 2, and a stdout that the reader closes early (SRS-019).

use crate::{medtrace, project};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CONFIG: &[u8] = b"[project]\nname = \"t\"\n";
const SYS: (&str, &[u8]) = ("dhf/SYS-001.md", b"---\nid: SYS-001\ntitle: Need\n---\n");
const SRS: (&str, &[u8]) = (
    "dhf/SRS-001.md",
    b"---\nid: SRS-001\ntitle: Req\nderived-from: [SYS-001]\n---\n",
);
const TST: (&str, &[u8]) = (
    "dhf/TST-001.md",
    b"---\nid: TST-001\ntitle: Test\nverifies: [SRS-001]\n---\n",
);

#[test]
fn check_exits_0_when_clean_or_only_warned_and_1_on_a_deny_finding() {
    let clean = project(&[("medtrace.toml", CONFIG), SYS, SRS, TST]);
    let run = medtrace(clean.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    // An unknown field is a warning by default: reported, exit 0.
    let warned = project(&[
        ("medtrace.toml", CONFIG),
        SYS,
        SRS,
        (
            "dhf/TST-001.md",
            b"---\nid: TST-001\ntitle: Test\nverifies: [SRS-001]\ncolour: blue\n---\n",
        ),
    ]);
    let run = medtrace(warned.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("warning[field-unknown]"),
        "{}",
        run.stdout
    );

    // One deny-level finding: exit 1, and the other commands still exit 0.
    let denied = project(&[("medtrace.toml", CONFIG), SYS, SRS]);
    let run = medtrace(denied.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "dhf/SRS-001.md:2:5: error[requirement-not-verified]: no test verifies `SRS-001`\n"
    );
    for args in [
        &["trace"][..],
        &["show", "SRS-001"],
        &["list"],
        &["explain", "link-self"],
    ] {
        let run = medtrace(denied.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn tool_failures_exit_2_with_a_message_naming_the_cause() {
    let dir = project(&[("medtrace.toml", CONFIG), SYS, SRS, TST]);
    let no_project = tempfile::tempdir().expect("tmp");
    let cases: [(&std::path::Path, &[&str], &str); 9] = [
        (no_project.path(), &["check"], "no medtrace.toml in"),
        (no_project.path(), &["list"], "no medtrace.toml in"),
        (dir.path(), &["check", "--no-such-flag"], "--no-such-flag"),
        (dir.path(), &["check", "--format", "xml"], "xml"),
        (dir.path(), &["show", "NO-SUCH-1"], "`NO-SUCH-1`"),
        (
            dir.path(),
            &["list", "--type", "FOO"],
            "`FOO` is not an item type",
        ),
        (
            dir.path(),
            &["list", "--status", "done"],
            "`done` is not a status",
        ),
        (dir.path(), &["trace", "SYS,FOO"], "`FOO`"),
        (
            dir.path(),
            &["init", "--class", "D"],
            "`D` is not a safety class",
        ),
    ];
    for (at, args, names) in cases {
        let run = medtrace(at, args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(names),
            "{args:?}: stderr should name `{names}`: {}",
            run.stderr
        );
    }

    // A file that `new` cannot write: the type's folder is taken by a file.
    let blocked = project(&[
        ("medtrace.toml", CONFIG),
        ("dhf/hazards", b"not a folder\n"),
    ]);
    let run = medtrace(blocked.path(), &["new", "HAZ", "Overdose"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("hazards"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(blocked.path().join("dhf/hazards")).expect("kept"),
        b"not a folder\n"
    );
}

/// A folder medtrace cannot read is a tool failure. Skipped where permissions do not
/// apply (running as root).
#[cfg(unix)]
#[test]
fn an_unreadable_item_folder_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("medtrace.toml", CONFIG), SYS, SRS, TST]);
    let locked = dir.path().join("dhf/locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(locked.join("SYS-002.md"), "---\nid: SYS-002\n---\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let privileged = std::fs::read_dir(&locked).is_ok();
    let run = medtrace(dir.path(), &["check"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if privileged {
        eprintln!("skipped: permissions do not apply to this user");
        return;
    }
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("locked"), "{}", run.stderr);
}

/// Spawns `medtrace -C dir args…`, reads one line of its stdout, closes the pipe and
/// returns the exit code and stderr.
fn read_one_line_then_close(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_medtrace"))
        .arg("-C")
        .arg(dir)
        .arg("--color=never")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    assert!(!first.is_empty(), "the command printed something");
    // The reader is dropped here: the pipe is closed while medtrace still has output.
    let output = child.wait_with_output().expect("it ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_its_own_exit_code() {
    // Enough output (hundreds of KB) that the writer is still writing when the reader
    // goes: 3,000 items, each an unverified requirement.
    let mut files: Vec<(String, Vec<u8>)> = vec![("medtrace.toml".into(), CONFIG.to_vec())];
    for n in 1..=3000 {
        files.push((
            format!("dhf/SRS-{n:04}.md"),
            format!(
                "---\nid: SRS-{n:04}\ntitle: A requirement with a title long enough to fill the pipe\nderived: true\nderived-rationale: r\n---\n"
            )
            .into_bytes(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_slice()))
        .collect();
    let dir = project(&borrowed);

    let (code, stderr) = read_one_line_then_close(dir.path(), &["list"]);
    assert_eq!(code, Some(0), "list completed: {stderr}");
    assert!(stderr.is_empty(), "no error on a closed pipe: {stderr}");

    let (code, stderr) = read_one_line_then_close(dir.path(), &["check", "--format", "short"]);
    assert_eq!(code, Some(1), "check keeps its own exit code: {stderr}");
    assert!(stderr.is_empty(), "no error on a closed pipe: {stderr}");

    let (code, stderr) = read_one_line_then_close(dir.path(), &["list", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
