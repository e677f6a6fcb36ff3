//! `cargo xtask diff` on the case pairs in `tests/diffs/<case>/{old,new}/`: each report is
//! snapshot-tested, and the verdicts the issue asks for are asserted outright.

use std::path::{Path, PathBuf};

use xtask::diff::{self, Bump, Kind, Report, Wire};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diffs")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn load(case: &str, side: &str) -> xtask::model::Api {
    let entry = cases_dir().join(case).join(side).join("api.yaml");
    xtask::spec::load(&entry).unwrap_or_else(|r| panic!("{case}/{side}:\n{}", r.render()))
}

fn report(case: &str) -> Report {
    diff::diff("`old`", &load(case, "old"), &load(case, "new"))
}

#[test]
fn every_case_report_matches_its_snapshot() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} case pairs", cases.len());
    for case in cases {
        let report = report(&case);
        assert!(
            !report.changes.is_empty(),
            "{case}: the two sides are the same"
        );
        insta::assert_snapshot!(case.clone(), diff::markdown::render(&report));
    }
}

#[test]
fn json_has_the_documented_keys() {
    let json = diff::json::render(&report("param_required_added"));
    for key in ["changes", "crates", "api_version_bump_required"] {
        assert!(json.get(key).is_some(), "no `{key}`");
    }
    let change = &json["changes"][0];
    for key in [
        "path",
        "kind",
        "wire_old_clients",
        "wire_new_clients",
        "rust_client",
        "rust_server",
        "detail",
    ] {
        assert!(
            change.get(key).is_some(),
            "a change has no `{key}`: {change}"
        );
    }
    assert_eq!(change["path"], "Companies.GetCompanies.params.sort_by");
    for name in ["centiacrm-types", "centiacrm-client", "centiacrm-server"] {
        assert!(json["crates"].get(name).is_some(), "no bump for {name}");
    }
}

/// One change with exactly these verdicts at `path`.
#[track_caller]
fn expect(
    report: &Report,
    path: &str,
    kind: Kind,
    old: Wire,
    new: Wire,
    client: Bump,
    server: Bump,
) {
    let found: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.path == path && c.kind == kind)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {kind:?} at {path}, in {:#?}",
        report.changes
    );
    let c = found[0];
    assert_eq!(
        (
            c.wire_old_clients,
            c.wire_new_clients,
            c.rust_client(),
            c.rust_server()
        ),
        (old, new, client, server),
        "{path}"
    );
}

use Bump::{Major, Minor};
use Wire::{Breaking, Compatible};

/// The eight changes the issue tried, one at a time.
#[test]
fn the_eight_changes_from_the_issue() {
    // Additive in Rust too: `#[non_exhaustive]` structs built with builders. On the wire,
    // a new client that sends it to a deployed server breaks: the spec declares
    // `transport.unknown_keys: reject`.
    let r = report("param_optional_added");
    expect(
        &r,
        "Companies.GetCompanies.params.sort_by",
        Kind::FieldAdded,
        Compatible,
        Breaking,
        Minor,
        Minor,
    );
    assert!(!r.api_version_bump_required());

    let r = report("param_required_added");
    expect(
        &r,
        "Companies.GetCompanies.params.sort_by",
        Kind::FieldAdded,
        Breaking,
        Breaking,
        Major,
        Major,
    );
    assert!(r.api_version_bump_required());

    let r = report("response_field_removed");
    expect(
        &r,
        "Companies.GetCompanies.response.total",
        Kind::FieldRemoved,
        Breaking,
        Compatible,
        Major,
        Major,
    );

    let r = report("method_added");
    expect(
        &r,
        "Tickets.CloseTicket",
        Kind::MethodAdded,
        Compatible,
        Breaking,
        Minor,
        Minor,
    );
    assert!(!r.api_version_bump_required());

    let r = report("enum_value_removed_request");
    expect(
        &r,
        "Companies.GetCompany.params.search_by",
        Kind::EnumValueRemoved,
        Breaking,
        Compatible,
        Major,
        Major,
    );

    let r = report("param_type_changed");
    expect(
        &r,
        "Companies.GetCompanies.params.profile_id",
        Kind::TypeChanged,
        Breaking,
        Breaking,
        Major,
        Major,
    );
    let r = report("response_field_type_changed");
    expect(
        &r,
        "Companies.GetCompanies.response.total",
        Kind::TypeChanged,
        Breaking,
        Breaking,
        Major,
        Major,
    );

    // A rename is a removal and an addition, and breaks deployed clients.
    let r = report("method_renamed");
    expect(
        &r,
        "Companies.GetCompany",
        Kind::MethodRemoved,
        Breaking,
        Compatible,
        Major,
        Major,
    );
    expect(
        &r,
        "Companies.FindCompany",
        Kind::MethodAdded,
        Compatible,
        Breaking,
        Minor,
        Minor,
    );
    assert!(r.api_version_bump_required());
}

/// A change inside a named type shows at every field that uses it, each with its side.
#[test]
fn a_named_type_change_is_reported_at_every_use() {
    let r = report("named_type_field_type_changed");
    let paths: Vec<_> = r.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Companies.CreateCompany.params.address.zip",
            "Companies.CreateCompany.response.address.zip",
            "Tickets.CreateTicket.params.address.zip",
        ]
    );
}

/// Request and response sides differ for enum values.
#[test]
fn enum_values_depend_on_the_side() {
    let r = report("enum_value_added_request");
    expect(
        &r,
        "Companies.GetCompany.params.search_by",
        Kind::EnumValueAdded,
        Compatible,
        Breaking,
        Major,
        Major,
    );
    // The enum is reachable from a response, so `#[non_exhaustive]`: minor in Rust at
    // every use, while the wire verdicts still depend on the side.
    let r = report("enum_value_added_response");
    expect(
        &r,
        "Tickets.GetTickets.response.status",
        Kind::EnumValueAdded,
        Compatible,
        Compatible,
        Minor,
        Minor,
    );
    expect(
        &r,
        "Tickets.GetTickets.params.status",
        Kind::EnumValueAdded,
        Compatible,
        Breaking,
        Minor,
        Minor,
    );
}

#[test]
fn doc_only_changes_are_patches() {
    let r = report("doc_only");
    assert!(r.changes.iter().all(|c| c.kind == Kind::DocChanged));
    assert_eq!(r.crates(), diff::Crates::PATCH);
    assert!(!r.has_wire_breaking());
}

#[test]
fn the_changelog_draft_lists_breaking_changes_first() {
    let text = diff::markdown::changelog(&report("method_renamed"));
    assert!(text.starts_with("## Unreleased\n"), "{text}");
    assert!(
        text.contains("\n### Breaking for deployed clients\n\n- `Companies.GetCompany`"),
        "{text}"
    );
    assert!(
        text.contains(
            "### Breaking for new clients against a deployed server\n\n- `Companies.FindCompany`"
        ),
        "{text}"
    );
}

/// Deprecations are filed under their own heading; a later removal of the deprecated item is
/// still breaking, and the draft says since when it was deprecated and that it went on purpose.
#[test]
fn the_changelog_draft_groups_deprecations_and_dates_their_removal() {
    for case in [
        "method_deprecated",
        "field_deprecated",
        "enum_value_deprecated",
        "namespace_deprecated",
    ] {
        let text = diff::markdown::changelog(&report(case));
        assert!(text.contains("\n### Deprecated\n\n- `"), "{case}: {text}");
        assert!(!text.contains("### Breaking"), "{case}: {text}");
    }
    let text = diff::markdown::changelog(&report("deprecated_method_removed"));
    let removal = text
        .lines()
        .find(|l| l.starts_with("- `Tickets.CreateTicket`"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        removal.contains("it was deprecated since v1")
            && removal.contains("removed on purpose in v2"),
        "{removal}"
    );
    let breaking = text
        .find("### Breaking for deployed clients")
        .expect("a breaking section");
    assert!(text.find(removal).unwrap() > breaking, "{text}");
}

#[test]
fn the_released_baseline_reads_back_as_the_model_it_was_written_from() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let api =
        xtask::spec::load(&root.join("spec/api.yaml")).unwrap_or_else(|r| panic!("{}", r.render()));
    let back = diff::released::from_json(&diff::released::to_json(&api)).unwrap();
    let r = diff::diff("baseline", &api, &back);
    assert!(r.changes.is_empty(), "{:#?}", r.changes);
    assert_eq!(
        diff::released::to_json(&back),
        diff::released::to_json(&api)
    );
}

#[test]
fn a_bad_baseline_names_the_json_path() {
    let mut json = diff::released::to_json(&load("doc_only", "old"));
    json["namespaces"][1]["methods"][0]["params"][0]["type"] = "array<".into();
    let err = diff::released::from_json(&json).unwrap_err();
    assert_eq!(
        err,
        "$.namespaces[1].methods[0].params[0].type: `array<` is not a spec type"
    );
}

#[test]
fn changelog_entries_are_found_by_version() {
    assert!(diff::has_entry("# Changelog\n\n## v2 (2026-12-01)\n", "v2"));
    assert!(diff::has_entry("## [v2] - 2026-12-01\n", "v2"));
    assert!(!diff::has_entry("## v20\n", "v2"));
    assert!(!diff::has_entry("v2 is coming\n", "v2"));
}

/// The client surface snapshot (`tests/snapshots/codegen__client_surface.snap`) of one side.
fn surface(api: &xtask::model::Api) -> String {
    let ctx = xtask::generators::Context::new(api, &xtask::codegen::LAYOUTS[0]).unwrap();
    xtask::generators::surface::surface(&ctx).unwrap()
}

/// Every case pair with a change that Rust users of the client see (a bump above patch)
/// moves the surface snapshot, so that a review of that snapshot sees every such change.
/// Changes on the wire only (constraints, errors, idempotency) or in the server only do not.
#[test]
fn every_change_client_users_see_moves_the_surface_snapshot() {
    let mut unmoved = Vec::new();
    for case in cases() {
        let report = report(&case);
        if report
            .changes
            .iter()
            .all(|c| c.rust_client() == Bump::Patch)
        {
            continue;
        }
        if surface(&load(&case, "old")) == surface(&load(&case, "new")) {
            let kinds: Vec<_> = report.changes.iter().map(|c| c.kind.as_str()).collect();
            unmoved.push(format!("{case} ({})", kinds.join(", ")));
        }
    }
    assert!(
        unmoved.is_empty(),
        "the surface snapshot does not move for: {unmoved:?}"
    );
}

/// The `client.login(..)` shortcut's signature, from the generated client.
fn login_shortcut(api: &xtask::model::Api) -> String {
    let outputs = xtask::codegen::render(api, &xtask::codegen::LAYOUTS[0]).unwrap();
    let client = outputs
        .iter()
        .find(|o| o.path.ends_with("crates/centiacrm-client/src/generated.rs"))
        .expect("a generated client");
    let start = client
        .contents
        .find("pub async fn login(")
        .expect("a login shortcut");
    let end = start + client.contents[start..].find('{').unwrap();
    client.contents[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Moving `password` (secret) above `email` keeps `client.login(email, password)`: the
/// arguments come by role, so callers do not send the password as the email. Two arguments of
/// one role still follow the spec's order, and swapping them is a major change of the client.
#[test]
fn the_login_shortcut_takes_its_arguments_by_role() {
    let (old, new) = (
        load("login_params_swapped", "old"),
        load("login_params_swapped", "new"),
    );
    let signature = login_shortcut(&new);
    assert!(
        signature.contains("email: impl Into<String>, password: impl Into<String>"),
        "{signature}"
    );
    assert_eq!(login_shortcut(&old), signature);
    let (old, new) = (
        load("login_same_role_params_swapped", "old"),
        load("login_same_role_params_swapped", "new"),
    );
    assert_ne!(login_shortcut(&old), login_shortcut(&new));
}

/// The five verdicts issue 18 found wrong, each on its case pair.
#[test]
fn the_wrong_verdicts_from_issue_18_are_right() {
    use Bump::Patch;
    // A rename of case only keeps every Rust name: only the wire sees it.
    let r = report("field_renamed_case_only");
    expect(
        &r,
        "Companies.GetCompanies.params.profileId",
        Kind::FieldRenamed,
        Breaking,
        Breaking,
        Patch,
        Patch,
    );
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    // A namespace renamed with its path kept: nothing changed on the wire.
    let r = report("namespace_renamed");
    expect(
        &r,
        "Firms",
        Kind::NamespaceRenamed,
        Compatible,
        Compatible,
        Major,
        Major,
    );
    // The deployed server's strictness comes from the base: it still rejects the new key.
    let r = report("param_added_server_loosened");
    expect(
        &r,
        "Companies.GetCompanies.params.sort_by",
        Kind::FieldAdded,
        Compatible,
        Breaking,
        Minor,
        Minor,
    );
    // Deployed clients that declared no leniency meet the new response key and enum value.
    let r = report("response_field_added_strict_clients");
    expect(
        &r,
        "Tickets.GetTickets.response.total",
        Kind::FieldAdded,
        Breaking,
        Compatible,
        Minor,
        Minor,
    );
    let r = report("enum_value_added_response_strict_clients");
    expect(
        &r,
        "Tickets.GetTickets.response.status",
        Kind::EnumValueAdded,
        Breaking,
        Compatible,
        Major,
        Major,
    );
}

/// The keys the diff did not see before issue 18, one case pair each.
#[test]
fn every_key_of_the_contract_is_reported() {
    use Bump::Patch;
    let cases: &[(&str, &str, Kind, Wire, Wire, Bump, Bump)] = &[
        (
            "idempotent_dropped",
            "Tickets.GetTickets",
            Kind::IdempotentChanged,
            Breaking,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "idempotent_added",
            "Tickets.GetTickets",
            Kind::IdempotentChanged,
            Compatible,
            Breaking,
            Patch,
            Patch,
        ),
        (
            "constraint_tightened_request",
            "Companies.CreateCompany.params.employees",
            Kind::ConstraintTightened,
            Breaking,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "constraint_loosened_response",
            "Tickets.GetTickets.response.count",
            Kind::ConstraintLoosened,
            Breaking,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "pattern_changed",
            "Companies.GetCompanies.params.query",
            Kind::ConstraintChanged,
            Breaking,
            Breaking,
            Patch,
            Patch,
        ),
        (
            "error_status_changed",
            "errors.conflict",
            Kind::ErrorStatusChanged,
            Breaking,
            Breaking,
            Patch,
            Patch,
        ),
        (
            "method_error_added",
            "Companies.CreateCompany.errors.conflict",
            Kind::MethodErrorAdded,
            Breaking,
            Compatible,
            Patch,
            Minor,
        ),
        (
            "method_error_removed",
            "Companies.CreateCompany.errors.conflict",
            Kind::MethodErrorRemoved,
            Compatible,
            Breaking,
            Patch,
            Major,
        ),
        (
            "transport_error_added",
            "transport.errors.rate_limited",
            Kind::ErrorAdded,
            Breaking,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "domain_error_added",
            "errors.conflict",
            Kind::ErrorAdded,
            Compatible,
            Compatible,
            Patch,
            Minor,
        ),
        (
            "unknown_keys_loosened",
            "transport.unknown_keys",
            Kind::UnknownKeysChanged,
            Compatible,
            Breaking,
            Patch,
            Patch,
        ),
        (
            "secret_removed",
            "Auth.Login.params.password",
            Kind::SecretChanged,
            Compatible,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "license_changed",
            "api.license",
            Kind::LicenseChanged,
            Compatible,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "method_deprecated",
            "Tickets.GetTickets",
            Kind::Deprecated,
            Compatible,
            Compatible,
            Minor,
            Minor,
        ),
        (
            "field_deprecated",
            "Tickets.CreateTicket.params.due",
            Kind::Deprecated,
            Compatible,
            Compatible,
            Minor,
            Minor,
        ),
        (
            "enum_value_deprecated",
            "types.TicketStatus.closed",
            Kind::Deprecated,
            Compatible,
            Compatible,
            Minor,
            Minor,
        ),
        (
            "namespace_deprecated",
            "Tickets",
            Kind::Deprecated,
            Compatible,
            Compatible,
            Minor,
            Minor,
        ),
        (
            "undeprecated",
            "Tickets.GetTickets",
            Kind::Undeprecated,
            Compatible,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "deprecated_method_removed",
            "Tickets.CreateTicket",
            Kind::MethodRemoved,
            Breaking,
            Compatible,
            Major,
            Major,
        ),
        (
            "login_params_swapped",
            "Auth.Login.params",
            Kind::FieldOrderChanged,
            Compatible,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "login_same_role_params_swapped",
            "Auth.Login.params",
            Kind::FieldOrderChanged,
            Compatible,
            Compatible,
            Major,
            Patch,
        ),
        (
            "params_reordered",
            "Companies.CreateCompany.params",
            Kind::FieldOrderChanged,
            Compatible,
            Compatible,
            Patch,
            Patch,
        ),
        (
            "method_renamed_case_only",
            "Tickets.getTickets",
            Kind::MethodRenamed,
            Breaking,
            Breaking,
            Patch,
            Patch,
        ),
        (
            "enum_value_renamed_case_only",
            "Companies.GetCompany.params.search_by",
            Kind::EnumValueRenamed,
            Breaking,
            Breaking,
            Patch,
            Patch,
        ),
        (
            "namespace_renamed_path_kept",
            "Tasks",
            Kind::NamespaceRenamed,
            Compatible,
            Compatible,
            Major,
            Major,
        ),
    ];
    for (case, path, kind, old, new, client, server) in cases {
        expect(&report(case), path, *kind, *old, *new, *client, *server);
    }
    let r = report("response_leniency_withdrawn");
    expect(
        &r,
        "transport.response_leniency.unknown_enum_values",
        Kind::ResponseLeniencyChanged,
        Compatible,
        Breaking,
        Patch,
        Patch,
    );
    expect(
        &r,
        "types.TicketStatus",
        Kind::EnumLeniencyChanged,
        Compatible,
        Compatible,
        Major,
        Major,
    );
}

/// A copy of the real spec, its released baseline and CHANGELOG.md, with `edits` made to
/// the spec's files: what `release-check` says about it.
fn release_check_after(edits: &[(&str, &str, &str)], changelog_extra: &str) -> Option<String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for entry in walk(from) {
            let target = to.join(entry.strip_prefix(from).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&entry, &target).unwrap();
        }
    };
    copy(&repo.join("spec"), &dir.path().join("spec"));
    let changelog = std::fs::read_to_string(repo.join("CHANGELOG.md")).unwrap() + changelog_extra;
    std::fs::write(dir.path().join("CHANGELOG.md"), changelog).unwrap();
    for (file, from, to) in edits {
        let path = dir.path().join("spec").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let outcome = diff::release_check(dir.path(), "spec/api.yaml").unwrap();
    outcome.failure
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn release_check_fails_on_the_contract_unless_version_and_changelog_say_so() {
    assert_eq!(release_check_after(&[], ""), None, "the clean tree passes");
    let edits: &[(&str, (&str, &str, &str))] = &[
        (
            "a tightened minimum",
            ("namespaces/products.yaml", "minimum: 0", "minimum: 1"),
        ),
        (
            "a changed error status",
            ("api.yaml", "status: 409", "status: 410"),
        ),
        (
            "a dropped idempotency",
            ("namespaces/tickets.yaml", "    idempotent: true\n", ""),
        ),
    ];
    for (what, edit) in edits {
        let failure = release_check_after(&[*edit], "");
        let failure = failure.unwrap_or_else(|| panic!("release-check passes after {what}"));
        assert!(
            failure.contains("`api.version` is still `v1`"),
            "{what}: {failure}"
        );
        // With a new version and its CHANGELOG.md entry, it passes.
        let bumped = [*edit, ("api.yaml", "version: v1", "version: v2")];
        assert_eq!(
            release_check_after(&bumped, "\n## v2\n\nThe change.\n"),
            None,
            "{what}"
        );
        // A new version without its entry still fails.
        let failure = release_check_after(&bumped, "").unwrap_or_default();
        assert!(failure.contains("no `## v2` entry"), "{what}: {failure}");
    }
}
