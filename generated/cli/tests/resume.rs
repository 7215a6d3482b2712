//! `resume` on the paths incidents take: a sweep killed with SIGKILL, a token revoked
//! mid-run and replaced, two processes on one journal, another org's token, and a token
//! Slack refuses. The fake's log and state are the truth.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use slack_admin_users_session::fake::{Device, FakeSlack, FakeToken, Role};
use slack_admin_users_session::journal::{read_journal, JournalEntry};

use crate::support::{tool, wait, Org, TempFile};

/// The sweep every test here runs: the sessions seen from the incident network.
const SWEEP: [&str; 5] = ["sweep", "--ip", "203.0.113.0/24", "--yes", "--whole-user-resets"];

/// A fresh journal path.
fn journal() -> TempFile {
    let file = TempFile::with("");
    std::fs::remove_file(&file.path).expect("no journal yet");
    file
}

/// An org of `users` users with a desktop session in the network each (ID = n), the
/// primary owner with two more there, and one session outside it.
async fn incident(scale: f64, users: i64) -> Org {
    let org = Org::at_scale(scale).await;
    for n in 1..=users {
        org.session(&format!("U{n:07}"), n, Device::Desktop, "Windows", "203.0.113.7");
    }
    org.fake.add_user_with_role("U9999999", Role::PrimaryOwner);
    org.session("U9999999", 9_001, Device::Desktop, "Windows", "203.0.113.8");
    org.session("U9999999", 9_002, Device::Mobile, "iOS", "203.0.113.8");
    org.session("U0000001", 5_000, Device::Desktop, "Windows", "198.51.100.1");
    org
}

fn left(org: &Org) -> BTreeSet<i64> {
    org.fake.sessions().iter().map(|session| session.session_id).collect()
}

/// Session IDs that more than one accepted `invalidate` named.
fn invalidated_twice(org: &Org) -> Vec<i64> {
    let mut seen = BTreeSet::new();
    let calls = org.fake.requests().into_iter().filter(|r| r.method.ends_with("invalidate") && r.status == 200);
    calls.filter_map(|r| r.args["session_id"].as_i64()).filter(|id| !seen.insert(*id)).collect()
}

#[tokio::test]
async fn a_sweep_killed_and_resumed_reports_every_target_and_the_refused_ones_by_name() {
    let org = incident(60.0, 40).await;
    let journal = journal();
    let path = journal.path.display().to_string();
    let mut args = SWEEP.to_vec();
    args.extend(["--journal", &path]);
    let mut child = org.spawn(&args);
    tokio::time::sleep(Duration::from_millis(700)).await;
    child.kill().expect("SIGKILL");
    let _ = wait(child).await;
    let run = org.run(&["resume", &path, "--format", "json"]).await;
    let document = run.json();
    let rows = document["outcomes"].as_array().expect("outcomes").clone();
    let ids: BTreeSet<i64> = rows.iter().filter_map(|row| row["session_id"].as_i64()).collect();
    let planned: BTreeSet<i64> = (1..=40).chain([9_001, 9_002]).collect();
    assert_eq!(ids, planned, "the report covers every target of the job, not one run: {document}");
    let owner: Vec<_> = rows.iter().filter(|row| row["user_id"] == "U9999999").collect();
    assert!(owner.iter().all(|row| row["outcome"] == "refused" && row["error_code"].is_string()), "{owner:?}");
    assert_eq!(left(&org), BTreeSet::from([5_000, 9_001, 9_002]), "everything else in the network is gone");
    assert_eq!(run.code, Some(0), "every session gone or refused by Slack with a reason: {run:?}");
    assert!(invalidated_twice(&org).is_empty());
}

#[tokio::test]
async fn a_second_resume_of_the_same_journal_exits_2_at_once_and_nothing_is_sent_twice() {
    // An invalidate a session, 100 ms apart at this scale: the job takes seconds.
    let org = incident(30.0, 40).await;
    let journal = journal();
    let path = journal.path.display().to_string();
    let args = ["sweep", "--ip", "203.0.113.0/24", "--yes", "--journal", &path];
    let mut child = org.spawn(&args);
    tokio::time::sleep(Duration::from_millis(800)).await;
    child.kill().expect("SIGKILL");
    let _ = wait(child).await;
    let first = org.spawn(&["resume", &path]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let second = org.run(&["resume", &path]).await;
    assert!(started.elapsed() < Duration::from_secs(1), "the second resume gave up at once");
    assert_eq!(second.code, Some(2), "{second:?}");
    assert!(second.stderr.contains("in use by pid"), "the holder is named: {}", second.stderr);
    let first = wait(first).await;
    assert_eq!(first.code, Some(0), "{first:?}");
    assert!(invalidated_twice(&org).is_empty(), "no session was invalidated twice");
}

#[tokio::test]
async fn a_journal_resumed_with_another_orgs_or_operators_token_is_refused_with_nothing_sent() {
    let org = incident(600.0, 3).await;
    let journal = journal();
    let path = journal.path.display().to_string();
    let mut args = SWEEP.to_vec();
    args.extend(["--journal", &path]);
    let first = org.run(&args).await;
    assert_eq!(first.code, Some(0), "{first:?}");
    let job = match read_journal(&journal.path).expect("a journal").first() {
        Some(JournalEntry::Job(job)) => job.clone(),
        other => panic!("no job line: {other:?}"),
    };
    assert!(job.operator.is_some() && job.org.is_some(), "the job line records whose job it is: {job:?}");
    // Another organization: a second fake with an org ID of its own.
    let other = FakeSlack::builder().time_scale(600.0).org_id("E0OTHER01").start().await.expect("another org");
    let token = TempFile::with(slack_admin_users_session::fake::DEFAULT_TOKEN);
    let mut command = tool(&["resume", &path]);
    command.args(["--base-url", &other.url(), "--token-file", &token.path.display().to_string()]);
    let run = crate::support::output(command).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("organization"), "{}", run.stderr);
    let sent: Vec<_> = other.requests().into_iter().filter(|r| r.method != "auth.test").collect();
    assert!(sent.is_empty(), "nothing but auth.test reached the other org: {sent:?}");
    // The same organization, another operator.
    let second = FakeSlack::builder()
        .time_scale(600.0)
        .token_with(FakeToken::new("someone else", "xoxp-someone-else").owner("U0SOMEONE", Role::Admin))
        .start()
        .await
        .expect("the same org, another admin");
    let token = TempFile::with("xoxp-someone-else");
    let mut command = tool(&["resume", &path]);
    command.args(["--base-url", &second.url(), "--token-file", &token.path.display().to_string()]);
    let run = crate::support::output(command).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("made by user"), "{}", run.stderr);
    assert!(second.requests().iter().all(|r| r.method == "auth.test"));
}

/// The tool pointed at `fake` with the token in `token_file`, on the fake's clock.
fn with_token(fake: &FakeSlack, token_file: &TempFile, args: &[&str]) -> std::process::Command {
    let mut command = tool(args);
    let scale = fake.time_scale().to_string();
    command.args(["--base-url", &fake.url(), "--token-file", &token_file.path.display().to_string()]);
    command.args(["--time-scale", &scale]);
    command
}

#[tokio::test]
async fn a_sweep_whose_token_was_revoked_midway_is_finished_by_a_resume_with_a_new_token() {
    // Two tokens of the same admin: the first is revoked during the run, the second
    // resumes it. The operator and the organization are the same, so the resume may go on.
    let fake = FakeSlack::builder()
        .time_scale(30.0)
        .token_with(FakeToken::new("first", "xoxp-first").owner("W0ADMIN01", Role::Admin))
        .token_with(FakeToken::new("second", "xoxp-second").owner("W0ADMIN01", Role::Admin))
        .start()
        .await
        .expect("the fake starts");
    fake.add_user_with_role("W0ADMIN01", Role::Admin);
    for n in 1..=30_i64 {
        let mut client = slack_admin_users_session::SessionClient::new();
        client.ip = Some("203.0.113.7".to_owned());
        let mut session = slack_admin_users_session::ActiveSession::new(format!("U{n:07}"), "E0000001", n);
        session.created = Some(client);
        fake.add_session(Device::Desktop, session);
    }
    let (first, second) = (TempFile::with("xoxp-first"), TempFile::with("xoxp-second"));
    let journal = journal();
    let path = journal.path.display().to_string();
    let args = ["sweep", "--ip", "203.0.113.0/24", "--yes", "--journal", &path, "--format", "json"];
    let mut command = with_token(&fake, &first, &args);
    command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let child = command.spawn().expect("the sweep starts");
    tokio::time::sleep(Duration::from_millis(600)).await;
    fake.revoke_token("first");
    let cut = wait(child).await;
    assert_eq!(cut.code, Some(3), "a revoked token ends the run as refused: {cut:?}");
    assert!(!fake.sessions().is_empty(), "the run was cut short");
    let run = crate::support::output(with_token(&fake, &second, &["resume", &path, "--format", "json"])).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    let ids: BTreeSet<i64> = document["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .filter_map(|row| row["session_id"].as_i64())
        .collect();
    assert_eq!(ids, (1..=30).collect(), "every target of the job is in the report");
    assert!(fake.sessions().is_empty(), "every session in the network is gone");
    let mut seen = BTreeSet::new();
    let twice: Vec<i64> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method.ends_with("invalidate") && r.status == 200 && r.token.as_deref() == Some("second"))
        .filter_map(|r| r.args["session_id"].as_i64())
        .filter(|id| !seen.insert(*id))
        .collect();
    assert!(twice.is_empty(), "the resume invalidated no session twice: {twice:?}");
}
