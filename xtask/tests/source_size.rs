//! The house rule for the generator's own code: no file in `xtask/src` over 600 lines, no
//! function over 120, so that each stays readable in one sitting.
//!
//! The source is rustfmt-formatted, so a function ends at the first `}` line indented as
//! its `fn` line; that is all the parsing this needs.

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 120;

/// Known to be over, each waiting for its split (issue 18, item 7); with its size today,
/// so that it cannot grow. An entry no longer over fails the test until it is removed.
const WAITING: &[(&str, usize)] = &[];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each function of a formatted file: its name and its length in lines.
fn functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let after_vis = code
            .strip_prefix("pub ")
            .or_else(|| code.strip_prefix("pub(crate) "))
            .or_else(|| code.strip_prefix("pub(super) "))
            .unwrap_or(code);
        let after_async = after_vis
            .strip_prefix("const ")
            .or_else(|| after_vis.strip_prefix("async "))
            .unwrap_or(after_vis);
        let Some(rest) = after_async.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = format!("{indent}}}");
        let end = lines[at..]
            .iter()
            .position(|l| *l == closing)
            .unwrap_or_else(|| panic!("fn {name}: no closing `}}` indented as it"));
        found.push((name, end + 1));
    }
    found
}

/// Everything over its limit: `file` or `file: fn name`, with its size.
fn over_limits() -> Vec<(String, usize)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 20, "found only {} source files", files.len());
    files.sort();
    let mut over = Vec::new();
    for path in files {
        let shown = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            over.push((shown.clone(), lines));
        }
        for (name, length) in functions(&text) {
            if length > MAX_FN_LINES {
                over.push((format!("{shown}: fn {name}"), length));
            }
        }
    }
    over
}

#[test]
fn no_file_or_function_is_over_its_limit() {
    let over = over_limits();
    let mut problems = Vec::new();
    for (what, size) in &over {
        match WAITING.iter().find(|(w, _)| w == what) {
            Some((_, known)) if size <= known => {}
            Some((_, known)) => problems.push(format!("{what}: {size} lines, up from {known}")),
            None => problems.push(format!(
                "{what}: {size} lines, over the limit ({MAX_FILE_LINES} a file, {MAX_FN_LINES} a function)"
            )),
        }
    }
    for (what, _) in WAITING {
        if !over.iter().any(|(w, _)| w == what) {
            problems.push(format!(
                "{what} is within its limit now: remove it from WAITING"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_measures_functions() {
    let text = "fn a() {\n    let x = 1;\n}\n\nimpl T {\n    pub(super) fn b(&self)\n    where\n        Self: Sized,\n    {\n        {\n        }\n    }\n\n    fn c();\n}\n";
    assert_eq!(
        functions(text),
        [("a".to_string(), 3), ("b".to_string(), 7)]
    );
}
