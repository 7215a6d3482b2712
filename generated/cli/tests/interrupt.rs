//! Stopping mid-job: Ctrl-C in the middle of a sweep (the calls on their way finish, the
//! rest are reported not attempted, the exit code is 130, and a second sweep ends the
//! rest), and a reader that closes stdout early, which stops the job the same way.

use std::process::Command;
use std::time::Duration;

use slack_admin_users_session::fake::Device;
use slack_admin_users_session::AdminUsersSessionInvalidateRequest as Invalidate;

use crate::support::{head_1, wait, Org, TempFile};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_a_sweep_cleanly_and_resume_finishes_it_from_the_journal() {
    // A slow clock: 20 invalidations a minute at 30x is one every 100 ms, so a sweep of
    // 60 sessions takes about six seconds, and Ctrl-C lands in the middle of it.
    let org = Org::at_scale(30.0).await;
    for n in 0..60 {
        org.session(&format!("U{n}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let journal = TempFile::fresh();
    let path = journal.path.display().to_string();
    let child = org.spawn(&["sweep", "--mobile", "--invalidate-only", "--journal", &path, "--format", "json"]);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while org.fake.stats::<Invalidate>().calls < 5 {
        assert!(tokio::time::Instant::now() < deadline, "the sweep never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let run = wait(child).await;
    assert_eq!(run.code, Some(130), "{run:?}");
    let document = run.json();
    assert_eq!(document["interrupted"], true);
    let count = |field: &str| document[field].as_u64().unwrap_or_else(|| panic!("{field} in {document}"));
    // A stop sends nothing more, not even the confirming listing: the invalidations
    // Slack accepted are unconfirmed, the rest not attempted.
    let (unconfirmed, failed, not_attempted) = (count("unconfirmed"), count("failed"), count("not_attempted"));
    assert!(not_attempted > 0 && unconfirmed > 0, "{document}");
    assert_eq!(unconfirmed + failed + not_attempted, 60, "every session in one outcome: {document}");
    assert_eq!(document["lost"], 0);
    assert_eq!(document["outcomes"].as_array().map(Vec::len), Some(60));
    assert!(run.stderr.contains("stopped by Ctrl-C"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("finish it with: slack-sessions resume {path}")), "{}", run.stderr);
    assert_eq!(org.fake.sessions().len() as u64, not_attempted + failed, "the sessions not attempted are still there");

    // `resume` finishes the job from its journal: the unconfirmed are confirmed by
    // listing, the rest ended, and no session is invalidated twice.
    let sent_before = org.fake.stats::<Invalidate>().calls;
    let run = org.run(&["resume", &path, "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    assert_eq!(document["done"].as_u64(), Some(unconfirmed + not_attempted + failed), "{document}");
    assert!(org.fake.sessions().is_empty());
    assert_eq!(org.fake.stats::<Invalidate>().calls - sent_before, not_attempted + failed);
    let entries = slack_admin_users_session::journal::read_journal(&journal.path).expect("the journal reads back");
    let mut finals = std::collections::BTreeMap::<i64, usize>::new();
    for entry in entries {
        if let slack_admin_users_session::journal::JournalEntry::Outcome(outcome) = entry {
            if outcome.outcome.is_final() {
                *finals.entry(outcome.session_id.expect("a session")).or_default() += 1;
            }
        }
    }
    assert_eq!(finals.len(), 60);
    assert!(finals.values().all(|n| *n == 1), "one final outcome per session: {finals:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_stops_a_job_and_stderr_still_accounts_for_every_target() {
    // Enough outcomes to fill the pipe, so that writing them fails once the reader has
    // gone: a sweep writes its outcomes as listings confirm them.
    let org = Org::at_scale(30.0).await;
    for n in 0..2_000 {
        org.session(&format!("U{n}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let mut child = org.spawn(&["sweep", "--mobile", "--yes", "--format", "jsonl"]);
    let first = head_1(&mut child).await;
    assert!(first.contains("\"outcome\":\"ended\""), "{first}");
    let run = wait(child).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stderr.matches("cannot write the output").count(), 1, "said once: {}", run.stderr);
    let summary = run.stderr.lines().find(|line| line.starts_with("sweep: 2000 targets: ")).expect("the summary");
    let count = |what: &str| -> usize {
        let at = summary.find(what).unwrap_or_else(|| panic!("{what} in {summary}"));
        summary[..at].rsplit([' ', ':']).find(|word| !word.is_empty()).and_then(|n| n.parse().ok()).expect("a count")
    };
    let (done, failed, not_attempted) = (count(" done"), count(" failed"), count(" not attempted"));
    assert_eq!(done + failed + not_attempted, 2_000, "{summary}");
    assert!(summary.contains(" 0 lost"), "{summary}");
    assert_eq!(org.fake.sessions().len(), 2_000 - done, "what was not reported done is still there");
}
