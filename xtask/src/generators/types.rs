//! The types artifact: named types at the root, then one module per namespace with each
//! method's marker type, parameters and response.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Context;
use super::rust::{self, NamedFrom, Scope, doc, field_doc, ident};
use crate::model::{Api, Name, NamedKind, ResponseLeniency, Type};
use crate::names::{
    self, FieldNames, MethodNames, NamespaceNames, StructNames, TypeKindNames, TypeNames,
};

pub fn generate(ctx: &Context) -> Result<String, String> {
    file(ctx).map(|file| rust::format_file(&file))
}

/// The generated file, parsed.
pub fn file(ctx: &Context) -> Result<syn::File, String> {
    let api = ctx.api;
    let rt = &ctx.types_runtime;
    let lenient = rust::lenient_enums(api);
    let types = Types {
        ctx,
        serde_crate: format!("{}::serde", ctx.layout.paths.types_runtime),
    };
    let named = ctx
        .names
        .types
        .iter()
        .map(|t| types.named_type(t, lenient.contains(t.named.name.text.as_str())));
    let namespaces = ctx.names.namespaces.iter().map(|ns| types.namespace(ns));
    let visits = ctx.names.methods().map(|m| {
        let module = ident(&m.module);
        let marker = ident(&m.marker);
        quote!(visitor.visit::<#module::#marker>();)
    });
    // Serde's derives and traits, through the runtime; the root needs them only for
    // named objects and enums.
    let root_uses_serde = api.types.iter().any(|t| !matches!(t.kind, NamedKind::Open));
    let serde = root_uses_serde.then(|| quote!(use #rt::serde;));
    let visit_methods = ident(names::VISIT_METHODS);
    rust::parse_file(quote! {
        #serde

        #(#named)*
        #(#namespaces)*

        /// Calls `visitor` once per API method, in the spec's order: for code that works on
        /// every method alike (tests, benchmarks, tools).
        pub fn #visit_methods(visitor: &mut impl #rt::MethodVisitor) {
            #(#visits)*
        }
    })
}

/// The generator of one types file.
struct Types<'a> {
    ctx: &'a Context<'a>,
    /// The path serde's derives reach serde through: `crate::__codegen::serde`.
    serde_crate: String,
}

impl Types<'_> {
    fn scope(&self, named: NamedFrom<'static>) -> Scope<'_> {
        Scope {
            named,
            runtime: &self.ctx.types_runtime,
        }
    }

    fn named_type(&self, t: &TypeNames, lenient: bool) -> TokenStream {
        let name = ident(&t.name);
        let docs = doc(&t.named.doc);
        let rt = &self.ctx.types_runtime;
        match &t.kind {
            TypeKindNames::Object(s) => {
                self.object(&name, &docs, s, self.scope(NamedFrom::Root), false)
            }
            TypeKindNames::Open => quote! {
                #docs
                pub type #name = #rt::JsonObject;
            },
            TypeKindNames::Enum(values) => self.enumeration(&name, &docs, values, lenient),
        }
    }

    /// An enum with a variant per wire value, `ALL`, `as_str` and `Display`. A `lenient` one
    /// (a server may send it) keeps a value this version does not know instead of failing;
    /// a strict one (only ever sent) fails on it, on the server's side.
    fn enumeration(
        &self,
        name: &Ident,
        docs: &TokenStream,
        values: &[(&Name, String)],
        lenient: bool,
    ) -> TokenStream {
        let variants: Vec<Ident> = values.iter().map(|(_, v)| ident(v)).collect();
        let wire: Vec<&str> = values.iter().map(|(v, _)| v.text.as_str()).collect();
        let docs_each: Vec<String> = wire.iter().map(|w| format!(" `{w}`")).collect();
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

    fn lenient_enum(
        &self,
        name: &Ident,
        docs: &TokenStream,
        variants: &[Ident],
        wire: &[&str],
        docs_each: &[String],
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
                #( #[doc = #docs_each] #variants, )*
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

    /// A struct with a field per spec field, `#[non_exhaustive]` so that adding an optional
    /// field is not a breaking change, and its builder. `response` marks a response payload,
    /// whose single objects may arrive as one-element arrays.
    fn object(
        &self,
        name: &Ident,
        docs: &TokenStream,
        s: &StructNames,
        scope: Scope,
        response: bool,
    ) -> TokenStream {
        let api = self.ctx.api;
        let rt = &self.ctx.types_runtime;
        let runtime = self.ctx.layout.paths.types_runtime;
        let one_or_array = format!("{runtime}::one_or_array");
        let option_one_or_array = format!("{runtime}::option_one_or_array");
        let one_element_arrays = api
            .transport
            .response_leniency
            .contains(&ResponseLeniency::OneElementArrays);
        let defs = s.fields.iter().map(|f| {
            let field = f.field;
            let ident = ident(&f.ident);
            let ty = field_type(f, scope);
            let docs = field_doc(field);
            let mut serde = Vec::new();
            if names::bare(&f.ident) != field.name.text {
                let wire = &field.name.text;
                serde.push(quote!(rename = #wire));
            }
            let single = response && one_element_arrays && rust::is_single_object(api, &field.ty);
            match (field.required, single) {
                (true, true) => serde.push(quote!(deserialize_with = #one_or_array)),
                (false, true) => serde.push(quote!(
                    default,
                    deserialize_with = #option_one_or_array,
                    skip_serializing_if = "Option::is_none"
                )),
                (false, false) => {
                    serde.push(quote!(default, skip_serializing_if = "Option::is_none"))
                }
                (true, false) => {}
            }
            let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
            quote!(#docs #serde pub #ident: #ty,)
        });

        let all_optional = s.fields.iter().all(|f| !f.field.required);
        let default = all_optional.then(|| quote!(Default,));
        let (builder_fn, builder) = self.builder(name, s, scope);
        // Setters on a built value too, for changing one optional field of a copy.
        let setters = s.fields.iter().filter(|f| !f.field.required).map(|f| {
            let setter = ident(&f.setter);
            let field = ident(&f.ident);
            let doc = format!(
                " Sets `{}`: {}",
                f.field.name,
                f.field.doc.lines().next().unwrap_or_default()
            );
            let (arg, value) = match &f.field.ty {
                Type::String => (quote!(impl Into<String>), quote!(value.into())),
                ty => (rust::rust_type(ty, scope), quote!(value)),
            };
            quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #setter(mut self, value: #arg) -> Self {
                    self.#field = Some(#value);
                    self
                }
            }
        });
        let serde_crate = &self.serde_crate;
        let (derive_debug, debug_impl) = match redacted_debug(name, s) {
            Some(debug_impl) => (None, Some(debug_impl)),
            None => (Some(quote!(Debug,)), None),
        };
        // Requests are checked against the spec's constraints; responses are not.
        let validate = (!response).then(|| self.validate_impl(name, s));
        quote! {
            #docs
            #[derive(#derive_debug Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
            #[serde(remote = "Self", crate = #serde_crate)]
            #[non_exhaustive]
            pub struct #name {
                #(#defs)*
            }

            #rt::object_only!(#name);
            #debug_impl

            impl #name {
                #builder_fn
                #(#setters)*
            }

            #builder

            #validate
        }
    }

    /// The struct's typestate builder: one type parameter per required field, `Unset` until
    /// its setter is called (once), and `build` only where none is `Unset`, so a missing
    /// required field is a compile error. Optional fields can be set in any state. Users never
    /// need the struct's literal, so a field added later breaks nobody.
    /// The struct's `builder()` function, and the builder with its impls.
    fn builder(&self, name: &Ident, s: &StructNames, scope: Scope) -> (TokenStream, TokenStream) {
        let rt = &self.ctx.types_runtime;
        let builder = ident(&s.builder);
        let [builder_fn, build] = [names::BUILDER, names::BUILD].map(ident);
        let fields: Vec<Ident> = s.fields.iter().map(|f| ident(&f.ident)).collect();
        // The type parameter of each required field, in field order.
        let params: Vec<Option<Ident>> = {
            let mut n = 0usize;
            s.fields
                .iter()
                .map(|f| {
                    f.field.required.then(|| {
                        n += 1;
                        quote::format_ident!("R{}", n - 1)
                    })
                })
                .collect()
        };
        let generics = |each: &dyn Fn(usize, &Ident) -> TokenStream| -> TokenStream {
            let args: Vec<TokenStream> = params
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some(each(i, p.as_ref()?)))
                .collect();
            if args.is_empty() {
                quote!()
            } else {
                quote!(<#(#args),*>)
            }
        };
        let type_params = generics(&|_, p| quote!(#p));
        let unset = generics(&|_, _| quote!(#rt::Unset));
        let complete = generics(&|i, _| rust::rust_type(&s.fields[i].field.ty, scope));
        let slots = s
            .fields
            .iter()
            .zip(&fields)
            .zip(&params)
            .map(|((f, field), p)| match p {
                Some(p) => quote!(#field: #p,),
                None => {
                    let ty = rust::rust_type(&f.field.ty, scope);
                    quote!(#field: Option<#ty>,)
                }
            });
        let starts = s.fields.iter().zip(&fields).map(|(f, field)| {
            if f.field.required {
                quote!(#field: #rt::Unset)
            } else {
                quote!(#field: None)
            }
        });
        // Wide builders mirror the API's required parameters one to one.
        let required_count = params.iter().flatten().count();
        let allow_complex = (required_count > 4).then(|| quote!(#[allow(clippy::type_complexity)]));
        // Each setter's argument is named after its field.
        let setter_parts = |i: usize| {
            let f = &s.fields[i];
            let summary = f.field.doc.lines().next().unwrap_or_default();
            let arg = &fields[i];
            let (ty, value) = match &f.field.ty {
                Type::String => (quote!(impl Into<String>), quote!(#arg.into())),
                ty => (rust::rust_type(ty, scope), quote!(#arg)),
            };
            (ident(&f.setter), summary, quote!(#arg: #ty), value)
        };
        let optional: Vec<usize> = (0..s.fields.len())
            .filter(|&i| params[i].is_none())
            .collect();
        let optional_setters = optional.iter().map(|&i| {
            let (setter, summary, arg, value) = setter_parts(i);
            let field = &fields[i];
            let doc = format!(" Sets `{}`: {summary}", s.fields[i].field.name);
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, #arg) -> Self {
                    self.#field = Some(#value);
                    self
                }
            }
        });
        let optional_setters = (!optional.is_empty()).then(|| {
            quote! {
                impl #type_params #builder #type_params {
                    #(#optional_setters)*
                }
            }
        });
        let required_setters = (0..s.fields.len()).filter_map(|i| {
            let p = params[i].as_ref()?;
            let (setter, summary, arg, value) = setter_parts(i);
            let field = &fields[i];
            let doc = format!(" Sets `{}` (required): {summary}", s.fields[i].field.name);
            let others: Vec<&Ident> = params.iter().flatten().filter(|q| *q != p).collect();
            let others = (!others.is_empty()).then(|| quote!(<#(#others),*>));
            let before = generics(&|j, q| {
                if j == i {
                    quote!(#rt::Unset)
                } else {
                    quote!(#q)
                }
            });
            let ty = rust::rust_type(&s.fields[i].field.ty, scope);
            let after = generics(&|j, q| if j == i { ty.clone() } else { quote!(#q) });
            let plain = !matches!(s.fields[i].field.ty, Type::String);
            let moved = fields.iter().map(|other| match other == field {
                true if plain => quote!(#field),
                true => quote!(#field: #value),
                false => quote!(#other: self.#other),
            });
            Some(quote! {
                impl #others #builder #before {
                    #[doc = #doc]
                    #allow_complex
                    pub fn #setter(self, #arg) -> #builder #after {
                        #builder { #(#moved),* }
                    }
                }
            })
        });
        let required: Vec<String> = s
            .fields
            .iter()
            .filter(|f| f.field.required)
            .map(|f| format!("`{}`", f.setter))
            .collect();
        let builder_doc = if required.is_empty() {
            format!(
                " Builds a [`{name}`]: every field is optional; set those you need, then call `{}`.",
                names::BUILD
            )
        } else {
            format!(
                " Builds a [`{name}`]: set the required fields by name ({}), and the optional ones \
                 you need, then call `{}`, which exists only once every required field is set. Each \
                 type parameter is `Unset` until its required field is.",
                required.join(", "),
                names::BUILD
            )
        };
        let start_doc = format!(" A builder for a [`{name}`]; see [`{builder}`].");
        let build_doc = format!(" Makes the [`{name}`].");
        let must_use = format!("a builder makes nothing until `{}` is called", names::BUILD);
        let start = quote! {
            #[doc = #start_doc]
            #allow_complex
            pub fn #builder_fn() -> #builder #unset {
                #builder { #(#starts),* }
            }
        };
        let rest = quote! {

            #[doc = #builder_doc]
            #[must_use = #must_use]
            pub struct #builder #type_params {
                #(#slots)*
            }

            #(#required_setters)*

            #optional_setters

            impl #builder #complete {
                #[doc = #build_doc]
                pub fn #build(self) -> #name {
                    #name { #(#fields: self.#fields),* }
                }
            }
        };
        (start, rest)
    }

    /// `Validate` for a request object: the spec's constraints on each field, then the
    /// checks of the objects inside it.
    fn validate_impl(&self, name: &Ident, s: &StructNames) -> TokenStream {
        let rt = &self.ctx.types_runtime;
        let checks: Vec<TokenStream> = s
            .fields
            .iter()
            .filter_map(|f| self.field_checks(f))
            .collect();
        let path = if checks.is_empty() {
            quote!(_path)
        } else {
            quote!(path)
        };
        quote! {
            impl #rt::Validate for #name {
                fn validate_at(&self, #path: &#rt::Path<'_>) -> Result<(), #rt::Invalid> {
                    #(#checks)*
                    Ok(())
                }
            }
        }
    }

    /// The checks of one field, run only when it is set.
    fn field_checks(&self, f: &FieldNames) -> Option<TokenStream> {
        let rt = &self.ctx.types_runtime;
        let field = f.field;
        let c = &field.constraints;
        let number = |v: f64| match field.ty {
            Type::Integer => proc_macro2::Literal::i64_unsuffixed(v as i64),
            _ => proc_macro2::Literal::f64_unsuffixed(v),
        };
        let size = |n: u64| proc_macro2::Literal::usize_unsuffixed(n as usize);
        let mut checks = Vec::new();
        if let Some(v) = c.minimum {
            let v = number(v);
            checks.push(quote!(#rt::check::minimum(&at, *value, #v)?;));
        }
        if let Some(v) = c.maximum {
            let v = number(v);
            checks.push(quote!(#rt::check::maximum(&at, *value, #v)?;));
        }
        if let Some(n) = c.min_length {
            let n = size(n);
            checks.push(quote!(#rt::check::min_length(&at, value, #n)?;));
        }
        if let Some(n) = c.max_length {
            let n = size(n);
            checks.push(quote!(#rt::check::max_length(&at, value, #n)?;));
        }
        if let Some(pattern) = &c.pattern {
            checks.push(quote! {
                static PATTERN: std::sync::LazyLock<#rt::Regex> =
                    std::sync::LazyLock::new(|| #rt::check::compile(#pattern));
                #rt::check::pattern(&at, value, &PATTERN)?;
            });
        }
        if let Some(n) = c.min_items {
            let n = size(n);
            checks.push(quote!(#rt::check::min_items(&at, value.len(), #n)?;));
        }
        if let Some(n) = c.max_items {
            let n = size(n);
            checks.push(quote!(#rt::check::max_items(&at, value.len(), #n)?;));
        }
        if holds_object(self.ctx.api, &field.ty) {
            checks.push(quote!(#rt::Validate::validate_at(value, &at)?;));
        }
        if checks.is_empty() {
            return None;
        }
        let ident = ident(&f.ident);
        let wire = &field.name.text;
        Some(if field.required {
            quote!({ let value = &self.#ident; let at = path.field(#wire); #(#checks)* })
        } else {
            quote!(if let Some(value) = &self.#ident { let at = path.field(#wire); #(#checks)* })
        })
    }

    fn namespace(&self, ns: &NamespaceNames) -> TokenStream {
        let module = ident(&ns.module);
        let rt = &self.ctx.types_runtime;
        let docs = doc(&format!("{}: {}", ns.namespace.name, ns.doc));
        let methods = ns.methods.iter().map(|m| self.method(m));
        quote! {
            #docs
            pub mod #module {
                use #rt::serde;

                #(#methods)*
            }
        }
    }

    fn method(&self, m: &MethodNames) -> TokenStream {
        let (ns, method) = (m.namespace, m.method);
        let rt = &self.ctx.types_runtime;
        let marker = ident(&m.marker);
        let response = ident(&m.response.name);
        let (ns_name, name, path, auth) =
            (&ns.name.text, &method.name.text, &ns.path.text, method.auth);
        let has_params = m.params.is_some();
        let scope = self.scope(NamedFrom::Module);

        let mut marker_doc = format!("`{ns_name}.{name}`: {}.", m.summary);
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
        if let Some(note) = &method.note {
            marker_doc.push_str(&format!("\n\nSpec note: {note}"));
        }
        let idempotent = method.idempotent;
        marker_doc.push_str(if idempotent {
            "\n\nIdempotent: the client retries it after a timeout, a broken connection or \
             HTTP 429, 502, 503 or 504."
        } else {
            "\n\nNot idempotent: the client sends it again only if the connection was never made."
        });
        marker_doc.push_str(&format!("\n\nDocs: `{}`.", self.ctx.method_link(m)));
        let marker_doc = doc(&marker_doc);
        let token = method.token.as_ref().map(|t| {
            let t = &t.text;
            quote!(const TOKEN_FIELD: Option<&'static str> = Some(#t);)
        });

        let params_item = m.params.as_ref().map(|p| {
            let docs = doc(&format!("Parameters of [`{marker}`]."));
            self.object(&ident(&p.name), &docs, p, scope, false)
        });
        let params_ty = match &m.params {
            Some(p) => {
                let params = ident(&p.name);
                quote!(#params)
            }
            None => quote!(#rt::NoParams),
        };
        let response_docs = doc(&format!(
            "Response of [`{marker}`]: the fields inside the envelope's `response`."
        ));
        let response_item = self.object(&response, &response_docs, &m.response, scope, true);

        let paginated = method.page_items().map(|items| {
            let Type::Array(item_ty) = &items.ty else { return quote!() };
            let item_ty = rust::rust_type(item_ty, scope);
            let items = ident(&names::field(&items.name));
            let page = method.params.iter().find(|f| f.name.text == "page");
            let (start, set) = match page {
                Some(f) if f.required => (quote!(params.page), quote!(params.page = page;)),
                _ => (quote!(params.page.unwrap_or(1)), quote!(params.page = Some(page);)),
            };
            let total = method
                .response
                .iter()
                .find(|f| f.name.text == "total" && f.ty == Type::Integer)
                .map(|f| {
                    let total = ident(&names::field(&f.name));
                    let value = if f.required { quote!(Some(response.#total)) } else { quote!(response.#total) };
                    quote!(fn total(response: &#response) -> Option<i64> { #value })
                });
            quote! {
                impl #rt::Paginated for #marker {
                    type Item = #item_ty;
                    #total
                    fn start_page(params: &#params_ty) -> i64 { #start }
                    fn set_page(params: &mut #params_ty, page: i64) { #set }
                    fn into_page(response: #response) -> #rt::Page<#item_ty> {
                        #rt::Page { items: response.#items, current_page: response.current_page, last_page: response.last_page }
                    }
                }
            }
        });

        quote! {
            #marker_doc
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct #marker;

            impl #rt::ApiMethod for #marker {
                const NAMESPACE: &'static str = #ns_name;
                const NAME: &'static str = #name;
                const PATH: &'static str = #path;
                const AUTH: bool = #auth;
                const HAS_PARAMS: bool = #has_params;
                const IDEMPOTENT: bool = #idempotent;
                #token
                type Params = #params_ty;
                type Response = #response;
            }
            #paginated
            #params_item
            #response_item
        }
    }
}

/// A `Debug` impl that shows `<redacted>` for the secret fields, when `s` has any.
fn redacted_debug(name: &Ident, s: &StructNames) -> Option<TokenStream> {
    if !s.fields.iter().any(|f| f.field.secret) {
        return None;
    }
    let name_text = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let ident = ident(&f.ident);
        let shown = names::bare(&f.ident);
        if f.field.secret {
            quote!(.field(#shown, &"<redacted>"))
        } else {
            quote!(.field(#shown, &self.#ident))
        }
    });
    Some(quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_text) #(#fields)* .finish()
            }
        }
    })
}

/// A field's Rust type, `Option` when the field is optional.
fn field_type(f: &FieldNames, scope: Scope) -> TokenStream {
    let ty = rust::rust_type(&f.field.ty, scope);
    if f.field.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// Whether a value of `ty` holds a documented object, whose own checks must run.
fn holds_object(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Array(inner) | Type::Map(inner) => holds_object(api, inner),
        Type::Named(name) => matches!(
            api.named(name).map(|t| &t.kind),
            Some(NamedKind::Object { .. })
        ),
        _ => false,
    }
}
