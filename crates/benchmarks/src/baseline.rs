//! The hand-written baseline: what a person would write for GetCompanies and GetProfiles
//! over the same sandbox, without the generator.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use centiacrm_sandbox::Sandbox;
use centiacrm_server::{ApiError, Authenticate, Companies, Context, Profiles};
use centiacrm_types::companies::GetCompaniesParams;
use serde::{Deserialize, Serialize};

/// `POST /companies` and `POST /profiles`, hand-written.
pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/companies", axum::routing::post(hand_written))
        .route("/profiles", axum::routing::post(hand_written))
        .with_state(sandbox)
}

#[derive(Serialize)]
struct HandSuccess<'a, T> {
    success: bool,
    response: &'a T,
    error: Option<()>,
}

fn success<T: Serialize>(response: &T) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&HandSuccess {
        success: true,
        response,
        error: None,
    })
}

#[derive(Deserialize)]
struct HandRequest {
    method: String,
    #[serde(default)]
    parameters: Option<GetCompaniesParams>,
}

/// What a person would write for GetCompanies and GetProfiles without the generator.
pub async fn hand_written(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let failure = |status: u16, message: &str| {
        let body = serde_json::json!({ "success": false, "response": null, "error": message });
        (
            axum::http::StatusCode::from_u16(status).unwrap(),
            body.to_string(),
        )
            .into_response()
    };
    let Ok(request) = serde_json::from_slice::<HandRequest>(&body) else {
        return failure(400, "bad request");
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "));
    let Some(principal) = (match token {
        Some(token) => sandbox.authenticate(token).await,
        None => None,
    }) else {
        return failure(401, "unauthorized");
    };
    let ctx = Context::new(principal);
    let body = match (request.method.as_str(), request.parameters) {
        ("GetCompanies", Some(params)) => {
            match Companies::get_companies(&sandbox, &ctx, params).await {
                Ok(response) => success(&response),
                Err(err) => {
                    let err = ApiError::from(err);
                    return failure(err.status.as_u16(), &err.message);
                }
            }
        }
        ("GetProfiles", _) => match Profiles::get_profiles(&sandbox, &ctx).await {
            Ok(response) => success(&response),
            Err(err) => {
                let err = ApiError::from(err);
                return failure(err.status.as_u16(), &err.message);
            }
        },
        _ => return failure(404, "unknown method"),
    };
    ([(header::CONTENT_TYPE, "application/json")], body.unwrap()).into_response()
}
