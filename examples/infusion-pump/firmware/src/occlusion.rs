// implements: SWI-011
//! The occlusion detector: watches the downstream pressure for an occlusion (`SRS-011`).
//!
//! The pressure sensor is sampled every 10 ms. The detector keeps a 1 s moving average
//! (100 samples) and one averaged value per second for the last 10 s. It raises the
//! alarm when the average stays above the threshold for 2 s (200 samples), or when the
//! average is above 200 mmHg and has risen by more than 150 mmHg within 10 s. A sample
//! outside the calibrated range is a technical fault, not a pressure. The state is
//! latched until the programming engine restarts the infusion ([`Detector::reset`]).

/// Samples in the moving average (1 s).
const WINDOW: usize = 100;
/// Consecutive samples above the threshold that raise the alarm (2 s).
const HOLD_SAMPLES: u32 = 200;
/// Per-second averages kept: the current one and the ten before it.
const HISTORY: usize = 11;
/// The rise criterion applies above this average (200 mmHg).
pub const RISE_FLOOR_PA: i32 = 26_700;
/// A rise of more than this within 10 s raises the alarm (150 mmHg).
pub const RISE_PA: i32 = 20_000;
/// The calibrated range of the sensor.
pub const SENSOR_RANGE_PA: core::ops::RangeInclusive<i32> = -10_000..=150_000;

/// The selectable alarm threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    /// 300 mmHg (40 kPa).
    Low,
    /// 500 mmHg (67 kPa), the default.
    Medium,
    /// 800 mmHg (107 kPa).
    High,
}

impl Threshold {
    /// The threshold in Pa.
    pub fn pa(self) -> i32 {
        match self {
            Threshold::Low => 40_000,
            Threshold::Medium => 67_000,
            Threshold::High => 107_000,
        }
    }
}

/// What the detector reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OcclState {
    /// No occlusion.
    None,
    /// Occlusion downstream: stop the motor, high-priority alarm.
    Alarm,
    /// The sensor gave a value outside its calibrated range: technical alarm.
    Fault,
}

/// The detector's state.
#[derive(Clone, Debug)]
pub struct Detector {
    threshold_pa: i32,
    ring: [i32; WINDOW],
    next: usize,
    filled: usize,
    sum: i64,
    above: u32,
    tick: usize,
    history: [i32; HISTORY],
    seconds: usize,
    state: OcclState,
}

impl Detector {
    /// A detector with the given threshold and no samples.
    pub fn new(threshold: Threshold) -> Detector {
        Detector {
            threshold_pa: threshold.pa(),
            ring: [0; WINDOW],
            next: 0,
            filled: 0,
            sum: 0,
            above: 0,
            tick: 0,
            history: [0; HISTORY],
            seconds: 0,
            state: OcclState::None,
        }
    }

    /// Feeds one calibrated pressure sample (taken 10 ms after the previous one).
    // implements: SRS-011, RCM-004
    pub fn update(&mut self, pressure_pa: i32) -> OcclState {
        if self.state != OcclState::None {
            return self.state;
        }
        if !SENSOR_RANGE_PA.contains(&pressure_pa) {
            self.state = OcclState::Fault;
            return self.state;
        }
        if self.filled == WINDOW {
            self.sum -= i64::from(self.ring[self.next]);
        } else {
            self.filled += 1;
        }
        self.ring[self.next] = pressure_pa;
        self.sum += i64::from(pressure_pa);
        self.next = (self.next + 1) % WINDOW;
        let average = (self.sum / self.filled as i64) as i32;

        self.above = if average > self.threshold_pa {
            self.above + 1
        } else {
            0
        };
        if self.above >= HOLD_SAMPLES {
            self.state = OcclState::Alarm;
        }
        self.tick += 1;
        if self.tick == WINDOW {
            self.tick = 0;
            self.history.copy_within(1.., 0);
            self.history[HISTORY - 1] = average;
            self.seconds = (self.seconds + 1).min(HISTORY);
            let earlier = &self.history[HISTORY - self.seconds..HISTORY - 1];
            let lowest = earlier.iter().copied().min().unwrap_or(average);
            if average > RISE_FLOOR_PA && average - lowest > RISE_PA {
                self.state = OcclState::Alarm;
            }
        }
        self.state
    }

    /// The current state.
    pub fn state(&self) -> OcclState {
        self.state
    }

    /// Clears the latched state and the samples, for the restart after an occlusion.
    pub fn reset(&mut self, threshold: Threshold) {
        *self = Detector::new(threshold);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mmhg(p: i32) -> i32 {
        p * 133_322 / 1_000
    }

    /// Feeds samples; returns the index of the sample that raised the alarm, if any.
    fn feed(d: &mut Detector, samples: impl IntoIterator<Item = i32>) -> Option<usize> {
        samples
            .into_iter()
            .position(|p| d.update(p) == OcclState::Alarm)
    }

    /// A steady level for `s` seconds.
    fn steady(pa: i32, s: usize) -> impl Iterator<Item = i32> {
        core::iter::repeat_n(pa, s * 100)
    }

    // verifies: SRS-011, RCM-004
    #[test]
    fn step_above_each_threshold_alarms_after_two_seconds() {
        for t in [Threshold::Low, Threshold::Medium, Threshold::High] {
            let mut d = Detector::new(t);
            let (base, step) = (t.pa() - mmhg(100), t.pa() + mmhg(10));
            assert_eq!(feed(&mut d, steady(base, 12)), None);
            // the sample at which the 1 s average of the step first exceeds the threshold
            let k = (1..=100)
                .find(|&k| {
                    (i64::from(base) * (100 - k) + i64::from(step) * k) / 100 > i64::from(t.pa())
                })
                .expect("the average crosses");
            let crossing = k as usize - 1;
            let alarm = feed(&mut d, steady(step, 5)).expect("alarm");
            // the 200th sample above the threshold: 1.99 s after the crossing sample
            assert_eq!(alarm - crossing, 199, "{t:?}");
        }
    }

    // verifies: SRS-011
    #[test]
    fn step_below_the_threshold_does_not_alarm() {
        for t in [Threshold::Low, Threshold::Medium, Threshold::High] {
            let mut d = Detector::new(t);
            let (base, step) = (t.pa() - mmhg(100), t.pa() - mmhg(10));
            assert_eq!(
                feed(&mut d, steady(base, 12).chain(steady(step, 60))),
                None,
                "{t:?}"
            );
            assert_eq!(d.state(), OcclState::None);
        }
    }

    // verifies: SRS-011, RCM-004
    #[test]
    fn slow_ramp_at_one_ml_per_hour_alarms_at_the_low_threshold() {
        // 15 Pa (0.11 mmHg) per second, as at 1 mL/h with the standard set
        let mut d = Detector::new(Threshold::Low);
        let ramp = (0..50 * 60 * 100).map(|k| k * 15 / 100);
        let alarm = feed(&mut d, ramp).expect("alarm within 50 min");
        let seconds = alarm / 100;
        // 40 kPa is reached after 2,667 s; the average lags 0.5 s, the alarm 2 s more
        assert!((2_667..2_672).contains(&seconds), "alarm after {seconds} s");
        assert!(seconds < 45 * 60);
    }

    // verifies: SRS-011, RCM-004
    #[test]
    fn rise_of_160_mmhg_within_ten_seconds_alarms() {
        let mut d = Detector::new(Threshold::Medium);
        let (from, to) = (mmhg(250), mmhg(410));
        let ramp = (0..800).map(move |k| from + (to - from) * k / 800);
        assert_eq!(feed(&mut d, steady(from, 12)), None);
        assert!(feed(&mut d, ramp.chain(steady(to, 5))).is_some());
    }

    // verifies: SRS-011
    #[test]
    fn rise_of_140_mmhg_within_ten_seconds_does_not_alarm() {
        let mut d = Detector::new(Threshold::Medium);
        let (from, to) = (mmhg(250), mmhg(390));
        let ramp = (0..800).map(move |k| from + (to - from) * k / 800);
        assert_eq!(
            feed(&mut d, steady(from, 12).chain(ramp).chain(steady(to, 20))),
            None
        );
    }

    // verifies: SRS-011
    #[test]
    fn short_spike_does_not_alarm() {
        let mut d = Detector::new(Threshold::High);
        let spike = core::iter::repeat_n(mmhg(1_100), 5); // 50 ms, inside the sensor range
        assert_eq!(
            feed(
                &mut d,
                steady(mmhg(250), 5)
                    .chain(spike)
                    .chain(steady(mmhg(250), 15))
            ),
            None
        );
    }

    // verifies: SRS-011
    #[test]
    fn sensor_out_of_range_is_a_fault_latched_until_reset() {
        let mut d = Detector::new(Threshold::High);
        assert_eq!(feed(&mut d, steady(mmhg(250), 2)), None);
        assert_eq!(d.update(mmhg(2_000)), OcclState::Fault);
        // a fault, never a pressure alarm
        assert!(steady(mmhg(900), 5).all(|p| d.update(p) == OcclState::Fault));
        d.reset(Threshold::High);
        assert_eq!(d.state(), OcclState::None);
        assert_eq!(
            Detector::new(Threshold::Low).update(-10_001),
            OcclState::Fault
        );
    }

    // verifies: SRS-011
    #[test]
    fn alarm_stays_latched_until_reset() {
        let mut d = Detector::new(Threshold::Low);
        assert!(feed(&mut d, steady(mmhg(400), 4)).is_some());
        assert!(steady(0, 5).all(|p| d.update(p) == OcclState::Alarm));
        d.reset(Threshold::Low);
        assert_eq!(feed(&mut d, steady(0, 5)), None);
    }
}
