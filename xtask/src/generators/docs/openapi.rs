//! `openapi.json`: the API in OpenAPI 3.1, for Swagger UI, Postman or other generators.

use serde_json::{Map, Value, json};

use super::{Context, examples};
use crate::model::{DateFormat, Field, NamedKind, Type};

/// The OpenAPI 3.1 document: one operation per namespace (see the index page for why).
pub fn generate(ctx: &Context) -> Value {
    let api = ctx.api;
    let t = &api.transport;
    let mut schemas = Map::new();
    for named in &api.types {
        let mut schema = match &named.kind {
            NamedKind::Object { fields } => object_schema(fields),
            NamedKind::Enum { values } => {
                json!({ "type": "string", "enum": values.iter().map(|v| v.text.as_str()).collect::<Vec<_>>() })
            }
            NamedKind::Open => json!({ "type": "object", "additionalProperties": true }),
        };
        schema["description"] = json!(named.doc);
        schemas.insert(named.name.text.clone(), schema);
    }
    schemas.insert(
        "ErrorEnvelope".into(),
        json!({
            "type": "object",
            "description": "A failed call: `success` is false and `error` says why.",
            "required": ["success", "error"],
            "properties": {
                "success": { "const": false },
                "response": { "type": "null" },
                "error": { "type": "string" }
            }
        }),
    );
    let mut paths = Map::new();
    for names in &ctx.names.namespaces {
        let ns = names.namespace;
        let mut requests = Vec::new();
        let mut responses = Vec::new();
        let mut mapping = Map::new();
        let mut examples = Map::new();
        for m in &ns.methods {
            let key = format!("{}.{}", ns.name, m.name);
            let mut properties = json!({ "method": { "const": m.name.text } });
            let mut required = vec!["method"];
            if !m.params.is_empty() {
                properties["parameters"] = object_schema(&m.params);
                required.push("parameters");
            }
            schemas.insert(
                format!("{key}.Request"),
                json!({
                    "type": "object",
                    "description": format!("{}: {}", key, m.summary),
                    "required": required,
                    "properties": properties,
                    // Every call is a POST: this tells clients which ones they may retry.
                    "x-idempotent": m.idempotent,
                }),
            );
            schemas.insert(
                format!("{key}.Response"),
                json!({
                    "type": "object",
                    "description": format!("The success envelope of {key}."),
                    "required": ["success", "response"],
                    "properties": {
                        "success": { "const": true },
                        "response": object_schema(&m.response),
                        "error": { "type": "null" }
                    }
                }),
            );
            let reference = format!("#/components/schemas/{key}.Request");
            requests.push(json!({ "$ref": reference }));
            responses.push(json!({ "$ref": format!("#/components/schemas/{key}.Response") }));
            mapping.insert(m.name.text.clone(), json!(reference));
            examples.insert(
                m.name.text.clone(),
                json!({ "summary": m.summary, "value": examples::request(api, m) }),
            );
        }
        let all_open = ns.methods.iter().all(|m| !m.auth);
        let mut operation = json!({
            "operationId": names.module,
            "tags": [ns.name.text],
            "summary": format!("{}: {}", ns.name, ns.methods.iter().map(|m| m.name.text.as_str()).collect::<Vec<_>>().join(", ")),
            "description": format!("{} The body's `method` chooses the method; see the index page of the docs for this representation.", names.doc),
            "requestBody": {
                "required": true,
                "content": { "application/json": {
                    "schema": { "oneOf": requests, "discriminator": { "propertyName": "method", "mapping": mapping } },
                    "examples": examples,
                } }
            },
            "responses": {
                "200": { "description": "The method's success envelope.", "content": { "application/json": { "schema": { "anyOf": responses } } } },
                "400": error_response("Malformed envelope or parameters; the message names the field."),
                "401": error_response("Missing or invalid token."),
                "404": error_response("Unknown method, or a record that does not exist."),
                "413": error_response("The body is larger than the server accepts."),
                "500": error_response("The server failed."),
            }
        });
        if all_open {
            operation["security"] = json!([]);
        }
        paths.insert(format!("/{}", ns.path), json!({ "post": operation }));
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": format!("{} API", api.name), "version": api.version, "description": api.doc },
        "servers": [{ "url": t.base_url, "description": t.base_url_note }],
        "security": [{ "bearer": [] }],
        "tags": ctx.names.namespaces.iter().map(|ns| json!({ "name": ns.namespace.name.text, "description": ns.doc })).collect::<Vec<_>>(),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": t.auth } }
        }
    })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorEnvelope" } } } })
}

fn object_schema(fields: &[Field]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut schema = type_schema(&f.ty);
            if !f.doc.is_empty() {
                // `$ref` siblings are allowed in 3.1.
                schema["description"] = json!(f.doc);
            }
            if f.secret {
                schema["format"] = json!("password");
            }
            (f.name.text.clone(), schema)
        })
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.text.as_str())
        .collect();
    json!({ "type": "object", "required": required, "properties": properties })
}

fn type_schema(ty: &Type) -> Value {
    match ty {
        Type::String => json!({ "type": "string" }),
        Type::Integer => json!({ "type": "integer", "format": "int64" }),
        Type::Number => json!({ "type": "number", "format": "double" }),
        Type::Boolean => json!({ "type": "boolean" }),
        Type::Any => json!({}),
        Type::OpenObject => json!({ "type": "object", "additionalProperties": true }),
        Type::Date(DateFormat::DayMonthYear) => {
            json!({ "type": "string", "pattern": "^[0-9]{2}/[0-9]{2}/[0-9]{2}$", "description": "DD/MM/YY" })
        }
        Type::Date(DateFormat::Iso) => json!({ "type": "string", "format": "date" }),
        Type::Array(items) => json!({ "type": "array", "items": type_schema(items) }),
        Type::Map(values) => {
            json!({ "type": "object", "additionalProperties": type_schema(values) })
        }
        Type::Named(name) => json!({ "$ref": format!("#/components/schemas/{name}") }),
    }
}
