//! What can go wrong in a call, one case per cause.

use std::time::Duration;

/// An error from a centiaCRM call. Every case that concerns a call names its namespace and method.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The method needs the bearer token and none is set: nothing was sent.
    #[error("{namespace}.{method} needs a token: log in first, or set a saved token")]
    NotLoggedIn {
        namespace: &'static str,
        method: &'static str,
    },

    /// The server answered `success: false`.
    #[error("{namespace}.{method} failed (HTTP {status}): {message}")]
    Api {
        namespace: &'static str,
        method: &'static str,
        status: u16,
        message: String,
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
    },

    /// No complete answer within the timeout.
    #[error("{namespace}.{method} timed out after {timeout:?}")]
    Timeout {
        namespace: &'static str,
        method: &'static str,
        timeout: Duration,
    },

    /// The request could not be sent or the answer not received.
    #[error("{namespace}.{method}: transport error: {source}")]
    Transport {
        namespace: &'static str,
        method: &'static str,
        #[source]
        source: reqwest::Error,
    },

    /// The parameters could not be written as JSON (a map key that is not a string, ...).
    #[error("{namespace}.{method}: cannot encode the parameters: {source}")]
    Encode {
        namespace: &'static str,
        method: &'static str,
        #[source]
        source: serde_json::Error,
    },

    /// A paginated list went backwards: the server did not return the page asked for.
    #[error("{namespace}.{method}: asked for page {asked}, the server returned page {returned}")]
    Pagination {
        namespace: &'static str,
        method: &'static str,
        asked: i64,
        returned: i64,
    },

    /// The base URL given to the client is not an http(s) URL.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },

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
