//! The hand-written runtime under the generated client: one generic call, the token, and
//! page-by-page streams. The generated code only names the method and its types.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use centiacrm_types::{ApiMethod, Paginated};
use futures_core::Stream;
use tracing::Instrument;

use crate::Error;
use crate::codec::{decode_response, encode_request};

/// The timeout of one call when none is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A stream of all items of a paginated list, fetching each page when it is needed.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// Sends calls: the HTTP client, the base URL, the timeout and the bearer token.
///
/// Cloning is cheap and clones share the token.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash.
    base_url: String,
    timeout: Duration,
    token: RwLock<Option<Token>>,
}

/// A bearer token; never shown by `Debug`.
#[derive(Clone)]
struct Token(Arc<str>);

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
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
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
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
            client: PhantomData,
        }
    }

    /// The timeout of each call, from sending to the whole body read (30 s by default).
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
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(Error::Build)?,
        };
        let inner = Inner {
            http,
            // As parsed (normalized), without the trailing slash.
            base_url: url.as_str().trim_end_matches('/').to_string(),
            timeout: self.timeout,
            token: RwLock::new(self.token.map(|t| Token(t.into()))),
        };
        Ok(C::from(Transport {
            inner: Arc::new(inner),
        }))
    }
}

impl Transport {
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sets the bearer token sent with every call that needs one (a saved token, say).
    pub fn set_token(&self, token: impl Into<String>) {
        *self.inner.token.write().unwrap_or_else(|e| e.into_inner()) =
            Some(Token(token.into().into()));
    }

    /// Forgets the token; calls that need one fail until it is set again.
    pub fn clear_token(&self) {
        *self.inner.token.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub fn has_token(&self) -> bool {
        self.token().is_some()
    }

    /// The token, to save it for a later session.
    pub fn token_value(&self) -> Option<String> {
        self.token().map(|t| t.0.to_string())
    }

    fn token(&self) -> Option<Token> {
        self.inner
            .token
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Calls method `M` with `params` and decodes its response.
    pub async fn call<M: ApiMethod>(&self, params: &M::Params) -> Result<M::Response, Error> {
        let span =
            tracing::info_span!("centiacrm", call = %format_args!("{}.{}", M::NAMESPACE, M::NAME));
        self.call_inner::<M>(params).instrument(span).await
    }

    async fn call_inner<M: ApiMethod>(&self, params: &M::Params) -> Result<M::Response, Error> {
        let (namespace, method) = (M::NAMESPACE, M::NAME);
        let token = match (M::AUTH, self.token()) {
            (false, _) => None,
            (true, Some(token)) => Some(token),
            (true, None) => return Err(Error::NotLoggedIn { namespace, method }),
        };
        let body = encode_request::<M>(params)?;
        let url = format!("{}/{}", self.inner.base_url, M::PATH);
        let mut request = self
            .inner
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(self.inner.timeout)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(&*token.0);
        }
        let transport_error = |source: reqwest::Error| {
            if source.is_timeout() {
                Error::Timeout {
                    namespace,
                    method,
                    timeout: self.inner.timeout,
                }
            } else {
                Error::Transport {
                    namespace,
                    method,
                    source,
                }
            }
        };
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(transport_error)?;
        tracing::debug!(status, bytes = body.len(), "answer received");
        let decoded = decode_response::<M>(status, &body)?;
        if let Some(token) = decoded.token {
            self.set_token(token);
        }
        Ok(decoded.response)
    }

    /// All items of all pages of `M`, from the page `params` asks for (the first by default).
    pub fn paginate<M: Paginated + 'static>(&self, params: M::Params) -> ItemStream<M::Item> {
        struct State<M: Paginated> {
            transport: Transport,
            params: M::Params,
            next_page: Option<i64>,
            items: VecDeque<M::Item>,
        }
        let start = M::start_page(&params);
        let state = State::<M> {
            transport: self.clone(),
            params,
            next_page: Some(start),
            items: VecDeque::new(),
        };
        Box::pin(futures_util::stream::unfold(state, |mut s| async move {
            loop {
                if let Some(item) = s.items.pop_front() {
                    return Some((Ok(item), s));
                }
                let asked = s.next_page.take()?;
                M::set_page(&mut s.params, asked);
                let page = match s.transport.call::<M>(&s.params).await {
                    Ok(response) => M::into_page(response),
                    Err(err) => return Some((Err(err), s)),
                };
                if page.current_page != asked {
                    let err = Error::Pagination {
                        namespace: M::NAMESPACE,
                        method: M::NAME,
                        asked,
                        returned: page.current_page,
                    };
                    return Some((Err(err), s));
                }
                if page.current_page < page.last_page {
                    s.next_page = Some(page.current_page + 1);
                }
                s.items = page.items.into();
            }
        }))
    }
}
