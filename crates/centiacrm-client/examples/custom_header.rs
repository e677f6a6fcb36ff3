//! A middleware that adds a header to every request: here a tenant id for a gateway.
//!
//! Run against a server: `CENTIACRM_URL=http://127.0.0.1:8080 CENTIACRM_EMAIL=...
//! CENTIACRM_PASSWORD=... cargo run --example custom_header`.

use centiacrm_client::middleware::CallInfo;
use centiacrm_client::{Client, Middleware};
use reqwest::header::HeaderValue;

/// Sends `x-tenant: <tenant>` with every call.
struct Tenant(HeaderValue);

impl Middleware for Tenant {
    fn on_request(&self, _call: &CallInfo<'_>, request: &mut reqwest::Request) {
        request.headers_mut().insert("x-tenant", self.0.clone());
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
        .user_agent("tenant-sync/1.0")
        .middleware(Tenant(HeaderValue::from_static("acme")))
        .build()?;
    let profiles = client.profiles().get_profiles().await?;
    println!("{} profiles", profiles.profiles.len());
    Ok(())
}
