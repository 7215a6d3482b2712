//! Sign-out jobs at scale against the fake Slack: planned in the fewest calls Slack
//! allows, confirmed by listing, journaled, and paced at the whole allowance.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::fake::{Device, FakeSlack, FakeSlackBuilder};
use slack_admin_users_session::journal::{read_journal, OutcomeKind};
use slack_admin_users_session::{
    journal::{Journal, JournalEntry},
    method::{Method, Tier},
    sweep::{IpRange, Resets, SessionFilter, SweepOptions, SweepOutcome},
    ActiveSession, AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest,
    Client, Pacing, SessionClient,
};

type List = AdminUsersSessionListRequest;
type ResetBulk = AdminUsersSessionResetBulkRequest;
type Invalidate = AdminUsersSessionInvalidateRequest;

/// A session of `user` on the given device, seen from `ip`.
fn session(user: &str, id: i64, device: Device, ip: &str) -> (Device, ActiveSession) {
    let mut client = SessionClient::new();
    client.os = Some(if device == Device::Mobile { "iOS" } else { "Windows" }.to_owned());
    client.ip = Some(ip.to_owned());
    let mut session = ActiveSession::new(user, "E1", id);
    session.created = Some(client);
    (device, session)
}

/// A fake with `users` users, each with a phone (odd ID) and a desktop session (even ID).
async fn phones_and_desktops(builder: FakeSlackBuilder, users: usize) -> FakeSlack {
    let fake = builder.start().await.expect("the fake starts");
    fake.add_sessions((0..users).flat_map(|n| {
        let user = format!("W{n:06}");
        [
            session(&user, 2 * n as i64 + 1, Device::Mobile, "10.0.0.1"),
            session(&user, 2 * n as i64 + 2, Device::Desktop, "10.0.0.2"),
        ]
    }));
    fake
}

/// A client paced at the fake's scaled tiers, as a real one would be at Slack's.
fn paced(fake: &FakeSlack) -> Client {
    fake.client_builder().pacing(fake.pacing()).build().expect("client")
}

/// Calls the fake received, per method.
fn calls(fake: &FakeSlack) -> BTreeMap<String, usize> {
    let mut calls = BTreeMap::new();
    for request in fake.requests().into_iter().filter(|r| r.status != 429) {
        *calls.entry(request.method).or_default() += 1;
    }
    calls
}

fn count(calls: &BTreeMap<String, usize>, method: &str) -> usize {
    calls.get(method).copied().unwrap_or(0)
}

/// Ends the mobile sessions of every user of `fake` (each with a phone and a desktop
/// session) and checks the job against the minimum: the listing plus one `resetBulk`
/// per 1,000 users. Calls that drew a 429 are not counted; they were sent again.
async fn mobile_sign_out(fake: &FakeSlack, client: &Client, users: usize) {
    let outcomes: Vec<SweepOutcome> = client.sweep(List::new(), SessionFilter::new().mobile()).collect().await;
    assert_eq!(outcomes.len(), users, "one outcome per mobile session");
    assert!(outcomes.iter().all(|o| matches!(o, SweepOutcome::Ended(s) if s.session_id % 2 == 1)), "all confirmed");
    let left = fake.sessions();
    assert_eq!(left.len(), users, "every desktop session is kept");
    assert!(left.iter().all(|s| s.session_id % 2 == 0));
    let calls = calls(fake);
    let minimum = (2 * users).div_ceil(1_000) + users.div_ceil(1_000);
    let total: usize = calls.values().sum();
    assert_eq!(count(&calls, Invalidate::NAME), 0, "{calls:?}");
    assert_eq!(count(&calls, ResetBulk::NAME), users.div_ceil(1_000), "{calls:?}");
    assert!(total <= 2 * minimum, "{total} calls against a minimum of {minimum}: {calls:?}");
    eprintln!("mobile sign-out of {users} users: {total} calls (minimum {minimum}): {calls:?}");
}

#[tokio::test]
async fn the_mobile_sessions_of_5000_users_end_in_at_most_twice_the_minimum_calls() {
    let fake = phones_and_desktops(FakeSlack::builder().time_scale(600.0), 5_000).await;
    mobile_sign_out(&fake, &paced(&fake), 5_000).await;
    assert_eq!(fake.stats::<List>().rate_limited + fake.stats::<ResetBulk>().rate_limited, 0, "no 429s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mobile_sessions_of_40000_users_end_in_minutes_of_slack_time() {
    // On the manual clock Slack's time moves only by the waits its limits impose, so
    // the test's own CPU time does not count as Slack time. The client sends as fast
    // as it can and the fake's 429s (Retry-After 0, the clock moved on instead) space
    // the calls at the tiers.
    let fake = phones_and_desktops(FakeSlack::builder().manual_clock(), 40_000).await;
    let client = fake.client_builder().pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 0)).build().expect("client");
    mobile_sign_out(&fake, &client, 40_000).await;
    let took = fake.now();
    eprintln!("mobile sign-out of 40000 users: {took:?} of Slack time");
    assert!(took < Duration::from_secs(10 * 60), "{took:?} of Slack time");
    assert!(took > Duration::from_secs(4 * 60), "{took:?}: the tiers were kept");
}

/// 1,000 users with two or three sessions each: users 0..600 have all of them seen from
/// 203.0.113.0/24, users 600..1000 exactly one.
fn network_org(fake: &FakeSlack) -> Vec<ActiveSession> {
    let mut seeded = Vec::new();
    let mut id = 0;
    for n in 0..1_000 {
        let user = format!("W{n:06}");
        for k in 0..(2 + n % 2) {
            id += 1;
            let inside = n < 600 || k == 0;
            let ip = if inside { format!("203.0.113.{}", n % 250) } else { format!("198.51.100.{}", n % 250) };
            let device = if k == 1 { Device::Mobile } else { Device::Desktop };
            seeded.push(session(&user, id, device, &ip));
        }
    }
    let sessions = seeded.iter().map(|(_, s)| s.clone()).collect();
    fake.add_sessions(seeded);
    sessions
}

#[tokio::test]
async fn an_ip_sweep_with_whole_user_resets_is_within_five_percent_of_the_minimum() {
    let fake = FakeSlack::builder().time_scale(600.0).start().await.expect("the fake starts");
    let seeded = network_org(&fake);
    let range: IpRange = "203.0.113.0/24".parse().expect("range");
    let filter = SessionFilter::new().ip(range);
    // The minimum, from the seeded data: the listing, one reset per 1,000 users whose
    // every session matches, and an invalidate for each other match.
    let mut by_user: HashMap<&str, (usize, usize)> = HashMap::new();
    for session in &seeded {
        let entry = by_user.entry(&session.user_id).or_default();
        entry.0 += 1;
        entry.1 += usize::from(filter.matches(session));
    }
    let whole = by_user.values().filter(|(all, matched)| all == matched).count();
    let partial: usize = by_user.values().filter(|(all, matched)| all != matched).map(|(_, matched)| matched).sum();
    let pages = seeded.len().div_ceil(1_000);
    let minimum = pages + whole.div_ceil(1_000) + partial;
    assert_eq!((whole, partial), (600, 400));

    let client = paced(&fake);
    let exact = client.plan_sweep(List::new(), &filter, &SweepOptions::new()).await.expect("plan");
    assert_eq!(exact.calls().reset_bulk, 0, "an IP filter gets no whole-user reset by default");
    let saved = exact.summary().with_whole_user_resets.expect("the plan says what resets would save");
    assert_eq!(saved.total() as usize, minimum, "{exact}");
    assert!(exact.to_string().contains("allowing whole-user resets would use them"), "{exact}");

    eprintln!("IP sweep, default plan: {exact}");
    let before = fake.requests().len();
    let options = SweepOptions::new().resets(Resets::WholeUser);
    let outcomes: Vec<SweepOutcome> = client.sweep_with(List::new(), filter.clone(), options).collect().await;
    let matched = seeded.iter().filter(|s| filter.matches(s)).count();
    assert_eq!(outcomes.len(), matched);
    assert!(outcomes.iter().all(SweepOutcome::is_ended), "every match confirmed ended");
    assert!(fake.sessions().iter().all(|s| !filter.matches(s)), "nothing in the range is left");
    assert_eq!(fake.sessions().len(), seeded.len() - matched, "nothing outside it was ended");
    let sent = fake.requests().len() - before;
    let confirming = (seeded.len() - matched).div_ceil(1_000);
    let slack = fake.requests()[before..].iter().map(|r| r.at).max().unwrap_or_default();
    eprintln!(
        "IP sweep with whole-user resets: {sent} calls (minimum {minimum} + {confirming}), {calls:?}",
        calls = calls(&fake)
    );
    let _ = slack;
    assert!(
        sent as f64 <= 1.05 * minimum as f64 + confirming as f64,
        "{sent} calls against a minimum of {minimum} plus {confirming} confirming pages"
    );
}

#[tokio::test]
async fn paced_invalidations_use_at_least_95_percent_of_the_allowance_without_429s() {
    let fake = FakeSlack::builder().time_scale(200.0).start().await.expect("the fake starts");
    fake.add_sessions((0..200).map(|n| session(&format!("W{n:06}"), n + 1, Device::Desktop, "203.0.113.9")));
    let client = paced(&fake);
    let options = SweepOptions::new().resets(Resets::Never);
    let outcomes: Vec<SweepOutcome> = client.sweep_with(List::new(), SessionFilter::new(), options).collect().await;
    assert!(outcomes.iter().all(SweepOutcome::is_ended));
    let at: Vec<Duration> =
        fake.requests().into_iter().filter(|r| r.method == Invalidate::NAME).map(|r| r.at).collect();
    assert_eq!(at.len(), 200);
    let rate = (at.len() - 1) as f64 / (at[at.len() - 1] - at[0]).as_secs_f64();
    let allowance = f64::from(Invalidate::TIER.per_minute()) / 60.0 * fake.time_scale();
    assert!(rate / allowance >= 0.95, "{:.3} of the allowance", rate / allowance);
    assert_eq!(fake.stats::<Invalidate>().rate_limited, 0);
}

#[tokio::test]
async fn a_sweep_opened_during_the_run_is_caught_by_the_confirming_listing() {
    let fake = phones_and_desktops(FakeSlack::builder().time_scale(600.0), 3).await;
    let client = paced(&fake);
    let sweep = client.sweep(List::new(), SessionFilter::new().mobile());
    let progress = sweep.progress();
    // Once the resets were answered, an attacker signs in on a phone as a user the
    // first listing did not show.
    let attack = async {
        while progress.answered() < 3 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        fake.add_sessions([session("W999999", 99, Device::Mobile, "10.9.9.9")]);
    };
    let ((), outcomes) = futures_util::future::join(attack, sweep.collect::<Vec<SweepOutcome>>()).await;
    let mut ended: Vec<i64> =
        outcomes.iter().filter(|o| o.is_ended()).filter_map(|o| o.session()).map(|s| s.session_id).collect();
    ended.sort_unstable();
    assert_eq!(ended, [1, 3, 5, 99], "{outcomes:?}");
    assert!(fake.sessions().iter().all(|s| s.session_id % 2 == 0));
}

#[tokio::test]
async fn the_journal_records_the_plan_every_call_before_it_is_sent_and_one_final_outcome_per_target() {
    let fake = FakeSlack::builder().time_scale(600.0).start().await.expect("the fake starts");
    network_org(&fake);
    let dir = std::env::temp_dir().join(format!("signouts-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("job.jsonl");
    let _ = std::fs::remove_file(&path);
    let journal = Journal::create(&path).expect("journal");
    let range: IpRange = "203.0.113.0/24".parse().expect("range");
    let options = SweepOptions::new().resets(Resets::WholeUser).journal(journal);
    let outcomes: Vec<SweepOutcome> =
        paced(&fake).sweep_with(List::new(), SessionFilter::new().ip(range), options).collect().await;
    let entries = read_journal(&path).expect("the journal reads back");
    assert!(matches!(entries.first(), Some(JournalEntry::Job(_))));
    assert!(matches!(entries.last(), Some(JournalEntry::End { .. })));
    let (mut sent, mut answered, mut finals) = (Vec::new(), Vec::new(), BTreeMap::new());
    let mut planned = 0;
    for entry in &entries {
        match entry {
            JournalEntry::Plan { targets, .. } => planned += targets.len(),
            JournalEntry::Sent(record) => {
                assert!(planned > 0, "the plan comes before the first call");
                sent.push(record.call);
            }
            JournalEntry::Answered(record) => {
                assert!(sent.contains(&record.call), "call {} answered before it was sent", record.call);
                assert!(record.request_id.is_some(), "Slack's request ID is kept");
                answered.push(record.call);
            }
            JournalEntry::Outcome(record) if record.outcome.is_final() => {
                *finals.entry(record.session_id.expect("a sweep names sessions")).or_insert(0) += 1;
            }
            _ => {}
        }
    }
    answered.sort_unstable();
    assert_eq!(sent, answered, "every call sent was answered");
    assert_eq!(sent.len(), fake.requests().iter().filter(|r| r.method != List::NAME).count());
    assert_eq!(finals.len(), outcomes.len());
    assert!(finals.values().all(|n| *n == 1), "one final outcome per target");
    assert!(entries.iter().any(|e| matches!(e, JournalEntry::Outcome(o) if o.outcome == OutcomeKind::Ended)));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[tokio::test]
async fn a_browser_on_a_phone_that_a_mobile_reset_leaves_gets_an_invalidate_of_its_own() {
    let fake = FakeSlack::builder().time_scale(600.0).start().await.expect("the fake starts");
    // Safari on an iPhone lists like the app (iOS, an iPhone), but Slack counts it as
    // a web session, which `mobile_only` does not end.
    let (_, mut safari) = session("W000001", 2, Device::Web, "10.0.0.1");
    if let Some(client) = safari.created.as_mut() {
        client.os = Some("iOS".to_owned());
        client.device_hardware = Some("iPhone".to_owned());
    }
    fake.add_sessions([session("W000001", 1, Device::Mobile, "10.0.0.1"), (Device::Web, safari)]);
    fake.add_sessions([session("W000001", 3, Device::Desktop, "10.0.0.2")]);
    let outcomes: Vec<SweepOutcome> = paced(&fake).sweep(List::new(), SessionFilter::new().mobile()).collect().await;
    let mut ended: Vec<i64> =
        outcomes.iter().filter(|o| o.is_ended()).filter_map(|o| o.session()).map(|s| s.session_id).collect();
    ended.sort_unstable();
    assert_eq!(ended, [1, 2], "{outcomes:?}");
    let left: Vec<i64> = fake.sessions().iter().map(|s| s.session_id).collect();
    assert_eq!(left, [3], "the desktop session is kept");
    let calls = calls(&fake);
    assert_eq!((count(&calls, ResetBulk::NAME), count(&calls, Invalidate::NAME)), (1, 1), "{calls:?}");
}

#[tokio::test]
async fn a_resumed_sweep_never_invalidates_a_session_twice_even_if_it_is_still_listed() {
    use slack_admin_users_session::AdminUsersSessionInvalidateResponse;

    let fake = FakeSlack::builder().time_scale(600.0).start().await.expect("the fake starts");
    fake.add_sessions((1..=5).map(|n| session(&format!("W{n:06}"), n, Device::Desktop, "203.0.113.1")));
    // Slack accepts each invalidate, yet the sessions stay listed.
    fake.on::<Invalidate>(|_| Ok(AdminUsersSessionInvalidateResponse::new(true)));
    let dir = std::env::temp_dir().join(format!("signouts-twice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("job.jsonl");
    let _ = std::fs::remove_file(&path);
    let client = paced(&fake);
    let options =
        SweepOptions::new().resets(Resets::Never).confirm_rounds(0).journal(Journal::create(&path).expect("journal"));
    let first: Vec<SweepOutcome> = client.sweep_with(List::new(), SessionFilter::new(), options).collect().await;
    assert!(first.iter().all(|o| matches!(o, SweepOutcome::Unconfirmed(_))), "{first:?}");
    let resumed: Vec<SweepOutcome> = client.resume_sweep(&path).expect("resumable").collect().await;
    assert_eq!(resumed.len(), 5);
    assert!(resumed.iter().all(|o| matches!(o, SweepOutcome::StillActive(_))), "{resumed:?}");
    assert_eq!(fake.stats::<Invalidate>().calls, 5, "each session was invalidated once");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[tokio::test]
async fn a_sweep_stopped_while_listing_is_resumed_with_its_filter_and_ends_every_match() {
    let fake = FakeSlack::builder().time_scale(600.0).start().await.expect("the fake starts");
    fake.add_sessions((1..=1_500).map(|n| session(&format!("W{n:06}"), n, Device::Desktop, "203.0.113.1")));
    fake.add_sessions((1_501..=1_600).map(|n| session(&format!("W{n:06}"), n, Device::Desktop, "198.51.100.1")));
    let dir = std::env::temp_dir().join(format!("signouts-listing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("job.jsonl");
    let _ = std::fs::remove_file(&path);
    let client = paced(&fake);
    let range: IpRange = "203.0.113.0/24".parse().expect("range");
    let options = SweepOptions::new().journal(Journal::create(&path).expect("journal"));
    let sweep = client.sweep_with(List::new().limit(100), SessionFilter::new().ip(range), options);
    let stopper = sweep.stopper();
    let stop_mid_listing = async {
        while fake.stats::<List>().calls < 3 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        stopper.stop();
    };
    let ((), first) = futures_util::future::join(stop_mid_listing, sweep.collect::<Vec<SweepOutcome>>()).await;
    assert!(first.len() < 1_500, "the stop cut the listing short: {} outcomes", first.len());
    assert!(first.iter().all(|o| matches!(o, SweepOutcome::NotAttempted(_))));
    let resumed: Vec<SweepOutcome> = client.resume_sweep(&path).expect("resumable").collect().await;
    assert_eq!(resumed.len(), 1_500, "every match, listed by the first run or not, has an outcome");
    assert!(resumed.iter().all(SweepOutcome::is_ended), "{:?}", resumed.iter().find(|o| !o.is_ended()));
    let left: Vec<i64> = fake.sessions().iter().map(|s| s.session_id).collect();
    assert_eq!(left, (1_501..=1_600).collect::<Vec<i64>>(), "only the sessions outside the range are left");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
