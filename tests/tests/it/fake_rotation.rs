//! Long jobs on the fake Slack with rotating tokens: access tokens expire on the fake's
//! clock, `oauth.v2.access` hands out single-use refresh tokens, and every answer
//! carries an `X-Slack-Req-Id`.

use std::time::Duration;

use futures_util::future::join_all;
use futures_util::StreamExt;
use slack_admin_users_session::fake::{Device, FakeSlack, TokenRotation};
use slack_admin_users_session::{
    method::ErrorCategory,
    sweep::{SessionFilter, SweepOutcome},
    ActiveSession, AdminUsersSessionListRequest, AdminUsersSessionResetRequest, Client, ErrorKind, RotatingToken,
};

const SECRET: &str = "fake-app-secret";
const FIRST: &str = "xoxe-1-first";

async fn rotating_fake(scale: f64, lifetime: Duration) -> FakeSlack {
    let rotation = TokenRotation::new("app-1", SECRET, FIRST).lifetime(lifetime);
    FakeSlack::builder().time_scale(scale).token_rotation(rotation).start().await.expect("the fake starts")
}

fn rotating_client(fake: &FakeSlack, margin: Duration) -> Client {
    let rotation = RotatingToken::new("app-1", SECRET, FIRST).refresh_margin(margin);
    Client::with_rotation(rotation).base_url(fake.url()).pacing(fake.pacing()).build().expect("client")
}

#[tokio::test]
async fn every_answer_from_the_fake_has_a_request_id() {
    let fake = FakeSlack::start().await.expect("the fake starts");
    fake.add_user("U1");
    let client = fake.client().expect("client");
    let request = AdminUsersSessionResetRequest::new("U1");
    let answer = client.call_answered(&request, &Default::default()).await.expect("reset");
    let first = answer.request_id.expect("a request ID on a success");
    assert!(first.starts_with("fake-req-"), "{first}");
    let error =
        client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U404")).await.expect_err("no user");
    let second = error.request_id().expect("a request ID on an error").to_owned();
    assert_ne!(first, second, "each answer has its own ID");
}

/// A job of fifty concurrent workers, each listing over and over, that runs for three
/// and a half token lifetimes. No call may surface `token_expired`, and the refreshes
/// must come one per lifetime: never two within one, whatever fifty calls in flight do
/// at each expiry.
#[tokio::test]
async fn fifty_calls_in_flight_span_three_lifetimes_with_one_refresh_each() {
    // 120 s of Slack time per token, which is 2 s of real time at 60x.
    let (scale, lifetime) = (60.0, Duration::from_secs(120));
    let fake = rotating_fake(scale, lifetime).await;
    fake.add_session(Device::Desktop, ActiveSession::new("U1", "T1", 1));
    let margin = Duration::from_millis(200);
    let client = rotating_client(&fake, margin);
    let end = lifetime * 7 / 2;
    let workers = (0..50).map(|_| async {
        let mut calls = 0u32;
        while fake.now() < end {
            client.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.map_err(|e| e.to_string())?;
            calls += 1;
        }
        Ok::<u32, String>(calls)
    });
    let results = join_all(workers).await;
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failures.is_empty(), "no call may fail, token_expired least of all: {failures:?}");
    let refreshes = fake.refreshes();
    assert!(refreshes.len() >= 4, "the first token and one per lifetime after it: {refreshes:?}");
    let margin_in_slack_time = margin.mul_f64(scale);
    for pair in refreshes.windows(2) {
        let apart = pair[1].at - pair[0].at;
        assert!(
            apart + margin_in_slack_time + Duration::from_secs(3) >= lifetime,
            "two refreshes within one lifetime ({apart:?} apart): {refreshes:?}"
        );
    }
    let expired = fake.requests().iter().filter(|r| r.method == "admin.users.session.list" && r.status != 200).count();
    assert_eq!(expired, 0, "the client refreshed before expiry, so Slack never refused a token");
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_the_sweep_with_an_authentication_error_and_every_outcome() {
    let fake = rotating_fake(60.0, Duration::from_secs(60)).await;
    for id in 1..=6 {
        fake.add_session(Device::Desktop, ActiveSession::new(format!("U{id}"), "T1", id));
    }
    fake.revoke_refresh_token();
    let client = rotating_client(&fake, Duration::from_millis(100));
    let outcomes: Vec<SweepOutcome> =
        client.sweep(AdminUsersSessionListRequest::new(), SessionFilter::new()).collect().await;
    let listing = outcomes.iter().find_map(|o| match o {
        SweepOutcome::ListFailed(error) => Some(error),
        _ => None,
    });
    let error = listing.expect("without a token nothing can be listed, and the sweep says so");
    assert_eq!(error.category(), Some(ErrorCategory::Authentication));
    assert!(matches!(error.kind(), ErrorKind::TokenRefresh(failure) if failure.is_refused()), "{error:?}");
    assert_eq!(fake.sessions().len(), 6, "nothing was ended");
    assert!(fake.requests().iter().all(|r| r.method == "oauth.v2.access"), "no session call was sent");
}

#[tokio::test]
async fn the_fakes_log_keeps_no_secret_of_a_refresh() {
    let fake = rotating_fake(1.0, Duration::from_secs(3600)).await;
    fake.add_user("U1");
    let client = rotating_client(&fake, Duration::from_secs(1));
    client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U1")).await.expect("reset");
    let log = format!("{:?}", fake.requests());
    for secret in [SECRET, FIRST, "xoxe.xoxp-1-fake-1", "xoxe-1-fake-1"] {
        assert!(!log.contains(secret), "{secret} is in the fake's log: {log}");
    }
    assert_eq!(fake.refreshes().len(), 1);
}
