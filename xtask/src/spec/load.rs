//! Reads the spec's YAML files into the model, collecting every structural mistake
//! (syntax, unknown or missing keys, wrong value kinds, malformed types) with its place.
//!
//! serde reads the structure ([`raw`]) one item at a time: a namespace, a method, a field,
//! a named type, ... An item with a mistake of its own is reported and left out, and the
//! rest is read on. `validate` then cross-checks whatever was read (references,
//! duplicates, identifiers), so that one run reports every independent mistake; [`Gaps`]
//! tells it what was left out.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoaderOptions, Marker, Node, Span};
use serde::de::DeserializeOwned;

use super::diagnostics::{Loc, Report};
use super::limits;
use super::raw::{self, Kind, Nested, Text, Value};
use crate::model::{
    Api, Constraints, DateFormat, ErrorKind, Field, Method, MethodError, Name, NamedKind,
    NamedType, Namespace, ResponseLeniency, Transport, Type, UnknownKeys,
};

/// The built-in type names, for suggestions.
pub(super) const BUILTIN_TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "any", "object", "date", "array", "map",
];

/// What a spec read with mistakes lacks, so that the cross-checks don't report the
/// absence of what was left out as more mistakes.
#[derive(Default)]
pub(super) struct Gaps {
    /// Named types left out, by name.
    dropped_types: HashSet<String>,
    /// `types` itself could not be read.
    all_types: bool,
    /// The API's `errors` had a mistake: an error a method lists may be one left out.
    errors_partial: bool,
    /// Methods that lost a field, a field list or a key, by the place of their name.
    partial_methods: HashSet<(usize, usize)>,
    /// Namespaces that lost a method, by the place of their name.
    partial_namespaces: HashSet<(usize, usize)>,
}

impl Gaps {
    /// Whether the type `name` may be one that was left out.
    pub(super) fn type_dropped(&self, name: &str) -> bool {
        self.all_types || self.dropped_types.contains(name)
    }

    /// Whether an error a method lists may be one that was left out.
    pub(super) fn errors_partial(&self) -> bool {
        self.errors_partial
    }

    /// Whether the method named `name` lost fields, so that checks across them would mislead.
    pub(super) fn method_partial(&self, name: &Name) -> bool {
        self.partial_methods.contains(&place(name))
    }

    /// Whether the namespace named `name` lost methods.
    pub(super) fn namespace_partial(&self, name: &Name) -> bool {
        self.partial_namespaces.contains(&place(name))
    }
}

fn place(name: &Name) -> (usize, usize) {
    (name.loc.file, name.loc.span.start)
}

/// Loads the spec whose entry file is `entry` (normally `spec/api.yaml`): whatever could
/// be read, and what was left out. `None` when the entry file itself could not be read.
///
/// Paths in messages are shown as `entry` is given, so a relative entry gives relative paths.
pub(super) fn load(entry: &Path, report: &mut Report) -> Option<(Api, Gaps)> {
    let mut loader = Loader {
        report,
        gaps: Gaps::default(),
        loose_items: 0,
    };
    let (file, root) = loader.read(entry, None)?;
    let base = entry.parent().map(Path::to_path_buf).unwrap_or_default();
    let api = loader.api(file, &root, &base)?;
    Some((api, loader.gaps))
}

/// Loads a spec from text; files it names are read relative to `base`.
pub(super) fn load_text(
    name: &str,
    text: &str,
    base: &Path,
    report: &mut Report,
) -> Option<(Api, Gaps)> {
    let mut loader = Loader {
        report,
        gaps: Gaps::default(),
        loose_items: 0,
    };
    let file = loader.report.add_file(name.to_string(), text.to_string());
    let root = loader.parse(file)?;
    let api = loader.api(file, &root, base)?;
    Some((api, loader.gaps))
}

struct Loader<'r> {
    report: &'r mut Report,
    gaps: Gaps,
    /// How many items had an unknown key: a misspelt key may have held what is missing.
    loose_items: usize,
}

/// A mapping being read: its node, its file, where it starts, and whether its own values
/// were all present and right (if not, it is left out once its nested items are read).
struct Item<'a> {
    map: &'a MarkedMappingNode,
    file: usize,
    loc: Loc,
    ok: bool,
    /// No unknown key: nothing may have been misspelt.
    whole: bool,
}

impl Loader<'_> {
    /// The API file's sections, and the files it names. Sections with mistakes are read
    /// as far as they go, so that the cross-checks still see the rest.
    fn api(&mut self, file: usize, root: &Node, base: &Path) -> Option<Api> {
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
        Some(Api {
            name: name.map(|n| n.text).unwrap_or_default(),
            version: version.map(|v| v.text).unwrap_or_default(),
            doc,
            license: license.map(|l| l.text),
            transport: transport.unwrap_or_else(unread_transport),
            errors,
            types,
            namespaces,
        })
    }

    /// Reads and parses one file; syntax errors are reported with their place.
    /// `named_at` is where another file names this one.
    fn read(&mut self, path: &Path, named_at: Option<Loc>) -> Option<(usize, Node)> {
        let shown = path.display().to_string();
        let bytes = match read_bounded(path) {
            Ok(bytes) => bytes,
            Err(problem) => {
                let (message, help) = match problem {
                    ReadProblem::TooLarge(size) => (
                        format!(
                            "spec file `{shown}` is {}, over the limit of {} (`MAX_FILE_BYTES`)",
                            limits::bytes(size),
                            limits::bytes(limits::MAX_FILE_BYTES)
                        ),
                        "split it into several namespace files; the limit is set in xtask/src/spec/limits.rs",
                    ),
                    ReadProblem::Io(err) => (
                        format!("cannot read spec file `{shown}`: {err}"),
                        "check the path; namespace and type files are relative to the API file",
                    ),
                };
                let builder = match &named_at {
                    Some(loc) => self.report.error(loc, message, "named here"),
                    None => self.report.error_without_location(message),
                };
                builder.help(help);
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                self.not_utf8(shown, err);
                return None;
            }
        };
        let file = self.report.add_file(shown, text);
        Some((file, self.parse(file)?))
    }

    /// Reports a file that is not UTF-8 at its first bad byte, in the file itself.
    fn not_utf8(&mut self, shown: String, err: std::string::FromUtf8Error) {
        let at = err.utf8_error().valid_up_to();
        let byte = err.as_bytes()[at];
        // The lossy text keeps the valid prefix as it is, so `at` is the bad byte's offset
        // in it too; there it is one replacement character, 3 bytes long.
        let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
        let file = self.report.add_file(shown.clone(), text);
        let span = at..self.report.text(file).len().min(at + '\u{FFFD}'.len_utf8());
        self.report
            .error(
                &Loc { file, span },
                format!("spec file `{shown}` is not UTF-8"),
                format!("byte 0x{byte:02X} is not UTF-8"),
            )
            .help("save the file as UTF-8; a lone byte such as 0xE9 (`é`) comes from Latin-1 or Windows-1252");
    }

    /// Parses a file already added to the report.
    fn parse(&mut self, file: usize) -> Option<Node> {
        let text = self.report.text(file);
        let shown = self.report.name(file);
        if text.trim().is_empty() {
            let loc = Loc { file, span: 0..0 };
            self.report
                .error(
                    &loc,
                    format!("spec file `{shown}` is empty"),
                    "nothing here",
                )
                .help("a spec file holds a YAML mapping; see spec/README.md");
            return None;
        }
        if text.len() as u64 > limits::MAX_FILE_BYTES {
            // Text given in memory, named nowhere: the message names it. (A file is refused
            // before it is read, at the place that names it.)
            let message = format!(
                "spec file `{shown}` is {}, over the limit of {} (`MAX_FILE_BYTES`)",
                limits::bytes(text.len() as u64),
                limits::bytes(limits::MAX_FILE_BYTES)
            );
            self.report.error_without_location(message).help(
                "split it into several namespace files; the limit is set in xtask/src/spec/limits.rs",
            );
            return None;
        }
        let options = LoaderOptions::default().error_on_duplicate_keys(true);
        match marked_yaml::parse_yaml_with_options(file, text, options) {
            Ok(node) => {
                self.long_texts(file, &node);
                Some(node)
            }
            Err(err) => {
                self.yaml_error(file, err);
                None
            }
        }
    }

    /// Reports every value or key longer than `MAX_TEXT_CHARS`, before anything copies it.
    fn long_texts(&mut self, file: usize, root: &Node) {
        let mut pending = vec![(None, root)];
        while let Some((key, node)) = pending.pop() {
            match node {
                Node::Scalar(s) => {
                    let held = key.map_or(Held::Item, Held::ValueOf);
                    self.long_text(file, held, s);
                }
                Node::Sequence(items) => pending.extend(items.iter().rev().map(|n| (None, n))),
                Node::Mapping(map) => {
                    for (k, v) in map.iter().rev() {
                        self.long_text(file, Held::Key, k);
                        pending.push((Some(k), v));
                    }
                }
            }
        }
    }

    fn long_text(&mut self, file: usize, held: Held, scalar: &MarkedScalarNode) {
        let text = scalar.as_str();
        // A character is at least one byte: most texts need no count.
        if text.len() <= limits::MAX_TEXT_CHARS {
            return;
        }
        let chars = text.chars().count();
        if chars <= limits::MAX_TEXT_CHARS {
            return;
        }
        // A value is located at its key, which is short and on the line that starts it.
        let (what, loc, label) = match held {
            Held::ValueOf(key) => (
                format!("the value of `{}`", key.as_str()),
                self.span_loc(file, key.span(), key.as_str().chars().count()),
                "its value is too long",
            ),
            Held::Item => (
                "a list item".to_string(),
                self.span_loc(file, scalar.span(), 1),
                "starts here",
            ),
            Held::Key => (
                "a key".to_string(),
                self.span_loc(file, scalar.span(), 1),
                "starts here",
            ),
        };
        self.report
            .error(
                &loc,
                format!(
                    "{what} is {chars} characters long, over the limit of {} (`MAX_TEXT_CHARS`)",
                    limits::MAX_TEXT_CHARS
                ),
                label,
            )
            .help("shorten it; the limit is set in xtask/src/spec/limits.rs");
    }

    fn yaml_error(&mut self, file: usize, err: marked_yaml::LoadError) {
        use marked_yaml::LoadError::*;
        let (marker, message, help) = match &err {
            TopLevelMustBeMapping(m) => (
                *m,
                "the file must hold a YAML mapping (`key: value` lines)".to_string(),
                None,
            ),
            TopLevelMustBeSequence(m) => {
                (*m, "the file must hold a YAML sequence".to_string(), None)
            }
            UnexpectedAnchor(m) => (
                *m,
                "YAML anchors and aliases are not supported".to_string(),
                Some("write the value out, or define a named type and refer to it"),
            ),
            MappingKeyMustBeScalar(m) => {
                (*m, "mapping keys must be plain strings".to_string(), None)
            }
            UnexpectedTag(m) => (
                *m,
                "YAML tags (`!tag`) are not supported".to_string(),
                Some("remove the tag"),
            ),
            // The scanner's words for a tab ("tabs disallowed within this context") do not
            // say what to do.
            ScanError(m, scan) if scan.info().contains("tab") => (
                *m,
                "YAML syntax error: a tab character in the indentation".to_string(),
                Some("YAML forbids tabs for indentation; indent with spaces"),
            ),
            ScanError(m, scan) => (
                *m,
                format!("YAML syntax error: {}", scan.info()),
                Some("check the indentation and quoting on this line or the one above"),
            ),
            DuplicateKey(inner) => {
                let first = self.marker_loc(
                    file,
                    inner.prev_key.span().start(),
                    inner.prev_key.as_str().len(),
                );
                let loc = self.marker_loc(file, inner.key.span().start(), inner.key.as_str().len());
                self.report
                    .error(
                        &loc,
                        format!("duplicate key `{}`", inner.key.as_str()),
                        "written again here",
                    )
                    .also(&first, "first written here")
                    .help("a key may appear once per mapping; remove or rename one of them");
                return;
            }
        };
        let loc = self.marker_loc(file, Some(&marker), 1);
        let builder = self.report.error(&loc, message, "here");
        if let Some(help) = help {
            builder.help(help);
        }
    }

    /// The byte range that starts at a marker and is `len` characters long, clamped to its line.
    fn marker_loc(&self, file: usize, marker: Option<&Marker>, len: usize) -> Loc {
        let text = self.report.text(file);
        let start = marker.map_or(0, |m| self.report.byte_offset(file, m.character()));
        // Walks at most `len` characters, so that locating stays cheap on long lines.
        let end = text[start..]
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .take(len)
            .last()
            .map_or(start, |(i, c)| start + i + c.len_utf8());
        Loc {
            file,
            span: start..end,
        }
    }

    fn span_loc(&self, file: usize, span: &Span, len: usize) -> Loc {
        self.marker_loc(file, span.start(), len)
    }

    fn node_loc(&self, file: usize, node: &Node) -> Loc {
        let len = match node {
            Node::Scalar(s) => s.as_str().chars().count().max(1),
            _ => 1,
        };
        self.span_loc(file, node.span(), len)
    }

    /// Reads the mapping `node` as `T` with serde, after reporting each key `T` does not
    /// have; each missing key is reported too, not only the first.
    fn item<'a, T: DeserializeOwned>(
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
    fn value<T: Kind>(&mut self, item: &mut Item, value: Value<T>) -> Option<(T, Span)> {
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

    fn text(&mut self, item: &mut Item, value: Text) -> Option<Name> {
        let (text, span) = self.value(item, value)?;
        let loc = self.span_loc(item.file, &span, text.chars().count().max(1));
        Some(Name { text, loc })
    }

    fn optional_text(&mut self, item: &mut Item, value: Option<Text>) -> Option<Name> {
        self.text(item, value?)
    }

    /// An optional text that no message points at: no place to compute.
    fn prose(&mut self, item: &mut Item, value: Option<Text>) -> Option<String> {
        self.value(item, value?).map(|(text, _)| text)
    }

    /// A text that is optional and empty when absent.
    fn doc(&mut self, item: &mut Item, value: Option<Text>) -> String {
        self.prose(item, value).unwrap_or_default()
    }

    /// A required text: not empty either.
    fn required_text(&mut self, item: &mut Item, value: Text) -> Option<Name> {
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

    fn flag(&mut self, item: &mut Item, value: Option<Value<bool>>) -> Option<bool> {
        self.value(item, value?).map(|(b, _)| b)
    }

    fn number(&mut self, item: &mut Item, value: Option<Value<f64>>) -> Option<f64> {
        let (n, span) = self.value(item, value?)?;
        if n.is_finite() {
            return Some(n);
        }
        // `inf` and `nan` parse, but bound nothing.
        self.wrong_kind(item, &span, f64::EXPECTED);
        None
    }

    /// A length or a size: a whole number, 0 or more.
    fn count(&mut self, item: &mut Item, value: Option<Value<f64>>) -> Option<u64> {
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
    fn nested<'a>(&self, item: &Item<'a>, nested: &Nested) -> Option<&'a Node> {
        find(item.map, &nested.span).map(|(_, node)| node)
    }

    /// The entries of a nested list, none when it is absent; `None` (reported, and the
    /// item left out) when it is not a list.
    fn list<'a>(&mut self, item: &mut Item<'a>, nested: Option<Nested>) -> Option<&'a [Node]> {
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
            response_leniency,
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
        let mut values_since = Vec::new();
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
                if let Some(value) = self.enum_value(entry, file, &mut values_since) {
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
            values_since,
        })
    }

    /// An enum value: a wire string, or `{value, since}` for one added after the reference.
    fn enum_value(
        &mut self,
        node: &Node,
        file: usize,
        values_since: &mut Vec<(Name, Name)>,
    ) -> Option<Name> {
        if let Some(scalar) = node.as_scalar() {
            let text = scalar.as_str().to_string();
            let loc = self.span_loc(file, scalar.span(), text.chars().count().max(1));
            return Some(Name { text, loc });
        }
        if node.as_mapping().is_none() {
            let loc = self.node_loc(file, node);
            self.report
                .error(&loc, "an enum value must be a string", format!("found {}", describe(node)))
                .help("write the wire string, or `{value: ..., since: v2}` for a value added after the reference");
            return None;
        }
        let (raw, mut item) = self.item::<raw::EnumValue>(node, file, "an enum value")?;
        let value = self.required_text(&mut item, raw.value);
        let since = self.required_text(&mut item, raw.since);
        let (value, since) = (value?, since?);
        values_since.push((value.clone(), since));
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

/// The key serde names in its "missing field" error.
fn missing_key(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// The value written at `span` in `map`, with how messages name it: its key, or an entry
/// of the list under a key.
fn find<'a>(map: &'a MarkedMappingNode, span: &Span) -> Option<(String, &'a Node)> {
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

/// A bare word that is not built in is taken as a named type; `validate` checks that it exists.
pub(super) fn parse_type(text: &str) -> Result<Type, (String, String)> {
    let text = text.trim();
    if let Some((head, rest)) = text.split_once('<') {
        let Some(inner) = rest.strip_suffix('>') else {
            return Err((
                format!("malformed type `{text}`: `<` without a closing `>`"),
                format!("write `{head}<...>`"),
            ));
        };
        let inner = inner.trim();
        return match head.trim() {
            "array" => Ok(Type::Array(Box::new(parse_type(inner)?))),
            "map" => Ok(Type::Map(Box::new(parse_type(inner)?))),
            "date" => DateFormat::parse(inner).map(Type::Date).ok_or_else(|| {
                (
                    format!("unknown date format `{inner}`"),
                    format!("the supported formats are {}", supported_formats()),
                )
            }),
            other => Err((
                format!("`{other}` takes no `<...>`"),
                "only `array<T>`, `map<T>` and `date<FORMAT>` take a parameter".to_string(),
            )),
        };
    }
    match text {
        "string" => Ok(Type::String),
        "integer" => Ok(Type::Integer),
        "number" => Ok(Type::Number),
        "boolean" => Ok(Type::Boolean),
        "any" => Ok(Type::Any),
        "object" => Ok(Type::OpenObject),
        "date" => Err((
            "`date` needs its format".to_string(),
            format!("write `date<DD/MM/YY>` or `date<YYYY-MM-DD>`; the supported formats are {}", supported_formats()),
        )),
        "array" | "map" => Err((
            format!("`{text}` needs its item type"),
            format!("write `{text}<integer>`, `{text}<Address>`, ..."),
        )),
        "" => Err(("the type is empty".to_string(), "write a type such as `string`".to_string())),
        name if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => Ok(Type::Named(name.to_string())),
        _ => Err((
            format!("malformed type `{text}`"),
            "a type is a built-in name, `array<T>`, `map<T>`, `date<FORMAT>` or the name of a type in `types`".to_string(),
        )),
    }
}

/// Where a scalar is in its mapping or list.
enum Held<'a> {
    ValueOf(&'a MarkedScalarNode),
    Item,
    Key,
}

/// Why a spec file could not be read.
enum ReadProblem {
    TooLarge(u64),
    Io(std::io::Error),
}

/// A file's bytes, refused before reading when it is over `MAX_FILE_BYTES`; reads at most one
/// byte more than the limit, for files that do not know their size (pipes, devices).
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadProblem> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadProblem::Io)?;
    let size = file.metadata().map_err(ReadProblem::Io)?.len();
    if size > limits::MAX_FILE_BYTES {
        return Err(ReadProblem::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    match bytes.len() as u64 {
        n if n > limits::MAX_FILE_BYTES => Err(ReadProblem::TooLarge(n)),
        _ => Ok(bytes),
    }
}

/// Type names from other languages, with what the spec writes instead.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("int", "did you mean `integer`?"),
    ("long", "did you mean `integer`?"),
    ("i32", "did you mean `integer`?"),
    ("i64", "did you mean `integer`?"),
    ("u32", "did you mean `integer`?"),
    ("u64", "did you mean `integer`?"),
    ("str", "did you mean `string`?"),
    ("text", "did you mean `string`?"),
    ("bool", "did you mean `boolean`?"),
    ("float", "did you mean `number`?"),
    ("double", "did you mean `number`?"),
    ("decimal", "did you mean `number`?"),
    ("f32", "did you mean `number`?"),
    ("f64", "did you mean `number`?"),
    (
        "datetime",
        "the spec has no date-and-time type: write `string` for a date with a time, or `date<YYYY-MM-DD>` or `date<DD/MM/YY>` for a date alone",
    ),
    ("list", "did you mean `array<T>`, e.g. `array<string>`?"),
    ("dict", "did you mean `map<T>`, e.g. `map<string>`?"),
];

/// The help for an unknown type name: a type of the spec with that name in other letter
/// case, else what the spec calls a type other languages name so (`int`), else the nearest
/// built-in or defined name.
pub(super) fn type_suggestion<'a>(
    name: &str,
    defined: impl Iterator<Item = &'a str> + Clone,
) -> Option<String> {
    if let Some(same) = defined.clone().find(|d| d.eq_ignore_ascii_case(name)) {
        return Some(format!("did you mean `{same}`?"));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, help)) = TYPE_ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return Some(help.to_string());
    }
    closest(name, BUILTIN_TYPES.iter().copied().chain(defined))
        .map(|near| format!("did you mean `{near}`?"))
}

fn supported_formats() -> String {
    DateFormat::ALL
        .map(|f| format!("`{}`", f.as_str()))
        .join(" and ")
}

/// The candidate nearest to `word`, if any is near enough to be a likely typo.
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn describe(node: &Node) -> String {
    match node {
        Node::Scalar(s) if s.as_str().is_empty() => "nothing".to_string(),
        Node::Scalar(s) => format!("`{}`", s.as_str()),
        Node::Mapping(_) => "a mapping".to_string(),
        Node::Sequence(_) => "a list".to_string(),
    }
}
