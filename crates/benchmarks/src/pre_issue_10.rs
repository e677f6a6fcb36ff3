//! The baseline of issue 10: the client's request path as it was before retries, middleware
//! and sessions (one attempt per call), rebuilt on the client's public codec. The generated
//! client, with its default retries and middleware, is held to within 1.03× of this.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use centiacrm_client::codec::{decode_response, encode_request};
use centiacrm_types::ApiMethod;
use tracing::Instrument;

/// Headers the baseline adds, to price them apart from the code that sets them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ExtraHeaders {
    /// Only `content-type` and `authorization`, as before issue 10.
    None,
    /// Also the `User-Agent` and a fresh `x-request-id` that the client's built-in
    /// middleware sends: what they cost on the wire and in the server.
    LikeTheClient,
}

/// One attempt per call: encode, POST with the bearer token and the timeout, read the body,
/// decode; in a span per call, as the client was.
pub struct PreIssue10Client {
    http: reqwest::Client,
    /// Without a trailing slash.
    base_url: String,
    timeout: Duration,
    token: RwLock<Option<Arc<str>>>,
    extra_headers: ExtraHeaders,
}

impl PreIssue10Client {
    pub fn new(base_url: &str, token: &str, extra_headers: ExtraHeaders) -> Self {
        Self {
            http: reqwest::Client::new(),
            base_url: base_url.trim_end_matches('/').to_string(),
            timeout: centiacrm_client::DEFAULT_TIMEOUT,
            token: RwLock::new(Some(token.into())),
            extra_headers,
        }
    }

    /// Calls `M`; panics on any failure (a benchmark has none).
    pub async fn call<M: ApiMethod>(&self, params: &M::Params) -> M::Response {
        let span =
            tracing::info_span!("centiacrm", call = %format_args!("{}.{}", M::NAMESPACE, M::NAME));
        self.call_inner::<M>(params).instrument(span).await
    }

    async fn call_inner<M: ApiMethod>(&self, params: &M::Params) -> M::Response {
        let token = if M::AUTH {
            Some(self.token.read().unwrap().clone().expect("logged in"))
        } else {
            None
        };
        let body = encode_request::<M>(params).unwrap();
        let url = format!("{}/{}", self.base_url, M::PATH);
        let mut request = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(self.timeout)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(&*token);
        }
        if self.extra_headers == ExtraHeaders::LikeTheClient {
            request = request
                // As long as the client's own (`centiacrm-rust/<version>`).
                .header(reqwest::header::USER_AGENT, "centiacrm-rust/0.1.0")
                .header("x-request-id", format!("{:032x}", fastrand::u128(..)));
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap();
        tracing::debug!(status, bytes = body.len(), "answer received");
        decode_response::<M>(status, &body).unwrap().response
    }
}
