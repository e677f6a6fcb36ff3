//! The base to compare with: a git revision, read from git objects without touching the
//! work tree, or a directory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::model::Api;
use crate::spec;

#[derive(Debug, Clone)]
pub enum Base {
    /// A git revision of the repository at the workspace root.
    Rev(String),
    /// A checkout (holding `spec/api.yaml`) or a spec folder (holding `api.yaml`).
    Dir(PathBuf),
}

impl Base {
    /// How the report names the base.
    pub fn label(&self) -> String {
        match self {
            Base::Rev(rev) => format!("`{rev}`"),
            Base::Dir(dir) => format!("`{}`", dir.display()),
        }
    }
}

pub enum Error {
    UnknownRev {
        rev: String,
        git: String,
    },
    Git {
        what: String,
        message: String,
    },
    NoSpec {
        base: String,
        looked_for: String,
    },
    /// The base's spec does not load: its own diagnostics, with its paths as the base's.
    Spec {
        base: String,
        rendered: String,
        count: usize,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownRev { rev, git } => {
                write!(
                    f,
                    "error: the base `{rev}` is not a git revision of this repository"
                )?;
                if !git.is_empty() {
                    write!(f, " (git: {git})")?;
                }
                Ok(())
            }
            Error::Git { what, message } => write!(f, "error: git {what} failed: {message}"),
            Error::NoSpec { base, looked_for } => {
                write!(f, "error: the base {base} has no spec: no {looked_for}")
            }
            Error::Spec {
                base,
                rendered,
                count,
            } => write!(
                f,
                "{rendered}error: the base's spec ({base}) has {count} error(s); nothing was compared"
            ),
            Error::Io { path, error } => write!(f, "error: {}: {error}", path.display()),
        }
    }
}

/// Loads the base's spec; `entry` is the spec's entry file relative to a checkout's root.
pub fn load(root: &Path, base: &Base, entry: &str) -> Result<Api, Error> {
    match base {
        Base::Dir(dir) => {
            let candidates = [dir.join(entry), dir.join("api.yaml")];
            let Some(file) = candidates.iter().find(|p| p.is_file()) else {
                return Err(Error::NoSpec {
                    base: base.label(),
                    looked_for: format!("`{entry}` or `api.yaml` in it"),
                });
            };
            spec::load(file).map_err(|report| Error::Spec {
                base: base.label(),
                rendered: report.render(),
                count: report.error_count(),
            })
        }
        Base::Rev(rev) => from_git(root, rev, entry),
    }
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, Error> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| Error::Git {
            what: args.first().copied().unwrap_or_default().to_string(),
            message: e.to_string(),
        })
}

fn from_git(root: &Path, rev: &str, entry: &str) -> Result<Api, Error> {
    let verify = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        return Err(Error::UnknownRev {
            rev: rev.to_string(),
            git: String::from_utf8_lossy(&verify.stderr).trim().to_string(),
        });
    }
    let commit = String::from_utf8_lossy(&verify.stdout).trim().to_string();
    let spec_dir = Path::new(entry)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let listed = git(
        root,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            &commit,
            "--",
            &format!("{spec_dir}/"),
        ],
    )?;
    if !listed.status.success() {
        return Err(Error::Git {
            what: "ls-tree".into(),
            message: String::from_utf8_lossy(&listed.stderr).trim().to_string(),
        });
    }
    let files: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if !files.iter().any(|f| f == entry) {
        return Err(Error::NoSpec {
            base: format!("`{rev}`"),
            looked_for: format!("`{entry}` in that commit"),
        });
    }
    let dir = Scratch::new()?;
    for file in &files {
        let shown = git(root, &["show", &format!("{commit}:{file}")])?;
        if !shown.status.success() {
            return Err(Error::Git {
                what: "show".into(),
                message: String::from_utf8_lossy(&shown.stderr).trim().to_string(),
            });
        }
        let path = dir.0.join(file);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &shown.stdout));
        written.map_err(|error| Error::Io { path, error })?;
    }
    spec::load(&dir.0.join(entry)).map_err(|report| {
        // Name the files as git does (`main:spec/api.yaml`), not by the scratch folder.
        let prefix = format!("{}{}", dir.0.display(), std::path::MAIN_SEPARATOR);
        Error::Spec {
            base: format!("`{rev}`"),
            rendered: report.render().replace(&prefix, &format!("{rev}:")),
            count: report.error_count(),
        }
    })
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!("xtask-diff-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|error| Error::Io {
            path: path.clone(),
            error,
        })?;
        Ok(Self(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
