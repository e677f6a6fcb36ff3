//! The spec's type expressions (`array<T>`, `date<FORMAT>`, a named type), and the
//! suggestions for a mistyped type name or key.

use crate::model::{DateFormat, Type};

/// The built-in type names, for suggestions.
pub(super) const BUILTIN_TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "any", "object", "date", "array", "map",
];

/// A bare word that is not built in is taken as a named type; `validate` checks that it exists.
pub(super) fn parse_type(text: &str) -> Result<Type, (String, String)> {
    let text = text.trim();
    if let Some((head, rest)) = text.split_once('<') {
        let Some(inner) = rest.strip_suffix('>') else {
            return Err((
                format!("malformed type `{text}`: `<` without a closing `>`"),
                format!("write `{head}<...>`"),
            ));
        };
        let inner = inner.trim();
        return match head.trim() {
            "array" => Ok(Type::Array(Box::new(parse_type(inner)?))),
            "map" => Ok(Type::Map(Box::new(parse_type(inner)?))),
            "date" => DateFormat::parse(inner).map(Type::Date).ok_or_else(|| {
                (
                    format!("unknown date format `{inner}`"),
                    format!("the supported formats are {}", supported_formats()),
                )
            }),
            other => Err((
                format!("`{other}` takes no `<...>`"),
                "only `array<T>`, `map<T>` and `date<FORMAT>` take a parameter".to_string(),
            )),
        };
    }
    match text {
        "string" => Ok(Type::String),
        "integer" => Ok(Type::Integer),
        "number" => Ok(Type::Number),
        "boolean" => Ok(Type::Boolean),
        "any" => Ok(Type::Any),
        "object" => Ok(Type::OpenObject),
        "date" => Err((
            "`date` needs its format".to_string(),
            format!("write `date<DD/MM/YY>` or `date<YYYY-MM-DD>`; the supported formats are {}", supported_formats()),
        )),
        "array" | "map" => Err((
            format!("`{text}` needs its item type"),
            format!("write `{text}<integer>`, `{text}<Address>`, ..."),
        )),
        "" => Err(("the type is empty".to_string(), "write a type such as `string`".to_string())),
        name if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => Ok(Type::Named(name.to_string())),
        _ => Err((
            format!("malformed type `{text}`"),
            "a type is a built-in name, `array<T>`, `map<T>`, `date<FORMAT>` or the name of a type in `types`".to_string(),
        )),
    }
}

/// Type names from other languages, with what the spec writes instead.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("int", "did you mean `integer`?"),
    ("long", "did you mean `integer`?"),
    ("i32", "did you mean `integer`?"),
    ("i64", "did you mean `integer`?"),
    ("u32", "did you mean `integer`?"),
    ("u64", "did you mean `integer`?"),
    ("str", "did you mean `string`?"),
    ("text", "did you mean `string`?"),
    ("bool", "did you mean `boolean`?"),
    ("float", "did you mean `number`?"),
    ("double", "did you mean `number`?"),
    ("decimal", "did you mean `number`?"),
    ("f32", "did you mean `number`?"),
    ("f64", "did you mean `number`?"),
    (
        "datetime",
        "the spec has no date-and-time type: write `string` for a date with a time, or `date<YYYY-MM-DD>` or `date<DD/MM/YY>` for a date alone",
    ),
    ("list", "did you mean `array<T>`, e.g. `array<string>`?"),
    ("dict", "did you mean `map<T>`, e.g. `map<string>`?"),
];

/// The help for an unknown type name: a type of the spec with that name in other letter
/// case, else what the spec calls a type other languages name so (`int`), else the nearest
/// built-in or defined name.
pub(super) fn type_suggestion<'a>(
    name: &str,
    defined: impl Iterator<Item = &'a str> + Clone,
) -> Option<String> {
    if let Some(same) = defined.clone().find(|d| d.eq_ignore_ascii_case(name)) {
        return Some(format!("did you mean `{same}`?"));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, help)) = TYPE_ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return Some(help.to_string());
    }
    closest(name, BUILTIN_TYPES.iter().copied().chain(defined))
        .map(|near| format!("did you mean `{near}`?"))
}

fn supported_formats() -> String {
    DateFormat::ALL
        .map(|f| format!("`{}`", f.as_str()))
        .join(" and ")
}

/// The candidate nearest to `word`, if any is near enough to be a likely typo.
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
