//! The independent judge of `cargo xtask diff`: cargo-semver-checks, on the crates generated
//! from both sides of every case pair in `tests/diffs/`.
//!
//! For each case and each Rust audience, the generated code of the old side and of the new
//! side is written as a small crate (the types plus the client, or the types plus the server)
//! and cargo-semver-checks compares the two. It can only say whether a change needs a major
//! version: additions are not lints. So the report's `rust_client` and `rust_server` verdicts
//! must be `major` exactly where cargo-semver-checks fails, on every case.
//!
//! Slow (two rustdoc builds per case and audience) and it needs the tool, so it is ignored in
//! `cargo test`; `.ci/run` installs cargo-semver-checks and runs it with `--ignored`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen::{Layout, RustPaths};
use xtask::diff::{self, Bump};

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
    },
};

#[derive(Clone, Copy, Debug)]
enum Audience {
    Client,
    Server,
}

impl Audience {
    fn module(self) -> &'static str {
        match self {
            Audience::Client => "client",
            Audience::Server => "server",
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Writes the crate of one side of a case for one audience; returns its folder.
fn write_crate(dir: &Path, case: &str, side: &str, audience: Audience) -> PathBuf {
    let entry = workspace()
        .join("xtask/tests/diffs")
        .join(case)
        .join(side)
        .join("api.yaml");
    let api = xtask::spec::load(&entry).unwrap_or_else(|r| panic!("{case}/{side}:\n{}", r.render()));
    let outputs = xtask::codegen::render(&api, &LAYOUT).expect("the generators run");
    let root = dir.join(case).join(side).join(audience.module());
    std::fs::create_dir_all(root.join("src")).unwrap();
    for o in &outputs {
        let keep = o.path == Path::new(LAYOUT.types_file)
            || o.path == Path::new(&format!("src/{}.rs", audience.module()));
        if keep {
            write_if_changed(&root.join(&o.path), &o.contents);
        }
    }
    let crates = workspace().join("crates");
    let manifest = format!(
        "[package]\nname = \"judge\"\nversion = \"1.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n\
         axum = {{ version = \"0.8\", default-features = false }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         centiacrm-types = {{ path = {types:?} }}\n\
         centiacrm-client = {{ path = {client:?} }}\n\
         centiacrm-server = {{ path = {server:?} }}\n\n\
         [workspace]\n",
        types = crates.join("centiacrm-types"),
        client = crates.join("centiacrm-client"),
        server = crates.join("centiacrm-server"),
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    write_if_changed(
        &root.join("src/lib.rs"),
        &format!(
            "//! Generated from `{case}/{side}` for the semver judge.\n#![allow(warnings)]\npub mod types;\npub mod {};\n",
            audience.module()
        ),
    );
    root
}

/// Unchanged files keep their timestamps, so that reruns reuse their builds.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

/// `Major` when cargo-semver-checks finds a change that needs a new major version.
fn judge(old: &Path, new: &Path, target: &Path) -> Result<bool, String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        Ok(false)
    } else if text.contains("semver requires new major version") {
        Ok(true)
    } else {
        Err(format!("cargo semver-checks failed:\n{text}"))
    }
}

#[test]
#[ignore = "needs cargo-semver-checks and several minutes; .ci/run runs it with --ignored"]
fn cargo_semver_checks_agrees_with_the_report_on_every_case() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("semver-judge");
    let target = dir.join("target");
    let only = std::env::var("JUDGE_CASES").ok();
    let mut cases: Vec<String> = std::fs::read_dir(workspace().join("xtask/tests/diffs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|c| only.as_deref().is_none_or(|o| o.split(',').any(|x| x == c)))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());

    let mut table = String::from("case | audience | report | cargo-semver-checks\n");
    let mut disagreements = Vec::new();
    for case in &cases {
        let load = |side: &str| {
            let entry = workspace().join("xtask/tests/diffs").join(case).join(side).join("api.yaml");
            xtask::spec::load(&entry).unwrap_or_else(|r| panic!("{}", r.render()))
        };
        let report = diff::diff("`old`", &load("old"), &load("new"));
        for audience in [Audience::Client, Audience::Server] {
            let verdict = report
                .changes
                .iter()
                .map(|c| match audience {
                    Audience::Client => c.rust_client(),
                    Audience::Server => c.rust_server(),
                })
                .max()
                .unwrap_or(Bump::Patch);
            let old = write_crate(&dir, case, "old", audience);
            let new = write_crate(&dir, case, "new", audience);
            let major = judge(&old, &new, &target).unwrap_or_else(|e| panic!("{case}: {e}"));
            let agrees = major == (verdict == Bump::Major);
            let judged = if major { "major" } else { "not major" };
            writeln!(table, "{case} | {audience:?} | {verdict} | {judged}").unwrap();
            eprintln!("{case} {audience:?}: report {verdict}, cargo-semver-checks {judged}");
            if !agrees {
                disagreements.push(format!("{case} ({audience:?}): report says {verdict}, cargo-semver-checks says {judged}"));
            }
        }
    }
    eprintln!("{table}");
    assert!(
        disagreements.is_empty(),
        "cargo-semver-checks disagrees with the report:\n{}",
        disagreements.join("\n")
    );
}
