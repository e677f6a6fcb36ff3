//! The sandbox answers only what the spec declares.
//!
//! - A corpus of failing calls, `tests/corpus/errors/`, one JSON file per case with its
//!   status, code and message: a case for every error each method declares, and for the
//!   transport's errors that a request can cause.
//! - A bounded run of the docs' example requests, each mutated a few hundred times: every
//!   answer's status is 200, a transport error, or an error the method declares.
//!
//! Corpus file fields: `description`, `path`, `headers` (`{token}` stands for a token of
//! the demo user), `body` or `body_parts` (see `test_support::Part`), `expect_status`,
//! `expect_code`, `expect_error_contains`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, Sandbox};
use centiacrm_server::{Dispatcher, METHOD_ERRORS, Server, TRANSPORT_ERRORS};
use serde::Deserialize;
use serde_json::{Value, json};
use test_support::{Part, Rng, corpus_body, mutate_json};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorCase {
    description: String,
    path: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_parts: Option<Vec<Part>>,
    expect_status: u16,
    expect_code: String,
    expect_error_contains: String,
}

type SandboxDispatcher = Dispatcher<Server<Sandbox>>;

async fn logged_in() -> (SandboxDispatcher, String) {
    let dispatcher = Server::new(Sandbox::with_demo_data()).dispatcher();
    let login =
        json!({"method": "Login", "parameters": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}});
    let reply = dispatcher
        .dispatch("auth", &HeaderMap::new(), login.to_string().as_bytes())
        .await;
    let body: Value = serde_json::from_slice(&reply.body).expect("a JSON envelope");
    let token = body["response"]["token"]
        .as_str()
        .expect("the demo user logs in")
        .to_string();
    (dispatcher, token)
}

fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        axum::http::header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).expect("a header value"),
    );
    headers
}

/// The statuses a call of `path`/`method` may be answered with.
fn allowed(path: &str, method: Option<&str>) -> BTreeSet<u16> {
    let mut allowed: BTreeSet<u16> = TRANSPORT_ERRORS.iter().map(|(s, _)| *s).collect();
    allowed.insert(200);
    if let Some(method) = method
        && let Some((_, _, errors)) = METHOD_ERRORS
            .iter()
            .find(|(p, m, _)| *p == path && *m == method)
    {
        allowed.extend(errors.iter().map(|(s, _)| *s));
    }
    allowed
}

#[tokio::test]
async fn every_declared_error_has_a_corpus_case_and_gets_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/errors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus folder")
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut covered = BTreeSet::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(file).expect("a corpus file");
        let case: ErrorCase = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Each case on a fresh sandbox, so that no case depends on another.
        let (dispatcher, token) = logged_in().await;
        let mut headers = HeaderMap::new();
        for (key, value) in &case.headers {
            let value = value.replace("{token}", &token);
            headers.insert(
                HeaderName::from_bytes(key.as_bytes()).expect("a header name"),
                HeaderValue::from_str(&value).expect("a header value"),
            );
        }
        let body = corpus_body(case.body.as_deref(), case.body_parts.as_deref());
        let reply = dispatcher.dispatch(&case.path, &headers, &body).await;
        let envelope: Value = serde_json::from_slice(&reply.body)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));
        let what = format!("{name} ({}): {envelope}", case.description);
        assert_eq!(reply.status.as_u16(), case.expect_status, "{what}");
        assert_eq!(envelope["success"], json!(false), "{what}");
        assert_eq!(envelope["code"], json!(case.expect_code), "{what}");
        let message = envelope["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(&case.expect_error_contains),
            "{what}: the message should contain {:?}",
            case.expect_error_contains
        );
        let method = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["method"].as_str().map(str::to_string));
        match method {
            Some(method) => covered.insert(format!("{}.{method}.{}", case.path, case.expect_code)),
            None => covered.insert(format!("{}..{}", case.path, case.expect_code)),
        };
        covered.insert(format!("transport.{}", case.expect_code));
    }
    for (path, method, errors) in METHOD_ERRORS {
        for (_, code) in *errors {
            let key = format!("{path}.{method}.{code}");
            assert!(covered.contains(&key), "no corpus case for {key}");
        }
    }
    // `internal` needs a failing handler, `method_not_allowed` an HTTP method other than
    // POST and `not_implemented` a method left out: the fixture corpus and the server's
    // tests have those. `rate_limited` and `unavailable` come from the sandbox's fault
    // layer only (`--faults`): the `fault_layer` tests have them. `timeout` needs a slow
    // client over HTTP: the `adversarial` tests have it.
    const ELSEWHERE: [&str; 6] = [
        "internal",
        "method_not_allowed",
        "not_implemented",
        "rate_limited",
        "timeout",
        "unavailable",
    ];
    for (_, code) in TRANSPORT_ERRORS {
        if !ELSEWHERE.contains(code) {
            assert!(
                covered.contains(&format!("transport.{code}")),
                "no corpus case for transport error {code}"
            );
        }
    }
}

#[tokio::test]
async fn mutated_examples_get_only_declared_statuses() {
    let examples: Value = serde_json::from_str(include_str!("../../../../docs/examples.json"))
        .expect("docs/examples.json");
    let (dispatcher, token) = logged_in().await;
    let headers = bearer(&token);
    let tokens = [
        "{", "}", "[", "]", ",", ":", "\"", "null", "-1", "0", "1e400", "\"\"",
    ];
    let values = [
        "0",
        "-1",
        "999",
        "1.5",
        "\"\"",
        "\"abc\"",
        "null",
        "true",
        "[]",
        "{}",
        "\"31/02/24\"",
        "\"x@y\"",
        "9223372036854775807",
    ];
    let mut rng = Rng(0x5eed_0011);
    let mut answered = 0usize;
    for example in examples["methods"].as_array().expect("a list of examples") {
        let path = example["path"].as_str().expect("an example path");
        let key = format!("{path}.{}", example["method"]);
        let request = example["request"].to_string().into_bytes();
        for round in 0..200 {
            let mut body = request.clone();
            if round > 0 {
                for _ in 0..=rng.below(3) {
                    mutate_json(&mut rng, &mut body, &tokens, &values);
                }
            }
            let method = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|v| v["method"].as_str().map(str::to_string));
            let reply = dispatcher.dispatch(path, &headers, &body).await;
            let status = reply.status.as_u16();
            let allowed = allowed(path, method.as_deref());
            assert!(
                allowed.contains(&status),
                "{key}: status {status} is not declared for {path}/{method:?} (allowed {allowed:?}); body {}; answer {}",
                String::from_utf8_lossy(&body),
                String::from_utf8_lossy(&reply.body),
            );
            answered += 1;
        }
    }
    assert!(answered > 1000, "only {answered} calls");
}
