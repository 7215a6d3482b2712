//! Batched calls against the fake Slack on a real socket: every input ID is accounted
//! for exactly once, whatever the input size, the duplicates and the faults, and a
//! stopped batch reports the rest without sending it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::fake::{Device, FakeSlack, Fault};
use slack_admin_users_session::{
    bulk::{BatchOutcome, BatchStatus},
    method::{Method, Tier},
    ActiveSession, AdminUsersSessionResetBulkRequest, AdminUsersSessionSetSettingsRequest, Client, Pacing, RetryPolicy,
};

type Outcome = BatchOutcome<AdminUsersSessionResetBulkRequest>;
type ResetBulk = AdminUsersSessionResetBulkRequest;

/// A fake whose clock runs 10,000 times faster, so that batches paced at 6,000 calls a
/// real minute stay within its Tier 2 and Tier 4 limits; `users` users get a session.
async fn seeded(users: usize) -> FakeSlack {
    let fake =
        FakeSlack::builder().time_scale(10_000.0).job_delay(Duration::ZERO).start().await.expect("the fake starts");
    for (n, id) in ids(users).into_iter().enumerate() {
        fake.add_session(Device::Mobile, ActiveSession::new(id, "E1", n as i64 + 1));
    }
    fake
}

/// A client that paces at 6,000 calls a minute and backs off briefly.
fn fast_client(fake: &FakeSlack) -> Client {
    fake.client_builder()
        .pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 6_000).tier_rate(Tier::Tier4, 6_000))
        .retry_policy(RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20)))
        .timeout(Duration::from_secs(1))
        .build()
        .expect("client")
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("W{i:06}")).collect()
}

/// The `user_ids` of every call of `M` the fake received, in order.
fn calls_of<M: Method>(fake: &FakeSlack) -> Vec<Vec<String>> {
    let calls = fake.requests().into_iter().filter(|r| r.method == M::NAME);
    calls
        .map(|r| {
            r.args["user_ids"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        })
        .collect()
}

/// Counts how many outcomes hold each ID; every input ID must be counted exactly once.
fn tally(outcomes: &[Outcome]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for outcome in outcomes {
        for id in &outcome.ids {
            *counts.entry(id.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

fn assert_each_once(outcomes: &[Outcome], input: &[String]) {
    let counts = tally(outcomes);
    let distinct: BTreeSet<&str> = input.iter().map(String::as_str).collect();
    assert_eq!(counts.len(), distinct.len(), "every distinct ID has an outcome");
    assert!(counts.iter().all(|(id, n)| *n == 1 && distinct.contains(id)), "no ID twice, none invented");
}

fn template() -> ResetBulk {
    AdminUsersSessionResetBulkRequest::new(["x"])
}

#[tokio::test]
async fn every_id_is_accounted_for_exactly_once_at_every_size() {
    for n in [0, 1, 999, 1000, 1001, 25_000] {
        let fake = seeded(n).await;
        let mut input = ids(n);
        input.extend(ids(n.min(7))); // duplicates are sent once
        let outcomes: Vec<Outcome> =
            fast_client(&fake).admin_users_session_reset_bulk_batched(input.clone(), template()).collect().await;
        assert_each_once(&outcomes, &input);
        assert!(outcomes.iter().all(Outcome::is_done), "n={n}");
        let calls = calls_of::<ResetBulk>(&fake);
        assert_eq!(calls.len(), n.div_ceil(1000), "n={n}: calls");
        assert!(calls.iter().all(|ids| ids.len() <= 1000));
        assert_eq!(calls.concat(), ids(n), "n={n}: each ID on the wire once, in input order");
        assert!(fake.sessions().is_empty(), "n={n}: the queued jobs ended every session");
    }
}

#[tokio::test]
async fn the_template_supplies_every_other_argument() {
    let fake = seeded(1_500).await;
    let template =
        AdminUsersSessionSetSettingsRequest::new_with_duration(["ignored"], 28_800).desktop_app_browser_quit(true);
    let outcomes: Vec<_> =
        fast_client(&fake).admin_users_session_set_settings_batched(ids(1_500), template).collect().await;
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.iter().all(|o| o.is_done()));
    for id in ids(1_500) {
        let settings = fake.settings(&id).expect("settings stored for every user");
        assert_eq!((settings.duration, settings.desktop_app_browser_quit), (Some(28_800), Some(true)), "{id}");
    }
    assert!(fake.settings("ignored").is_none(), "the template's own IDs are not sent");
}

/// The faults queued for each call of the fault test, by the call's position.
fn faults_for(call: usize) -> Vec<Fault> {
    match call {
        0 => vec![Fault::Status(502)],
        1 => vec![Fault::Delay(Duration::from_millis(1_500))],
        2 => vec![Fault::RateLimited { retry_after: 0 }; 3],
        3 => vec![Fault::error("fatal_error")],
        4 => vec![Fault::error("failed_for_some_users")],
        5 => vec![Fault::CutBody],
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn faults_are_retried_or_reported_and_no_id_is_lost() {
    let fake = seeded(8_000).await;
    let client = fast_client(&fake);
    let input = ids(8_000);
    let queue = |call: usize| faults_for(call).into_iter().for_each(|fault| fake.fail::<ResetBulk>(1, fault));
    // Calls go out one at a time, and only when the stream is polled, so each call's
    // faults can be queued just before it.
    queue(0);
    let mut batch = client.admin_users_session_reset_bulk_batched(input.clone(), template());
    let mut outcomes: Vec<Outcome> = Vec::new();
    while let Some(outcome) = batch.next().await {
        outcomes.push(outcome);
        queue(outcomes.len());
    }
    assert_each_once(&outcomes, &input);
    let statuses: Vec<String> = outcomes
        .iter()
        .map(|o| match &o.status {
            BatchStatus::Done(_) => "done".to_owned(),
            BatchStatus::Failed(e) => format!("{}:{}", e.code().unwrap_or("?"), e.may_have_taken_effect()),
            _ => "not attempted".to_owned(),
        })
        .collect();
    // resetBulk is idempotent, so the 502, the timeout, the 429 burst and the cut
    // connection are retried. A chunk answered fatal_error, or failed_for_some_users
    // without naming anyone, may have been acted on for any of its users, and a second
    // reset would end what they opened since: it is never sent again, and fails saying
    // Slack may have acted.
    let expected = ["done", "done", "done", "fatal_error:true", "failed_for_some_users:true", "done", "done", "done"];
    assert_eq!(statuses, expected);
    let left: std::collections::BTreeSet<i64> = fake.sessions().iter().map(|s| s.session_id).collect();
    assert_eq!(left, (3_001..=5_000).collect(), "only the two unanswered chunks' users (the faults did nothing)");
    // The fake logs the delayed call when it answers it, after the client gave up.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(
        calls_of::<ResetBulk>(&fake).len(),
        8 + 1 + 1 + 3 + 1,
        "each retry is one more call, and no chunk is re-sent"
    );
}

#[tokio::test]
async fn one_unknown_id_among_2500_leaves_everyone_else_signed_out_and_is_named() {
    let fake = seeded(2_500).await;
    let mut input = ids(2_500);
    input.insert(1_234, "W999999".to_owned()); // nobody in the org
    let outcomes: Vec<Outcome> =
        fast_client(&fake).admin_users_session_reset_bulk_batched(input.clone(), template()).collect().await;
    assert_each_once(&outcomes, &input);
    let failed: Vec<(&[String], Option<&str>)> = outcomes
        .iter()
        .filter_map(|o| match &o.status {
            BatchStatus::Failed(e) => Some((o.ids.as_slice(), e.code())),
            _ => None,
        })
        .collect();
    let bad = ["W999999".to_owned()];
    assert_eq!(failed, [(&bad[..], Some("user_not_found"))], "only the bad ID fails, by name");
    assert!(fake.sessions().is_empty(), "all 2,500 real users were signed out");
    let calls = calls_of::<ResetBulk>(&fake).len();
    assert!(calls <= 3 + 2 * 10, "isolating one bad ID among 1,000 took {calls} calls");
}

#[tokio::test]
async fn ten_unknown_ids_among_1000_are_each_isolated_and_every_other_user_is_signed_out() {
    let fake = seeded(1_000).await;
    let input: Vec<String> =
        ids(1_000).into_iter().enumerate().map(|(i, id)| if i % 100 == 50 { format!("BAD{i}") } else { id }).collect();
    let outcomes: Vec<Outcome> =
        fast_client(&fake).admin_users_session_reset_bulk_batched(input.clone(), template()).collect().await;
    assert_each_once(&outcomes, &input);
    let mut failed: Vec<&str> = Vec::new();
    for outcome in outcomes.iter().filter(|o| !o.is_done()) {
        assert_eq!(outcome.ids.len(), 1, "a failure names one ID, not a half of good ones: {:?}", outcome.ids);
        failed.push(&outcome.ids[0]);
    }
    failed.sort_unstable();
    let mut bad: Vec<&str> = input.iter().map(String::as_str).filter(|id| id.starts_with("BAD")).collect();
    bad.sort_unstable();
    assert_eq!(failed, bad);
    assert_eq!(fake.sessions().len(), 10, "only the sessions of the ten users the input missed are left");
    let calls = calls_of::<ResetBulk>(&fake).len();
    assert!(calls <= 1 + 10 * 20, "isolating ten bad IDs among 1,000 took {calls} calls");
}

#[tokio::test]
async fn a_revoked_token_stops_the_batch_and_says_why() {
    let fake = seeded(5_000).await;
    fake.fail::<ResetBulk>(1, Fault::error("token_revoked"));
    let client = fast_client(&fake);
    let mut batch = client.admin_users_session_reset_bulk_batched(ids(5_000), template());
    let stopper = batch.stopper();
    let mut outcomes = Vec::new();
    while let Some(outcome) = batch.next().await {
        outcomes.push(outcome);
    }
    assert_each_once(&outcomes, &ids(5_000));
    assert_eq!(calls_of::<ResetBulk>(&fake).len(), 1, "nothing is sent after a dead token");
    assert!(outcomes[1..].iter().all(|o| matches!(o.status, BatchStatus::NotAttempted)));
    let reason = stopper.reason().expect("the run stopped itself");
    assert!(reason.to_string().contains("token_revoked"), "{reason}");
}

#[tokio::test]
async fn stopping_reports_the_rest_as_not_attempted_without_sending_them() {
    let fake = seeded(5_500).await;
    let client = fast_client(&fake);
    let input = ids(5_500);
    let mut batch = client.admin_users_session_reset_bulk_batched(input.clone(), template());
    let stopper = batch.stopper();
    let mut outcomes = Vec::new();
    while let Some(outcome) = batch.next().await {
        if outcomes.len() == 1 {
            stopper.stop();
        }
        outcomes.push(outcome);
    }
    assert_each_once(&outcomes, &input);
    let done = outcomes.iter().filter(|o| o.is_done()).count();
    let skipped = outcomes.iter().filter(|o| matches!(o.status, BatchStatus::NotAttempted)).count();
    assert_eq!((done, skipped), (2, 4), "the call in hand when stopped finishes; the rest are not sent");
    assert_eq!(calls_of::<ResetBulk>(&fake).len(), 2);
    assert_eq!(fake.sessions().len(), 3_500, "only the sent users were signed out");
}

#[tokio::test]
async fn without_client_pacing_a_batch_keeps_to_the_tier_rate() {
    let fake = FakeSlack::start().await.expect("a fake on Slack's own clock");
    ids(2_000).iter().for_each(|id| fake.add_user(id));
    let client = fake.client().expect("an unpaced client");
    let started = std::time::Instant::now();
    let outcomes: Vec<Outcome> = client.admin_users_session_reset_bulk_batched(ids(2_000), template()).collect().await;
    assert_eq!(outcomes.len(), 2);
    // Tier 2 is 20 calls a minute: the second call starts 3 s after the first.
    assert!(started.elapsed() >= Duration::from_secs(3), "took {:?}", started.elapsed());
    assert_eq!(fake.stats::<ResetBulk>().rate_limited, 0);
}

#[tokio::test]
async fn a_journaled_batch_stopped_midway_is_resumed_to_one_final_outcome_per_id() {
    use slack_admin_users_session::journal::{read_journal, OutcomeKind};
    use slack_admin_users_session::journal::{Journal, JournalEntry};

    let fake = seeded(5_500).await;
    let client = fast_client(&fake);
    let input = ids(5_500);
    let dir = std::env::temp_dir().join(format!("batch-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("reset.jsonl");
    let _ = std::fs::remove_file(&path);
    let journal = Journal::create(&path).expect("journal");
    let mut batch = client.batched_journaled(input.clone(), template().mobile_only(true), journal);
    let stopper = batch.stopper();
    let mut first = Vec::new();
    while let Some(outcome) = batch.next().await {
        stopper.stop();
        first.push(outcome);
    }
    assert_each_once(&first, &input);
    assert_eq!(calls_of::<ResetBulk>(&fake).len(), 1, "the stop held back every call after the first");
    let resumed: Vec<Outcome> =
        client.resume_batched(&path, template().mobile_only(true)).expect("resumable").collect().await;
    assert_eq!(resumed.iter().map(|o| o.ids.len()).sum::<usize>(), 4_500, "only what was not done is sent again");
    assert!(resumed.iter().all(Outcome::is_done));
    assert_eq!(calls_of::<ResetBulk>(&fake).len(), 6);
    assert!(fake.requests().iter().all(|r| r.method != ResetBulk::NAME || r.args["mobile_only"] == true));

    let entries = read_journal(&path).expect("the journal reads back");
    let Some(JournalEntry::Job(job)) = entries.first() else { panic!("a job line first") };
    assert_eq!((job.ids.len(), job.arguments.get("mobile_only").map(String::as_str)), (5_500, Some("true")));
    let mut finals: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in &entries {
        if let JournalEntry::Outcome(outcome) = entry {
            if outcome.outcome.is_final() {
                assert_eq!(outcome.outcome, OutcomeKind::Done);
                *finals.entry(outcome.user_id.as_str()).or_default() += 1;
            }
        }
    }
    assert_eq!(finals.len(), 5_500);
    assert!(finals.values().all(|n| *n == 1), "one final outcome per ID");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
