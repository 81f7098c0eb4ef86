// implements: SWI-003
//! The programming dialogue of a library infusion: the drug entry read with its CRC
//! checked, the patient weight, the dose with its limits and the soft-limit override,
//! the rate, and the confirmation screen whose rendered content must come back with the
//! same CRC before the infusion may start; and, after an alarm that stopped the infusion,
//! the summary for continuing it on another pump.

use crate::calc::{dose_to_rate, rate_to_dose, CalcError};
use crate::crc::crc32;
use crate::fixed::Fixed;
use crate::library::{CareArea, DrugEntry, EntryError, Library};
use crate::limits::{lim_check_dose, lim_check_weight, LimResult};

/// The second Confirm press must follow the first within this time (ms).
pub const CONFIRM_WINDOW_MS: u64 = 10_000;

/// Why a step of the dialogue was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgError {
    /// No such care area or entry.
    NotFound,
    /// The entry failed its CRC check: "Drug library error", library infusions blocked.
    LibraryError,
    /// The weight is outside the care area's range: message M-24.
    Weight(LimResult),
    /// The dose needs a weight, and none was entered.
    WeightRequired,
    /// The dose is outside the hard limits: message M-21, the entry field is cleared.
    HardLimit(LimResult),
    /// The rate cannot be computed or is outside the pump's range: message M-23.
    Rate(CalcError),
    /// There is no accepted dose (or nothing awaits a Confirm press).
    NoDose,
    /// The VTBI is not positive.
    NoVtbi,
    /// The rendered confirmation screen's CRC differs from the record's: no start.
    DisplayMismatch,
}

/// The arrow shown while an infusion runs outside its soft limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    /// Above the soft maximum.
    Up,
    /// Below the soft minimum.
    Down,
}

/// An event for the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A dose was refused at a hard limit.
    HardLimitRejected {
        /// The dose entered.
        dose: Fixed,
        /// The verdict with its limit.
        limit: LimResult,
    },
    /// A soft limit was overridden with two Confirm presses.
    SoftLimitOverride {
        /// The dose confirmed.
        dose: Fixed,
        /// The verdict with its limit.
        limit: LimResult,
    },
}

/// A dose accepted for the infusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The dose entered.
    pub dose: Fixed,
    /// The rate in mL/h.
    pub rate_ml_h: Fixed,
    /// The dose delivered at that rate, shown next to it.
    pub delivered: Fixed,
    /// The soft-limit arrow, if the dose overrides a soft limit.
    pub arrow: Option<Arrow>,
}

/// What happened to a dose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DoseOutcome {
    /// Inside the soft limits: accepted.
    Accepted(Accepted),
    /// Outside a soft limit: the override screen is shown and two Confirm presses are needed.
    NeedsOverride {
        /// The verdict with the limit exceeded.
        limit: LimResult,
        /// The arrow of the override screen.
        arrow: Arrow,
        /// "Above soft limit" or "Below soft limit".
        text: &'static str,
    },
}

/// What a Confirm press did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// First press: press Confirm again within 10 s.
    PressAgain,
    /// Second press in time: the override is accepted and logged.
    Accepted(Accepted),
}

/// The confirmation screen sent to the user interface: its lines and their CRC-32.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayRecord {
    /// The lines of the screen.
    pub lines: Vec<String>,
    /// CRC-32 over the lines, each ended by a newline.
    pub crc: u32,
}

impl DisplayRecord {
    /// The CRC the user interface computes over what it rendered.
    pub fn crc_of(lines: &[String]) -> u32 {
        crc32(
            lines
                .iter()
                .flat_map(|l| l.bytes().chain([b'\n']))
                .collect::<Vec<u8>>()
                .as_slice(),
        )
    }
}

/// The start command for the delivery controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    /// The approved rate (mL/h).
    pub rate_ml_h: Fixed,
    /// The volume to be infused (mL).
    pub vtbi_ml: Fixed,
    /// The arrow shown on the infusion screen while it runs.
    pub arrow: Option<Arrow>,
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    accepted: Accepted,
    limit: LimResult,
    first_press_ms: Option<u64>,
}

/// The dialogue for one library infusion.
#[derive(Clone, Debug)]
pub struct Programming<'a> {
    area: &'a CareArea,
    entry: DrugEntry,
    weight_kg: Option<Fixed>,
    pending: Option<Pending>,
    accepted: Option<Accepted>,
    /// Events for the event log, in order.
    pub events: Vec<Event>,
}

impl<'a> Programming<'a> {
    /// Selects a drug entry of a care area; the entry is copied after its CRC check.
    // implements: SRS-017, RCM-002
    pub fn select(lib: &'a Library, area: u8, entry_no: u16) -> Result<Programming<'a>, ProgError> {
        let care_area = lib.area(area).ok_or(ProgError::NotFound)?;
        let entry = lib.get_entry(area, entry_no).map_err(|e| match e {
            EntryError::NotFound => ProgError::NotFound,
            EntryError::BadCrc => ProgError::LibraryError,
        })?;
        Ok(Programming {
            area: care_area,
            entry,
            weight_kg: None,
            pending: None,
            accepted: None,
            events: Vec::new(),
        })
    }

    /// The drug entry being programmed.
    pub fn entry(&self) -> &DrugEntry {
        &self.entry
    }

    /// Enters the patient weight; a new weight clears the dose.
    // implements: SRS-006, RCM-001
    pub fn set_weight(&mut self, weight_kg: Fixed) -> Result<(), ProgError> {
        self.pending = None;
        self.accepted = None;
        match lim_check_weight(self.area, weight_kg) {
            LimResult::Ok => {
                self.weight_kg = Some(weight_kg);
                Ok(())
            }
            refused => {
                self.weight_kg = None;
                Err(ProgError::Weight(refused))
            }
        }
    }

    /// Enters the dose: refused at a hard limit, held for the override at a soft limit,
    /// otherwise accepted with its rate.
    // implements: SRS-003, SRS-004, SRS-005, RCM-001
    pub fn set_dose(&mut self, dose: Fixed) -> Result<DoseOutcome, ProgError> {
        self.pending = None;
        self.accepted = None;
        let weight = match (self.entry.unit.weight_based(), self.weight_kg) {
            (true, None) => return Err(ProgError::WeightRequired),
            (_, w) => w.unwrap_or(Fixed::ZERO),
        };
        let limit = lim_check_dose(&self.entry, dose);
        if limit.is_hard() {
            self.events.push(Event::HardLimitRejected { dose, limit });
            return Err(ProgError::HardLimit(limit));
        }
        let conc = self
            .entry
            .concentration()
            .map_err(|_| ProgError::Rate(CalcError::Overflow))?;
        let rate = dose_to_rate(self.entry.unit, dose, conc, weight).map_err(ProgError::Rate)?;
        let delivered =
            rate_to_dose(self.entry.unit, rate, conc, weight).map_err(ProgError::Rate)?;
        let (arrow, text) = match limit {
            LimResult::SoftHigh(_) => (Some(Arrow::Up), "Above soft limit"),
            LimResult::SoftLow(_) => (Some(Arrow::Down), "Below soft limit"),
            _ => (None, ""),
        };
        let accepted = Accepted {
            dose,
            rate_ml_h: rate,
            delivered,
            arrow,
        };
        match arrow {
            None => {
                self.accepted = Some(accepted);
                Ok(DoseOutcome::Accepted(accepted))
            }
            Some(arrow) => {
                self.pending = Some(Pending {
                    accepted,
                    limit,
                    first_press_ms: None,
                });
                Ok(DoseOutcome::NeedsOverride { limit, arrow, text })
            }
        }
    }

    /// A Confirm press on the override screen at time `now_ms`.
    // implements: SRS-004, RCM-001
    pub fn confirm(&mut self, now_ms: u64) -> Result<Confirm, ProgError> {
        let pending = self.pending.as_mut().ok_or(ProgError::NoDose)?;
        match pending.first_press_ms {
            Some(first) if now_ms.saturating_sub(first) <= CONFIRM_WINDOW_MS => {
                let (accepted, limit) = (pending.accepted, pending.limit);
                self.pending = None;
                self.accepted = Some(accepted);
                self.events.push(Event::SoftLimitOverride {
                    dose: accepted.dose,
                    limit,
                });
                Ok(Confirm::Accepted(accepted))
            }
            _ => {
                pending.first_press_ms = Some(now_ms);
                Ok(Confirm::PressAgain)
            }
        }
    }

    /// The confirmation screen for the accepted dose and `vtbi_ml`.
    // implements: SRS-008, RCM-003
    pub fn confirmation(&self, vtbi_ml: Fixed) -> Result<DisplayRecord, ProgError> {
        let a = self.accepted.ok_or(ProgError::NoDose)?;
        if vtbi_ml <= Fixed::ZERO {
            return Err(ProgError::NoVtbi);
        }
        let e = &self.entry;
        let unit = e.unit.label();
        let minutes = vtbi_ml
            .checked_mul_int(60)
            .and_then(|v| v.checked_div(a.rate_ml_h))
            .map_err(|_| ProgError::NoVtbi)?;
        let minutes = minutes.raw() / 1_000_000;
        let weight = self
            .weight_kg
            .map_or("-".to_string(), |w| format!("{w} kg"));
        let lines = vec![
            format!("Care area: {}", self.area.name),
            format!("Drug: {}", e.name),
            format!(
                "Concentration: {} {} / {} mL",
                e.conc_amount,
                e.unit.amount_label(),
                e.conc_volume_ml
            ),
            format!("Dose: {} {unit} (delivered {} {unit})", a.dose, a.delivered),
            format!("Weight: {weight}"),
            format!("Rate: {} mL/h", a.rate_ml_h.to_decimals(1)),
            format!("VTBI: {vtbi_ml} mL"),
            format!("Duration: {} h {:02} min", minutes / 60, minutes % 60),
        ];
        let crc = DisplayRecord::crc_of(&lines);
        Ok(DisplayRecord { lines, crc })
    }

    /// The lines of the alarm screen after an alarm that stopped this infusion (a
    /// technical alarm, an occlusion, a drug library error), with the approved dose and
    /// rate, the volume infused of `vtbi_ml` and what remains: what the clinician needs
    /// to continue the infusion on another pump. The same lines go to the event log.
    // implements: SRS-032, RCM-016
    pub fn transfer_summary(
        &self,
        vtbi_ml: Fixed,
        infused_ml: Fixed,
    ) -> Result<Vec<String>, ProgError> {
        let a = self.accepted.ok_or(ProgError::NoDose)?;
        let e = &self.entry;
        let unit = e.unit.label();
        // The volume infused as shown, to 0.1 mL, and the remaining volume from it, so
        // that the two add up to the VTBI on the screen.
        let tenth = Fixed::from_tenths(1).raw();
        let infused = Fixed::from_raw(infused_ml.raw().max(0) / tenth * tenth);
        let remaining = vtbi_ml
            .checked_sub(infused)
            .map_err(|_| ProgError::NoVtbi)?
            .max(Fixed::ZERO);
        let override_note = match a.arrow {
            Some(Arrow::Up) => " (above soft limit, confirmed)",
            Some(Arrow::Down) => " (below soft limit, confirmed)",
            None => "",
        };
        let weight = self
            .weight_kg
            .map_or("-".to_string(), |w| format!("{w} kg"));
        Ok(vec![
            "Infusion stopped - continue on another pump".to_string(),
            format!("Care area: {}", self.area.name),
            format!(
                "Drug: {} {} {} / {} mL",
                e.name,
                e.conc_amount,
                e.unit.amount_label(),
                e.conc_volume_ml
            ),
            format!("Dose: {} {unit}{override_note}", a.dose),
            format!("Weight: {weight}"),
            format!("Rate: {} mL/h", a.rate_ml_h.to_decimals(1)),
            format!("Infused: {} mL of {vtbi_ml} mL", infused.to_decimals(1)),
            format!("Remaining: {} mL", remaining.to_decimals(1)),
        ])
    }

    /// Start pressed on the confirmation screen: `rendered_crc` is the CRC the user
    /// interface computed over what it rendered. Starts only if it matches.
    // implements: SRS-008, RCM-003
    pub fn start(&self, vtbi_ml: Fixed, rendered_crc: u32) -> Result<Start, ProgError> {
        let record = self.confirmation(vtbi_ml)?;
        let a = self.accepted.ok_or(ProgError::NoDose)?;
        if record.crc != rendered_crc {
            return Err(ProgError::DisplayMismatch);
        }
        Ok(Start {
            rate_ml_h: a.rate_ml_h,
            vtbi_ml,
            arrow: a.arrow,
        })
    }
}
