//! Every bad fixture spec gets located errors, and the good ones load.
//!
//! The rendered diagnostics are insta snapshots: a change to a message shows up in
//! `cargo insta review`.

use std::path::{Path, PathBuf};

use xtask::spec::limits::MAX_FILE_BYTES;

/// The fixtures of a kind: each `.yaml` file, and each folder (a spec of several files,
/// whose entry is its `api.yaml`).
fn fixtures(kind: &str) -> Vec<PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(Path::new("tests/specs").join(kind))
        .expect("fixture folder")
        .map(|e| e.expect("fixture entry").path())
        .filter_map(|p| {
            if p.is_dir() {
                Some(p.join("api.yaml"))
            } else {
                p.extension().is_some_and(|e| e == "yaml").then_some(p)
            }
        })
        .collect();
    paths.sort();
    paths
}

/// A fixture's name: its file's stem, or its folder's name.
fn fixture_name(path: &Path) -> String {
    let named = if path.file_name().is_some_and(|n| n == "api.yaml") {
        path.parent().expect("a fixture folder")
    } else {
        path
    };
    named.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The rendered diagnostics, one text each: each starts with an `error` line, at the start
/// of the text or after a blank line.
fn diagnostics(rendered: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = rendered
        .match_indices("\n\nerror")
        .map(|(at, _)| at + 2)
        .collect();
    if rendered.starts_with("error") {
        starts.insert(0, 0);
    }
    let ends = starts.iter().skip(1).copied().chain([rendered.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&s, e)| &rendered[s..e])
        .collect()
}

#[test]
fn the_diagnostics_are_split_from_the_first() {
    let two = "error: one\n  ┌─ a.yaml:1:1\n\nerror: two\n  = help: h\n";
    assert_eq!(
        diagnostics(two),
        [
            "error: one\n  ┌─ a.yaml:1:1\n\n",
            "error: two\n  = help: h\n"
        ]
    );
    assert!(diagnostics("").is_empty());
}

#[test]
fn bad_specs_get_located_errors() {
    let paths = fixtures("bad");
    assert!(
        paths.len() >= 15,
        "expected the bad fixtures, found {}",
        paths.len()
    );
    for path in paths {
        let name = fixture_name(&path);
        let report = match xtask::spec::load(&path) {
            Ok(_) => panic!("{} loaded, but it is a bad fixture", path.display()),
            Err(report) => report,
        };
        let rendered = report.render();
        // Each error names its file, line and column: every bad fixture's entry file
        // exists, so each error has a place, the first one included.
        let blocks = diagnostics(&rendered);
        assert_eq!(
            blocks.len(),
            report.error_count(),
            "{name}: one rendered block per error:\n{rendered}"
        );
        assert!(!blocks.is_empty(), "{name}: no error rendered");
        for block in blocks {
            assert!(
                block.contains("┌─ tests/specs/bad/"),
                "{name}: an error without a location:\n{block}"
            );
        }
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn good_specs_load() {
    for path in fixtures("good") {
        if let Err(report) = xtask::spec::load(&path) {
            panic!("{} failed:\n{}", path.display(), report.render());
        }
    }
}

#[test]
fn all_errors_of_a_run_are_reported() {
    let report = xtask::spec::load(Path::new("tests/specs/bad/many_errors.yaml")).unwrap_err();
    let rendered = report.render();
    // An unknown key, a missing `type`, another unknown key in a second method, and the
    // cross-checks on what was read: one run.
    assert_eq!(report.error_count(), 6, "{rendered}");
    for expected in [
        "unknown key `typ`",
        "missing key `type`",
        "unknown key `respones`",
        "duplicate method `GetThing`",
        "unknown type `integr`",
        "unknown type `Rnage`",
    ] {
        assert!(rendered.contains(expected), "{expected}:\n{rendered}");
    }
}

#[test]
fn what_a_mistake_leaves_out_is_not_reported_again() {
    let report = xtask::spec::load(Path::new("tests/specs/bad/one_pass.yaml")).unwrap_err();
    let rendered = report.render();
    // `Address` and the param `page` were left out for their own mistakes.
    assert!(!rendered.contains("unknown type `Address`"), "{rendered}");
    assert!(!rendered.contains("no integer `page`"), "{rendered}");
    assert!(rendered.contains("unknown type `Staus`"), "{rendered}");

    // An error declaration left out for its status is not reported as undeclared.
    let text = "api: {name: Fixture, version: v1}\n\
        transport: {base_url: \"http://127.0.0.1\"}\n\
        errors:\n  - {code: conflict, status: 40}\n\
        namespaces:\n  - namespace: Things\n    path: things\n    methods:\n\
        \x20     - {name: GetThing, summary: Gets it, errors: [{code: conflict, when: always}]}\n";
    let report = xtask::spec::load_text("errors.yaml", text, Path::new(".")).unwrap_err();
    let rendered = report.render();
    assert_eq!(report.error_count(), 1, "{rendered}");
    assert!(
        rendered.contains("`40` is not an error status"),
        "{rendered}"
    );
}

#[test]
fn the_readme_counts_the_bad_specs() {
    let readme = std::fs::read_to_string("../README.md").expect("README.md");
    let stated: Vec<usize> = readme
        .split(" invalid specs")
        .filter_map(|before| before.split_whitespace().last()?.parse().ok())
        .collect();
    let found = fixtures("bad").len();
    assert_eq!(
        stated,
        [found],
        "the README's count of bad specs is not the folder's"
    );
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("size_limit");
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("types.yaml");
    // A sparse file: its size is over the limit, but nothing is written to the disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let api = "api: {name: X, version: v1}\ntransport: {base_url: 'http://127.0.0.1'}\ntypes: types.yaml\nnamespaces: []\n";
    let report = xtask::spec::load_text("api.yaml", api, &dir).unwrap_err();
    let rendered = report.render();
    assert!(
        rendered.contains("is 32.0 MiB, over the limit of 32 MiB (`MAX_FILE_BYTES`)")
            && rendered.contains("api.yaml:3:8"),
        "{rendered}"
    );
}

#[test]
fn text_over_the_size_limit_is_not_parsed() {
    let text = format!(
        "api: {{name: X, version: v1}}\n#{}",
        "x".repeat(MAX_FILE_BYTES as usize)
    );
    let report = xtask::spec::load_text("big.yaml", &text, Path::new(".")).unwrap_err();
    let rendered = report.render();
    assert_eq!(report.error_count(), 1, "{rendered}");
    assert!(rendered.contains("over the limit of 32 MiB"), "{rendered}");
}

#[test]
fn long_keys_and_list_items_are_reported_where_they_start() {
    let long = "x".repeat(xtask::spec::limits::MAX_TEXT_CHARS + 1);
    let text = format!(
        // YAML allows a key of over 1 024 characters only as a complex key (`? key`).
        "api: {{name: X, version: v1}}\n? {long}\n: 1\ntypes:\n  Stage:\n    enum:\n      - open\n      - {long}\n"
    );
    let rendered = xtask::spec::load_text("long.yaml", &text, Path::new("."))
        .unwrap_err()
        .render();
    for expected in [
        "error: a key is 10001 characters long, over the limit of 10000 (`MAX_TEXT_CHARS`)\n  ┌─ long.yaml:2:3",
        "error: a list item is 10001 characters long, over the limit of 10000 (`MAX_TEXT_CHARS`)\n  ┌─ long.yaml:8:9",
    ] {
        assert!(rendered.contains(expected), "{rendered}");
    }
}
