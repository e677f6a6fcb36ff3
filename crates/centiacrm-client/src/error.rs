//! What can go wrong in a call, one case per cause.

use std::time::Duration;

use centiacrm_types::ErrorCode;
use reqwest::header::HeaderMap;

/// The header that carries a request's id, sent by the client and answered by the server.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// An error from a centiaCRM call. Every case that concerns a call names its namespace and
/// method, and carries the `x-request-id` the client made for it, sent or not
/// ([`Error::request_id`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The method needs the bearer token and none is set: nothing was sent.
    #[error("{namespace}.{method} needs a token: log in first, or set a saved token")]
    NotLoggedIn {
        namespace: &'static str,
        method: &'static str,
        /// The id the call would have been sent with.
        request_id: Option<Box<str>>,
    },

    /// The server answered `success: false`.
    #[error("{namespace}.{method} failed (HTTP {status}): {message}")]
    Api {
        namespace: &'static str,
        method: &'static str,
        status: u16,
        /// The envelope's `code`; `None` if the answer has none (or not a string).
        code: Option<ErrorCode>,
        message: String,
        /// The response headers (boxed: errors stay small).
        headers: Box<HeaderMap>,
        /// The `x-request-id` the request was sent with.
        request_id: Option<Box<str>>,
    },

    /// The body is not the envelope, or its `response` is not what the spec says.
    #[error(
        "{namespace}.{method}: cannot decode the response (HTTP {status}): {reason}; the body starts with {body_start:?}"
    )]
    Decode {
        namespace: &'static str,
        method: &'static str,
        status: u16,
        reason: String,
        body_start: String,
        /// The response headers (boxed: errors stay small).
        headers: Box<HeaderMap>,
        /// The `x-request-id` the request was sent with.
        request_id: Option<Box<str>>,
    },

    /// No complete answer within the timeout.
    #[error("{namespace}.{method} timed out after {timeout:?}")]
    Timeout {
        namespace: &'static str,
        method: &'static str,
        timeout: Duration,
        /// The `x-request-id` the request was sent with.
        request_id: Option<Box<str>>,
    },

    /// The request could not be sent or the answer not received.
    #[error("{namespace}.{method}: transport error: {source}")]
    Transport {
        namespace: &'static str,
        method: &'static str,
        #[source]
        source: reqwest::Error,
        /// The `x-request-id` the request was (or would have been) sent with.
        request_id: Option<Box<str>>,
    },

    /// An [`AsyncMiddleware`](crate::middleware::AsyncMiddleware) failed the call before
    /// this attempt was sent.
    #[error("{namespace}.{method}: a middleware refused to send it: {source}")]
    Middleware {
        namespace: &'static str,
        method: &'static str,
        #[source]
        source: crate::middleware::BoxError,
        /// The `x-request-id` the request would have been sent with.
        request_id: Option<Box<str>>,
    },

    /// The parameters could not be written as JSON (a map key that is not a string, ...).
    #[error("{namespace}.{method}: cannot encode the parameters: {source}")]
    Encode {
        namespace: &'static str,
        method: &'static str,
        #[source]
        source: serde_json::Error,
        /// The id the call would have been sent with.
        request_id: Option<Box<str>>,
    },

    /// A paginated list went backwards: the server did not return the page asked for.
    #[error("{namespace}.{method}: asked for page {asked}, the server returned page {returned}")]
    Pagination {
        namespace: &'static str,
        method: &'static str,
        asked: i64,
        returned: i64,
        /// The `x-request-id` of the call that returned the wrong page.
        request_id: Option<Box<str>>,
    },

    /// The base URL given to the client is not an http(s) URL.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },

    /// The `User-Agent` given to the client builder is not a valid header value.
    #[error("invalid User-Agent {value:?}: not a valid header value")]
    InvalidUserAgent { value: String },

    /// The HTTP client could not be built (TLS setup).
    #[error("cannot build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}

impl Error {
    /// The server's message, for `success: false` answers.
    pub fn api_message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The envelope's `code` of a `success: false` answer, to match on:
    /// `Err(e) if e.code() == Some(&ErrorCode::Conflict)`. `None` for the other cases, and
    /// for an answer without a code.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Error::Api { code, .. } => code.as_ref(),
            _ => None,
        }
    }

    /// The error with the answer's headers, for the cases that come from an answer.
    pub(crate) fn with_headers(mut self, answer_headers: HeaderMap) -> Self {
        if let Error::Api { headers, .. } | Error::Decode { headers, .. } = &mut self {
            **headers = answer_headers;
        }
        self
    }

    /// The error with the id its request was (or would have been) sent with, unless it
    /// has one already.
    pub(crate) fn with_request_id(mut self, id: &str) -> Self {
        if let Some(slot @ None) = self.request_id_slot() {
            *slot = Some(id.into());
        }
        self
    }

    fn request_id_slot(&mut self) -> Option<&mut Option<Box<str>>> {
        match self {
            Error::NotLoggedIn { request_id, .. }
            | Error::Api { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::Timeout { request_id, .. }
            | Error::Transport { request_id, .. }
            | Error::Encode { request_id, .. }
            | Error::Middleware { request_id, .. }
            | Error::Pagination { request_id, .. } => Some(request_id),
            Error::InvalidBaseUrl { .. } | Error::InvalidUserAgent { .. } | Error::Build(_) => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The headers of the answer, when there was one.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. } | Error::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The `x-request-id` of the call, to quote when reporting a problem: the one the client
    /// sent (or would have sent, if nothing was), for every case that concerns a call.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::NotLoggedIn { request_id, .. }
            | Error::Api { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::Timeout { request_id, .. }
            | Error::Transport { request_id, .. }
            | Error::Encode { request_id, .. }
            | Error::Middleware { request_id, .. }
            | Error::Pagination { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
        .or_else(|| self.answered_request_id())
    }

    /// The `x-request-id` the server answered with (the same as the one sent, unless the
    /// server makes its own).
    pub fn answered_request_id(&self) -> Option<&str> {
        self.headers()?.get(REQUEST_ID_HEADER)?.to_str().ok()
    }

    /// Whether the server refused the token (HTTP 401).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// Whether the same call may succeed if sent again: a timeout, a broken connection,
    /// HTTP 429, 502, 503 or 504. The client retries such errors on idempotent calls only
    /// (see [`Error::was_never_sent`] for the others).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => !source.is_builder() && !source.is_redirect(),
            _ => matches!(self.status(), Some(429 | 502 | 503 | 504)),
        }
    }

    /// Whether the request provably never reached the server: the connection could not be
    /// made, so not a byte of it was sent. Such a call may be sent again even if it is not
    /// idempotent.
    pub fn was_never_sent(&self) -> bool {
        match self {
            Error::Transport { source, .. } => source.is_connect(),
            Error::NotLoggedIn { .. } | Error::Middleware { .. } => true,
            _ => false,
        }
    }

    /// How long the server asked to wait before the next try (`Retry-After`, in seconds
    /// or as an HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self
            .headers()?
            .get(reqwest::header::RETRY_AFTER)?
            .to_str()
            .ok()?;
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let at = httpdate::parse_http_date(value).ok()?;
        Some(
            at.duration_since(std::time::SystemTime::now())
                .unwrap_or(Duration::ZERO),
        )
    }
}

/// How much of a body a decode error shows.
const BODY_START_CHARS: usize = 200;

/// The start of a body, as text, for error messages.
pub(crate) fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_START_CHARS * 4)]);
    let mut start: String = text.chars().take(BODY_START_CHARS).collect();
    if start.len() < text.len() || body.len() > BODY_START_CHARS * 4 {
        start.push('…');
    }
    start
}
