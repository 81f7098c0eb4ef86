//! One record read against its type's schema: enumerations, shapes, unknown fields, IDs
//! and prefixes, custom fields and nesting (SRS-003, SRS-005, SRS-006, SRS-007, SRS-025).

use crate::{analyze, findings};

/// Findings other than the coverage gaps every lone record has.
fn schema_findings(files: &[(&str, &str)]) -> Vec<String> {
    findings(files)
        .into_iter()
        .filter(|f| {
            ![
                "system-requirement-not-refined",
                "requirement-not-derived",
                "requirement-not-verified",
                "risk-control-not-implemented",
                "risk-control-not-verified",
                "class-rationale-missing",
            ]
            .iter()
            .any(|c| f.contains(&format!(" {c}: ")))
        })
        .collect()
}

#[test]
fn enumerations_and_shapes_are_checked_for_every_type() {
    let files = [
        (
            "swi.md",
            "---\nid: SWI-1\ntitle: I\nlevel: module\nclass: D\n---\n",
        ),
        (
            "rcm.md",
            "---\nid: RCM-1\ntitle: C\nkind: procedural\nimplementation: hardware\nnew-hazards: none\n---\n",
        ),
        (
            "tst.md",
            "---\nid: TST-1\ntitle:\n  text: a mapping\nlevel: acceptance\nverifies:\n  SRS-1: yes\n---\n",
        ),
        // A title of the wrong shape is reported as such, not also as missing.
        (
            "srs.md",
            "---\nid: SRS-1\ntitle: [a, list]\ncategory: safety\nderived: yes\nstatus: done\n---\n",
        ),
        // Valid: a single ID where a list is expected, and no status at all.
        (
            "srs2.md",
            "---\nid: SRS-2\ntitle: Fine\nderived-from: SYS-1\n---\n",
        ),
        ("sys.md", "---\nid: SYS-1\ntitle: Need\n---\n"),
    ];
    assert_eq!(
        schema_findings(&files),
        [
            "rcm.md:4:7 field-invalid-value: `kind` of `RCM-1` is `procedural`, not one of inherent-design, protective, information",
            "rcm.md:5:17 field-invalid-value: `implementation` of `RCM-1` is `hardware`, not one of software, external",
            "srs.md:3:8 field-invalid-value: `title` of `SRS-1` is a list, not text",
            "srs.md:4:11 field-invalid-value: `category` of `SRS-1` is `safety`, not one of functional, performance, interface, alarm, security, usability, data, installation, operation, network, regulatory",
            "srs.md:5:10 field-invalid-value: `derived` of `SRS-1` is `yes`, not true or false",
            "srs.md:6:9 field-invalid-value: `status` of `SRS-1` is `done`, not one of draft, in-review, approved, obsolete",
            "swi.md:4:8 field-invalid-value: `level` of `SWI-1` is `module`, not one of system, item, unit",
            "swi.md:5:8 field-invalid-value: `class` of `SWI-1` is `D`, not one of A, B, C",
            "tst.md:4:3 field-invalid-value: `title` of `TST-1` is a mapping, not text",
            "tst.md:5:8 field-invalid-value: `level` of `TST-1` is `acceptance`, not one of unit, integration, system",
            "tst.md:7:3 field-invalid-value: `verifies` of `TST-1` is a mapping, not a list of IDs",
        ]
    );
    let analysis = analyze(&files);
    let (_, srs2) = analysis.item("SRS-2").expect("read");
    assert_eq!(srs2.links.len(), 1, "a single ID is a list of one");
}

#[test]
fn derived_requirements_need_a_non_empty_rationale_and_anchors_are_refused() {
    let files = [
        (
            "a.md",
            "---\nid: SRS-1\ntitle: A\nderived: true\nderived-rationale: \"  \"\n---\n",
        ),
        (
            "b.md",
            "---\nid: SRS-2\ntitle: &t B\ncategory: *t\nnote: *t\n---\n",
        ),
        (
            "t.md",
            "---\nid: TST-1\ntitle: T\nverifies: [SRS-1, SRS-2]\n---\n",
        ),
    ];
    let found = findings(&files);
    assert!(
        found.contains(
            &"a.md:2:5 requirement-not-derived: `SRS-1` is marked derived but gives no `derived-rationale`"
                .to_string()
        ),
        "{found:#?}"
    );
    let aliases: Vec<&String> = found.iter().filter(|f| f.contains("yaml-alias")).collect();
    assert_eq!(
        aliases,
        ["b.md:3:8 yaml-alias: YAML anchors are not allowed in records (and 2 more in this file)"],
        "one finding per file, at the first anchor"
    );
}

#[test]
fn unknown_fields_get_the_closest_name_of_their_type() {
    let config = (
        "medtrace.toml",
        "[project]\nname = \"t\"\n[[fields]]\ntype = \"srs\"\nname = \"reviewer\"\nkind = \"string\"\n",
    );
    let files = [
        config,
        (
            "srs.md",
            "---\nid: SRS-1\ntitle: R\nderived_from: [SYS-1]\nderivedfrom: [SYS-1]\ncolour: blue\nmitigates: [HAZ-1]\nreviewer: Ann\n---\n",
        ),
        (
            "tst.md",
            "---\nid: TST-1\ntitle: T\nverfies: [SRS-1]\n---\n",
        ),
    ];
    let analysis = analyze(&files);
    let unknown: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "field-unknown")
        .map(|d| {
            let lc = analysis
                .sources
                .line_col(d.span.expect("placed").file, d.span.expect("placed").start);
            format!(
                "{}:{} {} | {}",
                lc.line,
                lc.col,
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [
            "4:1 software requirement `SRS-1` has an unknown field `derived_from` | did you mean `derived-from`?",
            "5:1 software requirement `SRS-1` has an unknown field `derivedfrom` | did you mean `derived-from`?",
            "6:1 software requirement `SRS-1` has an unknown field `colour` | declare it for `srs` in medtrace.toml [[fields]] if the project needs it",
            "7:1 software requirement `SRS-1` has an unknown field `mitigates` | `mitigates` links are held by RCM items; write the link on the other side",
            "4:1 test `TST-1` has an unknown field `verfies` | did you mean `verifies`?",
        ]
    );
}

#[test]
fn ids_are_checked_and_typed_by_their_prefix_alone() {
    let files = [
        (
            "tests/a.md",
            "---\nid: SRS-012\ntitle: In a folder named tests\n---\n",
        ),
        ("b.md", "---\nid: HAZ-PUMP-3\ntitle: Valid\n---\n"),
        ("c.md", "---\nid: srs-1\ntitle: x\n---\n"),
        ("d.md", "---\nid: SRS_1\ntitle: x\n---\n"),
        ("e.md", "---\nid: SRS-\ntitle: x\n---\n"),
        ("f.md", "---\nid: SRS-.1\ntitle: x\n---\n"),
        ("g.md", "---\nid: XYZ-1\ntitle: x\n---\n"),
        ("h.md", "---\nid: TST-1\ntitle: x\nverifies: [SRS 1]\n---\n"),
    ];
    let analysis = analyze(&files);
    let (_, srs) = analysis.item("SRS-012").expect("read");
    assert_eq!(srs.ty.key(), "srs", "typed by prefix, not by folder");
    assert!(analysis.item("HAZ-PUMP-3").is_some());
    let id_findings: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code.name(),
                "item-id-invalid" | "item-prefix-unknown" | "link-target-missing"
            )
        })
        .map(|d| {
            format!(
                "{} {}: {} | {}",
                analysis.sources.get(d.span.expect("placed").file).path,
                d.code,
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        id_findings,
        [
            "c.md item-prefix-unknown: the prefix of `srs-1` names no item type | known prefixes: SYS, SRS, SWI, SOUP, HAZ, RCM, TST, PRB, CR, DOC, REL",
            "d.md item-id-invalid: `SRS_1` is not a valid ID | an ID is a prefix, a dash and a name of letters, digits, `.`, `_`, `-`: `SRS-012`",
            "e.md item-id-invalid: `SRS-` is not a valid ID | an ID is a prefix, a dash and a name of letters, digits, `.`, `_`, `-`: `SRS-012`",
            "f.md item-id-invalid: `SRS-.1` is not a valid ID | an ID is a prefix, a dash and a name of letters, digits, `.`, `_`, `-`: `SRS-012`",
            "g.md item-prefix-unknown: the prefix of `XYZ-1` names no item type | did you mean `HAZ`? prefixes are set in medtrace.toml [prefixes]",
            "h.md link-target-missing: `verifies` of `TST-1` names `SRS 1`, which no item has | create the item (`medtrace new`) or correct the ID",
        ]
    );

    // With a custom prefix, REQ- is a software requirement and SRS- is unknown.
    let custom = [
        (
            "medtrace.toml",
            "[project]\nname = \"t\"\n[prefixes]\nsrs = \"REQ\"\n",
        ),
        ("a.md", "---\nid: REQ-1\ntitle: R\n---\n"),
        ("b.md", "---\nid: SRS-1\ntitle: R\n---\n"),
    ];
    let analysis = analyze(&custom);
    assert_eq!(analysis.item("REQ-1").expect("read").1.ty.key(), "srs");
    assert!(analysis.item("SRS-1").is_none());
    assert!(
        findings(&custom).contains(
            &"b.md:2:5 item-prefix-unknown: the prefix of `SRS-1` names no item type".to_string()
        ),
        "{:#?}",
        findings(&custom)
    );
}

#[test]
fn custom_fields_of_every_kind_are_checked() {
    let config = (
        "medtrace.toml",
        "[project]\nname = \"t\"\n[[fields]]\ntype = \"srs\"\nname = \"verification-method\"\nkind = \"enum\"\nvalues = [\"test\", \"inspection\"]\nrequired = true\n[[fields]]\ntype = \"srs\"\nname = \"owner\"\nkind = \"string\"\n[[fields]]\ntype = \"srs\"\nname = \"reviewers\"\nkind = \"list\"\n[[fields]]\ntype = \"srs\"\nname = \"reviewed-on\"\nkind = \"date\"\n[[fields]]\ntype = \"srs\"\nname = \"safety-related\"\nkind = \"bool\"\n",
    );
    let good = (
        "a.md",
        "---\nid: SRS-1\ntitle: Good\nverification-method: test\nowner: Ann\nreviewers: [Bo, Cy]\nreviewed-on: 2024-02-29\nsafety-related: true\n---\n",
    );
    let bad = (
        "b.md",
        "---\nid: SRS-2\ntitle: Bad\nverification-method: demo\nowner: [a, b]\nreviewers:\n  k: v\nreviewed-on: 2025-02-30\nsafety-related: maybe\n---\n",
    );
    let missing = ("c.md", "---\nid: SRS-3\ntitle: Missing\n---\n");
    assert_eq!(
        schema_findings(&[config, good, bad, missing]),
        [
            "b.md:4:22 field-invalid-value: `verification-method` of `SRS-2` is `demo`, not one of test, inspection",
            "b.md:5:8 field-invalid-value: `owner` of `SRS-2` is a list, not text",
            "b.md:7:3 field-invalid-value: `reviewers` of `SRS-2` is a mapping, not a list",
            "b.md:8:14 field-invalid-value: `reviewed-on` of `SRS-2` is `2025-02-30`, not a date (YYYY-MM-DD)",
            "b.md:9:17 field-invalid-value: `safety-related` of `SRS-2` is `maybe`, not true or false",
            "c.md:2:5 field-required-missing: software requirement `SRS-3` has no `verification-method`",
        ]
    );
}

#[test]
fn bad_field_declarations_are_configuration_findings() {
    let config = (
        "medtrace.toml",
        "[project]\nname = \"t\"\n[[fields]]\ntype = \"foo\"\nname = \"a\"\nkind = \"string\"\n[[fields]]\ntype = \"srs\"\nname = \"b\"\nkind = \"number\"\n[[fields]]\ntype = \"srs\"\nname = \"c\"\nkind = \"enum\"\n[[fields]]\ntype = \"srs\"\nname = \"Verification_Method\"\nkind = \"string\"\n[[fields]]\ntype = \"srs\"\nname = \"category\"\nkind = \"string\"\n",
    );
    assert_eq!(
        findings(&[config]),
        [
            "medtrace.toml:3:1 config-invalid-value: a [[fields]] entry needs `type`, `name` and `kind`",
            "medtrace.toml:4:8 config-invalid-value: `foo` is not an item type",
            "medtrace.toml:7:1 config-invalid-value: a [[fields]] entry needs `type`, `name` and `kind`",
            "medtrace.toml:10:8 config-invalid-value: `number` is not a field kind",
            "medtrace.toml:11:1 config-invalid-value: enum field `c` lists no `values`",
            "medtrace.toml:15:1 config-invalid-value: a [[fields]] entry needs `type`, `name` and `kind`",
            "medtrace.toml:17:8 config-invalid-value: field name `Verification_Method` is not kebab-case",
            "medtrace.toml:21:8 config-invalid-value: `category` is already a built-in field of `srs`",
        ]
    );
}

#[test]
fn nesting_is_read_to_24_levels_counting_the_front_matter() {
    let nested = |levels: usize| {
        // The front matter is the first level; each `[` adds one.
        format!(
            "---\nid: SYS-1\ntitle: t\nx: {}{}\n---\n",
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    let too_deep = |text: &str| -> Vec<String> {
        findings(&[("n.md", text)])
            .into_iter()
            .filter(|f| f.contains("yaml-too-deep"))
            .collect()
    };
    assert_eq!(too_deep(&nested(24)), Vec::<String>::new());
    assert_eq!(
        too_deep(&nested(25)),
        ["n.md:4:27 yaml-too-deep: the front matter nests deeper than 24 levels"]
    );
    // Block style, and far beyond the limit (past the YAML scanner's own limit too):
    // one finding each.
    let block = |levels: usize| {
        format!(
            "---\nid: SYS-1\ntitle: t\nx:\n  {}v\n---\n",
            "- ".repeat(levels - 1)
        )
    };
    assert_eq!(too_deep(&block(24)), Vec::<String>::new());
    assert_eq!(too_deep(&block(25)).len(), 1);
    assert_eq!(too_deep(&block(100_000)).len(), 1);
    assert_eq!(too_deep(&nested(100_000)).len(), 1);
    let mapping = format!(
        "---\nid: SYS-1\ntitle: t\n{}\n---\n",
        (0..40)
            .map(|i| format!("{}k{i}:", " ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(too_deep(&mapping).len(), 1);
}
