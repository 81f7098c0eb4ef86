// implements: SWI-010
//! The bolus lockout clock (`SRS-027`): the time since the end of the last bolus of a
//! drug, which [`crate::limits::lim_check_bolus`] compares with the entry's lockout
//! interval (`SRS-009`).
//!
//! It is timed on the pump's monotonic millisecond counter, which counts from power-on
//! and which no setting of the date and time changes, so that a clock set back (by
//! service staff, a change of summer time, a real-time clock that lost its backup
//! supply) cannot shorten a lockout. It is kept per drug, by name and whatever the entry,
//! for as long as the pump is on, so that stopping an infusion and programming the same
//! drug again, or the same drug in another concentration, does not end the lockout.

/// The end of the last bolus of each drug since power-on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BolusClock {
    /// (drug name in lower case, monotonic ms at the end of its last bolus).
    ends: Vec<(String, u64)>,
}

fn key(drug: &str) -> String {
    drug.trim().to_lowercase()
}

impl BolusClock {
    /// No bolus since power-on.
    pub fn new() -> BolusClock {
        BolusClock::default()
    }

    /// A bolus of `drug` ended at `now_ms` on the monotonic counter: delivered in full or
    /// stopped early, the lockout starts at the last step commanded.
    // implements: SRS-027, RCM-010
    pub fn bolus_ended(&mut self, drug: &str, now_ms: u64) {
        let k = key(drug);
        match self.ends.iter_mut().find(|(d, _)| *d == k) {
            Some((_, end)) => *end = now_ms,
            None => self.ends.push((k, now_ms)),
        }
    }

    /// Whole seconds since the end of the last bolus of `drug`, or `None` if it had none
    /// since power-on. A time before that end, which the monotonic counter cannot give but
    /// a fault could, counts as no time elapsed: the lockout then runs in full.
    // implements: SRS-027, RCM-010
    pub fn since_last_s(&self, drug: &str, now_ms: u64) -> Option<u32> {
        let k = key(drug);
        let (_, end) = self.ends.iter().find(|(d, _)| *d == k)?;
        let seconds = now_ms.saturating_sub(*end) / 1_000;
        Some(u32::try_from(seconds).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::fixtures::{fx, heparin};
    use crate::limits::{lim_check_bolus, BolusResult};

    const MIN: u64 = 60_000;

    fn bolus(clock: &BolusClock, now_ms: u64) -> BolusResult {
        let e = heparin(); // lockout 10 min
        lim_check_bolus(&e, fx("2500"), clock.since_last_s(&e.name, now_ms))
    }

    // verifies: SRS-027, SRS-009, RCM-010
    #[test]
    fn lockout_runs_from_the_end_of_the_bolus() {
        let mut clock = BolusClock::new();
        assert_eq!(bolus(&clock, 0), BolusResult::Ok);
        // a 2,500 unit bolus of heparin 50 units/mL at 300 mL/h takes 10 min
        let start = 5 * MIN;
        let end = start + 10 * MIN;
        clock.bolus_ended("Heparin", end);
        // 10 min after the start is the end: the full lockout is still to run
        assert_eq!(
            bolus(&clock, start + 10 * MIN),
            BolusResult::Lockout { remaining_s: 600 }
        );
        assert_eq!(
            bolus(&clock, end + 9 * MIN + 50_000),
            BolusResult::Lockout { remaining_s: 10 }
        );
        // 999 ms short of the interval is still a second short
        assert_eq!(
            bolus(&clock, end + 10 * MIN - 999),
            BolusResult::Lockout { remaining_s: 1 }
        );
        assert_eq!(bolus(&clock, end + 10 * MIN), BolusResult::Ok);
    }

    // verifies: SRS-027, RCM-010
    #[test]
    fn lockout_is_kept_for_the_drug_across_new_infusions_and_entries() {
        let mut clock = BolusClock::new();
        clock.bolus_ended("Heparin", 20 * MIN);
        // stopped and programmed again, or the other heparin concentration: the same drug
        for name in ["Heparin", "heparin", " HEPARIN "] {
            assert_eq!(clock.since_last_s(name, 25 * MIN), Some(300), "{name:?}");
        }
        // another drug has its own lockout
        assert_eq!(clock.since_last_s("Morphine", 25 * MIN), None);
        clock.bolus_ended("Morphine", 24 * MIN);
        assert_eq!(clock.since_last_s("Morphine", 25 * MIN), Some(60));
        assert_eq!(clock.since_last_s("Heparin", 25 * MIN), Some(300));
        // a later bolus of the same drug restarts its lockout
        clock.bolus_ended("heparin", 40 * MIN);
        assert_eq!(clock.since_last_s("Heparin", 41 * MIN), Some(60));
    }

    // verifies: SRS-027, RCM-010
    #[test]
    fn a_time_before_the_end_of_the_bolus_keeps_the_full_lockout() {
        let mut clock = BolusClock::new();
        clock.bolus_ended("Heparin", 30 * MIN);
        assert_eq!(clock.since_last_s("Heparin", 29 * MIN), Some(0));
        assert_eq!(
            bolus(&clock, 10 * MIN),
            BolusResult::Lockout { remaining_s: 600 }
        );
        // more seconds than a u32 holds (136 years) saturate instead of wrapping
        assert_eq!(clock.since_last_s("Heparin", u64::MAX), Some(u32::MAX));
    }
}
