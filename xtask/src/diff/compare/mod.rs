//! The two resolved models, walked side by side. Each difference becomes a [`Change`] whose
//! verdicts come from [`super::classify`].
//!
//! Named types are followed into every place that uses them, so a change inside `Address`
//! is reported once per field that holds an address, with that field's side (request or
//! response). Definitions that no method reaches on both sides are compared under
//! `types.<Name>` instead.
//!
//! - this module: the API, its namespaces and methods;
//! - [`fields`]: fields, their types, enums and named types;
//! - [`contract`]: the rest of the contract: transport, errors, constraints, method flags.

mod contract;
mod fields;

use super::classify::{self, Place, Side, Sides, Verdict};
use super::{Change, Kind};
use crate::model::{Api, Deprecation, Method, Name, Namespace};
use crate::names;

pub fn compare(old: &Api, new: &Api, sides: &Sides) -> Vec<Change> {
    let mut walk = Walk {
        old,
        new,
        sides,
        changes: Vec::new(),
    };
    walk.api();
    walk.transport();
    walk.errors();
    walk.namespaces();
    walk.named_types();
    walk.changes
}

struct Walk<'a> {
    old: &'a Api,
    new: &'a Api,
    sides: &'a Sides,
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

/// Two different wire names that every generated Rust name derives to the same (a change of
/// case, `GetCompanies` → `getCompanies`): a rename that only the wire sees.
fn same_rust_names(a: &str, b: &str) -> bool {
    a != b && names::snake(a) == names::snake(b) && names::camel(a) == names::camel(b)
}

/// Pairs each of `old`'s items missing from `new` with a `new` item missing from `old` that
/// `pair` matches, by index: the renames. Names missing from the other side stay unpaired.
fn renames<T>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &str,
    pair: impl Fn(&T, &T) -> bool,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if new.iter().any(|n| name(n) == name(o)) {
            continue;
        }
        let found = new.iter().enumerate().find(|(j, n)| {
            !old.iter().any(|x| name(x) == name(n))
                && !out.iter().any(|(_, taken)| taken == j)
                && pair(o, n)
        });
        if let Some((j, _)) = found {
            out.push((i, j));
        }
    }
    out
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

    /// `deprecated` added, withdrawn, or given another note or version.
    fn deprecation(
        &mut self,
        path: impl Into<String>,
        at: classify::Deprecated,
        old: Option<&Deprecation>,
        new: Option<&Deprecation>,
    ) {
        let (kind, detail, verdict) = match (old, new) {
            (None, Some(d)) => (
                Kind::Deprecated,
                d.words(),
                classify::deprecation_changed(at, true),
            ),
            (Some(d), None) => (
                Kind::Undeprecated,
                format!("the deprecation ({}) is withdrawn", d.words()),
                classify::deprecation_changed(at, false),
            ),
            (Some(o), Some(n)) if o != n => (
                Kind::DeprecationChanged,
                format!("{} → {}", o.words(), n.words()),
                classify::doc_only(),
            ),
            _ => return,
        };
        self.push(path, kind, detail, verdict);
    }

    /// A key only the reference check reads (`since`).
    fn since(&mut self, path: impl Into<String>, old: Option<&Name>, new: Option<&Name>) {
        let text = |n: Option<&Name>| n.map_or("none".to_string(), |n| format!("`{n}`"));
        if old != new {
            self.push(
                path,
                Kind::SinceChanged,
                format!("since {} → {}", text(old), text(new)),
                classify::doc_only(),
            );
        }
    }

    fn api(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.removed != new.removed {
            let items = |api: &Api| -> Vec<String> {
                api.removed
                    .iter()
                    .map(|r| format!("`{}` ({})", r.item, r.since))
                    .collect()
            };
            let (before, after) = (items(old), items(new));
            self.push(
                "removed",
                Kind::RemovalMarked,
                format!(
                    "[{}] → [{}]: only the reference check reads it",
                    before.join(", "),
                    after.join(", ")
                ),
                classify::doc_only(),
            );
        }
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
        if old.license != new.license {
            let text = |l: &Option<String>| l.as_ref().map_or("none".into(), |l| format!("`{l}`"));
            self.push(
                "api.license",
                Kind::LicenseChanged,
                format!("{} → {}", text(&old.license), text(&new.license)),
                classify::doc_only(),
            );
        }
    }

    fn namespaces(&mut self) {
        let (old, new) = (self.old, self.new);
        let renamed = renames(
            &old.namespaces,
            &new.namespaces,
            |ns| &ns.name.text,
            |o, n| o.path.text == n.path.text || same_rust_names(&o.name, &n.name),
        );
        for (i, ns) in old.namespaces.iter().enumerate() {
            if find_ns(new, &ns.name).is_none() && !renamed.iter().any(|(o, _)| *o == i) {
                self.push(
                    ns.name.text.clone(),
                    Kind::NamespaceRemoved,
                    format!(
                        "with {}{}",
                        method_list(ns),
                        was_deprecated(ns.deprecated.as_ref())
                    ),
                    classify::namespace_removed(),
                );
            }
        }
        for (j, ns) in new.namespaces.iter().enumerate() {
            if let Some(before) = find_ns(old, &ns.name) {
                self.namespace(before, ns);
            } else if let Some((i, _)) = renamed.iter().find(|(_, n)| *n == j) {
                let before = &old.namespaces[*i];
                self.push(
                    ns.name.text.clone(),
                    Kind::NamespaceRenamed,
                    format!("`{}` → `{}`, at `/{}`", before.name, ns.name, ns.path),
                    classify::namespace_renamed(same_rust_names(&before.name, &ns.name)),
                );
                self.namespace(before, ns);
            } else {
                self.push(
                    ns.name.text.clone(),
                    Kind::NamespaceAdded,
                    format!("at `/{}`, with {}", ns.path, method_list(ns)),
                    classify::namespace_added(),
                );
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
        self.deprecation(
            path.clone(),
            classify::Deprecated::ClientAndServer,
            old.deprecated.as_ref(),
            new.deprecated.as_ref(),
        );
        let renamed = renames(
            &old.methods,
            &new.methods,
            |m| &m.name.text,
            |o, n| same_rust_names(&o.name, &n.name),
        );
        for (i, m) in old.methods.iter().enumerate() {
            let gone = !new.methods.iter().any(|n| n.name.text == m.name.text);
            if gone && !renamed.iter().any(|(o, _)| *o == i) {
                self.push(
                    format!("{path}.{}", m.name),
                    Kind::MethodRemoved,
                    format!(
                        "`{}` is gone{}{}",
                        m.name,
                        was_deprecated(m.deprecated.as_ref()),
                        self.on_purpose(&format!("{path}.{}", m.name))
                    ),
                    classify::method_removed(),
                );
            }
        }
        for (j, m) in new.methods.iter().enumerate() {
            if let Some(before) = old.methods.iter().find(|o| o.name.text == m.name.text) {
                self.method(&path, before, m);
            } else if let Some((i, _)) = renamed.iter().find(|(_, n)| *n == j) {
                let before = &old.methods[*i];
                self.push(
                    format!("{path}.{}", m.name),
                    Kind::MethodRenamed,
                    format!(
                        "wire name `{}` → `{}`; the Rust names stay",
                        before.name, m.name
                    ),
                    classify::method_renamed_wire_only(),
                );
                self.method(&path, before, m);
            } else {
                self.push(
                    format!("{path}.{}", m.name),
                    Kind::MethodAdded,
                    format!("`{}`: {}", m.name, m.summary),
                    classify::method_added(),
                );
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
        self.since(path.clone(), old.since.as_ref(), new.since.as_ref());
        self.deprecation(
            path.clone(),
            classify::Deprecated::ClientAndServer,
            old.deprecated.as_ref(),
            new.deprecated.as_ref(),
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
        self.idempotent(&path, old, new);
        self.method_errors(&path, old, new);
        self.pagination_and_token(&path, old, new);
        self.method_fields(&path, old, new);
    }

    fn pagination_and_token(&mut self, path: &str, old: &Method, new: &Method) {
        let name = |n: &Option<Name>| n.as_ref().map(|n| n.text.clone());
        match (name(&old.paginated), name(&new.paginated)) {
            (None, Some(items)) => self.push(
                path,
                Kind::PaginationAdded,
                format!("paginated over `{items}`"),
                classify::pagination_added(),
            ),
            (Some(items), None) => self.push(
                path,
                Kind::PaginationRemoved,
                format!("no longer paginated over `{items}`"),
                classify::pagination_removed(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                path,
                Kind::PaginationChanged,
                format!("items field `{a}` → `{b}`"),
                classify::pagination_changed(),
            ),
            _ => {}
        }
        match (name(&old.token), name(&new.token)) {
            (None, Some(t)) => self.push(
                path,
                Kind::TokenAdded,
                format!("`{t}` is a token the client keeps"),
                classify::token_added(),
            ),
            (Some(t), None) => self.push(
                path,
                Kind::TokenRemoved,
                format!("`{t}` is no longer a token the client keeps"),
                classify::token_removed(),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                path,
                Kind::TokenChanged,
                format!("token field `{a}` → `{b}`"),
                classify::token_changed(),
            ),
            _ => {}
        }
    }

    fn method_fields(&mut self, path: &str, old: &Method, new: &Method) {
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
        let params = format!("{path}.params");
        self.field_order(&params, &old.params, &new.params, shortcut);
        self.fields(
            &params,
            Side::Request,
            &old.params,
            &new.params,
            &param_place,
            &mut stack,
        );
        let response = format!("{path}.response");
        self.field_order(&response, &old.response, &new.response, false);
        self.fields(
            &response,
            Side::Response,
            &old.response,
            &new.response,
            &response_place,
            &mut stack,
        );
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

impl Walk<'_> {
    /// What a removal's detail adds when the working spec's `removed:` lists the item.
    pub(super) fn on_purpose(&self, path: &str) -> String {
        match self.new.removed.iter().find(|r| r.item.text == path) {
            Some(r) => format!(
                "; removed on purpose in {}{}",
                r.since,
                r.note.as_ref().map_or(String::new(), |n| format!(" ({n})"))
            ),
            None => String::new(),
        }
    }
}

/// What a removal's detail adds about the item's deprecation: since when it was deprecated,
/// for the changelog's readers who were warned.
pub(super) fn was_deprecated(d: Option<&Deprecation>) -> String {
    match d {
        Some(Deprecation {
            note,
            since: Some(since),
        }) => format!("; it was deprecated since {since} ({note})"),
        Some(Deprecation { note, since: None }) => {
            format!("; it was deprecated, the spec does not say since when ({note})")
        }
        None => String::new(),
    }
}
