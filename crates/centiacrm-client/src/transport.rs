//! The hand-written runtime under the generated client: one generic call with its retries,
//! middleware and session, and page-by-page streams. The generated code only names the
//! method and its types.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use centiacrm_types::{ApiMethod, Paginated};
use futures_core::Stream;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use tracing::Instrument;

use crate::codec::{decode_response, encode_request};
use crate::error::{Error, REQUEST_ID_HEADER};
use crate::middleware::{
    AsyncMiddleware, CallInfo, DynAsyncMiddleware, Middleware, NewRequestId, Outcome, RequestId,
    UserAgent,
};
use crate::pages::PageStream;

/// The timeout of one call when none is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A stream of all items of a paginated list, fetching each page when it is needed.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// When and how often a call is sent again after a failure.
///
/// Idempotent methods ([`ApiMethod::IDEMPOTENT`]) are retried on timeouts, broken
/// connections and HTTP 429 (after its `Retry-After`), 502, 503 and 504
/// ([`Error::is_retryable`]); the others only when the request provably never reached the
/// server ([`Error::was_never_sent`]). The delays grow exponentially, with jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_elapsed: Option<Duration>,
    min_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts within 30 s, waiting 100 ms, then 200 ms, ... up to 5 s (before jitter).
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_elapsed: Some(Duration::from_secs(30)),
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// One attempt per call: no retries.
    pub const fn none() -> Self {
        Self {
            max_attempts: 1,
            max_elapsed: None,
            min_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
        }
    }

    /// At most `attempts` sends of one call, the first included (at least 1).
    #[must_use]
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// No retry starts later than `elapsed` after the first attempt (`None`: no limit).
    #[must_use]
    pub const fn max_elapsed(mut self, elapsed: Option<Duration>) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The first delay, doubled for each retry up to `max` (jitter is added to each).
    #[must_use]
    pub const fn delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max;
        self
    }

    pub const fn attempts(&self) -> u32 {
        self.max_attempts
    }

    fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .with_jitter()
    }
}

/// Settings for some calls only, over those of the client: see [`Transport::with_options`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl CallOptions {
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// One attempt only.
    #[must_use]
    pub fn no_retries(self) -> Self {
        self.retry(RetryPolicy::none())
    }
}

/// Sends calls: the HTTP client, the base URL, the settings, the middleware and the session.
///
/// Cloning is cheap and clones share the session (the token and the login).
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
    options: CallOptions,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash.
    base_url: String,
    /// `base_url` parsed once: each call appends its namespace's path to a copy.
    base: reqwest::Url,
    timeout: Duration,
    retry: RetryPolicy,
    middleware: Vec<Arc<dyn Middleware>>,
    /// Run after `middleware`; empty unless some is added.
    async_middleware: Vec<Arc<dyn DynAsyncMiddleware>>,
    session: RwLock<Session>,
    /// How to log in by itself, from [`ClientBuilder::credentials`].
    login: Option<Arc<dyn LogIn>>,
    /// Held while logging in, so that concurrent calls cause one login (single flight).
    login_lock: tokio::sync::Mutex<()>,
}

/// The token and a count of its changes, to tell a stale token from a fresh one.
#[derive(Default)]
struct Session {
    token: Option<Token>,
    generation: u64,
}

/// A bearer token, and its `Authorization` header made once rather than per request
/// (`None` if the token cannot be one: the request then fails as reqwest says); never
/// shown by `Debug`.
#[derive(Clone)]
struct Token {
    value: Arc<str>,
    header: Option<HeaderValue>,
}

impl Token {
    fn new(value: String) -> Self {
        let header = HeaderValue::try_from(format!("Bearer {value}"))
            .ok()
            .map(|mut header| {
                header.set_sensitive(true);
                header
            });
        Self {
            value: value.into(),
            header,
        }
    }
}

/// How a generated client logs in by itself with [`ClientBuilder::credentials`]: its spec's
/// `token:` method, and that method's parameters made from the credentials. The generator
/// implements it for a client whose token method takes an identity (a string) and a
/// secret (a `secret: true` string), or one of them; not for hand-written code.
#[doc(hidden)]
pub trait CredentialsLogin {
    /// The method that issues the token (the spec's `token:` method).
    type Method: ApiMethod + 'static;

    /// Its parameters from the credentials.
    fn login_params(identity: String, secret: String) -> <Self::Method as ApiMethod>::Params;
}

/// A login the client makes by itself: a call of the token method with fixed parameters.
trait LogIn: Send + Sync {
    /// Sends the login under `settings` (the policy of the call that needs it); the token
    /// it returns is kept by the transport.
    fn log_in<'a>(
        &'a self,
        transport: &'a Transport,
        settings: &'a CallSettings,
    ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

    /// Who logs in, for `Debug` (never the secret).
    fn identity(&self) -> &str;
}

struct LoginWith<M: ApiMethod> {
    identity: String,
    /// `Debug` of generated parameters never shows a `secret: true` field.
    params: M::Params,
    method: PhantomData<fn() -> M>,
}

impl<M: ApiMethod + 'static> LogIn for LoginWith<M> {
    fn log_in<'a>(
        &'a self,
        transport: &'a Transport,
        settings: &'a CallSettings,
    ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        let span = tracing::info_span!(
            "centiacrm",
            call = %format_args!("{}.{} (credentials)", M::NAMESPACE, M::NAME)
        );
        Box::pin(
            async move {
                let unused = AtomicU64::new(0);
                transport
                    .call_with_retries::<M>(&self.params, settings, &NewRequestId::new(), &unused)
                    .await
                    .map(drop)
            }
            .instrument(span),
        )
    }

    fn identity(&self) -> &str {
        &self.identity
    }
}

/// What one call is sent with: the client's settings under the call's own.
pub(crate) struct CallSettings {
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("options", &self.options)
            .field("middleware", &self.inner.middleware.len())
            .field(
                "credentials",
                &self.inner.login.as_ref().map(|login| login.identity()),
            )
            .field("token", &if self.has_token() { "<set>" } else { "<none>" })
            .finish()
    }
}

/// Builds a client `C` (the generated `Client`) on a [`Transport`].
pub struct ClientBuilder<C> {
    base_url: String,
    timeout: Duration,
    http: Option<reqwest::Client>,
    token: Option<String>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    middleware: Vec<Arc<dyn Middleware>>,
    async_middleware: Vec<Arc<dyn DynAsyncMiddleware>>,
    login: Option<Arc<dyn LogIn>>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("middleware", &self.middleware.len())
            .field(
                "credentials",
                &self.login.as_ref().map(|login| login.identity()),
            )
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            timeout: DEFAULT_TIMEOUT,
            http: None,
            token: None,
            retry: RetryPolicy::default(),
            user_agent: None,
            middleware: Vec::new(),
            async_middleware: Vec::new(),
            login: None,
            client: PhantomData,
        }
    }

    /// The timeout of each attempt, from sending to the whole body read (30 s by default).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends through this reqwest client (its proxy, TLS and pool settings) instead of a new one.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Starts with a saved token, as if logged in.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The retry policy of every call ([`RetryPolicy::default`] unless set).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// At most `attempts` sends of one call, the first included.
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry = self.retry.max_attempts(attempts);
        self
    }

    /// No retry starts later than `elapsed` after a call's first attempt.
    #[must_use]
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.retry = self.retry.max_elapsed(Some(elapsed));
        self
    }

    /// One attempt per call.
    #[must_use]
    pub fn no_retries(mut self) -> Self {
        self.retry = RetryPolicy::none();
        self
    }

    /// The `User-Agent` of every request (`centiacrm-rust/<version>` by default).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a middleware; each sees every attempt of every call, in the order added,
    /// after the built-in `User-Agent` and request id.
    #[must_use]
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Adds an asynchronous middleware, which may fail the call: it runs before each
    /// attempt, after every [`Middleware`], in the order added (see [`AsyncMiddleware`]).
    #[must_use]
    pub fn async_middleware(mut self, middleware: impl AsyncMiddleware) -> Self {
        self.async_middleware.push(Arc::new(middleware));
        self
    }

    pub fn build(self) -> Result<C, Error> {
        let url = reqwest::Url::parse(&self.base_url).map_err(|e| Error::InvalidBaseUrl {
            url: self.base_url.clone(),
            reason: e.to_string(),
        })?;
        let problem = if !matches!(url.scheme(), "http" | "https") {
            Some("the scheme must be http or https")
        } else if url.query().is_some() || url.fragment().is_some() {
            // The namespace path is appended to the base URL: it must end with its path.
            Some("a base URL has no query (`?...`) or fragment (`#...`)")
        } else {
            None
        };
        if let Some(reason) = problem {
            return Err(Error::InvalidBaseUrl {
                url: self.base_url,
                reason: reason.into(),
            });
        }
        let user_agent = match self.user_agent {
            None => UserAgent::default(),
            Some(value) => UserAgent::new(&value).ok_or_else(|| Error::InvalidUserAgent {
                value: value.clone(),
            })?,
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(Error::Build)?,
        };
        let mut middleware: Vec<Arc<dyn Middleware>> =
            vec![Arc::new(user_agent), Arc::new(RequestId)];
        middleware.extend(self.middleware);
        // As parsed (normalized), without the trailing slashes.
        let base_url = url.as_str().trim_end_matches('/').to_string();
        // With one trailing slash, which each call replaces with its path.
        let base = reqwest::Url::parse(&format!("{base_url}/")).unwrap_or(url);
        let inner = Inner {
            http,
            base_url,
            base,
            timeout: self.timeout,
            retry: self.retry,
            middleware,
            async_middleware: self.async_middleware,
            session: RwLock::new(Session {
                token: self.token.map(Token::new),
                generation: 0,
            }),
            login: self.login,
            login_lock: tokio::sync::Mutex::new(()),
        };
        Ok(C::from(Transport {
            inner: Arc::new(inner),
            options: CallOptions::default(),
        }))
    }
}

impl<C: From<Transport> + CredentialsLogin> ClientBuilder<C> {
    /// Logs in with these credentials (an email and a password, for the centiaCRM API)
    /// before the first call that needs a token, and again (once per call) when the server
    /// refuses the token with HTTP 401. The login is the spec's `token:` method, sent under
    /// the policy of the call that needs it: it is idempotent, so 429, 503 and timeouts on
    /// it are retried as a read's would be.
    #[must_use]
    pub fn credentials(mut self, identity: impl Into<String>, secret: impl Into<String>) -> Self {
        let identity = identity.into();
        let params = C::login_params(identity.clone(), secret.into());
        self.login = Some(Arc::new(LoginWith::<C::Method> {
            identity,
            params,
            method: PhantomData,
        }));
        self
    }
}

/// Turns a transport error of `M` into the client's error (its request id is added by
/// the caller).
fn transport_error<M: ApiMethod>(source: reqwest::Error, timeout: Duration) -> Error {
    let (namespace, method) = (M::NAMESPACE, M::NAME);
    if source.is_timeout() {
        Error::Timeout {
            namespace,
            method,
            timeout,
            request_id: None,
        }
    } else {
        Error::Transport {
            namespace,
            method,
            source,
            request_id: None,
        }
    }
}

impl Transport {
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// This transport with `options` over the client's settings, for the calls made through
    /// it; it shares the session. With the generated client:
    /// `Client::from(client.transport().with_options(options))`.
    #[must_use]
    pub fn with_options(&self, options: CallOptions) -> Transport {
        let merged = CallOptions {
            timeout: options.timeout.or(self.options.timeout),
            retry: options.retry.or(self.options.retry),
        };
        Transport {
            inner: self.inner.clone(),
            options: merged,
        }
    }

    /// Sets the bearer token sent with every call that needs one (a saved token, say).
    pub fn set_token(&self, token: impl Into<String>) {
        let mut session = self
            .inner
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner());
        session.token = Some(Token::new(token.into()));
        session.generation += 1;
    }

    /// Forgets the token; calls that need one fail until it is set again (or log in again,
    /// with credentials).
    pub fn clear_token(&self) {
        let mut session = self
            .inner
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner());
        session.token = None;
        session.generation += 1;
    }

    pub fn has_token(&self) -> bool {
        self.token().0.is_some()
    }

    /// The token, to save it for a later session.
    pub fn token_value(&self) -> Option<String> {
        self.token().0.map(|t| t.value.to_string())
    }

    /// The token and its generation.
    fn token(&self) -> (Option<Token>, u64) {
        let session = self.inner.session.read().unwrap_or_else(|e| e.into_inner());
        (session.token.clone(), session.generation)
    }

    /// Calls method `M` with `params` and decodes its response.
    pub async fn call<M: ApiMethod>(&self, params: &M::Params) -> Result<M::Response, Error> {
        let settings = self.settings();
        self.call_with::<M>(params, &settings, &NewRequestId::new())
            .await
    }

    /// [`Transport::call`] with the call's id made by the caller, which keeps it.
    pub(crate) async fn call_identified<M: ApiMethod>(
        &self,
        params: &M::Params,
        request_id: &NewRequestId,
    ) -> Result<M::Response, Error> {
        let settings = self.settings();
        self.call_with::<M>(params, &settings, request_id).await
    }

    /// The client's settings, under this transport's options.
    fn settings(&self) -> CallSettings {
        CallSettings {
            timeout: self.options.timeout.unwrap_or(self.inner.timeout),
            retry: self.options.retry.unwrap_or(self.inner.retry),
        }
    }

    /// Calls method `M` with `params` under `settings`, in its tracing span.
    pub(crate) async fn call_with<M: ApiMethod>(
        &self,
        params: &M::Params,
        settings: &CallSettings,
        request_id: &NewRequestId,
    ) -> Result<M::Response, Error> {
        let span =
            tracing::info_span!("centiacrm", call = %format_args!("{}.{}", M::NAMESPACE, M::NAME));
        self.call_in_session::<M>(params, settings, request_id)
            .instrument(span)
            .await
    }

    /// The call with its session: logs in first if need be, and once more on a 401.
    async fn call_in_session<M: ApiMethod>(
        &self,
        params: &M::Params,
        settings: &CallSettings,
        request_id: &NewRequestId,
    ) -> Result<M::Response, Error> {
        let login = self.inner.login.as_deref().filter(|_| M::AUTH);
        if let Some(login) = login {
            let (token, generation) = self.token();
            if token.is_none() {
                self.log_in(login, generation, settings).await?;
            }
        }
        // One id for the call, the same on the attempt after a re-login.
        let used_generation = AtomicU64::new(0);
        match self
            .call_with_retries::<M>(params, settings, request_id, &used_generation)
            .await
        {
            Err(err) if err.is_unauthorized() && login.is_some() => {
                tracing::debug!("the token was refused; logging in again");
                if let Some(login) = login {
                    let stale = used_generation.load(Ordering::Relaxed);
                    self.log_in(login, stale, settings).await?;
                }
                self.call_with_retries::<M>(params, settings, request_id, &used_generation)
                    .await
            }
            other => other,
        }
    }

    /// Logs in, unless the token has changed since generation `stale` (another call logged
    /// in meanwhile). One login at a time.
    async fn log_in(
        &self,
        login: &dyn LogIn,
        stale: u64,
        settings: &CallSettings,
    ) -> Result<(), Error> {
        let _single_flight = self.inner.login_lock.lock().await;
        if self.token().1 != stale {
            return Ok(());
        }
        login.log_in(self, settings).await
    }

    /// The attempts of one call, as the retry policy allows. `used_generation` is set to the
    /// generation of the token the last attempt sent.
    async fn call_with_retries<M: ApiMethod>(
        &self,
        params: &M::Params,
        settings: &CallSettings,
        request_id: &NewRequestId,
        used_generation: &AtomicU64,
    ) -> Result<M::Response, Error> {
        self.attempts::<M>(params, settings, request_id, used_generation)
            .await
            // The id it would have been sent with, for the errors made before sending.
            .map_err(|err| err.with_request_id(request_id.as_str()))
    }

    async fn attempts<M: ApiMethod>(
        &self,
        params: &M::Params,
        settings: &CallSettings,
        request_id: &NewRequestId,
        used_generation: &AtomicU64,
    ) -> Result<M::Response, Error> {
        let (policy, timeout) = (settings.retry, settings.timeout);
        let body = bytes::Bytes::from(encode_request::<M>(params)?);
        let attempt = AtomicU32::new(0);
        let send = || {
            let number = attempt.fetch_add(1, Ordering::Relaxed) + 1;
            let span = tracing::info_span!("attempt", number);
            self.attempt::<M>(body.clone(), number, request_id, timeout, used_generation)
                .instrument(span)
        };
        if policy.max_attempts <= 1 {
            return send().await;
        }
        let started = Instant::now();
        send.retry(policy.backoff())
            .sleep(tokio::time::sleep)
            // A write may have been carried out unless it provably never left.
            .when(|err: &Error| err.is_retryable() && (M::IDEMPOTENT || err.was_never_sent()))
            .adjust(|err, delay| {
                // `None`: the attempts are used up.
                let delay = delay?.max(err.retry_after().unwrap_or(Duration::ZERO));
                match policy.max_elapsed {
                    Some(max) if started.elapsed() + delay > max => None,
                    _ => Some(delay),
                }
            })
            .notify(|err, delay| tracing::info!(error = %err, ?delay, "retrying"))
            .await
    }

    /// One attempt: sends the request through the middleware and reads the answer.
    async fn attempt<M: ApiMethod>(
        &self,
        body: bytes::Bytes,
        number: u32,
        request_id: &NewRequestId,
        timeout: Duration,
        used_generation: &AtomicU64,
    ) -> Result<M::Response, Error> {
        let (namespace, method) = (M::NAMESPACE, M::NAME);
        let token = if M::AUTH {
            match self.token() {
                (Some(token), generation) => {
                    used_generation.store(generation, Ordering::Relaxed);
                    Some(token)
                }
                (None, _) => {
                    return Err(Error::NotLoggedIn {
                        namespace,
                        method,
                        request_id: None,
                    });
                }
            }
        } else {
            None
        };
        let mut url = self.inner.base.clone();
        // An http(s) URL always has path segments; the spec makes `PATH` one segment.
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().push(M::PATH);
        }
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        let headers = request.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        match token {
            Some(Token {
                header: Some(authorization),
                ..
            }) => {
                headers.insert(AUTHORIZATION, authorization);
            }
            Some(Token {
                header: None,
                value,
            }) => {
                // Not a header value: reqwest says why, as this call's error.
                let built = self
                    .inner
                    .http
                    .post(request.url().clone())
                    .bearer_auth(&*value)
                    .build();
                if let Err(error) = built {
                    return Err(transport_error::<M>(error, timeout));
                }
            }
            None => {}
        }
        *request.timeout_mut() = Some(timeout);
        *request.body_mut() = Some(body.into());
        let call = CallInfo {
            namespace,
            method,
            idempotent: M::IDEMPOTENT,
            attempt: number,
            request_id: request_id.as_str(),
            request_id_header: &request_id.header,
        };
        for middleware in &self.inner.middleware {
            middleware.on_request(&call, &mut request);
        }
        for middleware in &self.inner.async_middleware {
            if let Err(source) = middleware.before_send(&call, &mut request).await {
                return Err(Error::Middleware {
                    namespace,
                    method,
                    source,
                    request_id: None,
                });
            }
        }
        // The id as sent: a middleware may have set its own.
        let sent_id = request.headers().get(REQUEST_ID_HEADER).cloned();
        let with_sent_id = |err: Error| match sent_id.as_ref().and_then(|v| v.to_str().ok()) {
            Some(id) => err.with_request_id(id),
            None => err,
        };
        let started = Instant::now();
        let report = |outcome: Outcome<'_>| {
            for middleware in &self.inner.middleware {
                middleware.on_response(&call, &outcome);
            }
        };
        let mut response = match self.inner.http.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                report(Outcome {
                    status: None,
                    headers: None,
                    error: Some(&error),
                    elapsed: started.elapsed(),
                });
                return Err(with_sent_id(transport_error::<M>(error, timeout)));
            }
        };
        let status = response.status();
        // Taken, not cloned: the body no longer needs them.
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await;
        report(Outcome {
            status: Some(status),
            headers: Some(&headers),
            error: body.as_ref().err(),
            elapsed: started.elapsed(),
        });
        let body = body.map_err(|e| with_sent_id(transport_error::<M>(e, timeout)))?;
        tracing::debug!(
            status = status.as_u16(),
            bytes = body.len(),
            "answer received"
        );
        let decoded = decode_response::<M>(status.as_u16(), &body)
            .map_err(|e| with_sent_id(e.with_headers(headers)))?;
        if let Some(token) = decoded.token {
            self.set_token(token);
        }
        Ok(decoded.response)
    }

    /// The pages of `M`, from the page `params` asks for (the first by default).
    pub fn pages<M: Paginated + 'static>(&self, params: M::Params) -> PageStream<M> {
        PageStream::new(self.clone(), params)
    }

    /// All items of all pages of `M`, from the page `params` asks for (the first by default).
    pub fn paginate<M: Paginated + 'static>(&self, params: M::Params) -> ItemStream<M::Item> {
        self.pages::<M>(params).into_items()
    }
}
