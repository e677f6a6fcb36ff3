//! The exact request of each of the spec's methods: URL path under the base URL, POST, headers
//! and the JSON body, with optional fields left out when unset and written when set.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use centiacrm_client::Client;
use centiacrm_client::types::{
    Address, ApiMethod, Assistant, CompanySearchBy, ContactSearchBy, DateRange, DayMonthYear,
    IsoDate, MethodVisitor, OperationType, OpportunityProduct, OpportunityStatus, ProspectType,
    ValueRange, auth, companies, contacts, opportunities, products, profiles, tickets,
};
use common::{BASE_PATH, Reply, TOKEN, TestServer, Wire};
use serde_json::{Value, json};

fn dmy(year: u16, month: u8, day: u8) -> DayMonthYear {
    DayMonthYear::builder()
        .year(year)
        .month(month)
        .day(day)
        .build()
        .unwrap()
}

fn iso(year: u16, month: u8, day: u8) -> IsoDate {
    IsoDate::builder()
        .year(year)
        .month(month)
        .day(day)
        .build()
        .unwrap()
}

/// An address with every optional field set, and its JSON.
fn full_address() -> (Address, Value) {
    let address = Address::builder()
        .country("MX")
        .state("JAL")
        .street("Av. Juárez")
        .number("123")
        .zip("44100")
        .city("Guadalajara")
        .interior_number("4B")
        .suburb("Centro")
        .latitude("20.6767")
        .longitude("-103.3475")
        .build();
    let json = json!({
        "country": "MX", "state": "JAL", "street": "Av. Juárez", "number": "123",
        "interior_number": "4B", "zip": "44100", "suburb": "Centro", "city": "Guadalajara",
        "latitude": "20.6767", "longitude": "-103.3475",
    });
    (address, json)
}

/// An address with only the required fields, and its JSON.
fn minimal_address() -> (Address, Value) {
    let address = Address::builder()
        .country("US")
        .state("TX")
        .street("Main St")
        .number("1")
        .zip("73301")
        .city("Austin")
        .build();
    let json = json!({
        "country": "US", "state": "TX", "street": "Main St", "number": "1",
        "zip": "73301", "city": "Austin",
    });
    (address, json)
}

/// The answer of a paginated list method with one page holding `items` under `field`.
fn one_page(field: &str, items: Value) -> Value {
    let total = items.as_array().map_or(0, Vec::len);
    json!({"total": total, "current_page": 1, "last_page": 1, field: items})
}

async fn auth_methods(w: &Wire) {
    // The client holds a token, but Login is the one call that must not send it.
    let out = w
        .check_anonymous(
            w.client
                .auth()
                .login(auth::LoginParams::builder().email("ana@example.com").password("s3cret").build()),
            "/auth",
            json!({"method": "Login", "parameters": {"email": "ana@example.com", "password": "s3cret"}}),
            json!({"token": TOKEN, "user": {"id": 3, "name": "Ana"}}),
        )
        .await;
    assert_eq!(out.token, TOKEN);
}

async fn profiles_methods(w: &Wire) {
    let p = w.client.profiles();
    // Methods without parameters in the spec send no "parameters" key at all.
    w.check(
        p.get_profiles(),
        "/profiles",
        json!({"method": "GetProfiles"}),
        json!({"profiles": [{"id": 7, "name": "Sales"}]}),
    )
    .await;
    w.check(
        p.get_stages(profiles::GetStagesParams::builder().profile_id(7).build()),
        "/profiles",
        json!({"method": "GetStages", "parameters": {"profile_id": 7}}),
        json!({"stages": [{"id": 1, "name": "Lead"}]}),
    )
    .await;
    w.check(
        p.get_countries(),
        "/profiles",
        json!({"method": "GetCountries"}),
        json!({"countries": [{"code": "MX", "name": "México"}]}),
    )
    .await;
    w.check(
        p.get_states(profiles::GetStatesParams::builder().country("MX").build()),
        "/profiles",
        json!({"method": "GetStates", "parameters": {"country": "MX"}}),
        json!({"country": "MX", "states": [{"code": "JAL"}]}),
    )
    .await;
    w.check(
        p.get_users(profiles::GetUsersParams::builder().profile_id(7).build()),
        "/profiles",
        json!({"method": "GetUsers", "parameters": {"profile_id": 7}}),
        json!({"users": [{"id": 3}]}),
    )
    .await;
}

async fn companies_methods(w: &Wire) {
    let c = w.client.companies();
    w.check(
        c.get_companies(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/companies",
        json!({"method": "GetCompanies", "parameters": {"profile_id": 7}}),
        one_page("companies", json!([{"id": 1, "name": "Acme"}])),
    )
    .await;
    let every_filter = companies::GetCompaniesParams::builder()
        .profile_id(7)
        .company_type(vec![1, 2])
        .company_industry(vec![3])
        .created_at(
            DateRange::default()
                .from(dmy(2025, 1, 5))
                .to(dmy(2025, 12, 31)),
        )
        .with_inputs(true)
        .with_contacts(false)
        .with_addresses(true)
        .query("acme")
        .pagination(50)
        .page(2)
        .build();
    w.check(
        c.get_companies(every_filter),
        "/companies",
        json!({"method": "GetCompanies", "parameters": {
            "profile_id": 7, "company_type": [1, 2], "company_industry": [3],
            "created_at": {"from": "05/01/25", "to": "31/12/25"},
            "with_inputs": true, "with_contacts": false, "with_addresses": true,
            "query": "acme", "pagination": 50, "page": 2,
        }}),
        json!({"total": 51, "current_page": 2, "last_page": 2, "companies": [{"id": 51}]}),
    )
    .await;
    w.check(
        c.get_types(companies::GetTypesParams::builder().profile_id(7).build()),
        "/companies",
        json!({"method": "GetTypes", "parameters": {"profile_id": 7}}),
        json!({"types": [{"id": 1, "name": "Client"}]}),
    )
    .await;
    w.check(
        c.get_industries(
            companies::GetIndustriesParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/companies",
        json!({"method": "GetIndustries", "parameters": {"profile_id": 7}}),
        json!({"industries": [{"id": 3, "name": "Retail"}]}),
    )
    .await;
    w.check(
        c.get_inputs(companies::GetInputsParams::builder().profile_id(7).build()),
        "/companies",
        json!({"method": "GetInputs", "parameters": {"profile_id": 7}}),
        json!({"inputs": [{"slug": "vat", "type": "text"}]}),
    )
    .await;
    w.check(
        c.create_company(
            companies::CreateCompanyParams::builder()
                .profile_id(7)
                .name("Acme")
                .type_id(2)
                .industry_id(3)
                .build(),
        ),
        "/companies",
        json!({"method": "CreateCompany", "parameters": {
            "profile_id": 7, "name": "Acme", "type_id": 2, "industry_id": 3,
        }}),
        json!({"company": {"id": 99, "name": "Acme"}}),
    )
    .await;
    let ((shipping, shipping_json), (billing, billing_json)) = (full_address(), minimal_address());
    let every_field = companies::CreateCompanyParams::builder()
        .profile_id(7)
        .name("Acme")
        .type_id(2)
        .industry_id(3)
        .website("https://acme.example")
        .phone("+52 33 1234 5678")
        .billing_name("Acme SA de CV")
        .rfc("ACM010101AAA")
        .shipping_address(shipping)
        .billing_address(billing)
        .build();
    w.check(
        c.create_company(every_field),
        "/companies",
        json!({"method": "CreateCompany", "parameters": {
            "profile_id": 7, "name": "Acme", "type_id": 2, "industry_id": 3,
            "website": "https://acme.example", "phone": "+52 33 1234 5678",
            "billing_name": "Acme SA de CV", "rfc": "ACM010101AAA",
            "shipping_address": shipping_json, "billing_address": billing_json,
        }}),
        json!({"company": {"id": 100}}),
    )
    .await;
    w.check(
        c.get_company(
            companies::GetCompanyParams::builder()
                .profile_id(7)
                .search_by(CompanySearchBy::ClientNumber)
                .search_value("C-0042")
                .build(),
        ),
        "/companies",
        json!({"method": "GetCompany", "parameters": {
            "profile_id": 7, "search_by": "client_number", "search_value": "C-0042",
        }}),
        json!({"company": {"id": 42, "client_number": "C-0042"}}),
    )
    .await;
}

async fn contacts_methods(w: &Wire) {
    let c = w.client.contacts();
    w.check(
        c.get_contacts(contacts::GetContactsParams::builder().profile_id(7).build()),
        "/contacts",
        json!({"method": "GetContacts", "parameters": {"profile_id": 7}}),
        one_page("contacts", json!([{"id": 1}])),
    )
    .await;
    let every_filter = contacts::GetContactsParams::builder()
        .profile_id(7)
        .company_id(12)
        .origin_id(vec![1])
        .title_id(vec![2, 3])
        .position_id(vec![4])
        .department_id(vec![5, 6])
        .created_at(DateRange::default().from(dmy(2024, 2, 29)))
        .with_inputs(true)
        .with_addresses(false)
        .query("ana")
        .pagination(100)
        .page(3)
        .build();
    w.check(
        c.get_contacts(every_filter),
        "/contacts",
        json!({"method": "GetContacts", "parameters": {
            "profile_id": 7, "company_id": 12, "origin_id": [1], "title_id": [2, 3],
            "position_id": [4], "department_id": [5, 6], "created_at": {"from": "29/02/24"},
            "with_inputs": true, "with_addresses": false, "query": "ana",
            "pagination": 100, "page": 3,
        }}),
        json!({"total": 201, "current_page": 3, "last_page": 3, "contacts": [{"id": 201}]}),
    )
    .await;
    w.check(
        c.get_origins(contacts::GetOriginsParams::builder().profile_id(7).build()),
        "/contacts",
        json!({"method": "GetOrigins", "parameters": {"profile_id": 7}}),
        json!({"origins": [{"id": 1, "name": "Web"}]}),
    )
    .await;
    w.check(
        c.get_titles(contacts::GetTitlesParams::builder().profile_id(7).build()),
        "/contacts",
        json!({"method": "GetTitles", "parameters": {"profile_id": 7}}),
        json!({"titles": [{"id": 2, "name": "Ing."}]}),
    )
    .await;
    w.check(
        c.get_departments(
            contacts::GetDepartmentsParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/contacts",
        json!({"method": "GetDepartments", "parameters": {"profile_id": 7}}),
        json!({"departments": [{"id": 5}]}),
    )
    .await;
    w.check(
        c.get_positions(
            contacts::GetPositionsParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/contacts",
        json!({"method": "GetPositions", "parameters": {"profile_id": 7}}),
        json!({"positions": [{"id": 4}]}),
    )
    .await;
    w.check(
        c.get_inputs(contacts::GetInputsParams::builder().profile_id(7).build()),
        "/contacts",
        json!({"method": "GetInputs", "parameters": {"profile_id": 7}}),
        json!({"inputs": []}),
    )
    .await;
    w.check(
        c.create_contact(
            contacts::CreateContactParams::builder()
                .profile_id(7)
                .company_id(12)
                .name("Ana")
                .surname("López")
                .origin_id(1)
                .build(),
        ),
        "/contacts",
        json!({"method": "CreateContact", "parameters": {
            "profile_id": 7, "company_id": 12, "name": "Ana", "surname": "López", "origin_id": 1,
        }}),
        json!({"contact": {"id": 300}}),
    )
    .await;
    // Nested objects with only their required fields.
    let (billing, billing_json) = minimal_address();
    w.check(
        c.create_contact(
            contacts::CreateContactParams::builder()
                .profile_id(7)
                .company_id(12)
                .name("Ana")
                .surname("López")
                .origin_id(1)
                .billing_address(billing)
                .assistant(Assistant::builder().name("Eva").surname("Ruiz").build())
                .build(),
        ),
        "/contacts",
        json!({"method": "CreateContact", "parameters": {
            "profile_id": 7, "company_id": 12, "name": "Ana", "surname": "López", "origin_id": 1,
            "billing_address": billing_json, "assistant": {"name": "Eva", "surname": "Ruiz"},
        }}),
        json!({"contact": {"id": 301}}),
    )
    .await;
    let ((shipping, shipping_json), (billing, billing_json)) = (full_address(), minimal_address());
    let assistant = Assistant::builder()
        .name("Eva")
        .surname("Ruiz")
        .mother_surname("Soto")
        .phone_office("3300000001")
        .phone_office_extension("12")
        .email("eva@example.com")
        .skype("eva.ruiz")
        .linkedin("in/evaruiz")
        .build();
    let every_field = contacts::CreateContactParams::builder()
        .profile_id(7)
        .company_id(12)
        .name("Ana")
        .surname("López")
        .origin_id(1)
        .mother_surname("García")
        .title_id(2)
        .position_id(4)
        .department_id(5)
        .phone_office("3300000000")
        .phone_office_extension("101")
        .phone_mobile("3311111111")
        .phone_other("3322222222")
        .email("ana@example.com")
        .skype("ana.lopez")
        .linkedin("in/analopez")
        .twitter("@analopez")
        .shipping_address(shipping)
        .billing_address(billing)
        .assistant(assistant)
        .build();
    w.check(
        c.create_contact(every_field),
        "/contacts",
        json!({"method": "CreateContact", "parameters": {
            "profile_id": 7, "company_id": 12, "name": "Ana", "surname": "López",
            "mother_surname": "García", "title_id": 2, "origin_id": 1, "position_id": 4,
            "department_id": 5, "phone_office": "3300000000", "phone_office_extension": "101",
            "phone_mobile": "3311111111", "phone_other": "3322222222",
            "email": "ana@example.com", "skype": "ana.lopez", "linkedin": "in/analopez",
            "twitter": "@analopez",
            "shipping_address": shipping_json, "billing_address": billing_json,
            "assistant": {
                "name": "Eva", "surname": "Ruiz", "mother_surname": "Soto",
                "phone_office": "3300000001", "phone_office_extension": "12",
                "email": "eva@example.com", "skype": "eva.ruiz", "linkedin": "in/evaruiz",
            },
        }}),
        json!({"contact": {"id": 302}}),
    )
    .await;
    w.check(
        c.get_contact(
            contacts::GetContactParams::builder()
                .profile_id(7)
                .search_by(ContactSearchBy::Email)
                .search_value("ana@example.com")
                .build(),
        ),
        "/contacts",
        json!({"method": "GetContact", "parameters": {
            "profile_id": 7, "search_by": "email", "search_value": "ana@example.com",
        }}),
        json!({"contact": {"id": 300, "email": "ana@example.com"}}),
    )
    .await;
    w.check(
        c.get_contact(
            contacts::GetContactParams::builder()
                .profile_id(7)
                .search_by(ContactSearchBy::Id)
                .search_value("300")
                .company_id(12)
                .build(),
        ),
        "/contacts",
        json!({"method": "GetContact", "parameters": {
            "profile_id": 7, "company_id": 12, "search_by": "id", "search_value": "300",
        }}),
        json!({"contact": {"id": 300}}),
    )
    .await;
}

/// The product fields both CreateProduct and EditProduct take, every optional one set.
macro_rules! every_product_option {
    ($params:expr) => {
        $params
            .short_name("Wdg")
            .sku("W-001")
            .description("A blue widget")
            .profile_currency_type_id("1")
            .product_discount_id("2")
            .product_validity_id("3")
            .product_measury_id("4")
            .product_category_id("5")
            .taxes(vec![1, 2])
            .inputs(product_inputs())
    };
}

/// CreateProduct's `inputs`: input slug to any JSON value.
fn product_inputs() -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("color".to_string(), json!("blue")),
        ("size".to_string(), json!(42)),
        ("tags".to_string(), json!(["a", "b"])),
        ("meta".to_string(), json!({"fragile": true})),
    ])
}

fn every_product_option_json(mut required: Value) -> Value {
    let options = json!({
        "short_name": "Wdg", "sku": "W-001", "description": "A blue widget",
        "profile_currency_type_id": "1", "product_discount_id": "2",
        "product_validity_id": "3", "product_measury_id": "4", "product_category_id": "5",
        "taxes": [1, 2],
        "inputs": {"color": "blue", "size": 42, "tags": ["a", "b"], "meta": {"fragile": true}},
    });
    let fields = required.as_object_mut().unwrap();
    fields.extend(options.as_object().unwrap().clone());
    required
}

async fn products_methods(w: &Wire) {
    let p = w.client.products();
    w.check(
        p.get_products(products::GetProductsParams::builder().profile_id(7).build()),
        "/products",
        json!({"method": "GetProducts", "parameters": {"profile_id": 7}}),
        json!({"products": [{"id": 55}]}),
    )
    .await;
    w.check(
        p.get_products(
            products::GetProductsParams::builder()
                .profile_id(7)
                .with_inputs(true)
                .build(),
        ),
        "/products",
        json!({"method": "GetProducts", "parameters": {"profile_id": 7, "with_inputs": true}}),
        json!({"products": [{"id": 55, "inputs": {"color": "blue"}}]}),
    )
    .await;
    w.check(
        p.get_categories(
            products::GetCategoriesParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/products",
        json!({"method": "GetCategories", "parameters": {"profile_id": 7}}),
        json!({"categories": [{"id": 5}]}),
    )
    .await;
    w.check(
        p.get_validities(
            products::GetValiditiesParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/products",
        json!({"method": "GetValidities", "parameters": {"profile_id": 7}}),
        json!({"validities": [{"id": 3}]}),
    )
    .await;
    w.check(
        p.get_discounts(
            products::GetDiscountsParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/products",
        json!({"method": "GetDiscounts", "parameters": {"profile_id": 7}}),
        json!({"discounts": [{"id": 2}]}),
    )
    .await;
    w.check(
        p.get_measures(products::GetMeasuresParams::builder().profile_id(7).build()),
        "/products",
        json!({"method": "GetMeasures", "parameters": {"profile_id": 7}}),
        json!({"measures": [{"id": 4}]}),
    )
    .await;
    w.check(
        p.get_taxes(products::GetTaxesParams::builder().profile_id(7).build()),
        "/products",
        json!({"method": "GetTaxes", "parameters": {"profile_id": 7}}),
        json!({"taxes": [{"id": 1, "rate": 0.16}]}),
    )
    .await;
    w.check(
        p.get_inputs(products::GetInputsParams::builder().profile_id(7).build()),
        "/products",
        json!({"method": "GetInputs", "parameters": {"profile_id": 7}}),
        json!({"inputs": [{"slug": "color"}]}),
    )
    .await;
    w.check(
        p.create_product(products::CreateProductParams::builder().profile_id(7).name("Widget").value(19.99).build()),
        "/products",
        json!({"method": "CreateProduct", "parameters": {"profile_id": 7, "name": "Widget", "value": 19.99}}),
        json!({"product": {"id": 56}}),
    )
    .await;
    w.check(
        p.create_product(every_product_option!(
            products::CreateProductParams::builder()
                .profile_id(7)
                .name("Widget")
                .value(19.99)
                .build()
        )),
        "/products",
        json!({"method": "CreateProduct", "parameters": every_product_option_json(
            json!({"profile_id": 7, "name": "Widget", "value": 19.99})
        )}),
        json!({"product": {"id": 57}}),
    )
    .await;
    w.check(
        p.edit_product(
            products::EditProductParams::builder()
                .profile_id(7)
                .product_id(55)
                .name("Widget")
                .value(21.5)
                .build(),
        ),
        "/products",
        json!({"method": "EditProduct", "parameters": {
            "profile_id": 7, "product_id": 55, "name": "Widget", "value": 21.5,
        }}),
        json!({"product": {"id": 55}}),
    )
    .await;
    w.check(
        p.edit_product(every_product_option!(
            products::EditProductParams::builder()
                .profile_id(7)
                .product_id(55)
                .name("Widget")
                .value(21.5)
                .build()
        )),
        "/products",
        json!({"method": "EditProduct", "parameters": every_product_option_json(
            json!({"profile_id": 7, "product_id": 55, "name": "Widget", "value": 21.5})
        )}),
        json!({"product": {"id": 55}}),
    )
    .await;
}

fn minimal_opportunity() -> opportunities::CreateOpportunityParams {
    opportunities::CreateOpportunityParams::builder()
        .profile_id(7)
        .user_id(3)
        .title("Big deal")
        .value(15000.5)
        .estimated_end_at(dmy(2025, 1, 5))
        .prospect_type(ProspectType::New)
        .operation_type(OperationType::Renew)
        .stage_id(11)
        .company_id(12)
        .contact_id(13)
        .want_products(false)
        .want_tax(true)
        .notify(false)
        .build()
}

fn minimal_opportunity_json() -> Value {
    json!({
        "profile_id": 7, "user_id": 3, "title": "Big deal", "value": 15000.5,
        "estimated_end_at": "05/01/25", "prospect_type": "new", "operation_type": "renew",
        "stage_id": 11, "company_id": 12, "contact_id": 13,
        "want_products": false, "want_tax": true, "notify": false,
    })
}

async fn opportunities_methods(w: &Wire) {
    let o = w.client.opportunities();
    w.check(
        o.get_inputs(
            opportunities::GetInputsParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/opportunities",
        json!({"method": "GetInputs", "parameters": {"profile_id": 7}}),
        json!({"inputs": [{"slug": "source"}]}),
    )
    .await;
    w.check(
        o.get_opportunities(
            opportunities::GetOpportunitiesParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/opportunities",
        json!({"method": "GetOpportunities", "parameters": {"profile_id": 7}}),
        one_page("opportunities", json!([{"id": 5, "status": "active"}])),
    )
    .await;
    let every_filter = opportunities::GetOpportunitiesParams::builder()
        .profile_id(7)
        .user_id(3)
        .status(OpportunityStatus::Won)
        .contact_type(ProspectType::Existing)
        .operation_type(OperationType::Renew)
        .stage(vec![1, 2])
        .contact_origin(vec![3])
        .company_industry(vec![4, 5])
        .value(ValueRange::default().from("100").to("5000.50"))
        .created_at(
            DateRange::default()
                .from(dmy(2024, 1, 1))
                .to(dmy(2024, 12, 31)),
        )
        .estimated_end_at(DateRange::default().to(dmy(2025, 6, 30)))
        .closed_at(DateRange::default().from(dmy(2025, 2, 1)))
        .with_user(true)
        .with_company(true)
        .with_contact(false)
        .with_products(true)
        .with_inputs(false)
        .query("big")
        .pagination(25)
        .page(1)
        .build();
    w.check(
        o.get_opportunities(every_filter),
        "/opportunities",
        json!({"method": "GetOpportunities", "parameters": {
            "profile_id": 7, "user_id": 3, "status": "won", "contact_type": "existing",
            "operation_type": "renew", "stage": [1, 2], "contact_origin": [3],
            "company_industry": [4, 5], "value": {"from": "100", "to": "5000.50"},
            "created_at": {"from": "01/01/24", "to": "31/12/24"},
            "estimated_end_at": {"to": "30/06/25"}, "closed_at": {"from": "01/02/25"},
            "with_user": true, "with_company": true, "with_contact": false,
            "with_products": true, "with_inputs": false, "query": "big",
            "pagination": 25, "page": 1,
        }}),
        one_page("opportunities", json!([])),
    )
    .await;
    w.check(
        o.create_opportunity(minimal_opportunity()),
        "/opportunities",
        json!({"method": "CreateOpportunity", "parameters": minimal_opportunity_json()}),
        json!({"opportunity": {"id": 6}}),
    )
    .await;
    let every_field = minimal_opportunity()
        .campaign_id("cmp-9")
        .products(vec![
            OpportunityProduct::builder()
                .product_id(55)
                .amount(2)
                .price(100.5)
                .discount(0.5)
                .tax(0.16)
                .total(232.58)
                .build(),
            OpportunityProduct::builder()
                .product_id(56)
                .amount(1)
                .price(10.25)
                .discount(0.0)
                .tax(0.0)
                .total(10.25)
                .build(),
        ])
        .comment("Please review");
    let mut every_field_json = minimal_opportunity_json();
    every_field_json.as_object_mut().unwrap().extend(
        json!({
            "campaign_id": "cmp-9",
            "products": [
                {"product_id": 55, "amount": 2, "price": 100.5, "discount": 0.5, "tax": 0.16, "total": 232.58},
                {"product_id": 56, "amount": 1, "price": 10.25, "discount": 0.0, "tax": 0.0, "total": 10.25},
            ],
            "comment": "Please review",
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    w.check(
        o.create_opportunity(every_field),
        "/opportunities",
        json!({"method": "CreateOpportunity", "parameters": every_field_json}),
        json!({"opportunity": {"id": 7}}),
    )
    .await;
    w.check(
        o.get_opportunity(
            opportunities::GetOpportunityParams::builder()
                .profile_id(7)
                .opportunity_id(5)
                .build(),
        ),
        "/opportunities",
        json!({"method": "GetOpportunity", "parameters": {"profile_id": 7, "opportunity_id": 5}}),
        json!({"opportunity": {"id": 5}}),
    )
    .await;
    w.check(
        o.get_opportunity(
            opportunities::GetOpportunityParams::builder()
                .profile_id(7)
                .opportunity_id(5)
                .with_user(true)
                .with_company(false)
                .with_contact(true)
                .with_products(false)
                .with_inputs(true)
                .build(),
        ),
        "/opportunities",
        json!({"method": "GetOpportunity", "parameters": {
            "profile_id": 7, "opportunity_id": 5, "with_user": true, "with_company": false,
            "with_contact": true, "with_products": false, "with_inputs": true,
        }}),
        json!({"opportunity": {"id": 5, "user": {"id": 3}}}),
    )
    .await;
}

async fn tickets_methods(w: &Wire) {
    let t = w.client.tickets();
    w.check(
        t.get_tickets(tickets::GetTicketsParams::builder().profile_id(7).build()),
        "/tickets",
        json!({"method": "GetTickets", "parameters": {"profile_id": 7}}),
        json!({"tickets": [{"id": 900}]}),
    )
    .await;
    w.check(
        t.get_origins(tickets::GetOriginsParams::builder().profile_id(7).build()),
        "/tickets",
        json!({"method": "GetOrigins", "parameters": {"profile_id": 7}}),
        json!({"origins": [{"id": 1}]}),
    )
    .await;
    w.check(
        t.get_cases(tickets::GetCasesParams::builder().profile_id(7).build()),
        "/tickets",
        json!({"method": "GetCases", "parameters": {"profile_id": 7}}),
        json!({"cases": [{"id": 2}]}),
    )
    .await;
    w.check(
        t.get_priorities(
            tickets::GetPrioritiesParams::builder()
                .profile_id(7)
                .build(),
        ),
        "/tickets",
        json!({"method": "GetPriorities", "parameters": {"profile_id": 7}}),
        json!({"priorities": [{"id": 3, "name": "High"}]}),
    )
    .await;
    let minimal = || {
        tickets::CreateTicketParams::builder()
            .profile_id(7)
            .title("Broken")
            .description("It broke")
            .company_id(12)
            .user_id(3)
            .origin_id(1)
            .case_id(2)
            .priority_id(3)
            .estimated_end_at(iso(2025, 3, 1))
            .notify(true)
            .build()
    };
    let minimal_json = json!({
        "profile_id": 7, "title": "Broken", "description": "It broke", "company_id": 12,
        "user_id": 3, "origin_id": 1, "case_id": 2, "priority_id": 3,
        "estimated_end_at": "2025-03-01", "notify": true,
    });
    w.check(
        t.create_ticket(minimal()),
        "/tickets",
        json!({"method": "CreateTicket", "parameters": minimal_json}),
        json!({"ticket": {"id": 901}}),
    )
    .await;
    let mut every_field_json = minimal_json.clone();
    every_field_json.as_object_mut().unwrap().extend(
        json!({"contact_id": 13, "opportunity_id": 5, "comment": "urgent"})
            .as_object()
            .unwrap()
            .clone(),
    );
    w.check(
        t.create_ticket(minimal().contact_id(13).opportunity_id(5).comment("urgent")),
        "/tickets",
        json!({"method": "CreateTicket", "parameters": every_field_json}),
        json!({"ticket": {"id": 902}}),
    )
    .await;
}

#[tokio::test]
async fn auth_wire() {
    auth_methods(&Wire::new().await).await;
}

#[tokio::test]
async fn profiles_wire() {
    profiles_methods(&Wire::new().await).await;
}

#[tokio::test]
async fn companies_wire() {
    companies_methods(&Wire::new().await).await;
}

#[tokio::test]
async fn contacts_wire() {
    contacts_methods(&Wire::new().await).await;
}

#[tokio::test]
async fn products_wire() {
    products_methods(&Wire::new().await).await;
}

#[tokio::test]
async fn opportunities_wire() {
    opportunities_methods(&Wire::new().await).await;
}

#[tokio::test]
async fn tickets_wire() {
    tickets_methods(&Wire::new().await).await;
}

/// Every method of the spec, as `(URL path, wire name)`.
struct AllMethods(BTreeSet<(String, String)>);

impl MethodVisitor for AllMethods {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        self.0
            .insert((format!("{BASE_PATH}/{}", M::PATH), M::NAME.to_string()));
    }
}

/// The tables above call every released method, and only methods the spec has: a method
/// removed from the spec, or released without a table row, fails here. A method added since the
/// last release is not required yet, so that adding one needs no edit here.
#[tokio::test]
async fn the_wire_tables_call_every_released_method() {
    let w = Wire::new().await;
    auth_methods(&w).await;
    profiles_methods(&w).await;
    companies_methods(&w).await;
    contacts_methods(&w).await;
    products_methods(&w).await;
    opportunities_methods(&w).await;
    tickets_methods(&w).await;

    let called: BTreeSet<(String, String)> = w
        .server
        .requests()
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.json()["method"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut all = AllMethods(BTreeSet::new());
    centiacrm_client::types::visit_methods(&mut all);
    let released: BTreeSet<(String, String)> = test_support::released_methods()
        .into_iter()
        .map(|(path, name)| (format!("{BASE_PATH}/{path}"), name))
        .collect();
    let uncalled: Vec<_> = released.difference(&called).collect();
    assert!(
        uncalled.is_empty(),
        "released but never called: {uncalled:?}"
    );
    let unknown: Vec<_> = called.difference(&all.0).collect();
    assert!(
        unknown.is_empty(),
        "called but not in the spec: {unknown:?}"
    );
}

/// Each enum value goes out as its exact wire string.
#[tokio::test]
async fn enum_values_are_sent_as_their_wire_strings() {
    let w = Wire::new().await;
    let o = w.client.opportunities();

    let statuses = ["active", "pending", "won", "lost"];
    assert_eq!(OpportunityStatus::ALL.len(), statuses.len());
    for (status, wire) in OpportunityStatus::ALL.into_iter().zip(statuses) {
        w.check(
            o.get_opportunities(
                opportunities::GetOpportunitiesParams::builder()
                    .profile_id(7)
                    .status(status)
                    .build(),
            ),
            "/opportunities",
            json!({"method": "GetOpportunities", "parameters": {"profile_id": 7, "status": wire}}),
            one_page("opportunities", json!([])),
        )
        .await;
    }

    // ProspectType and OperationType both have a `new`; each also has its own value.
    let kinds = [
        (ProspectType::New, OperationType::New, "new", "new"),
        (
            ProspectType::Existing,
            OperationType::Renew,
            "existing",
            "renew",
        ),
    ];
    assert_eq!((ProspectType::ALL.len(), OperationType::ALL.len()), (2, 2));
    for (prospect, operation, prospect_wire, operation_wire) in kinds {
        let params = opportunities::GetOpportunitiesParams::builder()
            .profile_id(7)
            .contact_type(prospect)
            .operation_type(operation)
            .build();
        w.check(
            o.get_opportunities(params),
            "/opportunities",
            json!({"method": "GetOpportunities", "parameters": {
                "profile_id": 7, "contact_type": prospect_wire, "operation_type": operation_wire,
            }}),
            one_page("opportunities", json!([])),
        )
        .await;
    }

    assert_eq!(CompanySearchBy::ALL.len(), 2);
    for (by, wire) in [
        (CompanySearchBy::Id, "id"),
        (CompanySearchBy::ClientNumber, "client_number"),
    ] {
        w.check(
            w.client
                .companies()
                .get_company(companies::GetCompanyParams::builder().profile_id(7).search_by(by).search_value("42").build()),
            "/companies",
            json!({"method": "GetCompany", "parameters": {"profile_id": 7, "search_by": wire, "search_value": "42"}}),
            json!({"company": {"id": 42}}),
        )
        .await;
    }

    assert_eq!(ContactSearchBy::ALL.len(), 2);
    for (by, wire) in [
        (ContactSearchBy::Id, "id"),
        (ContactSearchBy::Email, "email"),
    ] {
        w.check(
            w.client
                .contacts()
                .get_contact(contacts::GetContactParams::builder().profile_id(7).search_by(by).search_value("x").build()),
            "/contacts",
            json!({"method": "GetContact", "parameters": {"profile_id": 7, "search_by": wire, "search_value": "x"}}),
            json!({"contact": {"id": 1}}),
        )
        .await;
    }
}

/// Dates are zero-padded in their exact format: DD/MM/YY in filters and CreateOpportunity,
/// YYYY-MM-DD in CreateTicket.
#[tokio::test]
async fn dates_are_sent_in_their_exact_formats() {
    let w = Wire::new().await;
    for (date, wire) in [
        (dmy(2025, 1, 5), "05/01/25"),
        (dmy(2024, 2, 29), "29/02/24"),
        (dmy(2000, 12, 31), "31/12/00"),
        (dmy(2099, 10, 9), "09/10/99"),
    ] {
        let range = DateRange::default().from(date).to(date);
        w.check(
            w.client
                .companies()
                .get_companies(companies::GetCompaniesParams::builder().profile_id(7).created_at(range).build()),
            "/companies",
            json!({"method": "GetCompanies", "parameters": {"profile_id": 7, "created_at": {"from": wire, "to": wire}}}),
            one_page("companies", json!([])),
        )
        .await;
    }
    for (date, wire) in [
        (iso(2025, 3, 1), "2025-03-01"),
        (iso(2024, 12, 31), "2024-12-31"),
    ] {
        let params = tickets::CreateTicketParams::builder()
            .profile_id(7)
            .title("t")
            .description("d")
            .company_id(1)
            .user_id(2)
            .origin_id(3)
            .case_id(4)
            .priority_id(5)
            .estimated_end_at(date)
            .notify(false)
            .build();
        w.check(
            w.client.tickets().create_ticket(params),
            "/tickets",
            json!({"method": "CreateTicket", "parameters": {
                "profile_id": 7, "title": "t", "description": "d", "company_id": 1, "user_id": 2,
                "origin_id": 3, "case_id": 4, "priority_id": 5, "estimated_end_at": wire,
                "notify": false,
            }}),
            json!({"ticket": {"id": 1}}),
        )
        .await;
    }
}

/// The namespace path goes under the base URL, whatever its path and trailing slashes.
#[tokio::test]
async fn paths_are_joined_to_the_base_url() {
    let server = TestServer::start(Reply::ok(json!({"types": []}))).await;
    for (base_path, expected) in [
        ("", "/companies"),
        ("/", "/companies"),
        ("/api/v1", "/api/v1/companies"),
        ("/api/v1/", "/api/v1/companies"),
        ("/crm/api/v2", "/crm/api/v2/companies"),
    ] {
        let client = server.client(base_path).token(TOKEN).build().unwrap();
        assert_eq!(
            client.transport().base_url(),
            format!("{}{}", server.url(), base_path.trim_end_matches('/'))
        );
        client
            .companies()
            .get_types(companies::GetTypesParams::builder().profile_id(7).build())
            .await
            .unwrap();
        let request = server.requests().pop().unwrap();
        request.assert_wire(
            expected,
            Some(TOKEN),
            &json!({"method": "GetTypes", "parameters": {"profile_id": 7}}),
        );
    }
}

/// The client's own reqwest client (no `http_client` given) sends the same request.
/// (Unlike the other tests, this one would honour proxy variables; none are needed here.)
#[tokio::test]
async fn the_default_http_client_sends_the_same_request() {
    let server = TestServer::start(Reply::ok(json!({"profiles": []}))).await;
    let client = Client::new(&format!("{}/api/v1", server.url())).unwrap();
    client.set_token(TOKEN);
    client.profiles().get_profiles().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    requests[0].assert_wire(
        "/api/v1/profiles",
        Some(TOKEN),
        &json!({"method": "GetProfiles"}),
    );
}

/// Bad base URLs are refused when the client is built, before anything is sent.
#[test]
fn invalid_base_urls_are_refused() {
    for url in [
        "not a url",
        "ftp://127.0.0.1/api",
        "127.0.0.1:8080",
        "http://127.0.0.1/api/v1?key=abc",
        "http://127.0.0.1/api/v1#top",
    ] {
        match Client::new(url) {
            Err(centiacrm_client::Error::InvalidBaseUrl { url: shown, .. }) => {
                assert_eq!(shown, url)
            }
            other => panic!("{url}: expected InvalidBaseUrl, got {other:?}"),
        }
    }
}
