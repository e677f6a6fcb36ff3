//! The generator on the real spec and on synthetic specs 10× and 100× its size: the cost
//! per method must stay flat as the spec grows.

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
            let renamed = text
                .replace(
                    &format!("namespace: {name}"),
                    &format!("namespace: {name}{copy}"),
                )
                .replace(
                    &format!("path: {ns_path}"),
                    &format!("path: {ns_path}{copy}"),
                );
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

/// Seconds for one full run: load, validate and generate every artifact.
fn run_once(entry: &Path) -> f64 {
    let start = Instant::now();
    let api = xtask::spec::load(entry).unwrap_or_else(|r| panic!("{}", r.render()));
    std::hint::black_box(xtask::codegen::render(&api, &xtask::codegen::LAYOUTS[0]).unwrap());
    start.elapsed().as_secs_f64()
}

fn median_of(runs: usize, entry: &Path) -> f64 {
    let mut times: Vec<f64> = (0..runs).map(|_| run_once(entry)).collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let sizes = [(1, 9), (10, 5), (100, 3)];
    let specs: Vec<_> = sizes
        .iter()
        .zip(&dirs)
        .map(|(&(copies, _), d)| synthetic_spec(&root, d.path(), copies))
        .collect();
    println!("generator: load, validate and generate every artifact");
    let mut base_per_method = 0.0;
    for (&(copies, runs), (entry, methods)) in sizes.iter().zip(&specs) {
        let seconds = median_of(runs, entry);
        let per_method = seconds * 1e9 / *methods as f64;
        if copies == 1 {
            base_per_method = per_method;
        }
        let ratio = per_method / base_per_method;
        let verdict = if ratio <= 1.5 { "flat" } else { "GROWS" };
        println!(
            "  {copies:>3}× the spec ({methods:>5} methods): {:>10} in all, {:>10} per method, per-method ratio to 1×: {ratio:.2} ({verdict})",
            human(seconds * 1e9),
            human(per_method)
        );
    }
}
