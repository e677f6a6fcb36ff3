//! `x-request-id` on every answer, faulty ones included: the server runtime's rule (the
//! request's own if it is a plain short token, a new UUID otherwise), applied outside the
//! fault layer too.

/// Wraps `router` so that every answer, errors and fallbacks included, carries the
/// request's id.
pub(crate) fn wrap(router: axum::Router) -> axum::Router {
    router.layer(axum::middleware::from_fn(centiacrm_server::set_request_id))
}
