//! `examples.json`, and the example values the Markdown pages and the OpenAPI document show.

use serde_json::{Map, Value, json};

use super::Context;
use crate::model::{Api, Constraints, DateFormat, Field, Method, NamedKind, Type};

/// Every method's example request and response.
pub fn generate(ctx: &Context) -> Value {
    let api = ctx.api;
    let methods: Vec<Value> = api
        .methods()
        .map(|(ns, m)| {
            json!({
                "namespace": ns.name.text,
                "path": ns.path.text,
                "method": m.name.text,
                "request": request(api, m),
                "response": response(api, m),
            })
        })
        .collect();
    json!({ "methods": methods })
}

/// The example request body of a method: every field set, so that every one is shown.
pub fn request(api: &Api, m: &Method) -> Value {
    if m.params.is_empty() {
        json!({ "method": m.name.text })
    } else {
        json!({ "method": m.name.text, "parameters": object(api, &m.params) })
    }
}

/// The example success envelope of a method.
pub fn response(api: &Api, m: &Method) -> Value {
    json!({ "success": true, "response": object(api, &m.response), "error": null })
}

/// An example value for a field named `name` of type `ty`, within `limits`.
fn value(api: &Api, name: &str, ty: &Type, limits: &Constraints) -> Value {
    // A number example moved into the field's range (`tax` is from 0 to 1).
    let within = |n: f64| {
        let n = limits.maximum.map_or(n, |max| n.min(max));
        limits.minimum.map_or(n, |min| n.max(min))
    };
    let none = Constraints::default();
    match ty {
        Type::String => json!(string(name)),
        Type::Integer => json!(within(1.0) as i64),
        Type::Number => json!(within(100.5)),
        Type::Boolean => json!(true),
        Type::Any => json!("value"),
        Type::OpenObject => json!({ "id": 1 }),
        Type::Date(DateFormat::DayMonthYear) => json!("31/01/25"),
        Type::Date(DateFormat::Iso) => json!("2025-01-31"),
        Type::Array(items) => json!([value(api, name, items, &none)]),
        Type::Map(values) => json!({ "key": value(api, name, values, &none) }),
        Type::Named(type_name) => match api.named(type_name).map(|t| &t.kind) {
            Some(NamedKind::Object { fields }) => object(api, fields),
            Some(NamedKind::Enum { values }) => json!(values.first().map(|v| v.text.as_str())),
            Some(NamedKind::Open) | None => json!({ "id": 1 }),
        },
    }
}

fn string(name: &str) -> String {
    match name {
        n if n.contains("email") => "ana@example.com".into(),
        n if n.contains("password") => "secret".into(),
        "country" => "MX".into(),
        "state" => "CMX".into(),
        "token" => "0123456789abcdef".into(),
        n if n.ends_with("_id") || n == "id" => "1".into(),
        // The bounds of a range written as strings (`ValueRange`) hold numbers.
        "from" => "100".into(),
        "to" => "5000.5".into(),
        n => format!("Example {}", n.replace('_', " ")),
    }
}

/// An example object: every field of `fields` set.
pub fn object(api: &Api, fields: &[Field]) -> Value {
    let map: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let example = value(api, &f.name, &f.ty, &f.constraints);
            (f.name.text.clone(), example)
        })
        .collect();
    Value::Object(map)
}
