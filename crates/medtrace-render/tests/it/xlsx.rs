//! The XLSX writer: every part of the package is there and well-formed, the cells read back
//! as written, Excel's rules for sheet names and cell lengths hold, the bytes are the same
//! on every call, and openpyxl opens the file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use medtrace_render::xlsx::{MAX_CELL_CHARS, TRUNCATION_MARKER};
use medtrace_render::{CellValue, Properties, Sheet, sheet_names, workbook, workbook_with};
use zip::ZipArchive;

use crate::dom::{Element, parse};

/// The package's entries in order, each with its time stamp and content.
fn unzip(bytes: &[u8]) -> Vec<(String, String, String)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            let name = file.name().expect("a UTF-8 name").into_owned();
            let time = file
                .last_modified()
                .map(|t| t.to_string())
                .unwrap_or_default();
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 content");
            (name, time, text)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String, String)], name: &str) -> &'a str {
    parts
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, t)| t.as_str())
        .unwrap_or_else(|| panic!("no part {name}"))
}

/// A worksheet's cells by reference: the text (shared strings resolved) or the number as
/// written, and the style index.
fn cells(parts: &[(String, String, String)], sheet: usize) -> BTreeMap<String, (String, String)> {
    let sst = parse(part(parts, "xl/sharedStrings.xml"), "sharedStrings.xml");
    let strings: Vec<String> = sst.all("si").into_iter().map(Element::text).collect();
    let name = format!("xl/worksheets/sheet{sheet}.xml");
    let ws = parse(part(parts, &name), &name);
    let mut out = BTreeMap::new();
    for c in ws.all("c") {
        let r = c.attr("r").expect("a cell reference").to_owned();
        let v = c.first("v").text();
        let value = match c.attr("t") {
            Some("s") => strings[v.parse::<usize>().expect("a string index")].clone(),
            None => v,
            Some(t) => panic!("unexpected cell type {t}"),
        };
        out.insert(r, (value, c.attr("s").unwrap_or("0").to_owned()));
    }
    out
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_owned())
}

fn hazards() -> Sheet {
    Sheet {
        name: "Hazards".into(),
        header: vec![
            "ID".into(),
            "Title".into(),
            "Severity".into(),
            "Score".into(),
        ],
        rows: vec![
            vec![
                text("HAZ-001"),
                text("Over-infusion"),
                text("Critical"),
                CellValue::Number(12.0),
            ],
            vec![
                text("HAZ-002"),
                text("Line 1\nline 2"),
                CellValue::Empty,
                CellValue::Number(0.25),
            ],
            vec![text("HAZ-003"), text("=1+1 is not a formula")],
        ],
    }
}

const PARTS: [&str; 9] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/sharedStrings.xml",
    "xl/worksheets/sheet1.xml",
];

#[test]
fn every_part_is_there_and_well_formed() {
    let bytes = workbook(&[
        hazards(),
        Sheet {
            name: "Controls".into(),
            ..Sheet::default()
        },
    ]);
    let parts = unzip(&bytes);
    let names: Vec<&str> = parts.iter().map(|(n, _, _)| n.as_str()).collect();
    let mut expected = PARTS.to_vec();
    expected.push("xl/worksheets/sheet2.xml");
    assert_eq!(names, expected);
    for (name, time, text) in &parts {
        parse(text, name);
        assert_eq!(time, "1980-01-01 00:00:00", "{name}");
    }
    let types = parse(part(&parts, "[Content_Types].xml"), "content types");
    let overridden: Vec<&str> = types
        .all("Override")
        .into_iter()
        .filter_map(|o| o.attr("PartName"))
        .collect();
    // .rels parts have the default content type of their extension; [Content_Types].xml has none.
    for name in names.iter().skip(1).filter(|n| !n.ends_with(".rels")) {
        assert!(
            overridden.contains(&format!("/{name}").as_str()),
            "{name} has no content type"
        );
    }
    // Each relationship points at a part that exists.
    let rels = parse(part(&parts, "xl/_rels/workbook.xml.rels"), "workbook rels");
    for r in rels.all("Relationship") {
        let target = format!("xl/{}", r.attr("Target").unwrap_or_default());
        assert!(names.contains(&target.as_str()), "{target}");
    }
    let styles = parse(part(&parts, "xl/styles.xml"), "styles");
    let xfs = styles.first("cellXfs").all("xf");
    assert_eq!(xfs[1].first("alignment").attr("wrapText"), Some("1"));
    let bold = styles.first("fonts").all("font")[1].all("b").len();
    assert_eq!(bold, 1, "the header font is bold");
}

#[test]
fn values_and_header_read_back() {
    let parts = unzip(&workbook(&[hazards()]));
    let cells = cells(&parts, 1);
    let get = |r: &str| cells.get(r).map(|(v, s)| (v.as_str(), s.as_str()));
    assert_eq!(get("A1"), Some(("ID", "1")));
    assert_eq!(get("D1"), Some(("Score", "1")));
    assert_eq!(get("A2"), Some(("HAZ-001", "2")));
    assert_eq!(get("D2"), Some(("12", "3")));
    assert_eq!(get("B3"), Some(("Line 1\nline 2", "2")));
    assert_eq!(get("C3"), None, "an empty cell is not written");
    assert_eq!(get("D3"), Some(("0.25", "3")));
    assert_eq!(get("B4"), Some(("=1+1 is not a formula", "2")));
    assert_eq!(cells.len(), 4 + 4 + 3 + 2);

    let ws = parse(part(&parts, "xl/worksheets/sheet1.xml"), "sheet1");
    assert_eq!(ws.first("dimension").attr("ref"), Some("A1:D4"));
    let pane = ws.first("pane");
    assert_eq!(
        (pane.attr("ySplit"), pane.attr("state")),
        (Some("1"), Some("frozen"))
    );
    assert_eq!(ws.first("autoFilter").attr("ref"), Some("A1:D4"));
    let widths: Vec<u32> = ws
        .all("col")
        .into_iter()
        .map(|c| {
            c.attr("width")
                .and_then(|w| w.parse().ok())
                .expect("an integer width")
        })
        .collect();
    assert_eq!(widths, [9, 23, 14, 11]);
    // Rows whose text wraps are made tall enough for it; others keep the default height.
    let heights: Vec<Option<&str>> = ws.all("row").into_iter().map(|r| r.attr("ht")).collect();
    assert_eq!(heights, [None, None, Some("30"), None]);
    let book = parse(part(&parts, "xl/workbook.xml"), "workbook");
    let filter = book.first("definedName");
    assert_eq!(filter.attr("name"), Some("_xlnm._FilterDatabase"));
    assert_eq!(filter.text(), "'Hazards'!$A$1:$D$4");
}

#[test]
fn column_widths_are_capped_and_a_sheet_without_header_has_no_filter() {
    let sheet = Sheet {
        name: "Plain".into(),
        header: vec![],
        rows: vec![vec![
            text(&"x".repeat(500)),
            text("漢字漢字"),
            CellValue::Number(-0.5),
        ]],
    };
    let parts = unzip(&workbook(&[sheet]));
    let ws = parse(part(&parts, "xl/worksheets/sheet1.xml"), "sheet1");
    let widths: Vec<&str> = ws
        .all("col")
        .into_iter()
        .filter_map(|c| c.attr("width"))
        .collect();
    assert_eq!(widths, ["60", "10", "8"]);
    assert!(ws.all("pane").is_empty() && ws.all("autoFilter").is_empty());
    assert!(
        parse(part(&parts, "xl/workbook.xml"), "workbook")
            .all("definedName")
            .is_empty()
    );
    assert_eq!(cells(&parts, 1)["A1"].0.len(), 500);
}

#[test]
fn sheet_names_follow_excel_rules() {
    let named = |name: &str| Sheet {
        name: name.into(),
        ..Sheet::default()
    };
    let sheets = [
        named("Risk [before]: a/b\\c*d?"),
        named("A name that is much longer than thirty-one characters"),
        named("A name that is much longer than thirty-one characters"),
        named("hazards"),
        named("Hazards"),
        named(""),
        named("'quoted'"),
        named("History"),
        named("tab\there"),
    ];
    let names = sheet_names(&sheets);
    assert_eq!(
        names,
        [
            "Risk _before__ a_b_c_d_",
            "A name that is much longer than",
            "A name that is much longer (2)",
            "hazards",
            "Hazards (2)",
            "Sheet6",
            "quoted",
            "History_",
            "tab_here",
        ]
    );
    for n in &names {
        assert!(n.encode_utf16().count() <= 31);
    }
    let parts = unzip(&workbook(&sheets));
    let book = parse(part(&parts, "xl/workbook.xml"), "workbook");
    let written: Vec<&str> = book
        .all("sheet")
        .into_iter()
        .filter_map(|s| s.attr("name"))
        .collect();
    assert_eq!(written, names);
}

#[test]
fn text_is_escaped_cleaned_and_cut() {
    let long = "a".repeat(MAX_CELL_CHARS + 10);
    let sheet = Sheet {
        name: "Text & <more>".into(),
        header: vec!["<&\"'>".into()],
        rows: vec![
            vec![text("a<b & c\"d'e\u{0}\u{7}f")],
            vec![text("_x0041_ stays literal")],
            vec![text(&long)],
            vec![text("  padded  ")],
        ],
    };
    let parts = unzip(&workbook(&[sheet]));
    let cells = cells(&parts, 1);
    assert_eq!(cells["A1"].0, "<&\"'>");
    assert_eq!(cells["A2"].0, "a<b & c\"d'ef");
    // Excel decodes _xHHHH_; the writer escapes the underscore so the text survives.
    assert_eq!(cells["A3"].0, "_x005F_x0041_ stays literal");
    let cut = &cells["A4"].0;
    assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
    assert!(cut.ends_with(TRUNCATION_MARKER));
    assert_eq!(cells["A5"].0, "  padded  ");
    let book = parse(part(&parts, "xl/workbook.xml"), "workbook");
    assert_eq!(book.first("sheet").attr("name"), Some("Text & <more>"));
}

#[test]
fn the_same_sheets_give_the_same_bytes() {
    let sheets = [hazards(), hazards()];
    let a = workbook(&sheets);
    let b = workbook(&sheets.clone());
    assert_eq!(a, b);
    let empty = unzip(&workbook(&[]));
    let names: Vec<&str> = empty.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, PARTS, "an empty workbook still has one sheet");
    let core = parse(part(&empty, "docProps/core.xml"), "core");
    assert!(core.all("dcterms:modified").is_empty() && core.all("dcterms:created").is_empty());
}

#[test]
fn a_date_and_title_are_written_only_when_given() {
    let props = Properties {
        title: Some("Risk table".into()),
        modified: Some(1_700_000_000),
    };
    let bytes = workbook_with(&[hazards()], &props);
    assert_eq!(bytes, workbook_with(&[hazards()], &props));
    let parts = unzip(&bytes);
    let core = parse(part(&parts, "docProps/core.xml"), "core");
    assert_eq!(core.first("dc:title").text(), "Risk table");
    assert_eq!(
        core.first("dcterms:modified").text(),
        "2023-11-14T22:13:20Z"
    );
    assert_eq!(core.first("dcterms:created").text(), "2023-11-14T22:13:20Z");
    assert!(
        parts
            .iter()
            .all(|(_, time, _)| time == "2023-11-14 22:13:20")
    );
}

/// Opens the workbook with openpyxl, a reader that checks the package, and compares every
/// value. Skipped (with a note) where python3 or openpyxl is missing.
#[test]
fn openpyxl_reads_the_workbook() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("note: skipped, python3 with openpyxl is not installed");
        return;
    }
    let mut sheets = vec![hazards()];
    sheets.push(Sheet {
        name: "Controls/Verification".into(),
        header: vec!["Control".into(), "Count".into()],
        rows: vec![
            vec![text("RCM-001 <alarm> & \"stop\""), CellValue::Number(3.0)],
            vec![text("  é ✓ 漢字  "), CellValue::Number(-1.5e-7)],
            vec![text("_x0041_ stays literal")],
        ],
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("table.xlsx");
    std::fs::write(&path, workbook(&sheets)).expect("the workbook written");
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "cells": {}, "frozen": {}, "filter": {}}
for ws in wb.worksheets:
    out["cells"][ws.title] = [[c.value for c in row] for row in ws.iter_rows()]
    out["frozen"][ws.title] = ws.freeze_panes
    out["filter"][ws.title] = ws.auto_filter.ref
    assert ws["A1"].font.b, "header is bold"
print(json.dumps(out, ensure_ascii=True, sort_keys=True))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "openpyxl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = concat!(
        r#"{"cells": {"Controls_Verification": [["Control", "Count"], ["RCM-001 <alarm> & \"stop\"", 3], "#,
        r#"["  \u00e9 \u2713 \u6f22\u5b57  ", -1.5e-07], ["_x0041_ stays literal", null]], "#,
        r#""Hazards": [["ID", "Title", "Severity", "Score"], ["HAZ-001", "Over-infusion", "Critical", 12], "#,
        r#"["HAZ-002", "Line 1\nline 2", null, 0.25], ["HAZ-003", "=1+1 is not a formula", null, null]]}, "#,
        r#""filter": {"Controls_Verification": "A1:B4", "Hazards": "A1:D4"}, "#,
        r#""frozen": {"Controls_Verification": "A2", "Hazards": "A2"}, "#,
        r#""sheets": ["Hazards", "Controls_Verification"]}"#,
    );
    assert_eq!(stdout.trim(), expected);
}

#[test]
fn rows_beyond_excel_limit_are_replaced_by_a_note() {
    let sheet = Sheet {
        name: "Big".into(),
        header: vec!["ID".into()],
        rows: vec![Vec::new(); 1_048_576 + 9],
    };
    let parts = unzip(&workbook(&[sheet]));
    let ws = part(&parts, "xl/worksheets/sheet1.xml");
    assert!(ws.contains("<dimension ref=\"A1:A1048576\"/>"));
    assert!(ws.contains("<autoFilter ref=\"A1:A1048576\"/>"));
    let last_row = &ws[ws.rfind("<row ").expect("rows")..];
    assert!(
        last_row.starts_with("<row r=\"1048576\">"),
        "{}",
        &last_row[..40]
    );
    let cells = parse(part(&parts, "xl/sharedStrings.xml"), "sharedStrings.xml");
    let note = cells
        .all("si")
        .last()
        .map(|si| si.text())
        .unwrap_or_default();
    assert_eq!(
        note,
        "[11 more rows left out: a sheet holds at most 1048576 rows]"
    );
}
