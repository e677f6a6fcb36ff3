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

/// A forged log line, with a newline, an ANSI escape and a bidi override.
const FORGED: &str =
    "Login\n2030-01-01T00:00:00.000000Z  INFO forged: admin logged in\u{1b}[31m\u{202e}";

// One thread, as above.
#[tokio::test(flavor = "current_thread")]
async fn hostile_strings_reach_the_log_escaped_bounded_or_not_at_all() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let huge_name = "N".repeat(1_000_000);
    let huge_id = "r".repeat(300 * 1024);
    let test = async {
        let router = Sandbox::with_demo_data().router();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { centiacrm_server::serve(listener, router).await });
        let http = reqwest::Client::new();
        let send = |path: &str, body: Value, id: Option<&str>| {
            let mut request = http.post(format!("{base}/{path}")).json(&body);
            if let Some(id) = id {
                request = request.header("x-request-id", id);
            }
            request.send()
        };
        // Forged and huge method names: 404s whose message quotes them cut and escaped.
        for name in [FORGED, huge_name.as_str()] {
            let answer = send("auth", json!({"method": name}), None).await.unwrap();
            assert_eq!(answer.status(), 404);
            let message = answer.json::<Value>().await.unwrap()["error"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(message.len() < 300, "{} bytes", message.len());
            assert!(
                !message.contains('\n') && !message.contains('\u{1b}'),
                "{message:?}"
            );
        }
        // Secrets in rejected calls: a password of the wrong type, a secret under an
        // unknown key, a secret where an integer belongs.
        let rejected = [
            (
                "auth",
                json!({"method": "Login", "parameters": {"email": DEMO_EMAIL, "password": 86753099}}),
            ),
            (
                "auth",
                json!({"method": "Login", "parameters": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "pin": "Secret-PIN-31337"}}),
            ),
            (
                "companies",
                json!({"method": "GetCompanies", "parameters": {"profile_id": "hunter2-Secret"}}),
            ),
        ];
        for (path, body) in rejected {
            let status = send(path, body, None).await.unwrap().status();
            assert!(status == 400 || status == 401, "{status}");
        }
        // Request ids: one too long, one with characters a log would have to escape.
        for id in [huge_id.as_str(), "a\" forged=\"1"] {
            let login = json!({"method": "Login", "parameters": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}});
            let answer = send("auth", login, Some(id)).await.unwrap();
            assert_eq!(answer.status(), 200);
            let echoed = answer.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_string();
            assert_ne!(echoed, id);
            assert_eq!(echoed.len(), 36, "a new UUID: {echoed}");
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), test)
        .await
        .expect("the test finishes within a minute");

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The calls are there, the unknown ones quoted escaped ...
    assert!(output.contains("call=\"auth.Login\""), "{output}");
    assert!(output.contains("call=\"unknown\""), "{output}");
    assert!(output.contains("Login\\n2030"), "{output}");
    // ... and nothing came through raw: no forged line, no escape, no bidi override ...
    assert!(!output.contains("\n2030-01-01"), "{output}");
    assert!(
        !output.contains('\u{1b}') && !output.contains('\u{202e}'),
        "{output}"
    );
    // ... no huge name or id, not even in part ...
    assert!(
        !output.contains(&"N".repeat(100)),
        "a long run of the 1 MiB name"
    );
    assert!(
        !output.contains(&"r".repeat(100)),
        "a long run of the 300 KiB id"
    );
    assert!(output.len() < 64 * 1024, "{} bytes of log", output.len());
    // ... and no secret.
    for secret in [
        DEMO_PASSWORD,
        "86753099",
        "Secret-PIN-31337",
        "hunter2-Secret",
    ] {
        assert!(!output.contains(secret), "{secret:?} is in:\n{output}");
    }
}
