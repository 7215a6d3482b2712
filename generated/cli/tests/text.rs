//! What the tool says, said right: a closed pipe ends a read quietly, a journal that is
//! not one is named in words, counts of one are singular, each failure is said once,
//! "may have acted" only of a call that changes something, and resume advice only for
//! a job that has a journal.

use slack_admin_users_session::fake::{Device, Fault};
use slack_admin_users_session::{AdminUsersSessionListRequest as List, AdminUsersSessionResetBulkRequest as ResetBulk};

use crate::support::{head_1, wait, Org, TempFile};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_whose_reader_closes_the_pipe_ends_quietly_with_exit_0() {
    // Enough sessions to fill the pipe, so that writing fails once the reader has gone.
    let org = Org::new().await;
    for n in 0..3_000 {
        org.session(&format!("U{n:07}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    for format in ["jsonl", "table"] {
        let mut child = org.spawn(&["list", "--format", format]);
        let first = head_1(&mut child).await;
        assert!(!first.is_empty());
        let run = wait(child).await;
        assert_eq!(run.code, Some(0), "{format}: {run:?}");
        assert_eq!(run.stderr, "", "{format}: nothing on stderr");
    }
}

#[tokio::test]
async fn a_journal_line_that_is_not_one_is_named_in_words() {
    let org = Org::new().await;
    let garbage = TempFile::with("{not a journal\n");
    let run = org.run(&["resume", &garbage.path.display().to_string()]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("line 1 is not a journal line"), "{}", run.stderr);
    assert!(run.stderr.contains("one JSON record a line, as --journal writes them"), "{}", run.stderr);
    assert!(!run.stderr.contains("column"), "no parser's terms: {}", run.stderr);
    assert!(org.fake.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_count_of_one_is_singular() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    let run = org.run(&["sweep", "--mobile", "--dry-run"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("end 1 session of 1 user in 2 calls"), "{}", run.stderr);
    assert!(run.stderr.contains("list:              1 page,"), "{}", run.stderr);
    assert!(run.stderr.contains("1 call,"), "{}", run.stderr);
    assert!(run.stderr.contains("1 session of 1 user would be ended"), "{}", run.stderr);
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-"], "U0000001\n").await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("sign 1 user out of all their sessions in 1 call of resetBulk"), "{}", run.stderr);
    assert!(run.stderr.contains("reset-bulk: 1 target: 1 done"), "{}", run.stderr);
    // The reset and the one page of the listing that confirms it.
    assert!(run.stderr.contains("; 2 calls\n"), "{}", run.stderr);
    assert!(run.stderr.contains("confirming by listing that 1 user is signed out"), "{}", run.stderr);
    let run = org.run(&["list"]).await;
    assert!(run.stderr.contains("0 sessions of 0 users listed"), "{}", run.stderr);
    for plural in ["1 pages", "1 calls", "1 users", "1 sessions", "1 targets"] {
        assert!(!run.stderr.contains(plural), "{plural}: {}", run.stderr);
    }
}

#[tokio::test]
async fn a_refused_listing_is_said_once() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org.fake.fail::<List>(1, Fault::error("token_revoked"));
    let run = org.run(&["sweep", "--mobile"]).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert_eq!(run.stderr.matches("token_revoked").count(), 1, "{}", run.stderr);
    org.fake.fail::<List>(1, Fault::error("token_revoked"));
    let run = org.run(&["list"]).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert_eq!(run.stderr.matches("token_revoked").count(), 1, "{}", run.stderr);
}

#[tokio::test]
async fn a_failed_read_never_says_slack_may_have_acted() {
    let org = Org::new().await;
    org.fake.fail::<List>(1, Fault::Status(404));
    let run = org.run(&["list"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("404"), "{}", run.stderr);
    assert!(!run.stderr.contains("may have acted"), "{}", run.stderr);
}

#[tokio::test]
async fn resume_advice_names_the_journal_and_a_job_without_one_is_told_to_run_again() {
    let org = Org::new().await;
    // Three calls of resetBulk; Slack refuses the token at the first, which stops the
    // job with the other two calls' users not attempted.
    let users: String = (0..2_500).map(|n| format!("U{n:07}\n")).collect();
    org.fake.fail::<ResetBulk>(1, Fault::error("token_revoked"));
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "--yes"], &users).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains("run it again to finish it (it had no --journal"), "{}", run.stderr);
    assert!(!run.stderr.contains("slack-sessions resume"), "{}", run.stderr);
    let journal = TempFile::fresh();
    let path = journal.path.display().to_string();
    org.fake.fail::<ResetBulk>(1, Fault::error("token_revoked"));
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "--yes", "--journal", &path], &users).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains(&format!("finish it with: slack-sessions resume {path}")), "{}", run.stderr);
}
