//! What an attacker would send, over raw TCP to the sandbox served by
//! `centiacrm_server::serve` with short limits: slow and stalled clients, idle
//! connections, truncated and oversized bodies. Each test checks the answer, and that a
//! normal call is answered next.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, Sandbox};
use centiacrm_server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use crate::common::bounded;

const HEADER_TIMEOUT: Duration = Duration::from_millis(400);
const BODY_TIMEOUT: Duration = Duration::from_millis(600);
/// How much later than its timeout a slow client may be answered or dropped.
const SLACK: Duration = Duration::from_millis(1500);

/// The tests that measure this process's memory run alone; the others that send large
/// bodies may run side by side (those bodies would count in a measurement).
pub(crate) static MEMORY: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// The sandbox, served as the binary serves it but with short times.
struct Target {
    addr: SocketAddr,
    task: JoinHandle<std::io::Result<()>>,
}

impl Target {
    async fn start() -> Self {
        let limits = Limits::default()
            .header_read_timeout(HEADER_TIMEOUT)
            .body_read_timeout(BODY_TIMEOUT)
            .request_timeout(Duration::from_secs(3));
        let router = Sandbox::new().router_with_limits(&limits);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            centiacrm_server::serve(listener, router)
                .limits(&limits)
                .await
        });
        Self { addr, task }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.expect("connect")
    }

    /// A login over a new connection answers 200, within a second.
    async fn assert_serves(&self) {
        let started = Instant::now();
        let body = format!(
            r#"{{"method":"Login","parameters":{{"email":"{DEMO_EMAIL}","password":"{DEMO_PASSWORD}"}}}}"#
        );
        let (status, _) = self.exchange(&post("/auth", &body)).await;
        assert_eq!(status, Some(200), "a normal call after the attack");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "a normal call took {:?}",
            started.elapsed()
        );
        assert!(!self.task.is_finished(), "the server stopped");
    }

    /// Sends `request` on a new connection; the answer's status and body.
    async fn exchange(&self, request: &[u8]) -> (Option<u16>, String) {
        let mut stream = self.connect().await;
        stream.write_all(request).await.expect("send");
        read_answer(&mut stream).await
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A POST with `body` and a right `Content-Length`.
pub(crate) fn post(path: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The status and body of one answer, or `None` when the connection closes without one.
pub(crate) async fn read_answer(stream: &mut TcpStream) -> (Option<u16>, String) {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => bytes.extend_from_slice(&chunk[..n]),
            Err(_) => panic!("no answer and no close within 10 s"),
        }
        if let Some(answer) = complete_answer(&bytes) {
            return answer;
        }
    }
    complete_answer(&bytes).unwrap_or((None, String::new()))
}

/// The status and body once `bytes` hold a whole answer with a `content-length`.
fn complete_answer(bytes: &[u8]) -> Option<(Option<u16>, String)> {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    (body.len() >= length).then(|| (status, body[..length].to_string()))
}

/// Whether the server closes `stream` within `within`, reading and dropping what it sends.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut chunk = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

/// The resident memory of this process (the server and the test), in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/self/status")
}

#[tokio::test]
async fn slow_headers_are_dropped_after_the_header_timeout() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let mut stream = target.connect().await;
        let started = Instant::now();
        // One byte of the request line every 100 ms, for longer than the timeout.
        let request = b"POST /auth HTTP/1.1\r\nHost: sandbox\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa";
        let mut closed = false;
        for byte in request {
            if stream.write_all(&[*byte]).await.is_err() {
                closed = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            if started.elapsed() > HEADER_TIMEOUT + SLACK {
                break;
            }
        }
        assert!(closed || closed_within(&mut stream, SLACK).await);
        assert!(
            started.elapsed() < HEADER_TIMEOUT + SLACK + Duration::from_millis(200),
            "dropped after {:?}",
            started.elapsed()
        );
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_header_timeout() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let mut idle = target.connect().await;
        let started = Instant::now();
        assert!(closed_within(&mut idle, HEADER_TIMEOUT + SLACK).await);
        assert!(started.elapsed() >= HEADER_TIMEOUT - Duration::from_millis(50));
        // And a kept-alive one, after its first answer.
        let body = r#"{"method":"GetProfiles"}"#;
        let mut kept = target.connect().await;
        kept.write_all(&post("/profiles", body)).await.unwrap();
        assert_eq!(read_answer(&mut kept).await.0, Some(401));
        assert!(closed_within(&mut kept, HEADER_TIMEOUT + SLACK).await);
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn a_slow_body_is_answered_408_after_the_body_timeout() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let mut stream = target.connect().await;
        stream
            .write_all(b"POST /auth HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 100\r\n\r\n{")
            .await
            .unwrap();
        let started = Instant::now();
        // A byte every 100 ms keeps the body coming, too slowly.
        let trickle = async {
            for _ in 0..50 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if stream.write_all(b" ").await.is_err() {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(BODY_TIMEOUT + Duration::from_millis(300), trickle).await;
        let (status, body) = read_answer(&mut stream).await;
        assert_eq!(status, Some(408), "{body}");
        assert!(body.contains(r#""code":"timeout""#), "{body}");
        assert!(started.elapsed() < BODY_TIMEOUT + SLACK);
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn a_stalled_chunked_body_is_answered_408() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let started = Instant::now();
        let mut stream = target.connect().await;
        stream
            .write_all(
                b"POST /auth HTTP/1.1\r\nHost: sandbox\r\nTransfer-Encoding: chunked\r\n\r\n\
                  5\r\n{\"met\r\n",
            )
            .await
            .unwrap();
        let (status, body) = read_answer(&mut stream).await;
        assert_eq!(status, Some(408), "{body}");
        assert!(started.elapsed() < BODY_TIMEOUT + SLACK);
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn a_truncated_body_is_a_400_not_a_413() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        // A Content-Length of 100, 24 bytes sent, then the client stops sending.
        let mut stream = target.connect().await;
        stream
            .write_all(b"POST /auth HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 100\r\n\r\n{\"method\":\"Login\",\"para")
            .await
            .unwrap();
        stream.shutdown().await.unwrap();
        let (status, body) = read_answer(&mut stream).await;
        assert_eq!(status, Some(400), "{body}");
        assert!(body.contains(r#""code":"malformed""#), "{body}");
        assert!(body.contains("truncated"), "{body}");
        // A broken chunked body likewise.
        let mut stream = target.connect().await;
        stream
            .write_all(b"POST /auth HTTP/1.1\r\nHost: sandbox\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"met")
            .await
            .unwrap();
        stream.shutdown().await.unwrap();
        assert_eq!(read_answer(&mut stream).await.0, Some(400));
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn only_a_body_over_the_limit_is_a_413() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        // Declared larger than the limit: answered before a byte of it is read.
        let declared = format!(
            "POST /auth HTTP/1.1\r\nHost: sandbox\r\nContent-Length: {}\r\n\r\n",
            2 << 20
        );
        let (status, body) = target.exchange(declared.as_bytes()).await;
        assert_eq!(status, Some(413), "{body}");
        assert!(body.contains(r#""code":"too_large""#), "{body}");
        // Chunked, without a length: cut at the limit.
        let mut stream = target.connect().await;
        stream
            .write_all(
                b"POST /auth HTTP/1.1\r\nHost: sandbox\r\nTransfer-Encoding: chunked\r\n\r\n",
            )
            .await
            .unwrap();
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..20 {
            let head = format!("{:x}\r\n", chunk.len());
            let sent = async {
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&chunk).await?;
                stream.write_all(b"\r\n").await
            };
            if sent.await.is_err() {
                break;
            }
        }
        assert_eq!(read_answer(&mut stream).await.0, Some(413));
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn idle_connections_and_stalled_uploads_neither_stop_calls_nor_hold_memory() {
    bounded(async {
        let _memory = MEMORY.write().await;
        let target = Target::start().await;
        target.assert_serves().await;
        let baseline = rss_kib();
        let mut idle = Vec::new();
        for _ in 0..1000 {
            idle.push(target.connect().await);
        }
        // 200 uploads that send half of a 1 MiB body, then stall.
        let half = vec![b' '; 512 * 1024];
        let mut stalled = Vec::new();
        for _ in 0..200 {
            let mut stream = target.connect().await;
            let head = format!(
                "POST /auth HTTP/1.1\r\nHost: sandbox\r\nContent-Length: {}\r\n\r\n",
                1 << 20
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            stream.write_all(&half).await.unwrap();
            stalled.push(stream);
        }
        // Calls go on meanwhile.
        target.assert_serves().await;
        let during = rss_kib();
        // Once the timeouts have passed, every one of them is answered or closed ...
        tokio::time::sleep(BODY_TIMEOUT.max(HEADER_TIMEOUT) + SLACK).await;
        for stream in idle.iter_mut().chain(stalled.iter_mut()) {
            assert!(closed_within(stream, Duration::from_millis(500)).await);
        }
        target.assert_serves().await;
        // ... and what they held is given back: less than a tenth of what was sent stays.
        let kept = rss_kib();
        give_back_free_memory();
        let after = rss_kib();
        let sent_kib = 200 * 512;
        let report = format!(
            "RSS: baseline {baseline} KiB, during {during} KiB, \
             after {kept} KiB ({after} KiB once the allocator gave back what is free)"
        );
        eprintln!("{report}");
        // While stalled, no upload holds more than the body limit.
        assert!(
            during.saturating_sub(baseline) < 200 * 1024 + 64 * 1024,
            "{report}"
        );
        assert!(
            after.saturating_sub(baseline) < sent_kib / 10 + 16 * 1024,
            "{report}"
        );
    })
    .await;
}

/// glibc keeps freed memory for reuse rather than return it to the system: trimming
/// first makes the resident size say what is still held.
fn give_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only releases free memory of glibc's own heap.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Sends `body` to `/{path}` (with `token` when given) over HTTP; the status, the
/// envelope's message and the answer's `x-request-id`.
async fn call(
    target: &Target,
    path: &str,
    token: Option<&str>,
    request_id: Option<&str>,
    body: String,
) -> (u16, String, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{}/{path}", target.addr))
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(id) = request_id {
        request = request.header("x-request-id", id);
    }
    let answer = request.send().await.expect("an answer");
    let status = answer.status().as_u16();
    let id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let envelope: serde_json::Value = answer.json().await.expect("a JSON envelope");
    let message = envelope["error"].as_str().unwrap_or_default().to_string();
    (status, message, id)
}

async fn token(target: &Target) -> String {
    let login = format!(
        r#"{{"method":"Login","parameters":{{"email":"{DEMO_EMAIL}","password":"{DEMO_PASSWORD}"}}}}"#
    );
    let answer = reqwest::Client::new()
        .post(format!("http://{}/auth", target.addr))
        .body(login)
        .send()
        .await
        .unwrap();
    let envelope: serde_json::Value = answer.json().await.unwrap();
    envelope["response"]["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn deep_nesting_is_a_quick_400_and_holds_no_memory() {
    bounded(async {
        let _memory = MEMORY.write().await;
        let target = Target::start().await;
        let token = token(&target).await;
        let depth = 400_000;
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let cases = [
            format!(
                r#"{{"method":"GetCompanies","parameters":{{"profile_id":1,"query":{nested}}}}}"#
            ),
            format!(r#"{{"method":"GetCompanies","parameters":{nested}}}"#),
            format!(r#"{{"method":{nested}}}"#),
            format!("{}{}", "{\"a\":".repeat(150_000), "}".repeat(150_000)),
        ];
        let baseline = rss_kib();
        for _ in 0..5 {
            for body in &cases {
                let started = Instant::now();
                let (status, message, _) =
                    call(&target, "companies", Some(&token), None, body.clone()).await;
                assert_eq!(status, 400, "{message}");
                assert!(message.len() <= 1024 * 4, "{} bytes", message.len());
                assert!(
                    started.elapsed() < Duration::from_secs(2),
                    "{:?}",
                    started.elapsed()
                );
            }
        }
        target.assert_serves().await;
        give_back_free_memory();
        let after = rss_kib();
        assert!(
            after.saturating_sub(baseline) < 32 * 1024,
            "RSS {baseline} KiB -> {after} KiB"
        );
    })
    .await;
}

#[tokio::test]
async fn huge_numbers_are_400s() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let token = token(&target).await;
        let digits = "9".repeat(900_000);
        for number in [
            "1e400",
            "-1e400",
            "123456789012345678901234567890",
            "1.5",
            &digits,
            "-0.0e-99999",
        ] {
            let started = Instant::now();
            let body =
                format!(r#"{{"method":"GetCompanies","parameters":{{"profile_id":{number}}}}}"#);
            let (status, message, _) = call(&target, "companies", Some(&token), None, body).await;
            assert!(
                status == 400 || status == 422,
                "{number:.20}: {status} {message}"
            );
            assert!(message.len() <= 4096, "{} bytes", message.len());
            assert!(started.elapsed() < Duration::from_secs(2));
        }
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn duplicate_keys_are_400s() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let cases = [
            r#"{"method":"Login","method":"GetProfiles"}"#.to_string(),
            format!(
                r#"{{"method":"Login","parameters":{{"email":"{DEMO_EMAIL}","email":"x@y.z","password":"{DEMO_PASSWORD}"}}}}"#
            ),
            format!(
                r#"{{"method":"Login","parameters":{{"email":"{DEMO_EMAIL}","password":"{DEMO_PASSWORD}"}},"parameters":{{}}}}"#
            ),
        ];
        for body in cases {
            let (status, message, _) = call(&target, "auth", None, None, body.clone()).await;
            assert_eq!(status, 400, "{body}: {message}");
            assert!(message.contains("duplicate"), "{body}: {message}");
        }
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn a_body_declared_as_not_json_is_a_400() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let login = format!(
            r#"{{"method":"Login","parameters":{{"email":"{DEMO_EMAIL}","password":"{DEMO_PASSWORD}"}}}}"#
        );
        // What a cross-site form or `curl -d` without a header sends.
        for content_type in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonx",
            "json",
        ] {
            let request = format!(
                "POST /auth HTTP/1.1\r\nHost: sandbox\r\nContent-Type: {content_type}\r\n\
                 Content-Length: {}\r\n\r\n{login}",
                login.len()
            );
            let (status, body) = target.exchange(request.as_bytes()).await;
            assert_eq!(status, Some(400), "{content_type}: {body}");
            assert!(body.contains("\"code\":\"malformed\""), "{content_type}: {body}");
            assert!(
                body.contains(&format!("the Content-Type is `{content_type}`")),
                "{content_type}: {body}"
            );
        }
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn hostile_method_names_are_quoted_cut_and_escaped() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let huge = "M".repeat(1_000_000);
        let names = [
            "Login\n2030-01-01 INFO forged: admin logged in\u{1b}[31m",
            "\u{202e}nigoL",
            "Login\u{0}",
            "`; DROP TABLE`",
            huge.as_str(),
        ];
        for name in names {
            let body = serde_json::json!({ "method": name }).to_string();
            let (status, message, _) = call(&target, "auth", None, None, body).await;
            assert_eq!(status, 404, "{message}");
            assert!(message.starts_with("unknown method `"), "{message}");
            assert!(
                message.chars().count() < 64 + 60,
                "{} chars",
                message.chars().count()
            );
            assert!(
                !message.chars().any(|c| c.is_control() || c == '\u{202e}'),
                "{message:?}"
            );
        }
        // The huge one says how long it was.
        let body = serde_json::json!({ "method": huge }).to_string();
        let (_, message, _) = call(&target, "auth", None, None, body).await;
        assert!(message.contains("(1000000 bytes)"), "{message}");
        // An unknown namespace's path is not echoed beyond the limit either.
        let path = "p".repeat(10_000);
        let (status, message, _) = call(&target, &path, None, None, "{}".into()).await;
        assert_eq!(status, 404);
        assert!(message.len() < 200, "{message}");
        target.assert_serves().await;
    })
    .await;
}

#[tokio::test]
async fn request_ids_too_long_or_malformed_are_replaced() {
    bounded(async {
        let _memory = MEMORY.read().await;
        let target = Target::start().await;
        let body = r#"{"method":"GetProfiles"}"#;
        let plain = "req-1.2_3:4";
        let (_, _, echoed) = call(&target, "profiles", None, Some(plain), body.into()).await;
        assert_eq!(echoed, plain);
        let longest = "a".repeat(128);
        let (_, _, echoed) = call(&target, "profiles", None, Some(&longest), body.into()).await;
        assert_eq!(echoed, longest);
        for hostile in [
            "a".repeat(129),
            "r".repeat(300 * 1024),
            "a b".into(),
            "\"quoted\"".into(),
            "é".into(),
            String::new(),
        ] {
            let (status, _, echoed) =
                call(&target, "profiles", None, Some(&hostile), body.into()).await;
            assert_eq!(status, 401);
            assert_ne!(echoed, hostile);
            assert_eq!(echoed.len(), 36, "a new UUID, not {:.40}", echoed);
        }
        // A fallback's answer carries a checked id as well.
        let (status, _, echoed) = call(
            &target,
            "nowhere",
            None,
            Some(&"x".repeat(5000)),
            "{}".into(),
        )
        .await;
        assert_eq!((status, echoed.len()), (404, 36));
        target.assert_serves().await;
    })
    .await;
}
