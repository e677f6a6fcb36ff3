//! `Contacts`: contacts and their origin, title, department, position and input catalogs.

use centiacrm_server::errors::contacts::{
    CreateContactError, GetContactError, GetContactsError, GetDepartmentsError, GetInputsError,
    GetOriginsError, GetPositionsError, GetTitlesError,
};
use centiacrm_server::errors::{RuleBroken, UnknownRecord};
use centiacrm_server::{Contacts, Context};
use centiacrm_types::contacts::{
    CreateContactParams, CreateContactResponse, GetContactParams, GetContactResponse,
    GetContactsParams, GetContactsResponse, GetDepartmentsParams, GetDepartmentsResponse,
    GetInputsParams, GetInputsResponse, GetOriginsParams, GetOriginsResponse, GetPositionsParams,
    GetPositionsResponse, GetTitlesParams, GetTitlesResponse,
};
use centiacrm_types::{ContactSearchBy, JsonObject};
use serde_json::json;

use super::{find_by_text, inputs_with_values, search_by};
use crate::clock::Stamp;
use crate::listing::{day_in, id_in, matches_query, paginate};
use crate::store::{
    Kind, Profile, Store, conflict, int, new_record, require_entry, rule_broken, unknown_record,
};
use crate::{Sandbox, Session};

/// The fields the `query` of GetContacts searches.
const SEARCHED: &[&str] = &[
    "name",
    "surname",
    "mother_surname",
    "email",
    "phone_office",
    "phone_mobile",
    "phone_other",
];

impl Store {
    pub(crate) fn create_contact(
        &mut self,
        session: Session,
        params: &CreateContactParams,
        at: Stamp,
    ) -> Result<JsonObject, CreateContactError> {
        let profile = self.profile(session, params.profile_id)?;
        require_company(profile, "company_id", params.company_id)?;
        let catalogs = &profile.catalogs;
        require_entry(
            &catalogs.contact_origins,
            params.origin_id,
            "origin_id",
            "contact origin",
            "Contacts.GetOrigins",
        )?;
        if let Some(id) = params.title_id {
            require_entry(
                &catalogs.titles,
                id,
                "title_id",
                "title",
                "Contacts.GetTitles",
            )?;
        }
        if let Some(id) = params.position_id {
            require_entry(
                &catalogs.positions,
                id,
                "position_id",
                "position",
                "Contacts.GetPositions",
            )?;
        }
        if let Some(id) = params.department_id {
            require_entry(
                &catalogs.departments,
                id,
                "department_id",
                "department",
                "Contacts.GetDepartments",
            )?;
        }
        if let Some(email) = &params.email {
            // GetContact finds a contact by email, so an email names one contact.
            if find_by_text(&profile.contacts, "email", email).is_some() {
                return Err(conflict(
                    "email",
                    format!(
                        "a contact with email `{email}` already exists in profile {}",
                        profile.id
                    ),
                )
                .into());
            }
        }
        for (field, address) in [
            ("shipping_address", &params.shipping_address),
            ("billing_address", &params.billing_address),
        ] {
            if let Some(address) = address {
                self.check_address(field, address)?;
            }
        }
        let id = self.next_id(Kind::Contact);
        let added = json!({ "created_by": session.user_id, "created_at": at.to_string() });
        let record = new_record(id, params, added);
        self.profile_mut(session, params.profile_id)?
            .contacts
            .insert(id, record.clone());
        Ok(record)
    }
}

/// `unknown_record` unless `company_id` is a company of the profile.
pub(crate) fn require_company<'a>(
    profile: &'a Profile,
    field: &str,
    company_id: i64,
) -> Result<&'a JsonObject, UnknownRecord> {
    profile.companies.get(&company_id).ok_or_else(|| {
        unknown_record(
            field,
            format!(
                "there is no company {company_id} in profile {} (see Companies.GetCompanies)",
                profile.id
            ),
        )
    })
}

/// `unknown_record` unless `contact_id` is a contact of the profile, `rule_broken` unless it
/// belongs to `company_id`: for the methods that declare both.
pub(crate) fn require_contact_of<'a, E: From<UnknownRecord> + From<RuleBroken>>(
    profile: &'a Profile,
    field: &str,
    contact_id: i64,
    company_id: i64,
) -> Result<&'a JsonObject, E> {
    let contact = profile.contacts.get(&contact_id).ok_or_else(|| {
        unknown_record(
            field,
            format!(
                "there is no contact {contact_id} in profile {} (see Contacts.GetContacts)",
                profile.id
            ),
        )
    })?;
    if int(contact, "company_id") != Some(company_id) {
        return Err(rule_broken(
            field,
            format!("contact {contact_id} does not belong to company {company_id}"),
        )
        .into());
    }
    Ok(contact)
}

/// A contact as GetContacts shows it: addresses and inputs only if asked for.
fn listed(profile: &Profile, mut contact: JsonObject, params: &GetContactsParams) -> JsonObject {
    if params.with_addresses != Some(true) {
        contact.remove("shipping_address");
        contact.remove("billing_address");
    }
    if params.with_inputs == Some(true) {
        let inputs = inputs_with_values(&profile.catalogs.contact_inputs, contact.get("inputs"));
        contact.insert("inputs".into(), inputs);
    }
    contact
}

impl Contacts for Sandbox {
    async fn get_contacts(
        &self,
        ctx: &Context<Session>,
        params: GetContactsParams,
    ) -> Result<GetContactsResponse, GetContactsError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let found = profile
            .contacts
            .values()
            .filter(|c| params.company_id.is_none() || int(c, "company_id") == params.company_id)
            .filter(|c| id_in(c, "origin_id", params.origin_id.as_deref()))
            .filter(|c| id_in(c, "title_id", params.title_id.as_deref()))
            .filter(|c| id_in(c, "position_id", params.position_id.as_deref()))
            .filter(|c| id_in(c, "department_id", params.department_id.as_deref()))
            .filter(|c| day_in(c, "created_at", params.created_at.as_ref()))
            .filter(|c| matches_query(c, SEARCHED, params.query.as_deref()))
            .cloned()
            .collect();
        let page = paginate(found, params.pagination, params.page);
        Ok(GetContactsResponse::builder()
            .total(page.total)
            .current_page(page.current_page)
            .last_page(page.last_page)
            .contacts(
                page.items
                    .into_iter()
                    .map(|c| listed(profile, c, &params))
                    .collect(),
            )
            .build())
    }

    async fn get_origins(
        &self,
        ctx: &Context<Session>,
        params: GetOriginsParams,
    ) -> Result<GetOriginsResponse, GetOriginsError> {
        let store = self.read();
        let origins = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .contact_origins
            .clone();
        Ok(GetOriginsResponse::builder().origins(origins).build())
    }

    async fn get_titles(
        &self,
        ctx: &Context<Session>,
        params: GetTitlesParams,
    ) -> Result<GetTitlesResponse, GetTitlesError> {
        let store = self.read();
        let titles = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .titles
            .clone();
        Ok(GetTitlesResponse::builder().titles(titles).build())
    }

    async fn get_departments(
        &self,
        ctx: &Context<Session>,
        params: GetDepartmentsParams,
    ) -> Result<GetDepartmentsResponse, GetDepartmentsError> {
        let store = self.read();
        let departments = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .departments
            .clone();
        Ok(GetDepartmentsResponse::builder()
            .departments(departments)
            .build())
    }

    async fn get_positions(
        &self,
        ctx: &Context<Session>,
        params: GetPositionsParams,
    ) -> Result<GetPositionsResponse, GetPositionsError> {
        let store = self.read();
        let positions = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .positions
            .clone();
        Ok(GetPositionsResponse::builder().positions(positions).build())
    }

    async fn get_inputs(
        &self,
        ctx: &Context<Session>,
        params: GetInputsParams,
    ) -> Result<GetInputsResponse, GetInputsError> {
        let store = self.read();
        let inputs = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .contact_inputs
            .clone();
        Ok(GetInputsResponse::builder().inputs(inputs).build())
    }

    async fn create_contact(
        &self,
        ctx: &Context<Session>,
        params: CreateContactParams,
    ) -> Result<CreateContactResponse, CreateContactError> {
        let contact = self
            .write()
            .create_contact(ctx.principal, &params, Stamp::now())?;
        Ok(CreateContactResponse::builder().contact(contact).build())
    }

    async fn get_contact(
        &self,
        ctx: &Context<Session>,
        params: GetContactParams,
    ) -> Result<GetContactResponse, GetContactError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let value = params.search_value.trim();
        let field = match params.search_by {
            ContactSearchBy::Id => None,
            ContactSearchBy::Email => Some("email"),
        };
        let contact = search_by(&profile.contacts, "contact", field, value)?;
        // With company_id, a contact of another company is not found.
        let contact = contact
            .filter(|c| params.company_id.is_none() || int(c, "company_id") == params.company_id)
            .cloned()
            .ok_or_else(|| {
                let within = match params.company_id {
                    Some(company) => format!("company {company} of profile {}", profile.id),
                    None => format!("profile {}", profile.id),
                };
                unknown_record(
                    "search_value",
                    format!(
                        "there is no contact with {} `{value}` in {within}",
                        params.search_by
                    ),
                )
            })?;
        Ok(GetContactResponse::builder().contact(contact).build())
    }
}
