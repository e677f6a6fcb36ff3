//! The generator on the real spec and on synthetic specs 10× and 100× its size, spread over
//! many namespace files and all in one: the cost per method must stay flat as the spec grows.

use std::path::Path;
use std::time::Instant;

use benchmarks::human;

/// Writes a spec with `copies` copies of every namespace of the real spec (renamed, so
/// that names stay unique) into `dir`; returns its entry file and its method count.
fn synthetic_spec(root: &Path, dir: &Path, copies: usize) -> (std::path::PathBuf, usize) {
    let spec = root.join("spec");
    std::fs::copy(spec.join("types.yaml"), dir.join("types.yaml")).unwrap();
    let api = std::fs::read_to_string(spec.join("api.yaml")).unwrap();
    let head = &api[..api.find("namespaces:").unwrap()];
    let mut entries = String::from("namespaces:\n");
    let mut methods = 0;
    for file in std::fs::read_dir(spec.join("namespaces")).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("namespace: "))
            .unwrap()
            .to_string();
        let ns_path = text
            .lines()
            .find_map(|l| l.strip_prefix("path: "))
            .unwrap()
            .to_string();
        for copy in 0..copies {
            // Methods are renamed too: the client's token shortcut (`login`) is one per
            // client, whatever the namespace.
            let renamed = text
                .replace(
                    &format!("namespace: {name}"),
                    &format!("namespace: {name}{copy}"),
                )
                .replace(
                    &format!("path: {ns_path}"),
                    &format!("path: {ns_path}{copy}"),
                )
                .lines()
                .map(|line| match line.strip_prefix("  - name: ") {
                    Some(method) => format!("  - name: {method}{copy}\n"),
                    None => format!("{line}\n"),
                })
                .collect::<String>();
            let file_name = format!("{ns_path}{copy}.yaml");
            std::fs::write(dir.join(&file_name), renamed).unwrap();
            entries.push_str(&format!("  - {file_name}\n"));
            methods += text.matches("\n  - name: ").count();
        }
    }
    let entry = dir.join("api.yaml");
    std::fs::write(&entry, format!("{head}{entries}")).unwrap();
    (entry, methods)
}

/// Writes a spec whose one namespace file holds `copies` copies of every method of the real
/// spec (renamed, so that names stay unique) into `dir`; returns its entry file and its
/// method count. Locating names in one large file is what once made loading quadratic.
fn single_file_spec(root: &Path, dir: &Path, copies: usize) -> (std::path::PathBuf, usize) {
    let spec = root.join("spec");
    std::fs::copy(spec.join("types.yaml"), dir.join("types.yaml")).unwrap();
    let api = std::fs::read_to_string(spec.join("api.yaml")).unwrap();
    let head = &api[..api.find("namespaces:").unwrap()];
    let mut bodies = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(spec.join("namespaces"))
        .unwrap()
        .map(|f| f.unwrap())
        .collect();
    files.sort_by_key(|f| f.file_name());
    for file in files {
        let text = std::fs::read_to_string(file.path()).unwrap();
        let body = &text[text.find("\nmethods:\n").unwrap() + "\nmethods:\n".len()..];
        bodies.push(body.to_string());
    }
    let mut all = String::from(
        "namespace: All\npath: all\ndoc: Every method, in one file — copied.\nmethods:\n",
    );
    let mut methods = 0;
    for copy in 0..copies {
        for (file, body) in bodies.iter().enumerate() {
            // Method names are the only names at this indentation. Two namespaces may both
            // have a `GetInputs`: the file's number keeps the copies apart.
            for line in body.lines() {
                match line.strip_prefix("  - name: ") {
                    Some(name) => {
                        all.push_str(&format!("  - name: {name}{copy}N{file}\n"));
                        methods += 1;
                    }
                    None => {
                        all.push_str(line);
                        all.push('\n');
                    }
                }
            }
        }
    }
    std::fs::write(dir.join("all.yaml"), all).unwrap();
    let entry = dir.join("api.yaml");
    std::fs::write(&entry, format!("{head}namespaces:\n  - all.yaml\n")).unwrap();
    (entry, methods)
}

/// Seconds for one full run: load, validate and generate every artifact.
fn run_once(entry: &Path) -> f64 {
    let start = Instant::now();
    let api = xtask::spec::load(entry).unwrap_or_else(|r| panic!("{}", r.render()));
    std::hint::black_box(xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[0]).unwrap());
    start.elapsed().as_secs_f64()
}

/// The fastest of `runs` runs, in seconds: load from other processes only ever adds time.
fn fastest_of(runs: usize, entry: &Path) -> f64 {
    (0..runs)
        .map(|_| run_once(entry))
        .fold(f64::INFINITY, f64::min)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dirs: Vec<_> = (0..5).map(|_| tempfile::tempdir().unwrap()).collect();
    // (copies, runs per round, in one file)
    let sizes = [
        (1, 5, false),
        (10, 2, false),
        (100, 1, false),
        (10, 2, true),
        (100, 1, true),
    ];
    let specs: Vec<_> = sizes
        .iter()
        .zip(&dirs)
        .map(|(&(copies, _, one_file), d)| {
            if one_file {
                single_file_spec(&root, d.path(), copies)
            } else {
                synthetic_spec(&root, d.path(), copies)
            }
        })
        .collect();
    // Every size in every round, the order rotated, so that the ratios compare runs made
    // close together in time on a machine whose load drifts.
    let rounds = 3;
    let mut per_method = vec![Vec::new(); sizes.len()];
    for round in 0..rounds {
        for k in 0..sizes.len() {
            let i = (round + k) % sizes.len();
            let (entry, methods) = &specs[i];
            per_method[i].push(fastest_of(sizes[i].1, entry) * 1e9 / *methods as f64);
        }
    }
    // The median over rounds of a ratio of two sizes' per-method times.
    let ratio = |a: usize, b: usize| {
        median(
            (0..rounds)
                .map(|r| per_method[a][r] / per_method[b][r])
                .collect(),
        )
    };
    println!("generator: load, validate and generate every artifact ({rounds} rounds)");
    for (i, &(copies, _, one_file)) in sizes.iter().enumerate() {
        let methods = specs[i].1;
        let time = median(per_method[i].clone());
        let to_1 = ratio(i, 0);
        let verdict = if to_1 <= 1.5 { "flat" } else { "GROWS" };
        let layout = if one_file {
            "in one file"
        } else {
            "in many files"
        };
        println!(
            "  {copies:>3}× the spec {layout:<13} ({methods:>5} methods): {:>10} in all, {:>10} per method, per-method ratio to 1×: {to_1:.2} ({verdict})",
            human(time * methods as f64),
            human(time)
        );
    }
    // Indices into `sizes`: 1: 10× and 2: 100× in many files, 3: 10× and 4: 100× in one.
    println!(
        "  per-method ratio ×100 / ×10: in many files {:.2}, in one file {:.2}; one file / many files: ×10 {:.2}, ×100 {:.2}",
        ratio(2, 1),
        ratio(4, 3),
        ratio(3, 1),
        ratio(4, 2)
    );
}
