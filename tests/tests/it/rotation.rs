//! Slack's token rotation: refreshes before expiry and on `token_expired`, one refresh
//! for many calls in flight, refused refreshes that end the job clearly, and secrets
//! that stay out of every output.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use slack_admin_users_session::{
    method::ErrorCategory, AdminUsersSessionResetRequest, Client, ErrorKind, RefreshFailure, RetryPolicy, RotatingToken,
};
use tests::{Recorded, Reply, Server};

const SECRET: &str = "client-secret-77";
const FIRST_REFRESH: &str = "xoxe-1-first";
/// Slack's `X-Slack-Req-Id` on a refused refresh.
const REFUSAL_ID: &str = "req-refused-0042";

/// Slack as far as rotation goes: `oauth.v2.access` hands out `xoxe.xoxp-N` with refresh
/// token `xoxe-1-N`, each refresh token works once, and only the newest access token is
/// accepted by the session methods.
struct Rotating {
    refreshes: AtomicUsize,
    spent: Mutex<Vec<String>>,
    /// The lifetime, in seconds, of each access token handed out.
    expires_in: u64,
}

impl Rotating {
    fn reply(&self, request: &Recorded) -> Reply {
        if request.path == "/oauth.v2.access" {
            return self.refresh(request);
        }
        let current = format!("Bearer xoxe.xoxp-{}", self.refreshes.load(Ordering::SeqCst));
        match request.header("authorization") {
            Some(presented) if presented == current => Reply::json(r#"{"ok":true}"#),
            _ => Reply::slack_error("token_expired"),
        }
    }

    fn refresh(&self, request: &Recorded) -> Reply {
        let form = request.form();
        let field = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        assert_eq!(field("grant_type").as_deref(), Some("refresh_token"));
        assert!(request.header("authorization").is_some_and(|auth| auth.starts_with("Basic ")), "app credentials");
        let presented = field("refresh_token").unwrap_or_default();
        let mut spent = self.spent.lock().expect("not poisoned");
        let n = self.refreshes.load(Ordering::SeqCst);
        let valid = if n == 0 { FIRST_REFRESH.to_owned() } else { format!("xoxe-1-{n}") };
        if presented != valid || spent.contains(&presented) {
            return Reply::slack_error("invalid_refresh_token").with_header("X-Slack-Req-Id", REFUSAL_ID);
        }
        spent.push(presented);
        let next = self.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
        let expires_in = self.expires_in;
        Reply::json(&format!(
            r#"{{"ok":true,"access_token":"xoxe.xoxp-{next}","refresh_token":"xoxe-1-{next}","expires_in":{expires_in},"token_type":"user"}}"#
        ))
    }
}

async fn rotating_slack() -> (Server, Arc<Rotating>) {
    rotating_slack_for(43_200).await
}

/// Slack's rotation handing out access tokens that live `expires_in` seconds.
async fn rotating_slack_for(expires_in: u64) -> (Server, Arc<Rotating>) {
    let slack = Arc::new(Rotating { refreshes: AtomicUsize::new(0), spent: Mutex::new(Vec::new()), expires_in });
    let handler = Arc::clone(&slack);
    (Server::start(move |request, _| handler.reply(request)).await, slack)
}

fn reset() -> AdminUsersSessionResetRequest {
    AdminUsersSessionResetRequest::new("W12345678")
}

#[tokio::test]
async fn fifty_calls_in_flight_share_one_refresh_and_the_callback_gets_the_pair() {
    let (server, slack) = rotating_slack().await;
    let stored = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&stored);
    let rotation = RotatingToken::new("app-1", SECRET, FIRST_REFRESH)
        .on_refresh(move |pair| store.lock().expect("not poisoned").push(pair.refresh_token().expose().to_owned()));
    let client = Client::with_rotation(rotation).base_url(server.url()).build().expect("client");

    let request = reset();
    let calls = (0..50).map(|_| client.admin_users_session_reset(&request));
    assert!(join_all(calls).await.iter().all(Result::is_ok), "every call gets the fresh token");
    assert_eq!(slack.refreshes.load(Ordering::SeqCst), 1, "fifty waiting calls cause one oauth.v2.access");
    assert_eq!(*stored.lock().expect("not poisoned"), ["xoxe-1-1"], "the new refresh token reached the caller");
    assert_eq!(server.requests().iter().filter(|r| r.path == "/oauth.v2.access").count(), 1);
}

#[tokio::test]
async fn token_expired_renews_once_and_the_call_goes_through() {
    let (server, slack) = rotating_slack().await;
    // The token in hand looks good for hours, but Slack has already expired it.
    let rotation =
        RotatingToken::new("app-1", SECRET, FIRST_REFRESH).access_token("xoxe.xoxp-0-stale", Duration::from_secs(3600));
    let client = Client::with_rotation(rotation).base_url(server.url()).retry_policy(RetryPolicy::none()).build();
    let client = client.expect("client");
    let request = reset();
    let calls = (0..20).map(|_| client.admin_users_session_reset(&request));
    let results = join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
    assert_eq!(slack.refreshes.load(Ordering::SeqCst), 1, "twenty token_expired answers cause one refresh");
    let sent = server.requests().iter().filter(|r| r.path != "/oauth.v2.access").count();
    assert!(sent <= 40, "each call tries at most twice: {sent}");
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_every_call_with_an_authentication_error() {
    let (server, slack) = rotating_slack().await;
    let client = Client::with_rotation(RotatingToken::new("app-1", SECRET, "xoxe-1-revoked"))
        .base_url(server.url())
        .build()
        .expect("client");
    for _ in 0..3 {
        let error = client.admin_users_session_reset(&reset()).await.expect_err("no token, no call");
        assert_eq!(error.category(), Some(ErrorCategory::Authentication));
        assert!(
            matches!(error.kind(), ErrorKind::TokenRefresh(RefreshFailure::Refused(code)) if code == "invalid_refresh_token")
        );
        assert_eq!(error.attempts(), 0);
        assert!(!error.may_have_taken_effect());
        assert_eq!(error.request_id(), Some(REFUSAL_ID), "the refusal's own answer names the error");
        assert_eq!(
            error.to_string(),
            "admin.users.session.reset: not sent: Slack refused to refresh the token \
             (oauth.v2.access: invalid_refresh_token)"
        );
    }
    assert_eq!(server.request_count(), 1, "a refused refresh is not asked again, and no call is sent");
    assert_eq!(slack.refreshes.load(Ordering::SeqCst), 0);
}

#[test]
fn secrets_of_a_rotation_never_print() {
    let rotation = RotatingToken::new("app-1", SECRET, FIRST_REFRESH).access_token("xoxe.xoxp-live", Duration::ZERO);
    let client = Client::with_rotation(rotation.clone()).build().expect("client");
    for text in [format!("{rotation:?}"), format!("{client:?}")] {
        for secret in [SECRET, FIRST_REFRESH, "xoxe.xoxp-live"] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
    }
}

#[tokio::test]
async fn a_stalled_refresh_ends_within_the_client_timeout_and_its_waiters_share_the_failure() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#).after(Duration::from_secs(30))).await;
    let client = Client::with_rotation(RotatingToken::new("app-1", SECRET, FIRST_REFRESH))
        .base_url(server.url())
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_millis(500))
        .build()
        .expect("client");
    let request = reset();
    let started = std::time::Instant::now();
    let calls = join_all((0..5).map(|_| client.admin_users_session_reset(&request)));
    let results = tokio::time::timeout(Duration::from_secs(5), calls).await.expect("a stalled refresh must not hang");
    assert!(started.elapsed() < Duration::from_secs(2), "one time limit for all waiters: {:?}", started.elapsed());
    for result in &results {
        let error = result.as_ref().expect_err("no token, no call");
        assert!(matches!(error.kind(), ErrorKind::TokenRefresh(RefreshFailure::Unavailable(_))), "{error:?}");
        assert_eq!(error.attempts(), 0);
        assert!(error.to_string().contains("within 500ms"), "{error}");
    }
    assert_eq!(server.request_count(), 1, "the calls that waited share the one stalled refresh");
}

#[tokio::test]
async fn tokens_shorter_lived_than_the_margin_are_refreshed_once_per_half_lifetime() {
    // Ten-minute tokens under the default five-minute margin would be fine; one-minute
    // tokens under it were refreshed on every call.
    let (server, slack) = rotating_slack_for(60).await;
    let client = Client::with_rotation(RotatingToken::new("app-1", SECRET, FIRST_REFRESH))
        .base_url(server.url())
        .build()
        .expect("client");
    for _ in 0..5 {
        client.admin_users_session_reset(&reset()).await.expect("the call goes through");
    }
    assert_eq!(slack.refreshes.load(Ordering::SeqCst), 1, "one refresh for five calls within half a lifetime");
    assert_eq!(server.request_count(), 6);
}
