//! Rate limits and transient failures are waited out within the retry budget; answers
//! that may follow a partial success are not retried blindly.

use std::time::{Duration, Instant};

use slack_admin_users_session::{
    method::Tier, AdminUsersSessionInvalidateRequest, AdminUsersSessionResetRequest, CallOptions, Client, ErrorKind,
    Pacing, RetryPolicy,
};
use tests::{Reply, Server};

use crate::methods::TOKEN;

fn client_with(server: &Server, policy: RetryPolicy) -> Client {
    Client::builder(TOKEN).base_url(server.url()).retry_policy(policy).build().expect("client")
}

fn quick_backoff() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn reset() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("W1")
}

#[tokio::test]
async fn two_429s_with_retry_after_1_then_success_honours_both_waits() {
    let script = vec![Reply::rate_limited(Some("1")), Reply::rate_limited(Some("1")), Reply::json(r#"{"ok":true}"#)];
    let server = Server::scripted(script).await;
    let started = Instant::now();
    let response = client_with(&server, RetryPolicy::new()).admin_users_session_reset(&reset()).await;
    let elapsed = started.elapsed();
    assert!(response.expect("the third attempt succeeds").ok);
    assert_eq!(server.request_count(), 3);
    assert!(elapsed >= Duration::from_secs(2), "both one-second waits must be honoured, took {elapsed:?}");
    assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");
}

#[tokio::test]
async fn a_ratelimited_code_in_the_body_is_waited_out_too() {
    let script = vec![Reply::slack_error("ratelimited").with_header("Retry-After", "0"), Reply::json(r#"{"ok":true}"#)];
    let server = Server::scripted(script).await;
    let response = client_with(&server, RetryPolicy::new()).admin_users_session_reset(&reset()).await;
    assert!(response.expect("the retry succeeds").ok);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_missing_retry_after_gets_the_default_wait() {
    let server = Server::scripted(vec![Reply::rate_limited(None), Reply::json(r#"{"ok":true}"#)]).await;
    let policy = RetryPolicy::new().default_retry_after(Duration::from_millis(250));
    let started = Instant::now();
    let response = client_with(&server, policy).admin_users_session_reset(&reset()).await;
    assert!(response.expect("the retry succeeds").ok);
    assert!(started.elapsed() >= Duration::from_millis(250));
}

#[tokio::test]
async fn the_attempt_budget_ends_a_run_of_429s() {
    let server = Server::start(|_, _| Reply::rate_limited(Some("0"))).await;
    let error = client_with(&server, RetryPolicy::new().max_attempts(3))
        .admin_users_session_reset(&reset())
        .await
        .expect_err("every attempt is rate limited");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.attempts(), 3);
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn a_wait_beyond_the_total_budget_is_not_started() {
    let server = Server::start(|_, _| Reply::rate_limited(Some("30"))).await;
    let policy = RetryPolicy::new().max_total_wait(Duration::from_secs(1));
    let started = Instant::now();
    let error = client_with(&server, policy).admin_users_session_reset(&reset()).await.expect_err("rate limited");
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after: Some(wait) } if *wait == Duration::from_secs(30))
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn transient_codes_are_retried_with_backoff() {
    let script = vec![
        Reply::slack_error("internal_error"),
        Reply::slack_error("user_session_reset_failed"),
        Reply::json(r#"{"ok":true}"#),
    ];
    let server = Server::scripted(script).await;
    let response = client_with(&server, quick_backoff()).admin_users_session_reset(&reset()).await;
    assert!(response.expect("the third attempt succeeds").ok);
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn fatal_error_is_not_retried_by_default() {
    let server = Server::start(|_, _| Reply::slack_error("fatal_error")).await;
    let error = client_with(&server, quick_backoff()).admin_users_session_reset(&reset()).await.expect_err("fatal");
    assert_eq!(error.code(), Some("fatal_error"));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn fatal_error_is_retried_for_an_idempotent_method_only_on_request() {
    let server = Server::scripted(vec![Reply::slack_error("fatal_error"), Reply::json(r#"{"ok":true}"#)]).await;
    let policy = quick_backoff().retry_partial_success(true);
    let response = client_with(&server, policy).admin_users_session_reset(&reset()).await;
    assert!(response.expect("reset is idempotent, so the retry is allowed").ok);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn fatal_error_is_never_retried_for_a_method_that_is_not_idempotent() {
    let server = Server::start(|_, _| Reply::slack_error("fatal_error")).await;
    let policy = quick_backoff().retry_partial_success(true);
    let request = AdminUsersSessionInvalidateRequest::new_with_user_id(1, "U1");
    let error = client_with(&server, policy).admin_users_session_invalidate(&request).await.expect_err("fatal");
    assert_eq!(error.code(), Some("fatal_error"));
    assert_eq!(server.request_count(), 1, "invalidate is not idempotent");
}

#[tokio::test]
async fn a_closed_connection_is_retried() {
    let script =
        vec![Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{".to_vec()), Reply::json(r#"{"ok":true}"#)];
    let server = Server::scripted(script).await;
    let response = client_with(&server, quick_backoff()).admin_users_session_reset(&reset()).await;
    assert!(response.expect("the retry succeeds").ok);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_per_call_policy_overrides_the_client() {
    let server = Server::start(|_, _| Reply::slack_error("internal_error")).await;
    let client = client_with(&server, quick_backoff().max_attempts(4));
    let options = CallOptions::new().retry_policy(RetryPolicy::none());
    let error = client.call_with(&reset(), &options).await.expect_err("internal_error");
    assert_eq!(error.code(), Some("internal_error"));
    assert_eq!(server.request_count(), 1);
    let _ = client.call(&reset()).await;
    assert_eq!(server.request_count(), 5, "the client's own policy allows four attempts");
}

#[tokio::test]
async fn pacing_queues_a_burst_at_the_configured_rate() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    // Tier 2 paced at 600 calls a minute: one every 100 ms.
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 600))
        .build()
        .expect("client");
    let started = Instant::now();
    let calls = (0..5).map(|_| {
        let client = client.clone();
        async move { client.admin_users_session_reset(&reset()).await }
    });
    for result in futures_util::future::join_all(calls).await {
        assert!(result.expect("paced calls succeed").ok);
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(390), "five calls at 100 ms spacing took only {elapsed:?}");
    assert_eq!(server.request_count(), 5);
}

#[tokio::test]
async fn pacing_is_off_by_default() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let client = Client::builder(TOKEN).base_url(server.url()).build().expect("client");
    let started = Instant::now();
    for _ in 0..5 {
        client.admin_users_session_reset(&reset()).await.expect("ok");
    }
    // Tier 2 pacing would need four 3 s gaps; without it, five loopback calls are quick.
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}
