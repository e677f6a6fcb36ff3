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
    let day = |y, m, d| DayMonthYear::new(y, m, d).expect("a valid demo date");
    let mut company = |params: CreateCompanyParams, at: Stamp| {
        let record = store.create_company(me, &params, at).expect("demo company");
        int(&record, "id").expect("an id")
    };
    let acme = company(
        CreateCompanyParams::new(P, "Acme Industrial", 1, 2)
            .website("https://acme.example")
            .rfc("AIN010203AB1")
            .billing_address(
                Address::new("MX", "NLE", "Av. Constitución", "100", "64000", "Monterrey")
                    .suburb("Centro"),
            ),
        Stamp::noon(2024, 3, 15),
    );
    let bajio = company(
        CreateCompanyParams::new(P, "Tecnologías del Bajío", 2, 1).phone("+52 442 555 0101"),
        Stamp::noon(2024, 6, 2),
    );
    let luna = company(
        CreateCompanyParams::new(P, "Farmacias Luna", 1, 5),
        Stamp::noon(2024, 9, 20),
    );

    let mut contact = |params: CreateContactParams, at: Stamp| {
        let record = store.create_contact(me, &params, at).expect("demo contact");
        int(&record, "id").expect("an id")
    };
    let maria = contact(
        CreateContactParams::new(P, acme, "María", "Hernández", 1)
            .email("maria.hernandez@acme.example")
            .title_id(1)
            .position_id(2)
            .department_id(3),
        Stamp::noon(2024, 3, 16),
    );
    contact(
        CreateContactParams::new(P, bajio, "Jorge", "Ramírez", 2)
            .email("jorge.ramirez@bajio.example")
            .position_id(1),
        Stamp::noon(2024, 6, 3),
    );
    contact(
        CreateContactParams::new(P, luna, "Lucía", "Torres", 3).phone_mobile("+52 55 5555 0199"),
        Stamp::noon(2024, 9, 21),
    );

    let license = store
        .create_product(
            me,
            &CreateProductParams::new(P, "Licencia CRM Pro", 1200.0)
                .sku("CRM-PRO-12")
                .product_category_id("1")
                .product_validity_id("2")
                .product_measury_id("2")
                .taxes(vec![1])
                .inputs([("brand".to_string(), json!("Centia"))].into()),
            Stamp::noon(2024, 1, 10),
        )
        .expect("demo product");
    let license = int(&license, "id").expect("an id");
    store
        .create_product(
            me,
            &CreateProductParams::new(P, "Implementación", 15000.0)
                .product_category_id("3")
                .product_measury_id("4"),
            Stamp::noon(2024, 1, 10),
        )
        .expect("demo product");

    let won = store
        .create_opportunity(
            me,
            &CreateOpportunityParams::new(
                P,
                DEMO_USER_ID,
                "Licencias Acme 2024",
                12000.0,
                day(2024, 5, 31),
                ProspectType::New,
                OperationType::New,
                5,
                acme,
                maria,
                true,
                true,
                false,
            )
            .products(vec![OpportunityProduct::new(
                license, 10, 1200.0, 0.0, 0.16, 13920.0,
            )]),
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
            &CreateOpportunityParams::new(
                P,
                2,
                "Renovación Acme 2025",
                14000.0,
                day(2025, 3, 31),
                ProspectType::Existing,
                OperationType::Renew,
                2,
                acme,
                maria,
                false,
                false,
                false,
            ),
            Stamp::noon(2024, 11, 5),
        )
        .expect("demo opportunity");

    store
        .create_ticket(
            me,
            &CreateTicketParams::new(
                P,
                "No sincroniza el correo",
                "Los correos enviados no aparecen en el historial del contacto.",
                acme,
                3,
                1,
                1,
                3,
                IsoDate::new(2024, 6, 30).expect("a valid demo date"),
                false,
            )
            .contact_id(maria)
            .opportunity_id(won_id),
            Stamp::noon(2024, 6, 25),
        )
        .expect("demo ticket");
}
