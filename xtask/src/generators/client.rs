//! The client artifact: the `Client`, one handle per namespace, one async method per API
//! method, and a stream for each paginated list. All calls go through the hand-written
//! `Transport` of the client runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rust::{self, NamedFrom, Scope, doc, ident};
use crate::model::Type;
use crate::names::{self, MethodNames, NamespaceNames};

pub fn generate(ctx: &Context) -> Result<String, String> {
    file(ctx).map(|file| rust::format_file(&file))
}

/// The generated file, parsed.
pub fn file(ctx: &Context) -> Result<syn::File, String> {
    let api = ctx.api;
    let rt = &ctx.client_runtime;
    let base_url = &api.transport.base_url;
    let base_url_doc = doc(&format!(
        "The base URL the API is served at, unless the client is given another.{}",
        if api.transport.base_url_note.is_empty() {
            String::new()
        } else {
            format!("\n\n{}", api.transport.base_url_note)
        }
    ));
    let client_doc = doc(&format!(
        "A client for the {} API ({}): one handle per namespace, one method per API method.\n\n\
         Cloning is cheap; clones share the connection pool and the token.",
        api.name, api.version
    ));
    let accessors = ctx.names.namespaces.iter().map(|ns| {
        let handle = ident(&ns.handle);
        let accessor = ident(&ns.module);
        let docs = doc(&format!("`{}`: {}", ns.namespace.name, ns.doc));
        let deprecated = rust::deprecated(ns.namespace.deprecated.as_ref());
        quote! {
            #docs
            #deprecated
            pub fn #accessor(&self) -> #handle<'_> {
                #handle { transport: &self.transport }
            }
        }
    });
    let token_shortcuts = ctx
        .names
        .methods()
        .filter(|m| m.method.token.is_some())
        .map(|m| token_shortcut(ctx, m));
    let credentials_login = ctx
        .names
        .methods()
        .find(|m| m.method.token.is_some())
        .and_then(|m| credentials_login(ctx, m));
    let handles = ctx.names.namespaces.iter().map(|ns| handle(ctx, ns));
    let imports = names::CLIENT_IMPORTS.map(ident);
    let client = ident(names::CLIENT);
    let default_base_url = ident(names::DEFAULT_BASE_URL);
    let api_version_const = ident(names::API_VERSION);
    let api_version = &api.version;
    let [new, builder, transport, set_token] = names::CLIENT_METHODS.map(ident);
    let allow_deprecated = rust::allow_deprecated(api);

    rust::parse_file(quote! {
        #allow_deprecated

        use #rt::{#(#imports),*};

        #base_url_doc
        pub const #default_base_url: &str = #base_url;

        /// The version of the API (`api.version` in the spec) this client was generated for.
        pub const #api_version_const: &str = #api_version;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            transport: Transport,
        }

        impl From<Transport> for #client {
            fn from(transport: Transport) -> Self {
                Self { transport }
            }
        }

        impl #client {
            /// A client for the API at `base_url`, with a 30 s timeout per call.
            pub fn #new(base_url: &str) -> Result<Self, Error> {
                Self::builder(base_url).build()
            }

            /// A builder for a client with its own timeout, reqwest client or saved token.
            pub fn #builder(base_url: &str) -> ClientBuilder<Self> {
                ClientBuilder::new(base_url)
            }

            /// The transport under this client: its base URL and its token.
            pub fn #transport(&self) -> &Transport {
                &self.transport
            }

            /// Uses a saved token for the calls that need one.
            pub fn #set_token(&self, token: impl Into<String>) {
                self.transport.set_token(token);
            }

            #(#token_shortcuts)*
            #(#accessors)*
        }

        #credentials_login

        #(#handles)*
    })
}

/// `client.login(email, password)`: the token-issuing method with its required parameters,
/// ordered by role, not by their place in the spec.
fn token_shortcut(ctx: &Context, m: &MethodNames) -> TokenStream {
    let types = &ctx.types;
    let scope = Scope {
        named: NamedFrom::Path(types),
        runtime: &ctx.client_runtime,
    };
    let module = ident(&m.module);
    let method = ident(&m.function);
    let response = ident(&m.response.name);
    let arguments = m.shortcut_arguments();
    let args = arguments.iter().map(|f| rust::argument(f, scope));
    let sets = arguments.iter().map(|f| {
        let (setter, arg) = (ident(&f.setter), ident(&f.ident));
        quote!(.#setter(#arg))
    });
    let docs = doc(&format!(
        "`{}.{}`: {}, and keeps the token for the calls that follow.",
        m.namespace.name, m.method.name, m.summary
    ));
    let params = m.params.as_ref().map(|p| ident(&p.name));
    let call = match params {
        Some(params) => {
            let [builder, build] = [names::BUILDER, names::BUILD].map(ident);
            quote!(#types::#module::#params::#builder() #(#sets)* .#build())
        }
        None => quote!(),
    };
    let deprecated = rust::deprecated(m.method.deprecated.as_ref());
    quote! {
        #docs
        #deprecated
        pub async fn #method(&self, #(#args),*) -> Result<#types::#module::#response, Error> {
            self.#module().#method(#call).await
        }
    }
}

/// How `ClientBuilder::credentials` logs in: the spec's token method, its identity parameter
/// (the required string that is not secret) and its secret (the required `secret: true`
/// string). `None`, so no `credentials`, when its required parameters are anything else.
fn credentials_login(ctx: &Context, m: &MethodNames) -> Option<TokenStream> {
    let (types, rt) = (&ctx.types, &ctx.client_runtime);
    let (mut identity, mut secret) = (None, None);
    for f in m.required() {
        let slot = if f.field.secret {
            &mut secret
        } else {
            &mut identity
        };
        if f.field.ty != Type::String || slot.replace(ident(&f.setter)).is_some() {
            return None;
        }
    }
    let module = ident(&m.module);
    let marker = ident(&m.marker);
    let client = ident(names::CLIENT);
    let [identity_arg, secret_arg] = ["identity", "secret"].map(ident);
    // A credential the login does not take is not sent.
    let unused = |setter: &Option<proc_macro2::Ident>, arg: &proc_macro2::Ident| {
        setter.is_none().then(|| quote!(let _ = #arg;))
    };
    let (drop_identity, drop_secret) = (
        unused(&identity, &identity_arg),
        unused(&secret, &secret_arg),
    );
    let set_identity = identity.as_ref().map(|s| quote!(.#s(#identity_arg)));
    let set_secret = secret.as_ref().map(|s| quote!(.#s(#secret_arg)));
    let params = match &m.params {
        Some(params) => {
            let params = ident(&params.name);
            let [builder, build] = [names::BUILDER, names::BUILD].map(ident);
            quote!(#types::#module::#params::#builder() #set_identity #set_secret .#build())
        }
        None => quote!(#rt::NoParams {}),
    };
    let params_type = match &m.params {
        Some(params) => {
            let params = ident(&params.name);
            quote!(#types::#module::#params)
        }
        None => quote!(#rt::NoParams),
    };
    let docs = doc(&format!(
        "`ClientBuilder::credentials` logs in with `{}.{}`.",
        m.namespace.name, m.method.name
    ));
    Some(quote! {
        #docs
        impl #rt::CredentialsLogin for #client {
            type Method = #types::#module::#marker;

            fn login_params(#identity_arg: String, #secret_arg: String) -> #params_type {
                #drop_identity
                #drop_secret
                #params
            }
        }
    })
}

fn handle(ctx: &Context, ns: &NamespaceNames) -> TokenStream {
    let handle = ident(&ns.handle);
    let docs = doc(&format!(
        "The `{}` namespace (`<base URL>/{}`), from [`{}::{}`].",
        ns.namespace.name,
        ns.namespace.path,
        names::CLIENT,
        names::bare(&ns.module)
    ));
    let methods = ns.methods.iter().map(|m| method(ctx, m));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            transport: &'a Transport,
        }

        impl #handle<'_> {
            #(#methods)*
        }
    }
}

fn method(ctx: &Context, m: &MethodNames) -> TokenStream {
    let (types, rt) = (&ctx.types, &ctx.client_runtime);
    let module = ident(&m.module);
    let marker = ident(&m.marker);
    let name = ident(&m.function);
    let response = ident(&m.response.name);
    let mut text = format!("{}.\n\n`{}.{}`", m.summary, m.namespace.name, m.method.name);
    text.push_str(if m.method.auth {
        ", with the bearer token."
    } else {
        ", without a token."
    });
    if m.method.token.is_some() {
        text.push_str(" Keeps the token it returns for the calls that follow.");
    }
    text.push_str(&declared_errors(ctx, m));
    text.push_str(&format!("\n\nDocs: `{}`.", ctx.method_link(m)));
    let docs = doc(&text);
    let deprecated = rust::deprecated(m.method.deprecated.as_ref());
    let call = match &m.params {
        None => quote! {
            pub async fn #name(self) -> Result<#types::#module::#response, Error> {
                self.transport.call::<#types::#module::#marker>(&#rt::NoParams {}).await
            }
        },
        Some(params) => {
            let params = ident(&params.name);
            quote! {
                pub async fn #name(self, params: #types::#module::#params) -> Result<#types::#module::#response, Error> {
                    self.transport.call::<#types::#module::#marker>(&params).await
                }
            }
        }
    };
    let stream = stream(ctx, m).map(|(stream, params, item)| {
        let docs = doc(&format!(
            "Every item of every page of [`Self::{name}`], from the page `params` asks for (the first by default); \
             each page is fetched when the stream reaches it."
        ));
        let pages = ident(m.pages.as_deref().unwrap_or_default());
        let pages_docs = doc(&format!(
            "The pages of [`Self::{name}`] one at a time, with `total`, `current_page` and \
             `last_page`, from the page `params` asks for; after an error, `resume()` asks for \
             the failed page again."
        ));
        quote! {
            #docs
            #deprecated
            pub fn #stream(self, params: #types::#module::#params) -> #rt::ItemStream<#item> {
                self.transport.paginate::<#types::#module::#marker>(params)
            }

            #pages_docs
            #deprecated
            pub fn #pages(self, params: #types::#module::#params) -> #rt::PageStream<#types::#module::#marker> {
                self.transport.pages::<#types::#module::#marker>(params)
            }
        }
    });
    quote! {
        #docs
        #deprecated
        #call
        #stream
    }
}

/// The errors a method declares, as `ErrorCode` variants to match `Error::code()` on.
fn declared_errors(ctx: &Context, m: &MethodNames) -> String {
    let lines: Vec<String> = m
        .method
        .errors
        .iter()
        .filter_map(|listed| {
            let (kind, variant) = ctx
                .names
                .codes
                .iter()
                .find(|(e, _)| e.code == listed.code)?;
            Some(format!(
                "\n- `{}::{variant}` ({}): {}.",
                names::ERROR_CODE,
                kind.status,
                listed.when
            ))
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "\n\nDeclared errors, matched with `Error::code()` (besides the transport's):{}",
        lines.concat()
    )
}

/// A paginated method's stream function, its parameters type and its item type.
fn stream(
    ctx: &Context,
    m: &MethodNames,
) -> Option<(proc_macro2::Ident, proc_macro2::Ident, TokenStream)> {
    let Type::Array(item) = &m.method.page_items()?.ty else {
        return None;
    };
    let scope = Scope {
        named: NamedFrom::Path(&ctx.types),
        runtime: &ctx.client_runtime,
    };
    Some((
        ident(m.stream.as_ref()?),
        ident(&m.params.as_ref()?.name),
        rust::rust_type(item, scope),
    ))
}
