//! One request through the generated server (envelope, routing, token check, strict
//! parameters, handler, answer) against a hand-written axum handler doing the same work
//! with the same sandbox handler. Goal: within 5 % (ratio ≤ 1.05).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Request, header};
use axum::response::{IntoResponse, Response};
use benchmarks::{compare, report};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, Sandbox};
use centiacrm_server::{Auth, Authenticate, Companies, Context, Profiles};
use centiacrm_types::auth::LoginParams;
use centiacrm_types::companies::GetCompaniesParams;
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

#[derive(Serialize)]
struct HandSuccess<'a, T> {
    success: bool,
    response: &'a T,
    error: Option<()>,
}

fn success<T: Serialize>(response: &T) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&HandSuccess { success: true, response, error: None })
}

#[derive(Deserialize)]
struct HandRequest {
    method: String,
    #[serde(default)]
    parameters: Option<GetCompaniesParams>,
}

/// What a person would write for GetCompanies and GetProfiles without the generator.
async fn hand_written(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let failure = |status: u16, message: &str| {
        let body = serde_json::json!({ "success": false, "response": null, "error": message });
        (axum::http::StatusCode::from_u16(status).unwrap(), body.to_string()).into_response()
    };
    let Ok(request) = serde_json::from_slice::<HandRequest>(&body) else { return failure(400, "bad request") };
    let token = headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| h.strip_prefix("Bearer "));
    let Some(principal) = (match token {
        Some(token) => sandbox.authenticate(token).await,
        None => None,
    }) else {
        return failure(401, "unauthorized");
    };
    let ctx = Context { principal };
    let body = match (request.method.as_str(), request.parameters) {
        ("GetCompanies", Some(params)) => match Companies::get_companies(&sandbox, &ctx, params).await {
            Ok(response) => success(&response),
            Err(err) => return failure(err.status.as_u16(), &err.message),
        },
        ("GetProfiles", _) => match Profiles::get_profiles(&sandbox, &ctx).await {
            Ok(response) => success(&response),
            Err(err) => return failure(err.status.as_u16(), &err.message),
        },
        _ => return failure(404, "unknown method"),
    };
    ([(header::CONTENT_TYPE, "application/json")], body.unwrap()).into_response()
}

fn request(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let sandbox = Sandbox::with_demo_data();
    let login = LoginParams::new(DEMO_EMAIL, DEMO_PASSWORD);
    let token = runtime.block_on(Auth::login(&sandbox, &Context { principal: () }, login)).unwrap().token;

    let generated = sandbox.router();
    let baseline = Router::new()
        .route("/companies", axum::routing::post(hand_written))
        .route("/profiles", axum::routing::post(hand_written))
        .with_state(sandbox.clone());
    let call = |router: &Router, path: &str, body: &str| {
        let response = runtime.block_on(router.clone().oneshot(request(path, &token, body))).unwrap();
        assert!(response.status().is_success());
        runtime.block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap().len()
    };

    println!("server: one request through the generated Server against a hand-written axum handler");
    let companies = format!(r#"{{"method":"GetCompanies","parameters":{{"profile_id":{DEMO_PROFILE_ID},"with_addresses":true}}}}"#);
    // Same answer from both, checked before timing.
    assert_eq!(call(&generated, "/companies", &companies), call(&baseline, "/companies", &companies));
    let c = compare(15, 2_000, || call(&generated, "/companies", &companies), || call(&baseline, "/companies", &companies));
    report("GetCompanies (3 companies)", &c, 1.05);

    let profiles = r#"{"method":"GetProfiles"}"#;
    let c = compare(15, 2_000, || call(&generated, "/profiles", profiles), || call(&baseline, "/profiles", profiles));
    report("GetProfiles (no parameters)", &c, 1.05);
}
