//! The harness: a sandbox served on 127.0.0.1:0 inside the test, clients pointed at it,
//! and a record of which API methods answered with success.

use std::collections::BTreeSet;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use centiacrm_client::types::companies::CreateCompanyParams;
use centiacrm_client::types::contacts::CreateContactParams;
use centiacrm_client::{Client, Error};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, Sandbox};
use tokio::task::JoinHandle;

pub const P: i64 = DEMO_PROFILE_ID;

/// How long one test may take, start to end.
const TEST_LIMIT: Duration = Duration::from_secs(90);

/// Runs a test body, failing it if it takes longer than [`TEST_LIMIT`].
pub async fn bounded<F: Future>(test: F) -> F::Output {
    tokio::time::timeout(TEST_LIMIT, test)
        .await
        .unwrap_or_else(|_| panic!("the test did not finish within {TEST_LIMIT:?}"))
}

/// `Namespace.Method` of each call that the server answered with 200.
pub type Seen = Arc<Mutex<BTreeSet<String>>>;

/// A sandbox served over HTTP for the length of a test.
pub struct Served {
    pub sandbox: Sandbox,
    pub addr: SocketAddr,
    pub seen: Seen,
    server: JoinHandle<()>,
}

impl Served {
    pub async fn start(sandbox: Sandbox) -> Self {
        let seen = Seen::default();
        let router = sandbox
            .router()
            .layer(axum::middleware::from_fn_with_state(seen.clone(), record));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("the listener's address");
        let server = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the server failed");
        });
        Self {
            sandbox,
            addr,
            seen,
            server,
        }
    }

    /// A client that is not logged in; every call times out after 10 s.
    pub fn client(&self) -> Client {
        Client::builder(&format!("http://{}", self.addr))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client")
    }

    /// A client logged in as the demo user.
    pub async fn logged_in(&self) -> Client {
        let client = self.client();
        client
            .login(DEMO_EMAIL, DEMO_PASSWORD)
            .await
            .expect("the demo account logs in");
        client
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Notes `path.method` of each request answered with 200, by reading the envelope.
async fn record(State(seen): State<Seen>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 2 << 20)
        .await
        .unwrap_or_default();
    let method = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v["method"].as_str().map(str::to_string));
    let path = parts.uri.path().trim_start_matches('/').to_string();
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if let (true, Some(method)) = (response.status().is_success(), method) {
        seen.lock().unwrap().insert(format!("{path}.{method}"));
    }
    response
}

/// The status and message of an `Error::Api`; panics on success or another error.
#[track_caller]
pub fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api {
            status, message, ..
        }) => (status, message),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Asserts an `Error::Api` with `status` whose message contains `needle`.
#[track_caller]
pub fn assert_api_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, needle: &str) {
    let (got, message) = api_error(result);
    assert_eq!(got, status, "status of the error {message:?}");
    assert!(
        message.contains(needle),
        "the message {message:?} should mention {needle:?}"
    );
}

/// The integer `id` of a record.
#[track_caller]
pub fn id(record: &serde_json::Map<String, serde_json::Value>) -> i64 {
    record["id"].as_i64().expect("a record with an integer id")
}

/// The ids of records, in order.
pub fn ids(records: &[serde_json::Map<String, serde_json::Value>]) -> Vec<i64> {
    records.iter().map(id).collect()
}

/// A company of type 1 (Cliente), industry 1 (Tecnología), unless the caller says otherwise.
pub async fn new_company(client: &Client, name: &str) -> i64 {
    let created = client
        .companies()
        .create_company(
            CreateCompanyParams::builder()
                .profile_id(P)
                .name(name)
                .type_id(1)
                .industry_id(1)
                .build(),
        )
        .await
        .expect("CreateCompany");
    id(&created.company)
}

/// A contact of `company_id`, origin 1 (Sitio web).
pub async fn new_contact(client: &Client, company_id: i64, name: &str, email: &str) -> i64 {
    let created = client
        .contacts()
        .create_contact(
            CreateContactParams::builder()
                .profile_id(P)
                .company_id(company_id)
                .name(name)
                .surname("Pérez")
                .origin_id(1)
                .email(email)
                .build(),
        )
        .await
        .expect("CreateContact");
    id(&created.contact)
}
