//! The released baseline: the resolved model of the last released API version, kept as
//! `spec/released/<version>.json` and written only by `cargo xtask release-baseline`.
//!
//! It is the model's one serialized form (the one `cargo xtask spec --json` prints), so that
//! reading the file back gives the model it was written from, every key of the contract.

use serde_json::{Map, Value, json};

use crate::model::Api;

/// Where the baseline of `version` lives, relative to the workspace root.
pub fn path(version: &str) -> String {
    format!("spec/released/{version}.json")
}

const WRITTEN_BY: &str =
    "cargo xtask release-baseline: the resolved model of the released spec; do not edit";

/// The model as `cargo xtask spec --json` prints it, after a `written_by` note.
pub fn to_json(api: &Api) -> Value {
    let mut out = Map::new();
    out.insert("written_by".into(), json!(WRITTEN_BY));
    if let Value::Object(model) = crate::spec::json::to_json(api) {
        out.extend(model);
    }
    Value::Object(out)
}

/// Reads a baseline back; errors name the JSON path that is wrong. The `written_by` note
/// is not part of the model, which ignores it.
pub fn from_json(value: &Value) -> Result<Api, String> {
    crate::spec::json::from_json(value)
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
