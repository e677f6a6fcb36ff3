//! The spec: YAML files in, a validated [`Api`] model out, or every mistake found.

pub mod diagnostics;
pub mod json;
mod load;
mod validate;

use std::path::Path;

pub use diagnostics::Report;
pub use validate::UNKNOWN_VARIANT;

use crate::model::Api;

/// Loads and validates the spec whose entry file is `entry` (normally `spec/api.yaml`).
///
/// On failure the report holds every error found, each with its file, line and column.
pub fn load(entry: &Path) -> Result<Api, Report> {
    let mut report = Report::default();
    match load::load(entry, &mut report) {
        Some(api) if !report.has_errors() => {
            validate::validate(&api, &mut report);
            if report.has_errors() { Err(report) } else { Ok(api) }
        }
        // Cross-checks on a partly read spec would only repeat the structural errors.
        _ => Err(report),
    }
}
