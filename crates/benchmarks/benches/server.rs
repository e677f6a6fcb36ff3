//! One request through the generated server (envelope, routing, token check, strict
//! parameters, handler, answer) against a hand-written axum handler doing the same work
//! with the same sandbox handler. Goal: within 5 % (ratio ≤ 1.05).

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use benchmarks::{compare, report};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, Sandbox};
use centiacrm_server::{Auth, Context};
use centiacrm_types::auth::LoginParams;
use tower::ServiceExt;

fn request(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sandbox = Sandbox::with_demo_data();
    let login = LoginParams::builder()
        .email(DEMO_EMAIL)
        .password(DEMO_PASSWORD)
        .build();
    let token = runtime
        .block_on(Auth::login(&sandbox, &Context::new(()), login))
        .unwrap()
        .token;

    let generated = sandbox.router();
    let baseline = benchmarks::baseline::router(sandbox.clone());
    let call = |router: &Router, path: &str, body: &str| {
        let response = runtime
            .block_on(router.clone().oneshot(request(path, &token, body)))
            .unwrap();
        assert!(response.status().is_success());
        runtime
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap()
            .len()
    };

    println!(
        "server: one request through the generated Server against a hand-written axum handler"
    );
    let companies = format!(
        r#"{{"method":"GetCompanies","parameters":{{"profile_id":{DEMO_PROFILE_ID},"with_addresses":true}}}}"#
    );
    // Same answer from both, checked before timing.
    assert_eq!(
        call(&generated, "/companies", &companies),
        call(&baseline, "/companies", &companies)
    );
    let c = compare(
        15,
        2_000,
        || call(&generated, "/companies", &companies),
        || call(&baseline, "/companies", &companies),
    );
    report("GetCompanies (3 companies)", &c, 1.05);

    let profiles = r#"{"method":"GetProfiles"}"#;
    let c = compare(
        15,
        2_000,
        || call(&generated, "/profiles", profiles),
        || call(&baseline, "/profiles", profiles),
    );
    report("GetProfiles (no parameters)", &c, 1.05);
}
