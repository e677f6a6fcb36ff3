//! The Markdown outside the published crates, with its Rust snippets as doctests: a
//! snippet that does not compile fails `cargo test`. (Each published crate's README is
//! its own crate documentation, and so tested with it.)

#[doc = include_str!("../../../README.md")]
pub mod readme {}
