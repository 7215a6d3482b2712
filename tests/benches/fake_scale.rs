//! The fake Slack at scale: seeding an org of 100,000 sessions (beside 10,000, for the
//! ratio), and serving one `list` page of 1,000 sessions from an org of 10,000 and of
//! 100,000 sessions, through the real client on loopback.
//!
//! Run with `cargo bench -p tests --bench fake_scale`. divan times each size; then the
//! summary runs paired rounds, alternating which size goes first so that drift on a
//! busy machine cancels out, and prints the median ratio of the large org to the small
//! one: about 10 for seeding (the work is the sessions), and about 1 for a page (the
//! work is the page, not the org). These are the figures in BENCHMARKS.md.

use std::time::{Duration, Instant};

use divan::Bencher;
use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::{ActiveSession, AdminUsersSessionListRequest, Client, RetryPolicy};
use tokio::runtime::Runtime;

mod support;

/// The two org sizes, in sessions.
const SIZES: [i64; 2] = [10_000, 100_000];
/// Sessions on a page.
const PAGE: i64 = 1_000;
/// Page calls per side in each round of the summary.
const PAGES_PER_ROUND: usize = 30;
const ROUNDS: usize = 7;
/// Slack's clock so fast that Tier 2's 20 calls a minute never refuse a page.
const TIME_SCALE: f64 = 1e7;

fn main() {
    divan::main();
    if !support::summary_wanted() {
        return;
    }
    let runtime = runtime();
    let [small, large] = SIZES;
    let (seed_ratio, seed_large) = paired(|size| seed_time(&runtime, size));
    println!("\nseeding, {large} sessions / {small}: median ratio {seed_ratio:.2}; {large} in {seed_large:?} (median)");
    let orgs = SIZES.map(|size| runtime.block_on(Org::start(size)));
    let (page_ratio, page_large) = paired(|size| {
        let org = orgs.iter().find(|org| org.size == size).expect("an org of that size");
        let started = Instant::now();
        (0..PAGES_PER_ROUND).for_each(|_| org.page(&runtime));
        started.elapsed() / PAGES_PER_ROUND as u32
    });
    println!(
        "a page of {PAGE}, from {large} sessions / from {small}: median ratio {page_ratio:.3}; {page_large:?} a page"
    );
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime")
}

/// Two sessions per user, a phone and a desktop, as the sweep benchmark seeds them.
fn sessions(size: i64) -> Vec<(Device, ActiveSession)> {
    let device = |id: i64| if id % 2 == 0 { Device::Mobile } else { Device::Desktop };
    (0..size).map(|id| (device(id), ActiveSession::new(format!("W{:06}", id / 2), "E1", id))).collect()
}

/// How long `add_sessions` takes to seed a fresh fake with `size` sessions built
/// beforehand: the fake's own cost, not that of making the test's strings.
fn seed_time(runtime: &Runtime, size: i64) -> Duration {
    let fake = runtime.block_on(FakeSlack::start()).expect("the fake starts");
    let seed = sessions(size);
    let started = Instant::now();
    fake.add_sessions(seed);
    started.elapsed()
}

/// Rounds of `measure` on both sizes, alternating which goes first; the median ratio
/// of the large size to the small one, and the large size's median time.
fn paired(mut measure: impl FnMut(i64) -> Duration) -> (f64, Duration) {
    let [small, large] = SIZES;
    let mut ratios = Vec::new();
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        let (s, l) = if round % 2 == 0 {
            let s = measure(small);
            (s, measure(large))
        } else {
            let l = measure(large);
            (measure(small), l)
        };
        ratios.push(l.as_secs_f64() / s.as_secs_f64());
        times.push(l);
    }
    ratios.sort_by(f64::total_cmp);
    times.sort();
    (ratios[ROUNDS / 2], times[ROUNDS / 2])
}

/// A running fake seeded with `size` sessions, a client for it, and the request for a
/// full page from the middle of the org.
struct Org {
    size: i64,
    /// Kept alive for the client; dropping it would stop the server.
    _fake: FakeSlack,
    client: Client,
    request: AdminUsersSessionListRequest,
}

impl Org {
    async fn start(size: i64) -> Org {
        let fake = FakeSlack::builder().time_scale(TIME_SCALE).start().await.expect("the fake starts");
        fake.add_sessions(sessions(size));
        let client = fake.client_builder().retry_policy(RetryPolicy::none()).build().expect("a loopback client");
        let request = AdminUsersSessionListRequest::new().limit(PAGE).cursor(format!("sid_{}", size / 2));
        Org { size, _fake: fake, client, request }
    }

    /// One page, checked to be a whole one.
    fn page(&self, runtime: &Runtime) {
        let page = runtime.block_on(self.client.admin_users_session_list(&self.request)).expect("a page");
        assert_eq!(page.active_sessions.len(), PAGE as usize);
    }
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn seed_org(bencher: Bencher, size: i64) {
    let runtime = runtime();
    bencher
        .with_inputs(|| (runtime.block_on(FakeSlack::start()).expect("the fake starts"), sessions(size)))
        .bench_local_values(|(fake, seed)| {
            fake.add_sessions(seed);
            // Returned, so that dropping the seeded fake falls outside the timing.
            fake
        });
}

#[divan::bench(args = SIZES, sample_count = 30, sample_size = 1)]
fn list_page_of_1000(bencher: Bencher, size: i64) {
    let runtime = runtime();
    let org = runtime.block_on(Org::start(size));
    bencher.bench_local(|| org.page(&runtime));
}
