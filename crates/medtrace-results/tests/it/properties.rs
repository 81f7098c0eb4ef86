//! Properties over arbitrary input: reading never panics, spans lie within the text on
//! character boundaries, and results come in report order.

use proptest::prelude::*;

use super::*;

fn check_spans(text: &str, report: &Report) {
    let mut last_start = 0;
    for r in &report.results {
        let (s, e) = (r.span.start as usize, r.span.end as usize);
        assert!(s <= e && e <= text.len(), "{s}..{e} in {}", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(s >= last_start, "results in report order");
        last_start = s;
        assert!(!r.name.is_empty());
    }
    for p in &report.problems {
        let (s, e) = (p.span.start as usize, p.span.end as usize);
        assert!(s <= e && e <= text.len(), "{s}..{e} in {}", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(!p.message.is_empty());
        assert!(!p.message.contains('\n'), "one line: {:?}", p.message);
        let first = p.message.chars().next().unwrap_or(' ');
        assert!(!first.is_uppercase() || p.message.chars().nth(1).is_some_and(char::is_uppercase));
    }
}

fn read_all_ways(text: &str) {
    for format in [
        None,
        Some(ReportFormat::JunitXml),
        Some(ReportFormat::LibtestJson),
    ] {
        let report = read(FileId(1), text, format);
        check_spans(text, &report);
    }
    let _ = sniff(text);
}

/// Pieces of JUnit and libtest JSON, so that random text reaches deep into the readers.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<?xml version=\"1.0\"?>".to_owned()),
        Just("<testsuites name=\"nextest-run\">".to_owned()),
        Just("<testsuite name=\"pytest\" tests=\"9\">".to_owned()),
        Just("</testsuite>".to_owned()),
        Just("</testsuites>".to_owned()),
        Just("<testcase name=\"t\" classname=\"c\" time=\"1,5\">".to_owned()),
        Just("<testcase name=\"e\" status=\"notrun\"/>".to_owned()),
        Just("<testcase>".to_owned()),
        Just("</testcase>".to_owned()),
        Just("<failure message=\"m&#10;n\">".to_owned()),
        Just("</failure>".to_owned()),
        Just("<error/>".to_owned()),
        Just("<skipped message=\"Skipped\"/>".to_owned()),
        Just("<flakyFailure><system-out>x</system-out></flakyFailure>".to_owned()),
        Just("<![CDATA[a]]>".to_owned()),
        Just("&amp;&#x41;&bogus;&#0;".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\n".to_owned()),
        Just(
            "{\"type\":\"test\",\"event\":\"ok\",\"name\":\"b$t#2\",\"exec_time\":1}\n".to_owned()
        ),
        Just("{\"type\":\"test\",\"event\":\"started\",\"name\":\"b$u\"}\n".to_owned()),
        Just("{\"type\":\"suite\"}\n".to_owned()),
        "[<>/=\"'&;#a-z ]{0,8}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        read_all_ways(&text);
    }

    #[test]
    fn never_panics_on_report_like_text(pieces in prop::collection::vec(piece(), 0..40)) {
        read_all_ways(&pieces.concat());
    }

    #[test]
    fn never_panics_on_damaged_real_reports(
        which in 0usize..4,
        cut in any::<prop::sample::Index>(),
        insert in any::<prop::sample::Index>(),
        junk in "[<>/=\"'&;!\\[\\]a-z\u{e9}\u{feff} ]{0,6}",
    ) {
        let path = ["nextest-junit.xml", "googletest.xml", "surefire-junit4-reruns.xml", "nextest-libtest.json"][which];
        let text = fixture(path);
        let boundary = |i: prop::sample::Index| {
            let mut at = i.index(text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            at
        };
        let at = boundary(insert);
        let damaged = format!("{}{}{}", &text[..at], junk, &text[at..]);
        read_all_ways(&damaged);
        let truncated = &text[..boundary(cut)];
        read_all_ways(truncated);
    }
}

/// A truncated report never yields more results than the whole one, and never a result
/// that the whole one does not have.
#[test]
fn truncation_only_loses_results() {
    let text = fixture("surefire-junit4-reruns.xml");
    let whole = read(FileId(0), &text, None);
    let mut cut = 0;
    while cut <= text.len() {
        if text.is_char_boundary(cut) {
            let part = read(FileId(0), &text[..cut], Some(ReportFormat::JunitXml));
            assert!(part.results.len() <= whole.results.len());
            for (a, b) in part.results.iter().zip(&whole.results) {
                assert_eq!(a, b, "cut at {cut}");
            }
            if cut < text.trim_end().len() {
                assert!(!part.problems.is_empty(), "cut at {cut} gives a problem");
            }
        }
        cut += 7;
    }
}
