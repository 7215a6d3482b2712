//! Stopping mid-job: Ctrl-C in the middle of a sweep (the calls on their way finish, the
//! rest are reported not attempted, the exit code is 130, and a second sweep ends the
//! rest), and a reader that closes stdout early, which stops the job the same way.

use std::io::BufRead;
use std::process::Command;
use std::time::Duration;

use slack_admin_users_session::fake::Device;
use slack_admin_users_session::AdminUsersSessionInvalidateRequest as Invalidate;

use crate::support::{wait, Org};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_a_sweep_cleanly_and_a_second_sweep_ends_the_rest() {
    // A slow clock: 20 invalidations a minute at 30x is one every 100 ms, so a sweep of
    // 60 sessions takes about six seconds, and Ctrl-C lands in the middle of it.
    let org = Org::at_scale(30.0).await;
    for n in 0..60 {
        org.session(&format!("U{n}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let child = org.spawn(&["sweep", "--mobile", "--format", "json"]);
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
    let (done, failed, not_attempted) =
        (document["done"].as_u64(), document["failed"].as_u64(), document["not_attempted"].as_u64());
    let (done, failed, not_attempted) =
        (done.expect("done"), failed.expect("failed"), not_attempted.expect("not attempted"));
    assert!(not_attempted > 0, "{document}");
    assert_eq!(done + failed + not_attempted, 60, "every session in one outcome: {document}");
    assert_eq!(document["lost"], 0);
    assert_eq!(document["outcomes"].as_array().map(Vec::len), Some(60));
    assert!(run.stderr.contains("stopped by Ctrl-C"), "{}", run.stderr);
    assert!(run.stderr.contains("not attempted"), "{}", run.stderr);
    let left = org.fake.sessions().len() as u64;
    assert_eq!(left, not_attempted + failed, "the sessions not attempted are still there");

    // Running the sweep again ends exactly the rest.
    let run = org.run(&["sweep", "--mobile", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json()["done"].as_u64(), Some(left));
    assert!(org.fake.sessions().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_stops_a_job_and_stderr_still_accounts_for_every_target() {
    let org = Org::at_scale(30.0).await;
    for n in 0..40 {
        org.session(&format!("U{n}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let mut child = org.spawn(&["sweep", "--mobile", "--format", "jsonl"]);
    let stdout = child.stdout.take().expect("a stdout pipe");
    // Read one outcome, as `head -n 1` would, then close the pipe.
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("the reader runs")
    .expect("a line");
    assert!(first.contains("\"outcome\":\"ended\""), "{first}");
    let run = wait(child).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("cannot write the output"), "{}", run.stderr);
    let summary = run.stderr.lines().find(|line| line.starts_with("sweep: 40 targets: ")).expect("the summary");
    let count = |what: &str| -> usize {
        let at = summary.find(what).unwrap_or_else(|| panic!("{what} in {summary}"));
        summary[..at].rsplit([' ', ':']).find(|word| !word.is_empty()).and_then(|n| n.parse().ok()).expect("a count")
    };
    let (done, failed, not_attempted) = (count(" done"), count(" failed"), count(" not attempted"));
    assert!(not_attempted > 0, "{summary}");
    assert_eq!(done + failed + not_attempted, 40, "{summary}");
    assert!(summary.contains(" 0 lost"), "{summary}");
    assert_eq!(org.fake.sessions().len(), 40 - done, "what was not reported done is still there");
}
