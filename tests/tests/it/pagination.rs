//! Cursor pagination against a real server: every item exactly once from the fake
//! Slack's pages, the cursor sent on every page, and (from the scripted server, which
//! can misbehave as Slack should not) no endless loop when Slack repeats a cursor.

use std::collections::HashSet;
use std::pin::pin;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::{
    ActiveSession, AdminUsersSessionListRequest, AdminUsersSessionListResponse, CallOptions, ErrorKind, RetryPolicy,
};
use tests::{Reply, Server};

use crate::methods::client;

/// The total number of sessions the fake organization has.
const TOTAL: usize = 2_500;

/// One page of `admin.users.session.list`: sessions `start..start + len`, and the
/// cursor of the next page (`c<offset>`) unless this page reaches the end.
fn page(start: usize, len: usize, total: usize) -> String {
    let sessions: Vec<String> = (start..start + len)
        .map(|n| format!(r#"{{"user_id":"U{n}","team_id":"E1","session_id":{n},"created":{{"os":"OS X"}}}}"#))
        .collect();
    let end = start + len;
    let next = if end < total { format!("c{end}") } else { String::new() };
    format!(
        r#"{{"ok":true,"active_sessions":[{}],"response_metadata":{{"next_cursor":"{next}"}}}}"#,
        sessions.join(",")
    )
}

/// A fake Slack holding `TOTAL` sessions, which pages through them itself.
async fn fake_org() -> FakeSlack {
    let fake = FakeSlack::start().await.expect("the fake starts");
    for n in 0..TOTAL as i64 {
        fake.add_session(Device::Desktop, ActiveSession::new(format!("U{n}"), "E1", n));
    }
    fake
}

#[tokio::test]
async fn the_item_stream_yields_2500_sessions_over_three_pages_exactly_once() {
    let fake = fake_org().await;
    let client = fake.client().expect("a loopback client");
    let request = AdminUsersSessionListRequest::new().limit(1000);
    let mut stream = pin!(client.admin_users_session_list_stream(request));
    let mut ids = Vec::new();
    while let Some(session) = stream.next().await {
        ids.push(session.expect("every page succeeds").session_id);
    }
    assert_eq!(ids.len(), TOTAL);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), TOTAL, "no session may come twice");
    assert!(ids.iter().copied().eq(0..TOTAL as i64), "sessions keep Slack's order");

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    let cursors: Vec<&Value> = requests.iter().map(|r| &r.args["cursor"]).collect();
    assert_eq!(cursors, [&Value::Null, &json!("sid_999"), &json!("sid_1999")], "each page's cursor was sent");
    assert!(requests.iter().all(|r| r.args["limit"] == 1000), "limit on every page");
}

#[tokio::test]
async fn the_page_stream_yields_whole_responses() {
    let fake = fake_org().await;
    let client = fake.client().expect("a loopback client");
    let pages: Vec<AdminUsersSessionListResponse> = client
        .pages(AdminUsersSessionListRequest::new().limit(1000))
        .map(|page| page.expect("every page succeeds"))
        .collect()
        .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.active_sessions.len()).collect();
    assert_eq!(sizes, [1000, 1000, 500]);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error_instead_of_looping() {
    // Slack hands out the same cursor on every page, forever.
    let server = Server::start(|_, _| Reply::json(&page(0, 2, 100).replace("c2", "stuck"))).await;
    let client = client(&server);
    let mut stream = pin!(client.admin_users_session_list_stream(AdminUsersSessionListRequest::new()));
    let mut items = 0;
    let error = loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("the stream must not hang") {
            Some(Ok(_)) => items += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without reporting the repeated cursor"),
        }
    };
    assert!(matches!(error.kind(), ErrorKind::RepeatedCursor { cursor } if cursor == "stuck"), "{error:?}");
    assert!(error.to_string().contains("admin.users.session.list"), "{error}");
    assert_eq!(items, 4, "both pages fetched before the repeat are delivered");
    assert_eq!(server.request_count(), 2, "the repeated cursor is never sent a second time");
    assert!(stream.next().await.is_none(), "the stream ends after the error");
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_after_the_items_before_it() {
    let script = vec![Reply::json(&page(0, 3, 10)), Reply::slack_error("invalid_cursor")];
    let server = Server::scripted(script).await;
    let client = client(&server);
    let options = CallOptions::new().retry_policy(RetryPolicy::none());
    let results: Vec<_> = client.paginate_with(AdminUsersSessionListRequest::new(), options).collect().await;
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(Result::is_ok));
    let error = results[3].as_ref().expect_err("the second page fails");
    assert_eq!(error.code(), Some("invalid_cursor"));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn an_empty_or_missing_next_cursor_ends_the_stream() {
    let last_without_metadata = r#"{"ok":true,"active_sessions":[]}"#;
    let server = Server::scripted(vec![Reply::json(&page(0, 1, 2)), Reply::json(last_without_metadata)]).await;
    let client = client(&server);
    let count = client.paginate(AdminUsersSessionListRequest::new()).count().await;
    assert_eq!(count, 1);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn no_active_sessions_ends_both_streams_cleanly_with_no_items() {
    let server = Server::start(|_, _| Reply::slack_error("no_active_sessions")).await;
    let client = client(&server);
    let items: Vec<_> = client.admin_users_session_list_stream(AdminUsersSessionListRequest::new()).collect().await;
    assert!(items.is_empty(), "{items:?}");
    let pages: Vec<_> = client.pages(AdminUsersSessionListRequest::new()).collect().await;
    assert!(pages.is_empty(), "no page and no error: {:?}", pages.len());
    assert_eq!(server.request_count(), 2);

    // The plain call reports the code, so a caller who asked for one page can tell.
    let error = client
        .admin_users_session_list(&AdminUsersSessionListRequest::new())
        .await
        .expect_err("the plain call returns the code");
    assert_eq!(error.code(), Some("no_active_sessions"));
    assert_eq!(error.category(), Some(slack_admin_users_session::method::ErrorCategory::Target));
}

#[tokio::test]
async fn a_later_page_with_no_active_sessions_ends_the_stream_after_the_items_so_far() {
    let server = Server::scripted(vec![
        Reply::json(&page(0, 2, 10)),
        Reply::slack_error("no_active_sessions"),
        Reply::slack_error("invalid_cursor"),
    ])
    .await;
    let client = client(&server);
    let items: Vec<_> = client.admin_users_session_list_stream(AdminUsersSessionListRequest::new()).collect().await;
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(server.request_count(), 2, "the stream stops at the empty answer");
}
