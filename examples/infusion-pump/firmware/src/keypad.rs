// implements: SWI-008
//! The keypad entry parser: turns key presses into a value under the rules of `SRS-007`.
//!
//! The state (empty, integer, point, fraction) is always derived from the text typed so
//! far, never kept beside it, so Back can never leave a stale state behind (`PRB-001`).
//! The text shown on the display is produced here, so the display shows exactly what was
//! parsed; the value is converted from that text by integer arithmetic.

use crate::fixed::Fixed;
use crate::library::DoseUnit;

/// The most characters a field holds.
pub const MAX_CHARS: usize = 7;

/// A key of the numeric keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A digit key, 0 to 9.
    Digit(u8),
    /// The decimal point.
    Point,
    /// Removes the last character.
    Back,
    /// Removes the whole entry.
    Clear,
    /// Ends the entry.
    Enter,
}

/// What a field accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// Decimals allowed.
    pub decimals: usize,
    /// The unit shown after the value.
    pub unit: &'static str,
}

impl Format {
    /// A rate in mL/h, one decimal.
    pub const ML_H: Format = Format {
        decimals: 1,
        unit: "mL/h",
    };
    /// A weight in kg, one decimal.
    pub const KG: Format = Format {
        decimals: 1,
        unit: "kg",
    };

    /// A dose in the entry's dosing unit.
    pub fn dose(unit: DoseUnit) -> Format {
        Format {
            decimals: unit.decimals(),
            unit: unit.label(),
        }
    }
}

/// The result of one key press.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpStatus {
    /// The key changed the entry.
    Editing,
    /// The key was ignored; the keypad clicks.
    Ignored,
    /// Enter on a complete value: [`KpField::value`] holds it.
    Done,
    /// Enter on an incomplete value: message M-20, the previous value is kept.
    Refused,
}

/// One value being entered.
#[derive(Clone, Debug)]
pub struct KpField {
    format: Format,
    text: String,
    previous: Fixed,
    value: Fixed,
}

impl KpField {
    /// Starts the entry of a value; `previous` is kept if the entry is refused.
    pub fn begin(format: Format, previous: Fixed) -> KpField {
        KpField {
            format,
            text: String::new(),
            previous,
            value: previous,
        }
    }

    /// Applies one key.
    // implements: SRS-007, RCM-003
    pub fn key(&mut self, key: Key) -> KpStatus {
        let point = self.text.find('.');
        match key {
            Key::Digit(d) if d <= 9 => {
                let decimals_typed = point.map_or(0, |p| self.text.len() - p - 1);
                let fraction_full = point.is_some() && decimals_typed >= self.format.decimals;
                if self.text.len() >= MAX_CHARS || fraction_full {
                    return KpStatus::Ignored;
                }
                if self.text == "0" {
                    self.text.clear(); // no leading zero: "05" is "5"
                }
                self.text.push(char::from(b'0' + d));
            }
            Key::Digit(_) => return KpStatus::Ignored,
            Key::Point => {
                let needed = if self.text.is_empty() { 2 } else { 1 }; // "0." or "."
                let room = self.text.len() + needed <= MAX_CHARS;
                if self.format.decimals == 0 || point.is_some() || !room {
                    return KpStatus::Ignored;
                }
                if self.text.is_empty() {
                    self.text.push('0'); // ".5" is shown as "0.5"
                }
                self.text.push('.');
            }
            Key::Back => {
                self.text.pop();
            }
            Key::Clear => self.text.clear(),
            Key::Enter => {
                return match Fixed::parse(&self.text) {
                    Some(v) if !self.text.ends_with('.') => {
                        self.value = v;
                        KpStatus::Done
                    }
                    _ => {
                        self.value = self.previous;
                        KpStatus::Refused
                    }
                };
            }
        }
        KpStatus::Editing
    }

    /// The text typed so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What the display shows: the text with its unit.
    pub fn display(&self) -> String {
        if self.text.is_empty() {
            self.format.unit.to_string()
        } else {
            format!("{} {}", self.text, self.format.unit)
        }
    }

    /// The entered value after [`KpStatus::Done`], the previous value otherwise.
    pub fn value(&self) -> Fixed {
        self.value
    }
}

/// Keys from a script such as `"1 . 2 5 Enter"` (digits, `.`, `Back`, `Clear`, `Enter`).
pub fn keys(script: &str) -> Vec<Key> {
    script
        .split_whitespace()
        .filter_map(|k| match k {
            "." => Some(Key::Point),
            "Back" => Some(Key::Back),
            "Clear" => Some(Key::Clear),
            "Enter" => Some(Key::Enter),
            d if d.len() == 1 => d
                .bytes()
                .next()
                .filter(u8::is_ascii_digit)
                .map(|b| Key::Digit(b - b'0')),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::fixtures::fx;

    const PREVIOUS: Fixed = Fixed::from_tenths(77);

    /// Runs a script; returns the last status, the display text and the value.
    fn run(format: Format, script: &str) -> (KpStatus, String, Fixed) {
        let mut field = KpField::begin(format, PREVIOUS);
        let mut last = KpStatus::Editing;
        for k in keys(script) {
            last = field.key(k);
        }
        (last, field.display(), field.value())
    }

    // verifies: SRS-007, RCM-003
    #[test]
    fn named_key_sequences_of_the_requirement() {
        let ml = Format::ML_H;
        assert_eq!(
            run(ml, "5 . 0 Enter"),
            (KpStatus::Done, "5.0 mL/h".into(), fx("5"))
        );
        assert_eq!(
            run(ml, ". 5 Enter"),
            (KpStatus::Done, "0.5 mL/h".into(), fx("0.5"))
        );
        assert_eq!(
            run(ml, "5 . . 0 Enter"),
            (KpStatus::Done, "5.0 mL/h".into(), fx("5"))
        );
        assert_eq!(
            run(ml, "0 5 Enter"),
            (KpStatus::Done, "5 mL/h".into(), fx("5"))
        );
        assert_eq!(
            run(ml, "1 . 2 5 Enter"),
            (KpStatus::Done, "1.2 mL/h".into(), fx("1.2"))
        );
        let mcg = Format::dose(DoseUnit::McgPerKgPerMin);
        assert_eq!(
            run(mcg, "0 . 0 5 Enter"),
            (KpStatus::Done, "0.05 mcg/kg/min".into(), fx("0.05"))
        );
    }

    // verifies: SRS-007, RCM-003
    #[test]
    fn incomplete_entry_is_refused_and_keeps_the_previous_value() {
        assert_eq!(
            run(Format::ML_H, ". Enter"),
            (KpStatus::Refused, "0. mL/h".into(), PREVIOUS)
        );
        assert_eq!(
            run(Format::ML_H, "Enter"),
            (KpStatus::Refused, "mL/h".into(), PREVIOUS)
        );
        assert_eq!(
            run(Format::KG, "4 . Enter"),
            (KpStatus::Refused, "4. kg".into(), PREVIOUS)
        );
        assert_eq!(
            run(Format::KG, "4 Clear Enter"),
            (KpStatus::Refused, "kg".into(), PREVIOUS)
        );
    }

    // verifies: SRS-007
    #[test]
    fn back_after_decimal_point_leaves_a_clean_field() {
        // PRB-001: after "0." and two Back presses the field is empty and "5" gives 5
        assert_eq!(
            run(Format::ML_H, "0 . Back Back 5 Enter"),
            (KpStatus::Done, "5 mL/h".into(), fx("5"))
        );
        assert_eq!(
            run(Format::ML_H, "1 . Back 2 Enter"),
            (KpStatus::Done, "12 mL/h".into(), fx("12"))
        );
    }

    // verifies: SRS-007
    #[test]
    fn ignored_keys_click_and_change_nothing() {
        let mut f = KpField::begin(Format::ML_H, PREVIOUS);
        for k in keys("9 9 9 . 9") {
            assert_eq!(f.key(k), KpStatus::Editing);
        }
        assert_eq!(f.key(Key::Digit(9)), KpStatus::Ignored); // second decimal for mL/h
        assert_eq!(f.key(Key::Point), KpStatus::Ignored);
        assert_eq!(f.key(Key::Digit(12)), KpStatus::Ignored);
        assert_eq!(f.text(), "999.9");
        let mut f = KpField::begin(Format::ML_H, PREVIOUS);
        for _ in 0..MAX_CHARS {
            f.key(Key::Digit(1));
        }
        assert_eq!(f.key(Key::Digit(1)), KpStatus::Ignored);
        assert_eq!(f.key(Key::Point), KpStatus::Ignored);
        assert_eq!(f.text().len(), MAX_CHARS);
    }

    /// Every sequence of up to six keys from {0, 5, ., Back, Enter}, for three formats,
    /// against the rules of SRS-007 checked after every key.
    // verifies: SRS-007, RCM-003
    #[test]
    fn exhaustive_six_key_sequences_keep_text_and_value_consistent() {
        let alphabet = [
            Key::Digit(0),
            Key::Digit(5),
            Key::Point,
            Key::Back,
            Key::Enter,
        ];
        let formats = [
            Format::ML_H,
            Format::KG,
            Format::dose(DoseUnit::McgPerKgPerMin),
        ];
        let mut sequences = 0;
        for format in formats {
            for len in 0..=6u32 {
                for n in 0..5usize.pow(len) {
                    let mut field = KpField::begin(format, PREVIOUS);
                    let mut code = n;
                    for _ in 0..len {
                        let status = field.key(alphabet[code % 5]);
                        code /= 5;
                        let text = field.text();
                        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
                        assert!(text.matches('.').count() <= 1, "{text:?}");
                        assert!(frac.len() <= format.decimals, "{text:?}");
                        assert!(
                            !(int.len() > 1 && int.starts_with('0')),
                            "leading zero in {text:?}"
                        );
                        assert!(!text.starts_with('.'), "{text:?}");
                        match status {
                            KpStatus::Done => assert_eq!(Some(field.value()), Fixed::parse(text)),
                            KpStatus::Refused => {
                                assert!(text.is_empty() || text.ends_with('.'));
                                assert_eq!(field.value(), PREVIOUS);
                            }
                            _ => {}
                        }
                    }
                    sequences += 1;
                }
            }
        }
        assert_eq!(sequences, 3 * (1 + 5 + 25 + 125 + 625 + 3125 + 15625));
    }
}
