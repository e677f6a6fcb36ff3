//! Errors in a spec, located in its files and rendered the way rustc renders them.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{self, Files, SimpleFiles};
use codespan_reporting::term;

pub use crate::loc::Loc;

/// Every file read for one spec, and every problem found in them.
#[derive(Default)]
pub struct Report {
    files: SimpleFiles<String, String>,
    /// One per file, in the order of `files`.
    offsets: Vec<CharOffsets>,
    diagnostics: Vec<Diagnostic<usize>>,
}

impl Report {
    /// Keeps a file's text so that errors can point into it; returns its id.
    ///
    /// A leading byte-order mark is dropped: editors hide it, YAML allows it, and kept it
    /// would become an invisible part of the first key.
    pub fn add_file(&mut self, name: String, mut text: String) -> usize {
        if text.starts_with('\u{FEFF}') {
            text.drain(..'\u{FEFF}'.len_utf8());
        }
        self.offsets.push(CharOffsets::new(&text));
        self.files.add(name, text)
    }

    /// The byte offset of the `chars`-th character of a file (the YAML parser counts
    /// characters), in constant time.
    pub fn byte_offset(&self, file: usize, chars: usize) -> usize {
        let text = self.text(file);
        match self.offsets.get(file) {
            Some(offsets) => offsets.byte(text, chars),
            None => chars.min(text.len()),
        }
    }

    /// How many files were added; their ids are `0..file_count()`, the entry file first.
    pub fn file_count(&self) -> usize {
        self.offsets.len()
    }

    pub fn name(&self, file: usize) -> String {
        self.files
            .get(file)
            .map(|f| f.name().clone())
            .unwrap_or_default()
    }

    pub fn text(&self, file: usize) -> &str {
        self.files
            .get(file)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    /// An error at `loc`: `message` says what is wrong, `label` points at it, `help` says how to fix it.
    pub fn error(
        &mut self,
        loc: &Loc,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> ErrorBuilder<'_> {
        self.diagnostics.push(
            Diagnostic::error()
                .with_message(message.into())
                .with_labels(vec![
                    Label::primary(loc.file, loc.span.clone()).with_message(label.into()),
                ]),
        );
        ErrorBuilder(self.diagnostics.last_mut().expect("just pushed"))
    }

    /// An error that is not about a place in a file (a file that cannot be read).
    pub fn error_without_location(&mut self, message: impl Into<String>) -> ErrorBuilder<'_> {
        self.diagnostics
            .push(Diagnostic::error().with_message(message.into()));
        ErrorBuilder(self.diagnostics.last_mut().expect("just pushed"))
    }

    pub fn has_errors(&self) -> bool {
        !self.diagnostics.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.len()
    }

    /// All diagnostics, rustc style, without colors: stable text for tests and logs.
    pub fn render(&self) -> String {
        let config = term::Config::default();
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            // Every label points into a file of `self.files`, so rendering cannot fail;
            // if it did, the message alone still says what is wrong.
            let files = CutLines {
                files: &self.files,
                labels: &diagnostic.labels,
            };
            if term::emit_to_string(&mut out, &config, &files, diagnostic).is_err() {
                out.push_str(&format!("error: {}\n", diagnostic.message));
            }
        }
        out
    }
}

/// The longest part of a line shown under an error, in bytes.
const SHOWN_LINE_BYTES: usize = 1_000;

/// The report's files as the renderer sees them when it shows one diagnostic: of a line
/// longer than `SHOWN_LINE_BYTES`, only a window from a little before the first label on it,
/// because rendering goes through every character of a line shown, and a spec line can be
/// megabytes long. Columns are still counted on the whole line.
struct CutLines<'f> {
    files: &'f SimpleFiles<String, String>,
    labels: &'f [Label<usize>],
}

impl<'a> Files<'a> for CutLines<'_> {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, files::Error> {
        self.files.name(id)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        self.files.source(id)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        self.files.line_index(id, byte_index)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        self.files.column_number(id, line_index, byte_index)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let range = self.files.line_range(id, line_index)?;
        if range.len() <= SHOWN_LINE_BYTES {
            return Ok(range);
        }
        let source = self.files.source(id)?;
        let boundary_before = |at: usize| {
            (range.start..=at)
                .rev()
                .find(|&i| source.is_char_boundary(i))
        };
        let first_label = self
            .labels
            .iter()
            .filter(|l| l.file_id == id && range.contains(&l.range.start))
            .map(|l| l.range.start)
            .min()
            .unwrap_or(range.start);
        // Some context before the label; the window starts at or before every label on the
        // line, so the renderer's offsets from the window's start stay right.
        let start = boundary_before(
            first_label
                .saturating_sub(SHOWN_LINE_BYTES / 4)
                .max(range.start),
        )
        .unwrap_or(range.start);
        let end = boundary_before((start + SHOWN_LINE_BYTES).min(range.end)).unwrap_or(start);
        Ok(start..end)
    }
}

/// Adds notes to the error just reported.
pub struct ErrorBuilder<'a>(&'a mut Diagnostic<usize>);

impl ErrorBuilder<'_> {
    pub fn help(self, text: impl Into<String>) -> Self {
        self.0.notes.push(format!("help: {}", text.into()));
        self
    }

    /// Points at a second place, e.g. the first definition of a duplicate.
    pub fn also(self, loc: &Loc, label: impl Into<String>) -> Self {
        self.0
            .labels
            .push(Label::secondary(loc.file, loc.span.clone()).with_message(label.into()));
        self
    }
}

/// Turns character indices into byte offsets in constant time per lookup, so that locating
/// many names or errors in one large file stays linear in its size.
struct CharOffsets {
    /// In ASCII text a character index is a byte offset.
    ascii: bool,
    /// The byte offset of every `STRIDE`-th character.
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 32;

impl CharOffsets {
    fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            // A character starts at every byte that is not a UTF-8 continuation byte.
            let starts = text.bytes().enumerate().filter(|(_, b)| b & 0xC0 != 0x80);
            starts.step_by(STRIDE).map(|(i, _)| i).collect()
        };
        CharOffsets { ascii, checkpoints }
    }

    fn byte(&self, text: &str, chars: usize) -> usize {
        if self.ascii {
            return chars.min(text.len());
        }
        let Some(&from) = self.checkpoints.get(chars / STRIDE) else {
            return text.len();
        };
        text[from..]
            .char_indices()
            .nth(chars % STRIDE)
            .map_or(text.len(), |(i, _)| from + i)
    }
}

#[cfg(test)]
mod tests {
    use super::{CharOffsets, Loc, Report};

    #[test]
    fn an_error_on_a_long_line_shows_the_line_cut() {
        let mut report = Report::default();
        let line = format!("key: {}end", "é".repeat(5_000_000));
        let end = line.len() - 3;
        let file = report.add_file("long.yaml".to_string(), format!("first\n{line}\nlast\n"));
        report.error(&Loc { file, span: 6..9 }, "at the start", "here");
        let at_end = 6 + end..6 + end + 3;
        report.error(&Loc { file, span: at_end }, "at the end", "there");
        // Shown whole, the line took seconds to render, and 10 MB of output per error.
        let rendered = report.render();
        assert!(rendered.len() < 5_000, "{} bytes", rendered.len());
        assert!(rendered.contains("long.yaml:2:1"), "{rendered}");
        // Columns count characters on the whole line.
        assert!(rendered.contains("long.yaml:2:5000006"), "{rendered}");
        // The window around a label far into the line shows it.
        assert!(rendered.contains("éééend\n"), "{rendered}");
        assert!(rendered.contains("^^^ there"), "{rendered}");
    }

    #[test]
    fn character_indices_become_byte_offsets() {
        let text: String = "aé€😀\n".repeat(300);
        let offsets = CharOffsets::new(&text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte(&text, chars), byte);
        }
        assert_eq!(offsets.byte(&text, text.chars().count()), text.len());
        assert_eq!(offsets.byte(&text, usize::MAX / 2), text.len());
        let ascii = "plain\ntext";
        assert_eq!(CharOffsets::new(ascii).byte(ascii, 6), 6);
    }
}
