//! Logging in, and what happens without a valid token.

use centiacrm_client::Error;
use centiacrm_client::types::companies::{CreateCompanyParams, GetCompaniesParams};
use centiacrm_client::types::profiles::GetUsersParams;
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, Sandbox};

use crate::common::{P, Served, api_error, assert_api_error, bounded};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_method_before_login_sends_nothing() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.client();
        let err = client.profiles().get_profiles().await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::NotLoggedIn {
                    namespace: "Profiles",
                    method: "GetProfiles",
                    ..
                }
            ),
            "{err:?}"
        );
        let err = client
            .companies()
            .create_company(
                CreateCompanyParams::builder()
                    .profile_id(P)
                    .name("Acme")
                    .type_id(1)
                    .industry_id(1)
                    .build(),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, Error::NotLoggedIn { .. }), "{err:?}");
        // Nothing reached the server.
        assert!(served.seen.lock().unwrap().is_empty());
        assert_eq!(served.sandbox.session_count(), 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_is_a_401() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        // Someone else is logged in: a wrong token must not pass for theirs.
        let logged_in = served.logged_in().await;
        let client = served.client();
        client.set_token("sbx_0123456789abcdef0123456789abcdef");
        assert_api_error(client.profiles().get_profiles().await, 401, "token");
        assert_api_error(
            client
                .companies()
                .get_companies(GetCompaniesParams::builder().profile_id(P).build())
                .await,
            401,
            "token",
        );

        // A token of another sandbox is not valid here either.
        let other = Served::start(Sandbox::new()).await;
        let token = other.logged_in().await.transport().token_value().unwrap();
        client.set_token(token);
        assert_api_error(client.profiles().get_profiles().await, 401, "token");
        // An almost-right token is wrong too; the right one still works.
        let right = logged_in.transport().token_value().unwrap();
        client.set_token(format!("{right}0"));
        assert_api_error(client.profiles().get_profiles().await, 401, "token");
        client.set_token(right);
        client.profiles().get_profiles().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_refused() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.client();
        let (status, message) = api_error(client.login(DEMO_EMAIL, "not-the-password").await);
        assert_eq!(status, 401);
        assert!(message.contains("wrong email or password"), "{message}");
        // An unknown email gets the same answer, and a colleague without a password cannot log in.
        assert_eq!(
            api_error(client.login("nobody@centiacrm.test", DEMO_PASSWORD).await).0,
            401
        );
        assert_eq!(
            api_error(client.login("ana.lopez@centiacrm.test", "").await).0,
            401
        );
        assert_api_error(
            client.login("", DEMO_PASSWORD).await,
            400,
            "parameters.email",
        );
        assert!(
            !client.transport().has_token(),
            "a failed login keeps no token"
        );
        assert_eq!(served.sandbox.session_count(), 0);

        // The email is matched in any letter case; the password is not.
        client
            .login("DEMO@CentiaCRM.test", DEMO_PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            api_error(served.client().login(DEMO_EMAIL, "DEMO1234").await).0,
            401
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_login_gets_its_own_token_and_tokens_can_be_reused() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let first = served.logged_in().await;
        let second = served.logged_in().await;
        let (a, b) = (
            first.transport().token_value().unwrap(),
            second.transport().token_value().unwrap(),
        );
        assert_ne!(a, b);
        assert_eq!(served.sandbox.session_count(), 2);
        // Both stay valid; a saved token works from a new client.
        for client in [&first, &second] {
            client
                .profiles()
                .get_users(GetUsersParams::builder().profile_id(P).build())
                .await
                .unwrap();
        }
        let saved = centiacrm_client::Client::builder(&format!("http://{}", served.addr))
            .token(a)
            .build()
            .unwrap();
        assert_eq!(
            saved
                .profiles()
                .get_profiles()
                .await
                .unwrap()
                .profiles
                .len(),
            1
        );
    })
    .await;
}
