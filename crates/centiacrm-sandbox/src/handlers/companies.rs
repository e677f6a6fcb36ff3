//! `Companies`: companies and their type, industry and input catalogs.

use centiacrm_server::errors::companies::{
    CreateCompanyError, GetCompaniesError, GetCompanyError, GetIndustriesError, GetInputsError,
    GetTypesError,
};
use centiacrm_server::{Companies, Context};
use centiacrm_types::companies::{
    CreateCompanyParams, CreateCompanyResponse, GetCompaniesParams, GetCompaniesResponse,
    GetCompanyParams, GetCompanyResponse, GetIndustriesParams, GetIndustriesResponse,
    GetInputsParams, GetInputsResponse, GetTypesParams, GetTypesResponse,
};
use centiacrm_types::{CompanySearchBy, JsonObject};
use serde_json::{Value, json};

use super::{inputs_with_values, search_by};
use crate::clock::Stamp;
use crate::listing::{day_in, id_in, matches_query, paginate};
use crate::store::{Kind, Profile, Store, int, new_record, require_entry, unknown_record};
use crate::{Sandbox, Session};

/// The fields the `query` of GetCompanies searches.
const SEARCHED: &[&str] = &[
    "name",
    "billing_name",
    "rfc",
    "website",
    "phone",
    "client_number",
];

impl Store {
    pub(crate) fn create_company(
        &mut self,
        session: Session,
        params: &CreateCompanyParams,
        at: Stamp,
    ) -> Result<JsonObject, CreateCompanyError> {
        let profile = self.profile(session, params.profile_id)?;
        let catalogs = &profile.catalogs;
        require_entry(
            &catalogs.company_types,
            params.type_id,
            "type_id",
            "company type",
            "Companies.GetTypes",
        )?;
        require_entry(
            &catalogs.industries,
            params.industry_id,
            "industry_id",
            "industry",
            "Companies.GetIndustries",
        )?;
        for (field, address) in [
            ("shipping_address", &params.shipping_address),
            ("billing_address", &params.billing_address),
        ] {
            if let Some(address) = address {
                self.check_address(field, address)?;
            }
        }
        let id = self.next_id(Kind::Company);
        // A client number of its own, so that GetCompany by client_number has something to find.
        let added = json!({
            "client_number": format!("CN-{id:05}"),
            "created_by": session.user_id,
            "created_at": at.to_string(),
        });
        let record = new_record(id, params, added);
        self.profile_mut(session, params.profile_id)?
            .companies
            .insert(id, record.clone());
        Ok(record)
    }
}

/// A company as GetCompanies shows it: addresses only if asked for, contacts and inputs added if asked for.
fn listed(profile: &Profile, mut company: JsonObject, params: &GetCompaniesParams) -> JsonObject {
    if params.with_addresses != Some(true) {
        company.remove("shipping_address");
        company.remove("billing_address");
    }
    if params.with_contacts == Some(true) {
        let id = int(&company, "id");
        let contacts: Vec<Value> = profile
            .contacts
            .values()
            .filter(|c| int(c, "company_id") == id)
            .map(|c| Value::Object(c.clone()))
            .collect();
        company.insert("contacts".into(), contacts.into());
    }
    if params.with_inputs == Some(true) {
        let inputs = inputs_with_values(&profile.catalogs.company_inputs, company.get("inputs"));
        company.insert("inputs".into(), inputs);
    }
    company
}

impl Companies for Sandbox {
    async fn get_companies(
        &self,
        ctx: &Context<Session>,
        params: GetCompaniesParams,
    ) -> Result<GetCompaniesResponse, GetCompaniesError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let found = profile
            .companies
            .values()
            .filter(|c| id_in(c, "type_id", params.company_type.as_deref()))
            .filter(|c| id_in(c, "industry_id", params.company_industry.as_deref()))
            .filter(|c| day_in(c, "created_at", params.created_at.as_ref()))
            .filter(|c| matches_query(c, SEARCHED, params.query.as_deref()))
            .cloned()
            .collect();
        let page = paginate(found, params.pagination, params.page);
        Ok(GetCompaniesResponse::builder()
            .total(page.total)
            .current_page(page.current_page)
            .last_page(page.last_page)
            .companies(
                page.items
                    .into_iter()
                    .map(|c| listed(profile, c, &params))
                    .collect(),
            )
            .build())
    }

    async fn get_types(
        &self,
        ctx: &Context<Session>,
        params: GetTypesParams,
    ) -> Result<GetTypesResponse, GetTypesError> {
        let store = self.read();
        let types = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .company_types
            .clone();
        Ok(GetTypesResponse::builder().types(types).build())
    }

    async fn get_industries(
        &self,
        ctx: &Context<Session>,
        params: GetIndustriesParams,
    ) -> Result<GetIndustriesResponse, GetIndustriesError> {
        let store = self.read();
        let industries = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .industries
            .clone();
        Ok(GetIndustriesResponse::builder()
            .industries(industries)
            .build())
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
            .company_inputs
            .clone();
        Ok(GetInputsResponse::builder().inputs(inputs).build())
    }

    async fn create_company(
        &self,
        ctx: &Context<Session>,
        params: CreateCompanyParams,
    ) -> Result<CreateCompanyResponse, CreateCompanyError> {
        let company = self
            .write()
            .create_company(ctx.principal, &params, Stamp::now())?;
        Ok(CreateCompanyResponse::builder().company(company).build())
    }

    async fn get_company(
        &self,
        ctx: &Context<Session>,
        params: GetCompanyParams,
    ) -> Result<GetCompanyResponse, GetCompanyError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let value = params.search_value.trim();
        let field = match params.search_by {
            CompanySearchBy::Id => None,
            CompanySearchBy::ClientNumber => Some("client_number"),
        };
        let company = search_by(&profile.companies, "company", field, value)?;
        let company = company.cloned().ok_or_else(|| {
            unknown_record(
                "search_value",
                format!(
                    "there is no company with {} `{value}` in profile {}",
                    params.search_by, profile.id
                ),
            )
        })?;
        Ok(GetCompanyResponse::builder().company(company).build())
    }
}
