// implements: SWI-002
//! The gate of the service functions (`SRS-031`): the USB service port and the service
//! commands of the docking station open a session only after a login with the pump's own
//! service credential, only while no infusion is running, paused or in KVO, and close
//! it after 10 min without a frame or when an infusion starts. Three wrong credentials
//! in a row lock the login for 15 min. A frame longer than the largest the protocol has
//! (a 4 KiB library chunk and its header) is refused before anything reads it, and closes
//! the session.
//!
//! The credential itself is checked by the caller against the salted SHA-256 digest
//! stored at commissioning (Mbed TLS, `SOUP-003`); the gate gets the answer.

/// Wrong credentials in a row that lock the login.
pub const MAX_FAILURES: u32 = 3;
/// How long the login stays locked (ms).
pub const LOCKOUT_MS: u64 = 15 * 60_000;
/// A session without a frame for this long is closed (ms).
pub const IDLE_TIMEOUT_MS: u64 = 10 * 60_000;
/// The largest frame of the service protocol: a 4 KiB chunk and a 16-byte header.
pub const MAX_FRAME_BYTES: usize = 4_096 + 16;

/// The answer to a login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Login {
    /// The session is open.
    Open,
    /// Wrong credential.
    Refused,
    /// Too many wrong credentials: no login for the remaining time.
    LockedOut {
        /// Seconds until a login is possible again (rounded up).
        remaining_s: u32,
    },
    /// An infusion is running, paused or in KVO: no service session.
    InfusionActive,
}

/// The answer to a received frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// The frame may be parsed.
    Accepted,
    /// No session is open: the frame is dropped.
    Closed,
    /// Longer than the protocol allows: dropped unread, and the session closed.
    TooLong,
}

/// The state of the gate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceGate {
    failures: u32,
    locked_until: Option<u64>,
    /// The time of the last frame (or the login) of the open session.
    session: Option<u64>,
}

impl ServiceGate {
    /// No session, no failed login.
    pub fn new() -> ServiceGate {
        ServiceGate::default()
    }

    /// A login at `now_ms`, with `credential_ok` the result of the credential check.
    // implements: SRS-031, RCM-015
    pub fn login(&mut self, credential_ok: bool, infusion_active: bool, now_ms: u64) -> Login {
        if infusion_active {
            return Login::InfusionActive;
        }
        if let Some(until) = self.locked_until.filter(|&u| now_ms < u) {
            let remaining = (until - now_ms).div_ceil(1_000);
            return Login::LockedOut {
                remaining_s: u32::try_from(remaining).unwrap_or(u32::MAX),
            };
        }
        self.locked_until = None;
        if credential_ok {
            self.failures = 0;
            self.session = Some(now_ms);
            return Login::Open;
        }
        self.failures += 1;
        if self.failures >= MAX_FAILURES {
            self.failures = 0;
            self.locked_until = Some(now_ms + LOCKOUT_MS);
        }
        Login::Refused
    }

    /// Whether a session is open at `now_ms`; an idle session is closed here.
    pub fn is_open(&mut self, infusion_active: bool, now_ms: u64) -> bool {
        let open = self
            .session
            .is_some_and(|last| !infusion_active && now_ms.saturating_sub(last) < IDLE_TIMEOUT_MS);
        if !open {
            self.session = None;
        }
        open
    }

    /// A frame of `len` bytes received at `now_ms`, before anything parses it.
    // implements: SRS-031, RCM-015
    pub fn frame(&mut self, len: usize, infusion_active: bool, now_ms: u64) -> Frame {
        if !self.is_open(infusion_active, now_ms) {
            return Frame::Closed;
        }
        if len > MAX_FRAME_BYTES {
            self.session = None;
            return Frame::TooLong;
        }
        self.session = Some(now_ms);
        Frame::Accepted
    }

    /// An infusion started (or the clinician took the pump back): the session closes.
    pub fn infusion_started(&mut self) {
        self.session = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000;

    // verifies: SRS-031, RCM-015
    #[test]
    fn no_session_while_an_infusion_is_active() {
        let mut gate = ServiceGate::new();
        assert_eq!(gate.login(true, true, 0), Login::InfusionActive);
        assert_eq!(gate.frame(64, true, 0), Frame::Closed);
        // an attempt during an infusion is not counted as a failure either
        for t in 0..5 {
            assert_eq!(gate.login(false, true, t), Login::InfusionActive);
        }
        assert_eq!(gate.login(true, false, 10), Login::Open);
        assert_eq!(gate.frame(64, false, 20), Frame::Accepted);
        // an infusion starts: the session closes and stays closed
        gate.infusion_started();
        assert_eq!(gate.frame(64, false, 30), Frame::Closed);
        assert_eq!(gate.frame(64, true, 40), Frame::Closed);
    }

    // verifies: SRS-031, RCM-015
    #[test]
    fn three_wrong_credentials_lock_the_login_for_fifteen_minutes() {
        let mut gate = ServiceGate::new();
        assert_eq!(gate.login(false, false, 0), Login::Refused);
        assert_eq!(gate.login(false, false, 1_000), Login::Refused);
        assert_eq!(gate.login(false, false, 2_000), Login::Refused);
        // even the right credential is refused while locked
        assert_eq!(
            gate.login(true, false, 3_000),
            Login::LockedOut { remaining_s: 899 }
        );
        assert_eq!(gate.frame(64, false, 3_000), Frame::Closed);
        assert_eq!(
            gate.login(true, false, 2_000 + 15 * MIN - 1),
            Login::LockedOut { remaining_s: 1 }
        );
        assert_eq!(gate.login(true, false, 2_000 + 15 * MIN), Login::Open);
        // a success resets the count: two failures do not lock
        let mut gate = ServiceGate::new();
        gate.login(false, false, 0);
        gate.login(false, false, 1);
        assert_eq!(gate.login(true, false, 2), Login::Open);
        gate.login(false, false, 3);
        gate.login(false, false, 4);
        assert_eq!(gate.login(true, false, 5), Login::Open);
    }

    // verifies: SRS-031, RCM-015
    #[test]
    fn an_idle_session_closes_after_ten_minutes() {
        let mut gate = ServiceGate::new();
        assert_eq!(gate.login(true, false, 0), Login::Open);
        assert_eq!(gate.frame(100, false, 9 * MIN), Frame::Accepted);
        // each frame restarts the ten minutes
        assert_eq!(gate.frame(100, false, 19 * MIN - 1), Frame::Accepted);
        assert_eq!(gate.frame(100, false, 29 * MIN - 1), Frame::Closed);
        assert!(!gate.is_open(false, 29 * MIN));
    }

    // verifies: SRS-031, RCM-015
    #[test]
    fn an_over_long_frame_is_refused_unread_and_closes_the_session() {
        let mut gate = ServiceGate::new();
        gate.login(true, false, 0);
        assert_eq!(gate.frame(MAX_FRAME_BYTES, false, 1), Frame::Accepted);
        assert_eq!(gate.frame(MAX_FRAME_BYTES + 1, false, 2), Frame::TooLong);
        assert_eq!(gate.frame(16, false, 3), Frame::Closed);
        assert_eq!(gate.login(true, false, 4), Login::Open);
        assert_eq!(gate.frame(usize::MAX, false, 5), Frame::TooLong);
    }
}
