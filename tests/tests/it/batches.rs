//! Batched calls on a real socket: every input ID is accounted for exactly once, whatever
//! the input size, the duplicates and the faults, and a stopped batch reports the rest.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::{
    AdminUsersSessionResetBulkRequest, AdminUsersSessionSetSettingsRequest, BatchOutcome, BatchStatus, Client, Pacing,
    RetryPolicy, Tier,
};
use tests::{Recorded, Reply, Server};

use crate::methods::TOKEN;

type Outcome = BatchOutcome<AdminUsersSessionResetBulkRequest>;

/// A client that paces Tier 2 at 6,000 calls a minute, so that tests do not wait out
/// Slack's real 3 s spacing, and backs off briefly.
fn fast_client(server: &Server) -> Client {
    Client::builder(TOKEN)
        .base_url(server.url())
        .pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 6_000).tier_rate(Tier::Tier4, 6_000))
        .retry_policy(RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20)))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("W{i:06}")).collect()
}

/// The `user_ids` of a recorded form request.
fn sent_ids(request: &Recorded) -> Vec<String> {
    let form = request.form();
    let joined = form.iter().find(|(name, _)| name == "user_ids").map(|(_, v)| v.clone()).unwrap_or_default();
    joined.split(',').filter(|id| !id.is_empty()).map(str::to_owned).collect()
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
    let distinct: std::collections::BTreeSet<&str> = input.iter().map(String::as_str).collect();
    assert_eq!(counts.len(), distinct.len(), "every distinct ID has an outcome");
    assert!(counts.iter().all(|(id, n)| *n == 1 && distinct.contains(id)), "no ID twice, none invented");
}

#[tokio::test]
async fn every_id_is_accounted_for_exactly_once_at_every_size() {
    for n in [0, 1, 999, 1000, 1001, 25_000] {
        let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
        let client = fast_client(&server);
        let mut input = ids(n);
        input.extend(ids(n.min(7))); // duplicates are sent once
        let outcomes: Vec<Outcome> = client
            .admin_users_session_reset_bulk_batched(input.clone(), AdminUsersSessionResetBulkRequest::new(["x"]))
            .collect()
            .await;
        assert_each_once(&outcomes, &input);
        assert!(outcomes.iter().all(Outcome::is_done), "n={n}");
        let requests = server.requests();
        assert_eq!(requests.len(), n.div_ceil(1000), "n={n}: calls");
        let on_wire: Vec<String> = requests.iter().flat_map(sent_ids).collect();
        assert_eq!(on_wire, ids(n), "n={n}: each ID on the wire once, in input order");
        assert!(requests.iter().all(|r| sent_ids(r).len() <= 1000));
    }
}

#[tokio::test]
async fn the_template_supplies_every_other_argument() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let template =
        AdminUsersSessionSetSettingsRequest::new_with_duration(["ignored"], 28_800).desktop_app_browser_quit(true);
    let outcomes: Vec<_> =
        fast_client(&server).admin_users_session_set_settings_batched(ids(1500), template).collect().await;
    assert_eq!(outcomes.len(), 2);
    for request in server.requests() {
        let form = request.form();
        assert!(form.contains(&("duration".to_owned(), "28800".to_owned())), "{form:?}");
        assert!(form.contains(&("desktop_app_browser_quit".to_owned(), "true".to_owned())), "{form:?}");
        assert!(!sent_ids(&request).contains(&"ignored".to_owned()));
    }
}

/// The n-th call's answer in the fault test, by the call's first ID.
fn faulty(request: &Recorded, attempts: &Mutex<BTreeMap<String, usize>>) -> Reply {
    let first = sent_ids(request).first().cloned().unwrap_or_default();
    let attempt = {
        let mut attempts = attempts.lock().expect("attempts");
        let n = attempts.entry(first.clone()).or_insert(0);
        *n += 1;
        *n
    };
    let ok = Reply::json(r#"{"ok":true}"#);
    match (first.as_str(), attempt) {
        ("W000000", 1) => Reply::body(502, "text/html", "bad gateway"),
        ("W001000", 1) => ok.after(Duration::from_secs(2)),
        ("W002000", 1..=3) => Reply::rate_limited(Some("0")),
        ("W003000", _) => Reply::slack_error("fatal_error"),
        ("W004000", _) => Reply::json(
            r#"{"ok":false,"error":"failed_for_some_users","response_metadata":{"messages":["[ERROR] W004001"]}}"#,
        ),
        ("W005000", 1) => ok.cut_after(40),
        _ => ok,
    }
}

#[tokio::test]
async fn faults_are_retried_or_reported_and_no_id_is_lost() {
    let attempts = Arc::new(Mutex::new(BTreeMap::new()));
    let seen = Arc::clone(&attempts);
    let server = Server::start(move |request, _| faulty(request, &seen)).await;
    let input = ids(7_000);
    let outcomes: Vec<Outcome> = fast_client(&server)
        .admin_users_session_reset_bulk_batched(input.clone(), AdminUsersSessionResetBulkRequest::new(["x"]))
        .collect()
        .await;
    assert_each_once(&outcomes, &input);
    let failed: Vec<(&str, Option<&str>, bool)> = outcomes
        .iter()
        .filter_map(|o| match &o.status {
            BatchStatus::Failed(error) => Some((o.ids[0].as_str(), error.code(), error.may_have_taken_effect())),
            _ => None,
        })
        .collect();
    // resetBulk is idempotent, so the 502, the timeout, the 429s and the cut connection
    // are retried; fatal_error and failed_for_some_users are reported with their chunk.
    assert_eq!(
        failed,
        [("W003000", Some("fatal_error"), true), ("W004000", Some("failed_for_some_users"), true)],
        "{outcomes:?}"
    );
    assert_eq!(outcomes.iter().filter(|o| o.is_done()).count(), 5);
    let partial = outcomes.iter().find(|o| o.ids[0] == "W004000").expect("the partial chunk");
    assert_eq!(partial.ids.len(), 1000, "a partial failure is reported for its whole call");
}

#[tokio::test]
async fn stopping_reports_the_rest_as_not_attempted_without_sending_them() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let client = fast_client(&server);
    let input = ids(5_500);
    let mut batch =
        client.admin_users_session_reset_bulk_batched(input.clone(), AdminUsersSessionResetBulkRequest::new(["x"]));
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
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn without_client_pacing_a_batch_keeps_to_the_tier_rate() {
    let server = Server::start(|_, _| Reply::json(r#"{"ok":true}"#)).await;
    let client = Client::builder(TOKEN).base_url(server.url()).build().expect("client");
    let started = std::time::Instant::now();
    let outcomes: Vec<Outcome> = client
        .admin_users_session_reset_bulk_batched(ids(2_000), AdminUsersSessionResetBulkRequest::new(["x"]))
        .collect()
        .await;
    assert_eq!(outcomes.len(), 2);
    // Tier 2 is 20 calls a minute: the second call starts 3 s after the first.
    assert!(started.elapsed() >= Duration::from_secs(3), "took {:?}", started.elapsed());
}
