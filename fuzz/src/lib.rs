//! The bodies of the fuzz targets, one function each, so that they are ordinary code of the
//! workspace: `cargo check`, clippy and `cargo test` build them on a stable toolchain, and
//! an API change that breaks a target fails there, not only under `cargo fuzz`.
//!
//! Each function panics on a finding and returns on any input that is handled as it must be.

mod http;
pub mod replay;

pub use http::{TOKEN_PLACEHOLDER, http_layer};

use centiacrm_server::{Call, DEFAULT_BODY_LIMIT};
use centiacrm_types::wire::UnknownKeys;
use centiacrm_types::{ApiMethod, MethodVisitor};

/// Any text as a spec: an error report or a model that generates, never a panic.
pub fn spec_loader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // Files the text names are looked up in the fixtures folder, which holds only specs.
    let base = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../xtask/tests/specs/good"
    ));
    match xtask::spec::load_text("fuzz.yaml", &text, base) {
        Ok(api) => {
            // One layout is enough: layouts differ only in the paths they write to.
            if let Err(err) = xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[1]) {
                panic!("the spec validated, the generator failed: {err}");
            }
        }
        Err(report) => assert!(report.render().contains("error"), "an empty report"),
    }
}

/// Any body and Authorization header through the server's envelope parsing and the strict
/// parameter decoding of every method, under both `unknown_keys` settings: a 4xx error
/// or typed parameters, never a panic.
///
/// The first bytes, up to a newline, are the Authorization header; the rest the body.
pub fn request_pipeline(data: &[u8]) {
    let (header, body) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    let mut headers = axum::http::HeaderMap::new();
    if let Ok(value) = axum::http::HeaderValue::from_bytes(header) {
        headers.insert(axum::http::header::AUTHORIZATION, value);
    }
    for unknown_keys in [UnknownKeys::Reject, UnknownKeys::Ignore] {
        match Call::parse(
            "companies",
            &headers,
            body,
            DEFAULT_BODY_LIMIT,
            unknown_keys,
        ) {
            Ok(call) => centiacrm_types::visit_methods(&mut DecodeParams(&call)),
            Err(err) => assert!(err.status.is_client_error(), "{err}"),
        }
    }
}

struct DecodeParams<'a>(&'a Call<'a>);

impl MethodVisitor for DecodeParams<'_> {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        if let Err(err) = self.0.params::<M::Params>() {
            assert!(err.status.is_client_error(), "{}: {err}", M::NAME);
        }
    }
}

/// Any answer to any method through the client's decoder: a typed response or an error
/// that names the method, never a panic.
///
/// A first line of three digits is the HTTP status; otherwise the status is 200 and every
/// byte is the body.
pub fn client_decoder(data: &[u8]) {
    let (status, body) = match data.split_first_chunk::<4>() {
        Some((&[a, b, c, b'\n'], body)) if [a, b, c].iter().all(u8::is_ascii_digit) => {
            let digit = |d: u8| u16::from(d - b'0');
            (digit(a) * 100 + digit(b) * 10 + digit(c), body)
        }
        _ => (200, data),
    };
    centiacrm_types::visit_methods(&mut DecodeAnswer { status, body });
}

struct DecodeAnswer<'a> {
    status: u16,
    body: &'a [u8],
}

impl MethodVisitor for DecodeAnswer<'_> {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        use centiacrm_client::Error;
        match centiacrm_client::codec::decode_response::<M>(self.status, self.body) {
            Ok(_) => {}
            Err(Error::Api { method, .. } | Error::Decode { method, .. }) => {
                assert_eq!(method, M::NAME);
            }
            Err(other) => panic!("decoding gave {other}"),
        }
    }
}
