//! The two resolved models, walked side by side. Each difference becomes a [`Change`] whose
//! verdicts come from [`super::classify`].
//!
//! Named types are followed into every place that uses them, so a change inside `Address`
//! is reported once per field that holds an address, with that field's side (request or
//! response). Definitions that no method reaches on both sides are compared under
//! `types.<Name>` instead.

use std::collections::BTreeSet;

use super::classify::{self, Place, Side, Strictness, Verdict};
use super::{Change, Kind, Wire};
use crate::model::{Api, Field, Method, NamedKind, NamedType, Namespace, Type};

pub fn compare(old: &Api, new: &Api, strictness: &Strictness) -> Vec<Change> {
    let mut walk = Walk {
        old,
        new,
        strictness,
        changes: Vec::new(),
    };
    walk.api();
    walk.namespaces();
    walk.named_types();
    walk.changes
}

struct Walk<'a> {
    old: &'a Api,
    new: &'a Api,
    strictness: &'a Strictness,
    changes: Vec<Change>,
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Request => "request",
        Side::Response => "response",
    }
}

fn presence(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

impl Walk<'_> {
    fn push(&mut self, path: impl Into<String>, kind: Kind, detail: impl Into<String>, v: Verdict) {
        self.changes.push(Change {
            path: path.into(),
            kind,
            detail: detail.into(),
            wire_old_clients: v.old_clients,
            wire_new_clients: v.new_clients,
            crates: v.crates,
        });
    }

    fn doc(&mut self, path: impl Into<String>, what: &str, old: &str, new: &str) {
        if old != new {
            self.push(
                path,
                Kind::DocChanged,
                format!("{what} changed"),
                classify::doc_only(),
            );
        }
    }

    fn api(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.version != new.version {
            self.push(
                "api.version",
                Kind::ApiVersionChanged,
                format!("`{}` → `{}`", old.version, new.version),
                classify::doc_only(),
            );
        }
        self.doc("api.name", "name", &old.name, &new.name);
        self.doc("api.doc", "doc", &old.doc, &new.doc);
        let (ot, nt) = (&old.transport, &new.transport);
        if ot.base_url != nt.base_url {
            self.push(
                "transport.base_url",
                Kind::BaseUrlChanged,
                format!("`{}` → `{}`", ot.base_url, nt.base_url),
                classify::base_url_changed(),
            );
        }
        // The rest of the transport section is prose that the generated code only quotes.
        for (key, o, n) in [
            ("base_url_note", &ot.base_url_note, &nt.base_url_note),
            ("auth", &ot.auth, &nt.auth),
            ("request", &ot.request, &nt.request),
            ("response", &ot.response, &nt.response),
            ("response_note", &ot.response_note, &nt.response_note),
        ] {
            self.doc(format!("transport.{key}"), "text", o, n);
        }
    }

    fn namespaces(&mut self) {
        let (old, new) = (self.old, self.new);
        for ns in &old.namespaces {
            if find_ns(new, &ns.name).is_none() {
                self.push(
                    ns.name.text.clone(),
                    Kind::NamespaceRemoved,
                    format!("with {}", method_list(ns)),
                    classify::namespace_removed(),
                );
            }
        }
        for ns in &new.namespaces {
            match find_ns(old, &ns.name) {
                None => self.push(
                    ns.name.text.clone(),
                    Kind::NamespaceAdded,
                    format!("at `/{}`, with {}", ns.path, method_list(ns)),
                    classify::namespace_added(),
                ),
                Some(before) => self.namespace(before, ns),
            }
        }
    }

    fn namespace(&mut self, old: &Namespace, new: &Namespace) {
        let path = new.name.text.clone();
        if old.path.text != new.path.text {
            self.push(
                path.clone(),
                Kind::NamespacePathChanged,
                format!("`/{}` → `/{}`", old.path, new.path),
                classify::namespace_path_changed(),
            );
        }
        self.doc(path.clone(), "namespace doc", &old.doc, &new.doc);
        for m in &old.methods {
            if !new.methods.iter().any(|n| n.name.text == m.name.text) {
                self.push(
                    format!("{path}.{}", m.name),
                    Kind::MethodRemoved,
                    format!("`{}` is gone", m.name),
                    classify::method_removed(),
                );
            }
        }
        for m in &new.methods {
            match old.methods.iter().find(|o| o.name.text == m.name.text) {
                None => self.push(
                    format!("{path}.{}", m.name),
                    Kind::MethodAdded,
                    format!("`{}`: {}", m.name, m.summary),
                    classify::method_added(),
                ),
                Some(before) => self.method(&path, before, m),
            }
        }
    }

    fn method(&mut self, ns: &str, old: &Method, new: &Method) {
        let path = format!("{ns}.{}", new.name);
        self.doc(path.clone(), "summary", &old.summary, &new.summary);
        self.doc(
            path.clone(),
            "note",
            old.note.as_deref().unwrap_or(""),
            new.note.as_deref().unwrap_or(""),
        );
        if old.auth != new.auth {
            let detail = if new.auth {
                "now needs the bearer token"
            } else {
                "no longer needs the bearer token"
            };
            self.push(
                path.clone(),
                Kind::AuthChanged,
                detail,
                classify::auth_changed(new.auth),
            );
        }
        let name = |n: &Option<crate::model::Name>| n.as_ref().map(|n| n.text.clone());
        match (name(&old.paginated), name(&new.paginated)) {
            (None, Some(items)) => self.push(
                path.clone(),
                Kind::PaginationAdded,
                format!("paginated over `{items}`"),
                classify::pagination_added(),
            ),
            (Some(items), None) => self.push(
                path.clone(),
                Kind::PaginationRemoved,
                format!("no longer paginated over `{items}`"),
                classify::pagination_removed(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                path.clone(),
                Kind::PaginationChanged,
                format!("items field `{a}` → `{b}`"),
                classify::pagination_changed(),
            ),
            _ => {}
        }
        match (name(&old.token), name(&new.token)) {
            (None, Some(t)) => self.push(
                path.clone(),
                Kind::TokenAdded,
                format!("`{t}` is a token the client keeps"),
                classify::token_added(),
            ),
            (Some(t), None) => self.push(
                path.clone(),
                Kind::TokenRemoved,
                format!("`{t}` is no longer a token the client keeps"),
                classify::token_removed(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                path.clone(),
                Kind::TokenChanged,
                format!("token field `{a}` → `{b}`"),
                classify::token_changed(),
            ),
            _ => {}
        }
        match (old.params.is_empty(), new.params.is_empty()) {
            (true, false) => self.push(
                format!("{path}.params"),
                Kind::ParamsObjectAdded,
                "the method now takes parameters",
                classify::params_object_added(),
            ),
            (false, true) => self.push(
                format!("{path}.params"),
                Kind::ParamsObjectRemoved,
                "the method no longer takes parameters",
                classify::params_object_removed(),
            ),
            _ => {}
        }
        // Client signatures that name a field's type: the token shortcut's arguments and the
        // page stream's item type. Either side's method counts.
        let shortcut = old.token.is_some() || new.token.is_some();
        let items = |m: &Method| m.paginated.as_ref().map(|n| n.text.clone());
        let (old_items, new_items) = (items(old), items(new));
        let param_place = |_: &str| Place {
            shortcut_argument: shortcut,
            page_items: false,
        };
        let response_place = |field: &str| Place {
            shortcut_argument: false,
            page_items: old_items.as_deref() == Some(field) || new_items.as_deref() == Some(field),
        };
        let mut stack = Vec::new();
        self.fields(
            &format!("{path}.params"),
            Side::Request,
            &old.params,
            &new.params,
            &param_place,
            &mut stack,
        );
        self.fields(
            &format!("{path}.response"),
            Side::Response,
            &old.response,
            &new.response,
            &response_place,
            &mut stack,
        );
    }

    fn fields(
        &mut self,
        path: &str,
        side: Side,
        old: &[Field],
        new: &[Field],
        place: &dyn Fn(&str) -> Place,
        stack: &mut Vec<String>,
    ) {
        let s = self.strictness;
        for f in old {
            if !new.iter().any(|n| n.name.text == f.name.text) {
                self.push(
                    format!("{path}.{}", f.name),
                    Kind::FieldRemoved,
                    format!(
                        "{} {} {} field removed",
                        presence(f.required),
                        f.ty,
                        side_name(side)
                    ),
                    classify::field_removed(s, side, f.required, place(&f.name)),
                );
            }
        }
        for f in new {
            let field_path = format!("{path}.{}", f.name);
            let Some(before) = old.iter().find(|o| o.name.text == f.name.text) else {
                self.push(
                    field_path,
                    Kind::FieldAdded,
                    format!(
                        "{} {} {} field added",
                        presence(f.required),
                        f.ty,
                        side_name(side)
                    ),
                    classify::field_added(s, side, f.required, place(&f.name)),
                );
                continue;
            };
            let here = place(&f.name);
            match (before.required, f.required) {
                (false, true) => self.push(
                    field_path.clone(),
                    Kind::MadeRequired,
                    format!("{} field now required", side_name(side)),
                    classify::made_required(side, here),
                ),
                (true, false) => self.push(
                    field_path.clone(),
                    Kind::MadeOptional,
                    format!("{} field now optional", side_name(side)),
                    classify::made_optional(side, here),
                ),
                _ => {}
            }
            self.doc(field_path.clone(), "field doc", &before.doc, &f.doc);
            self.doc(
                field_path.clone(),
                "field note",
                before.note.as_deref().unwrap_or(""),
                f.note.as_deref().unwrap_or(""),
            );
            self.ty(
                &field_path,
                side,
                f.required,
                here,
                &before.ty,
                &f.ty,
                stack,
            );
        }
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
        let mut detail = format!(
            "{} → {}",
            self.describe(self.old, old),
            self.describe(self.new, new)
        );
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

    /// A type's text, with what a named type is.
    fn describe(&self, api: &Api, ty: &Type) -> String {
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

    /// `side`: where the enum is used; `None` for a definition that no method reaches.
    fn enum_values(
        &mut self,
        path: &str,
        name: &str,
        side: Option<Side>,
        old: &[crate::model::Name],
        new: &[crate::model::Name],
    ) {
        let unused = |mut v: Verdict| {
            v.old_clients = Wire::Compatible;
            v.new_clients = Wire::Compatible;
            v
        };
        let where_ = side.map_or("unused", side_name);
        for v in old {
            if !new.iter().any(|n| n.text == v.text) {
                let verdict = classify::enum_value_removed(side.unwrap_or(Side::Request));
                self.push(
                    path.to_string(),
                    Kind::EnumValueRemoved,
                    format!("`{v}` removed from `{name}` ({where_} side)"),
                    if side.is_some() {
                        verdict
                    } else {
                        unused(verdict)
                    },
                );
            }
        }
        // The Rust enum is `#[non_exhaustive]` when it is reachable from a response (on
        // both sides; a change of that is reported on its own), wherever this use is.
        let non_exhaustive =
            reachable(self.old, false).contains(name) && reachable(self.new, false).contains(name);
        for v in new {
            if !old.iter().any(|o| o.text == v.text) {
                let verdict =
                    classify::enum_value_added(side.unwrap_or(Side::Request), non_exhaustive);
                self.push(
                    path.to_string(),
                    Kind::EnumValueAdded,
                    format!("`{v}` added to `{name}` ({where_} side)"),
                    if side.is_some() {
                        verdict
                    } else {
                        unused(verdict)
                    },
                );
            }
        }
    }

    fn named_types(&mut self) {
        let (old, new) = (self.old, self.new);
        let (old_used, new_used) = (reachable(old, true), reachable(new, true));
        let (old_lenient, new_lenient) = (reachable(old, false), reachable(new, false));
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
            let is_enum = matches!(t.kind, NamedKind::Enum { .. });
            let name = t.name.text.as_str();
            if is_enum
                && matches!(before.kind, NamedKind::Enum { .. })
                && old_lenient.contains(name) != new_lenient.contains(name)
            {
                let detail = if new_lenient.contains(name) {
                    "now reachable from a response: gains `Unknown(String)`, loses `Copy`"
                } else {
                    "no longer reachable from a response: loses `Unknown(String)`, gains `Copy`"
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

fn kind_text(kind: &NamedKind) -> &'static str {
    match kind {
        NamedKind::Object { .. } => "object",
        NamedKind::Open => "open object",
        NamedKind::Enum { .. } => "enum",
    }
}

fn find_ns<'a>(api: &'a Api, name: &str) -> Option<&'a Namespace> {
    api.namespaces.iter().find(|n| n.name.text == name)
}

fn method_list(ns: &Namespace) -> String {
    let names: Vec<_> = ns.methods.iter().map(|m| format!("`{}`", m.name)).collect();
    match names.len() {
        0 => "no methods".into(),
        1 => format!("1 method: {}", names[0]),
        n => format!("{n} methods: {}", names.join(", ")),
    }
}

/// Named types reachable from the methods' params and responses (`both_sides`), or from
/// responses only (the enums a client reads leniently).
fn reachable(api: &Api, both_sides: bool) -> BTreeSet<&str> {
    api.named_types_reached(api.methods().flat_map(|(_, m)| {
        let params = if both_sides { &m.params[..] } else { &[] };
        params.iter().chain(&m.response).map(|f| &f.ty)
    }))
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
