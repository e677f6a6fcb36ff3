//! Reads the spec's YAML files into the model, collecting every structural mistake
//! (syntax, unknown or missing keys, wrong value kinds, malformed types) with its place.
//!
//! Reading goes on after an error wherever the rest still makes sense, so that one run
//! reports all mistakes. What the loader cannot check alone (references, duplicates,
//! identifiers) is left to `validate`.

use std::path::{Path, PathBuf};

use marked_yaml::{
    LoaderOptions, Marker, Node, Span,
    types::{MarkedMappingNode, MarkedScalarNode},
};

use super::diagnostics::{Loc, Report};
use super::limits;
use crate::model::{
    Api, Constraints, DateFormat, ErrorKind, Field, Method, MethodError, Name, NamedKind,
    NamedType, Namespace, ResponseLeniency, Transport, Type, UnknownKeys,
};

const API_KEYS: &[&str] = &["api", "transport", "errors", "types", "namespaces"];
const API_INFO_KEYS: &[&str] = &["name", "version", "doc", "license"];
const TRANSPORT_KEYS: &[&str] = &[
    "base_url",
    "base_url_note",
    "auth",
    "request",
    "response",
    "response_note",
    "unknown_keys",
    "unknown_keys_note",
    "response_leniency",
    "errors",
];
const ERROR_KEYS: &[&str] = &["code", "status", "doc", "note"];
const METHOD_ERROR_KEYS: &[&str] = &["code", "when"];
const NAMESPACE_KEYS: &[&str] = &["namespace", "path", "doc", "methods"];
const METHOD_KEYS: &[&str] = &[
    "name",
    "summary",
    "auth",
    "params",
    "response",
    "paginated",
    "token",
    "idempotent",
    "note",
    "errors",
];
const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "doc",
    "optional",
    "secret",
    "note",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "pattern",
    "min_items",
    "max_items",
];
const TYPE_KEYS: &[&str] = &["doc", "fields", "open", "enum"];

/// The built-in type names, for suggestions.
pub(super) const BUILTIN_TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "any", "object", "date", "array", "map",
];

/// Loads the spec whose entry file is `entry` (normally `spec/api.yaml`).
///
/// Paths in messages are shown as `entry` is given, so a relative entry gives relative paths.
pub(super) fn load(entry: &Path, report: &mut Report) -> Option<Api> {
    let mut loader = Loader { report };
    let (file, root) = loader.read(entry, None)?;
    let base = entry.parent().map(Path::to_path_buf).unwrap_or_default();
    loader.api(file, &root, &base)
}

/// Loads a spec from text; files it names are read relative to `base`.
pub(super) fn load_text(name: &str, text: &str, base: &Path, report: &mut Report) -> Option<Api> {
    let mut loader = Loader { report };
    let file = loader.report.add_file(name.to_string(), text.to_string());
    let root = loader.parse(file)?;
    loader.api(file, &root, base)
}

struct Loader<'r> {
    report: &'r mut Report,
}

/// A YAML mapping being read: its node, its file and where it starts.
struct Obj<'a> {
    map: &'a MarkedMappingNode,
    file: usize,
    loc: Loc,
}

impl Loader<'_> {
    /// The API file's sections, and the files it names.
    fn api(&mut self, file: usize, root: &Node, base: &Path) -> Option<Api> {
        let obj = self.object(root, file, "the API file", API_KEYS)?;

        let info = self.required_object(&obj, "api", "the `api` section", API_INFO_KEYS);
        let transport =
            self.required_object(&obj, "transport", "the `transport` section", TRANSPORT_KEYS);
        let (name, version, doc, license) = match &info {
            Some(info) => (
                self.required_string(info, "name"),
                self.required_string(info, "version"),
                self.optional_string(info, "doc"),
                self.optional_string(info, "license"),
            ),
            None => (None, None, None, None),
        };
        let errors = self.errors(&obj, "errors", ERROR_KEYS);
        let transport = transport.and_then(|t| self.transport(&t));
        let types = self.types(&obj, base);
        let namespaces = self.namespaces(&obj, base);

        Some(Api {
            name: name?.text,
            version: version?.text,
            doc: doc.map(|d| d.text).unwrap_or_default(),
            license: license.map(|l| l.text),
            transport: transport?,
            errors: errors?,
            types: types?,
            namespaces: namespaces?,
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

    /// Checks that `node` is a mapping whose keys are all in `allowed`.
    fn object<'a>(
        &mut self,
        node: &'a Node,
        file: usize,
        what: &str,
        allowed: &[&str],
    ) -> Option<Obj<'a>> {
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
                    allowed.join(", ")
                ));
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let key_loc = self.span_loc(file, key.span(), key.as_str().chars().count());
                let builder = self.report.error(
                    &key_loc,
                    format!("unknown key `{}` in {what}", key.as_str()),
                    "not a known key",
                );
                let optional_hint = allowed.contains(&"optional")
                    && closest(key.as_str(), ["required"].into_iter()).is_some();
                match closest(key.as_str(), allowed.iter().copied()) {
                    Some(near) => builder.help(format!("did you mean `{near}`?")),
                    None if optional_hint => {
                        builder.help("fields are required unless they say `optional: true`")
                    }
                    None => builder.help(format!("the keys are: {}", allowed.join(", "))),
                };
            }
        }
        Some(Obj { map, file, loc })
    }

    fn required_object<'a>(
        &mut self,
        obj: &Obj<'a>,
        key: &str,
        what: &str,
        allowed: &[&str],
    ) -> Option<Obj<'a>> {
        let node = self.required(obj, key)?;
        self.object(node, obj.file, what, allowed)
    }

    fn required<'a>(&mut self, obj: &Obj<'a>, key: &str) -> Option<&'a Node> {
        let node = obj.map.get_node(key);
        if node.is_none() {
            self.report
                .error(
                    &obj.loc,
                    format!("missing key `{key}`"),
                    "in the mapping that starts here",
                )
                .help(format!("add `{key}: ...` to it (see spec/README.md)"));
        }
        node
    }

    /// A string value; `None` (after reporting) when it is present but not a string.
    fn string_at(&mut self, obj: &Obj, key: &str, node: &Node) -> Option<Name> {
        match node.as_scalar() {
            Some(s) => Some(Name {
                text: s.as_str().to_string(),
                loc: self.span_loc(obj.file, s.span(), s.as_str().chars().count().max(1)),
            }),
            None => {
                let loc = self.node_loc(obj.file, node);
                self.report.error(
                    &loc,
                    format!("`{key}` must be a string"),
                    format!("found {}", describe(node)),
                );
                None
            }
        }
    }

    fn required_string(&mut self, obj: &Obj, key: &str) -> Option<Name> {
        let node = self.required(obj, key)?;
        let name = self.string_at(obj, key, node)?;
        if name.text.trim().is_empty() {
            self.report
                .error(&name.loc, format!("`{key}` is empty"), "needs a value");
            return None;
        }
        Some(name)
    }

    fn optional_string(&mut self, obj: &Obj, key: &str) -> Option<Name> {
        let node = obj.map.get_node(key)?;
        self.string_at(obj, key, node)
    }

    /// A boolean value; `Err(())` when present but not `true` or `false`.
    fn optional_bool(&mut self, obj: &Obj, key: &str) -> Result<Option<bool>, ()> {
        let Some(node) = obj.map.get_node(key) else {
            return Ok(None);
        };
        match node.as_scalar().and_then(|s| s.as_bool()) {
            Some(b) => Ok(Some(b)),
            None => {
                let loc = self.node_loc(obj.file, node);
                self.report.error(
                    &loc,
                    format!("`{key}` must be `true` or `false`"),
                    format!("found {}", describe(node)),
                );
                Err(())
            }
        }
    }

    fn sequence<'a>(&mut self, obj: &Obj<'a>, key: &str) -> Option<Vec<&'a Node>> {
        let node = obj.map.get_node(key)?;
        match node.as_sequence() {
            Some(seq) => Some(seq.iter().collect()),
            None => {
                let loc = self.node_loc(obj.file, node);
                self.report
                    .error(
                        &loc,
                        format!("`{key}` must be a list"),
                        format!("found {}", describe(node)),
                    )
                    .help("write each entry on its own line, starting with `- `");
                None
            }
        }
    }

    /// Only the base URL is required; the rest documents the transport for readers.
    fn transport(&mut self, t: &Obj) -> Option<Transport> {
        let base_url = self.required_string(t, "base_url")?.text;
        let mut get = |key| {
            self.optional_string(t, key)
                .map(|n| n.text)
                .unwrap_or_default()
        };
        let (base_url_note, auth, request, response, response_note, unknown_keys_note) = (
            get("base_url_note"),
            get("auth"),
            get("request"),
            get("response"),
            get("response_note"),
            get("unknown_keys_note"),
        );
        let unknown_keys = match self.optional_string(t, "unknown_keys") {
            None => Some(UnknownKeys::Reject),
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
                found
            }
        };
        let mut response_leniency = Vec::new();
        let mut ok = true;
        if t.map.get_node("response_leniency").is_some() {
            for node in self.sequence(t, "response_leniency").unwrap_or_default() {
                let Some(word) = self.string_at(t, "a response leniency", node) else {
                    ok = false;
                    continue;
                };
                match ResponseLeniency::ALL
                    .into_iter()
                    .find(|l| l.as_str() == word.text)
                {
                    Some(l) => response_leniency.push(l),
                    None => {
                        ok = false;
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
        }
        let errors = self.errors(t, "errors", ERROR_KEYS);
        ok.then_some(())?;
        Some(Transport {
            base_url,
            base_url_note,
            auth,
            request,
            response,
            response_note,
            unknown_keys: unknown_keys?,
            unknown_keys_note,
            response_leniency,
            errors: errors?,
        })
    }

    /// A list of declared errors under `key`; an absent key is an empty list.
    fn errors(&mut self, obj: &Obj, key: &str, keys: &[&str]) -> Option<Vec<ErrorKind>> {
        if obj.map.get_node(key).is_none() {
            return Some(Vec::new());
        }
        let mut errors = Vec::new();
        let mut ok = true;
        for node in self.sequence(obj, key)? {
            let Some(e) = self.object(node, obj.file, "an error", keys) else {
                ok = false;
                continue;
            };
            let code = self.required_string(&e, "code");
            let status = self.required_string(&e, "status");
            let doc = self
                .optional_string(&e, "doc")
                .map(|d| d.text)
                .unwrap_or_default();
            let note = self.optional_string(&e, "note").map(|n| n.text);
            let status = status.and_then(|s| match s.text.parse::<u16>() {
                Ok(n) if (400..=599).contains(&n) => Some(n),
                _ => {
                    self.report
                        .error(&s.loc, format!("`{s}` is not an error status"), "here")
                        .help("an error status is a number from 400 to 599");
                    None
                }
            });
            match (code, status) {
                (Some(code), Some(status)) => errors.push(ErrorKind {
                    code,
                    status,
                    doc,
                    note,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(errors)
    }

    /// A method's `errors`: codes of the API's errors, each with when.
    fn method_errors(&mut self, obj: &Obj) -> Option<Vec<MethodError>> {
        if obj.map.get_node("errors").is_none() {
            return Some(Vec::new());
        }
        let mut errors = Vec::new();
        let mut ok = true;
        for node in self.sequence(obj, "errors")? {
            let Some(e) = self.object(node, obj.file, "a method error", METHOD_ERROR_KEYS) else {
                ok = false;
                continue;
            };
            let code = self.required_string(&e, "code");
            let when = self.required_string(&e, "when");
            match (code, when) {
                (Some(code), Some(when)) => errors.push(MethodError {
                    code,
                    when: when.text,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(errors)
    }

    /// A field's constraints; each is a number, except `pattern`.
    fn constraints(&mut self, obj: &Obj) -> Option<Constraints> {
        let mut ok = true;
        let mut number = |this: &mut Self, key: &str| -> Option<f64> {
            let value = this.optional_string(obj, key)?;
            match value.text.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    this.report.error(
                        &value.loc,
                        format!("`{key}` must be a number"),
                        format!("found `{value}`"),
                    );
                    ok = false;
                    None
                }
            }
        };
        let minimum = number(self, "minimum");
        let maximum = number(self, "maximum");
        let counts = ["min_length", "max_length", "min_items", "max_items"].map(|key| {
            let n = number(self, key)?;
            Some(n as u64).filter(|_| n >= 0.0 && n.fract() == 0.0)
        });
        let pattern = self.optional_string(obj, "pattern").map(|p| p.text);
        ok.then_some(Constraints {
            minimum,
            maximum,
            min_length: counts[0],
            max_length: counts[1],
            pattern,
            min_items: counts[2],
            max_items: counts[3],
        })
    }

    /// `types:` is a mapping of named types, or the path of a file that holds one.
    fn types(&mut self, obj: &Obj, base: &Path) -> Option<Vec<NamedType>> {
        let Some(node) = obj.map.get_node("types") else {
            return Some(Vec::new());
        };
        let (file, owned);
        let node = if let Some(path) = node.as_scalar() {
            let named_at = self.span_loc(obj.file, path.span(), path.as_str().chars().count());
            (file, owned) = self.read(&base.join(path.as_str()), Some(named_at))?;
            &owned
        } else {
            file = obj.file;
            node
        };
        let loc = self.node_loc(file, node);
        let Some(map) = node.as_mapping() else {
            self.report
                .error(
                    &loc,
                    "`types` must be a mapping of type names to definitions",
                    format!("found {}", describe(node)),
                )
                .help("or the path of a file that holds such a mapping");
            return None;
        };
        let mut types = Vec::new();
        let mut ok = true;
        for (key, def) in map.iter() {
            let name = Name {
                text: key.as_str().to_string(),
                loc: self.span_loc(file, key.span(), key.as_str().chars().count().max(1)),
            };
            match self.named_type(name, def, file) {
                Some(t) => types.push(t),
                None => ok = false,
            }
        }
        ok.then_some(types)
    }

    fn named_type(&mut self, name: Name, def: &Node, file: usize) -> Option<NamedType> {
        let what = format!("type `{name}`");
        let obj = self.object(def, file, &what, TYPE_KEYS)?;
        let doc = self
            .optional_string(&obj, "doc")
            .map(|d| d.text)
            .unwrap_or_default();
        let open = self.optional_bool(&obj, "open").ok()?;
        let has_fields = obj.map.get_node("fields").is_some();
        let has_enum = obj.map.get_node("enum").is_some();
        let kinds = usize::from(has_fields) + usize::from(has_enum) + usize::from(open.is_some());
        if kinds != 1 {
            self.report
                .error(&name.loc, format!("{what} must have exactly one of `fields`, `enum` or `open: true`"), if kinds == 0 { "has none" } else { "has several" })
                .help("`fields` lists an object's fields, `enum` its wire strings, `open: true` marks an object whose fields are not documented");
            return None;
        }
        let kind = if has_fields {
            let fields = self.fields(&obj, "fields")?;
            if fields.is_empty() {
                self.report
                    .error(&name.loc, format!("{what} has an empty `fields` list"), "no fields")
                    .help("list its fields, or write `open: true` if the reference does not document them");
                return None;
            }
            NamedKind::Object { fields }
        } else if has_enum {
            let values = self.sequence(&obj, "enum")?;
            let mut names = Vec::new();
            for v in values {
                names.push(self.string_at(&obj, "an enum value", v)?);
            }
            NamedKind::Enum { values: names }
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
        Some(NamedType { name, doc, kind })
    }

    /// `namespaces:` lists namespace files, or namespaces written in place.
    fn namespaces(&mut self, obj: &Obj, base: &Path) -> Option<Vec<Namespace>> {
        let Some(entries) = self.sequence(obj, "namespaces") else {
            if obj.map.get_node("namespaces").is_none() {
                self.required(obj, "namespaces");
            }
            return None;
        };
        let mut namespaces = Vec::new();
        let mut ok = true;
        for entry in entries {
            let parsed = match entry.as_scalar() {
                Some(path) => {
                    let named_at =
                        self.span_loc(obj.file, path.span(), path.as_str().chars().count());
                    let path: PathBuf = base.join(path.as_str());
                    self.read(&path, Some(named_at))
                        .and_then(|(file, node)| self.namespace(&node, file))
                }
                None => self.namespace(entry, obj.file),
            };
            match parsed {
                Some(ns) => namespaces.push(ns),
                None => ok = false,
            }
        }
        ok.then_some(namespaces)
    }

    fn namespace(&mut self, node: &Node, file: usize) -> Option<Namespace> {
        let obj = self.object(node, file, "a namespace", NAMESPACE_KEYS)?;
        let name = self.required_string(&obj, "namespace");
        let path = self.required_string(&obj, "path");
        let doc = self
            .optional_string(&obj, "doc")
            .map(|d| d.text)
            .unwrap_or_default();
        let entries = self.sequence(&obj, "methods");
        if obj.map.get_node("methods").is_none() {
            self.required(&obj, "methods");
        }
        let mut methods = Vec::new();
        let mut ok = true;
        for entry in entries.unwrap_or_default() {
            match self.method(entry, file) {
                Some(m) => methods.push(m),
                None => ok = false,
            }
        }
        let (name, path) = (name?, path?);
        ok.then_some(Namespace {
            name,
            path,
            doc,
            methods,
        })
    }

    fn method(&mut self, node: &Node, file: usize) -> Option<Method> {
        let obj = self.object(node, file, "a method", METHOD_KEYS)?;
        let name = self.required_string(&obj, "name");
        let summary = self.required_string(&obj, "summary");
        let auth = self.optional_bool(&obj, "auth");
        let params = self.fields(&obj, "params");
        let response = self.fields(&obj, "response");
        let paginated = self.optional_string(&obj, "paginated");
        let token = self.optional_string(&obj, "token");
        let idempotent = self.optional_bool(&obj, "idempotent");
        let note = self.optional_string(&obj, "note").map(|n| n.text);
        let errors = self.method_errors(&obj);
        Some(Method {
            name: name?,
            summary: summary?.text,
            auth: auth.ok()?.unwrap_or(true),
            params: params?,
            response: response?,
            paginated,
            token,
            idempotent: idempotent.ok()?.unwrap_or(false),
            note,
            errors: errors?,
        })
    }

    /// A list of fields under `key`; an absent key is an empty list.
    fn fields(&mut self, obj: &Obj, key: &str) -> Option<Vec<Field>> {
        if obj.map.get_node(key).is_none() {
            return Some(Vec::new());
        }
        let entries = self.sequence(obj, key)?;
        let mut fields = Vec::new();
        let mut ok = true;
        for entry in entries {
            match self.field(entry, obj.file) {
                Some(f) => fields.push(f),
                None => ok = false,
            }
        }
        ok.then_some(fields)
    }

    fn field(&mut self, node: &Node, file: usize) -> Option<Field> {
        let obj = self.object(node, file, "a field", FIELD_KEYS)?;
        let name = self.required_string(&obj, "name");
        let ty = self.required_string(&obj, "type");
        let doc = self
            .optional_string(&obj, "doc")
            .map(|d| d.text)
            .unwrap_or_default();
        let optional = self.optional_bool(&obj, "optional");
        let secret = self.optional_bool(&obj, "secret");
        let note = self.optional_string(&obj, "note").map(|n| n.text);
        let constraints = self.constraints(&obj);
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
        Some(Field {
            name: name?,
            required: !optional.ok()?.unwrap_or(false),
            secret: secret.ok()?.unwrap_or(false),
            doc,
            note,
            ty: parsed?,
            type_loc: ty.loc,
            constraints: constraints?,
        })
    }
}

/// Parses a type expression: `string`, `date<DD/MM/YY>`, `array<Address>`, `map<any>`, `Company`.
///
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
