//! The model's one serialized form (`cargo xtask spec --json`, the released baselines): every
//! spec reads back from its JSON as the model it was written from, key for key.

use std::path::{Path, PathBuf};

use xtask::model::Api;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The real spec, every good fixture, and both sides of every diff case pair.
fn good_specs() -> Vec<PathBuf> {
    let mut specs = vec![root().join("spec/api.yaml")];
    let tests = root().join("xtask/tests");
    for entry in std::fs::read_dir(tests.join("specs/good")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            specs.push(path.join("api.yaml"));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            specs.push(path);
        }
    }
    for entry in std::fs::read_dir(tests.join("diffs")).unwrap() {
        let case = entry.unwrap().path();
        specs.push(case.join("old/api.yaml"));
        specs.push(case.join("new/api.yaml"));
    }
    specs.sort();
    specs
}

fn load(path: &Path) -> Api {
    xtask::spec::load(path).unwrap_or_else(|r| panic!("{}:\n{}", path.display(), r.render()))
}

#[test]
fn every_good_spec_round_trips_through_its_json() {
    let specs = good_specs();
    assert!(specs.len() > 40, "only {} specs", specs.len());
    for path in specs {
        let api = load(&path);
        // Through text, as `release-baseline` writes it and the reader reads it.
        let text = serde_json::to_string_pretty(&xtask::diff::released::to_json(&api)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let back = xtask::diff::released::from_json(&value)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(back, api, "{}", path.display());
        assert_eq!(
            xtask::spec::json::to_json(&back),
            xtask::spec::json::to_json(&api),
            "{}",
            path.display()
        );
    }
}

/// Equality would hide a key that the JSON drops if both sides lost it the same way: so
/// the real spec's contract keys are looked for in the JSON itself.
#[test]
fn the_json_carries_the_whole_contract() {
    let api = load(&root().join("spec/api.yaml"));
    let json = xtask::spec::json::to_json(&api);
    assert_eq!(
        json["license"],
        serde_json::json!(api.license.clone().unwrap())
    );
    assert_eq!(json["transport"]["unknown_keys"], "reject");
    assert!(
        json["transport"]["response_leniency"]
            .as_array()
            .is_some_and(|l| !l.is_empty())
    );
    assert!(
        json["transport"]["errors"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    assert!(json["errors"].as_array().is_some_and(|e| !e.is_empty()));
    let methods: Vec<&serde_json::Value> = json["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ns| ns["methods"].as_array().unwrap())
        .collect();
    assert!(
        methods.iter().any(|m| m.get("errors").is_some()),
        "no method errors"
    );
    let constrained = methods.iter().flat_map(|m| {
        let fields = |key: &str| m[key].as_array().cloned().unwrap_or_default();
        fields("params").into_iter().chain(fields("response"))
    });
    assert!(
        constrained.clone().any(|f| f.get("constraints").is_some()),
        "no constraints"
    );
    // Places are not part of it.
    let text = json.to_string();
    assert!(!text.contains("type_loc") && !text.contains("constraint_locs"));
}

#[test]
fn a_bad_model_names_the_json_path() {
    let mut json = xtask::spec::json::to_json(&load(&root().join("spec/api.yaml")));
    json["namespaces"][1]["methods"][1]["params"][0]["type"] = "array<".into();
    let err = xtask::spec::json::from_json(&json).unwrap_err();
    assert_eq!(
        err,
        "$.namespaces[1].methods[1].params[0].type: `array<` is not a spec type"
    );
    json["transport"]["unknown_keys"] = "sometimes".into();
    let err = xtask::spec::json::from_json(&json).unwrap_err();
    assert!(err.starts_with("$.transport.unknown_keys: "), "{err}");
}
