// implements: SWI-014
//! The clock cross-check of the independent rate monitor (`SRS-029`), compiled for the
//! safety processor.
//!
//! The application processor's supervisor sends a heartbeat every 50 ms, timed by its own
//! clock, with a sequence number. The safety processor times the heartbeats with its own
//! clock. For each heartbeat it takes the offset between the time it measured since the
//! first heartbeat and the time the sequence number says (its number × 50 ms); a
//! heartbeat can come late, through scheduling or the SPI transfer, but not early, so
//! the smallest offset of each window of 200 sequence numbers (10 s) is the offset of the
//! clocks, free of that jitter. With both clocks right it stays put; a clock that runs
//! fast or slow on either processor (a failed crystal replaced by the internal RC
//! oscillator, a wrong PLL setting) moves it by its deviation: 1 % is 100 ms per window.
//! A move of more than 1 % from one window to the next is a strike, and two strikes in a
//! row are a fault: the monitor opens the motor-power relay and sounds the buzzer.
//!
//! The motor's step timer runs on the application processor's clock, so a deviation of
//! that clock is a deviation of the delivered rate; the delivered-volume check of
//! `SRS-022` sees only deviations above 10 %, this check sees 1 %. Lost frames do not
//! disturb it, because it counts sequence numbers, not frames; a missing heartbeat is
//! the business of the heartbeat timeout (200 ms).

/// The heartbeat period of the supervisor (µs).
pub const HEARTBEAT_US: i64 = 50_000;
/// Heartbeats in a window (10 s).
pub const WINDOW_BEATS: u64 = 200;
/// The largest deviation between two windows that is not a strike (ppm, 1 %).
pub const TOLERANCE_PPM: i64 = 10_000;
/// Windows in a row outside the tolerance that make a fault.
pub const STRIKES: u8 = 2;
/// A gap in the sequence numbers larger than this (1 s of heartbeats) is a restart of
/// the application processor, not lost frames: the check starts again from it.
const MAX_GAP: u32 = 20;

/// The verdict of the cross-check, latched at the first fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockVerdict {
    /// No fault so far.
    Ok,
    /// The clocks disagree: open the relay and sound the buzzer.
    Fault {
        /// The deviation of the last window, in ppm: negative when the heartbeats came
        /// too fast (the application processor's clock is fast, or the safety
        /// processor's slow).
        deviation_ppm: i64,
    },
}

/// The state of the cross-check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockCheck {
    /// The last sequence number and the arrival time (µs) of the first heartbeat.
    last_seq: u32,
    first_us: u64,
    /// Sequence numbers since the first heartbeat; `None` before it.
    beats: Option<u64>,
    /// The smallest offset (µs) of the current window and of the one before it.
    current: i64,
    previous: Option<i64>,
    strikes: u8,
    verdict: ClockVerdict,
}

impl Default for ClockCheck {
    fn default() -> ClockCheck {
        ClockCheck::new()
    }
}

impl ClockCheck {
    /// No heartbeat seen yet.
    pub fn new() -> ClockCheck {
        ClockCheck {
            last_seq: 0,
            first_us: 0,
            beats: None,
            current: 0,
            previous: None,
            strikes: 0,
            verdict: ClockVerdict::Ok,
        }
    }

    fn restart(&mut self, seq: u32, now_us: u64) {
        *self = ClockCheck {
            last_seq: seq,
            first_us: now_us,
            beats: Some(0),
            ..ClockCheck::new()
        };
    }

    /// A heartbeat with sequence number `seq` arrived at `now_us` on the safety
    /// processor's clock (a valid frame: its CRC was checked before).
    // implements: SRS-029, RCM-013
    pub fn heartbeat(&mut self, seq: u32, now_us: u64) -> ClockVerdict {
        if self.verdict != ClockVerdict::Ok {
            return self.verdict;
        }
        let Some(beats) = self.beats else {
            self.restart(seq, now_us);
            return self.verdict;
        };
        let gap = seq.wrapping_sub(self.last_seq);
        if gap == 0 {
            return self.verdict; // the same frame again
        }
        if gap > MAX_GAP || now_us < self.first_us {
            // The sequence jumped or went back: the application processor restarted,
            // and the heartbeat timeout has acted on it. Start again from here.
            self.restart(seq, now_us);
            return self.verdict;
        }
        let beats = beats + u64::from(gap);
        self.beats = Some(beats);
        self.last_seq = seq;
        // Both terms stay far inside i64 for any uptime a pump reaches (292,000 years).
        let offset = (now_us - self.first_us) as i64 - beats as i64 * HEARTBEAT_US;
        let closes_window = beats / WINDOW_BEATS != (beats - u64::from(gap)) / WINDOW_BEATS;
        if !closes_window {
            self.current = self.current.min(offset);
            return self.verdict;
        }
        let window = self.current;
        if let Some(previous) = self.previous {
            let window_us = WINDOW_BEATS as i64 * HEARTBEAT_US;
            let deviation_ppm = (window - previous) * 1_000_000 / window_us;
            if deviation_ppm.abs() > TOLERANCE_PPM {
                self.strikes += 1;
                if self.strikes >= STRIKES {
                    self.verdict = ClockVerdict::Fault { deviation_ppm };
                }
            } else {
                self.strikes = 0;
            }
        }
        self.previous = Some(window);
        self.current = offset;
        self.verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEAT: u64 = HEARTBEAT_US as u64;

    /// Feeds `n` heartbeats from sequence number `seq` whose period on the safety
    /// processor's clock is `period_ns`, each late by up to `jitter_us`; returns the
    /// verdict after each.
    fn feed(
        check: &mut ClockCheck,
        seq: u32,
        n: u32,
        period_ns: u64,
        jitter_us: u64,
    ) -> Vec<ClockVerdict> {
        let mut noise: u64 = 0x2545_F491;
        (0..n)
            .map(|k| {
                noise = noise
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let late = (noise >> 33) % (jitter_us + 1);
                let t = u64::from(k) * period_ns / 1_000 + late;
                check.heartbeat(seq.wrapping_add(k), t)
            })
            .collect()
    }

    fn first_fault(verdicts: &[ClockVerdict]) -> Option<(usize, i64)> {
        verdicts.iter().enumerate().find_map(|(i, v)| match v {
            ClockVerdict::Fault { deviation_ppm } => Some((i, *deviation_ppm)),
            ClockVerdict::Ok => None,
        })
    }

    // verifies: SRS-029, RCM-013
    #[test]
    fn matching_clocks_with_jitter_never_fault() {
        // ten minutes of heartbeats, each up to 5 ms late
        let mut check = ClockCheck::new();
        assert_eq!(
            first_fault(&feed(&mut check, 7, 12_000, 50_000_000, 5_000)),
            None
        );
        // the crystal tolerances of both processors, 100 ppm apart
        let mut check = ClockCheck::new();
        assert_eq!(
            first_fault(&feed(&mut check, 0, 12_000, 50_005_000, 0)),
            None
        );
    }

    // verifies: SRS-029, RCM-013
    #[test]
    fn application_clock_three_percent_fast_faults_after_three_windows() {
        // On the internal RC oscillator, 3 % fast: heartbeats every 48.54 ms.
        let mut check = ClockCheck::new();
        let verdicts = feed(&mut check, 0, 1_000, 50_000_000 * 100 / 103, 1_000);
        let (at, ppm) = first_fault(&verdicts).expect("a fault");
        // the first window is the reference; the second and the third are the strikes
        assert_eq!(at, 3 * WINDOW_BEATS as usize, "fault after 30 s");
        assert!((-29_300..=-28_900).contains(&ppm), "{ppm} ppm");
        // latched
        assert!(verdicts[at..].iter().all(|v| *v == verdicts[at]));
        assert_eq!(check.heartbeat(2_000, 0), verdicts[at]);
    }

    // verifies: SRS-029, RCM-013
    #[test]
    fn deviations_above_one_percent_fault_and_below_do_not() {
        for (period_ns, faults) in [
            (50_750_000, true),  // 1.5 % slow
            (49_400_000, true),  // 1.2 % fast
            (50_400_000, false), // 0.8 % slow
            (49_600_000, false), // 0.8 % fast
        ] {
            let mut check = ClockCheck::new();
            let fault = first_fault(&feed(&mut check, 100, 1_000, period_ns, 2_000));
            assert_eq!(fault.is_some(), faults, "{period_ns} ns: {fault:?}");
        }
    }

    // verifies: SRS-029
    #[test]
    fn late_heartbeats_are_not_a_fault() {
        let mut check = ClockCheck::new();
        for seq in 0..=2_000u32 {
            // 150 ms late (3 % of a window) at a window boundary and in the middle of one
            let late = if seq == 400 || seq == 1_111 {
                150_000
            } else {
                0
            };
            let t = u64::from(seq) * BEAT + late;
            assert_eq!(check.heartbeat(seq, t), ClockVerdict::Ok, "{seq}");
        }
    }

    // verifies: SRS-029
    #[test]
    fn lost_frames_and_a_restarted_sequence_do_not_disturb_the_check() {
        let mut check = ClockCheck::new();
        // every third frame lost: the sequence numbers still say how much time passed
        for seq in (0..3_000u32).filter(|s| s % 3 != 2) {
            let t = u64::from(seq) * BEAT;
            assert_eq!(check.heartbeat(seq, t), ClockVerdict::Ok, "{seq}");
        }
        // the application processor restarts: the sequence starts again from 0
        let t0 = 3_000 * BEAT + 4_000_000;
        for seq in 0..1_000u32 {
            let t = t0 + u64::from(seq) * BEAT;
            assert_eq!(check.heartbeat(seq, t), ClockVerdict::Ok, "{seq}");
        }
        // the sequence number wraps around
        let mut check = ClockCheck::new();
        let verdicts = feed(&mut check, u32::MAX - 300, 1_000, 50_000_000, 500);
        assert_eq!(first_fault(&verdicts), None);
        // and a fast clock across the wrap is still found
        let mut check = ClockCheck::new();
        let verdicts = feed(&mut check, u32::MAX - 300, 1_000, 48_000_000, 0);
        assert!(first_fault(&verdicts).is_some());
    }
}
