//! Tags in the comment syntaxes of many languages, and look-alikes that are not tags.

use crate::check;

#[test]
fn rust_line_doc_and_block_comments() {
    check(
        "src/pump.rs",
        &[
            "//! implements: SRS-001",
            "",
            "/// implements: SRS-002, RCM-003",
            "pub fn limit() {}",
            "",
            "// implements:SRS-004",
            "/* implements: SRS-005 */",
            "/** implements: SRS-006 */",
            "/*! implements: SRS-007 */",
            "let x = 1; // implements: SRS-008",
            "let y = 2; /* implements: SRS-009 */ let z = 3;",
        ],
        &[
            "1:5 implements: SRS-001",
            "3:5 implements: SRS-002, RCM-003",
            "6:4 implements:SRS-004",
            "7:4 implements: SRS-005",
            "8:5 implements: SRS-006",
            "9:5 implements: SRS-007",
            "10:15 implements: SRS-008",
            "11:15 implements: SRS-009",
        ],
    );
}

#[test]
fn c_block_comment_with_continuation_lines() {
    check(
        "dose.c",
        &[
            "/*",
            " * Limits the dose.",
            " * implements: SRS-010",
            " *   implements: SRS-011",
            " */",
            "int limit(void) { return 0; }  /* implements: SRS-012 */",
            "\tint x; // implements: SRS-013",
        ],
        &[
            "3:4 implements: SRS-010",
            "4:6 implements: SRS-011",
            "6:35 implements: SRS-012",
            "7:12 implements: SRS-013",
        ],
    );
}

#[test]
fn cpp_comments_with_crlf_line_ends() {
    check(
        "dose.cpp",
        &[
            "// implements: SRS-020\r",
            "namespace pump { // implements: SRS-021, SRS-022\r",
            "}\r",
        ],
        &[
            "1:4 implements: SRS-020",
            "2:21 implements: SRS-021, SRS-022",
        ],
    );
}

#[test]
fn python_comments_and_docstrings() {
    check(
        "pump/dose.py",
        &[
            "\"\"\"The dose module.",
            "",
            "implements: SRS-030",
            "\"\"\"",
            "# implements: SRS-031",
            "LIMIT = 5  # implements: SRS-032",
            "",
            "def limit():",
            "    \"\"\"implements: SRS-033\"\"\"",
            "",
            "class Pump:",
            "    '''Pumps.",
            "",
            "        implements: SRS-034, SRS-035",
            "    '''",
            "    verifies: bool = False",
            "    implements: list[str] = []",
        ],
        &[
            "3:1 implements: SRS-030",
            "5:3 implements: SRS-031",
            "6:14 implements: SRS-032",
            "9:8 implements: SRS-033",
            "14:9 implements: SRS-034, SRS-035",
        ],
    );
}

#[test]
fn python_strings_are_not_docstrings() {
    check(
        "q.py",
        &[
            "QUERY = \"\"\"",
            "implements: SRS-036",
            "\"\"\"",
            "text = 'it''s \"\"\" not open'",
            "implements: SRS-037",
            "# a comment with \"\"\" in it",
            "implements: SRS-038",
        ],
        &[],
    );
}

#[test]
fn bare_lines_count_only_in_python() {
    check("notes.rs", &["/*", "implements: SRS-039", "*/"], &[]);
}

#[test]
fn javascript_and_typescript() {
    let text = [
        "// implements: SRS-040",
        "/**",
        " * Computes the rate.",
        " * implements: SRS-041",
        " */",
        "export function rate() { return 1; } // implements: SRS-042",
        "const s = \"// implements: SRS-043\";",
        "const t = 'x // implements: SRS-044';",
    ];
    let expected = [
        "1:4 implements: SRS-040",
        "4:4 implements: SRS-041",
        "6:41 implements: SRS-042",
        // A marker after a space inside a single-quoted string is taken (only double
        // quotes are counted: `'` is also a Rust lifetime and a Lisp quote); the quote
        // that closes the string then makes it malformed.
        "8:17 malformed implements: SRS-044';: expected an ID such as `SRS-012` after `implements:`, found `SRS-044';`",
    ];
    check("rate.js", &text, &expected);
    check("rate.ts", &text, &expected);
}

#[test]
fn go_java_kotlin() {
    check(
        "dose.go",
        &[
            "// implements: SRS-050",
            "func Limit() int { return 0 } // implements: SRS-051",
        ],
        &["1:4 implements: SRS-050", "2:34 implements: SRS-051"],
    );
    check(
        "Dose.java",
        &["/**", " * implements: SRS-052", " */", "class Dose {}"],
        &["2:4 implements: SRS-052"],
    );
    check(
        "Dose.kt",
        &[
            "// implements: SRS-053",
            "/* implements: SRS-054 */",
            "class Dose",
        ],
        &["1:4 implements: SRS-053", "2:4 implements: SRS-054"],
    );
}

#[test]
fn sql_lua_and_haskell() {
    check(
        "schema.sql",
        &[
            "-- implements: SRS-060",
            "CREATE TABLE dose (id int); -- implements: SRS-061",
            "--- implements: SRS-062",
        ],
        &[
            "1:4 implements: SRS-060",
            "2:32 implements: SRS-061",
            "3:5 implements: SRS-062",
        ],
    );
    check(
        "Dose.hs",
        &[
            "-- implements: SRS-063",
            "{- implements: SRS-064 -}",
            "{-",
            "  implements: SRS-065",
            "-}",
            "limit = 5 {- implements: SRS-066 -}",
        ],
        &[
            "1:4 implements: SRS-063",
            "2:4 implements: SRS-064",
            "6:14 implements: SRS-066",
        ],
    );
}

#[test]
fn lisp_assembly_and_ini() {
    check(
        "pump.el",
        &[
            ";;; implements: SRS-070",
            "(defun limit () 5) ; implements: SRS-071",
        ],
        &["1:5 implements: SRS-070", "2:22 implements: SRS-071"],
    );
    check(
        "boot.s",
        &[
            "; implements: SRS-072",
            "    mov r0, #5 ; implements: SRS-073",
        ],
        &["1:3 implements: SRS-072", "2:18 implements: SRS-073"],
    );
}

#[test]
fn matlab_and_latex() {
    check(
        "dose.m",
        &[
            "% implements: SRS-080",
            "%% implements: SRS-081",
            "x = 5; % implements: SRS-082",
        ],
        &[
            "1:3 implements: SRS-080",
            "2:4 implements: SRS-081",
            "3:10 implements: SRS-082",
        ],
    );
    check(
        "manual.tex",
        &["\\section{Dose} % implements: SRS-083"],
        &["1:18 implements: SRS-083"],
    );
}

#[test]
fn html_and_xml() {
    check(
        "index.html",
        &[
            "<!-- implements: SRS-090 -->",
            "<div> <!-- implements: SRS-091 --> </div>",
            "<!--",
            "  implements: SRS-092",
            "-->",
            "<!--implements: SRS-093-->",
        ],
        &[
            "1:6 implements: SRS-090",
            "2:12 implements: SRS-091",
            "6:5 implements: SRS-093",
        ],
    );
    check(
        "pom.xml",
        &["<project> <!-- implements: SRS-094, SRS-095 --></project>"],
        &["1:16 implements: SRS-094, SRS-095"],
    );
}

#[test]
fn shell_yaml_toml_and_make() {
    for path in [
        "run.sh",
        "ci.yaml",
        "Cargo.toml",
        "Makefile",
        "CMakeLists.txt",
    ] {
        check(
            path,
            &[
                "#!/bin/sh",
                "# implements: SRS-100",
                "## implements: SRS-101",
                "x=1  # implements: SRS-102",
            ],
            &[
                "2:3 implements: SRS-100",
                "3:4 implements: SRS-101",
                "4:8 implements: SRS-102",
            ],
        );
    }
}

#[test]
fn ocaml_pascal_and_batch() {
    check(
        "dose.ml",
        &[
            "(* implements: SRS-110 *)",
            "(** implements: SRS-111 *)",
            "let x = 5 (* implements: SRS-112 *)",
        ],
        &[
            "1:4 implements: SRS-110",
            "2:5 implements: SRS-111",
            "3:14 implements: SRS-112",
        ],
    );
    check(
        "build.bat",
        &[
            "REM implements: SRS-113",
            "@REM implements: SRS-114",
            "rem implements: SRS-115",
            "REMimplements: SRS-116",
        ],
        &[
            "1:5 implements: SRS-113",
            "2:6 implements: SRS-114",
            "3:5 implements: SRS-115",
        ],
    );
}

#[test]
fn both_keywords_and_many_ids() {
    check(
        "t.rs",
        &[
            "// verifies: SRS-1,SRS-2 , HAZ-PUMP-3,\tRCM-4.a_b",
            "// implements: SRS-5",
        ],
        &[
            "1:4 verifies: SRS-1,SRS-2 , HAZ-PUMP-3,\tRCM-4.a_b",
            "2:4 implements: SRS-5",
        ],
    );
}

#[test]
fn prose_is_not_a_tag() {
    check(
        "prose.rs",
        &[
            "// this implements: the thing",
            "// reimplements: SRS-1",
            "// Implements: SRS-1",
            "// IMPLEMENTS: SRS-1",
            "// implements SRS-1",
            "// implements : SRS-1",
            "// see verifies::check for details",
            "let url = \"http://implements: SRS-1\";",
            "implements: SRS-1",
            "x.implements: SRS-1",
            "a * implements: SRS-1",
            "i-- verifies: SRS-1",
            "// **verifies:** the pump",
        ],
        &[],
    );
}

#[test]
fn strings_are_not_tags() {
    check(
        "strings.rs",
        &[
            "let a = \"implements: SRS-1\";",
            "let b = \"// implements: SRS-1\";",
            "let c = \"x // implements: SRS-1\";",
            "let d = \"a\\\" # verifies: SRS-1\";",
            "let e = format!(\"{} // implements: {}\", a, b);",
            "println!(\"# verifies: SRS-1\");",
        ],
        &[],
    );
    check(
        "strings.py",
        &[
            "s = \"x # verifies: SRS-1\"",
            "t = f\"{a} # implements: SRS-1\"",
        ],
        &[],
    );
}

#[test]
fn a_marker_inside_a_comment_does_not_start_another() {
    check(
        "docs.rs",
        &[
            "//! Write `// implements: SRS-012` above the function.",
            "//! Example: // implements: SRS-012",
            "/// # implements: SRS-1",
            "# see also # verifies: SRS-1",
            " * text // implements: SRS-1",
            "-- text -- implements: SRS-1",
        ],
        &[],
    );
}

#[test]
fn code_before_a_trailing_comment_may_start_like_one() {
    check(
        "attrs.rs",
        &[
            "#[derive(Debug)] // implements: SRS-1",
            "#define LIMIT 5 // implements: SRS-2",
            "#![allow(dead_code)] // implements: SRS-3",
        ],
        &[
            "1:21 implements: SRS-1",
            "2:20 implements: SRS-2",
            "3:25 implements: SRS-3",
        ],
    );
}

#[test]
fn one_tag_per_line() {
    check(
        "two.rs",
        &[
            "// implements: SRS-1 // verifies: SRS-2",
            "x(); // implements: SRS-3 # implements: SRS-4",
        ],
        &[
            "1:4 malformed implements: SRS-1 // verifies: SRS-2: unexpected `//` after the IDs: a tag holds only IDs, separated by commas",
            "2:9 malformed implements: SRS-3 # implements: SRS-4: unexpected `#` after the IDs: a tag holds only IDs, separated by commas",
        ],
    );
}

#[test]
fn invalid_utf8_elsewhere_does_not_stop_the_scan() {
    let mut bytes = b"// caf\xe9 \xff\xfe\n// implements: SRS-1\n\xc3(\n".to_vec();
    bytes.extend_from_slice(b"let x = 1; // verifies: SRS-2 \xe9\n");
    let output = medtrace_scan::scan(medtrace_core::FileId(0), "x.rs", &bytes);
    let ids: Vec<_> = output
        .tags
        .iter()
        .map(|t| t.targets[0].id.as_str())
        .collect();
    assert_eq!(ids, ["SRS-1"]);
    assert_eq!(output.malformed.len(), 1);
    assert_eq!(
        output.malformed[0].reason,
        "unexpected `\u{fffd}` after the IDs: a tag holds only IDs, separated by commas"
    );
    let span = output.tags[0].span;
    assert_eq!(
        &bytes[span.start as usize..span.end as usize],
        b"implements: SRS-1"
    );
}
