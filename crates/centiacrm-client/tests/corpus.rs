//! Malformed responses against the client's decoding (`codec::decode_response`), without
//! HTTP:
//!
//! - a corpus of cases in `tests/corpus/responses/`, one JSON file per case with the
//!   expected outcome (`Ok`, `Error::Decode` or `Error::Api`);
//! - a bounded robustness run: a few thousand pseudo-random and mutated bodies decoded as
//!   each of the spec's methods, none of which may panic or succeed on a body that is not a
//!   `success: true` envelope.
//!
//! Corpus file fields: `description`; `method` (`Namespace.Method`, any method that
//! `visit_methods` lists); `status` (the HTTP status); the body as `body` (a string) or
//! `body_parts` (a list of `{"text": ..., "times": n}` or `{"hex": ...}`, concatenated);
//! `expect` (`Ok`, `Decode` or `Api`); `expect_contains` (in the error's message for
//! `Decode`, in the server's message for `Api`, in the compact JSON of the decoded response
//! for `Ok`).

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use centiacrm_client::Error;
use centiacrm_client::codec::decode_response;
use centiacrm_types::{ApiMethod, MethodVisitor, visit_methods};
use serde::Deserialize;
use serde_json::value::RawValue;
use test_support::{Part, Rng, corpus_body, mutate_json};

// ---------------------------------------------------------------------------------------
// Decoding as a method named at run time

/// What `decode_response` gave, in a form that does not depend on the method's types.
#[derive(Debug)]
enum Outcome {
    Ok {
        response: String,
    },
    Decode {
        message: String,
        body_start: String,
    },
    Api {
        api_message: String,
    },
    /// Another error, or a broken promise of `decode_response` (the text says which).
    Other(String),
}

impl Outcome {
    fn kind(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "Ok",
            Outcome::Decode { .. } => "Decode",
            Outcome::Api { .. } => "Api",
            Outcome::Other(_) => "Other",
        }
    }
}

fn full_name<M: ApiMethod>() -> String {
    format!("{}.{}", M::NAMESPACE, M::NAME)
}

/// Decodes `body` as `M`'s answer; `Err` if `decode_response` panicked.
fn decode<M: ApiMethod>(status: u16, body: &[u8]) -> Result<Outcome, String> {
    let result = catch_unwind(AssertUnwindSafe(|| decode_response::<M>(status, body)));
    let result = result.map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("decode_response::<{}> panicked: {what}", full_name::<M>())
    })?;
    let named = |namespace: &str, method: &str, echoed: u16| {
        namespace == M::NAMESPACE && method == M::NAME && echoed == status
    };
    Ok(match result {
        Ok(decoded) => {
            let value = serde_json::to_value(&decoded.response).unwrap();
            // A method that issues a token hands back the one in its response.
            let token = M::TOKEN_FIELD.and_then(|field| value.get(field)?.as_str());
            if decoded.token.as_deref() != token {
                return Ok(Outcome::Other(format!(
                    "the token {:?} is not the response's {token:?}",
                    decoded.token
                )));
            }
            Outcome::Ok {
                response: value.to_string(),
            }
        }
        Err(error) => {
            let message = error.to_string();
            if !message.contains(&full_name::<M>()) {
                return Ok(Outcome::Other(format!(
                    "the message does not name {}: {message}",
                    full_name::<M>()
                )));
            }
            match error {
                Error::Decode {
                    namespace,
                    method,
                    status: echoed,
                    body_start,
                    ..
                } if named(namespace, method, echoed) => Outcome::Decode {
                    message,
                    body_start,
                },
                Error::Api {
                    namespace,
                    method,
                    status: echoed,
                    message: api_message,
                    ..
                } if named(namespace, method, echoed) => Outcome::Api { api_message },
                other => Outcome::Other(format!("{other:?}")),
            }
        }
    })
}

/// Decodes one body as the method called `target` (`Namespace.Method`).
struct DecodeAs<'a> {
    target: &'a str,
    status: u16,
    body: &'a [u8],
    outcome: Option<Result<Outcome, String>>,
}

impl MethodVisitor for DecodeAs<'_> {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        if full_name::<M>() == self.target {
            self.outcome = Some(decode::<M>(self.status, self.body));
        }
    }
}

fn decode_as(target: &str, status: u16, body: &[u8]) -> Option<Result<Outcome, String>> {
    let mut visitor = DecodeAs {
        target,
        status,
        body,
        outcome: None,
    };
    visit_methods(&mut visitor);
    visitor.outcome
}

/// Decodes one body as every method, in the spec's order.
struct DecodeAsEach<'a> {
    status: u16,
    body: &'a [u8],
    outcomes: Vec<(String, Result<Outcome, String>)>,
}

/// How many methods `visit_methods` lists: the spec's, whatever their number.
fn method_count() -> usize {
    struct Count(usize);
    impl MethodVisitor for Count {
        fn visit<M: ApiMethod + 'static>(&mut self) {
            self.0 += 1;
        }
    }
    let mut count = Count(0);
    visit_methods(&mut count);
    count.0
}

impl MethodVisitor for DecodeAsEach<'_> {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        let outcome = decode::<M>(self.status, self.body);
        self.outcomes.push((full_name::<M>(), outcome));
    }
}

/// `body_start` is the start of the body: all of it when short, else its first 200
/// characters and an ellipsis.
fn check_body_start(body: &[u8], body_start: &str) -> Result<(), String> {
    let text = String::from_utf8_lossy(body);
    if body_start == text {
        return Ok(());
    }
    match body_start.strip_suffix('…') {
        Some(start) if text.starts_with(start) && start.chars().count() == 200 => Ok(()),
        _ => Err(format!(
            "body_start {body_start:?} is not the start of the body {:?}",
            text.chars().take(300).collect::<String>()
        )),
    }
}

// ---------------------------------------------------------------------------------------
// The corpus

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseCase {
    description: String,
    method: String,
    status: u16,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_parts: Option<Vec<Part>>,
    expect: String,
    expect_contains: String,
}

impl ResponseCase {
    fn body(&self) -> Vec<u8> {
        corpus_body(self.body.as_deref(), self.body_parts.as_deref())
    }
}

fn load_corpus() -> Vec<(String, ResponseCase)> {
    test_support::load_corpus(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/responses"))
}

/// `Err` says how the outcome differs from the expected one.
fn run_case(case: &ResponseCase) -> Result<(), String> {
    let body = case.body();
    let outcome = decode_as(&case.method, case.status, &body)
        .ok_or_else(|| format!("no method is called `{}`", case.method))??;
    if outcome.kind() != case.expect {
        return Err(format!(
            "{} instead of {}: {outcome:?}",
            outcome.kind(),
            case.expect
        ));
    }
    let expected = &case.expect_contains;
    match &outcome {
        Outcome::Ok { response } if !response.contains(expected.as_str()) => {
            Err(format!("the response {response} lacks `{expected}`"))
        }
        Outcome::Decode {
            message,
            body_start,
            ..
        } => {
            check_body_start(&body, body_start)?;
            if message.contains(expected.as_str()) {
                Ok(())
            } else {
                Err(format!("the message `{message}` lacks `{expected}`"))
            }
        }
        Outcome::Api { api_message, .. } if !api_message.contains(expected.as_str()) => Err(
            format!("the server's message `{api_message}` lacks `{expected}`"),
        ),
        _ => Ok(()),
    }
}

/// Runs every case; panics listing those that failed.
fn run_corpus() -> usize {
    let results = load_corpus()
        .into_iter()
        .map(|(name, case)| (format!("{name} ({})", case.description), run_case(&case)))
        .collect();
    test_support::assert_cases_pass("response", results)
}

#[test]
fn the_response_corpus_is_well_formed() {
    let corpus = load_corpus();
    assert!(corpus.len() >= 15, "only {} response cases", corpus.len());
    for (name, case) in &corpus {
        assert!(
            ["Ok", "Decode", "Api"].contains(&case.expect.as_str()),
            "{name}: expect {}",
            case.expect
        );
        assert!(
            decode_as(&case.method, case.status, b"").is_some(),
            "{name}: no method `{}`",
            case.method
        );
    }
}

#[test]
fn the_response_corpus_gets_the_expected_outcomes() {
    let ran = run_corpus();
    assert!(ran >= 15);
}

/// A body far over any sane size, made here rather than kept in a file.
#[test]
fn a_huge_body_is_reported_by_its_start() {
    let body = format!(
        "<html>{}</html>",
        "<p>¡Error del servidor!</p>".repeat(400_000)
    );
    assert!(body.len() > 10_000_000);
    let Some(Ok(Outcome::Decode {
        message,
        body_start,
        ..
    })) = decode_as("Contacts.GetContacts", 500, body.as_bytes())
    else {
        panic!("a huge HTML body is a decode error");
    };
    check_body_start(body.as_bytes(), &body_start).unwrap();
    assert!(body_start.ends_with('…'), "{body_start}");
    assert!(message.contains("Contacts.GetContacts"), "{message}");
    assert!(
        message.len() < 1000,
        "the message is {} bytes",
        message.len()
    );
}

// ---------------------------------------------------------------------------------------
// Robustness: pseudo-random and mutated bodies, as every method

/// Answers, valid for some methods, the seeds of the mutations.
const SEEDS: &[&str] = &[
    r#"{"success": true, "response": {"total": 2, "current_page": 1, "last_page": 1, "companies": [{"id": 1}, {"id": 2, "name": "Acme"}]}, "error": null}"#,
    r#"{"success": true, "response": [{"token": "t0k3n", "user": [{"id": 1, "name": "Ana"}]}], "error": null}"#,
    r#"{"success": true, "response": {}, "error": null}"#,
    r#"{"success": true, "response": [{}]}"#,
    r#"{"success": false, "response": null, "error": "the token has expired"}"#,
    r#"{"success": false, "error": {"code": 7, "text": "caf\u00e9"}}"#,
    r#"<html><body><h1>502 Bad Gateway</h1></body></html>"#,
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
    "1.0",
    "9223372036854775808",
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
    "\"success\"",
    "\"response\"",
    "\"error\"",
    "[{}]",
    "[]",
    "\"total\"",
    " ",
    "\n",
    "é",
    "\u{10FFFF}",
];

/// Values that mutations put in place of others.
const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "2.5",
    "\"\"",
    "\"x\"",
    "[]",
    "[{}]",
    "[{}, {}]",
    "{}",
    "[[1, 1, 1, []]]",
    "{\"id\": 1}",
    "\"true\"",
    "-9223372036854775808",
];

fn generate(rng: &mut Rng) -> Vec<u8> {
    match rng.below(10) {
        0 => {
            let len = rng.below(64);
            rng.bytes(len)
        }
        1 => (0..rng.below(24))
            .flat_map(|_| rng.pick(TOKENS).as_bytes().to_vec())
            .collect(),
        2 => rng.pick(SEEDS).as_bytes().to_vec(),
        _ => {
            let mut body = rng.pick(SEEDS).as_bytes().to_vec();
            for _ in 0..1 + rng.below(3) {
                mutate_json(rng, &mut body, TOKENS, VALUES);
            }
            body
        }
    }
}

/// The body's top-level `success`, if it is a JSON object (`None` otherwise).
fn top_level_success(body: &[u8]) -> Option<String> {
    let object: BTreeMap<String, &RawValue> = serde_json::from_slice(body).ok()?;
    Some(object.get("success").map_or("", |v| v.get()).to_string())
}

#[test]
fn arbitrary_bodies_never_panic_nor_pass_for_success() {
    const BODIES: usize = 2000;
    let started = Instant::now();
    let mut rng = Rng(0xC0DE_C0DE_5EED_0042);
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let methods = method_count();
    assert!(methods > 0, "visit_methods lists no method");
    for i in 0..BODIES {
        let body = generate(&mut rng);
        let status = *rng.pick(&[200, 200, 200, 400, 401, 404, 500, 502]);
        let mut each = DecodeAsEach {
            status,
            body: &body,
            outcomes: Vec::new(),
        };
        visit_methods(&mut each);
        assert_eq!(each.outcomes.len(), methods);
        let success = top_level_success(&body);
        for (method, outcome) in each.outcomes {
            let input = format!(
                "body {i} as {method} (HTTP {status}): {:?}",
                String::from_utf8_lossy(&body)
            );
            let outcome = outcome.unwrap_or_else(|panic| panic!("{input}: {panic}"));
            *kinds.entry(outcome.kind()).or_default() += 1;
            match &outcome {
                Outcome::Ok { .. } => assert_eq!(
                    success.as_deref(),
                    Some("true"),
                    "{input}: a success from a body that is not a success envelope"
                ),
                Outcome::Api { .. } => assert_eq!(
                    success.as_deref(),
                    Some("false"),
                    "{input}: an API error from a body that is not a failure envelope"
                ),
                Outcome::Decode { body_start, .. } => check_body_start(&body, body_start)
                    .unwrap_or_else(|why| panic!("{input}: {why}")),
                Outcome::Other(what) => panic!("{input}: {what}"),
            }
        }
    }
    println!(
        "{BODIES} bodies x {methods} methods in {:?}: {kinds:?}",
        started.elapsed()
    );
    for kind in ["Ok", "Decode", "Api"] {
        assert!(kinds.contains_key(kind), "no {kind} in {kinds:?}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}
