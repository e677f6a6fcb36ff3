//! From bytes to a handler and back: [`Dispatcher`] without HTTP, [`router`] over axum.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{
    HeaderMap, HeaderValue,
    header::{ALLOW, CONTENT_TYPE},
};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use tracing::Instrument;

use crate::runtime::{ApiError, Call, DEFAULT_BODY_LIMIT, Reply, Service};

/// Routes requests to a [`Service`] (the generated `Server`), whatever carries them.
pub struct Dispatcher<S> {
    service: Arc<S>,
    body_limit: usize,
}

impl<S> Clone for Dispatcher<S> {
    fn clone(&self) -> Self {
        Self {
            service: self.service.clone(),
            body_limit: self.body_limit,
        }
    }
}

impl<S: Service> Dispatcher<S> {
    pub fn new(service: S) -> Self {
        Self {
            service: Arc::new(service),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The largest body accepted, in bytes (1 MiB by default); a larger one is a 413.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    pub fn service(&self) -> &S {
        &self.service
    }

    /// Answers one request to `<base URL>/<namespace_path>`. Never panics: a panicking
    /// handler becomes a 500 envelope.
    pub async fn dispatch(&self, namespace_path: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
        let unknown_keys = self.service.unknown_keys();
        let result = match Call::parse(namespace_path, headers, body, self.body_limit, unknown_keys)
        {
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

/// An axum router serving the API: `POST /<namespace path>` for each namespace.
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
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().rsplit('/').next().unwrap_or_default();
    // Read one byte past the limit, so that an oversized body is told apart.
    let limit = dispatcher.body_limit.saturating_add(1);
    let Ok(bytes) = axum::body::to_bytes(Body::new(body), limit).await else {
        let message = format!(
            "the body is larger than the limit of {} bytes",
            dispatcher.body_limit
        );
        return to_response(Reply::failure(&ApiError::too_large(message)));
    };
    to_response(dispatcher.dispatch(path, &parts.headers, &bytes).await)
}

fn to_response(reply: Reply) -> Response {
    let mut response = (reply.status, Bytes::from(reply.body)).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
