//! The resolved API model: what the spec says once it has been loaded and validated.
//!
//! Every generator reads this model and nothing else. Names are the wire names; each
//! generator derives its own identifiers from them (see [`crate::names`]). Names keep the
//! place in the spec they came from, for the validator's messages.
//!
//! The model's one serialized form is serde's: `cargo xtask spec --json` prints it and the
//! released baselines (`spec/released/<version>.json`) hold it. Places are left out of it,
//! and equality ignores them: they are not part of the contract.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::loc::Loc;

/// A name from the spec and where it was written. Serialized as its text.
#[derive(Debug, Clone)]
pub struct Name {
    pub text: String,
    pub loc: Loc,
}

impl Name {
    /// A name that was not read from a spec file.
    pub fn unplaced(text: impl Into<String>) -> Name {
        Name {
            text: text.into(),
            loc: Loc::nowhere(),
        }
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.text == other.text
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Name::unplaced)
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The whole API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    pub name: String,
    pub version: String,
    pub doc: String,
    /// The SPDX expression of the API document's license, for the OpenAPI `info`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    pub transport: Transport,
    /// The errors methods may answer, each only if it lists it (`Method::errors`).
    #[serde(default)]
    pub errors: Vec<ErrorKind>,
    /// Named types in the order the spec defines them.
    pub types: Vec<NamedType>,
    pub namespaces: Vec<Namespace>,
    /// Items the reference has that the spec removed on purpose (`removed:`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removal>,
}

/// `removed: [{item, since, note}]`: an item of the reference removed from the spec on
/// purpose, so that the reference check skips it and the changelog says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    /// The diff's path of the item: `Ns.Method.params.field`, `types.Enum.value`, ...
    pub item: Name,
    /// The API version that removed it.
    pub since: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a call travels: the spec states it so that no generator hard-codes it. Always a
/// POST of a JSON envelope; the rest is here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transport {
    pub base_url: String,
    pub base_url_note: String,
    pub auth: String,
    pub request: String,
    pub response: String,
    pub response_note: String,
    /// What the server does with a key the spec does not name, in the request envelope,
    /// in `parameters` and in every object inside them: one rule for all. Wire verdicts
    /// (adding an optional parameter, say) follow from it.
    pub unknown_keys: UnknownKeys,
    pub unknown_keys_note: String,
    /// What clients accept in responses beyond the spec's types.
    pub response_leniency: Vec<ResponseLeniency>,
    /// Errors any method may answer, which the server raises itself.
    pub errors: Vec<ErrorKind>,
}

/// The request side's rule for keys the spec does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownKeys {
    /// A 400 (`malformed`) naming the key.
    Reject,
    /// Skipped without a word.
    Ignore,
}

impl UnknownKeys {
    pub const ALL: [UnknownKeys; 2] = [UnknownKeys::Reject, UnknownKeys::Ignore];

    pub fn as_str(self) -> &'static str {
        match self {
            UnknownKeys::Reject => "reject",
            UnknownKeys::Ignore => "ignore",
        }
    }
}

/// A liberty clients take when reading responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseLeniency {
    /// The envelope's `response` and single-object fields may come as an array of one.
    OneElementArrays,
    /// Keys the spec does not name are skipped.
    UnknownKeys,
    /// Enum values the spec does not list are kept (as `Unknown`).
    UnknownEnumValues,
}

impl ResponseLeniency {
    pub const ALL: [ResponseLeniency; 3] = [
        ResponseLeniency::OneElementArrays,
        ResponseLeniency::UnknownKeys,
        ResponseLeniency::UnknownEnumValues,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResponseLeniency::OneElementArrays => "one_element_arrays",
            ResponseLeniency::UnknownKeys => "unknown_keys",
            ResponseLeniency::UnknownEnumValues => "unknown_enum_values",
        }
    }
}

/// A declared error: its HTTP status and the stable `code` sent beside the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorKind {
    pub code: Name,
    pub status: u16,
    pub doc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An error a method lists: one of [`Api::errors`], and when the method answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodError {
    pub code: Name,
    pub when: String,
}

/// `deprecated: <note>`: an item still served and generated, on its way out. The note says
/// what to use instead; `since` (`deprecated_since`) the API version that deprecated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deprecation {
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Name>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Namespace {
    pub name: Name,
    /// The URL path segment under the base URL, e.g. `companies`.
    pub path: Name,
    pub doc: String,
    pub methods: Vec<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    pub name: Name,
    pub summary: String,
    /// Whether the call needs the bearer token.
    pub auth: bool,
    /// The fields inside `parameters`; empty when the method sends no `parameters` key.
    pub params: Vec<Field>,
    /// The fields inside `response`.
    pub response: Vec<Field>,
    /// For paged list methods: the response field that holds the page's items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginated: Option<Name>,
    /// The response field holding a bearer token that the client keeps for later calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Name>,
    /// Whether sending the call twice does no more than sending it once, so that a client
    /// may retry it after a timeout or a 5xx. False unless the spec says so: a write
    /// retried blindly could be carried out twice.
    pub idempotent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The API version that added the method, when it came after the reference
    /// (`since: v2`): the reference check skips it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Name>,
    /// The errors of [`Api::errors`] this method may answer, besides the transport's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<MethodError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Field {
    pub name: Name,
    pub required: bool,
    /// A password or token: generated `Debug` and logs never show its value.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
    pub doc: String,
    /// A transcription decision recorded next to the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(rename = "type")]
    pub ty: Type,
    /// Where the type was written.
    #[serde(skip)]
    pub type_loc: Loc,
    /// Limits on the value (the `note` says where the reference implies them).
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// The API version that added or changed the field, when that came after the
    /// reference (`since: v2`): the reference check skips it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    /// Where each constraint key (`minimum`, `pattern`, ...) was written, for the
    /// validator's messages; kept apart so that comparing constraints ignores places.
    #[serde(skip)]
    pub constraint_locs: Vec<(&'static str, Loc)>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Every key but the places.
impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        let Field {
            name,
            required,
            secret,
            doc,
            note,
            ty,
            type_loc: _,
            constraints,
            since,
            deprecated,
            constraint_locs: _,
        } = self;
        (name, required, secret, doc, note, ty, constraints, since)
            == (
                &other.name,
                &other.required,
                &other.secret,
                &other.doc,
                &other.note,
                &other.ty,
                &other.constraints,
                &other.since,
            )
            && deprecated == &other.deprecated
    }
}

/// Limits on a field's value, where the reference states or implies them. The server
/// checks them, the OpenAPI document declares them, the docs show them, and the generated
/// `validate()` runs them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Constraints {
    /// Inclusive bounds of an `integer` or `number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Length bounds of a `string`, in characters (code points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// A regular expression that must match somewhere in a `string` (anchored with `^`
    /// and `$` to match it whole), in the syntax Rust's `regex` and ECMA-262 share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Size bounds of an `array<...>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A field's type. Named types are referenced by name; [`Api::named`] resolves them.
/// Serialized as the spec writes it (`array<Address>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value.
    Any,
    Date(DateFormat),
    Array(Box<Type>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(Box<Type>),
    /// An object whose fields are not documented.
    OpenObject,
    Named(String),
}

/// The type as the spec writes it: `array<Address>`, `date<DD/MM/YY>`.
impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Any => f.write_str("any"),
            Type::OpenObject => f.write_str("object"),
            Type::Date(format) => write!(f, "date<{}>", format.as_str()),
            Type::Array(items) => write!(f, "array<{items}>"),
            Type::Map(values) => write!(f, "map<{values}>"),
            Type::Named(name) => f.write_str(name),
        }
    }
}

impl Type {
    /// The inverse of `Display`, for types read back from JSON.
    pub fn parse(text: &str) -> Option<Type> {
        let inner = |prefix: &str| text.strip_prefix(prefix).and_then(|t| t.strip_suffix('>'));
        Some(match text {
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "any" => Type::Any,
            "object" => Type::OpenObject,
            _ => {
                if let Some(t) = inner("array<") {
                    Type::Array(Box::new(Type::parse(t)?))
                } else if let Some(t) = inner("map<") {
                    Type::Map(Box::new(Type::parse(t)?))
                } else if let Some(f) = inner("date<") {
                    Type::Date(DateFormat::parse(f)?)
                } else if !text.is_empty()
                    && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    Type::Named(text.to_string())
                } else {
                    return None;
                }
            }
        })
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Type {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Type::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a spec type")))
    }
}

/// The date formats the API uses, each written exactly as the reference writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateFormat {
    /// `DD/MM/YY`, used in filters and Opportunities.CreateOpportunity.
    DayMonthYear,
    /// `YYYY-MM-DD`, used in Tickets.CreateTicket.
    Iso,
}

impl DateFormat {
    pub const ALL: [DateFormat; 2] = [DateFormat::DayMonthYear, DateFormat::Iso];

    pub fn as_str(self) -> &'static str {
        match self {
            DateFormat::DayMonthYear => "DD/MM/YY",
            DateFormat::Iso => "YYYY-MM-DD",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedType {
    pub name: Name,
    pub doc: String,
    #[serde(flatten)]
    pub kind: NamedKind,
    /// Enum values added after the reference (`- { value: archived, since: v2 }`), each
    /// with its version: the reference check skips them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values_since: Vec<(Name, Name)>,
    /// Enum values marked `deprecated` (`- { value: lost, deprecated: use closed }`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values_deprecated: Vec<(Name, Deprecation)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NamedKind {
    /// An object with documented fields.
    Object { fields: Vec<Field> },
    /// An object whose fields the reference does not document.
    Open,
    /// A fixed list of wire strings.
    Enum { values: Vec<Name> },
}

impl Api {
    /// The named types that `roots` reach, through arrays, maps and object fields.
    pub fn named_types_reached<'a>(
        &'a self,
        roots: impl IntoIterator<Item = &'a Type>,
    ) -> std::collections::BTreeSet<&'a str> {
        let mut found = std::collections::BTreeSet::new();
        let mut stack: Vec<&Type> = roots.into_iter().collect();
        while let Some(ty) = stack.pop() {
            match ty {
                Type::Array(inner) | Type::Map(inner) => stack.push(inner),
                Type::Named(name) => {
                    if let Some(t) = self.named(name)
                        && found.insert(t.name.text.as_str())
                        && let NamedKind::Object { fields } = &t.kind
                    {
                        stack.extend(fields.iter().map(|f| &f.ty));
                    }
                }
                _ => {}
            }
        }
        found
    }

    pub fn named(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name.text == name)
    }

    /// A method error's declaration, by code.
    pub fn error(&self, code: &str) -> Option<&ErrorKind> {
        self.errors.iter().find(|e| e.code.text == code)
    }

    /// Every method with the namespace it belongs to, in spec order.
    pub fn methods(&self) -> impl Iterator<Item = (&Namespace, &Method)> {
        self.namespaces
            .iter()
            .flat_map(|ns| ns.methods.iter().map(move |m| (ns, m)))
    }

    /// Whether the item at a diff path (`Ns.Method`, `Ns.Method.params.field`,
    /// `Ns.Method.response.field`, `types.Enum.value`) is in the spec; `None` when the path
    /// has none of these shapes (a field of a named object is not one: the reference has no
    /// row of its own for it).
    pub fn has_item(&self, path: &str) -> Option<bool> {
        let parts: Vec<&str> = path.split('.').collect();
        let has_field = |fields: &[Field], name: &str| fields.iter().any(|f| f.name.text == name);
        if let ["types", ty, value] = parts[..] {
            return match self.named(ty).map(|t| &t.kind) {
                Some(NamedKind::Enum { values }) => Some(values.iter().any(|v| v.text == value)),
                Some(_) => None,
                None => Some(false),
            };
        }
        let method = |ns: &str, name: &str| {
            self.methods()
                .find(|(n, m)| n.name.text == ns && m.name.text == name)
                .map(|(_, m)| m)
        };
        match parts[..] {
            [ns, name] => Some(method(ns, name).is_some()),
            [ns, name, "params", field] => {
                Some(method(ns, name).is_some_and(|m| has_field(&m.params, field)))
            }
            [ns, name, "response", field] => {
                Some(method(ns, name).is_some_and(|m| has_field(&m.response, field)))
            }
            _ => None,
        }
    }

    /// Whether anything in the spec is marked `deprecated`: the generated files then allow
    /// their own uses of deprecated items.
    pub fn has_deprecations(&self) -> bool {
        let fields = |fields: &[Field]| fields.iter().any(|f| f.deprecated.is_some());
        self.namespaces.iter().any(|ns| ns.deprecated.is_some())
            || self
                .methods()
                .any(|(_, m)| m.deprecated.is_some() || fields(&m.params) || fields(&m.response))
            || self.types.iter().any(|t| {
                !t.values_deprecated.is_empty()
                    || matches!(&t.kind, NamedKind::Object { fields: f } if fields(f))
            })
    }
}

impl NamedType {
    /// The deprecation of one of the enum's values, if it has one.
    pub fn value_deprecation(&self, value: &str) -> Option<&Deprecation> {
        self.values_deprecated
            .iter()
            .find(|(v, _)| v.text == value)
            .map(|(_, d)| d)
    }
}

impl Deprecation {
    /// `deprecated since v2: <note>`, or without the version when the spec gives none.
    pub fn words(&self) -> String {
        match &self.since {
            Some(since) => format!("deprecated since {}: {}", since.text, self.note),
            None => format!("deprecated: {}", self.note),
        }
    }
}

/// The arguments of a token method's `client.login(..)` shortcut: its required parameters,
/// the ones that are not secret (who) before the secret ones (the proof), each group in spec
/// order. By role, so that moving `password` above `email` in the spec does not swap two
/// `impl Into<String>` arguments that callers would still fill in the old order.
pub fn shortcut_order<'f, T>(
    required: impl IntoIterator<Item = T>,
    field: impl Fn(&T) -> &'f Field,
) -> Vec<T> {
    let (open, secret): (Vec<T>, Vec<T>) = required.into_iter().partition(|f| !field(f).secret);
    open.into_iter().chain(secret).collect()
}

impl Method {
    /// The paginated items field, resolved.
    pub fn page_items(&self) -> Option<&Field> {
        let name = self.paginated.as_ref()?;
        self.response.iter().find(|f| f.name.text == name.text)
    }
}
