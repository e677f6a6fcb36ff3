#![doc = include_str!("../README.md")]

mod date;
// Written by `cargo xtask codegen` (prettyplease), not rustfmt; `cargo fmt` leaves it alone.
#[rustfmt::skip]
mod generated;
pub mod validate;
pub mod wire;

/// The runtime contract: everything generated types code uses, and nothing else. Generated
/// code names only this module (`crate::__codegen` here, `centiacrm_types::__codegen` from
/// other crates), so what it depends on is listed in one place. Not for hand-written code.
#[doc(hidden)]
pub mod __codegen {
    pub use serde;

    pub use regex::Regex;

    pub use crate::__object_only as object_only;
    pub use crate::validate::{Invalid, Path, Validate, check};
    pub use crate::wire::{ObjectOnly, one_or_array, option_one_or_array, strict_enums};
    pub use crate::{
        ApiMethod, DayMonthYear, IsoDate, JsonObject, JsonValue, MethodVisitor, NoParams, Page,
        Paginated, Unset,
    };
}

pub use date::{DateBuilder, DateError, DayMonthYear, IsoDate};
pub use generated::*;
pub use validate::{Invalid, Validate};

/// A required field that a builder has not been given yet. Each generated builder has one
/// type parameter per required field, `Unset` until its setter is called; `build()` exists
/// only once none is, so a missing required field is a compile error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Unset;

/// A JSON object whose fields the reference does not document.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;
/// Any JSON value.
pub type JsonValue = serde_json::Value;

/// What the client and the server need to know of one API method.
pub trait ApiMethod {
    /// The namespace, e.g. `Companies`.
    const NAMESPACE: &'static str;
    /// The method's wire name, sent as `"method"`, e.g. `GetCompanies`.
    const NAME: &'static str;
    /// The namespace's path under the base URL, e.g. `companies`.
    const PATH: &'static str;
    /// Whether the call needs the bearer token.
    const AUTH: bool;
    /// Whether the request carries a `parameters` object at all.
    const HAS_PARAMS: bool;
    /// The response field that holds a bearer token for later calls, if any.
    const TOKEN_FIELD: Option<&'static str> = None;
    /// Whether sending the call twice does no more than sending it once, so that the
    /// client may retry it after a timeout or a 5xx. False unless the spec says so.
    const IDEMPOTENT: bool = false;
    /// The codes of the errors the method declares (the spec's method `errors` it lists),
    /// besides the transport's, which any method may answer: see `ErrorCode`.
    const ERRORS: &'static [&'static str] = &[];

    type Params: serde::Serialize + serde::de::DeserializeOwned + Validate + Send + Sync + 'static;
    type Response: serde::Serialize + serde::de::DeserializeOwned + Send + 'static;
}

/// A list method whose results come a page at a time.
pub trait Paginated: ApiMethod {
    type Item: Send + 'static;

    /// The page the parameters ask for (the first when they do not say).
    fn start_page(params: &Self::Params) -> i64;
    /// Asks for page `page` (1-based).
    fn set_page(params: &mut Self::Params, page: i64);
    /// Splits a response into its items and page counters.
    fn into_page(response: Self::Response) -> Page<Self::Item>;
    /// The number of items of all pages, when the response says it.
    fn total(response: &Self::Response) -> Option<i64> {
        let _ = response;
        None
    }
}

/// Something done for every API method; see `visit_methods`.
pub trait MethodVisitor {
    fn visit<M: ApiMethod + 'static>(&mut self);
}

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub current_page: i64,
    pub last_page: i64,
}

/// The parameters of a method that takes none; such a request has no `parameters` key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self")]
pub struct NoParams {}

__object_only!(NoParams);

/// The serde impls of a struct that derives them with `#[serde(remote = "Self")]`:
/// `Serialize` as derived, and `Deserialize` as derived but only from a JSON object (serde
/// alone would also read the fields from an array, in order). Generated code calls it as
/// `__codegen::object_only!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_only {
    ($name:ident) => {
        impl $crate::__codegen::serde::Serialize for $name {
            fn serialize<S: $crate::__codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                Self::serialize(self, serializer)
            }
        }

        impl<'de> $crate::__codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                Self::deserialize($crate::__codegen::ObjectOnly(deserializer))
            }
        }
    };
}
