//! The spec keys the client's runtime relies on: `idempotent:` per method (which calls it
//! may retry) and `secret:` per field (what `Debug` and logs never show), from the YAML to
//! the model, `spec --json` and the OpenAPI document.

use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn real_spec() -> xtask::model::Api {
    xtask::spec::load(&root().join("spec/api.yaml")).unwrap_or_else(|r| panic!("{}", r.render()))
}

/// The reads and `Login` (which creates nothing) are idempotent; the writes (`Create*`,
/// `Edit*`) are not.
#[test]
fn exactly_the_reads_and_the_login_are_idempotent() {
    let api = real_spec();
    let mut reads = 0;
    for (ns, m) in api.methods() {
        let read = m.name.starts_with("Get");
        reads += usize::from(read);
        assert_eq!(
            m.idempotent,
            read || m.name.text == "Login",
            "{}.{}",
            ns.name,
            m.name
        );
    }
    assert_eq!(reads, 31, "the issue counts 31 reads");
}

/// The password and the token are the secrets, and nothing else.
#[test]
fn the_password_and_the_token_are_secret() {
    let api = real_spec();
    let secrets: Vec<String> = api
        .methods()
        .flat_map(|(ns, m)| {
            let params = m.params.iter().map(|f| (f, "params"));
            let response = m.response.iter().map(|f| (f, "response"));
            params
                .chain(response)
                .filter(|(f, _)| f.secret)
                .map(move |(f, side)| format!("{}.{} {side} {}", ns.name, m.name, f.name))
        })
        .collect();
    assert_eq!(
        secrets,
        ["Auth.Login params password", "Auth.Login response token"]
    );
}

#[test]
fn spec_json_carries_both_keys() {
    let api = real_spec();
    let json = xtask::spec::json::to_json(&api);
    let methods: Vec<&Value> = json["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ns| ns["methods"].as_array().unwrap())
        .collect();
    for m in &methods {
        let name = m["name"].as_str().unwrap();
        assert_eq!(
            m["idempotent"],
            Value::Bool(name.starts_with("Get") || name == "Login"),
            "{name}"
        );
    }
    let login = methods.iter().find(|m| m["name"] == "Login").unwrap();
    assert_eq!(login["params"][1]["name"], "password");
    assert_eq!(login["params"][1]["secret"], true);
    assert_eq!(login["response"][0]["secret"], true);
    // Only secrets carry the key.
    assert!(login["params"][0].get("secret").is_none());
}

/// Every request schema of the OpenAPI document says whether the method is idempotent,
/// since all of them are the same POST; secrets are `format: password`.
#[test]
fn openapi_carries_both_keys() {
    let api = real_spec();
    let text = std::fs::read_to_string(root().join("docs/openapi.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let schemas = &doc["components"]["schemas"];
    for (ns, m) in api.methods() {
        let request = &schemas[format!("{}.{}.Request", ns.name, m.name)];
        assert_eq!(
            request["x-idempotent"],
            Value::Bool(m.idempotent),
            "{}.{}",
            ns.name,
            m.name
        );
    }
    let login = &schemas["Auth.Login.Request"]["properties"]["parameters"]["properties"];
    assert_eq!(login["password"]["format"], "password");
    assert!(login["email"].get("format").is_none());
}

/// A spec with one method whose keys are `method_keys` and one param whose keys are
/// `field_keys` (YAML flow-mapping entries).
fn spec_with(method_keys: &str, field_keys: &str) -> String {
    format!(
        r#"api: {{name: T, version: "1"}}
transport: {{base_url: "http://localhost"}}
namespaces:
  - namespace: Things
    path: things
    methods:
      - {{name: GetThing, summary: Gets a thing{method_keys}, params: [{{name: code, type: string{field_keys}}}], response: [{{name: id, type: integer}}]}}
"#
    )
}

fn load(text: &str) -> Result<xtask::model::Api, String> {
    xtask::spec::load_text("test.yaml", text, Path::new(".")).map_err(|r| r.render())
}

#[test]
fn both_keys_default_to_false_and_are_read() {
    let api = load(&spec_with("", "")).unwrap();
    let (_, m) = api.methods().next().unwrap();
    assert!(!m.idempotent && !m.params[0].secret);

    let api = load(&spec_with(", idempotent: true", ", secret: true")).unwrap();
    let (_, m) = api.methods().next().unwrap();
    assert!(m.idempotent && m.params[0].secret);
}

#[test]
fn bad_values_and_typos_are_clear_errors() {
    let err = load(&spec_with(", idempotent: sometimes", "")).unwrap_err();
    assert!(
        err.contains("`idempotent` must be `true` or `false`"),
        "{err}"
    );
    assert!(err.contains("test.yaml:7:"), "names the place: {err}");

    let err = load(&spec_with("", ", secret: 1")).unwrap_err();
    assert!(err.contains("`secret` must be `true` or `false`"), "{err}");

    let err = load(&spec_with(", idempotant: true", "")).unwrap_err();
    assert!(err.contains("did you mean `idempotent`?"), "{err}");
    let err = load(&spec_with("", ", secrett: true")).unwrap_err();
    assert!(err.contains("did you mean `secret`?"), "{err}");
}
