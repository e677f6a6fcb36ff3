//! The server artifact: one trait per namespace, the `Api` trait that gathers them, and
//! `Server`, whose dispatch table routes each call to its handler through the hand-written
//! `centiacrm_server` pipeline.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{self, doc, snake_ident};
use crate::model::{Api, Method, Namespace};

/// `docs_dir` is where the docs generator writes, for links from the Rust docs.
pub fn generate(api: &Api, types_path: &str, docs_dir: &str) -> Result<String, String> {
    let types = rust::path(types_path);
    let paths = api.namespaces.iter().map(|ns| ns.path.text.as_str());
    let traits = api.namespaces.iter().map(|ns| namespace_trait(ns, &types, docs_dir));
    let trait_names: Vec<_> = api.namespaces.iter().map(trait_ident).collect();
    let arms = api.methods().map(|(ns, m)| arm(ns, m));
    let api_doc = doc(&format!(
        "The whole {} API: every namespace trait, and token checking.\n\n\
         Implemented for any type that implements them all; serve it with [`Server`].",
        api.name
    ));

    rust::format_file(quote! {
        use std::future::Future;

        use centiacrm_server::{ApiError, Authenticate, Call, Context, Dispatcher, Reply};

        /// The namespaces' paths under the base URL, in the spec's order.
        pub const NAMESPACE_PATHS: &[&str] = &[#(#paths),*];

        #(#traits)*

        #api_doc
        pub trait Api: #(#trait_names)+* {}

        impl<T: #(#trait_names)+*> Api for T {}

        /// Serves an implementation of [`Api`]: over axum with [`Server::router`], or over
        /// anything with [`Server::dispatcher`].
        #[derive(Debug, Clone)]
        pub struct Server<S> {
            service: S,
        }

        impl<S: Api> Server<S> {
            pub fn new(service: S) -> Self {
                Self { service }
            }

            /// The implementation being served.
            pub fn service(&self) -> &S {
                &self.service
            }

            /// A dispatcher from (namespace path, headers, body) to (status, envelope).
            pub fn dispatcher(self) -> Dispatcher<Self> {
                Dispatcher::new(self)
            }

            /// An axum router: `POST /<namespace path>` for each namespace, 1 MiB body limit.
            pub fn router(self) -> axum::Router {
                centiacrm_server::router(self.dispatcher())
            }
        }

        impl<S: Api> centiacrm_server::Service for Server<S> {
            fn namespace_paths(&self) -> &'static [&'static str] {
                NAMESPACE_PATHS
            }

            async fn dispatch<'a>(&'a self, call: &'a Call<'a>) -> Result<Reply, ApiError> {
                let service = &self.service;
                match (call.namespace_path, call.method.as_ref()) {
                    #(#arms)*
                    (path, method) if NAMESPACE_PATHS.contains(&path) => {
                        Err(ApiError::not_found(format!("unknown method `{method}` at `/{path}`")))
                    }
                    (path, _) => Err(ApiError::not_found(format!("unknown namespace `/{path}`"))),
                }
            }
        }
    })
}

fn trait_ident(ns: &Namespace) -> proc_macro2::Ident {
    rust::camel_ident(&ns.name)
}

fn namespace_trait(ns: &Namespace, types: &TokenStream, docs_dir: &str) -> TokenStream {
    let name = trait_ident(ns);
    let module = snake_ident(&ns.name);
    let docs = doc(&format!(
        "`{}`: {} Served at `<base URL>/{}`.\n\nEvery method must be implemented: there are no defaults.",
        ns.name,
        if ns.doc.is_empty() {
            "its methods."
        } else {
            &ns.doc
        },
        ns.path
    ));
    let methods = ns.methods.iter().map(|m| {
        let method = snake_ident(&m.name);
        let response = rust::response_ident(&m.name);
        let ctx = if m.auth { quote!(&Context<Self::Principal>) } else { quote!(&Context<()>) };
        let params = if m.params.is_empty() {
            quote!()
        } else {
            let params = rust::params_ident(&m.name);
            quote!(params: #types::#module::#params,)
        };
        let docs = doc(&format!(
            "{}.\n\n`{}.{}`, {}.\n\nDocs: `{}`.",
            m.summary.trim_end_matches('.'),
            ns.name,
            m.name,
            if m.auth { "called with a valid token: `ctx.principal` is who it stands for" } else { "called without a token" },
            super::docs::method_link(docs_dir, ns, m)
        ));
        quote! {
            #docs
            fn #method(&self, ctx: #ctx, #params) -> impl Future<Output = Result<#types::#module::#response, ApiError>> + Send;
        }
    });
    quote! {
        #docs
        pub trait #name: Authenticate {
            #(#methods)*
        }
    }
}

fn arm(ns: &Namespace, m: &Method) -> TokenStream {
    let (path, name) = (&ns.path.text, &m.name.text);
    let namespace = trait_ident(ns);
    let method = snake_ident(&m.name);
    let ctx = if m.auth {
        quote!(call.authenticate(service).await?)
    } else {
        quote!(Context { principal: () })
    };
    let (read, pass) = if m.params.is_empty() {
        // Parameters are not expected, but a stray object must still be one.
        (
            quote!(call.params::<centiacrm_types::NoParams>()?;),
            quote!(),
        )
    } else {
        (quote!(let params = call.params()?;), quote!(params))
    };
    quote! {
        (#path, #name) => {
            let ctx = #ctx;
            #read
            let response = <S as #namespace>::#method(service, &ctx, #pass).await?;
            Ok(Reply::success(&response))
        }
    }
}
