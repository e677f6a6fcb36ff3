//! `cargo xtask` acts on the checkout it is started in, also when clones share one
//! `CARGO_TARGET_DIR`: there they share one binary, built by whichever clone built last.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// Copies the checkout's files (not `target/` nor `.git/`) into `to`, rewriting only the
/// files that differ, so that a second run finds its build up to date.
fn copy_checkout(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_checkout(&source, &dest);
        } else {
            write_if_changed(&dest, &std::fs::read(&source).unwrap());
        }
    }
    // What an earlier run copied and the checkout no longer has (a module split into a
    // folder, say) would otherwise linger and break the clone's build.
    for entry in std::fs::read_dir(to).unwrap() {
        let entry = entry.unwrap();
        if !from.join(entry.file_name()).exists() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
}

fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

/// Puts a mistake into one spec file of a clone: `find` replaced by `replace`.
fn break_spec(clone: &Path, file: &str, find: &str, replace: &str) {
    let path = clone.join("spec/namespaces").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "{file} no longer holds `{find}`");
    write_if_changed(&path, text.replacen(find, replace, 1).as_bytes());
}

/// `cargo xtask spec` in `clone`, with the shared target directory; its stderr.
fn xtask_spec(clone: &Path, target: &Path) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["xtask", "spec"])
        .current_dir(clone)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the broken spec of {} passed",
        clone.display()
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Two clones, each with its own mistake in its spec, one target directory. Each run
/// reports its own clone's mistake, also when the other clone built the binary last.
///
/// The clones and their target directory stay in `target/two-clones/`, so that a second
/// run rebuilds nothing; the first builds xtask and its dependencies there.
#[test]
#[ignore = "builds xtask in two copies of the checkout (a few minutes cold); .ci/run runs it"]
fn clones_sharing_a_target_directory_each_check_their_own_spec() {
    let workspace = workspace();
    // A target directory of their own, not the workspace's: cargo hashes a path package
    // by its place in its workspace, so the clones' xtask would take over this checkout's
    // build of it (the very problem this test is about).
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from)
        .join("two-clones");
    let target = base.join("target");
    let (a, b) = (base.join("a"), base.join("b"));
    for clone in [&a, &b] {
        copy_checkout(&workspace, clone);
    }
    break_spec(&a, "companies.yaml", "    summary:", "    summmary:");
    break_spec(&b, "contacts.yaml", "type: integer", "type: integr");
    let reports_a = |stderr: &str| {
        stderr.contains("companies.yaml")
            && stderr.contains("summmary")
            && !stderr.contains("integr")
    };
    let reports_b = |stderr: &str| {
        stderr.contains("contacts.yaml")
            && stderr.contains("integr")
            && !stderr.contains("summmary")
    };
    // A builds the binary, B builds it again, then A runs with B's build up to date.
    for (clone, reports_own) in [
        (&a, &reports_a as &dyn Fn(&str) -> bool),
        (&b, &reports_b),
        (&a, &reports_a),
        (&b, &reports_b),
    ] {
        let stderr = xtask_spec(clone, &target);
        assert!(
            reports_own(&stderr),
            "`cargo xtask spec` in {} reported another checkout's spec:\n{stderr}",
            clone.display()
        );
    }
}
