//! `cargo xtask`: the project's own commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::diff::Audience;

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
        /// The spec's entry file (default: the checkout's spec/api.yaml; a path given is
        /// relative to the current directory).
        #[arg(long)]
        spec: Option<PathBuf>,
    },
    /// Compare the spec with a base: every change, whom it breaks, and the semver bumps.
    ///
    /// Exits 0 when nothing is denied, 1 when `--deny` found a change it denies, 2 when the
    /// two sides could not be compared.
    Diff {
        /// A git revision to compare with, read from git objects (default: HEAD).
        #[arg(long, conflicts_with_all = ["base_dir", "base_released"])]
        base: Option<String>,
        /// A checkout or spec folder to compare with (relative to the current directory).
        #[arg(long, conflicts_with = "base_released")]
        base_dir: Option<PathBuf>,
        /// Compare with the released baseline in spec/released/.
        #[arg(long)]
        base_released: bool,
        /// The working spec's entry file (default: the checkout's spec/api.yaml; a path given
        /// is relative to the current directory).
        #[arg(long)]
        spec: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
        /// Exit 1 if a change breaks an audience: `breaking` (on the wire, either way) or
        /// `breaking:AUDIENCE`, AUDIENCE one of old-clients (deployed clients against the new
        /// server), new-clients (new clients against a deployed server), rust-client (a major
        /// bump for code using the client crates), rust-server (a major bump for implementers
        /// of the server traits). Repeat to deny several.
        #[arg(long, value_name = "breaking[:AUDIENCE]", value_parser = parse_deny)]
        deny: Vec<Denied>,
        /// Print a draft CHANGELOG.md entry of what changed instead of the report (with
        /// `--format json`, its parts as JSON).
        #[arg(long)]
        changelog: bool,
    },
    /// Write the spec's resolved model as the released baseline, spec/released/<version>.json.
    ReleaseBaseline,
    /// Fail if the spec breaks deployed clients compared with the released baseline, unless
    /// `api.version` changed and CHANGELOG.md has an entry for it (CI runs this).
    ReleaseCheck,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

/// The audiences one `--deny` value names.
#[derive(Clone)]
struct Denied(Vec<Audience>);

fn parse_deny(text: &str) -> Result<Denied, String> {
    Audience::parse_deny(text).map(Denied)
}

/// Exit status of a command that could not do its job at all (`diff`, `release-check`):
/// distinct from 1, the check failing.
const COULD_NOT_RUN: u8 = 2;

/// The default spec, relative to the checkout.
const DEFAULT_SPEC: &str = "spec/api.yaml";

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Paths given on the command line are relative to the current directory; the command
    // then runs at the workspace root, and its default paths are relative to that.
    let current = match std::env::current_dir() {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("error: cannot read the current directory: {err}");
            return ExitCode::FAILURE;
        }
    };
    let root = match workspace_root() {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!(
            "error: cannot enter the workspace root {}: {err}",
            root.display()
        );
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
        Command::Spec { json, spec } => {
            let spec = spec.map_or_else(
                || PathBuf::from(DEFAULT_SPEC),
                |p| given(&current, &root, &p),
            );
            spec_command(&spec, json)
        }
        Command::Diff {
            base,
            base_dir,
            base_released,
            spec,
            format,
            deny,
            changelog,
        } => {
            use xtask::diff::{Format, Options, base::Base};
            let base_dir = base_dir.map(|dir| given(&current, &root, &dir));
            let spec = spec.map_or_else(
                || PathBuf::from(DEFAULT_SPEC),
                |p| given(&current, &root, &p),
            );
            let options = Options {
                base: base.map(Base::Rev).or(base_dir.map(Base::Dir)),
                released: base_released,
                spec: spec.to_string_lossy().into_owned(),
                format: match format {
                    DiffFormat::Markdown => Format::Markdown,
                    DiffFormat::Json => Format::Json,
                },
                deny: deny.into_iter().flat_map(|d| d.0).collect(),
                changelog,
            };
            finish(xtask::diff::run(Path::new("."), &options))
        }
        Command::ReleaseBaseline => {
            match xtask::diff::write_baseline(Path::new("."), DEFAULT_SPEC) {
                Ok(message) => {
                    eprintln!("{message}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::ReleaseCheck => finish(xtask::diff::release_check(Path::new("."), DEFAULT_SPEC)),
    }
}

/// `cargo xtask spec [--json]`.
fn spec_command(spec: &Path, json: bool) -> ExitCode {
    match xtask::spec::load(spec) {
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
    }
}

/// Where a path given on the command line points, from the workspace root (where the
/// command runs): relative to the current directory, shown relative to the root when
/// inside it, so that messages stay short.
fn given(current: &Path, root: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    let full = current.join(path);
    match full.strip_prefix(root) {
        Ok(inside) if inside.as_os_str().is_empty() => PathBuf::from("."),
        Ok(inside) => inside.to_path_buf(),
        Err(_) => full,
    }
}

/// Prints a command's output, then its failure, if any: exit 1 when the check failed, 2
/// when it could not be made.
fn finish(outcome: Result<xtask::diff::Outcome, String>) -> ExitCode {
    match outcome {
        Ok(outcome) => {
            let _ = write!(std::io::stdout().lock(), "{}", outcome.output);
            match outcome.failure {
                Some(why) => {
                    eprintln!("{why}");
                    ExitCode::FAILURE
                }
                None => ExitCode::SUCCESS,
            }
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(COULD_NOT_RUN)
        }
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

/// The checkout to act on, found at run time. Not the compile-time
/// `env!("CARGO_MANIFEST_DIR")`: clones that share one `CARGO_TARGET_DIR` share one binary,
/// built in whichever clone built it last.
///
/// `cargo xtask` (an alias of `cargo run`) sets `CARGO_MANIFEST_DIR` to `xtask/` of the
/// checkout cargo was started in; run directly, the binary looks in the current directory
/// and the ones above it.
fn workspace_root() -> Result<PathBuf, String> {
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest_dir = PathBuf::from(manifest_dir);
        if let Some(root) = manifest_dir.parent().filter(|dir| is_workspace_root(dir)) {
            return Ok(root.to_path_buf());
        }
    }
    let current = std::env::current_dir()
        .map_err(|err| format!("cannot read the current directory: {err}"))?;
    current
        .ancestors()
        .find(|dir| is_workspace_root(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "no centiaCRM checkout here: neither {} nor a folder above it holds Cargo.toml \
                 and spec/api.yaml; run `cargo xtask` inside the checkout",
                current.display()
            )
        })
}

fn is_workspace_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("spec/api.yaml").is_file()
}
