#![doc = include_str!("../README.md")]

pub mod codec;
mod error;
// Written by `cargo xtask codegen` (prettyplease), not rustfmt; `cargo fmt` leaves it alone.
#[rustfmt::skip]
mod generated;
pub mod middleware;
mod pages;
mod transport;

/// The runtime contract: everything the generated client code uses, and nothing else.
/// Generated code names only this module (`crate::__codegen` here,
/// `centiacrm_client::__codegen` from other crates). Not for hand-written code.
#[doc(hidden)]
pub mod __codegen {
    pub use centiacrm_types::{DayMonthYear, IsoDate, JsonObject, JsonValue, NoParams};

    pub use crate::transport::CredentialsLogin;
    pub use crate::{ClientBuilder, Error, ItemStream, PageStream, Transport};
}

pub use centiacrm_types as types;
pub use centiacrm_types::ErrorCode;
pub use error::{Error, REQUEST_ID_HEADER};
pub use generated::*;
pub use middleware::{AsyncMiddleware, Middleware};
pub use pages::{ListPage, PageStream};
pub use transport::{
    CallOptions, ClientBuilder, DEFAULT_TIMEOUT, ItemStream, RetryPolicy, Transport,
};
