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

/// A deserializer that reads structs only from JSON objects.
///
/// serde's derived `Deserialize` also reads a struct from an array of its fields in order
/// (`["Reforma", "222"]` as an `Address`), which no side of this API means. The generated
/// types and the envelopes read themselves through this wrapper to refuse that.
pub struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    // Kept as a map (forwarding it to `deserialize_any` would let arrays in again when
    // wrappers nest).
    fn deserialize_map<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct enum identifier
        ignored_any
    }
}

/// `serde_json::from_slice` for a type that must be written as a JSON object.
pub fn object_from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> serde_json::Result<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(ObjectOnly(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}
