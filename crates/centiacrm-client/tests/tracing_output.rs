//! The client's tracing output never shows a password or a token, at any level, through
//! logins, re-logins after a 401, retries and failures.
//!
//! A test binary of its own: tracing caches per call site whether anyone listens, and
//! tests running beside this one on other threads would race with its subscriber.

mod common;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use centiacrm_client::RetryPolicy;
use centiacrm_client::types::companies::GetTypesParams;
use common::{BASE_PATH, Recorded, Reply, TestServer};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;

const EMAIL: &str = "ana@example.com";
const PASSWORD: &str = "Pw-never-logged-51";
const TOKENS: [&str; 2] = ["tok-first-SECRET", "tok-second-SECRET"];

/// Everything the subscriber writes, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// One thread: the subscriber set for this test sees the client's tasks too.
#[tokio::test(flavor = "current_thread")]
async fn tracing_shows_neither_passwords_nor_tokens() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Login issues TOKENS[0], then TOKENS[1]; the first read is refused (the first token
    // "expired"), the second meets a 503 before it gets through.
    let logins = Arc::new(AtomicUsize::new(0));
    let reads = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start_with(move |request: &Recorded| {
        let body = request.json();
        if body["method"] == "Login" {
            if body["parameters"]["password"] != PASSWORD {
                return Reply::failure(401, "Invalid credentials");
            }
            let n = logins.fetch_add(1, Ordering::SeqCst).min(1);
            return Reply::ok(json!({"token": TOKENS[n], "user": {"id": 3}}));
        }
        match reads.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::failure(401, "Token expired"),
            1 => Reply::failure(503, "busy"),
            _ => Reply::ok(json!({"types": []})),
        }
    })
    .await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, PASSWORD)
        .retry(RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap();
    client
        .companies()
        .get_types(GetTypesParams::builder().profile_id(1).build())
        .await
        .unwrap();
    // A wrong password fails, and its error is shown (Display and Debug) in the log.
    let wrong = server
        .client(BASE_PATH)
        .credentials(EMAIL, "wrong-Pw-SECRET")
        .build()
        .unwrap();
    let err = wrong.profiles().get_profiles().await.unwrap_err();
    tracing::error!(error = %err, debug = ?err, client = ?client, "as an application logs it");

    let methods: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.json()["method"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        methods,
        [
            "Login", "GetTypes", "Login", "GetTypes", "GetTypes", "Login"
        ],
        "a login, a refused read, the re-login, a 503 and its retry, the wrong login"
    );

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The output is there: the call and attempt spans, the retry, the error.
    for expected in [
        "Companies.GetTypes",
        "attempt",
        "retrying",
        "Invalid credentials",
    ] {
        assert!(output.contains(expected), "no {expected:?} in:\n{output}");
    }
    for secret in [PASSWORD, "wrong-Pw-SECRET", TOKENS[0], TOKENS[1], "SECRET"] {
        assert!(
            !output.contains(secret),
            "{secret:?} in the tracing output:\n{output}"
        );
    }
}
