//! Reading one mapping into its `raw` struct, and each of its values, every mistake
//! reported with its place.

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{Node, Span};
use serde::de::DeserializeOwned;

use super::{Item, Loader};
use crate::model::{Deprecation, Name};
use crate::spec::raw::{self, Kind, Nested, Text, Value};
use crate::spec::types::closest;

impl Loader<'_> {
    /// Reads the mapping `node` as `T` with serde, after reporting each key `T` does not
    /// have; each missing key is reported too, not only the first.
    pub(super) fn item<'a, T: DeserializeOwned>(
        &mut self,
        node: &'a Node,
        file: usize,
        what: &str,
    ) -> Option<(T, Item<'a>)> {
        let keys = raw::keys::<T>();
        let loc = self.node_loc(file, node);
        let Some(map) = node.as_mapping() else {
            self.report
                .error(
                    &loc,
                    format!("{what} must be a mapping"),
                    format!("found {}", describe(node)),
                )
                .help(format!(
                    "write it as `key: value` lines; the keys are: {}",
                    keys.join(", ")
                ));
            return None;
        };
        // serde stops at the first unknown or missing key: it reads a copy without the
        // unknown keys and with a blank value for each missing one, made only when needed.
        let mut patched: Option<Node> = None;
        for key in map.keys() {
            if !keys.contains(&key.as_str()) {
                self.unknown_key(file, key, what, keys);
                let copy = patched.get_or_insert_with(|| node.clone());
                if let Some(copy) = copy.as_mapping_mut() {
                    copy.remove(key.as_str());
                }
            }
        }
        let whole = patched.is_none();
        if !whole {
            self.loose_items += 1;
        }
        let mut item = Item {
            map,
            file,
            loc,
            ok: true,
            whole,
        };
        loop {
            let read = marked_yaml::from_node::<T>(patched.as_ref().unwrap_or(node));
            let message = match read {
                Ok(value) => return Some((value, item)),
                Err(err) => err.to_string(),
            };
            let missing = missing_key(&message).and_then(|key| keys.iter().find(|k| **k == key));
            let copy = patched.get_or_insert_with(|| node.clone());
            let missing = missing
                .zip(copy.as_mapping_mut())
                .filter(|(key, copy)| copy.get_node(key).is_none());
            let Some((key, copy)) = missing else {
                // Not expected from the raw structs; reported rather than a panic.
                self.report.error(
                    &item.loc,
                    format!("{what} cannot be read: {message}"),
                    "in the mapping that starts here",
                );
                return None;
            };
            self.report
                .error(
                    &item.loc,
                    format!("missing key `{key}`"),
                    "in the mapping that starts here",
                )
                .help(format!("add `{key}: ...` to it (see spec/README.md)"));
            item.ok = false;
            let blank = || MarkedScalarNode::new_empty(Span::new_blank());
            copy.insert(
                MarkedScalarNode::new(Span::new_blank(), *key),
                Node::Scalar(blank()),
            );
        }
    }

    fn unknown_key(&mut self, file: usize, key: &MarkedScalarNode, what: &str, keys: &[&str]) {
        let key_loc = self.span_loc(file, key.span(), key.as_str().chars().count());
        let builder = self.report.error(
            &key_loc,
            format!("unknown key `{}` in {what}", key.as_str()),
            "not a known key",
        );
        let optional_hint =
            keys.contains(&"optional") && closest(key.as_str(), ["required"].into_iter()).is_some();
        match closest(key.as_str(), keys.iter().copied()) {
            Some(near) => builder.help(format!("did you mean `{near}`?")),
            None if optional_hint => {
                builder.help("fields are required unless they say `optional: true`")
            }
            None => builder.help(format!("the keys are: {}", keys.join(", "))),
        };
    }

    /// A value's content. A value of the wrong kind is reported; a missing one was
    /// reported by `item`. Either way the item is left out.
    pub(super) fn value<T: Kind>(&mut self, item: &mut Item, value: Value<T>) -> Option<(T, Span)> {
        if value.span.start().is_none() {
            item.ok = false;
            return None;
        }
        match value.value {
            Some(content) => Some((content, value.span)),
            None => {
                self.wrong_kind(item, &value.span, T::EXPECTED);
                None
            }
        }
    }

    /// Reports the value at `span` as not `expected`, saying what it is.
    fn wrong_kind(&mut self, item: &mut Item, span: &Span, expected: &str) {
        item.ok = false;
        let (subject, loc, found) = match find(item.map, span) {
            Some((subject, node)) => (subject, self.node_loc(item.file, node), describe(node)),
            None => (
                "a value".to_string(),
                self.span_loc(item.file, span, 1),
                "something else".to_string(),
            ),
        };
        let builder = self.report.error(
            &loc,
            format!("{subject} must be {expected}"),
            format!("found {found}"),
        );
        if expected == <Vec<()> as Kind>::EXPECTED {
            builder.help("write each entry on its own line, starting with `- `");
        }
    }

    pub(super) fn text(&mut self, item: &mut Item, value: Text) -> Option<Name> {
        let (text, span) = self.value(item, value)?;
        let loc = self.span_loc(item.file, &span, text.chars().count().max(1));
        Some(Name { text, loc })
    }

    pub(super) fn optional_text(&mut self, item: &mut Item, value: Option<Text>) -> Option<Name> {
        self.text(item, value?)
    }

    /// `deprecated: <note>`, with its `deprecated_since`; a `deprecated_since` alone is a
    /// mistake, since nothing says what to use instead.
    pub(super) fn deprecation(
        &mut self,
        item: &mut Item,
        note: Option<Text>,
        since: Option<Text>,
    ) -> Option<Deprecation> {
        let since = self.optional_text(item, since);
        match (note, since) {
            (None, None) => None,
            (None, Some(since)) => {
                self.report
                    .error(
                        &since.loc,
                        "`deprecated_since` without `deprecated`",
                        "deprecated since this version",
                    )
                    .help("write `deprecated: <what to use instead>` beside it");
                item.ok = false;
                None
            }
            (Some(note), since) => {
                let note = self.required_text(item, note)?;
                Some(Deprecation {
                    note: note.text,
                    since,
                })
            }
        }
    }

    /// An optional text that no message points at: no place to compute.
    pub(super) fn prose(&mut self, item: &mut Item, value: Option<Text>) -> Option<String> {
        self.value(item, value?).map(|(text, _)| text)
    }

    /// A text that is optional and empty when absent.
    pub(super) fn doc(&mut self, item: &mut Item, value: Option<Text>) -> String {
        self.prose(item, value).unwrap_or_default()
    }

    /// A required text: not empty either.
    pub(super) fn required_text(&mut self, item: &mut Item, value: Text) -> Option<Name> {
        let span = value.span;
        let name = self.text(item, value)?;
        if name.text.trim().is_empty() {
            let key = find(item.map, &span)
                .map_or_else(|| "the value".to_string(), |(subject, _)| subject);
            self.report
                .error(&name.loc, format!("{key} is empty"), "needs a value");
            item.ok = false;
            return None;
        }
        Some(name)
    }

    pub(super) fn flag(&mut self, item: &mut Item, value: Option<Value<bool>>) -> Option<bool> {
        self.value(item, value?).map(|(b, _)| b)
    }

    pub(super) fn number(&mut self, item: &mut Item, value: Option<Value<f64>>) -> Option<f64> {
        let (n, span) = self.value(item, value?)?;
        if n.is_finite() {
            return Some(n);
        }
        // `inf` and `nan` parse, but bound nothing.
        self.wrong_kind(item, &span, f64::EXPECTED);
        None
    }

    /// A length or a size: a whole number, 0 or more.
    pub(super) fn count(&mut self, item: &mut Item, value: Option<Value<f64>>) -> Option<u64> {
        let span = value.as_ref()?.span;
        let n = self.number(item, value)?;
        if n >= 0.0 && n.fract() == 0.0 {
            return Some(n as u64);
        }
        item.ok = false;
        let (subject, loc) = match find(item.map, &span) {
            Some((subject, node)) => (subject, self.node_loc(item.file, node)),
            None => ("a length".to_string(), self.span_loc(item.file, &span, 1)),
        };
        self.report
            .error(
                &loc,
                format!("{subject} must be a whole number, 0 or more"),
                format!("found `{n}`"),
            )
            .help("lengths and sizes count characters or items: `min_length: 1`");
        None
    }

    /// The node of a nested item; `None` for a missing one (reported by `item`).
    pub(super) fn nested<'a>(&self, item: &Item<'a>, nested: &Nested) -> Option<&'a Node> {
        find(item.map, &nested.span).map(|(_, node)| node)
    }

    /// The entries of a nested list, none when it is absent; `None` (reported, and the
    /// item left out) when it is not a list.
    pub(super) fn list<'a>(
        &mut self,
        item: &mut Item<'a>,
        nested: Option<Nested>,
    ) -> Option<&'a [Node]> {
        let Some(nested) = nested else {
            return Some(&[]);
        };
        let Some((subject, node)) = find(item.map, &nested.span) else {
            // A missing required list, reported by `item`.
            item.ok = false;
            return Some(&[]);
        };
        match node.as_sequence() {
            Some(seq) => Some(seq.as_slice()),
            None => {
                item.ok = false;
                let loc = self.node_loc(item.file, node);
                self.report
                    .error(
                        &loc,
                        format!("{subject} must be a list"),
                        format!("found {}", describe(node)),
                    )
                    .help("write each entry on its own line, starting with `- `");
                None
            }
        }
    }
}

/// The key serde names in its "missing field" error.
fn missing_key(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// The value written at `span` in `map`, with how messages name it: its key, or an entry
/// of the list under a key.
pub(super) fn find<'a>(map: &'a MarkedMappingNode, span: &Span) -> Option<(String, &'a Node)> {
    let start = span.start()?;
    let at = |node: &Node| node.span().start() == Some(start);
    if let Some((key, node)) = map.iter().find(|(_, node)| at(node)) {
        return Some((format!("`{}`", key.as_str()), node));
    }
    map.iter().find_map(|(key, node)| {
        let entry = node.as_sequence()?.iter().find(|n| at(n))?;
        Some((format!("each entry of `{}`", key.as_str()), entry))
    })
}

pub(super) fn describe(node: &Node) -> String {
    match node {
        Node::Scalar(s) if s.as_str().is_empty() => "nothing".to_string(),
        Node::Scalar(s) => format!("`{}`", s.as_str()),
        Node::Mapping(_) => "a mapping".to_string(),
        Node::Sequence(_) => "a list".to_string(),
    }
}
