//! Paginated lists: page counters, and the client's streams across several pages.

use centiacrm_client::types::companies::GetCompaniesParams;
use centiacrm_client::types::contacts::GetContactsParams;
use centiacrm_client::types::opportunities::{CreateOpportunityParams, GetOpportunitiesParams};
use centiacrm_client::types::{DayMonthYear, OperationType, ProspectType};
use centiacrm_sandbox::Sandbox;
use futures_util::TryStreamExt;

use crate::common::{P, Served, bounded, id, ids, new_company, new_contact};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn companies_come_in_pages_and_the_stream_reads_them_all() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let mut created = Vec::new();
        for i in 1..=23 {
            created.push(new_company(&client, &format!("Empresa {i:02}")).await);
        }
        let companies = client.companies();

        // The stream fetches pages 1 to 5 and yields every company once, in order.
        let all: Vec<_> = companies
            .get_companies_stream(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&all), created);
        assert_eq!(all[22]["name"], "Empresa 23");
        // From page 3 on: the last 13.
        let rest: Vec<_> = companies
            .get_companies_stream(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .page(3)
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&rest), created[10..]);
        // Filters apply before pagination.
        let some: Vec<_> = companies
            .get_companies_stream(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(2)
                    .query("Empresa 1")
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&some), created[9..19]);

        // One page at a time: the counters.
        let client = &client;
        let page = |params: GetCompaniesParams| async move {
            let page = client.companies().get_companies(params).await.unwrap();
            (
                page.total,
                page.current_page,
                page.last_page,
                ids(&page.companies),
            )
        };
        assert_eq!(
            page(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .build()
            )
            .await,
            (23, 1, 5, created[..5].to_vec())
        );
        assert_eq!(
            page(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .page(2)
                    .build()
            )
            .await,
            (23, 2, 5, created[5..10].to_vec())
        );
        assert_eq!(
            page(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .page(5)
                    .build()
            )
            .await,
            (23, 5, 5, created[20..].to_vec())
        );
        assert_eq!(
            page(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .page(6)
                    .build()
            )
            .await,
            (23, 6, 5, vec![])
        );
        assert_eq!(
            page(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(23)
                    .build()
            )
            .await,
            (23, 1, 1, created.clone())
        );
        // The default page size is 500: one page.
        assert_eq!(
            page(GetCompaniesParams::builder().profile_id(P).build()).await,
            (23, 1, 1, created.clone())
        );
        // No match: one empty page, never last_page 0.
        assert_eq!(
            page(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .query("nada")
                    .build()
            )
            .await,
            (0, 1, 1, vec![])
        );
        let none: Vec<_> = companies
            .get_companies_stream(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .pagination(5)
                    .query("nada")
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert!(none.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_and_opportunities_streams_cross_pages() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let acme = new_company(&client, "Acme").await;
        let mut contacts = Vec::new();
        for i in 0..7 {
            contacts.push(
                new_contact(
                    &client,
                    acme,
                    &format!("Contacto {i}"),
                    &format!("c{i}@acme.example"),
                )
                .await,
            );
        }
        let streamed: Vec<_> = client
            .contacts()
            .get_contacts_stream(
                GetContactsParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .pagination(3)
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&streamed), contacts);

        let end = DayMonthYear::builder()
            .year(2026)
            .month(12)
            .day(31)
            .build()
            .unwrap();
        let mut opportunities = Vec::new();
        for (i, &contact) in contacts.iter().enumerate() {
            let params = CreateOpportunityParams::builder()
                .profile_id(P)
                .user_id(1)
                .title(format!("Oportunidad {i}"))
                .value(100.0 * i as f64)
                .estimated_end_at(end)
                .prospect_type(ProspectType::New)
                .operation_type(OperationType::New)
                .stage_id(1)
                .company_id(acme)
                .contact_id(contact)
                .want_products(false)
                .want_tax(false)
                .notify(false)
                .build();
            let created = client
                .opportunities()
                .create_opportunity(params)
                .await
                .unwrap();
            opportunities.push(id(&created.opportunity));
        }
        let streamed: Vec<_> = client
            .opportunities()
            .get_opportunities_stream(
                GetOpportunitiesParams::builder()
                    .profile_id(P)
                    .pagination(2)
                    .with_contact(true)
                    .build(),
            )
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&streamed), opportunities);
        assert!(
            streamed
                .iter()
                .zip(&contacts)
                .all(|(o, &c)| o["contact"]["id"] == c)
        );
    })
    .await;
}
