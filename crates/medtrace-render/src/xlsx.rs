//! Tables as XLSX workbooks (Office Open XML spreadsheets), written directly.
//!
//! Each [`Sheet`] becomes a worksheet with a bold, wrapped header row that stays frozen
//! while scrolling, an autofilter over the header and data, and column widths worked out
//! from the content (capped at 60 characters; longer text wraps). Strings go into one
//! shared-string table, numbers are written as numbers.
//!
//! The bytes are deterministic: fixed part order, fixed zip entry metadata (1980-01-01, or
//! the date the caller passes in [`Properties::modified`]), no creation date unless one is
//! passed, and the shared strings numbered in order of first use. Excel's limits are kept:
//! sheet names are made valid and unique ([`sheet_names`]), text longer than 32,767
//! characters is cut and ends with [`TRUNCATION_MARKER`], characters XML 1.0 cannot hold
//! are dropped, rows beyond 1,048,576 are replaced by one row saying how many were left out,
//! and columns beyond 16,384 are left out.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::xml::{escape, is_xml_char, push_escaped};

/// One worksheet: a header row and the data rows under it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// The tab name; made valid and unique by [`sheet_names`].
    pub name: String,
    /// The column titles. When empty, the sheet has no header row, frozen pane or filter.
    pub header: Vec<String>,
    /// The data rows; rows may differ in length (missing cells are empty).
    pub rows: Vec<Vec<CellValue>>,
}

/// The value of one cell.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// A string; never read as a formula, whatever it starts with.
    Text(String),
    /// A number. NaN and infinities, which a spreadsheet cannot hold, are written as the
    /// text `NaN`, `inf` or `-inf`.
    Number(f64),
    /// No value.
    Empty,
}

impl From<&str> for CellValue {
    fn from(text: &str) -> Self {
        CellValue::Text(text.to_owned())
    }
}

impl From<String> for CellValue {
    fn from(text: String) -> Self {
        CellValue::Text(text)
    }
}

impl From<f64> for CellValue {
    fn from(n: f64) -> Self {
        CellValue::Number(n)
    }
}

impl From<i32> for CellValue {
    fn from(n: i32) -> Self {
        CellValue::Number(f64::from(n))
    }
}

impl From<u32> for CellValue {
    fn from(n: u32) -> Self {
        CellValue::Number(f64::from(n))
    }
}

impl<T: Into<CellValue>> From<Option<T>> for CellValue {
    fn from(value: Option<T>) -> Self {
        value.map_or(CellValue::Empty, Into::into)
    }
}

/// Document properties of a workbook. The default has none, which keeps the bytes the same
/// on every run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties {
    /// The document title (`dc:title`).
    pub title: Option<String>,
    /// Seconds since the Unix epoch (as in `SOURCE_DATE_EPOCH`), written as the created and
    /// modified dates and as the zip entries' time stamps (those within 1980–2107).
    pub modified: Option<u64>,
}

/// The most characters (UTF-16 code units) a cell may hold in Excel.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Ends a text that was cut to [`MAX_CELL_CHARS`].
pub const TRUNCATION_MARKER: &str = "… [truncated]";
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_SHEET_NAME: usize = 31;
/// Column widths, in characters of the default font.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;
/// Points per line of the default font (Calibri 11).
const LINE_HEIGHT: usize = 15;
/// The most lines a row is made tall for (Excel's rows are at most 409 points).
const MAX_ROW_LINES: usize = 27;

/// Style indices into `cellXfs` of styles.xml.
const STYLE_HEADER: u8 = 1;
const STYLE_TEXT: u8 = 2;
const STYLE_NUMBER: u8 = 3;

/// The workbook as XLSX bytes, without document properties. An empty slice gives one empty
/// sheet, since a workbook needs one.
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    workbook_with(sheets, &Properties::default())
}

/// The workbook as XLSX bytes, with the given document properties.
pub fn workbook_with(sheets: &[Sheet], props: &Properties) -> Vec<u8> {
    let fallback = [Sheet {
        name: "Sheet1".to_owned(),
        ..Sheet::default()
    }];
    let sheets = if sheets.is_empty() {
        &fallback[..]
    } else {
        sheets
    };
    let names = sheet_names(sheets);
    let mut strings = Strings::default();
    let mut filters = Vec::new();
    let mut worksheets = Vec::with_capacity(sheets.len());
    for (i, sheet) in sheets.iter().enumerate() {
        let (xml, filter) = worksheet_xml(sheet, &mut strings, i == 0);
        if let Some(range) = filter {
            filters.push((i, range));
        }
        worksheets.push(xml);
    }
    let n = sheets.len();
    let mut parts = vec![
        ("[Content_Types].xml".to_owned(), content_types(n)),
        ("_rels/.rels".to_owned(), ROOT_RELS.to_owned()),
        ("docProps/app.xml".to_owned(), APP.to_owned()),
        ("docProps/core.xml".to_owned(), core(props)),
        ("xl/workbook.xml".to_owned(), workbook_xml(&names, &filters)),
        ("xl/_rels/workbook.xml.rels".to_owned(), workbook_rels(n)),
        ("xl/styles.xml".to_owned(), STYLES.to_owned()),
        ("xl/sharedStrings.xml".to_owned(), strings.xml()),
    ];
    for (i, xml) in worksheets.into_iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), xml));
    }
    let time = props
        .modified
        .and_then(zip_time)
        .unwrap_or(DateTime::DEFAULT);
    // Writing into a Vec cannot fail, and every entry larger than a 32-bit zip can hold is
    // flagged as a large file, so the zip writer has no error left to report.
    package(&parts, time).expect("writing a zip into memory cannot fail")
}

/// The tab names the sheets get in the workbook: characters Excel forbids (`[]:*?/\` and
/// control characters) become `_`, leading and trailing apostrophes and spaces go, names are
/// cut to 31 characters, an empty name becomes `SheetN` (N counted from 1), the reserved
/// `History` gets a `_`, and a name already taken (ignoring case) gets ` (2)`, ` (3)`, ….
pub fn sheet_names(sheets: &[Sheet]) -> Vec<String> {
    let mut taken = HashSet::new();
    let mut names = Vec::with_capacity(sheets.len());
    for (i, sheet) in sheets.iter().enumerate() {
        let base = clean_sheet_name(&sheet.name, i);
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let stem = truncate_utf16(&base, MAX_SHEET_NAME - suffix.len());
            name = format!("{}{suffix}", stem.trim_end());
            n += 1;
        }
        names.push(name);
    }
    names
}

fn clean_sheet_name(name: &str, index: usize) -> String {
    let replaced: String = name
        .chars()
        .filter(|&c| is_xml_char(c))
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_owned()
    };
    let name = trim(truncate_utf16(&trim(&replaced), MAX_SHEET_NAME));
    if name.is_empty() {
        format!("Sheet{}", index + 1)
    } else if name.eq_ignore_ascii_case("history") {
        format!("{name}_")
    } else {
        name
    }
}

/// The longest prefix of `text` of at most `units` UTF-16 code units (Excel counts those).
fn truncate_utf16(text: &str, units: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &text[..i];
        }
    }
    text
}

/// A cell's text as it is stored: without characters XML cannot hold, and cut with the
/// marker when Excel could not hold it.
fn cell_text(text: &str) -> String {
    let clean: String = text.chars().filter(|&c| is_xml_char(c)).collect();
    if clean.encode_utf16().count() <= MAX_CELL_CHARS {
        return clean;
    }
    let keep = MAX_CELL_CHARS - TRUNCATION_MARKER.encode_utf16().count();
    format!("{}{TRUNCATION_MARKER}", truncate_utf16(&clean, keep))
}

/// The shared-string table: each distinct string once, numbered in order of first use.
#[derive(Default)]
struct Strings {
    index: HashMap<String, usize>,
    list: Vec<String>,
    uses: usize,
}

impl Strings {
    fn id(&mut self, text: String) -> usize {
        self.uses += 1;
        if let Some(&id) = self.index.get(&text) {
            return id;
        }
        let id = self.list.len();
        self.index.insert(text.clone(), id);
        self.list.push(text);
        id
    }

    fn xml(&self) -> String {
        let mut out = format!(
            "{XML_DECL}<sst xmlns=\"{MAIN_NS}\" count=\"{}\" uniqueCount=\"{}\">",
            self.uses,
            self.list.len()
        );
        for text in &self.list {
            let preserve = text.starts_with(char::is_whitespace)
                || text.ends_with(char::is_whitespace)
                || text.contains(['\n', '\t']);
            out.push_str(if preserve {
                "<si><t xml:space=\"preserve\">"
            } else {
                "<si><t>"
            });
            push_ooxml_text(&mut out, text);
            out.push_str("</t></si>");
        }
        out.push_str("</sst>");
        out
    }
}

/// Escapes `text` for XML and for OOXML, whose readers decode `_xHHHH_` as a character:
/// an underscore that starts such a sequence is written as `_x005F_`.
fn push_ooxml_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        push_escaped(out, &rest[..i]);
        let b = &rest.as_bytes()[i..];
        let code = b.len() >= 7 && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_';
        out.push_str(if code { "_x005F_" } else { "_" });
        rest = &rest[i + 1..];
    }
    push_escaped(out, rest);
}

/// The worksheet XML, and the last column (zero-based) and row (one-based) of its
/// autofilter when it has a header.
fn worksheet_xml(
    sheet: &Sheet,
    strings: &mut Strings,
    first: bool,
) -> (String, Option<(usize, usize)>) {
    let has_header = !sheet.header.is_empty();
    let widest = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    let cols = sheet.header.len().max(widest).min(MAX_COLS);
    let header_rows = usize::from(has_header);
    let room = MAX_ROWS - header_rows;
    let (data, left_out) = if sheet.rows.len() > room {
        (&sheet.rows[..room - 1], sheet.rows.len() - (room - 1))
    } else {
        (&sheet.rows[..], 0)
    };
    let last_row = header_rows + data.len() + usize::from(left_out > 0);
    let range = if cols == 0 || last_row == 0 {
        "A1".to_owned()
    } else {
        format!("A1:{}{}", column_name(cols - 1), last_row)
    };

    let mut out = format!(
        "{XML_DECL}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><dimension ref=\"{range}\"/>\
         <sheetViews><sheetView{} workbookViewId=\"0\">",
        if first { " tabSelected=\"1\"" } else { "" }
    );
    if has_header {
        out.push_str(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             <selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>",
        );
    }
    out.push_str("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
    let widths = column_widths(sheet, data, cols);
    push_cols(&mut out, &widths);
    out.push_str("<sheetData>");
    let mut row_number = 0;
    if has_header {
        row_number += 1;
        // Bold text and the filter button take room from the header cells.
        let texts = sheet.header.iter().map(String::as_str);
        push_row_start(&mut out, row_number, row_lines(texts, &widths, 3));
        for (c, title) in sheet.header.iter().take(cols).enumerate() {
            push_text_cell(&mut out, strings, c, row_number, title, STYLE_HEADER);
        }
        out.push_str("</row>");
    }
    for row in data {
        row_number += 1;
        let texts = row.iter().map(|v| match v {
            CellValue::Text(t) => t.as_str(),
            _ => "",
        });
        push_row_start(&mut out, row_number, row_lines(texts, &widths, 1));
        for (c, value) in row.iter().take(cols).enumerate() {
            push_value(&mut out, strings, c, row_number, value);
        }
        out.push_str("</row>");
    }
    if left_out > 0 {
        row_number += 1;
        let note =
            format!("[{left_out} more rows left out: a sheet holds at most {MAX_ROWS} rows]");
        out.push_str(&format!("<row r=\"{row_number}\">"));
        push_text_cell(&mut out, strings, 0, row_number, &note, STYLE_TEXT);
        out.push_str("</row>");
    }
    out.push_str("</sheetData>");
    let filter = (has_header && cols > 0).then(|| (cols - 1, last_row));
    if filter.is_some() {
        out.push_str(&format!("<autoFilter ref=\"{range}\"/>"));
    }
    out.push_str(
        "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" \
         footer=\"0.3\"/></worksheet>",
    );
    (out, filter)
}

/// The width of each column in characters: the widest content, capped at [`MAX_WIDTH`].
fn column_widths(sheet: &Sheet, data: &[Vec<CellValue>], cols: usize) -> Vec<usize> {
    let mut widths = vec![0; cols];
    for (c, title) in sheet.header.iter().take(cols).enumerate() {
        // Bold text and the filter button need a few more characters.
        widths[c] = display_width(title) + 4;
    }
    for row in data {
        for (c, value) in row.iter().take(cols).enumerate() {
            let w = match value {
                CellValue::Text(t) => display_width(t),
                CellValue::Number(n) => number_text(*n).len(),
                CellValue::Empty => 0,
            };
            widths[c] = widths[c].max(w);
        }
    }
    widths
        .into_iter()
        .map(|w| (w + 2).clamp(MIN_WIDTH, MAX_WIDTH))
        .collect()
}

fn push_cols(out: &mut String, widths: &[usize]) {
    if widths.is_empty() {
        return;
    }
    out.push_str("<cols>");
    for (c, w) in widths.iter().enumerate() {
        out.push_str(&format!(
            "<col min=\"{n}\" max=\"{n}\" width=\"{w}\" customWidth=\"1\"/>",
            n = c + 1
        ));
    }
    out.push_str("</cols>");
}

/// Opens a row. A row whose text wraps gets the height of its lines: spreadsheets do not
/// all fit row heights to wrapped text when they open a file (LibreOffice keeps the
/// default height), so the writer sets it, estimated from the column widths.
fn push_row_start(out: &mut String, row_number: usize, lines: usize) {
    if lines > 1 {
        let height = lines.min(MAX_ROW_LINES) * LINE_HEIGHT;
        out.push_str(&format!(
            "<row r=\"{row_number}\" ht=\"{height}\" customHeight=\"1\">"
        ));
    } else {
        out.push_str(&format!("<row r=\"{row_number}\">"));
    }
}

/// The most lines any cell of a row takes when its text wraps in its column, with
/// `reserved` characters of each column not available to text. A column of width `w` is
/// taken to hold `1.1 w` characters: the unit of widths is the digit `0` of the default
/// font, and mixed-case text in Calibri is narrower still, so the estimate errs towards a
/// line too many rather than text cut off.
fn row_lines<'a>(texts: impl Iterator<Item = &'a str>, widths: &[usize], reserved: usize) -> usize {
    texts
        .zip(widths)
        .map(|(text, &w)| wrapped_lines(text, (w.saturating_sub(reserved) * 11 / 10).max(1)))
        .max()
        .unwrap_or(1)
}

/// How many lines `text` takes wrapped at word boundaries to `width` character cells.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut line = 0;
        lines += 1;
        for word in paragraph.split(' ') {
            let w = display_width(word);
            let needed = if line == 0 { w } else { line + 1 + w };
            if needed <= width {
                line = needed;
            } else if w <= width {
                lines += 1;
                line = w;
            } else {
                // A word longer than the column is broken across lines.
                lines += usize::from(line > 0) + (w - 1) / width;
                line = (w - 1) % width + 1;
            }
        }
    }
    lines
}

/// The width of the longest line of `text` in character cells, counting East Asian wide
/// characters twice.
fn display_width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// A number as a cell holds it: the shortest text that reads back as the same `f64`.
fn number_text(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else {
        format!("{n}")
    }
}

fn push_value(out: &mut String, strings: &mut Strings, col: usize, row: usize, v: &CellValue) {
    match v {
        CellValue::Text(text) => push_text_cell(out, strings, col, row, text, STYLE_TEXT),
        CellValue::Number(n) if n.is_finite() => out.push_str(&format!(
            "<c r=\"{}{row}\" s=\"{STYLE_NUMBER}\"><v>{}</v></c>",
            column_name(col),
            number_text(*n)
        )),
        CellValue::Number(n) => {
            push_text_cell(out, strings, col, row, &number_text(*n), STYLE_TEXT)
        }
        CellValue::Empty => {}
    }
}

fn push_text_cell(
    out: &mut String,
    strings: &mut Strings,
    col: usize,
    row: usize,
    text: &str,
    style: u8,
) {
    let id = strings.id(cell_text(text));
    out.push_str(&format!(
        "<c r=\"{}{row}\" s=\"{style}\" t=\"s\"><v>{id}</v></c>",
        column_name(col)
    ));
}

/// The letters of a zero-based column index: 0 is `A`, 25 `Z`, 26 `AA`.
fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

fn content_types(sheets: usize) -> String {
    let ct = "application/vnd.openxmlformats-officedocument";
    let mut out = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"{ct}.extended-properties+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"{ct}.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"{ct}.spreadsheetml.styles+xml\"/>\
         <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{ct}.spreadsheetml.sharedStrings+xml\"/>"
    );
    for i in 1..=sheets {
        out.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{ct}.spreadsheetml.worksheet+xml\"/>"
        ));
    }
    out.push_str("</Types>");
    out
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Application>medtrace</Application></Properties>";

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<fonts count=\"2\">\
<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
</fonts>\
<fills count=\"3\">\
<fill><patternFill patternType=\"none\"/></fill>\
<fill><patternFill patternType=\"gray125\"/></fill>\
<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDE4EE\"/><bgColor indexed=\"64\"/></patternFill></fill>\
</fills>\
<borders count=\"2\">\
<border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>\
</borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"4\">\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" \
applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">\
<alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">\
<alignment vertical=\"top\"/></xf>\
</cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
</styleSheet>";

fn core(props: &Properties) -> String {
    let mut out = format!(
        "{XML_DECL}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    );
    if let Some(title) = &props.title {
        out.push_str(&format!("<dc:title>{}</dc:title>", escape(title)));
    }
    if let Some(epoch) = props.modified {
        let date = iso8601_utc(epoch);
        out.push_str(&format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
             <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>"
        ));
    }
    out.push_str("</cp:coreProperties>");
    out
}

fn workbook_xml(names: &[String], filters: &[(usize, (usize, usize))]) -> String {
    let mut out = format!(
        "{XML_DECL}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\">\
         <bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
    );
    for (i, name) in names.iter().enumerate() {
        out.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            escape(name),
            n = i + 1
        ));
    }
    out.push_str("</sheets>");
    if !filters.is_empty() {
        out.push_str("<definedNames>");
        for (i, (col, row)) in filters {
            // The hidden name Excel itself keeps for each sheet's autofilter.
            out.push_str(&format!(
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">\
                 '{}'!$A$1:${}${row}</definedName>",
                escape(&names[*i].replace('\'', "''")),
                column_name(*col),
            ));
        }
        out.push_str("</definedNames>");
    }
    out.push_str("</workbook>");
    out
}

fn workbook_rels(sheets: usize) -> String {
    let t = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut out = format!("{XML_DECL}<Relationships xmlns=\"{PKG_REL_NS}\">");
    for i in 1..=sheets {
        out.push_str(&format!(
            "<Relationship Id=\"rId{i}\" Type=\"{t}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
        ));
    }
    out.push_str(&format!(
        "<Relationship Id=\"rId{}\" Type=\"{t}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId{}\" Type=\"{t}/sharedStrings\" Target=\"sharedStrings.xml\"/>\
         </Relationships>",
        sheets + 1,
        sheets + 2
    ));
    out
}

fn package(parts: &[(String, String)], time: DateTime) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(time)
            .system(System::Unix)
            .unix_permissions(0o644)
            .large_file(data.len() as u64 >= u64::from(u32::MAX));
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

fn zip_time(epoch: u64) -> Option<DateTime> {
    let (y, mo, d) = civil_from_days(epoch / 86_400);
    let s = epoch % 86_400;
    let part = |v: u64| u8::try_from(v).ok();
    DateTime::from_date_and_time(
        u16::try_from(y).ok()?,
        part(mo)?,
        part(d)?,
        part(s / 3600)?,
        part(s / 60 % 60)?,
        part(s % 60)?,
    )
    .ok()
}

/// Seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ`.
fn iso8601_utc(epoch: u64) -> String {
    let (y, mo, d) = civil_from_days(epoch / 86_400);
    let s = epoch % 86_400;
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for non-negative counts).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(
            names,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn ooxml_escapes_are_kept_literal() {
        let mut out = String::new();
        push_ooxml_text(&mut out, "a_x0041_b _x12 _xZZZZ_ <_x00e9_>");
        assert_eq!(out, "a_x005F_x0041_b _x12 _xZZZZ_ &lt;_x005F_x00e9_&gt;");
    }

    #[test]
    fn long_text_is_cut_with_the_marker() {
        let text = "é".repeat(40_000);
        let cut = cell_text(&text);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with(TRUNCATION_MARKER));
        // Astral characters are two UTF-16 units each; a pair is never split.
        let cut = cell_text(&"𝄞".repeat(20_000));
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert_eq!(cell_text("a\u{0}b\u{b}c"), "abc");
    }

    #[test]
    fn wrapped_line_estimate() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("short", 10), 1);
        assert_eq!(wrapped_lines("exactly 10", 10), 1);
        assert_eq!(wrapped_lines("one two three", 10), 2);
        assert_eq!(wrapped_lines("a\nb\n", 10), 3);
        assert_eq!(wrapped_lines("abcdefghijklmnopqrstuvwxy", 10), 3);
        assert_eq!(wrapped_lines("ab abcdefghijklmnopqrstuvwxy z", 10), 4);
        assert_eq!(wrapped_lines("漢字漢字漢字", 10), 2);
    }

    #[test]
    fn dates() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert!(zip_time(0).is_none());
        assert_eq!(
            zip_time(1_700_000_000).map(|t| t.to_string()).as_deref(),
            Some("2023-11-14 22:13:20")
        );
    }
}
