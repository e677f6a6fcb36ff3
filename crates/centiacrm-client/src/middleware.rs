//! Hooks around every attempt of every call, in progenitor's style: one before the request
//! is sent, one after its answer (or failure). They see which API method is called, and
//! whether it is idempotent, which generic HTTP middleware cannot tell (every call is a POST).

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};

use crate::error::REQUEST_ID_HEADER;

/// The call an attempt belongs to.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallInfo<'a> {
    /// The namespace, e.g. `Companies`.
    pub namespace: &'static str,
    /// The method's wire name, e.g. `GetCompanies`.
    pub method: &'static str,
    /// Whether the method may be sent twice ([`centiacrm_types::ApiMethod::IDEMPOTENT`]).
    pub idempotent: bool,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The id of the call, the same for all its attempts; sent as `x-request-id`.
    pub request_id: &'a str,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Outcome<'a> {
    /// The answer's status, if one came.
    pub status: Option<StatusCode>,
    /// The answer's headers, if one came.
    pub headers: Option<&'a HeaderMap>,
    /// The transport error, if the request or the answer's body failed.
    pub error: Option<&'a reqwest::Error>,
    /// From sending to the whole body read (or the failure).
    pub elapsed: Duration,
}

/// Something done around every attempt of every call; add it with
/// [`ClientBuilder::middleware`](crate::ClientBuilder::middleware).
///
/// Both hooks do nothing by default. They run on the calling task, so they should be quick
/// (record, do not wait).
pub trait Middleware: Send + Sync + 'static {
    /// Before sending: may add or change headers, the timeout, ...
    fn on_request(&self, call: &CallInfo<'_>, request: &mut reqwest::Request) {
        let _ = (call, request);
    }

    /// After the answer is read, or the attempt failed.
    fn on_response(&self, call: &CallInfo<'_>, outcome: &Outcome<'_>) {
        let _ = (call, outcome);
    }
}

/// Sets `User-Agent` (`centiacrm-rust/<version>` by default); built in.
#[derive(Debug, Clone)]
pub struct UserAgent(HeaderValue);

impl Default for UserAgent {
    fn default() -> Self {
        Self(HeaderValue::from_static(concat!(
            "centiacrm-rust/",
            env!("CARGO_PKG_VERSION")
        )))
    }
}

impl UserAgent {
    /// `None` if `value` is not a valid header value.
    pub fn new(value: &str) -> Option<Self> {
        HeaderValue::from_str(value).ok().map(Self)
    }
}

impl Middleware for UserAgent {
    fn on_request(&self, _call: &CallInfo<'_>, request: &mut reqwest::Request) {
        request.headers_mut().insert(USER_AGENT, self.0.clone());
    }
}

/// Sends the call's id as `x-request-id`, unless a header is already set; built in.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestId;

impl Middleware for RequestId {
    fn on_request(&self, call: &CallInfo<'_>, request: &mut reqwest::Request) {
        if let Ok(id) = HeaderValue::from_str(call.request_id) {
            request.headers_mut().entry(REQUEST_ID_HEADER).or_insert(id);
        }
    }
}

/// A fresh random id: 32 hex digits (128 bits, as many as a UUID).
pub(crate) fn new_request_id() -> String {
    format!("{:032x}", fastrand::u128(..))
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_ids_are_hex_and_differ() {
        let (a, b) = (super::new_request_id(), super::new_request_id());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
