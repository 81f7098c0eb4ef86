//! The clause table against the reference notes it was written from.
//!
//! `fixtures/iec62304-clauses.md` is a copy of the project's IEC 62304 reference notes.
//! Its section 1 holds one Markdown table per clause section (4 to 9); this test reads
//! those rows and holds `medtrace_core::clauses` to them: the same clause numbers, once
//! each and in order, the same AMD1 classes, and a dispute exactly where the notes record
//! a disagreement.

use medtrace_core::Class;
use medtrace_core::clauses::{self, ClassSet, Clause, EvidenceKind};
use std::cmp::Ordering;
use std::collections::BTreeMap;

const NOTES: &str = include_str!("../fixtures/iec62304-clauses.md");

/// One clause row of the notes.
#[derive(Debug)]
struct Row {
    /// The clause number, without a trailing `(2006)`.
    id: String,
    /// The notes' own title, to check ours is not copied from it.
    title: String,
    /// The Classes (AMD1) column, read.
    classes: ClassSet,
    /// Whether the notes record a disagreement between sources for this row.
    disputed: bool,
    /// The line in the notes, for messages.
    line: usize,
}

/// The clause rows of the tables in section 1 of the notes: rows whose first cell starts
/// with a clause number of sections 4 to 9.
fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut in_section_1 = false;
    for (n, line) in NOTES.lines().enumerate() {
        if line.starts_with("## ") {
            in_section_1 = line.starts_with("## 1.");
            continue;
        }
        let is_clause_row = line.len() > 4
            && line.starts_with("| ")
            && (b'4'..=b'9').contains(&line.as_bytes()[2])
            && line.as_bytes()[3] == b'.';
        if !in_section_1 || !is_clause_row {
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert!(cells.len() >= 6, "line {}: too few cells", n + 1);
        let id = cells[1].split_whitespace().next().expect("a clause number");
        rows.push(Row {
            id: id.to_string(),
            title: cells[2].to_string(),
            classes: parse_classes(cells[3], n + 1),
            disputed: records_disagreement(cells[3], cells[4]),
            line: n + 1,
        });
    }
    rows
}

/// Reads a Classes (AMD1) cell: `A B C`, `**A B C**`, `B C (majority)`,
/// `general (A, B, C)`, `all (optional path)` (the legacy route, open to every class), or
/// `2006: B C` (a clause only the 2006 edition has: no class under AMD1).
fn parse_classes(cell: &str, line: usize) -> ClassSet {
    let cell = cell.replace('*', "");
    let cell = cell.trim();
    if cell.starts_with("2006:") {
        return ClassSet::NONE;
    }
    if cell.starts_with("all ") {
        return ClassSet::ABC;
    }
    let letters = match cell.strip_prefix("general") {
        Some(rest) => rest.trim().trim_start_matches('(').trim_end_matches(')'),
        None => cell.split('(').next().unwrap_or(cell),
    };
    letters
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| Class::parse(s).unwrap_or_else(|| panic!("line {line}: class {s:?} in {cell:?}")))
        .collect()
}

/// Whether the notes record a disagreement about a row's classes: a disagreement, an
/// unconfirmed fact, a majority reading, a source that "keeps"/"still" gives the 2006
/// classes, or a coarse table that differs.
fn records_disagreement(classes: &str, remarks: &str) -> bool {
    let text = format!("{classes} {remarks}").to_lowercase();
    [
        "disagree",
        "unconfirmed",
        "majority",
        "keeps b",
        "still b",
        "coarse",
    ]
    .iter()
    .any(|marker| text.contains(marker))
}

fn by_id() -> BTreeMap<&'static str, &'static Clause> {
    clauses::all().iter().map(|c| (c.id, c)).collect()
}

#[test]
fn the_notes_have_the_expected_tables() {
    let rows = rows();
    let mut per_section = [0usize; 10];
    for row in &rows {
        per_section[usize::from(row.id.as_bytes()[0] - b'0')] += 1;
    }
    // A guard on the parser: if the notes' layout changes, this says so before the
    // comparisons below pass vacuously.
    assert_eq!(per_section[4..], [8, 54, 10, 13, 8, 8]);
}

#[test]
fn every_clause_of_the_notes_is_in_the_table_once_and_nothing_else() {
    let rows = rows();
    for row in &rows {
        let n = clauses::all().iter().filter(|c| c.id == row.id).count();
        assert_eq!(
            n, 1,
            "line {}: clause {} is in the table {n} times",
            row.line, row.id
        );
    }
    for clause in clauses::all() {
        let n = rows.iter().filter(|r| r.id == clause.id).count();
        assert_eq!(n, 1, "clause {} is in the notes {n} times", clause.id);
    }
    assert_eq!(
        by_id().len(),
        clauses::all().len(),
        "clause numbers are unique"
    );
}

#[test]
fn the_table_is_in_the_standards_order() {
    fn numbers(id: &str) -> Vec<u32> {
        id.split('.')
            .map(|p| p.parse().expect("a numeric component"))
            .collect()
    }
    for pair in clauses::all().windows(2) {
        assert_eq!(
            numbers(pair[0].id).cmp(&numbers(pair[1].id)),
            Ordering::Less,
            "{} before {}",
            pair[0].id,
            pair[1].id
        );
        assert_eq!(clauses::cmp_ids(pair[0].id, pair[1].id), Ordering::Less);
    }
}

#[test]
fn classes_match_the_notes() {
    let table = by_id();
    for row in rows() {
        let clause = table[row.id.as_str()];
        assert_eq!(
            clause.classes, row.classes,
            "line {}: clause {}",
            row.line, row.id
        );
    }
}

#[test]
fn disputes_are_where_the_notes_record_a_disagreement() {
    let table = by_id();
    for row in rows() {
        let clause = table[row.id.as_str()];
        assert_eq!(
            clause.disputed.is_some(),
            row.disputed,
            "line {}: clause {}",
            row.line,
            row.id
        );
        if let Some(d) = clause.disputed {
            assert_ne!(
                d.classes, clause.classes,
                "{}: a dispute names other classes",
                row.id
            );
            assert!(!d.note.is_empty() && !d.note.contains('\n'), "{}", row.id);
        }
    }
}

#[test]
fn rows_are_well_formed() {
    let titles: BTreeMap<String, String> = rows().into_iter().map(|r| (r.id, r.title)).collect();
    for clause in clauses::all() {
        assert_eq!(
            u32::from(clause.section),
            clause
                .id
                .split('.')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            "{}",
            clause.id
        );
        assert!((4..=9).contains(&clause.section), "{}", clause.id);
        assert!(
            !clause.title.is_empty() && clause.title.chars().count() <= 80,
            "{}: title of 1 to 80 characters",
            clause.id
        );
        // Our own words: the title is not lifted from the notes' title.
        let theirs = titles.get(clause.id).expect("the clause is in the notes");
        assert!(
            !theirs.contains(clause.title),
            "{}: title copied from the notes",
            clause.id
        );
        assert_eq!(
            clause.evidence == EvidenceKind::Legacy,
            clause.id.starts_with("4.4."),
            "{}: legacy evidence exactly for 4.4",
            clause.id
        );
        let group = clause.group().expect("every clause has a group");
        assert!(
            group.id == clause.id.split('.').next().unwrap_or("")
                || clause.id.starts_with(&format!("{}.", group.id))
                || clause.id == group.id,
            "{} under {}",
            clause.id,
            group.id
        );
    }
    for section in clauses::SECTIONS {
        assert!(
            clauses::all()
                .iter()
                .any(|c| c.section.to_string() == section.id)
        );
    }
}
