//! The resolved model as JSON (`cargo xtask spec --json`): the model's one serialized form,
//! the same one the released baselines hold (see [`crate::model`]). Named types stay named,
//! under `types`; types are written as the spec writes them.
//!
//! Other tools read this shape; keys may be added, the documented ones must stay.

use serde_json::Value;

use crate::model::Api;

pub fn to_json(api: &Api) -> Value {
    serde_json::to_value(api).expect("the model serializes")
}

/// Reads the model back; the error names the JSON path that is wrong.
pub fn from_json(value: &Value) -> Result<Api, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            "$".to_string()
        } else {
            format!("$.{path}")
        };
        format!("{at}: {}", e.into_inner())
    })
}
