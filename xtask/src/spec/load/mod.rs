//! Reads the spec's YAML files into the model, collecting every structural mistake
//! (syntax, unknown or missing keys, wrong value kinds, malformed types) with its place.
//!
//! serde reads the structure ([`raw`]) one item at a time: a namespace, a method, a field,
//! a named type, ... An item with a mistake of its own is reported and left out, and the
//! rest is read on. `validate` then cross-checks whatever was read (references,
//! duplicates, identifiers), so that one run reports every independent mistake; [`Gaps`]
//! tells it what was left out.
//!
//! - [`reading`]: files to YAML nodes (size and UTF-8 limits, syntax errors, long texts);
//! - [`items`]: one mapping to a `raw` struct, and its values, each mistake reported;
//! - [`sections`]: the API file's sections and the items they hold, into the model.

mod items;
mod reading;
mod sections;

use std::collections::HashSet;
use std::path::Path;

use marked_yaml::types::MarkedMappingNode;

use super::diagnostics::{Loc, Report};
use crate::model::{Api, Name};

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
