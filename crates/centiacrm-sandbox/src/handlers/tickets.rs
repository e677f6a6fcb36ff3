//! `Tickets`: tickets and their origin, case and priority catalogs. Tickets are not paginated.

use centiacrm_server::errors::tickets::{
    CreateTicketError, GetCasesError, GetOriginsError, GetPrioritiesError, GetTicketsError,
};
use centiacrm_server::{Context, Tickets};
use centiacrm_types::JsonObject;
use centiacrm_types::tickets::{
    CreateTicketParams, CreateTicketResponse, GetCasesParams, GetCasesResponse, GetOriginsParams,
    GetOriginsResponse, GetPrioritiesParams, GetPrioritiesResponse, GetTicketsParams,
    GetTicketsResponse,
};
use serde_json::json;

use super::contacts::{require_company, require_contact_of};
use crate::clock::Stamp;
use crate::store::{Kind, Store, int, new_record, require_entry, rule_broken, unknown_record};
use crate::{Sandbox, Session};

impl Store {
    pub(crate) fn create_ticket(
        &mut self,
        session: Session,
        params: &CreateTicketParams,
        at: Stamp,
    ) -> Result<JsonObject, CreateTicketError> {
        let profile = self.profile(session, params.profile_id)?;
        require_company(profile, "company_id", params.company_id)?;
        if let Some(contact_id) = params.contact_id {
            require_contact_of::<CreateTicketError>(
                profile,
                "contact_id",
                contact_id,
                params.company_id,
            )?;
        }
        if let Some(opportunity_id) = params.opportunity_id {
            let opportunity = profile.opportunities.get(&opportunity_id).ok_or_else(|| {
                unknown_record(
                    "opportunity_id",
                    format!(
                        "there is no opportunity {opportunity_id} in profile {}",
                        profile.id
                    ),
                )
            })?;
            // A ticket for one company linked to another company's opportunity is a mix-up.
            if int(opportunity, "company_id") != Some(params.company_id) {
                return Err(rule_broken(
                    "opportunity_id",
                    format!(
                        "opportunity {opportunity_id} is not one of company {}",
                        params.company_id
                    ),
                )
                .into());
            }
        }
        self.check_user(profile, "user_id", params.user_id)?;
        let catalogs = &profile.catalogs;
        require_entry(
            &catalogs.ticket_origins,
            params.origin_id,
            "origin_id",
            "ticket origin",
            "Tickets.GetOrigins",
        )?;
        require_entry(
            &catalogs.ticket_cases,
            params.case_id,
            "case_id",
            "ticket case",
            "Tickets.GetCases",
        )?;
        require_entry(
            &catalogs.ticket_priorities,
            params.priority_id,
            "priority_id",
            "ticket priority",
            "Tickets.GetPriorities",
        )?;
        let id = self.next_id(Kind::Ticket);
        let added = json!({
            "status": "open",
            "created_by": session.user_id,
            "created_at": at.to_string(),
        });
        let record = new_record(id, params, added);
        self.profile_mut(session, params.profile_id)?
            .tickets
            .insert(id, record.clone());
        Ok(record)
    }
}

impl Tickets for Sandbox {
    async fn get_tickets(
        &self,
        ctx: &Context<Session>,
        params: GetTicketsParams,
    ) -> Result<GetTicketsResponse, GetTicketsError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        Ok(GetTicketsResponse::builder()
            .tickets(profile.tickets.values().cloned().collect())
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
            .ticket_origins
            .clone();
        Ok(GetOriginsResponse::builder().origins(origins).build())
    }

    async fn get_cases(
        &self,
        ctx: &Context<Session>,
        params: GetCasesParams,
    ) -> Result<GetCasesResponse, GetCasesError> {
        let store = self.read();
        let cases = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .ticket_cases
            .clone();
        Ok(GetCasesResponse::builder().cases(cases).build())
    }

    async fn get_priorities(
        &self,
        ctx: &Context<Session>,
        params: GetPrioritiesParams,
    ) -> Result<GetPrioritiesResponse, GetPrioritiesError> {
        let store = self.read();
        let priorities = store
            .profile(ctx.principal, params.profile_id)?
            .catalogs
            .ticket_priorities
            .clone();
        Ok(GetPrioritiesResponse::builder()
            .priorities(priorities)
            .build())
    }

    async fn create_ticket(
        &self,
        ctx: &Context<Session>,
        params: CreateTicketParams,
    ) -> Result<CreateTicketResponse, CreateTicketError> {
        let ticket = self
            .write()
            .create_ticket(ctx.principal, &params, Stamp::now())?;
        Ok(CreateTicketResponse::builder().ticket(ticket).build())
    }
}
