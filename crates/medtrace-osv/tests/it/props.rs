//! Properties: every ordering is a total order on the versions its ecosystem writes, and
//! no input makes the reader or an ordering panic.

use std::cmp::Ordering;

use medtrace_osv::{Ecosystem, Scheme, assess, parse_text};
use proptest::prelude::*;

use super::corpus_dir;

fn num() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..12).prop_map(|n| n.to_string()),
        1 => "0[0-9]{1,2}",
        1 => "[1-9][0-9]{18,24}",
    ]
}

fn semver() -> impl Strategy<Value = String> {
    let ident = prop_oneof![
        num(),
        "[0-9A-Za-z-]{1,4}",
        Just("alpha".to_owned()),
        Just("rc".to_owned())
    ];
    (
        prop::option::of(Just("v")),
        prop::collection::vec(num(), 1..=3),
        prop::option::of(prop::collection::vec(ident.clone(), 1..4)),
        prop::option::of(prop::collection::vec(ident, 1..3)),
    )
        .prop_map(|(v, core, pre, build)| {
            let mut s = format!("{}{}", v.unwrap_or(""), core.join("."));
            if let Some(pre) = pre {
                s += &format!("-{}", pre.join("."));
            }
            if let Some(build) = build {
                s += &format!("+{}", build.join("."));
            }
            s
        })
}

fn pep440() -> impl Strategy<Value = String> {
    let sep = prop_oneof![Just(""), Just("."), Just("-"), Just("_")];
    (
        prop::option::of(num()),
        prop::collection::vec(num(), 1..4),
        prop::option::of((
            sep.clone(),
            prop_oneof![
                Just("a"),
                Just("b"),
                Just("rc"),
                Just("c"),
                Just("alpha"),
                Just("preview")
            ],
            prop::option::of(num()),
        )),
        prop::option::of((
            sep.clone(),
            prop_oneof![Just("post"), Just("r"), Just("rev")],
            prop::option::of(num()),
        )),
        prop::option::of((sep, prop::option::of(num()))),
        prop::option::of(prop::collection::vec(
            prop_oneof![num(), "[a-z]{1,3}"],
            1..3,
        )),
    )
        .prop_map(|(epoch, release, pre, post, dev, local)| {
            let mut s = String::new();
            if let Some(e) = epoch {
                s += &format!("{e}!");
            }
            s += &release.join(".");
            if let Some((sep, l, n)) = pre {
                s += &format!("{sep}{l}{}", n.unwrap_or_default());
            }
            if let Some((sep, l, n)) = post {
                s += &format!("{sep}{l}{}", n.unwrap_or_default());
            }
            if let Some((sep, n)) = dev {
                s += &format!("{sep}dev{}", n.unwrap_or_default());
            }
            if let Some(local) = local {
                s += &format!("+{}", local.join("."));
            }
            s
        })
}

fn gem() -> impl Strategy<Value = String> {
    let seg = prop_oneof![3 => num(), 1 => "[a-zA-Z]{1,3}", 1 => "[a-z]{1,2}[0-9]"];
    (
        num(),
        prop::collection::vec(seg, 0..5),
        prop::option::of(prop::collection::vec("[0-9a-z]{1,3}", 1..3)),
    )
        .prop_map(|(first, rest, pre)| {
            let mut s = first;
            for r in rest {
                s += &format!(".{r}");
            }
            if let Some(pre) = pre {
                s += &format!("-{}", pre.join("."));
            }
            s
        })
}

fn composer() -> impl Strategy<Value = String> {
    let stability = prop_oneof![
        Just(""),
        Just("-dev"),
        Just("-alpha"),
        Just("-a2"),
        Just("-beta"),
        Just("-beta.3"),
        Just("-RC1"),
        Just("-rc"),
        Just("-patch1"),
        Just("-pl2"),
        Just("-p"),
        Just("-stable"),
        Just("-STABLE"),
        Just("-beta2-dev"),
        Just(".dev"),
    ];
    prop_oneof![
        (
            prop::option::of(Just("v")),
            prop::collection::vec(0u32..12, 1..=4),
            stability.clone()
        )
            .prop_map(|(v, parts, st)| {
                let parts: Vec<String> = parts.iter().map(u32::to_string).collect();
                format!("{}{}{st}", v.unwrap_or(""), parts.join("."))
            }),
        (2000u32..2030, 1u32..13, 1u32..29, stability)
            .prop_map(|(y, m, d, st)| format!("{y}.{m:02}.{d:02}{st}")),
    ]
}

fn total_order(scheme: Scheme, a: &str, b: &str, c: &str) -> Result<(), TestCaseError> {
    let cmp = |x: &str, y: &str| {
        scheme
            .compare(x, y)
            .ok_or_else(|| TestCaseError::fail(format!("{x:?} or {y:?} does not parse")))
    };
    prop_assert_eq!(cmp(a, a)?, Ordering::Equal);
    prop_assert_eq!(
        cmp(a, b)?,
        cmp(b, a)?.reverse(),
        "antisymmetric: {} {}",
        a,
        b
    );
    let (ab, bc, ac) = (cmp(a, b)?, cmp(b, c)?, cmp(a, c)?);
    if ab != Ordering::Greater && bc != Ordering::Greater {
        prop_assert_ne!(ac, Ordering::Greater, "transitive: {} <= {} <= {}", a, b, c);
    }
    if ab == Ordering::Equal && bc == Ordering::Equal {
        prop_assert_eq!(
            ac,
            Ordering::Equal,
            "equality transitive: {} {} {}",
            a,
            b,
            c
        );
    }
    if ab == Ordering::Less && bc != Ordering::Greater {
        prop_assert_eq!(
            ac,
            Ordering::Less,
            "strict transitive: {} < {} <= {}",
            a,
            b,
            c
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn semver_is_a_total_order(a in semver(), b in semver(), c in semver()) {
        total_order(Scheme::Semver, &a, &b, &c)?;
    }

    #[test]
    fn pep440_is_a_total_order(a in pep440(), b in pep440(), c in pep440()) {
        total_order(Scheme::Pep440, &a, &b, &c)?;
    }

    #[test]
    fn gem_is_a_total_order(a in gem(), b in gem(), c in gem()) {
        total_order(Scheme::RubyGems, &a, &b, &c)?;
    }

    #[test]
    fn composer_is_a_total_order(a in composer(), b in composer(), c in composer()) {
        total_order(Scheme::Composer, &a, &b, &c)?;
    }

    #[test]
    fn orderings_never_panic(a in "\\PC{0,24}", b in "[0-9vV.+!_a-z-]{0,16}") {
        for scheme in [Scheme::Semver, Scheme::Pep440, Scheme::RubyGems, Scheme::Composer] {
            let _ = scheme.compare(&a, &b);
            let _ = scheme.compare(&b, &b);
        }
    }

    #[test]
    fn parse_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = parse_text(&text);
    }

    #[test]
    fn parse_never_panics_on_damaged_records(
        cut in 0usize..20_000,
        at in 0usize..20_000,
        junk in "[\\[\\]{}\":,0-9a-z\\\\ \n\u{e9}]{0,6}",
        which in 0usize..13,
    ) {
        let files = records();
        let text = &files[which % files.len()];
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) { cut -= 1; }
        let mut at = at.min(cut);
        while !text.is_char_boundary(at) { at -= 1; }
        let damaged = format!("{}{junk}{}", &text[..at], &text[at..cut]);
        match parse_text(&damaged) {
            Ok(a) => {
                // Whatever reads can be matched.
                let _ = assess(&a, Ecosystem::PyPi, "requests", "2.25.1");
                let _ = assess(&a, Ecosystem::Npm, "debug", "2.5.2");
            }
            Err(p) => prop_assert!(p.span.start as usize <= damaged.len()),
        }
    }
}

fn records() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(std::fs::read_to_string(&path).expect("read"));
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus_dir(), &mut out);
    out
}
