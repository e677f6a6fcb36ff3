//! `Auth`: Login checks the credentials and opens a session.

use centiacrm_server::errors::auth::LoginError;
use centiacrm_server::{Auth, Context};
use centiacrm_types::auth::{LoginParams, LoginResponse};

use crate::{Sandbox, Session};

impl Auth for Sandbox {
    async fn login(
        &self,
        _ctx: &Context<()>,
        params: LoginParams,
    ) -> Result<LoginResponse, LoginError> {
        let (user_id, user) = {
            let store = self.read();
            let account = store
                .accounts
                .iter()
                .find(|a| a.email.eq_ignore_ascii_case(params.email.trim()))
                .filter(|a| a.password.as_deref() == Some(params.password.as_str()));
            // One message for both cases: a wrong email is not told apart.
            let account =
                account.ok_or_else(|| LoginError::wrong_credentials("wrong email or password"))?;
            (account.id, account.record.clone())
        };
        let token = self.open_session(Session { user_id });
        tracing::info!(user_id, "logged in");
        Ok(LoginResponse::builder().token(token).user(user).build())
    }
}
