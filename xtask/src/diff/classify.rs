//! Every verdict rule: who breaks on what. [`super::compare`] finds the facts, this module
//! judges them, so a change in the generator's output or in the server's behaviour is one
//! edit here.
//!
//! Wire verdicts read two behaviours:
//! - the server's, on keys it does not know: [`Strictness`], from the spec's transport
//!   section;
//! - the generated client's, which is fixed by the generator: it ignores response fields
//!   it does not know, and reads an enum reachable from a response leniently (a value it
//!   does not know becomes `Unknown`), while a server reads request enums strictly.
//!
//! Rust verdicts describe what the generators emit today: `#[non_exhaustive]` structs
//! built with typestate builders (one type parameter per required field, so an optional
//! field is an addition and a required one a break), response-side enums that are
//! `#[non_exhaustive]` while request-only ones are exhaustive, server trait methods whose
//! default body answers 501, and an `Api` trait whose namespace methods default to a
//! `NotImplemented` that does so.

use super::{Bump, Crates, Wire};
use crate::model::{Api, UnknownKeys};

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

/// The server behaviour that decides the verdicts of added and removed request fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strictness {
    /// Keys inside `parameters` (and inside objects within it) that the method does not have.
    pub unknown_params: Unknown,
    /// Envelope keys other than `method` and `parameters`.
    pub unknown_envelope_keys: Unknown,
    /// Where this came from: the spec, or the documented default.
    pub source: &'static str,
}

impl Strictness {
    /// The strictness the spec declares: `transport.unknown_keys`, one rule for the
    /// envelope and `parameters`.
    pub fn of(api: &Api) -> Strictness {
        let rule = match api.transport.unknown_keys {
            UnknownKeys::Reject => Unknown::Rejected,
            UnknownKeys::Ignore => Unknown::Ignored,
        };
        Strictness {
            unknown_params: rule,
            unknown_envelope_keys: rule,
            source: "declared: the spec's transport.unknown_keys",
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
pub fn field_added(strictness: &Strictness, side: Side, required: bool, place: Place) -> Verdict {
    let unknown_ignored = strictness.unknown_params == Unknown::Ignored;
    let (old_clients, new_clients) = match side {
        // Deployed clients do not send it; a deployed server sees an unknown key.
        Side::Request => (wire(!required), wire(unknown_ignored)),
        // Deployed clients skip an unknown response field; a deployed server never sends it.
        Side::Response => (Compatible, wire(!required)),
    };
    let types = if required { Major } else { Minor };
    verdict(
        old_clients,
        new_clients,
        crates(types, client(place, side, required), Patch),
    )
}

pub fn field_removed(
    strictness: &Strictness,
    side: Side,
    was_required: bool,
    place: Place,
) -> Verdict {
    let unknown_ignored = strictness.unknown_params == Unknown::Ignored;
    let (old_clients, new_clients) = match side {
        // Deployed clients may still send it: the server sees an unknown key.
        Side::Request => (wire(unknown_ignored), wire(!was_required)),
        // Deployed clients that expect it fail when it is required.
        Side::Response => (wire(!was_required), Compatible),
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
pub fn enum_value_added(side: Side, non_exhaustive: bool) -> Verdict {
    let new_clients = match side {
        Side::Request => Breaking,
        Side::Response => Compatible,
    };
    let types = if non_exhaustive { Minor } else { Major };
    verdict(Compatible, new_clients, crates(types, Patch, Patch))
}

/// Deployed clients may still send the value; a new client reads it as `Unknown` if a
/// deployed server sends it.
pub fn enum_value_removed(side: Side) -> Verdict {
    let old_clients = match side {
        Side::Request => Breaking,
        Side::Response => Compatible,
    };
    verdict(old_clients, Compatible, crates(Major, Patch, Patch))
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
