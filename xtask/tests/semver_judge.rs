//! The independent judge of `cargo xtask diff`: cargo-semver-checks, on the crates generated
//! from both sides of every case pair in `tests/diffs/`.
//!
//! Each side of each case becomes a small crate holding the generated types, client and
//! server. Two workspaces (every old side, every new side) are documented as rustdoc JSON in
//! one `cargo doc` each, then cargo-semver-checks compares the two JSON files of each case.
//! A finding counts against the client audience when it is in the types or the client, and
//! against the server audience when it is in the types or the server.
//!
//! cargo-semver-checks says whether a change needs a major version, and a few things that need
//! a minor one (a new `#[deprecated]`); additions are not lints. So the report's `rust_client`
//! and `rust_server` verdicts must be `major` exactly where it finds a major change, `minor`
//! where it finds only minor ones, and `patch` or `minor` (an addition) where it finds
//! nothing. Its known blind spots are listed in [`BLIND_SPOTS`], each with the reason; there
//! the report must say `major` and the tool must still miss it, so that the list shrinks when
//! the tool learns.
//!
//! Slow and it needs the tool, so it is ignored in `cargo test`; `.ci/run` installs
//! cargo-semver-checks and runs it with `--ignored`. `JUDGE_CASES=a,b` limits it to some cases.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen::{Layout, RustPaths};
use xtask::diff::{self, Bump};

/// Changes that break Rust users but that cargo-semver-checks 0.51 has no lint for: it does
/// not compare the types of fields and arguments, nor a trait impl that a type loses.
const BLIND_SPOTS: &[(&str, Audience, &str)] = &[
    ("auth_dropped", Audience::Server, CTX_TYPE),
    ("auth_now_required", Audience::Server, CTX_TYPE),
    ("date_format_changed", Audience::Client, FIELD_TYPE),
    ("date_format_changed", Audience::Server, FIELD_TYPE),
    ("enum_to_string", Audience::Client, FIELD_TYPE),
    ("enum_to_string", Audience::Server, FIELD_TYPE),
    (
        "named_type_field_type_changed",
        Audience::Client,
        FIELD_TYPE,
    ),
    (
        "named_type_field_type_changed",
        Audience::Server,
        FIELD_TYPE,
    ),
    ("param_type_changed", Audience::Client, FIELD_TYPE),
    ("param_type_changed", Audience::Server, FIELD_TYPE),
    ("param_widened_to_number", Audience::Client, FIELD_TYPE),
    ("param_widened_to_number", Audience::Server, FIELD_TYPE),
    ("response_field_type_changed", Audience::Client, FIELD_TYPE),
    ("response_field_type_changed", Audience::Server, FIELD_TYPE),
    // Since the builders' rewrite (a missing required field is a compile error naming it),
    // a required field added only adds a bound to `build()`, which the tool does not lint.
    ("param_required_added", Audience::Client, REQUIRED_ADDED),
    ("param_required_added", Audience::Server, REQUIRED_ADDED),
    (
        "response_field_required_added",
        Audience::Client,
        REQUIRED_ADDED,
    ),
    (
        "response_field_required_added",
        Audience::Server,
        REQUIRED_ADDED,
    ),
    ("pagination_added", Audience::Client, REQUIRED_ADDED),
    ("pagination_added", Audience::Server, REQUIRED_ADDED),
    (
        "login_same_role_params_swapped",
        Audience::Client,
        "two `impl Into<String>` arguments swap places; the tool does not compare argument \
         names",
    ),
    (
        "pagination_removed",
        Audience::Server,
        "the method's marker type no longer implements `Paginated` (the client side is caught \
         through its removed `*_stream` method)",
    ),
];

const REQUIRED_ADDED: &str = "a required field added: the builder's `build()` gains a bound (the new field's state), and code that never sets it stops compiling";
const FIELD_TYPE: &str = "a field's type changes (and with it a constructor or setter argument)";
const CTX_TYPE: &str = "the trait method's `ctx` argument changes between `&Context<()>` and `&Context<Self::Principal>`";

const LAYOUT: Layout = Layout {
    spec: "api.yaml",
    types_file: "src/types.rs",
    client_file: "src/client.rs",
    server_file: "src/server.rs",
    docs_dir: "docs",
    paths: RustPaths {
        types: "crate::types",
        types_runtime: "centiacrm_types::__codegen",
        client_runtime: "centiacrm_client::__codegen",
        server_runtime: "centiacrm_server::__codegen",
        public_types: "judge::types",
        public_server: "judge::server",
        public_client: "judge::client",
        public_dates: "centiacrm_types",
        public_server_types: "judge::types",
        public_server_runtime: "centiacrm_server",
    },
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Audience {
    Client,
    Server,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cases_dir() -> PathBuf {
    workspace().join("xtask/tests/diffs")
}

fn load(case: &str, side: &str) -> xtask::model::Api {
    let entry = cases_dir().join(case).join(side).join("api.yaml");
    xtask::spec::load(&entry).unwrap_or_else(|r| panic!("{case}/{side}:\n{}", r.render()))
}

fn crate_name(case: &str) -> String {
    format!("judge_{case}")
}

/// Writes one side of every case as a workspace of small crates; returns its folder.
fn write_side(dir: &Path, side: &str, cases: &[String]) -> PathBuf {
    let root = dir.join(side);
    let crates = workspace().join("crates");
    for case in cases {
        let outputs =
            xtask::codegen::render(&load(case, side), &LAYOUT).expect("the generators run");
        let member = root.join(case);
        std::fs::create_dir_all(member.join("src")).unwrap();
        for o in outputs.iter().filter(|o| o.path.starts_with("src")) {
            write_if_changed(&member.join(&o.path), &o.contents);
        }
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n\
             axum = {{ version = \"0.8\", default-features = false }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             centiacrm-types = {{ path = {types:?} }}\n\
             centiacrm-client = {{ path = {client:?} }}\n\
             centiacrm-server = {{ path = {server:?} }}\n",
            name = crate_name(case),
            types = crates.join("centiacrm-types"),
            client = crates.join("centiacrm-client"),
            server = crates.join("centiacrm-server"),
        );
        write_if_changed(&member.join("Cargo.toml"), &manifest);
        write_if_changed(
            &member.join("src/lib.rs"),
            &format!(
                "//! Generated from `{case}/{side}` for the semver judge.\n#![allow(warnings)]\n\
                 pub mod client;\npub mod server;\npub mod types;\n"
            ),
        );
    }
    let members: Vec<String> = cases.iter().map(|c| format!("{c:?}")).collect();
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // The same dependency versions as the project's own build.
    std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    root
}

/// Unchanged files keep their timestamps, so that reruns reuse their builds.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

/// Every crate of a side workspace as rustdoc JSON, in one cargo run.
fn rustdoc_json(root: &Path) {
    let status = Command::new("cargo")
        .args(["doc", "--workspace", "--no-deps", "--quiet"])
        .current_dir(root)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTDOCFLAGS", "-Z unstable-options --output-format json")
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("CARGO_TERM_COLOR", "never")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo doc failed in {}", root.display());
}

/// What cargo-semver-checks finds, per audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Judged {
    Nothing,
    Minor,
    Major,
}

/// The bump each audience needs (client, server), as cargo-semver-checks sees it, from one
/// run that counts what needs a minor version too (`--release-type patch`). Its output does not
/// say each lint's level: the lints that need only a minor version are its deprecation lints
/// (`*_marked_deprecated`), and the summary's count of minor findings checks that reading.
fn judge(case: &str, old: &Path, new: &Path) -> Result<(Judged, Judged), String> {
    let json = |root: &Path| {
        root.join("target/doc")
            .join(format!("{}.json", crate_name(case)))
    };
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "patch"])
        .arg("--baseline-rustdoc")
        .arg(json(old))
        .arg("--current-rustdoc")
        .arg(json(new))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        return Ok((Judged::Nothing, Judged::Nothing));
    }
    let Some(counts) = text
        .lines()
        .find_map(|l| l.split_once("version: ")?.1.strip_suffix(" checks failed"))
    else {
        return Err(format!("cargo semver-checks failed:\n{text}"));
    };
    // Each failed lint opens with `--- failure <lint>: ...`, then names each finding's item
    // (`judge_x::client::...`) and file (`src/client.rs`) under `Failed in:`.
    let (mut client, mut server) = (Judged::Nothing, Judged::Nothing);
    let (mut level, mut in_findings, mut minor_lints) = (Judged::Major, false, 0);
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            let lint = rest.split(':').next().unwrap_or_default();
            level = if lint.ends_with("_marked_deprecated") {
                minor_lints += 1;
                Judged::Minor
            } else {
                Judged::Major
            };
            in_findings = false;
        } else if line.starts_with("Failed in:") {
            in_findings = true;
        } else if in_findings {
            let types = line.contains("::types::") || line.contains("src/types.rs");
            if types || line.contains("::client::") || line.contains("src/client.rs") {
                client = client.max(level);
            }
            if types || line.contains("::server::") || line.contains("src/server.rs") {
                server = server.max(level);
            }
        }
    }
    if !counts.ends_with(&format!(" and {minor_lints} minor")) {
        return Err(format!(
            "the findings read as {minor_lints} minor, the summary says `{counts}`: a lint of \
             another level than this judge assumes:\n{text}"
        ));
    }
    if (client, server) == (Judged::Nothing, Judged::Nothing) {
        return Err(format!("no finding could be placed:\n{text}"));
    }
    Ok((client, server))
}

#[test]
#[ignore = "needs cargo-semver-checks and minutes; .ci/run runs it with --ignored"]
fn cargo_semver_checks_agrees_with_the_report_on_every_case() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("semver-judge");
    let only = std::env::var("JUDGE_CASES").ok();
    let mut cases: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|c| only.as_deref().is_none_or(|o| o.split(',').any(|x| x == c)))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());

    let old = write_side(&dir, "old", &cases);
    let new = write_side(&dir, "new", &cases);
    rustdoc_json(&old);
    rustdoc_json(&new);

    let mut table =
        String::from("| case | audience | report | cargo-semver-checks |\n|---|---|---|---|\n");
    let mut problems = Vec::new();
    for case in &cases {
        let report = diff::diff("`old`", &load(case, "old"), &load(case, "new"));
        let (client, server) = judge(case, &old, &new).unwrap_or_else(|e| panic!("{case}: {e}"));
        for (audience, judged) in [(Audience::Client, client), (Audience::Server, server)] {
            let verdict = report
                .changes
                .iter()
                .map(|c| match audience {
                    Audience::Client => c.rust_client(),
                    Audience::Server => c.rust_server(),
                })
                .max()
                .unwrap_or(Bump::Patch);
            writeln!(table, "| {case} | {audience:?} | {verdict} | {judged:?} |").unwrap();
            let blind = BLIND_SPOTS
                .iter()
                .find(|(c, a, _)| c == case && *a == audience);
            let fine = match (blind, judged) {
                (Some(_), _) => verdict == Bump::Major && judged != Judged::Major,
                (None, Judged::Major) => verdict == Bump::Major,
                (None, Judged::Minor) => verdict == Bump::Minor,
                // Additions are not lints: a minor verdict may be one.
                (None, Judged::Nothing) => verdict != Bump::Major,
            };
            if !fine {
                problems.push(match blind {
                    None => format!("{case} ({audience:?}): the report says {verdict}, cargo-semver-checks finds {judged:?}"),
                    Some((_, _, why)) => format!(
                        "{case} ({audience:?}) is listed as a blind spot ({why}), but the report says {verdict} and cargo-semver-checks finds {judged:?}"
                    ),
                });
            }
        }
    }
    eprintln!("{table}");
    assert!(
        problems.is_empty(),
        "cargo-semver-checks and the report disagree:\n{}",
        problems.join("\n")
    );
}
