//! The generator's output: the client surface snapshot for review, staleness of the
//! checked-in files (which pins the fixture output, the one golden copy), determinism, and
//! all-or-nothing writes.

use std::path::{Path, PathBuf};

use xtask::codegen::{self, Failure, LAYOUTS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn checked_in_generated_files_are_current() {
    let outputs = codegen::generate_all(&root()).unwrap_or_else(|f| panic!("{f}"));
    let outdated = codegen::stale(&root(), &outputs);
    let orphaned = codegen::orphaned(&root(), &outputs);
    assert!(
        outdated.is_empty() && orphaned.is_empty(),
        "{}",
        Failure::Stale { outdated, orphaned }
    );
}

#[test]
fn client_surface_snapshot() {
    let api = xtask::spec::load(&root().join("spec/api.yaml"))
        .unwrap_or_else(|r| panic!("{}", r.render()));
    let ctx = xtask::generators::Context::new(&api, &LAYOUTS[0]).unwrap();
    let surface = xtask::generators::surface::surface(&ctx).unwrap();
    insta::assert_snapshot!("client_surface", surface);
}

#[test]
fn generation_is_deterministic() {
    let first = codegen::generate_all(&root()).unwrap_or_else(|f| panic!("{f}"));
    let second = codegen::generate_all(&root()).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(first, second);
}

/// A scratch workspace holding copies of the specs, so that runs can write into it.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for layout in LAYOUTS {
        let from = root().join(layout.spec);
        let spec_dir = from.parent().unwrap();
        let to = dir.path().join(Path::new(layout.spec).parent().unwrap());
        copy_dir(spec_dir, &to);
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn snapshot_of_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn check_names_stale_files_and_the_fix() {
    let dir = scratch();
    let Err(Failure::Stale {
        outdated: missing,
        orphaned,
    }) = codegen::run(dir.path(), true)
    else {
        panic!("--check passed on an empty tree")
    };
    assert!(orphaned.is_empty(), "{orphaned:?}");
    assert_eq!(
        missing.len(),
        codegen::generate_all(dir.path())
            .unwrap_or_else(|f| panic!("{f}"))
            .len()
    );
    assert!(
        Failure::Stale {
            outdated: missing,
            orphaned
        }
        .to_string()
        .contains("run `cargo xtask codegen`")
    );

    codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    assert!(
        codegen::run(dir.path(), true).is_ok(),
        "--check fails right after codegen"
    );

    let edited = dir.path().join(LAYOUTS[0].types_file);
    std::fs::write(&edited, "// edited by hand\n").unwrap();
    let Err(Failure::Stale {
        outdated: stale, ..
    }) = codegen::run(dir.path(), true)
    else {
        panic!("--check missed a hand edit")
    };
    assert_eq!(stale, vec![PathBuf::from(LAYOUTS[0].types_file)]);

    // A second run rewrites only what changed.
    let summary = codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    assert!(summary.contains(", 1 rewritten"), "{summary}");
}

#[test]
fn a_failing_run_writes_nothing() {
    let dir = scratch();
    codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    // Change the real spec, then break the fixture spec that is generated after it.
    let types = dir.path().join("spec/types.yaml");
    let text = std::fs::read_to_string(&types).unwrap();
    std::fs::write(
        &types,
        text.replace("doc: A postal address", "doc: A changed postal address"),
    )
    .unwrap();
    let fixture = dir.path().join(LAYOUTS[1].spec);
    std::fs::write(&fixture, "api: [broken\n").unwrap();
    let before = snapshot_of_tree(&dir.path().join("crates"));

    let Err(Failure::Spec(report)) = codegen::run(dir.path(), false) else {
        panic!("a broken spec generated")
    };
    assert!(
        report.render().contains("features.yaml:"),
        "{}",
        report.render()
    );
    assert_eq!(
        snapshot_of_tree(&dir.path().join("crates")),
        before,
        "a failing run changed files"
    );
}

#[test]
fn a_spec_change_reaches_client_server_and_docs_together() {
    let dir = scratch();
    codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    let layout = &LAYOUTS[1];
    let spec = dir.path().join(layout.spec);
    let text = std::fs::read_to_string(&spec).unwrap();
    // A new optional parameter on an existing method, and a new method.
    let changed = text
        .replace(
            "          - {name: page, type: integer, optional: true, doc: The page to fetch}",
            "          - {name: page, type: integer, optional: true, doc: The page to fetch}\n          - {name: only_blue, type: boolean, optional: true, doc: Blue widgets only}",
        )
        .replace(
            "      - name: CreateWidget\n",
            "      - name: DeleteWidget\n        summary: Deletes a widget\n        params:\n          - {name: widget_id, type: integer, doc: The widget}\n        response:\n          - {name: deleted, type: boolean, doc: Whether it was deleted}\n      - name: CreateWidget\n",
        );
    assert_ne!(changed, text, "the fixture changed shape; update this test");
    std::fs::write(&spec, changed).unwrap();

    let Err(Failure::Stale {
        outdated: stale, ..
    }) = codegen::run(dir.path(), true)
    else {
        panic!("--check passed after a spec change")
    };
    for file in [layout.types_file, layout.client_file, layout.server_file] {
        assert!(
            stale.contains(&PathBuf::from(file)),
            "{file} not reported stale: {stale:?}"
        );
    }
    for doc in ["widgets.md", "openapi.json", "examples.json", "README.md"] {
        assert!(
            stale.contains(&Path::new(layout.docs_dir).join(doc)),
            "{doc} not reported stale: {stale:?}"
        );
    }

    codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    assert!(codegen::run(dir.path(), true).is_ok());
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    assert!(read(layout.types_file).contains("pub only_blue: Option<bool>"));
    assert!(read(layout.types_file).contains("pub struct DeleteWidgetParams"));
    assert!(read(layout.client_file).contains("pub async fn delete_widget("));
    assert!(read(layout.server_file).contains("fn delete_widget("));
    assert!(read(layout.server_file).contains("(\"widgets\", \"DeleteWidget\")"));
    let page = read(&format!("{}/widgets.md", layout.docs_dir));
    assert!(page.contains("## DeleteWidget") && page.contains("`only_blue`"));
    assert!(
        read(&format!("{}/openapi.json", layout.docs_dir)).contains("Widgets.DeleteWidget.Request")
    );
}

#[test]
fn the_page_of_a_removed_namespace_is_stale_and_removed() {
    let dir = scratch();
    codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    let layout = &LAYOUTS[1];
    let spec = dir.path().join(layout.spec);
    let text = std::fs::read_to_string(&spec).unwrap();
    let page = Path::new(layout.docs_dir).join("session.md");
    assert!(
        dir.path().join(&page).is_file(),
        "the fixture has no Session page"
    );
    // A file written by hand in the docs folder is never taken for a generated one.
    let by_hand = dir.path().join(layout.docs_dir).join("notes.md");
    std::fs::write(&by_hand, "# Notes\n").unwrap();

    // Drop the `Session` namespace: from its entry to the next namespace.
    let start = text
        .find("  - namespace: Session\n")
        .expect("the Session namespace");
    let end = text[start + 1..]
        .find("  - namespace: ")
        .map_or(text.len(), |at| start + 1 + at);
    let mut changed = text.clone();
    changed.replace_range(start..end, "");
    std::fs::write(&spec, changed).unwrap();

    let Err(failure) = codegen::run(dir.path(), true) else {
        panic!("--check passed with the page of a removed namespace")
    };
    let Failure::Stale { orphaned, .. } = &failure else {
        panic!("{failure}")
    };
    assert_eq!(orphaned, &vec![page.clone()]);
    let message = failure.to_string();
    assert!(
        message.contains(&format!(
            "{} (no spec item produces it any more",
            page.display()
        )),
        "{message}"
    );

    let summary = codegen::run(dir.path(), false).unwrap_or_else(|f| panic!("{f}"));
    assert!(summary.contains("1 removed"), "{summary}");
    assert!(
        !dir.path().join(&page).exists(),
        "the orphaned page is still there"
    );
    assert!(by_hand.is_file(), "a hand-written file was removed");
    assert!(codegen::run(dir.path(), true).is_ok());
}

#[test]
fn every_generated_text_file_carries_the_mark() {
    let outputs = codegen::generate_all(&root()).unwrap_or_else(|f| panic!("{f}"));
    for o in &outputs {
        if o.path.extension().is_some_and(|e| e == "json") {
            continue;
        }
        let first = o.contents.lines().next().unwrap_or_default();
        assert!(
            first.contains(codegen::GENERATED_MARK),
            "{}: the first line does not mark it generated, so codegen could not remove it \
             once it is no longer produced: {first}",
            o.path.display()
        );
    }
}
