//! Serving over TCP with limits on by default: [`Limits`] and [`serve`].

use std::future::{Future, IntoFuture};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// The largest request body accepted unless configured otherwise: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// What one client may take from the server: sizes, times and connections.
///
/// The defaults are meant for a server exposed to the internet; tests shorten the times.
/// [`Server::limits`](crate::Server::limits) gives the router its share (body size, body
/// read and request timeouts), [`Serve::limits`] the connection's (header read timeout,
/// connection cap): pass the same value to both.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest body accepted, in bytes; a larger one is a 413 (1 MiB).
    pub body_bytes: usize,
    /// How long a client may take to send a request's headers, on a new connection and
    /// between requests on a kept-alive one; then the connection is closed (10 s).
    pub header_read_timeout: Duration,
    /// How long a client may take to send the whole body; then the answer is a 408 and
    /// what was received is dropped (10 s).
    pub body_read_timeout: Duration,
    /// How long one request may take, body and handler; a handler still running then is
    /// cancelled and the answer is a 503 (30 s).
    pub request_timeout: Duration,
    /// How many connections are served at once; further ones wait in the listener's
    /// backlog until one closes (4096).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: DEFAULT_BODY_LIMIT,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 4096,
        }
    }
}

impl Limits {
    /// Sets [`Limits::body_bytes`].
    #[must_use]
    pub fn body_bytes(mut self, bytes: usize) -> Self {
        self.body_bytes = bytes;
        self
    }

    /// Sets [`Limits::header_read_timeout`].
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets [`Limits::body_read_timeout`].
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Sets [`Limits::request_timeout`].
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets [`Limits::max_connections`] (at least 1).
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }
}

type Shutdown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Serves `router` on `listener` over HTTP/1.1 with [`Limits::default`] until the future
/// fails or is dropped; dropping it closes every connection. Configure it with
/// [`Serve::limits`] and [`Serve::with_graceful_shutdown`], then `.await` it.
///
/// Unlike a bare `axum::serve`, it closes connections whose headers are slow
/// ([`Limits::header_read_timeout`], idle kept-alive connections included) and caps the
/// connections served at once ([`Limits::max_connections`]).
///
/// ```no_run
/// # async fn run<S: centiacrm_server::Api>(service: S) -> std::io::Result<()> {
/// use centiacrm_server::{Limits, Server};
///
/// let limits = Limits::default();
/// let router = Server::new(service).limits(limits.clone()).router();
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// centiacrm_server::serve(listener, router).limits(&limits).await
/// # }
/// ```
pub fn serve(listener: TcpListener, router: Router) -> Serve {
    Serve {
        listener,
        router,
        limits: Limits::default(),
        shutdown: None,
    }
}

/// A server being set up; see [`serve`].
#[must_use = "a server does nothing until awaited"]
pub struct Serve {
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: Option<Shutdown>,
}

impl Serve {
    /// The header read timeout and connection cap to apply (the router applies its own).
    pub fn limits(mut self, limits: &Limits) -> Self {
        self.limits = limits.clone();
        self
    }

    /// Stops accepting connections once `signal` completes, lets the open ones finish
    /// their requests, then returns.
    pub fn with_graceful_shutdown<F>(mut self, signal: F) -> Self
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.shutdown = Some(Box::pin(signal));
        self
    }

    async fn run(self) -> io::Result<()> {
        let Serve {
            listener,
            router,
            limits,
            shutdown,
        } = self;
        let mut shutdown = shutdown.unwrap_or_else(|| Box::pin(std::future::pending()));
        let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout);
        let graceful = GracefulShutdown::new();
        // Dropping the set (the future dropped) aborts every connection's task.
        let mut connections = JoinSet::new();
        loop {
            let accepted = tokio::select! {
                () = &mut shutdown => break,
                accepted = accept(&listener, &permits) => accepted,
            };
            let (stream, permit) = accepted?;
            while connections.try_join_next().is_some() {}
            let service = TowerToHyperService::new(router.clone());
            let connection =
                graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
            connections.spawn(async move {
                // A client that goes away or breaks the protocol ends its connection only.
                let _ = connection.await;
                drop(permit);
            });
        }
        drop(listener);
        graceful.shutdown().await;
        Ok(())
    }
}

impl IntoFuture for Serve {
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl std::fmt::Debug for Serve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serve")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// The next connection, once one of the cap's permits is free. Errors that concern one
/// connection are skipped; running out of file descriptors waits a little, as
/// `axum::serve` does.
async fn accept(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> io::Result<(tokio::net::TcpStream, tokio::sync::OwnedSemaphorePermit)> {
    let permit = permits
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| io::Error::other("the connection cap was closed"))?;
    loop {
        match listener.accept().await {
            Ok((stream, _)) => return Ok((stream, permit)),
            Err(err) if is_connection_error(&err) => continue,
            Err(err) => {
                tracing::error!(error = %err, "cannot accept a connection; retrying in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
