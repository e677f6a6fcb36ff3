//! Errors matched by their code, as a user of the client would: the envelope's `code` is
//! kept in `Error::Api` and read with `Error::code()`. `unknown_record` and `rule_broken`
//! are both 422, so only the code tells them apart.

use centiacrm_client::types::contacts::{CreateContact, CreateContactParams};
use centiacrm_client::types::opportunities::{CreateOpportunity, CreateOpportunityParams};
use centiacrm_client::types::{ApiMethod, DayMonthYear, OperationType, ProspectType};
use centiacrm_client::{Error, ErrorCode};
use centiacrm_sandbox::Sandbox;

use crate::common::{P, Served, bounded, new_company, new_contact};

fn contact(company: i64, email: &str) -> CreateContactParams {
    CreateContactParams::builder()
        .profile_id(P)
        .company_id(company)
        .name("Ana")
        .surname("Pérez")
        .origin_id(1)
        .email(email)
        .build()
}

fn opportunity(company: i64, contact: i64, want_products: bool) -> CreateOpportunityParams {
    let end = DayMonthYear::builder()
        .year(2026)
        .month(12)
        .day(31)
        .build()
        .unwrap();
    CreateOpportunityParams::builder()
        .profile_id(P)
        .user_id(1)
        .title("Deal")
        .value(100.0)
        .estimated_end_at(end)
        .prospect_type(ProspectType::New)
        .operation_type(OperationType::New)
        .stage_id(1)
        .company_id(company)
        .contact_id(contact)
        .want_products(want_products)
        .want_tax(false)
        .notify(false)
        .build()
}

/// A second contact with the same email is the declared `conflict` (409).
#[tokio::test]
async fn a_duplicate_contact_email_is_a_conflict() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let company = new_company(&client, "Acme").await;
        new_contact(&client, company, "Ana", "ana@acme.example").await;

        let again = client
            .contacts()
            .create_contact(contact(company, "ana@acme.example"))
            .await;
        match again {
            Err(e) if e.code() == Some(&ErrorCode::Conflict) => {
                assert_eq!(e.status(), ErrorCode::Conflict.status());
                assert!(e.to_string().contains("ana@acme.example"), "{e}");
                // The id the client sent, which the sandbox answers with too.
                let id = e.request_id().expect("a request id");
                assert_eq!(e.answered_request_id(), Some(id));
            }
            other => panic!("expected the code `conflict`, got {other:?}"),
        }
        // The method declares it: its marker lists the code.
        assert!(CreateContact::ERRORS.contains(&ErrorCode::Conflict.as_str()));
    })
    .await;
}

/// Two 422s with different codes: a record that does not exist, and a rule across fields.
#[tokio::test]
async fn unknown_record_and_rule_broken_are_told_apart_by_code() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let company = new_company(&client, "Acme").await;
        let person = new_contact(&client, company, "Ana", "ana@acme.example").await;

        let unknown = client
            .opportunities()
            .create_opportunity(opportunity(company, 999_999, false))
            .await
            .unwrap_err();
        // Products wanted and none sent: each field is fine, together they break a rule.
        let broken = client
            .opportunities()
            .create_opportunity(opportunity(company, person, true))
            .await
            .unwrap_err();
        assert_eq!((unknown.status(), broken.status()), (Some(422), Some(422)));
        assert_eq!(
            unknown.code(),
            Some(&ErrorCode::UnknownRecord),
            "{unknown:?}"
        );
        assert_eq!(broken.code(), Some(&ErrorCode::RuleBroken), "{broken:?}");
        for code in [ErrorCode::UnknownRecord, ErrorCode::RuleBroken] {
            assert!(CreateOpportunity::ERRORS.contains(&code.as_str()), "{code}");
        }
        assert_ne!(unknown.request_id(), broken.request_id());
    })
    .await;
}

/// A transport error has its code too: a call without a token is `unauthorized` (401).
#[tokio::test]
async fn a_transport_error_has_its_code() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.client();
        client.set_token("not-a-token");
        let err = client.profiles().get_profiles().await.unwrap_err();
        assert!(
            matches!(
                &err,
                Error::Api {
                    code: Some(ErrorCode::Unauthorized),
                    status: 401,
                    ..
                }
            ),
            "{err:?}"
        );
    })
    .await;
}
