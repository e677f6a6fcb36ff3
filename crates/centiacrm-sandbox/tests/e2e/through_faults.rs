//! The client's retries, sessions and streams through the sandbox's injected faults
//! (issue 10, item 12): the reads get through 503s and 429s, no write is sent twice, a
//! long stream outlives its tokens, and concurrent 401s cause one login.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use centiacrm_client::types::companies::{CreateCompanyParams, GetCompaniesParams};
use centiacrm_client::types::{ApiMethod, MethodVisitor};
use centiacrm_client::{Client, Error, RetryPolicy};
use centiacrm_sandbox::faults::{self, Fault, Faults, ReceivedCall, RunningSandbox};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, Sandbox};
use futures_util::future::join_all;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use crate::common::{P, Served, bounded};

async fn start(sandbox: Sandbox, faults: &str) -> RunningSandbox {
    let faults: Faults = faults.parse().expect("valid faults");
    faults::serve(sandbox, faults)
        .await
        .expect("the sandbox starts")
}

/// Retries enough for 20 % faults (a call fails 8 times in a row once in 4·10⁶), with
/// short delays; 429s still wait their `Retry-After`.
fn patient() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(8)
        .delays(Duration::from_millis(1), Duration::from_millis(20))
}

fn client(running: &RunningSandbox) -> Client {
    Client::builder(running.base_url())
        .timeout(Duration::from_secs(10))
        .retry(patient())
        .credentials(DEMO_EMAIL, DEMO_PASSWORD)
        .build()
        .expect("a client")
}

fn count(calls: &[ReceivedCall], method: &str) -> usize {
    calls
        .iter()
        .filter(|c| c.method.as_deref() == Some(method))
        .count()
}

/// The parameters of each read for the demo data, by `Namespace.Method`.
fn read_params(namespace: &str, method: &str) -> Value {
    match (namespace, method) {
        ("Profiles", "GetProfiles" | "GetCountries") => json!({}),
        ("Profiles", "GetStates") => json!({"country": "MX"}),
        ("Companies", "GetCompany") => {
            json!({"profile_id": P, "search_by": "id", "search_value": "1"})
        }
        ("Contacts", "GetContact") => {
            json!({"profile_id": P, "search_by": "id", "search_value": "1"})
        }
        ("Opportunities", "GetOpportunity") => json!({"profile_id": P, "opportunity_id": 1}),
        _ => json!({"profile_id": P}),
    }
}

type Call = Pin<Box<dyn Future<Output = (String, Result<(), Error>)> + Send>>;

/// One call per idempotent method of the spec but the login, each with `read_params`.
struct Reads {
    client: Client,
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
        self.calls.push(Box::pin(async move {
            let result = client.transport().call::<M>(&params).await.map(drop);
            (name, result)
        }));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_reads_succeed_under_20_percent_503_and_429() {
    bounded(async {
        let running = start(Sandbox::with_demo_data(), "503=0.1,429=0.1,seed=11").await;
        let client = client(&running);
        // No login by hand: the first read logs in, and the client retries the login's
        // faults as a read's.
        let mut reads = Reads {
            client: client.clone(),
            calls: Vec::new(),
        };
        centiacrm_client::types::visit_methods(&mut reads);
        assert_eq!(reads.calls.len(), 31, "the issue's 31 reads");
        let started = Instant::now();
        let mut failed = Vec::new();
        // One after another, so that the seeded faults fall the same way in every run.
        for call in reads.calls {
            let (name, result) = call.await;
            if let Err(err) = result {
                failed.push(format!("{name}: {err}"));
            }
        }
        assert!(failed.is_empty(), "failed through the faults: {failed:?}");

        let layer = running.faults();
        let (unavailable, busy) = (
            layer.injected(Fault::Unavailable),
            layer.injected(Fault::TooManyRequests),
        );
        assert!(
            unavailable > 0 && busy > 0,
            "503: {unavailable}, 429: {busy}"
        );
        // Each 429 asked for 1 s, and the client waited it.
        assert!(
            started.elapsed() >= Duration::from_secs(busy),
            "{busy} 429s, done after {:?}",
            started.elapsed()
        );
        // Every retry is the same call: the same request id, sent again.
        let calls = layer.calls();
        let mut sends: HashMap<&str, usize> = HashMap::new();
        for call in calls
            .iter()
            .filter(|c| c.method.as_deref() != Some("Login"))
        {
            *sends
                .entry(call.request_id.as_deref().expect("an id"))
                .or_default() += 1;
        }
        assert_eq!(sends.len(), 31, "one request id per read");
        let retried: usize = sends.values().map(|n| n - 1).sum();
        assert_eq!(retried as u64, unavailable + busy - faults_on_login(&calls));
    })
    .await;
}

/// The faults that fell on logins, which the client retried under its login's own id.
fn faults_on_login(calls: &[ReceivedCall]) -> u64 {
    calls
        .iter()
        .filter(|c| c.method.as_deref() == Some("Login") && c.fault.is_some())
        .count() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_write_is_ever_sent_twice() {
    bounded(async {
        let running = start(
            Sandbox::new(),
            "503=0.1,429=0.05,drop=0.1,retry-after=0s,seed=5",
        )
        .await;
        let client = client(&running);
        let mut created = 0;
        let mut failed = 0;
        for i in 0..60 {
            let params = CreateCompanyParams::builder()
                .profile_id(P)
                .name(format!("Empresa {i:02}"))
                .type_id(1)
                .industry_id(1)
                .build();
            match client.companies().create_company(params).await {
                Ok(_) => created += 1,
                // A failed write is the caller's to check; the client does not guess.
                Err(err) => {
                    assert!(!err.was_never_sent(), "{err}");
                    failed += 1;
                }
            }
        }
        let calls = running.faults().calls();
        let writes: Vec<&ReceivedCall> = calls
            .iter()
            .filter(|c| c.method.as_deref() == Some("CreateCompany"))
            .collect();
        // Each at most once: no id and no body twice. (A call can fail without reaching
        // the server at all, on a pooled connection the server had just dropped; it is
        // not sent again either, as nothing proves that it never left.)
        let ids: BTreeSet<_> = writes.iter().map(|c| c.request_id.clone()).collect();
        let bodies: BTreeSet<_> = writes.iter().map(|c| c.body.clone()).collect();
        assert!(writes.len() <= 60, "{} writes received", writes.len());
        assert_eq!((ids.len(), bodies.len()), (writes.len(), writes.len()));
        // Faults did fall on writes, and exactly the writes that reached the API were
        // carried out.
        let reached_api = writes.iter().filter(|c| c.fault.is_none()).count();
        assert!(failed > 0, "no write met a fault");
        assert_eq!((created, created + failed), (reached_api, 60));
        let stored: Vec<_> = client
            .companies()
            .get_companies_stream(GetCompaniesParams::builder().profile_id(P).build())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(stored.len(), created);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10_000_item_stream_finishes_across_token_expiry() {
    bounded(async {
        // The companies go in without faults, through a plain server on the same data.
        let sandbox = Sandbox::new();
        let plain = Served::start(sandbox.clone()).await;
        let filler = plain.logged_in().await;
        let creates = futures_util::stream::iter(0..10_000)
            .map(|i| {
                let client = filler.clone();
                async move {
                    let params = CreateCompanyParams::builder()
                        .profile_id(P)
                        .name(format!("Empresa {i:05}"))
                        .type_id(1)
                        .industry_id(1)
                        .build();
                    client.companies().create_company(params).await.map(drop)
                }
            })
            .buffer_unordered(16);
        creates.try_collect::<()>().await.expect("10 000 companies");

        // Tokens last 150 ms; each page takes at least 20 ms, so 20 pages of 500 outlive
        // several tokens.
        let running = start(sandbox, "token-ttl=150ms,latency=20ms@1.0").await;
        let client = client(&running);
        let mut stream = client
            .companies()
            .get_companies_stream(GetCompaniesParams::builder().profile_id(P).build());
        let mut seen = BTreeSet::new();
        while let Some(company) = stream.next().await {
            let company = company.expect("every page gets through");
            seen.insert(company["id"].as_i64().expect("an id"));
        }
        assert_eq!(seen.len(), 10_000);
        let calls = running.faults().calls();
        let expired = running.faults().injected(Fault::TokenExpired);
        assert!(expired >= 1, "no token expired during the stream");
        // The first login, then one per expiry.
        assert_eq!(count(&calls, "Login") as u64, 1 + expired);
        assert_eq!(count(&calls, "GetCompanies") as u64, 20 + expired);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_trigger_one_login() {
    bounded(async {
        let running = start(Sandbox::with_demo_data(), "token-ttl=1s").await;
        let client = client(&running);
        client
            .profiles()
            .get_profiles()
            .await
            .expect("logs in and reads");
        tokio::time::sleep(Duration::from_millis(1050)).await;

        let calls = (0..24).map(|_| client.profiles().get_profiles());
        for result in join_all(calls).await {
            result.expect("each call gets through after the re-login");
        }
        let calls = running.faults().calls();
        let expired = running.faults().injected(Fault::TokenExpired);
        assert!(expired >= 1, "the token did not expire");
        assert_eq!(
            count(&calls, "Login"),
            2,
            "the first login and one re-login"
        );
        assert_eq!(count(&calls, "GetProfiles") as u64, 1 + 24 + expired);
    })
    .await;
}
