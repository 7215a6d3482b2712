//! A side effect is sent once: each retry rule, proved on a real socket. Requests that
//! never left are re-sent for every method, requests that may have reached Slack only for
//! idempotent methods, and Slack's `Retry-After` is kept whole across calls.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use slack_admin_users_session::{
    method::{ApiError, Method, Tier},
    AdminUsersSessionClearSettingsRequest, AdminUsersSessionGetSettingsRequest, AdminUsersSessionInvalidateRequest,
    AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest, AdminUsersSessionResetRequest,
    AdminUsersSessionSetSettingsRequest, CallOptions, Client, Error, ErrorKind, Pacing, RetryPolicy,
};
use tests::{Reply, Server};

use crate::methods::TOKEN;

/// A success body every method's response type decodes.
const OK_FOR_ALL: &str = r#"{"ok":true,"active_sessions":[],"session_settings":[],"no_settings_applied":[],"response_metadata":{"next_cursor":""}}"#;

fn client_with(url: &str, policy: RetryPolicy) -> Client {
    Client::builder(TOKEN)
        .base_url(url)
        .retry_policy(policy)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

fn quick() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn invalidate() -> AdminUsersSessionInvalidateRequest {
    AdminUsersSessionInvalidateRequest::new_with_user_id(1_112_275_520_242, "U1")
}

fn reset() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("W1")
}

/// The faults after which a request may already have reached Slack.
fn may_have_reached() -> Vec<(&'static str, Reply)> {
    let ok = Reply::json(r#"{"ok":true}"#);
    vec![
        ("a timeout after the server answered 200 too late", ok.clone().after(Duration::from_secs(2))),
        ("a response cut off mid-body", ok.cut_after(60)),
        ("an HTTP 502 from a proxy", Reply::body(502, "text/html", "<html>502 Bad Gateway</html>")),
    ]
}

#[tokio::test]
async fn invalidate_is_sent_exactly_once_after_a_failure_that_may_have_reached_slack() {
    for (what, fault) in may_have_reached() {
        let server = Server::scripted(vec![fault, Reply::json(r#"{"ok":true}"#)]).await;
        let error = client_with(&server.url(), quick()).call(&invalidate()).await.expect_err("the one attempt fails");
        assert_eq!(server.request_count(), 1, "{what}: invalidate is not idempotent and must not be re-sent");
        assert_eq!(error.attempts(), 1, "{what}");
        assert!(error.may_have_taken_effect(), "{what}: {error:?}");
    }
}

#[tokio::test]
async fn an_idempotent_method_is_retried_after_each_of_them() {
    for (what, fault) in may_have_reached() {
        let server = Server::scripted(vec![fault, Reply::json(r#"{"ok":true}"#)]).await;
        let response = client_with(&server.url(), quick()).call(&reset()).await;
        assert!(response.unwrap_or_else(|e| panic!("{what}: {e:?}")).ok);
        assert_eq!(server.request_count(), 2, "{what}: reset is idempotent, so it is retried once");
    }
}

#[tokio::test]
async fn an_opt_in_per_call_retries_a_method_that_is_not_idempotent() {
    let server =
        Server::scripted(vec![Reply::body(502, "text/html", "bad gateway"), Reply::json(r#"{"ok":true}"#)]).await;
    let client = client_with(&server.url(), quick());
    let options = CallOptions::new().retry_policy(quick().retry_non_idempotent(true));
    let response = client.call_with(&invalidate(), &options).await;
    assert!(response.expect("the caller accepted the risk").ok);
    assert_eq!(server.request_count(), 2);
}

/// Reserves a loopback port that refuses connections until a server is started on it.
fn closed_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address")
    // The listener drops here, so the port refuses connections.
}

/// Calls `request` against a port that is closed for the first 150 ms, then served.
async fn refused_then_served<M: Method>(request: M) {
    let addr = closed_port();
    let opener = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        Server::start_at(addr, |_, _| Reply::json(OK_FOR_ALL)).await
    });
    let policy = RetryPolicy::new().max_attempts(50).backoff(Duration::from_millis(20), Duration::from_millis(40));
    let result = client_with(&format!("http://{addr}"), policy).call(&request).await;
    let server = opener.await.expect("the server starts");
    if let Err(error) = result {
        panic!("{}: a request that never left must be retried: {error:?}", M::NAME);
    }
    assert_eq!(server.request_count(), 1, "{}", M::NAME);
}

#[tokio::test]
async fn every_method_is_retried_after_a_refused_connection() {
    refused_then_served(reset()).await;
    refused_then_served(AdminUsersSessionResetBulkRequest::new(["W1", "W2"])).await;
    refused_then_served(invalidate()).await;
    refused_then_served(AdminUsersSessionListRequest::new()).await;
    refused_then_served(AdminUsersSessionGetSettingsRequest::new(["W1"])).await;
    refused_then_served(AdminUsersSessionSetSettingsRequest::new_with_duration(["W1"], 28_800)).await;
    refused_then_served(AdminUsersSessionClearSettingsRequest::new(["W1"])).await;
}

#[tokio::test]
async fn a_refused_connection_that_never_opens_did_not_take_effect() {
    let url = format!("http://{}", closed_port());
    let error = client_with(&url, quick().max_attempts(2)).call(&invalidate()).await.expect_err("nothing listens");
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.attempts(), 2, "a request that never left is retried even for invalidate");
    assert!(!error.may_have_taken_effect());
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_fails_at_once_with_slacks_own_figure() {
    let server = Server::start(|_, _| Reply::rate_limited(Some("3600"))).await;
    let client = client_with(&server.url(), RetryPolicy::new().retry_after_cap(Duration::from_secs(2)));
    let started = Instant::now();
    let error = client.call(&reset()).await.expect_err("Slack asked for an hour");
    assert!(started.elapsed() < Duration::from_secs(1), "it must not wait the cap: {:?}", started.elapsed());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }), "{error:?}");
    assert!(!error.may_have_taken_effect(), "a 429 is a refusal");
    assert_eq!(server.request_count(), 1);

    // Another call of the same method through a clone fails too, unsent, with what is
    // left of Slack's wait; another method is not held.
    let again = client.clone().call(&reset()).await.expect_err("the hour has not passed");
    assert_eq!(again.attempts(), 0);
    let rest = again.retry_after().expect("the remaining wait");
    assert!(rest <= Duration::from_secs(3600) && rest > Duration::from_secs(3590), "{rest:?}");
    assert!(again.to_string().contains("not sent"), "{again}");
    assert_eq!(server.request_count(), 1, "the held call must not reach the server");
    let other = client.call(&invalidate()).await.expect_err("the server still answers 429");
    assert_eq!(other.attempts(), 1, "holds are per method");
}

/// A server that answers the first request with a 429 asking for one second, and
/// every later one with `ok`, recording when each request arrived.
async fn one_second_429() -> (Server, Arc<Mutex<Vec<Instant>>>) {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&arrivals);
    let server = Server::start(move |_, n| {
        log.lock().expect("log").push(Instant::now());
        if n == 0 {
            Reply::rate_limited(Some("1"))
        } else {
            Reply::json(r#"{"ok":true}"#)
        }
    })
    .await;
    (server, arrivals)
}

#[tokio::test]
async fn a_second_call_during_slacks_wait_waits_out_the_rest_when_its_policy_allows() {
    let (server, arrivals) = one_second_429().await;
    let client = client_with(&server.url(), RetryPolicy::new());
    let first = client.call_with(&reset(), &CallOptions::new().retry_policy(RetryPolicy::none())).await;
    assert!(first.expect_err("rate limited").is_rate_limited());
    let second = client.call(&reset()).await;
    assert!(second.expect("sent once the wait is over").ok);
    let arrivals = arrivals.lock().expect("log").clone();
    assert_eq!(arrivals.len(), 2);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_secs(1), "the second call reached the server after only {gap:?}");
}

#[tokio::test]
async fn concurrent_calls_never_reach_the_server_before_slacks_wait_has_passed() {
    let (server, arrivals) = one_second_429().await;
    let client = client_with(&server.url(), RetryPolicy::new());
    let retried = tokio::spawn({
        let client = client.clone();
        async move { client.call(&reset()).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let queued = client.call(&reset()).await;
    assert!(queued.expect("the queued call waits and succeeds").ok);
    assert!(retried.await.expect("task").expect("the retried call succeeds").ok);
    let arrivals = arrivals.lock().expect("log").clone();
    assert_eq!(arrivals.len(), 3);
    for later in &arrivals[1..] {
        let gap = *later - arrivals[0];
        assert!(gap >= Duration::from_secs(1), "a call reached the server {gap:?} after the 429");
    }
}

#[tokio::test]
async fn with_client_pacing_no_queued_call_reaches_the_server_during_slacks_wait() {
    // Six calls queue for pacing slots 100 ms apart; the first draws a one-second 429
    // while the others wait for their slots. None of them may go out before it passes.
    let (server, arrivals) = one_second_429().await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 600))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let calls = (0..6).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call(&reset()).await })
    });
    for call in calls.collect::<Vec<_>>() {
        assert!(call.await.expect("task").expect("every call succeeds once the wait is over").ok);
    }
    let arrivals = arrivals.lock().expect("log").clone();
    assert_eq!(arrivals.len(), 7, "six calls and the retry of the rate-limited one");
    for later in &arrivals[1..] {
        let gap = *later - arrivals[0];
        assert!(gap >= Duration::from_secs(1), "a paced call reached the server {gap:?} after the 429");
    }
}

#[tokio::test]
async fn a_second_call_whose_policy_cannot_wait_fails_at_once_with_the_remaining_wait() {
    let server = Server::start(|_, _| Reply::rate_limited(Some("5"))).await;
    let client = client_with(&server.url(), RetryPolicy::none());
    client.call(&reset()).await.expect_err("rate limited");
    let impatient = CallOptions::new().retry_policy(RetryPolicy::new().retry_after_cap(Duration::from_secs(1)));
    let started = Instant::now();
    let error = client.call_with(&reset(), &impatient).await.expect_err("the wait is over the cap");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(error.attempts(), 0);
    assert!(error.retry_after().is_some_and(|rest| rest > Duration::from_secs(4) && rest <= Duration::from_secs(5)));
    assert_eq!(server.request_count(), 1);
}

/// Calls reset once with retries off against `reply` and returns the error.
async fn reset_fails_with(reply: Reply) -> Error<<AdminUsersSessionResetRequest as Method>::Error> {
    let server = Server::scripted(vec![reply]).await;
    client_with(&server.url(), RetryPolicy::none()).call(&reset()).await.expect_err("the call fails")
}

#[tokio::test]
async fn may_have_taken_effect_for_every_kind_of_failure() {
    let ok = || Reply::json(r#"{"ok":true}"#);
    let cases: Vec<(&str, Reply, bool)> = vec![
        ("timeout", ok().after(Duration::from_secs(2)), true),
        ("cut-off body", ok().cut_after(60), true),
        ("HTTP 502", Reply::body(502, "text/html", "bad gateway"), true),
        ("HTTP 403 from a proxy", Reply::body(403, "text/html", "forbidden"), true),
        ("undecodable body", Reply::body(200, "text/html", "<html>"), true),
        ("a body without ok", Reply::json(r#"{"hello":1}"#), true),
        ("transient code", Reply::slack_error("internal_error"), true),
        ("partial-success code", Reply::slack_error("fatal_error"), true),
        ("final code", Reply::slack_error("user_not_found"), false),
        ("undocumented code", Reply::slack_error("brand_new_code"), false),
        ("rate-limited code", Reply::slack_error("ratelimited"), false),
        ("HTTP 429", Reply::rate_limited(Some("0")), false),
        ("ok: false without a code", Reply::json(r#"{"ok":false}"#), false),
        ("redirect", Reply::body(302, "text/plain", "moved").with_header("Location", "http://127.0.0.2/x"), false),
    ];
    for (what, reply, expected) in cases {
        let error = reset_fails_with(reply).await;
        assert_eq!(error.may_have_taken_effect(), expected, "{what}: {error:?}");
    }
    let mut invalid = invalidate();
    invalid.user_id = None;
    let server = Server::scripted(vec![]).await;
    let error = client_with(&server.url(), quick()).call(&invalid).await.expect_err("invalid arguments");
    assert!(!error.may_have_taken_effect(), "nothing was sent");
}

#[tokio::test]
async fn an_earlier_attempt_that_may_have_acted_is_not_forgotten() {
    let script = vec![Reply::body(502, "text/html", "bad gateway"), Reply::slack_error("user_not_found")];
    let server = Server::scripted(script).await;
    let error = client_with(&server.url(), quick()).call(&reset()).await.expect_err("the retry is refused");
    assert_eq!(error.code(), Some("user_not_found"));
    assert_eq!(error.attempts(), 2);
    assert!(error.may_have_taken_effect(), "the 502'd first attempt may have reset the sessions");
}

#[tokio::test]
async fn transient_codes_are_not_retried_for_a_method_that_is_not_idempotent() {
    let server = Server::start(|_, _| Reply::slack_error("service_unavailable")).await;
    let error = client_with(&server.url(), quick()).call(&invalidate()).await.expect_err("service unavailable");
    assert_eq!(error.api_error().map(ApiError::code), Some("service_unavailable"));
    assert_eq!(server.request_count(), 1);
    assert!(error.may_have_taken_effect());
}

#[test]
fn an_error_chain_says_each_thing_once() {
    // Slack's code is in the error's own message, so no source repeats it.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let error = runtime.block_on(reset_fails_with(Reply::slack_error("user_not_found")));
    assert_eq!(error.to_string(), "admin.users.session.reset failed: user_not_found");
    assert!(std::error::Error::source(&error).is_none());
    let mut invalid = invalidate();
    invalid.user_id = None;
    let error = runtime.block_on(async {
        let server = Server::scripted(vec![]).await;
        client_with(&server.url(), quick()).call(&invalid).await.expect_err("invalid")
    });
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(next) = source {
        chain.push(next.to_string());
        source = next.source();
    }
    assert_eq!(chain.len(), 1, "{chain:?}");
    assert!(chain[0].contains("at least one of"), "{chain:?}");
}
