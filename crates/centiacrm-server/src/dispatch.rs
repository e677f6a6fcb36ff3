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

use crate::runtime::{ApiError, Call, Reply, Service};
use crate::serve::Limits;

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
    pub async fn dispatch(&self, namespace_path: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
        let unknown_keys = self.service.unknown_keys();
        let result = match Call::parse(
            namespace_path,
            headers,
            body,
            self.limits.body_bytes,
            unknown_keys,
        ) {
            Ok(call) => {
                let span = tracing::info_span!("centiacrm", call = %format_args!("{namespace_path}.{}", call.method));
                AssertUnwindSafe(self.service.dispatch(&call))
                    .catch_unwind()
                    .instrument(span)
                    .await
                    .unwrap_or_else(|_| Err(ApiError::internal("the handler panicked")))
            }
            Err(err) => Err(err),
        };
        result.unwrap_or_else(|err| {
            tracing::debug!(status = err.status.as_u16(), message = %err.message, "call rejected");
            Reply::failure(&err)
        })
    }
}

/// An axum router serving the API: `POST /<namespace path>` for each namespace, with the
/// dispatcher's [`Limits`] on the body's size and time and on the whole request's time.
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
