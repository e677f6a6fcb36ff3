//! From bytes to a handler and back: [`Dispatcher`] without HTTP, [`router`] over axum.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use http_body_util::{BodyExt, LengthLimitError, Limited};
use tokio::time::{Instant, timeout_at};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{
    HeaderMap, HeaderValue,
    header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE},
};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use tracing::Instrument;

use crate::request_id::set_request_id;
use crate::runtime::{ApiError, Call, Reply, Service};
use crate::serve::Limits;
use crate::text::{bounded_message, echo};

/// Routes requests to a [`Service`] (the generated `Server`), whatever carries them.
pub struct Dispatcher<S> {
    service: Arc<S>,
    limits: Arc<Limits>,
}

impl<S> Clone for Dispatcher<S> {
    fn clone(&self) -> Self {
        Self {
            service: self.service.clone(),
            limits: self.limits.clone(),
        }
    }
}

impl<S: Service> Dispatcher<S> {
    pub fn new(service: S) -> Self {
        Self {
            service: Arc::new(service),
            limits: Arc::new(Limits::default()),
        }
    }

    /// The largest body accepted, in bytes (1 MiB by default); a larger one is a 413.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        Arc::make_mut(&mut self.limits).body_bytes = bytes;
        self
    }

    /// The body limit and, over HTTP ([`router`]), the body read and request timeouts.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Arc::new(limits);
        self
    }

    pub fn service(&self) -> &S {
        &self.service
    }

    /// Answers one request to `<base URL>/<namespace_path>`. Never panics: a panicking
    /// handler becomes a 500 envelope.
    ///
    /// Logs through `tracing`: a span `centiacrm` per call, whose `call` is the matched
    /// `<namespace path>.<method>` (an unknown one is quoted escaped and cut short), with
    /// the request id; a debug event per rejected call (status and code, never a value
    /// sent); an error event with the cause of each `internal` error.
    pub async fn dispatch(&self, namespace_path: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
        let unknown_keys = self.service.unknown_keys();
        let limit = self.limits.body_bytes;
        let call = match Call::parse(namespace_path, headers, body, limit, unknown_keys) {
            Ok(call) => call,
            Err(err) => {
                tracing::debug!(
                    status = err.status.as_u16(),
                    code = err.code,
                    "call rejected"
                );
                return Reply::failure(&err);
            }
        };
        let request_id = call.request_id();
        let span = match self.service.call_name(namespace_path, &call.method) {
            Some(name) => tracing::info_span!("centiacrm", call = name, request_id),
            None => tracing::info_span!(
                "centiacrm",
                call = "unknown",
                path = %echo(namespace_path),
                method = %echo(&call.method),
                request_id,
            ),
        };
        async {
            let result = AssertUnwindSafe(self.service.dispatch(&call))
                .catch_unwind()
                .await
                .unwrap_or_else(|panic| {
                    Err(ApiError::internal(
                        "the handler panicked",
                        panic_message(&*panic),
                    ))
                });
            result.unwrap_or_else(|err| failure(&err, request_id))
        }
        .instrument(span)
        .await
    }
}

/// The answer to a failed call, logged: an `internal` error with its cause, and its
/// message with the request id to quote; any other with its status and code only.
fn failure(err: &ApiError, request_id: &str) -> Reply {
    let status = err.status.as_u16();
    let Some(cause) = err.cause() else {
        tracing::debug!(status, code = err.code, "call rejected");
        return Reply::failure(err);
    };
    tracing::error!(
        status,
        code = err.code,
        message = ?bounded_message(&err.message),
        cause = ?bounded_message(cause),
        "call failed"
    );
    let public = ApiError::new(
        err.status,
        err.code,
        format!("{} (request id {request_id})", err.message),
    );
    Reply::failure(&public)
}

/// What a panic said, if it said it with a string.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message")
}

/// An axum router serving the API: `POST /<namespace path>` for each namespace, with the
/// dispatcher's [`Limits`] on the body's size and time and on the whole request's time,
/// and an `x-request-id` on every answer ([`set_request_id`]).
///
/// Nest it under a base path with `Router::nest` if the API is not at the root.
pub fn router<S: Service>(dispatcher: Dispatcher<S>) -> Router {
    let mut router = Router::new();
    for path in dispatcher.service.namespace_paths() {
        let post = axum::routing::post(handle::<S>).fallback(|| async {
            let mut response =
                to_response(Reply::failure(&ApiError::method_not_allowed("use POST")));
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("POST"));
            response
        });
        router = router.route(&format!("/{path}"), post);
    }
    router
        .fallback(|| async {
            to_response(Reply::failure(&ApiError::unknown_method(
                "unknown namespace",
            )))
        })
        .with_state(dispatcher)
        .layer(axum::middleware::from_fn(set_request_id))
}

async fn handle<S: Service>(State(dispatcher): State<Dispatcher<S>>, request: Request) -> Response {
    let start = Instant::now();
    let limits = &dispatcher.limits;
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().rsplit('/').next().unwrap_or_default();
    let body_deadline = start + limits.body_read_timeout.min(limits.request_timeout);
    let reply = match read_body(body, &parts.headers, limits.body_bytes, body_deadline).await {
        Ok(bytes) => {
            let answer = dispatcher.dispatch(path, &parts.headers, &bytes);
            timeout_at(start + limits.request_timeout, answer)
                .await
                .unwrap_or_else(|_| {
                    Reply::failure(&ApiError::unavailable(format!(
                        "the request took longer than the server's limit of {} ms",
                        limits.request_timeout.as_millis()
                    )))
                })
        }
        Err(err) => Reply::failure(&err),
    };
    to_response(reply)
}

/// The whole body, by `deadline`: a 413 only over `limit`, a 408 when the client is too
/// slow, a 400 when the body breaks off (a connection closed early, a `Content-Length`
/// larger than what was sent). What was received is dropped with the error.
async fn read_body(
    body: Body,
    headers: &HeaderMap,
    limit: usize,
    deadline: Instant,
) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::too_large(format!(
            "the body is larger than the limit of {limit} bytes"
        ))
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    match timeout_at(deadline, Limited::new(body, limit).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(_)) => Err(ApiError::malformed(
            "the body ended before it was complete (truncated or broken off)",
        )),
        Err(_) => Err(ApiError::timeout(
            "the body did not arrive within the server's time limit",
        )),
    }
}

fn to_response(reply: Reply) -> Response {
    let mut response = (reply.status, Bytes::from(reply.body)).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
