//! Every fault a flaky network, a proxy or an odd Slack answer can produce ends in a typed
//! error: never a panic, never a hang. Each test talks to a real server on 127.0.0.1.

use std::time::{Duration, Instant};

use slack_admin_users_session::{
    AdminUsersSessionResetError, AdminUsersSessionResetRequest, CallOptions, Client, Error, ErrorKind, RetryPolicy,
};
use tests::{Reply, Server};

use crate::methods::{client, TOKEN};

type ResetError = Error<AdminUsersSessionResetError>;

/// Calls reset once, with retries off, against a server giving `reply`.
async fn reset_once(reply: Reply) -> (ResetError, Server) {
    let server = Server::scripted(vec![reply]).await;
    let options = CallOptions::new().retry_policy(RetryPolicy::none());
    let request = AdminUsersSessionResetRequest::new("W1");
    let error = client(&server).call_with(&request, &options).await.expect_err("the call must fail");
    assert!(!error.to_string().contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
    (error, server)
}

#[tokio::test]
async fn html_502_from_a_proxy_is_an_http_error_with_its_body() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let (error, _) = reset_once(Reply::body(502, "text/html", page)).await;
    match error.kind() {
        ErrorKind::Http { status: 502, body } => assert!(body.contains("502 Bad Gateway")),
        other => panic!("expected an HTTP 502 error, got {other:?}"),
    }
}

#[tokio::test]
async fn html_503_is_retried_and_then_succeeds() {
    let server =
        Server::scripted(vec![Reply::body(503, "text/html", "<html>down</html>"), Reply::json(r#"{"ok":true}"#)]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .retry_policy(RetryPolicy::new().backoff(Duration::from_millis(10), Duration::from_millis(50)))
        .build()
        .expect("client");
    let response = client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("W1")).await;
    assert!(response.expect("the retry succeeds").ok);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let (error, _) = reset_once(Reply::body(200, "application/json", "")).await;
    assert!(matches!(error.kind(), ErrorKind::Decode { status: 200, .. }), "{error:?}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_that_keeps_the_body() {
    let (error, _) = reset_once(Reply::json(r#"{"ok":true,"warn"#)).await;
    match error.kind() {
        ErrorKind::Decode { body, .. } => assert_eq!(body, r#"{"ok":true,"warn"#),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn non_json_with_status_200_is_a_decode_error() {
    let (error, _) = reset_once(Reply::body(200, "text/plain", "Service is healthy")).await;
    match error.kind() {
        ErrorKind::Decode { status: 200, body, .. } => assert_eq!(body, "Service is healthy"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_without_ok_is_its_own_error() {
    let (error, _) = reset_once(Reply::json(r#"{"error":"invalid_auth"}"#)).await;
    assert!(matches!(error.kind(), ErrorKind::MissingOk { status: 200, .. }), "{error:?}");
}

#[tokio::test]
async fn ok_false_without_a_code_is_its_own_error() {
    let (error, _) = reset_once(Reply::json(r#"{"ok":false,"warning":"missing_charset"}"#)).await;
    assert!(matches!(error.kind(), ErrorKind::MissingErrorCode { .. }), "{error:?}");
}

#[tokio::test]
async fn a_429_with_retry_after_reports_the_wait_when_retries_are_off() {
    let (error, server) = reset_once(Reply::rate_limited(Some("7"))).await;
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after: Some(wait) } if *wait == Duration::from_secs(7))
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_429_without_retry_after_reports_no_wait() {
    let (error, _) = reset_once(Reply::rate_limited(None)).await;
    assert!(matches!(error.kind(), ErrorKind::RateLimited { retry_after: None }), "{error:?}");
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_does_not_hold_the_caller() {
    let server = Server::scripted(vec![Reply::json(r#"{"ok":true}"#).after(Duration::from_secs(10))]).await;
    let options = CallOptions::new().retry_policy(RetryPolicy::none()).timeout(Duration::from_millis(300));
    let started = Instant::now();
    let error = client(&server)
        .call_with(&AdminUsersSessionResetRequest::new("W1"), &options)
        .await
        .expect_err("the call times out");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_a_transport_error() {
    let cut = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":tr".to_vec();
    let (error, _) = reset_once(Reply::Raw(cut)).await;
    assert!(matches!(error.kind(), ErrorKind::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_never_sees_the_token() {
    let elsewhere = Server::start_on("127.0.0.2", |_, _| Reply::json(r#"{"ok":true}"#)).await;
    let location = format!("{}/admin.users.session.reset", elsewhere.url());
    let redirect = Reply::body(302, "text/plain", "moved").with_header("Location", &location);
    let (error, _) = reset_once(redirect).await;
    match error.kind() {
        ErrorKind::Redirect { status: 302, location: Some(to) } => assert_eq!(*to, location),
        other => panic!("expected a redirect error, got {other:?}"),
    }
    assert_eq!(elsewhere.request_count(), 0, "the redirect target must receive nothing");
}

#[tokio::test]
async fn a_body_of_many_megabytes_with_a_length_is_refused() {
    let (error, _) = reset_once(Reply::Huge { body_len: 20 * 1024 * 1024, with_length: true }).await;
    assert!(matches!(error.kind(), ErrorKind::BodyTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn a_body_of_many_megabytes_without_a_length_is_cut_off() {
    let server = Server::scripted(vec![Reply::Huge { body_len: 20 * 1024 * 1024, with_length: false }]).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .max_body_size(1024 * 1024)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let error = client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("W1")).await.expect_err("too big");
    assert!(matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 1_048_576 }), "{error:?}");
}
