//! The report as Markdown, for a pull request; and a CHANGELOG entry drafted from it.

use super::{Change, Kind, Report, Wire};

fn wire(w: Wire) -> &'static str {
    match w {
        Wire::Compatible => "compatible",
        Wire::Breaking => "**breaking**",
    }
}

/// Table cells hold paths and details: pipes would split them.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "## API changes: `{}` (base: {}) → `{}` (working spec)\n\n",
        report.old_version, report.base, report.new_version
    ));
    if report.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let old_breaking = report
        .changes
        .iter()
        .filter(|c| c.wire_old_clients == Wire::Breaking)
        .count();
    let new_breaking = report
        .changes
        .iter()
        .filter(|c| c.wire_new_clients == Wire::Breaking)
        .count();
    out.push_str(&format!(
        "{} change(s): {old_breaking} break deployed clients, {new_breaking} break new clients \
         against a deployed server.\n\n",
        report.changes.len()
    ));
    out.push_str("| crate | semver bump |\n|---|---|\n");
    for (name, bump) in report.crates().named() {
        out.push_str(&format!("| `{name}` | {bump} |\n"));
    }
    out.push('\n');
    let version = match (
        report.api_version_bump_required(),
        report.api_version_changed(),
    ) {
        (true, true) => format!(
            "`api.version` must change, and it did (`{}` → `{}`).",
            report.old_version, report.new_version
        ),
        (true, false) => format!(
            "`api.version` must change: it is still `{}`.",
            report.new_version
        ),
        (false, _) => "`api.version` need not change.".to_string(),
    };
    out.push_str(&format!("{version}\n\n"));
    out.push_str(
        "| path | change | deployed clients | new clients, deployed server | Rust client | Rust server | detail |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for c in &report.changes {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            cell(&c.path),
            c.kind.words(),
            wire(c.wire_old_clients),
            wire(c.wire_new_clients),
            c.rust_client(),
            c.rust_server(),
            cell(&c.detail)
        ));
    }
    out.push_str(&format!(
        "\nServer behaviour assumed: unknown `parameters` keys {}, unknown envelope keys {} ({}).\n",
        report.strictness.unknown_params.as_str(),
        report.strictness.unknown_envelope_keys.as_str(),
        report.strictness.source
    ));
    out
}

/// A CHANGELOG.md entry for the new version, to edit before committing.
pub fn changelog(report: &Report) -> String {
    let mut out = format!("## {}\n", report.new_version);
    let section = |title: &str, pick: &dyn Fn(&Change) -> bool| {
        let lines: Vec<String> = report
            .changes
            .iter()
            .filter(|c| pick(c))
            .map(|c| format!("- `{}`: {}; {}.\n", c.path, c.kind.words(), c.detail))
            .collect();
        if lines.is_empty() {
            String::new()
        } else {
            format!("\n### {title}\n\n{}", lines.concat())
        }
    };
    let breaking = |c: &Change| c.wire_old_clients == Wire::Breaking;
    let added = |c: &Change| {
        !breaking(c)
            && matches!(
                c.kind,
                Kind::NamespaceAdded
                    | Kind::MethodAdded
                    | Kind::FieldAdded
                    | Kind::EnumValueAdded
                    | Kind::NamedTypeAdded
                    | Kind::PaginationAdded
                    | Kind::TokenAdded
                    | Kind::ParamsObjectAdded
            )
    };
    let docs = |c: &Change| matches!(c.kind, Kind::DocChanged | Kind::ApiVersionChanged);
    out.push_str(&section("Breaking for deployed clients", &breaking));
    out.push_str(&section("Added", &added));
    out.push_str(&section("Changed", &|c| {
        !breaking(c) && !added(c) && !docs(c)
    }));
    out.push_str(&section("Documentation", &|c| c.kind == Kind::DocChanged));
    out
}
