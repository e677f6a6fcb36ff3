//! The sweep's table: for each key of the format, the mutations that try it on the real spec
//! and the verdict class each must get.

use super::Expect::{Quiet, Rust, Section, Wire};
use super::{Mutation, m};
use crate::model::{
    Api, Deprecation, ErrorKind, Field, Method, MethodError, Name, NamedKind, Removal,
    ResponseLeniency, Type, UnknownKeys,
};

fn method<'a>(api: &'a mut Api, ns: &str, name: &str) -> &'a mut Method {
    api.namespaces
        .iter_mut()
        .find(|n| n.name.text == ns)
        .and_then(|n| n.methods.iter_mut().find(|m| m.name.text == name))
        .unwrap_or_else(|| panic!("the real spec has {ns}.{name}"))
}

fn param<'a>(api: &'a mut Api, ns: &str, name: &str, field: &str) -> &'a mut Field {
    let m = method(api, ns, name);
    m.params
        .iter_mut()
        .find(|f| f.name.text == field)
        .unwrap_or_else(|| panic!("{ns}.{name} has {field}"))
}

fn field(name: &str, ty: Type, required: bool) -> Field {
    Field {
        name: Name::unplaced(name),
        required,
        secret: false,
        doc: "Added by the sweep".into(),
        note: None,
        ty,
        type_loc: Default::default(),
        constraints: Default::default(),
        since: None,
        deprecated: None,
        constraint_locs: Vec::new(),
    }
}

fn named_fields<'a>(api: &'a mut Api, name: &str) -> &'a mut Vec<Field> {
    let t = api.types.iter_mut().find(|t| t.name.text == name).unwrap();
    match &mut t.kind {
        NamedKind::Object { fields } => fields,
        _ => panic!("{name} is an object"),
    }
}

fn enum_values<'a>(api: &'a mut Api, name: &str) -> &'a mut Vec<Name> {
    let t = api.types.iter_mut().find(|t| t.name.text == name).unwrap();
    match &mut t.kind {
        NamedKind::Enum { values } => values,
        _ => panic!("{name} is an enum"),
    }
}

fn rename_error(api: &mut Api, from: &str, to: &str) {
    for e in &mut api.errors {
        if e.code.text == from {
            e.code = Name::unplaced(to);
        }
    }
    for ns in &mut api.namespaces {
        for m in &mut ns.methods {
            for e in &mut m.errors {
                if e.code.text == from {
                    e.code = Name::unplaced(to);
                }
            }
        }
    }
}

fn deprecation(since: Option<&str>) -> Deprecation {
    Deprecation {
        note: "Use another.".into(),
        since: since.map(Name::unplaced),
    }
}

fn deprecate_value(api: &mut Api, name: &str, value: &str, since: Option<&str>) {
    let t = api.types.iter_mut().find(|t| t.name.text == name).unwrap();
    t.values_deprecated
        .push((Name::unplaced(value), deprecation(since)));
}

fn mark_removed(api: &mut Api, item: &str, note: Option<&str>) {
    api.removed.push(Removal {
        item: Name::unplaced(item),
        since: Name::unplaced("v1"),
        note: note.map(String::from),
    });
}

fn error(code: &str, status: u16) -> ErrorKind {
    ErrorKind {
        code: Name::unplaced(code),
        status,
        doc: "Added by the sweep.".into(),
        note: None,
    }
}
/// The expected verdict class of each key's mutations. Every key of the format needs a row.
pub(super) const TABLE: &[Mutation] = &[
    m("ApiFile", "api", "the api section", Section, |_| {}),
    m(
        "ApiFile",
        "transport",
        "the transport section",
        Section,
        |_| {},
    ),
    m("ApiFile", "errors", "a domain error declared", Rust, |a| {
        a.errors.push(error("gone", 410))
    }),
    m("ApiFile", "types", "an unused enum added", Rust, |a| {
        let mut t = a
            .types
            .iter()
            .find(|t| t.name.text == "ProspectType")
            .unwrap()
            .clone();
        t.name = Name::unplaced("Unused");
        a.types.push(t);
    }),
    m("ApiFile", "namespaces", "a namespace added", Wire, |a| {
        let mut ns = a.namespaces.last().unwrap().clone();
        ns.name = Name::unplaced("Extras");
        ns.path = Name::unplaced("extras");
        a.namespaces.push(ns);
    }),
    m("ApiFile", "removed", "a removal marked", Quiet, |a| {
        mark_removed(a, "Tickets.ArchiveTicket", None)
    }),
    m(
        "Removal",
        "item",
        "an enum value marked removed",
        Quiet,
        |a| mark_removed(a, "types.OpportunityStatus.archived", None),
    ),
    m("Removal", "since", "a removal since v1", Quiet, |a| {
        mark_removed(a, "Tickets.GetTickets.params.archived", None)
    }),
    m("Removal", "note", "a removal with a note", Quiet, |a| {
        mark_removed(a, "Tickets.ArchiveTicket", Some("Gone."))
    }),
    m("ApiInfo", "name", "the API renamed", Quiet, |a| {
        a.name = "Other".into()
    }),
    m("ApiInfo", "version", "the version changed", Quiet, |a| {
        a.version = "v2".into()
    }),
    m("ApiInfo", "doc", "the API doc", Quiet, |a| {
        a.doc.push_str(" More.")
    }),
    m("ApiInfo", "license", "another licence", Quiet, |a| {
        a.license = Some("Apache-2.0".into())
    }),
    m("Transport", "base_url", "another base URL", Wire, |a| {
        a.transport.base_url = "https://example.test/api".into()
    }),
    m("Transport", "base_url_note", "prose", Quiet, |a| {
        a.transport.base_url_note.push_str(" More.")
    }),
    m("Transport", "auth", "prose", Quiet, |a| {
        a.transport.auth.push_str(" More.")
    }),
    m("Transport", "request", "prose", Quiet, |a| {
        a.transport.request.push_str(" More.")
    }),
    m("Transport", "response", "prose", Quiet, |a| {
        a.transport.response.push_str(" More.")
    }),
    m("Transport", "response_note", "prose", Quiet, |a| {
        a.transport.response_note.push_str(" More.")
    }),
    m(
        "Transport",
        "unknown_keys",
        "reject → ignore",
        Wire,
        |a| a.transport.unknown_keys = UnknownKeys::Ignore,
    ),
    m("Transport", "unknown_keys_note", "prose", Quiet, |a| {
        a.transport.unknown_keys_note.push_str(" More.")
    }),
    m(
        "Transport",
        "response_leniency",
        "unknown keys withdrawn",
        Wire,
        |a| {
            a.transport
                .response_leniency
                .retain(|l| *l != ResponseLeniency::UnknownKeys)
        },
    ),
    m(
        "Transport",
        "response_leniency",
        "one-element arrays withdrawn",
        Wire,
        |a| {
            a.transport
                .response_leniency
                .retain(|l| *l != ResponseLeniency::OneElementArrays)
        },
    ),
    m(
        "Transport",
        "errors",
        "a transport error declared",
        Wire,
        |a| a.transport.errors.push(error("gone", 410)),
    ),
    m(
        "ErrorDecl",
        "code",
        "a domain error's code changed",
        Wire,
        |a| rename_error(a, "conflict", "duplicate"),
    ),
    m(
        "ErrorDecl",
        "status",
        "a domain error's status changed",
        Wire,
        |a| {
            a.errors
                .iter_mut()
                .find(|e| e.code.text == "conflict")
                .unwrap()
                .status = 422
        },
    ),
    m(
        "ErrorDecl",
        "status",
        "a transport error's status changed",
        Wire,
        |a| a.transport.errors[0].status = 422,
    ),
    m("ErrorDecl", "doc", "an error's doc", Quiet, |a| {
        a.errors[0].doc.push_str(" More.")
    }),
    m("ErrorDecl", "note", "an error's note", Quiet, |a| {
        a.errors[1].note = Some("A note.".into())
    }),
    m(
        "MethodError",
        "code",
        "a method lists another error",
        Wire,
        |a| method(a, "Contacts", "CreateContact").errors[1].code = Name::unplaced("rule_broken"),
    ),
    m("MethodError", "when", "when it answers it", Quiet, |a| {
        method(a, "Contacts", "CreateContact").errors[0]
            .when
            .push_str(" More.")
    }),
    m("NamedType", "doc", "a type's doc", Quiet, |a| {
        a.types[0].doc.push_str(" More.")
    }),
    m(
        "NamedType",
        "fields",
        "an optional field in a request type",
        Wire,
        |a| named_fields(a, "DateRange").push(field("inclusive", Type::Boolean, false)),
    ),
    m(
        "NamedType",
        "open",
        "an open response type documented",
        Wire,
        |a| {
            let t = a
                .types
                .iter_mut()
                .find(|t| t.name.text == "Company")
                .unwrap();
            t.kind = NamedKind::Object {
                fields: vec![field("id", Type::Integer, true)],
            };
        },
    ),
    m(
        "NamedType",
        "enum",
        "a request enum value added",
        Wire,
        |a| enum_values(a, "OpportunityStatus").push(Name::unplaced("archived")),
    ),
    m("EnumValue", "value", "an enum value renamed", Wire, |a| {
        enum_values(a, "OpportunityStatus")[2] = Name::unplaced("closed_won")
    }),
    m(
        "EnumValue",
        "value",
        "an enum value's case changed",
        Wire,
        |a| enum_values(a, "OpportunityStatus")[2] = Name::unplaced("WON"),
    ),
    m(
        "EnumValue",
        "since",
        "an enum value marked since",
        Quiet,
        |a| {
            let t = a
                .types
                .iter_mut()
                .find(|t| t.name.text == "OpportunityStatus")
                .unwrap();
            t.values_since
                .push((Name::unplaced("lost"), Name::unplaced("v1")));
        },
    ),
    m(
        "Namespace",
        "deprecated",
        "a namespace deprecated",
        Rust,
        |a| a.namespaces.last_mut().unwrap().deprecated = Some(deprecation(None)),
    ),
    m(
        "Namespace",
        "deprecated_since",
        "a namespace deprecated since v1",
        Rust,
        |a| a.namespaces.last_mut().unwrap().deprecated = Some(deprecation(Some("v1"))),
    ),
    m("Method", "deprecated", "a method deprecated", Rust, |a| {
        method(a, "Tickets", "GetTickets").deprecated = Some(deprecation(None))
    }),
    m(
        "Method",
        "deprecated_since",
        "a method deprecated since v1",
        Rust,
        |a| method(a, "Tickets", "GetTickets").deprecated = Some(deprecation(Some("v1"))),
    ),
    m("Field", "deprecated", "a parameter deprecated", Rust, |a| {
        param(a, "Profiles", "GetStages", "profile_id").deprecated = Some(deprecation(None))
    }),
    m(
        "Field",
        "deprecated_since",
        "a response field deprecated since v1",
        Rust,
        |a| {
            method(a, "Tickets", "GetTickets").response[0].deprecated =
                Some(deprecation(Some("v1")))
        },
    ),
    m(
        "EnumValue",
        "deprecated",
        "an enum value deprecated",
        Rust,
        |a| deprecate_value(a, "OpportunityStatus", "lost", None),
    ),
    m(
        "EnumValue",
        "deprecated_since",
        "an enum value deprecated since v1",
        Rust,
        |a| deprecate_value(a, "OpportunityStatus", "lost", Some("v1")),
    ),
    m("Namespace", "namespace", "renamed, path kept", Rust, |a| {
        a.namespaces.last_mut().unwrap().name = Name::unplaced("Tasks")
    }),
    m(
        "Namespace",
        "namespace",
        "renamed in case only",
        Quiet,
        |a| a.namespaces.last_mut().unwrap().name = Name::unplaced("TICKETS"),
    ),
    m("Namespace", "path", "another path", Wire, |a| {
        a.namespaces.last_mut().unwrap().path = Name::unplaced("tasks")
    }),
    m("Namespace", "doc", "a namespace's doc", Quiet, |a| {
        a.namespaces[0].doc.push_str(" More.")
    }),
    m("Namespace", "methods", "a method added", Wire, |a| {
        let ns = a.namespaces.last_mut().unwrap();
        let mut copy = ns.methods[0].clone();
        copy.name = Name::unplaced("GetTicketsAgain");
        ns.methods.push(copy);
    }),
    m("Method", "name", "a method renamed", Wire, |a| {
        method(a, "Tickets", "GetTickets").name = Name::unplaced("ListTickets")
    }),
    m("Method", "name", "a method's case changed", Wire, |a| {
        method(a, "Tickets", "GetTickets").name = Name::unplaced("getTickets")
    }),
    m("Method", "summary", "a summary", Quiet, |a| {
        method(a, "Tickets", "GetTickets")
            .summary
            .push_str(" again")
    }),
    m("Method", "auth", "auth dropped", Wire, |a| {
        method(a, "Tickets", "GetTickets").auth = false
    }),
    m(
        "Method",
        "params",
        "a parameter-less method takes one",
        Wire,
        |a| {
            let m = method(a, "Profiles", "GetProfiles");
            m.params.push(field("limit", Type::Integer, false));
        },
    ),
    m(
        "Method",
        "params",
        "the login parameters swapped (by role, the shortcut keeps its order)",
        Quiet,
        |a| method(a, "Auth", "Login").params.swap(0, 1),
    ),
    m(
        "Method",
        "response",
        "an optional response field",
        Rust,
        |a| {
            let m = method(a, "Tickets", "GetTickets");
            m.response.push(field("count", Type::Integer, false));
        },
    ),
    m(
        "Method",
        "response",
        "a required response field removed",
        Wire,
        |a| {
            method(a, "Tickets", "GetTickets").response.clear();
            let m = method(a, "Tickets", "GetTickets");
            m.response.push(field("count", Type::Integer, false));
        },
    ),
    m("Method", "paginated", "pagination removed", Rust, |a| {
        method(a, "Companies", "GetCompanies").paginated = None
    }),
    m("Method", "token", "the token shortcut removed", Rust, |a| {
        method(a, "Auth", "Login").token = None
    }),
    m("Method", "idempotent", "idempotency dropped", Wire, |a| {
        method(a, "Tickets", "GetTickets").idempotent = false
    }),
    m("Method", "idempotent", "idempotency added", Wire, |a| {
        method(a, "Tickets", "CreateTicket").idempotent = true
    }),
    m("Method", "note", "a method note", Quiet, |a| {
        method(a, "Tickets", "GetTickets").note = Some("A note.".into())
    }),
    m("Method", "since", "a method marked since", Quiet, |a| {
        method(a, "Tickets", "GetTickets").since = Some(Name::unplaced("v1"))
    }),
    m("Method", "errors", "a method error listed", Wire, |a| {
        method(a, "Tickets", "GetTickets").errors.push(MethodError {
            code: Name::unplaced("conflict"),
            when: "never".into(),
        })
    }),
    m("Method", "errors", "a method error unlisted", Wire, |a| {
        method(a, "Tickets", "GetTickets").errors.clear()
    }),
    m("Field", "name", "a parameter renamed", Wire, |a| {
        param(a, "Profiles", "GetStages", "profile_id").name = Name::unplaced("profile")
    }),
    m("Field", "name", "a parameter's case changed", Wire, |a| {
        param(a, "Profiles", "GetStages", "profile_id").name = Name::unplaced("profileId")
    }),
    m("Field", "type", "a parameter's type", Wire, |a| {
        param(a, "Profiles", "GetStages", "profile_id").ty = Type::String
    }),
    m("Field", "doc", "a field's doc", Quiet, |a| {
        param(a, "Profiles", "GetStages", "profile_id")
            .doc
            .push_str(" More.")
    }),
    m(
        "Field",
        "optional",
        "a parameter made optional",
        Wire,
        |a| param(a, "Profiles", "GetStages", "profile_id").required = false,
    ),
    m("Field", "secret", "a secret no longer secret", Quiet, |a| {
        param(a, "Auth", "Login", "password").secret = false
    }),
    m("Field", "note", "a field's note", Quiet, |a| {
        param(a, "Profiles", "GetStages", "profile_id").note = Some("A note.".into())
    }),
    m("Field", "minimum", "a minimum raised", Wire, |a| {
        param(a, "Products", "CreateProduct", "value")
            .constraints
            .minimum = Some(1.0)
    }),
    m("Field", "minimum", "a minimum dropped", Wire, |a| {
        param(a, "Products", "CreateProduct", "value")
            .constraints
            .minimum = None
    }),
    m("Field", "maximum", "a maximum added", Wire, |a| {
        param(a, "Products", "CreateProduct", "value")
            .constraints
            .maximum = Some(1e9)
    }),
    m("Field", "min_length", "a min_length added", Wire, |a| {
        param(a, "Auth", "Login", "password").constraints.min_length = Some(8)
    }),
    m("Field", "max_length", "a max_length added", Wire, |a| {
        param(a, "Auth", "Login", "password").constraints.max_length = Some(200)
    }),
    m("Field", "pattern", "a pattern changed", Wire, |a| {
        param(a, "Auth", "Login", "email").constraints.pattern = Some("@".into())
    }),
    m("Field", "min_items", "a min_items added", Wire, |a| {
        param(a, "Companies", "GetCompanies", "company_type")
            .constraints
            .min_items = Some(1)
    }),
    m("Field", "max_items", "a max_items added", Wire, |a| {
        param(a, "Companies", "GetCompanies", "company_type")
            .constraints
            .max_items = Some(50)
    }),
    m("Field", "since", "a field marked since", Quiet, |a| {
        param(a, "Profiles", "GetStages", "profile_id").since = Some(Name::unplaced("v1"))
    }),
];
