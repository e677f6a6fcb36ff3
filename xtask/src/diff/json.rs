//! The report as JSON (`--format json`). Keys may be added; the documented ones stay.

use serde_json::{Value, json};

use super::Report;

pub fn render(report: &Report) -> Value {
    let crates = report.crates();
    json!({
        "base": report.base,
        "old_version": report.old_version,
        "new_version": report.new_version,
        "changes": report.changes.iter().map(|c| json!({
            "path": c.path,
            "kind": c.kind.as_str(),
            "wire_old_clients": c.wire_old_clients.as_str(),
            "wire_new_clients": c.wire_new_clients.as_str(),
            "rust_client": c.rust_client().as_str(),
            "rust_server": c.rust_server().as_str(),
            "detail": c.detail,
            "crates": {
                "centiacrm-types": c.crates.types.as_str(),
                "centiacrm-client": c.crates.client.as_str(),
                "centiacrm-server": c.crates.server.as_str(),
            },
        })).collect::<Vec<_>>(),
        "crates": crates.named().iter().map(|(name, bump)| ((*name).to_string(), json!(bump.as_str()))).collect::<serde_json::Map<_, _>>(),
        "api_version_bump_required": report.api_version_bump_required(),
        "api_version_changed": report.api_version_changed(),
        "assumed_server": {
            "unknown_params": report.strictness.unknown_params.as_str(),
            "unknown_envelope_keys": report.strictness.unknown_envelope_keys.as_str(),
            "source": report.strictness.source,
        },
    })
}
