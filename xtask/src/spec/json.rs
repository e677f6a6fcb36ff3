//! The resolved model as JSON (`cargo xtask spec --json`), with named types expanded in place.
//!
//! Other tools read this shape; keys may be added, the documented ones must stay.

use serde_json::{Value, json};

use crate::model::{Api, Field, Method, NamedKind, Type};

pub fn to_json(api: &Api) -> Value {
    json!({
        "api": { "name": api.name, "version": api.version, "doc": api.doc },
        "transport": {
            "base_url": api.transport.base_url,
            "base_url_note": api.transport.base_url_note,
            "unknown_keys": api.transport.unknown_keys.as_str(),
            "auth": api.transport.auth,
            "request": api.transport.request,
            "response": api.transport.response,
            "response_note": api.transport.response_note,
        },
        "namespaces": api.namespaces.iter().map(|ns| json!({
            "name": ns.name.text,
            "path": ns.path.text,
            "doc": ns.doc,
            "methods": ns.methods.iter().map(|m| method(api, m)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn method(api: &Api, m: &Method) -> Value {
    let mut out = json!({
        "name": m.name.text,
        "summary": m.summary,
        "auth": m.auth,
        "idempotent": m.idempotent,
        "params": fields(api, &m.params),
        "response": fields(api, &m.response),
    });
    if let Some(items) = &m.paginated {
        out["paginated"] = json!({ "items": items.text });
    }
    if let Some(token) = &m.token {
        out["token"] = json!(token.text);
    }
    if let Some(note) = &m.note {
        out["note"] = json!(note);
    }
    if let Some(since) = &m.since {
        out["since"] = json!(since.text);
    }
    out
}

fn fields(api: &Api, fields: &[Field]) -> Value {
    fields.iter().map(|f| field(api, f)).collect()
}

fn field(api: &Api, f: &Field) -> Value {
    let mut out = json!({
        "name": f.name.text,
        "required": f.required,
        "doc": f.doc,
        "type": ty(api, &f.ty),
    });
    if f.secret {
        out["secret"] = json!(true);
    }
    if let Some(note) = &f.note {
        out["note"] = json!(note);
    }
    if let Some(since) = &f.since {
        out["since"] = json!(since.text);
    }
    out
}

fn ty(api: &Api, t: &Type) -> Value {
    match t {
        Type::String => json!({ "kind": "string" }),
        Type::Integer => json!({ "kind": "integer" }),
        Type::Number => json!({ "kind": "number" }),
        Type::Boolean => json!({ "kind": "boolean" }),
        Type::Any => json!({ "kind": "any" }),
        Type::Date(format) => json!({ "kind": "date", "format": format.as_str() }),
        Type::Array(items) => json!({ "kind": "array", "items": ty(api, items) }),
        Type::Map(values) => json!({ "kind": "map", "value": ty(api, values) }),
        Type::OpenObject => json!({ "kind": "object", "fields": [], "open": true }),
        Type::Named(name) => {
            // Validation guarantees the reference resolves.
            let Some(named) = api.named(name) else {
                return json!({ "kind": "any", "name": name });
            };
            let mut out = match &named.kind {
                NamedKind::Object { fields: f } => {
                    json!({ "kind": "object", "fields": fields(api, f) })
                }
                NamedKind::Open => json!({ "kind": "object", "fields": [], "open": true }),
                NamedKind::Enum { values } => {
                    json!({ "kind": "enum", "values": values.iter().map(|v| v.text.as_str()).collect::<Vec<_>>() })
                }
            };
            out["name"] = json!(name);
            out["doc"] = json!(named.doc);
            if !named.values_since.is_empty() {
                let since = named.values_since.iter();
                out["values_since"] = since
                    .map(|(v, s)| (v.text.clone(), json!(s.text)))
                    .collect();
            }
            out
        }
    }
}
