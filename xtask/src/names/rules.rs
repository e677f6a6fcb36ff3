//! The naming rules: the conversions, and one rule per kind of name.

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::fixed::{BUILD, BUILDER};

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

/// The builder method that sets an optional field from an `Option`: `maybe_query`.
pub fn maybe_setter(field_name: &str) -> String {
    format!("maybe_{}", bare(&field(field_name)))
}

/// The module of a builder's field-state traits: `get_companies_params_builder`.
pub fn builder_module(builder: &str) -> String {
    snake(builder)
}

/// The traits a required field's state implements once set and while unset:
/// `ProfileIdIsSet`, `ProfileIdIsUnset`.
pub fn field_state_traits(field_name: &str) -> [String; 2] {
    let camel = bare(&camel(field_name)).to_string();
    [format!("{camel}IsSet"), format!("{camel}IsUnset")]
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
