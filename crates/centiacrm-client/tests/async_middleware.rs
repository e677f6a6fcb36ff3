//! Asynchronous middleware: it may wait before each attempt, change the request, or fail
//! the call, in which case nothing is sent.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use centiacrm_client::middleware::{AsyncMiddleware, BoxError, CallInfo};
use centiacrm_client::{Error, Middleware};
use common::{BASE_PATH, Reply, TOKEN, TestServer};
use serde_json::json;

/// Adds a signature it "fetches" asynchronously, counting the attempts it saw.
struct Sign(Arc<AtomicU32>);

impl AsyncMiddleware for Sign {
    async fn before_send(
        &self,
        call: &CallInfo<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        tokio::task::yield_now().await;
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        // It runs after the synchronous middleware: the tenant header is already there.
        let tenant = request.headers()["x-tenant"].to_str()?.to_string();
        let signature = format!("{tenant}/{}/{n}", call.method);
        request
            .headers_mut()
            .insert("x-signature", signature.parse()?);
        Ok(())
    }
}

struct Tenant;

impl Middleware for Tenant {
    fn on_request(&self, _call: &CallInfo<'_>, request: &mut reqwest::Request) {
        request.headers_mut().insert(
            "x-tenant",
            reqwest::header::HeaderValue::from_static("acme"),
        );
    }
}

/// Refuses every call: a key that cannot be had.
struct NoKey;

impl AsyncMiddleware for NoKey {
    async fn before_send(
        &self,
        _call: &CallInfo<'_>,
        _request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        Err("the signing key is not available".into())
    }
}

#[tokio::test]
async fn an_async_middleware_changes_each_request() {
    let server = TestServer::start(Reply::ok(json!({"profiles": []}))).await;
    let seen = Arc::new(AtomicU32::new(0));
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .middleware(Tenant)
        .async_middleware(Sign(seen.clone()))
        .build()
        .unwrap();
    client.profiles().get_profiles().await.unwrap();
    client.profiles().get_profiles().await.unwrap();
    let requests = server.requests();
    let signatures: Vec<_> = requests
        .iter()
        .map(|r| r.headers["x-signature"].to_str().unwrap().to_string())
        .collect();
    assert_eq!(signatures, ["acme/GetProfiles/1", "acme/GetProfiles/2"]);
    assert_eq!(seen.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn an_async_middleware_can_fail_the_call_and_nothing_is_sent() {
    let server = TestServer::start(Reply::ok(json!({"profiles": []}))).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .async_middleware(NoKey)
        .build()
        .unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    match &err {
        Error::Middleware {
            namespace, method, ..
        } => assert_eq!((*namespace, *method), ("Profiles", "GetProfiles")),
        other => panic!("expected Error::Middleware, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "Profiles.GetProfiles: a middleware refused to send it: the signing key is not available"
    );
    assert!(!err.is_retryable() && err.was_never_sent());
    assert_eq!(err.request_id().map(str::len), Some(32));
    assert!(server.requests().is_empty(), "nothing may be sent");
}
