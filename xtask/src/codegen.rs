//! `cargo xtask codegen`: every generated file, written or checked.
//!
//! All outputs are computed before anything is written, so a failing run (a spec error, a
//! generator bug) leaves every file as it was. Only files whose contents changed are
//! rewritten, each through a temporary file renamed into place.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::generators::{self, Context};
use crate::model::Api;
use crate::spec::{self, Report};

/// Where one spec's artifacts go, relative to the workspace root, and the Rust paths the
/// generated code and the docs' snippets use.
pub struct Layout {
    pub spec: &'static str,
    pub types_file: &'static str,
    pub client_file: &'static str,
    pub server_file: &'static str,
    /// The folder of the Markdown and OpenAPI docs.
    pub docs_dir: &'static str,
    pub paths: RustPaths,
}

/// Rust paths, each as seen from where it is written.
pub struct RustPaths {
    /// The generated types, from the client and server files.
    pub types: &'static str,
    /// The runtime contract of each artifact: the `__codegen` module its file names,
    /// and nothing else of the runtime.
    pub types_runtime: &'static str,
    pub client_runtime: &'static str,
    pub server_runtime: &'static str,
    /// The generated types and the server's traits as a user of the crates names them, for
    /// the docs' Rust snippets.
    pub public_types: &'static str,
    pub public_server: &'static str,
    /// The module of the generated `Client`; where the dates and JSON types are; the
    /// types as the server's users name them; the server's runtime (`Authenticate`,
    /// `Context`).
    pub public_client: &'static str,
    pub public_dates: &'static str,
    pub public_server_types: &'static str,
    pub public_server_runtime: &'static str,
}

/// The real API, then the fixture specs whose output is compiled in `crates/codegen-fixtures`.
pub const LAYOUTS: &[Layout] = &[
    Layout {
        spec: "spec/api.yaml",
        types_file: "crates/centiacrm-types/src/generated.rs",
        client_file: "crates/centiacrm-client/src/generated.rs",
        server_file: "crates/centiacrm-server/src/generated.rs",
        docs_dir: "docs",
        paths: RustPaths {
            types: "centiacrm_types",
            types_runtime: "crate::__codegen",
            client_runtime: "crate::__codegen",
            server_runtime: "crate::__codegen",
            public_types: "centiacrm_client::types",
            public_server: "centiacrm_server",
            public_client: "centiacrm_client",
            public_dates: "centiacrm_client::types",
            public_server_types: "centiacrm_server::types",
            public_server_runtime: "centiacrm_server",
        },
    },
    Layout {
        spec: "xtask/tests/specs/good/features.yaml",
        types_file: "crates/codegen-fixtures/src/features/types.rs",
        client_file: "crates/codegen-fixtures/src/features/client.rs",
        server_file: "crates/codegen-fixtures/src/features/server.rs",
        docs_dir: "crates/codegen-fixtures/docs",
        paths: RustPaths {
            types: "crate::features::types",
            types_runtime: "centiacrm_types::__codegen",
            client_runtime: "centiacrm_client::__codegen",
            server_runtime: "centiacrm_server::__codegen",
            public_types: "codegen_fixtures::features::types",
            public_server: "codegen_fixtures::features::server",
            public_client: "codegen_fixtures::features::client",
            public_dates: "centiacrm_types",
            public_server_types: "codegen_fixtures::features::types",
            public_server_runtime: "centiacrm_server",
        },
    },
];

/// One generated file: its path relative to the workspace root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub contents: String,
}

pub enum Failure {
    Spec(Report),
    Generator {
        spec: String,
        message: String,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `--check` found files that differ from what the spec gives (`outdated`: missing or
    /// changed), or generated files that no spec item produces any more (`orphaned`).
    Stale {
        outdated: Vec<PathBuf>,
        orphaned: Vec<PathBuf>,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Spec(report) => {
                write!(
                    f,
                    "{}error: the spec has {} error(s); nothing was written",
                    report.render(),
                    report.error_count()
                )
            }
            Failure::Generator { spec, message } => write!(
                f,
                "error: generating from {spec}: {message}; nothing was written"
            ),
            Failure::Io { path, error } => {
                write!(f, "error: cannot write {}: {error}", path.display())
            }
            Failure::Stale { outdated, orphaned } => {
                writeln!(f, "error: generated files are out of date with the spec:")?;
                for p in outdated {
                    writeln!(f, "  {}", p.display())?;
                }
                for p in orphaned {
                    writeln!(
                        f,
                        "  {} (no spec item produces it any more; codegen removes it)",
                        p.display()
                    )?;
                }
                write!(f, "run `cargo xtask codegen` and commit the result")
            }
        }
    }
}

/// Every artifact of one API: the single entry point from the model to the files.
///
/// Fails only on a generator bug or a layout path that is not a Rust path.
pub fn render(api: &Api, layout: &Layout) -> Result<Vec<Output>, String> {
    let ctx = Context::new(api, layout)?;
    let mut outputs = vec![
        Output {
            path: layout.types_file.into(),
            contents: generators::types::generate(&ctx)?,
        },
        Output {
            path: layout.client_file.into(),
            contents: generators::client::generate(&ctx)?,
        },
        Output {
            path: layout.server_file.into(),
            contents: generators::server::generate(&ctx)?,
        },
    ];
    outputs.extend(
        generators::docs::generate(&ctx)
            .into_iter()
            .map(|d| Output {
                path: Path::new(layout.docs_dir).join(d.name),
                contents: d.contents,
            }),
    );
    Ok(outputs)
}

/// Every generated file for one layout, from the spec on disk under `root`.
pub fn generate(root: &Path, layout: &Layout) -> Result<Vec<Output>, Failure> {
    let api = spec::load(&root.join(layout.spec)).map_err(Failure::Spec)?;
    render(&api, layout).map_err(|message| Failure::Generator {
        spec: layout.spec.to_string(),
        message,
    })
}

/// Every generated file of every layout.
pub fn generate_all(root: &Path) -> Result<Vec<Output>, Failure> {
    let mut outputs = Vec::new();
    for layout in LAYOUTS {
        outputs.extend(generate(root, layout)?);
    }
    Ok(outputs)
}

/// The outputs whose file is missing or differs.
pub fn stale(root: &Path, outputs: &[Output]) -> Vec<PathBuf> {
    outputs
        .iter()
        .filter(|o| !o.is_current(root))
        .map(|o| o.path.clone())
        .collect()
}

/// The first line of every generated file that is not JSON says so with these words:
/// what `cargo xtask codegen` may remove once it no longer produces the file.
pub const GENERATED_MARK: &str = "@generated by `cargo xtask codegen`";

/// Generated files in a layout's docs folder that no output is any more: the page of a
/// removed namespace. Only files whose first line carries [`GENERATED_MARK`] are
/// candidates, so a file written by hand is never taken for one.
pub fn orphaned(root: &Path, outputs: &[Output]) -> Vec<PathBuf> {
    let produced: std::collections::HashSet<&Path> =
        outputs.iter().map(|o| o.path.as_path()).collect();
    let mut orphaned = Vec::new();
    for layout in LAYOUTS {
        let Ok(entries) = std::fs::read_dir(root.join(layout.docs_dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = Path::new(layout.docs_dir).join(entry.file_name());
            if !produced.contains(path.as_path()) && is_generated(&root.join(&path)) {
                orphaned.push(path);
            }
        }
    }
    orphaned.sort();
    orphaned
}

/// Whether the file's first line marks it as generated.
fn is_generated(path: &Path) -> bool {
    use std::io::{BufRead, Read};
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut first = String::new();
    // A first line is short; one that is not (or is not text) is no generated file's.
    let read = std::io::BufReader::new(file)
        .take(4096)
        .read_line(&mut first);
    read.is_ok() && first.contains(GENERATED_MARK)
}

impl Output {
    /// Whether the file under `root` already holds exactly these contents.
    fn is_current(&self, root: &Path) -> bool {
        std::fs::read_to_string(root.join(&self.path))
            .ok()
            .as_deref()
            == Some(self.contents.as_str())
    }
}

/// Writes the outputs that changed; returns their paths.
pub fn write(root: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, Failure> {
    let changed: Vec<&Output> = outputs.iter().filter(|o| !o.is_current(root)).collect();
    // Every temporary file first, then the renames: an error while writing changes nothing.
    let mut staged = Vec::new();
    for o in &changed {
        let path = root.join(&o.path);
        let tmp = path.with_extension("codegen-tmp");
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, &o.contents));
        if let Err(error) = result {
            for (tmp, _) in &staged {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(Failure::Io { path, error });
        }
        staged.push((tmp, path));
    }
    for (tmp, path) in &staged {
        std::fs::rename(tmp, path).map_err(|error| Failure::Io {
            path: path.clone(),
            error,
        })?;
    }
    Ok(changed.iter().map(|o| o.path.clone()).collect())
}

/// Removes the generated files that no output is any more.
pub fn remove_orphaned(root: &Path, orphaned: &[PathBuf]) -> Result<(), Failure> {
    for path in orphaned {
        std::fs::remove_file(root.join(path)).map_err(|error| Failure::Io {
            path: path.clone(),
            error,
        })?;
    }
    Ok(())
}

/// `cargo xtask codegen [--check]`.
pub fn run(root: &Path, check: bool) -> Result<String, Failure> {
    let outputs = generate_all(root)?;
    let orphaned = orphaned(root, &outputs);
    if check {
        let outdated = stale(root, &outputs);
        if outdated.is_empty() && orphaned.is_empty() {
            Ok(format!("{} generated files are up to date", outputs.len()))
        } else {
            Err(Failure::Stale { outdated, orphaned })
        }
    } else {
        let written = write(root, &outputs)?;
        remove_orphaned(root, &orphaned)?;
        let mut summary = format!(
            "{} generated files, {} rewritten",
            outputs.len(),
            written.len()
        );
        for p in written {
            summary.push_str(&format!("\n  {}", p.display()));
        }
        if !orphaned.is_empty() {
            summary.push_str(&format!(
                "\n{} removed, no spec item produces them any more",
                orphaned.len()
            ));
            for p in &orphaned {
                summary.push_str(&format!("\n  {}", p.display()));
            }
        }
        Ok(summary)
    }
}
