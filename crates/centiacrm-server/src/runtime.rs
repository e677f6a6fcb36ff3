//! The hand-written part of the server: envelopes, errors, token checking and the
//! HTTP-independent request pipeline that the generated dispatch table drives.

use std::borrow::Cow;
use std::future::Future;

use axum::http::{
    HeaderMap, HeaderValue, StatusCode,
    header::{AUTHORIZATION, CONTENT_TYPE},
};
use centiacrm_types::Validate;
use centiacrm_types::wire::{
    ObjectOnly, UnknownKeys, integral_floats_in_text, object_from_slice, with_request_rules,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// Resolves bearer tokens to principals; implemented by whoever serves the API.
pub trait Authenticate: Send + Sync + 'static {
    /// Who a valid token stands for (a user id, a session, ...).
    type Principal: Send + Sync + 'static;

    /// The principal behind `token`, or `None` when the token is not valid.
    fn authenticate(&self, token: &str) -> impl Future<Output = Option<Self::Principal>> + Send;
}

/// The namespace an implementation does not serve: what each of `Api`'s namespace methods
/// returns unless overridden. Every method of every namespace trait answers 501 on it, so a
/// namespace added to the spec breaks no implementation. `P` is the implementation's
/// principal; its tokens are never checked here (the dispatcher asks the implementation).
pub struct NotImplemented<P>(std::marker::PhantomData<fn() -> P>);

impl<P: Send + Sync + 'static> NotImplemented<P> {
    /// The one value, for `&impl Trait` returns.
    pub const REF: &'static Self = &NotImplemented(std::marker::PhantomData);
}

impl<P: Send + Sync + 'static> Authenticate for NotImplemented<P> {
    type Principal = P;

    async fn authenticate(&self, _token: &str) -> Option<P> {
        None
    }
}

/// A whole API, as the dispatcher sees it: implemented by the generated `Server`.
pub trait Service: Send + Sync + 'static {
    /// The namespace paths served, e.g. `companies`.
    fn namespace_paths(&self) -> &'static [&'static str];

    /// What a request's envelope and parameters do with keys the spec does not name (the
    /// spec's `transport.unknown_keys`).
    fn unknown_keys(&self) -> UnknownKeys {
        UnknownKeys::Reject
    }

    /// `"<namespace path>.<method>"` when the spec has that method: the name the logs use,
    /// so that a client's string reaches them only once matched.
    fn call_name(&self, namespace_path: &str, method: &str) -> Option<&'static str> {
        let _ = (namespace_path, method);
        None
    }

    /// Runs the handler of `call`'s method and encodes its answer.
    fn dispatch<'a>(
        &'a self,
        call: &'a Call<'a>,
    ) -> impl Future<Output = Result<Reply, ApiError>> + Send + 'a;
}

/// What a handler knows about the request besides its parameters.
#[derive(Clone)]
#[non_exhaustive]
pub struct Context<P> {
    /// Who the bearer token resolved to; `()` for the methods called without a token.
    pub principal: P,
    request_id: HeaderValue,
    headers: HeaderMap,
}

impl<P> Context<P> {
    /// A context with no headers and a new request id: for calling a handler directly,
    /// in a test say.
    pub fn new(principal: P) -> Self {
        let headers = HeaderMap::new();
        Self {
            principal,
            request_id: crate::request_id::of(&headers),
            headers,
        }
    }

    /// The request's id, as its answer's `x-request-id` carries it: the client's own if
    /// it is a plain token of at most 128 characters, a new UUID otherwise.
    pub fn request_id(&self) -> &str {
        self.request_id.to_str().unwrap_or_default()
    }

    /// The request's headers, `Authorization` included: never log them whole.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The same context with these headers (and their request id), for tests.
    #[must_use]
    pub fn with_headers(self, headers: HeaderMap) -> Self {
        Self {
            principal: self.principal,
            request_id: crate::request_id::of(&headers),
            headers,
        }
    }
}

impl<P: std::fmt::Debug> std::fmt::Debug for Context<P> {
    // Header names only: their values may be secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("principal", &self.principal)
            .field("request_id", &self.request_id())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A failed call: the HTTP status, the stable machine `code` and the message, sent as
/// `{"success": false, "response": null, "error": message, "code": code}`.
///
/// The spec declares every code: the transport's (built here, by the constructors
/// below) and each method's own, built through the generated per-method error types.
///
/// An `internal` error also has a private cause ([`ApiError::internal`]): logged, never
/// sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// The error's code as the spec declares it, e.g. `malformed` or `unknown_record`.
    pub code: &'static str,
    /// What the client reads; it must not tell internals (use the cause for those).
    pub message: String,
    cause: Option<String>,
}

impl ApiError {
    /// An error with a code the spec declares. Hand-written code builds transport errors
    /// with the constructors below and method errors with the generated error types.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            cause: None,
        }
    }

    /// Transport `malformed`: the body is not the envelope, or a parameter breaks its
    /// type or its constraints: 400.
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "malformed", message)
    }

    /// Transport `unauthorized`: no valid token: 401.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// Transport `unknown_method`: no such namespace or method: 404.
    pub fn unknown_method(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "unknown_method", message)
    }

    /// Transport `method_not_allowed`: an HTTP method other than POST: 405.
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            message,
        )
    }

    /// Transport `too_large`: the body is over the limit: 413.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    /// Transport `timeout`: the body did not arrive in time: 408.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "timeout", message)
    }

    /// Transport `unavailable`: the server cannot answer for a moment (a handler ran past
    /// the request timeout, say): 503.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    /// Transport `internal`: the server failed: 500. `message` is what the client reads,
    /// with the request id after it, so keep it free of internals ("cannot load the
    /// companies"); `cause` is what an operator needs (a database error, say): it goes to
    /// the log, at error level and with the request id, never to the client.
    pub fn internal(message: impl Into<String>, cause: impl std::fmt::Display) -> Self {
        let mut error = Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message);
        error.cause = Some(cause.to_string());
        error
    }

    /// The private cause of an `internal` error.
    pub fn cause(&self) -> Option<&str> {
        self.cause.as_deref()
    }

    /// The server does not implement this method (`Companies.GetCompanies`): 501. What every
    /// generated trait method answers unless the implementation overrides it, so that a
    /// method added to the spec breaks no implementation.
    pub fn not_implemented(method: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "not_implemented",
            format!("`{method}` is not implemented by this server"),
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.status)
    }
}

impl std::error::Error for ApiError {}

/// An answer, ready to send: the status and the envelope's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl Reply {
    /// `{"success": true, "response": ..., "error": null}` with status 200; an answer
    /// that cannot be encoded is an `internal` error, its cause logged.
    pub fn success<T: Serialize>(response: &T) -> Result<Self, ApiError> {
        #[derive(Serialize)]
        struct Success<'a, T> {
            success: bool,
            response: &'a T,
            error: Option<()>,
        }
        match serde_json::to_vec(&Success {
            success: true,
            response,
            error: None,
        }) {
            Ok(body) => Ok(Self {
                status: StatusCode::OK,
                body,
            }),
            Err(err) => Err(ApiError::internal("cannot encode the answer", err)),
        }
    }

    /// `{"success": false, "response": null, "error": message, "code": code}` with the
    /// error's status; the message's control characters escaped, and cut at
    /// 1024 characters. The cause is left out.
    pub fn failure(error: &ApiError) -> Self {
        let body = serde_json::json!({
            "success": false,
            "response": null,
            "error": crate::text::bounded_message(&error.message),
            "code": error.code,
        });
        Self {
            status: error.status,
            body: body.to_string().into_bytes(),
        }
    }
}

/// The request envelope; `parameters` stays raw until the method is known. Unknown keys
/// follow the same rule as in `parameters` ([`Service::unknown_keys`]).
#[derive(serde::Deserialize)]
struct RequestEnvelope<'a> {
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow, default)]
    parameters: Option<&'a RawValue>,
}

/// A body declared as something other than JSON is a 400 (`malformed`), whatever it
/// holds: `application/json` or `application/<anything>+json`, with any parameters, or
/// no `Content-Type` at all, is read. A browser form or a `text/plain` POST from another
/// site therefore never reaches a method.
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Ok(());
    };
    let text = String::from_utf8_lossy(value.as_bytes());
    let essence = text.split(';').next().unwrap_or_default().trim();
    let json = essence.split_once('/').is_some_and(|(kind, subtype)| {
        let subtype = subtype.to_ascii_lowercase();
        kind.eq_ignore_ascii_case("application")
            && (subtype == "json" || subtype.len() > 5 && subtype.ends_with("+json"))
    });
    if json {
        Ok(())
    } else {
        Err(ApiError::malformed(format!(
            "the Content-Type is `{}`; the body must be sent as `application/json`",
            crate::text::echo(&text)
        )))
    }
}

/// One request on its way through the pipeline: parsed envelope and headers.
pub struct Call<'a> {
    pub namespace_path: &'a str,
    /// The method's name, borrowed from the body unless it holds escapes.
    pub method: Cow<'a, str>,
    parameters: Option<&'a RawValue>,
    headers: &'a HeaderMap,
    request_id: HeaderValue,
    unknown_keys: UnknownKeys,
}

impl<'a> Call<'a> {
    /// Reads the envelope; a body that is not one is a 400 that says why.
    pub fn parse(
        namespace_path: &'a str,
        headers: &'a HeaderMap,
        body: &'a [u8],
        limit: usize,
        unknown_keys: UnknownKeys,
    ) -> Result<Self, ApiError> {
        if body.len() > limit {
            return Err(ApiError::too_large(format!(
                "the body is {} bytes; the limit is {limit}",
                body.len()
            )));
        }
        check_content_type(headers)?;
        let envelope: RequestEnvelope =
            with_request_rules(unknown_keys, || object_from_slice(body)).map_err(|e| {
                ApiError::malformed(format!(
                    "the body is not a {{\"method\", \"parameters\"}} JSON envelope: {e}"
                ))
            })?;
        Ok(Self {
            namespace_path,
            method: envelope.method,
            parameters: envelope.parameters,
            headers,
            request_id: crate::request_id::of(headers),
            unknown_keys,
        })
    }

    /// The principal behind the request's bearer token; 401 without a valid one.
    pub async fn authenticate<S: Authenticate>(
        &self,
        service: &S,
    ) -> Result<Context<S::Principal>, ApiError> {
        let header = self.headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthorized("this method needs an `Authorization: Bearer <token>` header")
        })?;
        let token = header
            .to_str()
            .ok()
            .and_then(bearer_token)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
            })?;
        match service.authenticate(token).await {
            Some(principal) => Ok(self.context(principal)),
            None => Err(ApiError::unauthorized("the token is not valid")),
        }
    }

    /// The context of a handler called for `principal` (`()` without a token).
    pub fn context<P>(&self, principal: P) -> Context<P> {
        Context {
            principal,
            request_id: self.request_id.clone(),
            headers: self.headers.clone(),
        }
    }

    /// The request's id (see [`Context::request_id`]).
    pub fn request_id(&self) -> &str {
        self.request_id.to_str().unwrap_or_default()
    }

    /// The 404 for a method that `namespace_paths` (the namespaces served) do not have;
    /// the client's names quoted escaped and cut short.
    pub fn unknown_method(&self, namespace_paths: &[&str]) -> ApiError {
        let path = crate::text::echo(self.namespace_path);
        if namespace_paths.contains(&self.namespace_path) {
            let method = crate::text::echo(&self.method);
            ApiError::unknown_method(format!("unknown method `{method}` at `/{path}`"))
        } else {
            ApiError::unknown_method(format!("unknown namespace `/{path}`"))
        }
    }

    /// The typed parameters, checked against the spec's constraints; a missing or `null`
    /// `parameters` reads as `{}`.
    ///
    /// Errors name the field path, e.g. `parameters.created_at.from: ...` or
    /// `parameters.products[0].tax: must be at most 1, not 1.5`.
    pub fn params<T: DeserializeOwned + Validate>(&self) -> Result<T, ApiError> {
        let params: T = self.decode()?;
        params
            .validate()
            .map_err(|invalid| ApiError::malformed(invalid.to_string()))?;
        Ok(params)
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let raw = match self.parameters.map(RawValue::get) {
            None | Some("null") => "{}",
            Some(raw) => raw,
        };
        let decode = |raw: &str| {
            with_request_rules(self.unknown_keys, || {
                let mut deserializer = serde_json::Deserializer::from_str(raw);
                T::deserialize(ObjectOnly(&mut deserializer))
            })
        };
        // The plain decoder first; only a failure pays for tracking the field path.
        let plain = match decode(raw) {
            Ok(params) => return Ok(params),
            Err(plain) => plain,
        };
        // `1.0` is the integer 1 to JSON Schema, and so to the OpenAPI document: read it
        // as the client reads answers. `1.5` still fails; the error is the rewritten
        // text's, which is what was judged (a repeated key, say, rather than the `1.0`).
        let (raw, plain) = match integral_floats_in_text(raw) {
            Some(rewritten) => match decode(&rewritten) {
                Ok(params) => return Ok(params),
                Err(err) => (Cow::Owned(rewritten), err),
            },
            None => (Cow::Borrowed(raw), plain),
        };
        Err(ApiError::malformed(
            self.locate::<T>(&raw)
                .unwrap_or_else(|| format!("parameters: {plain}")),
        ))
    }

    /// The error of decoding `raw` as `T`, with the path of the field at fault.
    fn locate<T: DeserializeOwned>(&self, raw: &str) -> Option<String> {
        let mut deserializer = serde_json::Deserializer::from_str(raw);
        let err = with_request_rules(self.unknown_keys, || {
            serde_path_to_error::deserialize::<_, T>(ObjectOnly(&mut deserializer))
        })
        .err()?;
        let path = err.path().to_string();
        let at = match path.as_str() {
            "." => "parameters".to_string(),
            index if index.starts_with('[') => format!("parameters{index}"),
            field => format!("parameters.{field}"),
        };
        Some(format!("{at}: {}", err.into_inner()))
    }
}

/// The token of an `Authorization: Bearer <token>` value; the scheme's case does not
/// matter (RFC 9110, section 11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}
