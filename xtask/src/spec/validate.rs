//! Checks what the loader cannot see in one place: references between types, duplicates,
//! names that cannot become Rust identifiers or that collide once converted, and the
//! shape that pagination relies on.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::diagnostics::{Loc, Report};
use super::limits::{MAX_FILE_BYTES, MAX_NAME_CHARS};
use super::load::Gaps;
use super::types::type_suggestion;
use crate::model::{Api, Field, Name, NamedKind, Type};
use crate::names::{self, RESERVED_NAMESPACES, UNKNOWN_VARIANT};

/// `gaps` is what the loader left out: checks that its absence would fail are skipped.
pub(super) fn validate(api: &Api, gaps: &Gaps, report: &mut Report) {
    let mut v = Validator { api, gaps, report };
    v.names_unique(
        "namespace",
        "",
        api.namespaces.iter().map(|ns| &ns.name),
        names::module,
    );
    v.names_unique(
        "namespace path",
        "",
        api.namespaces.iter().map(|ns| &ns.path),
        |s| s.to_string(),
    );
    for ns in &api.namespaces {
        v.namespace_names(ns);
        if ns.methods.is_empty() && !gaps.namespace_partial(&ns.name) {
            v.report
                .error(
                    &ns.name.loc,
                    format!("namespace `{}` has no methods", ns.name),
                    "its `methods` list is empty",
                )
                .help("list its methods under `methods`, or remove the namespace");
        }
    }
    unlisted_namespace_files(api, v.report);
    v.names_unique(
        "type",
        "",
        api.types.iter().map(|t| &t.name),
        names::type_name,
    );
    for t in &api.types {
        match &t.kind {
            NamedKind::Object { fields } => v.fields(fields, &format!(" in type `{}`", t.name)),
            NamedKind::Enum { values } => v.enum_values(&t.name, values),
            NamedKind::Open => {}
        }
    }
    v.no_infinite_types();
    super::since::check(api, v.report);
    for ns in &api.namespaces {
        v.names_unique(
            "method",
            &format!(" in namespace `{}`", ns.name),
            ns.methods.iter().map(|m| &m.name),
            names::function,
        );
        for m in &ns.methods {
            let what = format!("`{}.{}`", ns.name, m.name);
            v.fields(&m.params, &format!(" in the params of {what}"));
            v.fields(&m.response, &format!(" in the response of {what}"));
            if gaps.method_partial(&m.name) {
                continue;
            }
            if let Some(items) = &m.paginated {
                v.pagination(m, items, &what);
            }
            if let Some(token) = &m.token {
                let is_string =
                    |f: &&Field| f.name.text == token.text && f.required && f.ty == Type::String;
                if !m.response.iter().any(|f| is_string(&f)) {
                    v.report
                        .error(&token.loc, format!("{what} keeps `{token}` as its token, but has no required string response field of that name"), "names the token field")
                        .help("`token` names the response field (required, string) that holds the bearer token");
                }
            }
        }
    }
    super::collisions::check(api, gaps, v.report);
    super::constraints::check(api, v.report);
}

struct Validator<'a> {
    api: &'a Api,
    gaps: &'a Gaps,
    report: &'a mut Report,
}

impl Validator<'_> {
    /// A namespace's path is one URL segment, and its Rust name is not one the generated
    /// code already uses.
    fn namespace_names(&mut self, ns: &crate::model::Namespace) {
        let segment = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if !ns.path.chars().all(segment) {
            self.report
                .error(
                    &ns.path.loc,
                    format!("namespace path `{}` is not one URL segment", ns.path),
                    "not a plain segment",
                )
                .help("write the segment alone, with letters, digits, `-`, `_` or `.`: `path: companies`");
        }
        let camel = names::handle(&ns.name);
        if RESERVED_NAMESPACES.contains(&camel.as_str()) {
            self.report
                .error(
                    &ns.name.loc,
                    format!(
                        "namespace `{}` would be `{camel}` in Rust, a name the generated code uses",
                        ns.name
                    ),
                    "reserved",
                )
                .help(format!(
                    "rename it; reserved: {}",
                    RESERVED_NAMESPACES.join(", ")
                ));
        }
    }

    /// Names must be valid identifiers once converted, and unique both as written and as converted.
    /// Messages read "{kind} `name`{context}", e.g. "field `id` in the params of `A.B`".
    fn names_unique<'n>(
        &mut self,
        kind: &str,
        context: &str,
        names: impl Iterator<Item = &'n Name>,
        convert: fn(&str) -> String,
    ) {
        let mut seen: HashMap<String, &Name> = HashMap::new();
        // Paths are URL segments, not identifiers: `namespace_names` checks them.
        let identifiers = kind != "namespace path";
        for name in names {
            if too_long(self.report, kind, context, name) {
                continue;
            }
            let converted = convert(name);
            let problem = identifiers
                .then(|| names::ident_problem(names::bare(&converted)))
                .flatten();
            if let Some(problem) = problem {
                self.report
                    .error(
                        &name.loc,
                        format!("{kind} `{name}`{context} cannot become a Rust identifier"),
                        format!("becomes `{converted}`"),
                    )
                    .help(format!("{problem}; rename it"));
                continue;
            }
            match seen.get(&converted) {
                Some(first) if first.text == name.text => {
                    self.report
                        .error(
                            &name.loc,
                            format!("duplicate {kind} `{name}`{context}"),
                            "defined again here",
                        )
                        .also(&first.loc, "first defined here")
                        .help("remove one of them, or rename it");
                }
                Some(first) => {
                    self.report
                        .error(
                            &name.loc,
                            format!("{kind} `{name}`{context} collides with `{first}`: both become `{converted}` in Rust"),
                            "this one",
                        )
                        .also(&first.loc, "collides with this one")
                        .help("rename one of them");
                }
                None => {
                    seen.insert(converted, name);
                }
            }
        }
    }

    fn fields(&mut self, fields: &[Field], context: &str) {
        self.names_unique(
            "field",
            context,
            fields.iter().map(|f| &f.name),
            names::field,
        );
        for f in fields {
            self.type_refs(&f.ty, &f.type_loc);
        }
    }

    fn type_refs(&mut self, ty: &Type, loc: &Loc) {
        match ty {
            Type::Array(inner) | Type::Map(inner) => self.type_refs(inner, loc),
            Type::Named(name)
                if self.api.named(name).is_none() && !self.gaps.type_dropped(name) =>
            {
                let defined = self.api.types.iter().map(|t| t.name.text.as_str());
                let builder = self.report.error(
                    loc,
                    format!("unknown type `{name}`"),
                    "not a built-in type nor one defined in `types`",
                );
                match type_suggestion(name, defined) {
                    Some(help) => builder.help(help),
                    None => builder.help("define it under `types`, or use a built-in type (string, integer, number, boolean, any, object, date<FORMAT>, array<T>, map<T>)"),
                };
            }
            _ => {}
        }
    }

    fn enum_values(&mut self, name: &Name, values: &[Name]) {
        if values.is_empty() {
            self.report
                .error(
                    &name.loc,
                    format!("enum `{name}` has no values"),
                    "an empty enum",
                )
                .help("list its wire strings: `enum: [active, won]`");
            return;
        }
        for v in values {
            if names::variant(v) == UNKNOWN_VARIANT {
                self.report
                    .error(&v.loc, format!("enum value `{v}` of `{name}` is reserved"), "becomes `Unknown`")
                    .help("the generated enum uses `Unknown` for values a newer server may send; this value cannot be told apart from it");
            }
        }
        self.names_unique(
            "value",
            &format!(" of enum `{name}`"),
            values.iter(),
            names::variant,
        );
    }

    /// An object type that contains itself, other than through an array or a map, has no finite size.
    fn no_infinite_types(&mut self) {
        let api = self.api;
        for t in &api.types {
            let mut path = vec![t.name.text.as_str()];
            if reaches(api, &t.name, &mut path) {
                self.report
                    .error(&t.name.loc, format!("type `{}` contains itself", t.name), "defined here")
                    .help(format!("the chain is {}; put the inner one in an `array<...>` or make a field of another type", path.join(" -> ")));
            }
        }
    }

    /// Pagination needs the items field, a `page` parameter and the page counters in the response.
    fn pagination(&mut self, m: &crate::model::Method, items: &Name, what: &str) {
        match m.response.iter().find(|f| f.name.text == items.text) {
            Some(f) if matches!(f.ty, Type::Array(_)) => {}
            Some(f) => {
                self.report
                    .error(&items.loc, format!("{what} is paginated over `{items}`, which is not a list"), "names this field")
                    .also(&f.type_loc, "its type")
                    .help("`paginated` names the response field of type `array<...>` that holds a page's items");
            }
            None => {
                self.report
                    .error(
                        &items.loc,
                        format!(
                            "{what} is paginated over `{items}`, which is not a response field"
                        ),
                        "no such field",
                    )
                    .help("`paginated` names the response field that holds a page's items");
            }
        }
        let has = |fields: &[Field], name: &str| {
            fields
                .iter()
                .any(|f| f.name.text == name && f.ty == Type::Integer)
        };
        for (fields, name, side) in [
            (&m.params, "page", "params"),
            (&m.response, "current_page", "response"),
            (&m.response, "last_page", "response"),
        ] {
            if !has(fields, name) {
                self.report
                    .error(
                        &items.loc,
                        format!("{what} is paginated but has no integer `{name}` in its {side}"),
                        "paginated here",
                    )
                    .help(format!(
                        "add `{name}` (integer) to the {side}, or remove `paginated`"
                    ));
            }
        }
    }
}

/// A name over `MAX_NAME_CHARS` is reported, once, instead of its other checks.
fn too_long(report: &mut Report, kind: &str, context: &str, name: &Name) -> bool {
    if name.text.len() <= MAX_NAME_CHARS {
        return false;
    }
    let chars = name.text.chars().count();
    if chars <= MAX_NAME_CHARS {
        return false;
    }
    let start: String = name.text.chars().take(20).collect();
    report
        .error(
            &name.loc,
            format!("{kind} `{start}...`{context} is {chars} characters long, over the limit of {MAX_NAME_CHARS} (`MAX_NAME_CHARS`)"),
            "this name",
        )
        .help("shorten it; the limit is set in xtask/src/spec/limits.rs");
    true
}

/// A `.yaml` file beside the namespace files that the API file does not list would be left
/// out without a word; it is an error, so that a namespace is never dropped by mistake.
fn unlisted_namespace_files(api: &Api, report: &mut Report) {
    let canonical =
        |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let read: BTreeSet<PathBuf> = (0..report.file_count())
        .map(|file| canonical(Path::new(&report.name(file))))
        .collect();
    // File 0 is the entry file: namespaces written in place in it have no folder of their own.
    let folders: BTreeSet<PathBuf> = api
        .namespaces
        .iter()
        .filter(|ns| ns.name.loc.file != 0)
        .filter_map(|ns| {
            Path::new(&report.name(ns.name.loc.file))
                .parent()
                .map(Path::to_path_buf)
        })
        .collect();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut unlisted: Vec<PathBuf> = entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .filter(|p| !read.contains(&canonical(p)))
            .collect();
        unlisted.sort();
        for path in unlisted {
            // The file is shown, not parsed; its first line is where the error points.
            let text = std::fs::read(&path)
                .ok()
                .filter(|bytes| bytes.len() as u64 <= MAX_FILE_BYTES)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            let first_line = text.find('\n').unwrap_or(text.len());
            let shown = path.display().to_string();
            let file = report.add_file(shown.clone(), text);
            let help = format!(
                "list it under `namespaces` in `{}`, or move it out of `{}`",
                report.name(0),
                folder.display()
            );
            report
                .error(
                    &Loc {
                        file,
                        span: 0..first_line,
                    },
                    format!("namespace file `{shown}` is not listed in the API file"),
                    "this file is not read",
                )
                .help(help);
        }
    }
}

/// Whether the object type at the end of `path` contains `target` other than through an
/// array or a map; on success `path` holds the chain.
fn reaches<'a>(api: &'a Api, target: &str, path: &mut Vec<&'a str>) -> bool {
    let current = *path.last().expect("path starts with the type itself");
    let Some(NamedKind::Object { fields }) = api.named(current).map(|t| &t.kind) else {
        return false;
    };
    for f in fields {
        if let Type::Named(next) = &f.ty {
            if next == target {
                path.push(next);
                return true;
            }
            if !path.contains(&next.as_str()) {
                path.push(next);
                if reaches(api, target, path) {
                    return true;
                }
                path.pop();
            }
        }
    }
    false
}
