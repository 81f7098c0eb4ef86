//! Properties: the scanner never panics, and its spans lie inside the input.

use medtrace_core::{FileId, Span};
use medtrace_scan::scan;
use proptest::prelude::*;

fn inside(span: Span, len: usize) -> bool {
    span.start <= span.end && span.end as usize <= len
}

fn check_spans(path: &str, bytes: &[u8]) {
    let output = scan(FileId(3), path, bytes);
    for tag in &output.tags {
        assert!(inside(tag.span, bytes.len()));
        assert!(!tag.targets.is_empty());
        for target in &tag.targets {
            assert!(inside(target.span, bytes.len()));
            assert_eq!(
                &bytes[target.span.start as usize..target.span.end as usize],
                target.id.as_bytes()
            );
        }
    }
    for bad in &output.malformed {
        assert!(inside(bad.span, bytes.len()));
        assert!(!bad.reason.is_empty());
    }
}

/// Pieces that make the scanner's paths likely: markers, keywords, IDs, quotes, test
/// shapes, newlines.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"// ".to_vec()),
        Just(b"#".to_vec()),
        Just(b"/*".to_vec()),
        Just(b"*/".to_vec()),
        Just(b" * ".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"-->".to_vec()),
        Just(b"{-".to_vec()),
        Just(b"(*".to_vec()),
        Just(b"REM ".to_vec()),
        Just(b"\"\"\"".to_vec()),
        Just(b"'''".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\\".to_vec()),
        Just(b"implements:".to_vec()),
        Just(b"verifies:".to_vec()),
        Just(b" SRS-1".to_vec()),
        Just(b", ".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"#[test]".to_vec()),
        Just(b"@Test(".to_vec()),
        Just(b"fn t() {".to_vec()),
        Just(b"def test_x(".to_vec()),
        Just(b"):".to_vec()),
        Just(b"TEST(A, B)".to_vec()),
        Just(b"it('x".to_vec()),
        Just(b"fun `a".to_vec()),
        Just(vec![0xff, 0xc3]),
        Just(vec![0]),
        proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_spans("a.rs", &bytes);
        check_spans("a.py", &bytes);
    }

    #[test]
    fn never_panics_on_tag_like_input(pieces in proptest::collection::vec(piece(), 0..40)) {
        let bytes = pieces.concat();
        check_spans("a.rs", &bytes);
        check_spans("a.py", &bytes);
    }
}
