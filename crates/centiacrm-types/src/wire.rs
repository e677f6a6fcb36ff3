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

thread_local! {
    static STRICT_ENUMS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode` with enums that reject values the spec does not list.
///
/// Enums that a server may send keep unknown values as `Unknown(..)`, so that a newer
/// server never breaks a client. A server reading requests must be strict instead; serde
/// has no way to pass that down, so it is set for the current thread while `decode` runs
/// (decoding is synchronous, so nothing else runs on the thread meanwhile).
pub fn with_strict_enums<T>(decode: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT_ENUMS.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(STRICT_ENUMS.with(|s| s.replace(true)));
    decode()
}

/// Whether enums decoded now must reject unknown values; see [`with_strict_enums`].
pub fn strict_enums() -> bool {
    STRICT_ENUMS.with(|s| s.get())
}
