//! A middleware that counts calls, failures and time per API method: what a Prometheus or
//! StatsD exporter would record. Retries count as attempts of the same call.
//!
//! Run against a server: `CENTIACRM_URL=http://127.0.0.1:8080 CENTIACRM_EMAIL=...
//! CENTIACRM_PASSWORD=... cargo run --example metrics`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use centiacrm_client::middleware::{CallInfo, Outcome};
use centiacrm_client::{Client, Middleware};

#[derive(Debug, Default, Clone, Copy)]
struct MethodStats {
    attempts: u64,
    retries: u64,
    failures: u64,
    time: Duration,
}

/// Stats per `Namespace.Method`, shared with the code that exports them.
#[derive(Clone, Default)]
struct Metrics(Arc<Mutex<BTreeMap<String, MethodStats>>>);

impl Middleware for Metrics {
    fn on_response(&self, call: &CallInfo<'_>, outcome: &Outcome<'_>) {
        let mut stats = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = stats
            .entry(format!("{}.{}", call.namespace, call.method))
            .or_default();
        entry.attempts += 1;
        entry.retries += u64::from(call.attempt > 1);
        let ok = outcome.error.is_none() && outcome.status.is_some_and(|s| s.is_success());
        entry.failures += u64::from(!ok);
        entry.time += outcome.elapsed;
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("CENTIACRM_URL")
        .unwrap_or_else(|_| centiacrm_client::DEFAULT_BASE_URL.to_string());
    let metrics = Metrics::default();
    let client = Client::builder(&url)
        .credentials(
            std::env::var("CENTIACRM_EMAIL")?,
            std::env::var("CENTIACRM_PASSWORD")?,
        )
        .middleware(metrics.clone())
        .build()?;
    for _ in 0..3 {
        client.profiles().get_profiles().await?;
    }
    client.profiles().get_countries().await?;
    for (method, stats) in metrics.0.lock().unwrap().iter() {
        println!(
            "{method}: {} attempts ({} retries, {} failed), {:?} in all",
            stats.attempts, stats.retries, stats.failures, stats.time
        );
    }
    Ok(())
}
