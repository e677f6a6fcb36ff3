//! The contract beyond the shapes: the transport's rules, the declared errors, the
//! constraints on values and the method flags clients act on.

use super::Walk;
use crate::diff::Bump;
use crate::diff::Kind;
use crate::diff::classify::{self, Side};
use crate::model::{Constraints, ErrorKind, Method, ResponseLeniency, UnknownKeys};

impl Walk<'_> {
    pub(super) fn transport(&mut self) {
        let (ot, nt) = (&self.old.transport, &self.new.transport);
        if ot.base_url != nt.base_url {
            self.push(
                "transport.base_url",
                Kind::BaseUrlChanged,
                format!("`{}` → `{}`", ot.base_url, nt.base_url),
                classify::base_url_changed(),
            );
        }
        // Prose that the generated code only quotes.
        for (key, o, n) in [
            ("base_url_note", &ot.base_url_note, &nt.base_url_note),
            ("auth", &ot.auth, &nt.auth),
            ("request", &ot.request, &nt.request),
            ("response", &ot.response, &nt.response),
            ("response_note", &ot.response_note, &nt.response_note),
            (
                "unknown_keys_note",
                &ot.unknown_keys_note,
                &nt.unknown_keys_note,
            ),
        ] {
            self.doc(format!("transport.{key}"), "text", o, n);
        }
        if ot.unknown_keys != nt.unknown_keys {
            self.push(
                "transport.unknown_keys",
                Kind::UnknownKeysChanged,
                format!(
                    "`{}` → `{}`: what the server does with a request key the spec does not name",
                    ot.unknown_keys.as_str(),
                    nt.unknown_keys.as_str()
                ),
                classify::unknown_keys_changed(nt.unknown_keys == UnknownKeys::Reject),
            );
        }
        for l in ResponseLeniency::ALL {
            let (was, is) = (
                ot.response_leniency.contains(&l),
                nt.response_leniency.contains(&l),
            );
            if was != is {
                let what = if is {
                    "now declared"
                } else {
                    "no longer declared"
                };
                self.push(
                    format!("transport.response_leniency.{}", l.as_str()),
                    Kind::ResponseLeniencyChanged,
                    format!("clients' `{}` {what}", l.as_str()),
                    classify::response_leniency_changed(is),
                );
            }
        }
        self.error_list("transport.errors", &ot.errors, &nt.errors, true);
    }

    pub(super) fn errors(&mut self) {
        let (old, new) = (&self.old.errors, &self.new.errors);
        self.error_list("errors", old, new, false);
    }

    /// `transport`: the server's own errors, which any method may answer; otherwise the
    /// domain errors, which a method answers only if it lists them (reported there).
    fn error_list(&mut self, at: &str, old: &[ErrorKind], new: &[ErrorKind], transport: bool) {
        let find = |list: &'_ [ErrorKind], code: &str| -> Option<usize> {
            list.iter().position(|e| e.code.text == code)
        };
        for e in old {
            if find(new, &e.code).is_none() {
                let verdict = if transport {
                    classify::error_answer_removed(Bump::Patch)
                } else {
                    classify::domain_error_removed()
                };
                let detail = format!("`{}` ({}) is no longer declared", e.code, e.status);
                self.push(
                    format!("{at}.{}", e.code),
                    Kind::ErrorRemoved,
                    detail,
                    verdict,
                );
            }
        }
        for e in new {
            let path = format!("{at}.{}", e.code);
            let Some(i) = find(old, &e.code) else {
                let verdict = if transport {
                    classify::error_answer_added(Bump::Patch)
                } else {
                    classify::domain_error_added()
                };
                let detail = format!("`{}` ({}) is now declared", e.code, e.status);
                self.push(path, Kind::ErrorAdded, detail, verdict);
                continue;
            };
            let before = &old[i];
            if before.status != e.status {
                self.push(
                    path.clone(),
                    Kind::ErrorStatusChanged,
                    format!("`{}`: status {} → {}", e.code, before.status, e.status),
                    classify::error_status_changed(),
                );
            }
            self.doc(path.clone(), "error doc", &before.doc, &e.doc);
            self.doc(
                path,
                "error note",
                before.note.as_deref().unwrap_or(""),
                e.note.as_deref().unwrap_or(""),
            );
        }
    }

    pub(super) fn method_errors(&mut self, path: &str, old: &Method, new: &Method) {
        for e in &old.errors {
            if !new.errors.iter().any(|n| n.code.text == e.code.text) {
                self.push(
                    format!("{path}.errors.{}", e.code),
                    Kind::MethodErrorRemoved,
                    format!("no longer answers `{}`", e.code),
                    classify::error_answer_removed(Bump::Major),
                );
            }
        }
        for e in &new.errors {
            let at = format!("{path}.errors.{}", e.code);
            match old.errors.iter().find(|o| o.code.text == e.code.text) {
                None => self.push(
                    at,
                    Kind::MethodErrorAdded,
                    format!("may now answer `{}`: {}", e.code, e.when),
                    classify::error_answer_added(Bump::Minor),
                ),
                Some(before) => self.doc(at, "when", &before.when, &e.when),
            }
        }
    }

    pub(super) fn idempotent(&mut self, path: &str, old: &Method, new: &Method) {
        if old.idempotent != new.idempotent {
            let detail = if new.idempotent {
                "now idempotent: clients may send it again after a timeout or a 5xx"
            } else {
                "no longer idempotent: clients must not send it again"
            };
            self.push(
                path,
                Kind::IdempotentChanged,
                detail,
                classify::idempotent_changed(new.idempotent),
            );
        }
    }

    /// Each constraint key on its own: which way it moved decides whom it breaks.
    pub(super) fn constraints(
        &mut self,
        path: &str,
        side: Side,
        old: &Constraints,
        new: &Constraints,
    ) {
        let lower = |o: Option<f64>, n: Option<f64>| bound(o, n, |a, b| b > a);
        let upper = |o: Option<f64>, n: Option<f64>| bound(o, n, |a, b| b < a);
        let count = |v: Option<u64>| v.map(|v| v as f64);
        let moves = [
            ("minimum", lower(old.minimum, new.minimum)),
            ("maximum", upper(old.maximum, new.maximum)),
            (
                "min_length",
                lower(count(old.min_length), count(new.min_length)),
            ),
            (
                "max_length",
                upper(count(old.max_length), count(new.max_length)),
            ),
            (
                "min_items",
                lower(count(old.min_items), count(new.min_items)),
            ),
            (
                "max_items",
                upper(count(old.max_items), count(new.max_items)),
            ),
            ("pattern", pattern(&old.pattern, &new.pattern)),
        ];
        for (key, moved) in moves {
            let Some((tightened, loosened)) = moved else {
                continue;
            };
            let (kind, how) = match (tightened, loosened) {
                (true, false) => (Kind::ConstraintTightened, "tightened"),
                (false, true) => (Kind::ConstraintLoosened, "loosened"),
                _ => (Kind::ConstraintChanged, "changed"),
            };
            let detail = format!(
                "`{key}` {how} ({} side): {} → {}",
                super::side_name(side),
                text(old, key),
                text(new, key)
            );
            self.push(
                path,
                kind,
                detail,
                classify::constraint_changed(side, tightened, loosened),
            );
        }
    }
}

/// How a bound moved, as (tightened, loosened); `None` if it did not. `tighter(old, new)`:
/// the new bound allows less. A bound added tightens, one removed loosens.
fn bound(
    old: Option<f64>,
    new: Option<f64>,
    tighter: fn(f64, f64) -> bool,
) -> Option<(bool, bool)> {
    match (old, new) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => None,
        (None, Some(_)) => Some((true, false)),
        (Some(_), None) => Some((false, true)),
        (Some(a), Some(b)) => Some((tighter(a, b), !tighter(a, b))),
    }
}

/// Whether one pattern allows less than another is not decided: a changed one is both.
fn pattern(old: &Option<String>, new: &Option<String>) -> Option<(bool, bool)> {
    match (old, new) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => None,
        (None, Some(_)) => Some((true, false)),
        (Some(_), None) => Some((false, true)),
        (Some(_), Some(_)) => Some((true, true)),
    }
}

fn text(c: &Constraints, key: &str) -> String {
    let number = |v: Option<f64>| v.map(|v| v.to_string());
    let count = |v: Option<u64>| v.map(|v| v.to_string());
    let value = match key {
        "minimum" => number(c.minimum),
        "maximum" => number(c.maximum),
        "min_length" => count(c.min_length),
        "max_length" => count(c.max_length),
        "min_items" => count(c.min_items),
        "max_items" => count(c.max_items),
        _ => c.pattern.as_ref().map(|p| format!("`{p}`")),
    };
    value.unwrap_or_else(|| "none".into())
}
