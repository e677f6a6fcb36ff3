use centiacrm_types::DayMonthYear;
use centiacrm_types::profiles::{GetStatesParams, GetUsersParams};
use centiacrm_types::tickets::CreateTicketParams;

fn main() {
    // `title` is required and never set: the error names it.
    let _ = CreateTicketParams::builder()
        .profile_id(1)
        .description("printer on fire")
        .company_id(2)
        .user_id(3)
        .origin_id(4)
        .case_id(5)
        .priority_id(6)
        .estimated_end_at("2025-12-31".parse().unwrap())
        .notify(false)
        .build();

    // A required parameter cannot be set twice: the error says so.
    let _ = GetUsersParams::builder().profile_id(1).profile_id(2).build();

    // The day is missing.
    let _ = DayMonthYear::builder().year(2025).month(12).build();

    // No struct literals: fields may be added in a minor version.
    let _ = GetStatesParams {
        country: "MX".to_string(),
    };
}
