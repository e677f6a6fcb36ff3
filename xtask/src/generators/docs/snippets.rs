//! The Markdown pages' Rust snippets: whole items, with their `use` lines, so that each one
//! compiles as it is shown (`crates/doc-snippets` and `crates/codegen-fixtures` compile the
//! pages as doctests). Values are the JSON examples' own, written as Rust.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write};

use serde_json::Value;

use super::{Context, examples};
use crate::model::{DateFormat, Type};
use crate::names::{self, MethodNames, StructNames, TypeKindNames, TypeNames};

/// The `use` lines a snippet needs, sorted, the items of one module in one line.
#[derive(Default)]
struct Uses(BTreeMap<String, BTreeSet<String>>);

impl Uses {
    /// `module::item`, for an item directly under `module`.
    fn add(&mut self, path: String) {
        let (module, item) = path.rsplit_once("::").unwrap_or(("", &path));
        self.0
            .entry(module.to_string())
            .or_default()
            .insert(item.to_string());
    }

    fn write(&self, out: &mut String) -> fmt::Result {
        for (module, items) in &self.0 {
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            match items.as_slice() {
                [item] => writeln!(out, "use {module}::{item};")?,
                items => writeln!(out, "use {module}::{{{}}};", items.join(", "))?,
            }
        }
        writeln!(out)
    }
}

/// A function that calls the method with the client: its required parameters set to the
/// example's values; the stream and the token shortcut where the method has them.
pub fn client_call(ctx: &Context, m: &MethodNames, out: &mut String) -> fmt::Result {
    let (module, function) = (&m.module, &m.function);
    let paths = &ctx.layout.paths;
    let mut uses = Uses::default();
    uses.add(format!("{}::Client", paths.public_client));
    let mut body = String::new();
    match &m.params {
        None => writeln!(
            body,
            "    let response = client.{module}().{function}().await?;"
        )?,
        Some(params) => {
            uses.add(format!("{}::{module}::{}", paths.public_types, params.name));
            let example = examples::object(ctx.api, params.source);
            let set: String = m
                .required()
                .map(|f| {
                    let value =
                        rust_value(ctx, &f.field.ty, &example[&f.field.name.text], &mut uses);
                    format!("\n        .{}({})", f.setter, indent(&value, 2))
                })
                .collect();
            let optional: Vec<String> = params
                .fields
                .iter()
                .filter(|f| !f.field.required)
                .map(|f| format!(".{}(..)", f.setter))
                .collect();
            writeln!(
                body,
                "    let params = {}::{}(){set}",
                params.name,
                names::BUILDER
            )?;
            if !optional.is_empty() {
                writeln!(body, "        // Optional: {}", optional.join(" "))?;
            }
            writeln!(body, "        .{}();", names::BUILD)?;
            let arg = if m.stream.is_some() {
                "params.clone()"
            } else {
                "params"
            };
            writeln!(
                body,
                "    let response = client.{module}().{function}({arg}).await?;"
            )?;
            if let Some(stream) = &m.stream {
                writeln!(
                    body,
                    "    // Or every item of every page, each page fetched when needed:"
                )?;
                writeln!(body, "    let items = client.{module}().{stream}(params);")?;
            }
        }
    }
    if m.method.token.is_some() {
        let example = examples::object(ctx.api, &m.method.params);
        let arguments: Vec<String> = m
            .shortcut_arguments()
            .iter()
            .map(|f| rust_value(ctx, &f.field.ty, &example[&f.field.name.text], &mut uses))
            .collect();
        writeln!(
            body,
            "    // Or, keeping the token for the calls that follow:"
        )?;
        writeln!(
            body,
            "    client.{function}({}).await?;",
            arguments.join(", ")
        )?;
    }
    uses.write(out)?;
    writeln!(
        out,
        "async fn {function}(client: &Client) -> Result<(), Box<dyn std::error::Error>> {{"
    )?;
    write!(out, "{body}")?;
    writeln!(out, "    Ok(())\n}}")
}

/// The method as a server implements it, with the trait's own signature, on a service
/// whose tokens stand for a user id.
pub fn server_method(ctx: &Context, m: &MethodNames, out: &mut String) -> fmt::Result {
    let paths = &ctx.layout.paths;
    let mut uses = Uses::default();
    uses.add(format!("{}::Authenticate", paths.public_server_runtime));
    uses.add(format!("{}::Context", paths.public_server_runtime));
    uses.add(format!("{}::{}", paths.public_server, m.handle));
    uses.add(format!(
        "{}::errors::{}::{}",
        paths.public_server, m.module, m.error
    ));
    let types = paths.public_server_types;
    let params = match &m.params {
        Some(p) => {
            uses.add(format!("{types}::{}::{}", m.module, p.name));
            format!("\n        params: {},", p.name)
        }
        None => String::new(),
    };
    uses.add(format!("{types}::{}::{}", m.module, m.response.name));
    let principal = if m.method.auth {
        "Self::Principal"
    } else {
        "()"
    };
    uses.write(out)?;
    writeln!(
        out,
        "struct Service;

impl {handle} for Service {{
    async fn {function}(
        &self,
        ctx: &Context<{principal}>,{params}
    ) -> Result<{response}, {error}> {{
        todo!()
    }}
}}

impl Authenticate for Service {{
    /// Who a token stands for: here a user id.
    type Principal = i64;

    async fn authenticate(&self, token: &str) -> Option<i64> {{
        todo!()
    }}
}}",
        handle = m.handle,
        function = m.function,
        response = m.response.name,
        error = m.error,
    )
}

/// A named object built with every field set to the example's values.
pub fn construction(ctx: &Context, fields: &StructNames, out: &mut String) -> fmt::Result {
    let mut uses = Uses::default();
    let example = examples::object(ctx.api, fields.source);
    let value = built(ctx, fields, &example, &mut uses);
    uses.write(out)?;
    writeln!(
        out,
        "fn example() -> Result<{}, Box<dyn std::error::Error>> {{",
        fields.name
    )?;
    writeln!(
        out,
        "    let value = {};\n    Ok(value)\n}}",
        indent(&value, 1)
    )
}

/// `Name::builder().field(value)...build()`, every field set.
fn built(ctx: &Context, s: &StructNames, example: &Value, uses: &mut Uses) -> String {
    uses.add(format!("{}::{}", ctx.layout.paths.public_types, s.name));
    let set: String = s
        .fields
        .iter()
        .map(|f| {
            let value = rust_value(ctx, &f.field.ty, &example[&f.field.name.text], uses);
            format!("\n    .{}({})", f.setter, indent(&value, 1))
        })
        .collect();
    format!(
        "{}::{}(){set}\n    .{}()",
        s.name,
        names::BUILDER,
        names::BUILD
    )
}

/// The example value `example` of type `ty` as a Rust expression of the setter's type
/// (strings as literals: setters take `impl Into<String>`).
fn rust_value(ctx: &Context, ty: &Type, example: &Value, uses: &mut Uses) -> String {
    match ty {
        Type::String => format!("{:?}", example.as_str().unwrap_or_default()),
        _ => element(ctx, ty, example, uses),
    }
}

/// As [`rust_value`], of the field's own type (inside a `Vec` or a map).
fn element(ctx: &Context, ty: &Type, example: &Value, uses: &mut Uses) -> String {
    let dates = ctx.layout.paths.public_dates;
    match ty {
        Type::String => format!("{:?}.to_string()", example.as_str().unwrap_or_default()),
        Type::Integer => example.as_i64().unwrap_or(1).to_string(),
        Type::Number => format!("{:?}", example.as_f64().unwrap_or(1.0)),
        Type::Boolean => example.as_bool().unwrap_or(true).to_string(),
        Type::Any => {
            uses.add(format!("{dates}::JsonValue"));
            format!("JsonValue::from({example})")
        }
        Type::OpenObject => open_object(dates, uses),
        Type::Date(format) => {
            // The examples' date, 31 January 2025, in either format.
            let name = match format {
                DateFormat::DayMonthYear => "DayMonthYear",
                DateFormat::Iso => "IsoDate",
            };
            uses.add(format!("{dates}::{name}"));
            format!("{name}::builder().year(2025).month(1).day(31).build()?")
        }
        Type::Array(items) => {
            let first = example.get(0).unwrap_or(&Value::Null);
            format!("vec![{}]", element(ctx, items, first, uses))
        }
        Type::Map(values) => {
            uses.add("std::collections::BTreeMap".into());
            let (key, value) = example
                .as_object()
                .and_then(|o| o.iter().next())
                .map_or(("key", &Value::Null), |(k, v)| (k.as_str(), v));
            let value = element(ctx, values, value, uses);
            format!("BTreeMap::from([({key:?}.to_string(), {value})])")
        }
        Type::Named(name) => match ctx.names.types.iter().find(|t| t.named.name.text == *name) {
            Some(TypeNames {
                kind: TypeKindNames::Object(fields),
                ..
            }) => built(ctx, fields, example, uses),
            Some(TypeNames {
                kind: TypeKindNames::Enum(values),
                name,
                ..
            }) => {
                uses.add(format!("{}::{name}", ctx.layout.paths.public_types));
                let variant = values
                    .iter()
                    .find(|(value, _)| Some(value.text.as_str()) == example.as_str())
                    .or(values.first())
                    .map_or("", |(_, variant)| variant.as_str());
                format!("{name}::{variant}")
            }
            Some(TypeNames {
                kind: TypeKindNames::Open,
                ..
            })
            | None => open_object(dates, uses),
        },
    }
}

fn open_object(dates: &str, uses: &mut Uses) -> String {
    uses.add(format!("{dates}::JsonObject"));
    "JsonObject::new()".into()
}

/// `text` with its lines after the first indented by `levels` more levels.
fn indent(text: &str, levels: usize) -> String {
    text.replace('\n', &format!("\n{}", "    ".repeat(levels)))
}
