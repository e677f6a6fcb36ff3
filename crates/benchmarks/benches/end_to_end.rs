//! End to end on loopback, 64 calls in flight, as ratios measured in the same run:
//!
//! 1. Issue 10's goal: the generated client with its default retries and middleware,
//!    against the client as it was before them (`benchmarks::pre_issue_10`), both calling
//!    the same sandbox server. More variants tell where a difference comes from: the old
//!    path again on its own connections (the noise floor), the old path sending the two
//!    headers the client's built-in middleware adds (`User-Agent`, `x-request-id`), and the
//!    client without retries. Both wall-clock and CPU time are reported: on a shared
//!    machine the CPU time of this process says more about the work done.
//! 2. The generated client and server against a hand-written reqwest client and axum handler
//!    over the same sandbox.
//!
//! `-- --only <variant> --calls <n> [--in-flight <k>] [--method GetProfiles]` makes `n`
//! calls of one variant, `k` at a time (1 by default), on one thread, and prints nothing:
//! run it under `valgrind --tool=callgrind` with two values of `n` and divide the difference
//! by the difference of `n` to count the instructions of one call, server included,
//! repeatably.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use benchmarks::pre_issue_10::{ExtraHeaders, PreIssue10Client};
use centiacrm_client::Client;
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, Sandbox};
use centiacrm_types::JsonObject;
use centiacrm_types::companies::{GetCompanies, GetCompaniesParams};
use centiacrm_types::profiles::GetProfiles;
use futures_util::future::join_all;
use serde::Deserialize;

const IN_FLIGHT: usize = 64;

#[derive(Deserialize)]
struct HandEnvelope {
    success: bool,
    response: Option<HandPage>,
}

#[derive(Deserialize)]
struct HandPage {
    companies: Vec<JsonObject>,
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn params() -> GetCompaniesParams {
    GetCompaniesParams::builder()
        .profile_id(DEMO_PROFILE_ID)
        .build()
}

/// The API method a variant calls.
#[derive(Clone, Copy)]
enum Method {
    /// One page of companies (a few KiB of answer).
    GetCompanies,
    /// No parameters, a short answer: the overhead per call shows most.
    GetProfiles,
}

/// The clients of issue 10's comparison, over the same sandbox server.
struct Clients {
    old: PreIssue10Client,
    old_again: PreIssue10Client,
    old_with_headers: PreIssue10Client,
    client: Client,
    client_no_retries: Client,
}

const VARIANTS: [&str; 5] = [
    "pre-issue-10",
    "pre-issue-10 again",
    "pre-issue-10 +headers",
    "client",
    "client no retries",
];

impl Clients {
    async fn new(url: &str) -> Self {
        let login = Client::new(url).unwrap();
        login.login(DEMO_EMAIL, DEMO_PASSWORD).await.unwrap();
        let token = login.transport().token_value().unwrap();
        Self {
            old: PreIssue10Client::new(url, &token, ExtraHeaders::None),
            old_again: PreIssue10Client::new(url, &token, ExtraHeaders::None),
            old_with_headers: PreIssue10Client::new(url, &token, ExtraHeaders::LikeTheClient),
            client: Client::builder(url).token(&token).build().unwrap(),
            client_no_retries: Client::builder(url)
                .token(&token)
                .no_retries()
                .build()
                .unwrap(),
        }
    }

    /// One call of `variant` (an index into `VARIANTS`); returns the number of items.
    async fn call(&self, variant: usize, method: Method) -> usize {
        match variant {
            0 => old_call(&self.old, method).await,
            1 => old_call(&self.old_again, method).await,
            2 => old_call(&self.old_with_headers, method).await,
            3 => client_call(&self.client, method).await,
            _ => client_call(&self.client_no_retries, method).await,
        }
    }

    async fn batch(&self, variant: usize, method: Method) -> usize {
        let calls = (0..IN_FLIGHT).map(|_| self.call(variant, method));
        join_all(calls).await.into_iter().sum()
    }
}

async fn old_call(old: &PreIssue10Client, method: Method) -> usize {
    match method {
        Method::GetCompanies => old.call::<GetCompanies>(&params()).await.companies.len(),
        Method::GetProfiles => old
            .call::<GetProfiles>(&Default::default())
            .await
            .profiles
            .len(),
    }
}

async fn client_call(client: &Client, method: Method) -> usize {
    match method {
        Method::GetCompanies => client
            .companies()
            .get_companies(params())
            .await
            .unwrap()
            .companies
            .len(),
        Method::GetProfiles => client
            .profiles()
            .get_profiles()
            .await
            .unwrap()
            .profiles
            .len(),
    }
}

/// CPU time of this process so far, all threads, in seconds (Linux; 0 elsewhere): work
/// done, whatever the other processes on the machine let this one run.
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e9
}

type Batch<'a> = Box<dyn Fn() -> Pin<Box<dyn Future<Output = usize> + 'a>> + 'a>;

/// Per variant: seconds per call (wall clock and CPU), and the medians over rounds of their
/// ratios to the first variant.
struct Measured {
    wall: f64,
    cpu: f64,
    wall_ratio: f64,
    cpu_ratio: f64,
}

/// Times `batches` batches of each of `variants` per round, for `rounds` rounds, rotating
/// which goes first.
async fn compare(variants: &[Batch<'_>], rounds: usize, batches: usize) -> Vec<Measured> {
    let mut wall = vec![Vec::with_capacity(rounds); variants.len()];
    let mut cpu = vec![Vec::with_capacity(rounds); variants.len()];
    for round in 0..rounds {
        for k in 0..variants.len() {
            let v = (round + k) % variants.len();
            let (start, start_cpu) = (Instant::now(), cpu_seconds());
            for _ in 0..batches {
                std::hint::black_box(variants[v]().await);
            }
            wall[v].push(start.elapsed().as_secs_f64());
            cpu[v].push(cpu_seconds() - start_cpu);
        }
    }
    let calls = (rounds * batches * IN_FLIGHT) as f64;
    let median_ratio = |times: &[Vec<f64>], v: usize| {
        let mut ratios: Vec<f64> = (0..rounds).map(|r| times[v][r] / times[0][r]).collect();
        ratios.sort_by(f64::total_cmp);
        ratios[rounds / 2]
    };
    (0..variants.len())
        .map(|v| Measured {
            wall: wall[v].iter().sum::<f64>() / calls,
            cpu: cpu[v].iter().sum::<f64>() / calls,
            wall_ratio: median_ratio(&wall, v),
            cpu_ratio: median_ratio(&cpu, v),
        })
        .collect()
}

/// Issue 10: the client with retries and middleware against the client before them.
async fn issue_10(url: &str) {
    let clients = Clients::new(url).await;
    for method in [Method::GetCompanies, Method::GetProfiles] {
        let counts: Vec<usize> =
            futures_util::future::join_all((0..VARIANTS.len()).map(|v| clients.batch(v, method)))
                .await;
        assert!(
            counts.iter().all(|&c| c == counts[0] && c > 0),
            "{counts:?}"
        );
        let variants: Vec<Batch<'_>> = (0..VARIANTS.len())
            .map(|v| {
                let clients = &clients;
                Box::new(move || {
                    Box::pin(clients.batch(v, method)) as Pin<Box<dyn Future<Output = usize>>>
                }) as Batch<'_>
            })
            .collect();
        let (rounds, batches) = (21, 30);
        let results = compare(&variants, rounds, batches).await;
        let name = match method {
            Method::GetCompanies => "GetCompanies",
            Method::GetProfiles => "GetProfiles",
        };
        println!(
            "issue 10, end to end on loopback, {IN_FLIGHT} calls in flight, same sandbox server: {name}"
        );
        println!(
            "  per call, and ratio to pre-issue-10 (median of {rounds} rounds): wall clock | CPU time"
        );
        for (variant, m) in VARIANTS.iter().zip(results) {
            let goal = if *variant == "client" {
                if m.wall_ratio <= 1.03 {
                    "  (meets goal ≤ 1.03)"
                } else {
                    "  (MISSES goal ≤ 1.03)"
                }
            } else {
                ""
            };
            println!(
                "  {variant:<22} {:>10} {:.3} | {:>10} {:.3}{goal}",
                benchmarks::human(m.wall * 1e9),
                m.wall_ratio,
                benchmarks::human(m.cpu * 1e9),
                m.cpu_ratio,
            );
        }
    }
}

/// The generated client and server against a hand-written client and handler.
async fn against_hand_written(sandbox: &Sandbox, generated_url: &str) {
    let baseline_url = serve(benchmarks::baseline::router(sandbox.clone())).await;
    let client = Client::new(generated_url).unwrap();
    client.login(DEMO_EMAIL, DEMO_PASSWORD).await.unwrap();
    let token = client.transport().token_value().unwrap();
    let http = reqwest::Client::new();
    let body =
        format!(r#"{{"method":"GetCompanies","parameters":{{"profile_id":{DEMO_PROFILE_ID}}}}}"#);
    let generated_batch = || async {
        let calls = (0..IN_FLIGHT).map(|_| client.companies().get_companies(params()));
        join_all(calls)
            .await
            .into_iter()
            .map(|r| r.unwrap().companies.len())
            .sum::<usize>()
    };
    let baseline_batch = || async {
        let calls = (0..IN_FLIGHT).map(|_| async {
            let response = http
                .post(format!("{baseline_url}/companies"))
                .bearer_auth(&token)
                // The generated client bounds every call (30 s by default); so does this one.
                .timeout(centiacrm_client::DEFAULT_TIMEOUT)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let envelope: HandEnvelope =
                serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            assert!(envelope.success);
            envelope.response.unwrap().companies.len()
        });
        join_all(calls).await.into_iter().sum::<usize>()
    };
    assert_eq!(generated_batch().await, baseline_batch().await);
    let variants: Vec<Batch<'_>> = vec![
        Box::new(|| Box::pin(baseline_batch())),
        Box::new(|| Box::pin(generated_batch())),
    ];
    let (rounds, batches) = (11, 40);
    let results = compare(&variants, rounds, batches).await;
    let (baseline_s, generated_s, ratio) =
        (results[0].wall, results[1].wall, results[1].wall_ratio);
    println!("end to end on loopback, {IN_FLIGHT} calls in flight: GetCompanies");
    println!(
        "  generated client → generated server: {:>8.0} requests/s | reqwest → hand-written axum: {:>8.0} requests/s",
        1.0 / generated_s,
        1.0 / baseline_s
    );
    println!(
        "  time per request: generated {} | baseline {} | ratio {ratio:.3} (median of {rounds} rounds; reported, no goal)",
        benchmarks::human(generated_s * 1e9),
        benchmarks::human(baseline_s * 1e9),
    );
}

/// `--only <variant> --calls <n>`: `n` calls in a row on one thread, for callgrind.
async fn only(variant: &str, calls: usize, in_flight: usize, method: Method) {
    let sandbox = Sandbox::with_demo_data();
    let url = serve(sandbox.router()).await;
    let clients = Clients::new(&url).await;
    let v = VARIANTS
        .iter()
        .position(|n| *n == variant)
        .unwrap_or_else(|| panic!("--only takes one of {VARIANTS:?}"));
    for _ in 0..calls / in_flight {
        let batch = (0..in_flight).map(|_| clients.call(v, method));
        std::hint::black_box(join_all(batch).await);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .map(|i| args[i + 1].clone())
    };
    if let Some(variant) = value("--only") {
        let calls = value("--calls").map_or(1000, |n| n.parse().unwrap());
        let in_flight = value("--in-flight").map_or(1, |n| n.parse().unwrap());
        let method = match value("--method").as_deref() {
            None | Some("GetCompanies") => Method::GetCompanies,
            Some("GetProfiles") => Method::GetProfiles,
            Some(other) => panic!("unknown --method {other}"),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(only(&variant, calls, in_flight, method));
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::with_demo_data();
        let url = serve(sandbox.router()).await;
        issue_10(&url).await;
        against_hand_written(&sandbox, &url).await;
    });
}
