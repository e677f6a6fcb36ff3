//! The client's own logins through the sandbox's faults (issue 19, item 1): with
//! credentials and no login by hand, 429s and 503s on every kind of request (the logins,
//! the reads, the writes, the pages of a stream) fail no read, send no write twice, and a
//! stream outlives its tokens.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use centiacrm_client::types::companies::{CreateCompanyParams, GetCompaniesParams};
use centiacrm_client::types::{ApiMethod, MethodVisitor};
use centiacrm_client::{Client, Error, RetryPolicy};
use centiacrm_sandbox::faults::{self, Fault, Faults, ReceivedCall, RunningSandbox};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, Sandbox};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use crate::common::{P, Served, bounded};

async fn start(sandbox: Sandbox, faults: &str) -> RunningSandbox {
    let faults: Faults = faults.parse().expect("valid faults");
    faults::serve(sandbox, faults)
        .await
        .expect("the sandbox starts")
}

/// The README's client: credentials, five attempts, a 10 s timeout; no login by hand.
fn readme_client(running: &RunningSandbox) -> Client {
    Client::builder(running.base_url())
        .credentials(DEMO_EMAIL, DEMO_PASSWORD)
        .retry(RetryPolicy::default().max_attempts(5))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

fn methods<'a>(
    calls: &'a [ReceivedCall],
    method: &'a str,
) -> impl Iterator<Item = &'a ReceivedCall> {
    calls
        .iter()
        .filter(move |c| c.method.as_deref() == Some(method))
}

/// The reproduction: with `503=20%,seed=0` only the first request is a 503, and
/// it is the client's own login. Before the fix the read failed with
/// `Auth.Login failed (HTTP 503)`, and the same call made again succeeded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_on_the_clients_own_login_does_not_fail_the_read() {
    bounded(async {
        let running = start(Sandbox::with_demo_data(), "503=20%,seed=0").await;
        let client = Client::builder(running.base_url())
            .credentials(DEMO_EMAIL, DEMO_PASSWORD)
            .build()
            .expect("a client");
        let countries = client.profiles().get_countries().await;
        assert!(countries.is_ok(), "{countries:?}");

        let calls = running.faults().calls();
        let sent: Vec<_> = calls
            .iter()
            .map(|c| (c.method.as_deref().unwrap_or("?"), c.fault))
            .collect();
        assert_eq!(
            sent,
            [
                ("Login", Some(Fault::Unavailable)),
                ("Login", None),
                ("GetCountries", None)
            ],
            "the first login met the 503 and was sent again"
        );
        // The retry is the same call: the same request id.
        assert_eq!(calls[0].request_id, calls[1].request_id);
    })
    .await;
}

/// `client.login(..)` itself is retried too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_login_is_retried_on_429_and_503() {
    bounded(async {
        // The draws of seed 0 make the first request a 503 and, at 40 %, more.
        let running = start(Sandbox::new(), "503=20%,429=20%,retry-after=0s,seed=0").await;
        let client = Client::builder(running.base_url())
            .retry(
                RetryPolicy::default()
                    .max_attempts(10)
                    .delays(Duration::from_millis(1), Duration::from_millis(5)),
            )
            .build()
            .expect("a client");
        client
            .login(DEMO_EMAIL, DEMO_PASSWORD)
            .await
            .expect("the login gets through the faults");
        let calls = running.faults().calls();
        let faulted = calls.iter().filter(|c| c.fault.is_some()).count();
        assert!(faulted >= 1, "no fault fell on the login");
        assert_eq!(
            calls.len(),
            faulted + 1,
            "sent until it got through, then no more"
        );
        let ids: BTreeSet<_> = calls.iter().map(|c| c.request_id.clone()).collect();
        assert_eq!(ids.len(), 1, "one call, retried");
    })
    .await;
}

/// The parameters of each read for the demo data, by `Namespace.Method`.
fn read_params(namespace: &str, method: &str) -> Value {
    match (namespace, method) {
        ("Profiles", "GetProfiles" | "GetCountries") => json!({}),
        ("Profiles", "GetStates") => json!({"country": "MX"}),
        ("Companies", "GetCompany") | ("Contacts", "GetContact") => {
            json!({"profile_id": P, "search_by": "id", "search_value": "1"})
        }
        ("Opportunities", "GetOpportunity") => json!({"profile_id": P, "opportunity_id": 1}),
        _ => json!({"profile_id": P}),
    }
}

type Call = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Error>> + Send>>;

/// Every read of the spec (the idempotent methods but the login), one after another.
struct Reads {
    client: Client,
    names: Vec<String>,
    failed: Vec<String>,
    calls: Vec<Call>,
}

impl MethodVisitor for Reads {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        if !M::IDEMPOTENT || M::TOKEN_FIELD.is_some() {
            return;
        }
        let name = format!("{}.{}", M::NAMESPACE, M::NAME);
        let params: M::Params = serde_json::from_value(read_params(M::NAMESPACE, M::NAME))
            .unwrap_or_else(|e| panic!("parameters of {name}: {e}"));
        let client = self.client.clone();
        self.names.push(name);
        self.calls.push(Box::pin(async move {
            client.transport().call::<M>(&params).await.map(drop)
        }));
    }
}

/// The outside program: the README's setup under
/// `503=10%,429=10%,retry-after=1s,token-ttl=3000ms`, five seeds, each run on a sandbox of
/// its own at the same time. Every read succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_read_succeeds_with_credentials_alone_for_five_seeds() {
    bounded(async {
        let runs = (1..=5).map(|seed| async move {
            let faults = format!("503=10%,429=10%,retry-after=1s,token-ttl=3000ms,seed={seed}");
            let running = start(Sandbox::with_demo_data(), &faults).await;
            let mut reads = Reads {
                client: readme_client(&running),
                names: Vec::new(),
                failed: Vec::new(),
                calls: Vec::new(),
            };
            centiacrm_client::types::visit_methods(&mut reads);
            assert_eq!(reads.calls.len(), 31, "the issue's 31 reads");
            for (name, call) in reads.names.iter().zip(std::mem::take(&mut reads.calls)) {
                if let Err(err) = call.await {
                    reads.failed.push(format!("{name}: {err}"));
                }
            }
            let layer = running.faults();
            let calls = layer.calls();
            let on_login = methods(&calls, "Login")
                .filter(|c| c.fault.is_some())
                .count();
            (
                seed,
                reads.failed,
                on_login,
                layer.injected(Fault::Unavailable) + layer.injected(Fault::TooManyRequests),
            )
        });
        let mut faults_on_logins = 0;
        for (seed, failed, on_login, injected) in futures_util::future::join_all(runs).await {
            assert!(failed.is_empty(), "seed {seed}: {failed:?}");
            assert!(injected > 0, "seed {seed}: no fault injected");
            faults_on_logins += on_login;
        }
        assert!(faults_on_logins > 0, "no fault fell on a login in any run");
    })
    .await;
}

/// Reads, writes and logins under 429s and 503s (and a token that expires), with
/// credentials only: every read succeeds, and no write reaches the server twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_write_twice_and_every_read_through_faults_on_every_kind() {
    bounded(async {
        let running = start(
            Sandbox::new(),
            "503=15%,429=15%,retry-after=0s,token-ttl=200ms,seed=3",
        )
        .await;
        let client = Client::builder(running.base_url())
            .credentials(DEMO_EMAIL, DEMO_PASSWORD)
            .retry(
                RetryPolicy::default()
                    .max_attempts(8)
                    .delays(Duration::from_millis(1), Duration::from_millis(10)),
            )
            .build()
            .expect("a client");
        let mut created = 0;
        for i in 0..40 {
            let params = CreateCompanyParams::builder()
                .profile_id(P)
                .name(format!("Empresa {i:02}"))
                .type_id(1)
                .industry_id(1)
                .build();
            if client.companies().create_company(params).await.is_ok() {
                created += 1;
            }
            let read = client
                .companies()
                .get_companies(GetCompaniesParams::builder().profile_id(P).build())
                .await;
            assert!(read.is_ok(), "read {i}: {read:?}");
            if i % 10 == 9 {
                // Let the token expire now and then: the next call logs in again.
                tokio::time::sleep(Duration::from_millis(210)).await;
            }
        }
        let calls = running.faults().calls();
        let faulted = |method| {
            methods(&calls, method)
                .filter(|c| c.fault.is_some())
                .count()
        };
        for method in ["Login", "CreateCompany", "GetCompanies"] {
            assert!(faulted(method) > 0, "no fault fell on {method}");
        }
        assert!(
            running.faults().injected(Fault::TokenExpired) > 0,
            "no token expired"
        );
        // Each write is one call (one request id), carried out at most once: it reaches
        // the API once, or never. It is sent again only after a 401 (an expired token),
        // which the server answers before carrying anything out.
        let writes: Vec<_> = methods(&calls, "CreateCompany").collect();
        let ids: BTreeSet<_> = writes.iter().map(|c| c.request_id.clone()).collect();
        assert_eq!(ids.len(), 40, "one id per write");
        let mut sends: HashMap<&[u8], Vec<Option<Fault>>> = HashMap::new();
        for write in &writes {
            sends.entry(&write.body).or_default().push(write.fault);
        }
        for (body, faults) in &sends {
            let (last, before) = faults.split_last().expect("sent at least once");
            assert!(
                before.iter().all(|f| *f == Some(Fault::TokenExpired)),
                "{} sent again after {before:?}, then {last:?}",
                String::from_utf8_lossy(body)
            );
        }
        let reached_api = writes.iter().filter(|c| c.fault.is_none()).count();
        assert_eq!(created, reached_api);
        let stored: Vec<_> = client
            .companies()
            .get_companies_stream(GetCompaniesParams::builder().profile_id(P).build())
            .try_collect()
            .await
            .expect("the stream gets through");
        assert_eq!(stored.len(), created);
    })
    .await;
}

/// A stream of 2 500 companies (5 pages) through 429s, 503s and tokens that last 200 ms,
/// each request slowed by 50 ms: it logs in again on the way, and finishes. A new token
/// outlives the next request by 150 ms (it outlived it by 40 ms before, and a loaded
/// machine expired it again, failing the call); every request takes at least 50 ms, so
/// the run outlives the first token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_crosses_token_expiry_through_429_and_503() {
    bounded(async {
        let sandbox = Sandbox::new();
        let plain = Served::start(sandbox.clone()).await;
        let filler = plain.logged_in().await;
        futures_util::stream::iter(0..2_500)
            .map(|i| {
                let client = filler.clone();
                async move {
                    let params = CreateCompanyParams::builder()
                        .profile_id(P)
                        .name(format!("Empresa {i:04}"))
                        .type_id(1)
                        .industry_id(1)
                        .build();
                    client.companies().create_company(params).await.map(drop)
                }
            })
            .buffer_unordered(16)
            .try_collect::<()>()
            .await
            .expect("2 500 companies");

        let running = start(
            sandbox,
            "503=15%,429=15%,retry-after=0s,token-ttl=200ms,latency=50ms@1.0,seed=3",
        )
        .await;
        let client = Client::builder(running.base_url())
            .credentials(DEMO_EMAIL, DEMO_PASSWORD)
            .retry(
                RetryPolicy::default()
                    .max_attempts(8)
                    .delays(Duration::from_millis(1), Duration::from_millis(10)),
            )
            .build()
            .expect("a client");
        let ids: BTreeSet<i64> = client
            .companies()
            .get_companies_stream(GetCompaniesParams::builder().profile_id(P).build())
            .map(|company| {
                company.expect("every page gets through")["id"]
                    .as_i64()
                    .expect("an id")
            })
            .collect()
            .await;
        assert_eq!(ids.len(), 2_500);
        let calls = running.faults().calls();
        assert!(
            running.faults().injected(Fault::TokenExpired) >= 1,
            "no token expired"
        );
        let logins = methods(&calls, "Login").count();
        assert!(logins >= 2, "{logins} logins: none after an expiry");
        // One call per page, whatever its retries and re-logins.
        let pages: BTreeSet<_> = methods(&calls, "GetCompanies")
            .map(|c| c.request_id.clone())
            .collect();
        assert_eq!(pages.len(), 5);
        let faulted = |method| {
            methods(&calls, method)
                .filter(|c| matches!(c.fault, Some(Fault::Unavailable | Fault::TooManyRequests)))
                .count()
        };
        assert!(faulted("Login") > 0, "no 429 or 503 fell on a login");
        assert!(faulted("GetCompanies") > 0, "no 429 or 503 fell on a page");
    })
    .await;
}
