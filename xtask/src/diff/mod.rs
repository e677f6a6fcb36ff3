//! `cargo xtask diff`: what changed between two versions of the spec, and whom it breaks.
//!
//! Both sides are loaded into the resolved [`Api`] model and compared there:
//! - [`compare`] walks the two models and records each change with its facts;
//! - [`classify`] holds every verdict rule (the only place that knows who breaks on what);
//! - [`markdown`] and [`json`] render the report;
//! - [`base`] loads the base spec from a git revision or a directory;
//! - [`released`] reads and writes the released baseline (`spec/released/<version>.json`).

pub mod base;
pub mod classify;
pub mod compare;
pub mod json;
mod kind;
pub mod markdown;
pub mod released;
#[cfg(test)]
mod sweep;

use std::fmt;
use std::path::Path;

use crate::model::Api;

pub use classify::Strictness;
pub use kind::Kind;

/// A wire verdict: whether one side's deployed code keeps working with the other side's new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wire {
    Compatible,
    Breaking,
}

impl Wire {
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Compatible => "compatible",
            Wire::Breaking => "breaking",
        }
    }
}

/// A semver bump a Rust crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The bump each generated crate needs for one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crates {
    pub types: Bump,
    pub client: Bump,
    pub server: Bump,
}

impl Crates {
    pub const PATCH: Crates = Crates {
        types: Bump::Patch,
        client: Bump::Patch,
        server: Bump::Patch,
    };

    pub fn max(self, other: Crates) -> Crates {
        Crates {
            types: self.types.max(other.types),
            client: self.client.max(other.client),
            server: self.server.max(other.server),
        }
    }

    /// The generated crates by their package names, with their bumps.
    pub fn named(self) -> [(&'static str, Bump); 3] {
        [
            ("centiacrm-types", self.types),
            ("centiacrm-client", self.client),
            ("centiacrm-server", self.server),
        ]
    }
}

/// One change, with a verdict per audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where: `Companies.GetCompanies.params.sort_by`, `types.Address.zip`.
    pub path: String,
    pub kind: Kind,
    pub detail: String,
    /// Clients already deployed, talking to the new server.
    pub wire_old_clients: Wire,
    /// New clients talking to a server already deployed.
    pub wire_new_clients: Wire,
    pub crates: Crates,
}

impl Change {
    /// Code using `centiacrm-client` and `centiacrm-types`.
    pub fn rust_client(&self) -> Bump {
        self.crates.types.max(self.crates.client)
    }

    /// Code implementing the `centiacrm-server` traits (which name `centiacrm-types`).
    pub fn rust_server(&self) -> Bump {
        self.crates.types.max(self.crates.server)
    }

    pub fn is_breaking_on_the_wire(&self) -> bool {
        self.wire_old_clients == Wire::Breaking || self.wire_new_clients == Wire::Breaking
    }
}

/// Whom a change can break: the four audiences every verdict is reasoned for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Audience {
    /// Clients already deployed, talking to the new server.
    OldClients,
    /// New clients talking to a server already deployed.
    NewClients,
    /// Rust code using `centiacrm-client` and `centiacrm-types`: broken by a major bump.
    RustClient,
    /// Rust code implementing the `centiacrm-server` traits: broken by a major bump.
    RustServer,
}

impl Audience {
    pub const ALL: [Audience; 4] = [
        Audience::OldClients,
        Audience::NewClients,
        Audience::RustClient,
        Audience::RustServer,
    ];

    /// As `--deny breaking:<audience>` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::OldClients => "old-clients",
            Audience::NewClients => "new-clients",
            Audience::RustClient => "rust-client",
            Audience::RustServer => "rust-server",
        }
    }

    /// In a sentence: "breaks deployed clients".
    pub fn words(self) -> &'static str {
        match self {
            Audience::OldClients => "deployed clients",
            Audience::NewClients => "new clients against a deployed server",
            Audience::RustClient => "Rust code using the client crates",
            Audience::RustServer => "implementers of the server traits",
        }
    }

    /// Whether `change` breaks this audience.
    pub fn breaks(self, change: &Change) -> bool {
        match self {
            Audience::OldClients => change.wire_old_clients == Wire::Breaking,
            Audience::NewClients => change.wire_new_clients == Wire::Breaking,
            Audience::RustClient => change.rust_client() == Bump::Major,
            Audience::RustServer => change.rust_server() == Bump::Major,
        }
    }

    /// A `--deny` value: `breaking` (on the wire, either way) or `breaking:<audience>`.
    pub fn parse_deny(text: &str) -> Result<Vec<Audience>, String> {
        let names = || {
            Audience::ALL
                .map(|a| format!("`breaking:{}`", a.as_str()))
                .join(", ")
        };
        match text.split_once(':') {
            None if text == "breaking" => Ok(vec![Audience::OldClients, Audience::NewClients]),
            Some(("breaking", audience)) => Audience::ALL
                .into_iter()
                .find(|a| a.as_str() == audience)
                .map(|a| vec![a])
                .ok_or_else(|| {
                    format!(
                        "unknown audience `{audience}`: deny one of {}, or `breaking` (on the wire, either way)",
                        names()
                    )
                }),
            _ => Err(format!(
                "unknown `--deny` value `{text}`: `breaking` (on the wire, either way), or one of {}",
                names()
            )),
        }
    }
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Report {
    /// What the base was, as the user named it (`HEAD`, `main`, a directory).
    pub base: String,
    pub old_version: String,
    pub new_version: String,
    pub changes: Vec<Change>,
    /// The server behaviour the wire verdicts assumed.
    pub strictness: Strictness,
}

impl Report {
    /// The bump each generated crate needs: the largest over all changes.
    pub fn crates(&self) -> Crates {
        self.changes
            .iter()
            .fold(Crates::PATCH, |all, c| all.max(c.crates))
    }

    /// Whether some change breaks deployed clients, so that `api.version` must change.
    pub fn api_version_bump_required(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.wire_old_clients == Wire::Breaking)
    }

    pub fn api_version_changed(&self) -> bool {
        self.old_version != self.new_version
    }

    pub fn has_wire_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking_on_the_wire)
    }
}

/// Compares `old` (the base) with `new` (the working spec).
pub fn diff(base: &str, old: &Api, new: &Api) -> Report {
    let sides = classify::Sides::of(old, new);
    let strictness = Strictness::of(&sides);
    let changes = compare::compare(old, new, &sides);
    Report {
        base: base.to_string(),
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
        strictness,
    }
}

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// `cargo xtask diff`'s options.
pub struct Options {
    pub base: Option<base::Base>,
    /// Compare with the released baseline in `spec/released/` instead.
    pub released: bool,
    /// The working spec's entry file, relative to `root`.
    pub spec: String,
    pub format: Format,
    /// Fail when a change breaks one of these audiences.
    pub deny: Vec<Audience>,
    /// Print a CHANGELOG.md entry instead of the report.
    pub changelog: bool,
}

/// What a command prints, and whether it failed.
pub struct Outcome {
    pub output: String,
    /// Why the command fails, if it does (printed after the output).
    pub failure: Option<String>,
}

/// `cargo xtask diff`.
pub fn run(root: &Path, options: &Options) -> Result<Outcome, String> {
    let new = load_working(root, &options.spec)?;
    let (label, old) = if options.released {
        let (file, api) = released::load_latest(root)?;
        (format!("`{file}`"), api)
    } else {
        let base = options
            .base
            .as_ref()
            .map_or_else(|| base::Base::Rev("HEAD".into()), |b| b.clone());
        let api = base::load(root, &base, &options.spec).map_err(|e| e.to_string())?;
        (base.label(), api)
    };
    let report = diff(&label, &old, &new);
    let output = match (options.changelog, options.format) {
        (true, Format::Markdown) => markdown::changelog(&report),
        (true, Format::Json) => pretty(&markdown::changelog_json(&report)),
        (false, Format::Markdown) => markdown::render(&report),
        (false, Format::Json) => pretty(&json::render(&report)),
    };
    Ok(Outcome {
        output,
        failure: denied(&report, &options.deny),
    })
}

fn pretty(value: &serde_json::Value) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("JSON serializes")
    )
}

/// Why `--deny` fails the run: how many changes break each denied audience.
fn denied(report: &Report, deny: &[Audience]) -> Option<String> {
    let mut audiences = deny.to_vec();
    audiences.sort();
    audiences.dedup();
    let lines: Vec<String> = audiences
        .iter()
        .filter_map(|audience| {
            let n = report.changes.iter().filter(|c| audience.breaks(c)).count();
            (n > 0).then(|| {
                format!(
                    "error: {n} change(s) break {} (--deny breaking:{})",
                    audience.words(),
                    audience.as_str()
                )
            })
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn load_working(root: &Path, spec: &str) -> Result<Api, String> {
    crate::spec::load(&root.join(spec)).map_err(|report| {
        format!(
            "{}error: the working spec has {} error(s); nothing was compared",
            report.render(),
            report.error_count()
        )
    })
}

/// `cargo xtask release-baseline`: writes the working spec's model as the released baseline
/// of its version.
pub fn write_baseline(root: &Path, spec: &str) -> Result<String, String> {
    let api = load_working(root, spec)?;
    let relative = released::path(&api.version);
    let path = root.join(&relative);
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&released::to_json(&api)).expect("JSON serializes")
    );
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|e| format!("error: cannot write {relative}: {e}"))?;
    Ok(format!(
        "wrote {relative}: the released baseline of `{}`",
        api.version
    ))
}

/// `cargo xtask release-check` (CI): a change that breaks deployed clients, compared with the
/// released baseline, needs a new `api.version` and a CHANGELOG.md entry for it.
pub fn release_check(root: &Path, spec: &str) -> Result<Outcome, String> {
    let new = load_working(root, spec)?;
    let (file, old) = released::load_latest(root)?;
    let report = diff(&format!("`{file}`"), &old, &new);
    let mut problems = Vec::new();
    if report.api_version_bump_required() {
        if !report.api_version_changed() {
            problems.push(format!(
                "these changes break deployed clients, but `api.version` is still `{}`: \
                 change it in {spec}",
                report.new_version
            ));
        }
        let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).unwrap_or_default();
        if !has_entry(&changelog, &report.new_version) {
            problems.push(format!(
                "CHANGELOG.md has no `## {}` entry; draft one with `cargo xtask diff --base-released --changelog`",
                report.new_version
            ));
        }
    }
    let failure = (!problems.is_empty()).then(|| {
        problems
            .iter()
            .map(|p| format!("error: {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(Outcome {
        output: markdown::render(&report),
        failure,
    })
}

/// Whether the changelog has a heading naming `version`.
pub fn has_entry(changelog: &str, version: &str) -> bool {
    changelog.lines().any(|line| {
        line.trim_start().starts_with('#')
            && line
                .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
                .any(|word| word == version)
    })
}
