//! `openapi.json`: the API in OpenAPI 3.1, for Swagger UI, Postman or other generators.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{Context, examples};
use crate::generators::rust::is_single_object;
use crate::generators::rust::response_side_types;
use crate::model::{
    Api, Constraints, DateFormat, Field, Method, NamedKind, Namespace, ResponseLeniency, Type,
    UnknownKeys,
};
use crate::names::NamespaceNames;

/// Which way a schema's values travel: requests are read by the server as the transport's
/// `unknown_keys` says; responses by clients with the declared leniencies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// A `DD/MM/YY` day that exists (2000 to 2099, so a leap year is one whose YY divides by 4).
const DAY_MONTH_YEAR: &str = "^((0[1-9]|1[0-9]|2[0-8])/(0[1-9]|1[0-2])/[0-9]{2}|(29|30)/(0[13-9]|1[0-2])/[0-9]{2}|31/(0[13578]|1[02])/[0-9]{2}|29/02/([02468][048]|[13579][26]))$";

/// The OpenAPI 3.1 document: one operation per namespace (see the index page for why).
pub fn generate(ctx: &Context) -> Value {
    let api = ctx.api;
    let t = &api.transport;
    let schema = Schemas::new(api);
    let mut schemas = named_schemas(api, &schema);
    let mut paths = Map::new();
    for names in &ctx.names.namespaces {
        let operation = operation(api, names, &schema, &mut schemas);
        paths.insert(
            format!("/{}", names.namespace.path),
            json!({ "post": operation }),
        );
    }
    let mut info = json!({ "title": format!("{} API", api.name), "version": api.version, "description": api.doc });
    if let Some(license) = &api.license {
        info["license"] = json!({ "name": license, "identifier": license });
    }
    json!({
        "openapi": "3.1.0",
        "info": info,
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

/// The schemas of the named types, and of the error envelope.
fn named_schemas(api: &Api, schema: &Schemas) -> Map<String, Value> {
    let mut schemas = Map::new();
    for named in &api.types {
        let side = if schema.response_side.contains(named.name.text.as_str()) {
            Side::Response
        } else {
            Side::Request
        };
        let mut s = match &named.kind {
            NamedKind::Object { fields } => schema.object(fields, side),
            NamedKind::Enum { values } => {
                let mut s = json!({ "type": "string", "enum": values.iter().map(|v| v.text.as_str()).collect::<Vec<_>>() });
                // JSON Schema cannot deprecate one value of an enum.
                if !named.values_deprecated.is_empty() {
                    s["x-deprecated-values"] = json!(
                        named
                            .values_deprecated
                            .iter()
                            .map(|(v, _)| v.text.as_str())
                            .collect::<Vec<_>>()
                    );
                }
                s
            }
            NamedKind::Open => json!({ "type": "object", "additionalProperties": true }),
        };
        s["description"] = json!(named.doc);
        schemas.insert(named.name.text.clone(), s);
    }
    let codes: Vec<&str> = api
        .transport
        .errors
        .iter()
        .chain(&api.errors)
        .map(|e| e.code.text.as_str())
        .collect();
    schemas.insert(
        "ErrorEnvelope".into(),
        json!({
            "type": "object",
            "description": "A failed call: `success` is false, `error` says why and `code` is the error's stable code.",
            "required": ["success", "error", "code"],
            "properties": {
                "success": { "const": false },
                "response": { "type": "null" },
                "error": { "type": "string" },
                "code": { "type": "string", "enum": codes }
            }
        }),
    );
    schemas
}

/// A namespace's one operation; the request and response schemas of its methods go
/// into `schemas`.
fn operation(
    api: &Api,
    names: &NamespaceNames,
    schema: &Schemas,
    schemas: &mut Map<String, Value>,
) -> Value {
    let ns = names.namespace;
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    let mut mapping = Map::new();
    let mut examples = Map::new();
    for m in &ns.methods {
        let key = format!("{}.{}", ns.name, m.name);
        schemas.insert(format!("{key}.Request"), request_schema(schema, &key, m));
        schemas.insert(
            format!("{key}.Response"),
            json!({
                "type": "object",
                "description": format!("The success envelope of {key}."),
                "required": ["success", "response"],
                "properties": {
                    "success": { "const": true },
                    "response": schema.single(schema.object(&m.response, Side::Response)),
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
    // A choice of one is that one (redocly flags a one-schema `anyOf`).
    let request_schema = match requests.len() {
        1 => requests.remove(0),
        _ => {
            json!({ "oneOf": requests, "discriminator": { "propertyName": "method", "mapping": mapping } })
        }
    };
    let success_schema = match responses.len() {
        1 => responses.remove(0),
        _ => json!({ "anyOf": responses }),
    };
    let mut statuses = Map::new();
    statuses.insert(
        "200".into(),
        json!({ "description": "The method's success envelope.", "content": { "application/json": { "schema": success_schema } } }),
    );
    for (status, description) in error_statuses(api, ns) {
        statuses.insert(status.to_string(), error_response(&description));
    }
    let all_open = ns.methods.iter().all(|m| !m.auth);
    let open: Vec<&str> = ns
        .methods
        .iter()
        .filter(|m| !m.auth)
        .map(|m| m.name.text.as_str())
        .collect();
    let mut description = format!(
        "{} The body's `method` chooses the method; see the index page of the docs for this representation.",
        names.doc
    );
    if !all_open && !open.is_empty() {
        description.push_str(&format!(
            " This operation declares the bearer token for all its methods, though {} {} no token: OpenAPI sets `security` per operation, and each request schema's `x-auth` says its method's own.",
            open.join(", "),
            if open.len() == 1 { "needs" } else { "need" }
        ));
    }
    let mut operation = json!({
        "operationId": names.module,
        "tags": [ns.name.text],
        "summary": format!("{}: {}", ns.name, ns.methods.iter().map(|m| m.name.text.as_str()).collect::<Vec<_>>().join(", ")),
        "description": description,
        "requestBody": {
            "required": true,
            "content": { "application/json": {
                "schema": request_schema,
                "examples": examples,
            } }
        },
        "responses": statuses,
    });
    if all_open {
        operation["security"] = json!([]);
    }
    // One operation serves the namespace: it is deprecated when all of it is.
    if ns.deprecated.is_some() || ns.methods.iter().all(|m| m.deprecated.is_some()) {
        operation["deprecated"] = json!(true);
    }
    operation
}

/// The request body of one method: its name, and its parameters if it has any.
fn request_schema(schema: &Schemas, key: &str, m: &Method) -> Value {
    let mut properties = json!({ "method": { "const": m.name.text } });
    let mut required = vec!["method"];
    if !m.params.is_empty() {
        properties["parameters"] = schema.object(&m.params, Side::Request);
        // The server reads a missing `parameters` as `{}`: needed only for a required one.
        if m.params.iter().any(|f| f.required) {
            required.push("parameters");
        }
    }
    let mut request = json!({
        "type": "object",
        "description": format!("{}: {}", key, m.summary),
        "required": required,
        "properties": properties,
        // Every call is a POST: this tells clients which ones they may retry.
        "x-idempotent": m.idempotent,
        // `security` is per operation, that is per namespace: this is the method's own.
        "x-auth": m.auth,
    });
    if let Some(d) = &m.deprecated {
        request["deprecated"] = json!(true);
        request["description"] = json!(format!("{}: {} ({})", key, m.summary, d.words()));
    }
    schema.close(&mut request, Side::Request);
    request
}

/// Each status a namespace's operation may answer besides 200, with what it means: the
/// transport's errors, then those its methods list, codes of one status together.
pub fn error_statuses(api: &Api, ns: &Namespace) -> BTreeMap<u16, String> {
    let mut by_status: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for e in &api.transport.errors {
        by_status
            .entry(e.status)
            .or_default()
            .push(format!("`{}`: {}", e.code, e.doc));
    }
    for e in &api.errors {
        let methods: Vec<&str> = ns
            .methods
            .iter()
            .filter(|m| m.errors.iter().any(|me| me.code.text == e.code.text))
            .map(|m| m.name.text.as_str())
            .collect();
        if !methods.is_empty() {
            by_status.entry(e.status).or_default().push(format!(
                "`{}` ({}): {}",
                e.code,
                methods.join(", "),
                e.doc
            ));
        }
    }
    by_status
        .into_iter()
        .map(|(status, lines)| (status, lines.join(" ")))
        .collect()
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorEnvelope" } } } })
}

/// What the schemas depend on besides a field's own type.
struct Schemas<'a> {
    api: &'a Api,
    /// Named types some response holds: their schemas stay open to unknown keys.
    response_side: BTreeSet<&'a str>,
}

impl<'a> Schemas<'a> {
    fn new(api: &'a Api) -> Self {
        Self {
            api,
            response_side: response_side_types(api),
        }
    }

    fn object(&self, fields: &[Field], side: Side) -> Value {
        let properties: Map<String, Value> = fields
            .iter()
            .map(|f| {
                let mut schema = self.type_schema(&f.ty);
                if side == Side::Response && is_single_object(self.api, &f.ty) {
                    schema = self.single(schema);
                }
                constraints(&mut schema, &f.constraints);
                if !f.doc.is_empty() {
                    // `$ref` siblings are allowed in 3.1.
                    schema["description"] = json!(f.doc);
                }
                if f.secret {
                    schema["format"] = json!("password");
                }
                if f.deprecated.is_some() {
                    schema["deprecated"] = json!(true);
                }
                (f.name.text.clone(), schema)
            })
            .collect();
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.text.as_str())
            .collect();
        let mut schema =
            json!({ "type": "object", "required": required, "properties": properties });
        self.close(&mut schema, side);
        schema
    }

    /// `additionalProperties: false` exactly where the server refuses unknown keys.
    fn close(&self, schema: &mut Value, side: Side) {
        if side == Side::Request && self.api.transport.unknown_keys == UnknownKeys::Reject {
            schema["additionalProperties"] = json!(false);
        }
    }

    /// A single object of a response, which clients also read as a one-element array
    /// when the transport declares that leniency.
    fn single(&self, schema: Value) -> Value {
        if self
            .api
            .transport
            .response_leniency
            .contains(&ResponseLeniency::OneElementArrays)
        {
            json!({ "anyOf": [schema.clone(), { "type": "array", "items": schema, "minItems": 1, "maxItems": 1 }] })
        } else {
            schema
        }
    }

    fn type_schema(&self, ty: &Type) -> Value {
        match ty {
            Type::String => json!({ "type": "string" }),
            Type::Integer => json!({ "type": "integer", "format": "int64" }),
            Type::Number => json!({ "type": "number", "format": "double" }),
            Type::Boolean => json!({ "type": "boolean" }),
            Type::Any => json!({}),
            Type::OpenObject => json!({ "type": "object", "additionalProperties": true }),
            Type::Date(DateFormat::DayMonthYear) => {
                json!({ "type": "string", "pattern": DAY_MONTH_YEAR, "description": "DD/MM/YY" })
            }
            Type::Date(DateFormat::Iso) => json!({ "type": "string", "format": "date" }),
            Type::Array(items) => {
                json!({ "type": "array", "items": self.type_schema(items) })
            }
            Type::Map(values) => {
                json!({ "type": "object", "additionalProperties": self.type_schema(values) })
            }
            Type::Named(name) => json!({ "$ref": format!("#/components/schemas/{name}") }),
        }
    }
}

/// The spec's constraints, as JSON Schema keywords.
fn constraints(schema: &mut Value, c: &Constraints) {
    let number = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            json!(v as i64)
        } else {
            json!(v)
        }
    };
    if let Some(v) = c.minimum {
        schema["minimum"] = number(v);
    }
    if let Some(v) = c.maximum {
        schema["maximum"] = number(v);
    }
    if let Some(n) = c.min_length {
        schema["minLength"] = json!(n);
    }
    if let Some(n) = c.max_length {
        schema["maxLength"] = json!(n);
    }
    if let Some(p) = &c.pattern {
        schema["pattern"] = json!(p);
    }
    if let Some(n) = c.min_items {
        schema["minItems"] = json!(n);
    }
    if let Some(n) = c.max_items {
        schema["maxItems"] = json!(n);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::layout::LAYOUTS;

    /// A namespace with an open method next to ones that need the token, and methods
    /// whose parameters are all optional, some required, or none.
    const SPEC: &str = "api: {name: Fixture, version: v1}\n\
        transport: {base_url: \"http://127.0.0.1\"}\n\
        namespaces:\n  - namespace: Things\n    path: things\n    methods:\n\
        \x20     - {name: SignIn, summary: Signs in, auth: false, params: [{name: email, type: string}], response: [{name: ok, type: boolean}]}\n\
        \x20     - {name: ListThings, summary: Lists them, params: [{name: query, type: string, optional: true}], response: [{name: ok, type: boolean}]}\n\
        \x20     - {name: CountThings, summary: Counts them, response: [{name: n, type: integer}]}\n";

    fn document() -> Value {
        let api = crate::spec::load_text("api.yaml", SPEC, Path::new("."))
            .unwrap_or_else(|r| panic!("{}", r.render()));
        let ctx = Context::new(&api, &LAYOUTS[1]).unwrap();
        generate(&ctx)
    }

    #[test]
    fn parameters_are_required_only_when_one_of_them_is() {
        let doc = document();
        let required = |method: &str| {
            doc["components"]["schemas"][format!("Things.{method}.Request")]["required"].clone()
        };
        assert_eq!(required("SignIn"), json!(["method", "parameters"]));
        assert_eq!(required("ListThings"), json!(["method"]));
        assert_eq!(required("CountThings"), json!(["method"]));
    }

    #[test]
    fn per_method_auth_is_said_where_security_cannot() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Things.SignIn.Request"]["x-auth"], json!(false));
        assert_eq!(schemas["Things.ListThings.Request"]["x-auth"], json!(true));
        let operation = &doc["paths"]["/things"]["post"];
        // The token is declared for the operation (inherited), and the exception named.
        assert!(operation.get("security").is_none());
        let description = operation["description"].as_str().unwrap();
        assert!(
            description.contains("though SignIn needs no token"),
            "{description}"
        );
    }
}
