//! Many clients at once: every request succeeds and no record is lost.

use std::collections::BTreeSet;

use centiacrm_client::types::companies::{CreateCompanyParams, GetCompaniesParams};
use centiacrm_client::types::contacts::{CreateContactParams, GetContactsParams};
use centiacrm_sandbox::Sandbox;
use futures_util::TryStreamExt;
use tokio::task::JoinSet;

use crate::common::{P, Served, bounded, id};

const CLIENTS: usize = 64;
const EACH: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_create_at_once_and_nothing_is_lost() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let mut tasks = JoinSet::new();
        for task in 0..CLIENTS {
            let client = served.client();
            tasks.spawn(async move {
                client
                    .login(
                        centiacrm_sandbox::DEMO_EMAIL,
                        centiacrm_sandbox::DEMO_PASSWORD,
                    )
                    .await?;
                // (company id, contact id, company name, contact email) of each pair made.
                let mut made = Vec::new();
                for i in 0..EACH {
                    let name = format!("Empresa {task}-{i}");
                    let company = client
                        .companies()
                        .create_company(
                            CreateCompanyParams::builder()
                                .profile_id(P)
                                .name(name.clone())
                                .type_id(1)
                                .industry_id(1)
                                .build(),
                        )
                        .await?
                        .company;
                    let email = format!("c{task}-{i}@concurrencia.example");
                    let contact = client
                        .contacts()
                        .create_contact(
                            CreateContactParams::builder()
                                .profile_id(P)
                                .company_id(id(&company))
                                .name("Ana")
                                .surname("Pérez")
                                .origin_id(1)
                                .email(email.clone())
                                .build(),
                        )
                        .await?
                        .contact;
                    made.push((id(&company), id(&contact), name, email));
                }
                Ok::<_, centiacrm_client::Error>(made)
            });
        }
        let mut made = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let pairs = joined
                .expect("a client task panicked")
                .expect("a request failed");
            assert_eq!(pairs.len(), EACH);
            made.extend(pairs);
        }
        assert_eq!(made.len(), CLIENTS * EACH);
        assert_eq!(
            served.sandbox.session_count(),
            CLIENTS,
            "one session per login"
        );

        // Every id handed out once.
        let company_ids: BTreeSet<i64> = made.iter().map(|m| m.0).collect();
        let contact_ids: BTreeSet<i64> = made.iter().map(|m| m.1).collect();
        assert_eq!(
            (company_ids.len(), contact_ids.len()),
            (CLIENTS * EACH, CLIENTS * EACH)
        );

        // Every record listed afterwards, as it was created.
        let client = served.logged_in().await;
        let companies: Vec<_> = client
            .companies()
            .get_companies_stream(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(50)
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        let contacts: Vec<_> = client
            .contacts()
            .get_contacts_stream(
                GetContactsParams::builder()
                    .profile_id(P)
                    .pagination(50)
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert_eq!(
            (companies.len(), contacts.len()),
            (CLIENTS * EACH, CLIENTS * EACH)
        );
        let listed: BTreeSet<i64> = companies.iter().map(id).collect();
        assert_eq!(listed, company_ids);
        for (company, contact, name, email) in &made {
            let listed_company = companies.iter().find(|c| id(c) == *company).unwrap();
            assert_eq!(listed_company["name"], name.as_str());
            let listed_contact = contacts
                .iter()
                .find(|c| id(c) == *contact)
                .expect("a lost contact");
            assert_eq!(listed_contact["company_id"], *company);
            assert_eq!(listed_contact["email"], email.as_str());
        }
        // Listed in id order.
        assert!(companies.windows(2).all(|w| id(&w[0]) < id(&w[1])));
    })
    .await;
}
