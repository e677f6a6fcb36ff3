//! What the server tests share: a tiny implementation of the fixture API and helpers to
//! call its dispatcher and read the replies.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header::AUTHORIZATION};
use centiacrm_server::{Authenticate, Context, Reply};
use centiacrm_types::JsonObject;
use codegen_fixtures::features::server::errors::{
    session as session_errors, widgets as widget_errors,
};
use codegen_fixtures::features::server::{Api, Server, Session, Widgets};
use codegen_fixtures::features::types::{Color, session, widgets};
use serde_json::{Value, json};

pub const TOKEN: &str = "t0k3n";

/// A tiny implementation: 7 widgets served 3 per page; `CreateWidget` named "boom" panics,
/// named "db-down" fails with an internal error whose cause holds a password.
#[derive(Default)]
pub struct Fixture {
    pub created: Mutex<Vec<widgets::CreateWidgetParams>>,
    pub calls: AtomicUsize,
    /// How many times the "boom" handler was entered (each time it panicked).
    pub booms: AtomicUsize,
    /// The request id and the `x-trace` header GetCatalog's context had, last time.
    pub catalog_context: Mutex<Option<(String, Option<String>)>>,
}

/// The cause of the "db-down" internal error: never for a client's eyes.
pub const INTERNAL_CAUSE: &str = "postgres://admin:hunter2@db.internal:5432 refused";

impl Authenticate for Fixture {
    type Principal = String;
    async fn authenticate(&self, token: &str) -> Option<String> {
        (token == TOKEN).then(|| "ana".to_string())
    }
}

impl Api for Fixture {
    fn session(&self) -> &impl Session<Principal = Self::Principal> {
        self
    }
    fn widgets(&self) -> &impl Widgets<Principal = Self::Principal> {
        self
    }
}

impl Session for Fixture {
    async fn sign_in(
        &self,
        _: &Context<()>,
        params: session::SignInParams,
    ) -> Result<session::SignInResponse, session_errors::SignInError> {
        if params.email == "ana@example.com" {
            Ok(session::SignInResponse::builder().token(TOKEN).build())
        } else {
            Err(session_errors::SignInError::unknown_email("unknown email"))
        }
    }
}

impl Widgets for Fixture {
    async fn get_widgets(
        &self,
        _: &Context<String>,
        params: widgets::GetWidgetsParams,
    ) -> Result<widgets::GetWidgetsResponse, widget_errors::GetWidgetsError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let page = params.page.unwrap_or(1);
        let all: Vec<JsonObject> = (1..=7)
            .map(|id| json!({ "id": id }).as_object().unwrap().clone())
            .collect();
        // Any i64 is a valid page number; those out of range are empty pages.
        let items = usize::try_from(page.saturating_sub(1))
            .ok()
            .and_then(|index| all.chunks(3).nth(index))
            .map(<[_]>::to_vec)
            .unwrap_or_default();
        Ok(widgets::GetWidgetsResponse::builder()
            .total(7)
            .current_page(page)
            .last_page(3)
            .widgets(items)
            .build())
    }

    async fn get_catalog(
        &self,
        ctx: &Context<String>,
    ) -> Result<widgets::GetCatalogResponse, widget_errors::GetCatalogError> {
        assert_eq!(ctx.principal, "ana");
        let trace = ctx.headers().get("x-trace").and_then(|v| v.to_str().ok());
        *self.catalog_context.lock().unwrap() =
            Some((ctx.request_id().to_string(), trace.map(str::to_string)));
        Ok(widgets::GetCatalogResponse::builder()
            .colors(vec![Color::Red, Color::SkyBlue])
            .build())
    }

    async fn create_widget(
        &self,
        _: &Context<String>,
        params: widgets::CreateWidgetParams,
    ) -> Result<widgets::CreateWidgetResponse, widget_errors::CreateWidgetError> {
        if params.name == "boom" {
            self.booms.fetch_add(1, Ordering::SeqCst);
            panic!("a handler bug");
        }
        if params.name == "db-down" {
            return Err(widget_errors::CreateWidgetError::internal(
                "cannot store the widget",
                INTERNAL_CAUSE,
            ));
        }
        let mut widget = JsonObject::new();
        widget.insert("name".into(), params.name.clone().into());
        self.created.lock().unwrap().push(params);
        Ok(widgets::CreateWidgetResponse::builder()
            .widget(widget)
            .color(Color::DarkGreen)
            .build())
    }
}

pub fn dispatcher() -> centiacrm_server::Dispatcher<Server<Fixture>> {
    Server::new(Fixture::default()).dispatcher()
}

pub fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    headers
}

/// The status and the envelope's `error` (or `response` on success).
pub fn read(reply: Reply) -> (StatusCode, Value) {
    let body: Value = serde_json::from_slice(&reply.body).expect("every reply is a JSON envelope");
    let success = body["success"].as_bool().expect("success is a boolean");
    assert_eq!(success, reply.status == StatusCode::OK, "{body}");
    (
        reply.status,
        if success {
            body["response"].clone()
        } else {
            body["error"].clone()
        },
    )
}
