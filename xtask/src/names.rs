//! Wire names to Rust names: the one place where the naming rules live.
//!
//! - the conversions ([`snake`], [`camel`]) and one rule per kind of name ([`marker`],
//!   [`params_type`], [`stream_function`], ...);
//! - the names the generated code fixes itself ([`CLIENT`], [`UNKNOWN_VARIANT`], ...);
//! - [`Names`], the view every generator reads: each namespace, method and named type with
//!   its Rust names, computed once.
//!
//! The validator uses the same rules to reject names that cannot be converted, and
//! [`Names::rust_names`] to reject any two that would clash in one Rust scope
//! (`spec/collisions.rs`), so the generators can rely on them without checking again.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{
    Api, ErrorKind, Field, Method, MethodError, Name, NamedKind, NamedType, Namespace,
};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super"];

/// Why a name cannot become a Rust identifier.
pub fn ident_problem(converted: &str) -> Option<&'static str> {
    let mut chars = converted.chars();
    match chars.next() {
        None => Some("it has no letters or digits"),
        Some(c) if c.is_ascii_digit() => Some("it starts with a digit"),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            Some("it contains characters other than ASCII letters, digits and `_`")
        }
        _ if converted == "_" => Some("`_` alone is not an identifier"),
        _ if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            Some("it contains characters other than ASCII letters, digits and `_`")
        }
        _ => None,
    }
}

/// A field, function or module name: `created_at`, `get_companies`, `r#type`.
pub fn snake(name: &str) -> String {
    escape_keyword(name.to_snake_case())
}

/// A type or variant name: `GetCompanies`, `ClientNumber`.
pub fn camel(name: &str) -> String {
    escape_keyword(name.to_upper_camel_case())
}

/// The name without the `r#` prefix, for building other names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

fn escape_keyword(ident: String) -> String {
    if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

// ---------------------------------------------------------------------------------------
// Names the generated code defines itself. The generators emit these constants, and the
// validator keeps the names derived from the spec off them.

/// The client type.
pub const CLIENT: &str = "Client";
/// The server type.
pub const SERVER: &str = "Server";
/// The trait that gathers every namespace trait.
pub const API: &str = "Api";
/// The variant that response-side enums use for values this spec does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";
/// Names a namespace's handle (client) or trait (server) would clash with.
pub const RESERVED_NAMESPACES: [&str; 3] = [CLIENT, SERVER, API];
/// The client's base URL constant.
pub const DEFAULT_BASE_URL: &str = "DEFAULT_BASE_URL";
/// The client's constant naming the API version it was generated for.
pub const API_VERSION: &str = "API_VERSION";
/// The server's list of namespace paths.
pub const NAMESPACE_PATHS: &str = "NAMESPACE_PATHS";
/// The types' function that visits every method.
pub const VISIT_METHODS: &str = "visit_methods";
/// The function of every parameters, response and named struct that starts its builder.
pub const BUILDER: &str = "builder";
/// The builder method that makes the struct once every required field is set.
pub const BUILD: &str = "build";
/// What the client file imports from the client runtime, next to its own items.
pub const CLIENT_IMPORTS: [&str; 3] = ["ClientBuilder", "Error", "Transport"];
/// What the server file imports from the server runtime, next to its own items.
pub const SERVER_IMPORTS: [&str; 6] = [
    "ApiError",
    "Authenticate",
    "Call",
    "Context",
    "Dispatcher",
    "Reply",
];
/// The client's own methods, next to its namespace accessors and token shortcuts.
pub const CLIENT_METHODS: [&str; 4] = ["new", "builder", "transport", "set_token"];
/// What every namespace trait inherits from `Authenticate`.
pub const AUTHENTICATE_ITEMS: [&str; 2] = ["Principal", "authenticate"];
/// The server's constants of error statuses, next to [`NAMESPACE_PATHS`].
pub const ERROR_CONSTANTS: [&str; 2] = ["TRANSPORT_ERRORS", "METHOD_ERRORS"];
/// The server's type parameter for the implementation it serves: `Server<S>`.
pub const SERVICE_PARAM: &str = "S";
/// The server's module of error types.
pub const ERRORS_MODULE: &str = "errors";
/// What the errors module imports from the server runtime.
pub const ERRORS_IMPORTS: [&str; 2] = ["ApiError", "StatusCode"];
/// The errors module's function from a status number to a `StatusCode`.
pub const ERROR_STATUS: &str = "status";
/// The error every method may answer, next to the spec's.
pub const INTERNAL_ERROR: &str = "Internal";
/// The constructors of every method's error type, next to one per error it lists.
pub const METHOD_ERROR_CONSTRUCTORS: [&str; 2] = ["internal", "not_implemented"];
/// The associated functions serde's `remote = "Self"` derive gives every struct.
pub const SERDE_FUNCTIONS: [&str; 2] = ["serialize", "deserialize"];
/// Names the generated code writes unqualified in every file and module, which an item
/// of the same name would shadow: the prelude's, the primitive types and the crates.
pub const UNQUALIFIED: [&str; 20] = [
    "std", "serde", "String", "Vec", "Option", "Some", "None", "Result", "Ok", "Err", "From",
    "Into", "Send", "Sync", "bool", "i64", "f64", "str", "u16", "usize",
];
/// The server file's import from `std`, next to the runtime's.
pub const SERVER_STD_IMPORTS: [&str; 1] = ["Future"];
/// The items of each runtime crate's root, where the generated items are re-exported: a
/// generated item of the same name would be shadowed (in the types crate, the client and
/// the server would then reach the hand-written one). A test checks them against each
/// crate's `lib.rs`.
pub const TYPES_CRATE_ITEMS: &[&str] = &[
    "ApiMethod",
    "DateBuilder",
    "DateError",
    "DayMonthYear",
    "Invalid",
    "IsoDate",
    "JsonObject",
    "JsonValue",
    "MethodVisitor",
    "NoParams",
    "Page",
    "Paginated",
    "Unset",
    "Validate",
    "__codegen",
    "date",
    "generated",
    "validate",
    "wire",
];
pub const CLIENT_CRATE_ITEMS: &[&str] = &[
    "CallOptions",
    "ClientBuilder",
    "DEFAULT_TIMEOUT",
    "Error",
    "ItemStream",
    "ListPage",
    "Middleware",
    "PageStream",
    "REQUEST_ID_HEADER",
    "RetryPolicy",
    "Transport",
    "__codegen",
    "codec",
    "error",
    "generated",
    "middleware",
    "pages",
    "transport",
    "types",
];
pub const SERVER_CRATE_ITEMS: &[&str] = &[
    "ApiError",
    "Authenticate",
    "Call",
    "Context",
    "DEFAULT_BODY_LIMIT",
    "Dispatcher",
    "Limits",
    "NotImplemented",
    "Reply",
    "Serve",
    "Service",
    "StatusCode",
    "__codegen",
    "dispatch",
    "generated",
    "router",
    "runtime",
    "serve",
    "types",
];

// ---------------------------------------------------------------------------------------
// One rule per kind of name.

/// A namespace's module (types) and accessor (client): `companies`.
pub fn module(namespace: &str) -> String {
    snake(namespace)
}

/// A namespace's handle (client) and trait (server): `Companies`.
pub fn handle(namespace: &str) -> String {
    camel(namespace)
}

/// A method's marker type: `GetCompanies`.
pub fn marker(method: &str) -> String {
    camel(method)
}

/// A method's function, on the client's handle and in the server's trait: `get_companies`.
pub fn function(method: &str) -> String {
    snake(method)
}

/// A method's parameters struct: `GetCompaniesParams`.
pub fn params_type(method: &str) -> String {
    format!("{}Params", bare(&camel(method)))
}

/// A method's response struct: `GetCompaniesResponse`.
pub fn response_type(method: &str) -> String {
    format!("{}Response", bare(&camel(method)))
}

/// A paginated method's stream of items: `get_companies_stream`.
pub fn stream_function(method: &str) -> String {
    format!("{}_stream", bare(&snake(method)))
}

/// A paginated method's stream of pages: `get_companies_pages`.
pub fn pages_function(method: &str) -> String {
    format!("{}_pages", bare(&snake(method)))
}

/// A method's error type, in the server's errors module: `GetCompaniesError`.
pub fn error_type(method: &str) -> String {
    format!("{}Error", bare(&camel(method)))
}

/// A declared error's type, in the server's errors module: `UnknownRecord`.
pub fn error_kind(code: &str) -> String {
    camel(code)
}

/// The constructor of a method's error type for one error it lists: `unknown_record`.
pub fn error_constructor(code: &str) -> String {
    snake(code)
}

/// The type parameter of a builder's `index`-th required field: `R0`.
pub fn builder_param(index: usize) -> String {
    format!("R{index}")
}

/// A named type: `Address`.
pub fn type_name(name: &str) -> String {
    camel(name)
}

/// A struct field: `created_at`, `r#type`.
pub fn field(name: &str) -> String {
    snake(name)
}

/// An enum variant: `DarkGreen`.
pub fn variant(value: &str) -> String {
    camel(value)
}

/// The method that sets a field, on the builder (and for optional fields on the struct);
/// `with_build` where it would be the builder's or the struct's own method.
pub fn setter(field_name: &str) -> String {
    let field = field(field_name);
    if field == BUILD || field == BUILDER {
        format!("with_{field}")
    } else {
        field
    }
}

/// A struct's typestate builder: `GetCompaniesParamsBuilder`.
pub fn builder_type(struct_name: &str) -> String {
    format!("{}Builder", bare(struct_name))
}

/// The anchor of a method's or named type's section in the Markdown docs: `getcompanies`.
pub fn anchor(name: &str) -> String {
    name.to_lowercase()
}

/// A summary as a sentence's body, without its final period: `Lists the companies`.
pub fn summary(text: &str) -> &str {
    text.trim_end_matches('.')
}

/// A namespace's description, or the wording used when the spec gives none.
pub fn namespace_doc(doc: &str) -> &str {
    if doc.is_empty() {
        "The methods of this namespace."
    } else {
        doc
    }
}

// ---------------------------------------------------------------------------------------
// The view: every Rust name of the API, computed once, next to what it names.

/// The Rust names of a whole API.
pub struct Names<'a> {
    pub namespaces: Vec<NamespaceNames<'a>>,
    pub types: Vec<TypeNames<'a>>,
    /// The declared errors, each with its type in the server's errors module.
    pub errors: Vec<(&'a ErrorKind, String)>,
}

pub struct NamespaceNames<'a> {
    pub namespace: &'a Namespace,
    /// The types' module and the client's accessor: `companies`.
    pub module: String,
    /// The client's handle and the server's trait: `Companies`.
    pub handle: String,
    /// The description, or the fallback wording.
    pub doc: &'a str,
    /// The docs page: `companies.md`.
    pub page: String,
    pub methods: Vec<MethodNames<'a>>,
}

pub struct MethodNames<'a> {
    pub namespace: &'a Namespace,
    pub method: &'a Method,
    /// The namespace's module and handle, repeated for code that works on one method.
    pub module: String,
    pub handle: String,
    pub marker: String,
    /// `None` when the method takes no parameters (it sends no `parameters` key).
    pub params: Option<StructNames<'a>>,
    pub response: StructNames<'a>,
    pub function: String,
    /// Its error type in the server's errors module: `GetCompaniesError`.
    pub error: String,
    /// For paginated methods: the item stream and the page stream.
    pub stream: Option<String>,
    pub pages: Option<String>,
    /// The summary without its final period.
    pub summary: &'a str,
    /// The docs page of its namespace, and the anchor of its section there:
    /// `companies.md`, `getcompanies`.
    pub page: String,
    pub anchor: String,
}

/// A parameters, response or named object struct.
pub struct StructNames<'a> {
    /// The spec's fields it is made of.
    pub source: &'a [Field],
    pub name: String,
    /// Its builder: `GetCompaniesParamsBuilder`.
    pub builder: String,
    pub fields: Vec<FieldNames<'a>>,
}

pub struct FieldNames<'a> {
    pub field: &'a Field,
    pub ident: String,
    /// The field's method on the struct's builder.
    pub setter: String,
}

pub struct TypeNames<'a> {
    pub named: &'a NamedType,
    pub name: String,
    pub kind: TypeKindNames<'a>,
}

pub enum TypeKindNames<'a> {
    Object(StructNames<'a>),
    Enum(Vec<(&'a Name, String)>),
    Open,
}

impl<'a> Names<'a> {
    pub fn new(api: &'a Api) -> Self {
        Names {
            namespaces: api.namespaces.iter().map(NamespaceNames::new).collect(),
            types: api.types.iter().map(TypeNames::new).collect(),
            errors: api
                .errors
                .iter()
                .map(|e| (e, error_kind(&e.code)))
                .collect(),
        }
    }

    /// Every method, in spec order.
    pub fn methods(&self) -> impl Iterator<Item = &MethodNames<'a>> {
        self.namespaces.iter().flat_map(|ns| &ns.methods)
    }

    /// Every Rust name the generated code introduces or relies on, each with the scope it
    /// must be unique in: the list the validator checks for collisions. Names the
    /// generated code or its runtime fix (`Client`, `new`, `String`, ...) come with
    /// [`Origin::Generated`]; each is listed once per scope.
    pub fn rust_names(&self) -> Vec<RustName<'a>> {
        let mut out = Collector::default();
        let types = Scope::root("the types' root");
        let client = Scope::root("the client file");
        let client_impl = Scope::root("`impl Client`");
        let server = Scope::root("the server file");
        let api_trait = Scope::root("trait `Api`");
        let errors = Scope::root("module `errors` of the server file");

        out.fixed(&types, [VISIT_METHODS], "generated function");
        out.fixed(&types, UNQUALIFIED, "name the generated code uses");
        out.fixed(
            &types,
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
            &types,
            params.iter().map(String::as_str),
            "builder type parameter",
        );

        out.fixed(
            &client,
            [CLIENT, DEFAULT_BASE_URL, API_VERSION],
            "generated item",
        );
        out.fixed(&client, CLIENT_IMPORTS, "runtime import");
        out.fixed(&client, UNQUALIFIED, "name the generated code uses");
        out.fixed(
            &client,
            CLIENT_CRATE_ITEMS.iter().copied(),
            "item of the client crate",
        );
        out.fixed(&client_impl, CLIENT_METHODS, "generated method");

        out.fixed(
            &server,
            [SERVER, API, NAMESPACE_PATHS, ERRORS_MODULE],
            "generated item",
        );
        out.fixed(&server, ERROR_CONSTANTS, "generated constant");
        out.fixed(&server, [SERVICE_PARAM], "type parameter of `Server`");
        out.fixed(&server, SERVER_IMPORTS, "runtime import");
        out.fixed(&server, SERVER_STD_IMPORTS, "import from `std`");
        out.fixed(&server, UNQUALIFIED, "name the generated code uses");
        out.fixed(
            &server,
            SERVER_CRATE_ITEMS.iter().copied(),
            "item of the server crate",
        );
        out.fixed(
            &api_trait,
            AUTHENTICATE_ITEMS,
            "inherited from `Authenticate`",
        );

        out.fixed(&errors, ERRORS_IMPORTS, "runtime import");
        out.fixed(&errors, [ERROR_STATUS, INTERNAL_ERROR], "generated item");
        out.fixed(&errors, UNQUALIFIED, "name the generated code uses");
        for (e, kind) in &self.errors {
            out.add(&errors, kind, "error type", Origin::Error(e));
        }

        for t in &self.types {
            let origin = Origin::Type(t.named);
            out.add(&types, &t.name, "named type", origin);
            match &t.kind {
                TypeKindNames::Object(s) => {
                    out.add(&types, &s.builder, "builder", origin);
                    s.rust_names(&mut out, "", &t.named.name);
                }
                TypeKindNames::Enum(variants) => {
                    let scope = Scope::of(format!("enum `{}`", t.name), &t.named.name);
                    out.fixed(&scope, [UNKNOWN_VARIANT], "generated variant");
                    for (value, variant) in variants {
                        out.add(
                            &scope,
                            variant,
                            "enum variant",
                            Origin::Value(t.named, value),
                        );
                    }
                }
                TypeKindNames::Open => {}
            }
        }

        for ns in &self.namespaces {
            let origin = Origin::Namespace(ns.namespace);
            let owner = &ns.namespace.name;
            out.add(&types, &ns.module, "namespace module", origin);
            out.add(&api_trait, &ns.module, "namespace accessor", origin);
            out.add(&client_impl, &ns.module, "namespace accessor", origin);
            out.add(&client, &ns.handle, "namespace handle", origin);
            out.add(&server, &ns.handle, "namespace trait", origin);
            out.add(&errors, &ns.module, "namespace module", origin);

            let module = Scope::of(format!("module `{}`", ns.module), owner);
            let handle = Scope::of(format!("`impl {}`", ns.handle), owner);
            let server_trait = Scope::of(format!("trait `{}`", ns.handle), owner);
            let error_module = Scope::of(format!("module `errors::{}`", ns.module), owner);
            out.fixed(&module, UNQUALIFIED, "name the generated code uses");
            out.fixed(
                &server_trait,
                AUTHENTICATE_ITEMS,
                "inherited from `Authenticate`",
            );
            out.fixed(&error_module, ["ApiError"], "import");
            out.fixed(&error_module, UNQUALIFIED, "name the generated code uses");

            for m in &ns.methods {
                let origin = Origin::Method(ns.namespace, m.method);
                out.add(&module, &m.marker, "method marker", origin);
                out.add(&handle, &m.function, "client method", origin);
                out.add(&server_trait, &m.function, "server method", origin);
                out.add(&error_module, &m.error, "method error type", origin);
                if let Some(stream) = &m.stream {
                    out.add(&handle, stream, "client item stream", origin);
                }
                if let Some(pages) = &m.pages {
                    out.add(&handle, pages, "client page stream", origin);
                }
                if m.method.token.is_some() {
                    out.add(&client_impl, &m.function, "token shortcut", origin);
                }
                for s in m.params.iter().chain([&m.response]) {
                    out.add(&module, &s.name, "struct", origin);
                    out.add(&module, &s.builder, "builder", origin);
                    s.rust_names(&mut out, &format!("{}::", ns.module), &m.method.name);
                }
                let error_impl = Scope::of(
                    format!("`impl errors::{}::{}`", ns.module, m.error),
                    &m.method.name,
                );
                out.fixed(
                    &error_impl,
                    METHOD_ERROR_CONSTRUCTORS,
                    "generated constructor",
                );
                for e in &m.method.errors {
                    let constructor = error_constructor(&e.code);
                    let origin = Origin::MethodError(ns.namespace, m.method, e);
                    out.add(&error_impl, &constructor, "error constructor", origin);
                }
            }
        }
        out.names
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

impl<'a> NamespaceNames<'a> {
    fn new(ns: &'a Namespace) -> Self {
        let module = module(&ns.name);
        let handle = handle(&ns.name);
        let page = format!("{}.md", ns.path);
        let methods = ns
            .methods
            .iter()
            .map(|m| MethodNames::new(ns, m, &module, &handle, &page))
            .collect();
        NamespaceNames {
            namespace: ns,
            doc: namespace_doc(&ns.doc),
            page,
            module,
            handle,
            methods,
        }
    }
}

impl<'a> MethodNames<'a> {
    fn new(ns: &'a Namespace, m: &'a Method, module: &str, handle: &str, page: &str) -> Self {
        MethodNames {
            namespace: ns,
            method: m,
            module: module.to_string(),
            handle: handle.to_string(),
            marker: marker(&m.name),
            params: (!m.params.is_empty())
                .then(|| StructNames::new(params_type(&m.name), &m.params)),
            response: StructNames::new(response_type(&m.name), &m.response),
            function: function(&m.name),
            error: error_type(&m.name),
            stream: m.paginated.as_ref().map(|_| stream_function(&m.name)),
            pages: m.paginated.as_ref().map(|_| pages_function(&m.name)),
            summary: summary(&m.summary),
            page: page.to_string(),
            anchor: anchor(&m.name),
        }
    }

    /// The required parameters, in spec order: the token shortcut's arguments.
    pub fn required(&self) -> impl Iterator<Item = &FieldNames<'a>> {
        self.params
            .iter()
            .flat_map(|p| &p.fields)
            .filter(|f| f.field.required)
    }
}

impl<'a> StructNames<'a> {
    fn new(name: String, source: &'a [Field]) -> Self {
        let fields = source
            .iter()
            .map(|f| FieldNames {
                field: f,
                ident: field(&f.name),
                setter: setter(&f.name),
            })
            .collect();
        StructNames {
            source,
            builder: builder_type(&name),
            name,
            fields,
        }
    }

    /// The names of the struct, its `impl` block and its builder's.
    fn rust_names(&self, out: &mut Collector<'a>, module: &str, owner: &'a Name) {
        let fields = Scope::of(format!("struct `{module}{}`", self.name), owner);
        let methods = Scope::of(format!("`impl {module}{}`", self.name), owner);
        let builder = Scope::of(format!("`impl {module}{}`", self.builder), owner);
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
            if !f.field.required {
                out.add(&methods, &f.setter, "setter", origin);
            }
        }
    }
}

impl<'a> TypeNames<'a> {
    fn new(t: &'a NamedType) -> Self {
        let name = type_name(&t.name);
        let kind = match &t.kind {
            NamedKind::Object { fields } => {
                TypeKindNames::Object(StructNames::new(name.clone(), fields))
            }
            NamedKind::Enum { values } => {
                TypeKindNames::Enum(values.iter().map(|v| (v, variant(v))).collect())
            }
            NamedKind::Open => TypeKindNames::Open,
        };
        TypeNames {
            named: t,
            name,
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::*;

    fn load(spec: &str) -> Api {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        crate::spec::load(&root.join(spec)).unwrap_or_else(|r| panic!("{}", r.render()))
    }

    #[test]
    fn the_view_holds_each_rule_once() {
        let api = load("xtask/tests/specs/good/features.yaml");
        let names = Names::new(&api);
        let m = names
            .methods()
            .find(|m| m.method.name.text == "GetWidgets")
            .unwrap();
        assert_eq!(
            (m.module.as_str(), m.handle.as_str()),
            ("widgets", "Widgets")
        );
        assert_eq!(m.params.as_ref().unwrap().name, "GetWidgetsParams");
        assert_eq!(m.response.name, "GetWidgetsResponse");
        assert_eq!(m.stream.as_deref(), Some("get_widgets_stream"));
        assert_eq!(m.pages.as_deref(), Some("get_widgets_pages"));
        assert_eq!(
            m.required().map(|f| f.ident.as_str()).collect::<Vec<_>>(),
            ["r#type"]
        );
        assert_eq!(
            (m.page.as_str(), m.anchor.as_str()),
            ("widgets.md", "getwidgets")
        );
        let catalog = names
            .methods()
            .find(|m| m.method.name.text == "GetCatalog")
            .unwrap();
        assert!(catalog.params.is_none() && catalog.stream.is_none());
        assert_eq!(summary("Lists widgets."), "Lists widgets");
        assert_eq!(setter("build"), "with_build");
        assert_eq!(setter("builder"), "with_builder");
        assert_eq!(setter("new"), "new");
        assert_eq!(
            m.params.as_ref().unwrap().builder,
            "GetWidgetsParamsBuilder"
        );
        assert_eq!(namespace_doc(""), "The methods of this namespace.");
    }

    #[test]
    fn every_generated_name_is_enumerated_and_unique_in_its_scope() {
        for spec in ["spec/api.yaml", "xtask/tests/specs/good/features.yaml"] {
            let api = load(spec);
            let all = Names::new(&api).rust_names();
            let mut seen = HashSet::new();
            for name in &all {
                assert!(
                    seen.insert((&name.scope, bare(&name.rust))),
                    "{spec}: {name:?}"
                );
            }
            let has =
                |scope: &str, rust: &str| all.iter().any(|n| n.scope == scope && n.rust == rust);
            if spec.ends_with("features.yaml") {
                assert!(has("module `widgets`", "GetWidgetsParams"));
                assert!(has("struct `widgets::GetWidgetsParams`", "self_"));
                assert!(has("`impl widgets::GetWidgetsParams`", "builder"));
                assert!(has("`impl widgets::GetWidgetsParamsBuilder`", "build"));
                assert!(has("module `widgets`", "GetWidgetsParamsBuilder"));
                assert!(has("`impl Client`", "sign_in"));
                assert!(has("`impl Widgets`", "get_widgets_stream"));
                assert!(has("enum `Color`", UNKNOWN_VARIANT));
                assert!(has("the server file", "Widgets"));
                assert!(has("trait `Api`", "widgets"));
            }
        }
    }

    /// The names each runtime crate's root defines or imports, besides the glob of the
    /// generated items (macros, in their own namespace, aside).
    fn crate_root_items(krate: &str) -> Vec<String> {
        fn leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => leaves(&p.tree, out),
                syn::UseTree::Name(n) => out.push(n.ident.to_string()),
                syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, out)),
                syn::UseTree::Glob(_) => {}
            }
        }
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../crates/{krate}/src/lib.rs"));
        let file = syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut out = Vec::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(i) => out.push(i.ident.to_string()),
                syn::Item::Enum(i) => out.push(i.ident.to_string()),
                syn::Item::Type(i) => out.push(i.ident.to_string()),
                syn::Item::Trait(i) => out.push(i.ident.to_string()),
                syn::Item::Fn(i) => out.push(i.sig.ident.to_string()),
                syn::Item::Const(i) => out.push(i.ident.to_string()),
                syn::Item::Static(i) => out.push(i.ident.to_string()),
                syn::Item::Mod(i) => out.push(i.ident.to_string()),
                syn::Item::Use(i) => leaves(&i.tree, &mut out),
                _ => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn the_crate_items_are_those_of_each_crate_root() {
        for (krate, listed) in [
            ("centiacrm-types", TYPES_CRATE_ITEMS),
            ("centiacrm-client", CLIENT_CRATE_ITEMS),
            ("centiacrm-server", SERVER_CRATE_ITEMS),
        ] {
            let mut listed: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
            listed.sort();
            assert_eq!(
                crate_root_items(krate),
                listed,
                "{krate}: update names::*_CRATE_ITEMS"
            );
        }
    }

    #[test]
    fn converts_and_escapes() {
        assert_eq!(snake("GetCompanies"), "get_companies");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(camel("client_number"), "ClientNumber");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(bare("r#type"), "type");
    }

    #[test]
    fn rejects_what_cannot_be_an_identifier() {
        assert_eq!(ident_problem(&snake("2fa")), Some("it starts with a digit"));
        assert!(ident_problem(&snake("--")).is_some());
        assert!(ident_problem(&snake("año")).is_some());
        assert_eq!(ident_problem(&snake("first name")), None);
    }
}
