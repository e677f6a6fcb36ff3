//! `since: <version>` marks a spec item added or changed after the reference, so that the
//! reference check (xtask/tests/reference.rs) skips exactly the marked items. A marker
//! names a version the API has reached: `v2` in a spec at `api.version: v1` is a mistake.
//! `deprecated_since: <version>`, the version that deprecated an item, is checked alike.

use super::diagnostics::Report;
use crate::model::{Api, Deprecation, Field, Name, NamedKind};

pub(super) fn check(api: &Api, report: &mut Report) {
    removals(api, report);
    let current = version_number(&api.version);
    for (since, what, key) in markers(api) {
        let problem = match (version_number(&since.text), current) {
            (None, _) => format!("{what} says `{key}: {since}`, which is not a version like `v2`"),
            (Some(n), Some(c)) if n > c => format!(
                "{what} says `{key}: {since}`, a version after the spec's own `api.version: {}`",
                api.version
            ),
            _ => continue,
        };
        if key == DEPRECATED_SINCE {
            report
                .error(&since.loc, problem, "the version that deprecated it")
                .help("`deprecated_since` names the API version (as in `api.version`) that deprecated the item");
        } else {
            report
                .error(&since.loc, problem, "the version that added or changed it")
                .help("`since` names the API version (as in `api.version`) that added or changed the item, so that the reference check skips it");
        }
    }
}

const DEPRECATED_SINCE: &str = "deprecated_since";

/// Each `removed:` entry names an item by a path of a known shape, which the spec no longer has.
fn removals(api: &Api, report: &mut Report) {
    for r in &api.removed {
        let (problem, label) = match api.has_item(&r.item) {
            None => (
                format!(
                    "`removed` names `{}`, which is not a path to a method, a method's field or an enum value",
                    r.item
                ),
                "not such a path",
            ),
            Some(true) => (
                format!("`removed` names `{}`, which the spec still has", r.item),
                "still in the spec",
            ),
            Some(false) => continue,
        };
        report
            .error(&r.item.loc, problem, label)
            .help("`removed` lists items of the reference the spec dropped on purpose, by their diff path: `Ns.Method`, `Ns.Method.params.field`, `Ns.Method.response.field` or `types.Enum.value`");
    }
}

type Markers<'a> = Vec<(&'a Name, String, &'static str)>;

/// The `deprecated_since` of a deprecation, if any.
fn deprecated<'a>(d: &'a Option<Deprecation>, what: String, out: &mut Markers<'a>) {
    if let Some(since) = d.as_ref().and_then(|d| d.since.as_ref()) {
        out.push((since, what, DEPRECATED_SINCE));
    }
}

/// Every `since` and `deprecated_since` of the spec, with what it marks and its key.
fn markers(api: &Api) -> Markers<'_> {
    fn fields<'a>(fields: &'a [Field], within: &str, out: &mut Markers<'a>) {
        for f in fields {
            let what = format!("field `{}` {within}", f.name);
            if let Some(since) = &f.since {
                out.push((since, what.clone(), "since"));
            }
            deprecated(&f.deprecated, what, out);
        }
    }
    let mut out = Vec::new();
    for t in &api.types {
        if let NamedKind::Object { fields: f } = &t.kind {
            fields(f, &format!("of type `{}`", t.name), &mut out);
        }
        for (value, since) in &t.values_since {
            out.push((
                since,
                format!("value `{value}` of enum `{}`", t.name),
                "since",
            ));
        }
        for (value, d) in &t.values_deprecated {
            if let Some(since) = &d.since {
                let what = format!("value `{value}` of enum `{}`", t.name);
                out.push((since, what, DEPRECATED_SINCE));
            }
        }
    }
    for ns in &api.namespaces {
        deprecated(&ns.deprecated, format!("namespace `{}`", ns.name), &mut out);
    }
    for r in &api.removed {
        out.push((&r.since, format!("the removal of `{}`", r.item), "since"));
    }
    for (ns, m) in api.methods() {
        let method = format!("`{}.{}`", ns.name, m.name);
        if let Some(since) = &m.since {
            out.push((since, format!("method {method}"), "since"));
        }
        deprecated(&m.deprecated, format!("method {method}"), &mut out);
        fields(&m.params, &format!("in the params of {method}"), &mut out);
        fields(
            &m.response,
            &format!("in the response of {method}"),
            &mut out,
        );
    }
    out
}

/// `v12` → 12; any other shape is not a version.
fn version_number(version: &str) -> Option<u64> {
    let digits = version.strip_prefix('v')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}
