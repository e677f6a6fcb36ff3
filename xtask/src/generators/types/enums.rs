//! The enums of the types file: one per named enum of the spec.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Types;
use crate::generators::rust::{self, ident};
use crate::model::{Name, NamedType};
use crate::names;

impl Types<'_> {
    /// An enum with a variant per wire value, `ALL`, `as_str` and `Display`. A `lenient` one
    /// (a server may send it) keeps a value this version does not know instead of failing;
    /// a strict one (only ever sent) fails on it, on the server's side.
    pub(super) fn enumeration(
        &self,
        name: &Ident,
        docs: &TokenStream,
        named: &NamedType,
        values: &[(&Name, String)],
        lenient: bool,
    ) -> TokenStream {
        let variants: Vec<Ident> = values.iter().map(|(_, v)| ident(v)).collect();
        let wire: Vec<&str> = values.iter().map(|(v, _)| v.text.as_str()).collect();
        // Each variant's doc, and its `#[deprecated]` where the spec marks the value.
        let docs_each: Vec<TokenStream> =
            wire.iter().map(|w| rust::value_attrs(w, named)).collect();
        let count = proc_macro2::Literal::usize_unsuffixed(values.len());
        if lenient {
            return self.lenient_enum(name, docs, &variants, &wire, &docs_each, &count);
        }
        let serde_crate = &self.serde_crate;
        // Exhaustive on purpose: a server matches on what it is sent, and a new value is one
        // it must decide how to handle, so adding one is a breaking change for it.
        quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
            #[serde(crate = #serde_crate)]
            pub enum #name {
                #( #docs_each #[serde(rename = #wire)] #variants, )*
            }

            impl #name {
                /// Every value, in the spec's order.
                pub const ALL: [Self; #count] = [#(Self::#variants),*];

                /// The value as it is written on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self { #(Self::#variants => #wire,)* }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        }
    }

    fn lenient_enum(
        &self,
        name: &Ident,
        docs: &TokenStream,
        variants: &[Ident],
        wire: &[&str],
        docs_each: &[TokenStream],
        count: &proc_macro2::Literal,
    ) -> TokenStream {
        let rt = &self.ctx.types_runtime;
        let unknown = ident(names::UNKNOWN_VARIANT);
        let unknown_doc = format!(
            " A value that this version does not know decodes to `{unknown}` instead of failing,"
        );
        quote! {
            #docs
            ///
            #[doc = #unknown_doc]
            /// except where a server reads a request (see `centiacrm_types::wire::with_strict_enums`).
            /// More values may come in a minor version: a `match` needs a `_` arm.
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #( #docs_each #variants, )*
                /// A value this version of the spec does not list.
                #unknown(String),
            }

            impl #name {
                /// Every known value, in the spec's order.
                pub const ALL: [Self; #count] = [#(Self::#variants),*];

                /// The value as it is written on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #wire,)*
                        Self::#unknown(other) => other,
                    }
                }

                /// Whether the spec lists this value.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::#unknown(_))
                }
            }

            impl From<&str> for #name {
                fn from(wire: &str) -> Self {
                    match wire {
                        #(#wire => Self::#variants,)*
                        other => Self::#unknown(other.to_string()),
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    const WIRE: &[&str] = &[#(#wire),*];
                    let wire = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    let value = Self::from(wire.as_ref());
                    // A server reading a request is strict; see `with_strict_enums`.
                    if !value.is_known() && #rt::strict_enums() {
                        return Err(serde::de::Error::unknown_variant(&wire, WIRE));
                    }
                    Ok(value)
                }
            }
        }
    }
}

impl Types<'_> {
    /// `ErrorCode`: one variant per declared error code (the transport's, then the
    /// methods'), and `Other` for a code a newer server sends; reading one never fails.
    pub(super) fn error_code(&self) -> TokenStream {
        let rt = &self.ctx.types_runtime;
        let name = ident(names::ERROR_CODE);
        let other = ident(names::OTHER_CODE_VARIANT);
        let codes = &self.ctx.names.codes;
        let variants: Vec<Ident> = codes.iter().map(|(_, v)| ident(v)).collect();
        let wire: Vec<&str> = codes.iter().map(|(e, _)| e.code.text.as_str()).collect();
        let statuses: Vec<u16> = codes.iter().map(|(e, _)| e.status).collect();
        let docs_each: Vec<String> = codes
            .iter()
            .map(|(e, _)| format!(" `{}` ({}): {}", e.code, e.status, e.doc))
            .collect();
        let count = proc_macro2::Literal::usize_unsuffixed(codes.len());
        quote! {
            /// The `code` of a failed call's envelope: every code the spec declares, the
            /// transport's (any method may answer them) and the methods' (each answers those
            /// it lists). A code this version does not know is kept as `Other`, so that
            /// reading one never fails; more codes may come in a minor version, so a `match`
            /// needs a `_` arm.
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #( #[doc = #docs_each] #variants, )*
                /// A code this version of the spec does not declare.
                #other(String),
            }

            impl #name {
                /// Every declared code, in the spec's order.
                pub const ALL: [Self; #count] = [#(Self::#variants),*];

                /// The code as it is written on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #wire,)*
                        Self::#other(other) => other,
                    }
                }

                /// The HTTP status the spec declares for it (`None` for `Other`).
                pub fn status(&self) -> Option<u16> {
                    match self {
                        #(Self::#variants => Some(#statuses),)*
                        Self::#other(_) => None,
                    }
                }
            }

            impl From<&str> for #name {
                fn from(wire: &str) -> Self {
                    match wire {
                        #(#wire => Self::#variants,)*
                        other => Self::#other(other.to_string()),
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl #rt::serde::Serialize for #name {
                fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> #rt::serde::Deserialize<'de> for #name {
                fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let wire = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    Ok(Self::from(wire.as_ref()))
                }
            }
        }
    }
}
