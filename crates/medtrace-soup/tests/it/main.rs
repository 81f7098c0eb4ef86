//! The integration tests of medtrace-soup: one module per lockfile format.

mod cargo;
mod composer;
mod detect;
mod gem;
mod golang;
mod npm;
mod pnpm;
mod python;
mod yarn;
