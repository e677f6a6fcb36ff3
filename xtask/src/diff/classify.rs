//! Every verdict rule: who breaks on what. [`super::compare`] finds the facts, this module
//! judges them, so a change in the generator's output or in the server's behaviour is one
//! edit here.
//!
//! Wire verdicts read what each side's deployed code does beyond the types, from the spec
//! it was generated from ([`Sides`]): the old server and the old clients from the base, the
//! new ones from the working spec:
//! - the server's rule for keys it does not know (`transport.unknown_keys`);
//! - the client's declared response leniency (`transport.response_leniency`): whether it
//!   skips response keys it does not know, and whether it keeps an enum value it does not
//!   know (as `Unknown`) in an enum reachable from a response. A server reads request enums
//!   strictly.
//!
//! The reasoning per key and direction is the table in `spec/README.md`.
//!
//! Rust verdicts describe what the generators emit today: `#[non_exhaustive]` structs
//! built with typestate builders (one type parameter per required field, so an optional
//! field is an addition and a required one a break), response-side enums that are
//! `#[non_exhaustive]` while request-only ones are exhaustive, server trait methods whose
//! default body answers 501, and an `Api` trait whose namespace methods default to a
//! `NotImplemented` that does so.

use super::{Bump, Crates, Wire};
use crate::model::{Api, ResponseLeniency, UnknownKeys};

/// What a server does with a key it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    Ignored,
    Rejected,
}

impl Unknown {
    pub fn as_str(self) -> &'static str {
        match self {
            Unknown::Ignored => "ignored",
            Unknown::Rejected => "rejected",
        }
    }
}

/// The server behaviour the report states: the working spec's, with the base's beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strictness {
    /// Keys inside `parameters` (and inside objects within it) that the method does not have.
    pub unknown_params: Unknown,
    /// Envelope keys other than `method` and `parameters`.
    pub unknown_envelope_keys: Unknown,
    /// Where this came from, and what the deployed (base) server does.
    pub source: String,
}

impl Strictness {
    /// The new server's rule, and the old one's when it differs.
    pub fn of(sides: &Sides) -> Strictness {
        let rule = sides.new.server_unknown_keys;
        let mut source = "declared: the spec's transport.unknown_keys".to_string();
        if sides.old.server_unknown_keys != rule {
            source.push_str(&format!(
                "; the deployed server's, from the base: {}",
                sides.old.server_unknown_keys.as_str()
            ));
        }
        Strictness {
            unknown_params: rule,
            unknown_envelope_keys: rule,
            source,
        }
    }
}

/// What one side's generated code does beyond the spec's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Behaviour {
    /// The server, on a request key the spec does not name.
    pub server_unknown_keys: Unknown,
    /// The client skips response keys it does not know.
    pub client_skips_unknown_keys: bool,
    /// The client keeps a response enum value it does not know, as `Unknown`.
    pub client_keeps_unknown_values: bool,
}

impl Behaviour {
    pub fn of(api: &Api) -> Behaviour {
        let lenient = |l| api.transport.response_leniency.contains(&l);
        Behaviour {
            server_unknown_keys: match api.transport.unknown_keys {
                UnknownKeys::Reject => Unknown::Rejected,
                UnknownKeys::Ignore => Unknown::Ignored,
            },
            client_skips_unknown_keys: lenient(ResponseLeniency::UnknownKeys),
            client_keeps_unknown_values: lenient(ResponseLeniency::UnknownEnumValues),
        }
    }

    fn server_ignores(self) -> bool {
        self.server_unknown_keys == Unknown::Ignored
    }
}

/// The deployed side's behaviour (from the base) and the new side's (from the working spec).
#[derive(Debug, Clone, Copy)]
pub struct Sides {
    pub old: Behaviour,
    pub new: Behaviour,
}

impl Sides {
    pub fn of(old: &Api, new: &Api) -> Sides {
        Sides {
            old: Behaviour::of(old),
            new: Behaviour::of(new),
        }
    }
}

/// Request fields travel from client to server; response fields back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// Where a field sits, as far as the client crate's signatures are concerned.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place {
    /// A required parameter of a token method: an argument of the `client.login(..)` shortcut.
    pub shortcut_argument: bool,
    /// The items field of a paginated method: the item type of its `_stream` method.
    pub page_items: bool,
}

/// The verdicts for one change.
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    pub old_clients: Wire,
    pub new_clients: Wire,
    pub crates: Crates,
}

use Bump::{Major, Minor, Patch};
use Wire::{Breaking, Compatible};

const fn crates(types: Bump, client: Bump, server: Bump) -> Crates {
    Crates {
        types,
        client,
        server,
    }
}

const fn verdict(old_clients: Wire, new_clients: Wire, crates: Crates) -> Verdict {
    Verdict {
        old_clients,
        new_clients,
        crates,
    }
}

fn wire(compatible: bool) -> Wire {
    if compatible { Compatible } else { Breaking }
}

/// A new namespace: a new types module, a new client handle, a new trait, and a new `Api`
/// method whose default returns `NotImplemented` (every call answers 501), so existing
/// implementations still compile. A deployed server answers its calls with 404.
pub fn namespace_added() -> Verdict {
    verdict(Compatible, Breaking, crates(Minor, Minor, Minor))
}

pub fn namespace_removed() -> Verdict {
    verdict(Breaking, Compatible, crates(Major, Major, Major))
}

/// The namespace's name is not on the wire (its `path` is): only the Rust names change, the
/// types module, the client handle and the server trait. `rust_names_kept`: a rename of case
/// only, whose Rust names are all the same.
pub fn namespace_renamed(rust_names_kept: bool) -> Verdict {
    let bump = if rust_names_kept { Patch } else { Major };
    verdict(Compatible, Compatible, crates(bump, bump, bump))
}

/// A method's wire name changed and its Rust names did not (a change of case): deployed
/// clients call a name the new server does not know, new clients one the old server does
/// not know. Nothing a Rust program names changes.
pub fn method_renamed_wire_only() -> Verdict {
    verdict(Breaking, Breaking, Crates::PATCH)
}

/// A wire name changed and the Rust names did not: on the wire it is the removal of the old
/// name and the addition of the new one, in Rust nothing a program names.
pub fn renamed_wire_only(removed: Verdict, added: Verdict) -> Verdict {
    verdict(
        removed.old_clients.max(added.old_clients),
        removed.new_clients.max(added.new_clients),
        Crates::PATCH,
    )
}

/// Calls go to another URL: each side's requests miss the other's server. In Rust only
/// constants' values change.
pub fn namespace_path_changed() -> Verdict {
    verdict(Breaking, Breaking, Crates::PATCH)
}

/// A new method: new types, a new client method, and a trait method whose default body
/// answers 501, so existing implementations still compile. A deployed server answers it
/// with 404.
pub fn method_added() -> Verdict {
    verdict(Compatible, Breaking, crates(Minor, Minor, Minor))
}

pub fn method_removed() -> Verdict {
    verdict(Breaking, Compatible, crates(Major, Major, Major))
}

/// The server trait method's context changes type (`Context<Principal>` and `Context<()>`).
/// A server that now wants a token rejects deployed clients that send none; a deployed
/// server that wants one rejects new clients that no longer send it.
pub fn auth_changed(now_required: bool) -> Verdict {
    let server_changed = crates(Patch, Patch, Major);
    if now_required {
        verdict(Breaking, Compatible, server_changed)
    } else {
        verdict(Compatible, Breaking, server_changed)
    }
}

/// `paginated` only shapes the Rust API: a `Paginated` impl and a `_stream` method.
pub fn pagination_added() -> Verdict {
    verdict(Compatible, Compatible, crates(Minor, Minor, Patch))
}

pub fn pagination_removed() -> Verdict {
    verdict(Compatible, Compatible, crates(Major, Major, Patch))
}

/// Another items field: the stream's item type may change.
pub fn pagination_changed() -> Verdict {
    verdict(Compatible, Compatible, crates(Major, Major, Patch))
}

/// `token` only shapes the client: the `client.login(..)` shortcut that keeps the token.
pub fn token_added() -> Verdict {
    verdict(Compatible, Compatible, crates(Patch, Minor, Patch))
}

pub fn token_removed() -> Verdict {
    verdict(Compatible, Compatible, crates(Patch, Major, Patch))
}

pub fn token_changed() -> Verdict {
    verdict(Compatible, Compatible, Crates::PATCH)
}

/// A method that took no parameters now has some: its client method and its trait method
/// gain an argument, and its `Params` type changes. A deployed server reads a stray
/// `parameters` object as empty. The new fields get their own verdicts.
pub fn params_object_added() -> Verdict {
    verdict(Compatible, Compatible, crates(Major, Major, Major))
}

pub fn params_object_removed() -> Verdict {
    verdict(Compatible, Compatible, crates(Major, Major, Major))
}

/// The client crate's signatures that name a field's type directly.
fn client(place: Place, side: Side, required: bool) -> Bump {
    let argument = place.shortcut_argument && side == Side::Request && required;
    if argument || place.page_items {
        Major
    } else {
        Patch
    }
}

/// An optional field is a new public field of a `#[non_exhaustive]` struct and a new setter:
/// minor. A required one adds a type parameter to the struct's builder, whose `build()`
/// now needs it: major.
pub fn field_added(sides: &Sides, side: Side, required: bool, place: Place) -> Verdict {
    let (old_clients, new_clients) = match side {
        // Deployed clients do not send it; a deployed server sees an unknown key.
        Side::Request => (wire(!required), wire(sides.old.server_ignores())),
        // Deployed clients meet an unknown response key; a deployed server never sends it.
        Side::Response => (wire(sides.old.client_skips_unknown_keys), wire(!required)),
    };
    let types = if required { Major } else { Minor };
    verdict(
        old_clients,
        new_clients,
        crates(types, client(place, side, required), Patch),
    )
}

pub fn field_removed(sides: &Sides, side: Side, was_required: bool, place: Place) -> Verdict {
    let (old_clients, new_clients) = match side {
        // Deployed clients may still send it: the new server sees an unknown key.
        Side::Request => (wire(sides.new.server_ignores()), wire(!was_required)),
        // Deployed clients that expect it fail when it is required; a deployed server still
        // sends it to new clients, for which it is an unknown key.
        Side::Response => (
            wire(!was_required),
            wire(sides.new.client_skips_unknown_keys),
        ),
    };
    verdict(
        old_clients,
        new_clients,
        crates(Major, client(place, side, was_required), Patch),
    )
}

/// `T` and `Option<T>` are different field types, and the builder gains or loses a type
/// parameter.
pub fn made_required(side: Side, place: Place) -> Verdict {
    let (old_clients, new_clients) = match side {
        Side::Request => (Breaking, Compatible),
        Side::Response => (Compatible, Breaking),
    };
    verdict(
        old_clients,
        new_clients,
        crates(Major, client(place, side, true), Patch),
    )
}

pub fn made_optional(side: Side, place: Place) -> Verdict {
    let (old_clients, new_clients) = match side {
        Side::Request => (Compatible, Breaking),
        Side::Response => (Breaking, Compatible),
    };
    verdict(
        old_clients,
        new_clients,
        crates(Major, client(place, side, true), Patch),
    )
}

/// A field's type changed. `new_accepts_old`: every value of the old type is a value of
/// the new one (an integer is a number); `old_accepts_new` the other way round.
pub fn type_changed(
    side: Side,
    required: bool,
    new_accepts_old: bool,
    old_accepts_new: bool,
    place: Place,
) -> Verdict {
    let (old_clients, new_clients) = match side {
        // Deployed clients send old values to the new server, new clients new values to the old.
        Side::Request => (wire(new_accepts_old), wire(old_accepts_new)),
        // The new server sends new values to deployed clients, the old one old values to new clients.
        Side::Response => (wire(old_accepts_new), wire(new_accepts_old)),
    };
    verdict(
        old_clients,
        new_clients,
        crates(Major, client(place, side, required), Patch),
    )
}

/// An enum reachable from a response is `#[non_exhaustive]`, wherever this use of it is: a
/// new variant is minor. A request-only enum is exhaustive, since a server must decide what
/// a new value does: a new variant breaks its `match`. A deployed server rejects a request
/// value it does not know; a deployed client reads an unknown response value as `Unknown`.
/// A deployed client keeps an unknown response value only if its spec declared that
/// leniency (`unknown_enum_values`).
pub fn enum_value_added(sides: &Sides, side: Side, non_exhaustive: bool) -> Verdict {
    let (old_clients, new_clients) = match side {
        Side::Request => (Compatible, Breaking),
        Side::Response => (wire(sides.old.client_keeps_unknown_values), Compatible),
    };
    let types = if non_exhaustive { Minor } else { Major };
    verdict(old_clients, new_clients, crates(types, Patch, Patch))
}

/// Deployed clients may still send the value; a deployed server may still send it to a new
/// client, which keeps it only if its spec declares `unknown_enum_values`.
pub fn enum_value_removed(sides: &Sides, side: Side) -> Verdict {
    let (old_clients, new_clients) = match side {
        Side::Request => (Breaking, Compatible),
        Side::Response => (Compatible, wire(sides.new.client_keeps_unknown_values)),
    };
    verdict(old_clients, new_clients, crates(Major, Patch, Patch))
}

/// An enum became reachable from a response or stopped being: it gains or loses its
/// `Unknown` variant and its `Copy` derive.
pub fn enum_leniency_changed() -> Verdict {
    verdict(Compatible, Compatible, crates(Major, Patch, Patch))
}

pub fn named_type_added() -> Verdict {
    verdict(Compatible, Compatible, crates(Minor, Patch, Patch))
}

pub fn named_type_removed() -> Verdict {
    verdict(Compatible, Compatible, crates(Major, Patch, Patch))
}

/// Deployed clients keep the old default URL, new ones the new default: each misses the
/// other's server unless configured. In Rust only a constant's value changes.
pub fn base_url_changed() -> Verdict {
    verdict(Breaking, Breaking, Crates::PATCH)
}

/// Docs, summaries, notes, the version string: nothing a program sees changes.
pub fn doc_only() -> Verdict {
    verdict(Compatible, Compatible, Crates::PATCH)
}

/// Where a `deprecated` mark lands in the generated Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deprecated {
    /// A field or an enum value: the types crate's field, setters or variant.
    Types,
    /// A method or a namespace: the client's functions and the server's trait or trait method.
    ClientAndServer,
}

/// Nothing changes on the wire. A new `#[deprecated]` warns code that uses the item, which
/// semver counts as minor (cargo-semver-checks lints it so); a withdrawn one warns no more.
pub fn deprecation_changed(at: Deprecated, now_deprecated: bool) -> Verdict {
    let bump = if now_deprecated { Minor } else { Patch };
    let crates = match at {
        Deprecated::Types => crates(bump, Patch, Patch),
        Deprecated::ClientAndServer => crates(Patch, bump, bump),
    };
    verdict(Compatible, Compatible, crates)
}

/// A request constraint tightened breaks deployed clients (they may send what the new server
/// rejects); loosened, new clients (they may send what a deployed server rejects). A response
/// constraint is the server's promise: tightened, new clients may get from a deployed server
/// what they were told never comes; loosened, deployed clients may. A pattern that changed is
/// taken as both. The server checks and the client's `validate()` change only in behaviour.
pub fn constraint_changed(side: Side, tightened: bool, loosened: bool) -> Verdict {
    let (old_clients, new_clients) = match side {
        Side::Request => (wire(!tightened), wire(!loosened)),
        Side::Response => (wire(!loosened), wire(!tightened)),
    };
    verdict(old_clients, new_clients, Crates::PATCH)
}

/// `idempotent` is the server's promise that a call may be sent twice, and clients retry on
/// it. Added: a new client retries a call that a deployed server never promised is safe to
/// repeat. Dropped: deployed clients retry a call the new server no longer promises that for.
/// In Rust only a constant's value changes.
pub fn idempotent_changed(now_idempotent: bool) -> Verdict {
    if now_idempotent {
        verdict(Compatible, Breaking, Crates::PATCH)
    } else {
        verdict(Breaking, Compatible, Crates::PATCH)
    }
}

/// `secret` changes what generated `Debug` prints, not the wire nor a signature.
pub fn secret_changed() -> Verdict {
    verdict(Compatible, Compatible, Crates::PATCH)
}

/// An error is an answer. One the server may now give (a method lists it, or the transport
/// declares it) is an answer deployed clients were not promised; one no longer declared may
/// still come from a deployed server to new clients told it never does. In the server crate a
/// method error is a constructor and a conversion of the method's error type, a domain error
/// a type of the errors module.
pub fn error_answer_added(in_server: Bump) -> Verdict {
    verdict(Breaking, Compatible, crates(Patch, Patch, in_server))
}

pub fn error_answer_removed(in_server: Bump) -> Verdict {
    verdict(Compatible, Breaking, crates(Patch, Patch, in_server))
}

/// A domain error that no method lists yet (a method that lists it is reported on its own):
/// a new type in the server's errors module.
pub fn domain_error_added() -> Verdict {
    verdict(Compatible, Compatible, crates(Patch, Patch, Minor))
}

pub fn domain_error_removed() -> Verdict {
    verdict(Compatible, Compatible, crates(Patch, Patch, Major))
}

/// Clients tell errors apart by status and `code`: each side reads the other's answers wrong.
/// In Rust only the value a conversion sends changes.
pub fn error_status_changed() -> Verdict {
    verdict(Breaking, Breaking, Crates::PATCH)
}

/// The server's rule for unknown request keys: ignoring is the looser contract. Tightened
/// (`ignore` → `reject`), deployed clients that send a key the spec does not name now fail;
/// loosened, new clients written to the looser contract fail against a deployed server.
pub fn unknown_keys_changed(now_rejected: bool) -> Verdict {
    constraint_changed(Side::Request, now_rejected, !now_rejected)
}

/// A response leniency is a client's promise to accept more: declared, a new server may rely
/// on it with deployed clients that do not have it; withdrawn, new clients no longer accept
/// what a deployed server may send. An enum that gains or loses `Unknown` with it is
/// reported on its own.
pub fn response_leniency_changed(now_declared: bool) -> Verdict {
    constraint_changed(Side::Response, !now_declared, now_declared)
}

/// The order of the fields reaches no signature (structs have named fields, builders set
/// fields by name), except the arguments of the `client.login(..)` shortcut, the token
/// method's required parameters by role (not secret, then secret), each role in spec order:
/// swapping two of one role still compiles and sends each value as the other.
pub fn field_order_changed(shortcut_arguments_moved: bool) -> Verdict {
    let client = if shortcut_arguments_moved {
        Major
    } else {
        Patch
    };
    verdict(Compatible, Compatible, crates(Patch, client, Patch))
}
