//! The centiaCRM code generator: spec → model → generators → files.
//!
//! - [`spec`] reads and validates the YAML spec into the [`model`];
//! - [`names`] turns wire names into Rust names: one rule per kind of name, and the view
//!   that holds every Rust name of an API;
//! - [`generators`] holds one generator per artifact, each reading a [`generators::Context`];
//! - [`codegen`] is the entry point ([`codegen::render`]) and writes the artifacts, or checks
//!   that the checked-in ones are current.

pub mod codegen;
pub mod diff;
pub mod generators;
pub mod layout;
pub mod loc;
pub mod model;
pub mod names;
pub mod spec;
