//! A typed async client for the centiaCRM API.
//!
//! ```no_run
//! # async fn run() -> Result<(), centiacrm_client::Error> {
//! use centiacrm_client::Client;
//! use centiacrm_client::types::companies::GetCompaniesParams;
//!
//! let client = Client::new(centiacrm_client::DEFAULT_BASE_URL)?;
//! client.login("ana@example.com", "secret").await?;
//! let page = client.companies().get_companies(GetCompaniesParams::builder().profile_id(1).query("acme").build()).await?;
//! println!("{} companies", page.total);
//! # Ok(())
//! # }
//! ```
//!
//! The [`Client`], its namespace handles and their methods are generated from the spec by
//! `cargo xtask codegen` (`src/generated.rs`); the transport under them ([`Transport`],
//! [`ClientBuilder`], [`Error`], pagination) is the hand-written runtime in this crate.

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

    pub use crate::{ClientBuilder, Error, ItemStream, Transport};
}

pub use centiacrm_types as types;
pub use error::{Error, REQUEST_ID_HEADER};
pub use generated::*;
pub use middleware::Middleware;
pub use pages::{ListPage, PageStream};
pub use transport::{
    CallOptions, ClientBuilder, DEFAULT_TIMEOUT, ItemStream, RetryPolicy, Transport,
};
