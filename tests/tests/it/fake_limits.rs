//! The fake Slack's rate limits: each tier's allowance per token and method, HTTP 429
//! with `Retry-After` past it, the time scale, and a client paced by tier that never
//! goes over.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::{
    method::{Encoding, Method},
    ActiveSession, AdminUsersSessionGetSettingsRequest, AdminUsersSessionListRequest, Client, ClientBuilder,
    RetryPolicy,
};

use crate::fake::client;

/// Sends `calls` requests one after another and returns how many succeeded before the
/// first refusal, that refusal's `Retry-After`, and the real time the run took.
async fn until_refused<M: Method>(client: &Client, request: &M, calls: usize) -> (usize, Option<Duration>, Duration)
where
    M::Error: std::fmt::Debug,
{
    let started = Instant::now();
    for done in 0..calls {
        if let Err(error) = client.call(request).await {
            assert!(error.is_rate_limited(), "only the limit refuses: {error:?}");
            assert_eq!(error.status(), Some(429));
            return (done, error.retry_after(), started.elapsed());
        }
    }
    (calls, None, started.elapsed())
}

/// How many calls the bucket may admit in `elapsed` real time: the burst of one Slack
/// minute's allowance, plus one per interval that passed on the scaled clock.
fn admissible(per_minute: u32, scale: f64, elapsed: Duration) -> usize {
    let refills = elapsed.as_secs_f64() * scale * f64::from(per_minute) / 60.0;
    per_minute as usize + refills.floor() as usize
}

fn fake_with_a_session(fake: &FakeSlack) {
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
}

/// A builder for a client of `fake` that presents `token` and never retries.
fn with_token(fake: &FakeSlack, token: &str) -> ClientBuilder {
    Client::builder(token).base_url(fake.url()).allow_plain_http(true).retry_policy(RetryPolicy::none())
}

#[tokio::test]
async fn each_tier_allows_its_calls_a_minute_then_answers_429_with_retry_after() {
    // At 10x, Tier 2 refills one call every 0.3 s and Tier 4 one every 0.06 s.
    let scale = 10.0;
    let fake = FakeSlack::builder().time_scale(scale).start().await.unwrap();
    fake_with_a_session(&fake);
    let first = client(&fake, Encoding::Form);

    let (allowed, retry_after, elapsed) = until_refused(&first, &AdminUsersSessionListRequest::new(), 40).await;
    assert!((20..=admissible(20, scale, elapsed)).contains(&allowed), "Tier 2 allowed {allowed} in {elapsed:?}");
    // Slack's whole seconds until the next call (3 s from an empty bucket, fewer when a
    // loaded machine let part of the next interval pass), in real time at 10x.
    let waits = [1, 2, 3].map(|seconds| Some(Duration::from_millis(100 * seconds)));
    assert!(waits.contains(&retry_after), "Slack's whole seconds at 10x: {retry_after:?}");
    let stats = fake.stats::<AdminUsersSessionListRequest>();
    assert_eq!((stats.calls, stats.rate_limited), (allowed as u64 + 1, 1));

    let settings = AdminUsersSessionGetSettingsRequest::new(["U1"]);
    let (allowed, _, elapsed) = until_refused(&first, &settings, 400).await;
    assert!((100..=admissible(100, scale, elapsed)).contains(&allowed), "Tier 4 allowed {allowed} in {elapsed:?}");

    // A fresh client shows that the fake refilled after 3 Slack seconds.
    tokio::time::sleep(Duration::from_millis(350)).await;
    let fresh = client(&fake, Encoding::Form);
    fresh.admin_users_session_list(&AdminUsersSessionListRequest::new()).await.expect("3 Slack seconds later");
}

#[tokio::test]
async fn the_time_scale_refills_the_allowance_and_each_token_has_its_own() {
    // 120x: a Slack minute, and with it Tier 2's whole allowance, lasts half a second.
    let fake = FakeSlack::builder().token("xoxp-a").token("xoxp-b").time_scale(120.0).start().await.unwrap();
    fake_with_a_session(&fake);
    let token = |token: &str| with_token(&fake, token).build().unwrap();
    let request = AdminUsersSessionListRequest::new();
    let first = token("xoxp-a");
    let started = Instant::now();
    let burst = join_all((0..60).map(|_| first.admin_users_session_list(&request))).await;
    let allowed = burst.iter().filter(|result| result.is_ok()).count();
    assert!(allowed <= admissible(20, 120.0, started.elapsed()) && allowed < 60, "{allowed} of 60 at once");
    assert!(token("xoxp-b").admin_users_session_list(&request).await.is_ok(), "another token is not limited");
    tokio::time::sleep(Duration::from_millis(600)).await;
    // A fresh client: the refused one would hold the method for its whole Retry-After.
    let (allowed, _, _) = until_refused(&token("xoxp-a"), &request, 20).await;
    assert_eq!(allowed, 20, "a Slack minute later the full burst is allowed again");
}

#[tokio::test]
async fn a_client_paced_by_tier_sends_200_tier2_calls_without_a_single_429() {
    // 300x: Tier 2 allows 100 calls a real second.
    let fake = FakeSlack::builder().token("xoxp-paced").token("xoxp-unpaced").time_scale(300.0).start().await.unwrap();
    fake_with_a_session(&fake);
    let request = AdminUsersSessionListRequest::new();

    let unpaced = with_token(&fake, "xoxp-unpaced").build().unwrap();
    let results = join_all((0..200).map(|_| unpaced.admin_users_session_list(&request))).await;
    assert!(results.iter().any(Result::is_err), "without pacing the burst draws 429s");
    let unpaced_stats = fake.stats::<AdminUsersSessionListRequest>();

    let paced = with_token(&fake, "xoxp-paced").pacing(fake.pacing()).build().unwrap();
    let started = Instant::now();
    let results = join_all((0..200).map(|_| paced.admin_users_session_list(&request))).await;
    let elapsed = started.elapsed();
    assert!(results.iter().all(Result::is_ok), "no paced call is refused");
    let stats = fake.stats::<AdminUsersSessionListRequest>();
    let paced_only = (stats.calls - unpaced_stats.calls, stats.rate_limited - unpaced_stats.rate_limited);
    assert_eq!(paced_only, (200, 0), "200 calls counted, none of them 429");
    assert!(elapsed >= Duration::from_millis(1900), "199 intervals of 10 ms: the client waited ({elapsed:?})");
}
