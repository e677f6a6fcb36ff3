//! The HTTP layer as a whole: raw request bytes into hyper over an in-memory stream,
//! serving the generated `Server`'s router on a fresh sandbox, and what comes back checked.

use std::time::Duration;

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Replaced in the input by a token the sandbox issued, so that authenticated calls
/// reach the handlers.
pub const TOKEN_PLACEHOLDER: &[u8] = b"$TOKEN";

/// Longer than any answer of the sandbox takes; reaching it means a hang.
const DEADLINE: Duration = Duration::from_secs(10);

/// Any bytes sent on one connection: every answer is a well-formed HTTP/1.x response
/// that is not a 5xx (the router turns a panicking handler into a 500), or the
/// connection is closed cleanly without one; the exchange ends, never hangs.
pub fn http_layer(data: &[u8]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime");
    let answer = runtime.block_on(async {
        let sandbox = centiacrm_sandbox::Sandbox::new();
        let request = with_token(data, &login(&sandbox).await);
        tokio::time::timeout(DEADLINE, exchange(sandbox.router(), &request))
            .await
            .unwrap_or_else(|_| panic!("no answer and no close within {DEADLINE:?}"))
    });
    check_answers(&answer);
}

/// A token for the demo account, through the router itself.
async fn login(sandbox: &centiacrm_sandbox::Sandbox) -> String {
    let body = serde_json::json!({
        "method": "Login",
        "parameters": {
            "email": centiacrm_sandbox::DEMO_EMAIL,
            "password": centiacrm_sandbox::DEMO_PASSWORD,
        },
    })
    .to_string();
    let request = format!(
        "POST /auth HTTP/1.1\r\nhost: sandbox\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = exchange(sandbox.router(), request.as_bytes()).await;
    let text = String::from_utf8_lossy(&answer);
    let (_, body) = text.split_once("\r\n\r\n").expect("a login answer");
    let envelope: serde_json::Value = serde_json::from_str(body).expect("a JSON login answer");
    envelope["response"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in the login answer: {text}"))
        .to_string()
}

fn with_token(data: &[u8], token: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    while let Some(at) = rest
        .windows(TOKEN_PLACEHOLDER.len())
        .position(|w| w == TOKEN_PLACEHOLDER)
    {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(token.as_bytes());
        rest = &rest[at + TOKEN_PLACEHOLDER.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Sends `request` on one in-memory connection served by `router`, closes the sending
/// side, and reads until the server closes. Writing and reading go on together, so that
/// a long answer cannot fill the stream while the request is still being written.
async fn exchange(router: axum::Router, request: &[u8]) -> Vec<u8> {
    let (client, server) = tokio::io::duplex(64 * 1024);
    let connection = hyper::server::conn::http1::Builder::new()
        // A client that closes its sending side after the request still gets the answer.
        .half_close(true)
        .serve_connection(TokioIo::new(server), TowerToHyperService::new(router));
    let (mut reader, mut writer) = tokio::io::split(client);
    let write = async {
        // The server may close first (on a malformed request): the rest is not sent.
        let _ = writer.write_all(request).await;
        let _ = writer.shutdown().await;
    };
    let read = async {
        let mut answer = Vec::new();
        // A reset after a malformed request ends the answer like a close.
        let _ = reader.read_to_end(&mut answer).await;
        answer
    };
    // hyper reports a malformed request as an error after answering it (400, 431, ...).
    let (_, (), answer) = tokio::join!(connection, write, read);
    answer
}

/// Every response head in `answer`: each parses, none is a 5xx. A head starts the answer
/// or follows a CRLF; bodies are the server's JSON, where a CR or LF is always escaped, and
/// header values cannot hold one, so no body or header is mistaken for a head.
fn check_answers(answer: &[u8]) {
    if answer.is_empty() {
        return;
    }
    assert!(
        answer.starts_with(b"HTTP/1."),
        "the answer is not HTTP/1.x: {:?}",
        String::from_utf8_lossy(&answer[..answer.len().min(200)])
    );
    let mut heads = vec![0];
    heads.extend(
        answer
            .windows(9)
            .enumerate()
            .filter(|(_, w)| w == b"\r\nHTTP/1.")
            .map(|(i, _)| i + 2),
    );
    for at in heads {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(&answer[at..]) {
            Ok(httparse::Status::Complete(_)) => {}
            other => panic!(
                "a malformed response head at byte {at} ({other:?}): {:?}",
                String::from_utf8_lossy(&answer[at..answer.len().min(at + 300)])
            ),
        }
        let status = response.code.expect("a complete head has a status");
        assert!(
            status < 500,
            "answered {status}: {}",
            String::from_utf8_lossy(&answer[at..answer.len().min(at + 600)])
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer_to(request: &[u8]) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let answer = runtime.block_on(async {
            let sandbox = centiacrm_sandbox::Sandbox::new();
            let request = with_token(request, &login(&sandbox).await);
            exchange(sandbox.router(), &request).await
        });
        String::from_utf8(answer).unwrap()
    }

    #[test]
    fn the_placeholder_token_reaches_authenticated_handlers() {
        let body = r#"{"method":"GetProfiles"}"#;
        let request = format!(
            "POST /profiles HTTP/1.1\r\nhost: s\r\nauthorization: Bearer $TOKEN\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        );
        let answer = answer_to(request.as_bytes());
        assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
        assert!(answer.contains(r#""success":true"#), "{answer}");
        // Two requests on one connection, two answers.
        let twice = answer_to(format!("{request}{request}").as_bytes());
        assert_eq!(twice.matches("HTTP/1.1 200 ").count(), 2, "{twice}");
    }

    #[test]
    #[should_panic(expected = "answered 500")]
    fn a_server_error_is_a_finding() {
        check_answers(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\nHTTP/1.1 500 Internal\r\n\r\n");
    }

    #[test]
    #[should_panic(expected = "not HTTP/1.x")]
    fn an_answer_that_is_not_http_is_a_finding() {
        check_answers(b"<html>");
    }

    #[test]
    fn a_close_without_an_answer_is_clean() {
        check_answers(b"");
        check_answers(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
    }
}
