//! Sweep throughput against the fake Slack: how close a sweep comes to Tier 2's
//! allowance for `invalidate`, and how much client CPU time 1,000 outcomes cost.
//!
//! Run with `cargo bench -p tests --bench sweep`. Each round seeds a fake with 2,000
//! users, each with a mobile and a desktop session, on a clock 300 times faster than
//! Slack's (Tier 2 becomes 100 calls a real second), and sweeps the mobile sessions with
//! a client paced by `fake.pacing()`. It prints, per round:
//!
//! - the steady `invalidate` rate the fake saw (calls after the first, over the time
//!   between the first and the last, from its request log) as a share of the allowance;
//! - the client's CPU time per 1,000 outcomes. The client runs on a current-thread
//!   runtime on the main thread and the fake on a runtime of its own, so the main
//!   thread's CPU time (`/proc/thread-self/stat`) is the client's alone: listing,
//!   filtering, pacing, encoding, HTTP and decoding. The baseline in the same run is the
//!   CPU time of sending the same number of `invalidate` calls one by one with the plain
//!   client method, so the ratio is what the sweep machinery adds.
//!
//! The target in BENCHMARKS.md is ≥ 95% of the allowance. These sweeps are held to
//! `invalidate` (`Resets::Never`), since that is the call whose pacing they measure.
//!
//! Then it signs out the mobile sessions of an org of 100,000 sessions (50,000 users)
//! on the fake's manual clock, where Slack time moves only by the waits its limits
//! impose, and prints the calls and Slack time of the plan without resets (what the
//! crate did before it planned) beside those of the run with them.

use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::{
    method::{Method, Tier},
    sweep::{Resets, SessionFilter, SweepOptions, SweepOutcome},
    ActiveSession, AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest, Client, Pacing, SessionClient,
};
use tokio::runtime::Runtime;

/// 300x: Tier 2's 20 calls a minute become 100 a real second.
const TIME_SCALE: f64 = 300.0;
const USERS: usize = 2_000;
const ROUNDS: usize = 3;

fn main() {
    let fake_runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("rt");
    let client_runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
    println!("sweeps of {USERS} mobile sessions against the fake at {TIME_SCALE}x (Tier 2: 100 calls a second):");
    let mut shares = Vec::new();
    let mut ratios = Vec::new();
    for round in 1..=ROUNDS {
        let (share, sweep_cpu) = sweep_round(&fake_runtime, &client_runtime);
        let plain_cpu = plain_round(&fake_runtime, &client_runtime);
        let ratio = sweep_cpu.as_secs_f64() / plain_cpu.as_secs_f64();
        println!(
            "  round {round}: {:.2}% of the allowance; client CPU per 1,000 outcomes {:.0} ms (plain calls {:.0} ms, {ratio:.2}x)",
            share * 100.0,
            per_thousand(sweep_cpu).as_secs_f64() * 1000.0,
            per_thousand(plain_cpu).as_secs_f64() * 1000.0,
        );
        shares.push(share);
        ratios.push(ratio);
    }
    println!(
        "median: {:.2}% of the allowance; sweep CPU / plain CPU {:.2}x",
        median(&mut shares) * 100.0,
        median(&mut ratios)
    );
    plan_at_scale(&fake_runtime, &client_runtime);
}

/// The planned sign-out of 50,000 users' mobile sessions: calls and Slack time before
/// (one `invalidate` a session) and after (the plan's `resetBulk` calls), measured.
fn plan_at_scale(fake_runtime: &Runtime, client_runtime: &Runtime) {
    let users = 50_000;
    let fake = fake_runtime.block_on(FakeSlack::builder().manual_clock().start()).expect("the fake starts");
    seed(&fake, users);
    let client = fake.client_builder().pacing(Pacing::by_tier().tier_rate(Tier::Tier2, 0)).build().expect("client");
    let filter = SessionFilter::new().mobile();
    let never = SweepOptions::new().resets(Resets::Never);
    let before = client_runtime.block_on(client.plan_sweep(AdminUsersSessionListRequest::new(), &filter, &never));
    let before = before.expect("a plan").slack_time();
    let listed_at = fake.now();
    let dry_run = fake.requests().len();
    let started = std::time::Instant::now();
    let ended = client_runtime.block_on(async {
        let outcomes = client.sweep(AdminUsersSessionListRequest::new(), filter);
        outcomes.filter(|o| std::future::ready(matches!(o, SweepOutcome::Ended(_)))).count().await
    });
    assert_eq!(ended, users, "every mobile session ends");
    let (slack, real) = (fake.now() - listed_at, started.elapsed());
    let mut calls = std::collections::BTreeMap::<String, usize>::new();
    for request in fake.requests().into_iter().skip(dry_run).filter(|r| r.status != 429) {
        *calls.entry(request.method).or_default() += 1;
    }
    let list = calls.get(AdminUsersSessionListRequest::NAME).copied().unwrap_or(0);
    println!(
        "mobile sign-out of {users} users (100,000 sessions): before {} invalidate calls, {:.0} min of Slack time; \
         now {} calls ({list} of them list pages), {:.1} min of Slack time, {:.1} s real",
        users,
        before.total.as_secs_f64() / 60.0,
        calls.values().sum::<usize>(),
        slack.as_secs_f64() / 60.0,
        real.as_secs_f64()
    );
}

/// Seeds a fake of `USERS` users, each with a mobile and a desktop session.
fn seeded(fake_runtime: &Runtime) -> FakeSlack {
    let fake = fake_runtime.block_on(FakeSlack::builder().time_scale(TIME_SCALE).start()).expect("the fake starts");
    seed(&fake, USERS);
    fake
}

/// Gives `users` users a mobile (odd ID) and a desktop session (even ID).
fn seed(fake: &FakeSlack, users: usize) {
    for n in 0..users {
        for (id, device, os) in [(2 * n + 1, Device::Mobile, "iOS"), (2 * n + 2, Device::Desktop, "OS X")] {
            let mut created = SessionClient::new();
            created.os = Some(os.to_owned());
            let mut session = ActiveSession::new(format!("W{n:06}"), "E1", id as i64);
            session.created = Some(created);
            fake.add_session(device, session);
        }
    }
}

fn client(fake: &FakeSlack) -> Client {
    fake.client_builder().pacing(fake.pacing()).build().expect("a loopback client")
}

/// One sweep: the share of the allowance reached and the client's CPU time.
fn sweep_round(fake_runtime: &Runtime, client_runtime: &Runtime) -> (f64, Duration) {
    let fake = seeded(fake_runtime);
    let client = client(&fake);
    let before = thread_cpu();
    let ended = client_runtime.block_on(async {
        let options = SweepOptions::new().resets(Resets::Never);
        let outcomes = client.sweep_with(AdminUsersSessionListRequest::new(), SessionFilter::new().mobile(), options);
        outcomes.filter(|o| std::future::ready(matches!(o, SweepOutcome::Ended(_)))).count().await
    });
    let cpu = thread_cpu() - before;
    assert_eq!(ended, USERS, "every mobile session ends");
    (share_of_allowance(&fake), cpu)
}

/// The baseline: the same number of `invalidate` calls, one by one, same pacing.
fn plain_round(fake_runtime: &Runtime, client_runtime: &Runtime) -> Duration {
    let fake = seeded(fake_runtime);
    let client = client(&fake);
    let before = thread_cpu();
    client_runtime.block_on(async {
        for n in 0..USERS {
            let request = AdminUsersSessionInvalidateRequest::new_with_user_id(2 * n as i64 + 1, format!("W{n:06}"));
            client.admin_users_session_invalidate(&request).await.expect("invalidate");
        }
    });
    thread_cpu() - before
}

/// The steady rate of `invalidate` calls the fake saw, over its allowance.
fn share_of_allowance(fake: &FakeSlack) -> f64 {
    let name = AdminUsersSessionInvalidateRequest::NAME;
    let times: Vec<Duration> = fake.requests().into_iter().filter(|r| r.method == name).map(|r| r.at).collect();
    let (first, last) = (times[0], times[times.len() - 1]);
    let rate = (times.len() - 1) as f64 / (last - first).as_secs_f64();
    rate / fake.allowed_per_second::<AdminUsersSessionInvalidateRequest>()
}

fn per_thousand(cpu: Duration) -> Duration {
    cpu.mul_f64(1000.0 / USERS as f64)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The calling thread's CPU time, user and system, from `/proc/thread-self/stat`
/// (fields 14 and 15, in clock ticks of 10 ms on Linux).
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("Linux's /proc/thread-self/stat");
    // The command name (field 2) may hold spaces; the fields after it start past the last ')'.
    let rest = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<u64> = rest.split(' ').filter_map(|f| f.parse().ok()).collect();
    // `rest` starts at field 3 (the state, not a number), so utime and stime (fields 14
    // and 15) are the 11th and 12th numbers.
    let ticks = fields[10] + fields[11];
    Duration::from_millis(ticks * 10)
}
