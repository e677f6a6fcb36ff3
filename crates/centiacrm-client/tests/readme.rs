//! The README's client example is the crate documentation's, which compiles as a doctest:
//! the two must stay equal, line for line.

use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines of the first code block that opens with `fence`, without the fences.
fn block<'a>(lines: impl Iterator<Item = &'a str>, fence: &str) -> Vec<&'a str> {
    lines
        .skip_while(|l| *l != fence)
        .skip(1)
        .take_while(|l| *l != "```")
        .collect()
}

#[test]
fn the_readme_example_is_the_doctest() {
    let readme = read("../../README.md");
    let section = readme
        .split_once("\n## The client\n")
        .expect("a \"## The client\" section")
        .1;
    let in_readme = block(section.lines(), "```rust");

    let lib = read("src/lib.rs");
    let docs = lib
        .lines()
        .map_while(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l));
    let in_docs = block(docs, "```no_run");

    assert!(in_readme.len() > 20, "the README's example: {in_readme:?}");
    assert_eq!(in_readme, in_docs, "README.md and src/lib.rs differ");
}
