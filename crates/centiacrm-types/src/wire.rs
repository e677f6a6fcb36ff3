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
    static REJECT_UNKNOWN_KEYS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What a reader does with an object key that its type does not name (the spec's
/// `transport.unknown_keys`, for requests; responses always ignore them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownKeys {
    /// A request with one is refused, naming the key.
    Reject,
    /// The key is skipped.
    Ignore,
}

/// Runs `decode` the way a server reads a request: enums reject values the spec does not
/// list (see [`with_strict_enums`]), and objects read through [`ObjectOnly`] treat keys
/// their type does not name as `unknown_keys` says.
pub fn with_request_rules<T>(unknown_keys: UnknownKeys, decode: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REJECT_UNKNOWN_KEYS.with(|s| s.set(self.0));
        }
    }
    let reject = unknown_keys == UnknownKeys::Reject;
    let _restore = Restore(REJECT_UNKNOWN_KEYS.with(|s| s.replace(reject)));
    with_strict_enums(decode)
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
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if REJECT_UNKNOWN_KEYS.with(|s| s.get()) {
            self.0.deserialize_map(KnownKeys { visitor, fields })
        } else {
            self.0.deserialize_map(visitor)
        }
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

/// A struct's visitor whose map refuses keys outside `fields`.
struct KnownKeys<V> {
    visitor: V,
    fields: &'static [&'static str],
}

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for KnownKeys<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(KnownKeysMap {
            map,
            fields: self.fields,
        })
    }
}

struct KnownKeysMap<A> {
    map: A,
    fields: &'static [&'static str],
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for KnownKeysMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(KnownKey {
            seed,
            fields: self.fields,
        })
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// Reads a key, checks it against `fields`, then hands it to the struct's own key reader.
struct KnownKey<K> {
    seed: K,
    fields: &'static [&'static str],
}

impl<'de, K: serde::de::DeserializeSeed<'de>> serde::de::DeserializeSeed<'de> for KnownKey<K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
        match deserializer.deserialize_str(KeyReader)? {
            KeyText::Borrowed(key) => {
                if !self.fields.contains(&key) {
                    return Err(D::Error::unknown_field(key, self.fields));
                }
                self.seed.deserialize(BorrowedStrDeserializer::new(key))
            }
            KeyText::Owned(key) => {
                if !self.fields.contains(&key.as_str()) {
                    return Err(D::Error::unknown_field(&key, self.fields));
                }
                self.seed.deserialize(StringDeserializer::new(key))
            }
        }
    }
}

/// A key as the JSON reader gives it: borrowed from the body unless it holds escapes.
enum KeyText<'de> {
    Borrowed(&'de str),
    Owned(String),
}

struct KeyReader;

impl<'de> serde::de::Visitor<'de> for KeyReader {
    type Value = KeyText<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(KeyText::Borrowed(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(KeyText::Owned(key.to_owned()))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(KeyText::Owned(key))
    }
}

/// Rewrites integral floats (`1.0`, `2e3`) that fit an `i64` or `u64` as integers; true if
/// any changed. JSON Schema, and so the OpenAPI document, counts them as integers; serde's
/// `i64` does not. Client and server retry a failed decode with them rewritten.
pub fn integral_floats_as_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::{Number, Value};
    match value {
        Value::Number(number) if number.is_f64() => {
            let float = number.as_f64().unwrap_or(f64::NAN);
            // -2^63, 2^63 and 2^64 are exact in f64; the bounds keep the casts exact too.
            const I64_MIN: f64 = i64::MIN as f64;
            const U64_END: f64 = -2.0 * I64_MIN;
            let integer = if float.fract() != 0.0 || !float.is_finite() {
                None
            } else if (I64_MIN..-I64_MIN).contains(&float) {
                Some(Number::from(float as i64))
            } else if (0.0..U64_END).contains(&float) {
                Some(Number::from(float as u64))
            } else {
                None
            };
            match integer {
                Some(integer) => {
                    *number = integer;
                    true
                }
                None => false,
            }
        }
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| {
            integral_floats_as_integers(item) | changed
        }),
        Value::Object(fields) => fields.values_mut().fold(false, |changed, item| {
            integral_floats_as_integers(item) | changed
        }),
        _ => false,
    }
}

/// `json` (valid JSON text) with every integral float written as an integer, as
/// [`integral_floats_as_integers`] does, but in the text: keys, their order and repeats stay
/// as sent, so that the strict reader still sees them. `None` if nothing changed.
pub fn integral_floats_in_text(json: &str) -> Option<String> {
    let mut out = String::with_capacity(json.len());
    let mut changed = false;
    let mut rest = json;
    while let Some(at) = rest.find(|c: char| c == '"' || c == '-' || c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = if rest.starts_with('"') {
            string_end(rest)
        } else {
            rest.find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
                .unwrap_or(rest.len())
        };
        let token = &rest[..end];
        let mut number = match token.parse::<f64>() {
            Ok(float) if !token.starts_with('"') && token.contains(['.', 'e', 'E']) => {
                serde_json::Number::from_f64(float).map(Value::Number)
            }
            _ => None,
        };
        let integral = number.as_mut().is_some_and(integral_floats_as_integers);
        match number {
            Some(value) if integral => {
                out.push_str(&value.to_string());
                changed = true;
            }
            _ => out.push_str(token),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The length of the JSON string literal at the start of `text`, quotes included.
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_floats_in_text_keep_everything_else() {
        let text = r#"{"a": 1.0, "b": [2e3, 1.5, -0.0, 7], "c": "1.0 \" 2.0", "a": -3.00E1}"#;
        assert_eq!(
            integral_floats_in_text(text).as_deref(),
            Some(r#"{"a": 1, "b": [2000, 1.5, 0, 7], "c": "1.0 \" 2.0", "a": -30}"#)
        );
        assert_eq!(
            integral_floats_in_text(r#"{"x": 1.5, "y": 1e300, "z": [3]}"#),
            None
        );
    }

    #[test]
    fn only_integral_floats_become_integers() {
        let mut value = serde_json::json!({"a": 1.0, "b": [2e3, 1.5, -0.0], "c": "1.0", "d": 7});
        assert!(integral_floats_as_integers(&mut value));
        assert_eq!(
            value,
            serde_json::json!({"a": 1, "b": [2000, 1.5, 0], "c": "1.0", "d": 7})
        );
        let mut unchanged = serde_json::json!({"x": 1.5, "y": 1e300, "z": 3});
        assert!(!integral_floats_as_integers(&mut unchanged));
    }
}
