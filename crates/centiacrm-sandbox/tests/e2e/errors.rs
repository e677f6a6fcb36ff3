//! Error envelopes through the client: a parameter naming no record is `unknown_record`
//! (422), a rule across fields `rule_broken` (422), a duplicate `conflict` (409), a broken
//! constraint of the spec `malformed` (400), each with a message that says what is wrong.

use std::collections::BTreeMap;

use centiacrm_client::Client;
use centiacrm_client::types::companies::{
    CreateCompanyParams, GetCompaniesParams, GetCompanyParams, GetTypesParams,
};
use centiacrm_client::types::contacts::{CreateContactParams, GetContactParams, GetContactsParams};
use centiacrm_client::types::opportunities::{
    CreateOpportunityParams, GetOpportunitiesParams, GetOpportunityParams,
};
use centiacrm_client::types::products::{
    CreateProductParams, EditProductParams, GetProductsParams,
};
use centiacrm_client::types::profiles::{GetStagesParams, GetStatesParams, GetUsersParams};
use centiacrm_client::types::tickets::{CreateTicketParams, GetTicketsParams};
use centiacrm_client::types::{
    Address, CompanySearchBy, ContactSearchBy, DayMonthYear, IsoDate, OperationType,
    OpportunityProduct, ProspectType, ValueRange,
};
use centiacrm_sandbox::Sandbox;
use serde_json::json;

use crate::common::{P, Served, assert_api_error, bounded, new_company, new_contact};

fn end() -> DayMonthYear {
    DayMonthYear::builder()
        .year(2026)
        .month(12)
        .day(31)
        .build()
        .unwrap()
}

/// `value` with one change: what a struct literal's `..value` would do, which
/// `#[non_exhaustive]` types do not allow outside their crate.
fn with<T>(mut value: T, change: impl FnOnce(&mut T)) -> T {
    change(&mut value);
    value
}

fn opportunity(company: i64, contact: i64) -> CreateOpportunityParams {
    CreateOpportunityParams::builder()
        .profile_id(P)
        .user_id(1)
        .title("Deal")
        .value(100.0)
        .estimated_end_at(end())
        .prospect_type(ProspectType::New)
        .operation_type(OperationType::New)
        .stage_id(1)
        .company_id(company)
        .contact_id(contact)
        .want_products(false)
        .want_tax(false)
        .notify(false)
        .build()
}

fn ticket(company: i64) -> CreateTicketParams {
    CreateTicketParams::builder()
        .profile_id(P)
        .title("Falla")
        .description("No funciona")
        .company_id(company)
        .user_id(1)
        .origin_id(1)
        .case_id(1)
        .priority_id(1)
        .estimated_end_at(
            IsoDate::builder()
                .year(2026)
                .month(1)
                .day(1)
                .build()
                .unwrap(),
        )
        .notify(false)
        .build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_records_are_422s() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let acme = new_company(&client, "Acme").await;
        new_contact(&client, acme, "Ana", "ana@acme.example").await;

        let companies = client.companies();
        assert_api_error(
            companies
                .get_company(
                    GetCompanyParams::builder()
                        .profile_id(P)
                        .search_by(CompanySearchBy::Id)
                        .search_value("999")
                        .build(),
                )
                .await,
            422,
            "no company with id `999`",
        );
        assert_api_error(
            companies
                .get_company(
                    GetCompanyParams::builder()
                        .profile_id(P)
                        .search_by(CompanySearchBy::ClientNumber)
                        .search_value("CN-99999")
                        .build(),
                )
                .await,
            422,
            "no company with client_number `CN-99999`",
        );
        let contacts = client.contacts();
        assert_api_error(
            contacts
                .get_contact(
                    GetContactParams::builder()
                        .profile_id(P)
                        .search_by(ContactSearchBy::Id)
                        .search_value("999")
                        .build(),
                )
                .await,
            422,
            "no contact",
        );
        assert_api_error(
            contacts
                .get_contact(
                    GetContactParams::builder()
                        .profile_id(P)
                        .search_by(ContactSearchBy::Email)
                        .search_value("nadie@acme.example")
                        .build(),
                )
                .await,
            422,
            "nadie@acme.example",
        );
        // The contact exists, but not in the company asked for.
        let other = new_company(&client, "Otra").await;
        assert_api_error(
            contacts
                .get_contact(
                    GetContactParams::builder()
                        .profile_id(P)
                        .search_by(ContactSearchBy::Email)
                        .search_value("ana@acme.example")
                        .company_id(other)
                        .build(),
                )
                .await,
            422,
            &format!("company {other}"),
        );
        assert_api_error(
            client
                .opportunities()
                .get_opportunity(
                    GetOpportunityParams::builder()
                        .profile_id(P)
                        .opportunity_id(999)
                        .build(),
                )
                .await,
            422,
            "no opportunity 999",
        );
        assert_api_error(
            client
                .products()
                .edit_product(
                    EditProductParams::builder()
                        .profile_id(P)
                        .product_id(999)
                        .name("Nada")
                        .value(1.0)
                        .build(),
                )
                .await,
            422,
            "no product 999",
        );
        assert_api_error(
            client
                .profiles()
                .get_states(GetStatesParams::builder().country("ZZ").build())
                .await,
            422,
            "`ZZ`",
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_profile_is_a_422_everywhere() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let acme = new_company(&client, "Acme").await;
        const NO: i64 = 2;
        let needle = "no profile 2";
        assert_api_error(
            client
                .profiles()
                .get_stages(GetStagesParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .profiles()
                .get_users(GetUsersParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .get_types(GetTypesParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .get_companies(GetCompaniesParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .create_company(
                    CreateCompanyParams::builder()
                        .profile_id(NO)
                        .name("X")
                        .type_id(1)
                        .industry_id(1)
                        .build(),
                )
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .get_company(
                    GetCompanyParams::builder()
                        .profile_id(NO)
                        .search_by(CompanySearchBy::Id)
                        .search_value(acme.to_string())
                        .build(),
                )
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .contacts()
                .get_contacts(GetContactsParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .products()
                .get_products(GetProductsParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .opportunities()
                .get_opportunities(GetOpportunitiesParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .tickets()
                .get_tickets(GetTicketsParams::builder().profile_id(NO).build())
                .await,
            422,
            needle,
        );
        assert_api_error(
            client
                .tickets()
                .create_ticket(with(ticket(acme), |p| p.profile_id = NO))
                .await,
            422,
            needle,
        );
        // Nothing was created by the refused calls.
        let page = client
            .companies()
            .get_companies(GetCompaniesParams::builder().profile_id(P).build())
            .await
            .unwrap();
        assert_eq!(page.total, 1);
    })
    .await;
}

async fn setup() -> (Served, Client, i64, i64, i64, i64) {
    let served = Served::start(Sandbox::new()).await;
    let client = served.logged_in().await;
    let acme = new_company(&client, "Acme").await;
    let ana = new_contact(&client, acme, "Ana", "ana@acme.example").await;
    let bodegas = new_company(&client, "Bodegas").await;
    let beto = new_contact(&client, bodegas, "Beto", "beto@bodegas.example").await;
    (served, client, acme, ana, bodegas, beto)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_references_in_companies_and_contacts() {
    bounded(async {
        let (_served, client, acme, _ana, _, _) = setup().await;
        let companies = client.companies();
        let create = |params: CreateCompanyParams| companies.create_company(params);
        assert_api_error(
            create(
                CreateCompanyParams::builder()
                    .profile_id(P)
                    .name("X")
                    .type_id(99)
                    .industry_id(1)
                    .build(),
            )
            .await,
            422,
            "parameters.type_id",
        );
        assert_api_error(
            create(
                CreateCompanyParams::builder()
                    .profile_id(P)
                    .name("X")
                    .type_id(1)
                    .industry_id(99)
                    .build(),
            )
            .await,
            422,
            "parameters.industry_id",
        );
        assert_api_error(
            create(
                CreateCompanyParams::builder()
                    .profile_id(P)
                    .name("  ")
                    .type_id(1)
                    .industry_id(1)
                    .build(),
            )
            .await,
            400,
            "parameters.name",
        );
        let address = |country: &str, state: &str| {
            Address::builder()
                .country(country)
                .state(state)
                .street("Calle")
                .number("1")
                .zip("01000")
                .city("Ciudad")
                .build()
        };
        assert_api_error(
            create(
                CreateCompanyParams::builder()
                    .profile_id(P)
                    .name("X")
                    .type_id(1)
                    .industry_id(1)
                    .shipping_address(address("ZZ", "CMX"))
                    .build(),
            )
            .await,
            422,
            "parameters.shipping_address.country",
        );
        assert_api_error(
            create(
                CreateCompanyParams::builder()
                    .profile_id(P)
                    .name("X")
                    .type_id(1)
                    .industry_id(1)
                    .billing_address(address("MX", "XXX"))
                    .build(),
            )
            .await,
            422,
            "parameters.billing_address.state",
        );
        // A country whose states are not seeded takes any state code.
        create(
            CreateCompanyParams::builder()
                .profile_id(P)
                .name("Madrid SA")
                .type_id(1)
                .industry_id(1)
                .billing_address(address("ES", "MD"))
                .build(),
        )
        .await
        .unwrap();
        assert_api_error(
            companies
                .get_company(
                    GetCompanyParams::builder()
                        .profile_id(P)
                        .search_by(CompanySearchBy::Id)
                        .search_value("abc")
                        .build(),
                )
                .await,
            422,
            "parameters.search_value",
        );

        let contacts = client.contacts();
        let create = |params: CreateContactParams| contacts.create_contact(params);
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(999)
                    .name("X")
                    .surname("Y")
                    .origin_id(1)
                    .build(),
            )
            .await,
            422,
            "parameters.company_id",
        );
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .name("X")
                    .surname("Y")
                    .origin_id(99)
                    .build(),
            )
            .await,
            422,
            "parameters.origin_id",
        );
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .name("X")
                    .surname("Y")
                    .origin_id(1)
                    .title_id(99)
                    .build(),
            )
            .await,
            422,
            "parameters.title_id",
        );
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .name("X")
                    .surname("Y")
                    .origin_id(1)
                    .position_id(99)
                    .build(),
            )
            .await,
            422,
            "parameters.position_id",
        );
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .name("X")
                    .surname("Y")
                    .origin_id(1)
                    .department_id(99)
                    .build(),
            )
            .await,
            422,
            "parameters.department_id",
        );
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .name("X")
                    .surname("Y")
                    .origin_id(1)
                    .email("no-at-sign")
                    .build(),
            )
            .await,
            400,
            "parameters.email",
        );
        assert_api_error(
            create(
                CreateContactParams::builder()
                    .profile_id(P)
                    .company_id(acme)
                    .name("X")
                    .surname("Y")
                    .origin_id(1)
                    .email("ANA@acme.example")
                    .build(),
            )
            .await,
            409,
            "already exists",
        );
        assert_api_error(
            contacts
                .get_contacts(
                    GetContactsParams::builder()
                        .profile_id(P)
                        .pagination(0)
                        .build(),
                )
                .await,
            400,
            "parameters.pagination",
        );
        assert_api_error(
            contacts
                .get_contacts(GetContactsParams::builder().profile_id(P).page(-1).build())
                .await,
            400,
            "parameters.page",
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_references_in_products_opportunities_and_tickets() {
    bounded(async {
        let (_served, client, acme, ana, bodegas, beto) = setup().await;
        let products = client.products();
        let create = |params: CreateProductParams| products.create_product(params);
        let base = || {
            CreateProductParams::builder()
                .profile_id(P)
                .name("Licencia")
                .value(100.0)
                .build()
        };
        assert_api_error(
            create(base().product_category_id("abc")).await,
            400,
            "parameters.product_category_id: `abc` does not match",
        );
        assert_api_error(
            create(base().product_category_id("99")).await,
            422,
            "parameters.product_category_id",
        );
        assert_api_error(
            create(base().product_discount_id("99")).await,
            422,
            "parameters.product_discount_id",
        );
        assert_api_error(
            create(base().profile_currency_type_id("9")).await,
            422,
            "parameters.profile_currency_type_id",
        );
        assert_api_error(
            create(base().taxes(vec![1, 99])).await,
            422,
            "parameters.taxes[1]",
        );
        assert_api_error(
            create(base().inputs(BTreeMap::from([("color".to_string(), json!("rojo"))]))).await,
            422,
            "parameters.inputs.color",
        );
        assert_api_error(
            create(
                CreateProductParams::builder()
                    .profile_id(P)
                    .name("X")
                    .value(-1.0)
                    .build(),
            )
            .await,
            400,
            "parameters.value",
        );
        let product = create(base()).await.unwrap().product["id"]
            .as_i64()
            .unwrap();
        assert_api_error(
            products
                .edit_product(
                    EditProductParams::builder()
                        .profile_id(P)
                        .product_id(product)
                        .name("X")
                        .value(1.0)
                        .product_measury_id("99")
                        .build(),
                )
                .await,
            422,
            "parameters.product_measury_id",
        );

        let opportunities = client.opportunities();
        let create = |params: CreateOpportunityParams| opportunities.create_opportunity(params);
        assert_api_error(
            create(opportunity(999, ana)).await,
            422,
            "parameters.company_id",
        );
        assert_api_error(
            create(opportunity(acme, 999)).await,
            422,
            "parameters.contact_id",
        );
        assert_api_error(
            create(opportunity(acme, beto)).await,
            422,
            "does not belong to company",
        );
        assert_api_error(
            create(with(opportunity(acme, ana), |p| p.user_id = 99)).await,
            422,
            "parameters.user_id",
        );
        assert_api_error(
            create(with(opportunity(acme, ana), |p| p.stage_id = 99)).await,
            422,
            "parameters.stage_id",
        );
        let wants = with(opportunity(acme, ana), |p| p.want_products = true);
        assert_api_error(create(wants.clone()).await, 422, "parameters.products");
        let line = |product_id, amount| {
            OpportunityProduct::builder()
                .product_id(product_id)
                .amount(amount)
                .price(100.0)
                .discount(0.0)
                .tax(0.16)
                .total(116.0)
                .build()
        };
        assert_api_error(
            create(wants.clone().products(vec![line(999, 1)])).await,
            422,
            "parameters.products[0].product_id",
        );
        assert_api_error(
            create(wants.clone().products(vec![line(product, 0)])).await,
            400,
            "parameters.products[0].amount",
        );
        assert_api_error(
            create(opportunity(acme, ana).products(vec![line(product, 1)])).await,
            422,
            "want_products is false",
        );
        let deal = create(wants.products(vec![line(product, 2)]))
            .await
            .unwrap()
            .opportunity["id"]
            .as_i64()
            .unwrap();
        assert_api_error(
            opportunities
                .get_opportunities(
                    GetOpportunitiesParams::builder()
                        .profile_id(P)
                        .value(ValueRange::default().from("mucho"))
                        .build(),
                )
                .await,
            400,
            "parameters.value.from",
        );

        let tickets = client.tickets();
        let create = |params: CreateTicketParams| tickets.create_ticket(params);
        assert_api_error(create(ticket(999)).await, 422, "parameters.company_id");
        assert_api_error(
            create(ticket(acme).contact_id(beto)).await,
            422,
            "does not belong to company",
        );
        assert_api_error(
            create(ticket(bodegas).opportunity_id(deal)).await,
            422,
            "parameters.opportunity_id",
        );
        assert_api_error(
            create(ticket(acme).opportunity_id(999)).await,
            422,
            "parameters.opportunity_id",
        );
        assert_api_error(
            create(with(ticket(acme), |p| p.user_id = 99)).await,
            422,
            "parameters.user_id",
        );
        assert_api_error(
            create(with(ticket(acme), |p| p.origin_id = 99)).await,
            422,
            "parameters.origin_id",
        );
        assert_api_error(
            create(with(ticket(acme), |p| p.case_id = 99)).await,
            422,
            "parameters.case_id",
        );
        assert_api_error(
            create(with(ticket(acme), |p| p.priority_id = 99)).await,
            422,
            "parameters.priority_id",
        );
        create(ticket(acme).contact_id(ana).opportunity_id(deal))
            .await
            .unwrap();

        // Only the valid creates were stored.
        assert_eq!(
            client
                .products()
                .get_products(GetProductsParams::builder().profile_id(P).build())
                .await
                .unwrap()
                .products
                .len(),
            1
        );
        let listed = opportunities
            .get_opportunities(GetOpportunitiesParams::builder().profile_id(P).build())
            .await
            .unwrap();
        assert_eq!(listed.total, 1);
        assert_eq!(
            client
                .tickets()
                .get_tickets(GetTicketsParams::builder().profile_id(P).build())
                .await
                .unwrap()
                .tickets
                .len(),
            1
        );
    })
    .await;
}
