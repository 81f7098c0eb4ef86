//! Integration of the programming engine's units on the host: the reference drug library,
//! the keypad parser, the limit evaluator, the dose calculator and the confirmation
//! screen, driven through the programming dialogue as a clinician would drive it; and the
//! delivery rules that read the library: the KVO rate, the bolus lockout, the summary for
//! continuing a stopped infusion on another pump.

mod common;

use common::*;
use vp300_dose::keypad::{keys, Format, KpField, KpStatus};
use vp300_dose::kvo::{at_vtbi_complete, AlarmPriority, VtbiComplete};
use vp300_dose::libcheck::{lib_check_image, LibResult};
use vp300_dose::limits::{lim_check_bolus, BolusResult, LimResult};
use vp300_dose::lockout::BolusClock;
use vp300_dose::programming::{
    Arrow, Confirm, DisplayRecord, DoseOutcome, Event, ProgError, Programming, CONFIRM_WINDOW_MS,
};
use vp300_dose::Fixed;

fn heparin_70kg(lib: &vp300_dose::library::Library) -> Programming<'_> {
    let mut p = Programming::select(lib, ADULT_ICU, HEPARIN).expect("heparin in adult ICU");
    p.set_weight(fx("70")).expect("70 kg is in range");
    p
}

fn accepted(outcome: DoseOutcome) -> vp300_dose::programming::Accepted {
    match outcome {
        DoseOutcome::Accepted(a) => a,
        other => panic!("expected an accepted dose, got {other:?}"),
    }
}

// verifies: SRS-001, SRS-017
#[test]
fn reference_library_image_crc_matches_library_tool() {
    let lib = reference_library();
    assert_eq!(lib.areas.len(), 3);
    assert_eq!(lib.entries.len(), 8);
    let image = lib.image();
    assert_eq!(lib_check_image(&image), LibResult::Ok);
    let stored = u32::from_le_bytes(image[image.len() - 4..].try_into().expect("four bytes"));
    assert_eq!(stored, REFERENCE_IMAGE_CRC, "image CRC {stored:#010x}");
}

// verifies: SRS-003, RCM-001
#[test]
fn heparin_above_the_hard_maximum_is_refused_and_logged() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    let refused = p.set_dose(fx("40"));
    assert_eq!(
        refused,
        Err(ProgError::HardLimit(LimResult::HardHigh(fx("35"))))
    );
    if let Err(ProgError::HardLimit(limit)) = refused {
        assert_eq!(
            limit.message(p.entry().unit).as_deref(),
            Some("M-21 Dose exceeds hard limit (max 35 units/kg/h)")
        );
    }
    assert_eq!(
        p.events,
        vec![Event::HardLimitRejected {
            dose: fx("40"),
            limit: LimResult::HardHigh(fx("35"))
        }]
    );
    // nothing can be confirmed or started after a hard-limit rejection
    assert_eq!(p.confirm(0), Err(ProgError::NoDose));
    assert_eq!(p.confirmation(fx("250")), Err(ProgError::NoDose));
}

// verifies: SRS-004, RCM-001
#[test]
fn heparin_above_the_soft_maximum_needs_two_confirm_presses() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    for dose in ["35", "30"] {
        assert_eq!(
            p.set_dose(fx(dose)),
            Ok(DoseOutcome::NeedsOverride {
                limit: LimResult::SoftHigh(fx("25")),
                arrow: Arrow::Up,
                text: "Above soft limit"
            }),
            "{dose}"
        );
    }
    assert_eq!(
        p.confirmation(fx("250")),
        Err(ProgError::NoDose),
        "not accepted before confirmation"
    );
    assert_eq!(p.confirm(1_000), Ok(Confirm::PressAgain));
    let Ok(Confirm::Accepted(a)) = p.confirm(3_000) else {
        panic!("second Confirm within 10 s accepts");
    };
    assert_eq!((a.rate_ml_h, a.arrow), (fx("42"), Some(Arrow::Up)));
    assert_eq!(
        p.events,
        vec![Event::SoftLimitOverride {
            dose: fx("30"),
            limit: LimResult::SoftHigh(fx("25"))
        }]
    );
    let record = p.confirmation(fx("250")).expect("confirmation screen");
    let start = p.start(fx("250"), record.crc).expect("start");
    assert_eq!(
        start.arrow,
        Some(Arrow::Up),
        "the arrow stays for the whole infusion"
    );
}

// verifies: SRS-004
#[test]
fn second_confirm_after_ten_seconds_starts_over() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    assert!(matches!(
        p.set_dose(fx("5")),
        Ok(DoseOutcome::NeedsOverride {
            arrow: Arrow::Down,
            text: "Below soft limit",
            ..
        })
    ));
    assert_eq!(p.confirm(0), Ok(Confirm::PressAgain));
    assert_eq!(p.confirm(CONFIRM_WINDOW_MS + 1), Ok(Confirm::PressAgain));
    assert!(
        p.events.is_empty(),
        "no override without two presses in time"
    );
    assert!(
        matches!(p.confirm(2 * CONFIRM_WINDOW_MS + 1), Ok(Confirm::Accepted(a)) if a.arrow == Some(Arrow::Down))
    );
}

// verifies: SRS-003, SRS-005
#[test]
fn heparin_within_the_soft_limits_is_accepted_with_its_rate() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    let a = accepted(p.set_dose(fx("18")).expect("18 units/kg/h"));
    // 18 units/kg/h × 70 kg ÷ 50 units/mL = 25.2 mL/h
    assert_eq!(
        (a.rate_ml_h, a.delivered, a.arrow),
        (fx("25.2"), fx("18"), None)
    );
    assert!(p.events.is_empty());
}

// verifies: SRS-006, RCM-001
#[test]
fn neonatal_weight_outside_the_care_area_is_refused() {
    let lib = reference_library();
    let mut p =
        Programming::select(&lib, NEONATAL_ICU, NEONATAL_HEPARIN).expect("neonatal heparin");
    assert_eq!(
        p.set_weight(fx("12")),
        Err(ProgError::Weight(LimResult::HardHigh(fx("10"))))
    );
    assert_eq!(
        p.set_dose(fx("20")),
        Err(ProgError::WeightRequired),
        "no dose without a valid weight"
    );
    p.set_weight(fx("3.2")).expect("3.2 kg");
    // 20 units/kg/h × 3.2 kg ÷ 50 units/mL = 1.28 mL/h, shown as 1.3
    assert_eq!(
        accepted(p.set_dose(fx("20")).expect("dose")).rate_ml_h,
        fx("1.3")
    );
}

// verifies: SRS-003, SRS-005, RCM-001
#[test]
fn tenfold_norepinephrine_error_is_blocked() {
    let lib = reference_library();
    let mut p = Programming::select(&lib, ADULT_ICU, NOREPINEPHRINE).expect("norepinephrine");
    p.set_weight(fx("80")).expect("80 kg");
    assert_eq!(
        p.set_dose(fx("1.0")),
        Err(ProgError::HardLimit(LimResult::HardHigh(fx("0.5"))))
    );
    // the intended 0.1 mcg/kg/min at 16 mcg/mL is 30.0 mL/h
    assert_eq!(
        accepted(p.set_dose(fx("0.1")).expect("0.1")).rate_ml_h,
        fx("30")
    );
}

// verifies: SRS-007, RCM-003
#[test]
fn keypad_entry_feeds_the_dose_field() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    let unit = p.entry().unit;
    let mut field = KpField::begin(Format::dose(unit), Fixed::ZERO);
    let statuses: Vec<KpStatus> = keys("0 1 8 . 5 0 Enter")
        .into_iter()
        .map(|k| field.key(k))
        .collect();
    assert_eq!(statuses.last(), Some(&KpStatus::Done));
    assert_eq!(field.display(), "18.5 units/kg/h");
    let a = accepted(p.set_dose(field.value()).expect("18.5"));
    assert_eq!(a.rate_ml_h, fx("25.9"));
    // a lone decimal point is no value: the field keeps the previous one
    let mut field = KpField::begin(Format::dose(unit), field.value());
    assert_eq!(
        keys(". Enter").into_iter().map(|k| field.key(k)).last(),
        Some(KpStatus::Refused)
    );
    assert_eq!(field.value(), fx("18.5"));
}

// verifies: SRS-008, RCM-003
#[test]
fn confirmation_screen_shows_every_value_and_start_needs_its_crc_back() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    accepted(p.set_dose(fx("18")).expect("18"));
    let record = p.confirmation(fx("250")).expect("screen");
    assert_eq!(
        record.lines,
        [
            "Care area: Adult ICU",
            "Drug: Heparin",
            "Concentration: 25000 units / 500 mL",
            "Dose: 18 units/kg/h (delivered 18 units/kg/h)",
            "Weight: 70 kg",
            "Rate: 25.2 mL/h",
            "VTBI: 250 mL",
            "Duration: 9 h 55 min",
        ]
    );
    // the user interface renders the lines and returns the CRC of what it rendered
    let rendered = DisplayRecord::crc_of(&record.lines);
    let start = p
        .start(fx("250"), rendered)
        .expect("start with matching CRC");
    assert_eq!((start.rate_ml_h, start.vtbi_ml), (fx("25.2"), fx("250")));
    // a rendering fault that shows another rate must not start the infusion
    let mut corrupted = record.lines.clone();
    corrupted[5] = "Rate: 252 mL/h".into();
    assert_eq!(
        p.start(fx("250"), DisplayRecord::crc_of(&corrupted)),
        Err(ProgError::DisplayMismatch)
    );
    assert_eq!(p.start(fx("0"), rendered), Err(ProgError::NoVtbi));
}

// verifies: SRS-017, RCM-002
#[test]
fn corrupted_library_entry_or_image_blocks_library_programming() {
    let mut lib = reference_library();
    let image = lib.image();
    let mut flipped = image.clone();
    flipped[40] ^= 0x04;
    assert_eq!(lib_check_image(&flipped), LibResult::BadCrc);
    // heparin's hard maximum widened from 35 to 350 in memory, CRC left as it was
    let heparin = lib
        .entries
        .iter_mut()
        .find(|e| e.entry_no == HEPARIN)
        .expect("heparin");
    heparin.hard_max = fx("350");
    assert_eq!(
        Programming::select(&lib, ADULT_ICU, HEPARIN).err(),
        Some(ProgError::LibraryError)
    );
    assert!(
        Programming::select(&lib, ADULT_ICU, NOREPINEPHRINE).is_ok(),
        "other entries are intact"
    );
}

// verifies: SRS-009, RCM-001
#[test]
fn heparin_bolus_limits_from_the_reference_library() {
    let lib = reference_library();
    let heparin = lib.get_entry(ADULT_ICU, HEPARIN).expect("heparin");
    assert_eq!(
        lim_check_bolus(&heparin, fx("5001"), None),
        BolusResult::HardHigh(fx("5000"))
    );
    assert_eq!(lim_check_bolus(&heparin, fx("2500"), None), BolusResult::Ok);
    assert_eq!(
        lim_check_bolus(&heparin, fx("2500"), Some(9 * 60 + 50)),
        BolusResult::Lockout { remaining_s: 10 }
    );
    assert_eq!(
        lim_check_bolus(&heparin, fx("2500"), Some(10 * 60 + 5)),
        BolusResult::Ok
    );
    let norepinephrine = lib
        .get_entry(ADULT_ICU, NOREPINEPHRINE)
        .expect("norepinephrine");
    assert_eq!(
        lim_check_bolus(&norepinephrine, fx("1"), None),
        BolusResult::NotAllowed
    );
}

// verifies: SRS-032, RCM-016
#[test]
fn transfer_summary_after_a_stop_holds_what_another_pump_needs() {
    let lib = reference_library();
    let mut p = heparin_70kg(&lib);
    // no accepted dose, nothing to continue
    assert_eq!(
        p.transfer_summary(fx("250"), Fixed::ZERO),
        Err(ProgError::NoDose)
    );
    assert!(matches!(
        p.set_dose(fx("30")),
        Ok(DoseOutcome::NeedsOverride { .. })
    ));
    assert_eq!(p.confirm(0), Ok(Confirm::PressAgain));
    assert!(matches!(p.confirm(2_000), Ok(Confirm::Accepted(_))));
    let lines = p
        .transfer_summary(fx("250"), fx("100.04"))
        .expect("a summary");
    assert_eq!(
        lines,
        [
            "Infusion stopped - continue on another pump",
            "Care area: Adult ICU",
            "Drug: Heparin 25000 units / 500 mL",
            "Dose: 30 units/kg/h (above soft limit, confirmed)",
            "Weight: 70 kg",
            "Rate: 42.0 mL/h",
            "Infused: 100.0 mL of 250 mL",
            "Remaining: 150.0 mL",
        ]
    );
    // more delivered than the VTBI (the KVO after VTBI complete): nothing remains
    let after_kvo = p
        .transfer_summary(fx("250"), fx("251.3"))
        .expect("a summary");
    assert_eq!(after_kvo[6], "Infused: 251.3 mL of 250 mL");
    assert_eq!(after_kvo[7], "Remaining: 0.0 mL");
}

// verifies: SRS-013, RCM-011
#[test]
fn kvo_of_the_reference_library_entries() {
    let lib = reference_library();
    let entry = |area, number| lib.get_entry(area, number).expect("entry");
    // heparin adult ICU: KVO 1.0 mL/h below 25.2 mL/h
    assert_eq!(
        at_vtbi_complete(Some(&entry(ADULT_ICU, HEPARIN)), fx("25.2")),
        VtbiComplete::Kvo(fx("1"))
    );
    // norepinephrine: KVO 0, the pump stops with a high-priority alarm
    let stop = at_vtbi_complete(Some(&entry(ADULT_ICU, NOREPINEPHRINE)), fx("30"));
    assert_eq!(stop, VtbiComplete::Stop);
    assert_eq!(stop.alarm_priority(), AlarmPriority::High);
    // neonatal heparin: KVO 0.1 mL/h; at a programmed 0.1 mL/h it stays 0.1
    assert_eq!(
        at_vtbi_complete(Some(&entry(NEONATAL_ICU, NEONATAL_HEPARIN)), fx("0.1")),
        VtbiComplete::Kvo(fx("0.1"))
    );
}

// verifies: SRS-027, RCM-010
#[test]
fn bolus_lockout_holds_for_heparin_in_either_concentration() {
    let lib = reference_library();
    let h500 = lib.get_entry(ADULT_ICU, HEPARIN).expect("heparin 500 mL");
    let h250 = lib.get_entry(ADULT_ICU, 102).expect("heparin 250 mL");
    let mut clock = BolusClock::new();
    clock.bolus_ended(&h500.name, 60_000);
    // the infusion is stopped and heparin 25,000 units in 250 mL programmed instead
    let since = clock.since_last_s(&h250.name, 60_000 + 5 * 60_000);
    assert_eq!(
        lim_check_bolus(&h250, fx("2500"), since),
        BolusResult::Lockout { remaining_s: 300 }
    );
    let since = clock.since_last_s(&h250.name, 60_000 + 10 * 60_000);
    assert_eq!(lim_check_bolus(&h250, fx("2500"), since), BolusResult::Ok);
}
