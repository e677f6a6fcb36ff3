//! Page streams: every item of every page in order, one request per page, fetched only
//! when the stream reaches it; a wrong page or a failed page is an error item.

mod common;

use centiacrm_client::Error;
use centiacrm_client::types::{Company, companies, contacts, opportunities};
use common::{BASE_PATH, Recorded, Reply, TOKEN, TestServer};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

/// A paginated list of `last_page` pages under `field`, two items per page with ids
/// `10 * page + 1` and `10 * page + 2`; the page asked for is the one answered.
fn pages(field: &'static str, last_page: i64) -> impl Fn(&Recorded) -> Reply + Send + Sync {
    move |request| match request.page() {
        Some(page) => page_reply(field, page, page, last_page),
        None => Reply::failure(400, "the test server wants a page parameter"),
    }
}

/// Page `current_page` of `last_page` with the items of page `items_of`.
fn page_reply(field: &str, items_of: i64, current_page: i64, last_page: i64) -> Reply {
    Reply::ok(json!({
        "total": 2 * last_page,
        "current_page": current_page,
        "last_page": last_page,
        field: [{"id": 10 * items_of + 1}, {"id": 10 * items_of + 2}],
    }))
}

async fn start(
    responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
) -> (TestServer, centiacrm_client::Client) {
    let server = TestServer::start_with(responder).await;
    let client = server.client(BASE_PATH).token(TOKEN).build().unwrap();
    (server, client)
}

fn id(item: &serde_json::Map<String, Value>) -> i64 {
    item["id"].as_i64().expect("an integer id")
}

fn ids(items: &[Company]) -> Vec<i64> {
    items.iter().map(id).collect()
}

fn ok_ids(items: &[Result<Company, Error>]) -> Vec<i64> {
    items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(id)
        .collect()
}

#[tokio::test]
async fn the_stream_yields_every_item_of_every_page_in_order() {
    let (server, client) = start(pages("companies", 3)).await;
    let params = companies::GetCompaniesParams::builder()
        .profile_id(7)
        .query("acme")
        .pagination(2)
        .build();
    let all: Vec<Company> = client
        .companies()
        .get_companies_stream(params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), [11, 12, 21, 22, 31, 32]);

    // One request per page, each the full GetCompanies call with only `page` changing.
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for (request, page) in requests.iter().zip(1..) {
        request.assert_wire(
            &format!("{BASE_PATH}/companies"),
            Some(TOKEN),
            &json!({"method": "GetCompanies", "parameters": {
                "profile_id": 7, "query": "acme", "pagination": 2, "page": page,
            }}),
        );
    }
}

/// Nothing is sent before the first item is asked for, and each page only when reached.
#[tokio::test]
async fn pages_are_fetched_lazily() {
    let (server, client) = start(pages("companies", 3)).await;

    let first: Vec<Company> = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .take(1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&first), [11]);
    assert_eq!(
        server.pages(),
        [Some(1)],
        "only the first page for the first item"
    );

    let mut stream = client.companies().get_companies_stream(
        companies::GetCompaniesParams::builder()
            .profile_id(7)
            .build(),
    );
    assert_eq!(
        server.requests().len(),
        1,
        "a stream not polled sends nothing"
    );
    let mut seen = Vec::new();
    for requests_after in [2, 2, 3] {
        seen.push(id(&stream.next().await.unwrap().unwrap()));
        assert_eq!(
            server.requests().len(),
            requests_after,
            "after item {seen:?}"
        );
    }
    drop(stream);
    assert_eq!(seen, [11, 12, 21]);
    assert_eq!(server.pages(), [Some(1), Some(1), Some(2)]);
}

#[tokio::test]
async fn a_stream_from_page_2_fetches_pages_2_and_3_only() {
    let (server, client) = start(pages("companies", 3)).await;
    let all: Vec<Company> = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .page(2)
                .build(),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), [21, 22, 31, 32]);
    assert_eq!(server.pages(), [Some(2), Some(3)]);
}

#[tokio::test]
async fn a_single_or_empty_list_is_one_request() {
    let (server, client) = start(|_: &Recorded| {
        Reply::ok(json!({"total": 0, "current_page": 1, "last_page": 1, "companies": []}))
    })
    .await;
    let all: Vec<Company> = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .try_collect()
        .await
        .unwrap();
    assert!(all.is_empty());
    assert_eq!(server.pages(), [Some(1)]);
}

/// A server that answers another page than the one asked for would repeat or skip items:
/// the stream yields a pagination error and stops.
#[tokio::test]
async fn a_wrong_current_page_is_a_pagination_error() {
    // Always page 1 of 3, whatever is asked. (`take` bounds the stream, so that a client
    // that missed the error would fail here instead of looping forever.)
    let (server, client) = start(|_: &Recorded| page_reply("companies", 1, 1, 3)).await;
    let results: Vec<Result<Company, Error>> = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .take(10)
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert_eq!(ok_ids(&results[..2]), [11, 12]);
    match &results[2] {
        Err(Error::Pagination {
            namespace,
            method,
            asked,
            returned,
            request_id,
        }) => {
            assert_eq!(
                (*namespace, *method, *asked, *returned),
                ("Companies", "GetCompanies", 2, 1)
            );
            // The id of the call that returned the wrong page: the second one sent.
            let requests = server.requests();
            let sent = requests[1].headers["x-request-id"].to_str().unwrap();
            assert_eq!(request_id.as_deref(), Some(sent));
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert_eq!(server.pages(), [Some(1), Some(2)]);

    // Asked for page 2 first, answered page 5: the error comes before any item.
    let (_server, client) = start(|_: &Recorded| page_reply("companies", 5, 5, 5)).await;
    let err = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .page(2)
                .build(),
        )
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Pagination {
                asked: 2,
                returned: 5,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A page that fails is an error item after the items already fetched; the stream ends.
#[tokio::test]
async fn an_error_on_page_2_is_an_error_item() {
    let (server, client) = start(|request: &Recorded| match request.page() {
        Some(2) => Reply::failure(500, "database unavailable"),
        page => page_reply("companies", page.unwrap_or(1), page.unwrap_or(1), 3),
    })
    .await;
    let results: Vec<Result<Company, Error>> = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert_eq!(ok_ids(&results[..2]), [11, 12]);
    match &results[2] {
        Err(err @ Error::Api { method, status, .. }) => {
            assert_eq!((*method, *status), ("GetCompanies", 500));
            assert_eq!(err.api_message(), Some("database unavailable"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(
        server.pages(),
        [Some(1), Some(2)],
        "page 3 is never asked for"
    );

    // try_collect stops at the error.
    let err = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.api_message(), Some("database unavailable"));
}

/// A stream needs the token like any call, and sends nothing without it.
#[tokio::test]
async fn a_stream_before_login_is_an_error_item_and_sends_nothing() {
    let server = TestServer::start_with(pages("companies", 3)).await;
    let client = server.client(BASE_PATH).build().unwrap();
    let results: Vec<Result<Company, Error>> = client
        .companies()
        .get_companies_stream(
            companies::GetCompaniesParams::builder()
                .profile_id(7)
                .build(),
        )
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(
            results[0],
            Err(Error::NotLoggedIn {
                method: "GetCompanies",
                ..
            })
        ),
        "{results:?}"
    );
    assert!(server.requests().is_empty());
}

/// The other two paginated methods stream the same way, each from its own list field.
#[tokio::test]
async fn contacts_and_opportunities_stream_too() {
    let (server, client) = start(pages("contacts", 2)).await;
    let all: Vec<_> = client
        .contacts()
        .get_contacts_stream(
            contacts::GetContactsParams::builder()
                .profile_id(7)
                .company_id(12)
                .build(),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), [11, 12, 21, 22]);
    for (request, page) in server.requests().iter().zip(1..) {
        request.assert_wire(
            &format!("{BASE_PATH}/contacts"),
            Some(TOKEN),
            &json!({"method": "GetContacts", "parameters": {"profile_id": 7, "company_id": 12, "page": page}}),
        );
    }
    assert_eq!(server.requests().len(), 2);

    let (server, client) = start(pages("opportunities", 2)).await;
    let all: Vec<_> = client
        .opportunities()
        .get_opportunities_stream(
            opportunities::GetOpportunitiesParams::builder()
                .profile_id(7)
                .with_user(true)
                .build(),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), [11, 12, 21, 22]);
    for (request, page) in server.requests().iter().zip(1..) {
        request.assert_wire(
            &format!("{BASE_PATH}/opportunities"),
            Some(TOKEN),
            &json!({"method": "GetOpportunities", "parameters": {"profile_id": 7, "with_user": true, "page": page}}),
        );
    }
    assert_eq!(server.requests().len(), 2);
}

/// The page stream: one item per page with the list's counters; after a failed page it
/// ends, and `resume` asks for that page again.
#[tokio::test]
async fn the_page_stream_has_the_counters_and_resumes_after_an_error() {
    let failures = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(1));
    let fail_once = failures.clone();
    let (server, client) = start(move |request: &Recorded| match request.page() {
        Some(2) if fail_once.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) == 1 => {
            Reply::failure(500, "database unavailable")
        }
        page => page_reply("companies", page.unwrap_or(1), page.unwrap_or(1), 3),
    })
    .await;
    let mut pages = client.transport().pages::<companies::GetCompanies>(
        companies::GetCompaniesParams::builder()
            .profile_id(7)
            .build(),
    );
    assert_eq!((pages.current_page(), pages.last_page()), (None, None));

    let first = pages.next().await.unwrap().unwrap();
    assert_eq!((first.current_page, first.last_page), (1, 3));
    assert_eq!(ids(&first.items), [11, 12]);
    assert_eq!(
        (pages.current_page(), pages.last_page()),
        (Some(1), Some(3))
    );

    let err = pages.next().await.unwrap().unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(pages.failed_page(), Some(2));
    assert!(
        pages.next().await.is_none(),
        "the stream ends after an error"
    );

    assert_eq!(pages.resume(), Some(2));
    let rest: Vec<_> = pages.try_collect().await.unwrap();
    let numbers: Vec<i64> = rest.iter().map(|p| p.current_page).collect();
    assert_eq!(numbers, [2, 3]);
    assert_eq!(server.pages(), [Some(1), Some(2), Some(2), Some(3)]);

    // Or from any page, as after a restart.
    let mut pages = client.transport().pages::<companies::GetCompanies>(
        companies::GetCompaniesParams::builder()
            .profile_id(7)
            .build(),
    );
    pages.resume_from(3);
    let last: Vec<_> = pages.try_collect().await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(ids(&last[0].items), [31, 32]);
}
