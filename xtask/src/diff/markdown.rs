//! The report as Markdown, for a pull request; and a CHANGELOG entry drafted from it.

use serde_json::{Value, json};

use super::{Audience, Change, Kind, Report, Wire};

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

/// One section of a changelog draft, with the changes filed under it.
pub struct Section<'r> {
    pub title: String,
    /// The audience these changes break, for the sections of breaking changes.
    pub audience: Option<Audience>,
    pub changes: Vec<&'r Change>,
}

/// The sections of a changelog draft, each change under one: the first audience it
/// breaks, else added, deprecated, changed or documentation. A change of `api.version` alone
/// is said by the draft's version line, not filed.
pub fn sections(report: &Report) -> Vec<Section<'_>> {
    let mut sections: Vec<Section> = Audience::ALL
        .into_iter()
        .map(|audience| Section {
            title: format!("Breaking for {}", audience.words()),
            audience: Some(audience),
            changes: Vec::new(),
        })
        .chain(
            ["Added", "Deprecated", "Changed", "Documentation"].map(|title| Section {
                title: title.to_string(),
                audience: None,
                changes: Vec::new(),
            }),
        )
        .collect();
    for c in &report.changes {
        let breaks = Audience::ALL.iter().position(|a| a.breaks(c));
        let at = match (breaks, c.kind) {
            (Some(at), _) => at,
            (None, Kind::ApiVersionChanged) => continue,
            (None, kind) if is_addition(kind) => Audience::ALL.len(),
            (None, Kind::Deprecated) => Audience::ALL.len() + 1,
            (None, Kind::DocChanged) => Audience::ALL.len() + 3,
            (None, _) => Audience::ALL.len() + 2,
        };
        sections[at].changes.push(c);
    }
    sections.retain(|s| !s.changes.is_empty());
    sections
}

fn is_addition(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::NamespaceAdded
            | Kind::MethodAdded
            | Kind::FieldAdded
            | Kind::EnumValueAdded
            | Kind::NamedTypeAdded
            | Kind::PaginationAdded
            | Kind::TokenAdded
            | Kind::ParamsObjectAdded
    )
}

/// The heading of the draft: the new `api.version`, or `Unreleased` while it is the
/// base's, which has its entry already.
fn heading(report: &Report) -> &str {
    if report.api_version_changed() {
        &report.new_version
    } else {
        "Unreleased"
    }
}

/// Whether `api.version` must change, and whether it did, in a sentence.
fn version_line(report: &Report) -> String {
    let (old, new) = (&report.old_version, &report.new_version);
    match (
        report.api_version_bump_required(),
        report.api_version_changed(),
    ) {
        (true, false) => format!(
            "`api.version` must change: these changes break deployed clients, and it is still \
             `{new}`. Set the new version in the spec, then name this entry after it."
        ),
        (true, true) => {
            format!("`api.version` changed from `{old}` to `{new}`, as these changes require.")
        }
        (false, true) => format!(
            "`api.version` changed from `{old}` to `{new}`; no change breaks deployed clients."
        ),
        (false, false) => {
            "`api.version` need not change: no change breaks deployed clients.".to_string()
        }
    }
}

/// The semver bump each generated crate needs, in a sentence.
fn crates_line(report: &Report) -> String {
    let bumps: Vec<String> = report
        .crates()
        .named()
        .iter()
        .map(|(name, bump)| format!("`{name}` {bump}"))
        .collect();
    format!("Crate versions: {}.", bumps.join(", "))
}

/// What the draft says when the two sides are the same.
fn nothing_changed(report: &Report) -> String {
    format!(
        "No API changes between {} and the working spec: nothing to add to CHANGELOG.md.",
        report.base
    )
}

/// A CHANGELOG.md entry drafted from what changed, to edit before committing.
pub fn changelog(report: &Report) -> String {
    if report.changes.is_empty() {
        return format!("{}\n", nothing_changed(report));
    }
    let mut out = format!(
        "## {}\n\n> {}\n> {}\n",
        heading(report),
        version_line(report),
        crates_line(report)
    );
    for section in sections(report) {
        out.push_str(&format!("\n### {}\n\n", section.title));
        for c in section.changes {
            out.push_str(&format!(
                "- `{}`: {}; {}.",
                c.path,
                c.kind.words(),
                c.detail
            ));
            let others: Vec<&str> = Audience::ALL
                .into_iter()
                .filter(|a| a.breaks(c) && Some(*a) != section.audience)
                .map(Audience::words)
                .collect();
            if !others.is_empty() && section.audience.is_some() {
                out.push_str(&format!(" Also breaks {}.", others.join(", ")));
            }
            out.push('\n');
        }
    }
    out
}

/// The changelog draft as JSON (`--changelog --format json`): its parts, and its Markdown.
pub fn changelog_json(report: &Report) -> Value {
    let sections: Vec<Value> = sections(report)
        .iter()
        .map(|s| {
            json!({
                "title": s.title,
                "audience": s.audience.map(Audience::as_str),
                "changes": s.changes.iter().map(|c| json!({
                    "path": c.path,
                    "kind": c.kind.as_str(),
                    "detail": c.detail,
                    "breaks": Audience::ALL
                        .into_iter()
                        .filter(|a| a.breaks(c))
                        .map(Audience::as_str)
                        .collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let changed = !report.changes.is_empty();
    json!({
        "base": report.base,
        "old_version": report.old_version,
        "new_version": report.new_version,
        "changed": changed,
        "heading": changed.then(|| heading(report)),
        "api_version_bump_required": report.api_version_bump_required(),
        "api_version_changed": report.api_version_changed(),
        "crates": report
            .crates()
            .named()
            .iter()
            .map(|(name, bump)| ((*name).to_string(), json!(bump.as_str())))
            .collect::<serde_json::Map<_, _>>(),
        "sections": sections,
        "markdown": changelog(report),
    })
}
