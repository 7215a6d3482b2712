//! Every argument rule from the spec is checked before anything is sent: the error names
//! the argument, and the server never sees a request.

use std::fmt::Debug;

use slack_admin_users_session::{
    method::Method, AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest,
    AdminUsersSessionResetBulkRequest, AdminUsersSessionSetSettingsRequest, ErrorKind,
};
use tests::{Reply, Server};

use crate::methods::client;

/// Sends `request` and checks it was refused locally, naming every argument in `names`.
async fn refused<M: Method>(request: M, names: &[&str])
where
    M::Error: Debug,
{
    // `expect_err` would need the response type to be `Debug`, which `Method` does not promise.
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let Err(error) = client(&server).call(&request).await else { panic!("the request breaks a rule") };
    let ErrorKind::InvalidArgument(argument) = error.kind() else {
        panic!("expected an argument error, got {error:?}")
    };
    assert_eq!(argument.arguments(), names, "{error}");
    for name in names {
        assert!(error.to_string().contains(name), "`{error}` should name `{name}`");
    }
    assert_eq!(server.request_count(), 0, "nothing may be sent: {error}");
}

fn users(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("U{i}")).collect()
}

#[tokio::test]
async fn reset_bulk_takes_one_to_a_thousand_users() {
    refused(AdminUsersSessionResetBulkRequest::new(users(0)), &["user_ids"]).await;
    refused(AdminUsersSessionResetBulkRequest::new(users(1001)), &["user_ids"]).await;
}

#[tokio::test]
async fn set_settings_takes_one_to_a_thousand_users() {
    refused(AdminUsersSessionSetSettingsRequest::new_with_duration(users(0), 28_800), &["user_ids"]).await;
    refused(AdminUsersSessionSetSettingsRequest::new_with_duration(users(1001), 28_800), &["user_ids"]).await;
}

#[tokio::test]
async fn list_limit_is_one_to_a_thousand() {
    refused(AdminUsersSessionListRequest::new().limit(0), &["limit"]).await;
    refused(AdminUsersSessionListRequest::new().limit(1001), &["limit"]).await;
}

#[tokio::test]
async fn set_settings_duration_stays_in_range() {
    refused(AdminUsersSessionSetSettingsRequest::new_with_duration(["U1"], 179), &["duration"]).await;
    refused(AdminUsersSessionSetSettingsRequest::new_with_duration(["U1"], 315_569_521), &["duration"]).await;
}

#[tokio::test]
async fn list_takes_team_and_user_together_or_not_at_all() {
    let mut team_only = AdminUsersSessionListRequest::new();
    team_only.team_id = Some("T1".to_owned());
    refused(team_only, &["team_id", "user_id"]).await;
    let mut user_only = AdminUsersSessionListRequest::new();
    user_only.user_id = Some("U1".to_owned());
    refused(user_only, &["team_id", "user_id"]).await;
}

#[tokio::test]
async fn set_settings_needs_at_least_one_setting() {
    let mut neither = AdminUsersSessionSetSettingsRequest::new_with_duration(["U1"], 28_800);
    neither.duration = None;
    refused(neither, &["duration", "desktop_app_browser_quit"]).await;
}

#[tokio::test]
async fn invalidate_needs_at_least_one_of_user_and_team() {
    let mut neither = AdminUsersSessionInvalidateRequest::new_with_user_id(1, "U1");
    neither.user_id = None;
    refused(neither, &["user_id", "team_id"]).await;
}

#[tokio::test]
#[allow(deprecated, reason = "the deprecated `team_id` is what this test sends")]
async fn invalidate_naming_both_user_and_team_is_sent() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let both = AdminUsersSessionInvalidateRequest::new_with_user_id(1, "U1").team_id("T1");
    client(&server).call(&both).await.expect("Slack's current page takes both");
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    let form = sent[0].form();
    assert!(form.contains(&("team_id".to_owned(), "T1".to_owned())), "{form:?}");
    assert!(form.contains(&("user_id".to_owned(), "U1".to_owned())), "{form:?}");
}

#[tokio::test]
async fn requests_at_the_bounds_are_sent() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let client = client(&server);
    client.call(&AdminUsersSessionResetBulkRequest::new(users(1000))).await.expect("1000 users are allowed");
    client.call(&AdminUsersSessionListRequest::new().limit(1)).await.expect("limit 1 is allowed");
    client
        .call(&AdminUsersSessionSetSettingsRequest::new_with_duration(["U1"], 315_569_520))
        .await
        .expect("the maximum is allowed");
    assert_eq!(server.request_count(), 3);
}
