//! `x-request-id`: the client's own when it is a plain, short token, a new one otherwise.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries a request's id, both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The longest request id kept from a client, in bytes; a longer one is replaced.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The request's id: its `x-request-id` when that is 1 to [`MAX_REQUEST_ID_LEN`] ASCII
/// letters, digits, `-`, `_`, `.` or `:`, a new UUID otherwise. So an id is never echoed
/// long or with characters a log or a header would have to escape.
pub(crate) fn of(headers: &HeaderMap) -> HeaderValue {
    headers
        .get(REQUEST_ID_HEADER)
        .filter(|value| is_plain(value.as_bytes()))
        .cloned()
        .unwrap_or_else(new_id)
}

fn is_plain(id: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn new_id() -> HeaderValue {
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    HeaderValue::from_str(&id).expect("a UUID is a header value")
}

/// Middleware (`router.layer(axum::middleware::from_fn(set_request_id))`) that gives every
/// request its id (see [`Context::request_id`](crate::Context::request_id)) before the
/// layers inside it run, and every answer the same id, fallbacks and errors included.
/// [`router`](crate::router) applies it; applied twice, it keeps the outer one's id.
pub async fn set_request_id(mut request: Request, next: Next) -> Response {
    let id = of(request.headers());
    request.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID_HEADER, id);
    response
}
