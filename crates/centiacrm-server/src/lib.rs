#![doc = include_str!("../README.md")]

mod dispatch;
// Written by `cargo xtask codegen` (prettyplease), not rustfmt; `cargo fmt` leaves it alone.
#[rustfmt::skip]
mod generated;
mod request_id;
mod runtime;
mod serve;
mod text;

/// The runtime contract: everything the generated server code uses, and nothing else.
/// Generated code names only this module (`crate::__codegen` here,
/// `centiacrm_server::__codegen` from other crates). Not for hand-written code.
#[doc(hidden)]
pub mod __codegen {
    pub use axum::Router;
    pub use axum::http::StatusCode;
    pub use centiacrm_types::NoParams;
    pub use centiacrm_types::wire::UnknownKeys;

    pub use crate::{
        ApiError, Authenticate, Call, Context, Dispatcher, Limits, NotImplemented, Reply, Service,
        router,
    };
}

pub use axum::http::StatusCode;
pub use centiacrm_types as types;
pub use dispatch::{Dispatcher, router};
pub use generated::*;
pub use request_id::{MAX_REQUEST_ID_LEN, REQUEST_ID_HEADER, set_request_id};
pub use runtime::{ApiError, Authenticate, Call, Context, NotImplemented, Reply, Service};
pub use serve::{DEFAULT_BODY_LIMIT, Limits, Serve, serve};
pub use text::{MAX_ECHO_CHARS, MAX_MESSAGE_CHARS};
