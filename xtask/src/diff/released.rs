//! The released baseline: the resolved model of the last released API version, kept as
//! `spec/released/<version>.json` and written only by `cargo xtask release-baseline`.
//!
//! Named types stay named (unlike `cargo xtask spec --json`), so that reading the file back
//! gives the model it was written from; types are written as the spec writes them.

use serde_json::{Map, Value, json};

use crate::model::{
    Api, Constraints, DateFormat, Field, Method, Name, NamedKind, NamedType, Namespace, Transport,
    Type, UnknownKeys,
};
use crate::spec::diagnostics::Loc;

/// Where the baseline of `version` lives, relative to the workspace root.
pub fn path(version: &str) -> String {
    format!("spec/released/{version}.json")
}

pub fn to_json(api: &Api) -> Value {
    let t = &api.transport;
    json!({
        "written_by": "cargo xtask release-baseline: the resolved model of the released spec; do not edit",
        "api": { "name": api.name, "version": api.version, "doc": api.doc },
        "transport": {
            "base_url": t.base_url, "base_url_note": t.base_url_note, "auth": t.auth, "request": t.request,
            "response": t.response, "response_note": t.response_note,
        },
        "types": api.types.iter().map(named_type).collect::<Vec<_>>(),
        "namespaces": api.namespaces.iter().map(|ns| json!({
            "name": ns.name.text, "path": ns.path.text, "doc": ns.doc,
            "methods": ns.methods.iter().map(method).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn named_type(t: &NamedType) -> Value {
    let mut out = json!({ "name": t.name.text, "doc": t.doc });
    match &t.kind {
        NamedKind::Object { fields: f } => out["fields"] = fields(f),
        NamedKind::Open => out["open"] = json!(true),
        NamedKind::Enum { values } => {
            out["enum"] = values.iter().map(|v| json!(v.text)).collect();
        }
    }
    if !t.values_since.is_empty() {
        out["values_since"] = t
            .values_since
            .iter()
            .map(|(value, since)| (value.text.clone(), json!(since.text)))
            .collect::<Map<_, _>>()
            .into();
    }
    out
}

fn method(m: &Method) -> Value {
    let mut out = json!({
        "name": m.name.text, "summary": m.summary, "auth": m.auth,
        "params": fields(&m.params), "response": fields(&m.response),
    });
    if let Some(p) = &m.paginated {
        out["paginated"] = json!(p.text);
    }
    if let Some(t) = &m.token {
        out["token"] = json!(t.text);
    }
    if m.idempotent {
        out["idempotent"] = json!(true);
    }
    if let Some(n) = &m.note {
        out["note"] = json!(n);
    }
    if let Some(since) = &m.since {
        out["since"] = json!(since.text);
    }
    out
}

fn fields(fields: &[Field]) -> Value {
    fields
        .iter()
        .map(|f| {
            let mut out = json!({
                "name": f.name.text, "type": f.ty.to_string(), "required": f.required, "doc": f.doc,
            });
            if f.secret {
                out["secret"] = json!(true);
            }
            if let Some(n) = &f.note {
                out["note"] = json!(n);
            }
            if let Some(since) = &f.since {
                out["since"] = json!(since.text);
            }
            out
        })
        .collect()
}

/// Reads a baseline back; errors name the JSON path that is wrong.
pub fn from_json(value: &Value) -> Result<Api, String> {
    let api = obj(value, "$")?;
    let head = obj(get(api, "$", "api")?, "$.api")?;
    let t = obj(get(api, "$", "transport")?, "$.transport")?;
    let text = |o: &Map<String, Value>, at: &str, key: &str| {
        string(get(o, at, key)?, &format!("{at}.{key}"))
    };
    let transport = Transport {
        base_url: text(t, "$.transport", "base_url")?,
        base_url_note: text(t, "$.transport", "base_url_note")?,
        auth: text(t, "$.transport", "auth")?,
        request: text(t, "$.transport", "request")?,
        response: text(t, "$.transport", "response")?,
        response_note: text(t, "$.transport", "response_note")?,
        // The behaviour keys are not in baselines yet: they read as the spec's defaults.
        unknown_keys: UnknownKeys::Reject,
        unknown_keys_note: String::new(),
        response_leniency: Vec::new(),
        errors: Vec::new(),
    };
    let mut types = Vec::new();
    for (i, t) in array(get(api, "$", "types")?, "$.types")?
        .iter()
        .enumerate()
    {
        let at = format!("$.types[{i}]");
        let o = obj(t, &at)?;
        let kind = if let Some(f) = o.get("fields") {
            NamedKind::Object {
                fields: read_fields(f, &format!("{at}.fields"))?,
            }
        } else if let Some(values) = o.get("enum") {
            let values = array(values, &format!("{at}.enum"))?
                .iter()
                .enumerate()
                .map(|(j, v)| string(v, &format!("{at}.enum[{j}]")).map(name))
                .collect::<Result<_, _>>()?;
            NamedKind::Enum { values }
        } else {
            NamedKind::Open
        };
        let mut values_since = Vec::new();
        if let Some(since) = o.get("values_since") {
            let at = format!("{at}.values_since");
            for (value, version) in obj(since, &at)? {
                let version = string(version, &format!("{at}.{value}"))?;
                values_since.push((name(value.clone()), name(version)));
            }
        }
        types.push(NamedType {
            name: name(text(o, &at, "name")?),
            doc: text(o, &at, "doc")?,
            kind,
            values_since,
        });
    }
    let mut namespaces = Vec::new();
    for (i, ns) in array(get(api, "$", "namespaces")?, "$.namespaces")?
        .iter()
        .enumerate()
    {
        let at = format!("$.namespaces[{i}]");
        let o = obj(ns, &at)?;
        let mut methods = Vec::new();
        for (j, m) in array(get(o, &at, "methods")?, &format!("{at}.methods"))?
            .iter()
            .enumerate()
        {
            let at = format!("{at}.methods[{j}]");
            let mo = obj(m, &at)?;
            let optional = |key: &str| -> Result<Option<String>, String> {
                mo.get(key)
                    .map(|v| string(v, &format!("{at}.{key}")))
                    .transpose()
            };
            methods.push(Method {
                name: name(text(mo, &at, "name")?),
                summary: text(mo, &at, "summary")?,
                auth: get(mo, &at, "auth")?
                    .as_bool()
                    .ok_or_else(|| format!("{at}.auth: expected true or false"))?,
                params: read_fields(get(mo, &at, "params")?, &format!("{at}.params"))?,
                response: read_fields(get(mo, &at, "response")?, &format!("{at}.response"))?,
                paginated: optional("paginated")?.map(name),
                token: optional("token")?.map(name),
                // Keys added after a baseline was written read as their default.
                idempotent: flag(mo, "idempotent", &at)?,
                note: optional("note")?,
                since: optional("since")?.map(name),
                errors: Vec::new(),
            });
        }
        namespaces.push(Namespace {
            name: name(text(o, &at, "name")?),
            path: name(text(o, &at, "path")?),
            doc: text(o, &at, "doc")?,
            methods,
        });
    }
    Ok(Api {
        name: text(head, "$.api", "name")?,
        version: text(head, "$.api", "version")?,
        doc: text(head, "$.api", "doc")?,
        license: None,
        transport,
        errors: Vec::new(),
        types,
        namespaces,
    })
}

/// An optional boolean key, false when absent.
fn flag(o: &Map<String, Value>, key: &str, at: &str) -> Result<bool, String> {
    o.get(key).map_or(Ok(false), |v| {
        v.as_bool()
            .ok_or_else(|| format!("{at}.{key}: expected true or false"))
    })
}

fn read_fields(value: &Value, at: &str) -> Result<Vec<Field>, String> {
    let mut out = Vec::new();
    for (i, f) in array(value, at)?.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let o = obj(f, &at)?;
        let ty_text = string(get(o, &at, "type")?, &format!("{at}.type"))?;
        out.push(Field {
            name: name(string(get(o, &at, "name")?, &format!("{at}.name"))?),
            required: get(o, &at, "required")?
                .as_bool()
                .ok_or_else(|| format!("{at}.required: expected true or false"))?,
            secret: flag(o, "secret", &at)?,
            doc: string(get(o, &at, "doc")?, &format!("{at}.doc"))?,
            note: o
                .get("note")
                .map(|n| string(n, &format!("{at}.note")))
                .transpose()?,
            ty: parse_type(&ty_text)
                .ok_or_else(|| format!("{at}.type: `{ty_text}` is not a spec type"))?,
            type_loc: nowhere(),
            constraints: Constraints::default(),
            since: o
                .get("since")
                .map(|n| string(n, &format!("{at}.since")).map(name))
                .transpose()?,
            constraint_locs: Vec::new(),
        });
    }
    Ok(out)
}

/// The inverse of `Type`'s `Display`.
pub fn parse_type(text: &str) -> Option<Type> {
    let inner = |prefix: &str| text.strip_prefix(prefix).and_then(|t| t.strip_suffix('>'));
    Some(match text {
        "string" => Type::String,
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "any" => Type::Any,
        "object" => Type::OpenObject,
        _ => {
            if let Some(t) = inner("array<") {
                Type::Array(Box::new(parse_type(t)?))
            } else if let Some(t) = inner("map<") {
                Type::Map(Box::new(parse_type(t)?))
            } else if let Some(f) = inner("date<") {
                Type::Date(DateFormat::parse(f)?)
            } else if !text.is_empty()
                && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                Type::Named(text.to_string())
            } else {
                return None;
            }
        }
    })
}

/// Names read from a baseline point nowhere: the file is not a spec with diagnostics.
fn nowhere() -> Loc {
    Loc {
        file: 0,
        span: 0..0,
    }
}

fn name(text: String) -> Name {
    Name {
        text,
        loc: nowhere(),
    }
}

fn get<'a>(o: &'a Map<String, Value>, at: &str, key: &str) -> Result<&'a Value, String> {
    o.get(key).ok_or_else(|| format!("{at}: missing `{key}`"))
}

fn obj<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{at}: expected an object"))
}

fn array<'a>(v: &'a Value, at: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("{at}: expected an array"))
}

fn string(v: &Value, at: &str) -> Result<String, String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{at}: expected a string"))
}

/// The newest baseline in `spec/released/` (versions compared number by number), read back.
pub fn load_latest(root: &std::path::Path) -> Result<(String, Api), String> {
    let dir = root.join("spec/released");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| format!("error: no released baseline: cannot read spec/released/: {e}"))?;
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort_by_key(|n| version_key(n));
    let Some(latest) = files.pop() else {
        return Err("error: no released baseline in spec/released/; write one with `cargo xtask release-baseline`".into());
    };
    let relative = format!("spec/released/{latest}");
    let text = std::fs::read_to_string(root.join(&relative))
        .map_err(|e| format!("error: cannot read {relative}: {e}"))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("error: {relative} is not JSON: {e}"))?;
    let api = from_json(&value).map_err(|e| format!("error: {relative}: {e}"))?;
    Ok((relative, api))
}

/// `v10` after `v9`: runs of digits compare as numbers.
fn version_key(name: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    let mut chars = name.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digit {
                break;
            }
            run.push(c);
            chars.next();
        }
        key.push(if digit {
            (run.parse().unwrap_or(u64::MAX), String::new())
        } else {
            (0, run)
        });
    }
    key
}
