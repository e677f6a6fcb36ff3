//! Seeded pseudo-random inputs for the robustness tests: a small generator, so that a
//! failure replays from its seed, and byte-level mutations of JSON bodies. And the corpus
//! runner both bad-input corpora share: load the cases, report every failing one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// xorshift64*: small, seeded, deterministic. Not for anything but tests.
pub struct Rng(pub u64);

impl Rng {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True once in `one_in` times, on average.
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Changes `body` once: a bit flip, a byte, a truncation, a deleted or repeated run,
/// random bytes, a value after a `:` replaced by one of `values`, or one of `tokens`
/// inserted.
pub fn mutate_json(rng: &mut Rng, body: &mut Vec<u8>, tokens: &[&str], values: &[&str]) {
    match rng.below(9) {
        // Flip one bit.
        0 if !body.is_empty() => {
            let i = rng.below(body.len());
            body[i] ^= 1 << rng.below(8);
        }
        // Replace a byte.
        1 if !body.is_empty() => {
            let i = rng.below(body.len());
            body[i] = rng.next() as u8;
        }
        // Truncate.
        2 => {
            let len = rng.below(body.len() + 1);
            body.truncate(len);
        }
        // Delete a run.
        3 if !body.is_empty() => {
            let start = rng.below(body.len());
            let end = (start + 1 + rng.below(8)).min(body.len());
            body.drain(start..end);
        }
        // Duplicate a run.
        4 if !body.is_empty() => {
            let start = rng.below(body.len());
            let end = (start + 1 + rng.below(16)).min(body.len());
            let run = body[start..end].to_vec();
            let at = rng.below(body.len() + 1);
            body.splice(at..at, run);
        }
        // Insert random bytes.
        5 => {
            let at = rng.below(body.len() + 1);
            let len = 1 + rng.below(4);
            let bytes = rng.bytes(len);
            body.splice(at..at, bytes);
        }
        // Replace the value after a colon (up to the next `,` or `}`) with another value.
        6 | 7 => {
            let colons: Vec<usize> = (0..body.len()).filter(|&i| body[i] == b':').collect();
            if colons.is_empty() {
                return;
            }
            let start = *rng.pick(&colons) + 1;
            let end = (start..body.len())
                .find(|&i| body[i] == b',' || body[i] == b'}')
                .unwrap_or(body.len());
            let value = format!(" {}", rng.pick(values)).into_bytes();
            body.splice(start..end, value);
        }
        // Insert a JSON token.
        _ => {
            let at = rng.below(body.len() + 1);
            let token = rng.pick(tokens).as_bytes().to_vec();
            body.splice(at..at, token);
        }
    }
}

/// One piece of a corpus body written as parts: text or hex bytes, repeated `times`.
///
/// Corpus files keep bodies that are not plain text (invalid UTF-8, megabytes of nesting)
/// as a list of parts.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub hex: Option<String>,
    #[serde(default = "one")]
    pub times: usize,
}

fn one() -> usize {
    1
}

/// A corpus case's body: `body` as written, or its `body_parts` joined.
pub fn corpus_body(body: Option<&str>, parts: Option<&[Part]>) -> Vec<u8> {
    match (body, parts) {
        (Some(body), None) => body.as_bytes().to_vec(),
        (None, Some(parts)) => parts
            .iter()
            .flat_map(|part| {
                let bytes = match (&part.text, &part.hex) {
                    (Some(text), None) => text.as_bytes().to_vec(),
                    (None, Some(hex)) => unhex(hex),
                    _ => panic!("a body part has exactly one of `text` and `hex`"),
                };
                bytes.repeat(part.times)
            })
            .collect(),
        _ => panic!("a case has exactly one of `body` and `body_parts`"),
    }
}

/// Bytes written as hex digits, two per byte.
pub fn unhex(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd-length hex `{hex}`");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
        .collect()
}

/// Every case of a corpus: each `*.json` file of `dir`, in name order, read as a `T`.
///
/// File names start with a number (`07-json-string.json`); a number used twice panics.
pub fn load_corpus<T: DeserializeOwned>(dir: &Path) -> Vec<(String, T)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut numbers = BTreeSet::new();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let number = name.split('-').next().unwrap_or_default().to_string();
            assert!(numbers.insert(number), "{name}: number used twice");
            let text = std::fs::read_to_string(&path).unwrap();
            let case = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{name}: not a valid case: {err}"));
            (name, case)
        })
        .collect()
}

/// Panics listing every case whose result is an error (`what` names the kind of case);
/// otherwise returns how many ran.
pub fn assert_cases_pass(what: &str, results: Vec<(String, Result<(), String>)>) -> usize {
    let ran = results.len();
    let failures: Vec<String> = results
        .into_iter()
        .filter_map(|(case, result)| result.err().map(|why| format!("{case}: {why}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {ran} {what} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    ran
}

/// The `(path, method)` pairs of the newest released baseline, `spec/released/<version>.json`
/// (written by `cargo xtask release-baseline`). Tests that script a call per method cover
/// these; a method added since is the next release's, and needs only its sandbox handler.
pub fn released_methods() -> BTreeSet<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/released");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    // The rule of `cargo xtask release-check`: each run of digits compares as a number, so
    // `v10` comes after `v9` and `v2` after `v1.10`.
    files.sort_by_key(|path| {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let numbers: Vec<u64> = stem
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| !run.is_empty())
            .map(|run| run.parse().unwrap_or(u64::MAX))
            .collect();
        (numbers, stem)
    });
    let newest = files
        .pop()
        .unwrap_or_else(|| panic!("no released baseline in {}", dir.display()));
    let text = std::fs::read_to_string(&newest).unwrap();
    let baseline: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", newest.display()));
    let text_at = |value: &serde_json::Value, key: &str| {
        value[key]
            .as_str()
            .unwrap_or_else(|| panic!("{}: `{key}` is not a string", newest.display()))
            .to_string()
    };
    let namespaces = baseline["namespaces"].as_array().into_iter().flatten();
    let methods: BTreeSet<(String, String)> = namespaces
        .flat_map(|ns| {
            let path = text_at(ns, "path");
            let methods = ns["methods"].as_array().into_iter().flatten();
            methods.map(move |m| (path.clone(), text_at(m, "name")))
        })
        .collect();
    assert!(!methods.is_empty(), "{}: no methods", newest.display());
    methods
}
