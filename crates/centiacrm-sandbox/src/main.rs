//! `centiacrm-sandbox`: serves an in-memory centiaCRM API on 127.0.0.1 until Ctrl-C.

use std::process::ExitCode;

use centiacrm_sandbox::faults::{FaultLayer, Faults};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, Sandbox};
use clap::Parser;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;

/// Serve an in-memory centiaCRM API on 127.0.0.1, with seeded reference data and a demo account.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Start without the demo companies, contacts, products, opportunities and tickets
    /// (the reference data and the demo account are always there).
    #[arg(long)]
    empty: bool,
    /// Inject failures, e.g. `503=0.1,429=0.1,retry-after=2s,latency=50ms@0.2,drop=0.05,token-ttl=30s,seed=7`
    /// (rates are fractions or percentages; see the README).
    #[arg(long, value_name = "FAULTS")]
    faults: Option<Faults>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    log_to_stderr();
    let sandbox = if args.empty {
        Sandbox::new()
    } else {
        Sandbox::with_demo_data()
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "centiacrm-sandbox: cannot listen on 127.0.0.1:{}: {err}",
                args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("centiacrm-sandbox: {err}");
            return ExitCode::FAILURE;
        }
    };
    let base_url = format!("http://{addr}");
    println!("centiaCRM sandbox listening on {addr}");
    println!("  base URL:  {base_url}   (centiacrm_client::Client::new(\"{base_url}\"))");
    println!("  log in:    {DEMO_EMAIL} / {DEMO_PASSWORD}   profile_id: {DEMO_PROFILE_ID}");
    println!("  data:      in memory, gone when it stops; Ctrl-C stops it");
    let router = match args.faults {
        Some(faults) => {
            println!("  faults:    {faults}");
            sandbox.router_with_faults(&FaultLayer::new(faults))
        }
        None => sandbox.router(),
    };
    println!();
    println!("Try it:");
    println!(
        "  curl -s {base_url}/auth -H 'Content-Type: application/json' \\\n    \
         -d '{{\"method\":\"Login\",\"parameters\":{{\"email\":\"{DEMO_EMAIL}\",\"password\":\"{DEMO_PASSWORD}\"}}}}'"
    );
    println!(
        "  curl -s {base_url}/companies -H 'Content-Type: application/json' -H 'Authorization: Bearer <token>' \\\n    \
         -d '{{\"method\":\"GetCompanies\",\"parameters\":{{\"profile_id\":{DEMO_PROFILE_ID}}}}}'"
    );
    // Ctrl-C (SIGINT) ends the process as it does any program: there is nothing to save.
    // The server's safe defaults: header, body and request timeouts, a connection cap.
    if let Err(err) = centiacrm_server::serve(listener, router).await {
        eprintln!("centiacrm-sandbox: {err}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Logs to stderr what the server logs (calls, rejections with their status and code,
/// internal errors with their cause), filtered by `RUST_LOG` (`info` unless set, e.g.
/// `RUST_LOG=debug` or `RUST_LOG=centiacrm_server=debug,info`).
fn log_to_stderr() {
    let filter = match std::env::var("RUST_LOG") {
        Ok(text) => text.parse::<Targets>().unwrap_or_else(|err| {
            eprintln!("centiacrm-sandbox: RUST_LOG={text:?} is not a filter ({err}); using info");
            Targets::new().with_default(LevelFilter::INFO)
        }),
        Err(_) => Targets::new().with_default(LevelFilter::INFO),
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(LevelFilter::TRACE)
        .finish()
        .with(filter);
    if let Err(err) = tracing::subscriber::set_global_default(subscriber) {
        eprintln!("centiacrm-sandbox: cannot log: {err}");
    }
}
