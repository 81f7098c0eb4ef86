//! Dose-limit engine of the Aquila VP-300 volumetric infusion pump (a fictional device).
//!
//! The units of the programming and dose-limit engine (`SWI-003`) and the library
//! integrity checker (`SWI-007`) that run on the host as well as on the application
//! processor, plus the occlusion detector (`SWI-011`):
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
//! - [`occlusion`]: downstream occlusion detection (`SWI-011`, `SRS-011`).
//!
//! Trace tags in the comments (`implements:` on code, `verifies:` on tests) tie the code
//! to the records in `../dhf`. There is no floating point anywhere in the crate.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calc;
pub mod crc;
pub mod fixed;
pub mod keypad;
pub mod libcheck;
pub mod library;
pub mod limits;
pub mod occlusion;
pub mod programming;

pub use fixed::Fixed;
