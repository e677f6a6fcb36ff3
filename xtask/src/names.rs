//! Wire names to Rust identifiers: the one place where the conversion rules live.
//!
//! The validator uses these functions to reject names that cannot be converted or that
//! collide once converted, so the generators can rely on them without checking again.

use heck::{ToSnakeCase, ToUpperCamelCase};

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

#[cfg(test)]
mod tests {
    use super::*;

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
