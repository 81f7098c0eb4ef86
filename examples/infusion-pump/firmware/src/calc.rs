// implements: SWI-009
//! The dose calculator: converts a dose into a pump rate and a rate back into the dose
//! it delivers (`SRS-005`), in fixed point (`SRS-024`). Pure functions.

use crate::fixed::{Fixed, Overflow};
use crate::library::{DoseUnit, RATE_MAX, RATE_MIN};

/// Why a calculation gave no rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalcError {
    /// An intermediate value left the fixed-point range, or a divisor was zero.
    Overflow,
    /// The rate is outside 0.1 to 999.9 mL/h: message M-23.
    OutOfRange,
}

impl From<Overflow> for CalcError {
    fn from(_: Overflow) -> CalcError {
        CalcError::Overflow
    }
}

/// The rate in mL/h for `dose` in `unit`, with `conc` the amount per mL and `weight_kg`
/// the patient weight (ignored for units that are not per kg). Rounded once, at the end,
/// to 0.1 mL/h with halves down.
// implements: SRS-005, SRS-024
pub fn dose_to_rate(
    unit: DoseUnit,
    dose: Fixed,
    conc: Fixed,
    weight_kg: Fixed,
) -> Result<Fixed, CalcError> {
    let exact = match unit {
        DoseUnit::MlPerH => dose,
        DoseUnit::MgPerH | DoseUnit::UnitsPerH => dose.checked_div(conc)?,
        DoseUnit::MgPerKgPerH | DoseUnit::UnitsPerKgPerH => {
            dose.checked_mul(weight_kg)?.checked_div(conc)?
        }
        DoseUnit::McgPerKgPerMin => dose
            .checked_mul(weight_kg)?
            .checked_mul_int(60)?
            .checked_div(conc)?,
    };
    let rate = exact.round_to(RATE_MIN)?;
    if rate < RATE_MIN || rate > RATE_MAX {
        return Err(CalcError::OutOfRange);
    }
    Ok(rate)
}

/// The dose actually delivered at `rate_ml_h`, rounded to the unit's resolution, for
/// display next to the rate.
// implements: SRS-005, SRS-024
pub fn rate_to_dose(
    unit: DoseUnit,
    rate_ml_h: Fixed,
    conc: Fixed,
    weight_kg: Fixed,
) -> Result<Fixed, CalcError> {
    let exact = match unit {
        DoseUnit::MlPerH => rate_ml_h,
        DoseUnit::MgPerH | DoseUnit::UnitsPerH => rate_ml_h.checked_mul(conc)?,
        DoseUnit::MgPerKgPerH | DoseUnit::UnitsPerKgPerH => {
            rate_ml_h.checked_mul(conc)?.checked_div(weight_kg)?
        }
        DoseUnit::McgPerKgPerMin => rate_ml_h
            .checked_mul(conc)?
            .checked_div(weight_kg)?
            .checked_div(Fixed::from_int(60)?)?,
    };
    Ok(exact.round_to(unit.resolution())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::fixtures::fx;

    fn rate(unit: DoseUnit, dose: &str, conc: &str, weight: &str) -> Result<Fixed, CalcError> {
        dose_to_rate(unit, fx(dose), fx(conc), fx(weight))
    }

    // verifies: SRS-005, SRS-024
    #[test]
    fn reference_cases_of_the_requirement() {
        // propofol 10 mg/mL, 2 mg/kg/h, 70 kg
        assert_eq!(rate(DoseUnit::MgPerKgPerH, "2", "10", "70"), Ok(fx("14.0")));
        // norepinephrine 16 mcg/mL, 0.1 mcg/kg/min, 80 kg
        assert_eq!(
            rate(DoseUnit::McgPerKgPerMin, "0.1", "16", "80"),
            Ok(fx("30.0"))
        );
        // heparin 50 units/mL, 18 units/kg/h, 75 kg
        assert_eq!(
            rate(DoseUnit::UnitsPerKgPerH, "18", "50", "75"),
            Ok(fx("27.0"))
        );
    }

    // verifies: SRS-005
    #[test]
    fn every_dosing_unit_follows_the_conversion_table() {
        assert_eq!(rate(DoseUnit::MlPerH, "125.5", "1", "70"), Ok(fx("125.5")));
        assert_eq!(rate(DoseUnit::MgPerH, "2.5", "1", "70"), Ok(fx("2.5")));
        assert_eq!(rate(DoseUnit::UnitsPerH, "6", "1", "70"), Ok(fx("6")));
        // weight is ignored when the unit is not per kg
        assert_eq!(rate(DoseUnit::UnitsPerH, "6", "1", "3"), Ok(fx("6")));
        // 0.05 mcg/kg/min at 3.2 kg, 40 mcg/mL: 0.24 mL/h exactly, shown as 0.2
        assert_eq!(
            rate(DoseUnit::McgPerKgPerMin, "0.05", "40", "3.2"),
            Ok(fx("0.2"))
        );
    }

    // verifies: SRS-005, SRS-024
    #[test]
    fn rate_is_rounded_once_with_halves_down() {
        // 2.81 mg/h at 0.2 mg/mL is 14.05 mL/h exactly: a half, rounded down
        assert_eq!(rate(DoseUnit::MgPerH, "2.81", "0.2", "1"), Ok(fx("14.0")));
        // 2.812 mg/h is 14.06 mL/h: rounded up
        assert_eq!(rate(DoseUnit::MgPerH, "2.812", "0.2", "1"), Ok(fx("14.1")));
    }

    // verifies: SRS-005
    #[test]
    fn rate_outside_the_pump_range_is_rejected() {
        assert_eq!(
            rate(DoseUnit::MlPerH, "1000", "1", "1"),
            Err(CalcError::OutOfRange)
        );
        assert_eq!(
            rate(DoseUnit::MlPerH, "0.05", "1", "1"),
            Err(CalcError::OutOfRange)
        );
        assert_eq!(rate(DoseUnit::MlPerH, "999.9", "1", "1"), Ok(fx("999.9")));
        assert_eq!(rate(DoseUnit::MlPerH, "0.1", "1", "1"), Ok(fx("0.1")));
        // a hundredfold error: 4,000 units/kg/h for 250 kg at 50 units/mL is 20,000 mL/h
        assert_eq!(
            rate(DoseUnit::UnitsPerKgPerH, "4000", "50", "250"),
            Err(CalcError::OutOfRange)
        );
    }

    // verifies: SRS-024
    #[test]
    fn overflow_in_a_calculation_rejects_the_value() {
        let huge = Fixed::from_raw(i64::MAX / 2);
        assert_eq!(
            dose_to_rate(DoseUnit::McgPerKgPerMin, huge, fx("0.1"), fx("250")),
            Err(CalcError::Overflow)
        );
        assert_eq!(
            dose_to_rate(DoseUnit::MgPerH, fx("1"), Fixed::ZERO, fx("70")),
            Err(CalcError::Overflow)
        );
        assert_eq!(
            rate_to_dose(DoseUnit::MgPerKgPerH, fx("10"), fx("10"), Fixed::ZERO),
            Err(CalcError::Overflow)
        );
    }

    // verifies: SRS-005
    #[test]
    fn dose_delivered_at_the_rounded_rate() {
        // heparin 50 units/mL, 18 units/kg/h, 70 kg: 25.2 mL/h delivers exactly 18
        assert_eq!(
            rate_to_dose(DoseUnit::UnitsPerKgPerH, fx("25.2"), fx("50"), fx("70")),
            Ok(fx("18"))
        );
        // norepinephrine 16 mcg/mL, 0.07 mcg/kg/min, 73 kg: 19.16 mL/h is rounded to 19.2,
        // which delivers 0.0701... mcg/kg/min, shown as 0.07
        assert_eq!(
            rate(DoseUnit::McgPerKgPerMin, "0.07", "16", "73"),
            Ok(fx("19.2"))
        );
        assert_eq!(
            rate_to_dose(DoseUnit::McgPerKgPerMin, fx("19.2"), fx("16"), fx("73")),
            Ok(fx("0.07"))
        );
        assert_eq!(
            rate_to_dose(DoseUnit::MgPerH, fx("14"), fx("0.2"), fx("1")),
            Ok(fx("2.8"))
        );
    }
}
