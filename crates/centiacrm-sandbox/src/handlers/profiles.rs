//! `Profiles`: the user's profiles, a profile's stages and users, countries and states.

use centiacrm_server::errors::profiles::{
    GetCountriesError, GetProfilesError, GetStagesError, GetStatesError, GetUsersError,
};
use centiacrm_server::{Context, Profiles};
use centiacrm_types::profiles::{
    GetCountriesResponse, GetProfilesResponse, GetStagesParams, GetStagesResponse, GetStatesParams,
    GetStatesResponse, GetUsersParams, GetUsersResponse,
};

use crate::store::unknown_record;
use crate::{Sandbox, Session};

impl Profiles for Sandbox {
    async fn get_profiles(
        &self,
        ctx: &Context<Session>,
    ) -> Result<GetProfilesResponse, GetProfilesError> {
        let store = self.read();
        let profile_ids = store
            .account(ctx.principal.user_id)
            .map(|a| a.profile_ids.clone())
            .unwrap_or_default();
        let profiles = profile_ids
            .iter()
            .filter_map(|id| store.profiles.get(id))
            .map(|p| p.record.clone())
            .collect();
        Ok(GetProfilesResponse::builder().profiles(profiles).build())
    }

    async fn get_stages(
        &self,
        ctx: &Context<Session>,
        params: GetStagesParams,
    ) -> Result<GetStagesResponse, GetStagesError> {
        let store = self.read();
        let stages = store
            .profile(ctx.principal, params.profile_id)?
            .stages
            .clone();
        Ok(GetStagesResponse::builder().stages(stages).build())
    }

    async fn get_countries(
        &self,
        _ctx: &Context<Session>,
    ) -> Result<GetCountriesResponse, GetCountriesError> {
        let store = self.read();
        let countries = store.countries.iter().map(|c| c.record.clone()).collect();
        Ok(GetCountriesResponse::builder().countries(countries).build())
    }

    async fn get_states(
        &self,
        _ctx: &Context<Session>,
        params: GetStatesParams,
    ) -> Result<GetStatesResponse, GetStatesError> {
        let store = self.read();
        let country = store.country(&params.country).ok_or_else(|| {
            unknown_record(
                "country",
                format!(
                    "there is no country with code `{}` (see Profiles.GetCountries)",
                    params.country
                ),
            )
        })?;
        Ok(GetStatesResponse::builder()
            .country(country.code.clone())
            .states(country.states.clone())
            .build())
    }

    async fn get_users(
        &self,
        ctx: &Context<Session>,
        params: GetUsersParams,
    ) -> Result<GetUsersResponse, GetUsersError> {
        let store = self.read();
        let profile = store.profile(ctx.principal, params.profile_id)?;
        let users = store
            .accounts
            .iter()
            .filter(|a| a.profile_ids.contains(&profile.id))
            .map(|a| a.record.clone())
            .collect();
        Ok(GetUsersResponse::builder().users(users).build())
    }
}
