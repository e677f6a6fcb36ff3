//! The namespace traits, one module per namespace. Each module holds the trait impl for
//! [`Sandbox`](crate::Sandbox) and the `Store` methods that do the work, so that the
//! demo data goes through the same checks as the API.

mod auth;
mod companies;
mod contacts;
mod opportunities;
mod products;
mod profiles;
mod tickets;

use std::collections::BTreeMap;

use centiacrm_server::errors::RuleBroken;
use centiacrm_server::{
    Api, Auth, Companies, Contacts, Opportunities, Products, Profiles, Tickets,
};
use centiacrm_types::JsonObject;
use serde_json::Value;

use crate::Sandbox;
use crate::store::{rule_broken, text};

/// The sandbox serves every namespace.
impl Api for Sandbox {
    fn auth(&self) -> &impl Auth<Principal = Self::Principal> {
        self
    }
    fn profiles(&self) -> &impl Profiles<Principal = Self::Principal> {
        self
    }
    fn companies(&self) -> &impl Companies<Principal = Self::Principal> {
        self
    }
    fn contacts(&self) -> &impl Contacts<Principal = Self::Principal> {
        self
    }
    fn products(&self) -> &impl Products<Principal = Self::Principal> {
        self
    }
    fn opportunities(&self) -> &impl Opportunities<Principal = Self::Principal> {
        self
    }
    fn tickets(&self) -> &impl Tickets<Principal = Self::Principal> {
        self
    }
}

/// The record a `search_by` and `search_value` pair names (GetCompany, GetContact): by id
/// when `field` is `None`, and then `value` must be a number; otherwise by that text
/// field. `None` when no record matches.
fn search_by<'a>(
    records: &'a BTreeMap<i64, JsonObject>,
    kind: &str,
    field: Option<&str>,
    value: &str,
) -> Result<Option<&'a JsonObject>, RuleBroken> {
    let value = value.trim();
    match field {
        None => {
            let id: i64 = value.parse().map_err(|_| {
                rule_broken(
                    "search_value",
                    format!("`{value}` is not a {kind} id (search_by is `id`)"),
                )
            })?;
            Ok(records.get(&id))
        }
        Some(field) => Ok(find_by_text(records, field, value)),
    }
}

/// The first record whose text `field` is `value`, both trimmed, compared without case.
fn find_by_text<'a>(
    records: &'a BTreeMap<i64, JsonObject>,
    field: &str,
    value: &str,
) -> Option<&'a JsonObject> {
    let value = value.trim();
    records
        .values()
        .find(|r| text(r, field).is_some_and(|t| t.trim().eq_ignore_ascii_case(value)))
}

/// The profile's input definitions, each with the record's value for it (`null` when
/// the record has none), for the `with_inputs` flags.
fn inputs_with_values(definitions: &[JsonObject], values: Option<&Value>) -> Value {
    definitions
        .iter()
        .map(|definition| {
            let mut input = definition.clone();
            let value = crate::store::text(definition, "slug")
                .and_then(|slug| values.and_then(|v| v.get(slug)))
                .cloned()
                .unwrap_or(Value::Null);
            input.insert("value".into(), value);
            Value::Object(input)
        })
        .collect()
}
