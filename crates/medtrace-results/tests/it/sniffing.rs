//! Telling the format from the content, never from the file name.

use super::*;

#[test]
fn real_reports() {
    for (path, format) in [
        ("pytest-xunit2.xml", ReportFormat::JunitXml),
        ("ctest-junit.xml", ReportFormat::JunitXml),
        ("surefire-junit5.xml", ReportFormat::JunitXml),
        ("nextest-libtest.json", ReportFormat::LibtestJson),
        (
            "corpus/EnricoMi--publish-unit-test-result-action/python/test/files/junit-xml/pytest/junit.gloo.elastic.xml",
            ReportFormat::JunitXml,
        ),
    ] {
        assert_eq!(sniff(&fixture(path)), Some(format), "{path}");
    }
}

#[test]
fn junit_shapes() {
    for text in [
        "<testsuites/>",
        "<testsuite>",
        "  \n<testsuite\tname=\"x\">",
        "\u{feff}<?xml version=\"1.0\"?>\n<testsuites>",
        "<?xml version=\"1.0\"?><!-- written by <tool> --><!DOCTYPE testsuites><testsuites>",
        "<!DOCTYPE testsuites [ <!ENTITY x \"y\"> ]>\n<testsuites>",
        "<j:testsuites xmlns:j=\"urn:x\">",
    ] {
        assert_eq!(sniff(text), Some(ReportFormat::JunitXml), "{text:?}");
    }
}

#[test]
fn libtest_shapes() {
    for text in [
        "{\"type\":\"suite\",\"event\":\"started\",\"test_count\":1}\n",
        "\n{ \"type\": \"test\", \"event\": \"ok\", \"name\": \"a\" }",
        // Lines of other types first (cargo's own messages), then a test line.
        "{\"type\":\"report\"}\n{\"type\":\"test\",\"event\":\"started\",\"name\":\"a\"}",
    ] {
        assert_eq!(sniff(text), Some(ReportFormat::LibtestJson), "{text:?}");
    }
}

#[test]
fn neither() {
    for text in [
        "",
        "   ",
        "hello",
        "<html><testsuite/></html>",
        "<testsuitesx>",
        "<test>",
        "<?xml version=\"1.0\"?>",
        "<!-- unclosed <testsuites>",
        "{\"reason\":\"compiler-artifact\"}",
        "{\"type\":\"test\"",
        "{not json}\n{\"type\":\"test\"}",
        "[{\"type\":\"test\"}]",
    ] {
        assert_eq!(sniff(text), None, "{text:?}");
    }
}

#[test]
fn the_file_name_plays_no_part() {
    // The same bytes read the same whatever the caller calls them: `read` takes no name.
    let text = fixture("nextest-libtest.json");
    let sniffed = read(FileId(0), &text, None);
    let told = read(FileId(0), &text, Some(ReportFormat::LibtestJson));
    assert_eq!(sniffed, told);
    // Told the wrong format, the reader says so instead of guessing.
    let wrong = read(FileId(0), &text, Some(ReportFormat::JunitXml));
    assert_eq!(wrong.results, vec![]);
    assert_eq!(wrong.problems.len(), 1);
}
