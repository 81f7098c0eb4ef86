//! Hostile and broken input: always a diagnostic, never a panic or a hang.

use crate::{medtrace, project};

const CONFIG: &[u8] = b"[project]\nname = \"t\"\n";

fn short(files: &[(&str, &[u8])]) -> (i32, String) {
    let dir = project(files);
    let run = medtrace(dir.path(), &["check", "--format", "short"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.stdout)
}

#[test]
fn broken_files_each_get_a_diagnostic() {
    let mut bomb =
        String::from("---\nid: SYS-009\ntitle: bomb\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for k in 1..10 {
        bomb.push_str(&format!(
            "{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n",
            (b'a' + k) as char,
            (b'a' + k) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char,
            (b'a' + k - 1) as char
        ));
    }
    bomb.push_str("---\n");
    let deep = format!(
        "---\nid: SYS-008\ntitle: deep\nx: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let big_body = format!(
        "---\nid: SYS-007\ntitle: big\n---\n{}",
        "All work and no play. ".repeat(500_000)
    );
    let (code, out) = short(&[
        ("medtrace.toml", CONFIG),
        ("dhf/latin1.md", b"---\nid: SYS-001\ntitle: caf\xe9\n---\n"),
        ("dhf/binary.md", &[0u8, 159, 146, 150, 0xff, 0xfe, 0]),
        ("dhf/empty.md", b""),
        ("dhf/only-dashes.md", b"---"),
        (
            "dhf/unclosed.md",
            b"---\nid: SYS-002\ntitle: never closed\n",
        ),
        ("dhf/not-a-map.md", b"---\n- a\n- b\n---\n"),
        ("dhf/no-id.md", b"---\ntitle: x\n---\n"),
        ("dhf/bad-id.md", b"---\nid: not an id\n---\n"),
        ("dhf/prefix.md", b"---\nid: FOO-1\ntitle: x\n---\n"),
        ("dhf/bomb.md", bomb.as_bytes()),
        ("dhf/deep.md", deep.as_bytes()),
        ("dhf/big.md", big_body.as_bytes()),
        ("dhf/README.md", b"# Not an item\n"),
    ]);
    assert_eq!(code, 1);
    for expected in [
        "dhf/latin1.md:1:1: error[file-not-utf8]",
        "dhf/binary.md:1:1: error[file-not-utf8]",
        "dhf/unclosed.md:1:1: error[front-matter-unclosed]",
        "dhf/not-a-map.md:2:1: error[yaml-not-mapping]",
        "dhf/no-id.md:2:1: error[item-id-missing]",
        "dhf/bad-id.md:2:5: error[item-id-invalid]",
        "dhf/prefix.md:2:5: error[item-prefix-unknown]",
        "dhf/bomb.md:4:4: error[yaml-alias]",
        "dhf/only-dashes.md:1:1: error[front-matter-unclosed]",
    ] {
        assert!(out.contains(expected), "{expected} missing from:\n{out}");
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("dhf/deep.md:4:") && l.contains("error[yaml-too-deep]")),
        "{out}"
    );
    assert!(
        !out.contains("empty.md") && !out.contains("README.md"),
        "{out}"
    );
    // The 11 MB body is read and its item checked like any other.
    assert!(
        out.contains("dhf/big.md:2:5: warning[system-requirement-not-refined]")
            || out.contains("dhf/big.md:2:5: error[system-requirement-not-refined]"),
        "{out}"
    );
}

#[test]
fn bad_configuration_points_into_medtrace_toml() {
    let (code, out) = short(&[
        ("medtrace.toml", b"[project]\nname = \"t\"\nclass = \"D\"\n[items]\nfolders = [\"../outside\"]\n[levels]\nno-such-code = \"deny\"\n"),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "medtrace.toml:3:9: error[config-invalid-value]: `D` is not a software safety class"
        ),
        "{out}"
    );
    assert!(
        out.contains("medtrace.toml:5:11: error[config-invalid-value]"),
        "{out}"
    );
    assert!(
        out.contains("medtrace.toml:7:1: warning[config-unknown-key]"),
        "{out}"
    );
}

#[test]
fn broken_toml_is_a_finding_not_a_crash() {
    let (code, out) = short(&[("medtrace.toml", b"[project\nname = \"t\"\n\x00")]);
    assert_eq!(code, 1);
    assert!(out.contains("error[config-syntax]"), "{out}");
}
