//! Serde helpers that the generated types use for the API's loose spots.

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error};
use serde_json::Value;

/// Reads one value written either as itself or as a one-element array.
///
/// The reference types every single object as `object[]`; a server may send either form.
pub fn one_or_array<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    from_one_or_array(value).map_err(D::Error::custom)
}

/// Like [`one_or_array`], for an optional field.
pub fn option_one_or_array<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(value) => from_one_or_array(value).map(Some).map_err(D::Error::custom),
    }
}

/// Decodes `value`, or the single element of `value` if it is a one-element array.
pub fn from_one_or_array<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    match value {
        Value::Array(mut items) if items.len() == 1 => serde_json::from_value(items.remove(0)),
        Value::Array(items) => Err(serde_json::Error::custom(format!(
            "expected one object or an array of exactly one, found an array of {}",
            items.len()
        ))),
        other => serde_json::from_value(other),
    }
}
