// implements: SRS-024
//! Fixed-point values: 64-bit signed integers counting millionths of the value's unit.
//!
//! Every operation that can leave the range is checked and fails with [`Overflow`];
//! nothing wraps or saturates. Products and quotients are formed in 128 bits and
//! truncated to the 10⁻⁶ resolution; rounding to a display resolution happens once, at
//! the end of a calculation, with [`Fixed::round_to`].

use core::fmt;

/// Raw steps per unit: the resolution is 10⁻⁶.
pub const SCALE: i64 = 1_000_000;

/// A fixed-point value, `raw / 1_000_000` in its unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fixed(i64);

/// A calculation left the range of [`Fixed`], or divided by zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

impl Fixed {
    /// Zero.
    pub const ZERO: Fixed = Fixed(0);

    /// The value with this raw representation.
    pub const fn from_raw(raw: i64) -> Fixed {
        Fixed(raw)
    }

    /// `n` tenths, for constants such as 999.9 (`from_tenths(9999)`); cannot overflow.
    pub const fn from_tenths(n: i32) -> Fixed {
        Fixed(n as i64 * (SCALE / 10))
    }

    /// The raw representation.
    pub const fn raw(self) -> i64 {
        self.0
    }

    /// The whole number `n`.
    pub fn from_int(n: i64) -> Result<Fixed, Overflow> {
        n.checked_mul(SCALE).map(Fixed).ok_or(Overflow)
    }

    /// Parses a non-negative decimal such as `12`, `0.5`, `.5` or `999.9` with at most
    /// six decimals, by integer arithmetic. `None` for anything else: empty text, a lone
    /// point, a second point, a sign, an exponent, a value out of range.
    pub fn parse(text: &str) -> Option<Fixed> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || frac.len() > 6 || !digits(int) || !digits(frac) {
            return None;
        }
        let mut raw: i64 = 0;
        for b in int.bytes() {
            raw = raw.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        let mut micro: i64 = 0;
        for b in frac.bytes().chain(core::iter::repeat(b'0')).take(6) {
            micro = micro * 10 + i64::from(b - b'0');
        }
        raw.checked_mul(SCALE)?.checked_add(micro).map(Fixed)
    }

    /// `self + rhs`.
    pub fn checked_add(self, rhs: Fixed) -> Result<Fixed, Overflow> {
        self.0.checked_add(rhs.0).map(Fixed).ok_or(Overflow)
    }

    /// `self - rhs`.
    pub fn checked_sub(self, rhs: Fixed) -> Result<Fixed, Overflow> {
        self.0.checked_sub(rhs.0).map(Fixed).ok_or(Overflow)
    }

    /// `self × rhs`, truncated to the resolution.
    pub fn checked_mul(self, rhs: Fixed) -> Result<Fixed, Overflow> {
        let product = i128::from(self.0) * i128::from(rhs.0) / i128::from(SCALE);
        i64::try_from(product).map(Fixed).map_err(|_| Overflow)
    }

    /// `self × n` for a whole number `n`, exact.
    pub fn checked_mul_int(self, n: i64) -> Result<Fixed, Overflow> {
        self.0.checked_mul(n).map(Fixed).ok_or(Overflow)
    }

    /// `self ÷ rhs`, truncated to the resolution; a zero divisor is an [`Overflow`].
    pub fn checked_div(self, rhs: Fixed) -> Result<Fixed, Overflow> {
        if rhs.0 == 0 {
            return Err(Overflow);
        }
        let quotient = i128::from(self.0) * i128::from(SCALE) / i128::from(rhs.0);
        i64::try_from(quotient).map(Fixed).map_err(|_| Overflow)
    }

    /// Rounds to the nearest multiple of `step` (a positive resolution such as 0.1),
    /// halves rounded down (`SRS-005`).
    pub fn round_to(self, step: Fixed) -> Result<Fixed, Overflow> {
        if step.0 <= 0 {
            return Err(Overflow);
        }
        let (q, r) = (self.0.div_euclid(step.0), self.0.rem_euclid(step.0));
        let q = if r > step.0 - r { q + 1 } else { q };
        q.checked_mul(step.0).map(Fixed).ok_or(Overflow)
    }

    /// The value with exactly `decimals` decimals (at most 6), truncated: `14.0`.
    pub fn to_decimals(self, decimals: usize) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (int, frac) = (abs / SCALE as u64, abs % SCALE as u64);
        match decimals.min(6) {
            0 => format!("{sign}{int}"),
            d => format!("{sign}{int}.{}", &format!("{frac:06}")[..d]),
        }
    }
}

/// The shortest exact text: `35`, `0.5`, `0.016`.
impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.to_decimals(6);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fx(text: &str) -> Fixed {
        Fixed::parse(text).expect("test value parses")
    }

    // verifies: SRS-024
    #[test]
    fn parse_uses_integer_arithmetic_to_six_decimals() {
        assert_eq!(fx("12").raw(), 12_000_000);
        assert_eq!(fx("0.5").raw(), 500_000);
        assert_eq!(fx(".5").raw(), 500_000);
        assert_eq!(fx("999.9").raw(), 999_900_000);
        assert_eq!(fx("0.000001").raw(), 1);
        for bad in [
            "",
            ".",
            "1.2.3",
            "-1",
            "1e3",
            " 1",
            "0.0000001",
            "99999999999999",
        ] {
            assert_eq!(Fixed::parse(bad), None, "{bad:?}");
        }
    }

    // verifies: SRS-024
    #[test]
    fn overflow_is_reported_never_wrapped() {
        let max = Fixed::from_raw(i64::MAX);
        assert_eq!(max.checked_add(Fixed::from_raw(1)), Err(Overflow));
        assert_eq!(
            Fixed::from_raw(i64::MIN).checked_sub(Fixed::from_raw(1)),
            Err(Overflow)
        );
        assert_eq!(max.checked_mul(fx("2")), Err(Overflow));
        assert_eq!(max.checked_mul_int(60), Err(Overflow));
        assert_eq!(
            fx("1000").checked_div(fx("0.000001")),
            Ok(Fixed::from_raw(1_000_000_000_000_000))
        );
        assert_eq!(max.checked_div(fx("0.5")), Err(Overflow));
        assert_eq!(fx("1").checked_div(Fixed::ZERO), Err(Overflow));
        assert_eq!(Fixed::from_int(i64::MAX / 10), Err(Overflow));
    }

    // verifies: SRS-024
    #[test]
    fn products_and_quotients_truncate_to_the_resolution() {
        assert_eq!(fx("1").checked_div(fx("3")), Ok(fx("0.333333")));
        assert_eq!(fx("0.000001").checked_mul(fx("0.5")), Ok(Fixed::ZERO));
        assert_eq!(fx("2.5").checked_mul(fx("4")), Ok(fx("10")));
        assert_eq!(fx("25000").checked_div(fx("500")), Ok(fx("50")));
    }

    // verifies: SRS-005, SRS-024
    #[test]
    fn rounding_is_to_nearest_with_halves_down() {
        let tenth = Fixed::from_tenths(1);
        assert_eq!(fx("14.05").round_to(tenth), Ok(fx("14.0")));
        assert_eq!(fx("14.050001").round_to(tenth), Ok(fx("14.1")));
        assert_eq!(fx("14.049999").round_to(tenth), Ok(fx("14.0")));
        assert_eq!(fx("0.05").round_to(tenth), Ok(Fixed::ZERO));
        assert_eq!(fx("999.95").round_to(tenth), Ok(fx("999.9")));
        assert_eq!(
            Fixed::from_raw(i64::MAX).round_to(fx("1000")),
            Err(Overflow)
        );
        assert_eq!(fx("1").round_to(Fixed::ZERO), Err(Overflow));
    }

    // verifies: SRS-024
    #[test]
    fn text_forms_are_exact() {
        assert_eq!(fx("35").to_string(), "35");
        assert_eq!(fx("0.016").to_string(), "0.016");
        assert_eq!(fx("14").to_decimals(1), "14.0");
        assert_eq!(fx("25.25").to_decimals(1), "25.2");
        assert_eq!(Fixed::from_raw(-1_500_000).to_string(), "-1.5");
    }
}
