//! The client's wire work against hand-written serde structs doing the same: decoding a
//! GetCompanies page of 500 companies, encoding a CreateContact with every field.
//! Goal: within 5 % (ratio ≤ 1.05).

use benchmarks::{compare, report};
use centiacrm_client::codec;
use centiacrm_types::companies::GetCompanies;
use centiacrm_types::contacts::{CreateContact, CreateContactParams};
use centiacrm_types::{Address, Assistant, JsonObject};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A page of 500 companies as a server sends it.
fn companies_page() -> Vec<u8> {
    let companies: Vec<_> = (1..=500)
        .map(|id| {
            json!({
                "id": id, "client_number": format!("C-{id:05}"), "name": format!("Compañía {id} S.A. de C.V."),
                "type_id": 1 + id % 4, "industry_id": 1 + id % 7, "website": "https://example.mx",
                "phone": "+52 55 5555 0000", "rfc": "XAXX010101000", "created_at": "2025-01-31 10:00:00",
                "billing_address": { "country": "MX", "state": "CMX", "street": "Av. Reforma", "number": "222", "zip": "06600", "city": "Ciudad de México" },
                "inputs": [{ "slug": "segment", "value": "retail" }]
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "success": true, "response": { "total": 500, "current_page": 1, "last_page": 1, "companies": companies }, "error": null })).unwrap()
}

// The baseline: what a person would write by hand for the same two calls.
#[derive(Deserialize)]
struct HandEnvelope {
    success: bool,
    response: Option<HandPage>,
    #[allow(dead_code)]
    error: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandPage {
    total: i64,
    current_page: i64,
    last_page: i64,
    companies: Vec<JsonObject>,
}

#[derive(Serialize)]
struct HandRequest<'a> {
    method: &'static str,
    parameters: &'a HandContact,
}

#[derive(Serialize, Clone)]
struct HandAddress {
    country: String,
    state: String,
    street: String,
    number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    interior_number: Option<String>,
    zip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    suburb: Option<String>,
    city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<String>,
}

#[derive(Serialize)]
struct HandAssistant {
    name: String,
    surname: String,
    mother_surname: Option<String>,
    phone_office: Option<String>,
    phone_office_extension: Option<String>,
    email: Option<String>,
    skype: Option<String>,
    linkedin: Option<String>,
}

#[derive(Serialize)]
struct HandContact {
    profile_id: i64,
    company_id: i64,
    name: String,
    surname: String,
    mother_surname: Option<String>,
    title_id: Option<i64>,
    origin_id: i64,
    position_id: Option<i64>,
    department_id: Option<i64>,
    phone_office: Option<String>,
    phone_office_extension: Option<String>,
    phone_mobile: Option<String>,
    phone_other: Option<String>,
    email: Option<String>,
    skype: Option<String>,
    linkedin: Option<String>,
    twitter: Option<String>,
    shipping_address: Option<HandAddress>,
    billing_address: Option<HandAddress>,
    assistant: Option<HandAssistant>,
}

fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn main() {
    println!("client codec: generated code against hand-written serde structs");
    let page = companies_page();
    let decoded = compare(
        15,
        40,
        || {
            codec::decode_response::<GetCompanies>(200, &page)
                .unwrap()
                .response
                .companies
                .len()
        },
        || {
            let envelope: HandEnvelope = serde_json::from_slice(&page).unwrap();
            assert!(envelope.success);
            envelope.response.unwrap().companies.len()
        },
    );
    report("decode GetCompanies, 500 companies", &decoded, 1.05);

    let address = Address::builder()
        .country("MX")
        .state("CMX")
        .street("Av. Reforma")
        .number("222")
        .zip("06600")
        .city("Ciudad de México")
        .interior_number("4B")
        .suburb("Juárez")
        .latitude("19.43")
        .longitude("-99.16")
        .build();
    let generated = CreateContactParams::builder()
        .profile_id(1)
        .company_id(7)
        .name("Ana")
        .surname("García")
        .origin_id(2)
        .mother_surname("López")
        .title_id(1)
        .position_id(3)
        .department_id(4)
        .phone_office("+52 55 5555 0000")
        .phone_office_extension("123")
        .phone_mobile("+52 55 1234 5678")
        .phone_other("+52 55 8765 4321")
        .email("ana@example.mx")
        .skype("ana.garcia")
        .linkedin("in/anagarcia")
        .twitter("@anagarcia")
        .shipping_address(address.clone())
        .billing_address(address)
        .assistant(
            Assistant::builder()
                .name("Luis")
                .surname("Pérez")
                .build()
                .mother_surname("Ruiz")
                .phone_office("+52 55 5555 0001")
                .phone_office_extension("124")
                .email("luis@example.mx")
                .skype("luis.perez")
                .linkedin("in/luisperez"),
        )
        .build();
    let hand_address = HandAddress {
        country: "MX".into(),
        state: "CMX".into(),
        street: "Av. Reforma".into(),
        number: "222".into(),
        interior_number: s("4B"),
        zip: "06600".into(),
        suburb: s("Juárez"),
        city: "Ciudad de México".into(),
        latitude: s("19.43"),
        longitude: s("-99.16"),
    };
    let hand = HandContact {
        profile_id: 1,
        company_id: 7,
        name: "Ana".into(),
        surname: "García".into(),
        mother_surname: s("López"),
        title_id: Some(1),
        origin_id: 2,
        position_id: Some(3),
        department_id: Some(4),
        phone_office: s("+52 55 5555 0000"),
        phone_office_extension: s("123"),
        phone_mobile: s("+52 55 1234 5678"),
        phone_other: s("+52 55 8765 4321"),
        email: s("ana@example.mx"),
        skype: s("ana.garcia"),
        linkedin: s("in/anagarcia"),
        twitter: s("@anagarcia"),
        shipping_address: Some(hand_address.clone()),
        billing_address: Some(hand_address),
        assistant: Some(HandAssistant {
            name: "Luis".into(),
            surname: "Pérez".into(),
            mother_surname: s("Ruiz"),
            phone_office: s("+52 55 5555 0001"),
            phone_office_extension: s("124"),
            email: s("luis@example.mx"),
            skype: s("luis.perez"),
            linkedin: s("in/luisperez"),
        }),
    };
    // Same work, same bytes: checked before timing.
    let generated_bytes = codec::encode_request::<CreateContact>(&generated).unwrap();
    let hand_bytes = serde_json::to_vec(&HandRequest {
        method: "CreateContact",
        parameters: &hand,
    })
    .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&generated_bytes).unwrap(),
        serde_json::from_slice::<serde_json::Value>(&hand_bytes).unwrap()
    );
    let encoded = compare(
        15,
        20_000,
        || {
            codec::encode_request::<CreateContact>(&generated)
                .unwrap()
                .len()
        },
        || {
            serde_json::to_vec(&HandRequest {
                method: "CreateContact",
                parameters: &hand,
            })
            .unwrap()
            .len()
        },
    );
    report("encode CreateContact, every field", &encoded, 1.05);
}
