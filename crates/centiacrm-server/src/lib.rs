//! Serve the centiaCRM API with the same types as the client.
//!
//! Implement [`Authenticate`], one trait per namespace you serve ([`Auth`], [`Companies`],
//! ...) with the methods you serve, and [`Api`], whose method per namespace returns what
//! serves it (`self`); methods and namespaces left out answer 501
//! ([`ApiError::not_implemented`]). Then serve `Server::new(service).router()` (axum) with
//! [`serve`], which applies [`Limits`] (header, body and request timeouts, a connection
//! cap) by default, or drive `Server::new(service).dispatcher()` yourself. The traits and the dispatch
//! table are generated from the spec (`src/generated.rs`); the pipeline
//! (envelopes, errors, limits, token checking) is the hand-written part.
//!
//! The server is strict: a malformed envelope, a wrong type, a missing required
//! parameter, an unknown enum value or a badly formatted date is a 400 whose message names
//! the field; a missing or invalid token is a 401; an unknown namespace or method a 404; a
//! body over the limit a 413, one too slow a 408, one that breaks off a 400; a panicking
//! handler a 500, and the server keeps serving.
//!
//! Internal errors are private: [`ApiError::internal`] takes the message the client reads
//! (sent with the request id) and a cause that only the log gets, at error level with the
//! same id; panics and answers that cannot be encoded are handled the same way. Handlers
//! see the request id and headers through [`Context::request_id`] and
//! [`Context::headers`]; an `x-request-id` that is not 1 to [`MAX_REQUEST_ID_LEN`] plain
//! characters is replaced. A client's strings reach logs and messages only escaped and cut
//! at [`MAX_ECHO_CHARS`]; no parameter value is logged.

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
