//! Word lists and sentence templates for synthetic record text.
//!
//! Everything produced here is a valid YAML plain scalar (no `: `, no ` #`, no
//! leading indicator character) so that records can carry it unquoted, and it never
//! contains a line that is exactly `---`.

use crate::rng::Rng;

const ACTORS: &[&str] = &[
    "dose calculator",
    "pump controller",
    "alarm manager",
    "glucose sensor driver",
    "bolus wizard",
    "basal scheduler",
    "event log",
    "battery monitor",
    "display task",
    "occlusion detector",
    "Bluetooth link",
    "settings store",
    "watchdog supervisor",
    "therapy state machine",
    "clinician menu",
    "firmware updater",
    "audit trail",
    "reservoir tracker",
    "keypad handler",
    "time base",
];

const VERBS: &[&str] = &[
    "reject",
    "record",
    "limit",
    "display",
    "validate",
    "confirm",
    "suspend",
    "report",
    "encrypt",
    "timestamp",
    "retry",
    "acknowledge",
    "escalate",
    "store",
    "compare",
    "discard",
    "recalculate",
    "lock",
    "announce",
    "verify",
];

const OBJECTS: &[&str] = &[
    "out-of-range glucose readings",
    "bolus requests above the maximum dose",
    "basal rate changes",
    "occlusion alarms",
    "low battery warnings",
    "sensor calibration values",
    "insulin on board",
    "reservoir volume estimates",
    "pairing requests",
    "therapy settings",
    "time zone changes",
    "corrupted configuration blocks",
    "missed bolus reminders",
    "delivery history entries",
    "motor step counts",
    "user PIN entries",
    "temporary basal programs",
    "carbohydrate ratios",
    "alarm silence requests",
    "firmware image signatures",
];

const CONDITIONS: &[&str] = &[
    "when the sensor signal is lost for more than 10 minutes",
    "before any insulin is delivered",
    "while a bolus is in progress",
    "after a power cycle",
    "when the reservoir holds less than 10 units",
    "if the stored checksum does not match",
    "during the first 24 hours after insertion",
    "when the user confirms the dialog",
    "whenever the battery voltage drops below 3.3 V",
    "in every therapy mode except suspend",
    "if the clinician has locked the settings",
    "when two consecutive readings disagree by more than 20 percent",
    "after the watchdog expires",
    "while the device is connected to the charger",
    "when the system clock jumps by more than one hour",
];

const LIMITS: &[&str] = &[
    "within 200 ms",
    "within one second",
    "within 5 seconds",
    "at least once per minute",
    "with no more than 0.05 units of error",
    "before the next delivery cycle",
    "within three motor steps",
    "without user interaction",
];

const RATIONALES: &[&str] = &[
    "This keeps a single failed reading from changing the delivered dose.",
    "The clinician relies on this value when adjusting therapy.",
    "Field experience with the previous generation showed this failure mode.",
    "The behaviour follows the usability study findings from the last release.",
    "A silent failure here could lead to an unnoticed overdose.",
    "The limit comes from the insulin labelling and the clinical protocol.",
    "Users expect the same behaviour as on the handheld meter.",
    "The value is shown on the home screen and in the delivery history.",
    "Regulatory feedback asked for an explicit statement of this behaviour.",
    "Keeping the check in one place makes the unit test straightforward.",
    "The hardware team confirmed the timing budget for this path.",
    "Without it the event log could not be used in a complaint investigation.",
];

const NOTES: &[&str] = &[
    "See the risk management file for the severity estimate.",
    "The same rule applies to values entered through the companion app.",
    "Messages are worded as agreed with the human factors team.",
    "Values are stored in SI units and converted for display only.",
    "The check runs on the safety processor, not on the application core.",
    "Traceability to the hazard analysis is kept in the linked records.",
    "Boundary values are part of the verification set.",
    "The behaviour is identical on both hardware revisions.",
];

const SWI_NAMES: &[&str] = &[
    "Dose engine",
    "Alarm service",
    "Sensor frontend",
    "Motor control",
    "User interface",
    "Communication stack",
    "Persistence layer",
    "Power management",
    "Event logging",
    "Safety supervisor",
    "Update manager",
    "Time service",
];

const UNIT_SUFFIXES: &[&str] = &[
    "parser",
    "validator",
    "scheduler",
    "state machine",
    "driver",
    "buffer",
    "codec",
    "filter",
    "watchdog",
    "adapter",
];

const SOUP_NAMES: &[(&str, &str, &str, &str)] = &[
    (
        "FreeRTOS-Kernel",
        "Amazon Web Services",
        "MIT",
        "pkg:github/freertos/freertos-kernel",
    ),
    (
        "mbedtls",
        "Trusted Firmware",
        "Apache-2.0",
        "pkg:github/mbed-tls/mbedtls",
    ),
    (
        "littlefs",
        "Arm Limited",
        "BSD-3-Clause",
        "pkg:github/littlefs-project/littlefs",
    ),
    (
        "zlib",
        "Jean-loup Gailly and Mark Adler",
        "Zlib",
        "pkg:github/madler/zlib",
    ),
    ("lvgl", "LVGL Kft", "MIT", "pkg:github/lvgl/lvgl"),
    (
        "nanopb",
        "Petteri Aimonen",
        "Zlib",
        "pkg:github/nanopb/nanopb",
    ),
    (
        "serde",
        "The serde developers",
        "MIT OR Apache-2.0",
        "pkg:cargo/serde",
    ),
    (
        "heapless",
        "The Rust Embedded team",
        "MIT OR Apache-2.0",
        "pkg:cargo/heapless",
    ),
    (
        "CMSIS",
        "Arm Limited",
        "Apache-2.0",
        "pkg:github/arm-software/cmsis_6",
    ),
    (
        "tinycbor",
        "Intel Corporation",
        "MIT",
        "pkg:github/intel/tinycbor",
    ),
];

const HAZARDS: &[(&str, &str, &str)] = &[
    (
        "Insulin overdose",
        "too much insulin is delivered",
        "severe hypoglycaemia",
    ),
    (
        "Insulin underdose",
        "too little insulin is delivered",
        "hyperglycaemia and ketoacidosis",
    ),
    (
        "Delayed alarm",
        "the user is not warned in time",
        "untreated hypoglycaemia",
    ),
    (
        "Wrong glucose value shown",
        "the user doses on a wrong reading",
        "hypoglycaemia",
    ),
    (
        "Loss of therapy",
        "delivery stops without notice",
        "hyperglycaemia",
    ),
    (
        "Data disclosure",
        "health data leaves the device",
        "loss of privacy",
    ),
    (
        "Battery overheating",
        "the cell heats up against the skin",
        "burns",
    ),
    (
        "Air in the line",
        "air is pushed instead of insulin",
        "missed dose",
    ),
];

const SEVERITIES: &[&str] = &["negligible", "minor", "serious", "critical", "catastrophic"];
const PROBABILITIES: &[&str] = &["improbable", "remote", "occasional", "probable", "frequent"];

/// SRS categories from the item format (IEC 62304 5.2.2).
pub const CATEGORIES: &[&str] = &[
    "functional",
    "performance",
    "interface",
    "alarm",
    "security",
    "usability",
    "data",
    "installation",
    "operation",
    "network",
    "regulatory",
];

/// Capitalises the first ASCII letter.
fn capitalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    out
}

/// A title for a requirement-like item, e.g. "Reject out-of-range glucose readings".
pub fn requirement_title(rng: &mut Rng) -> String {
    let verb = rng.pick(VERBS);
    let object = rng.pick(OBJECTS);
    if rng.chance(30) {
        format!(
            "{} {} in the {}",
            capitalise(verb),
            object,
            rng.pick(ACTORS)
        )
    } else {
        format!("{} {}", capitalise(verb), object)
    }
}

/// A "shall" sentence.
pub fn shall_sentence(rng: &mut Rng) -> String {
    let actor = rng.pick(ACTORS);
    let verb = rng.pick(VERBS);
    let object = rng.pick(OBJECTS);
    match rng.below(3) {
        0 => format!(
            "The {actor} shall {verb} {object} {}.",
            rng.pick(CONDITIONS)
        ),
        1 => format!("The {actor} shall {verb} {object} {}.", rng.pick(LIMITS)),
        _ => format!(
            "{} the {actor} shall {verb} {object} {}.",
            capitalise(rng.pick(CONDITIONS)),
            rng.pick(LIMITS)
        ),
    }
}

/// A Markdown body of `sentences` sentences (2–4), wrapped at 88 columns, ending in
/// a newline. The first is a "shall" sentence; the rest are rationale and notes.
pub fn body(rng: &mut Rng, sentences: usize) -> String {
    let mut parts = vec![shall_sentence(rng)];
    for i in 1..sentences {
        let pool = if i % 2 == 1 { RATIONALES } else { NOTES };
        let mut s = rng.pick(pool).to_string();
        // Avoid repeating the exact same sentence in one body.
        while parts.contains(&s) {
            s = rng.pick(pool).to_string();
        }
        parts.push(s);
    }
    wrap(&parts.join(" "), 88)
}

/// Greedy word wrap; every line ends in `\n`.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_len = 0;
    for word in text.split_whitespace() {
        if line_len > 0 && line_len + 1 + word.len() > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.len();
    }
    out.push('\n');
    out
}

/// A name for a software item or unit.
pub fn swi_title(rng: &mut Rng, level: &str, index: usize) -> String {
    match level {
        "system" => "Insulin pump firmware".to_string(),
        "item" => format!("{} {}", rng.pick(SWI_NAMES), index),
        _ => format!(
            "{} {} {}",
            rng.pick(SWI_NAMES),
            rng.pick(UNIT_SUFFIXES),
            index
        ),
    }
}

/// A description of interfaces for a software item.
pub fn interfaces(rng: &mut Rng) -> String {
    format!(
        "Message queue to the {} and shared read-only state with the {}",
        rng.pick(ACTORS),
        rng.pick(ACTORS)
    )
}

/// A one-line detailed design note for a unit.
pub fn detailed_design(rng: &mut Rng) -> String {
    format!(
        "Table-driven {} with a fixed-size buffer of {} entries and no dynamic allocation",
        rng.pick(UNIT_SUFFIXES),
        8 << rng.below(5)
    )
}

/// SOUP fields: name, supplier, license, purl base.
pub fn soup(index: usize) -> (&'static str, &'static str, &'static str, &'static str) {
    SOUP_NAMES[index % SOUP_NAMES.len()]
}

/// A version string.
pub fn version(rng: &mut Rng) -> String {
    format!("{}.{}.{}", rng.range(1, 9), rng.below(20), rng.below(10))
}

/// Hazard, hazardous situation and harm.
pub fn hazard(rng: &mut Rng) -> (&'static str, &'static str, &'static str) {
    HAZARDS[rng.below(HAZARDS.len())]
}

/// A sequence of events leading to a hazard.
pub fn sequence_of_events(rng: &mut Rng) -> String {
    format!(
        "The {} fails to {} {} {}",
        rng.pick(ACTORS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(CONDITIONS)
    )
}

/// A random initial severity index, serious or worse.
pub fn severity(rng: &mut Rng) -> usize {
    rng.range(2, SEVERITIES.len() - 1)
}

/// The name of severity level `i`.
pub fn severity_name(i: usize) -> &'static str {
    SEVERITIES[i.min(SEVERITIES.len() - 1)]
}

/// The name of probability level `i`.
pub fn probability_name(i: usize) -> &'static str {
    PROBABILITIES[i.min(PROBABILITIES.len() - 1)]
}

/// A title for a risk control measure.
pub fn rcm_title(rng: &mut Rng) -> String {
    format!(
        "{} {} independently of the {}",
        capitalise(rng.pick(VERBS)),
        rng.pick(OBJECTS),
        rng.pick(ACTORS)
    )
}

/// A title for a test.
pub fn test_title(rng: &mut Rng, level: &str) -> String {
    let what = match level {
        "unit" => "Unit test of",
        "integration" => "Integration test of",
        _ => "System test of",
    };
    format!("{what} {} {}", rng.pick(ACTORS), rng.pick(VERBS))
}

/// A two-step test procedure.
pub fn procedure(rng: &mut Rng) -> String {
    format!(
        "1. Set up the {} with {}.\n2. Trigger the condition {}.\n",
        rng.pick(ACTORS),
        rng.pick(OBJECTS),
        rng.pick(CONDITIONS)
    )
}

/// The expected result of a test.
pub fn expected(rng: &mut Rng) -> String {
    format!(
        "The {} reports {} {}",
        rng.pick(ACTORS),
        rng.pick(OBJECTS),
        rng.pick(LIMITS)
    )
}

/// An automated test name, `module::case_N`.
pub fn automated_name(rng: &mut Rng, n: usize) -> String {
    let actor = rng.pick(ACTORS).replace(' ', "_").to_lowercase();
    let verb = rng.pick(VERBS);
    format!("{actor}::{verb}_case_{n}")
}

/// A title for a system requirement.
pub fn sys_title(rng: &mut Rng) -> String {
    format!("The system shall {} {}", rng.pick(VERBS), rng.pick(OBJECTS))
}

/// A short cause of a hazard in one software item.
pub fn cause(rng: &mut Rng) -> String {
    format!("fails to {} {}", rng.pick(VERBS), rng.pick(OBJECTS))
}
