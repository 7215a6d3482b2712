//! `-v`, `-vv`, `-q` and `RUST_LOG`: how much the tool says on stderr, with the token in
//! none of it.

use slack_admin_users_session::fake::{Device, DEFAULT_TOKEN};

use crate::support::Org;

/// An org with three users' sessions on one network.
async fn org() -> Org {
    let org = Org::new().await;
    for n in 1..4 {
        org.session(&format!("U{n:07}"), n, Device::Mobile, "iOS", "203.0.113.5");
    }
    org
}

/// The lines of `stderr` that report a call.
fn call_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|line| line.starts_with("call ")).collect()
}

#[tokio::test]
async fn verbose_prints_one_line_per_call_with_its_method_and_request_id_and_never_the_token() {
    let org = org().await;
    let run = org.run(&["sweep", "--mobile", "--yes", "-v"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    // Calls to different methods may go out side by side, so the lines are compared
    // with the fake's log as sets of methods, not in order.
    let mut sent: Vec<String> = org.fake.requests().into_iter().map(|request| request.method).collect();
    let lines = call_lines(&run.stderr);
    for line in &lines {
        assert!(line.contains(" request_id=fake-req-"), "Slack's request ID in {line}");
    }
    let mut logged: Vec<String> =
        lines.iter().filter_map(|line| line.split_whitespace().nth(1)).map(str::to_owned).collect();
    sent.sort();
    logged.sort();
    assert_eq!(logged, sent, "one line per call: {}", run.stderr);
    assert!(run.stderr.contains("sweep: plan:"), "the notes stay: {}", run.stderr);
    for args in [&["list", "-v"][..], &["list", "-vv"], &["list", "-vvv"]] {
        let run = org.run(args).await;
        assert_eq!(run.code, Some(0), "{run:?}");
        assert!(!run.stderr.contains(DEFAULT_TOKEN), "{args:?}: the token in {}", run.stderr);
        assert_eq!(call_lines(&run.stderr).len(), 1, "{args:?}: {}", run.stderr);
    }
    let run = org.run(&["list", "-vv"]).await;
    assert!(run.stderr.contains("Slack answered"), "the library's debug events: {}", run.stderr);
}

#[tokio::test]
async fn quiet_prints_nothing_when_all_goes_well_and_the_failure_when_not() {
    let org = org().await;
    let runs: [&[&str]; 4] = [
        &["list", "-q"],
        &["sweep", "--mobile", "--dry-run", "-q"],
        &["settings", "get", "U0000001", "--quiet"],
        &["sweep", "--mobile", "--yes", "-q"],
    ];
    for args in runs {
        let run = org.run(args).await;
        assert_eq!(run.code, Some(0), "{args:?}: {run:?}");
        assert_eq!(run.stderr, "", "{args:?}: nothing on stderr");
    }
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "-q"], "U0000001\n").await;
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "{run:?}");
    let run = org.run(&["reset", "U0NOBODY1", "-q"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("user_not_found"), "the failure is said: {}", run.stderr);
    let run = org.run(&["list", "-q", "-v"]).await;
    assert_eq!(run.code, Some(2), "-q and -v conflict: {run:?}");
}

#[tokio::test]
async fn rust_log_is_honoured() {
    let org = org().await;
    let mut command = crate::support::tool(&["list"]);
    command.args(org.connection()).env("RUST_LOG", "slack_admin_users_session=debug");
    let run = crate::support::output(command).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("Slack answered"), "{}", run.stderr);
    assert!(!run.stderr.contains(DEFAULT_TOKEN), "{}", run.stderr);
}
