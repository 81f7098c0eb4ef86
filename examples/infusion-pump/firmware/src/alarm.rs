// implements: SWI-014
//! The audible alarm signal as the safety processor sounds it (`SRS-030`), compiled for
//! the safety processor.
//!
//! The application processor reports its alarm conditions, the volume setting and the
//! clinician's Alarm silence key presses in the heartbeat; the safety processor decides
//! what the buzzer sounds. So the rules that keep an alarm audible hold whatever the
//! user interface or the application processor do:
//!
//! - a silence lasts at most 2 min and is not extended by pressing the key again;
//! - a new alarm condition ends a silence at once;
//! - after a silence has run out the signal sounds for at least 10 s before the next
//!   silence is honoured, so that a stuck key or a faulty user interface sending silence
//!   requests cannot keep the pump quiet;
//! - a high-priority signal never sounds below volume level 5 of 10, and sounds at level
//!   10 when it has gone on for 60 s without a silence.

/// How long a silence lasts (ms).
pub const SILENCE_MS: u64 = 120_000;
/// How long the signal sounds after a silence before the next one is honoured (ms).
pub const MIN_SOUND_MS: u64 = 10_000;
/// After this long unsilenced, a high-priority signal sounds at the highest volume (ms).
pub const ESCALATE_MS: u64 = 60_000;
/// The volume levels, 1 to 10.
pub const MAX_VOLUME: u8 = 10;
/// The lowest volume level of a high-priority signal.
pub const HIGH_PRIORITY_MIN_VOLUME: u8 = 5;

/// The priority of an alarm condition (IEC 60601-1-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Low priority: an alert such as "Infusion near end".
    Low,
    /// Medium priority, such as "VTBI complete - KVO".
    Medium,
    /// High priority: occlusion, technical alarm, VTBI complete with the pump stopped.
    High,
}

/// What the buzzer sounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sound {
    /// The pattern: that of the highest priority among the active conditions.
    pub priority: Priority,
    /// The volume level, 1 to 10.
    pub volume: u8,
}

/// The alarm signal generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sounder {
    setting: u8,
    highest: Option<Priority>,
    /// When the signal started to sound (for the escalation).
    since_ms: u64,
    /// The end of the last silence honoured.
    silenced_until: Option<u64>,
}

impl Sounder {
    /// No alarm condition, at the volume `setting` (clamped to 1 to 10).
    pub fn new(setting: u8) -> Sounder {
        Sounder {
            setting: setting.clamp(1, MAX_VOLUME),
            highest: None,
            since_ms: 0,
            silenced_until: None,
        }
    }

    /// The clinician's volume setting, clamped to 1 to 10.
    pub fn set_volume(&mut self, level: u8) {
        self.setting = level.clamp(1, MAX_VOLUME);
    }

    fn silenced(&self, now_ms: u64) -> bool {
        self.silenced_until.is_some_and(|until| now_ms < until)
    }

    /// A new alarm condition of priority `p` at `now_ms`: it ends a silence, and the
    /// signal sounds in the pattern of the highest active priority.
    // implements: SRS-030, RCM-014
    pub fn raise(&mut self, p: Priority, now_ms: u64) {
        if self.highest.is_none() || self.silenced(now_ms) {
            self.since_ms = now_ms;
        }
        self.silenced_until = None;
        self.highest = Some(self.highest.map_or(p, |h| h.max(p)));
    }

    /// Every alarm condition has been resolved: the signal stops.
    pub fn clear(&mut self) {
        self.highest = None;
        self.silenced_until = None;
    }

    /// The Alarm silence key at `now_ms`. Returns whether the signal was silenced: not
    /// when there is nothing to silence, when a silence is running (it is not extended),
    /// or within 10 s after a silence ran out.
    // implements: SRS-030, RCM-014
    pub fn silence(&mut self, now_ms: u64) -> bool {
        // During a silence, and for 10 s after it: not honoured.
        let too_soon = self
            .silenced_until
            .is_some_and(|until| now_ms < until + MIN_SOUND_MS);
        if self.highest.is_none() || too_soon {
            return false;
        }
        self.silenced_until = Some(now_ms + SILENCE_MS);
        true
    }

    /// What the buzzer sounds at `now_ms`; `None` for nothing.
    // implements: SRS-030, RCM-014
    pub fn output(&self, now_ms: u64) -> Option<Sound> {
        let priority = self.highest?;
        if self.silenced(now_ms) {
            return None;
        }
        let since = self
            .silenced_until
            .map_or(self.since_ms, |u| u.max(self.since_ms));
        let volume = match priority {
            Priority::High if now_ms.saturating_sub(since) >= ESCALATE_MS => MAX_VOLUME,
            Priority::High => self.setting.max(HIGH_PRIORITY_MIN_VOLUME),
            Priority::Medium | Priority::Low => self.setting,
        };
        Some(Sound { priority, volume })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000;

    fn high(volume: u8) -> Option<Sound> {
        Some(Sound {
            priority: Priority::High,
            volume,
        })
    }

    // verifies: SRS-030, RCM-014
    #[test]
    fn a_silence_lasts_two_minutes_and_is_not_extended() {
        let mut s = Sounder::new(7);
        s.raise(Priority::High, 0);
        assert_eq!(s.output(0), high(7));
        assert!(s.silence(5 * S));
        assert_eq!(s.output(5 * S), None);
        // pressing again during the silence does not extend it
        assert!(!s.silence(100 * S));
        assert_eq!(s.output(125 * S - 1), None);
        assert_eq!(s.output(125 * S), high(7));
    }

    // verifies: SRS-030, RCM-014
    #[test]
    fn a_new_alarm_condition_ends_a_silence_at_once() {
        let mut s = Sounder::new(3);
        s.raise(Priority::Medium, 0);
        assert!(s.silence(S));
        s.raise(Priority::High, 30 * S);
        assert_eq!(s.output(30 * S), high(5));
        // a lower priority condition ends the silence too, in the pattern of the highest
        let mut s = Sounder::new(3);
        s.raise(Priority::High, 0);
        assert!(s.silence(S));
        s.raise(Priority::Low, 20 * S);
        assert_eq!(s.output(20 * S), high(5));
        // and the new silence is honoured at once
        assert!(s.silence(21 * S));
    }

    // verifies: SRS-030, RCM-014
    #[test]
    fn high_priority_never_sounds_below_level_five_and_escalates_after_a_minute() {
        let mut s = Sounder::new(1);
        s.raise(Priority::Medium, 0);
        assert_eq!(
            s.output(0),
            Some(Sound {
                priority: Priority::Medium,
                volume: 1
            })
        );
        s.clear();
        assert_eq!(s.output(S), None);
        s.raise(Priority::High, 10 * S);
        assert_eq!(s.output(10 * S), high(5));
        assert_eq!(s.output(70 * S - 1), high(5));
        assert_eq!(s.output(70 * S), high(10));
        // a silence restarts the minute
        assert!(s.silence(80 * S));
        assert_eq!(s.output(200 * S), high(5));
        assert_eq!(s.output(260 * S), high(10));
        // the setting counts when it is higher
        s.set_volume(8);
        assert_eq!(s.output(205 * S), high(8));
        s.set_volume(0);
        assert_eq!(s.output(205 * S), high(5));
    }

    // verifies: SRS-030, RCM-014
    #[test]
    fn a_stuck_silence_key_cannot_keep_the_pump_quiet() {
        let mut s = Sounder::new(5);
        s.raise(Priority::High, 0);
        let (mut quiet, mut longest_quiet, mut sounding) = (0u64, 0u64, 0u64);
        // a silence request every 100 ms for an hour
        for t in (0..3_600 * S).step_by(100) {
            s.silence(t);
            if s.output(t).is_some() {
                sounding += 100;
                quiet = 0;
            } else {
                quiet += 100;
                longest_quiet = longest_quiet.max(quiet);
            }
        }
        assert_eq!(longest_quiet, SILENCE_MS);
        // 10 s of sound in every 130 s
        let cycles = 3_600 * S / (SILENCE_MS + MIN_SOUND_MS);
        assert!(
            sounding >= cycles * MIN_SOUND_MS,
            "{sounding} ms of sound in an hour"
        );
    }

    // verifies: SRS-030
    #[test]
    fn nothing_to_silence_without_an_alarm_condition() {
        let mut s = Sounder::new(5);
        assert!(!s.silence(0));
        assert_eq!(s.output(0), None);
        s.raise(Priority::Low, S);
        assert!(s.silence(2 * S));
        s.clear();
        // a silence does not carry over to the next alarm
        s.raise(Priority::High, 3 * S);
        assert_eq!(s.output(3 * S), high(5));
    }
}
