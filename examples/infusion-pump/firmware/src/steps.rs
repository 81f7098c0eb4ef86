// implements: SWI-004
//! The step budget of the delivery controller (`SRS-028`): how many motor steps to
//! command in each 20 ms control period for the approved rate.
//!
//! A rate in mL/h held as a [`Fixed`] is a whole number of nL/h (10⁻⁶ mL/h). One step
//! moves 500 nL with the standard administration set, and a control period is 20 ms, so
//! the steps owed after a period are `rate_nl_h × 20 / (3,600,000 × 500)`. The budget
//! adds the numerator up period after period, commands the whole steps it holds and
//! carries the remainder, exactly, to the next period; it only adds, multiplies and
//! subtracts. After any number of periods at a
//! constant rate the steps commanded are therefore `floor(rate × time / step)`: the
//! volume commanded trails the programmed volume by less than one step and never drifts,
//! at 0.1 mL/h (a step every 18 s) as at 999.9 mL/h (11 or 12 steps a period). Rounding
//! the steps of each period on its own would lose the fraction every period: at 1 mL/h,
//! 0.011 steps a period, everything.

use crate::fixed::Fixed;
use crate::library::RATE_MAX;

/// The volume one motor step moves with the standard administration set (nL).
pub const STEP_NL: i64 = 500;
/// The control period of the delivery controller (ms).
pub const PERIOD_MS: i64 = 20;
/// nL·ms per step and hour: the divisor that turns `rate_nl_h × PERIOD_MS` into steps.
const STEP_NL_MS_PER_H: i64 = 3_600_000 * STEP_NL;

/// A rate the delivery controller refuses: negative, or above 999.9 mL/h.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadRate;

/// The steps owed at the approved rate, with the fraction of a step carried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepBudget {
    rate_nl_h: i64,
    carry: i64,
}

impl StepBudget {
    /// A stopped budget: rate 0, nothing owed.
    pub fn new() -> StepBudget {
        StepBudget::default()
    }

    /// Sets the approved rate (mL/h) for the following periods. The fraction of a step
    /// already owed is kept, so a change of rate (to a bolus, back from it, to KVO) loses
    /// nothing. A negative rate or one above 999.9 mL/h is refused and the rate kept.
    // implements: SRS-028, RCM-012
    pub fn set_rate(&mut self, rate_ml_h: Fixed) -> Result<(), BadRate> {
        if rate_ml_h < Fixed::ZERO || rate_ml_h > RATE_MAX {
            return Err(BadRate);
        }
        self.rate_nl_h = rate_ml_h.raw();
        Ok(())
    }

    /// Stops delivery: rate 0 and the owed fraction dropped, so that a new infusion starts
    /// from nothing.
    pub fn stop(&mut self) {
        *self = StepBudget::default();
    }

    /// The steps to command in the next control period.
    // implements: SRS-028, RCM-012
    pub fn next_period(&mut self) -> u32 {
        // At most 999.9e6 × 20 + 1.8e9 in the carry: far inside i64.
        self.carry += self.rate_nl_h * PERIOD_MS;
        // At most 12 steps a period (999.9e6 × 20 / 1.8e9 + 1): subtracting them one by
        // one needs no 64-bit division, which the Cortex-M7 leaves to the run-time
        // library (SOUP-006).
        let mut steps = 0;
        while self.carry >= STEP_NL_MS_PER_H {
            self.carry -= STEP_NL_MS_PER_H;
            steps += 1;
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::fixtures::fx;

    /// Control periods in one hour.
    const PERIODS_PER_H: usize = 180_000;

    fn run(budget: &mut StepBudget, periods: usize) -> u64 {
        (0..periods).map(|_| u64::from(budget.next_period())).sum()
    }

    // verifies: SRS-028, RCM-012
    #[test]
    fn one_hour_at_each_rate_commands_exactly_the_programmed_volume() {
        // 2,000 steps per mL
        for (rate, steps) in [
            ("0.1", 200),
            ("1", 2_000),
            ("7.3", 14_600),
            ("25.2", 50_400),
            ("999.9", 1_999_800),
        ] {
            let mut budget = StepBudget::new();
            budget.set_rate(fx(rate)).expect("valid rate");
            assert_eq!(run(&mut budget, PERIODS_PER_H), steps, "{rate} mL/h");
        }
    }

    // verifies: SRS-028, RCM-012
    #[test]
    fn commanded_volume_trails_the_programmed_volume_by_less_than_one_step() {
        for rate in ["0.1", "1", "2.7", "33.3", "999.9"] {
            let mut budget = StepBudget::new();
            budget.set_rate(fx(rate)).expect("valid rate");
            let nl_per_period = i128::from(fx(rate).raw()) * i128::from(PERIOD_MS);
            let mut total: i128 = 0;
            for n in 1..=20_000i128 {
                total += i128::from(budget.next_period());
                // exact: floor(rate × time / step)
                let owed = n * nl_per_period / i128::from(STEP_NL_MS_PER_H);
                assert_eq!(total, owed, "{rate} mL/h after {n} periods");
            }
        }
    }

    // verifies: SRS-028
    #[test]
    fn steps_are_spread_evenly_over_the_periods() {
        let mut budget = StepBudget::new();
        budget.set_rate(fx("999.9")).expect("valid rate");
        let counts: Vec<u32> = (0..1_000).map(|_| budget.next_period()).collect();
        assert_eq!(counts.iter().min(), Some(&11));
        assert_eq!(counts.iter().max(), Some(&12));
        // 0.1 mL/h: one step every 900 periods (18 s), none in between
        let mut slow = StepBudget::new();
        slow.set_rate(fx("0.1")).expect("valid rate");
        let when: Vec<usize> = (1..=2_700).filter(|_| slow.next_period() == 1).collect();
        assert_eq!(when, vec![900, 1_800, 2_700]);
    }

    // verifies: SRS-028, RCM-012
    #[test]
    fn a_change_of_rate_keeps_the_fraction_already_owed() {
        let mut budget = StepBudget::new();
        budget.set_rate(fx("1")).expect("valid rate");
        let first = run(&mut budget, 45); // 0.5 step owed, none commanded yet
        assert_eq!(first, 0);
        budget.set_rate(fx("3")).expect("valid rate");
        // the half step owed at 1 mL/h is delivered with the first step at 3 mL/h
        let second = run(&mut budget, 15); // 0.5 + 15 × 1/30 = 1 step
        assert_eq!(second, 1);
        // half an hour at each rate: 1,000 + 3,000 steps, nothing lost at the change
        let mut budget = StepBudget::new();
        budget.set_rate(fx("1")).expect("valid rate");
        let a = run(&mut budget, PERIODS_PER_H / 2);
        budget.set_rate(fx("3")).expect("valid rate");
        let b = run(&mut budget, PERIODS_PER_H / 2);
        assert_eq!(a + b, 4_000);
    }

    // verifies: SRS-028
    #[test]
    fn bad_rates_are_refused_and_stop_drops_the_fraction() {
        let mut budget = StepBudget::new();
        budget.set_rate(fx("25")).expect("valid rate");
        assert_eq!(budget.set_rate(fx("1000")), Err(BadRate));
        assert_eq!(
            budget.set_rate(Fixed::ZERO.checked_sub(fx("1")).expect("-1")),
            Err(BadRate)
        );
        // 25 mL/h is kept: 50,000 steps an hour
        assert_eq!(run(&mut budget, PERIODS_PER_H), 50_000);
        budget.set_rate(fx("1")).expect("valid rate");
        run(&mut budget, 45); // half a step owed
        budget.stop();
        assert_eq!(budget, StepBudget::new());
        assert_eq!(run(&mut budget, 1_000), 0);
    }
}
