//! `cargo xtask diff` as a command: its exit codes, `--deny` per audience, paths relative
//! to the current directory, and the `--changelog` draft, run on the case pairs in
//! `tests/diffs/<case>/{old,new}/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diffs")
}

/// Runs `xtask diff ARGS` in `dir`, on this checkout.
fn diff_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("xtask runs")
}

/// Runs `xtask diff` on a case pair, from the case's folder: `old` is the base.
fn diff_case(case: &str, args: &[&str]) -> Output {
    let mut all = vec!["--base-dir", "old", "--spec", "new/api.yaml"];
    all.extend(args);
    diff_in(&cases_dir().join(case), &all)
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn paths_are_relative_to_the_current_directory() {
    let out = diff_case("method_added", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("`Tickets.CloseTicket`"), "{report}");
    // The base as given, from the case's folder.
    assert!(report.contains("(base: `"), "{report}");
}

/// The exit code of `--deny` with each value, on a case pair: `[breaking, old-clients,
/// new-clients, rust-client, rust-server]`.
fn denies(case: &str, want: [i32; 5]) {
    let values = [
        "breaking",
        "breaking:old-clients",
        "breaking:new-clients",
        "breaking:rust-client",
        "breaking:rust-server",
    ];
    for (deny, want) in values.into_iter().zip(want) {
        let out = diff_case(case, &["--deny", deny]);
        assert_eq!(code(&out), want, "{case} --deny {deny}: {}", stderr(&out));
    }
}

#[test]
fn each_audience_is_denied_on_its_own() {
    // A method added breaks only new clients against a deployed server.
    denies("method_added", [1, 0, 1, 0, 0]);
    let out = diff_case("method_added", &["--deny", "breaking:new-clients"]);
    assert!(
        stderr(&out).contains("1 change(s) break new clients against a deployed server"),
        "{}",
        stderr(&out)
    );
    // A renamed type keeps the wire, and breaks Rust code on both sides.
    denies("named_type_renamed", [0, 0, 0, 1, 1]);
    // A method removed breaks deployed clients; several audiences denied at once are
    // each named.
    let out = diff_case(
        "method_removed",
        &[
            "--deny",
            "breaking:old-clients",
            "--deny",
            "breaking:rust-server",
        ],
    );
    assert_eq!(code(&out), 1);
    let why = stderr(&out);
    assert!(
        why.contains("(--deny breaking:old-clients)")
            && why.contains("(--deny breaking:rust-server)"),
        "{why}"
    );
}

#[test]
fn an_unknown_audience_is_a_usage_error() {
    let out = diff_case("method_added", &["--deny", "breaking:everyone"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown audience `everyone`")
            && stderr(&out).contains("breaking:old-clients"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn could_not_compare_exits_2() {
    let case = cases_dir().join("method_added");
    let out = diff_in(
        &case,
        &["--base-dir", "no_such_folder", "--spec", "new/api.yaml"],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("no_such_folder"), "{}", stderr(&out));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.yaml"), "api: [broken\n").unwrap();
    let broken = dir.path().join("api.yaml");
    let out = diff_in(
        &case,
        &[
            "--base-dir",
            "old",
            "--spec",
            broken.to_str().unwrap(),
            "--deny",
            "breaking",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was compared"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nothing_changed_drafts_no_entry() {
    let case = cases_dir().join("method_added");
    let out = diff_in(
        &case,
        &[
            "--base-dir",
            "old",
            "--spec",
            "old/api.yaml",
            "--changelog",
            "--deny",
            "breaking",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let draft = stdout(&out);
    assert!(
        draft.starts_with("No API changes between `xtask/tests/diffs/method_added/old`"),
        "{draft}"
    );
    assert!(!draft.contains("## "), "{draft}");

    let out = diff_in(
        &case,
        &[
            "--base-dir",
            "old",
            "--spec",
            "old/api.yaml",
            "--changelog",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["changed"], false);
    assert!(json["heading"].is_null());
    assert_eq!(json["sections"], serde_json::json!([]));
}

#[test]
fn the_draft_files_each_change_by_whom_it_breaks() {
    let out = diff_case("method_renamed", &["--changelog"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let draft = stdout(&out);
    // The version is the base's, already released: no entry under its name.
    assert!(draft.starts_with("## Unreleased\n"), "{draft}");
    assert!(!draft.contains("## v1"), "{draft}");
    assert!(
        draft.contains(
            "`api.version` must change: these changes break deployed clients, and it is still `v1`"
        ),
        "{draft}"
    );
    assert!(
        draft.contains("Crate versions: `centiacrm-types` major"),
        "{draft}"
    );
    assert!(
        draft.contains("### Breaking for deployed clients\n\n- `Companies.GetCompany`"),
        "{draft}"
    );
    // The new name breaks new clients against a deployed server: not an addition.
    assert!(
        draft.contains(
            "### Breaking for new clients against a deployed server\n\n- `Companies.FindCompany`"
        ),
        "{draft}"
    );
    assert!(!draft.contains("### Added"), "{draft}");

    // Additions nobody is broken by stay under Added.
    let draft = stdout(&diff_case(
        "response_field_optional_added",
        &["--changelog"],
    ));
    assert!(
        draft.contains("### Added\n\n- `Tickets.GetTickets.response.next_cursor`"),
        "{draft}"
    );
    assert!(draft.contains("`api.version` need not change"), "{draft}");
}

#[test]
fn the_draft_honours_format_json() {
    let out = diff_case("method_renamed", &["--changelog", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["changed"], true);
    assert_eq!(json["heading"], "Unreleased");
    assert_eq!(json["api_version_bump_required"], true);
    assert_eq!(json["api_version_changed"], false);
    let sections = json["sections"].as_array().unwrap();
    let first = &sections[0];
    assert_eq!(first["audience"], "old-clients");
    assert_eq!(first["changes"][0]["path"], "Companies.GetCompany");
    assert!(
        first["changes"][0]["breaks"]
            .as_array()
            .unwrap()
            .contains(&"old-clients".into())
    );
    assert!(
        json["markdown"]
            .as_str()
            .unwrap()
            .starts_with("## Unreleased\n")
    );
    // The same draft as the Markdown one.
    let markdown = stdout(&diff_case("method_renamed", &["--changelog"]));
    assert_eq!(json["markdown"], markdown.as_str());
}
