//! Hooks around every attempt of every call, in progenitor's style: one before the request
//! is sent, one after its answer (or failure). They see which API method is called, and
//! whether it is idempotent, which generic HTTP middleware cannot tell (every call is a POST).

use std::future::Future;
use std::pin::Pin;
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
    /// `request_id` as a header value, made once per call rather than once per attempt.
    pub(crate) request_id_header: &'a HeaderValue,
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

/// Why an [`AsyncMiddleware`] refused to send a request: any error.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Asynchronous work before every attempt of every call, which may fail the call: fetching
/// a token, signing the request, asking a rate limiter. Add it with
/// [`ClientBuilder::async_middleware`](crate::ClientBuilder::async_middleware).
///
/// It runs after every [`Middleware::on_request`] and the call's own headers, in the order
/// added, and only when some is added (a client without one pays nothing for it). An error
/// fails the call with [`Error::Middleware`](crate::Error::Middleware), and nothing is
/// sent; it is not retried.
///
/// ```
/// use centiacrm_client::middleware::{AsyncMiddleware, BoxError, CallInfo};
///
/// /// Signs each request with a key fetched when it is needed.
/// struct Sign;
///
/// impl AsyncMiddleware for Sign {
///     async fn before_send(
///         &self,
///         _call: &CallInfo<'_>,
///         request: &mut reqwest::Request,
///     ) -> Result<(), BoxError> {
///         let key = fetch_key().await?;
///         request.headers_mut().insert("x-signature", key.parse()?);
///         Ok(())
///     }
/// }
///
/// async fn fetch_key() -> Result<String, BoxError> {
///     Ok("k-1".to_string())
/// }
/// ```
pub trait AsyncMiddleware: Send + Sync + 'static {
    /// Before each attempt is sent: may change the request, or fail the call.
    fn before_send(
        &self,
        call: &CallInfo<'_>,
        request: &mut reqwest::Request,
    ) -> impl Future<Output = Result<(), BoxError>> + Send;
}

/// [`AsyncMiddleware`] as a trait object: its future boxed.
pub(crate) trait DynAsyncMiddleware: Send + Sync {
    fn before_send<'a>(
        &'a self,
        call: &'a CallInfo<'a>,
        request: &'a mut reqwest::Request,
    ) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>>;
}

impl<T: AsyncMiddleware> DynAsyncMiddleware for T {
    fn before_send<'a>(
        &'a self,
        call: &'a CallInfo<'a>,
        request: &'a mut reqwest::Request,
    ) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>> {
        Box::pin(AsyncMiddleware::before_send(self, call, request))
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
        request
            .headers_mut()
            .entry(REQUEST_ID_HEADER)
            .or_insert_with(|| call.request_id_header.clone());
    }
}

/// A call's id: 32 hex digits (128 bits, as many as a UUID), and the same as a header value.
pub(crate) struct NewRequestId {
    digits: [u8; 32],
    pub(crate) header: HeaderValue,
}

impl NewRequestId {
    /// A fresh random id, written without `format!`: it is made for every call.
    pub(crate) fn new() -> Self {
        let random = fastrand::u128(..);
        let mut digits = [0; 32];
        for (i, digit) in digits.iter_mut().enumerate() {
            *digit = b"0123456789abcdef"[(random >> (124 - 4 * i) & 0xf) as usize];
        }
        let header = HeaderValue::from_bytes(&digits).expect("hex digits make a header value");
        Self { digits, header }
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits).expect("hex digits are ASCII")
    }
}

#[cfg(test)]
mod tests {
    use super::NewRequestId;

    #[test]
    fn request_ids_are_hex_and_differ() {
        let (a, b) = (NewRequestId::new(), NewRequestId::new());
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a.header.to_str().unwrap(), a.as_str());
        assert_ne!(a.as_str(), b.as_str());
    }

    #[test]
    fn request_ids_are_the_random_number_in_hex() {
        // The same digits as `format!("{:032x}")`, leading zeros included.
        fastrand::seed(7);
        let expected = format!("{:032x}", fastrand::u128(..));
        fastrand::seed(7);
        assert_eq!(NewRequestId::new().as_str(), expected);
    }
}
