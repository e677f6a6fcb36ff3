//! No silent change, as a property: every key of every item kind of the format (the key lists
//! the raw structs declare, [`raw::keys`]) is mutated on the real spec; for each valid mutation,
//! if any generated file changes the diff reports something, and its verdicts are of the class
//! [`TABLE`] expects. A key added to the format fails this test until [`TABLE`] decides it.
//! Everything is rendered in memory.

use std::collections::BTreeMap;
use std::path::Path;

use crate::codegen::{self, LAYOUTS};
use crate::diff::{self, Bump, Report};
use crate::model::Api;
use crate::spec::raw;

mod table;

use table::TABLE;

/// What the report must say about a mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    /// Some audience breaks on the wire.
    Wire,
    /// Nothing breaks on the wire; some Rust user needs a minor or major version.
    Rust,
    /// Nothing breaks anywhere (docs, notes, places only the reference check reads).
    Quiet,
    /// A section whose keys are swept as an item kind of their own.
    Section,
}

use Expect::{Quiet, Rust, Section, Wire};

pub(super) struct Mutation {
    pub(super) kind: &'static str,
    pub(super) key: &'static str,
    pub(super) what: &'static str,
    pub(super) expect: Expect,
    pub(super) apply: fn(&mut Api),
}

pub(super) const fn m(
    kind: &'static str,
    key: &'static str,
    what: &'static str,
    expect: Expect,
    apply: fn(&mut Api),
) -> Mutation {
    Mutation {
        kind,
        key,
        what,
        expect,
        apply,
    }
}

/// Every item kind of the format, with the keys its raw struct accepts.
fn format_keys() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("ApiFile", raw::keys::<raw::ApiFile>()),
        ("ApiInfo", raw::keys::<raw::ApiInfo>()),
        ("Transport", raw::keys::<raw::Transport>()),
        ("ErrorDecl", raw::keys::<raw::ErrorDecl>()),
        ("MethodError", raw::keys::<raw::MethodError>()),
        ("NamedType", raw::keys::<raw::NamedType>()),
        ("EnumValue", raw::keys::<raw::EnumValue>()),
        ("Namespace", raw::keys::<raw::Namespace>()),
        ("Method", raw::keys::<raw::Method>()),
        ("Field", raw::keys::<raw::Field>()),
        ("Removal", raw::keys::<raw::Removal>()),
    ]
}

/// The generated files, by path.
fn render(api: &Api) -> Result<BTreeMap<String, String>, String> {
    let outputs = codegen::render(api, &LAYOUTS[0])?;
    Ok(outputs
        .into_iter()
        .map(|o| (o.path.to_string_lossy().into_owned(), o.contents))
        .collect())
}

fn class(report: &Report) -> Option<Expect> {
    if report.changes.is_empty() {
        return None;
    }
    if report.has_wire_breaking() {
        Some(Wire)
    } else if report
        .changes
        .iter()
        .any(|c| c.rust_client() > Bump::Patch || c.rust_server() > Bump::Patch)
    {
        Some(Rust)
    } else {
        Some(Quiet)
    }
}

#[test]
fn every_key_of_the_format_has_a_decided_verdict() {
    let mut undecided = Vec::new();
    for (kind, keys) in format_keys() {
        assert!(!keys.is_empty(), "{kind} lists no keys");
        for key in keys {
            if !TABLE.iter().any(|m| m.kind == kind && m.key == *key) {
                undecided.push(format!("{kind}.{key}"));
            }
        }
    }
    for m in TABLE {
        let known = format_keys()
            .iter()
            .any(|(kind, keys)| *kind == m.kind && keys.contains(&m.key));
        assert!(known, "{}.{} is not a key of the format", m.kind, m.key);
    }
    assert!(
        undecided.is_empty(),
        "keys of the format with no row in the sweep's TABLE (decide their verdicts): {undecided:?}"
    );
}

#[test]
fn no_change_to_the_real_spec_is_silent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let base =
        crate::spec::load(&root.join("spec/api.yaml")).unwrap_or_else(|r| panic!("{}", r.render()));
    let base_files = render(&base).unwrap();
    let mut problems = Vec::new();
    let mut swept = 0;
    for m in TABLE.iter().filter(|m| m.expect != Section) {
        let mut api = base.clone();
        (m.apply)(&mut api);
        let name = format!("{}.{} ({})", m.kind, m.key, m.what);
        if let Err(e) = crate::spec::check(&api) {
            problems.push(format!("{name}: the mutation is not a valid spec: {e}"));
            continue;
        }
        let files = match render(&api) {
            Ok(files) => files,
            Err(e) => {
                problems.push(format!("{name}: the generators fail: {e}"));
                continue;
            }
        };
        swept += 1;
        let report = diff::diff("base", &base, &api);
        let moved: Vec<&String> = files
            .iter()
            .filter(|(path, text)| base_files.get(*path) != Some(text))
            .map(|(path, _)| path)
            .chain(base_files.keys().filter(|p| !files.contains_key(*p)))
            .collect();
        let found = class(&report);
        if !moved.is_empty() && found.is_none() {
            problems.push(format!("{name}: silent, though {moved:?} changed"));
        } else if found.is_some() && found != Some(m.expect) {
            let changes: Vec<String> = report
                .changes
                .iter()
                .map(|c| {
                    format!(
                        "{} {} ({:?}/{:?}, {}/{})",
                        c.path,
                        c.kind.as_str(),
                        c.wire_old_clients,
                        c.wire_new_clients,
                        c.rust_client(),
                        c.rust_server()
                    )
                })
                .collect();
            problems.push(format!(
                "{name}: expected {:?}, the report says {found:?}: {changes:?}",
                m.expect
            ));
        } else if found.is_none() && m.expect != Quiet {
            problems.push(format!(
                "{name}: expected {:?}, nothing reported nor generated",
                m.expect
            ));
        }
    }
    assert!(swept > 50, "only {swept} mutations swept");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
