//! The token: Login sends none and keeps the one it gets, `set_token` replaces it, clones
//! share it, and `Debug` never shows it.

mod common;

use centiacrm_client::types::auth::LoginParams;
use centiacrm_client::{Client, Error};
use common::{BASE_PATH, Recorded, Reply, TestServer};
use serde_json::{Value, json};

const SECRET: &str = "s3cr3t-t0ken-9b1e";

fn login_body(email: &str, password: &str) -> Value {
    json!({"method": "Login", "parameters": {"email": email, "password": password}})
}

/// A server that answers Login at /auth with `login` and any other call with no profiles.
async fn server(login: Value) -> TestServer {
    TestServer::start_with(move |request: &Recorded| {
        if request.path.ends_with("/auth") {
            Reply::ok(login.clone())
        } else {
            Reply::ok(json!({"profiles": []}))
        }
    })
    .await
}

/// Calls Profiles.GetProfiles and asserts it carried exactly `Bearer token`.
async fn assert_next_call_sends(client: &Client, server: &TestServer, token: &str) {
    client.profiles().get_profiles().await.unwrap();
    let request = server.requests().pop().unwrap();
    request.assert_wire(
        &format!("{BASE_PATH}/profiles"),
        Some(token),
        &json!({"method": "GetProfiles"}),
    );
}

#[tokio::test]
async fn login_sends_no_token_and_keeps_the_one_it_gets() {
    let server = server(json!({"token": SECRET, "user": {"id": 3, "name": "Ana"}})).await;
    let client = server.client(BASE_PATH).build().unwrap();
    assert!(!client.transport().has_token());

    let response = client.login("ana@example.com", "pässword").await.unwrap();
    assert_eq!(response.token, SECRET);
    assert_eq!(response.user["name"], "Ana");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    requests[0].assert_wire(
        &format!("{BASE_PATH}/auth"),
        None,
        &login_body("ana@example.com", "pässword"),
    );

    assert_eq!(client.transport().token_value().as_deref(), Some(SECRET));
    assert_next_call_sends(&client, &server, SECRET).await;
}

/// Logging in again with a token already set: Login still sends none, and the new token
/// replaces the old one.
#[tokio::test]
async fn login_with_a_saved_token_sends_none_and_replaces_it() {
    let server = server(json!({"token": "fresh", "user": {"id": 3}})).await;
    let client = server.client(BASE_PATH).token("stale").build().unwrap();
    assert_next_call_sends(&client, &server, "stale").await;

    client
        .auth()
        .login(
            LoginParams::builder()
                .email("ana@example.com")
                .password("pw")
                .build(),
        )
        .await
        .unwrap();
    let login = server.requests().pop().unwrap();
    login.assert_wire(
        &format!("{BASE_PATH}/auth"),
        None,
        &login_body("ana@example.com", "pw"),
    );
    assert_next_call_sends(&client, &server, "fresh").await;
}

/// The logged user may come as a one-element array; the token is still kept.
#[tokio::test]
async fn login_accepts_the_user_as_a_one_element_array() {
    let server =
        server(json!({"token": SECRET, "user": [{"id": 3, "email": "ana@example.com"}]})).await;
    let client = server.client(BASE_PATH).build().unwrap();
    let response = client.login("ana@example.com", "pw").await.unwrap();
    assert_eq!(response.user["email"], "ana@example.com");
    assert_next_call_sends(&client, &server, SECRET).await;
}

/// A whole Login answer given as a one-element array also yields the token.
#[tokio::test]
async fn login_accepts_the_response_as_a_one_element_array() {
    let server = TestServer::start(Reply::json(
        200,
        json!({"success": true, "response": [{"token": SECRET, "user": {"id": 3}}]}),
    ))
    .await;
    let client = server.client(BASE_PATH).build().unwrap();
    client.login("ana@example.com", "pw").await.unwrap();
    assert_eq!(client.transport().token_value().as_deref(), Some(SECRET));
}

/// A refused login is an API error and leaves the client without a token.
#[tokio::test]
async fn a_failed_login_keeps_no_token() {
    let server = TestServer::start(Reply::failure(401, "Invalid credentials")).await;
    let client = server.client(BASE_PATH).build().unwrap();
    let err = client.login("ana@example.com", "wrong").await.unwrap_err();
    match &err {
        Error::Api {
            namespace,
            method,
            status,
            message,
            ..
        } => assert_eq!(
            (*namespace, *method, *status, message.as_str()),
            ("Auth", "Login", 401, "Invalid credentials")
        ),
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(!client.transport().has_token());
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(matches!(err, Error::NotLoggedIn { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "only the login was sent");
}

/// A Login answer without a token is not a login: a decode error, and no token.
#[tokio::test]
async fn a_login_answer_without_a_token_is_a_decode_error() {
    let server = server(json!({"user": {"id": 3}})).await;
    let client = server.client(BASE_PATH).build().unwrap();
    let err = client.login("ana@example.com", "pw").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                namespace: "Auth",
                method: "Login",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!client.transport().has_token());
}

#[tokio::test]
async fn set_token_is_sent_and_clear_token_forgets_it() {
    let server = server(json!({})).await;
    let client = server.client(BASE_PATH).build().unwrap();
    client.set_token("saved-1");
    assert_next_call_sends(&client, &server, "saved-1").await;
    client.set_token("saved-2");
    assert_next_call_sends(&client, &server, "saved-2").await;

    client.transport().clear_token();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(matches!(err, Error::NotLoggedIn { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 2);
}

/// Clones share the token: a login on one serves the other.
#[tokio::test]
async fn clones_share_the_token() {
    let server = server(json!({"token": SECRET, "user": {}})).await;
    let client = server.client(BASE_PATH).build().unwrap();
    let clone = client.clone();
    client.login("ana@example.com", "pw").await.unwrap();
    assert_next_call_sends(&clone, &server, SECRET).await;
}

/// The token never shows in Debug output, however it was set.
#[tokio::test]
async fn debug_output_never_shows_the_token() {
    let server = server(json!({"token": SECRET, "user": {}})).await;

    let builder = server.client(BASE_PATH).token(SECRET);
    let shown = format!("{builder:?} {builder:#?}");
    assert!(!shown.contains(SECRET), "{shown}");

    let client = builder.build().unwrap();
    assert_no_secret(&client);

    let client = server.client(BASE_PATH).build().unwrap();
    client.login("ana@example.com", "pw").await.unwrap();
    assert!(client.transport().has_token());
    assert_no_secret(&client);

    let client = server.client(BASE_PATH).build().unwrap();
    client.set_token(SECRET);
    assert_no_secret(&client);
}

fn assert_no_secret(client: &Client) {
    let shown = format!(
        "{client:?} {client:#?} {:?} {:?}",
        client.transport(),
        client.companies()
    );
    assert!(!shown.contains(SECRET), "{shown}");
    // The output is still useful: it shows where the client points.
    assert!(shown.contains(client.transport().base_url()), "{shown}");
}
