//! The reference drug library shared by the firmware tests and the library tool's tests:
//! `tools/tests/data/reference-library.csv`, read here with a minimal CSV reader (the
//! file has no quoted fields).

use std::path::PathBuf;
use vp300_dose::library::{Bolus, CareArea, DoseUnit, DrugEntry, Library};
use vp300_dose::Fixed;

/// The version the reference library is built with, in both test suites.
pub const REFERENCE_VERSION: u32 = 47;

/// The CRC-32 of the reference library image, as `tools/druglib.py` computes it too.
pub const REFERENCE_IMAGE_CRC: u32 = 0x1377_4913;

/// Care area and entry numbers in the reference library.
pub const ADULT_ICU: u8 = 1;
pub const NEONATAL_ICU: u8 = 2;
pub const HEPARIN: u16 = 101;
pub const NOREPINEPHRINE: u16 = 104;
pub const NEONATAL_HEPARIN: u16 = 202;

pub fn fx(text: &str) -> Fixed {
    Fixed::parse(text).unwrap_or_else(|| panic!("not a value: {text:?}"))
}

fn csv_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/tests/data/reference-library.csv")
}

/// The reference library, built and validated.
pub fn reference_library() -> Library {
    let text = std::fs::read_to_string(csv_path()).expect("reference library CSV");
    let mut areas: Vec<CareArea> = Vec::new();
    let mut entries = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let c: Vec<&str> = line.split(',').collect();
        assert_eq!(c.len(), 18, "columns in {line:?}");
        let area = CareArea {
            id: c[1].parse().expect("care area"),
            name: c[2].to_string(),
            weight_min_kg: fx(c[3]),
            weight_max_kg: fx(c[4]),
            max_rate_ml_h: fx(c[5]),
        };
        if !areas.iter().any(|a| a.id == area.id) {
            areas.push(area);
        }
        let bolus = (!c[14].is_empty()).then(|| Bolus {
            max_dose: fx(c[14]),
            rate_ml_h: fx(c[15]),
            lockout_s: c[16].parse::<u32>().expect("lockout") * 60,
        });
        entries.push(DrugEntry {
            entry_no: c[0].parse().expect("entry number"),
            care_area: c[1].parse().expect("care area"),
            name: c[6].to_string(),
            conc_amount: fx(c[7]),
            conc_volume_ml: fx(c[8]),
            unit: DoseUnit::from_label(c[9]).expect("known unit"),
            hard_min: fx(c[10]),
            soft_min: fx(c[11]),
            soft_max: fx(c[12]),
            hard_max: fx(c[13]),
            bolus,
            kvo_ml_h: fx(c[17]),
            crc: 0,
        });
    }
    Library::build(REFERENCE_VERSION, areas, entries).expect("the reference library is valid")
}
