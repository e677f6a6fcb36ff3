//! Error envelopes through the client: unknown records are 404s, wrong references 400s,
//! each with a message that says what is wrong.

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
    DayMonthYear::new(2026, 12, 31).unwrap()
}

fn opportunity(company: i64, contact: i64) -> CreateOpportunityParams {
    CreateOpportunityParams::new(
        P,
        1,
        "Deal",
        100.0,
        end(),
        ProspectType::New,
        OperationType::New,
        1,
        company,
        contact,
        false,
        false,
        false,
    )
}

fn ticket(company: i64) -> CreateTicketParams {
    CreateTicketParams::new(
        P,
        "Falla",
        "No funciona",
        company,
        1,
        1,
        1,
        1,
        IsoDate::new(2026, 1, 1).unwrap(),
        false,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_records_are_404s() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let acme = new_company(&client, "Acme").await;
        new_contact(&client, acme, "Ana", "ana@acme.example").await;

        let companies = client.companies();
        assert_api_error(
            companies
                .get_company(GetCompanyParams::new(P, CompanySearchBy::Id, "999"))
                .await,
            404,
            "no company with id `999`",
        );
        assert_api_error(
            companies
                .get_company(GetCompanyParams::new(
                    P,
                    CompanySearchBy::ClientNumber,
                    "CN-99999",
                ))
                .await,
            404,
            "no company with client_number `CN-99999`",
        );
        let contacts = client.contacts();
        assert_api_error(
            contacts
                .get_contact(GetContactParams::new(P, ContactSearchBy::Id, "999"))
                .await,
            404,
            "no contact",
        );
        assert_api_error(
            contacts
                .get_contact(GetContactParams::new(
                    P,
                    ContactSearchBy::Email,
                    "nadie@acme.example",
                ))
                .await,
            404,
            "nadie@acme.example",
        );
        // The contact exists, but not in the company asked for.
        let other = new_company(&client, "Otra").await;
        assert_api_error(
            contacts
                .get_contact(
                    GetContactParams::new(P, ContactSearchBy::Email, "ana@acme.example")
                        .company_id(other),
                )
                .await,
            404,
            &format!("company {other}"),
        );
        assert_api_error(
            client
                .opportunities()
                .get_opportunity(GetOpportunityParams::new(P, 999))
                .await,
            404,
            "no opportunity 999",
        );
        assert_api_error(
            client
                .products()
                .edit_product(EditProductParams::new(P, 999, "Nada", 1.0))
                .await,
            404,
            "no product 999",
        );
        assert_api_error(
            client
                .profiles()
                .get_states(GetStatesParams::new("ZZ"))
                .await,
            404,
            "`ZZ`",
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_profile_is_a_404_everywhere() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.logged_in().await;
        let acme = new_company(&client, "Acme").await;
        const NO: i64 = 2;
        let needle = "no profile 2";
        assert_api_error(
            client.profiles().get_stages(GetStagesParams::new(NO)).await,
            404,
            needle,
        );
        assert_api_error(
            client.profiles().get_users(GetUsersParams::new(NO)).await,
            404,
            needle,
        );
        assert_api_error(
            client.companies().get_types(GetTypesParams::new(NO)).await,
            404,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .get_companies(GetCompaniesParams::new(NO))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .create_company(CreateCompanyParams::new(NO, "X", 1, 1))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .companies()
                .get_company(GetCompanyParams::new(
                    NO,
                    CompanySearchBy::Id,
                    acme.to_string(),
                ))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .contacts()
                .get_contacts(GetContactsParams::new(NO))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .products()
                .get_products(GetProductsParams::new(NO))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .opportunities()
                .get_opportunities(GetOpportunitiesParams::new(NO))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .tickets()
                .get_tickets(GetTicketsParams::new(NO))
                .await,
            404,
            needle,
        );
        assert_api_error(
            client
                .tickets()
                .create_ticket(CreateTicketParams {
                    profile_id: NO,
                    ..ticket(acme)
                })
                .await,
            404,
            needle,
        );
        // Nothing was created by the refused calls.
        let page = client
            .companies()
            .get_companies(GetCompaniesParams::new(P))
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
            create(CreateCompanyParams::new(P, "X", 99, 1)).await,
            400,
            "parameters.type_id",
        );
        assert_api_error(
            create(CreateCompanyParams::new(P, "X", 1, 99)).await,
            400,
            "parameters.industry_id",
        );
        assert_api_error(
            create(CreateCompanyParams::new(P, "  ", 1, 1)).await,
            400,
            "parameters.name",
        );
        let address = |country: &str, state: &str| {
            Address::new(country, state, "Calle", "1", "01000", "Ciudad")
        };
        assert_api_error(
            create(CreateCompanyParams::new(P, "X", 1, 1).shipping_address(address("ZZ", "CMX")))
                .await,
            400,
            "parameters.shipping_address.country",
        );
        assert_api_error(
            create(CreateCompanyParams::new(P, "X", 1, 1).billing_address(address("MX", "XXX")))
                .await,
            400,
            "parameters.billing_address.state",
        );
        // A country whose states are not seeded takes any state code.
        create(CreateCompanyParams::new(P, "Madrid SA", 1, 1).billing_address(address("ES", "MD")))
            .await
            .unwrap();
        assert_api_error(
            companies
                .get_company(GetCompanyParams::new(P, CompanySearchBy::Id, "abc"))
                .await,
            400,
            "parameters.search_value",
        );

        let contacts = client.contacts();
        let create = |params: CreateContactParams| contacts.create_contact(params);
        assert_api_error(
            create(CreateContactParams::new(P, 999, "X", "Y", 1)).await,
            400,
            "parameters.company_id",
        );
        assert_api_error(
            create(CreateContactParams::new(P, acme, "X", "Y", 99)).await,
            400,
            "parameters.origin_id",
        );
        assert_api_error(
            create(CreateContactParams::new(P, acme, "X", "Y", 1).title_id(99)).await,
            400,
            "parameters.title_id",
        );
        assert_api_error(
            create(CreateContactParams::new(P, acme, "X", "Y", 1).position_id(99)).await,
            400,
            "parameters.position_id",
        );
        assert_api_error(
            create(CreateContactParams::new(P, acme, "X", "Y", 1).department_id(99)).await,
            400,
            "parameters.department_id",
        );
        assert_api_error(
            create(CreateContactParams::new(P, acme, "X", "Y", 1).email("no-at-sign")).await,
            400,
            "parameters.email",
        );
        assert_api_error(
            create(CreateContactParams::new(P, acme, "X", "Y", 1).email("ANA@acme.example")).await,
            409,
            "already exists",
        );
        assert_api_error(
            contacts
                .get_contacts(GetContactsParams::new(P).pagination(0))
                .await,
            400,
            "parameters.pagination",
        );
        assert_api_error(
            contacts
                .get_contacts(GetContactsParams::new(P).page(-1))
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
        let base = || CreateProductParams::new(P, "Licencia", 100.0);
        assert_api_error(
            create(base().product_category_id("abc")).await,
            400,
            "`abc` is not an id",
        );
        assert_api_error(
            create(base().product_category_id("99")).await,
            400,
            "parameters.product_category_id",
        );
        assert_api_error(
            create(base().product_discount_id("99")).await,
            400,
            "parameters.product_discount_id",
        );
        assert_api_error(
            create(base().profile_currency_type_id("9")).await,
            400,
            "parameters.profile_currency_type_id",
        );
        assert_api_error(
            create(base().taxes(vec![1, 99])).await,
            400,
            "parameters.taxes[1]",
        );
        assert_api_error(
            create(base().inputs(BTreeMap::from([("color".to_string(), json!("rojo"))]))).await,
            400,
            "parameters.inputs.color",
        );
        assert_api_error(
            create(CreateProductParams::new(P, "X", -1.0)).await,
            400,
            "parameters.value",
        );
        let product = create(base()).await.unwrap().product["id"]
            .as_i64()
            .unwrap();
        assert_api_error(
            products
                .edit_product(EditProductParams::new(P, product, "X", 1.0).product_measury_id("99"))
                .await,
            400,
            "parameters.product_measury_id",
        );

        let opportunities = client.opportunities();
        let create = |params: CreateOpportunityParams| opportunities.create_opportunity(params);
        assert_api_error(
            create(opportunity(999, ana)).await,
            400,
            "parameters.company_id",
        );
        assert_api_error(
            create(opportunity(acme, 999)).await,
            400,
            "parameters.contact_id",
        );
        assert_api_error(
            create(opportunity(acme, beto)).await,
            400,
            "does not belong to company",
        );
        assert_api_error(
            create(CreateOpportunityParams {
                user_id: 99,
                ..opportunity(acme, ana)
            })
            .await,
            400,
            "parameters.user_id",
        );
        assert_api_error(
            create(CreateOpportunityParams {
                stage_id: 99,
                ..opportunity(acme, ana)
            })
            .await,
            400,
            "parameters.stage_id",
        );
        let wants = CreateOpportunityParams {
            want_products: true,
            ..opportunity(acme, ana)
        };
        assert_api_error(create(wants.clone()).await, 400, "parameters.products");
        let line = |product_id, amount| {
            OpportunityProduct::new(product_id, amount, 100.0, 0.0, 0.16, 116.0)
        };
        assert_api_error(
            create(wants.clone().products(vec![line(999, 1)])).await,
            400,
            "parameters.products[0].product_id",
        );
        assert_api_error(
            create(wants.clone().products(vec![line(product, 0)])).await,
            400,
            "parameters.products[0].amount",
        );
        assert_api_error(
            create(opportunity(acme, ana).products(vec![line(product, 1)])).await,
            400,
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
                    GetOpportunitiesParams::new(P).value(ValueRange::new().from("mucho")),
                )
                .await,
            400,
            "parameters.value.from",
        );

        let tickets = client.tickets();
        let create = |params: CreateTicketParams| tickets.create_ticket(params);
        assert_api_error(create(ticket(999)).await, 400, "parameters.company_id");
        assert_api_error(
            create(ticket(acme).contact_id(beto)).await,
            400,
            "does not belong to company",
        );
        assert_api_error(
            create(ticket(bodegas).opportunity_id(deal)).await,
            400,
            "parameters.opportunity_id",
        );
        assert_api_error(
            create(ticket(acme).opportunity_id(999)).await,
            400,
            "parameters.opportunity_id",
        );
        assert_api_error(
            create(CreateTicketParams {
                user_id: 99,
                ..ticket(acme)
            })
            .await,
            400,
            "parameters.user_id",
        );
        assert_api_error(
            create(CreateTicketParams {
                origin_id: 99,
                ..ticket(acme)
            })
            .await,
            400,
            "parameters.origin_id",
        );
        assert_api_error(
            create(CreateTicketParams {
                case_id: 99,
                ..ticket(acme)
            })
            .await,
            400,
            "parameters.case_id",
        );
        assert_api_error(
            create(CreateTicketParams {
                priority_id: 99,
                ..ticket(acme)
            })
            .await,
            400,
            "parameters.priority_id",
        );
        create(ticket(acme).contact_id(ana).opportunity_id(deal))
            .await
            .unwrap();

        // Only the valid creates were stored.
        assert_eq!(
            client
                .products()
                .get_products(GetProductsParams::new(P))
                .await
                .unwrap()
                .products
                .len(),
            1
        );
        let listed = opportunities
            .get_opportunities(GetOpportunitiesParams::new(P))
            .await
            .unwrap();
        assert_eq!(listed.total, 1);
        assert_eq!(
            client
                .tickets()
                .get_tickets(GetTicketsParams::new(P))
                .await
                .unwrap()
                .tickets
                .len(),
            1
        );
    })
    .await;
}
