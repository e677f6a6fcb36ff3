//! The spec's YAML structure, as serde reads it: one struct per kind of mapping, whose
//! fields are the keys it may hold. `load` reads each item (a namespace, a method, a
//! field, ...) on its own with these, so that a mistake in one item leaves the rest to read.
//!
//! Values are [`Value`]s: a value of the wrong kind is kept as a mistake with its place
//! rather than ending the read, so that one item reports all its mistakes. Nested items
//! are [`Nested`]: only their place is kept here, and `load` reads them item by item.

use std::cell::Cell;
use std::fmt;

use marked_yaml::{Span, Spanned};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// A string value.
pub type Text = Value<String>;
/// A `true` or `false` value.
pub type Flag = Value<bool>;

/// The API file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    /// [`ApiInfo`].
    pub api: Nested,
    /// [`Transport`].
    pub transport: Nested,
    /// A list of [`ErrorDecl`].
    pub errors: Option<Nested>,
    /// A mapping of type names to [`NamedType`], or the path of a file that holds one.
    pub types: Option<Nested>,
    /// A list of [`Namespace`]s or of paths of files that hold one.
    pub namespaces: Nested,
    /// A list of [`Removal`]s.
    pub removed: Option<Nested>,
}

/// An item the reference has and the spec removed on purpose: the reference check skips it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    /// Its path, as the diff names it: `Ns.Method`, `Ns.Method.params.field`,
    /// `Ns.Method.response.field` or `types.Enum.value`.
    pub item: Text,
    pub since: Text,
    pub note: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiInfo {
    pub name: Text,
    pub version: Text,
    pub doc: Option<Text>,
    pub license: Option<Text>,
}

/// Only the base URL is required; the rest documents the transport for readers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transport {
    pub base_url: Text,
    pub base_url_note: Option<Text>,
    pub auth: Option<Text>,
    pub request: Option<Text>,
    pub response: Option<Text>,
    pub response_note: Option<Text>,
    pub unknown_keys: Option<Text>,
    pub unknown_keys_note: Option<Text>,
    pub response_leniency: Option<Value<Vec<Text>>>,
    /// A list of [`ErrorDecl`].
    pub errors: Option<Nested>,
}

/// A declared error, in the API's or the transport's `errors`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDecl {
    pub code: Text,
    pub status: Value<u16>,
    pub doc: Option<Text>,
    pub note: Option<Text>,
}

/// An entry of a method's `errors`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodError {
    pub code: Text,
    pub when: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedType {
    pub doc: Option<Text>,
    /// A list of [`Field`]s.
    pub fields: Option<Nested>,
    pub open: Option<Flag>,
    /// A list of wire strings, or of [`EnumValue`]s for values marked `since`.
    #[serde(rename = "enum")]
    pub values: Option<Nested>,
}

/// An enum value written as a mapping, to mark it as added after the reference.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: Text,
    pub since: Option<Text>,
    pub deprecated: Option<Text>,
    pub deprecated_since: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Namespace {
    pub namespace: Text,
    pub path: Text,
    pub doc: Option<Text>,
    /// A list of [`Method`]s.
    pub methods: Nested,
    pub deprecated: Option<Text>,
    pub deprecated_since: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub name: Text,
    pub summary: Text,
    pub auth: Option<Flag>,
    /// A list of [`Field`]s.
    pub params: Option<Nested>,
    /// A list of [`Field`]s.
    pub response: Option<Nested>,
    pub paginated: Option<Text>,
    pub token: Option<Text>,
    pub idempotent: Option<Flag>,
    pub note: Option<Text>,
    /// The version that added the method, after the reference.
    pub since: Option<Text>,
    /// A list of [`MethodError`]s.
    pub errors: Option<Nested>,
    /// What to use instead: the method is on its way out.
    pub deprecated: Option<Text>,
    /// The version that deprecated it.
    pub deprecated_since: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: Text,
    #[serde(rename = "type")]
    pub ty: Text,
    pub doc: Option<Text>,
    pub optional: Option<Flag>,
    pub secret: Option<Flag>,
    pub note: Option<Text>,
    pub minimum: Option<Value<f64>>,
    pub maximum: Option<Value<f64>>,
    pub min_length: Option<Value<f64>>,
    pub max_length: Option<Value<f64>>,
    pub pattern: Option<Text>,
    pub min_items: Option<Value<f64>>,
    pub max_items: Option<Value<f64>>,
    /// The version that added or changed the field, after the reference.
    pub since: Option<Text>,
    pub deprecated: Option<Text>,
    pub deprecated_since: Option<Text>,
}

/// A value and where it was written; `value` is `None` when it is not of the kind `T`.
pub struct Value<T> {
    pub span: Span,
    pub value: Option<T>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Value<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Caught<T>>::deserialize(deserializer)?;
        Ok(Value {
            span: *spanned.span(),
            value: spanned.0.take(),
        })
    }
}

/// `T`, or nothing when the value is not a `T`. A `Cell`, because `Spanned` gives its
/// content only by reference.
struct Caught<T>(Cell<Option<T>>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Caught<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Caught(Cell::new(T::deserialize(deserializer).ok())))
    }
}

/// What the kinds of value are called in messages.
pub trait Kind {
    const EXPECTED: &'static str;
}

impl Kind for String {
    const EXPECTED: &'static str = "a string";
}

impl Kind for bool {
    const EXPECTED: &'static str = "`true` or `false`";
}

impl Kind for f64 {
    const EXPECTED: &'static str = "a number";
}

impl Kind for u16 {
    const EXPECTED: &'static str = "a number";
}

impl<T> Kind for Vec<T> {
    const EXPECTED: &'static str = "a list";
}

/// A nested item or list of items, read later on its own: here only its place.
pub struct Nested {
    pub span: Span,
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Unread>::deserialize(deserializer)?;
        Ok(Nested {
            span: *spanned.span(),
        })
    }
}

/// Any value, left unread: reading a namespace does not walk its methods twice.
struct Unread;

impl<'de> Deserialize<'de> for Unread {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_ignored_any(UnreadVisitor)
    }
}

struct UnreadVisitor;

impl<'de> Visitor<'de> for UnreadVisitor {
    type Value = Unread;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Unread, A::Error> {
        Ok(Unread)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Unread, A::Error> {
        Ok(Unread)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Unread, E> {
        Ok(Unread)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Unread, E> {
        Ok(Unread)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Unread, E> {
        Ok(Unread)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Unread, E> {
        Ok(Unread)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Unread, E> {
        Ok(Unread)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Unread, E> {
        Ok(Unread)
    }
}

/// The keys a raw struct accepts, as serde's derive lists them: the one list, so that
/// the "unknown key" check and its suggestions cannot drift from the structs.
pub fn keys<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(KeysProbe) {
        Err(KeysFound(keys)) => keys,
        Ok(_) => &[],
    }
}

/// A deserializer that only records the field names a struct asks for.
struct KeysProbe;

#[derive(Debug)]
struct KeysFound(&'static [&'static str]);

impl fmt::Display for KeysFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "keys: {}", self.0.join(", "))
    }
}

impl std::error::Error for KeysFound {}

impl de::Error for KeysFound {
    fn custom<M: fmt::Display>(_: M) -> Self {
        KeysFound(&[])
    }
}

impl<'de> Deserializer<'de> for KeysProbe {
    type Error = KeysFound;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, KeysFound> {
        Err(KeysFound(fields))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, KeysFound> {
        Err(KeysFound(&[]))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_structs() {
        assert_eq!(keys::<MethodError>(), ["code", "when"]);
        assert!(keys::<Field>().contains(&"type"));
        assert!(keys::<NamedType>().contains(&"enum"));
        // Not a struct: no keys, and no panic.
        assert!(keys::<String>().is_empty());
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_kept_with_its_place() {
        let node = marked_yaml::parse_yaml(0, "code: [a]\nwhen: now\n").unwrap();
        let read: MethodError = marked_yaml::from_node(&node).unwrap();
        assert!(read.code.value.is_none());
        assert_eq!(read.code.span.start().map(|m| m.line()), Some(1));
        assert_eq!(read.when.value.as_deref(), Some("now"));
    }
}
