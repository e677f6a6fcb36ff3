//! Retries by idempotency, `Retry-After`, the retry settings and per-call options, the
//! response metadata on errors, and the middleware hooks.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use centiacrm_client::middleware::{CallInfo, Outcome};
use centiacrm_client::types::profiles::{GetProfiles, GetProfilesResponse};
use centiacrm_client::types::{ApiMethod, NoParams};
use centiacrm_client::{CallOptions, Client, Error, Middleware, RetryPolicy};
use common::{BASE_PATH, Recorded, Reply, TOKEN, TestServer};
use serde_json::json;

/// `Profiles.GetProfiles`, declared idempotent or not: the retry rules depend on the flag
/// only, whatever the spec says of the method.
struct Profiles<const IDEMPOTENT: bool>;

type IdempotentGetProfiles = Profiles<true>;
/// Stands for a write such as `CreateCompany`.
type NotIdempotentGetProfiles = Profiles<false>;

impl<const I: bool> ApiMethod for Profiles<I> {
    const NAMESPACE: &'static str = GetProfiles::NAMESPACE;
    const NAME: &'static str = GetProfiles::NAME;
    const PATH: &'static str = GetProfiles::PATH;
    const AUTH: bool = true;
    const HAS_PARAMS: bool = false;
    const IDEMPOTENT: bool = I;
    type Params = NoParams;
    type Response = GetProfilesResponse;
}

async fn idempotent_call(client: &Client) -> Result<GetProfilesResponse, Error> {
    client
        .transport()
        .call::<IdempotentGetProfiles>(&NoParams {})
        .await
}

async fn write_call(client: &Client) -> Result<GetProfilesResponse, Error> {
    client
        .transport()
        .call::<NotIdempotentGetProfiles>(&NoParams {})
        .await
}

/// Fast retries, so that the tests take milliseconds.
fn quick() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(5))
}

/// Answers `failures` in turn, then success.
fn failing_first(failures: Vec<Reply>) -> impl Fn(&Recorded) -> Reply + Send + Sync {
    let count = AtomicUsize::new(0);
    move |_| {
        let n = count.fetch_add(1, Ordering::SeqCst);
        failures
            .get(n)
            .cloned()
            .unwrap_or_else(|| Reply::ok(json!({"profiles": [{"id": 1}]})))
    }
}

fn request_ids(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .flat_map(|r| r.header_values("x-request-id".try_into().unwrap()))
        .collect()
}

#[tokio::test]
async fn an_idempotent_call_is_retried_on_429_502_503_504() {
    for status in [429, 502, 503, 504] {
        let server = TestServer::start_with(failing_first(vec![
            Reply::failure(status, "busy"),
            Reply::raw(status, "<html>busy</html>"),
        ]))
        .await;
        let client = server
            .client(BASE_PATH)
            .token(TOKEN)
            .retry(quick())
            .build()
            .unwrap();
        let response = idempotent_call(&client).await.unwrap();
        assert_eq!(response.profiles.len(), 1, "HTTP {status}");
        assert_eq!(
            server.requests().len(),
            3,
            "HTTP {status}: two failures, one success"
        );
        // One id per call, the same on every attempt.
        let ids = request_ids(&server);
        assert_eq!(ids.len(), 3);
        assert!(
            ids.iter().all(|id| *id == ids[0] && id.len() == 32),
            "{ids:?}"
        );
    }
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for status in [400, 401, 404, 500] {
        let server =
            TestServer::start_with(failing_first(vec![Reply::failure(status, "no")])).await;
        let client = server
            .client(BASE_PATH)
            .token(TOKEN)
            .retry(quick())
            .build()
            .unwrap();
        let err = idempotent_call(&client).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable(), "HTTP {status}");
        assert_eq!(server.requests().len(), 1, "HTTP {status}");
    }
}

/// A call that is not idempotent is sent once, even on a 503: it may have been carried out.
#[tokio::test]
async fn a_non_idempotent_call_is_not_retried_once_sent() {
    let server = TestServer::start_with(failing_first(vec![Reply::failure(503, "busy")])).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .retry(quick())
        .build()
        .unwrap();
    let err = write_call(&client).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable() && !err.was_never_sent());
    assert_eq!(server.requests().len(), 1);

    // Nor after a timeout: the server may have received it.
    let server =
        TestServer::start(Reply::ok(json!({"profiles": []})).delayed(Duration::from_secs(2))).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .timeout(Duration::from_millis(100))
        .retry(quick())
        .build()
        .unwrap();
    let err = write_call(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

/// A timeout of an idempotent call is retried.
#[tokio::test]
async fn an_idempotent_call_is_retried_after_a_timeout() {
    let server = TestServer::start_with(failing_first(vec![
        Reply::ok(json!({"profiles": []})).delayed(Duration::from_secs(2)),
    ]))
    .await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .timeout(Duration::from_millis(200))
        .retry(quick())
        .build()
        .unwrap();
    assert_eq!(idempotent_call(&client).await.unwrap().profiles.len(), 1);
    assert_eq!(server.requests().len(), 2);
}

/// Counts the attempts and keeps what the hook saw.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Middleware for Recorder {
    fn on_request(&self, call: &CallInfo<'_>, request: &mut reqwest::Request) {
        request.headers_mut().insert(
            "x-tenant",
            reqwest::header::HeaderValue::from_static("acme"),
        );
        self.0.lock().unwrap().push(format!(
            "send {}.{} idempotent={} attempt={}",
            call.namespace, call.method, call.idempotent, call.attempt
        ));
    }

    fn on_response(&self, call: &CallInfo<'_>, outcome: &Outcome<'_>) {
        let seen = match (outcome.status, outcome.headers, outcome.error) {
            (Some(status), Some(headers), None) => format!(
                "{} server={}",
                status.as_u16(),
                headers
                    .get("server-name")
                    .map_or("-", |v| v.to_str().unwrap())
            ),
            (_, _, Some(_)) => "failed".to_string(),
            other => format!("unexpected {other:?}"),
        };
        self.0.lock().unwrap().push(format!(
            "answer {} attempt={}: {seen}",
            call.method, call.attempt
        ));
    }
}

/// Connection refused: nothing was sent, so even a call that is not idempotent is retried.
#[tokio::test]
async fn a_refused_connection_is_retried_even_when_not_idempotent() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let recorder = Recorder::default();
    let client = Client::builder(&format!("http://{closed}/api/v1"))
        .http_client(common::local_http())
        .token(TOKEN)
        .retry(quick().max_attempts(4))
        .middleware(recorder.clone())
        .build()
        .unwrap();
    let err = write_call(&client).await.unwrap_err();
    assert!(err.was_never_sent(), "{err:?}");
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(
        seen,
        (1..=4)
            .flat_map(|n| [
                format!("send Profiles.GetProfiles idempotent=false attempt={n}"),
                format!("answer GetProfiles attempt={n}: failed"),
            ])
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = TestServer::start_with(failing_first(vec![
        Reply::failure(429, "slow down").header("retry-after", "1"),
    ]))
    .await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .retry(quick())
        .build()
        .unwrap();
    let started = Instant::now();
    idempotent_call(&client).await.unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1),
        "retried after {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn max_attempts_max_elapsed_and_off() {
    let always_503 = || Reply::failure(503, "busy");
    let server = TestServer::start(always_503()).await;

    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .retry(quick())
        .max_attempts(5)
        .build()
        .unwrap();
    let err = idempotent_call(&client).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 5);

    let server = TestServer::start(always_503()).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .no_retries()
        .build()
        .unwrap();
    idempotent_call(&client).await.unwrap_err();
    assert_eq!(server.requests().len(), 1);

    // A Retry-After beyond the elapsed-time budget stops the retries at once.
    let server = TestServer::start(always_503().header("retry-after", "60")).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .retry(quick().max_attempts(10))
        .max_elapsed(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = idempotent_call(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(server.requests().len(), 1);
}

/// One call can have its own timeout and retry policy; the client's stay as they were.
#[tokio::test]
async fn per_call_options_override_the_client() {
    let server = TestServer::start(Reply::failure(503, "busy")).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .retry(quick())
        .build()
        .unwrap();
    let once = Client::from(
        client
            .transport()
            .with_options(CallOptions::new().no_retries()),
    );
    once.transport()
        .call::<IdempotentGetProfiles>(&NoParams {})
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    idempotent_call(&client).await.unwrap_err();
    assert_eq!(
        server.requests().len(),
        4,
        "the client itself still retries"
    );

    let server =
        TestServer::start(Reply::ok(json!({"profiles": []})).delayed(Duration::from_millis(500)))
            .await;
    let client = server.client(BASE_PATH).token(TOKEN).build().unwrap();
    let impatient = Client::from(
        client
            .transport()
            .with_options(CallOptions::new().timeout(Duration::from_millis(50))),
    );
    match write_call(&impatient).await {
        Err(Error::Timeout { timeout, .. }) => assert_eq!(timeout, Duration::from_millis(50)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    client.profiles().get_profiles().await.unwrap();
}

#[tokio::test]
async fn errors_carry_the_answer() {
    let server = TestServer::start(
        Reply::failure(401, "Token expired")
            .header("x-request-id", "req-77")
            .header("www-authenticate", "Bearer"),
    )
    .await;
    let client = server.client(BASE_PATH).token(TOKEN).build().unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.is_unauthorized() && !err.is_retryable());
    // The id the client sent, and the one this server answered with instead.
    let requests = server.requests();
    let sent = requests[0].headers["x-request-id"].to_str().unwrap();
    assert_eq!(err.request_id(), Some(sent));
    assert_eq!(err.answered_request_id(), Some("req-77"));
    assert_eq!(err.headers().unwrap()["www-authenticate"], "Bearer");

    // A body that is no envelope still has its status and headers.
    server.reply(Reply::raw(502, "<html>Bad gateway</html>").header("x-request-id", "req-78"));
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 502, .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.answered_request_id(), Some("req-78"));
    assert_ne!(err.request_id(), Some("req-78"), "the id sent comes first");

    // No answer, no metadata but the id the call would have been sent with.
    let err = Client::builder(&server.url())
        .build()
        .unwrap()
        .profiles()
        .get_profiles()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotLoggedIn { .. }));
    assert_eq!(
        (
            err.status(),
            err.headers().is_some(),
            err.answered_request_id()
        ),
        (None, false, None)
    );
    assert_eq!(err.request_id().map(str::len), Some(32));
}

#[tokio::test]
async fn middleware_sees_every_attempt_and_the_defaults_are_sent() {
    let server = TestServer::start_with(failing_first(vec![
        Reply::failure(503, "busy").header("server-name", "test"),
    ]))
    .await;
    let recorder = Recorder::default();
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .retry(quick())
        .middleware(recorder.clone())
        .build()
        .unwrap();
    idempotent_call(&client).await.unwrap();
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "send Profiles.GetProfiles idempotent=true attempt=1",
            "answer GetProfiles attempt=1: 503 server=test",
            "send Profiles.GetProfiles idempotent=true attempt=2",
            "answer GetProfiles attempt=2: 200 server=-",
        ]
    );
    let request = &server.requests()[0];
    assert_eq!(
        request.header_values("x-tenant".try_into().unwrap()),
        ["acme"]
    );
    assert_eq!(
        request.header_values(reqwest::header::USER_AGENT),
        [format!("centiacrm-rust/{}", env!("CARGO_PKG_VERSION"))]
    );

    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .user_agent("my-app/2")
        .build()
        .unwrap();
    client.profiles().get_profiles().await.unwrap();
    let request = server.requests().pop().unwrap();
    assert_eq!(
        request.header_values(reqwest::header::USER_AGENT),
        ["my-app/2"]
    );

    let err = server
        .client(BASE_PATH)
        .user_agent("bad\nagent")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidUserAgent { .. }), "{err:?}");
}
