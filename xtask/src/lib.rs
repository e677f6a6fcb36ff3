//! The centiaCRM code generator: spec → model → generators → files.
//!
//! - [`spec`] reads and validates the YAML spec into the [`model`];
//! - [`names`] turns wire names into Rust identifiers;
//! - [`generators`] holds one generator per artifact;
//! - [`codegen`] writes the artifacts, or checks that the checked-in ones are current.

pub mod codegen;
pub mod generators;
pub mod model;
pub mod names;
pub mod spec;
