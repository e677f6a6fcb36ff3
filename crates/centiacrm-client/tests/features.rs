//! The crate features as a server sees them: `gzip` asks for compressed answers (and
//! reqwest decompresses them); without it nothing is asked. CI runs this file with and
//! without the feature, and builds the crate with each TLS choice.

mod common;

use centiacrm_client::types::companies::GetTypesParams;
use common::{BASE_PATH, Reply, TOKEN, TestServer};
use serde_json::json;

#[tokio::test]
async fn gzip_is_asked_for_only_with_the_feature() {
    let server = TestServer::start(Reply::ok(json!({"types": []}))).await;
    let client = server.client(BASE_PATH).token(TOKEN).build().unwrap();
    client
        .companies()
        .get_types(GetTypesParams::builder().profile_id(1).build())
        .await
        .unwrap();
    let request = &server.requests()[0];
    let accepted = request
        .header_values(reqwest::header::ACCEPT_ENCODING)
        .join(",");
    assert_eq!(
        accepted.contains("gzip"),
        cfg!(feature = "gzip"),
        "{accepted:?}"
    );
}
