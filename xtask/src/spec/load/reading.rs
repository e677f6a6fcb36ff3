//! Reading a spec file: bytes within the limits, UTF-8, YAML syntax, texts not too long;
//! and the places that messages point at.

use std::path::Path;

use marked_yaml::types::MarkedScalarNode;
use marked_yaml::{LoaderOptions, Marker, Node, Span};

use super::Loader;
use crate::spec::diagnostics::Loc;
use crate::spec::limits;

impl Loader<'_> {
    /// Reads and parses one file; syntax errors are reported with their place.
    /// `named_at` is where another file names this one.
    pub(super) fn read(&mut self, path: &Path, named_at: Option<Loc>) -> Option<(usize, Node)> {
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
    pub(super) fn parse(&mut self, file: usize) -> Option<Node> {
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

    pub(super) fn span_loc(&self, file: usize, span: &Span, len: usize) -> Loc {
        self.marker_loc(file, span.start(), len)
    }

    pub(super) fn node_loc(&self, file: usize, node: &Node) -> Loc {
        let len = match node {
            Node::Scalar(s) => s.as_str().chars().count().max(1),
            _ => 1,
        };
        self.span_loc(file, node.span(), len)
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
