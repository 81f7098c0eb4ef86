//! Dose-limit engine of the Aquila VP-300 volumetric infusion pump (a fictional device).
//!
//! The units of the programming and dose-limit engine (`SWI-003`) and the library
//! integrity checker (`SWI-007`) that run on the host as well as on the application
//! processor, the occlusion detector (`SWI-011`) and the parts of the delivery controller
//! (`SWI-004`) and the drug library manager (`SWI-002`) that decide about delivery and
//! access, and two parts of the independent rate monitor (`SWI-014`), which are compiled
//! for the safety processor as well:
//!
//! - [`fixed`]: 64-bit fixed-point arithmetic with checked overflow (`SRS-024`);
//! - [`crc`]: CRC-32 as zlib computes it, with the `crc` crate (`SRS-017`, `SOUP-007`);
//! - [`library`]: drug library entries, care areas, their structure rules (`SRS-001`)
//!   and the byte layout of the library image;
//! - [`libcheck`]: the integrity checker: image and entry CRCs, version rule (`SWI-007`);
//! - [`calc`]: dose to rate and back (`SWI-009`, `SRS-005`);
//! - [`limits`]: hard and soft limits for doses, weights and boluses (`SWI-010`);
//! - [`keypad`]: the keypad entry parser (`SWI-008`, `SRS-007`);
//! - [`programming`]: the programming dialogue that ties them together (`SWI-003`);
//! - [`occlusion`]: downstream occlusion detection (`SWI-011`, `SRS-011`);
//! - [`lockout`]: the bolus lockout clock (`SWI-010`, `SRS-027`);
//! - [`kvo`]: the rate at VTBI complete (`SWI-004`, `SRS-013`);
//! - [`steps`]: the motor steps of each control period (`SWI-004`, `SRS-028`);
//! - [`service`]: the gate of the service port (`SWI-002`, `SRS-031`);
//! - [`clockcheck`]: the cross-check of the two processors' clocks (`SWI-014`, `SRS-029`);
//! - [`alarm`]: the audible alarm signal and its silence (`SWI-014`, `SRS-030`).
//!
//! Trace tags in the comments (`implements:` on code, `verifies:` on tests) tie the code
//! to the records in `../dhf`. There is no floating point anywhere in the crate.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod alarm;
pub mod calc;
pub mod clockcheck;
pub mod crc;
pub mod fixed;
pub mod keypad;
pub mod kvo;
pub mod libcheck;
pub mod library;
pub mod limits;
pub mod lockout;
pub mod occlusion;
pub mod programming;
pub mod service;
pub mod steps;

pub use fixed::Fixed;
