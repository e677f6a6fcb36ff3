//! `Opportunities`: opportunities, their product lines, and their input catalog.

use centiacrm_server::errors::opportunities::{
    CreateOpportunityError, GetInputsError, GetOpportunitiesError, GetOpportunityError,
};
use centiacrm_server::{Context, Opportunities};
use centiacrm_types::opportunities::{
    CreateOpportunityParams, CreateOpportunityResponse, GetInputsParams, GetInputsResponse,
    GetOpportunitiesParams, GetOpportunitiesResponse, GetOpportunityParams, GetOpportunityResponse,
};
use centiacrm_types::{JsonObject, OpportunityProduct};
use serde_json::{Value, json};

use super::contacts::{require_company, require_contact_of};
use super::inputs_with_values;
use crate::clock::{Stamp, iso_day};
use crate::listing::{day_in, id_in, matches_query, paginate};
use crate::store::{
    Kind, Profile, Store, int, new_record, require_entry, rule_broken, text, unknown_record,
};
use crate::{Sandbox, Session};

/// Which related objects to add to an opportunity (the `with_*` flags).
#[derive(Clone, Copy)]
struct Expand {
    user: bool,
    company: bool,
    contact: bool,
    products: bool,
    inputs: bool,
}

macro_rules! expand {
    ($params:expr) => {
        Expand {
            user: $params.with_user == Some(true),
            company: $params.with_company == Some(true),
            contact: $params.with_contact == Some(true),
            products: $params.with_products == Some(true),
            inputs: $params.with_inputs == Some(true),
        }
    };
}

impl Store {
    pub(crate) fn create_opportunity(
        &mut self,
        session: Session,
        params: &CreateOpportunityParams,
        at: Stamp,
    ) -> Result<JsonObject, CreateOpportunityError> {
        let profile = self.profile(session, params.profile_id)?;
        self.check_user(profile, "user_id", params.user_id)?;
        require_entry(
            &profile.stages,
            params.stage_id,
            "stage_id",
            "stage",
            "Profiles.GetStages",
        )?;
        require_company(profile, "company_id", params.company_id)?;
        require_contact_of::<CreateOpportunityError>(
            profile,
            "contact_id",
            params.contact_id,
            params.company_id,
        )?;
        let lines = params.products.as_deref().unwrap_or_default();
        check_lines(profile, params.want_products, lines)?;

        let end = params.estimated_end_at;
        let id = self.next_id(Kind::Opportunity);
        let added = json!({
            // Dates in records are YYYY-MM-DD, whatever format the method takes.
            "estimated_end_at": iso_day((end.year(), end.month(), end.day())),
            "products": lines,
            "status": "active",
            "closed_at": null,
            "created_by": session.user_id,
            "created_at": at.to_string(),
        });
        let record = new_record(id, params, added);
        self.profile_mut(session, params.profile_id)?
            .opportunities
            .insert(id, record.clone());
        Ok(record)
    }

    /// The opportunity with the related objects `expand` asks for.
    fn expanded(&self, profile: &Profile, opportunity: &JsonObject, expand: Expand) -> JsonObject {
        let mut opportunity = opportunity.clone();
        let related = |key: &str, records: &std::collections::BTreeMap<i64, JsonObject>| {
            int(&opportunity, key)
                .and_then(|id| records.get(&id))
                .map_or(Value::Null, |r| Value::Object(r.clone()))
        };
        let (company, contact) = (
            related("company_id", &profile.companies),
            related("contact_id", &profile.contacts),
        );
        if expand.user {
            let user = int(&opportunity, "user_id")
                .and_then(|id| self.account(id))
                .map_or(Value::Null, |a| Value::Object(a.record.clone()));
            opportunity.insert("user".into(), user);
        }
        if expand.company {
            opportunity.insert("company".into(), company);
        }
        if expand.contact {
            opportunity.insert("contact".into(), contact);
        }
        if let (true, Some(Value::Array(lines))) =
            (expand.products, opportunity.get_mut("products"))
        {
            for line in lines.iter_mut().filter_map(Value::as_object_mut) {
                let product = int(line, "product_id")
                    .and_then(|id| profile.products.get(&id))
                    .map_or(Value::Null, |p| Value::Object(p.clone()));
                line.insert("product".into(), product);
            }
        }
        if expand.inputs {
            let inputs = inputs_with_values(
                &profile.catalogs.opportunity_inputs,
                opportunity.get("inputs"),
            );
            opportunity.insert("inputs".into(), inputs);
        }
        opportunity
    }
}

/// `rule_broken` or `unknown_record` unless the product lines agree with `want_products` and name products of the profile.
fn check_lines(
    profile: &Profile,
    want_products: bool,
    lines: &[OpportunityProduct],
) -> Result<(), CreateOpportunityError> {
    match (want_products, lines.is_empty()) {
        (true, true) => {
            return Err(rule_broken(
                "products",
                "want_products is true: send at least one product line",
            )
            .into());
        }
        (false, false) => {
            return Err(rule_broken(
                "products",
                "product lines were sent but want_products is false",
            )
            .into());
        }
        _ => {}
    }
    for (i, line) in lines.iter().enumerate() {
        if !profile.products.contains_key(&line.product_id) {
            return Err(unknown_record(
                &format!("products[{i}].product_id"),
                format!(
                    "there is no product {} in profile {} (see Products.GetProducts)",
                    line.product_id, profile.id
                ),
            )
            .into());
        }
    }
    Ok(())
}

/// A bound of the `value` range: a number written as a string (the spec's `pattern` has
/// the server refuse any other before this runs).
fn bound(sent: Option<&str>) -> Option<f64> {
    sent.and_then(|sent| sent.trim().parse().ok())
}

/// Whether the id in the opportunity's `key` names a record of `records` whose
/// `filter_key` is one of `ids` (contact origin, company industry).
fn related_in(
    opportunity: &JsonObject,
    key: &str,
    records: &std::collections::BTreeMap<i64, JsonObject>,
    filter_key: &str,
    ids: Option<&[i64]>,
) -> bool {
    match ids {
        None | Some([]) => true,
        Some(_) => int(opportunity, key)
            .and_then(|id| records.get(&id))
            .is_some_and(|record| id_in(record, filter_key, ids)),
    }
}

impl Opportunities for Sandbox {
    async fn get_inputs(
        &self,
        ctx: &Context<Session>,
        params: GetInputsParams,
    ) -> Result<GetInputsResponse, GetInputsError> {
        let store = self.read();
        let inputs = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .opportunity_inputs
            .clone();
        Ok(GetInputsResponse::builder().inputs(inputs).build())
    }

    async fn get_opportunities(
        &self,
        ctx: &Context<Session>,
        params: GetOpportunitiesParams,
    ) -> Result<GetOpportunitiesResponse, GetOpportunitiesError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let range = params.value.clone().unwrap_or_default();
        let (min, max) = (bound(range.from.as_deref()), bound(range.to.as_deref()));
        let is = |o: &JsonObject, key: &str, wanted: Option<&str>| {
            wanted.is_none_or(|w| text(o, key) == Some(w))
        };
        let query = params.query.as_deref();
        let found = profile
            .opportunities
            .values()
            .filter(|o| params.user_id.is_none() || int(o, "user_id") == params.user_id)
            .filter(|o| is(o, "status", params.status.as_ref().map(|s| s.as_str())))
            .filter(|o| {
                is(
                    o,
                    "prospect_type",
                    params.contact_type.as_ref().map(|t| t.as_str()),
                )
            })
            .filter(|o| {
                is(
                    o,
                    "operation_type",
                    params.operation_type.as_ref().map(|t| t.as_str()),
                )
            })
            .filter(|o| id_in(o, "stage_id", params.stage.as_deref()))
            .filter(|o| {
                related_in(
                    o,
                    "contact_id",
                    &profile.contacts,
                    "origin_id",
                    params.contact_origin.as_deref(),
                )
            })
            .filter(|o| {
                related_in(
                    o,
                    "company_id",
                    &profile.companies,
                    "industry_id",
                    params.company_industry.as_deref(),
                )
            })
            .filter(|o| {
                let value = o.get("value").and_then(Value::as_f64).unwrap_or(0.0);
                min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max)
            })
            .filter(|o| day_in(o, "created_at", params.created_at.as_ref()))
            .filter(|o| day_in(o, "estimated_end_at", params.estimated_end_at.as_ref()))
            .filter(|o| day_in(o, "closed_at", params.closed_at.as_ref()))
            .filter(|o| {
                // The query also finds the opportunities of a company by its name.
                let company = int(o, "company_id").and_then(|id| profile.companies.get(&id));
                matches_query(o, &["title", "comment", "campaign_id"], query)
                    || company.is_some_and(|c| matches_query(c, &["name"], query))
            })
            .cloned()
            .collect();
        let page = paginate(found, params.pagination, params.page);
        let expand = expand!(params);
        Ok(GetOpportunitiesResponse::builder()
            .total(page.total)
            .current_page(page.current_page)
            .last_page(page.last_page)
            .opportunities(
                page.items
                    .iter()
                    .map(|o| store.expanded(profile, o, expand))
                    .collect(),
            )
            .build())
    }

    async fn create_opportunity(
        &self,
        ctx: &Context<Session>,
        params: CreateOpportunityParams,
    ) -> Result<CreateOpportunityResponse, CreateOpportunityError> {
        let opportunity = self
            .write()
            .create_opportunity(ctx.principal, &params, Stamp::now())?;
        Ok(CreateOpportunityResponse::builder()
            .opportunity(opportunity)
            .build())
    }

    async fn get_opportunity(
        &self,
        ctx: &Context<Session>,
        params: GetOpportunityParams,
    ) -> Result<GetOpportunityResponse, GetOpportunityError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let opportunity = profile
            .opportunities
            .get(&params.opportunity_id)
            .ok_or_else(|| {
                unknown_record(
                    "opportunity_id",
                    format!(
                        "there is no opportunity {} in profile {}",
                        params.opportunity_id, profile.id
                    ),
                )
            })?;
        let opportunity = store.expanded(profile, opportunity, expand!(params));
        Ok(GetOpportunityResponse::builder()
            .opportunity(opportunity)
            .build())
    }
}
