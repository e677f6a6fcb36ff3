//! Wire names to Rust names: the one place where the naming rules live.
//!
//! - the conversions ([`snake`], [`camel`]) and one rule per kind of name ([`marker`],
//!   [`params_type`], [`stream_function`], ...);
//! - the names the generated code fixes itself ([`CLIENT`], [`UNKNOWN_VARIANT`], ...);
//! - [`Names`], the view every generator reads: each namespace, method and named type with
//!   its Rust names, computed once.
//!
//! The validator uses the same rules to reject names that cannot be converted or that
//! collide once converted, so the generators can rely on them without checking again.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{Api, Field, Method, Name, NamedKind, NamedType, Namespace};

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
        }
    }

    /// Every method, in spec order.
    pub fn methods(&self) -> impl Iterator<Item = &MethodNames<'a>> {
        self.namespaces.iter().flat_map(|ns| &ns.methods)
    }

    /// Every Rust name the generated code introduces, with the scope it must be unique in.
    /// Names the generated code fixes (`Client`, `new`, ...) come with `from: None`.
    pub fn rust_names(&self) -> Vec<RustName<'a>> {
        let mut out = Vec::new();
        let mut push = |scope: String, rust: &str, what: &'static str, from: Option<&'a Name>| {
            out.push(RustName {
                scope,
                rust: rust.to_string(),
                what,
                from,
            });
        };
        const TYPES: &str = "the types' root";
        const CLIENT_ROOT: &str = "the client file";
        const CLIENT_IMPL: &str = "`impl Client`";
        const SERVER_ROOT: &str = "the server file";
        push(TYPES.into(), VISIT_METHODS, "generated function", None);
        push(CLIENT_ROOT.into(), CLIENT, "generated type", None);
        push(
            CLIENT_ROOT.into(),
            DEFAULT_BASE_URL,
            "generated constant",
            None,
        );
        for name in CLIENT_IMPORTS {
            push(CLIENT_ROOT.into(), name, "runtime import", None);
        }
        for name in CLIENT_METHODS {
            push(CLIENT_IMPL.into(), name, "generated method", None);
        }
        for name in [SERVER, API, NAMESPACE_PATHS] {
            push(SERVER_ROOT.into(), name, "generated item", None);
        }
        for name in SERVER_IMPORTS {
            push(SERVER_ROOT.into(), name, "runtime import", None);
        }
        for t in &self.types {
            push(TYPES.into(), &t.name, "named type", Some(&t.named.name));
            match &t.kind {
                TypeKindNames::Object(s) => {
                    push(TYPES.into(), &s.builder, "builder", Some(&t.named.name));
                    s.rust_names(&mut push, "")
                }
                TypeKindNames::Enum(variants) => {
                    let scope = format!("enum `{}`", t.name);
                    push(scope.clone(), UNKNOWN_VARIANT, "generated variant", None);
                    for (value, variant) in variants {
                        push(scope.clone(), variant, "enum variant", Some(value));
                    }
                }
                TypeKindNames::Open => {}
            }
        }
        const API_TRAIT: &str = "trait `Api`";
        for name in AUTHENTICATE_ITEMS {
            push(
                API_TRAIT.into(),
                name,
                "inherited from `Authenticate`",
                None,
            );
        }
        for ns in &self.namespaces {
            let from = Some(&ns.namespace.name);
            push(TYPES.into(), &ns.module, "namespace module", from);
            push(API_TRAIT.into(), &ns.module, "namespace accessor", from);
            push(CLIENT_IMPL.into(), &ns.module, "namespace accessor", from);
            push(CLIENT_ROOT.into(), &ns.handle, "namespace handle", from);
            push(SERVER_ROOT.into(), &ns.handle, "namespace trait", from);
            let module = format!("module `{}`", ns.module);
            let handle = format!("`impl {}`", ns.handle);
            let server_trait = format!("trait `{}`", ns.handle);
            for name in AUTHENTICATE_ITEMS {
                push(
                    server_trait.clone(),
                    name,
                    "inherited from `Authenticate`",
                    None,
                );
            }
            for m in &ns.methods {
                let from = Some(&m.method.name);
                push(module.clone(), &m.marker, "method marker", from);
                push(handle.clone(), &m.function, "client method", from);
                push(server_trait.clone(), &m.function, "server method", from);
                if let Some(stream) = &m.stream {
                    push(handle.clone(), stream, "client stream", from);
                }
                if let Some(pages) = &m.pages {
                    push(handle.clone(), pages, "client page stream", from);
                }
                if m.method.token.is_some() {
                    push(CLIENT_IMPL.into(), &m.function, "token shortcut", from);
                }
                for s in m.params.iter().chain([&m.response]) {
                    push(module.clone(), &s.name, "struct", from);
                    push(module.clone(), &s.builder, "builder", from);
                    s.rust_names(&mut push, &format!("{}::", ns.module));
                }
            }
        }
        out
    }
}

/// A Rust name the generated code introduces.
#[derive(Debug)]
pub struct RustName<'a> {
    /// Where it must be unique, in words: "module `companies`", "`impl Client`".
    pub scope: String,
    pub rust: String,
    /// What it is: "method marker", "struct field", ...
    pub what: &'static str,
    /// The spec name it comes from; `None` for names the generated code fixes.
    pub from: Option<&'a Name>,
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
    fn new(name: String, fields: &'a [Field]) -> Self {
        let fields = fields
            .iter()
            .map(|f| FieldNames {
                field: f,
                ident: field(&f.name),
                setter: setter(&f.name),
            })
            .collect();
        StructNames {
            builder: builder_type(&name),
            name,
            fields,
        }
    }

    fn rust_names(
        &self,
        push: &mut impl FnMut(String, &str, &'static str, Option<&'a Name>),
        module: &str,
    ) {
        let fields = format!("struct `{module}{}`", self.name);
        let methods = format!("`impl {module}{}`", self.name);
        let builder = format!("`impl {module}{}`", self.builder);
        push(methods.clone(), BUILDER, "builder function", None);
        push(builder.clone(), BUILD, "builder method", None);
        for f in &self.fields {
            push(
                fields.clone(),
                &f.ident,
                "struct field",
                Some(&f.field.name),
            );
            push(builder.clone(), &f.setter, "setter", Some(&f.field.name));
            if !f.field.required {
                push(methods.clone(), &f.setter, "setter", Some(&f.field.name));
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
