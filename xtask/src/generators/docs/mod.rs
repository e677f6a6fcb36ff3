//! The docs artifact: a Markdown index, one page per namespace, an OpenAPI 3.1 document
//! and the examples as JSON (which the tests decode with the generated types).
//!
//! Examples are made from the spec (the reference lost all of its own), so they always
//! match it.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::model::{Api, DateFormat, Field, Method, NamedKind, Namespace, Type};
use crate::names;

/// One generated docs file: its name inside the docs folder, and its contents.
pub struct DocFile {
    pub name: String,
    pub contents: String,
}

pub fn generate(api: &Api) -> Vec<DocFile> {
    let links = Links::new(api);
    let mut files = vec![DocFile {
        name: "README.md".into(),
        contents: index(api, &links),
    }];
    for ns in &api.namespaces {
        files.push(DocFile {
            name: page_name(ns),
            contents: namespace_page(api, &links, ns),
        });
    }
    files.push(DocFile {
        name: "openapi.json".into(),
        contents: pretty(&openapi(api)),
    });
    files.push(DocFile {
        name: "examples.json".into(),
        contents: pretty(&examples(api)),
    });
    files
}

/// The page a namespace's methods are on.
pub fn page_name(ns: &Namespace) -> String {
    format!("{}.md", ns.path)
}

/// Where a method is documented, for the generated Rust docs: `docs/companies.md#getcompanies`.
pub fn method_link(docs_dir: &str, ns: &Namespace, m: &Method) -> String {
    format!("{docs_dir}/{}#{}", page_name(ns), anchor(m))
}

/// The anchor of a method's section on its page.
pub fn anchor(m: &Method) -> String {
    m.name.to_lowercase()
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------
// Examples

/// An example value for a field named `name` of type `ty`.
fn example(api: &Api, name: &str, ty: &Type) -> Value {
    match ty {
        Type::String => json!(example_string(name)),
        Type::Integer => json!(1),
        Type::Number => json!(100.5),
        Type::Boolean => json!(true),
        Type::Any => json!("value"),
        Type::OpenObject => json!({ "id": 1 }),
        Type::Date(DateFormat::DayMonthYear) => json!("31/01/25"),
        Type::Date(DateFormat::Iso) => json!("2025-01-31"),
        Type::Array(items) => json!([example(api, name, items)]),
        Type::Map(values) => json!({ "key": example(api, name, values) }),
        Type::Named(type_name) => match api.named(type_name).map(|t| &t.kind) {
            Some(NamedKind::Object { fields }) => object_example(api, fields),
            Some(NamedKind::Enum { values }) => json!(values.first().map(|v| v.text.as_str())),
            Some(NamedKind::Open) | None => json!({ "id": 1 }),
        },
    }
}

fn example_string(name: &str) -> String {
    match name {
        n if n.contains("email") => "ana@example.com".into(),
        n if n.contains("password") => "secret".into(),
        "country" => "MX".into(),
        "state" => "CMX".into(),
        "token" => "0123456789abcdef".into(),
        n if n.ends_with("_id") || n == "id" => "1".into(),
        n => format!("Example {}", n.replace('_', " ")),
    }
}

fn object_example(api: &Api, fields: &[Field]) -> Value {
    let map: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.text.clone(), example(api, &f.name, &f.ty)))
        .collect();
    Value::Object(map)
}

/// The example request body of a method: every field set, so that every one is shown.
pub fn request_example(api: &Api, m: &Method) -> Value {
    if m.params.is_empty() {
        json!({ "method": m.name.text })
    } else {
        json!({ "method": m.name.text, "parameters": object_example(api, &m.params) })
    }
}

pub fn response_example(api: &Api, m: &Method) -> Value {
    json!({ "success": true, "response": object_example(api, &m.response), "error": null })
}

fn examples(api: &Api) -> Value {
    let methods: Vec<Value> = api
        .methods()
        .map(|(ns, m)| {
            json!({
                "namespace": ns.name.text,
                "path": ns.path.text,
                "method": m.name.text,
                "request": request_example(api, m),
                "response": response_example(api, m),
            })
        })
        .collect();
    json!({ "methods": methods })
}

// ---------------------------------------------------------------------------------------
// Markdown

fn index(api: &Api, links: &Links) -> String {
    let t = &api.transport;
    let mut out = format!(
        "<!-- {} -->\n\n# The {} API ({})\n\n{}\n\n",
        GENERATED, api.name, api.version, api.doc
    );
    out.push_str("Generated from `spec/` with the code, so that the two never disagree. Each namespace has a page with its methods: their fields, an example request and response, a curl call, the Rust client call and the server trait method.\n\n");
    out.push_str("## Calling the API\n\n");
    out.push_str(&format!(
        "- Base URL: `{}`. {}\n",
        t.base_url, t.base_url_note
    ));
    if !t.http_method.is_empty() {
        out.push_str(&format!(
            "- Every call is an HTTP `{}` of `{}` to `<base URL>/<namespace path>`.\n",
            t.http_method, t.content_type
        ));
    }
    for line in [&t.request, &t.response, &t.auth, &t.response_note] {
        if !line.is_empty() {
            out.push_str(&format!("- {}\n", links.apply(line)));
        }
    }
    out.push_str("\n## OpenAPI\n\n");
    out.push_str("[`openapi.json`](openapi.json) describes the same API in OpenAPI 3.1, for Swagger UI, Postman or other generators. \
Several methods share one URL (all of a namespace's methods are `POST <base URL>/<namespace path>`) and are told apart by the body's `method`. \
OpenAPI allows one operation per URL and HTTP method, so each namespace is one operation whose request body is a `oneOf` of the namespace's method requests, \
with a `discriminator` on `method` mapping each method name to its request schema (`<Namespace>.<Method>.Request`); its 200 answer is an `anyOf` of the methods' \
success envelopes (`<Namespace>.<Method>.Response`): an answer does not name its method, and several methods answer alike (GetCompany and CreateCompany both \
return a `company`). Errors share one error envelope. Each request schema fixes `method` with `const`, so a validator \
picks exactly one branch. Named types are schemas of their own. The examples of each method are attached to its operation.\n\n");
    out.push_str("## Namespaces\n\n| Namespace | Path | Methods |\n|---|---|---|\n");
    for ns in &api.namespaces {
        let methods: Vec<String> = ns
            .methods
            .iter()
            .map(|m| format!("[{}]({}#{})", m.name, page_name(ns), anchor(m)))
            .collect();
        out.push_str(&format!(
            "| [{}]({}) | `/{}` | {} |\n",
            ns.name,
            page_name(ns),
            ns.path,
            methods.join(", ")
        ));
    }
    out.push_str("\n## Named types\n\nShapes that recur, defined once. Objects marked *open* are returned by the API without a documented list of fields; they are kept as JSON objects.\n");
    for t in &api.types {
        out.push_str(&format!(
            "\n### {}\n\n{}\n\n",
            t.name,
            links.apply(&t.doc)
        ));
        match &t.kind {
            NamedKind::Object { fields } => out.push_str(&field_table(api, links, fields)),
            NamedKind::Enum { values } => {
                let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                out.push_str(&format!("One of: {}.\n", values.join(", ")));
            }
            NamedKind::Open => out.push_str("An open object.\n"),
        }
    }
    out
}

const GENERATED: &str = "@generated by `cargo xtask codegen` from the spec. Do not edit by hand.";

fn namespace_page(api: &Api, links: &Links, ns: &Namespace) -> String {
    let mut out = format!(
        "<!-- {GENERATED} -->\n\n# {}\n\n{}\n\n",
        ns.name,
        links.apply(&ns.doc)
    );
    out.push_str(&format!(
        "All methods: `POST <base URL>/{}`. [Back to the index](README.md).\n\n",
        ns.path
    ));
    for m in &ns.methods {
        out.push_str(&format!("- [{}](#{}): {}\n", m.name, anchor(m), m.summary));
    }
    for m in &ns.methods {
        out.push_str(&method_section(api, links, ns, m));
    }
    out
}

fn method_section(api: &Api, links: &Links, ns: &Namespace, m: &Method) -> String {
    let mut out = format!(
        "\n## {}\n\n{}.\n\n",
        m.name,
        m.summary.trim_end_matches('.')
    );
    out.push_str(if m.auth {
        "Needs the bearer token (`Authorization: Bearer <token>`).\n"
    } else {
        "Called without a token.\n"
    });
    if let Some(items) = &m.paginated {
        out.push_str(&format!(
            "Paginated: `{items}` holds a page; follow `current_page` and `last_page`.\n"
        ));
    }
    if let Some(token) = &m.token {
        out.push_str(&format!(
            "Returns the bearer token in `{token}`; the generated client keeps it.\n"
        ));
    }
    if let Some(note) = &m.note {
        out.push_str(&format!("\n> Spec note: {note}\n"));
    }
    out.push_str("\n### Request parameters\n\n");
    if m.params.is_empty() {
        out.push_str("None: the request has no `parameters` key.\n");
    } else {
        out.push_str(&field_table(api, links, &m.params));
    }
    out.push_str("\n### Response\n\nThe fields of the envelope's `response`:\n\n");
    out.push_str(&field_table(api, links, &m.response));

    let request = request_example(api, m);
    out.push_str(&format!(
        "\n### Example request\n\n```json\n{}\n```\n",
        serde_json::to_string_pretty(&request).unwrap_or_default()
    ));
    out.push_str(&format!(
        "\n### Example success response\n\n```json\n{}\n```\n",
        serde_json::to_string_pretty(&response_example(api, m)).unwrap_or_default()
    ));
    let auth = if m.auth {
        " \\\n  -H \"Authorization: Bearer $TOKEN\""
    } else {
        ""
    };
    out.push_str(&format!(
        "\n### curl\n\n```sh\ncurl -X POST \"$BASE_URL/{}\" \\\n  -H 'Content-Type: application/json'{auth} \\\n  -d '{}'\n```\n",
        ns.path,
        request.to_string().replace('\'', "'\\''")
    ));
    out.push_str(&format!(
        "\n### Rust client\n\n```rust\n{}```\n",
        rust_client_call(ns, m)
    ));
    out.push_str(&format!(
        "\n### Server trait method\n\n```rust\n{}```\n",
        server_method(ns, m)
    ));
    out
}

fn rust_client_call(ns: &Namespace, m: &Method) -> String {
    let module = names::snake(&ns.name);
    let method = names::snake(&m.name);
    if m.params.is_empty() {
        return format!("let response = client.{module}().{method}().await?;\n");
    }
    let params = format!("{}Params", names::bare(&names::camel(&m.name)));
    let required: Vec<String> = m
        .params
        .iter()
        .filter(|f| f.required)
        .map(|f| names::snake(&f.name))
        .collect();
    let optional: Vec<String> = m
        .params
        .iter()
        .filter(|f| !f.required)
        .map(|f| format!(".{}(..)", names::snake(&f.name)))
        .collect();
    let mut out = format!("use centiacrm_client::types::{module}::{params};\n\n");
    out.push_str(&format!(
        "let params = {params}::new({});\n",
        required.join(", ")
    ));
    if !optional.is_empty() {
        out.push_str(&format!("// Optional: {}\n", optional.join(" ")));
    }
    out.push_str(&format!(
        "let response = client.{module}().{method}(params).await?;\n"
    ));
    if m.paginated.is_some() {
        out.push_str(&format!(
            "// Or every item of every page, each page fetched when needed:\n// let items = client.{module}().{}_stream(params);\n",
            names::bare(&method)
        ));
    }
    if m.token.is_some() {
        let args: Vec<String> = m
            .params
            .iter()
            .filter(|f| f.required)
            .map(|f| names::snake(&f.name))
            .collect();
        out.push_str(&format!(
            "// Or, keeping the token for the calls that follow:\n// client.{method}({}).await?;\n",
            args.join(", ")
        ));
    }
    out
}

fn server_method(ns: &Namespace, m: &Method) -> String {
    let camel = names::bare(&names::camel(&m.name)).to_string();
    let params = if m.params.is_empty() {
        String::new()
    } else {
        format!(", params: {camel}Params")
    };
    let principal = if m.auth { "Self::Principal" } else { "()" };
    format!(
        "// trait centiacrm_server::{}\nasync fn {}(&self, ctx: &Context<{principal}>{params}) -> Result<{camel}Response, ApiError>;\n",
        names::camel(&ns.name),
        names::snake(&m.name)
    )
}

/// A table of fields, nested fields of named objects shown under their parent as `parent.child`.
fn field_table(api: &Api, links: &Links, fields: &[Field]) -> String {
    let mut out = "| Field | Type | Required | Description |\n|---|---|---|---|\n".to_string();
    rows(api, links, fields, "", &mut out);
    out
}

fn rows(api: &Api, links: &Links, fields: &[Field], prefix: &str, out: &mut String) {
    for f in fields {
        let name = format!("{prefix}{}", f.name);
        let mut doc = links.apply(&f.doc);
        if let Some(note) = &f.note {
            doc.push_str(&format!(" *Spec note: {}*", links.apply(note)));
        }
        let required = if f.required { "yes" } else { "no" };
        out.push_str(&format!(
            "| `{name}` | {} | {required} | {} |\n",
            type_text(api, &f.ty),
            doc.replace('|', "\\|")
        ));
        let nested = match &f.ty {
            Type::Named(n) => Some((n, "")),
            Type::Array(inner) => match inner.as_ref() {
                Type::Named(n) => Some((n, "[]")),
                _ => None,
            },
            _ => None,
        };
        if let Some((n, suffix)) = nested
            && let Some(NamedKind::Object { fields }) = api.named(n).map(|t| &t.kind)
        {
            rows(api, links, fields, &format!("{name}{suffix}."), out);
        }
    }
}

fn type_text(api: &Api, ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Integer => "integer".into(),
        Type::Number => "number".into(),
        Type::Boolean => "boolean".into(),
        Type::Any => "any".into(),
        Type::OpenObject => "object (open)".into(),
        Type::Date(f) => format!("date `{}`", f.as_str()),
        Type::Array(items) => format!("array of {}", type_text(api, items)),
        Type::Map(values) => format!("map of string to {}", type_text(api, values)),
        Type::Named(n) => {
            let what = match api.named(n).map(|t| &t.kind) {
                Some(NamedKind::Enum { values }) => {
                    let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    format!(" ({})", values.join(" \\| "))
                }
                Some(NamedKind::Open) => " (open object)".into(),
                _ => String::new(),
            };
            format!("[{n}](README.md#{}){what}", n.to_lowercase())
        }
    }
}

/// Cross references such as `Companies.GetTypes`, and the section each links to.
struct Links {
    targets: HashMap<String, String>,
}

impl Links {
    fn new(api: &Api) -> Self {
        let targets = api
            .methods()
            .map(|(ns, m)| (format!("{}.{}", ns.name, m.name), format!("{}#{}", page_name(ns), anchor(m))))
            .collect();
        Self { targets }
    }

    /// Turns every `Namespace.Method` word pair of `text` that names a method into a link.
    fn apply(&self, text: &str) -> String {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (dot, _) in text.match_indices('.') {
            if dot < copied {
                continue;
            }
            let start = text[..dot].rfind(|c: char| !word(c)).map_or(0, |i| i + 1);
            let end = text[dot + 1..].find(|c: char| !word(c)).map_or(text.len(), |i| dot + 1 + i);
            if start < copied {
                continue;
            }
            let reference = &text[start..end];
            if let Some(target) = self.targets.get(reference) {
                out.push_str(&text[copied..start]);
                out.push_str(&format!("[{reference}]({target})"));
                copied = end;
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

// ---------------------------------------------------------------------------------------
// OpenAPI

fn openapi(api: &Api) -> Value {
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
    for ns in &api.namespaces {
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
                json!({ "summary": m.summary, "value": request_example(api, m) }),
            );
        }
        let all_open = ns.methods.iter().all(|m| !m.auth);
        let mut operation = json!({
            "operationId": names::snake(&ns.name),
            "tags": [ns.name.text],
            "summary": format!("{}: {}", ns.name, ns.methods.iter().map(|m| m.name.text.as_str()).collect::<Vec<_>>().join(", ")),
            "description": format!("{} The body's `method` chooses the method; see the index page of the docs for this representation.", ns.doc),
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
        "tags": api.namespaces.iter().map(|ns| json!({ "name": ns.name.text, "description": ns.doc })).collect::<Vec<_>>(),
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
