//! `since: <version>` marks a spec item added or changed after the reference, so that the
//! reference check (xtask/tests/reference.rs) skips exactly the marked items. A marker
//! names a version the API has reached: `v2` in a spec at `api.version: v1` is a mistake.

use super::diagnostics::Report;
use crate::model::{Api, Field, Name, NamedKind};

pub(super) fn check(api: &Api, report: &mut Report) {
    let current = version_number(&api.version);
    for (since, what) in markers(api) {
        let problem = match (version_number(&since.text), current) {
            (None, _) => format!("{what} says `since: {since}`, which is not a version like `v2`"),
            (Some(n), Some(c)) if n > c => format!(
                "{what} says `since: {since}`, a version after the spec's own `api.version: {}`",
                api.version
            ),
            _ => continue,
        };
        report
            .error(&since.loc, problem, "the version that added or changed it")
            .help("`since` names the API version (as in `api.version`) that added or changed the item, so that the reference check skips it");
    }
}

/// Every `since` of the spec, with what it marks.
fn markers(api: &Api) -> Vec<(&Name, String)> {
    fn fields<'a>(fields: &'a [Field], within: &str, out: &mut Vec<(&'a Name, String)>) {
        for f in fields {
            if let Some(since) = &f.since {
                out.push((since, format!("field `{}` {within}", f.name)));
            }
        }
    }
    let mut out = Vec::new();
    for t in &api.types {
        if let NamedKind::Object { fields: f } = &t.kind {
            fields(f, &format!("of type `{}`", t.name), &mut out);
        }
        for (value, since) in &t.values_since {
            out.push((since, format!("value `{value}` of enum `{}`", t.name)));
        }
    }
    for (ns, m) in api.methods() {
        let method = format!("`{}.{}`", ns.name, m.name);
        if let Some(since) = &m.since {
            out.push((since, format!("method {method}")));
        }
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
