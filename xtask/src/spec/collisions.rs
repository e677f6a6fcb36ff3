//! Every Rust name the generated code introduces or relies on, checked for collisions in
//! its scope. The names come from [`Names::rust_names`], the list the generators read, so
//! a spec that passes here gives code that compiles.
//!
//! What `validate` already reports (a name that is no identifier, two sibling names that
//! convert alike, a reserved namespace or enum value) is not reported again, and a
//! collision of two containers is not reported again for each of their members.

use std::collections::{HashMap, HashSet};

use super::diagnostics::{Loc, Report};
use super::load::Gaps;
use super::types::closest;
use crate::model::{Api, Name};
use crate::names::{self, Names, Origin, RESERVED_NAMESPACES, RustName, UNKNOWN_VARIANT};

pub(super) fn check(api: &Api, gaps: &Gaps, report: &mut Report) {
    error_references(api, gaps, report);
    let all = Names::new(api).rust_names();
    let mut by_scope: HashMap<(&str, &str), Vec<&RustName>> = HashMap::with_capacity(all.len());
    let mut reported = HashSet::new();
    // Many names come from one spec item: convert and check each item's name once.
    let mut validate_reports: HashMap<usize, bool> = HashMap::new();
    for name in &all {
        let key = item_key(name);
        if *validate_reports
            .entry(key)
            .or_insert_with(|| reported_by_validate(name))
        {
            continue;
        }
        let earlier = by_scope
            .entry((name.scope.as_str(), names::bare(&name.rust)))
            .or_default();
        let clash = earlier
            .iter()
            .find(|first| same_owner(first, name) && !already_checked(first, name));
        if let Some(first) = clash {
            let key = (item_key(first), item_key(name));
            if reported.insert(key) && reported.insert((key.1, key.0)) {
                collision(report, first, name);
            }
        }
        earlier.push(name);
    }
}

/// Two names of different owners meet in one scope only when their owners collide, which
/// is reported once, for the owners.
fn same_owner(a: &RustName, b: &RustName) -> bool {
    match (a.owner, b.owner) {
        (None, None) => true,
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    }
}

/// An item, by identity, to report each pair once; the generated names count as one
/// item, so that a spec item clashing with several of them gets one error.
fn item_key(name: &RustName) -> usize {
    name.origin
        .name()
        .map_or(0, |spec| std::ptr::from_ref(spec) as usize)
}

/// Whether `validate` reports the item this name comes from already.
fn reported_by_validate(name: &RustName) -> bool {
    let not_ident = |converted: &str| names::ident_problem(names::bare(converted)).is_some();
    match name.origin {
        Origin::Generated | Origin::MethodError(..) => false,
        Origin::Namespace(ns) => {
            not_ident(&names::module(&ns.name))
                || RESERVED_NAMESPACES.contains(&names::handle(&ns.name).as_str())
        }
        Origin::Method(_, m) => not_ident(&names::function(&m.name)),
        Origin::Type(t) => not_ident(&names::type_name(&t.name)),
        Origin::Field { field, .. } => not_ident(&names::field(&field.name)),
        Origin::Value(_, v) => {
            not_ident(&names::variant(v)) || names::variant(v) == UNKNOWN_VARIANT
        }
        // `error_references` reports these.
        Origin::Error(e) => {
            not_ident(&names::error_kind(&e.code)) || not_ident(&names::error_constructor(&e.code))
        }
    }
}

/// Whether `validate` checks this pair itself: two siblings whose names it converts alike.
fn already_checked(a: &RustName, b: &RustName) -> bool {
    match (a.origin, b.origin) {
        (Origin::Namespace(x), Origin::Namespace(y)) => {
            names::module(&x.name) == names::module(&y.name)
        }
        (Origin::Method(nx, x), Origin::Method(ny, y)) => {
            std::ptr::eq(nx, ny) && names::function(&x.name) == names::function(&y.name)
        }
        (Origin::Type(x), Origin::Type(y)) => {
            names::type_name(&x.name) == names::type_name(&y.name)
        }
        (
            Origin::Field {
                fields: fx,
                field: x,
            },
            Origin::Field {
                fields: fy,
                field: y,
            },
        ) => std::ptr::eq(fx, fy) && names::field(&x.name) == names::field(&y.name),
        (Origin::Value(tx, x), Origin::Value(ty, y)) => {
            std::ptr::eq(tx, ty) && names::variant(x) == names::variant(y)
        }
        (Origin::Generated, Origin::Generated) => true,
        _ => false,
    }
}

fn collision(report: &mut Report, a: &RustName, b: &RustName) {
    let rust = &b.rust;
    let scope = &b.scope;
    match (a.origin.name(), b.origin.name()) {
        (Some(x), Some(y)) => {
            // The error points at the one written later.
            let ((first, fname), (second, sname)) = if later(&y.loc, &x.loc) {
                ((a, x), (b, y))
            } else {
                ((b, y), (a, x))
            };
            let (first_is, second_is) = (first.origin.describe(), second.origin.describe());
            let message = if std::ptr::eq(fname, sname) {
                format!("{second_is} makes `{rust}` twice in {scope}")
            } else if first_is == second_is {
                format!("duplicate {second_is}: both make `{rust}` in {scope}")
            } else {
                format!("{second_is} and {first_is} both make `{rust}` in {scope}")
            };
            report
                .error(&sname.loc, message, format!("its {} `{rust}`", second.what))
                .also(&fname.loc, format!("its {} `{rust}`", first.what))
                .help(format!(
                    "rename one of them: the generated code cannot define `{rust}` twice there"
                ));
        }
        (Some(spec), None) | (None, Some(spec)) => {
            let (item, generated) = if a.origin.name().is_some() {
                (a, b)
            } else {
                (b, a)
            };
            report
                .error(
                    &spec.loc,
                    format!(
                        "{} makes `{rust}` in {scope}, a name the generated code uses there",
                        item.origin.describe()
                    ),
                    format!("its {} `{rust}`", item.what),
                )
                .help(format!(
                    "rename it: in {scope}, `{rust}` is taken ({})",
                    generated.what
                ));
        }
        (None, None) => {}
    }
}

fn later(a: &Loc, b: &Loc) -> bool {
    (a.file, a.span.start) > (b.file, b.span.start)
}

/// The errors' own names: each becomes a type and a constructor in the server, and each
/// one a method lists must be declared, or the server would name a type that is not there.
fn error_references(api: &Api, gaps: &Gaps, report: &mut Report) {
    for e in &api.errors {
        let kind = names::error_kind(&e.code);
        let problem = names::ident_problem(names::bare(&kind))
            .or_else(|| names::ident_problem(names::bare(&names::error_constructor(&e.code))));
        if let Some(problem) = problem {
            report
                .error(
                    &e.code.loc,
                    format!("error `{}` cannot become a Rust identifier", e.code),
                    format!("becomes `{kind}`"),
                )
                .help(format!("{problem}; rename it"));
        }
    }
    for (ns, m) in api.methods() {
        for listed in &m.errors {
            // A declaration with a mistake was reported and left out.
            if api.error(&listed.code).is_some() || gaps.errors_partial() {
                continue;
            }
            let builder = report.error(
                &listed.code.loc,
                format!(
                    "`{}.{}` lists error `{}`, which `errors` does not declare",
                    ns.name, m.name, listed.code
                ),
                "not declared",
            );
            let declared = api.errors.iter().map(|e| e.code.text.as_str());
            let is_transport = |code: &Name| {
                api.transport
                    .errors
                    .iter()
                    .any(|t| t.code.text == code.text)
            };
            if is_transport(&listed.code) {
                builder.help(format!(
                    "`{}` is a transport error, which the server answers itself for any method: remove it from the list",
                    listed.code
                ));
            } else if let Some(near) = closest(&listed.code, declared) {
                builder.help(format!("did you mean `{near}`?"));
            } else {
                builder.help("declare it under the top-level `errors`, with its status");
            }
        }
    }
}
