//! What the builders let a user write: optional fields from values or options, and builder
//! types named in signatures (the misuse that must not compile is in `compile_fail/`).

use centiacrm_types::Unset;
use centiacrm_types::companies::{GetCompaniesParams, GetCompaniesParamsBuilder};

/// A builder passed around half-done: `profile_id` set, as its type says.
fn with_search(builder: GetCompaniesParamsBuilder<i64>, query: Option<&str>) -> GetCompaniesParams {
    builder.maybe_query(query.map(str::to_string)).build()
}

/// The empty builder's type is the builder's name alone.
fn started() -> GetCompaniesParamsBuilder {
    GetCompaniesParams::builder()
}

#[test]
fn optional_fields_take_values_and_options() {
    let searched = with_search(started().profile_id(1), Some("acme"));
    assert_eq!(searched.query.as_deref(), Some("acme"));
    let all = with_search(GetCompaniesParams::builder().profile_id(1), None);
    assert_eq!(all.query, None);

    // `maybe_..` with `None` unsets what was set; on a built value too.
    let params = GetCompaniesParams::builder()
        .profile_id(1)
        .page(3)
        .maybe_page(None)
        .build();
    assert_eq!(params.page, None);
    assert_eq!(params.maybe_page(Some(2)).page, Some(2));
}

#[test]
fn the_empty_builder_is_all_unset() {
    // Spelt out, the defaults of the type parameters.
    let explicit: GetCompaniesParamsBuilder<Unset> = GetCompaniesParams::builder();
    assert_eq!(explicit.profile_id(7).build().profile_id, 7);
}
