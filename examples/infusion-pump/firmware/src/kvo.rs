// implements: SWI-004
//! What the delivery controller does when the volume to be infused has been delivered
//! (`SRS-013`): go on at the keep-vein-open (KVO) rate of the drug entry, never faster
//! than the programmed rate, or stop when the entry sets KVO to 0 mL/h; and the priority
//! of the "VTBI complete" alarm that goes with it (`SRS-014`).
//!
//! Because the KVO rate is never above the programmed rate, the dose delivered at KVO is
//! never above the programmed dose, which was checked against the entry's hard limits
//! when it was programmed. The rate chosen here becomes the approved rate that the
//! independent rate monitor checks the delivered volume against (`SRS-022`).

use crate::fixed::Fixed;
use crate::library::DrugEntry;

/// The KVO rate of a basic infusion, programmed without a drug entry (mL/h).
pub const BASIC_KVO_ML_H: Fixed = Fixed::from_tenths(10);

/// What the pump does at VTBI complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VtbiComplete {
    /// Go on at this rate (mL/h) until the clinician stops or reprograms the infusion.
    Kvo(Fixed),
    /// Stop the motor: the entry sets KVO to 0 mL/h.
    Stop,
}

/// The priority of the "VTBI complete" alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmPriority {
    /// "VTBI complete - KVO": the pump goes on at the KVO rate.
    Medium,
    /// "VTBI complete": the pump has stopped.
    High,
}

impl VtbiComplete {
    /// The alarm priority: high when the pump stops, medium when it goes on at KVO.
    // implements: SRS-014
    pub fn alarm_priority(self) -> AlarmPriority {
        match self {
            VtbiComplete::Kvo(_) => AlarmPriority::Medium,
            VtbiComplete::Stop => AlarmPriority::High,
        }
    }
}

/// The action at VTBI complete for an infusion of `entry` (`None` for a basic infusion)
/// running at `programmed_ml_h`: the entry's KVO rate or the programmed rate, whichever is
/// lower, or a stop when that is zero.
// implements: SRS-013, RCM-011
pub fn at_vtbi_complete(entry: Option<&DrugEntry>, programmed_ml_h: Fixed) -> VtbiComplete {
    let kvo = entry.map_or(BASIC_KVO_ML_H, |e| e.kvo_ml_h);
    let rate = kvo.min(programmed_ml_h);
    // A zero (or, from a fault, negative) rate is a stop, never a motor running backwards.
    if rate <= Fixed::ZERO {
        VtbiComplete::Stop
    } else {
        VtbiComplete::Kvo(rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::{dose_to_rate, rate_to_dose};
    use crate::library::fixtures::{fx, heparin};
    use crate::library::DoseUnit;

    // verifies: SRS-013, SRS-014, RCM-011
    #[test]
    fn kvo_is_the_entry_rate_when_it_is_below_the_programmed_rate() {
        let e = heparin(); // KVO 1.0 mL/h
        let kvo = at_vtbi_complete(Some(&e), fx("25.2"));
        assert_eq!(kvo, VtbiComplete::Kvo(fx("1")));
        assert_eq!(kvo.alarm_priority(), AlarmPriority::Medium);
    }

    // verifies: SRS-013, RCM-011
    #[test]
    fn kvo_is_never_faster_than_the_programmed_rate() {
        let e = heparin();
        assert_eq!(
            at_vtbi_complete(Some(&e), fx("0.5")),
            VtbiComplete::Kvo(fx("0.5"))
        );
        assert_eq!(
            at_vtbi_complete(Some(&e), fx("1")),
            VtbiComplete::Kvo(fx("1"))
        );
        // a basic infusion: 1.0 mL/h, or the programmed rate if lower
        assert_eq!(at_vtbi_complete(None, fx("60")), VtbiComplete::Kvo(fx("1")));
        assert_eq!(
            at_vtbi_complete(None, fx("0.5")),
            VtbiComplete::Kvo(fx("0.5"))
        );
    }

    // verifies: SRS-013, SRS-014, RCM-011
    #[test]
    fn kvo_zero_stops_the_pump_with_a_high_priority_alarm() {
        let norepinephrine = DrugEntry {
            kvo_ml_h: Fixed::ZERO,
            ..heparin()
        };
        let stop = at_vtbi_complete(Some(&norepinephrine), fx("30"));
        assert_eq!(stop, VtbiComplete::Stop);
        assert_eq!(stop.alarm_priority(), AlarmPriority::High);
        // a rate that is zero by a fault is a stop too
        assert_eq!(
            at_vtbi_complete(Some(&heparin()), Fixed::ZERO),
            VtbiComplete::Stop
        );
    }

    // verifies: SRS-013, RCM-011
    #[test]
    fn dose_at_kvo_is_never_above_the_programmed_dose() {
        // Neonatal dopamine 40,000 mcg in 50 mL (800 mcg/mL) with the default KVO of
        // 1.0 mL/h left in the entry: at 0.5 kg, 1.0 mL/h would be 26.7 mcg/kg/min, above
        // the hard maximum of 20. The KVO rate follows the programmed rate down instead.
        let dopamine = DrugEntry {
            unit: DoseUnit::McgPerKgPerMin,
            conc_amount: fx("40000"),
            conc_volume_ml: fx("50"),
            hard_min: fx("1"),
            soft_min: fx("2"),
            soft_max: fx("15"),
            hard_max: fx("20"),
            kvo_ml_h: fx("1"),
            ..heparin()
        };
        let conc = dopamine.concentration().expect("concentration");
        for weight in ["0.4", "0.5", "1.2", "3", "10"] {
            for dose in ["1", "2", "5", "10", "15", "20"] {
                let (w, d) = (fx(weight), fx(dose));
                let Ok(rate) = dose_to_rate(dopamine.unit, d, conc, w) else {
                    continue; // below 0.1 mL/h: not programmable
                };
                let VtbiComplete::Kvo(kvo) = at_vtbi_complete(Some(&dopamine), rate) else {
                    panic!("KVO expected for {dose} mcg/kg/min at {weight} kg");
                };
                assert!(kvo <= rate, "{dose} at {weight} kg");
                let programmed = rate_to_dose(dopamine.unit, rate, conc, w).expect("dose");
                let at_kvo = rate_to_dose(dopamine.unit, kvo, conc, w).expect("dose");
                assert!(at_kvo <= programmed, "{dose} at {weight} kg");
            }
        }
    }
}
