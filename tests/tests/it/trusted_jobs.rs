//! Sign-out jobs on the paths incidents take, against the fake Slack: a confirming
//! listing that fails, protected users, saved plans applied later, and a second
//! process on the same journal. The fake's log and state are the truth.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::fake::{Device, FakeSlack, Fault};
use slack_admin_users_session::journal::{read_journal, Journal, JournalEntry};
use slack_admin_users_session::sweep::{SavedPlan, SessionFilter, SweepOptions, SweepOutcome};
use slack_admin_users_session::{ActiveSession, AdminUsersSessionListRequest, Client, RetryPolicy, SessionClient};

type List = AdminUsersSessionListRequest;

/// A fake on a fast clock with `users` users, each with one phone session (ID = n).
async fn phones(users: usize) -> FakeSlack {
    let fake = FakeSlack::builder().time_scale(600.0).start().await.expect("the fake starts");
    fake.add_sessions((1..=users).map(|n| phone(&format!("W{n:07}"), n as i64)));
    fake
}

fn phone(user: &str, id: i64) -> (Device, ActiveSession) {
    let mut client = SessionClient::new();
    client.os = Some("iOS".to_owned());
    client.ip = Some("203.0.113.9".to_owned());
    let mut session = ActiveSession::new(user, "E1", id);
    session.created = Some(client);
    (Device::Mobile, session)
}

/// A client paced at the fake's scaled tiers, with short backoffs so a run of 503s
/// costs milliseconds.
fn client(fake: &FakeSlack) -> Client {
    let retry = RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20));
    fake.client_builder().pacing(fake.pacing()).retry_policy(retry).build().expect("client")
}

fn session_ids(outcomes: &[SweepOutcome], ended: bool) -> BTreeSet<i64> {
    outcomes
        .iter()
        .filter(|outcome| outcome.is_ended() == ended)
        .filter_map(|outcome| outcome.session().map(|session| session.session_id))
        .collect()
}

#[tokio::test]
async fn five_503s_on_a_confirming_listing_lose_a_round_not_the_confirmation() {
    let fake = phones(30).await;
    let client = client(&fake);
    let filter = SessionFilter::new().mobile();
    let options = SweepOptions::new().confirm_within(Duration::from_secs(30));
    let plan = client.plan_sweep(List::new(), &filter, &options).await.expect("the plan");
    // Every listing from now on is a confirming one: the first five calls answer 503.
    fake.fail::<List>(5, Fault::Status(503));
    let outcomes: Vec<SweepOutcome> = client.run_plan(plan, List::new(), filter, options).collect().await;
    assert_eq!(session_ids(&outcomes, true).len(), 30, "every session confirmed ended: {outcomes:?}");
    assert!(!outcomes.iter().any(|outcome| matches!(outcome, SweepOutcome::ListFailed(_))));
    assert!(fake.sessions().is_empty());
    let listings = fake.requests().into_iter().filter(|r| r.method == "admin.users.session.list").count();
    assert!(listings >= 7, "five failed list calls, then the ones that confirmed: {listings}");
}

#[tokio::test]
async fn confirmation_that_never_lists_again_says_why_and_in_the_journal() {
    let fake = phones(10).await;
    let client = client(&fake);
    let dir = scratch("outage");
    let path = dir.join("job.jsonl");
    let filter = SessionFilter::new().mobile();
    let options = SweepOptions::new().confirm_within(Duration::from_secs(2));
    let plan = client.plan_sweep(List::new(), &filter, &options).await.expect("the plan");
    fake.fail::<List>(10_000, Fault::Status(503));
    let journal = Journal::create(&path).expect("journal");
    let outcomes: Vec<SweepOutcome> =
        client.run_plan(plan, List::new(), filter, options.journal(journal)).collect().await;
    assert!(matches!(outcomes.last(), Some(SweepOutcome::ListFailed(_))), "the reason is the last outcome");
    let unconfirmed = outcomes.iter().filter(|outcome| matches!(outcome, SweepOutcome::Unconfirmed(_))).count();
    assert_eq!(unconfirmed, 10, "{outcomes:?}");
    let notes = read_journal(&path).expect("the journal reads").into_iter().filter_map(|entry| match entry {
        JournalEntry::Note { note, .. } => Some(note),
        _ => None,
    });
    let notes: Vec<String> = notes.collect();
    assert!(notes.iter().any(|note| note.contains("could not list") && note.contains("503")), "{notes:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn protected_users_and_their_sessions_are_kept_out_of_the_plan_and_the_run() {
    let fake = phones(6).await;
    let client = client(&fake);
    let filter = SessionFilter::new().mobile();
    let options = SweepOptions::new().protect(["W0000002", "W0000005"]);
    let plan = client.plan_sweep(List::new(), &filter, &options).await.expect("the plan");
    let kept: BTreeSet<i64> = plan.kept().iter().map(|session| session.session_id).collect();
    assert_eq!(kept, BTreeSet::from([2, 5]));
    assert!(plan.to_string().contains("protected users (W0000002, W0000005)"), "{plan}");
    let outcomes: Vec<SweepOutcome> = client.run_plan(plan, List::new(), filter, options).collect().await;
    assert_eq!(session_ids(&outcomes, true), BTreeSet::from([1, 3, 4, 6]));
    let left: BTreeSet<i64> = fake.sessions().iter().map(|session| session.session_id).collect();
    assert_eq!(left, BTreeSet::from([2, 5]), "the protected users' sessions survive");
    for request in fake.requests().into_iter().filter(|r| r.method != "admin.users.session.list") {
        let args = request.args.to_string();
        assert!(!args.contains("W0000002") && !args.contains("W0000005"), "a call named a protected user: {args}");
    }
}

#[tokio::test]
async fn an_applied_plan_ends_only_planned_sessions_that_still_match() {
    let fake = phones(4).await;
    let client = client(&fake);
    let filter = SessionFilter::new().mobile();
    let options = SweepOptions::new();
    let plan = client.plan_sweep(List::new(), &filter, &options).await.expect("the plan");
    let owner = client.job_owner().await.expect("auth.test");
    let saved = SavedPlan::new(&plan, &List::new(), &filter, &options, Some(owner.clone())).expect("no predicate");
    let text = serde_json::to_string_pretty(&saved).expect("a saved plan is JSON");
    let read: SavedPlan = serde_json::from_str(&text).expect("and reads back");
    assert_eq!(read, saved);
    assert_eq!(read.owner, Some(owner));
    // After the plan was made, a planned user and a new one open matching sessions,
    // which the plan must not touch.
    fake.add_sessions([phone("W0000001", 101), phone("W0000009", 109)]);
    let outcomes: Vec<SweepOutcome> = client.apply_plan(read, SweepOptions::new()).collect().await;
    assert_eq!(session_ids(&outcomes, true), BTreeSet::from([1, 2, 3, 4]), "{outcomes:?}");
    let left: BTreeSet<i64> = fake.sessions().iter().map(|session| session.session_id).collect();
    assert_eq!(left, BTreeSet::from([101, 109]), "sessions opened after the plan survive");
}

#[tokio::test]
async fn a_second_writer_of_a_journal_is_refused_at_once_and_told_who_holds_it() {
    let dir = scratch("lock");
    let path = dir.join("job.jsonl");
    let first = Journal::create(&path).expect("the first writer");
    let started = std::time::Instant::now();
    let refused = Journal::append(&path).expect_err("a second writer is refused");
    assert!(started.elapsed() < Duration::from_secs(1), "refused at once");
    assert_eq!(refused.kind(), std::io::ErrorKind::WouldBlock);
    let message = refused.to_string();
    assert!(message.contains(&format!("pid {}", std::process::id())) && message.contains("started"), "{message}");
    drop(first);
    Journal::append(&path).expect("free once the first writer is gone");
    let _ = std::fs::remove_dir_all(&dir);
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trusted-jobs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

#[tokio::test]
async fn reset_bulk_resets_each_user_at_most_once_and_uses_the_names_slack_gives() {
    let fake = phones(2_000).await;
    let client = client(&fake);
    // Two bots among the users (Slack refuses them and queues the rest, naming them in
    // `failed_for_some_users`), and four IDs Slack does not know (a chunk that names
    // one is refused whole, naming it).
    fake.add_bot("W0BOT0001");
    fake.add_bot("W0BOT0002");
    let mut input: Vec<String> = (1..=1_994).map(|n| format!("W{n:07}")).collect();
    for (at, bad) in [(10, "W0BOT0001"), (1_500, "W0BOT0002"), (20, "W0NOBODY1"), (999, "W0NOBODY2")] {
        input.insert(at, bad.to_owned());
    }
    input.extend(["W0NOBODY3".to_owned(), "W0NOBODY4".to_owned()]);
    let template = slack_admin_users_session::AdminUsersSessionResetBulkRequest::new(Vec::<String>::new());
    let outcomes: Vec<_> = client.admin_users_session_reset_bulk_batched(input.clone(), template).collect().await;
    let mut seen = std::collections::BTreeMap::new();
    for outcome in &outcomes {
        for id in &outcome.ids {
            *seen.entry(id.clone()).or_insert(0) += 1;
        }
    }
    assert_eq!(seen.len(), input.len(), "every ID has an outcome");
    assert!(seen.values().all(|n| *n == 1), "and exactly one");
    let failed: BTreeSet<(String, String)> = outcomes
        .iter()
        .filter(|outcome| !outcome.is_done())
        .flat_map(|outcome| {
            let code = match &outcome.status {
                slack_admin_users_session::bulk::BatchStatus::Failed(error) => error.code().unwrap_or("?").to_owned(),
                _ => "not attempted".to_owned(),
            };
            outcome.ids.iter().map(move |id| (id.clone(), code.clone()))
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("W0BOT0001", "cannot_reset_bot"),
        ("W0BOT0002", "cannot_reset_bot"),
        ("W0NOBODY1", "user_not_found"),
        ("W0NOBODY2", "user_not_found"),
        ("W0NOBODY3", "user_not_found"),
        ("W0NOBODY4", "user_not_found"),
    ]
    .into_iter()
    .map(|(id, code)| (id.to_owned(), code.to_owned()))
    .collect();
    assert_eq!(failed, expected, "each bad ID is named with its own code");
    // The truth is the fake's log: a user's reset is accepted by a call that no unknown
    // ID refused. No user may be in two such calls.
    let mut accepted = std::collections::BTreeMap::<String, usize>::new();
    let calls: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "admin.users.session.resetBulk" && r.status == 200)
        .collect();
    for call in &calls {
        let ids: Vec<String> = call.args["user_ids"]
            .as_array()
            .map(|ids| ids.iter().filter_map(|id| id.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        if ids.iter().any(|id| id.starts_with("W0NOBODY")) {
            continue;
        }
        ids.into_iter().for_each(|id| *accepted.entry(id).or_default() += 1);
    }
    assert!(accepted.values().all(|n| *n == 1), "a user's reset was accepted twice: {accepted:?}");
    assert_eq!(accepted.len(), 1_994 + 2, "every real user (and each bot, refused in place) was in one accepted call");
    let bound = input.len().div_ceil(1_000) + 11 * 6;
    assert!(calls.len() <= bound, "{} calls against a bound of {bound}", calls.len());
    eprintln!("reset-bulk of {} IDs, 6 bad: {} calls (bound {bound})", input.len(), calls.len());
    tokio::time::sleep(Duration::from_millis(100)).await;
}
