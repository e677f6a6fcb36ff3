//! The generated OpenAPI document, checked by independent parsers: oas3 reads it as
//! OpenAPI 3.1, every `$ref` resolves, and a JSON Schema validator accepts every docs
//! example under its method's schemas and rejects wrong requests.

use std::path::Path;

use serde_json::{Value, json};

fn read_json(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

const DOCUMENTS: &[&str] = &[
    "docs/openapi.json",
    "crates/codegen-fixtures/docs/openapi.json",
];

#[test]
fn oas3_reads_the_documents() {
    for path in DOCUMENTS {
        let text = serde_json::to_string(&read_json(path)).unwrap();
        let spec = oas3::from_json(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(spec.openapi.starts_with("3.1"), "{path}");
        for (route, item) in spec.paths.iter().flatten() {
            let post = item
                .post
                .as_ref()
                .unwrap_or_else(|| panic!("{path}: {route} has no POST"));
            assert!(post.request_body.is_some(), "{path}: {route}");
        }
    }
    let spec = oas3::from_json(serde_json::to_string(&read_json(DOCUMENTS[0])).unwrap()).unwrap();
    assert_eq!(
        spec.paths.map(|p| p.len()),
        Some(7),
        "one path per namespace"
    );
}

fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    for path in DOCUMENTS {
        let doc = read_json(path);
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 10, "{path}");
        for r in found {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{path}: external reference {r}"));
            assert!(
                doc.pointer(pointer).is_some(),
                "{path}: {r} does not resolve"
            );
        }
    }
}

/// A validator for one schema of the document, references resolved within it.
fn validator(doc: &Value, schema: Value) -> jsonschema::Validator {
    let mut root = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "components": doc["components"] });
    root.as_object_mut()
        .unwrap()
        .extend(schema.as_object().unwrap().clone());
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("not a valid JSON Schema: {e}"))
}

#[test]
fn examples_match_their_schemas_and_wrong_requests_do_not() {
    let doc = read_json(DOCUMENTS[0]);
    let examples = read_json("docs/examples.json");
    let examples = examples["methods"].as_array().unwrap();
    let entry = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/api.yaml");
    let spec = xtask::spec::load(&entry).unwrap_or_else(|r| panic!("{}", r.render()));
    assert_eq!(
        examples.len(),
        spec.methods().count(),
        "one example per method"
    );
    for e in examples {
        let (path, method) = (e["path"].as_str().unwrap(), e["method"].as_str().unwrap());
        let content =
            &doc["paths"][format!("/{path}")]["post"]["requestBody"]["content"]["application/json"];
        // The request must pass the operation's `oneOf`, that is, exactly one method's schema.
        let request = validator(&doc, content["schema"].clone());
        let errors: Vec<String> = request
            .iter_errors(&e["request"])
            .map(|err| err.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}.{method}: {errors:?}");
        assert_eq!(
            content["examples"][method]["value"], e["request"],
            "{method}: the document carries the example"
        );

        let success = &doc["paths"][format!("/{path}")]["post"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert!(
            validator(&doc, success.clone()).is_valid(&e["response"]),
            "{path}.{method} response"
        );

        let mut unknown = e["request"].clone();
        unknown["method"] = json!("NoSuchMethod");
        assert!(
            !request.is_valid(&unknown),
            "{path}: an unknown method passes"
        );
        if let Some(Value::Object(params)) = e["request"].get("parameters") {
            let schema = &doc["components"]["schemas"]
                [format!("{}.{method}.Request", e["namespace"].as_str().unwrap())];
            let required = schema["properties"]["parameters"]["required"]
                .as_array()
                .unwrap();
            if let Some(Value::String(first)) = required.first() {
                let mut missing = e["request"].clone();
                missing["parameters"].as_object_mut().unwrap().remove(first);
                assert!(
                    !request.is_valid(&missing),
                    "{path}.{method}: passes without `{first}`"
                );
                assert!(params.contains_key(first));
            }
        }
    }
}

/// Every `anyOf`/`oneOf`/`allOf` in `value` with fewer than two schemas, by JSON pointer.
fn lone_choices(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                if matches!(key.as_str(), "anyOf" | "oneOf" | "allOf")
                    && v.as_array().is_none_or(|schemas| schemas.len() < 2)
                {
                    out.push(here.clone());
                }
                lone_choices(v, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                lone_choices(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What redocly lint flagged: a one-schema `anyOf`, and no license.
#[test]
fn no_choice_of_one_and_the_spec_license() {
    for path in DOCUMENTS {
        let mut found = Vec::new();
        lone_choices(&read_json(path), "", &mut found);
        assert!(
            found.is_empty(),
            "{path}: choices of fewer than two schemas at {found:?}"
        );
    }
    let mut planted = Vec::new();
    lone_choices(&json!({ "a": { "anyOf": [{}] } }), "", &mut planted);
    assert_eq!(planted, ["/a/anyOf"], "the search finds a planted one");

    let entry = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/api.yaml");
    let api = xtask::spec::load(&entry).unwrap_or_else(|r| panic!("{}", r.render()));
    let license = api.license.expect("spec/api.yaml gives `api.license`");
    let doc = read_json(DOCUMENTS[0]);
    assert_eq!(doc["info"]["license"]["identifier"], json!(license));
    assert_eq!(doc["info"]["license"]["name"], json!(license));
}
