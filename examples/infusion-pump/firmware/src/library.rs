// implements: SRS-001
//! The drug library as the programming engine sees it: care areas and drug entries with
//! concentration, dosing unit, hard and soft limits, bolus and KVO settings, the
//! structure rules a library must meet to be accepted (`SRS-001`), and the byte layout
//! of the library image over which the CRC-32s of `SRS-017` are computed.
//!
//! Image layout, integers little-endian, fixed-point values as their raw `i64`:
//!
//! ```text
//! image  = "VP3L" version:u32 areas:u8 area* entries:u16 (entry crc:u32)* image_crc:u32
//! area   = id:u8 name_len:u8 name weight_min weight_max max_rate
//! entry  = entry_no:u16 care_area:u8 unit:u8 name_len:u8 name conc_amount conc_volume
//!          hard_min soft_min soft_max hard_max bolus:u8 bolus_max bolus_rate
//!          lockout_s:u32 kvo
//! ```
//!
//! Care areas are ordered by id and entries by number. `tools/druglib.py` writes the same
//! layout, so the library tool and the pump agree on every CRC.

use crate::crc::crc32;
use crate::fixed::Fixed;
use crate::libcheck::{lib_check_entry, LibResult};

/// At most this many care areas.
pub const MAX_CARE_AREAS: usize = 16;
/// At most this many drug entries in the whole library.
pub const MAX_ENTRIES: usize = 1_500;
/// At most this many characters in a drug or care area name.
pub const MAX_NAME_CHARS: usize = 32;
/// The lowest rate a pump can run at, and the step of every rate (mL/h).
pub const RATE_MIN: Fixed = Fixed::from_tenths(1);
/// The highest rate (mL/h).
pub const RATE_MAX: Fixed = Fixed::from_tenths(9999);
/// The lowest bolus rate (mL/h).
pub const BOLUS_RATE_MIN: Fixed = Fixed::from_tenths(500);
/// The highest KVO rate (mL/h).
pub const KVO_MAX: Fixed = Fixed::from_tenths(50);

/// The dosing unit of a drug entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoseUnit {
    /// mL/h: the dose is the rate.
    MlPerH,
    /// mg/h.
    MgPerH,
    /// mg/kg/h.
    MgPerKgPerH,
    /// mcg/kg/min (concentration in mcg/mL).
    McgPerKgPerMin,
    /// units/h.
    UnitsPerH,
    /// units/kg/h.
    UnitsPerKgPerH,
}

impl DoseUnit {
    /// Every unit, in the order of their codes 1 to 6.
    pub const ALL: [DoseUnit; 6] = [
        DoseUnit::MlPerH,
        DoseUnit::MgPerH,
        DoseUnit::MgPerKgPerH,
        DoseUnit::McgPerKgPerMin,
        DoseUnit::UnitsPerH,
        DoseUnit::UnitsPerKgPerH,
    ];

    /// The unit as the library and the display write it.
    pub fn label(self) -> &'static str {
        match self {
            DoseUnit::MlPerH => "mL/h",
            DoseUnit::MgPerH => "mg/h",
            DoseUnit::MgPerKgPerH => "mg/kg/h",
            DoseUnit::McgPerKgPerMin => "mcg/kg/min",
            DoseUnit::UnitsPerH => "units/h",
            DoseUnit::UnitsPerKgPerH => "units/kg/h",
        }
    }

    /// The unit with this label; `None` for an unknown unit.
    pub fn from_label(label: &str) -> Option<DoseUnit> {
        DoseUnit::ALL.into_iter().find(|u| u.label() == label)
    }

    /// The code in the library image (1 to 6).
    pub fn code(self) -> u8 {
        DoseUnit::ALL.iter().position(|&u| u == self).unwrap_or(0) as u8 + 1
    }

    /// Whether the dose is per kg of patient weight.
    pub fn weight_based(self) -> bool {
        matches!(
            self,
            DoseUnit::MgPerKgPerH | DoseUnit::McgPerKgPerMin | DoseUnit::UnitsPerKgPerH
        )
    }

    /// Decimals of a dose in this unit: one for mL/h and units, two for mg and mcg.
    pub fn decimals(self) -> usize {
        match self {
            DoseUnit::MlPerH | DoseUnit::UnitsPerH | DoseUnit::UnitsPerKgPerH => 1,
            DoseUnit::MgPerH | DoseUnit::MgPerKgPerH | DoseUnit::McgPerKgPerMin => 2,
        }
    }

    /// The resolution of a dose in this unit (0.1 or 0.01).
    pub fn resolution(self) -> Fixed {
        Fixed::from_raw(10i64.pow(6 - self.decimals() as u32))
    }

    /// The amount of the concentration: `mL`, `mg`, `mcg` or `units`.
    pub fn amount_label(self) -> &'static str {
        self.label().split('/').next().unwrap_or("")
    }
}

/// A care area: a named set of entries with a weight range and a basic-infusion limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareArea {
    /// Its number, 1 to 255.
    pub id: u8,
    /// Its name.
    pub name: String,
    /// The lowest patient weight accepted (kg).
    pub weight_min_kg: Fixed,
    /// The highest patient weight accepted (kg).
    pub weight_max_kg: Fixed,
    /// The highest rate of an infusion programmed without a drug (mL/h).
    pub max_rate_ml_h: Fixed,
}

/// The bolus settings of an entry that allows boluses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bolus {
    /// The largest bolus dose, a hard limit, in the amount of the dosing unit (units, mg).
    pub max_dose: Fixed,
    /// The bolus delivery rate (mL/h).
    pub rate_ml_h: Fixed,
    /// The time after the end of a bolus before the next one is allowed (s).
    pub lockout_s: u32,
}

/// One drug entry of a care area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrugEntry {
    /// Its library-unique number.
    pub entry_no: u16,
    /// The care area it belongs to.
    pub care_area: u8,
    /// The drug name.
    pub name: String,
    /// The amount of drug in the container, in the amount of the dosing unit.
    pub conc_amount: Fixed,
    /// The volume of the container (mL).
    pub conc_volume_ml: Fixed,
    /// The dosing unit.
    pub unit: DoseUnit,
    /// Hard minimum dose.
    pub hard_min: Fixed,
    /// Soft minimum dose.
    pub soft_min: Fixed,
    /// Soft maximum dose.
    pub soft_max: Fixed,
    /// Hard maximum dose.
    pub hard_max: Fixed,
    /// The bolus settings; `None` when the entry allows no bolus.
    pub bolus: Option<Bolus>,
    /// The keep-vein-open rate after VTBI complete (mL/h, 0 stops the pump).
    pub kvo_ml_h: Fixed,
    /// The CRC-32 of the entry's bytes, set when the library is built.
    pub crc: u32,
}

/// Why a library is rejected as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibError {
    /// More than 16 care areas.
    TooManyCareAreas,
    /// More than 1,500 entries.
    TooManyEntries,
    /// Two care areas with this id.
    DuplicateCareArea(u8),
    /// A care area with an empty or too long name, a bad weight range or a bad maximum rate.
    BadCareArea(u8),
    /// Two entries with this number.
    DuplicateEntry(u16),
    /// The entry names a care area the library does not have.
    UnknownCareArea(u16),
    /// The entry's name is empty or longer than 32 characters.
    BadName(u16),
    /// The entry's concentration amount or volume is not positive.
    BadConcentration(u16),
    /// The entry's limits are not ordered hard min ≤ soft min ≤ soft max ≤ hard max.
    LimitsOutOfOrder(u16),
    /// The entry's bolus settings are out of range.
    BadBolus(u16),
    /// The entry's KVO rate is out of 0 to 5.0 mL/h.
    BadKvo(u16),
    /// The entry has the drug name (whatever its case) and the concentration of an
    /// earlier entry of its care area: the drug list could not tell them apart.
    Indistinguishable(u16),
}

fn name_ok(name: &str) -> bool {
    (1..=MAX_NAME_CHARS).contains(&name.chars().count())
}

fn put_name(out: &mut Vec<u8>, name: &str) {
    out.push(name.len() as u8); // at most 32 chars of at most 4 bytes each
    out.extend_from_slice(name.as_bytes());
}

fn put_fixed(out: &mut Vec<u8>, value: Fixed) {
    out.extend_from_slice(&value.raw().to_le_bytes());
}

impl CareArea {
    fn validate(&self) -> Result<(), LibError> {
        let weights = Fixed::ZERO < self.weight_min_kg && self.weight_min_kg < self.weight_max_kg;
        let rate = RATE_MIN <= self.max_rate_ml_h && self.max_rate_ml_h <= RATE_MAX;
        if self.id == 0 || !name_ok(&self.name) || !weights || !rate {
            return Err(LibError::BadCareArea(self.id));
        }
        Ok(())
    }

    fn bytes(&self, out: &mut Vec<u8>) {
        out.push(self.id);
        put_name(out, &self.name);
        for v in [self.weight_min_kg, self.weight_max_kg, self.max_rate_ml_h] {
            put_fixed(out, v);
        }
    }
}

impl DrugEntry {
    /// Checks the entry rules of `SRS-001`.
    pub fn validate(&self) -> Result<(), LibError> {
        let n = self.entry_no;
        if !name_ok(&self.name) {
            return Err(LibError::BadName(n));
        }
        if self.conc_amount <= Fixed::ZERO || self.conc_volume_ml <= Fixed::ZERO {
            return Err(LibError::BadConcentration(n));
        }
        if !limits_ordered(self) {
            return Err(LibError::LimitsOutOfOrder(n));
        }
        if let Some(b) = self.bolus {
            if b.max_dose <= Fixed::ZERO || b.rate_ml_h < BOLUS_RATE_MIN || b.rate_ml_h > RATE_MAX {
                return Err(LibError::BadBolus(n));
            }
        }
        if self.kvo_ml_h < Fixed::ZERO || self.kvo_ml_h > KVO_MAX {
            return Err(LibError::BadKvo(n));
        }
        Ok(())
    }

    /// The concentration per mL, in the amount of the dosing unit.
    pub fn concentration(&self) -> Result<Fixed, crate::fixed::Overflow> {
        self.conc_amount.checked_div(self.conc_volume_ml)
    }

    /// The entry's bytes in the image, without its CRC.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(&self.entry_no.to_le_bytes());
        out.push(self.care_area);
        out.push(self.unit.code());
        put_name(&mut out, &self.name);
        for v in [self.conc_amount, self.conc_volume_ml] {
            put_fixed(&mut out, v);
        }
        for v in [self.hard_min, self.soft_min, self.soft_max, self.hard_max] {
            put_fixed(&mut out, v);
        }
        let b = self.bolus.unwrap_or(Bolus {
            max_dose: Fixed::ZERO,
            rate_ml_h: Fixed::ZERO,
            lockout_s: 0,
        });
        out.push(u8::from(self.bolus.is_some()));
        put_fixed(&mut out, b.max_dose);
        put_fixed(&mut out, b.rate_ml_h);
        out.extend_from_slice(&b.lockout_s.to_le_bytes());
        put_fixed(&mut out, self.kvo_ml_h);
        out
    }
}

/// Whether 0 ≤ hard min ≤ soft min ≤ soft max ≤ hard max.
pub fn limits_ordered(e: &DrugEntry) -> bool {
    Fixed::ZERO <= e.hard_min
        && e.hard_min <= e.soft_min
        && e.soft_min <= e.soft_max
        && e.soft_max <= e.hard_max
}

/// Rejects a library in which two entries of one care area have the same drug name,
/// compared without regard to case and surrounding spaces, and the same concentration
/// (amount and volume): the drug list shows a name with its concentration (`SRS-002`), so
/// the clinician could not tell such entries apart, yet their limits may differ.
// implements: SRS-026, RCM-009
fn check_distinguishable(entries: &[DrugEntry]) -> Result<(), LibError> {
    let mut keys: Vec<(u8, String, Fixed, Fixed, u16)> = entries
        .iter()
        .map(|e| {
            let name = e.name.trim().to_lowercase();
            (
                e.care_area,
                name,
                e.conc_amount,
                e.conc_volume_ml,
                e.entry_no,
            )
        })
        .collect();
    keys.sort();
    let same = |a: &(u8, String, Fixed, Fixed, u16), b: &(u8, String, Fixed, Fixed, u16)| {
        (a.0, &a.1, a.2, a.3) == (b.0, &b.1, b.2, b.3)
    };
    match keys.windows(2).find(|w| same(&w[0], &w[1])) {
        Some(w) => Err(LibError::Indistinguishable(w[1].4)),
        None => Ok(()),
    }
}

/// Why an entry cannot be read for programming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryError {
    /// No such entry in that care area.
    NotFound,
    /// The entry's CRC does not match: "Drug library error", library infusions blocked.
    BadCrc,
}

/// A validated drug library with the CRC of every entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Library {
    /// The library version, a counter that must grow with every import.
    pub version: u32,
    /// The care areas, by id.
    pub areas: Vec<CareArea>,
    /// The entries, by number.
    pub entries: Vec<DrugEntry>,
}

impl Library {
    /// Checks the rules of `SRS-001` and rejects the library as a whole at the first
    /// violation; otherwise orders areas and entries and sets every entry's CRC.
    pub fn build(
        version: u32,
        mut areas: Vec<CareArea>,
        mut entries: Vec<DrugEntry>,
    ) -> Result<Library, LibError> {
        if areas.len() > MAX_CARE_AREAS {
            return Err(LibError::TooManyCareAreas);
        }
        if entries.len() > MAX_ENTRIES {
            return Err(LibError::TooManyEntries);
        }
        areas.sort_by_key(|a| a.id);
        entries.sort_by_key(|e| e.entry_no);
        for (i, a) in areas.iter().enumerate() {
            a.validate()?;
            if i > 0 && areas[i - 1].id == a.id {
                return Err(LibError::DuplicateCareArea(a.id));
            }
        }
        for i in 0..entries.len() {
            let e = &entries[i];
            if i > 0 && entries[i - 1].entry_no == e.entry_no {
                return Err(LibError::DuplicateEntry(e.entry_no));
            }
            if areas.binary_search_by_key(&e.care_area, |a| a.id).is_err() {
                return Err(LibError::UnknownCareArea(e.entry_no));
            }
            e.validate()?;
            entries[i].crc = crc32(&entries[i].bytes());
        }
        check_distinguishable(&entries)?;
        Ok(Library {
            version,
            areas,
            entries,
        })
    }

    /// The care area with this id.
    pub fn area(&self, id: u8) -> Option<&CareArea> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// A copy of an entry for programming, after its entry CRC has been checked
    /// (`lib_get_entry`, `SRS-017`).
    // implements: SRS-017, RCM-002
    pub fn get_entry(&self, area: u8, entry_no: u16) -> Result<DrugEntry, EntryError> {
        let entry = self
            .entries
            .iter()
            .find(|e| e.care_area == area && e.entry_no == entry_no)
            .ok_or(EntryError::NotFound)?;
        match lib_check_entry(entry) {
            LibResult::Ok => Ok(entry.clone()),
            _ => Err(EntryError::BadCrc),
        }
    }

    /// The stored image: header, care areas, entries each with its CRC, and the image CRC.
    pub fn image(&self) -> Vec<u8> {
        let mut out = b"VP3L".to_vec();
        out.extend_from_slice(&self.version.to_le_bytes());
        out.push(self.areas.len() as u8);
        for a in &self.areas {
            a.bytes(&mut out);
        }
        out.extend_from_slice(&(self.entries.len() as u16).to_le_bytes());
        for e in &self.entries {
            out.extend_from_slice(&e.bytes());
            out.extend_from_slice(&e.crc.to_le_bytes());
        }
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }
}

/// Small libraries for the unit tests of this crate.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn fx(text: &str) -> Fixed {
        Fixed::parse(text).expect("fixture value parses")
    }

    pub fn adult_icu() -> CareArea {
        CareArea {
            id: 1,
            name: "Adult ICU".into(),
            weight_min_kg: fx("30"),
            weight_max_kg: fx("250"),
            max_rate_ml_h: fx("999.9"),
        }
    }

    pub fn neonatal_icu() -> CareArea {
        CareArea {
            id: 2,
            name: "Neonatal ICU".into(),
            weight_min_kg: fx("0.4"),
            weight_max_kg: fx("10"),
            max_rate_ml_h: fx("50"),
        }
    }

    /// Heparin 25,000 units in 500 mL, adult ICU: hard 2 to 35, soft 10 to 25 units/kg/h.
    pub fn heparin() -> DrugEntry {
        DrugEntry {
            entry_no: 101,
            care_area: 1,
            name: "Heparin".into(),
            conc_amount: fx("25000"),
            conc_volume_ml: fx("500"),
            unit: DoseUnit::UnitsPerKgPerH,
            hard_min: fx("2"),
            soft_min: fx("10"),
            soft_max: fx("25"),
            hard_max: fx("35"),
            bolus: Some(Bolus {
                max_dose: fx("5000"),
                rate_ml_h: fx("300"),
                lockout_s: 600,
            }),
            kvo_ml_h: fx("1"),
            crc: 0,
        }
    }

    pub fn library() -> Library {
        Library::build(47, vec![adult_icu(), neonatal_icu()], vec![heparin()])
            .expect("fixture library is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    fn build_with(entry: DrugEntry) -> Result<Library, LibError> {
        Library::build(1, vec![adult_icu()], vec![heparin(), entry])
    }

    // verifies: SRS-001
    #[test]
    fn valid_library_is_accepted_and_ordered() {
        let mut second = heparin();
        second.entry_no = 7;
        second.conc_volume_ml = fx("250");
        let lib = Library::build(
            3,
            vec![neonatal_icu(), adult_icu()],
            vec![heparin(), second],
        )
        .expect("valid");
        assert_eq!(lib.areas[0].id, 1);
        assert_eq!(lib.entries[0].entry_no, 7);
        assert!(lib.entries.iter().all(|e| e.crc == crc32(&e.bytes())));
    }

    // verifies: SRS-001
    #[test]
    fn library_with_unordered_limits_is_rejected_as_a_whole() {
        let mut bad = heparin();
        bad.entry_no = 102;
        bad.hard_max = fx("20"); // below the soft maximum of 25
        assert_eq!(build_with(bad), Err(LibError::LimitsOutOfOrder(102)));
        let mut bad = heparin();
        bad.entry_no = 103;
        bad.soft_min = fx("1"); // below the hard minimum of 2
        assert_eq!(build_with(bad), Err(LibError::LimitsOutOfOrder(103)));
    }

    // verifies: SRS-001
    #[test]
    fn entry_rules_of_the_library_structure() {
        let mut e = heparin();
        e.entry_no = 110;
        e.name = "X".repeat(33);
        assert_eq!(build_with(e.clone()), Err(LibError::BadName(110)));
        e.name = "Ä".repeat(32); // 32 characters, 64 bytes: allowed
        assert!(build_with(e.clone()).is_ok());
        e.conc_volume_ml = Fixed::ZERO;
        assert_eq!(build_with(e.clone()), Err(LibError::BadConcentration(110)));
        let mut e = heparin();
        e.entry_no = 111;
        e.kvo_ml_h = fx("5.1");
        assert_eq!(build_with(e), Err(LibError::BadKvo(111)));
        let mut e = heparin();
        e.entry_no = 112;
        e.bolus = e.bolus.map(|b| Bolus {
            rate_ml_h: fx("49.9"),
            ..b
        });
        assert_eq!(build_with(e), Err(LibError::BadBolus(112)));
        let mut e = heparin();
        e.care_area = 9;
        e.entry_no = 113;
        assert_eq!(build_with(e), Err(LibError::UnknownCareArea(113)));
        assert_eq!(build_with(heparin()), Err(LibError::DuplicateEntry(101)));
    }

    // verifies: SRS-026, RCM-009
    #[test]
    fn entries_the_drug_list_cannot_tell_apart_are_rejected() {
        // heparin 25,000 units in 500 mL twice in adult ICU, with other limits
        let mut twin = heparin();
        twin.entry_no = 120;
        twin.hard_max = fx("50");
        assert_eq!(
            build_with(twin.clone()),
            Err(LibError::Indistinguishable(120))
        );
        // the same name in another case or with spaces is the same name on the screen
        twin.name = " HEPARIN".into();
        assert_eq!(
            build_with(twin.clone()),
            Err(LibError::Indistinguishable(120))
        );
        // another dosing unit does not help: the list shows name and concentration
        twin.unit = DoseUnit::UnitsPerH;
        assert_eq!(
            build_with(twin.clone()),
            Err(LibError::Indistinguishable(120))
        );
        // another concentration, or the same entry in another care area, is fine
        let mut other = twin.clone();
        other.conc_volume_ml = fx("250");
        assert!(build_with(other).is_ok());
        let mut neonatal = twin;
        neonatal.care_area = 2;
        assert!(Library::build(
            1,
            vec![adult_icu(), neonatal_icu()],
            vec![heparin(), neonatal]
        )
        .is_ok());
    }

    // verifies: SRS-001
    #[test]
    fn library_size_limits() {
        let areas: Vec<CareArea> = (1..=17).map(|id| CareArea { id, ..adult_icu() }).collect();
        assert_eq!(
            Library::build(1, areas, vec![]),
            Err(LibError::TooManyCareAreas)
        );
        let entries: Vec<DrugEntry> = (1..=1_501)
            .map(|n| DrugEntry {
                entry_no: n,
                name: format!("Drug {n}"),
                ..heparin()
            })
            .collect();
        assert_eq!(
            Library::build(1, vec![adult_icu()], entries[..1_500].to_vec())
                .map(|l| l.entries.len()),
            Ok(1_500)
        );
        assert_eq!(
            Library::build(1, vec![adult_icu()], entries),
            Err(LibError::TooManyEntries)
        );
        let bad_area = CareArea {
            weight_min_kg: fx("10"),
            weight_max_kg: fx("10"),
            ..adult_icu()
        };
        assert_eq!(
            Library::build(1, vec![bad_area], vec![]),
            Err(LibError::BadCareArea(1))
        );
    }

    // verifies: SRS-001
    #[test]
    fn dose_units_are_known_by_label() {
        for u in DoseUnit::ALL {
            assert_eq!(DoseUnit::from_label(u.label()), Some(u));
        }
        assert_eq!(DoseUnit::from_label("mcg/kg/h"), None);
        assert_eq!(DoseUnit::McgPerKgPerMin.amount_label(), "mcg");
        assert_eq!(DoseUnit::McgPerKgPerMin.resolution(), fx("0.01"));
        assert_eq!(DoseUnit::UnitsPerKgPerH.code(), 6);
    }
}
