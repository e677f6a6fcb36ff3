//! A typed async client for the centiaCRM API. The README's example, kept equal to it by
//! `tests/readme.rs`:
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use centiacrm_client::middleware::CallInfo;
//! use centiacrm_client::types::companies::GetCompaniesParams;
//! use centiacrm_client::{Client, Error, Middleware, RetryPolicy};
//! use futures_util::{StreamExt, TryStreamExt};
//!
//! /// Middleware sees every attempt of every call: here it adds a header.
//! struct Tenant;
//!
//! impl Middleware for Tenant {
//!     fn on_request(&self, _call: &CallInfo<'_>, request: &mut reqwest::Request) {
//!         let tenant = reqwest::header::HeaderValue::from_static("acme");
//!         request.headers_mut().insert("x-tenant", tenant);
//!     }
//! }
//!
//! async fn run() -> Result<(), Error> {
//!     let client = Client::builder(centiacrm_client::DEFAULT_BASE_URL)
//!         // Logs in on first use, and once more when a token is refused (401); the
//!         // login is retried as reads are (resending a login creates nothing).
//!         .credentials("ana@example.com", "secret")
//!         // Reads are retried on timeouts, 429 (after Retry-After), 502, 503, 504;
//!         // writes only when the connection was never made.
//!         .retry(RetryPolicy::default().max_attempts(5))
//!         .timeout(Duration::from_secs(10))
//!         .middleware(Tenant)
//!         .build()?;
//!
//!     // Every parameter is set by name; `build()` compiles only once the required ones are.
//!     let params = GetCompaniesParams::builder().profile_id(1).query("acme").build();
//!     let page = client.companies().get_companies(params).await?;
//!     println!("{} companies", page.total);
//!
//!     // Page by page, with the list's counters; after an error, `resume()` asks again.
//!     let params = GetCompaniesParams::builder().profile_id(1).build();
//!     let mut pages = client.companies().get_companies_pages(params);
//!     while let Some(page) = pages.next().await {
//!         match page {
//!             Ok(page) => println!("page {} of {}", page.current_page, page.last_page),
//!             Err(err) if err.is_retryable() => {
//!                 pages.resume();
//!             }
//!             Err(err) => return Err(err),
//!         }
//!     }
//!
//!     // Or every company of every page, a page fetched when the stream reaches it.
//!     let params = GetCompaniesParams::builder().profile_id(1).build();
//!     let all: Vec<_> = client.companies().get_companies_stream(params).try_collect().await?;
//!     println!("{}", all.len());
//!     Ok(())
//! }
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

    pub use crate::transport::CredentialsLogin;
    pub use crate::{ClientBuilder, Error, ItemStream, PageStream, Transport};
}

pub use centiacrm_types as types;
pub use centiacrm_types::ErrorCode;
pub use error::{Error, REQUEST_ID_HEADER};
pub use generated::*;
pub use middleware::Middleware;
pub use pages::{ListPage, PageStream};
pub use transport::{
    CallOptions, ClientBuilder, DEFAULT_TIMEOUT, ItemStream, RetryPolicy, Transport,
};
