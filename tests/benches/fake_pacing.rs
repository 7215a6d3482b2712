//! How close a client paced by tier comes to the fake Slack's rate allowance.
//!
//! Run with `cargo bench -p tests --bench fake_pacing`. divan times a paced burst of 50
//! Tier 2 calls; then the summary sends bursts of 200 and prints, for each, the steady
//! call rate the fake saw (from its request log: calls after the first, over the time
//! between the first and the last) as a share of the fake's allowance, and the 429s it
//! answered. The target in BENCHMARKS.md is ≥ 95% with no 429.

use std::time::Duration;

use divan::Bencher;
use futures_util::future::join_all;
use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::{ActiveSession, AdminUsersSessionListRequest, RetryPolicy};
use tokio::runtime::Runtime;

mod support;

/// 300x: Tier 2's 20 calls a minute become 100 a real second, one every 10 ms.
const TIME_SCALE: f64 = 300.0;

fn main() {
    divan::main();
    if !support::summary_wanted() {
        return;
    }
    let runtime = runtime();
    println!("\npaced Tier 2 bursts of 200 against the fake at {TIME_SCALE}x:");
    let mut shares = Vec::new();
    for round in 1..=5 {
        let (share, refused) = runtime.block_on(measure(200));
        println!("  round {round}: {:.2}% of the allowance, {refused} x 429", share * 100.0);
        shares.push(share);
    }
    shares.sort_by(f64::total_cmp);
    println!("median: {:.2}% of the allowance", shares[shares.len() / 2] * 100.0);
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime")
}

/// Sends `calls` list calls at once through a client paced for the fake's clock, and
/// returns the steady rate as a share of the allowance, and the number of 429s.
async fn measure(calls: usize) -> (f64, u64) {
    let fake = FakeSlack::builder().time_scale(TIME_SCALE).start().await.expect("the fake starts");
    fake.add_session(Device::Web, ActiveSession::new("U1", "T1", 1));
    let client = fake.client_builder().pacing(fake.pacing()).retry_policy(RetryPolicy::none());
    let client = client.build().expect("a loopback client");
    let request = AdminUsersSessionListRequest::new();
    join_all((0..calls).map(|_| client.admin_users_session_list(&request))).await;
    let log = fake.requests();
    let span = log.last().map_or(Duration::ZERO, |last| last.at) - log.first().map_or(Duration::ZERO, |first| first.at);
    let rate = (log.len() - 1) as f64 / span.as_secs_f64();
    let allowance = fake.allowed_per_second::<AdminUsersSessionListRequest>();
    (rate / allowance, fake.stats::<AdminUsersSessionListRequest>().rate_limited)
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn paced_tier2_burst_of_50(bencher: Bencher) {
    let runtime = runtime();
    bencher.bench_local(|| runtime.block_on(measure(50)));
}
