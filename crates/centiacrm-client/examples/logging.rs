//! A middleware that logs one line per attempt: method, attempt, request id, status and
//! time. It never logs bodies, so neither passwords nor tokens reach the log.
//!
//! Run against a server: `CENTIACRM_URL=http://127.0.0.1:8080 CENTIACRM_EMAIL=...
//! CENTIACRM_PASSWORD=... cargo run --example logging`.

use centiacrm_client::middleware::{CallInfo, Outcome};
use centiacrm_client::{Client, Middleware, RetryPolicy};

struct Log;

impl Middleware for Log {
    fn on_request(&self, call: &CallInfo<'_>, _request: &mut reqwest::Request) {
        eprintln!(
            "-> {}.{} attempt {} id {} ({})",
            call.namespace,
            call.method,
            call.attempt,
            call.request_id,
            if call.idempotent {
                "idempotent"
            } else {
                "not idempotent"
            }
        );
    }

    fn on_response(&self, call: &CallInfo<'_>, outcome: &Outcome<'_>) {
        match (outcome.status, outcome.error) {
            (_, Some(error)) => eprintln!(
                "<- {}.{} failed after {:?}: {error}",
                call.namespace, call.method, outcome.elapsed
            ),
            (Some(status), None) => eprintln!(
                "<- {}.{} {status} in {:?}",
                call.namespace, call.method, outcome.elapsed
            ),
            (None, None) => {}
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("CENTIACRM_URL")
        .unwrap_or_else(|_| centiacrm_client::DEFAULT_BASE_URL.to_string());
    let client = Client::builder(&url)
        .credentials(
            std::env::var("CENTIACRM_EMAIL")?,
            std::env::var("CENTIACRM_PASSWORD")?,
        )
        .retry(RetryPolicy::default().max_attempts(5))
        .middleware(Log)
        .build()?;
    match client.profiles().get_profiles().await {
        Ok(profiles) => println!("{} profiles", profiles.profiles.len()),
        Err(err) => eprintln!(
            "failed: {err} (status {:?}, request id {:?})",
            err.status(),
            err.request_id()
        ),
    }
    Ok(())
}
