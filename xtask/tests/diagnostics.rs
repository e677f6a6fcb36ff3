//! Every bad fixture spec gets located errors, and the good ones load.
//!
//! The rendered diagnostics are insta snapshots: a change to a message shows up in
//! `cargo insta review`.

use std::path::Path;

fn fixtures(kind: &str) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(Path::new("tests/specs").join(kind))
        .expect("fixture folder")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
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
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let report = match xtask::spec::load(&path) {
            Ok(_) => panic!("{} loaded, but it is a bad fixture", path.display()),
            Err(report) => report,
        };
        let rendered = report.render();
        // Each error names its file, line and column, except where no file could be read.
        for block in rendered.split("\nerror").skip(1) {
            assert!(
                block.contains("┌─ tests/specs/bad/") || block.contains("cannot read spec file"),
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
    // An unknown key, a missing `type`, and another unknown key in a second method: one run.
    assert!(report.error_count() >= 3, "{}", report.render());
}
