//! The wire format of one call, without any HTTP: the request body a method sends and the
//! reading of the answer. The transport uses it; so can a caller with its own transport.

use centiacrm_types::{ApiMethod, ErrorCode};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::Error;
use crate::error::body_start;

/// The request body: `{"method": ..., "parameters": {...}}`.
#[derive(Serialize)]
struct RequestBody<'a, P> {
    method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<&'a P>,
}

/// The response body; `response` stays raw until `success` says how to read it.
#[derive(Deserialize)]
struct Envelope<'a> {
    success: bool,
    #[serde(borrow, default)]
    response: Option<&'a RawValue>,
    #[serde(default)]
    error: Option<serde_json::Value>,
    /// Kept raw: a missing code, or one that is not a string, fails nothing.
    #[serde(borrow, default)]
    code: Option<&'a RawValue>,
}

/// The JSON body of a call to `M`: `{"method": ..., "parameters": ...}`, without
/// `parameters` for a method that takes none.
pub fn encode_request<M: ApiMethod>(params: &M::Params) -> Result<Vec<u8>, Error> {
    let body = RequestBody {
        method: M::NAME,
        parameters: M::HAS_PARAMS.then_some(params),
    };
    serde_json::to_vec(&body).map_err(|source| Error::Encode {
        namespace: M::NAMESPACE,
        method: M::NAME,
        source,
        request_id: None,
    })
}

/// A decoded success: the typed response, and the token it carries for methods that issue one.
#[derive(Debug)]
pub struct Decoded<R> {
    pub response: R,
    pub token: Option<String>,
}

/// Reads the envelope whatever the HTTP status, then the typed response.
pub fn decode_response<M: ApiMethod>(
    status: u16,
    body: &[u8],
) -> Result<Decoded<M::Response>, Error> {
    let (namespace, method) = (M::NAMESPACE, M::NAME);
    let decode_error = |reason: String| Error::Decode {
        namespace,
        method,
        status,
        reason,
        body_start: body_start(body),
        headers: Box::default(),
        request_id: None,
    };
    let envelope: Envelope = centiacrm_types::wire::object_from_slice(body)
        .map_err(|e| decode_error(format!("not a {{success, response, error}} envelope: {e}")))?;
    if !envelope.success {
        let message = match envelope.error {
            Some(serde_json::Value::String(message)) => message,
            Some(serde_json::Value::Null) | None => {
                "(the server gave no error message)".to_string()
            }
            Some(other) => other.to_string(),
        };
        let code = envelope
            .code
            .and_then(|raw| serde_json::from_str::<std::borrow::Cow<'_, str>>(raw.get()).ok())
            .map(|code| ErrorCode::from(code.as_ref()));
        return Err(Error::Api {
            namespace,
            method,
            status,
            code,
            message,
            headers: Box::default(),
            request_id: None,
        });
    }
    let raw = envelope.response.map_or("null", RawValue::get);
    let response = decode_one_or_array::<M::Response>(raw)
        .or_else(|strict| decode_integral_floats(raw).unwrap_or(Err(strict)))
        .map_err(|e| decode_error(format!("`response`: {e}")))?;
    let token = match M::TOKEN_FIELD {
        Some(field) => {
            let value: serde_json::Value =
                decode_one_or_array(raw).map_err(|e| decode_error(e.to_string()))?;
            value
                .get(field)
                .and_then(|t| t.as_str())
                .map(str::to_string)
        }
        None => None,
    };
    Ok(Decoded { response, token })
}

/// Decodes `raw` again with every integral float (`1.0`, `2e3`) written as an integer, when
/// it has any: JSON Schema counts them as integers, serde's `i64` does not. Only tried after a
/// strict decode failed, so well-formed answers cost nothing extra; `1.5` still fails. The
/// server reads requests the same way. `None` if there is nothing to rewrite.
fn decode_integral_floats<T: serde::de::DeserializeOwned>(
    raw: &str,
) -> Option<Result<T, serde_json::Error>> {
    let mut value: serde_json::Value = serde_json::from_str(raw).ok()?;
    if !centiacrm_types::wire::integral_floats_as_integers(&mut value) {
        return None;
    }
    Some(centiacrm_types::wire::from_one_or_array(value))
}

/// The reference types `response` as `object[]`: accept an object or a one-element array.
fn decode_one_or_array<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, serde_json::Error> {
    if raw.trim_start().starts_with('[') {
        let mut items: Vec<T> = serde_json::from_str(raw)?;
        if items.len() != 1 {
            return Err(serde::de::Error::custom(format!(
                "expected an object or an array of one, found an array of {}",
                items.len()
            )));
        }
        Ok(items.remove(0))
    } else {
        serde_json::from_str(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(body: &str) -> Error {
        decode_response::<centiacrm_types::profiles::GetProfiles>(422, body.as_bytes())
            .expect_err("a failure")
    }

    #[test]
    fn the_code_is_read_and_never_fails_the_decoding() {
        let code = |body: &str| failure(body).code().cloned();
        let with = |code: &str| format!(r#"{{"success": false, "error": "no", "code": {code}}}"#);
        assert_eq!(
            code(&with(r#""unknown_record""#)),
            Some(ErrorCode::UnknownRecord)
        );
        assert_eq!(code(&with(r#""rule_broken""#)), Some(ErrorCode::RuleBroken));
        // A newer server's code is kept as it came.
        let newer = ErrorCode::Other("quota_exceeded".into());
        assert_eq!(code(&with(r#""quota_exceeded""#)), Some(newer));
        // Missing, null or not a string: no code, and still the server's message.
        for body in [
            r#"{"success": false, "error": "no"}"#.to_string(),
            with("null"),
            with("42"),
            with(r#"{"nested": true}"#),
        ] {
            let err = failure(&body);
            assert_eq!(
                (err.code(), err.api_message()),
                (None, Some("no")),
                "{body}"
            );
        }
    }

    #[test]
    fn body_start_is_short_and_safe() {
        let long = "é".repeat(1000);
        let start = body_start(long.as_bytes());
        assert!(start.chars().count() <= 201 && start.ends_with('…'));
        assert_eq!(body_start(b"<html>"), "<html>");
    }
}
