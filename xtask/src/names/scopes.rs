//! Every Rust name the generated code introduces or relies on, with the scope it must be
//! unique in: the list `spec/collisions.rs` checks.
//!
//! The fixed names come first, one function per generated artifact; then the spec's items
//! in spec order (errors, named types, namespaces and their methods), since the check
//! reports collisions in the order it meets them.

use super::fixed::*;
use super::rules::{builder_param, error_constructor};
use super::{MethodNames, Names, NamespaceNames, StructNames, TypeKindNames, TypeNames};
use crate::model::{ErrorKind, Field, Method, MethodError, Name, NamedType, Namespace};

/// The scopes at the root of the generated files.
struct Roots<'a> {
    types: Scope<'a>,
    client: Scope<'a>,
    client_impl: Scope<'a>,
    server: Scope<'a>,
    api_trait: Scope<'a>,
    errors: Scope<'a>,
}

impl<'a> Names<'a> {
    /// Every Rust name the generated code introduces or relies on, each with the scope it
    /// must be unique in: the list the validator checks for collisions. Names the
    /// generated code or its runtime fix (`Client`, `new`, `String`, ...) come with
    /// [`Origin::Generated`]; each is listed once per scope.
    pub fn rust_names(&self) -> Vec<RustName<'a>> {
        let mut out = Collector::default();
        let roots = Roots {
            types: Scope::root("the types' root"),
            client: Scope::root("the client file"),
            client_impl: Scope::root("`impl Client`"),
            server: Scope::root("the server file"),
            api_trait: Scope::root("trait `Api`"),
            errors: Scope::root("module `errors` of the server file"),
        };
        self.types_crate_fixed(&roots, &mut out);
        client_fixed(&roots, &mut out);
        server_fixed(&roots, &mut out);
        for (e, kind) in &self.errors {
            out.add(&roots.errors, kind, "error type", Origin::Error(e));
        }
        for t in &self.types {
            t.rust_names(&roots, &mut out);
        }
        for ns in &self.namespaces {
            ns.rust_names(&roots, &mut out);
        }
        out.names
    }

    /// The types crate's fixed names at its root.
    fn types_crate_fixed(&self, roots: &Roots<'a>, out: &mut Collector<'a>) {
        let types = &roots.types;
        out.fixed(types, [VISIT_METHODS], "generated function");
        out.fixed(types, [ERROR_CODE], "generated enum");
        let codes = Scope::root("enum `ErrorCode`");
        out.fixed(&codes, [OTHER_CODE_VARIANT], "generated variant");
        // A code declared twice is reported as such (`spec/constraints.rs`), not here.
        let mut seen = std::collections::HashSet::new();
        for (e, variant) in &self.codes {
            if seen.insert(e.code.text.as_str()) {
                out.add(&codes, variant, "error code", Origin::Error(e));
            }
        }
        out.fixed(types, UNQUALIFIED, "name the generated code uses");
        out.fixed(
            types,
            TYPES_CRATE_ITEMS.iter().copied(),
            "item of the types crate",
        );
        // Named objects at the root name other named types unqualified, so a builder's
        // type parameters would shadow them.
        let required = |t: &TypeNames| match &t.kind {
            TypeKindNames::Object(s) => s.fields.iter().filter(|f| f.field.required).count(),
            _ => 0,
        };
        let params = self.types.iter().map(required).max().unwrap_or(0);
        let params: Vec<String> = (0..params).map(builder_param).collect();
        out.fixed(
            types,
            params.iter().map(String::as_str),
            "builder type parameter",
        );
    }
}

/// The client file's fixed names, and those of `impl Client`.
fn client_fixed<'a>(roots: &Roots<'a>, out: &mut Collector<'a>) {
    let client = &roots.client;
    out.fixed(
        client,
        [CLIENT, DEFAULT_BASE_URL, API_VERSION],
        "generated item",
    );
    out.fixed(client, CLIENT_IMPORTS, "runtime import");
    out.fixed(client, UNQUALIFIED, "name the generated code uses");
    out.fixed(
        client,
        CLIENT_CRATE_ITEMS.iter().copied(),
        "item of the client crate",
    );
    out.fixed(&roots.client_impl, CLIENT_METHODS, "generated method");
}

/// The server file's fixed names, and those of trait `Api` and the errors module.
fn server_fixed<'a>(roots: &Roots<'a>, out: &mut Collector<'a>) {
    let server = &roots.server;
    out.fixed(
        server,
        [SERVER, API, NAMESPACE_PATHS, ERRORS_MODULE],
        "generated item",
    );
    out.fixed(server, ERROR_CONSTANTS, "generated constant");
    out.fixed(server, [SERVICE_PARAM], "type parameter of `Server`");
    out.fixed(server, SERVER_IMPORTS, "runtime import");
    out.fixed(server, SERVER_STD_IMPORTS, "import from `std`");
    out.fixed(server, UNQUALIFIED, "name the generated code uses");
    out.fixed(
        server,
        SERVER_CRATE_ITEMS.iter().copied(),
        "item of the server crate",
    );
    out.fixed(
        &roots.api_trait,
        AUTHENTICATE_ITEMS,
        "inherited from `Authenticate`",
    );
    let errors = &roots.errors;
    out.fixed(errors, ERRORS_IMPORTS, "runtime import");
    out.fixed(errors, [ERROR_STATUS, INTERNAL_ERROR], "generated item");
    out.fixed(errors, UNQUALIFIED, "name the generated code uses");
}

impl<'a> TypeNames<'a> {
    /// A named type's names: at the types' root, and in its struct or enum.
    fn rust_names(&self, roots: &Roots<'a>, out: &mut Collector<'a>) {
        let origin = Origin::Type(self.named);
        out.add(&roots.types, &self.name, "named type", origin);
        match &self.kind {
            TypeKindNames::Object(s) => {
                out.add(&roots.types, &s.builder, "builder", origin);
                out.add(&roots.types, &s.builder_module, "builder's module", origin);
                s.rust_names(out, "", &self.named.name);
            }
            TypeKindNames::Enum(variants) => {
                let scope = Scope::of(format!("enum `{}`", self.name), &self.named.name);
                out.fixed(&scope, [UNKNOWN_VARIANT], "generated variant");
                for (value, variant) in variants {
                    out.add(
                        &scope,
                        variant,
                        "enum variant",
                        Origin::Value(self.named, value),
                    );
                }
            }
            TypeKindNames::Open => {}
        }
    }
}

/// The scopes a namespace's names make.
struct NamespaceScopes<'a> {
    /// The types' module.
    module: Scope<'a>,
    /// The client's handle.
    handle: Scope<'a>,
    server_trait: Scope<'a>,
    error_module: Scope<'a>,
}

impl<'a> NamespaceNames<'a> {
    /// A namespace's names in every artifact, then its methods'.
    fn rust_names(&self, roots: &Roots<'a>, out: &mut Collector<'a>) {
        let origin = Origin::Namespace(self.namespace);
        let owner = &self.namespace.name;
        out.add(&roots.types, &self.module, "namespace module", origin);
        out.add(&roots.api_trait, &self.module, "namespace accessor", origin);
        out.add(
            &roots.client_impl,
            &self.module,
            "namespace accessor",
            origin,
        );
        out.add(&roots.client, &self.handle, "namespace handle", origin);
        out.add(&roots.server, &self.handle, "namespace trait", origin);
        out.add(&roots.errors, &self.module, "namespace module", origin);

        let scopes = NamespaceScopes {
            module: Scope::of(format!("module `{}`", self.module), owner),
            handle: Scope::of(format!("`impl {}`", self.handle), owner),
            server_trait: Scope::of(format!("trait `{}`", self.handle), owner),
            error_module: Scope::of(format!("module `errors::{}`", self.module), owner),
        };
        out.fixed(&scopes.module, UNQUALIFIED, "name the generated code uses");
        out.fixed(
            &scopes.server_trait,
            AUTHENTICATE_ITEMS,
            "inherited from `Authenticate`",
        );
        out.fixed(&scopes.error_module, ["ApiError"], "import");
        out.fixed(
            &scopes.error_module,
            UNQUALIFIED,
            "name the generated code uses",
        );
        for m in &self.methods {
            m.rust_names(roots, &scopes, out);
        }
    }
}

impl<'a> MethodNames<'a> {
    /// A method's names: in its namespace's scopes, its structs and its error type.
    fn rust_names(&self, roots: &Roots<'a>, ns: &NamespaceScopes<'a>, out: &mut Collector<'a>) {
        let origin = Origin::Method(self.namespace, self.method);
        out.add(&ns.module, &self.marker, "method marker", origin);
        out.add(&ns.handle, &self.function, "client method", origin);
        out.add(&ns.server_trait, &self.function, "server method", origin);
        out.add(&ns.error_module, &self.error, "method error type", origin);
        if let Some(stream) = &self.stream {
            out.add(&ns.handle, stream, "client item stream", origin);
        }
        if let Some(pages) = &self.pages {
            out.add(&ns.handle, pages, "client page stream", origin);
        }
        if self.method.token.is_some() {
            out.add(&roots.client_impl, &self.function, "token shortcut", origin);
        }
        for s in self.params.iter().chain([&self.response]) {
            out.add(&ns.module, &s.name, "struct", origin);
            out.add(&ns.module, &s.builder, "builder", origin);
            out.add(&ns.module, &s.builder_module, "builder's module", origin);
            s.rust_names(out, &format!("{}::", self.module), &self.method.name);
        }
        let error_impl = Scope::of(
            format!("`impl errors::{}::{}`", self.module, self.error),
            &self.method.name,
        );
        out.fixed(
            &error_impl,
            METHOD_ERROR_CONSTRUCTORS,
            "generated constructor",
        );
        for e in &self.method.errors {
            let constructor = error_constructor(&e.code);
            let origin = Origin::MethodError(self.namespace, self.method, e);
            out.add(&error_impl, &constructor, "error constructor", origin);
        }
    }
}

impl<'a> StructNames<'a> {
    /// The names of the struct, its `impl` block and its builder's.
    fn rust_names(&self, out: &mut Collector<'a>, module: &str, owner: &'a Name) {
        let fields = Scope::of(format!("struct `{module}{}`", self.name), owner);
        let methods = Scope::of(format!("`impl {module}{}`", self.name), owner);
        let builder = Scope::of(format!("`impl {module}{}`", self.builder), owner);
        let states = Scope::of(format!("module `{module}{}`", self.builder_module), owner);
        out.fixed(&methods, [BUILDER], "builder function");
        out.fixed(&methods, SERDE_FUNCTIONS, "function of serde's derive");
        out.fixed(&builder, [BUILD], "builder method");
        for f in &self.fields {
            let origin = Origin::Field {
                fields: self.source,
                field: f.field,
            };
            out.add(&fields, &f.ident, "struct field", origin);
            out.add(&builder, &f.setter, "setter", origin);
            if f.field.required {
                for state in &f.state_traits {
                    out.add(&states, state, "builder state trait", origin);
                }
            } else {
                out.add(&builder, &f.maybe_setter, "setter from an `Option`", origin);
                out.add(&methods, &f.setter, "setter", origin);
                out.add(&methods, &f.maybe_setter, "setter from an `Option`", origin);
            }
        }
    }
}

/// A Rust name the generated code introduces or relies on.
#[derive(Debug)]
pub struct RustName<'a> {
    /// Where it must be unique, in words: "module `companies`", "`impl Client`".
    pub scope: String,
    /// The spec item whose Rust name the scope is (the namespace of `impl Companies`, the
    /// method of `struct companies::GetCompaniesParams`); `None` for the files' roots.
    /// Two items of different owners meet in one scope only when their owners collide.
    pub owner: Option<&'a Name>,
    pub rust: String,
    /// What it is: "method marker", "struct field", ...
    pub what: &'static str,
    pub origin: Origin<'a>,
}

/// The spec item a Rust name comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// None: the generated code or its runtime fixes the name.
    Generated,
    Namespace(&'a Namespace),
    Method(&'a Namespace, &'a Method),
    Type(&'a NamedType),
    /// A field of the struct whose fields are `fields`.
    Field {
        fields: &'a [Field],
        field: &'a Field,
    },
    Value(&'a NamedType, &'a Name),
    /// A declared error.
    Error(&'a ErrorKind),
    /// An error a method lists.
    MethodError(&'a Namespace, &'a Method, &'a MethodError),
}

impl<'a> Origin<'a> {
    /// The spec name, where the spec gives one.
    pub fn name(&self) -> Option<&'a Name> {
        match *self {
            Origin::Generated => None,
            Origin::Namespace(ns) => Some(&ns.name),
            Origin::Method(_, m) => Some(&m.name),
            Origin::Type(t) => Some(&t.name),
            Origin::Field { field, .. } => Some(&field.name),
            Origin::Value(_, v) => Some(v),
            Origin::Error(e) => Some(&e.code),
            Origin::MethodError(_, _, e) => Some(&e.code),
        }
    }

    /// The item in words: "method `Companies.GetCompanies`", "field `id`".
    pub fn describe(&self) -> String {
        match *self {
            Origin::Generated => "a generated item".to_string(),
            Origin::Namespace(ns) => format!("namespace `{}`", ns.name),
            Origin::Method(ns, m) => format!("method `{}.{}`", ns.name, m.name),
            Origin::Type(t) => format!("type `{}`", t.name),
            Origin::Field { field, .. } => format!("field `{}`", field.name),
            Origin::Value(t, v) => format!("value `{v}` of enum `{}`", t.name),
            Origin::Error(e) => format!("error `{}`", e.code),
            Origin::MethodError(ns, m, e) => {
                format!("error `{}` listed by `{}.{}`", e.code, ns.name, m.name)
            }
        }
    }
}

/// A scope of [`RustName`]s being collected.
struct Scope<'a> {
    text: String,
    owner: Option<&'a Name>,
}

impl<'a> Scope<'a> {
    fn root(text: &str) -> Self {
        Scope {
            text: text.to_string(),
            owner: None,
        }
    }

    fn of(text: String, owner: &'a Name) -> Self {
        Scope {
            text,
            owner: Some(owner),
        }
    }
}

#[derive(Default)]
struct Collector<'a> {
    names: Vec<RustName<'a>>,
    /// The fixed names of each scope so far, so that each is listed once.
    fixed: std::collections::HashSet<(String, String)>,
}

impl<'a> Collector<'a> {
    fn add(&mut self, scope: &Scope<'a>, rust: &str, what: &'static str, origin: Origin<'a>) {
        self.names.push(RustName {
            scope: scope.text.clone(),
            owner: scope.owner,
            rust: rust.to_string(),
            what,
            origin,
        });
    }

    fn fixed<'n>(
        &mut self,
        scope: &Scope<'a>,
        names: impl IntoIterator<Item = &'n str>,
        what: &'static str,
    ) {
        for name in names {
            if self.fixed.insert((scope.text.clone(), name.to_string())) {
                self.add(scope, name, what, Origin::Generated);
            }
        }
    }
}
