//! The generated client and server for the `features` fixture spec, against each other
//! and against malformed input: the server pipeline is strict, the client lenient.

mod common;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header::AUTHORIZATION};
use centiacrm_types::{DayMonthYear, IsoDate, JsonObject};
use codegen_fixtures::features::client::Client;
use codegen_fixtures::features::server::Server;
use codegen_fixtures::features::types::{Color, widgets};
use common::{Fixture, TOKEN, bearer, dispatcher, read};
use futures_util::TryStreamExt;
use serde_json::{Value, json};

async fn call(path: &str, headers: &HeaderMap, body: &str) -> (StatusCode, Value) {
    read(dispatcher().dispatch(path, headers, body.as_bytes()).await)
}

fn create(params: Value) -> String {
    json!({ "method": "CreateWidget", "parameters": params }).to_string()
}

#[tokio::test]
async fn a_valid_call_gets_a_success_envelope() {
    let params = json!({ "name": "w", "weight": 1.5, "due": "2025-12-31", "start": "05/01/25", "address": { "street": "Reforma" }, "inputs": { "a": [1] } });
    let reply = dispatcher()
        .dispatch("widgets", &bearer(TOKEN), create(params).as_bytes())
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let body: Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(
        body,
        json!({ "success": true, "response": { "widget": { "name": "w" }, "color": "dark_green" }, "error": null })
    );
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_field() {
    let auth = bearer(TOKEN);
    let cases = [
        (
            create(json!({ "name": "w", "weight": "heavy", "due": "2025-12-31" })),
            "parameters.weight",
        ),
        (
            create(json!({ "weight": 1.0, "due": "2025-12-31" })),
            "missing field `name`",
        ),
        (
            create(json!({ "name": "w", "weight": 1.0, "due": "31/12/2025" })),
            "parameters.due",
        ),
        (
            create(json!({ "name": "w", "weight": 1.0, "due": "2025-02-30" })),
            "parameters.due",
        ),
        (
            create(
                json!({ "name": "w", "weight": 1.0, "due": "2025-12-31", "start": "2025-01-01" }),
            ),
            "parameters.start",
        ),
        (
            create(json!({ "name": "w", "weight": 1.0, "due": "2025-12-31", "address": {} })),
            "parameters.address",
        ),
        (create(json!([1, 2])), "parameters"),
        (
            json!({ "method": "GetWidgets", "parameters": { "type": "x", "sort": "sideways" } })
                .to_string(),
            "parameters.sort",
        ),
        // Enums that the client reads leniently are still strict in a request.
        (
            json!({ "method": "GetWidgets", "parameters": { "type": "x", "color": "purple" } })
                .to_string(),
            "parameters.color",
        ),
        (
            json!({ "method": "GetWidgets", "parameters": { "type": "x", "ids": [1, "two"] } })
                .to_string(),
            "parameters.ids[1]",
        ),
        (
            json!({ "method": "CreateWidget" }).to_string(),
            "missing field `name`",
        ),
        (
            "{\"method\": \"GetCatalog\"".to_string(),
            "not a {\"method\", \"parameters\"} JSON envelope",
        ),
        ("<html>".to_string(), "JSON envelope"),
        (
            json!({ "parameters": {} }).to_string(),
            "missing field `method`",
        ),
        (json!({ "method": 7 }).to_string(), "JSON envelope"),
        (
            json!({ "method": "GetCatalog", "params": {} }).to_string(),
            "unknown field `params`",
        ),
    ];
    for (body, expected) in cases {
        let (status, error) = call("widgets", &auth, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {error}");
        let error = error.as_str().unwrap();
        assert!(
            error.contains(expected),
            "{body}: `{error}` does not mention `{expected}`"
        );
    }
}

#[tokio::test]
async fn parameters_may_be_left_out_only_when_none_is_required() {
    let auth = bearer(TOKEN);
    for body in [
        json!({ "method": "GetCatalog" }),
        json!({ "method": "GetCatalog", "parameters": null }),
        json!({ "method": "GetCatalog", "parameters": {} }),
    ] {
        let (status, response) = call("widgets", &auth, &body.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(response, json!({ "colors": ["red", "sky-blue"] }));
    }
    let (status, _) = call(
        "widgets",
        &auth,
        &json!({ "method": "GetWidgets" }).to_string(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "GetWidgets requires `type`"
    );
}

#[tokio::test]
async fn tokens_are_checked() {
    let body = json!({ "method": "GetCatalog" }).to_string();
    let mut malformed = HeaderMap::new();
    malformed.insert(AUTHORIZATION, HeaderValue::from_static("Basic abc"));
    for headers in [HeaderMap::new(), bearer("wrong"), malformed, bearer("")] {
        let (status, error) = call("widgets", &headers, &body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{headers:?}: {error}");
    }
    // The method without auth needs no token, and its own errors pass through.
    let sign_in =
        |email: &str| json!({ "method": "SignIn", "parameters": { "email": email } }).to_string();
    assert_eq!(
        call("session", &HeaderMap::new(), &sign_in("ana@example.com")).await,
        (StatusCode::OK, json!({ "token": TOKEN }))
    );
    assert_eq!(
        call("session", &HeaderMap::new(), &sign_in("bob@example.com")).await,
        (StatusCode::UNAUTHORIZED, json!("unknown email"))
    );
}

#[tokio::test]
async fn unknown_methods_and_namespaces_are_404() {
    let (status, error) = call(
        "widgets",
        &bearer(TOKEN),
        &json!({ "method": "GetGadgets" }).to_string(),
    )
    .await;
    assert_eq!(
        (status, error.as_str().unwrap()),
        (
            StatusCode::NOT_FOUND,
            "unknown method `GetGadgets` at `/widgets`"
        )
    );
    // A method of another namespace is unknown here.
    let (status, _) = call(
        "widgets",
        &bearer(TOKEN),
        &json!({ "method": "SignIn", "parameters": { "email": "a" } }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, error) = call(
        "gadgets",
        &bearer(TOKEN),
        &json!({ "method": "GetCatalog" }).to_string(),
    )
    .await;
    assert_eq!(
        (status, error.as_str().unwrap()),
        (StatusCode::NOT_FOUND, "unknown namespace `/gadgets`")
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let big = create(json!({ "name": "x".repeat(200), "weight": 1.0, "due": "2025-12-31" }));
    let reply = dispatcher()
        .body_limit(100)
        .dispatch("widgets", &bearer(TOKEN), big.as_bytes())
        .await;
    assert_eq!(read(reply).0, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_panicking_handler_is_500_and_the_server_goes_on() {
    let dispatcher = dispatcher();
    let boom = create(json!({ "name": "boom", "weight": 1.0, "due": "2025-12-31" }));
    let (status, error) = read(
        dispatcher
            .dispatch("widgets", &bearer(TOKEN), boom.as_bytes())
            .await,
    );
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    // The panic's own message stays in the log; the client gets the request id.
    let error = error.as_str().unwrap();
    assert!(
        error.starts_with("the handler panicked (request id "),
        "{error}"
    );
    assert!(!error.contains("a handler bug"), "{error}");
    let fine = create(json!({ "name": "fine", "weight": 1.0, "due": "2025-12-31" }));
    assert_eq!(
        read(
            dispatcher
                .dispatch("widgets", &bearer(TOKEN), fine.as_bytes())
                .await
        )
        .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_internal_error_shows_its_message_and_request_id_not_its_cause() {
    let mut headers = bearer(TOKEN);
    headers.insert("x-request-id", HeaderValue::from_static("req-42"));
    let failing = create(json!({ "name": "db-down", "weight": 1.0, "due": "2025-12-31" }));
    let reply = dispatcher()
        .dispatch("widgets", &headers, failing.as_bytes())
        .await;
    let body = String::from_utf8(reply.body.clone()).unwrap();
    let (status, error) = read(reply);
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error, json!("cannot store the widget (request id req-42)"));
    assert!(!body.contains("hunter2"), "{body}");
}

#[tokio::test]
async fn the_context_has_the_headers_and_the_request_id() {
    let dispatcher = dispatcher();
    let catalog = br#"{"method": "GetCatalog"}"#;
    let mut headers = bearer(TOKEN);
    headers.insert("x-trace", HeaderValue::from_static("abc"));
    headers.insert("x-request-id", HeaderValue::from_static("client-id-1"));
    dispatcher.dispatch("widgets", &headers, catalog).await;
    let seen = dispatcher
        .service()
        .service()
        .catalog_context
        .lock()
        .unwrap()
        .clone();
    assert_eq!(seen, Some(("client-id-1".into(), Some("abc".into()))));
    // A request id too long or with other characters is replaced by a new one.
    for bad in ["x".repeat(129), "a b".into(), "id\"quote".into()] {
        headers.insert("x-request-id", HeaderValue::from_str(&bad).unwrap());
        dispatcher.dispatch("widgets", &headers, catalog).await;
        let (id, _) = dispatcher
            .service()
            .service()
            .catalog_context
            .lock()
            .unwrap()
            .clone()
            .unwrap();
        assert_ne!(id, bad);
        assert_eq!(id.len(), 36, "a UUID: {id}");
    }
}

/// Serves the fixture on 127.0.0.1 at a free port; returns its base URL.
async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn the_router_speaks_http() {
    let base = serve(centiacrm_server::router(dispatcher().body_limit(1000))).await;
    let http = reqwest::Client::new();
    let post = |path: &str, body: String| {
        http.post(format!("{base}/{path}"))
            .bearer_auth(TOKEN)
            .body(body)
            .send()
    };

    let ok = post("widgets", json!({ "method": "GetCatalog" }).to_string())
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["content-type"], "application/json");
    assert_eq!(
        post("widgets", "x".repeat(5000)).await.unwrap().status(),
        413
    );
    assert_eq!(post("gadgets", "{}".into()).await.unwrap().status(), 404);
    assert_eq!(post("widgets", "{".into()).await.unwrap().status(), 400);
    let get = http.get(format!("{base}/widgets")).send().await.unwrap();
    assert_eq!(get.status(), 405);
    let envelope: Value = get.json().await.unwrap();
    assert_eq!(envelope["success"], json!(false));
}

#[tokio::test]
async fn the_generated_client_and_server_agree() {
    let base = serve(Server::new(Fixture::default()).router()).await;
    let client = Client::new(&base).unwrap();

    // The method flagged `token:` keeps the token for the calls that follow.
    client.sign_in("ana@example.com").await.unwrap();
    let catalog = client.widgets().get_catalog().await.unwrap();
    assert_eq!(catalog.colors, vec![Color::Red, Color::SkyBlue]);

    let params = widgets::CreateWidgetParams::builder()
        .name("w")
        .weight(2.5)
        .due(
            IsoDate::builder()
                .year(2025)
                .month(12)
                .day(31)
                .build()
                .unwrap(),
        )
        .start(
            DayMonthYear::builder()
                .year(2025)
                .month(1)
                .day(5)
                .build()
                .unwrap(),
        )
        .tags([("k".to_string(), "v".to_string())].into())
        .build();
    let created = client.widgets().create_widget(params).await.unwrap();
    assert_eq!(
        (created.widget["name"].as_str(), created.color),
        (Some("w"), Color::DarkGreen)
    );

    let all: Vec<JsonObject> = client
        .widgets()
        .get_widgets_stream(widgets::GetWidgetsParams::builder().r#type("any").build())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<i64> = all.iter().map(|w| w["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (1..=7).collect::<Vec<_>>());
}

#[test]
fn the_client_keeps_values_it_does_not_know() {
    // The same type that the server reads strictly.
    let response: widgets::GetCatalogResponse =
        serde_json::from_value(json!({ "colors": ["red", "ultraviolet"] })).unwrap();
    assert_eq!(
        response.colors,
        vec![Color::Red, Color::Unknown("ultraviolet".into())]
    );
    assert_eq!(
        serde_json::to_value(&response.colors).unwrap(),
        json!(["red", "ultraviolet"])
    );
    // A single object sent as a one-element array is read too.
    let created: widgets::CreateWidgetResponse =
        serde_json::from_value(json!({ "widget": [{ "id": 1 }], "color": "red" })).unwrap();
    assert_eq!(created.widget["id"], json!(1));
}

/// A service that serves one namespace without implementing any of its methods, and
/// leaves the other namespace out: every call answers 501 with the envelope, so neither a
/// method nor a namespace added to the spec breaks an existing implementation.
struct Bare;

impl centiacrm_server::Authenticate for Bare {
    type Principal = ();
    async fn authenticate(&self, _: &str) -> Option<()> {
        Some(())
    }
}

impl codegen_fixtures::features::server::Widgets for Bare {}

impl codegen_fixtures::features::server::Api for Bare {
    fn widgets(&self) -> &impl codegen_fixtures::features::server::Widgets<Principal = ()> {
        self
    }
}

#[tokio::test]
async fn a_method_or_namespace_left_out_is_501_with_the_envelope() {
    let dispatcher = Server::new(Bare).dispatcher();
    for (path, request, method) in [
        (
            "widgets",
            json!({ "method": "GetCatalog" }),
            "Widgets.GetCatalog",
        ),
        (
            "session",
            json!({ "method": "SignIn", "parameters": { "email": "a@b.c" } }),
            "Session.SignIn",
        ),
    ] {
        let reply = dispatcher
            .dispatch(path, &bearer(TOKEN), request.to_string().as_bytes())
            .await;
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(reply.status, StatusCode::NOT_IMPLEMENTED, "{method}");
        assert_eq!(
            body,
            json!({
                "success": false,
                "response": null,
                "error": format!("`{method}` is not implemented by this server"),
                "code": "not_implemented",
            })
        );
    }
    // Parameters are still checked first: a bad call is a 400, not a 501.
    let (status, _) = read(
        dispatcher
            .dispatch(
                "widgets",
                &bearer(TOKEN),
                create(json!({ "name": 1 })).as_bytes(),
            )
            .await,
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// `idempotent:` reaches `ApiMethod::IDEMPOTENT`; methods that do not say it are not.
#[test]
fn idempotency_comes_from_the_spec() {
    use centiacrm_types::ApiMethod;
    use codegen_fixtures::features::types::session;
    let flags = [
        <widgets::GetWidgets as ApiMethod>::IDEMPOTENT,
        <widgets::GetCatalog as ApiMethod>::IDEMPOTENT,
        <widgets::CreateWidget as ApiMethod>::IDEMPOTENT,
        <session::SignIn as ApiMethod>::IDEMPOTENT,
    ];
    assert_eq!(flags, [true, true, false, false]);
}

/// A `secret: true` field is `<redacted>` in `Debug`; the other fields show.
#[test]
fn secret_fields_are_redacted_in_debug() {
    use codegen_fixtures::features::types::session;
    let response: session::SignInResponse =
        serde_json::from_value(json!({ "token": "tok-SECRET-42" })).unwrap();
    let debug = format!("{response:?}");
    assert_eq!(debug, r#"SignInResponse { token: "<redacted>" }"#);
    let params = session::SignInParams::builder()
        .email("ana@example.com")
        .build();
    assert!(format!("{params:?}").contains("ana@example.com"));
}
