//! `medtrace risk` and `medtrace risk matrix` on the example project: every hazard in
//! every format, a workbook that is a workbook, matrices identical on every run.

use crate::medtrace;
use std::path::Path;

fn example() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/infusion-pump"
    ))
}

fn reports_exist() -> bool {
    ["nextest.xml", "pytest.xml"]
        .iter()
        .all(|r| example().join("reports").join(r).is_file())
}

fn hazard_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(example().join("dhf/risk"))
        .expect("risk folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("HAZ-") && n.ends_with(".md"))
        .map(|n| n.trim_end_matches(".md").to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_table_csv_and_json_hold_every_hazard_with_its_controls() {
    let ids = hazard_ids();
    assert!(ids.len() >= 6, "{ids:?}");
    let table = medtrace(example(), &["risk"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.starts_with("Hazard"), "{}", table.stdout);
    assert!(table.stdout.contains(&format!("{} hazards", ids.len())));
    let csv = medtrace(example(), &["risk", "--format", "csv"]);
    assert_eq!(csv.code, 0);
    assert!(
        csv.stdout
            .starts_with("Hazard,Title,Hazardous situation,Harm,Causes,S,P,Risk,Controls,")
    );
    let json = medtrace(example(), &["risk", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let hazards = value["hazards"].as_array().expect("hazards");
    let found: Vec<&str> = hazards
        .iter()
        .map(|h| h["id"].as_str().expect("id"))
        .collect();
    assert_eq!(found, ids.iter().map(String::as_str).collect::<Vec<_>>());
    for (h, id) in hazards.iter().zip(&ids) {
        assert!(table.stdout.contains(id.as_str()) && csv.stdout.contains(id.as_str()));
        assert!(h["initial"]["zone"].is_string(), "{id} has no initial zone");
        assert!(
            !h["controls"].as_array().expect("controls").is_empty(),
            "{id}"
        );
        // With the example's reports in place (run-tests.sh) every control is verified.
        if reports_exist() {
            for control in h["controls"].as_array().expect("controls") {
                assert_eq!(control["verification"], "verified", "{id}: {control}");
            }
        }
    }
    assert_eq!(value["policy"]["matrix"].as_array().map(Vec::len), Some(5));
}

#[test]
fn the_workbook_needs_a_file_and_is_a_zip_with_three_sheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let refused = medtrace(example(), &["risk", "--format", "xlsx"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--output"), "{}", refused.stderr);
    let path = dir.path().join("risk.xlsx");
    let path_text = path.to_string_lossy().into_owned();
    let run = medtrace(example(), &["risk", "--format", "xlsx", "-o", &path_text]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&path).expect("written");
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let again = dir.path().join("again.xlsx");
    let again_text = again.to_string_lossy().into_owned();
    medtrace(example(), &["risk", "--format", "xlsx", "-o", &again_text]);
    assert_eq!(
        std::fs::read(&again).expect("written"),
        bytes,
        "workbooks differ"
    );
    let text = String::from_utf8_lossy(&bytes);
    for part in [
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
    ] {
        assert!(text.contains(part), "{part} missing");
    }
}

#[test]
fn the_matrices_are_written_identically_on_every_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let out_text = out.to_string_lossy().into_owned();
        let run = medtrace(example(), &["risk", "matrix", "-o", &out_text]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("residual"), "{}", run.stdout);
    }
    for name in ["risk-matrix-initial.svg", "risk-matrix-residual.svg"] {
        let first = std::fs::read(a.join(name)).expect("svg");
        assert_eq!(
            first,
            std::fs::read(b.join(name)).expect("svg"),
            "{name} differs"
        );
        let svg = String::from_utf8(first).expect("utf-8");
        assert!(
            svg.starts_with("<svg") || svg.starts_with("<?xml"),
            "{name}"
        );
        // Every hazard is in exactly one cell's tooltip.
        for id in hazard_ids() {
            assert!(svg.contains(&id), "{name} lacks {id}");
        }
    }
}
