//! The reference data every sandbox starts with: the demo account and two colleagues,
//! countries (Mexico with its states), and one profile with its pipeline and catalogs.
//!
//! The reference does not document these objects; they get `id` (or `code`) and `name`
//! plus the few fields their use suggests (a tax's rate, a discount's percentage, an
//! input's slug and type).

use serde_json::{Value, json};

use crate::store::{Account, Catalogs, Country, Profile, Store, object};
use crate::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROFILE_ID, DEMO_USER_ID};
use centiacrm_types::JsonObject;

impl Store {
    pub fn seeded() -> Self {
        Store::new(accounts(), countries(), vec![demo_profile()])
    }
}

fn accounts() -> Vec<Account> {
    let user = |id: i64, name: &str, surname: &str, email: &str, role: &str| {
        object(json!({
            "id": id, "name": name, "surname": surname, "email": email,
            "role": role, "profile_id": DEMO_PROFILE_ID,
        }))
    };
    vec![
        Account {
            id: DEMO_USER_ID,
            email: DEMO_EMAIL.into(),
            password: Some(DEMO_PASSWORD.into()),
            profile_ids: vec![DEMO_PROFILE_ID],
            record: user(DEMO_USER_ID, "Demo", "User", DEMO_EMAIL, "admin"),
        },
        // Colleagues to own opportunities and tickets; they cannot log in.
        Account {
            id: 2,
            email: "ana.lopez@centiacrm.test".into(),
            password: None,
            profile_ids: vec![DEMO_PROFILE_ID],
            record: user(2, "Ana", "López", "ana.lopez@centiacrm.test", "seller"),
        },
        Account {
            id: 3,
            email: "carlos.mendez@centiacrm.test".into(),
            password: None,
            profile_ids: vec![DEMO_PROFILE_ID],
            record: user(
                3,
                "Carlos",
                "Méndez",
                "carlos.mendez@centiacrm.test",
                "support",
            ),
        },
    ]
}

fn countries() -> Vec<Country> {
    let country = |id: i64, code: &str, name: &str, states: &[(&str, &str)]| Country {
        code: code.into(),
        record: object(json!({ "id": id, "code": code, "name": name })),
        states: states
            .iter()
            .map(|(state, name)| object(json!({ "code": state, "name": name, "country": code })))
            .collect(),
    };
    vec![
        // ISO 3166-2:MX subdivision codes.
        country(
            1,
            "MX",
            "México",
            &[
                ("AGU", "Aguascalientes"),
                ("BCN", "Baja California"),
                ("CHH", "Chihuahua"),
                ("CMX", "Ciudad de México"),
                ("GUA", "Guanajuato"),
                ("JAL", "Jalisco"),
                ("MEX", "Estado de México"),
                ("NLE", "Nuevo León"),
                ("PUE", "Puebla"),
                ("QUE", "Querétaro"),
                ("VER", "Veracruz"),
                ("YUC", "Yucatán"),
            ],
        ),
        country(
            2,
            "US",
            "United States",
            &[("CA", "California"), ("NY", "New York"), ("TX", "Texas")],
        ),
        // Countries without seeded states accept any state code.
        country(3, "CA", "Canada", &[]),
        country(4, "CO", "Colombia", &[]),
        country(5, "ES", "España", &[]),
    ]
}

/// `[{id, name}, ...]` numbered from 1.
fn named(names: &[&str]) -> Vec<JsonObject> {
    with_ids(names.iter().map(|name| json!({ "name": name })))
}

/// Gives each object an `id`, from 1, in order.
fn with_ids(items: impl IntoIterator<Item = Value>) -> Vec<JsonObject> {
    items
        .into_iter()
        .zip(1i64..)
        .map(|(item, id)| {
            let mut record = object(json!({ "id": id }));
            record.extend(object(item));
            record
        })
        .collect()
}

/// Custom input definitions: (slug, name, type).
fn inputs(defs: &[(&str, &str, &str)]) -> Vec<JsonObject> {
    with_ids(defs.iter().map(
        |(slug, name, kind)| json!({ "slug": slug, "name": name, "type": kind, "required": false }),
    ))
}

fn demo_profile() -> Profile {
    let stages = with_ids(
        [
            ("Prospecto", 10),
            ("Calificado", 25),
            ("Propuesta", 50),
            ("Negociación", 75),
            ("Cierre", 90),
        ]
        .iter()
        .zip(1..)
        .map(|((name, probability), order)| {
            json!({ "name": name, "order": order, "probability": probability, "profile_id": DEMO_PROFILE_ID })
        }),
    );
    let catalogs = Catalogs {
        company_types: named(&["Cliente", "Prospecto", "Proveedor", "Socio"]),
        industries: named(&[
            "Tecnología",
            "Manufactura",
            "Comercio",
            "Servicios financieros",
            "Salud",
        ]),
        company_inputs: inputs(&[
            ("employees", "Número de empleados", "number"),
            ("erp", "ERP que usa", "text"),
        ]),
        contact_origins: named(&["Sitio web", "Referido", "Evento", "Llamada en frío"]),
        titles: named(&["Lic.", "Ing.", "Dr.", "Mtro."]),
        departments: named(&["Dirección", "Ventas", "Compras", "Finanzas", "TI"]),
        positions: named(&["Director general", "Gerente", "Coordinador", "Analista"]),
        contact_inputs: inputs(&[
            ("birthday", "Cumpleaños", "date"),
            ("preferred_channel", "Canal preferido", "select"),
        ]),
        product_categories: named(&["Software", "Hardware", "Servicios"]),
        validities: with_ids([
            json!({ "name": "Mensual", "months": 1 }),
            json!({ "name": "Anual", "months": 12 }),
            json!({ "name": "Pago único", "months": null }),
        ]),
        discounts: with_ids([
            json!({ "name": "Sin descuento", "percentage": 0.0 }),
            json!({ "name": "Promoción", "percentage": 10.0 }),
            json!({ "name": "Distribuidor", "percentage": 20.0 }),
        ]),
        measures: named(&["Pieza", "Licencia", "Hora", "Servicio"]),
        taxes: with_ids([
            json!({ "name": "IVA 16%", "rate": 0.16 }),
            json!({ "name": "IVA frontera 8%", "rate": 0.08 }),
            json!({ "name": "IVA 0%", "rate": 0.0 }),
        ]),
        product_inputs: inputs(&[
            ("warranty_months", "Meses de garantía", "number"),
            ("brand", "Marca", "text"),
        ]),
        currencies: with_ids([
            json!({ "code": "MXN", "name": "Peso mexicano" }),
            json!({ "code": "USD", "name": "Dólar estadounidense" }),
        ]),
        opportunity_inputs: inputs(&[
            ("competitor", "Competidor", "text"),
            ("campaign_source", "Fuente de campaña", "select"),
        ]),
        ticket_origins: named(&["Correo", "Teléfono", "Portal", "Chat"]),
        ticket_cases: named(&[
            "Falla técnica",
            "Facturación",
            "Capacitación",
            "Solicitud de cambio",
        ]),
        ticket_priorities: with_ids(
            ["Baja", "Media", "Alta", "Urgente"]
                .iter()
                .zip(1..)
                .map(|(name, level)| json!({ "name": name, "level": level })),
        ),
    };
    Profile {
        id: DEMO_PROFILE_ID,
        record: object(json!({
            "id": DEMO_PROFILE_ID,
            "name": "Centia Demo",
            "currency": "MXN",
            "timezone": "America/Mexico_City",
        })),
        stages,
        catalogs,
        companies: Default::default(),
        contacts: Default::default(),
        products: Default::default(),
        opportunities: Default::default(),
        tickets: Default::default(),
    }
}
