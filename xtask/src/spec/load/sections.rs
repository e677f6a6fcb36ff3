//! The API file's sections, and the namespaces, methods, fields, types and errors they
//! hold, read into the model.

use std::path::{Path, PathBuf};

use marked_yaml::Node;

use super::items::{describe, find};
use super::{Item, Loader, place};
use crate::model::{
    Api, Constraints, Deprecation, ErrorKind, Field, Method, MethodError, Name, NamedKind,
    NamedType, Namespace, Removal, ResponseLeniency, Transport, UnknownKeys,
};
use crate::spec::raw::{self, Nested};
use crate::spec::types::parse_type;

impl Loader<'_> {
    /// The API file's sections, and the files it names. Sections with mistakes are read
    /// as far as they go, so that the cross-checks still see the rest.
    pub(super) fn api(&mut self, file: usize, root: &Node, base: &Path) -> Option<Api> {
        let (raw, mut item) = self.item::<raw::ApiFile>(root, file, "the API file")?;
        if !item.whole {
            // A misspelt `types` or `errors` would make every reference to one look wrong.
            self.gaps.all_types = true;
            self.gaps.errors_partial = true;
        }
        let info = self
            .nested(&item, &raw.api)
            .and_then(|node| self.item::<raw::ApiInfo>(node, file, "the `api` section"));
        let (name, version, doc, license) = match info {
            Some((info, mut it)) => (
                self.required_text(&mut it, info.name),
                self.required_text(&mut it, info.version),
                self.doc(&mut it, info.doc),
                self.optional_text(&mut it, info.license),
            ),
            None => (None, None, String::new(), None),
        };
        let transport = self
            .nested(&item, &raw.transport)
            .map(|node| self.transport(node, file));
        let reported = self.report.error_count();
        let errors = self.errors(&mut item, raw.errors);
        if self.report.error_count() != reported {
            self.gaps.errors_partial = true;
        }
        let types = self.types(&mut item, raw.types, base);
        let namespaces = self.namespaces(&mut item, raw.namespaces, base);
        let removed = self.removals(&mut item, raw.removed);
        Some(Api {
            name: name.map(|n| n.text).unwrap_or_default(),
            version: version.map(|v| v.text).unwrap_or_default(),
            doc,
            license: license.map(|l| l.text),
            transport: transport.unwrap_or_else(unread_transport),
            errors,
            types,
            namespaces,
            removed,
        })
    }

    /// `removed:`, the items removed on purpose; whether each is gone is checked once the
    /// whole spec is read.
    fn removals(&mut self, item: &mut Item, list: Option<Nested>) -> Vec<Removal> {
        let mut removed = Vec::new();
        for node in self.list(item, list).unwrap_or_default() {
            let what = "an entry of `removed`";
            let Some((raw, mut r)) = self.item::<raw::Removal>(node, item.file, what) else {
                continue;
            };
            let path = self.required_text(&mut r, raw.item);
            let since = self.required_text(&mut r, raw.since);
            let note = self.prose(&mut r, raw.note);
            if let (Some(item), Some(since), true) = (path, since, r.ok) {
                removed.push(Removal { item, since, note });
            }
        }
        removed
    }

    /// The `transport` section. It is one of a kind: read as far as it goes, never left out.
    fn transport(&mut self, node: &Node, file: usize) -> Transport {
        let Some((raw, mut item)) =
            self.item::<raw::Transport>(node, file, "the `transport` section")
        else {
            return unread_transport();
        };
        let item = &mut item;
        let base_url = self.required_text(item, raw.base_url);
        let base_url_note = self.doc(item, raw.base_url_note);
        let auth = self.doc(item, raw.auth);
        let request = self.doc(item, raw.request);
        let response = self.doc(item, raw.response);
        let response_note = self.doc(item, raw.response_note);
        let unknown_keys = match self.optional_text(item, raw.unknown_keys) {
            None => UnknownKeys::Reject,
            Some(word) => {
                let found = UnknownKeys::ALL
                    .into_iter()
                    .find(|k| k.as_str() == word.text);
                if found.is_none() {
                    self.report
                        .error(
                            &word.loc,
                            format!("unknown `unknown_keys` rule `{word}`"),
                            "here",
                        )
                        .help("write `reject` or `ignore`");
                }
                found.unwrap_or(UnknownKeys::Reject)
            }
        };
        let unknown_keys_note = self.doc(item, raw.unknown_keys_note);
        // Left out, it is what the generated client does by default: every leniency.
        let declared = raw.response_leniency.is_some();
        let mut response_leniency = Vec::new();
        let words = raw
            .response_leniency
            .and_then(|list| self.value(item, list))
            .map(|(words, _)| words)
            .unwrap_or_default();
        for word in words {
            let Some(word) = self.text(item, word) else {
                continue;
            };
            match ResponseLeniency::ALL
                .into_iter()
                .find(|l| l.as_str() == word.text)
            {
                Some(l) => response_leniency.push(l),
                None => {
                    let all: Vec<_> = ResponseLeniency::ALL
                        .iter()
                        .map(|l| format!("`{}`", l.as_str()))
                        .collect();
                    self.report
                        .error(
                            &word.loc,
                            format!("unknown response leniency `{word}`"),
                            "here",
                        )
                        .help(format!("one of {}", all.join(", ")));
                }
            }
        }
        let errors = self.errors(item, raw.errors);
        Transport {
            base_url: base_url.map(|b| b.text).unwrap_or_default(),
            base_url_note,
            auth,
            request,
            response,
            response_note,
            unknown_keys,
            unknown_keys_note,
            response_leniency: if declared {
                response_leniency
            } else {
                ResponseLeniency::ALL.to_vec()
            },
            errors,
        }
    }

    /// A list of declared errors; an absent key is an empty list.
    fn errors(&mut self, item: &mut Item, list: Option<Nested>) -> Vec<ErrorKind> {
        let mut errors = Vec::new();
        for node in self.list(item, list).unwrap_or_default() {
            let Some((raw, mut e)) = self.item::<raw::ErrorDecl>(node, item.file, "an error")
            else {
                continue;
            };
            let code = self.required_text(&mut e, raw.code);
            let status = self.value(&mut e, raw.status);
            let doc = self.doc(&mut e, raw.doc);
            let note = self.prose(&mut e, raw.note);
            let status = status.and_then(|(n, span)| {
                if (400..=599).contains(&n) {
                    return Some(n);
                }
                let loc = self.span_loc(e.file, &span, n.to_string().len());
                self.report
                    .error(&loc, format!("`{n}` is not an error status"), "here")
                    .help("an error status is a number from 400 to 599");
                None
            });
            if let (Some(code), Some(status), true) = (code, status, e.ok) {
                errors.push(ErrorKind {
                    code,
                    status,
                    doc,
                    note,
                });
            }
        }
        errors
    }

    /// A method's `errors`: codes of the API's errors, each with when.
    fn method_errors(&mut self, entries: &[Node], file: usize) -> Vec<MethodError> {
        let mut errors = Vec::new();
        for node in entries {
            let Some((raw, mut e)) = self.item::<raw::MethodError>(node, file, "a method error")
            else {
                continue;
            };
            let code = self.required_text(&mut e, raw.code);
            let when = self.required_text(&mut e, raw.when);
            if let (Some(code), Some(when), true) = (code, when, e.ok) {
                errors.push(MethodError {
                    code,
                    when: when.text,
                });
            }
        }
        errors
    }

    /// `types:` is a mapping of named types, or the path of a file that holds one.
    fn types(&mut self, item: &mut Item, types: Option<Nested>, base: &Path) -> Vec<NamedType> {
        let Some(node) = types.and_then(|t| self.nested(item, &t)) else {
            return Vec::new();
        };
        let (file, owned);
        let node = if let Some(path) = node.as_scalar() {
            let named_at = self.span_loc(item.file, path.span(), path.as_str().chars().count());
            match self.read(&base.join(path.as_str()), Some(named_at)) {
                Some(read) => {
                    (file, owned) = read;
                    &owned
                }
                None => {
                    self.gaps.all_types = true;
                    return Vec::new();
                }
            }
        } else {
            file = item.file;
            node
        };
        let Some(map) = node.as_mapping() else {
            let loc = self.node_loc(file, node);
            self.report
                .error(
                    &loc,
                    "`types` must be a mapping of type names to definitions",
                    format!("found {}", describe(node)),
                )
                .help("or the path of a file that holds such a mapping");
            self.gaps.all_types = true;
            return Vec::new();
        };
        let mut types = Vec::new();
        for (key, def) in map.iter() {
            let name = Name {
                text: key.as_str().to_string(),
                loc: self.span_loc(file, key.span(), key.as_str().chars().count().max(1)),
            };
            match self.named_type(name, def, file) {
                Some(t) => types.push(t),
                None => {
                    self.gaps.dropped_types.insert(key.as_str().to_string());
                }
            }
        }
        types
    }

    fn named_type(&mut self, name: Name, def: &Node, file: usize) -> Option<NamedType> {
        let what = format!("type `{name}`");
        let (raw, mut item) = self.item::<raw::NamedType>(def, file, &what)?;
        let doc = self.doc(&mut item, raw.doc);
        let open = self.flag(&mut item, raw.open);
        if !item.ok {
            return None;
        }
        let (has_fields, has_enum) = (raw.fields.is_some(), raw.values.is_some());
        let kinds = usize::from(has_fields) + usize::from(has_enum) + usize::from(open.is_some());
        if kinds != 1 {
            self.report
                .error(&name.loc, format!("{what} must have exactly one of `fields`, `enum` or `open: true`"), if kinds == 0 { "has none" } else { "has several" })
                .help("`fields` lists an object's fields, `enum` its wire strings, `open: true` marks an object whose fields are not documented");
            return None;
        }
        let mut marked = EnumMarks::default();
        let kind = if has_fields {
            let entries = self.list(&mut item, raw.fields)?;
            if entries.is_empty() {
                self.report
                    .error(&name.loc, format!("{what} has an empty `fields` list"), "no fields")
                    .help("list its fields, or write `open: true` if the reference does not document them");
                return None;
            }
            // A field left out leaves the type without it: no check across a type's fields
            // reports a field's absence.
            let (fields, _) = self.fields(entries, file);
            NamedKind::Object { fields }
        } else if let Some(values) = raw.values {
            let entries = self.list(&mut item, Some(values))?;
            let mut values = Vec::new();
            for entry in entries {
                if let Some(value) = self.enum_value(entry, file, &mut marked) {
                    values.push(value);
                }
            }
            if values.len() != entries.len() {
                item.ok = false;
            }
            NamedKind::Enum { values }
        } else if open == Some(true) {
            NamedKind::Open
        } else {
            self.report
                .error(
                    &name.loc,
                    format!("{what} says `open: false`"),
                    "and nothing else",
                )
                .help("list its fields under `fields`, or write `open: true`");
            return None;
        };
        item.ok.then_some(NamedType {
            name,
            doc,
            kind,
            values_since: marked.since,
            values_deprecated: marked.deprecated,
        })
    }

    /// An enum value: a wire string, or `{value, since, deprecated}` for one added after the
    /// reference or on its way out.
    fn enum_value(&mut self, node: &Node, file: usize, marked: &mut EnumMarks) -> Option<Name> {
        if let Some(scalar) = node.as_scalar() {
            let text = scalar.as_str().to_string();
            let loc = self.span_loc(file, scalar.span(), text.chars().count().max(1));
            return Some(Name { text, loc });
        }
        if node.as_mapping().is_none() {
            let loc = self.node_loc(file, node);
            self.report
                .error(&loc, "an enum value must be a string", format!("found {}", describe(node)))
                .help("write the wire string, or `{value: ..., since: v2}` for a value added after the reference, `{value: ..., deprecated: <note>}` for one on its way out");
            return None;
        }
        let (raw, mut item) = self.item::<raw::EnumValue>(node, file, "an enum value")?;
        let value = self.required_text(&mut item, raw.value);
        let since = self.optional_text(&mut item, raw.since);
        let deprecated = self.deprecation(&mut item, raw.deprecated, raw.deprecated_since);
        let value = value?;
        if since.is_none() && deprecated.is_none() && item.ok {
            self.report
                .error(
                    &value.loc,
                    "an enum value written as a mapping says neither `since` nor `deprecated`",
                    "only its value",
                )
                .help("write it as a plain string");
            return None;
        }
        marked.since.extend(since.map(|s| (value.clone(), s)));
        marked
            .deprecated
            .extend(deprecated.map(|d| (value.clone(), d)));
        item.ok.then_some(value)
    }

    /// `namespaces:` lists namespace files, or namespaces written in place.
    fn namespaces(&mut self, item: &mut Item, list: Nested, base: &Path) -> Vec<Namespace> {
        let mut namespaces = Vec::new();
        for entry in self.list(item, Some(list)).unwrap_or_default() {
            let read = match entry.as_scalar() {
                Some(path) => {
                    let named_at =
                        self.span_loc(item.file, path.span(), path.as_str().chars().count());
                    let path: PathBuf = base.join(path.as_str());
                    self.read(&path, Some(named_at))
                        .and_then(|(file, node)| self.namespace(&node, file))
                }
                None => self.namespace(entry, item.file),
            };
            namespaces.extend(read);
        }
        namespaces
    }

    fn namespace(&mut self, node: &Node, file: usize) -> Option<Namespace> {
        let (raw, mut item) = self.item::<raw::Namespace>(node, file, "a namespace")?;
        let name = self.required_text(&mut item, raw.namespace);
        let path = self.required_text(&mut item, raw.path);
        let doc = self.doc(&mut item, raw.doc);
        let deprecated = self.deprecation(&mut item, raw.deprecated, raw.deprecated_since);
        let entries = self.list(&mut item, Some(raw.methods)).unwrap_or_default();
        let methods: Vec<Method> = entries
            .iter()
            .filter_map(|entry| self.method(entry, file))
            .collect();
        let (name, path) = (name?, path?);
        if methods.len() != entries.len() {
            self.gaps.partial_namespaces.insert(place(&name));
        }
        item.ok.then_some(Namespace {
            name,
            path,
            doc,
            methods,
            deprecated,
        })
    }

    fn method(&mut self, node: &Node, file: usize) -> Option<Method> {
        let (raw, mut item) = self.item::<raw::Method>(node, file, "a method")?;
        let it = &mut item;
        let name = self.required_text(it, raw.name);
        let summary = self.required_text(it, raw.summary);
        let auth = self.flag(it, raw.auth);
        let params = self.list(it, raw.params);
        let response = self.list(it, raw.response);
        let paginated = self.optional_text(it, raw.paginated);
        let token = self.optional_text(it, raw.token);
        let idempotent = self.flag(it, raw.idempotent);
        let note = self.prose(it, raw.note);
        let since = self.optional_text(it, raw.since);
        let deprecated = self.deprecation(it, raw.deprecated, raw.deprecated_since);
        let errors = self.list(it, raw.errors);
        let (params, params_whole) = self.fields(params.unwrap_or_default(), file);
        let (response, response_whole) = self.fields(response.unwrap_or_default(), file);
        let errors = self.method_errors(errors.unwrap_or_default(), file);
        let name = name?;
        if !(item.whole && params_whole && response_whole) {
            self.gaps.partial_methods.insert(place(&name));
        }
        item.ok.then_some(Method {
            name,
            summary: summary?.text,
            auth: auth.unwrap_or(true),
            params,
            response,
            paginated,
            token,
            idempotent: idempotent.unwrap_or(false),
            note,
            since,
            errors,
            deprecated,
        })
    }

    /// The fields of a list, and whether they were read whole: none left out, none with
    /// an unknown key.
    fn fields(&mut self, entries: &[Node], file: usize) -> (Vec<Field>, bool) {
        let loose_before = self.loose_items;
        let fields: Vec<Field> = entries
            .iter()
            .filter_map(|entry| self.field(entry, file))
            .collect();
        let whole = fields.len() == entries.len() && self.loose_items == loose_before;
        (fields, whole)
    }

    fn field(&mut self, node: &Node, file: usize) -> Option<Field> {
        let (raw, mut item) = self.item::<raw::Field>(node, file, "a field")?;
        let it = &mut item;
        let name = self.required_text(it, raw.name);
        let ty = self.required_text(it, raw.ty);
        let doc = self.doc(it, raw.doc);
        let optional = self.flag(it, raw.optional);
        let secret = self.flag(it, raw.secret);
        let note = self.prose(it, raw.note);
        // Where each constraint was written, for the checks in `constraints`.
        let spans = [
            ("minimum", raw.minimum.as_ref().map(|v| v.span)),
            ("maximum", raw.maximum.as_ref().map(|v| v.span)),
            ("min_length", raw.min_length.as_ref().map(|v| v.span)),
            ("max_length", raw.max_length.as_ref().map(|v| v.span)),
            ("pattern", raw.pattern.as_ref().map(|v| v.span)),
            ("min_items", raw.min_items.as_ref().map(|v| v.span)),
            ("max_items", raw.max_items.as_ref().map(|v| v.span)),
        ];
        let constraint_locs = spans
            .into_iter()
            .filter_map(|(key, span)| {
                let (_, node) = find(it.map, &span?)?;
                Some((key, self.node_loc(file, node)))
            })
            .collect();
        let minimum = self.number(it, raw.minimum);
        let maximum = self.number(it, raw.maximum);
        let counts = [raw.min_length, raw.max_length, raw.min_items, raw.max_items]
            .map(|v| self.count(it, v));
        let pattern = self.prose(it, raw.pattern);
        let since = self.optional_text(it, raw.since);
        let deprecated = self.deprecation(it, raw.deprecated, raw.deprecated_since);
        let ty = ty?;
        let parsed = match parse_type(&ty.text) {
            Ok(t) => Some(t),
            Err((message, help)) => {
                self.report
                    .error(&ty.loc, message, "in this type")
                    .help(help);
                None
            }
        };
        let [min_length, max_length, min_items, max_items] = counts;
        item.ok.then_some(Field {
            name: name?,
            required: !optional.unwrap_or(false),
            secret: secret.unwrap_or(false),
            doc,
            note,
            ty: parsed?,
            type_loc: ty.loc,
            constraints: Constraints {
                minimum,
                maximum,
                min_length,
                max_length,
                pattern,
                min_items,
                max_items,
            },
            since,
            deprecated,
            constraint_locs,
        })
    }
}

/// The transport of a spec whose `transport` could not be read: never generated from,
/// since the run has failed, but the cross-checks need an `Api`.
fn unread_transport() -> Transport {
    Transport {
        base_url: String::new(),
        base_url_note: String::new(),
        auth: String::new(),
        request: String::new(),
        response: String::new(),
        response_note: String::new(),
        unknown_keys: UnknownKeys::Reject,
        unknown_keys_note: String::new(),
        response_leniency: Vec::new(),
        errors: Vec::new(),
    }
}

/// The enum values of one type written as mappings: those added after the reference, and
/// those deprecated.
#[derive(Default)]
struct EnumMarks {
    since: Vec<(Name, Name)>,
    deprecated: Vec<(Name, Deprecation)>,
}
