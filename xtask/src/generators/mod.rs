//! The generators: one module per artifact, each a pure function of the model.

pub mod client;
pub mod docs;
pub mod rust;
pub mod server;
pub mod types;
