//! Runs a target's body on inputs from files, without libFuzzer: the committed seeds in
//! `cargo test`, or a finding to debug on a stable toolchain.

use std::path::{Path, PathBuf};

/// The committed seed inputs of `target`, sorted by path.
pub fn seeds(target: &str) -> Vec<PathBuf> {
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(target),
    )
}

/// The files at `path`: itself, or those of the folder, sorted.
pub fn files(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found
}

/// Runs `body` on each input named on the command line (files or folders), or on the
/// seeds of `target` when none is named; a finding panics, naming its file.
pub fn main(target: &str, body: fn(&[u8])) {
    let named: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let inputs: Vec<PathBuf> = if named.is_empty() {
        seeds(target)
    } else {
        named.iter().flat_map(|p| files(p)).collect()
    };
    for input in &inputs {
        run(body, input);
    }
    println!("{target}: {} input(s), no finding", inputs.len());
}

/// Runs `body` on the file at `input`, naming the file if it panics.
pub fn run(body: fn(&[u8]), input: &Path) {
    let data = std::fs::read(input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    if std::panic::catch_unwind(|| body(&data)).is_err() {
        panic!("finding on {}", input.display());
    }
}
