//! The data: accounts, countries, profiles with their catalogs and records, and the
//! checks every handler shares (profile access, references, addresses).

use std::collections::BTreeMap;

use centiacrm_server::errors::{Conflict, RuleBroken, UnknownRecord};
use centiacrm_types::{Address, JsonObject};
use serde_json::Value;

use crate::Session;

/// A user who may log in (if it has a password) and the profiles it works in.
pub(crate) struct Account {
    pub id: i64,
    pub email: String,
    pub password: Option<String>,
    pub profile_ids: Vec<i64>,
    /// What the API shows of the user; never the password.
    pub record: JsonObject,
}

pub(crate) struct Country {
    pub code: String,
    pub record: JsonObject,
    /// Empty for a country whose states are not seeded: any state code is then accepted.
    pub states: Vec<JsonObject>,
}

/// A profile's catalogs, each a list of objects with an integer `id`.
#[derive(Default)]
pub(crate) struct Catalogs {
    pub company_types: Vec<JsonObject>,
    pub industries: Vec<JsonObject>,
    pub company_inputs: Vec<JsonObject>,
    pub contact_origins: Vec<JsonObject>,
    pub titles: Vec<JsonObject>,
    pub departments: Vec<JsonObject>,
    pub positions: Vec<JsonObject>,
    pub contact_inputs: Vec<JsonObject>,
    pub product_categories: Vec<JsonObject>,
    pub validities: Vec<JsonObject>,
    pub discounts: Vec<JsonObject>,
    pub measures: Vec<JsonObject>,
    pub taxes: Vec<JsonObject>,
    pub product_inputs: Vec<JsonObject>,
    /// No method lists them, but products name one by `profile_currency_type_id`.
    pub currencies: Vec<JsonObject>,
    pub opportunity_inputs: Vec<JsonObject>,
    pub ticket_origins: Vec<JsonObject>,
    pub ticket_cases: Vec<JsonObject>,
    pub ticket_priorities: Vec<JsonObject>,
}

/// A profile and everything in it; records are keyed, and so listed, by id.
pub(crate) struct Profile {
    pub id: i64,
    pub record: JsonObject,
    pub stages: Vec<JsonObject>,
    pub catalogs: Catalogs,
    pub companies: BTreeMap<i64, JsonObject>,
    pub contacts: BTreeMap<i64, JsonObject>,
    pub products: BTreeMap<i64, JsonObject>,
    pub opportunities: BTreeMap<i64, JsonObject>,
    pub tickets: BTreeMap<i64, JsonObject>,
}

/// The kinds of record that get ids; each kind counts on its own, across profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Company,
    Contact,
    Product,
    Opportunity,
    Ticket,
}

pub(crate) struct Store {
    pub accounts: Vec<Account>,
    pub countries: Vec<Country>,
    pub profiles: BTreeMap<i64, Profile>,
    last_ids: BTreeMap<Kind, i64>,
}

impl Store {
    pub fn new(accounts: Vec<Account>, countries: Vec<Country>, profiles: Vec<Profile>) -> Self {
        Self {
            accounts,
            countries,
            profiles: profiles.into_iter().map(|p| (p.id, p)).collect(),
            last_ids: BTreeMap::new(),
        }
    }

    pub fn next_id(&mut self, kind: Kind) -> i64 {
        let last = self.last_ids.entry(kind).or_insert(0);
        *last += 1;
        *last
    }

    pub fn account(&self, user_id: i64) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == user_id)
    }

    /// The profile `profile_id`, if it is one of the session user's; else `unknown_record` (a
    /// profile of someone else is not shown to exist).
    pub fn profile(&self, session: Session, profile_id: i64) -> Result<&Profile, UnknownRecord> {
        let member = self
            .account(session.user_id)
            .is_some_and(|a| a.profile_ids.contains(&profile_id));
        match self.profiles.get(&profile_id) {
            Some(profile) if member => Ok(profile),
            _ => Err(unknown_record(
                "profile_id",
                format!(
                    "there is no profile {profile_id} for this user (see Profiles.GetProfiles)"
                ),
            )),
        }
    }

    /// Like [`Store::profile`], to add or change records.
    pub fn profile_mut(
        &mut self,
        session: Session,
        profile_id: i64,
    ) -> Result<&mut Profile, UnknownRecord> {
        self.profile(session, profile_id)?;
        Ok(self
            .profiles
            .get_mut(&profile_id)
            .expect("checked just above"))
    }

    /// `unknown_record` unless `user_id` is a user of the profile.
    pub fn check_user(
        &self,
        profile: &Profile,
        field: &str,
        user_id: i64,
    ) -> Result<(), UnknownRecord> {
        match self.account(user_id) {
            Some(a) if a.profile_ids.contains(&profile.id) => Ok(()),
            _ => Err(unknown_record(
                field,
                format!(
                    "there is no user {user_id} in profile {} (see Profiles.GetUsers)",
                    profile.id
                ),
            )),
        }
    }

    /// `unknown_record` unless the address names a known country and, where the country's states
    /// are known, one of its states.
    pub fn check_address(&self, field: &str, address: &Address) -> Result<(), UnknownRecord> {
        let Some(country) = self.country(&address.country) else {
            return Err(unknown_record(
                &format!("{field}.country"),
                format!(
                    "unknown country code `{}` (see Profiles.GetCountries)",
                    address.country
                ),
            ));
        };
        let state_known = country.states.is_empty()
            || country
                .states
                .iter()
                .any(|s| text(s, "code").is_some_and(|c| c.eq_ignore_ascii_case(&address.state)));
        if !state_known {
            return Err(unknown_record(
                &format!("{field}.state"),
                format!(
                    "unknown state code `{}` in {} (see Profiles.GetStates)",
                    address.state, country.code
                ),
            ));
        }
        Ok(())
    }

    /// A country by code, in any letter case.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
    }
}

/// `unknown_record`: the parameter names a record that does not exist.
pub(crate) fn unknown_record(field: &str, message: impl std::fmt::Display) -> UnknownRecord {
    UnknownRecord::new(format!("parameters.{field}: {message}"))
}

/// `rule_broken`: the parameters break a rule that crosses fields.
pub(crate) fn rule_broken(field: &str, message: impl std::fmt::Display) -> RuleBroken {
    RuleBroken::new(format!("parameters.{field}: {message}"))
}

/// `conflict`: the call would break a uniqueness rule.
pub(crate) fn conflict(field: &str, message: impl std::fmt::Display) -> Conflict {
    Conflict::new(format!("parameters.{field}: {message}"))
}

/// The entry of `catalog` with this id, or `unknown_record` saying which catalog lacks it.
pub(crate) fn require_entry<'a>(
    catalog: &'a [JsonObject],
    id: i64,
    field: &str,
    what: &str,
    listed_by: &str,
) -> Result<&'a JsonObject, UnknownRecord> {
    find(catalog, id).ok_or_else(|| {
        unknown_record(
            field,
            format!("there is no {what} with id {id} (see {listed_by})"),
        )
    })
}

/// The object of `list` whose `id` is `id`.
pub(crate) fn find(list: &[JsonObject], id: i64) -> Option<&JsonObject> {
    list.iter().find(|o| int(o, "id") == Some(id))
}

/// An integer field of a record.
pub(crate) fn int(record: &JsonObject, key: &str) -> Option<i64> {
    record.get(key).and_then(Value::as_i64)
}

/// A string field of a record.
pub(crate) fn text<'a>(record: &'a JsonObject, key: &str) -> Option<&'a str> {
    record.get(key).and_then(Value::as_str)
}

/// The object of a `json!({...})` literal.
pub(crate) fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// A new record: `id` first, then the fields sent (the parameters as the client wrote
/// them, absent optional ones left out), then what the sandbox adds.
pub(crate) fn new_record(id: i64, sent: &impl serde::Serialize, added: Value) -> JsonObject {
    let mut record = JsonObject::new();
    record.insert("id".into(), id.into());
    if let Ok(Value::Object(fields)) = serde_json::to_value(sent) {
        record.extend(fields);
    }
    record.extend(object(added));
    record
}
