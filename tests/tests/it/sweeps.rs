//! Session sweeps against the fake Slack on a real socket: a sweep ends exactly the
//! sessions its filter matches, accounts for each one, survives faults without
//! re-sending `invalidate`, and a stopped sweep reports the rest as not attempted.
//! Most tests here hold the sweep to `invalidate` (`Resets::Never`) to test its calls;
//! `signouts.rs` tests the plans that use `resetBulk`.

use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::fake::{Device, FakeSlack, Fault};
use slack_admin_users_session::{
    method::{Method, Tier},
    sweep::{IpRange, Resets, SessionFilter, SweepOptions, SweepOutcome},
    ActiveSession, AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest, AdminUsersSessionListResponse,
    AdminUsersSessionResetBulkRequest, Client, Pacing, ResponseMetadata, RetryPolicy, SessionClient,
};

/// Sweep options that end every session with its own `invalidate`.
fn invalidate_only() -> SweepOptions {
    SweepOptions::new().resets(Resets::Never)
}

/// A fake organization: `users` users, each with a mobile session (odd ID) on iOS and a
/// desktop one (even ID) on Windows, from one IP per user. Its clock runs 10,000 times
/// faster, so the sweeps' 1,000 calls a second stay within Tier 2.
async fn seeded(users: usize) -> FakeSlack {
    let fake = FakeSlack::builder().time_scale(10_000.0).start().await.expect("the fake starts");
    seed_users(&fake, users);
    fake
}

/// Seeds `users` users as [`seeded`] describes.
fn seed_users(fake: &FakeSlack, users: usize) {
    for n in 0..users {
        let ip = format!("203.0.{}.{}", n / 250, n % 250);
        for (id, device, os) in [(2 * n + 1, Device::Mobile, "iOS"), (2 * n + 2, Device::Desktop, "Windows")] {
            let mut created = SessionClient::new();
            (created.os, created.ip) = (Some(os.to_owned()), Some(ip.clone()));
            let mut session = ActiveSession::new(format!("W{n:05}"), "E1", id as i64);
            session.created = Some(created);
            fake.add_session(device, session);
        }
    }
}

/// The IDs of the sessions still active.
fn live(fake: &FakeSlack) -> Vec<i64> {
    fake.sessions().iter().map(|session| session.session_id).collect()
}

/// The `session_id` of every `invalidate` call the fake received, in order.
fn invalidations(fake: &FakeSlack) -> Vec<i64> {
    let calls = fake.requests().into_iter().filter(|r| r.method == AdminUsersSessionInvalidateRequest::NAME);
    calls.map(|r| r.args["session_id"].as_i64().unwrap_or(-1)).collect()
}

fn fast_client(fake: &FakeSlack) -> Client {
    fake.client_builder()
        .pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 60_000))
        .retry_policy(RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20)))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_sweep_ends_exactly_the_matching_sessions() {
    let fake = seeded(1_200).await;
    let request = AdminUsersSessionListRequest::new().limit(500);
    let outcomes: Vec<SweepOutcome> =
        fast_client(&fake).sweep_with(request, SessionFilter::new().mobile(), invalidate_only()).collect().await;
    assert_eq!(outcomes.len(), 1_200);
    assert!(outcomes.iter().all(|o| matches!(o, SweepOutcome::Ended(_))), "every mobile session ended");
    let live = live(&fake);
    assert_eq!(live.len(), 1_200);
    assert!(live.iter().all(|id| id % 2 == 0), "only desktop sessions are left");
    let mut sent = invalidations(&fake);
    sent.sort_unstable();
    assert_eq!(sent, (0..1_200).map(|n| 2 * n + 1).collect::<Vec<i64>>(), "each match invalidated once");
}

#[tokio::test]
async fn by_default_a_mobile_sweep_resets_mobile_sessions_in_bulk() {
    let fake = seeded(1_200).await;
    let request = AdminUsersSessionListRequest::new().limit(500);
    let outcomes: Vec<SweepOutcome> = fast_client(&fake).sweep(request, SessionFilter::new().mobile()).collect().await;
    assert_eq!(outcomes.len(), 1_200);
    assert!(outcomes.iter().all(|o| matches!(o, SweepOutcome::Ended(_))), "every mobile session ended");
    assert!(live(&fake).iter().all(|id| id % 2 == 0) && live(&fake).len() == 1_200, "desktop sessions are kept");
    assert!(invalidations(&fake).is_empty());
    let resets = fake.requests().into_iter().filter(|r| r.method == AdminUsersSessionResetBulkRequest::NAME);
    let resets: Vec<_> =
        resets.map(|r| (r.args["user_ids"].as_array().map_or(0, Vec::len), r.args["mobile_only"].clone())).collect();
    assert_eq!(resets, [(1_000, true.into()), (200, true.into())], "two mobile_only resets of up to 1,000 users");
}

#[tokio::test]
async fn filters_combine_and_a_rerun_finds_nothing_left() {
    let fake = seeded(600).await;
    let client = fast_client(&fake);
    let net: IpRange = "203.0.1.0/24".parse().expect("range");
    let filter = SessionFilter::new().ip(net).os("windows");
    let first: Vec<SweepOutcome> =
        client.sweep_with(AdminUsersSessionListRequest::new(), filter.clone(), invalidate_only()).collect().await;
    assert_eq!(first.len(), 250, "users 250..500 are on 203.0.1.x");
    assert_eq!(live(&fake).len(), 950);
    let again: Vec<SweepOutcome> =
        client.sweep_with(AdminUsersSessionListRequest::new(), filter, invalidate_only()).collect().await;
    assert!(again.is_empty(), "ended sessions are no longer listed, so a re-run is a no-op");
}

#[tokio::test]
async fn a_session_already_gone_is_reported_as_such_and_failures_are_not_resent() {
    let fake = seeded(3).await;
    // The first invalidate draws a 502 from a proxy; the second finds its session
    // already gone; the third reaches the org.
    fake.fail::<AdminUsersSessionInvalidateRequest>(1, Fault::Status(502));
    fake.fail::<AdminUsersSessionInvalidateRequest>(1, Fault::error("session_not_found"));
    let outcomes: Vec<SweepOutcome> = fast_client(&fake)
        .sweep_with(AdminUsersSessionListRequest::new(), SessionFilter::new().mobile(), invalidate_only())
        .collect()
        .await;
    let kinds: Vec<(i64, &str, bool)> = outcomes
        .iter()
        .map(|o| match o {
            SweepOutcome::Ended(s) => (s.session_id, "ended", false),
            SweepOutcome::AlreadyEnded(s) => (s.session_id, "already", false),
            SweepOutcome::Failed(s, e) => (s.session_id, "failed", e.may_have_taken_effect()),
            _ => (0, "other", false),
        })
        .collect();
    let mut kinds = kinds;
    kinds.sort_unstable();
    // The 502 may have acted, so the confirming listing decided: session 1 was still
    // listed, so its call failed.
    assert_eq!(kinds, [(1, "failed", true), (3, "already", false), (5, "ended", false)]);
    assert_eq!(invalidations(&fake), [1, 3, 5], "the 502 was not re-sent");
}

/// Drives `sweep` to its end, stopping it once `sent` calls of `method` reached the
/// fake; returns the outcomes and how many such calls had reached it when `stop()`
/// returned.
async fn stop_after(
    fake: &FakeSlack,
    sweep: slack_admin_users_session::bulk::RunStream<'_, SweepOutcome>,
    method: &str,
    sent: usize,
) -> (Vec<SweepOutcome>, usize) {
    let stopper = sweep.stopper();
    let count = || fake.requests().iter().filter(|r| r.method == method).count();
    let watch = async {
        while count() < sent {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        stopper.stop();
        count()
    };
    let (at_stop, outcomes) = futures_util::future::join(watch, sweep.collect::<Vec<_>>()).await;
    (outcomes, at_stop)
}

#[tokio::test]
async fn stopping_a_sweep_reports_the_rest_as_not_attempted() {
    let fake = seeded(100).await;
    let client = fast_client(&fake);
    let sweep =
        client.sweep_with(AdminUsersSessionListRequest::new(), SessionFilter::new().mobile(), invalidate_only());
    let progress = sweep.progress();
    let (outcomes, _) = stop_after(&fake, sweep, AdminUsersSessionInvalidateRequest::NAME, 10).await;
    assert_eq!(outcomes.len(), 100, "every matched session has one outcome");
    let count = |kind: fn(&SweepOutcome) -> bool| outcomes.iter().filter(|o| kind(o)).count();
    // A stop sends nothing more, not even the confirming listing, so the accepted
    // calls stay unconfirmed.
    let unconfirmed = count(|o| matches!(o, SweepOutcome::Unconfirmed(_)));
    let skipped = count(|o| matches!(o, SweepOutcome::NotAttempted(_)));
    assert_eq!(unconfirmed + skipped, 100);
    assert_eq!(invalidations(&fake).len(), unconfirmed, "nothing is sent after the stop");
    assert!((10..30).contains(&unconfirmed), "the stop took effect: {unconfirmed} sent");
    assert_eq!((progress.planned(), progress.answered()), (100, 100));
}

#[tokio::test]
async fn a_dry_run_lists_the_matches_and_ends_nothing() {
    let fake = seeded(50).await;
    let matches: Vec<_> = fast_client(&fake)
        .sweep_matches(AdminUsersSessionListRequest::new(), SessionFilter::new().user("W00007"))
        .collect()
        .await;
    let ids: Vec<i64> = matches.into_iter().map(|m| m.expect("listed").session_id).collect();
    assert_eq!(ids, [15, 16]);
    assert_eq!(live(&fake).len(), 100);
    assert!(invalidations(&fake).is_empty());
}

#[tokio::test]
async fn with_client_pacing_nothing_is_sent_after_the_stop() {
    // The client paces invalidate at 50 ms a call, so the sweep's calls in flight wait
    // in the client's pacer, not in the helper's: they must still see the stop.
    let fake = FakeSlack::builder().time_scale(100.0).start().await.expect("the fake starts");
    seed_users(&fake, 40);
    let client = fake.client_builder().pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 1_200)).build().expect("client");
    let sweep =
        client.sweep_with(AdminUsersSessionListRequest::new(), SessionFilter::new().mobile(), invalidate_only());
    let (outcomes, at_stop) = stop_after(&fake, sweep, AdminUsersSessionInvalidateRequest::NAME, 5).await;
    assert_eq!(outcomes.len(), 40);
    let after = invalidations(&fake).len() - at_stop;
    assert!(after <= 1, "{after} invalidations reached Slack after stop() returned (one may have been in flight)");
}

#[tokio::test]
async fn listing_pages_are_paced_when_the_client_does_not_pace() {
    // Slack's own clock: Tier 2 is 20 calls a minute, one every 3 s after the first.
    let fake = FakeSlack::start().await.expect("the fake starts");
    seed_users(&fake, 1);
    let client = fake.client_builder().retry_policy(RetryPolicy::none()).build().expect("an unpaced client");
    let request = AdminUsersSessionListRequest::new().limit(1);
    let outcomes: Vec<SweepOutcome> = client.sweep(request, SessionFilter::new().user("nobody")).collect().await;
    assert!(outcomes.is_empty(), "{outcomes:?}");
    let pages: Vec<Duration> =
        fake.requests().into_iter().filter(|r| r.method == AdminUsersSessionListRequest::NAME).map(|r| r.at).collect();
    assert_eq!(pages.len(), 2);
    let gap = pages[1] - pages[0];
    assert!(gap >= Duration::from_millis(2_900), "the second page went out {gap:?} after the first");
}

#[tokio::test]
async fn a_session_listed_twice_is_invalidated_once() {
    let fake = seeded(3).await;
    // Slack does not promise stable cursors: the second page repeats a session.
    fake.on::<AdminUsersSessionListRequest>(|request| {
        let all = [1, 3, 5].map(|id| ActiveSession::new(format!("W{:05}", (id - 1) / 2), "E1", id));
        let (page, next) = match request.cursor.as_deref() {
            None => (vec![all[0].clone(), all[1].clone()], "page2"),
            Some(_) => (vec![all[1].clone(), all[2].clone()], ""),
        };
        let mut response = AdminUsersSessionListResponse::new(true, page);
        let mut metadata = ResponseMetadata::new();
        metadata.next_cursor = Some(next.to_owned());
        response.response_metadata = Some(metadata);
        Ok(response)
    });
    let outcomes: Vec<SweepOutcome> = fast_client(&fake)
        .sweep_with(AdminUsersSessionListRequest::new(), SessionFilter::new(), invalidate_only())
        .collect()
        .await;
    assert_eq!(outcomes.len(), 3, "one outcome per session: {outcomes:?}");
    let mut sent = invalidations(&fake);
    sent.sort_unstable();
    assert_eq!(sent, [1, 3, 5]);
}
