//! Malformed requests against the server pipeline (`Call::parse`, `Call::params`,
//! `Dispatcher::dispatch`), driven through the fixture `Server`:
//!
//! - a corpus of cases in `tests/corpus/requests/`, one JSON file per case with its
//!   expected status and error text;
//! - a bounded robustness run: a few thousand pseudo-random and mutated bodies and
//!   header values, each answered with a well-formed envelope and a plausible status.
//!
//! Corpus file fields: `description`; `path` (the namespace path); `headers` (name to a
//! string, or to `{"hex": ...}` for bytes that are not text); the body as `body` (a
//! string) or `body_parts` (a list of `{"text": ..., "times": n}` or `{"hex": ...}`,
//! concatenated); `body_limit` (the dispatcher's, default 1 MiB); `expect_status`;
//! `expect_error_contains` (for failures) or `expect_response_contains` (for a 200, matched
//! against the compact JSON of `response`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header::AUTHORIZATION};
use centiacrm_server::{DEFAULT_BODY_LIMIT, Dispatcher, Reply};
use codegen_fixtures::features::server::Server;
use common::{Fixture, TOKEN};
use serde::Deserialize;
use serde_json::Value;
use test_support::{Part, Rng, corpus_body, mutate_json, unhex};

// ---------------------------------------------------------------------------------------
// The corpus

/// Text, or bytes written in hex.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Bytes {
    Text(String),
    Hex { hex: String },
}

impl Bytes {
    fn to_vec(&self) -> Vec<u8> {
        match self {
            Bytes::Text(text) => text.as_bytes().to_vec(),
            Bytes::Hex { hex } => unhex(hex),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestCase {
    description: String,
    path: String,
    #[serde(default)]
    headers: BTreeMap<String, Bytes>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_parts: Option<Vec<Part>>,
    #[serde(default)]
    body_limit: Option<usize>,
    expect_status: u16,
    #[serde(default)]
    expect_error_contains: Option<String>,
    #[serde(default)]
    expect_response_contains: Option<String>,
}

fn load_corpus() -> Vec<(String, RequestCase)> {
    test_support::load_corpus(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/requests"))
}

impl RequestCase {
    fn body(&self) -> Vec<u8> {
        corpus_body(self.body.as_deref(), self.body_parts.as_deref())
    }

    fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).expect("a header name");
            let value = HeaderValue::from_bytes(&value.to_vec()).expect("a header value");
            headers.append(name, value);
        }
        headers
    }
}

/// A well-formed envelope: exactly `success`, `response` and `error` (and a string `code`
/// on failure), `success` true exactly for a 200, `response` null on failure and `error`
/// null on success.
fn check_envelope(reply: &Reply) -> Result<(bool, Value, Value), String> {
    let body: Value = serde_json::from_slice(&reply.body)
        .map_err(|err| format!("the reply is not JSON ({err}): {:?}", reply.body))?;
    let Some(object) = body.as_object() else {
        return Err(format!("the reply is not an object: {body}"));
    };
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let expected: &[&str] = if reply.status == StatusCode::OK {
        &["error", "response", "success"]
    } else {
        &["code", "error", "response", "success"]
    };
    if keys != expected || !(reply.status == StatusCode::OK || body["code"].is_string()) {
        return Err(format!("the reply's keys are {keys:?}: {body}"));
    }
    let Some(success) = body["success"].as_bool() else {
        return Err(format!("`success` is not a boolean: {body}"));
    };
    if success != (reply.status == StatusCode::OK) {
        return Err(format!("success {success} with status {}", reply.status));
    }
    if success {
        if !body["error"].is_null() {
            return Err(format!("a success with an error: {body}"));
        }
    } else if !body["response"].is_null() || !body["error"].is_string() {
        return Err(format!(
            "a failure needs response null and an error message: {body}"
        ));
    }
    Ok((success, body["response"].clone(), body["error"].clone()))
}

/// Runs one case on a fresh fixture; `Err` says how the answer differs from the expected one.
async fn run_case(case: &RequestCase) -> Result<(), String> {
    let mut dispatcher = Server::new(Fixture::default()).dispatcher();
    if let Some(limit) = case.body_limit {
        dispatcher = dispatcher.body_limit(limit);
    }
    let body = case.body();
    let reply = dispatcher
        .dispatch(&case.path, &case.headers(), &body)
        .await;
    let (success, response, error) = check_envelope(&reply)?;
    let expected = StatusCode::from_u16(case.expect_status).expect("a status code");
    let shown = if success { &response } else { &error };
    if reply.status != expected {
        return Err(format!(
            "status {} instead of {expected}: {shown}",
            reply.status
        ));
    }
    if success {
        let response = response.to_string();
        if let Some(expected) = &case.expect_response_contains
            && !response.contains(expected.as_str())
        {
            return Err(format!("the response `{response}` lacks `{expected}`"));
        }
    } else {
        let error = error.as_str().unwrap();
        let expected = case
            .expect_error_contains
            .as_deref()
            .expect("a failing case says what its error contains");
        if !error.contains(expected) {
            return Err(format!("the error `{error}` lacks `{expected}`"));
        }
    }
    Ok(())
}

/// Runs every case; panics listing those that failed.
async fn run_corpus() -> usize {
    let mut results = Vec::new();
    for (name, case) in load_corpus() {
        let result = run_case(&case).await;
        results.push((format!("{name} ({})", case.description), result));
    }
    test_support::assert_cases_pass("request", results)
}

#[test]
fn the_request_corpus_is_well_formed() {
    let corpus = load_corpus();
    assert!(corpus.len() >= 30, "only {} request cases", corpus.len());
    for (name, case) in &corpus {
        let _ = case.body();
        let _ = case.headers();
        if case.expect_status == 200 {
            assert!(case.expect_error_contains.is_none(), "{name}");
        } else {
            assert!(
                case.expect_error_contains.is_some(),
                "{name}: no expected error"
            );
        }
    }
}

#[tokio::test]
async fn the_request_corpus_gets_the_expected_answers() {
    let ran = run_corpus().await;
    assert!(ran >= 30);
}

// ---------------------------------------------------------------------------------------
// Robustness: pseudo-random and mutated inputs

/// Valid requests, the seeds of the mutations.
const SEEDS: &[(&str, &str)] = &[
    ("widgets", r#"{"method": "GetCatalog"}"#),
    ("widgets", r#"{"method": "GetCatalog", "parameters": null}"#),
    (
        "widgets",
        r#"{"method": "GetWidgets", "parameters": {"type": "x", "self": true, "first-name": "Ana", "ids": [1, 2, 3], "created": {"from": "01/01/25", "to": "29/02/24"}, "sort": "desc", "color": "sky-blue", "page": 2}}"#,
    ),
    (
        "widgets",
        r#"{"method": "CreateWidget", "parameters": {"name": "w", "weight": 1.5e0, "due": "2024-02-29", "start": "05/01/25", "address": {"street": "Reforma", "interior_number": "4B"}, "inputs": {"a": [1, {"b": null}], "c": "\u00e9\n"}, "tags": {"k": "v"}, "meta": {"x": -0.0}}}"#,
    ),
    (
        "widgets",
        r#"{"method": "CreateWidget", "parameters": {"name": "boom", "weight": 1, "due": "2025-12-31"}}"#,
    ),
    (
        "session",
        r#"{"method": "SignIn", "parameters": {"email": "ana@example.com"}}"#,
    ),
];

/// JSON fragments that mutations insert.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e400",
    "-0",
    "9223372036854775808",
    "1.5",
    "NaN",
    "\"\"",
    "\"\\ud800\"",
    "\\u0000",
    "\\",
    "\u{feff}",
    "\u{0}",
    "[[[[[[[[",
    "]]]]",
    "{\"a\":",
    "\"method\"",
    "\"parameters\"",
    "\"GetCatalog\"",
    "\"CreateWidget\"",
    "\"boom\"",
    "\"2024-02-29\"",
    "\"31/02/25\"",
    "\"purple\"",
    " ",
    "\n",
    "é",
    "\u{10FFFF}",
];

/// Values that mutations put in place of others.
const VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-7",
    "2.5",
    "1e400",
    "\"\"",
    "\"x\"",
    "\"boom\"",
    "[]",
    "[1, \"two\"]",
    "{}",
    "{\"street\": 5}",
    "\"29/02/24\"",
    "\"29/02/25\"",
    "\"2024-02-29\"",
    "\"2100-02-29\"",
    "\"red\"",
    "\"purple\"",
    "\"asc\"",
    "\"\\ud800\"",
    "-9223372036854775808",
];

/// A namespace path, a set of headers and a body.
fn generate(rng: &mut Rng) -> (String, HeaderMap, Vec<u8>) {
    let (seed_path, seed_body) = *rng.pick(SEEDS);
    let body = match rng.below(10) {
        // Random bytes.
        0 => {
            let len = rng.below(64);
            rng.bytes(len)
        }
        // A soup of JSON tokens.
        1 => (0..rng.below(24))
            .flat_map(|_| rng.pick(TOKENS).as_bytes().to_vec())
            .collect(),
        // A valid request, as it is: the headers and the path vary.
        2 | 3 => seed_body.as_bytes().to_vec(),
        // A valid request, mutated a few times.
        _ => {
            let mut body = seed_body.as_bytes().to_vec();
            for _ in 0..1 + rng.below(3) {
                mutate_json(rng, &mut body, TOKENS, VALUES);
            }
            body
        }
    };
    let path = match rng.below(20) {
        0 => {
            let len = rng.below(8);
            String::from_utf8_lossy(&rng.bytes(len)).into_owned()
        }
        1 => rng
            .pick(&["", "Widgets", "widgets/", "gadgets", "session"])
            .to_string(),
        _ => seed_path.to_string(),
    };
    let mut headers = HeaderMap::new();
    let authorization: Option<Vec<u8>> = match rng.below(8) {
        0 => None,
        1 => {
            let len = rng.below(24);
            Some(rng.bytes(len))
        }
        2 => {
            let mut value = format!("Bearer {TOKEN}").into_bytes();
            mutate_json(rng, &mut value, TOKENS, VALUES);
            Some(value)
        }
        3 => Some(
            rng.pick(&[
                "bearer t0k3n",
                "Bearer ",
                "Basic t0k3n",
                "Bearer  t0k3n ",
                "Bearer x",
            ])
            .as_bytes()
            .to_vec(),
        ),
        _ => Some(format!("Bearer {TOKEN}").into_bytes()),
    };
    // Bytes that a header value cannot hold (controls) are left out, like HTTP would.
    if let Some(value) = authorization.and_then(|v| HeaderValue::from_bytes(&v).ok()) {
        headers.insert(AUTHORIZATION, value);
    }
    (path, headers, body)
}

/// Whether `body` is syntactically JSON, whatever its depth (`IgnoredAny` does not recurse).
fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

#[tokio::test]
async fn arbitrary_requests_get_well_formed_envelopes() {
    const CASES: usize = 5000;
    let started = Instant::now();
    let mut rng = Rng(0x5EED_CE17_1AC0_FFEE);
    let default = Server::new(Fixture::default()).dispatcher();
    let small = Server::new(Fixture::default()).dispatcher().body_limit(64);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for i in 0..CASES {
        let (path, headers, body) = generate(&mut rng);
        let (dispatcher, limit): (&Dispatcher<_>, usize) = if rng.chance(10) {
            (&small, 64)
        } else {
            (&default, DEFAULT_BODY_LIMIT)
        };
        let booms = dispatcher.service().service().booms.load(Ordering::SeqCst);
        // `dispatch` must not panic; if it does, the test fails here with the input.
        let reply = dispatcher.dispatch(&path, &headers, &body).await;
        let boomed = dispatcher.service().service().booms.load(Ordering::SeqCst) != booms;
        let input = format!(
            "case {i}: path {path:?}, headers {headers:?}, body {:?}",
            String::from_utf8_lossy(&body)
        );
        let (_, _, error) = check_envelope(&reply).unwrap_or_else(|why| panic!("{input}: {why}"));
        *statuses.entry(reply.status.as_u16()).or_default() += 1;
        let status = reply.status;
        assert!(
            [200, 400, 401, 404, 413, 500].contains(&status.as_u16()),
            "{input}: status {status}"
        );
        // A 500 only ever comes from the handler that panics, and always says so.
        assert_eq!(
            status == StatusCode::INTERNAL_SERVER_ERROR,
            boomed,
            "{input}: status {status}, error {error}"
        );
        // A 500 says so, with the request id and nothing of the panic's own message.
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            let error = error.as_str().unwrap_or_default();
            assert!(
                error.starts_with("the handler panicked (request id "),
                "{input}: {error}"
            );
            assert!(!error.contains("a handler bug"), "{input}: {error}");
        }
        // What the pipeline decides before any handler, checked independently.
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        let expected = if body.len() > limit {
            Some(StatusCode::PAYLOAD_TOO_LARGE)
        } else if std::str::from_utf8(&body).is_err() || !is_json(&body) || first != Some(&b'{') {
            Some(StatusCode::BAD_REQUEST)
        } else {
            None
        };
        if let Some(expected) = expected {
            assert_eq!(status, expected, "{input}: error {error}");
        }
    }
    println!("{CASES} requests in {:?}: {statuses:?}", started.elapsed());
    // The generator reaches every outcome, so the checks above are not vacuous.
    for status in [200, 400, 401, 404, 413, 500] {
        assert!(
            statuses.contains_key(&status),
            "no {status} in {statuses:?}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{CASES} requests took {:?}",
        started.elapsed()
    );
}
