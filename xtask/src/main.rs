//! `cargo xtask`: the project's own commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate the centiaCRM crates and docs from the spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the crates and docs from the spec (`--check`: only verify they are current).
    Codegen {
        /// Write nothing; fail if a generated file is missing or out of date.
        #[arg(long)]
        check: bool,
    },
    /// Load and validate the spec; with --json, print the resolved model.
    Spec {
        /// Print the resolved model (named types expanded in place) as JSON.
        #[arg(long)]
        json: bool,
        /// The spec's entry file.
        #[arg(long, default_value = "spec/api.yaml")]
        spec: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Paths are relative to the workspace root, wherever cargo was started.
    if let Err(err) = std::env::set_current_dir(workspace_root()) {
        eprintln!("error: cannot enter the workspace root: {err}");
        return ExitCode::FAILURE;
    }
    match cli.command {
        Command::Codegen { check } => match xtask::codegen::run(Path::new("."), check) {
            Ok(summary) => {
                eprintln!("{summary}");
                ExitCode::SUCCESS
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::FAILURE
            }
        },
        Command::Spec { json, spec } => match xtask::spec::load(&spec) {
            Ok(api) => {
                if json {
                    let json = serde_json::to_string_pretty(&xtask::spec::json::to_json(&api))
                        .expect("a JSON value serializes");
                    // A closed pipe (`| head`) is not worth a panic.
                    let _ = writeln!(std::io::stdout().lock(), "{json}");
                } else {
                    let methods = api.methods().count();
                    eprintln!(
                        "spec is valid: {} namespaces, {methods} methods, {} named types",
                        api.namespaces.len(),
                        api.types.len()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(report) => fail(&report),
        },
    }
}

fn fail(report: &xtask::spec::Report) -> ExitCode {
    eprint!("{}", report.render());
    eprintln!(
        "error: the spec has {} error(s); nothing was written",
        report.error_count()
    );
    ExitCode::FAILURE
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}
