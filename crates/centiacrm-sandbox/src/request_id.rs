//! `x-request-id` on every answer: the request's own, or a new UUID when it has none.

use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

/// Wraps `router` so that every answer, errors and fallbacks included, carries the
/// request's `x-request-id`; a request without one gets a new one first.
pub(crate) fn wrap(router: axum::Router) -> axum::Router {
    // The last layer added runs first: set the id, then copy it to the answer.
    router
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}
