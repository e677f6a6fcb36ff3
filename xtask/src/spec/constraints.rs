//! Checks the spec's behaviour keys where they are written, so that a mistake is a located
//! error at `cargo xtask spec` rather than generated code that does not compile or a
//! server that panics on its first request:
//!
//! - each field constraint fits the field's type, bounds are in order, and every `pattern`
//!   compiles with the regex crate the generated server uses (same workspace declaration,
//!   same features);
//! - a transport error code is declared once, and not again among the API's errors.

use std::collections::{HashMap, HashSet};

use super::diagnostics::Report;
use crate::model::{Api, ErrorKind, Field, NamedKind, Type};

pub(super) fn check(api: &Api, report: &mut Report) {
    let fields = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            NamedKind::Object { fields } => Some(fields),
            _ => None,
        })
        .chain(api.methods().flat_map(|(_, m)| [&m.params, &m.response]))
        .flatten();
    // A pattern repeats on many fields (an email, a number): compile each text once.
    let mut compiled = HashSet::new();
    for field in fields {
        field_constraints(field, &mut compiled, report);
    }
    error_codes(api, report);
}

/// What a constraint key needs of the field's type.
#[derive(Clone, Copy, PartialEq)]
enum Needs {
    Number,
    String,
    Array,
}

impl Needs {
    fn of(key: &str) -> Needs {
        match key {
            "minimum" | "maximum" => Needs::Number,
            "min_length" | "max_length" | "pattern" => Needs::String,
            _ => Needs::Array,
        }
    }

    fn fits(self, ty: &Type) -> bool {
        match self {
            Needs::Number => matches!(ty, Type::Integer | Type::Number),
            Needs::String => matches!(ty, Type::String),
            Needs::Array => matches!(ty, Type::Array(_)),
        }
    }

    fn help(self, key: &str) -> String {
        let types = match self {
            Needs::Number => "an `integer` or a `number`",
            Needs::String => "a `string` (not a date or an enum, whose values are fixed)",
            Needs::Array => "an `array<...>`",
        };
        format!("`{key}` applies to {types} field; remove it, or change the field's type")
    }
}

fn field_constraints<'a>(field: &'a Field, compiled: &mut HashSet<&'a str>, report: &mut Report) {
    let at = |key: &str| {
        field
            .constraint_locs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, loc)| loc.clone())
            // The loader records every key it reads; the name is the next best place.
            .unwrap_or_else(|| field.name.loc.clone())
    };
    let mut fitting = Vec::new();
    for (key, _) in &field.constraint_locs {
        let needs = Needs::of(key);
        if needs.fits(&field.ty) {
            fitting.push(*key);
        } else {
            report
                .error(
                    &at(key),
                    format!(
                        "`{key}` does not fit field `{}` of type `{}`",
                        field.name, field.ty
                    ),
                    "this constraint",
                )
                .also(&field.type_loc, "the field's type")
                .help(needs.help(key));
        }
    }
    let c = &field.constraints;
    if field.ty == Type::Integer {
        for (key, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            let Some(v) = bound else { continue };
            if v.fract() != 0.0 {
                report
                    .error(
                        &at(key),
                        format!(
                            "`{key}` of integer field `{}` is not a whole number",
                            field.name
                        ),
                        "a fraction",
                    )
                    .help(
                        "an integer's bounds are whole numbers; use `type: number` for fractions",
                    );
            } else if !(i64::MIN as f64..=i64::MAX as f64).contains(&v) {
                report
                    .error(
                        &at(key),
                        format!(
                            "`{key}` of integer field `{}` is beyond the 64-bit range",
                            field.name
                        ),
                        "too large",
                    )
                    .help("integers are 64-bit, from -9223372036854775808 to 9223372036854775807");
            }
        }
    }
    let pairs = [
        ("minimum", "maximum", c.minimum.zip(c.maximum)),
        ("min_length", "max_length", pair(c.min_length, c.max_length)),
        ("min_items", "max_items", pair(c.min_items, c.max_items)),
    ];
    for (low, high, bounds) in pairs {
        if let Some((min, max)) = bounds
            && min > max
            && fitting.contains(&low)
        {
            report
                .error(
                    &at(low),
                    format!(
                        "`{low}` of field `{}` is above its `{high}`: no value fits",
                        field.name
                    ),
                    format!("{low} {min}"),
                )
                .also(&at(high), format!("{high} {max}"))
                .help(format!("`{low}` must be at most `{high}`"));
        }
    }
    if let Some(pattern) = c.pattern.as_deref()
        && fitting.contains(&"pattern")
        && !compiled.contains(pattern)
        && let Err(err) = regex::Regex::new(pattern).inspect(|_| {
            compiled.insert(pattern);
        })
    {
        report
            .error(
                &at("pattern"),
                format!("`pattern` of field `{}` is not a regular expression the server can compile", field.name),
                "this pattern",
            )
            .help(format!(
                "the regex crate says: {}; write it in the syntax Rust's `regex` and ECMA-262 share, e.g. `^[0-9]+$`",
                regex_message(&err)
            ));
    }
}

fn pair(low: Option<u64>, high: Option<u64>) -> Option<(f64, f64)> {
    Some((low? as f64, high? as f64))
}

/// The regex crate's message without its multi-line drawing of the pattern, which the
/// diagnostic already points into.
fn regex_message(err: &regex::Error) -> String {
    let text = err.to_string();
    let last = text.lines().last().unwrap_or_default();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// Error codes are the wire's `code`: each names one error with one status. The transport's
/// are checked here, each once and none again among the API's; the API's among themselves,
/// and what methods list, are checked with the names they become (`collisions`).
fn error_codes(api: &Api, report: &mut Report) {
    let mut transport: HashMap<&str, &ErrorKind> = HashMap::new();
    for e in &api.transport.errors {
        match transport.get(e.code.text.as_str()) {
            Some(first) => declared_twice(report, e, first),
            None => {
                transport.insert(&e.code.text, e);
            }
        }
    }
    for e in &api.errors {
        if let Some(first) = transport.get(e.code.text.as_str()) {
            declared_twice(report, e, first);
        }
    }
}

fn declared_twice(report: &mut Report, again: &ErrorKind, first: &ErrorKind) {
    report
        .error(
            &again.code.loc,
            format!("error code `{}` is declared twice", again.code),
            "declared again here",
        )
        .also(&first.code.loc, "first declared here")
        .help("a code names one error, with one status: remove one, or rename it");
}
