//! Fields, their types, enum values and named types.

use std::collections::BTreeSet;

use super::{Walk, presence, renames, same_rust_names, side_name, was_deprecated};
use crate::diff::Kind;
use crate::diff::Wire;
use crate::diff::classify::{self, Place, Side, Verdict};
use crate::model::{Api, Field, Name, NamedKind, NamedType, Type, shortcut_order};

impl Walk<'_> {
    pub(super) fn fields(
        &mut self,
        path: &str,
        side: Side,
        old: &[Field],
        new: &[Field],
        place: &dyn Fn(&str) -> Place,
        stack: &mut Vec<String>,
    ) {
        let sides = self.sides;
        let renamed = renames(
            old,
            new,
            |f| &f.name.text,
            |o, n| same_rust_names(&o.name, &n.name),
        );
        let removed = |f: &Field| classify::field_removed(sides, side, f.required, place(&f.name));
        let added = |f: &Field| classify::field_added(sides, side, f.required, place(&f.name));
        for (i, f) in old.iter().enumerate() {
            let gone = !new.iter().any(|n| n.name.text == f.name.text);
            if gone && !renamed.iter().any(|(o, _)| *o == i) {
                self.push(
                    format!("{path}.{}", f.name),
                    Kind::FieldRemoved,
                    format!(
                        "{} {} {} field removed{}{}",
                        presence(f.required),
                        f.ty,
                        side_name(side),
                        was_deprecated(f.deprecated.as_ref()),
                        self.on_purpose(&format!("{path}.{}", f.name))
                    ),
                    removed(f),
                );
            }
        }
        for (j, f) in new.iter().enumerate() {
            let field_path = format!("{path}.{}", f.name);
            let before = if let Some(before) = old.iter().find(|o| o.name.text == f.name.text) {
                before
            } else if let Some((i, _)) = renamed.iter().find(|(_, n)| *n == j) {
                let before = &old[*i];
                self.push(
                    field_path.clone(),
                    Kind::FieldRenamed,
                    format!(
                        "wire name `{}` → `{}`; the Rust names stay",
                        before.name, f.name
                    ),
                    classify::renamed_wire_only(removed(before), added(f)),
                );
                before
            } else {
                self.push(
                    field_path,
                    Kind::FieldAdded,
                    format!(
                        "{} {} {} field added",
                        presence(f.required),
                        f.ty,
                        side_name(side)
                    ),
                    added(f),
                );
                continue;
            };
            self.field(&field_path, side, before, f, place(&f.name), stack);
        }
    }

    /// One field on both sides.
    fn field(
        &mut self,
        path: &str,
        side: Side,
        before: &Field,
        f: &Field,
        here: Place,
        stack: &mut Vec<String>,
    ) {
        match (before.required, f.required) {
            (false, true) => self.push(
                path,
                Kind::MadeRequired,
                format!("{} field now required", side_name(side)),
                classify::made_required(side, here),
            ),
            (true, false) => self.push(
                path,
                Kind::MadeOptional,
                format!("{} field now optional", side_name(side)),
                classify::made_optional(side, here),
            ),
            _ => {}
        }
        self.doc(path, "field doc", &before.doc, &f.doc);
        self.doc(
            path,
            "field note",
            before.note.as_deref().unwrap_or(""),
            f.note.as_deref().unwrap_or(""),
        );
        self.since(path, before.since.as_ref(), f.since.as_ref());
        self.deprecation(
            path,
            classify::Deprecated::Types,
            before.deprecated.as_ref(),
            f.deprecated.as_ref(),
        );
        if before.secret != f.secret {
            let detail = if f.secret {
                "now secret: generated `Debug` and logs no longer show its value"
            } else {
                "no longer secret: generated `Debug` and logs now show its value"
            };
            self.push(
                path,
                Kind::SecretChanged,
                detail,
                classify::secret_changed(),
            );
        }
        self.constraints(path, side, &before.constraints, &f.constraints);
        self.ty(path, side, f.required, here, &before.ty, &f.ty, stack);
    }

    /// The fields both sides have, in another order.
    pub(super) fn field_order(&mut self, path: &str, old: &[Field], new: &[Field], shortcut: bool) {
        let kept = |from: &[Field], other: &[Field]| -> Vec<String> {
            from.iter()
                .filter(|f| other.iter().any(|o| o.name.text == f.name.text))
                .map(|f| f.name.text.clone())
                .collect()
        };
        let (old_order, new_order) = (kept(old, new), kept(new, old));
        if old_order == new_order {
            return;
        }
        // The shortcut takes the required parameters by role, so only a move within a role
        // reaches its signature.
        let arguments = |from: &[Field], other: &[Field]| -> Vec<String> {
            let kept = from
                .iter()
                .filter(|f| f.required && other.iter().any(|o| o.name.text == f.name.text));
            shortcut_order(kept, |f| *f)
                .into_iter()
                .map(|f| f.name.text.clone())
                .collect()
        };
        let moved = shortcut && arguments(old, new) != arguments(new, old);
        let mut detail = format!("{} → {}", old_order.join(", "), new_order.join(", "));
        if moved {
            detail.push_str(": the `client.login(..)` shortcut's arguments swap");
        } else if shortcut {
            detail.push_str(
                ": the `client.login(..)` shortcut's arguments keep their order (by role)",
            );
        }
        self.push(
            path,
            Kind::FieldOrderChanged,
            detail,
            classify::field_order_changed(moved),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn ty(
        &mut self,
        path: &str,
        side: Side,
        required: bool,
        place: Place,
        old: &Type,
        new: &Type,
        stack: &mut Vec<String>,
    ) {
        match (old, new) {
            (Type::Array(a), Type::Array(b)) => {
                return self.ty(&format!("{path}[]"), side, required, place, a, b, stack);
            }
            (Type::Map(a), Type::Map(b)) => {
                return self.ty(&format!("{path}{{}}"), side, required, place, a, b, stack);
            }
            (Type::Named(a), Type::Named(b)) if a == b => {
                let (Some(ot), Some(nt)) = (self.old.named(a), self.new.named(b)) else {
                    return;
                };
                match (&ot.kind, &nt.kind) {
                    (NamedKind::Object { fields: of }, NamedKind::Object { fields: nf }) => {
                        // A type that contains itself is compared once.
                        if stack.contains(a) {
                            return;
                        }
                        stack.push(a.clone());
                        self.field_order(path, of, nf, false);
                        self.fields(path, side, of, nf, &|_| Place::default(), stack);
                        stack.pop();
                        return;
                    }
                    (NamedKind::Enum { values: ov }, NamedKind::Enum { values: nv }) => {
                        self.enum_values(path, a, Some(side), ov, nv);
                        return;
                    }
                    (NamedKind::Open, NamedKind::Open) => return,
                    _ => {}
                }
            }
            (a, b) if a == b => return,
            _ => {}
        }
        let new_accepts_old = accepts(self.new, new, self.old, old, 0);
        let old_accepts_new = accepts(self.old, old, self.new, new, 0);
        let mut detail = format!("{} → {}", describe(self.old, old), describe(self.new, new));
        if new_accepts_old && old_accepts_new {
            detail.push_str(" (the same values on the wire)");
        }
        self.push(
            path.to_string(),
            Kind::TypeChanged,
            detail,
            classify::type_changed(side, required, new_accepts_old, old_accepts_new, place),
        );
    }

    /// `side`: where the enum is used; `None` for a definition that no method reaches.
    fn enum_values(
        &mut self,
        path: &str,
        name: &str,
        side: Option<Side>,
        old: &[Name],
        new: &[Name],
    ) {
        let sides = self.sides;
        // A definition that no method reaches has no wire verdicts.
        let placed = |mut v: Verdict| {
            if side.is_none() {
                v.old_clients = Wire::Compatible;
                v.new_clients = Wire::Compatible;
            }
            v
        };
        let at = side.unwrap_or(Side::Request);
        let where_ = side.map_or("unused", side_name);
        // The Rust enum is `#[non_exhaustive]` when it is read leniently (on both sides; a
        // change of that is reported on its own), wherever this use is.
        let non_exhaustive =
            lenient_enums(self.old).contains(name) && lenient_enums(self.new).contains(name);
        let removed = placed(classify::enum_value_removed(sides, at));
        let added = placed(classify::enum_value_added(sides, at, non_exhaustive));
        let renamed = renames(old, new, |v| &v.text, |o, n| same_rust_names(o, n));
        let old_type = self.old.named(name);
        for (i, v) in old.iter().enumerate() {
            let gone = !new.iter().any(|n| n.text == v.text);
            if gone && !renamed.iter().any(|(o, _)| *o == i) {
                let deprecated = was_deprecated(old_type.and_then(|t| t.value_deprecation(v)))
                    + &self.on_purpose(&format!("types.{name}.{v}"));
                self.push(
                    path,
                    Kind::EnumValueRemoved,
                    format!("`{v}` removed from `{name}` ({where_} side){deprecated}"),
                    removed,
                );
            }
        }
        for (j, v) in new.iter().enumerate() {
            if old.iter().any(|o| o.text == v.text) {
                continue;
            }
            match renamed.iter().find(|(_, n)| *n == j) {
                Some((i, _)) => self.push(
                    path,
                    Kind::EnumValueRenamed,
                    format!(
                        "`{}` → `{v}` in `{name}` ({where_} side); the Rust variant stays",
                        old[*i]
                    ),
                    classify::renamed_wire_only(removed, added),
                ),
                None => self.push(
                    path,
                    Kind::EnumValueAdded,
                    format!("`{v}` added to `{name}` ({where_} side)"),
                    added,
                ),
            }
        }
    }

    pub(super) fn named_types(&mut self) {
        let (old, new) = (self.old, self.new);
        let (old_used, new_used) = (reachable(old, true), reachable(new, true));
        let (old_lenient, new_lenient) = (lenient_enums(old), lenient_enums(new));
        for t in &old.types {
            if new.named(&t.name).is_none() {
                self.push(
                    format!("types.{}", t.name),
                    Kind::NamedTypeRemoved,
                    format!("`{}` is gone", t.name),
                    classify::named_type_removed(),
                );
            }
        }
        for t in &new.types {
            let path = format!("types.{}", t.name);
            let Some(before) = old.named(&t.name) else {
                self.push(
                    path,
                    Kind::NamedTypeAdded,
                    format!("`{}`", t.name),
                    classify::named_type_added(),
                );
                continue;
            };
            self.doc(path.clone(), "type doc", &before.doc, &t.doc);
            for (value, d) in &t.values_deprecated {
                if let NamedKind::Enum { values } = &before.kind
                    && values.iter().any(|v| v.text == value.text)
                {
                    let was = before.value_deprecation(value);
                    let at = format!("{path}.{value}");
                    self.deprecation(at, classify::Deprecated::Types, was, Some(d));
                }
            }
            for (value, d) in &before.values_deprecated {
                let kept = matches!(&t.kind, NamedKind::Enum { values } if values.iter().any(|v| v.text == value.text));
                if kept && t.value_deprecation(value).is_none() {
                    let at = format!("{path}.{value}");
                    self.deprecation(at, classify::Deprecated::Types, Some(d), None);
                }
            }
            if before.values_since != t.values_since {
                self.push(
                    path.clone(),
                    Kind::SinceChanged,
                    "the `since` of its values changed",
                    classify::doc_only(),
                );
            }
            let is_enum = matches!(t.kind, NamedKind::Enum { .. });
            let name = t.name.text.as_str();
            if is_enum
                && matches!(before.kind, NamedKind::Enum { .. })
                && old_lenient.contains(name) != new_lenient.contains(name)
            {
                let detail = if new_lenient.contains(name) {
                    "now read leniently: gains `Unknown(String)`, loses `Copy`"
                } else {
                    "no longer read leniently: loses `Unknown(String)`, gains `Copy`"
                };
                self.push(
                    path.clone(),
                    Kind::EnumLeniencyChanged,
                    detail,
                    classify::enum_leniency_changed(),
                );
            }
            // Uses on both sides report what changed inside; otherwise the definition does.
            if !(old_used.contains(name) && new_used.contains(name)) {
                self.definition(&path, before, t);
            }
        }
    }

    /// A definition that no method reaches on both sides: Rust verdicts only.
    fn definition(&mut self, path: &str, old: &NamedType, new: &NamedType) {
        let start = self.changes.len();
        match (&old.kind, &new.kind) {
            (NamedKind::Object { fields: of }, NamedKind::Object { fields: nf }) => {
                let mut stack = vec![new.name.text.clone()];
                self.field_order(path, of, nf, false);
                self.fields(
                    path,
                    Side::Request,
                    of,
                    nf,
                    &|_| Place::default(),
                    &mut stack,
                );
            }
            (NamedKind::Enum { values: ov }, NamedKind::Enum { values: nv }) => {
                self.enum_values(path, &new.name, None, ov, nv);
            }
            (NamedKind::Open, NamedKind::Open) => {}
            _ => {
                let detail = format!("{} → {}", kind_text(&old.kind), kind_text(&new.kind));
                self.push(
                    path.to_string(),
                    Kind::TypeChanged,
                    detail,
                    classify::type_changed(Side::Request, true, false, false, Place::default()),
                );
            }
        }
        for change in &mut self.changes[start..] {
            change.wire_old_clients = Wire::Compatible;
            change.wire_new_clients = Wire::Compatible;
        }
    }
}

/// A type's text, with what a named type is.
fn describe(api: &Api, ty: &Type) -> String {
    let text = ty.to_string();
    match ty {
        Type::Named(name) => match api.named(name).map(|t| &t.kind) {
            Some(NamedKind::Enum { .. }) => format!("`{text}` (enum)"),
            Some(NamedKind::Object { .. }) => format!("`{text}` (object)"),
            Some(NamedKind::Open) => format!("`{text}` (open object)"),
            None => format!("`{text}`"),
        },
        _ => format!("`{text}`"),
    }
}

fn kind_text(kind: &NamedKind) -> &'static str {
    match kind {
        NamedKind::Object { .. } => "object",
        NamedKind::Open => "open object",
        NamedKind::Enum { .. } => "enum",
    }
}

/// Named types reachable from the methods' params and responses.
fn reachable(api: &Api, both_sides: bool) -> BTreeSet<&str> {
    api.named_types_reached(api.methods().flat_map(|(_, m)| {
        let params = if both_sides { &m.params[..] } else { &[] };
        params.iter().chain(&m.response).map(|f| &f.ty)
    }))
}

/// The enums the generated client reads leniently, as the types generator decides.
fn lenient_enums(api: &Api) -> BTreeSet<&str> {
    crate::generators::rust::lenient_enums(api)
}
/// Whether every JSON value of `narrow` (in `narrow_api`) is also a value of `wide`.
fn accepts(wide_api: &Api, wide: &Type, narrow_api: &Api, narrow: &Type, depth: usize) -> bool {
    // Deep enough: a type that contains itself is taken to accept itself.
    if depth > 16 {
        return true;
    }
    fn named<'a>(api: &'a Api, ty: &Type) -> Option<&'a NamedKind> {
        match ty {
            Type::Named(n) => api.named(n).map(|t| &t.kind),
            _ => None,
        }
    }
    let is_object = |api: &Api, ty: &Type| {
        matches!(ty, Type::OpenObject | Type::Map(_))
            || matches!(
                named(api, ty),
                Some(NamedKind::Object { .. } | NamedKind::Open)
            )
    };
    match (wide, narrow) {
        (Type::Any, _) => true,
        (Type::Number, Type::Integer) => true,
        (Type::String, Type::Date(_)) => true,
        (Type::String, n) if matches!(named(narrow_api, n), Some(NamedKind::Enum { .. })) => true,
        (Type::Array(w), Type::Array(n)) | (Type::Map(w), Type::Map(n)) => {
            accepts(wide_api, w, narrow_api, n, depth + 1)
        }
        (w, n) if matches!(named(wide_api, w), Some(NamedKind::Open)) || *w == Type::OpenObject => {
            is_object(narrow_api, n)
        }
        (Type::Named(_), Type::Named(_)) => {
            match (named(wide_api, wide), named(narrow_api, narrow)) {
                (Some(NamedKind::Enum { values: w }), Some(NamedKind::Enum { values: n })) => {
                    n.iter().all(|v| w.iter().any(|x| x.text == v.text))
                }
                (Some(NamedKind::Object { fields: w }), Some(NamedKind::Object { fields: n })) => {
                    w.len() == n.len()
                        && w.iter().all(|wf| {
                            n.iter().any(|nf| {
                                nf.name.text == wf.name.text
                                    && nf.required == wf.required
                                    && accepts(wide_api, &wf.ty, narrow_api, &nf.ty, depth + 1)
                            })
                        })
                }
                _ => false,
            }
        }
        (w, n) => w == n,
    }
}
