//! Writes a sample two-sheet workbook to the path given, for opening in a spreadsheet:
//! `cargo run -p medtrace-render --example workbook -- table.xlsx`.

use medtrace_render::{CellValue, Sheet, workbook};

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "table.xlsx".to_owned());
    let text = |s: &str| CellValue::Text(s.to_owned());
    let hazards = Sheet {
        name: "Hazards".to_owned(),
        header: [
            "ID",
            "Hazardous situation",
            "Severity",
            "Probability",
            "Risk controls",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: (1..=40)
            .map(|i| {
                vec![
                    text(&format!("HAZ-{i:03}")),
                    text(&format!(
                        "Free-flow of medication when the cassette is removed while the pump \
                         is running (case {i}); the patient receives an overdose."
                    )),
                    CellValue::Number(f64::from(i % 5 + 1)),
                    CellValue::Number(f64::from(i % 4 + 1)),
                    text(&format!("RCM-{:03}\nRCM-{:03}", i, i + 1)),
                ]
            })
            .collect(),
    };
    let controls = Sheet {
        name: "Risk controls: verification?".to_owned(),
        header: vec!["Control".to_owned(), "Verified by".to_owned()],
        rows: vec![
            vec![text("RCM-001"), text("TST-001")],
            vec![text("RCM-002"), CellValue::Empty],
        ],
    };
    std::fs::write(path, workbook(&[hazards, controls]))
}
