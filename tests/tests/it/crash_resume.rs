//! A sweep killed (SIGKILL) at ten random points and resumed from its journal each time:
//! every target ends in exactly one final outcome, no session is invalidated twice,
//! and exactly the matching sessions are gone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use slack_admin_users_session::fake::{Device, FakeSlack};
use slack_admin_users_session::journal::read_journal;
use slack_admin_users_session::{
    journal::JournalEntry,
    method::Method,
    sweep::{IpRange, SessionFilter},
    ActiveSession, AdminUsersSessionInvalidateRequest, SessionClient,
};

const SCALE: f64 = 300.0;

/// 200 users with two or three sessions: the first 120 have all of them in
/// 203.0.113.0/24 (a reset each), the rest one (an invalidate each).
fn seed(fake: &FakeSlack) -> Vec<ActiveSession> {
    let mut seeded = Vec::new();
    let mut id = 0;
    for n in 0..200 {
        for k in 0..(2 + n % 2) {
            id += 1;
            let inside = n < 120 || k == 0;
            let mut client = SessionClient::new();
            client.ip = Some(if inside { format!("203.0.113.{}", n % 250) } else { "198.51.100.1".to_owned() });
            client.os = Some("Windows".to_owned());
            let mut session = ActiveSession::new(format!("W{n:06}"), "E1", id);
            session.created = Some(client);
            seeded.push((Device::Desktop, session));
        }
    }
    let sessions = seeded.iter().map(|(_, s)| s.clone()).collect();
    fake.add_sessions(seeded);
    sessions
}

fn job(fake: &FakeSlack, journal: &Path, mode: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sweep_job"))
        .args([fake.url(), journal.display().to_string(), SCALE.to_string(), mode.to_owned()])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the job starts")
}

fn lines(journal: &Path) -> usize {
    std::fs::read_to_string(journal).map_or(0, |text| text.lines().count())
}

/// A small linear congruential generator: the kill points need to vary, not to be good
/// random numbers, and the seed is printed so that a failure can be replayed.
struct Points(u64);

impl Points {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % below
    }
}

/// Kills `child` once the journal has grown by `more` lines, or lets it be if it ends
/// first; returns whether it was killed.
async fn kill_after(mut child: Child, journal: &Path, more: usize) -> bool {
    let target = lines(journal) + more;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("the job can be waited on").is_some() {
            return false;
        }
        if lines(journal) >= target {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
            return true;
        }
        assert!(Instant::now() < deadline, "the job made no progress");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_killed_at_ten_random_points_and_resumed_accounts_for_every_target_once() {
    let fake = FakeSlack::builder().time_scale(SCALE).start().await.expect("the fake starts");
    let seeded = seed(&fake);
    let dir = std::env::temp_dir().join(format!("crash-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let journal = dir.join("job.jsonl");
    let _ = std::fs::remove_file(&journal);
    let seed_value = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(7, |d| d.as_nanos() as u64);
    eprintln!("kill points seeded with {seed_value}");
    let mut points = Points(seed_value);

    // The calls' lines come one pacing slot apart (about 160 of them before the
    // confirming listing writes its outcomes in a burst); ten kill points of at most 12
    // lines each land among them, wherever the machine's speed puts the polls.
    let mut kills = 0;
    let mut mode = "run";
    for _ in 0..30 {
        if kills == 10 {
            break;
        }
        kills += usize::from(kill_after(job(&fake, &journal, mode), &journal, 1 + points.next(12)).await);
        mode = "resume";
    }
    assert_eq!(kills, 10, "the job outlived its kill points");
    let status = job(&fake, &journal, "resume").wait().expect("the last run ends");
    assert!(status.success(), "{status}");

    let range: IpRange = "203.0.113.0/24".parse().expect("range");
    let filter = SessionFilter::new().ip(range);
    let matched: BTreeSet<i64> = seeded.iter().filter(|s| filter.matches(s)).map(|s| s.session_id).collect();
    let left: BTreeSet<i64> = fake.sessions().iter().map(|s| s.session_id).collect();
    assert!(left.is_disjoint(&matched), "every match is gone");
    assert_eq!(left.len(), seeded.len() - matched.len(), "nothing else was ended");

    let invalidated: Vec<i64> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == AdminUsersSessionInvalidateRequest::NAME)
        .map(|r| r.args["session_id"].as_i64().unwrap_or(-1))
        .collect();
    let distinct: BTreeSet<i64> = invalidated.iter().copied().collect();
    assert_eq!(distinct.len(), invalidated.len(), "no session was invalidated twice");

    let entries = read_journal(&journal).expect("the journal reads back after ten kills");
    let mut finals: BTreeMap<i64, usize> = BTreeMap::new();
    for entry in &entries {
        if let JournalEntry::Outcome(outcome) = entry {
            if outcome.outcome.is_final() {
                *finals.entry(outcome.session_id.expect("a sweep's outcome names its session")).or_default() += 1;
            }
        }
    }
    assert_eq!(finals.keys().copied().collect::<BTreeSet<i64>>(), matched, "every target has a final outcome");
    assert!(finals.values().all(|n| *n == 1), "exactly one each: {finals:?}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
