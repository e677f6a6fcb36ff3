//! A recording HTTP server for the client tests. Each test starts its own on 127.0.0.1,
//! port 0, says what it answers, and reads back every request it received.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::response::Response;
use centiacrm_client::{Client, ClientBuilder, Error};
use futures_util::StreamExt;
use serde_json::{Value, json};

/// The token the test clients start with.
pub const TOKEN: &str = "tok-3f9a7c";

/// The path of the base URL that most tests use, so that paths are checked under it.
pub const BASE_PATH: &str = "/api/v1";

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// The body as JSON; panics, showing the body, if it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the request body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Every value of header `name`, in order.
    pub fn header_values(&self, name: HeaderName) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().expect("a header that is not text").to_string())
            .collect()
    }

    /// `parameters.page` of the body, if it is there.
    pub fn page(&self) -> Option<i64> {
        self.json()["parameters"]["page"].as_i64()
    }

    /// Asserts the whole wire format of a call: POST to `path`, one JSON content type,
    /// exactly the bearer token `bearer` (or no authorization header), and the body.
    pub fn assert_wire(&self, path: &str, bearer: Option<&str>, body: &Value) {
        let label = &body["method"];
        assert_eq!(self.method, Method::POST, "{label}: HTTP method");
        assert_eq!(self.path, path, "{label}: URL path");
        assert_eq!(
            self.header_values(CONTENT_TYPE),
            ["application/json"],
            "{label}: content-type"
        );
        let authorization: Vec<String> =
            bearer.map(|t| format!("Bearer {t}")).into_iter().collect();
        assert_eq!(
            self.header_values(AUTHORIZATION),
            authorization,
            "{label}: authorization"
        );
        assert_eq!(&self.json(), body, "{label}: request body");
    }
}

/// What the server answers to one request.
#[derive(Debug, Clone)]
pub struct Reply {
    status: StatusCode,
    body: Bytes,
    /// Wait this long before answering at all.
    delay: Duration,
    /// Send the status, headers and the first `.0` bytes at once, the rest after `.1`.
    stall: Option<(usize, Duration)>,
    /// Headers besides the content type.
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// `{"success": true, "response": response}` with HTTP 200.
    pub fn ok(response: Value) -> Self {
        Self::json(200, json!({"success": true, "response": response}))
    }

    /// `{"success": false, "error": message}` with HTTP `status`.
    pub fn failure(status: u16, message: &str) -> Self {
        Self::json(status, json!({"success": false, "error": message}))
    }

    pub fn json(status: u16, body: Value) -> Self {
        Self::raw(status, body.to_string())
    }

    /// Exactly these bytes, whatever they are.
    pub fn raw(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status: StatusCode::from_u16(status).expect("an HTTP status"),
            body: body.into(),
            delay: Duration::ZERO,
            stall: None,
            headers: Vec::new(),
        }
    }

    /// Also sends header `name: value`.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Answers only after `delay`.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sends the headers and the first `bytes` of the body at once, the rest after `pause`.
    pub fn stalled_body(mut self, bytes: usize, pause: Duration) -> Self {
        self.stall = Some((bytes, pause));
        self
    }

    fn into_response(self) -> Response {
        let body = match self.stall {
            None => Body::from(self.body),
            Some((at, pause)) => {
                let (head, tail) = (self.body.slice(..at), self.body.slice(at..));
                let head = futures_util::stream::once(async move { Ok::<_, Infallible>(head) });
                let tail = futures_util::stream::once(async move {
                    tokio::time::sleep(pause).await;
                    Ok(tail)
                });
                Body::from_stream(head.chain(tail))
            }
        };
        let mut response = Response::builder()
            .status(self.status)
            .header(CONTENT_TYPE, "application/json");
        for (name, value) in self.headers {
            response = response.header(name, value);
        }
        response.body(body).expect("a valid response")
    }
}

type Responder = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

struct Shared {
    requests: Mutex<Vec<Recorded>>,
    responder: Mutex<Responder>,
}

/// A server on 127.0.0.1 that records every request and answers what the test says.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl TestServer {
    /// A server that answers `reply` to every request.
    pub async fn start(reply: Reply) -> Self {
        Self::start_with(move |_| reply.clone()).await
    }

    /// A server that answers each request with what `responder` makes of it.
    pub async fn start_with(
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("the bound address");
        let shared = Arc::new(Shared {
            requests: Mutex::default(),
            responder: Mutex::new(Arc::new(responder)),
        });
        // Every path and HTTP method reaches the handler, so that a wrong one is recorded
        // (and fails the assertions) instead of being answered 404 unseen.
        let app = Router::new()
            .fallback(record_and_reply)
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.expect("the test server") });
        Self { addr, shared }
    }

    /// `http://127.0.0.1:PORT`, without a path.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, answers `reply` to every request.
    pub fn reply(&self, reply: Reply) {
        *self.shared.responder.lock().unwrap() = Arc::new(move |_| reply.clone());
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The `page` parameter of every request so far.
    pub fn pages(&self) -> Vec<Option<i64>> {
        self.requests().iter().map(Recorded::page).collect()
    }

    /// A client builder for this server at `url() + base_path`, on an HTTP client that
    /// ignores proxy settings, so that nothing leaves the machine.
    pub fn client(&self, base_path: &str) -> ClientBuilder<Client> {
        Client::builder(&format!("{}{base_path}", self.url())).http_client(local_http())
    }
}

async fn record_and_reply(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = Recorded {
        method,
        path: uri.path().to_string(),
        headers,
        body,
    };
    let responder = shared.responder.lock().unwrap().clone();
    let reply = responder(&request);
    shared.requests.lock().unwrap().push(request);
    tokio::time::sleep(reply.delay).await;
    reply.into_response()
}

/// An HTTP client that never goes through a proxy.
pub fn local_http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a reqwest client")
}

/// A server and a client with [`TOKEN`] whose base URL has its own path ([`BASE_PATH`]):
/// sends one call and checks the exact request it made.
pub struct Wire {
    pub server: TestServer,
    pub client: Client,
}

impl Wire {
    pub async fn new() -> Self {
        let server = TestServer::start(Reply::failure(500, "the test set no reply")).await;
        let client = server
            .client(BASE_PATH)
            .token(TOKEN)
            .build()
            .expect("a client");
        Self { server, client }
    }

    /// Awaits `call` against a server answering `response`, then checks that exactly one
    /// request was sent: POST to `BASE_PATH + path` with the bearer token and `body`. The
    /// typed response must write `response` back, so every field was decoded.
    pub async fn check<T: serde::Serialize>(
        &self,
        call: impl Future<Output = Result<T, Error>>,
        path: &str,
        body: Value,
        response: Value,
    ) -> T {
        self.check_as(Some(TOKEN), call, path, body, response).await
    }

    /// Like [`Wire::check`], for a call that must send no authorization header.
    pub async fn check_anonymous<T: serde::Serialize>(
        &self,
        call: impl Future<Output = Result<T, Error>>,
        path: &str,
        body: Value,
        response: Value,
    ) -> T {
        self.check_as(None, call, path, body, response).await
    }

    async fn check_as<T: serde::Serialize>(
        &self,
        bearer: Option<&str>,
        call: impl Future<Output = Result<T, Error>>,
        path: &str,
        body: Value,
        response: Value,
    ) -> T {
        let label = body["method"].clone();
        // The call is a lazy future: nothing is sent before it is awaited below.
        self.server.reply(Reply::ok(response.clone()));
        let before = self.server.requests().len();
        let out = call.await.unwrap_or_else(|e| panic!("{label}: {e}"));
        let requests = self.server.requests();
        assert_eq!(requests.len(), before + 1, "{label}: one request per call");
        requests[before].assert_wire(&format!("{BASE_PATH}{path}"), bearer, &body);
        assert_eq!(
            serde_json::to_value(&out).unwrap(),
            response,
            "{label}: the decoded response"
        );
        out
    }
}
