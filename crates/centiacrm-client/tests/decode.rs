//! Reading answers: the success envelope and its lenient forms, and each kind of failure
//! (API error, undecodable body, missing token, timeout, unreachable server).

mod common;

use std::future::Future;
use std::time::{Duration, Instant};

use centiacrm_client::types::{CompanySearchBy, companies, opportunities};
use centiacrm_client::{Client, Error};
use common::{BASE_PATH, Reply, TOKEN, TestServer};
use serde_json::json;

/// Starts a server answering `reply`, runs `call` with a logged-in client, and returns its
/// result and the server (to look at what it received).
async fn answer<T, F>(
    reply: Reply,
    call: impl FnOnce(Client) -> F,
) -> (Result<T, Error>, TestServer)
where
    F: Future<Output = Result<T, Error>>,
{
    let server = TestServer::start(reply).await;
    let client = server.client(BASE_PATH).token(TOKEN).build().unwrap();
    (call(client).await, server)
}

async fn get_companies(reply: Reply) -> Result<companies::GetCompaniesResponse, Error> {
    answer(reply, |c| async move {
        c.companies()
            .get_companies(
                companies::GetCompaniesParams::builder()
                    .profile_id(7)
                    .build(),
            )
            .await
    })
    .await
    .0
}

async fn get_company(reply: Reply) -> Result<companies::GetCompanyResponse, Error> {
    answer(reply, |c| async move {
        let params = companies::GetCompanyParams::builder()
            .profile_id(7)
            .search_by(CompanySearchBy::Id)
            .search_value("42")
            .build();
        c.companies().get_company(params).await
    })
    .await
    .0
}

fn companies_page() -> serde_json::Value {
    json!({
        "total": 3, "current_page": 1, "last_page": 2,
        "companies": [{"id": 1, "name": "Acme"}, {"id": 2, "name": "Globex"}],
    })
}

#[tokio::test]
async fn a_success_envelope_decodes_into_the_typed_response() {
    let page = get_companies(Reply::ok(companies_page())).await.unwrap();
    assert_eq!((page.total, page.current_page, page.last_page), (3, 1, 2));
    assert_eq!(page.companies.len(), 2);
    assert_eq!(page.companies[1]["name"], "Globex");
}

/// The reference types `response` as `object[]`: a one-element array is the same answer.
#[tokio::test]
async fn a_response_given_as_a_one_element_array_decodes() {
    let page = get_companies(Reply::json(
        200,
        json!({"success": true, "response": [companies_page()]}),
    ))
    .await
    .unwrap();
    assert_eq!((page.total, page.companies.len()), (3, 2));
    assert_eq!(page.companies[0]["id"], 1);
}

/// Single objects are typed `object[]` too: `company: [{...}]` is that company.
#[tokio::test]
async fn a_single_object_field_given_as_a_one_element_array_decodes() {
    let company = get_company(Reply::ok(json!({"company": [{"id": 42, "name": "Acme"}]})))
        .await
        .unwrap()
        .company;
    assert_eq!(company["id"], 42);
    assert_eq!(company["name"], "Acme");

    // Both forms at once: a one-element `response` holding a one-element `company`.
    let company = get_company(Reply::json(
        200,
        json!({"success": true, "response": [{"company": [{"id": 43}]}]}),
    ))
    .await
    .unwrap()
    .company;
    assert_eq!(company["id"], 43);
}

/// What the spec does not know is ignored, not an error: unknown values inside open
/// objects (the spec's enums are request-only) and unknown response fields.
#[tokio::test]
async fn unknown_values_and_fields_in_responses_decode() {
    let (result, _server) = answer(
        Reply::ok(json!({
            "opportunity": {"id": 5, "status": "archived", "operation_type": "upsell"},
            "served_by": "node-3",
        })),
        |c| async move {
            c.opportunities()
                .get_opportunity(
                    opportunities::GetOpportunityParams::builder()
                        .profile_id(7)
                        .opportunity_id(5)
                        .build(),
                )
                .await
        },
    )
    .await;
    let opportunity = result.unwrap().opportunity;
    assert_eq!(opportunity["status"], "archived");
    assert_eq!(opportunity["operation_type"], "upsell");

    let page = get_companies(Reply::json(
        200,
        json!({"success": true, "response": companies_page(), "error": null, "took_ms": 12}),
    ))
    .await
    .unwrap();
    assert_eq!(page.total, 3);
}

/// `success: false` is an API error carrying the server's message, whatever the status.
#[tokio::test]
async fn success_false_is_an_api_error_whatever_the_status() {
    for status in [200, 400, 401, 500] {
        let err = get_companies(Reply::failure(status, "Profile not found"))
            .await
            .unwrap_err();
        match &err {
            Error::Api {
                namespace,
                method,
                status: got,
                message,
                ..
            } => {
                assert_eq!((*namespace, *method), ("Companies", "GetCompanies"));
                assert_eq!(*got, status);
                assert_eq!(message, "Profile not found");
            }
            other => panic!("HTTP {status}: expected Error::Api, got {other:?}"),
        }
        assert_eq!(err.api_message(), Some("Profile not found"));
        assert_eq!(
            err.to_string(),
            format!("Companies.GetCompanies failed (HTTP {status}): Profile not found")
        );
    }
}

/// An error that is not a string is shown as JSON; a missing one is said to be missing.
#[tokio::test]
async fn api_errors_without_a_text_message_still_say_something() {
    let cases = [
        (
            json!({"success": false, "error": {"code": 17, "text": "quota"}}),
            r#"{"code":17,"text":"quota"}"#,
        ),
        (
            json!({"success": false}),
            "(the server gave no error message)",
        ),
        (
            json!({"success": false, "error": null}),
            "(the server gave no error message)",
        ),
    ];
    for (body, expected) in cases {
        let err = get_companies(Reply::json(500, body.clone()))
            .await
            .unwrap_err();
        assert_eq!(err.api_message(), Some(expected), "{body}");
    }
}

/// Asserts `err` is a decode error of Companies.GetCompanies at `status`, showing `body_start`.
fn assert_decode_error(err: &Error, status: u16, body_start: &str) {
    match err {
        Error::Decode {
            namespace,
            method,
            status: got,
            body_start: shown,
            ..
        } => {
            assert_eq!(
                (*namespace, *method, *got),
                ("Companies", "GetCompanies", status)
            );
            assert_eq!(shown, body_start);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "Companies.GetCompanies: cannot decode the response (HTTP {status})"
        )),
        "{message}"
    );
    assert!(
        message.ends_with(&format!("the body starts with {body_start:?}")),
        "{message}"
    );
}

/// A body that is not the envelope (or whose `response` is not the spec's) is a decode
/// error naming the method and showing the start of the body.
#[tokio::test]
async fn a_body_that_is_not_the_envelope_is_a_decode_error() {
    let cases: [(&str, u16, &str); 11] = [
        (
            "HTML",
            502,
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        ),
        (
            "truncated JSON",
            200,
            r#"{"success": true, "response": {"total": 3, "curr"#,
        ),
        (
            "wrong shape",
            200,
            r#"{"success": true, "response": {"wrong": "shape"}}"#,
        ),
        ("empty body", 200, ""),
        ("JSON null", 200, "null"),
        ("no response", 200, r#"{"success": true}"#),
        (
            "success not a boolean",
            200,
            r#"{"success": "yes", "response": {}}"#,
        ),
        (
            "an array of two pages",
            200,
            r#"{"success": true, "response": [{"total": 0, "current_page": 1, "last_page": 1, "companies": []}, {"total": 0, "current_page": 1, "last_page": 1, "companies": []}]}"#,
        ),
        // serde's derives would also read a struct from an array of its fields, in order.
        (
            "the envelope as an array of its fields",
            200,
            r#"[true, {"total": 0, "current_page": 1, "last_page": 1, "companies": []}, null]"#,
        ),
        (
            "the response as an array of its fields",
            200,
            r#"{"success": true, "response": [[0, 1, 1, []]]}"#,
        ),
        (
            "a wrong field type",
            200,
            r#"{"success": true, "response": {"total": "3", "current_page": 1, "last_page": 1, "companies": []}}"#,
        ),
    ];
    for (case, status, body) in cases {
        let result = get_companies(Reply::raw(status, body)).await;
        let err = result.expect_err(case);
        assert_decode_error(&err, status, body);
    }
}

#[tokio::test]
async fn a_long_body_is_cut_in_the_decode_error() {
    let body = format!("<html>{}</html>", "x".repeat(5000));
    let err = get_companies(Reply::raw(503, body.clone()))
        .await
        .unwrap_err();
    let expected: String = body.chars().take(200).chain(['…']).collect();
    assert_decode_error(&err, 503, &expected);
}

#[tokio::test]
async fn a_single_object_field_given_as_a_longer_array_is_a_decode_error() {
    let body = r#"{"success": true, "response": {"company": [{"id": 1}, {"id": 2}]}}"#;
    let err = get_company(Reply::raw(200, body)).await.unwrap_err();
    match &err {
        Error::Decode { method, reason, .. } => {
            assert_eq!(*method, "GetCompany");
            assert!(reason.contains("found an array of 2"), "{reason}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// Without a token, a call that needs one fails before anything is sent.
#[tokio::test]
async fn a_call_before_login_is_not_sent() {
    let server = TestServer::start(Reply::ok(json!({"profiles": []}))).await;
    let client = server.client(BASE_PATH).build().unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotLoggedIn {
                namespace: "Profiles",
                method: "GetProfiles",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Profiles.GetProfiles needs a token: log in first, or set a saved token"
    );
    let err = client
        .companies()
        .get_companies(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotLoggedIn {
                namespace: "Companies",
                method: "GetCompanies",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        server.requests().len(),
        0,
        "nothing may be sent without a token"
    );
}

/// A server slower than the client's timeout gives a timeout, soon after it expires.
#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server =
        TestServer::start(Reply::ok(json!({"profiles": []})).delayed(Duration::from_secs(5))).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .timeout(Duration::from_millis(200))
        // One attempt: retries of a timed-out read are `retries.rs`'s concern.
        .no_retries()
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.profiles().get_profiles().await.unwrap_err();
    let elapsed = started.elapsed();
    match &err {
        Error::Timeout {
            namespace,
            method,
            timeout,
            request_id,
        } => {
            assert_eq!((*namespace, *method), ("Profiles", "GetProfiles"));
            assert_eq!(*timeout, Duration::from_millis(200));
            // No answer came, and still the error names the id the request went with.
            let requests = server.requests();
            let sent = requests[0].headers["x-request-id"].to_str().unwrap();
            assert_eq!(request_id.as_deref(), Some(sent));
            assert_eq!(err.request_id(), Some(sent));
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert_eq!(
        err.to_string(),
        "Profiles.GetProfiles timed out after 200ms"
    );
    assert_eq!(server.requests().len(), 1);
}

/// The timeout covers reading the body, not only the headers.
#[tokio::test]
async fn a_body_that_stalls_is_a_timeout() {
    let reply =
        Reply::ok(json!({"profiles": [{"id": 1}]})).stalled_body(10, Duration::from_secs(5));
    let server = TestServer::start(reply).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .timeout(Duration::from_millis(300))
        .no_retries()
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                method: "GetProfiles",
                ..
            }
        ),
        "expected Error::Timeout, got {err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );

    // The same stalled answer within the timeout decodes: the pause alone caused the error.
    let reply =
        Reply::ok(json!({"profiles": [{"id": 1}]})).stalled_body(10, Duration::from_millis(50));
    let server = TestServer::start(reply).await;
    let client = server
        .client(BASE_PATH)
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let profiles = client.profiles().get_profiles().await.unwrap().profiles;
    assert_eq!(profiles[0]["id"], 1);
}

/// Nobody listening: a transport error naming the method.
#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    }; // the listener is dropped here, so the port refuses connections
    let client = Client::builder(&format!("http://{closed}/api/v1"))
        .http_client(common::local_http())
        .token(TOKEN)
        .build()
        .unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    match &err {
        Error::Transport {
            namespace, method, ..
        } => assert_eq!((*namespace, *method), ("Profiles", "GetProfiles")),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    // Nothing was sent, and the error still has the id the request would have carried.
    let id = err.request_id().expect("a request id on a transport error");
    assert!(
        id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert!(
        err.to_string()
            .starts_with("Profiles.GetProfiles: transport error: "),
        "{err}"
    );
    assert!(
        std::error::Error::source(&err).is_some(),
        "the reqwest error is kept as the source"
    );
}
