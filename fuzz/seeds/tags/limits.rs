// implements: SWI-010
//! The limit evaluator: applies the drug library's hard and soft limits to doses
//! (`SRS-003`, `SRS-004`), the care area's weight range to weights (`SRS-006`) and the
//! bolus limits and lockout to boluses (`SRS-009`).
//!
//! Values are compared in the entry's dosing unit after rounding to its resolution, so a
//! displayed value equal to a limit is inside it. Hard limits are checked before soft
//! limits. An entry whose limits are out of order can only block: every dose is then
//! refused as above the hard limit.

use crate::fixed::Fixed;
use crate::library::{limits_ordered, CareArea, DoseUnit, DrugEntry};

/// The verdict on a dose or weight, with the limit that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimResult {
    /// Inside the soft limits (or on one).
    Ok,
    /// Below the soft minimum: needs the confirmed override.
    SoftLow(Fixed),
    /// Above the soft maximum: needs the confirmed override.
    SoftHigh(Fixed),
    /// Below the hard minimum: refused.
    HardLow(Fixed),
    /// Above the hard maximum, or the entry is corrupt: refused.
    HardHigh(Fixed),
}

impl LimResult {
    /// Whether the value is refused without override.
    pub fn is_hard(self) -> bool {
        matches!(self, LimResult::HardLow(_) | LimResult::HardHigh(_))
    }

    /// Whether the value needs the soft-limit override.
    pub fn is_soft(self) -> bool {
        matches!(self, LimResult::SoftLow(_) | LimResult::SoftHigh(_))
    }

    /// Message M-21 for a hard-limit rejection, naming the limit that applies.
    pub fn message(self, unit: DoseUnit) -> Option<String> {
        match self {
            LimResult::HardHigh(l) => Some(format!(
                "M-21 Dose exceeds hard limit (max {l} {})",
                unit.label()
            )),
            LimResult::HardLow(l) => Some(format!(
                "M-21 Dose below hard limit (min {l} {})",
                unit.label()
            )),
            _ => None,
        }
    }
}

/// Checks a dose against the entry's four limits.
// implements: SRS-003, SRS-004, RCM-001
pub fn lim_check_dose(e: &DrugEntry, dose: Fixed) -> LimResult {
    if !limits_ordered(e) {
        return LimResult::HardHigh(e.hard_max);
    }
    let Ok(d) = dose.round_to(e.unit.resolution()) else {
        return LimResult::HardHigh(e.hard_max);
    };
    if d < e.hard_min {
        LimResult::HardLow(e.hard_min)
    } else if d > e.hard_max {
        LimResult::HardHigh(e.hard_max)
    } else if d < e.soft_min {
        LimResult::SoftLow(e.soft_min)
    } else if d > e.soft_max {
        LimResult::SoftHigh(e.soft_max)
    } else {
        LimResult::Ok
    }
}

/// Checks a patient weight against the care area's range; outside it: M-24.
// implements: SRS-006, RCM-001
pub fn lim_check_weight(area: &CareArea, weight_kg: Fixed) -> LimResult {
    if weight_kg < area.weight_min_kg {
        LimResult::HardLow(area.weight_min_kg)
    } else if weight_kg > area.weight_max_kg {
        LimResult::HardHigh(area.weight_max_kg)
    } else {
        LimResult::Ok
    }
}

/// The verdict on a bolus request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BolusResult {
    /// The bolus may run.
    Ok,
    /// The entry allows no bolus (or the dose is zero).
    NotAllowed,
    /// Above the entry's maximum bolus dose, a hard limit.
    HardHigh(Fixed),
    /// The lockout interval has not elapsed: message M-31 with the remaining time.
    Lockout {
        /// Seconds until a bolus is allowed.
        remaining_s: u32,
    },
}

/// Checks a bolus dose against the entry's maximum and lockout; `s_since_last` is the time
/// since the end of the previous bolus of this infusion, `None` if there was none.
// implements: SRS-009, RCM-001
pub fn lim_check_bolus(e: &DrugEntry, bolus_dose: Fixed, s_since_last: Option<u32>) -> BolusResult {
    let Some(bolus) = e.bolus else {
        return BolusResult::NotAllowed;
    };
    if bolus_dose <= Fixed::ZERO {
        return BolusResult::NotAllowed;
    }
    if bolus_dose > bolus.max_dose {
        return BolusResult::HardHigh(bolus.max_dose);
    }
    match s_since_last {
        Some(s) if s < bolus.lockout_s => BolusResult::Lockout {
            remaining_s: bolus.lockout_s - s,
        },
        _ => BolusResult::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::fixtures::{adult_icu, fx, heparin, neonatal_icu};

    fn dose(text: &str) -> LimResult {
        lim_check_dose(&heparin(), fx(text))
    }

    // verifies: SRS-003, RCM-001
    #[test]
    fn dose_on_and_beyond_the_hard_limits() {
        // heparin adult ICU: hard 2 to 35, soft 10 to 25 units/kg/h, resolution 0.1
        assert_eq!(dose("35.1"), LimResult::HardHigh(fx("35")));
        assert_eq!(dose("1.9"), LimResult::HardLow(fx("2")));
        assert_eq!(dose("40"), LimResult::HardHigh(fx("35")));
        assert!(!dose("35").is_hard());
        assert!(!dose("2").is_hard());
        assert_eq!(
            dose("40").message(DoseUnit::UnitsPerKgPerH).as_deref(),
            Some("M-21 Dose exceeds hard limit (max 35 units/kg/h)")
        );
    }

    // verifies: SRS-004, RCM-001
    #[test]
    fn dose_on_and_beyond_the_soft_limits() {
        assert_eq!(dose("25"), LimResult::Ok);
        assert_eq!(dose("10"), LimResult::Ok);
        assert_eq!(dose("18"), LimResult::Ok);
        assert_eq!(dose("25.1"), LimResult::SoftHigh(fx("25")));
        assert_eq!(dose("9.9"), LimResult::SoftLow(fx("10")));
        assert_eq!(dose("35"), LimResult::SoftHigh(fx("25")));
        assert_eq!(dose("2"), LimResult::SoftLow(fx("10")));
        assert!(dose("30").is_soft() && !dose("30").is_hard());
    }

    // verifies: SRS-003
    #[test]
    fn dose_is_compared_at_the_resolution_of_its_unit() {
        // 35.04 is shown as 35.0, which is on the limit; 35.06 is shown as 35.1
        assert_eq!(dose("35.04"), LimResult::SoftHigh(fx("25")));
        assert_eq!(dose("35.06"), LimResult::HardHigh(fx("35")));
    }

    // verifies: SRS-003, RCM-001
    #[test]
    fn corrupt_entry_blocks_every_dose() {
        let mut e = heparin();
        e.hard_max = fx("20"); // below the soft maximum
        for d in ["0", "2", "10", "18", "20", "35"] {
            assert_eq!(
                lim_check_dose(&e, fx(d)),
                LimResult::HardHigh(fx("20")),
                "{d}"
            );
        }
    }

    // verifies: SRS-006, RCM-001
    #[test]
    fn weight_on_and_beyond_the_care_area_range() {
        let (neo, adult) = (neonatal_icu(), adult_icu());
        assert_eq!(lim_check_weight(&neo, fx("0.4")), LimResult::Ok);
        assert_eq!(lim_check_weight(&neo, fx("10")), LimResult::Ok);
        assert_eq!(
            lim_check_weight(&neo, fx("0.3")),
            LimResult::HardLow(fx("0.4"))
        );
        assert_eq!(
            lim_check_weight(&neo, fx("10.1")),
            LimResult::HardHigh(fx("10"))
        );
        assert_eq!(
            lim_check_weight(&neo, fx("12")),
            LimResult::HardHigh(fx("10"))
        );
        assert_eq!(
            lim_check_weight(&adult, fx("29.9")),
            LimResult::HardLow(fx("30"))
        );
        assert_eq!(
            lim_check_weight(&adult, fx("250.1")),
            LimResult::HardHigh(fx("250"))
        );
        assert_eq!(lim_check_weight(&adult, fx("70")), LimResult::Ok);
    }

    // verifies: SRS-009, RCM-001
    #[test]
    fn bolus_maximum_and_lockout() {
        let e = heparin(); // max bolus 5,000 units, lockout 10 min
        assert_eq!(lim_check_bolus(&e, fx("5000"), None), BolusResult::Ok);
        assert_eq!(
            lim_check_bolus(&e, fx("5001"), None),
            BolusResult::HardHigh(fx("5000"))
        );
        assert_eq!(
            lim_check_bolus(&e, fx("2500"), Some(590)),
            BolusResult::Lockout { remaining_s: 10 }
        );
        assert_eq!(lim_check_bolus(&e, fx("2500"), Some(600)), BolusResult::Ok);
        assert_eq!(lim_check_bolus(&e, fx("2500"), Some(605)), BolusResult::Ok);
        assert_eq!(
            lim_check_bolus(&e, Fixed::ZERO, None),
            BolusResult::NotAllowed
        );
        let no_bolus = crate::library::DrugEntry {
            bolus: None,
            ..heparin()
        };
        assert_eq!(
            lim_check_bolus(&no_bolus, fx("100"), None),
            BolusResult::NotAllowed
        );
    }
}
