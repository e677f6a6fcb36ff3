//! The generators: one module per artifact, each a pure function of the [`Context`].

use proc_macro2::TokenStream;

use crate::layout::Layout;
use crate::model::Api;
use crate::names::{MethodNames, Names};

pub mod client;
pub mod docs;
pub mod rust;
pub mod server;
pub mod surface;
pub mod types;

/// What every generator reads: the model, its names, and where the outputs go.
pub struct Context<'a> {
    pub api: &'a Api,
    pub names: Names<'a>,
    pub layout: &'a Layout,
    /// The generated types, from the client and server files.
    pub types: TokenStream,
    /// The `__codegen` module of each runtime, from its artifact's file.
    pub types_runtime: TokenStream,
    pub client_runtime: TokenStream,
    pub server_runtime: TokenStream,
}

impl<'a> Context<'a> {
    /// Fails when a path of the layout is not a Rust path.
    pub fn new(api: &'a Api, layout: &'a Layout) -> Result<Self, String> {
        let paths = &layout.paths;
        Ok(Context {
            api,
            names: Names::new(api),
            layout,
            types: rust::path(paths.types)?,
            types_runtime: rust::path(paths.types_runtime)?,
            client_runtime: rust::path(paths.client_runtime)?,
            server_runtime: rust::path(paths.server_runtime)?,
        })
    }

    /// Where a method is documented, for the generated Rust docs: `docs/companies.md#getcompanies`.
    pub fn method_link(&self, m: &MethodNames) -> String {
        format!("{}/{}#{}", self.layout.docs_dir, m.page, m.anchor)
    }
}
