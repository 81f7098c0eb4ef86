//! Tags whose keyword is in place but whose ID list is not.

use crate::check;

#[test]
fn nothing_after_the_colon() {
    check(
        "a.rs",
        &[
            "// implements:",
            "// verifies:   ",
            "/* implements: */",
            "# verifies:\r",
        ],
        &[
            "1:4 malformed implements:: `implements:` is not followed by an ID",
            "2:4 malformed verifies:: `verifies:` is not followed by an ID",
            "3:4 malformed implements:: `implements:` is not followed by an ID",
            "4:3 malformed verifies:: `verifies:` is not followed by an ID",
        ],
    );
}

#[test]
fn prose_instead_of_ids() {
    check(
        "a.rs",
        &[
            "// implements: the dose check",
            "# verifies: that the pump stops",
        ],
        &[
            "1:4 malformed implements: the dose check: expected an ID such as `SRS-012` after `implements:`, found `the`",
            "2:3 malformed verifies: that the pump stops: expected an ID such as `SRS-012` after `verifies:`, found `that`",
        ],
    );
}

#[test]
fn missing_and_extra_commas() {
    check(
        "a.rs",
        &[
            "// verifies: SRS-1 SRS-2",
            "// verifies: SRS-1, SRS-2,",
            "// verifies: SRS-1,,SRS-2",
            "// verifies: , SRS-1",
            "// verifies: SRS-1, dose",
            "/* verifies: SRS-1, */",
        ],
        &[
            "1:4 malformed verifies: SRS-1 SRS-2: missing comma between `SRS-1` and `SRS-2`",
            "2:4 malformed verifies: SRS-1, SRS-2,: trailing comma after the last ID",
            "3:4 malformed verifies: SRS-1,,SRS-2: expected an ID after `,`, found `,`",
            "4:4 malformed verifies: , SRS-1: expected an ID such as `SRS-012` after `verifies:`, found `,`",
            "5:4 malformed verifies: SRS-1, dose: expected an ID after `,`, found `dose`",
            "6:4 malformed verifies: SRS-1,: trailing comma after the last ID",
        ],
    );
}

#[test]
fn text_after_the_ids() {
    check(
        "a.py",
        &[
            "# implements: SRS-1 (the dose limit)",
            "# implements: SRS-1.",
            "# implements: SRS-1;",
            "# implements: SRS-",
        ],
        &[
            "1:3 malformed implements: SRS-1 (the dose limit): unexpected `(the` after the IDs: a tag holds only IDs, separated by commas",
            // `SRS-1.` is a well-formed ID (names may hold dots): resolving it is the core's business.
            "2:3 implements: SRS-1.",
            "3:3 malformed implements: SRS-1;: expected an ID such as `SRS-012` after `implements:`, found `SRS-1;`",
            "4:3 malformed implements: SRS-: expected an ID such as `SRS-012` after `implements:`, found `SRS-`",
        ],
    );
}

#[test]
fn long_tokens_are_shortened_in_reasons() {
    let long = format!("// implements: {}", "x".repeat(100));
    let found = crate::found("a.rs", &long);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].ends_with(&format!("found `{}…`", "x".repeat(32))),
        "{}",
        found[0]
    );
}
