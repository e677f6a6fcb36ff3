//! The sandbox's tracing output never shows a password or a token.
//!
//! A test binary of its own: tracing caches per call site whether anyone listens, and
//! tests running beside this one on other threads would race with its subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};

use centiacrm_sandbox::faults::{FaultLayer, Faults};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, Sandbox};
use serde_json::{Value, json};
use tracing_subscriber::fmt::format::FmtSpan;

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

// One thread: the subscriber set for this test sees the server's tasks too.
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

    let test = async {
        // With faults, so that the fault layer's tracing (expired tokens) is seen too.
        let layer = FaultLayer::new("token-ttl=1s".parse::<Faults>().unwrap());
        let router = Sandbox::with_demo_data().router_with_faults(&layer);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        let http = reqwest::Client::new();
        let call = |path: &str, token: Option<&str>, body: Value| {
            let mut request = http.post(format!("{base}/{path}")).json(&body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            request.send()
        };
        let login = |password: &str| json!({"method": "Login", "parameters": {"email": DEMO_EMAIL, "password": password}});

        // A wrong password, then the right one.
        let refused = call("auth", None, login("wrong-Secret-42")).await.unwrap();
        assert_eq!(refused.status(), 401);
        let answer = call("auth", None, login(DEMO_PASSWORD)).await.unwrap();
        assert_eq!(answer.status(), 200);
        let envelope: Value = answer.json().await.unwrap();
        let token = envelope["response"]["token"].as_str().unwrap().to_string();

        // Authenticated calls: one that works, one rejected, one with a wrong token.
        let profiles = json!({"method": "GetProfiles"});
        assert_eq!(
            call("profiles", Some(&token), profiles.clone())
                .await
                .unwrap()
                .status(),
            200
        );
        let bad = json!({"method": "GetCompanies", "parameters": {"profile_id": "one"}});
        assert_eq!(
            call("companies", Some(&token), bad).await.unwrap().status(),
            400
        );
        let wrong = format!("{token}x");
        assert_eq!(
            call("profiles", Some(&wrong), profiles.clone())
                .await
                .unwrap()
                .status(),
            401
        );
        // And once the token has expired.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(
            call("profiles", Some(&token), profiles)
                .await
                .unwrap()
                .status(),
            401
        );
        token
    };
    let token = tokio::time::timeout(std::time::Duration::from_secs(60), test)
        .await
        .expect("the test finishes within a minute");

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The output is there, and covers the calls ...
    for expected in [
        "logged in",
        "auth.Login",
        "profiles.GetProfiles",
        "call rejected",
        "TokenExpired",
    ] {
        assert!(output.contains(expected), "no {expected:?} in:\n{output}");
    }
    // ... without a secret in it.
    for secret in [
        DEMO_PASSWORD,
        "wrong-Secret-42",
        token.as_str(),
        &token[4..],
    ] {
        assert!(!output.contains(secret), "{secret:?} is in:\n{output}");
    }
}
