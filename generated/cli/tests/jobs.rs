//! The subcommands that change something: each one's effect on the fake, its outcome
//! rows and summary in each format, and its exit code.

use serde_json::{json, Value};
use slack_admin_users_session::fake::Device;

use crate::support::{summary, Org, TempFile};

#[tokio::test]
async fn reset_signs_one_user_out_of_their_mobile_sessions() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org.session("U0000001", 2, Device::Desktop, "OS X", "203.0.113.5");
    let run = org.run(&["reset", "U0000001", "--mobile-only", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    assert_eq!(
        summary(&document),
        json!({"job": "reset", "targets": 1, "done": 1, "failed": 0, "not_attempted": 0, "unconfirmed": 0, "lost": 0,
               "calls": 1, "interrupted": false})
    );
    assert_eq!(document["outcomes"][0]["user_id"], "U0000001");
    assert_eq!(document["outcomes"][0]["outcome"], "done");
    assert_eq!(org.session_ids(), [2], "the desktop session is kept");
    assert!(run.stderr.contains("reset: 1 target: 1 done"), "{}", run.stderr);
}

#[tokio::test]
async fn reset_bulk_from_a_file_reports_every_user_and_isolates_an_unknown_one() {
    let org = Org::new().await;
    for n in 0..5 {
        org.session(&format!("U{n:07}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let file = TempFile::with(
        "# the compromised accounts\nU0000000\nU0000001, U0000002\nU0000404\nU0000003 U0000004\nU0000000\n",
    );
    let path = file.path.display().to_string();
    let run = org.run(&["reset-bulk", "--from", &path, "--format", "csv"]).await;
    assert_eq!(run.code, Some(1), "one user failed: {run:?}");
    let (header, records) = run.csv();
    assert_eq!(header, ["user_id", "outcome", "error_code", "may_have_taken_effect", "error"]);
    let outcome = |user: &str| {
        let record = records.iter().find(|r| &r[0] == user).unwrap_or_else(|| panic!("{user} has no outcome"));
        (record[1].to_owned(), record[2].to_owned())
    };
    assert_eq!(records.len(), 6, "each distinct user once: {records:?}");
    for user in ["U0000000", "U0000001", "U0000002", "U0000003", "U0000004"] {
        assert_eq!(outcome(user), ("done".to_owned(), String::new()));
    }
    assert_eq!(outcome("U0000404"), ("failed".to_owned(), "user_not_found".to_owned()));
    assert!(run.stderr.contains("user_not_found"), "{}", run.stderr);
    assert!(run.stderr.contains("6 targets: 5 done, 1 failed, 0 not attempted, 0 lost"), "{}", run.stderr);
    org.fake.run_jobs_now();
    assert!(org.fake.sessions().is_empty(), "the five users were signed out");
}

#[tokio::test]
async fn reset_bulk_reads_stdin_and_writes_json_lines() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org.session("U0000002", 2, Device::Desktop, "OS X", "203.0.113.5");
    let run = org
        .run_with_stdin(&["reset-bulk", "--from", "-", "--web-only", "--format", "jsonl"], "U0000001\nU0000002\n")
        .await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|line| line["outcome"] == "done" && line["error"].is_null()), "{lines:?}");
    let calls = org.fake.stats::<slack_admin_users_session::AdminUsersSessionResetBulkRequest>().calls;
    assert_eq!(calls, 1, "one call of resetBulk for both");
}

#[tokio::test]
async fn invalidate_ends_one_session_and_refuses_an_unknown_one() {
    let org = Org::new().await;
    org.session("U0000001", 77, Device::Mobile, "iOS", "203.0.113.5");
    org.session("U0000001", 78, Device::Desktop, "OS X", "203.0.113.5");
    let run = org.run(&["invalidate", "77", "--user", "U0000001", "--format", "jsonl"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["session_id"], 77);
    assert_eq!(lines[0]["outcome"], "ended");
    assert_eq!(org.session_ids(), [78]);

    let run = org.run(&["invalidate", "77", "--user", "U0000001"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("session_not_found"), "{}", run.stderr);
    let row: Vec<&str> = run.stdout.lines().nth(1).expect("a row").split_whitespace().collect();
    assert_eq!(row[..5], ["77", "U0000001", "failed", "session_not_found", "false"]);
}

#[tokio::test]
async fn a_sweep_ends_the_matches_and_reports_each_in_one_json_document() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org.session("U0000001", 2, Device::Desktop, "OS X", "203.0.113.5");
    org.session("U0000002", 3, Device::Mobile, "Android", "198.51.100.7");
    org.session("U0000003", 4, Device::Mobile, "iOS", "203.0.113.200");
    // An address filter gets no reset by default: one page listed to plan, two
    // invalidations, and one page listed to confirm them.
    let run = org.run(&["sweep", "--ip", "203.0.113.0/24", "--mobile", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    assert_eq!(
        summary(&document),
        json!({"job": "sweep", "targets": 2, "done": 2, "failed": 0, "not_attempted": 0, "unconfirmed": 0, "lost": 0,
               "calls": 4, "interrupted": false})
    );
    let mut ended: Vec<i64> = document["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .inspect(|outcome| assert_eq!(outcome["outcome"], "ended"))
        .map(|outcome| outcome["session_id"].as_i64().expect("an ID"))
        .collect();
    ended.sort();
    assert_eq!(ended, [1, 4]);
    assert_eq!(org.session_ids(), [2, 3]);
}

#[tokio::test]
async fn a_sweep_as_csv_and_table_has_a_row_per_session() {
    let org = Org::new().await;
    for n in 0..3 {
        org.session("U0000001", n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let run = org.run(&["sweep", "--user", "U0000001", "--os", "ios", "--format", "csv"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let (header, records) = run.csv();
    assert_eq!(header, ["session_id", "user_id", "team_id", "outcome", "error_code", "may_have_taken_effect", "error"]);
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| &r[3] == "ended" && &r[5] == "false"), "{records:?}");

    org.session("U0000001", 9, Device::Mobile, "iOS", "203.0.113.5");
    let run = org.run(&["sweep", "--device", "iphone"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(|line| line.split_whitespace().collect()).collect();
    assert_eq!(rows[0][..4], ["session_id", "user_id", "team_id", "outcome"]);
    assert_eq!(rows[1..], [vec!["9", "U0000001", "E0000001", "ended", "false"]]);
}

#[tokio::test]
async fn settings_set_and_clear_change_every_user() {
    let org = Org::new().await;
    for user in ["U0000001", "U0000002"] {
        org.fake.add_user(user);
    }
    let args = ["settings", "set", "U0000001", "U0000002", "--duration", "28800", "--desktop-app-browser-quit", "true"];
    let run = org.run(&[&args[..], &["--format", "json"]].concat()).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(summary(&run.json())["done"], 2);
    for user in ["U0000001", "U0000002"] {
        let settings = org.fake.settings(user).expect("settings");
        assert_eq!((settings.duration, settings.desktop_app_browser_quit), (Some(28_800), Some(true)));
    }

    let run = org.run(&["settings", "clear", "U0000001", "--format", "jsonl"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.json_lines(),
        [json!({"schema_version": 1, "user_id": "U0000001", "outcome": "done", "error_code": null, "error": null,
                                          "may_have_taken_effect": false})]
    );
    assert_eq!(org.fake.settings("U0000001"), None);
    assert!(org.fake.settings("U0000002").is_some());
}

#[tokio::test]
async fn settings_set_needs_a_setting() {
    let org = Org::new().await;
    let run = org.run(&["settings", "set", "U0000001"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--duration"), "{}", run.stderr);
}

#[tokio::test]
async fn a_jobs_outcomes_read_the_same_in_every_format() {
    let org = Org::new().await;
    for user in ["U0000001", "U0000002"] {
        org.fake.add_user(user);
    }
    let args = ["settings", "set", "U0000002", "U0000404", "U0000001", "--duration", "3600", "--format"];
    let mut read = Vec::new();
    for format in ["table", "json", "jsonl", "csv"] {
        let run = org.run(&[&args[..], &[format]].concat()).await;
        assert_eq!(run.code, Some(1), "U0000404 fails in {format}: {run:?}");
        let mut outcomes: Vec<(String, String, String)> = match format {
            "table" => run
                .stdout
                .lines()
                .skip(1)
                .map(|line| {
                    let cells: Vec<&str> = line.split_whitespace().collect();
                    let code = if cells[1] == "failed" { cells[2] } else { "" };
                    (cells[0].to_owned(), cells[1].to_owned(), code.to_owned())
                })
                .collect(),
            "csv" => run.csv().1.iter().map(|r| (r[0].to_owned(), r[1].to_owned(), r[2].to_owned())).collect(),
            _ => {
                let rows =
                    if format == "json" { run.json()["outcomes"].as_array().cloned() } else { Some(run.json_lines()) };
                let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
                rows.expect("outcomes")
                    .iter()
                    .map(|row| (text(&row["user_id"]), text(&row["outcome"]), text(&row["error_code"])))
                    .collect()
            }
        };
        outcomes.sort();
        read.push(outcomes);
    }
    let expected = [("U0000001", "done", ""), ("U0000002", "done", ""), ("U0000404", "failed", "user_not_found")]
        .map(|(user, outcome, code)| (user.to_owned(), outcome.to_owned(), code.to_owned()));
    for outcomes in read {
        assert_eq!(outcomes, expected);
    }
}

#[tokio::test]
async fn a_journaled_reset_bulk_cut_short_after_its_call_went_out_is_resumed_to_the_end() {
    let org = Org::new().await;
    for n in 0..5 {
        org.session(&format!("U{n:07}"), n + 1, Device::Mobile, "iOS", "203.0.113.5");
    }
    let users = TempFile::with("U0000000 U0000001 U0000002 U0000003 U0000004\n");
    let journal = TempFile::fresh();
    let (users_path, journal_path) = (users.path.display().to_string(), journal.path.display().to_string());
    let run = org.run(&["reset-bulk", "--from", &users_path, "--mobile-only", "--journal", &journal_path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    // As if the process had died right after sending its call: the journal ends with
    // the `sent` line, so the call may or may not have acted.
    let text = std::fs::read_to_string(&journal.path).expect("the journal");
    let cut: Vec<&str> = text.lines().take_while(|line| !line.contains("\"type\":\"answered\"")).collect();
    assert!(cut.last().is_some_and(|line| line.contains("\"type\":\"sent\"")), "{text}");
    std::fs::write(&journal.path, cut.join("\n") + "\n").expect("the cut journal");
    let run = org.run(&["resume", &journal_path, "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("resume: 5 of 5 users left"), "{}", run.stderr);
    let document = run.json();
    assert_eq!((document["targets"].as_u64(), document["done"].as_u64()), (Some(5), Some(5)), "{document}");
    let resets: Vec<_> = org.fake.requests().into_iter().filter(|r| r.method.ends_with("resetBulk")).collect();
    assert_eq!(resets.len(), 2, "resetBulk is idempotent, so the call that may have acted is sent again");
    assert!(resets.iter().all(|r| r.args["mobile_only"] == true), "with the first run's arguments");
    // Resuming a finished job sends nothing.
    let run = org.run(&["resume", &journal_path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("resume: 0 of 5 users left"), "{}", run.stderr);
    assert_eq!(org.fake.requests().iter().filter(|r| r.method.ends_with("resetBulk")).count(), 2);
}

#[tokio::test]
async fn settings_set_with_a_journal_resumes_with_its_settings() {
    let org = Org::new().await;
    for user in ["U0000001", "U0000002"] {
        org.fake.add_user(user);
    }
    let journal = TempFile::fresh();
    let path = journal.path.display().to_string();
    let run = org.run(&["settings", "set", "U0000001", "U0000002", "--duration", "28800", "--journal", &path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let text = std::fs::read_to_string(&journal.path).expect("the journal");
    assert!(text.starts_with(r#"{"type":"job","version":2,"job":"batched""#), "{text}");
    assert!(text.contains(r#""arguments":{"duration":"28800"}"#), "{text}");
    let run = org.run(&["resume", &path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("resume: 0 of 2 users left"), "{}", run.stderr);
}

#[tokio::test]
async fn a_sweep_without_a_filter_needs_all_and_a_dry_run_leaves_no_journal() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org.session("U0000002", 2, Device::Desktop, "OS X", "198.51.100.7");
    let run = org.run(&["sweep"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("every session of the organization; add --all"), "{}", run.stderr);
    assert_eq!(org.fake.sessions().len(), 2, "nothing was ended");

    let journal = TempFile::fresh();
    let path = journal.path.display().to_string();
    let run = org.run(&["sweep", "--all", "--dry-run", "--journal", &path]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!journal.path.exists(), "a dry run writes no journal");
    let run = org.run(&["sweep", "--all", "--journal", &path, "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json()["done"], 2);
    assert!(org.fake.sessions().is_empty());
    let run = org.run(&["sweep", "--all", "--journal", &path]).await;
    assert_eq!(run.code, Some(2), "an existing journal is refused: {run:?}");
    assert!(run.stderr.contains("exists already: resume it"), "{}", run.stderr);
}

#[tokio::test]
async fn reset_bulk_of_2000_ids_with_6_bad_resets_each_user_once_and_confirms_by_listing() {
    let org = Org::new().await;
    let users: Vec<String> = (1..=1_994).map(|n| format!("U{n:07}")).collect();
    for (n, user) in users.iter().enumerate() {
        org.session(user, n as i64 + 1, Device::Desktop, "Windows", "198.51.100.7");
    }
    org.fake.add_bot("U0BOT0001");
    org.fake.add_bot("U0BOT0002");
    let bad = ["U0BOT0001", "U0BOT0002", "U0NOBODY1", "U0NOBODY2", "U0NOBODY3", "U0NOBODY4"];
    let mut lines = users.clone();
    // The bad IDs sit in the second call; the first is the one the fault answers.
    for (at, id) in
        [(1_003, bad[0]), (1_200, bad[1]), (1_007, bad[2]), (1_399, bad[3]), (1_500, bad[4]), (1_990, bad[5])]
    {
        lines.insert(at, id.to_owned());
    }
    // The first call is answered `failed_for_some_users` naming nobody, having done
    // nothing: its users are left unknown until a listing shows them still signed in.
    org.fake.fail::<slack_admin_users_session::AdminUsersSessionResetBulkRequest>(
        1,
        slack_admin_users_session::fake::Fault::error("failed_for_some_users"),
    );
    let file = TempFile::with(&lines.join("\n"));
    let path = file.path.display().to_string();
    let run = org.run(&["reset-bulk", "--from", &path, "--yes", "--format", "json"]).await;
    assert_eq!(run.code, Some(1), "the six bad IDs fail: {}", run.stderr);
    let document = run.json();
    let outcomes = document["outcomes"].as_array().expect("outcomes");
    let mut seen = std::collections::BTreeMap::new();
    for row in outcomes {
        *seen.entry(row["user_id"].as_str().expect("a user").to_owned()).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 2_000, "every ID has an outcome");
    assert!(seen.values().all(|n| *n == 1), "exactly one");
    let failed: std::collections::BTreeSet<&str> =
        outcomes.iter().filter(|row| row["outcome"] != "done").filter_map(|row| row["user_id"].as_str()).collect();
    assert_eq!(failed, bad.into_iter().collect(), "every real user is confirmed done: {}", run.stderr);
    assert!(org.fake.sessions().is_empty(), "a listing shows nobody signed in");
    // The fake's log: the first call was the fault, and a call naming an unknown ID was
    // refused whole; every other call was accepted, and no user is in two of those.
    let resets: Vec<_> = org.fake.requests().into_iter().filter(|r| r.method.ends_with("resetBulk")).collect();
    let mut accepted = std::collections::BTreeMap::<String, usize>::new();
    for call in resets.iter().skip(1) {
        let ids: Vec<String> = call.args["user_ids"]
            .as_array()
            .expect("ids")
            .iter()
            .filter_map(|id| id.as_str().map(str::to_owned))
            .collect();
        if !ids.iter().any(|id| id.starts_with("U0NOBODY")) {
            ids.into_iter().for_each(|id| *accepted.entry(id).or_default() += 1);
        }
    }
    assert!(accepted.values().all(|n| *n == 1), "a user's reset was accepted twice");
    let pages = org.fake.requests().iter().filter(|r| r.method.ends_with("session.list")).count();
    let bound = 2_000_usize.div_ceil(1_000) + pages + 11 * bad.len();
    assert!(resets.len() + pages <= bound, "{} resets and {pages} pages against {bound}", resets.len());
    eprintln!(
        "reset-bulk of 2,000 IDs, 6 bad, one unnamed partial success: {} resetBulk calls, {pages} list pages",
        resets.len()
    );
}
