//! The resolved API model: what the spec says once it has been loaded and validated.
//!
//! Every generator reads this model and nothing else. Names are the wire names; each
//! generator derives its own identifiers from them (see [`crate::names`]). Names keep the
//! place in the spec they came from, for the validator's messages.

use std::fmt;
use std::ops::Deref;

use crate::spec::diagnostics::Loc;

/// A name from the spec and where it was written.
#[derive(Debug, Clone)]
pub struct Name {
    pub text: String,
    pub loc: Loc,
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
#[derive(Debug, Clone)]
pub struct Api {
    pub name: String,
    pub version: String,
    pub doc: String,
    pub transport: Transport,
    /// Named types in the order the spec defines them.
    pub types: Vec<NamedType>,
    pub namespaces: Vec<Namespace>,
}

/// How a call travels: the spec states it so that no generator hard-codes it.
#[derive(Debug, Clone)]
pub struct Transport {
    pub base_url: String,
    pub base_url_note: String,
    pub http_method: String,
    pub content_type: String,
    pub auth: String,
    pub request: String,
    pub response: String,
    pub response_note: String,
}

#[derive(Debug, Clone)]
pub struct Namespace {
    pub name: Name,
    /// The URL path segment under the base URL, e.g. `companies`.
    pub path: Name,
    pub doc: String,
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone)]
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
    pub paginated: Option<Name>,
    /// The response field holding a bearer token that the client keeps for later calls.
    pub token: Option<Name>,
    /// Whether sending the call twice does no more than sending it once, so that a client
    /// may retry it after a timeout or a 5xx. False unless the spec says so: a write
    /// retried blindly could be carried out twice.
    pub idempotent: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: Name,
    pub required: bool,
    /// A password or token: generated `Debug` and logs never show its value.
    pub secret: bool,
    pub doc: String,
    /// A transcription decision recorded next to the field.
    pub note: Option<String>,
    pub ty: Type,
    /// Where the type was written.
    pub type_loc: Loc,
}

/// A field's type. Named types are referenced by name; [`Api::named`] resolves them.
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

#[derive(Debug, Clone)]
pub struct NamedType {
    pub name: Name,
    pub doc: String,
    pub kind: NamedKind,
}

#[derive(Debug, Clone)]
pub enum NamedKind {
    /// An object with documented fields.
    Object { fields: Vec<Field> },
    /// An object whose fields the reference does not document.
    Open,
    /// A fixed list of wire strings.
    Enum { values: Vec<Name> },
}

impl Api {
    pub fn named(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name.text == name)
    }

    /// Every method with the namespace it belongs to, in spec order.
    pub fn methods(&self) -> impl Iterator<Item = (&Namespace, &Method)> {
        self.namespaces
            .iter()
            .flat_map(|ns| ns.methods.iter().map(move |m| (ns, m)))
    }
}

impl Method {
    /// The paginated items field, resolved.
    pub fn page_items(&self) -> Option<&Field> {
        let name = self.paginated.as_ref()?;
        self.response.iter().find(|f| f.name.text == name.text)
    }
}
