//! Slack's `X-Slack-Req-Id` reaches errors, answers and the call's tracing span, and the
//! whole-call deadline ends a call with an honest account of what was sent.

use std::time::Duration;

use slack_admin_users_session::{
    AdminUsersSessionInvalidateRequest, AdminUsersSessionResetRequest, CallOptions, Client, ErrorKind, RetryPolicy,
};
use tests::{Reply, Server};

use crate::methods::TOKEN;

fn client(server: &Server) -> Client {
    Client::builder(TOKEN).base_url(server.url()).build().expect("client")
}

#[tokio::test]
async fn the_request_id_is_kept_on_errors_and_answers() {
    let server = Server::scripted(vec![
        Reply::slack_error("user_not_found").with_header("X-Slack-Req-Id", "req-fail-1"),
        Reply::json(r#"{"ok":true}"#).with_header("x-slack-req-id", "req-ok-2"),
        Reply::json(r#"{"ok":true}"#),
    ])
    .await;
    let client = client(&server);
    let request = AdminUsersSessionResetRequest::new("W1");
    let error = client.admin_users_session_reset(&request).await.expect_err("user_not_found");
    assert_eq!(error.request_id(), Some("req-fail-1"));
    assert!(format!("{error:?}").contains("req-fail-1"));
    let answer = client.call_answered(&request, &CallOptions::new()).await.expect("ok");
    assert_eq!((answer.request_id.as_deref(), answer.attempts), (Some("req-ok-2"), 1));
    let answer = client.call_answered(&request, &CallOptions::new()).await.expect("ok");
    assert_eq!(answer.request_id, None, "no header, no ID");
}

#[tokio::test]
async fn a_deadline_during_an_attempt_says_it_may_have_taken_effect() {
    let server = Server::scripted(vec![Reply::json(r#"{"ok":true}"#).after(Duration::from_secs(3))]).await;
    let request = AdminUsersSessionInvalidateRequest::new_with_user_id(7, "W1");
    let options = CallOptions::new().deadline(Duration::from_millis(200));
    let error = client(&server).call_with(&request, &options).await.expect_err("the deadline passes first");
    assert!(matches!(error.kind(), ErrorKind::DeadlineExceeded { after } if *after == Duration::from_millis(200)));
    assert!(error.may_have_taken_effect(), "the request was on the wire when the deadline passed");
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.to_string(), "admin.users.session.invalidate: no answer within the call's deadline of 0.2s");
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_ends_the_call_at_once_with_slacks_wait() {
    let server = Server::scripted(vec![Reply::rate_limited(Some("30")), Reply::json(r#"{"ok":true}"#)]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry_policy(RetryPolicy::new().max_total_wait(Duration::from_secs(60)))
        .deadline(Duration::from_secs(2))
        .build()
        .expect("client");
    let request = AdminUsersSessionInvalidateRequest::new_with_user_id(7, "W1");
    let started = std::time::Instant::now();
    let error = client.call(&request).await.expect_err("the wait outlasts the deadline");
    assert!(started.elapsed() < Duration::from_secs(1), "no sleeping until the deadline: {:?}", started.elapsed());
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }), "{error:?}");
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)), "Slack's wait, to reschedule by");
    assert!(!error.may_have_taken_effect(), "Slack refused the only attempt with a 429");
    assert_eq!((error.attempts(), server.request_count()), (1, 1));

    // A second call meets the hold the 429 left, which outlasts its deadline as well.
    let error = client.call(&request).await.expect_err("held back");
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after: Some(rest) } if *rest > Duration::from_secs(25))
    );
    assert_eq!((error.attempts(), server.request_count()), (0, 1), "nothing more is sent");
}

#[tokio::test]
async fn a_deadline_is_a_timeout() {
    let server = Server::scripted(vec![Reply::json(r#"{"ok":true}"#).after(Duration::from_secs(3))]).await;
    let request = AdminUsersSessionResetRequest::new("W1");
    let options = CallOptions::new().deadline(Duration::from_millis(200));
    let error = client(&server).call_with(&request, &options).await.expect_err("the deadline passes first");
    assert!(matches!(error.kind(), ErrorKind::DeadlineExceeded { .. }), "{error:?}");
    assert!(error.is_timeout(), "a deadline that passed is a timeout too");
}
