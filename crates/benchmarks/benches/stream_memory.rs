//! Peak memory while streaming companies through the generated client's pagination
//! stream: it must stay flat in the number of pages (100 000 companies against 10 000).
//!
//! A counting allocator measures the whole process, the local test server included.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use axum::Router;
use axum::routing::post;
use centiacrm_client::Client;
use centiacrm_types::companies::GetCompaniesParams;
use futures_util::TryStreamExt;
use serde_json::{Value, json};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PAGE: u64 = 500;

/// A stateless GetCompanies: page `n` of `total` made-up companies.
async fn companies(body: String) -> String {
    let request: Value = serde_json::from_str(&body).unwrap();
    let total = request["parameters"]["query"]
        .as_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    let page = request["parameters"]["page"].as_u64().unwrap_or(1);
    let last = total.div_ceil(PAGE);
    let first = (page - 1) * PAGE;
    let items: Vec<Value> = (first..(first + PAGE).min(total))
        .map(|id| json!({ "id": id, "name": format!("Compañía {id}"), "rfc": "XAXX010101000", "city": "Ciudad de México" }))
        .collect();
    json!({ "success": true, "response": { "total": total, "current_page": page, "last_page": last, "companies": items } }).to_string()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, Router::new().route("/companies", post(companies))).await.unwrap() });
        let client = Client::builder(&format!("http://{addr}")).token("bench").build().unwrap();

        println!("pagination stream: peak memory of the whole process while streaming");
        let mut peaks = Vec::new();
        for total in [10_000u64, 100_000] {
            // The total travels in `query`, so that the server needs no state.
            let params = GetCompaniesParams::builder().profile_id(1).pagination(PAGE as i64).query(total.to_string()).build();
            PEAK.store(CURRENT.load(Ordering::Relaxed), Ordering::Relaxed);
            let before = CURRENT.load(Ordering::Relaxed);
            let start = Instant::now();
            let count = client.companies().get_companies_stream(params).try_fold(0u64, |n, _| async move { Ok(n + 1) }).await.unwrap();
            let seconds = start.elapsed().as_secs_f64();
            assert_eq!(count, total);
            let peak = PEAK.load(Ordering::Relaxed) - before;
            println!(
                "  {total:>7} companies, {:>3} pages: peak {:>8.1} KiB above the start, {:>9.0} companies/s",
                total / PAGE,
                peak as f64 / 1024.0,
                total as f64 / seconds
            );
            peaks.push(peak as f64);
        }
        let ratio = peaks[1] / peaks[0];
        let verdict = if ratio <= 1.25 { "flat" } else { "GROWS" };
        println!("  peak ratio, 10× the pages: {ratio:.2} ({verdict}; goal ≤ 1.25)");
    });
}
