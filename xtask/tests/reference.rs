//! Cross-checks `spec/` against the API reference text, so that a method or a field
//! dropped or changed in the spec fails the build.
//!
//! The reference lives beside the checkout, in `../shared/seed/` (see the README). Where a
//! transcription deliberately departs from a table cell, the spec field carries a `note`.
//! Where the API itself moved on after the reference, the item (method, field or enum value)
//! carries `since: <version>`, and is skipped. An item of the reference removed from the spec
//! on purpose is listed in the spec's `removed:` (a method, a method's field, an enum value),
//! and skipped too. Any other difference is an error, an enum value missing from the
//! reference's "Supported options" included.

use std::path::{Path, PathBuf};

use xtask::model::{Api, Field, Method, Name, NamedKind, NamedType, Type};

const REFERENCE: &str = "../shared/seed/000_20e31356dd123f60.txt";

/// One table row of the reference.
#[derive(Debug)]
struct Row {
    /// `None` where the name cell was lost in extraction.
    name: Option<String>,
    optional: bool,
    ty: String,
    doc: String,
}

#[derive(Debug)]
struct RefMethod {
    name: String,
    summary: String,
    has_params: bool,
    params: Vec<Row>,
    response: Vec<Row>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The reference text. It sits beside every checkout (here and in CI): missing, the
/// tests fail rather than pass having checked nothing.
fn reference_text() -> String {
    let path = std::env::var_os("CENTIACRM_REFERENCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(REFERENCE));
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read the reference {}: {err}; it belongs beside the checkout in \
             ../shared/seed/, or set CENTIACRM_REFERENCE to it",
            path.display()
        )
    })
}

fn parse_reference(text: &str) -> Vec<RefMethod> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut methods = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A method opens with its name, its summary, then `Header` or `Request`.
        let opens = i + 2 < lines.len()
            && matches!(lines[i + 2], "Header" | "Request")
            && !lines[i].contains('|')
            && lines[i].chars().all(|c| c.is_ascii_alphabetic());
        if !opens {
            i += 1;
            continue;
        }
        let mut m = RefMethod {
            name: lines[i].to_string(),
            summary: lines[i + 1].to_string(),
            has_params: false,
            params: Vec::new(),
            response: Vec::new(),
        };
        i += 2;
        let mut section = "";
        while i < lines.len() && lines[i] != "Response error example" {
            let line = lines[i];
            match line {
                "Header" | "Request" | "Response" => section = line,
                _ if line.starts_with("error |") => i += 1, // the envelope's error row spans two lines
                _ => {
                    let (row, used) = parse_row(&lines[i..]);
                    i += used - 1;
                    if let Some(row) = row {
                        let envelope = [
                            "method",
                            "parameters",
                            "success",
                            "response",
                            "Field",
                            "Authorization",
                        ];
                        if row.name.as_deref().is_some_and(|n| envelope.contains(&n)) {
                            m.has_params |= row.name.as_deref() == Some("parameters");
                        } else if section == "Request" {
                            m.params.push(row);
                        } else if section == "Response" {
                            m.response.push(row);
                        }
                    }
                }
            }
            i += 1;
        }
        methods.push(m);
    }
    methods
}

/// Parses the row at the start of `lines`; returns it (if the lines hold one) and how many lines it used.
fn parse_row(lines: &[&str]) -> (Option<Row>, usize) {
    let cells =
        |line: &str| -> Vec<String> { line.split('|').map(|c| c.trim().to_string()).collect() };
    if lines.len() >= 3 && !lines[0].contains('|') && lines[1] == "|" {
        // A name alone, then `|`, then `type | doc |`: the page marked it optional.
        let c = cells(lines[2]);
        let row = Row {
            name: Some(lines[0].to_string()),
            optional: true,
            ty: c[0].clone(),
            doc: c[1].clone(),
        };
        return (Some(row), 3);
    }
    let c = cells(lines[0]);
    if c.len() < 4 || c[0].starts_with("---") {
        return (None, 1);
    }
    // `string | User email | |`: the name cell was lost, the rest moved left.
    let row = if c[2].is_empty() {
        Row {
            name: None,
            optional: false,
            ty: c[0].clone(),
            doc: c[1].clone(),
        }
    } else {
        Row {
            name: Some(c[0].clone()),
            optional: false,
            ty: c[1].clone(),
            doc: c[2].clone(),
        }
    };
    (Some(row), 1)
}

/// A spec field with the fields nested in it, in the order the reference lists them.
struct Flat<'a> {
    field: &'a Field,
    /// Nested in a named type: its doc is the type's, not the reference row's.
    nested: bool,
}

/// `keep` leaves out a field, and whatever is nested in it.
fn flatten<'a>(
    api: &'a Api,
    fields: &'a [Field],
    nested: bool,
    keep: &dyn Fn(&Field) -> bool,
    out: &mut Vec<Flat<'a>>,
) {
    for f in fields.iter().filter(|f| keep(f)) {
        out.push(Flat { field: f, nested });
        let inner = match &f.ty {
            Type::Named(n) => Some(n),
            Type::Array(t) => match t.as_ref() {
                Type::Named(n) => Some(n),
                _ => None,
            },
            _ => None,
        };
        if let Some(NamedKind::Object { fields }) =
            inner.and_then(|n| api.named(n)).map(|t| &t.kind)
        {
            flatten(api, fields, true, keep, out);
        }
    }
}

/// Whether the spec's type is a faithful reading of the reference's type cell.
fn same_type(api: &Api, reference: &str, ty: &Type) -> bool {
    let named_kind = |n: &str| api.named(n).map(|t| &t.kind);
    match (reference, ty) {
        ("string", Type::String | Type::Date(_)) => true,
        ("string", Type::Named(n)) => matches!(named_kind(n), Some(NamedKind::Enum { .. })),
        ("integer", Type::Integer) | ("float", Type::Number) | ("boolean", Type::Boolean) => true,
        ("array[]", Type::Array(_)) => true,
        // The reference writes `object[]` both for one object and for a list of them.
        ("object[]", Type::Named(n)) => matches!(
            named_kind(n),
            Some(NamedKind::Object { .. } | NamedKind::Open)
        ),
        ("object[]", Type::Array(inner)) => {
            matches!(inner.as_ref(), Type::Named(n) if matches!(named_kind(n), Some(NamedKind::Open)))
        }
        _ => false,
    }
}

/// The values a reference row lists as "Supported options: 'a', 'b' or 'c'".
fn supported_options(doc: &str) -> Option<Vec<&str>> {
    let (_, list) = doc.split_once("Supported options:")?;
    Some(list.split('\'').skip(1).step_by(2).collect())
}

/// The named enum a field's type is, or is an array of.
fn enum_of<'a>(api: &'a Api, ty: &Type) -> Option<&'a NamedType> {
    let name = match ty {
        Type::Named(n) => n,
        Type::Array(inner) => match inner.as_ref() {
            Type::Named(n) => n,
            _ => return None,
        },
        _ => return None,
    };
    let named = api.named(name)?;
    matches!(named.kind, NamedKind::Enum { .. }).then_some(named)
}

/// An enum's values against the options its reference row lists: a value dropped and a
/// value added without `since` are both departures.
fn compare_enum(
    what: &str,
    row: &Row,
    named: &NamedType,
    removed: &[&str],
    problems: &mut Vec<String>,
) {
    let NamedKind::Enum { values } = &named.kind else {
        return;
    };
    let Some(options) = supported_options(&row.doc) else {
        problems.push(format!(
            "{what}: enum `{}`, but the reference lists no supported options",
            named.name
        ));
        return;
    };
    let marked = |v: &str| named.values_since.iter().any(|(value, _)| value.text == v);
    for option in &options {
        let path = format!("types.{}.{option}", named.name);
        if !values.iter().any(|v| v.text == *option) && !removed.contains(&path.as_str()) {
            problems.push(format!(
                "{what}: the reference's option `{option}` is missing from enum `{}`",
                named.name
            ));
        }
    }
    for value in values {
        if !options.contains(&value.text.as_str()) && !marked(value) {
            problems.push(format!(
                "{what}: enum `{}` has `{value}`, which the reference doesn't list (and no `since`)",
                named.name
            ));
        }
    }
}

/// `prefix` is the fields' diff path (`Ns.Method.params`): a row whose field is listed in
/// `removed:` under it is skipped.
fn compare_fields(
    api: &Api,
    (what, prefix): (&str, &str),
    rows: &[Row],
    fields: &[Field],
    problems: &mut Vec<String>,
) {
    let removed = removed(api);
    let rows: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            let path = format!("{prefix}.{}", r.name.as_deref().unwrap_or("?"));
            !removed.contains(&path.as_str())
        })
        .collect();
    // A field marked `since` that the reference has a row for was changed: its row is
    // still matched, but not compared. One the reference has no row for was added.
    let has_row = |name: &str| rows.iter().any(|r| r.name.as_deref() == Some(name));
    let keep = |f: &Field| f.since.is_none() || has_row(&f.name.text);
    let mut flat = Vec::new();
    flatten(api, fields, false, &keep, &mut flat);
    if rows.len() != flat.len() {
        problems.push(format!(
            "{what}: the reference has {} rows ({:?}), the spec {} fields ({:?}) not marked `since`",
            rows.len(),
            rows.iter()
                .map(|r| r.name.as_deref().unwrap_or("?"))
                .collect::<Vec<_>>(),
            flat.len(),
            flat.iter()
                .map(|f| f.field.name.text.as_str())
                .collect::<Vec<_>>(),
        ));
        return;
    }
    for (row, Flat { field, nested }) in rows.iter().zip(flat) {
        let name = &field.name.text;
        let noted = field.note.is_some();
        match &row.name {
            Some(n) if n != name => problems.push(format!(
                "{what}: the reference has `{n}` where the spec has `{name}`"
            )),
            None if !noted => problems.push(format!(
                "{what}: `{name}` stands for a row without a name, but has no note"
            )),
            _ => {}
        }
        if field.since.is_some() {
            continue;
        }
        if row.optional == field.required && !noted {
            problems.push(format!(
                "{what}.{name}: the reference marks it {}, the spec does not (and has no note)",
                if row.optional { "optional" } else { "required" }
            ));
        }
        if !same_type(api, &row.ty, &field.ty) && !noted {
            problems.push(format!(
                "{what}.{name}: reference type `{}` does not match the spec's {:?} (and no note)",
                row.ty, field.ty
            ));
        }
        if let Some(named) = enum_of(api, &field.ty) {
            compare_enum(&format!("{what}.{name}"), row, named, &removed, problems);
        }
        if !nested && row.doc != field.doc {
            problems.push(format!(
                "{what}.{name}: doc differs:\n  reference: {}\n  spec:      {}",
                row.doc, field.doc
            ));
        }
    }
}

/// Every way the spec departs from the reference without a `note` or a `since`.
fn departures(api: &Api, reference: &[RefMethod]) -> Vec<String> {
    let mut problems = Vec::new();
    // Methods added after the reference are skipped; the rest are its methods, in order.
    let spec: Vec<_> = api.methods().filter(|(_, m)| m.since.is_none()).collect();
    let spec_names: Vec<_> = spec.iter().map(|(_, m)| m.name.text.as_str()).collect();
    // Methods removed on purpose (`removed: [{item: Ns.Method, ...}]`) are skipped too.
    let removed = removed(api);
    let gone = |name: &str| {
        removed
            .iter()
            .any(|r| r.split('.').nth(1) == Some(name) && r.split('.').count() == 2)
    };
    let reference: Vec<&RefMethod> = reference.iter().filter(|m| !gone(&m.name)).collect();
    let reference_names: Vec<_> = reference.iter().map(|m| m.name.as_str()).collect();
    if spec_names != reference_names {
        problems.push(format!(
            "the spec's methods not marked `since`, in order, must be the reference's:\n  reference: {reference_names:?}\n  spec:      {spec_names:?}"
        ));
        return problems;
    }
    for ((ns, m), r) in spec.iter().zip(reference) {
        let what = format!("{}.{}", ns.name, m.name);
        if m.summary != r.summary {
            problems.push(format!(
                "{what}: summary `{}` differs from the reference's `{}`",
                m.summary, r.summary
            ));
        }
        if m.params.is_empty() == r.has_params {
            problems.push(format!(
                "{what}: the reference {} a `parameters` object",
                if r.has_params { "has" } else { "has no" }
            ));
        }
        if m.auth != (m.name.text != "Login") {
            problems.push(format!("{what}: only Auth.Login goes without the token"));
        }
        let (params, params_path) = (format!("{what} params"), format!("{what}.params"));
        let at = (params.as_str(), params_path.as_str());
        compare_fields(api, at, &r.params, &m.params, &mut problems);
        let (response, response_path) = (format!("{what} response"), format!("{what}.response"));
        let at = (response.as_str(), response_path.as_str());
        compare_fields(api, at, &r.response, &m.response, &mut problems);
    }
    problems
}

/// The diff paths the spec's `removed:` lists.
fn removed(api: &Api) -> Vec<&str> {
    api.removed.iter().map(|r| r.item.text.as_str()).collect()
}

fn spec() -> Api {
    xtask::spec::load(&workspace_root().join("spec/api.yaml"))
        .unwrap_or_else(|r| panic!("{}", r.render()))
}

#[test]
fn spec_matches_the_reference() {
    let text = reference_text();
    let reference = parse_reference(&text);
    assert!(
        !reference.is_empty(),
        "the reference parser found no method"
    );
    let problems = departures(&spec(), &reference);
    assert!(
        problems.is_empty(),
        "the spec departs from the reference:\n{}",
        problems.join("\n")
    );
}

fn namespace_mut<'a>(api: &'a mut Api, name: &str) -> &'a mut xtask::model::Namespace {
    api.namespaces
        .iter_mut()
        .find(|n| n.name.text == name)
        .unwrap()
}

/// The method `ns.name` of a loaded spec, to change in a test.
fn method_mut<'a>(api: &'a mut Api, ns: &str, name: &str) -> &'a mut Method {
    let ns = api
        .namespaces
        .iter_mut()
        .find(|n| n.name.text == ns)
        .unwrap();
    ns.methods.iter_mut().find(|m| m.name.text == name).unwrap()
}

/// The values of the enum `name` of a loaded spec, to change in a test.
fn enum_values_mut<'a>(api: &'a mut Api, name: &str) -> &'a mut Vec<Name> {
    let named = api.types.iter_mut().find(|t| t.name.text == name).unwrap();
    match &mut named.kind {
        NamedKind::Enum { values } => values,
        _ => panic!("`{name}` is not an enum"),
    }
}

/// A name where the spec has none: what tests add.
fn name(text: &str, like: &Name) -> Name {
    Name {
        text: text.to_string(),
        loc: like.loc.clone(),
    }
}

#[track_caller]
fn expect_departure(api: &Api, reference: &[RefMethod], what: &str) {
    let problems = departures(api, reference);
    assert!(
        problems.iter().any(|p| p.contains(what)),
        "expected a departure mentioning {what:?}, got {problems:?}"
    );
}

/// Each kind of departure is found, and `since` silences exactly the item it marks.
#[test]
fn departures_are_found_unless_marked_since() {
    let text = reference_text();
    let reference = parse_reference(&text);
    let found = |api: &Api, what: &str| expect_departure(api, &reference, what);

    // A dropped enum value.
    let mut api = spec();
    let values = enum_values_mut(&mut api, "OpportunityStatus");
    values.retain(|v| v.text != "won");
    found(
        &api,
        "option `won` is missing from enum `OpportunityStatus`",
    );

    // An enum value added: a departure, unless marked.
    let mut api = spec();
    let values = enum_values_mut(&mut api, "OpportunityStatus");
    let archived = name("archived", &values[0]);
    values.push(archived.clone());
    found(&api, "has `archived`, which the reference doesn't list");
    let since = name("v2", &archived);
    let status = api
        .types
        .iter_mut()
        .find(|t| t.name.text == "OpportunityStatus")
        .unwrap();
    status.values_since.push((archived, since.clone()));
    assert_eq!(departures(&api, &reference), Vec::<String>::new());

    // A response field added: a departure, unless marked.
    let mut api = spec();
    let tickets = method_mut(&mut api, "Tickets", "GetTickets");
    let mut added = tickets.response[0].clone();
    added.name = name("archived_count", &added.name);
    added.required = false;
    tickets.response.push(added);
    found(&api, "GetTickets response: the reference has");
    method_mut(&mut api, "Tickets", "GetTickets")
        .response
        .last_mut()
        .unwrap()
        .since = Some(since.clone());
    assert_eq!(departures(&api, &reference), Vec::<String>::new());

    // A field's type changed: a departure, unless marked (the row is still matched by name).
    let mut api = spec();
    let login = method_mut(&mut api, "Auth", "Login");
    login.params[1].ty = Type::Integer;
    found(&api, "Auth.Login params.password: reference type `string`");
    method_mut(&mut api, "Auth", "Login").params[1].since = Some(since.clone());
    assert_eq!(departures(&api, &reference), Vec::<String>::new());

    // A method added: a departure, unless marked.
    let mut api = spec();
    let tickets = namespace_mut(&mut api, "Tickets");
    let mut added = tickets.methods[0].clone();
    added.name = name("ArchiveTicket", &added.name);
    tickets.methods.push(added);
    found(&api, "in order, must be the reference's");
    method_mut(&mut api, "Tickets", "ArchiveTicket").since = Some(since);
    assert_eq!(departures(&api, &reference), Vec::<String>::new());
}

/// A removal marker for `path`, as `removed:` writes it.
fn removal(path: &str) -> xtask::model::Removal {
    xtask::model::Removal {
        item: Name::unplaced(path),
        since: Name::unplaced("v2"),
        note: Some("Removed on purpose.".into()),
    }
}

/// A field, a method or an enum value removed from the spec is a departure, unless
/// `removed:` lists it; a marker silences exactly its item.
#[test]
fn departures_are_found_unless_marked_removed() {
    let text = reference_text();
    let reference = parse_reference(&text);
    let found = |api: &Api, what: &str| expect_departure(api, &reference, what);

    let mut api = spec();
    let first = method_mut(&mut api, "Tickets", "GetTickets")
        .response
        .remove(0)
        .name
        .text;
    found(&api, "GetTickets response: the reference has");
    api.removed
        .push(removal("Tickets.GetTickets.response.wrong"));
    found(&api, "GetTickets response: the reference has");
    api.removed = vec![removal(&format!("Tickets.GetTickets.response.{first}"))];
    assert_eq!(departures(&api, &reference), Vec::<String>::new());

    let mut api = spec();
    enum_values_mut(&mut api, "OpportunityStatus").retain(|v| v.text != "won");
    found(&api, "option `won` is missing");
    api.removed.push(removal("types.OpportunityStatus.won"));
    assert_eq!(departures(&api, &reference), Vec::<String>::new());

    let mut api = spec();
    let tickets = namespace_mut(&mut api, "Tickets");
    let gone = tickets.methods.remove(0).name.text;
    found(&api, "in order, must be the reference's");
    api.removed.push(removal(&format!("Tickets.{gone}")));
    assert_eq!(departures(&api, &reference), Vec::<String>::new());
}

#[test]
fn the_reference_parser_sees_optional_and_lost_cells() {
    let text = "Login\nObtain\nRequest\nField | Type | Description |\n---|---|---|\nmethod | string | \"Login\" |\n\
                string | User email | |\nwith_x\n|\nboolean | Flag |\nResponse\nResponse error example\n";
    let methods = parse_reference(text);
    assert_eq!(methods.len(), 1);
    let p = &methods[0].params;
    assert_eq!(p.len(), 2);
    assert!(p[0].name.is_none() && p[0].ty == "string");
    assert!(p[1].optional && p[1].name.as_deref() == Some("with_x") && p[1].ty == "boolean");
}
