//! Failures on demand: 503s, 429s with `Retry-After`, added latency, dropped
//! connections and tokens that expire, at rates drawn from a seeded sequence.
//!
//! [`Faults`] says which failures and how often (the binary's `--faults` takes the same
//! text); [`FaultLayer`] injects them as a tower layer in front of the API; [`serve`]
//! starts a sandbox with faults on 127.0.0.1 for a test and hands back its base URL:
//!
//! ```
//! use centiacrm_sandbox::Sandbox;
//! use centiacrm_sandbox::faults::{self, Fault, Faults};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let faults: Faults = "503=0.5,seed=1".parse()?;
//! let running = faults::serve(Sandbox::new(), faults).await?;
//!
//! // Point the client under test at running.base_url() ...
//! let http = reqwest::Client::new();
//! for _ in 0..10 {
//!     let answer = http
//!         .post(format!("{}/auth", running.base_url()))
//!         .body(r#"{"method":"Login","parameters":{"email":"demo@centiacrm.test","password":"demo1234"}}"#)
//!         .send()
//!         .await?;
//!     assert!(answer.status() == 200 || answer.status() == 503);
//! }
//! // ... then check what the server received and which faults it injected.
//! assert_eq!(running.faults().calls().len(), 10);
//! assert!(running.faults().injected(Fault::Unavailable) > 0);
//! running.stop().await;
//! # Ok(())
//! # }
//! ```
//!
//! Faulty answers are API envelopes (`{"success": false, "response": null, "error":
//! "..."}`), so that clients decode them as they would a real failure, and, served
//! through [`Sandbox::router_with_faults`], they carry an `x-request-id` like every other
//! answer. Before one is sent the request's body is read and dropped (within the API's
//! body limit and body timeout), so that the connection stays usable; a body that cannot
//! be read so gets `Connection: close` instead. An injected fault never breaks the next
//! request on the connection (a dropped connection aside, which is the fault).

mod spec;

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{AUTHORIZATION, CONNECTION, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use centiacrm_server::{ApiError, Limits, Reply};
use http_body_util::{BodyExt, Limited};
use tower::{Layer, Service};

pub use spec::{Faults, FaultsError};

use crate::Sandbox;

/// Where the spec's token method (`Auth.Login`) is served: its answers carry tokens.
const LOGIN_PATH: &str = "/auth";

/// One kind of injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Answered 503 without calling the API.
    Unavailable,
    /// Answered 429, with `Retry-After`, without calling the API.
    TooManyRequests,
    /// Waited before going on.
    Latency,
    /// Closed the connection without an answer, without calling the API.
    Dropped,
    /// Answered 401: the request's token is older than the token TTL (every login's
    /// token, whatever headers the login came with).
    TokenExpired,
}

impl Fault {
    const ALL: [Fault; 5] = [
        Fault::Unavailable,
        Fault::TooManyRequests,
        Fault::Latency,
        Fault::Dropped,
        Fault::TokenExpired,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// One request as the fault layer received it, before any fault.
#[derive(Debug, Clone)]
pub struct ReceivedCall {
    /// The request's path, e.g. `/companies`.
    pub path: String,
    /// The envelope's `method`, if the body is an envelope.
    pub method: Option<String>,
    /// The request's `x-request-id` header, if it had one.
    pub request_id: Option<String>,
    /// The request body, as received: at most the API's body limit (a larger body, or
    /// one too slow or broken off, is answered as the API would and not recorded).
    pub body: Bytes,
    /// The fault that answered it (latency aside); `None` when the API did.
    pub fault: Option<Fault>,
}

/// A tower layer that injects [`Faults`] in front of a service, an axum router's
/// for instance (`router.layer(layer)`).
///
/// Clones share one pseudo-random sequence, the counts and the list of calls: keep a
/// clone to ask what happened. Put it inside the sandbox's `x-request-id` layer (as
/// [`Sandbox::router_with_faults`] does) so that faulty answers carry an id too.
#[derive(Clone)]
pub struct FaultLayer {
    shared: Arc<Shared>,
}

struct Shared {
    faults: Faults,
    // The API's body limit and body timeout: for reading bodies to record or to drop.
    limits: Limits,
    // The sandbox whose sessions expire with their tokens (set by `router_with_faults`).
    sandbox: OnceLock<Sandbox>,
    rng: Mutex<fastrand::Rng>,
    injected: [AtomicU64; Fault::ALL.len()],
    // When each token seen at login was issued; only with a token TTL. A token expired
    // for a whole TTL more is forgotten, and its session closed.
    issued: Mutex<HashMap<String, Instant>>,
    calls: Option<Mutex<Vec<ReceivedCall>>>,
}

impl FaultLayer {
    /// Injects `faults` and counts them; keeps no list of calls.
    pub fn new(faults: Faults) -> Self {
        Self::build(faults, false)
    }

    /// Also keeps every request received (its path, method, id and body): for tests
    /// that check what reached the server, e.g. that no write came twice.
    pub fn recording(faults: Faults) -> Self {
        Self::build(faults, true)
    }

    fn build(faults: Faults, record: bool) -> Self {
        Self {
            shared: Arc::new(Shared {
                rng: Mutex::new(fastrand::Rng::with_seed(faults.seed)),
                faults,
                limits: Limits::default(),
                sandbox: OnceLock::new(),
                injected: Default::default(),
                issued: Mutex::new(HashMap::new()),
                calls: record.then(|| Mutex::new(Vec::new())),
            }),
        }
    }

    /// Ties the token TTL to `sandbox`'s sessions, which then expire with their tokens.
    pub(crate) fn attach(&self, sandbox: &Sandbox) {
        let _ = self.shared.sandbox.set(sandbox.clone());
    }

    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// How many times `fault` was injected so far.
    pub fn injected(&self, fault: Fault) -> u64 {
        self.shared.injected[fault.index()].load(Ordering::Relaxed)
    }

    /// The requests received so far, in the order they arrived; empty unless made with
    /// [`FaultLayer::recording`].
    pub fn calls(&self) -> Vec<ReceivedCall> {
        self.shared
            .calls
            .as_ref()
            .map(|calls| lock(calls).clone())
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for FaultLayer {
    // Leaves out the issued tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultLayer")
            .field("faults", &self.shared.faults)
            .finish_non_exhaustive()
    }
}

impl<S> Layer<S> for FaultLayer {
    type Service = FaultService<S>;

    fn layer(&self, inner: S) -> FaultService<S> {
        FaultService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service that [`FaultLayer`] wraps around another.
#[derive(Clone)]
pub struct FaultService<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> Service<Request> for FaultService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The clone that was polled ready handles this request; a fresh one stays.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let shared = self.shared.clone();
        Box::pin(async move { Ok(shared.handle(request, inner).await) })
    }
}

/// What the draws decided for one request.
struct Plan {
    latency: Option<Duration>,
    fault: Option<Fault>,
}

impl Shared {
    fn plan(&self) -> Plan {
        let (first, second) = {
            let mut rng = lock(&self.rng);
            (rng.f64(), rng.f64())
        };
        let faults = &self.faults;
        let latency = faults
            .latency
            .filter(|&(_, share)| first < share)
            .map(|(delay, _)| delay);
        // One draw picks at most one of the faults that exclude one another.
        let mut bound = 0.0;
        let fault = [
            (faults.unavailable, Fault::Unavailable),
            (faults.too_many_requests, Fault::TooManyRequests),
            (faults.drop, Fault::Dropped),
        ]
        .into_iter()
        .find_map(|(share, fault)| {
            bound += share;
            (second < bound).then_some(fault)
        });
        Plan { latency, fault }
    }

    async fn handle<S>(&self, request: Request, mut inner: S) -> Response
    where
        S: Service<Request, Response = Response, Error = Infallible>,
    {
        let plan = self.plan();
        let (request, call) = match &self.calls {
            Some(_) => match received(request, &self.limits).await {
                Ok((request, call)) => (request, Some(call)),
                Err(response) => return response,
            },
            None => (request, None),
        };
        if let Some(delay) = plan.latency {
            self.count(Fault::Latency);
            tokio::time::sleep(delay).await;
        }
        let fault = plan.fault.or_else(|| self.expired(&request));
        if let (Some(calls), Some(mut call)) = (&self.calls, call) {
            call.fault = fault;
            lock(calls).push(call);
        }
        if let Some(fault) = fault {
            self.count(fault);
            let request_id = request.headers().get("x-request-id");
            tracing::info!(?fault, request_id = ?request_id, "injected a fault");
            if fault == Fault::Dropped {
                return self.answer(fault);
            }
            let drained = self.drain(request.into_body()).await;
            let mut response = self.answer(fault);
            if !drained {
                response
                    .headers_mut()
                    .insert(CONNECTION, HeaderValue::from_static("close"));
            }
            return response;
        }
        // Every answer of the login's namespace may carry a new token.
        let login = self.faults.token_ttl.is_some() && request.uri().path() == LOGIN_PATH;
        let Ok(()) = std::future::poll_fn(|cx| inner.poll_ready(cx)).await;
        let Ok(response) = inner.call(request).await;
        if login && response.status() == StatusCode::OK {
            return self.note_token(response).await;
        }
        response
    }

    /// Reads and drops a body the API will not see, so that the connection can carry the
    /// next request; `false` when it is over the limit, too slow or broken.
    async fn drain(&self, body: Body) -> bool {
        let read = Limited::new(body, self.limits.body_bytes).collect();
        matches!(
            tokio::time::timeout(self.limits.body_read_timeout, read).await,
            Ok(Ok(_))
        )
    }

    fn count(&self, fault: Fault) {
        self.injected[fault.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// `Some(TokenExpired)` when the request's token was issued longer ago than the TTL.
    fn expired(&self, request: &Request) -> Option<Fault> {
        let ttl = self.faults.token_ttl?;
        let token = request
            .headers()
            .get(AUTHORIZATION)?
            .to_str()
            .ok()?
            .split_once(' ')?
            .1
            .trim();
        let issued = *lock(&self.issued).get(token)?;
        (issued.elapsed() >= ttl).then_some(Fault::TokenExpired)
    }

    /// Remembers when the token in a login's answer was issued.
    async fn note_token(&self, response: Response) -> Response {
        let (parts, body) = response.into_parts();
        // The sandbox's own answer: a token, or a short error.
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "cannot read the answer",
            );
        };
        #[derive(serde::Deserialize)]
        struct Answer {
            response: Option<TokenField>,
        }
        #[derive(serde::Deserialize)]
        struct TokenField {
            token: Option<String>,
        }
        if let Ok(Answer {
            response: Some(TokenField { token: Some(token) }),
        }) = serde_json::from_slice(&bytes)
        {
            let ttl = self.faults.token_ttl.unwrap_or_default();
            let mut issued = lock(&self.issued);
            issued.retain(|token, at| {
                let needed = at.elapsed() < ttl * 2;
                if let (false, Some(sandbox)) = (needed, self.sandbox.get()) {
                    sandbox.close_session(token);
                }
                needed
            });
            issued.insert(token, Instant::now());
        }
        Response::from_parts(parts, Body::from(bytes))
    }

    /// The answer in place of the API's; latency has none, it only delays.
    fn answer(&self, fault: Fault) -> Response {
        match fault {
            Fault::Unavailable => failure(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the service is unavailable (injected fault); try again",
            ),
            Fault::TooManyRequests => {
                let after = self.faults.retry_after.as_secs();
                let mut response = failure(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    &format!("too many requests (injected fault); retry after {after} s"),
                );
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(after));
                response
            }
            Fault::TokenExpired => failure(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the token has expired (injected fault); log in again",
            ),
            // The body fails before a byte of the answer is written, so hyper closes
            // the connection without answering. (Latency never answers: `plan` does not
            // pick it as the fault.)
            Fault::Dropped | Fault::Latency => {
                Response::new(Body::from_stream(futures_util::stream::once(async {
                    Err::<Bytes, _>(std::io::Error::other("connection dropped (injected fault)"))
                })))
            }
        }
    }
}

/// Reads the whole request to note it, within the API's limits, and gives back one that
/// reads the same; a body the API would refuse is answered as the API answers it.
async fn received(request: Request, limits: &Limits) -> Result<(Request, ReceivedCall), Response> {
    let (parts, body) = request.into_parts();
    let read = Limited::new(body, limits.body_bytes).collect();
    let body = match tokio::time::timeout(limits.body_read_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => {
            let message = format!(
                "the body is larger than the limit of {} bytes",
                limits.body_bytes
            );
            return Err(closing(failure(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                &message,
            )));
        }
        Ok(Err(_)) => {
            return Err(closing(failure(
                StatusCode::BAD_REQUEST,
                "malformed",
                "the body ended before it was complete (truncated or broken off)",
            )));
        }
        Err(_) => {
            return Err(closing(failure(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                "the body did not arrive within the server's time limit",
            )));
        }
    };
    #[derive(serde::Deserialize)]
    struct MethodOnly {
        method: String,
    }
    let call = ReceivedCall {
        path: parts.uri.path().to_string(),
        method: serde_json::from_slice::<MethodOnly>(&body)
            .ok()
            .map(|m| m.method),
        request_id: parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: body.clone(),
        fault: None,
    };
    Ok((Request::from_parts(parts, Body::from(body)), call))
}

/// An API envelope for a failure, as the server sends them; `code` is one the spec's
/// transport section declares.
fn failure(status: StatusCode, code: &'static str, message: &str) -> Response {
    let reply = Reply::failure(&ApiError::new(status, code, message));
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = reply.status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// `response` with `Connection: close`: what is left of the request is not read.
fn closing(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves `sandbox` with `faults` on 127.0.0.1 (a free port) in a background task, and
/// records the calls it receives (see [`FaultLayer::recording`]).
///
/// Call from inside a tokio runtime. The server stops with [`RunningSandbox::stop`],
/// or when the handle is dropped.
pub async fn serve(sandbox: Sandbox, faults: Faults) -> std::io::Result<RunningSandbox> {
    let layer = FaultLayer::recording(faults);
    let router = sandbox.router_with_faults(&layer);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        centiacrm_server::serve(listener, router)
            .with_graceful_shutdown(async {
                // A dropped sender stops the server too.
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningSandbox {
        base_url: format!("http://{addr}"),
        addr,
        sandbox,
        layer,
        stop: Some(stop),
        task,
    })
}

/// A sandbox served with faults; see [`serve`].
pub struct RunningSandbox {
    base_url: String,
    addr: SocketAddr,
    sandbox: Sandbox,
    layer: FaultLayer,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:<port>`, the base URL to give a client.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The sandbox behind the faults: its data and sessions.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// The fault layer: what it injected and which calls it received.
    pub fn faults(&self) -> &FaultLayer {
        &self.layer
    }

    /// Stops accepting connections and waits, at most one second, for the open ones
    /// to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = &mut self.task;
        if tokio::time::timeout(Duration::from_secs(1), task)
            .await
            .is_err()
        {
            self.task.abort();
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for RunningSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSandbox")
            .field("base_url", &self.base_url)
            .field("faults", self.layer.faults())
            .finish_non_exhaustive()
    }
}
