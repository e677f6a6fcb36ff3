//! The client artifact: the `Client`, one handle per namespace, one async method per API
//! method, and a stream for each paginated list. All calls go through the hand-written
//! `centiacrm_client::Transport`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{self, Scope, doc, snake_ident};
use crate::model::{Api, Method, Namespace, Type};
use crate::names;

/// `docs_dir` is where the docs generator writes, for links from the Rust docs.
pub fn generate(api: &Api, types_path: &str, docs_dir: &str) -> Result<String, String> {
    let types = rust::path(types_path);
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
    let accessors = api.namespaces.iter().map(|ns| {
        let handle = handle_ident(ns);
        let accessor = snake_ident(&ns.name);
        let docs = doc(&format!(
            "`{}`: {}",
            ns.name,
            if ns.doc.is_empty() {
                "its methods."
            } else {
                &ns.doc
            }
        ));
        quote! {
            #docs
            pub fn #accessor(&self) -> #handle<'_> {
                #handle { transport: &self.transport }
            }
        }
    });
    let token_shortcuts = api
        .methods()
        .filter(|(_, m)| m.token.is_some())
        .map(|(ns, m)| token_shortcut(ns, m, &types));
    let handles = api.namespaces.iter().map(|ns| handle(ns, &types, docs_dir));

    rust::format_file(quote! {
        use centiacrm_client::{ClientBuilder, Error, Transport};

        #base_url_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: Transport,
        }

        impl From<Transport> for Client {
            fn from(transport: Transport) -> Self {
                Self { transport }
            }
        }

        impl Client {
            /// A client for the API at `base_url`, with a 30 s timeout per call.
            pub fn new(base_url: &str) -> Result<Self, Error> {
                Self::builder(base_url).build()
            }

            /// A builder for a client with its own timeout, reqwest client or saved token.
            pub fn builder(base_url: &str) -> ClientBuilder<Self> {
                ClientBuilder::new(base_url)
            }

            /// The transport under this client: its base URL and its token.
            pub fn transport(&self) -> &Transport {
                &self.transport
            }

            /// Uses a saved token for the calls that need one.
            pub fn set_token(&self, token: impl Into<String>) {
                self.transport.set_token(token);
            }

            #(#token_shortcuts)*
            #(#accessors)*
        }

        #(#handles)*
    })
}

fn handle_ident(ns: &Namespace) -> proc_macro2::Ident {
    rust::camel_ident(&ns.name)
}

/// `client.login(email, password)`: the token-issuing method with its required parameters.
fn token_shortcut(ns: &Namespace, m: &Method, types: &TokenStream) -> TokenStream {
    let module = snake_ident(&ns.name);
    let method = snake_ident(&m.name);
    let accessor = snake_ident(&ns.name);
    let params = rust::params_ident(&m.name);
    let response = rust::response_ident(&m.name);
    let required: Vec<_> = m.params.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let ident = snake_ident(&f.name);
        match &f.ty {
            Type::String => quote!(#ident: impl Into<String>),
            ty => {
                let ty = rust::rust_type(ty, Scope::Extern(types));
                quote!(#ident: #ty)
            }
        }
    });
    let names = required.iter().map(|f| snake_ident(&f.name));
    let docs = doc(&format!(
        "`{}.{}`: {}, and keeps the token for the calls that follow.",
        ns.name,
        m.name,
        m.summary.trim_end_matches('.')
    ));
    quote! {
        #docs
        pub async fn #method(&self, #(#args),*) -> Result<#types::#module::#response, Error> {
            self.#accessor().#method(#types::#module::#params::new(#(#names),*)).await
        }
    }
}

fn handle(ns: &Namespace, types: &TokenStream, docs_dir: &str) -> TokenStream {
    let handle = handle_ident(ns);
    let docs = doc(&format!(
        "The `{}` namespace (`<base URL>/{}`), from [`Client::{}`].",
        ns.name,
        ns.path,
        names::bare(&names::snake(&ns.name))
    ));
    let methods = ns.methods.iter().map(|m| method(ns, m, types, docs_dir));
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

fn method(ns: &Namespace, m: &Method, types: &TokenStream, docs_dir: &str) -> TokenStream {
    let module = snake_ident(&ns.name);
    let marker = rust::method_ident(&m.name);
    let name = snake_ident(&m.name);
    let response = rust::response_ident(&m.name);
    let mut text = format!(
        "{}.\n\n`{}.{}`",
        m.summary.trim_end_matches('.'),
        ns.name,
        m.name
    );
    text.push_str(if m.auth {
        ", with the bearer token."
    } else {
        ", without a token."
    });
    if m.token.is_some() {
        text.push_str(" Keeps the token it returns for the calls that follow.");
    }
    text.push_str(&format!("\n\nDocs: `{}`.", super::docs::method_link(docs_dir, ns, m)));
    let docs = doc(&text);
    let call = if m.params.is_empty() {
        quote! {
            pub async fn #name(self) -> Result<#types::#module::#response, Error> {
                self.transport.call::<#types::#module::#marker>(&centiacrm_types::NoParams {}).await
            }
        }
    } else {
        let params = rust::params_ident(&m.name);
        quote! {
            pub async fn #name(self, params: #types::#module::#params) -> Result<#types::#module::#response, Error> {
                self.transport.call::<#types::#module::#marker>(&params).await
            }
        }
    };
    let stream = m.page_items().map(|items| {
        let Type::Array(item) = &items.ty else { return quote!() };
        let item = rust::rust_type(item, Scope::Extern(types));
        let params = rust::params_ident(&m.name);
        let stream = format_ident!("{}_stream", names::bare(&names::snake(&m.name)));
        let docs = doc(&format!(
            "Every item of every page of [`Self::{name}`], from the page `params` asks for (the first by default); \
             each page is fetched when the stream reaches it."
        ));
        quote! {
            #docs
            pub fn #stream(self, params: #types::#module::#params) -> centiacrm_client::ItemStream<#item> {
                self.transport.paginate::<#types::#module::#marker>(params)
            }
        }
    });
    quote! {
        #docs
        #call
        #stream
    }
}

/// The client's public surface, one line per method: its Rust call and its wire name.
///
/// Snapshot-tested, so that a spec change shows as a short diff of signatures.
pub fn surface(api: &Api) -> String {
    let mut out = String::new();
    for (ns, m) in api.methods() {
        let accessor = names::snake(&ns.name);
        let method = names::snake(&m.name);
        let params = if m.params.is_empty() {
            String::new()
        } else {
            format!("params: {}", rust::params_ident(&m.name))
        };
        let auth = if m.auth { "" } else { ", no token" };
        out.push_str(&format!(
            "client.{accessor}().{method}({params}) -> {}    // {}.{} POST /{}{auth}\n",
            rust::response_ident(&m.name),
            ns.name,
            m.name,
            ns.path
        ));
        if let Some(items) = m.page_items() {
            let item = match &items.ty {
                Type::Array(inner) => {
                    rust::rust_type(inner, Scope::Types { in_module: false }).to_string()
                }
                _ => String::new(),
            };
            out.push_str(&format!(
                "client.{accessor}().{}_stream(params: {}) -> Stream<Item = {item}>    // {}.{} over all pages\n",
                names::bare(&method),
                rust::params_ident(&m.name),
                ns.name,
                m.name
            ));
        }
        if m.token.is_some() {
            let args: Vec<_> = m
                .params
                .iter()
                .filter(|f| f.required)
                .map(|f| names::snake(&f.name))
                .collect();
            out.push_str(&format!(
                "client.{method}({}) -> {}    // {}.{}, keeps the token\n",
                args.join(", "),
                rust::response_ident(&m.name),
                ns.name,
                m.name
            ));
        }
    }
    out
}
