//! The generators: one module per artifact, each a pure function of the model.

pub mod rust;
pub mod types;
pub mod client;
pub mod server;
pub mod docs;
