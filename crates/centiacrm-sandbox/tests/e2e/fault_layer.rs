//! The fault layer over plain HTTP: each kind of fault, the rates of a seeded run, and
//! `x-request-id` on every answer.

use std::time::{Duration, Instant};

use centiacrm_sandbox::Sandbox;
use centiacrm_sandbox::faults::{self, Fault, Faults, RunningSandbox};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{Served, bounded};

const LOGIN: &str =
    r#"{"method":"Login","parameters":{"email":"demo@centiacrm.test","password":"demo1234"}}"#;

async fn start(faults: &str) -> RunningSandbox {
    let faults: Faults = faults.parse().expect("valid faults");
    faults::serve(Sandbox::new(), faults)
        .await
        .expect("the sandbox starts")
}

/// One request; `id` goes in `x-request-id` when given.
async fn post(
    http: &reqwest::Client,
    url: &str,
    id: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::Result<reqwest::Response> {
    let mut request = http
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(id) = id {
        request = request.header("x-request-id", id);
    }
    request.send().await
}

fn request_id(answer: &reqwest::Response) -> String {
    answer
        .headers()
        .get("x-request-id")
        .unwrap_or_else(|| panic!("an x-request-id on the {} answer", answer.status()))
        .to_str()
        .expect("an ASCII id")
        .to_string()
}

/// The status and the envelope of an answer, checking that it is a failure envelope.
async fn failure(answer: reqwest::Response) -> (u16, String) {
    let status = answer.status().as_u16();
    let envelope: Value = answer.json().await.expect("a JSON envelope");
    assert_eq!(envelope["success"], json!(false), "{envelope}");
    assert_eq!(envelope["response"], Value::Null, "{envelope}");
    let message = envelope["error"].as_str().expect("a message").to_string();
    (status, message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_a_request_id() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let base = format!("http://{}", served.addr);
        let http = reqwest::Client::new();
        let big = vec![b' '; centiacrm_server::DEFAULT_BODY_LIMIT + 10];
        let cases: [(&str, Vec<u8>, u16); 5] = [
            ("/auth", LOGIN.into(), 200),
            ("/profiles", br#"{"method":"GetProfiles"}"#.to_vec(), 401),
            ("/nowhere", b"{}".to_vec(), 404),
            ("/companies", b"not json".to_vec(), 400),
            ("/companies", big, 413),
        ];
        for (n, (path, body, status)) in cases.into_iter().enumerate() {
            let url = format!("{base}{path}");
            // The request's id comes back as is ...
            let id = format!("test-{n}");
            let answer = post(&http, &url, Some(&id), body.clone()).await.unwrap();
            assert_eq!(answer.status().as_u16(), status, "{path}");
            assert_eq!(request_id(&answer), id, "{path}");
            // ... and a request without one gets a new one, different each time.
            let first = request_id(&post(&http, &url, None, body.clone()).await.unwrap());
            let second = request_id(&post(&http, &url, None, body).await.unwrap());
            assert!(!first.is_empty() && first != second, "{first} {second}");
        }
        // Not a POST: 405, with an id too.
        let answer = http.get(format!("{base}/auth")).send().await.unwrap();
        assert_eq!(answer.status().as_u16(), 405);
        request_id(&answer);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_is_an_envelope_and_the_api_is_not_called() {
    bounded(async {
        let running = start("503=1").await;
        let http = reqwest::Client::new();
        let url = format!("{}/auth", running.base_url());
        let answer = post(&http, &url, Some("r-503"), LOGIN).await.unwrap();
        assert_eq!(request_id(&answer), "r-503");
        let (status, message) = failure(answer).await;
        assert_eq!(status, 503);
        assert!(message.contains("unavailable"), "{message}");
        // The login never reached the sandbox.
        assert_eq!(running.sandbox().session_count(), 0);
        assert_eq!(running.faults().injected(Fault::Unavailable), 1);
        let calls = running.faults().calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].method.as_deref(), Some("Login"));
        assert_eq!(calls[0].path, "/auth");
        assert_eq!(calls[0].request_id.as_deref(), Some("r-503"));
        assert_eq!(calls[0].fault, Some(Fault::Unavailable));
        assert_eq!(calls[0].body, LOGIN.as_bytes());
        running.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_says_when_to_retry() {
    bounded(async {
        let running = start("429=100%,retry-after=3s").await;
        let http = reqwest::Client::new();
        let answer = post(&http, &format!("{}/auth", running.base_url()), None, LOGIN)
            .await
            .unwrap();
        assert_eq!(answer.headers()["retry-after"], "3");
        request_id(&answer);
        let (status, message) = failure(answer).await;
        assert_eq!(status, 429);
        assert!(message.contains("retry after 3 s"), "{message}");
        assert_eq!(running.sandbox().session_count(), 0);
        assert_eq!(running.faults().injected(Fault::TooManyRequests), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_gets_no_answer() {
    bounded(async {
        let running = start("drop=1").await;
        // Over plain TCP: the request goes out whole, and not one byte comes back.
        let mut stream = tokio::net::TcpStream::connect(running.addr()).await.unwrap();
        let request = format!(
            "POST /auth HTTP/1.1\r\nhost: sandbox\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{LOGIN}",
            LOGIN.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        // A reset instead of a clean close is no answer either.
        let _ = stream.read_to_end(&mut answer).await;
        assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));

        // Through an HTTP client: an error without a status.
        let http = reqwest::Client::new();
        let err = post(&http, &format!("{}/auth", running.base_url()), None, LOGIN)
            .await
            .unwrap_err();
        assert_eq!(err.status(), None, "{err:?}");

        assert_eq!(running.faults().injected(Fault::Dropped), 2);
        assert_eq!(running.sandbox().session_count(), 0);
        assert!(
            running
                .faults()
                .calls()
                .iter()
                .all(|c| c.fault == Some(Fault::Dropped))
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_the_answer() {
    bounded(async {
        let running = start("latency=40ms@1").await;
        let http = reqwest::Client::new();
        let url = format!("{}/auth", running.base_url());
        for _ in 0..3 {
            let began = Instant::now();
            let answer = post(&http, &url, None, LOGIN).await.unwrap();
            assert!(began.elapsed() >= Duration::from_millis(40));
            // Only delayed: the login goes through.
            assert_eq!(answer.status(), 200);
        }
        assert_eq!(running.faults().injected(Fault::Latency), 3);
        assert_eq!(running.sandbox().session_count(), 3);
        assert!(running.faults().calls().iter().all(|c| c.fault.is_none()));
    })
    .await;
}

/// The faults met by `count` requests sent one after another, in order.
async fn seeded_run(faults: &str, count: usize) -> Vec<Option<Fault>> {
    let running = start(faults).await;
    let http = reqwest::Client::new();
    let url = format!("{}/profiles", running.base_url());
    for _ in 0..count {
        // 401s and 503s, 429s or dropped connections: all that matters is what the
        // layer decided.
        let _ = post(&http, &url, None, r#"{"method":"GetProfiles"}"#).await;
    }
    let calls = running.faults().calls();
    assert_eq!(calls.len(), count);
    let outcomes: Vec<Option<Fault>> = calls.iter().map(|c| c.fault).collect();
    for fault in [Fault::Unavailable, Fault::TooManyRequests, Fault::Dropped] {
        let met = outcomes.iter().filter(|&&f| f == Some(fault)).count() as u64;
        assert_eq!(running.faults().injected(fault), met, "{fault:?}");
    }
    running.stop().await;
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seeded_run_meets_the_rates_and_repeats() {
    bounded(async {
        const N: usize = 400;
        let spec = "503=0.2,429=0.1,retry-after=0s,drop=0.05,seed=42";
        let outcomes = seeded_run(spec, N).await;
        let share =
            |fault| outcomes.iter().filter(|&&f| f == Some(fault)).count() as f64 / N as f64;
        // Binomial: N = 400 gives a standard deviation of at most 0.025, so these
        // bounds (about 3 of them) fail only when the rates are wrong.
        assert!(
            (share(Fault::Unavailable) - 0.2).abs() < 0.07,
            "{}",
            share(Fault::Unavailable)
        );
        assert!(
            (share(Fault::TooManyRequests) - 0.1).abs() < 0.05,
            "{}",
            share(Fault::TooManyRequests)
        );
        assert!(
            (share(Fault::Dropped) - 0.05).abs() < 0.04,
            "{}",
            share(Fault::Dropped)
        );
        assert_eq!(share(Fault::TokenExpired), 0.0);

        // The same seed gives the same faults in the same order; another seed does not.
        assert_eq!(seeded_run(spec, N).await, outcomes);
        let other = seeded_run(&spec.replace("seed=42", "seed=43"), N).await;
        assert_ne!(other, outcomes);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_expires_after_its_ttl() {
    bounded(async {
        let running = start("token-ttl=300ms").await;
        let http = reqwest::Client::new();
        let base = running.base_url();
        let login = || async {
            let answer = post(&http, &format!("{base}/auth"), None, LOGIN)
                .await
                .unwrap();
            assert_eq!(answer.status(), 200);
            let envelope: Value = answer.json().await.unwrap();
            envelope["response"]["token"].as_str().unwrap().to_string()
        };
        let profiles = |token: String| {
            http.post(format!("{base}/profiles"))
                .bearer_auth(token)
                .body(r#"{"method":"GetProfiles"}"#)
                .send()
        };
        let token = login().await;
        assert_eq!(profiles(token.clone()).await.unwrap().status(), 200);
        tokio::time::sleep(Duration::from_millis(350)).await;
        let answer = profiles(token.clone()).await.unwrap();
        request_id(&answer);
        let (status, message) = failure(answer).await;
        assert_eq!(status, 401);
        assert!(message.contains("expired"), "{message}");
        // It stays expired; a new login gives a token that works.
        assert_eq!(profiles(token).await.unwrap().status(), 401);
        let fresh = login().await;
        assert_eq!(profiles(fresh).await.unwrap().status(), 200);
        assert_eq!(running.faults().injected(Fault::TokenExpired), 2);
        // Expiry does not count as any other fault.
        assert_eq!(running.faults().injected(Fault::Unavailable), 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_sandbox_refuses_connections() {
    bounded(async {
        let running = start("seed=1").await;
        let addr = running.addr();
        tokio::net::TcpStream::connect(addr).await.unwrap();
        running.stop().await;
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    })
    .await;
}

/// The binary's setup: a fault layer that records nothing, so bodies are only read when
/// the API or the fault reads them, served by `centiacrm_server::serve`.
async fn serve_unrecorded(
    faults: &str,
) -> (
    std::net::SocketAddr,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let layer = centiacrm_sandbox::faults::FaultLayer::new(faults.parse().expect("valid faults"));
    let router = Sandbox::new().router_with_faults(&layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (
        addr,
        tokio::spawn(async move { centiacrm_server::serve(listener, router).await }),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_faults_break_no_next_request() {
    use crate::adversarial::{post as raw_post, read_answer};
    bounded(async {
        let _memory = crate::adversarial::MEMORY.read().await;
        let (addr, server) = serve_unrecorded("503=30%,429=30%,retry-after=0s,seed=5").await;
        // Each request with a body of 256 KiB, more than the server reads with the headers,
        // all on one kept-alive connection: a fault that left its body unread would break
        // the connection under the next request.
        let padding = " ".repeat(256 * 1024);
        let body = format!(
            r#"{{"method":"Login","parameters":{{"email":"demo@centiacrm.test","password":"demo1234"}}{padding}}}"#
        );
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut answered, mut faults, mut broken) = (0, 0, 0);
        for _ in 0..100 {
            if stream.write_all(&raw_post("/auth", &body)).await.is_err() {
                broken += 1;
                stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                continue;
            }
            match read_answer(&mut stream).await.0 {
                Some(200) => answered += 1,
                Some(429 | 503) => faults += 1,
                other => {
                    broken += 1;
                    eprintln!("answer {other:?}");
                    stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                }
            }
        }
        assert_eq!(broken, 0, "{answered} answered, {faults} faults");
        assert!(faults >= 30, "{faults} faults injected of 100");
        server.abort();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_with_an_authorization_header_gets_an_expiring_token_too() {
    bounded(async {
        let running = start("token-ttl=200ms").await;
        let http = reqwest::Client::new();
        let base = running.base_url();
        let answer = http
            .post(format!("{base}/auth"))
            .bearer_auth("a-stale-token")
            .body(LOGIN)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let token = answer.json::<Value>().await.unwrap()["response"]["token"]
            .as_str()
            .unwrap()
            .to_string();
        let profiles = || {
            http.post(format!("{base}/profiles"))
                .bearer_auth(&token)
                .body(r#"{"method":"GetProfiles"}"#)
                .send()
        };
        assert_eq!(profiles().await.unwrap().status(), 200);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let (status, message) = failure(profiles().await.unwrap()).await;
        assert_eq!(
            (status, message.contains("expired")),
            (401, true),
            "{message}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_keeps_no_body_over_the_limit_and_sessions_expire() {
    bounded(async {
        let _memory = crate::adversarial::MEMORY.read().await;
        let running = start("token-ttl=100ms").await;
        let http = reqwest::Client::new();
        let base = running.base_url();
        // A body over the API's limit is answered 413 and not kept.
        let big = format!(
            r#"{{"method":"Login","parameters":{{"email":"{}"}}}}"#,
            "a".repeat(3 << 20)
        );
        let answer = post(&http, &format!("{base}/auth"), None, big)
            .await
            .unwrap();
        assert_eq!(answer.status(), 413);
        assert!(
            running
                .faults()
                .calls()
                .iter()
                .all(|call| call.body.len() <= 1 << 20)
        );
        // Tokens expired for a whole TTL more are forgotten, their sessions closed.
        for _ in 0..5 {
            assert_eq!(
                post(&http, &format!("{base}/auth"), None, LOGIN)
                    .await
                    .unwrap()
                    .status(),
                200
            );
        }
        assert_eq!(running.sandbox().session_count(), 5);
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(
            post(&http, &format!("{base}/auth"), None, LOGIN)
                .await
                .unwrap()
                .status(),
            200
        );
        assert_eq!(running.sandbox().session_count(), 1);
    })
    .await;
}
