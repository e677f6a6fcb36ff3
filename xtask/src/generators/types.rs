//! The types artifact: named types at the root, then one module per namespace with each
//! method's marker type, parameters and response.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{self, Scope, camel_ident, doc, field_doc, snake_ident};
use crate::model::{Api, Field, Method, NamedKind, NamedType, Namespace, Type};
use crate::names;

/// `docs_dir` is where the docs generator writes, for links from the Rust docs.
pub fn generate(api: &Api, docs_dir: &str) -> Result<String, String> {
    let lenient = response_side_types(api);
    let named = api
        .types
        .iter()
        .map(|t| named_type(api, t, lenient.contains(t.name.text.as_str())));
    let namespaces = api.namespaces.iter().map(|ns| namespace(api, ns, docs_dir));
    let visits = api.methods().map(|(ns, m)| {
        let module = snake_ident(&ns.name);
        let marker = rust::method_ident(&m.name);
        quote!(visitor.visit::<#module::#marker>();)
    });
    rust::format_file(quote! {
        #(#named)*
        #(#namespaces)*

        /// Calls `visitor` once per API method, in the spec's order: for code that works on
        /// every method alike (tests, benchmarks, tools).
        pub fn visit_methods(visitor: &mut impl centiacrm_types::MethodVisitor) {
            #(#visits)*
        }
    })
}

/// Named types reachable from some response: their enums must accept unknown values.
fn response_side_types(api: &Api) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<&Type> = api
        .methods()
        .flat_map(|(_, m)| m.response.iter().map(|f| &f.ty))
        .collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Array(inner) | Type::Map(inner) => stack.push(inner),
            Type::Named(name) => {
                if let Some(t) = api.named(name)
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

fn named_type(api: &Api, t: &NamedType, lenient: bool) -> TokenStream {
    let name = camel_ident(&t.name);
    let docs = doc(&t.doc);
    match &t.kind {
        NamedKind::Object { fields } => object(
            api,
            &name,
            &docs,
            fields,
            Scope::Types { in_module: false },
            false,
        ),
        NamedKind::Open => quote! {
            #docs
            pub type #name = centiacrm_types::JsonObject;
        },
        NamedKind::Enum { values } if lenient => lenient_enum(&name, &docs, values),
        NamedKind::Enum { values } => strict_enum(&name, &docs, values),
    }
}

/// Each value's variant, wire string, and doc (the wire string in backticks).
fn variants(values: &[crate::model::Name]) -> (Vec<proc_macro2::Ident>, Vec<&str>, Vec<String>) {
    (
        values.iter().map(|v| camel_ident(v)).collect(),
        values.iter().map(|v| v.text.as_str()).collect(),
        values.iter().map(|v| format!(" `{}`", v.text)).collect(),
    )
}

/// An enum only ever sent: unknown values are an error when decoding (the server's side).
fn strict_enum(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    values: &[crate::model::Name],
) -> TokenStream {
    let (variants, wire, docs_each) = variants(values);
    let count = proc_macro2::Literal::usize_unsuffixed(values.len());
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum #name {
            #( #[doc = #docs_each] #[serde(rename = #wire)] #variants, )*
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

/// An enum that a server may send: a value this version does not know is kept, not an error.
fn lenient_enum(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    values: &[crate::model::Name],
) -> TokenStream {
    let (variants, wire, docs_each) = variants(values);
    let count = proc_macro2::Literal::usize_unsuffixed(values.len());
    quote! {
        #docs
        ///
        /// A value that this version does not know decodes to `Unknown` instead of failing,
        /// except where a server reads a request (see `centiacrm_types::wire::with_strict_enums`).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #[doc = #docs_each] #variants, )*
            /// A value this version of the spec does not list.
            Unknown(String),
        }

        impl #name {
            /// Every known value, in the spec's order.
            pub const ALL: [Self; #count] = [#(Self::#variants),*];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::Unknown(other) => other,
                }
            }

            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(wire: &str) -> Self {
                match wire {
                    #(#wire => Self::#variants,)*
                    other => Self::Unknown(other.to_string()),
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
                if !value.is_known() && centiacrm_types::wire::strict_enums() {
                    return Err(serde::de::Error::unknown_variant(&wire, WIRE));
                }
                Ok(value)
            }
        }
    }
}

/// A struct with a field per spec field, a constructor taking the required ones and a
/// setter per optional one. `response` marks a response payload, whose single objects
/// may arrive as one-element arrays.
fn object(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    fields: &[Field],
    scope: Scope,
    response: bool,
) -> TokenStream {
    let defs = fields.iter().map(|f| {
        let ident = snake_ident(&f.name);
        let ty = rust_type(f, scope);
        let docs = field_doc(f);
        let mut serde = Vec::new();
        if names::bare(&names::snake(&f.name)) != f.name.text {
            let wire = &f.name.text;
            serde.push(quote!(rename = #wire));
        }
        let single = response && rust::is_single_object(api, &f.ty);
        match (f.required, single) {
            (true, true) => serde.push(quote!(
                deserialize_with = "centiacrm_types::wire::one_or_array"
            )),
            (false, true) => serde.push(quote!(
                default,
                deserialize_with = "centiacrm_types::wire::option_one_or_array",
                skip_serializing_if = "Option::is_none"
            )),
            (false, false) => serde.push(quote!(default, skip_serializing_if = "Option::is_none")),
            (true, false) => {}
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        quote!(#docs #serde pub #ident: #ty,)
    });

    let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
    let all_optional = required.is_empty();
    let default = all_optional.then(|| quote!(Default,));
    let args = required.iter().map(|f| {
        let ident = snake_ident(&f.name);
        match &f.ty {
            Type::String => quote!(#ident: impl Into<String>),
            ty => {
                let ty = rust::rust_type(ty, scope);
                quote!(#ident: #ty)
            }
        }
    });
    let inits = fields.iter().map(|f| {
        let ident = snake_ident(&f.name);
        match (&f.ty, f.required) {
            (Type::String, true) => quote!(#ident: #ident.into()),
            (_, true) => quote!(#ident),
            (_, false) => quote!(#ident: None),
        }
    });
    // Wide constructors mirror the API's required parameters one to one.
    let allow_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let ident = snake_ident(&f.name);
        // A setter named `new` would clash with the constructor.
        let setter = if names::snake(&f.name) == "new" { format_ident!("with_new") } else { ident.clone() };
        let doc = format!(" Sets `{}`: {}", f.name, f.doc.lines().next().unwrap_or_default());
        match &f.ty {
            Type::String => quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #setter(mut self, value: impl Into<String>) -> Self { self.#ident = Some(value.into()); self }
            },
            ty => {
                let ty = rust::rust_type(ty, scope);
                quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub fn #setter(mut self, value: #ty) -> Self { self.#ident = Some(value); self }
                }
            }
        }
    });
    let new_doc = if all_optional {
        " With every field unset."
    } else {
        " With the required fields; set the optional ones with the methods named after them."
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #[serde(remote = "Self")]
        pub struct #name {
            #(#defs)*
        }

        /// As derived (the derives are inherent, `remote = "Self"`, for the reading below).
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Self::serialize(self, serializer)
            }
        }

        /// As derived, but only from a JSON object: serde alone would also read the fields
        /// from an array, in order.
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::deserialize(centiacrm_types::wire::ObjectOnly(deserializer))
            }
        }

        impl #name {
            #[doc = #new_doc]
            #allow_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

fn rust_type(f: &Field, scope: Scope) -> TokenStream {
    let ty = rust::rust_type(&f.ty, scope);
    if f.required { ty } else { quote!(Option<#ty>) }
}

fn namespace(api: &Api, ns: &Namespace, docs_dir: &str) -> TokenStream {
    let module = snake_ident(&ns.name);
    let docs = doc(&format!(
        "{}: {}",
        ns.name,
        if ns.doc.is_empty() {
            "methods."
        } else {
            &ns.doc
        }
    ));
    let methods = ns.methods.iter().map(|m| method(api, ns, m, docs_dir));
    quote! {
        #docs
        pub mod #module {
            #(#methods)*
        }
    }
}

fn method(api: &Api, ns: &Namespace, m: &Method, docs_dir: &str) -> TokenStream {
    let marker = rust::method_ident(&m.name);
    let params = rust::params_ident(&m.name);
    let response = rust::response_ident(&m.name);
    let (ns_name, name, path, auth) = (&ns.name.text, &m.name.text, &ns.path.text, m.auth);
    let has_params = !m.params.is_empty();
    let scope = Scope::Types { in_module: true };

    let mut marker_doc = format!("`{ns_name}.{name}`: {}.", m.summary.trim_end_matches('.'));
    marker_doc.push_str(&format!(
        "\n\nSent as `{{\"method\": \"{name}\"{}}}` to `<base URL>/{path}`{}.",
        if has_params {
            ", \"parameters\": {...}"
        } else {
            ""
        },
        if auth {
            " with the bearer token"
        } else {
            ", without a token"
        }
    ));
    if let Some(note) = &m.note {
        marker_doc.push_str(&format!("\n\nSpec note: {note}"));
    }
    marker_doc.push_str(&format!(
        "\n\nDocs: `{}`.",
        super::docs::method_link(docs_dir, ns, m)
    ));
    let marker_doc = doc(&marker_doc);
    let token = m.token.as_ref().map(|t| {
        let t = &t.text;
        quote!(const TOKEN_FIELD: Option<&'static str> = Some(#t);)
    });

    let params_item = has_params.then(|| {
        let docs = doc(&format!("Parameters of [`{marker}`]."));
        object(api, &params, &docs, &m.params, scope, false)
    });
    let params_ty = if has_params {
        quote!(#params)
    } else {
        quote!(centiacrm_types::NoParams)
    };
    let response_docs = doc(&format!(
        "Response of [`{marker}`]: the fields inside the envelope's `response`."
    ));
    let response_item = object(api, &response, &response_docs, &m.response, scope, true);

    let paginated = m.page_items().map(|items| {
        let Type::Array(item_ty) = &items.ty else { return quote!() };
        let item_ty = rust::rust_type(item_ty, scope);
        let items = snake_ident(&items.name);
        let page = m.params.iter().find(|f| f.name.text == "page");
        let (start, set) = match page {
            Some(f) if f.required => (quote!(params.page), quote!(params.page = page;)),
            _ => (quote!(params.page.unwrap_or(1)), quote!(params.page = Some(page);)),
        };
        quote! {
            impl centiacrm_types::Paginated for #marker {
                type Item = #item_ty;
                fn start_page(params: &#params) -> i64 { #start }
                fn set_page(params: &mut #params, page: i64) { #set }
                fn into_page(response: #response) -> centiacrm_types::Page<#item_ty> {
                    centiacrm_types::Page { items: response.#items, current_page: response.current_page, last_page: response.last_page }
                }
            }
        }
    });

    quote! {
        #marker_doc
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct #marker;

        impl centiacrm_types::ApiMethod for #marker {
            const NAMESPACE: &'static str = #ns_name;
            const NAME: &'static str = #name;
            const PATH: &'static str = #path;
            const AUTH: bool = #auth;
            const HAS_PARAMS: bool = #has_params;
            #token
            type Params = #params_ty;
            type Response = #response;
        }
        #paginated
        #params_item
        #response_item
    }
}
