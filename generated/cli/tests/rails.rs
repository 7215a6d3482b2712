//! The rails between a mistaken filter and a signed-out org: `--max-targets` and `--yes`,
//! `--reason` with the operator and the org in the journal and the summary, the
//! operator's and the protected users' sessions kept, and a saved plan applied exactly
//! as planned, on its own org only.

use serde_json::Value;
use slack_admin_users_session::fake::{Device, DEFAULT_ORG_ID};

use crate::support::{Org, TempFile};

/// The user the fake's default token belongs to (a token without an owner stands for
/// an org owner named after its label).
const OPERATOR: &str = "W0DEFAULT";

/// The calls of the fake's log that end sessions.
fn endings_sent(org: &Org) -> usize {
    let ending = ["admin.users.session.resetBulk", "admin.users.session.invalidate", "admin.users.session.reset"];
    org.fake.requests().iter().filter(|r| ending.contains(&r.method.as_str())).count()
}

/// `users` users with a phone session each on 203.0.113.0/24, IDs from 1.
fn seed(org: &Org, users: i64) {
    for n in 1..=users {
        org.session(&format!("U{n:07}"), n, Device::Mobile, "iOS", &format!("203.0.113.{}", n % 250));
    }
}

#[tokio::test]
async fn a_sweep_of_every_address_without_a_terminal_or_yes_shows_the_plan_ends_nothing_and_exits_2() {
    let org = Org::new().await;
    seed(&org, 150);
    let run = org.run(&["sweep", "--ip", "0.0.0.0/0", "--format", "json"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("sweep: plan: end 150 sessions of 150 users"), "{}", run.stderr);
    assert!(run.stderr.contains("150 sessions, more than --max-targets 100"), "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "it says how to go ahead: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(endings_sent(&org), 0, "{:?}", org.fake.requests());
    assert_eq!(org.fake.sessions().len(), 150);

    // The same holds for reset-bulk, counted in users, and a higher limit lets it by.
    let users: String = (1..=101).map(|n| format!("U{n:07}\n")).collect();
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-"], &users).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("101 users, more than --max-targets 100"), "{}", run.stderr);
    assert_eq!(endings_sent(&org), 0);
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "--max-targets", "101"], &users).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(endings_sent(&org), 1);
}

#[tokio::test]
async fn with_yes_and_a_reason_it_runs_records_who_and_why_and_keeps_the_operator_and_the_protected() {
    let org = Org::new().await;
    seed(&org, 120);
    org.session(OPERATOR, 1001, Device::Mobile, "iOS", "203.0.113.77");
    org.session(OPERATOR, 1002, Device::Desktop, "OS X", "198.51.100.1");
    org.session("U0BREAKGL", 1003, Device::Desktop, "OS X", "203.0.113.78");
    let protect = TempFile::with("\u{feff}# break-glass accounts\r\nU0BREAKGL\r\n");
    let journal = TempFile::fresh();
    let (protect_path, journal_path) = (protect.path.display().to_string(), journal.path.display().to_string());
    let args = ["sweep", "--ip", "0.0.0.0/0", "--yes", "--reason", "INC-1", "--protect", &protect_path];
    let run = org.run(&[&args[..], &["--journal", &journal_path, "--format", "json"]].concat()).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("kept:") && run.stderr.contains("3 matching sessions"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("U0BREAKGL, {OPERATOR}")), "{}", run.stderr);
    let document = run.json();
    assert_eq!((document["reason"].as_str(), document["operator"].as_str()), (Some("INC-1"), Some(OPERATOR)));
    assert_eq!(document["org"].as_str(), Some(DEFAULT_ORG_ID));
    assert_eq!((document["targets"].as_u64(), document["done"].as_u64()), (Some(120), Some(120)), "{document}");
    let job: Value = serde_json::from_str(
        std::fs::read_to_string(&journal.path).expect("the journal").lines().next().expect("a job line"),
    )
    .expect("JSON");
    assert_eq!(job["reason"], "INC-1", "{job}");
    assert_eq!(job["operator"], OPERATOR, "{job}");
    assert_eq!(job["org"], DEFAULT_ORG_ID, "{job}");
    assert!(job["tool"].as_str().is_some_and(|tool| tool.starts_with("slack-sessions ")), "{job}");
    assert_eq!(org.session_ids(), [1001, 1002, 1003], "the operator's and the protected user's sessions survive");
}

#[tokio::test]
async fn include_self_lets_a_sweep_end_the_operators_sessions() {
    let org = Org::new().await;
    org.session(OPERATOR, 1, Device::Mobile, "iOS", "203.0.113.7");
    org.session("U0000002", 2, Device::Mobile, "iOS", "203.0.113.8");
    let run = org.run(&["sweep", "--ip", "203.0.113.0/24"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(org.session_ids(), [1]);
    let run = org.run(&["sweep", "--ip", "203.0.113.0/24", "--include-self"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(org.fake.sessions().is_empty());
}

#[tokio::test]
async fn a_saved_plan_applied_ends_exactly_the_planned_sessions_and_none_opened_since() {
    let org = Org::new().await;
    seed(&org, 5);
    org.session("U0000006", 6, Device::Mobile, "iOS", "198.51.100.6");
    let plan = TempFile::fresh();
    let plan_path = plan.path.display().to_string();
    let run = org.run(&["sweep", "--ip", "203.0.113.0/24", "--plan-out", &plan_path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("the plan is saved in"), "{}", run.stderr);
    assert_eq!(endings_sent(&org), 0, "writing a plan ends nothing");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&plan.path).expect("the plan")).expect("JSON");
    assert_eq!(saved["targets"].as_array().map(Vec::len), Some(5), "{saved}");

    // Matching sessions opened after the plan was written: one of a planned user, one
    // of a new user. A refused apply (over its limit) sends nothing that ends anything.
    org.session("U0000001", 7, Device::Desktop, "OS X", "203.0.113.1");
    org.session("U0000008", 8, Device::Mobile, "iOS", "203.0.113.8");
    let run = org.run(&["apply", &plan_path, "--max-targets", "4"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("5 sessions, more than --max-targets 4"), "{}", run.stderr);
    assert_eq!(endings_sent(&org), 0);

    let run = org.run(&["apply", &plan_path, "--yes", "--reason", "INC-2", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    assert_eq!((document["job"].as_str(), document["done"].as_u64()), (Some("apply"), Some(5)), "{document}");
    assert_eq!(document["reason"], "INC-2");
    let mut ended: Vec<i64> =
        document["outcomes"].as_array().expect("outcomes").iter().filter_map(|o| o["session_id"].as_i64()).collect();
    ended.sort();
    assert_eq!(ended, [1, 2, 3, 4, 5]);
    assert_eq!(org.session_ids(), [6, 7, 8], "the sessions opened since, and the one outside, survive");
}

#[tokio::test]
async fn a_plan_made_for_another_org_is_refused_and_nothing_is_sent_there() {
    let (first, second) = (Org::of_org("E0ORGFIRST").await, Org::of_org("E0ORGSECOND").await);
    seed(&first, 3);
    seed(&second, 3);
    let plan = TempFile::fresh();
    let plan_path = plan.path.display().to_string();
    let run = first.run(&["sweep", "--mobile", "--plan-out", &plan_path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let run = second.run(&["apply", &plan_path, "--yes"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("made for organization E0ORGFIRST, and this token belongs to organization E0ORGSECOND"),
        "{}",
        run.stderr
    );
    let methods: Vec<String> = second.fake.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["auth.test"], "only the question of whose token it is");
    assert_eq!(second.fake.sessions().len(), 3);
}

#[tokio::test]
async fn a_journal_resumed_with_another_orgs_token_or_another_operators_is_refused_and_nothing_is_sent() {
    let first = Org::of_org("E0ORGFIRST").await;
    seed(&first, 3);
    let journal = TempFile::fresh();
    let path = journal.path.display().to_string();
    let run = first.run(&["sweep", "--mobile", "--journal", &path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    // Another org: the fake of another organization, with the same token text.
    let second = Org::of_org("E0ORGSECOND").await;
    seed(&second, 3);
    let run = second.run(&["resume", &path]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("organization E0ORGFIRST") && run.stderr.contains("nothing was sent"),
        "{}",
        run.stderr
    );
    let methods: Vec<String> = second.fake.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["auth.test"]);
    // Another operator of the same org: a token of a user of its own.
    let other = Org::with_token_owner("E0ORGFIRST", "W0COLLEAGUE").await;
    seed(&other, 3);
    let run = other.run(&["resume", &path]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("made by user W0DEFAULT") && run.stderr.contains("W0COLLEAGUE"), "{}", run.stderr);
    assert_eq!(other.fake.requests().len(), 1);
    assert_eq!(other.fake.sessions().len(), 3);
}

/// Runs the tool on a pseudo-terminal through util-linux's `script`, with `answer` typed
/// at it; `None` where `script` is not installed.
async fn on_a_terminal(org: &Org, args: &[&str], answer: &str) -> Option<crate::support::Run> {
    let which = std::process::Command::new("script").arg("--version").output();
    if !which.is_ok_and(|output| output.status.success()) {
        eprintln!("no util-linux `script` here: the terminal confirmation is checked by the rails unit tests only");
        return None;
    }
    let words: Vec<String> = std::iter::once(crate::support::BIN.to_owned())
        .chain(args.iter().map(|arg| arg.to_string()))
        .chain(org.connection())
        .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
        .collect();
    let mut command = std::process::Command::new("script");
    command.args(["-qec", &words.join(" "), "/dev/null"]).env_remove("SLACK_ADMIN_TOKEN");
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("script starts");
    let mut input = child.stdin.take().expect("a stdin pipe");
    std::io::Write::write_all(&mut input, answer.as_bytes()).expect("the answer is typed");
    let run = crate::support::wait(child).await;
    drop(input);
    Some(run)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_terminal_the_number_of_targets_typed_confirms_and_anything_else_stops() {
    let org = Org::new().await;
    seed(&org, 120);
    let Some(run) = on_a_terminal(&org, &["sweep", "--ip", "0.0.0.0/0"], "y\n").await else { return };
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stdout.contains("Type 120 to go ahead"), "the prompt, on the terminal: {}", run.stdout);
    assert!(run.stdout.contains("not confirmed; nothing was changed"), "{}", run.stdout);
    assert_eq!(endings_sent(&org), 0);

    let Some(run) = on_a_terminal(&org, &["sweep", "--ip", "0.0.0.0/0"], "120\n").await else { return };
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(org.fake.sessions().is_empty(), "{run:?}");
}
