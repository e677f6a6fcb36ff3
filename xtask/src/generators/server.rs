//! The server artifact: one trait per namespace, the `Api` trait that gathers them, and
//! `Server`, whose dispatch table routes each call to its handler through the hand-written
//! pipeline of the server runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rust::{self, doc, ident};
use crate::model::UnknownKeys;
use crate::names::{self, MethodNames, NamespaceNames};

pub fn generate(ctx: &Context) -> Result<String, String> {
    file(ctx).map(|file| rust::format_file(&file))
}

/// The generated file, parsed.
pub fn file(ctx: &Context) -> Result<syn::File, String> {
    let rt = &ctx.server_runtime;
    let imports = names::SERVER_IMPORTS.map(ident);
    let constants = constants(ctx);
    let errors = errors_module(ctx);
    let traits = ctx
        .names
        .namespaces
        .iter()
        .map(|ns| namespace_trait(ctx, ns));
    let api_trait = api_trait(ctx);
    let server = server(ctx);
    let allow_deprecated = rust::allow_deprecated(ctx.api);
    rust::parse_file(quote! {
        #allow_deprecated

        use std::future::Future;

        use #rt::{#(#imports),*};

        #constants
        #errors
        #(#traits)*
        #api_trait
        #server
    })
}

/// The namespace paths and the errors of the transport and of each method.
fn constants(ctx: &Context) -> TokenStream {
    let api = ctx.api;
    let paths = api.namespaces.iter().map(|ns| ns.path.text.as_str());
    let transport_errors = api.transport.errors.iter().map(|e| {
        let (status, code) = (e.status, &e.code.text);
        quote!((#status, #code))
    });
    let method_errors = ctx.names.methods().map(|m| {
        let (path, name) = (&m.namespace.path.text, &m.method.name.text);
        let errors = m.method.errors.iter().filter_map(|e| {
            let status = api.error(&e.code)?.status;
            let code = &e.code.text;
            Some(quote!((#status, #code)))
        });
        quote!((#path, #name, &[#(#errors),*]))
    });
    let namespace_paths = ident(names::NAMESPACE_PATHS);
    let [transport_errors_const, method_errors_const] = names::ERROR_CONSTANTS.map(ident);
    quote! {
        /// The namespaces' paths under the base URL, in the spec's order.
        pub const #namespace_paths: &[&str] = &[#(#paths),*];

        /// The errors any method may answer, as (status, code): the server answers them itself.
        pub const #transport_errors_const: &[(u16, &str)] = &[#(#transport_errors),*];

        /// Per method, as (namespace path, method, errors), the errors it declares besides
        /// the transport's, as (status, code).
        #[allow(clippy::type_complexity)]
        pub const #method_errors_const: &[(&str, &str, &[(u16, &str)])] = &[#(#method_errors),*];
    }
}

/// `Api`, with one accessor per namespace, and `NotImplemented`'s empty implementations.
fn api_trait(ctx: &Context) -> TokenStream {
    let rt = &ctx.server_runtime;
    let api_doc = doc(&format!(
        "The whole {} API: token checking, and one method per namespace that returns what \
         serves it.\n\n\
         Override the method of each namespace you implement to return `self` (after \
         `impl {first} for YourService`); the others return `{rt_name}`, whose methods all \
         answer 501. So a namespace added to the spec breaks no implementation. Serve it \
         with [`{server}`].",
        ctx.api.name,
        first = ctx
            .names
            .namespaces
            .first()
            .map_or("Namespace", |ns| ns.handle.as_str()),
        rt_name = "NotImplemented",
        server = names::SERVER
    ));
    let accessors = ctx.names.namespaces.iter().map(|ns| {
        let accessor = ident(&ns.module);
        let handle = ident(&ns.handle);
        let docs = doc(&format!(
            "What serves `{}` (`<base URL>/{}`): by default nothing, each of its methods \
             answering 501.",
            ns.namespace.name, ns.namespace.path
        ));
        quote! {
            #docs
            fn #accessor(&self) -> &impl #handle<Principal = Self::Principal> {
                #rt::NotImplemented::REF
            }
        }
    });
    let not_implemented = ctx.names.namespaces.iter().map(|ns| {
        let handle = ident(&ns.handle);
        quote!(impl<P: Send + Sync + 'static> #handle for #rt::NotImplemented<P> {})
    });
    let api_trait = ident(names::API);
    quote! {
        #api_doc
        pub trait #api_trait: Authenticate {
            #(#accessors)*
        }

        #(#not_implemented)*
    }
}

/// `Server`: its constructors, its limits, and the dispatch table of `Service`.
fn server(ctx: &Context) -> TokenStream {
    let rt = &ctx.server_runtime;
    let server_doc = doc(&format!(
        "Serves an implementation of [`{api}`]: over axum with [`{server}::router`] (and \
         `serve`, the crate's function with safe limits), or over anything with \
         [`{server}::dispatcher`].",
        api = names::API,
        server = names::SERVER
    ));
    let arms = ctx.names.methods().map(|m| arm(ctx, m));
    let call_name = call_name(ctx);
    let unknown_keys = match ctx.api.transport.unknown_keys {
        UnknownKeys::Reject => quote!(#rt::UnknownKeys::Reject),
        UnknownKeys::Ignore => quote!(#rt::UnknownKeys::Ignore),
    };
    let [api_trait, server] = [names::API, names::SERVER].map(ident);
    let namespace_paths = ident(names::NAMESPACE_PATHS);
    let service = ident(names::SERVICE_PARAM);
    quote! {
        #server_doc
        #[derive(Debug, Clone)]
        pub struct #server<#service> {
            service: #service,
            limits: #rt::Limits,
        }

        impl<#service: #api_trait> #server<#service> {
            /// Serves `service` with the default limits (`Limits::default()`).
            pub fn new(service: #service) -> Self {
                Self { service, limits: #rt::Limits::default() }
            }

            /// The body size and the body read and request timeouts of the router and the
            /// dispatcher (the connection's limits are `serve`'s).
            #[must_use]
            pub fn limits(mut self, limits: #rt::Limits) -> Self {
                self.limits = limits;
                self
            }

            /// The implementation being served.
            pub fn service(&self) -> &#service {
                &self.service
            }

            /// A dispatcher from (namespace path, headers, body) to (status, envelope).
            pub fn dispatcher(self) -> Dispatcher<Self> {
                let limits = self.limits.clone();
                Dispatcher::new(self).limits(limits)
            }

            /// An axum router: `POST /<namespace path>` for each namespace, within the limits.
            pub fn router(self) -> #rt::Router {
                #rt::router(self.dispatcher())
            }
        }

        impl<#service: #api_trait> #rt::Service for #server<#service> {
            fn namespace_paths(&self) -> &'static [&'static str] {
                #namespace_paths
            }

            fn unknown_keys(&self) -> #rt::UnknownKeys {
                #unknown_keys
            }

            #call_name

            async fn dispatch<'a>(&'a self, call: &'a Call<'a>) -> Result<Reply, ApiError> {
                let service = &self.service;
                match (call.namespace_path, call.method.as_ref()) {
                    #(#arms)*
                    _ => Err(call.unknown_method(#namespace_paths)),
                }
            }
        }
    }
}

/// `Service::call_name`: the static `<path>.<method>` of each method, for the logs.
fn call_name(ctx: &Context) -> TokenStream {
    let arms: Vec<TokenStream> = ctx
        .names
        .methods()
        .map(|m| {
            let (path, name) = (&m.namespace.path.text, &m.method.name.text);
            let full = format!("{path}.{name}");
            quote!((#path, #name) => Some(#full),)
        })
        .collect();
    let body = if arms.is_empty() {
        quote!(let _ = (namespace_path, method); None)
    } else {
        quote!(match (namespace_path, method) { #(#arms)* _ => None })
    };
    quote! {
        fn call_name(&self, namespace_path: &str, method: &str) -> Option<&'static str> {
            #body
        }
    }
}

fn namespace_trait(ctx: &Context, ns: &NamespaceNames) -> TokenStream {
    let types = &ctx.types;
    let name = ident(&ns.handle);
    let module = ident(&ns.module);
    let docs = doc(&format!(
        "`{}`: {} Served at `<base URL>/{}`, once [`{api}::{}`] returns the implementation.\n\n\
         A method left out answers 501 with the envelope ([`ApiError::not_implemented`]), so a \
         method added to the spec later breaks no implementation.",
        ns.namespace.name,
        ns.doc,
        ns.namespace.path,
        ns.module,
        api = names::API
    ));
    let errors = ident(names::ERRORS_MODULE);
    let not_implemented = ident(names::METHOD_ERROR_CONSTRUCTORS[1]);
    let methods = ns.methods.iter().map(|m| {
        let method = ident(&m.function);
        let response = ident(&m.response.name);
        let error = ident(&m.error);
        let ctx_type = if m.method.auth { quote!(&Context<Self::Principal>) } else { quote!(&Context<()>) };
        let params = m.params.as_ref().map(|p| {
            let params = ident(&p.name);
            quote!(params: #types::#module::#params,)
        });
        let unused = match &m.params {
            Some(_) => quote!((ctx, params)),
            None => quote!(ctx),
        };
        let docs = doc(&format!(
            "{}.\n\n`{}.{}`, {}. Unless implemented, answers 501 (not implemented).\n\nDocs: `{}`.",
            m.summary,
            ns.namespace.name,
            m.method.name,
            if m.method.auth { "called with a valid token: `ctx.principal` is who it stands for" } else { "called without a token" },
            ctx.method_link(m)
        ));
        let deprecated = rust::deprecated(m.method.deprecated.as_ref());
        quote! {
            #docs
            #deprecated
            fn #method(&self, ctx: #ctx_type, #params) -> impl Future<Output = Result<#types::#module::#response, #errors::#module::#error>> + Send {
                let _ = #unused;
                std::future::ready(Err(#errors::#module::#error::#not_implemented()))
            }
        }
    });
    let deprecated = rust::deprecated(ns.namespace.deprecated.as_ref());
    quote! {
        #docs
        #deprecated
        pub trait #name: Authenticate {
            #(#methods)*
        }
    }
}

fn arm(ctx: &Context, m: &MethodNames) -> TokenStream {
    let rt = &ctx.server_runtime;
    let (path, name) = (&m.namespace.path.text, &m.method.name.text);
    let namespace = ident(&m.handle);
    let accessor = ident(&m.module);
    let api = ident(names::API);
    let service = ident(names::SERVICE_PARAM);
    let method = ident(&m.function);
    let ctx_value = if m.method.auth {
        quote!(call.authenticate(service).await?)
    } else {
        quote!(call.context(()))
    };
    let (read, pass) = if m.params.is_none() {
        // Parameters are not expected, but a stray object must still be one.
        (quote!(call.params::<#rt::NoParams>()?;), quote!())
    } else {
        (quote!(let params = call.params()?;), quote!(params))
    };
    quote! {
        (#path, #name) => {
            let ctx = #ctx_value;
            #read
            let namespace = <#service as #api>::#accessor(service);
            let response = #namespace::#method(namespace, &ctx, #pass).await.map_err(ApiError::from)?;
            Reply::success(&response)
        }
    }
}

/// `errors`: one type per error the spec declares for methods (its only constructor takes
/// the message), and per method an error type that only those it lists, and `internal`,
/// convert into. A trait method returns its own, so it can raise nothing undeclared.
fn errors_module(ctx: &Context) -> TokenStream {
    let api = ctx.api;
    let rt = &ctx.server_runtime;
    let errors = ident(names::ERRORS_MODULE);
    let [api_error, status_code] = names::ERRORS_IMPORTS.map(ident);
    let status_fn = ident(names::ERROR_STATUS);
    let internal = ident(names::INTERNAL_ERROR);
    let kinds = api.errors.iter().map(|e| {
        let name = ident(&names::error_kind(&e.code));
        let (code, status) = (&e.code.text, e.status);
        let docs = doc(&format!("`{code}` ({status}): {}", e.doc));
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct #name(String);

            impl #name {
                /// The error, with the message sent as the envelope's `error`.
                pub fn new(message: impl Into<String>) -> Self {
                    Self(message.into())
                }
            }

            impl From<#name> for ApiError {
                fn from(error: #name) -> ApiError {
                    ApiError::new(#status_fn(#status), #code, error.0)
                }
            }
        }
    });
    let modules = ctx.names.namespaces.iter().map(|ns| {
        let module = ident(&ns.module);
        let types = ns.methods.iter().map(|m| method_error_type(ns, m));
        let docs = doc(&format!("The errors of `{}`'s methods.", ns.namespace.name));
        quote! {
            #docs
            pub mod #module {
                use super::#api_error;

                #(#types)*
            }
        }
    });
    quote! {
        /// The errors methods may answer, as the spec declares them.
        pub mod #errors {
            use #rt::{#api_error, #status_code};

            fn #status_fn(code: u16) -> StatusCode {
                // `cargo xtask spec` keeps statuses within 400 to 599.
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }

            /// `internal` (500): the implementation failed; every method may answer it.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct #internal(ApiError);

            impl #internal {
                /// The client reads `message` and the request id; `cause` goes to the log
                /// only.
                pub fn new(message: impl Into<String>, cause: impl std::fmt::Display) -> Self {
                    Self(ApiError::internal(message, cause))
                }
            }

            impl From<#internal> for ApiError {
                fn from(error: #internal) -> ApiError {
                    error.0
                }
            }

            #(#kinds)*
            #(#modules)*
        }
    }
}

/// A method's error type: its declared errors, `internal` and `not_implemented`
/// convert into it, and it into `ApiError`.
fn method_error_type(ns: &NamespaceNames, m: &MethodNames) -> TokenStream {
    let internal = ident(names::INTERNAL_ERROR);
    let [internal_fn, not_implemented] = names::METHOD_ERROR_CONSTRUCTORS.map(ident);
    let name = ident(&m.error);
    let wire_name = format!("{}.{}", ns.namespace.name, m.method.name);
    let listed: Vec<&str> = m
        .method
        .errors
        .iter()
        .map(|e| e.code.text.as_str())
        .collect();
    let docs = doc(&format!(
        "What `{}.{}` may fail with: {}`internal` and `not_implemented`. Transport errors (400, 401, ...) are the server's own.",
        ns.namespace.name,
        m.method.name,
        listed
            .iter()
            .map(|c| format!("`{c}`, "))
            .collect::<String>()
    ));
    let conversions = m.method.errors.iter().map(|e| {
        let kind = ident(&names::error_kind(&e.code));
        let constructor = ident(&names::error_constructor(&e.code));
        let docs = doc(&format!("`{}`: {}.", e.code, e.when));
        quote! {
            impl From<super::#kind> for #name {
                fn from(error: super::#kind) -> Self {
                    Self(error.into())
                }
            }

            impl #name {
                #docs
                pub fn #constructor(message: impl Into<String>) -> Self {
                    super::#kind::new(message).into()
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #name(ApiError);

        impl #name {
            /// `internal` (500): the implementation failed. The client reads `message`
            /// and the request id; `cause` goes to the log only.
            pub fn #internal_fn(message: impl Into<String>, cause: impl std::fmt::Display) -> Self {
                Self(ApiError::internal(message, cause))
            }

            /// `not_implemented` (501): what the trait's default body answers.
            pub fn #not_implemented() -> Self {
                Self(ApiError::not_implemented(#wire_name))
            }
        }

        impl From<super::#internal> for #name {
            fn from(error: super::#internal) -> Self {
                Self(error.into())
            }
        }

        impl From<#name> for ApiError {
            fn from(error: #name) -> ApiError {
                error.0
            }
        }

        #(#conversions)*
    }
}
