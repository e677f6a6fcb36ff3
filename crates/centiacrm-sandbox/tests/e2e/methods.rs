//! Every one of the spec's methods through the generated client, with what it answers
//! checked; at the end, the server's record shows each released method answered with
//! success, and each method added since answered its docs example.

use std::collections::{BTreeMap, BTreeSet};

use centiacrm_client::Client;
use centiacrm_client::types::companies::{
    CreateCompanyParams, GetCompaniesParams, GetCompanyParams, GetIndustriesParams,
    GetInputsParams as CompanyInputs, GetTypesParams,
};
use centiacrm_client::types::contacts::{
    CreateContactParams, GetContactParams, GetContactsParams, GetDepartmentsParams,
    GetInputsParams as ContactInputs, GetOriginsParams as ContactOrigins, GetPositionsParams,
    GetTitlesParams,
};
use centiacrm_client::types::opportunities::{
    CreateOpportunityParams, GetInputsParams as OpportunityInputs, GetOpportunitiesParams,
    GetOpportunityParams,
};
use centiacrm_client::types::products::{
    CreateProductParams, EditProductParams, GetCategoriesParams, GetDiscountsParams,
    GetInputsParams as ProductInputs, GetMeasuresParams, GetProductsParams, GetTaxesParams,
    GetValiditiesParams,
};
use centiacrm_client::types::profiles::{GetStagesParams, GetStatesParams, GetUsersParams};
use centiacrm_client::types::tickets::{
    CreateTicketParams, GetCasesParams, GetOriginsParams as TicketOrigins, GetPrioritiesParams,
    GetTicketsParams,
};
use centiacrm_client::types::{
    Address, ApiMethod, Assistant, CompanySearchBy, ContactSearchBy, DateRange, DayMonthYear,
    IsoDate, JsonObject, MethodVisitor, OperationType, OpportunityProduct, OpportunityStatus,
    ProspectType, ValueRange,
};
use centiacrm_sandbox::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_USER_ID, Sandbox};
use serde_json::{Value, json};

use crate::common::{P, Served, bounded, id, ids};

/// The names of `field` in a list of records.
fn names(records: &[JsonObject], field: &str) -> Vec<String> {
    records
        .iter()
        .map(|r| r[field].as_str().expect("a string field").to_string())
        .collect()
}

/// The day a `created_at` falls on, as a filter bound.
fn day_of(created_at: &Value) -> DayMonthYear {
    let text = created_at.as_str().expect("created_at is a string");
    let [y, m, d] = [&text[0..4], &text[5..7], &text[8..10]].map(|p| p.parse::<u16>().unwrap());
    DayMonthYear::builder()
        .year(y)
        .month(m as u8)
        .day(d as u8)
        .build()
        .unwrap()
}

fn dmy(text: &str) -> DayMonthYear {
    text.parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_method_answers_through_the_client() {
    bounded(async {
        let served = Served::start(Sandbox::new()).await;
        let client = served.client();
        auth_and_profiles(&client).await;
        let (acme, bodegas) = companies(&client).await;
        let (ana, beto) = contacts(&client, acme, bodegas).await;
        let product = products(&client).await;
        let opportunity = opportunities(&client, (acme, ana), (bodegas, beto), product).await;
        tickets(&client, acme, ana, opportunity).await;

        // Each released method was answered with success at least once by the calls above.
        let released: BTreeSet<String> = test_support::released_methods()
            .into_iter()
            .map(|(path, name)| format!("{path}.{name}"))
            .collect();
        let seen = served.seen.lock().unwrap().clone();
        let missing: Vec<_> = released.difference(&seen).collect();
        assert!(
            missing.is_empty(),
            "never answered with success: {missing:?}"
        );

        // A method added since the release has no scripted call yet: its docs example is
        // sent instead, and its handler must answer it (501 means the handler is missing).
        let mut added = CallAdded {
            client: client.clone(),
            released,
            examples: docs_examples(),
            calls: Vec::new(),
        };
        centiacrm_client::types::visit_methods(&mut added);
        for (method, call) in added.calls {
            if let Err(why) = call.await {
                panic!("{method}, added since the release: {why}");
            }
        }
    })
    .await;
}

type Call = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send>>;

/// Calls each method that the released baseline doesn't have, with its docs example.
struct CallAdded {
    client: Client,
    released: BTreeSet<String>,
    examples: BTreeMap<String, Value>,
    calls: Vec<(String, Call)>,
}

impl MethodVisitor for CallAdded {
    fn visit<M: ApiMethod + 'static>(&mut self) {
        let method = format!("{}.{}", M::PATH, M::NAME);
        if self.released.contains(&method) {
            return;
        }
        let Some(example) = self.examples.get(&method) else {
            let why = "no docs example (run `cargo xtask codegen`)".to_string();
            self.calls.push((method, Box::pin(async move { Err(why) })));
            return;
        };
        let parameters = example["request"]["parameters"].clone();
        let params: M::Params = match serde_json::from_value(parameters) {
            Ok(params) => params,
            Err(err) => {
                let why = format!("its docs example doesn't decode as its params: {err}");
                self.calls.push((method, Box::pin(async move { Err(why) })));
                return;
            }
        };
        let client = self.client.clone();
        let call = async move {
            match client.transport().call::<M>(&params).await {
                Ok(_) => Ok(()),
                // The example's ids may not exist in the sandbox: a declared 4xx is an answer.
                Err(centiacrm_client::Error::Api {
                    status: 400..=499, ..
                }) => Ok(()),
                Err(err) => Err(err.to_string()),
            }
        };
        self.calls.push((method, Box::pin(call)));
    }
}

/// docs/examples.json, by `path.Method`.
fn docs_examples() -> BTreeMap<String, Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples.json");
    let text = std::fs::read_to_string(path).expect("docs/examples.json");
    let examples: Value = serde_json::from_str(&text).expect("docs/examples.json is JSON");
    let methods = examples["methods"].as_array().expect("a `methods` list");
    methods
        .iter()
        .map(|e| {
            (
                format!(
                    "{}.{}",
                    e["path"].as_str().unwrap(),
                    e["method"].as_str().unwrap()
                ),
                e.clone(),
            )
        })
        .collect()
}

async fn auth_and_profiles(client: &Client) {
    let login = client.login(DEMO_EMAIL, DEMO_PASSWORD).await.unwrap();
    assert!(
        login.token.starts_with("sbx_") && login.token.len() > 20,
        "{}",
        login.token
    );
    assert_eq!(login.user["id"], DEMO_USER_ID);
    assert_eq!(login.user["email"], DEMO_EMAIL);
    assert!(!login.user.contains_key("password"));
    assert_eq!(client.transport().token_value(), Some(login.token));

    let profiles = client.profiles();
    assert_eq!(ids(&profiles.get_profiles().await.unwrap().profiles), [P]);

    let stages = profiles
        .get_stages(GetStagesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .stages;
    assert_eq!(ids(&stages), [1, 2, 3, 4, 5]);
    assert_eq!(stages[0]["name"], "Prospecto");

    let countries = profiles.get_countries().await.unwrap().countries;
    let codes = names(&countries, "code");
    assert!(
        codes.contains(&"MX".to_string()) && codes.contains(&"US".to_string()),
        "{codes:?}"
    );

    let mx = profiles
        .get_states(GetStatesParams::builder().country("MX").build())
        .await
        .unwrap();
    assert_eq!(mx.country, "MX");
    assert!(mx.states.len() >= 8, "{:?}", mx.states);
    let cmx = mx
        .states
        .iter()
        .find(|s| s["code"] == "CMX")
        .expect("Ciudad de México");
    assert_eq!(cmx["name"], "Ciudad de México");
    for code in ["JAL", "NLE", "YUC"] {
        assert!(
            names(&mx.states, "code").contains(&code.to_string()),
            "{code}"
        );
    }
    // The code is read in any case; another country has other states.
    let lower = profiles
        .get_states(GetStatesParams::builder().country("mx").build())
        .await
        .unwrap();
    assert_eq!((lower.country.as_str(), &lower.states), ("MX", &mx.states));
    let us = profiles
        .get_states(GetStatesParams::builder().country("US").build())
        .await
        .unwrap();
    assert!(!us.states.is_empty() && us.states.iter().all(|s| s["country"] == "US"));

    let users = profiles
        .get_users(GetUsersParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .users;
    assert_eq!(ids(&users), [1, 2, 3]);
    assert_eq!(users[0]["email"], DEMO_EMAIL);
    assert!(users.iter().all(|u| !u.contains_key("password")));
}

async fn companies(client: &Client) -> (i64, i64) {
    let companies = client.companies();
    let types = companies
        .get_types(GetTypesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .types;
    assert_eq!(
        names(&types, "name")[..3],
        ["Cliente", "Prospecto", "Proveedor"]
    );
    let industries = companies
        .get_industries(GetIndustriesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .industries;
    assert!(names(&industries, "name").contains(&"Manufactura".to_string()));
    let inputs = companies
        .get_inputs(CompanyInputs::builder().profile_id(P).build())
        .await
        .unwrap()
        .inputs;
    assert_eq!(names(&inputs, "slug"), ["employees", "erp"]);

    let address = Address::builder()
        .country("MX")
        .state("JAL")
        .street("Av. Vallarta")
        .number("1234")
        .zip("44100")
        .city("Guadalajara")
        .suburb("Americana")
        .build();
    let acme = companies
        .create_company(
            CreateCompanyParams::builder()
                .profile_id(P)
                .name("Acme Jalisco")
                .type_id(1)
                .industry_id(1)
                .website("https://acme.example")
                .rfc("AJA010101AA1")
                .shipping_address(address.clone())
                .build(),
        )
        .await
        .unwrap()
        .company;
    assert_eq!(acme["name"], "Acme Jalisco");
    assert_eq!(
        (acme["type_id"].clone(), acme["industry_id"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(
        acme["shipping_address"],
        serde_json::to_value(&address).unwrap()
    );
    assert_eq!(acme["created_by"], DEMO_USER_ID);
    assert_eq!(
        acme["created_at"].as_str().unwrap().len(),
        "2025-01-01 00:00:00".len()
    );
    assert!(acme["client_number"].as_str().unwrap().starts_with("CN-"));
    let bodegas = companies
        .create_company(
            CreateCompanyParams::builder()
                .profile_id(P)
                .name("Bodegas del Norte")
                .type_id(3)
                .industry_id(2)
                .phone("+52 81 5555 0000")
                .build(),
        )
        .await
        .unwrap()
        .company;
    let (acme_id, bodegas_id) = (id(&acme), id(&bodegas));
    assert!(bodegas_id > acme_id);

    // Read back by id and by client number: the record as created.
    let by_id = companies
        .get_company(
            GetCompanyParams::builder()
                .profile_id(P)
                .search_by(CompanySearchBy::Id)
                .search_value(acme_id.to_string())
                .build(),
        )
        .await
        .unwrap()
        .company;
    assert_eq!(by_id, acme);
    let number = bodegas["client_number"].as_str().unwrap().to_string();
    let by_number = companies
        .get_company(
            GetCompanyParams::builder()
                .profile_id(P)
                .search_by(CompanySearchBy::ClientNumber)
                .search_value(number)
                .build(),
        )
        .await
        .unwrap()
        .company;
    assert_eq!(by_number, bodegas);

    // Filters narrow the list.
    let list = |params: GetCompaniesParams| async move {
        let page = client.companies().get_companies(params).await.unwrap();
        assert_eq!(page.total as usize, page.companies.len());
        ids(&page.companies)
    };
    let today = day_of(&acme["created_at"]);
    assert_eq!(
        list(GetCompaniesParams::builder().profile_id(P).build()).await,
        [acme_id, bodegas_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .company_type(vec![3])
                .build()
        )
        .await,
        [bodegas_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .company_type(vec![1, 3])
                .build()
        )
        .await,
        [acme_id, bodegas_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .company_industry(vec![1])
                .build()
        )
        .await,
        [acme_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .company_industry(vec![4])
                .build()
        )
        .await,
        [] as [i64; 0]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .query("BODEGAS")
                .build()
        )
        .await,
        [bodegas_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .query("aja0101")
                .build()
        )
        .await,
        [acme_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .created_at(DateRange::default().from(today).to(today))
                .build()
        )
        .await,
        [acme_id, bodegas_id]
    );
    assert_eq!(
        list(
            GetCompaniesParams::builder()
                .profile_id(P)
                .created_at(DateRange::default().to(dmy("31/12/24")))
                .build()
        )
        .await,
        [] as [i64; 0]
    );

    // Addresses only when asked for; inputs added when asked for.
    let plain = companies
        .get_companies(GetCompaniesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .companies;
    assert!(!plain[0].contains_key("shipping_address") && !plain[0].contains_key("inputs"));
    let full = companies
        .get_companies(
            GetCompaniesParams::builder()
                .profile_id(P)
                .with_addresses(true)
                .with_inputs(true)
                .build(),
        )
        .await
        .unwrap()
        .companies;
    assert_eq!(full[0]["shipping_address"], acme["shipping_address"]);
    let inputs = full[0]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 2);
    assert_eq!(
        (inputs[0]["slug"].clone(), inputs[0]["value"].clone()),
        (json!("employees"), Value::Null)
    );
    (acme_id, bodegas_id)
}

async fn contacts(client: &Client, acme: i64, bodegas: i64) -> (i64, i64) {
    let contacts = client.contacts();
    let origins = contacts
        .get_origins(ContactOrigins::builder().profile_id(P).build())
        .await
        .unwrap()
        .origins;
    assert_eq!(names(&origins, "name")[..2], ["Sitio web", "Referido"]);
    let titles = contacts
        .get_titles(GetTitlesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .titles;
    assert!(names(&titles, "name").contains(&"Ing.".to_string()));
    let departments = contacts
        .get_departments(GetDepartmentsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .departments;
    assert!(names(&departments, "name").contains(&"Ventas".to_string()));
    let positions = contacts
        .get_positions(GetPositionsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .positions;
    assert!(names(&positions, "name").contains(&"Gerente".to_string()));
    let inputs = contacts
        .get_inputs(ContactInputs::builder().profile_id(P).build())
        .await
        .unwrap()
        .inputs;
    assert_eq!(names(&inputs, "slug"), ["birthday", "preferred_channel"]);

    let ana = contacts
        .create_contact(
            CreateContactParams::builder()
                .profile_id(P)
                .company_id(acme)
                .name("Ana")
                .surname("García")
                .origin_id(2)
                .title_id(2)
                .position_id(1)
                .department_id(2)
                .email("ana.garcia@acme.example")
                .phone_mobile("+52 33 1234 5678")
                .billing_address(
                    Address::builder()
                        .country("MX")
                        .state("CMX")
                        .street("Reforma")
                        .number("222")
                        .zip("06600")
                        .city("CDMX")
                        .build(),
                )
                .assistant(
                    Assistant::builder()
                        .name("Luis")
                        .surname("Soto")
                        .build()
                        .email("luis.soto@acme.example"),
                )
                .build(),
        )
        .await
        .unwrap()
        .contact;
    assert_eq!(
        (ana["company_id"].clone(), ana["origin_id"].clone()),
        (json!(acme), json!(2))
    );
    assert_eq!(ana["assistant"]["name"], "Luis");
    let beto = contacts
        .create_contact(
            CreateContactParams::builder()
                .profile_id(P)
                .company_id(bodegas)
                .name("Alberto")
                .surname("Núñez")
                .origin_id(3)
                .email("beto@bodegas.example")
                .build(),
        )
        .await
        .unwrap()
        .contact;
    let (ana_id, beto_id) = (id(&ana), id(&beto));

    let by_id = contacts
        .get_contact(
            GetContactParams::builder()
                .profile_id(P)
                .search_by(ContactSearchBy::Id)
                .search_value(ana_id.to_string())
                .build(),
        )
        .await
        .unwrap()
        .contact;
    assert_eq!(by_id, ana);
    let by_email = contacts
        .get_contact(
            GetContactParams::builder()
                .profile_id(P)
                .search_by(ContactSearchBy::Email)
                .search_value("ANA.Garcia@acme.example")
                .company_id(acme)
                .build(),
        )
        .await
        .unwrap()
        .contact;
    assert_eq!(by_email, ana);

    let list = |params: GetContactsParams| async move {
        ids(&client
            .contacts()
            .get_contacts(params)
            .await
            .unwrap()
            .contacts)
    };
    let none: [i64; 0] = [];
    assert_eq!(
        list(GetContactsParams::builder().profile_id(P).build()).await,
        [ana_id, beto_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .company_id(bodegas)
                .build()
        )
        .await,
        [beto_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .origin_id(vec![3])
                .build()
        )
        .await,
        [beto_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .title_id(vec![2])
                .build()
        )
        .await,
        [ana_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .position_id(vec![1])
                .build()
        )
        .await,
        [ana_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .department_id(vec![2])
                .build()
        )
        .await,
        [ana_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .department_id(vec![5])
                .build()
        )
        .await,
        none
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .query("NÚÑEZ")
                .build()
        )
        .await,
        [beto_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .query("acme.example")
                .build()
        )
        .await,
        [ana_id]
    );
    let today = day_of(&ana["created_at"]);
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .created_at(DateRange::default().from(today))
                .build()
        )
        .await,
        [ana_id, beto_id]
    );
    assert_eq!(
        list(
            GetContactsParams::builder()
                .profile_id(P)
                .created_at(DateRange::default().to(dmy("01/01/24")))
                .build()
        )
        .await,
        none
    );

    let plain = contacts
        .get_contacts(GetContactsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .contacts;
    assert!(!plain[0].contains_key("billing_address"));
    let full = contacts
        .get_contacts(
            GetContactsParams::builder()
                .profile_id(P)
                .with_addresses(true)
                .with_inputs(true)
                .build(),
        )
        .await
        .unwrap()
        .contacts;
    assert_eq!(full[0]["billing_address"], ana["billing_address"]);
    assert_eq!(full[0]["inputs"].as_array().unwrap().len(), 2);

    // A company lists its contacts when asked to.
    let companies = client
        .companies()
        .get_companies(
            GetCompaniesParams::builder()
                .profile_id(P)
                .with_contacts(true)
                .build(),
        )
        .await
        .unwrap()
        .companies;
    let contact_ids = |c: &JsonObject| -> Vec<i64> {
        c["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        (contact_ids(&companies[0]), contact_ids(&companies[1])),
        (vec![ana_id], vec![beto_id])
    );
    (ana_id, beto_id)
}

async fn products(client: &Client) -> i64 {
    let products = client.products();
    let categories = products
        .get_categories(GetCategoriesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .categories;
    assert_eq!(
        names(&categories, "name"),
        ["Software", "Hardware", "Servicios"]
    );
    let validities = products
        .get_validities(GetValiditiesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .validities;
    assert_eq!(validities[1]["months"], 12);
    let discounts = products
        .get_discounts(GetDiscountsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .discounts;
    assert_eq!(discounts[1]["percentage"], 10.0);
    let measures = products
        .get_measures(GetMeasuresParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .measures;
    assert!(names(&measures, "name").contains(&"Licencia".to_string()));
    let taxes = products
        .get_taxes(GetTaxesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .taxes;
    assert_eq!(taxes[0]["rate"], 0.16);
    let inputs = products
        .get_inputs(ProductInputs::builder().profile_id(P).build())
        .await
        .unwrap()
        .inputs;
    assert_eq!(names(&inputs, "slug"), ["warranty_months", "brand"]);
    assert!(
        products
            .get_products(GetProductsParams::builder().profile_id(P).build())
            .await
            .unwrap()
            .products
            .is_empty()
    );

    let created = products
        .create_product(
            CreateProductParams::builder()
                .profile_id(P)
                .name("Licencia Básica")
                .value(500.0)
                .short_name("Básica")
                .sku("LB-1")
                .product_category_id("1")
                .product_validity_id("1")
                .product_discount_id("2")
                .product_measury_id("2")
                .profile_currency_type_id("1")
                .taxes(vec![1, 3])
                .build()
                .inputs(BTreeMap::from([("brand".to_string(), json!("Centia"))])),
        )
        .await
        .unwrap()
        .product;
    assert_eq!(
        (created["name"].clone(), created["value"].clone()),
        (json!("Licencia Básica"), json!(500.0))
    );
    assert_eq!(created["taxes"], json!([1, 3]));
    assert_eq!(created["inputs"]["brand"], "Centia");
    let product_id = id(&created);

    let listed = products
        .get_products(GetProductsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .products;
    assert_eq!(ids(&listed), [product_id]);
    assert!(!listed[0].contains_key("inputs"));
    let with_inputs = products
        .get_products(
            GetProductsParams::builder()
                .profile_id(P)
                .with_inputs(true)
                .build(),
        )
        .await
        .unwrap()
        .products;
    let inputs = with_inputs[0]["inputs"].as_array().unwrap();
    let value_of = |slug: &str| inputs.iter().find(|i| i["slug"] == slug).unwrap()["value"].clone();
    assert_eq!(
        (value_of("brand"), value_of("warranty_months")),
        (json!("Centia"), Value::Null)
    );

    // EditProduct sets what it sends and keeps the rest.
    let edited = products
        .edit_product(
            EditProductParams::builder()
                .profile_id(P)
                .product_id(product_id)
                .name("Licencia Estándar")
                .value(650.0)
                .product_discount_id("3")
                .build(),
        )
        .await
        .unwrap()
        .product;
    assert_eq!(id(&edited), product_id);
    assert_eq!(
        (edited["name"].clone(), edited["value"].clone()),
        (json!("Licencia Estándar"), json!(650.0))
    );
    assert_eq!(
        (edited["sku"].clone(), edited["product_discount_id"].clone()),
        (json!("LB-1"), json!("3"))
    );
    assert_eq!(edited["created_at"], created["created_at"]);
    assert!(edited["updated_at"].is_string());
    let listed = products
        .get_products(GetProductsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .products;
    assert_eq!(names(&listed, "name"), ["Licencia Estándar"]);
    product_id
}

async fn opportunities(
    client: &Client,
    (acme, ana): (i64, i64),
    (bodegas, beto): (i64, i64),
    product: i64,
) -> i64 {
    let opportunities = client.opportunities();
    let inputs = opportunities
        .get_inputs(OpportunityInputs::builder().profile_id(P).build())
        .await
        .unwrap()
        .inputs;
    assert_eq!(names(&inputs, "slug"), ["competitor", "campaign_source"]);

    let line = OpportunityProduct::builder()
        .product_id(product)
        .amount(10)
        .price(650.0)
        .discount(0.0)
        .tax(0.16)
        .total(7540.0)
        .build();
    let deal = opportunities
        .create_opportunity(
            CreateOpportunityParams::builder()
                .profile_id(P)
                .user_id(DEMO_USER_ID)
                .title("Licencias para Acme")
                .value(6500.0)
                .estimated_end_at(dmy("30/06/26"))
                .prospect_type(ProspectType::New)
                .operation_type(OperationType::New)
                .stage_id(3)
                .company_id(acme)
                .contact_id(ana)
                .want_products(true)
                .want_tax(true)
                .notify(false)
                .products(vec![line.clone()])
                .campaign_id("primavera")
                .comment("Primera compra")
                .build(),
        )
        .await
        .unwrap()
        .opportunity;
    assert_eq!(
        (deal["status"].clone(), deal["closed_at"].clone()),
        (json!("active"), Value::Null)
    );
    assert_eq!(deal["estimated_end_at"], "2026-06-30");
    assert_eq!(deal["products"], json!([line]));
    let renewal = opportunities
        .create_opportunity(
            CreateOpportunityParams::builder()
                .profile_id(P)
                .user_id(2)
                .title("Renovación")
                .value(1000.0)
                .estimated_end_at(dmy("31/12/26"))
                .prospect_type(ProspectType::Existing)
                .operation_type(OperationType::Renew)
                .stage_id(2)
                .company_id(bodegas)
                .contact_id(beto)
                .want_products(false)
                .want_tax(false)
                .notify(true)
                .build(),
        )
        .await
        .unwrap()
        .opportunity;
    assert_eq!(renewal["products"], json!([]));
    let (deal_id, renewal_id) = (id(&deal), id(&renewal));

    let got = opportunities
        .get_opportunity(
            GetOpportunityParams::builder()
                .profile_id(P)
                .opportunity_id(deal_id)
                .build(),
        )
        .await
        .unwrap()
        .opportunity;
    assert_eq!(got, deal);
    let expanded = opportunities
        .get_opportunity(
            GetOpportunityParams::builder()
                .profile_id(P)
                .opportunity_id(deal_id)
                .with_user(true)
                .with_company(true)
                .with_contact(true)
                .with_products(true)
                .with_inputs(true)
                .build(),
        )
        .await
        .unwrap()
        .opportunity;
    assert_eq!(expanded["user"]["email"], DEMO_EMAIL);
    assert_eq!(expanded["company"]["id"], acme);
    assert_eq!(expanded["contact"]["id"], ana);
    assert_eq!(
        expanded["products"][0]["product"]["name"],
        "Licencia Estándar"
    );
    assert_eq!(expanded["inputs"].as_array().unwrap().len(), 2);

    let list = |params: GetOpportunitiesParams| async move {
        ids(&client
            .opportunities()
            .get_opportunities(params)
            .await
            .unwrap()
            .opportunities)
    };
    let none: [i64; 0] = [];
    let all = || GetOpportunitiesParams::builder().profile_id(P).build();
    assert_eq!(list(all()).await, [deal_id, renewal_id]);
    assert_eq!(list(all().user_id(2)).await, [renewal_id]);
    assert_eq!(
        list(all().status(OpportunityStatus::Active)).await,
        [deal_id, renewal_id]
    );
    assert_eq!(list(all().status(OpportunityStatus::Won)).await, none);
    assert_eq!(
        list(all().contact_type(ProspectType::Existing)).await,
        [renewal_id]
    );
    assert_eq!(
        list(all().operation_type(OperationType::New)).await,
        [deal_id]
    );
    assert_eq!(list(all().stage(vec![3])).await, [deal_id]);
    assert_eq!(list(all().contact_origin(vec![2])).await, [deal_id]);
    assert_eq!(list(all().company_industry(vec![2])).await, [renewal_id]);
    assert_eq!(
        list(all().value(ValueRange::default().from("5000"))).await,
        [deal_id]
    );
    assert_eq!(
        list(all().value(ValueRange::default().from("500").to("1000.5"))).await,
        [renewal_id]
    );
    assert_eq!(
        list(all().estimated_end_at(DateRange::default().to(dmy("30/06/26")))).await,
        [deal_id]
    );
    assert_eq!(
        list(all().estimated_end_at(DateRange::default().from(dmy("01/07/26")))).await,
        [renewal_id]
    );
    let today = day_of(&deal["created_at"]);
    assert_eq!(
        list(all().created_at(DateRange::default().from(today).to(today))).await,
        [deal_id, renewal_id]
    );
    assert_eq!(
        list(all().created_at(DateRange::default().to(dmy("31/12/24")))).await,
        none
    );
    assert_eq!(
        list(all().closed_at(DateRange::default().from(dmy("01/01/24")))).await,
        none
    );
    assert_eq!(
        list(all().query("bodegas")).await,
        [renewal_id],
        "found by the company's name"
    );
    assert_eq!(list(all().query("PRIMAVERA")).await, [deal_id]);

    let page = opportunities
        .get_opportunities(all().with_company(true).with_user(true))
        .await
        .unwrap();
    assert_eq!((page.total, page.current_page, page.last_page), (2, 1, 1));
    assert_eq!(
        page.opportunities[1]["company"]["name"],
        "Bodegas del Norte"
    );
    assert_eq!(page.opportunities[1]["user"]["id"], 2);
    assert!(!page.opportunities[0].contains_key("contact"));
    deal_id
}

async fn tickets(client: &Client, acme: i64, ana: i64, opportunity: i64) {
    let tickets = client.tickets();
    let origins = tickets
        .get_origins(TicketOrigins::builder().profile_id(P).build())
        .await
        .unwrap()
        .origins;
    assert!(names(&origins, "name").contains(&"Portal".to_string()));
    let cases = tickets
        .get_cases(GetCasesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .cases;
    assert_eq!(cases[1]["name"], "Facturación");
    let priorities = tickets
        .get_priorities(GetPrioritiesParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .priorities;
    assert_eq!(
        names(&priorities, "name"),
        ["Baja", "Media", "Alta", "Urgente"]
    );
    assert!(
        tickets
            .get_tickets(GetTicketsParams::builder().profile_id(P).build())
            .await
            .unwrap()
            .tickets
            .is_empty()
    );

    let ticket = tickets
        .create_ticket(
            CreateTicketParams::builder()
                .profile_id(P)
                .title("No abre la app")
                .description("La app se cierra al iniciar sesión")
                .company_id(acme)
                .user_id(3)
                .origin_id(3)
                .case_id(1)
                .priority_id(4)
                .estimated_end_at(
                    IsoDate::builder()
                        .year(2026)
                        .month(1)
                        .day(15)
                        .build()
                        .unwrap(),
                )
                .notify(true)
                .contact_id(ana)
                .opportunity_id(opportunity)
                .comment("Cliente importante")
                .build(),
        )
        .await
        .unwrap()
        .ticket;
    assert_eq!(ticket["status"], "open");
    assert_eq!(ticket["estimated_end_at"], "2026-01-15");
    assert_eq!(
        (ticket["company_id"].clone(), ticket["priority_id"].clone()),
        (json!(acme), json!(4))
    );
    let listed = tickets
        .get_tickets(GetTicketsParams::builder().profile_id(P).build())
        .await
        .unwrap()
        .tickets;
    assert_eq!(listed, [ticket]);
}

/// The demo records, dated 2024, answer the date and status filters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_answers_date_and_status_filters() {
    bounded(async {
        let served = Served::start(Sandbox::with_demo_data()).await;
        let client = served.logged_in().await;
        let companies = client
            .companies()
            .get_companies(GetCompaniesParams::builder().profile_id(P).build())
            .await
            .unwrap();
        assert_eq!(companies.total, 3);
        let first_half = DateRange::default()
            .from(dmy("01/01/24"))
            .to(dmy("30/06/24"));
        let found = client
            .companies()
            .get_companies(
                GetCompaniesParams::builder()
                    .profile_id(P)
                    .created_at(first_half.clone())
                    .build(),
            )
            .await
            .unwrap();
        assert_eq!(
            names(&found.companies, "name"),
            ["Acme Industrial", "Tecnologías del Bajío"]
        );
        let contacts = client
            .contacts()
            .get_contacts(
                GetContactsParams::builder()
                    .profile_id(P)
                    .created_at(first_half)
                    .build(),
            )
            .await
            .unwrap();
        assert_eq!(contacts.total, 2);

        let opportunities = |params: GetOpportunitiesParams| {
            let client = client.clone();
            async move {
                client
                    .opportunities()
                    .get_opportunities(params)
                    .await
                    .unwrap()
                    .opportunities
            }
        };
        let won = opportunities(
            GetOpportunitiesParams::builder()
                .profile_id(P)
                .status(OpportunityStatus::Won)
                .build(),
        )
        .await;
        assert_eq!(names(&won, "title"), ["Licencias Acme 2024"]);
        assert_eq!(won[0]["closed_at"], "2024-05-20");
        let may = DateRange::default()
            .from(dmy("01/05/24"))
            .to(dmy("31/05/24"));
        assert_eq!(
            opportunities(
                GetOpportunitiesParams::builder()
                    .profile_id(P)
                    .closed_at(may)
                    .build()
            )
            .await,
            won
        );
        let june = DateRange::default()
            .from(dmy("01/06/24"))
            .to(dmy("30/06/24"));
        assert!(
            opportunities(
                GetOpportunitiesParams::builder()
                    .profile_id(P)
                    .closed_at(june)
                    .build()
            )
            .await
            .is_empty()
        );
        let late = DateRange::default().from(dmy("01/01/25"));
        let renewals = opportunities(
            GetOpportunitiesParams::builder()
                .profile_id(P)
                .estimated_end_at(late)
                .build(),
        )
        .await;
        assert_eq!(names(&renewals, "title"), ["Renovación Acme 2025"]);

        let products = client
            .products()
            .get_products(GetProductsParams::builder().profile_id(P).build())
            .await
            .unwrap()
            .products;
        assert_eq!(products.len(), 2);
        let tickets = client
            .tickets()
            .get_tickets(GetTicketsParams::builder().profile_id(P).build())
            .await
            .unwrap()
            .tickets;
        assert_eq!(tickets.len(), 1);
    })
    .await;
}
