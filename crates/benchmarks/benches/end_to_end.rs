//! End to end on loopback: requests per second from the generated client to the sandbox
//! served by the generated server, against a hand-written reqwest client and axum
//! handler over the same sandbox. 64 calls in flight at a time.

use std::time::Instant;

use centiacrm_client::Client;
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, Sandbox};
use centiacrm_types::JsonObject;
use centiacrm_types::companies::GetCompaniesParams;
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

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::with_demo_data();
        let generated_url = serve(sandbox.router()).await;
        let baseline_url = serve(benchmarks::baseline::router(sandbox.clone())).await;

        let client = Client::new(&generated_url).unwrap();
        client.login(DEMO_EMAIL, DEMO_PASSWORD).await.unwrap();
        let token = client.transport().token_value().unwrap();
        let http = reqwest::Client::new();
        let body = format!(r#"{{"method":"GetCompanies","parameters":{{"profile_id":{DEMO_PROFILE_ID}}}}}"#);

        let generated_batch = || async {
            let calls = (0..IN_FLIGHT).map(|_| client.companies().get_companies(GetCompaniesParams::builder().profile_id(DEMO_PROFILE_ID).build()));
            join_all(calls).await.into_iter().map(|r| r.unwrap().companies.len()).sum::<usize>()
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
                let envelope: HandEnvelope = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
                assert!(envelope.success);
                envelope.response.unwrap().companies.len()
            });
            join_all(calls).await.into_iter().sum::<usize>()
        };
        assert_eq!(generated_batch().await, baseline_batch().await);

        // Alternate rounds of batches, as `benchmarks::compare` does for sync code.
        let (rounds, batches) = (11, 40);
        let mut ratios = Vec::new();
        let (mut total_generated, mut total_baseline) = (0.0, 0.0);
        for round in 0..rounds {
            let timed = |first: bool| {
                let generated = &generated_batch;
                let baseline = &baseline_batch;
                async move {
                    let start = Instant::now();
                    for _ in 0..batches {
                        if first { generated().await; } else { baseline().await; }
                    }
                    start.elapsed().as_secs_f64()
                }
            };
            let (g, b) = if round % 2 == 0 {
                let g = timed(true).await;
                (g, timed(false).await)
            } else {
                let b = timed(false).await;
                (timed(true).await, b)
            };
            ratios.push(g / b);
            total_generated += g;
            total_baseline += b;
        }
        ratios.sort_by(f64::total_cmp);
        let requests = (rounds * batches * IN_FLIGHT) as f64;
        println!("end to end on loopback, {IN_FLIGHT} calls in flight: GetCompanies");
        println!(
            "  generated client → generated server: {:>8.0} requests/s | reqwest → hand-written axum: {:>8.0} requests/s",
            requests / total_generated,
            requests / total_baseline
        );
        println!(
            "  time per request: generated {} | baseline {} | ratio {:.3} (median of {rounds} rounds; reported, no goal)",
            benchmarks::human(total_generated * 1e9 / requests),
            benchmarks::human(total_baseline * 1e9 / requests),
            ratios[ratios.len() / 2]
        );
    });
}
