//! The generator's output for the fixture specs in `xtask/tests/specs/good/`, compiled.
//!
//! `cargo xtask codegen` writes these modules like the real crates, so every type feature
//! the fixtures exercise is known to build, and to pass clippy, before the real spec uses it.

/// From `features.yaml`: every type feature of the spec format. Written by
/// `cargo xtask codegen` (prettyplease), not rustfmt; `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod features {
    pub mod client;
    pub mod server;
    pub mod types;
}

/// The fixtures' Markdown docs, their Rust snippets compiled as doctests.
#[cfg(doctest)]
pub mod docs {
    #[doc = include_str!("../docs/README.md")]
    pub mod index {}
    #[doc = include_str!("../docs/session.md")]
    pub mod session {}
    #[doc = include_str!("../docs/widgets.md")]
    pub mod widgets {}
}
