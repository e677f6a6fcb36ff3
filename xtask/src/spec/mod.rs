//! The spec: YAML files in, a validated [`Api`] model out, or every mistake found.

mod collisions;
mod constraints;
pub mod diagnostics;
pub mod json;
pub mod limits;
mod load;
pub(crate) mod raw;
mod since;
mod types;
mod validate;

use std::path::Path;

pub use diagnostics::Report;

use crate::model::Api;

/// Loads and validates the spec whose entry file is `entry` (normally `spec/api.yaml`).
///
/// On failure the report holds every error found, each with its file, line and column.
pub fn load(entry: &Path) -> Result<Api, Report> {
    let mut report = Report::default();
    let api = load::load(entry, &mut report);
    finish(api, report)
}

/// Loads and validates a spec given as text (named `name` in messages); files it names
/// are read relative to `base`.
pub fn load_text(name: &str, text: &str, base: &Path) -> Result<Api, Report> {
    let mut report = Report::default();
    let api = load::load_text(name, text, base, &mut report);
    finish(api, report)
}

/// Runs the cross-checks on a model built or changed in code (the no-silent-change test):
/// the count of errors found, if any.
#[cfg(test)]
pub(crate) fn check(api: &Api) -> Result<(), String> {
    let mut report = Report::default();
    validate::validate(api, &load::Gaps::default(), &mut report);
    if report.has_errors() {
        Err(format!("{} error(s)", report.error_count()))
    } else {
        Ok(())
    }
}

/// Cross-checks whatever was read, so that one run reports every independent mistake.
fn finish(loaded: Option<(Api, load::Gaps)>, mut report: Report) -> Result<Api, Report> {
    let Some((api, gaps)) = loaded else {
        return Err(report);
    };
    validate::validate(&api, &gaps, &mut report);
    if report.has_errors() {
        Err(report)
    } else {
        Ok(api)
    }
}
