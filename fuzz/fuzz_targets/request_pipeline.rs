//! Any body and Authorization header through the server's request pipeline, decoding the
//! parameters of every method strictly: a 4xx error or typed parameters, never a panic.
#![no_main]

use axum::http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
use centiacrm_server::{Call, DEFAULT_BODY_LIMIT};
use centiacrm_types::{ApiMethod, MethodVisitor};
use libfuzzer_sys::fuzz_target;

struct DecodeAll<'a>(&'a Call<'a>);

impl MethodVisitor for DecodeAll<'_> {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        if let Err(err) = self.0.params::<M::Params>() {
            assert!(err.status.is_client_error(), "{err}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first bytes, up to a newline, are the Authorization header; the rest the body.
    let (header, body) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(header) {
        headers.insert(AUTHORIZATION, value);
    }
    match Call::parse("companies", &headers, body, DEFAULT_BODY_LIMIT) {
        Ok(call) => centiacrm_types::visit_methods(&mut DecodeAll(&call)),
        Err(err) => assert!(err.status.is_client_error(), "{err}"),
    }
});
