//! The docs artifacts, one module each: [`markdown`] (an index and one page per
//! namespace), [`openapi`] (an OpenAPI 3.1 document), [`examples`] (the examples as
//! JSON, which the tests decode with the generated types) and [`schemathesis`] (the
//! statuses each operation may answer, for the schemathesis run of `.ci/run`).
//!
//! Examples are made from the spec (the reference lost all of its own), so they always
//! match it.

use serde_json::Value;

use super::Context;

pub mod examples;
pub mod markdown;
pub mod openapi;
pub mod schemathesis;
mod snippets;

/// One generated docs file: its name inside the docs folder, and its contents.
pub struct DocFile {
    pub name: String,
    pub contents: String,
}

pub fn generate(ctx: &Context) -> Vec<DocFile> {
    let mut files = markdown::generate(ctx);
    files.push(DocFile {
        name: "openapi.json".into(),
        contents: pretty(&openapi::generate(ctx)),
    });
    files.push(DocFile {
        name: "examples.json".into(),
        contents: pretty(&examples::generate(ctx)),
    });
    files.push(DocFile {
        name: "schemathesis.toml".into(),
        contents: schemathesis::generate(ctx),
    });
    files
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}
