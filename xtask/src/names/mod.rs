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
//!
//! Modules: [`rules`] (the conversions and rules), [`fixed`] (the names the generated code
//! fixes), [`scopes`] (every Rust name with the scope it must be unique in).

mod fixed;
mod rules;
mod scopes;

pub use fixed::*;
pub use rules::*;
pub use scopes::{Origin, RustName};

use crate::model::{Api, ErrorKind, Field, Method, Name, NamedKind, NamedType, Namespace};

/// The Rust names of a whole API.
pub struct Names<'a> {
    pub namespaces: Vec<NamespaceNames<'a>>,
    pub types: Vec<TypeNames<'a>>,
    /// The declared errors, each with its type in the server's errors module.
    pub errors: Vec<(&'a ErrorKind, String)>,
    /// Every error code, the transport's then the methods', each with its `ErrorCode` variant.
    pub codes: Vec<(&'a ErrorKind, String)>,
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
    /// The module of its builder's field-state traits: `get_companies_params_builder`.
    pub builder_module: String,
    pub fields: Vec<FieldNames<'a>>,
}

pub struct FieldNames<'a> {
    pub field: &'a Field,
    pub ident: String,
    /// The field's method on the struct's builder.
    pub setter: String,
    /// Its setter from an `Option` (used for optional fields): `maybe_query`.
    pub maybe_setter: String,
    /// The traits of its builder state once set and while unset (used for required fields).
    pub state_traits: [String; 2],
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
            codes: api
                .transport
                .errors
                .iter()
                .chain(&api.errors)
                .map(|e| (e, error_kind(&e.code)))
                .collect(),
        }
    }

    /// Every method, in spec order.
    pub fn methods(&self) -> impl Iterator<Item = &MethodNames<'a>> {
        self.namespaces.iter().flat_map(|ns| &ns.methods)
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

    /// The token shortcut's arguments: the required parameters by role
    /// ([`crate::model::shortcut_order`]).
    pub fn shortcut_arguments(&self) -> Vec<&FieldNames<'a>> {
        crate::model::shortcut_order(self.required(), |f| f.field)
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
                maybe_setter: maybe_setter(&f.name),
                state_traits: field_state_traits(&f.name),
            })
            .collect();
        let builder = builder_type(&name);
        StructNames {
            source,
            builder_module: builder_module(&builder),
            builder,
            name,
            fields,
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
