//! An internal error's cause and a panic's message reach the log, with the request id,
//! and never the client. A test binary of its own: tracing caches per call site whether
//! anyone listens, and tests on other threads would race with this one's subscriber.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::HeaderValue;
use common::{INTERNAL_CAUSE, TOKEN, bearer, dispatcher};

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

#[tokio::test(flavor = "current_thread")]
async fn causes_go_to_the_log_and_not_to_the_client() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dispatcher = dispatcher();
    let mut headers = bearer(TOKEN);
    let mut answers = String::new();
    for (name, id) in [("db-down", "req-internal"), ("boom", "req-panic")] {
        headers.insert("x-request-id", HeaderValue::from_static(id));
        let body = format!(
            r#"{{"method": "CreateWidget", "parameters": {{"name": "{name}", "weight": 1.0, "due": "2025-12-31"}}}}"#
        );
        let reply = dispatcher
            .dispatch("widgets", &headers, body.as_bytes())
            .await;
        assert_eq!(reply.status.as_u16(), 500);
        answers.push_str(&String::from_utf8(reply.body).unwrap());
    }
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The operator sees each cause beside its request id ...
    for (cause, id) in [
        (INTERNAL_CAUSE, "req-internal"),
        ("a handler bug", "req-panic"),
    ] {
        let line = log
            .lines()
            .find(|line| line.contains(cause))
            .unwrap_or_else(|| panic!("no {cause:?} in the log:\n{log}"));
        assert!(line.contains(id), "{line}");
        assert!(line.contains("ERROR"), "{line}");
    }
    // ... and the client only the messages and the ids.
    assert!(
        answers.contains("cannot store the widget (request id req-internal)"),
        "{answers}"
    );
    assert!(
        answers.contains("the handler panicked (request id req-panic)"),
        "{answers}"
    );
    for cause in ["hunter2", "a handler bug"] {
        assert!(!answers.contains(cause), "{answers}");
    }
    // The token never shows.
    assert!(!log.contains(TOKEN), "{log}");
}
