//! A few records dated 2024, for `Sandbox::with_demo_data` (the binary's default), made
//! through the same checked code paths as the API's Create* methods.

use centiacrm_types::companies::CreateCompanyParams;
use centiacrm_types::contacts::CreateContactParams;
use centiacrm_types::opportunities::CreateOpportunityParams;
use centiacrm_types::products::CreateProductParams;
use centiacrm_types::tickets::CreateTicketParams;
use centiacrm_types::{
    Address, DayMonthYear, IsoDate, OperationType, OpportunityProduct, ProspectType,
};
use serde_json::json;

use crate::clock::Stamp;
use crate::store::{Store, int};
use crate::{DEMO_PROFILE_ID, DEMO_USER_ID, Session};

const P: i64 = DEMO_PROFILE_ID;

/// Adds the demo records; panics if the seed and the demo records disagree (a bug
/// that the crate's tests catch).
pub(crate) fn add_demo_records(store: &mut Store) {
    let me = Session {
        user_id: DEMO_USER_ID,
    };
    let day = |y, m, d| {
        DayMonthYear::builder()
            .year(y)
            .month(m)
            .day(d)
            .build()
            .expect("a valid demo date")
    };
    let mut company = |params: CreateCompanyParams, at: Stamp| {
        let record = store.create_company(me, &params, at).expect("demo company");
        int(&record, "id").expect("an id")
    };
    let acme = company(
        CreateCompanyParams::builder()
            .profile_id(P)
            .name("Acme Industrial")
            .type_id(1)
            .industry_id(2)
            .website("https://acme.example")
            .rfc("AIN010203AB1")
            .billing_address(
                Address::builder()
                    .country("MX")
                    .state("NLE")
                    .street("Av. Constitución")
                    .number("100")
                    .zip("64000")
                    .city("Monterrey")
                    .build()
                    .suburb("Centro"),
            )
            .build(),
        Stamp::noon(2024, 3, 15),
    );
    let bajio = company(
        CreateCompanyParams::builder()
            .profile_id(P)
            .name("Tecnologías del Bajío")
            .type_id(2)
            .industry_id(1)
            .phone("+52 442 555 0101")
            .build(),
        Stamp::noon(2024, 6, 2),
    );
    let luna = company(
        CreateCompanyParams::builder()
            .profile_id(P)
            .name("Farmacias Luna")
            .type_id(1)
            .industry_id(5)
            .build(),
        Stamp::noon(2024, 9, 20),
    );

    let mut contact = |params: CreateContactParams, at: Stamp| {
        let record = store.create_contact(me, &params, at).expect("demo contact");
        int(&record, "id").expect("an id")
    };
    let maria = contact(
        CreateContactParams::builder()
            .profile_id(P)
            .company_id(acme)
            .name("María")
            .surname("Hernández")
            .origin_id(1)
            .email("maria.hernandez@acme.example")
            .title_id(1)
            .position_id(2)
            .department_id(3)
            .build(),
        Stamp::noon(2024, 3, 16),
    );
    contact(
        CreateContactParams::builder()
            .profile_id(P)
            .company_id(bajio)
            .name("Jorge")
            .surname("Ramírez")
            .origin_id(2)
            .email("jorge.ramirez@bajio.example")
            .position_id(1)
            .build(),
        Stamp::noon(2024, 6, 3),
    );
    contact(
        CreateContactParams::builder()
            .profile_id(P)
            .company_id(luna)
            .name("Lucía")
            .surname("Torres")
            .origin_id(3)
            .phone_mobile("+52 55 5555 0199")
            .build(),
        Stamp::noon(2024, 9, 21),
    );

    let license = store
        .create_product(
            me,
            &CreateProductParams::builder()
                .profile_id(P)
                .name("Licencia CRM Pro")
                .value(1200.0)
                .sku("CRM-PRO-12")
                .product_category_id("1")
                .product_validity_id("2")
                .product_measury_id("2")
                .taxes(vec![1])
                .build()
                .inputs([("brand".to_string(), json!("Centia"))].into()),
            Stamp::noon(2024, 1, 10),
        )
        .expect("demo product");
    let license = int(&license, "id").expect("an id");
    store
        .create_product(
            me,
            &CreateProductParams::builder()
                .profile_id(P)
                .name("Implementación")
                .value(15000.0)
                .product_category_id("3")
                .product_measury_id("4")
                .build(),
            Stamp::noon(2024, 1, 10),
        )
        .expect("demo product");

    let won = store
        .create_opportunity(
            me,
            &CreateOpportunityParams::builder()
                .profile_id(P)
                .user_id(DEMO_USER_ID)
                .title("Licencias Acme 2024")
                .value(12000.0)
                .estimated_end_at(day(2024, 5, 31))
                .prospect_type(ProspectType::New)
                .operation_type(OperationType::New)
                .stage_id(5)
                .company_id(acme)
                .contact_id(maria)
                .want_products(true)
                .want_tax(true)
                .notify(false)
                .products(vec![
                    OpportunityProduct::builder()
                        .product_id(license)
                        .amount(10)
                        .price(1200.0)
                        .discount(0.0)
                        .tax(0.16)
                        .total(13920.0)
                        .build(),
                ])
                .build(),
            Stamp::noon(2024, 3, 20),
        )
        .expect("demo opportunity");
    let won_id = int(&won, "id").expect("an id");
    // No method closes an opportunity; the demo has one closed, for the status and
    // closed_at filters.
    let profile = store.profiles.get_mut(&P).expect("the demo profile");
    let record = profile
        .opportunities
        .get_mut(&won_id)
        .expect("just created");
    record.insert("status".into(), "won".into());
    record.insert("closed_at".into(), "2024-05-20".into());

    store
        .create_opportunity(
            me,
            &CreateOpportunityParams::builder()
                .profile_id(P)
                .user_id(2)
                .title("Renovación Acme 2025")
                .value(14000.0)
                .estimated_end_at(day(2025, 3, 31))
                .prospect_type(ProspectType::Existing)
                .operation_type(OperationType::Renew)
                .stage_id(2)
                .company_id(acme)
                .contact_id(maria)
                .want_products(false)
                .want_tax(false)
                .notify(false)
                .build(),
            Stamp::noon(2024, 11, 5),
        )
        .expect("demo opportunity");

    store
        .create_ticket(
            me,
            &CreateTicketParams::builder()
                .profile_id(P)
                .title("No sincroniza el correo")
                .description("Los correos enviados no aparecen en el historial del contacto.")
                .company_id(acme)
                .user_id(3)
                .origin_id(1)
                .case_id(1)
                .priority_id(3)
                .estimated_end_at(
                    IsoDate::builder()
                        .year(2024)
                        .month(6)
                        .day(30)
                        .build()
                        .expect("a valid demo date"),
                )
                .notify(false)
                .contact_id(maria)
                .opportunity_id(won_id)
                .build(),
            Stamp::noon(2024, 6, 25),
        )
        .expect("demo ticket");
}
