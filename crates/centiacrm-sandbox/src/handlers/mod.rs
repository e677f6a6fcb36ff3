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

use centiacrm_types::JsonObject;
use serde_json::Value;

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
