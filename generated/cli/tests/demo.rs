//! `demo`: a sweep against a fake Slack the tool starts itself, with no token; built
//! only with the package's `demo` feature, which builds the fake Slack into the tool.

use serde_json::json;

use crate::support::{output, summary, tool};

#[tokio::test]
async fn the_demo_needs_no_token_and_refuses_a_nonsense_size() {
    let run = output(tool(&["demo", "--users", "0"])).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--users takes at least 1"), "{}", run.stderr);
}

#[tokio::test]
async fn the_demo_plans_sweeps_and_confirms_a_seeded_fake_and_accounts_for_every_target() {
    let run = output(tool(&["demo", "--users", "40", "--format", "json"])).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    // 20 users with both sessions in the network (one reset), 20 with their desktop
    // only (20 invalidations); the fake saw those, one list page, and one to confirm.
    assert_eq!(
        summary(&document),
        json!({"job": "sweep", "targets": 60, "done": 60, "failed": 0, "not_attempted": 0, "unconfirmed": 0,
               "lost": 0, "calls": 23, "interrupted": false})
    );
    assert_eq!(document["outcomes"].as_array().map(Vec::len), Some(60));
    assert!(document["allowance_used"].as_f64().is_some_and(|share| share > 0.5), "{document}");
    assert!(run.stderr.contains("plan: end 60 sessions of 40 users in 22 calls"), "{}", run.stderr);
    assert!(run.stderr.contains("confirmed by listing: 60 sessions ended, 0 still active"), "{}", run.stderr);
    assert!(run.stderr.contains("20 sessions left, 20 of them outside 203.0.113.0/24 and kept"), "{}", run.stderr);
    // stderr is a pipe here, so no progress bar is drawn: no escape codes, no carriage returns.
    assert!(!run.stderr.contains(['\u{1b}', '\r']), "{:?}", run.stderr);
}

#[tokio::test]
async fn the_demo_with_faults_reports_the_failures_and_exits_1() {
    let args = ["demo", "--users", "30", "--faults", "--speed", "600", "--format", "jsonl"];
    let run = output(tool(&args)).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 45, "one outcome per session in the network");
    let failed = lines.iter().filter(|line| line["outcome"] == "failed").count();
    assert!(failed >= 3, "the injected faults fail some calls: {lines:?}");
    assert!(run.stderr.contains(&format!("{failed} failed")), "{}", run.stderr);
}
