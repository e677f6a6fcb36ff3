//! The types artifact: named types at the root, then one module per namespace with each
//! method's marker type, parameters and response.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Context;
use super::rust::{self, NamedFrom, Scope, doc, field_doc, ident};
use crate::model::{Api, NamedKind, ResponseLeniency, Type};
mod builder;
mod enums;
mod validate;

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
    let error_code = types.error_code();
    let allow_deprecated = rust::allow_deprecated(api);
    rust::parse_file(quote! {
        #allow_deprecated

        #serde

        #error_code

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
            TypeKindNames::Enum(values) => self.enumeration(&name, &docs, t.named, values, lenient),
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
        let setters = s
            .fields
            .iter()
            .filter(|f| !f.field.required)
            .map(|f| builder::optional_setters(f, scope, true));
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
        let codes: Vec<&str> = method.errors.iter().map(|e| e.code.text.as_str()).collect();
        let errors = (!codes.is_empty())
            .then(|| quote!(const ERRORS: &'static [&'static str] = &[#(#codes),*];));
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
                #errors
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
