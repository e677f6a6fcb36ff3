#![doc = include_str!("../README.md")]

mod clock;
mod demo;
pub mod faults;
mod handlers;
mod listing;
mod request_id;
mod seed;
mod store;
mod token;

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use centiacrm_server::{Authenticate, Limits, Server};

use crate::store::Store;
use crate::token::TokenMint;

pub use faults::{Fault, Faults, RunningSandbox};

/// The email of the seeded demo account.
pub const DEMO_EMAIL: &str = "demo@centiacrm.test";
/// The password of the seeded demo account.
pub const DEMO_PASSWORD: &str = "demo1234";
/// The id of the demo account's user.
pub const DEMO_USER_ID: i64 = 1;
/// The id of the seeded profile, the one to pass as `profile_id`.
pub const DEMO_PROFILE_ID: i64 = 1;

/// Who a token stands for: the principal of every authenticated call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Session {
    pub user_id: i64,
}

/// The in-memory API. Cloning is cheap: clones share the same data and tokens.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    store: RwLock<Store>,
    // Apart from the store, so that checking a token never waits for a write.
    sessions: RwLock<HashMap<String, Session>>,
    mint: TokenMint,
}

impl Sandbox {
    /// Reference data only: no companies, contacts, products, opportunities or tickets.
    pub fn new() -> Self {
        Self::from_store(Store::seeded())
    }

    /// Reference data plus a few records dated 2024 (3 companies, 3 contacts,
    /// 2 products, 2 opportunities of which one won, 1 ticket), so that lists are not
    /// empty at first.
    pub fn with_demo_data() -> Self {
        let mut store = Store::seeded();
        demo::add_demo_records(&mut store);
        Self::from_store(store)
    }

    fn from_store(store: Store) -> Self {
        Self {
            inner: Arc::new(Inner {
                store: RwLock::new(store),
                sessions: RwLock::new(HashMap::new()),
                mint: TokenMint::new(),
            }),
        }
    }

    /// An axum router serving this sandbox (`POST /<namespace>`); it shares this
    /// sandbox's data. Every answer carries an `x-request-id` header: the request's own,
    /// or a new one.
    pub fn router(&self) -> axum::Router {
        self.router_with_limits(&Limits::default())
    }

    /// [`Sandbox::router`] with other body and time limits than the defaults (pass the
    /// same to `centiacrm_server::serve` for the connection's).
    pub fn router_with_limits(&self, limits: &Limits) -> axum::Router {
        request_id::wrap(self.api_router(limits))
    }

    fn api_router(&self, limits: &Limits) -> axum::Router {
        Server::new(self.clone()).limits(limits.clone()).router()
    }

    /// [`Sandbox::router`] with `faults` injected in front of the API, and inside the
    /// `x-request-id` layer so that faulty answers carry an id too.
    /// With a token TTL, the sessions of tokens long expired are closed.
    pub fn router_with_faults(&self, faults: &faults::FaultLayer) -> axum::Router {
        faults.attach(self);
        request_id::wrap(self.api_router(&Limits::default()).layer(faults.clone()))
    }

    /// Serves a sandbox with the demo data ([`Sandbox::with_demo_data`]) on 127.0.0.1, on a
    /// free port, in a background task: the test kit's entry point. The handle gives the
    /// base URL, a client builder already logged in as the demo account
    /// ([`RunningSandbox::client_builder`]) and every request received. Call it from inside
    /// a tokio runtime; the server stops when the handle is dropped.
    pub async fn spawn() -> std::io::Result<RunningSandbox> {
        Self::spawn_with_faults(Faults::default()).await
    }

    /// [`Sandbox::spawn`], failing on purpose as `faults` says (`"503=0.2,seed=7"`).
    pub async fn spawn_with_faults(faults: Faults) -> std::io::Result<RunningSandbox> {
        faults::serve(Self::with_demo_data(), faults).await
    }

    /// How many tokens have been issued and are valid.
    pub fn session_count(&self) -> usize {
        self.sessions_read().len()
    }

    // A handler that panics poisons the lock; the server turns the panic into a 500 and
    // goes on, so the sandbox goes on too with the data as the panic left it.
    fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.inner
            .store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.inner
            .store
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn sessions_read(&self) -> RwLockReadGuard<'_, HashMap<String, Session>> {
        self.inner
            .sessions
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets `token`: it is no longer valid.
    fn close_session(&self, token: &str) {
        self.inner
            .sessions
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(token);
    }

    /// A new token for `session`, never one already handed out.
    fn open_session(&self, session: Session) -> String {
        let mut sessions = self
            .inner
            .sessions
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            let token = self.inner.mint.mint();
            if !sessions.contains_key(&token) {
                sessions.insert(token.clone(), session);
                return token;
            }
        }
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Sandbox {
    // Tokens stay out of Debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("sessions", &self.session_count())
            .finish_non_exhaustive()
    }
}

impl Authenticate for Sandbox {
    type Principal = Session;

    async fn authenticate(&self, token: &str) -> Option<Session> {
        self.sessions_read().get(token).copied()
    }
}

impl RunningSandbox {
    /// A client builder for this sandbox: its base URL and the demo account's credentials,
    /// so that the client logs in on first use. Change anything before `build()`.
    pub fn client_builder(&self) -> centiacrm_client::ClientBuilder<centiacrm_client::Client> {
        centiacrm_client::Client::builder(self.base_url()).credentials(DEMO_EMAIL, DEMO_PASSWORD)
    }
}
