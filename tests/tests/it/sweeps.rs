//! Session sweeps on a real socket: a sweep ends exactly the sessions its filter
//! matches, accounts for each one, survives faults without re-sending `invalidate`, and
//! a stopped sweep reports the rest as not attempted.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::{
    AdminUsersSessionListRequest, Client, IpRange, Pacing, RetryPolicy, SessionFilter, SweepOutcome, Tier,
};
use tests::{Recorded, Reply, Server};

use crate::methods::TOKEN;

/// One session of the scripted organization: its user, OS and IP.
#[derive(Clone)]
struct Seeded {
    user: String,
    os: &'static str,
    ip: String,
}

/// A small stateful stand-in for Slack: `list` pages through the live sessions by
/// session ID, `invalidate` removes one, or answers `session_not_found`.
#[derive(Clone, Default)]
struct Org {
    sessions: Arc<Mutex<BTreeMap<i64, Seeded>>>,
    invalidations: Arc<Mutex<Vec<i64>>>,
}

impl Org {
    /// `users` users, each with a mobile session (odd ID) and a desktop one (even ID).
    fn seeded(users: usize) -> Org {
        let org = Org::default();
        let mut sessions = org.sessions.lock().expect("sessions");
        for n in 0..users {
            let user = format!("W{n:05}");
            let ip = format!("203.0.{}.{}", n / 250, n % 250);
            sessions.insert(2 * n as i64 + 1, Seeded { user: user.clone(), os: "iOS", ip: ip.clone() });
            sessions.insert(2 * n as i64 + 2, Seeded { user, os: "Windows", ip });
        }
        drop(sessions);
        org
    }

    fn answer(&self, request: &Recorded) -> Reply {
        let form = request.form();
        let arg = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        if request.path.ends_with("invalidate") {
            let id: i64 = arg("session_id").and_then(|v| v.parse().ok()).unwrap_or(-1);
            self.invalidations.lock().expect("log").push(id);
            return match self.sessions.lock().expect("sessions").remove(&id) {
                Some(_) => Reply::json(r#"{"ok":true}"#),
                None => Reply::slack_error("session_not_found"),
            };
        }
        let after: i64 = arg("cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
        let limit: usize = arg("limit").and_then(|l| l.parse().ok()).unwrap_or(1000);
        self.page(after, limit)
    }

    /// Sessions with IDs above `after`; the cursor is the last ID of the page, so it
    /// stays valid while sessions end.
    fn page(&self, after: i64, limit: usize) -> Reply {
        let sessions = self.sessions.lock().expect("sessions");
        let page: Vec<(&i64, &Seeded)> = sessions.range(after + 1..).take(limit).collect();
        let items: Vec<String> = page
            .iter()
            .map(|(id, s)| {
                format!(
                    r#"{{"user_id":"{}","team_id":"E1","session_id":{id},"created":{{"os":"{}","ip":"{}"}}}}"#,
                    s.user, s.os, s.ip
                )
            })
            .collect();
        let more =
            page.len() == limit && sessions.range(page.last().map_or(after, |(id, _)| **id) + 1..).next().is_some();
        let next = if more { page.last().map(|(id, _)| id.to_string()).unwrap_or_default() } else { String::new() };
        Reply::json(&format!(
            r#"{{"ok":true,"active_sessions":[{}],"response_metadata":{{"next_cursor":"{next}"}}}}"#,
            items.join(",")
        ))
    }

    fn live(&self) -> Vec<i64> {
        self.sessions.lock().expect("sessions").keys().copied().collect()
    }
}

fn fast_client(server: &Server) -> Client {
    Client::builder(TOKEN)
        .base_url(server.url())
        .pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 60_000))
        .retry_policy(RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20)))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

async fn serve(org: &Org) -> Server {
    let org = org.clone();
    Server::start(move |request, _| org.answer(request)).await
}

#[tokio::test]
async fn a_sweep_ends_exactly_the_matching_sessions() {
    let org = Org::seeded(1_200);
    let server = serve(&org).await;
    let request = AdminUsersSessionListRequest::new().limit(500);
    let outcomes: Vec<SweepOutcome> =
        fast_client(&server).sweep(request, SessionFilter::new().mobile()).collect().await;
    assert_eq!(outcomes.len(), 1_200);
    assert!(outcomes.iter().all(|o| matches!(o, SweepOutcome::Ended(_))), "every mobile session ended");
    let live = org.live();
    assert_eq!(live.len(), 1_200);
    assert!(live.iter().all(|id| id % 2 == 0), "only desktop sessions are left");
    let mut sent = org.invalidations.lock().expect("log").clone();
    sent.sort_unstable();
    assert_eq!(sent, (0..1_200).map(|n| 2 * n + 1).collect::<Vec<i64>>(), "each match invalidated once");
}

#[tokio::test]
async fn filters_combine_and_a_rerun_finds_nothing_left() {
    let org = Org::seeded(600);
    let server = serve(&org).await;
    let client = fast_client(&server);
    let net: IpRange = "203.0.1.0/24".parse().expect("range");
    let filter = SessionFilter::new().ip(net).os("windows");
    let first: Vec<SweepOutcome> = client.sweep(AdminUsersSessionListRequest::new(), filter.clone()).collect().await;
    assert_eq!(first.len(), 250, "users 250..500 are on 203.0.1.x");
    assert!(org.live().len() == 950);
    let again: Vec<SweepOutcome> = client.sweep(AdminUsersSessionListRequest::new(), filter).collect().await;
    assert!(again.is_empty(), "ended sessions are no longer listed, so a re-run is a no-op");
}

#[tokio::test]
async fn a_session_already_gone_is_reported_as_such_and_failures_are_not_resent() {
    let org = Org::seeded(3);
    let inner = org.clone();
    // The first invalidate answers 502 after ending the session; the second finds its
    // session already gone.
    let server = Server::start(move |request, _| {
        let first_invalidate =
            request.path.ends_with("invalidate") && inner.invalidations.lock().expect("log").is_empty();
        let reply = inner.answer(request);
        if first_invalidate {
            return Reply::body(502, "text/html", "bad gateway");
        }
        if request.form().contains(&("session_id".to_owned(), "3".to_owned())) {
            return Reply::slack_error("session_not_found");
        }
        reply
    })
    .await;
    let outcomes: Vec<SweepOutcome> =
        fast_client(&server).sweep(AdminUsersSessionListRequest::new(), SessionFilter::new().mobile()).collect().await;
    let kinds: Vec<(i64, &str, bool)> = outcomes
        .iter()
        .map(|o| match o {
            SweepOutcome::Ended(s) => (s.session_id, "ended", false),
            SweepOutcome::AlreadyEnded(s) => (s.session_id, "already", false),
            SweepOutcome::Failed(s, e) => (s.session_id, "failed", e.may_have_taken_effect()),
            _ => (0, "other", false),
        })
        .collect();
    assert_eq!(kinds, [(1, "failed", true), (3, "already", false), (5, "ended", false)]);
    assert_eq!(org.invalidations.lock().expect("log").len(), 3, "the 502 was not re-sent");
}

#[tokio::test]
async fn stopping_a_sweep_reports_the_rest_as_not_attempted() {
    let org = Org::seeded(100);
    let server = serve(&org).await;
    let client = fast_client(&server);
    let mut sweep = client.sweep(AdminUsersSessionListRequest::new(), SessionFilter::new().mobile());
    let stopper = sweep.stopper();
    let mut outcomes = Vec::new();
    while let Some(outcome) = sweep.next().await {
        if outcomes.len() == 10 {
            stopper.stop();
        }
        outcomes.push(outcome);
    }
    assert_eq!(outcomes.len(), 100, "every matched session has one outcome");
    let ended = outcomes.iter().filter(|o| matches!(o, SweepOutcome::Ended(_))).count();
    let skipped = outcomes.iter().filter(|o| matches!(o, SweepOutcome::NotAttempted(_))).count();
    assert_eq!(ended + skipped, 100);
    assert_eq!(org.invalidations.lock().expect("log").len(), ended, "nothing is sent after the stop");
    assert!(ended < 30, "the stop took effect: {ended} ended");
}

#[tokio::test]
async fn a_dry_run_lists_the_matches_and_ends_nothing() {
    let org = Org::seeded(50);
    let server = serve(&org).await;
    let matches: Vec<_> = fast_client(&server)
        .sweep_matches(AdminUsersSessionListRequest::new(), SessionFilter::new().user("W00007"))
        .collect()
        .await;
    let ids: Vec<i64> = matches.into_iter().map(|m| m.expect("listed").session_id).collect();
    assert_eq!(ids, [15, 16]);
    assert_eq!(org.live().len(), 100);
    assert!(org.invalidations.lock().expect("log").is_empty());
}
