//! Sessions: with credentials the client logs in on first use and again, once, on a 401,
//! with one login for any number of concurrent 401s; streams carry on across a re-login; a
//! saved token without credentials behaves as before.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use centiacrm_client::types::companies::GetCompaniesParams;
use centiacrm_client::{Client, Error};
use common::{BASE_PATH, Recorded, Reply, TestServer};
use futures_util::future::join_all;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

const EMAIL: &str = "ana@example.com";
const PASSWORD: &str = "pässword-51";

/// A server with one valid token at a time: Login (with the right password) issues
/// `token-<n>`; a call with another token gets 401. GetCompanies has 5 pages.
#[derive(Clone, Default)]
struct Auth {
    valid: Arc<Mutex<String>>,
    logins: Arc<AtomicUsize>,
}

impl Auth {
    fn expire(&self) {
        self.valid.lock().unwrap().clear();
    }

    fn logins(&self) -> usize {
        self.logins.load(Ordering::SeqCst)
    }

    fn answer(&self, request: &Recorded) -> Reply {
        let body = request.json();
        if body["method"] == "Login" {
            if body["parameters"] != json!({"email": EMAIL, "password": PASSWORD}) {
                return Reply::failure(401, "Invalid credentials");
            }
            let n = self.logins.fetch_add(1, Ordering::SeqCst) + 1;
            let token = format!("token-{n}");
            *self.valid.lock().unwrap() = token.clone();
            return Reply::ok(json!({"token": token, "user": {"id": 3}}));
        }
        let valid = format!("Bearer {}", self.valid.lock().unwrap());
        let sent = request.header_values(reqwest::header::AUTHORIZATION);
        if sent != [valid] {
            return Reply::failure(401, "Token expired");
        }
        match request.page() {
            Some(page) => Reply::ok(json!({
                "total": 10, "current_page": page, "last_page": 5,
                "companies": [{"id": 10 * page + 1}, {"id": 10 * page + 2}],
            })),
            None => Reply::ok(json!({"profiles": []})),
        }
    }
}

async fn start(auth: &Auth) -> TestServer {
    let auth = auth.clone();
    TestServer::start_with(move |request: &Recorded| auth.answer(request)).await
}

fn methods(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.json()["method"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn credentials_log_in_on_first_use() {
    let auth = Auth::default();
    let server = start(&auth).await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, PASSWORD)
        .build()
        .unwrap();
    assert!(!client.transport().has_token());
    client.profiles().get_profiles().await.unwrap();
    client.profiles().get_profiles().await.unwrap();
    assert_eq!(methods(&server), ["Login", "GetProfiles", "GetProfiles"]);
    assert_eq!(client.transport().token_value().as_deref(), Some("token-1"));
    // Debug shows neither the password nor the token.
    let debug = format!("{:?}", client);
    assert!(
        !debug.contains(PASSWORD) && !debug.contains("token-1"),
        "{debug}"
    );
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_retries_the_call() {
    let auth = Auth::default();
    let server = start(&auth).await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, PASSWORD)
        .build()
        .unwrap();
    client.profiles().get_profiles().await.unwrap();
    auth.expire();
    client.profiles().get_profiles().await.unwrap();
    assert_eq!(
        methods(&server),
        [
            "Login",
            "GetProfiles",
            "GetProfiles",
            "Login",
            "GetProfiles"
        ]
    );
    assert_eq!(auth.logins(), 2);

    // A token refused again right after the new login is an error, not a loop.
    let server = TestServer::start_with(|request: &Recorded| {
        if request.json()["method"] == "Login" {
            Reply::ok(json!({"token": "useless", "user": {}}))
        } else {
            Reply::failure(401, "Token expired")
        }
    })
    .await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, PASSWORD)
        .token("old")
        .build()
        .unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(methods(&server), ["GetProfiles", "Login", "GetProfiles"]);
}

#[tokio::test]
async fn concurrent_401s_cause_exactly_one_login() {
    let auth = Auth::default();
    let server = start(&auth).await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, PASSWORD)
        .token("stale")
        .build()
        .unwrap();
    let calls = (0..32).map(|_| client.profiles().get_profiles());
    for result in join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(auth.logins(), 1);
    let methods = methods(&server);
    assert_eq!(methods.iter().filter(|m| *m == "Login").count(), 1);
    assert_eq!(
        methods.len(),
        1 + 32 + 32,
        "32 refused, one login, 32 retried"
    );
}

#[tokio::test]
async fn a_stream_carries_on_across_a_re_login() {
    let auth = Auth::default();
    let server = start(&auth).await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, PASSWORD)
        .build()
        .unwrap();
    let mut stream = client
        .companies()
        .get_companies_stream(GetCompaniesParams::builder().profile_id(7).build());
    let mut ids = Vec::new();
    while let Some(company) = stream.next().await {
        let id = company.unwrap()["id"].as_i64().unwrap();
        ids.push(id);
        if id == 22 {
            auth.expire(); // the token expires between pages 2 and 3
        }
    }
    assert_eq!(ids, [11, 12, 21, 22, 31, 32, 41, 42, 51, 52]);
    assert_eq!(auth.logins(), 2);
    assert_eq!(
        server.pages(),
        [
            None,
            Some(1),
            Some(2),
            Some(3),
            None,
            Some(3),
            Some(4),
            Some(5)
        ]
    );
}

/// Without credentials a saved token works as before: a 401 is the caller's error.
#[tokio::test]
async fn a_saved_token_without_credentials_logs_in_never() {
    let auth = Auth::default();
    let server = start(&auth).await;
    let client = server.client(BASE_PATH).token("saved").build().unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err:?}");
    assert_eq!(methods(&server), ["GetProfiles"]);
    let err = client
        .companies()
        .get_companies_stream(GetCompaniesParams::builder().profile_id(7).build())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(auth.logins(), 0);

    // No token, no credentials: nothing is sent.
    let client: Client = server.client(BASE_PATH).build().unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    assert!(matches!(err, Error::NotLoggedIn { .. }));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn wrong_credentials_are_the_login_error() {
    let auth = Auth::default();
    let server = start(&auth).await;
    let client = server
        .client(BASE_PATH)
        .credentials(EMAIL, "wrong")
        .build()
        .unwrap();
    let err = client.profiles().get_profiles().await.unwrap_err();
    match &err {
        Error::Api {
            method,
            status,
            message,
            ..
        } => {
            assert_eq!(
                (*method, *status, message.as_str()),
                ("Login", 401, "Invalid credentials")
            );
        }
        other => panic!("expected the login's error, got {other:?}"),
    }
    assert_eq!(methods(&server), ["Login"]);
}
