//! The examples in the generated docs are real: every example request passes the
//! server's input validation, and every example response decodes into its type.

use axum::http::HeaderMap;
use centiacrm_server::{Call, DEFAULT_BODY_LIMIT};
use centiacrm_types::{ApiMethod, MethodVisitor};
use serde_json::Value;

struct CheckExamples {
    examples: Vec<Value>,
    checked: Vec<String>,
}

impl MethodVisitor for CheckExamples {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        let name = format!("{}.{}", M::NAMESPACE, M::NAME);
        let example = self
            .examples
            .iter()
            .find(|e| e["namespace"] == M::NAMESPACE && e["method"] == M::NAME)
            .unwrap_or_else(|| panic!("no example for {name}"));
        assert_eq!(example["path"], M::PATH, "{name}");

        let request = serde_json::to_vec(&example["request"]).unwrap();
        let headers = HeaderMap::new();
        let call = Call::parse(
            M::PATH,
            &headers,
            &request,
            DEFAULT_BODY_LIMIT,
            centiacrm_server::types::wire::UnknownKeys::Reject,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(call.method, M::NAME);
        let params: M::Params = call
            .params()
            .unwrap_or_else(|e| panic!("{name}: the example request is rejected: {e}"));
        // Nothing is lost on the way: the typed parameters write the example back.
        let parameters = example["request"]
            .get("parameters")
            .cloned()
            .unwrap_or(Value::Object(Default::default()));
        assert_eq!(serde_json::to_value(&params).unwrap(), parameters, "{name}");

        let envelope = &example["response"];
        assert_eq!(envelope["success"], true, "{name}");
        let response: M::Response = serde_json::from_value(envelope["response"].clone())
            .unwrap_or_else(|e| panic!("{name}: the example response does not decode: {e}"));
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            envelope["response"],
            "{name}"
        );
        self.checked.push(name);
    }
}

#[test]
fn every_docs_example_decodes_and_validates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples.json");
    let text =
        std::fs::read_to_string(path).expect("docs/examples.json (run `cargo xtask codegen`)");
    let examples: Value = serde_json::from_str(&text).unwrap();
    let examples = examples["methods"].as_array().unwrap().clone();
    let mut check = CheckExamples {
        examples: examples.clone(),
        checked: Vec::new(),
    };
    centiacrm_types::visit_methods(&mut check);
    assert!(!check.checked.is_empty(), "visit_methods lists no method");
    assert_eq!(
        check.checked.len(),
        examples.len(),
        "an example for a method the types do not know"
    );
}
