//! `list`, `sweep --dry-run` and `settings get`: what they write in each format, read
//! back with serde and the csv crate.

use slack_admin_users_session::fake::Device;
use slack_admin_users_session::{ActiveSession, UserSessionSettings};

use crate::support::Org;

/// Three sessions: U0000001 on an iPhone and a Mac, U0000002 on Android, on two networks.
async fn org() -> Org {
    let org = Org::new().await;
    org.session("U0000001", 1001, Device::Mobile, "iOS", "203.0.113.5");
    org.session("U0000001", 1002, Device::Desktop, "OS X", "198.51.100.7");
    org.session("U0000002", 1003, Device::Mobile, "Android", "203.0.113.9");
    org
}

const CSV_COLUMNS: [&str; 13] = [
    "user_id",
    "team_id",
    "session_id",
    "created_device_hardware",
    "created_os",
    "created_os_version",
    "created_slack_client_version",
    "created_ip",
    "recent_device_hardware",
    "recent_os",
    "recent_os_version",
    "recent_slack_client_version",
    "recent_ip",
];

#[tokio::test]
async fn list_as_json_is_one_document_of_the_librarys_sessions() {
    let org = org().await;
    let run = org.run(&["list", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let document = run.json();
    assert_eq!(document["schema_version"], 1);
    let sessions: Vec<ActiveSession> = serde_json::from_value(document["sessions"].clone()).expect("sessions");
    let mut ids: Vec<i64> = sessions.iter().map(|s| s.session_id).collect();
    ids.sort();
    assert_eq!(ids, [1001, 1002, 1003]);
    let phone = sessions.iter().find(|s| s.session_id == 1001).expect("the phone");
    assert_eq!(phone.created.as_ref().and_then(|c| c.ip.as_deref()), Some("203.0.113.5"));
    assert!(run.stderr.contains("3 sessions of 2 users listed"), "{}", run.stderr);
}

#[tokio::test]
async fn list_as_json_lines_is_one_session_a_line() {
    let org = org().await;
    let run = org.run(&["list", "--mobile", "--format", "jsonl"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines = run.json_lines();
    let mut ids: Vec<i64> = lines.iter().map(|line| line["session_id"].as_i64().expect("an ID")).collect();
    ids.sort();
    assert_eq!(ids, [1001, 1003]);
    assert!(lines.iter().all(|line| line["created"]["os"].is_string()), "{lines:?}");
}

#[tokio::test]
async fn list_as_csv_has_every_column_and_quotes_what_needs_it() {
    let org = org().await;
    // A device name with a comma and quotes, which the CSV has to quote.
    let mut client = slack_admin_users_session::SessionClient::new();
    client.device_hardware = Some("Pixel 8, \"Pro\"".to_owned());
    client.os = Some("Android".to_owned());
    let mut session = ActiveSession::new("U0000003", "E0000001", 1004);
    session.created = Some(client);
    org.fake.add_session(Device::Mobile, session);
    let run = org.run(&["list", "--format", "csv", "--user", "U0000003"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let (header, records) = run.csv();
    assert_eq!(header, CSV_COLUMNS);
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][0], "U0000003");
    assert_eq!(&records[0][2], "1004");
    assert_eq!(&records[0][3], "Pixel 8, \"Pro\"");
    assert_eq!(&records[0][12], "", "no recent client: an empty cell");
}

#[tokio::test]
async fn list_as_a_table_has_a_header_and_a_row_per_session() {
    let org = org().await;
    let run = org.run(&["list", "--ip", "203.0.113.0/24"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(header[..3], ["user_id", "team_id", "session_id"]);
    let ids: Vec<&str> = lines[1..].iter().map(|line| line.split_whitespace().nth(2).expect("an ID")).collect();
    assert!(ids.contains(&"1001") && ids.contains(&"1003"), "{ids:?}");
    // The columns line up: every row's session ID starts where the header's does.
    let at = lines[0].find("session_id").expect("the column");
    assert!(lines[1..].iter().all(|line| line[at..].starts_with("100")), "{}", run.stdout);
}

#[tokio::test]
async fn a_dry_run_sweep_lists_the_matches_and_ends_none() {
    let org = org().await;
    let run = org.run(&["sweep", "--mobile", "--dry-run", "--format", "csv"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let (_, records) = run.csv();
    let mut ids: Vec<&str> = records.iter().map(|record| &record[2]).collect();
    ids.sort();
    assert_eq!(ids, ["1001", "1003"]);
    assert_eq!(org.fake.sessions().len(), 3, "nothing was ended");
    assert!(run.stderr.contains("2 sessions of 2 users would be ended"), "{}", run.stderr);
    // --plan is the same.
    let plan = org.run(&["sweep", "--mobile", "--plan", "--format", "jsonl"]).await;
    assert_eq!(plan.code, Some(0), "{plan:?}");
    assert_eq!(plan.json_lines().len(), 2);
    // As one JSON document, the plan's numbers come with the sessions: a mobile
    // filter resets each user's mobile sessions, both users in one call.
    let document = org.run(&["sweep", "--mobile", "--dry-run", "--format", "json"]).await.json();
    assert_eq!(document["plan"]["calls"], serde_json::json!({"list": 1, "reset_bulk": 1, "invalidate": 0}));
    assert_eq!(
        (document["plan"]["targets"].as_u64(), document["plan"]["mobile_reset_users"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(document["sessions"].as_array().map(Vec::len), Some(2));
    assert!(plan.stderr.contains("plan: end 2 sessions of 2 users in 2 calls"), "{}", plan.stderr);
    assert_eq!(org.fake.sessions().len(), 3, "nothing was ended");
}

#[tokio::test]
async fn settings_get_reads_every_user_in_each_format() {
    let org = Org::new().await;
    for user in ["U0000001", "U0000002"] {
        org.fake.add_user(user);
    }
    let mut settings = UserSessionSettings::new("U0000001");
    settings.duration = Some(28_800);
    settings.desktop_app_browser_quit = Some(true);
    org.fake.put_settings(settings.clone());

    let run = org.run(&["settings", "get", "U0000001", "U0000002", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let mut read: Vec<UserSessionSettings> = serde_json::from_value(run.json()["settings"].clone()).expect("settings");
    read.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    assert_eq!(read, [settings, UserSessionSettings::new("U0000002")]);

    let run = org.run(&["settings", "get", "U0000001", "U0000002", "--format", "csv"]).await;
    let (header, records) = run.csv();
    assert_eq!(header, ["user_id", "duration", "desktop_app_browser_quit", "outcome", "error_code", "error"]);
    let u1 = records.iter().find(|r| &r[0] == "U0000001").expect("U0000001");
    assert_eq!((&u1[1], &u1[2]), ("28800", "true"));
    let u2 = records.iter().find(|r| &r[0] == "U0000002").expect("U0000002");
    assert_eq!((&u2[1], &u2[2]), ("", ""));

    let run = org.run(&["settings", "get", "U0000001", "--format", "jsonl"]).await;
    assert_eq!(run.json_lines()[0]["duration"], 28_800);
    let run = org.run(&["settings", "get", "U0000001", "--format", "table"]).await;
    let row: Vec<&str> = run.stdout.lines().nth(1).expect("a row").split_whitespace().collect();
    assert_eq!(row, ["U0000001", "28800", "true", "done"]);
}

#[tokio::test]
async fn the_plans_advice_names_the_tools_option_not_the_librarys_rust_names() {
    let org = org().await;
    // Three more users whose only sessions are on the network: one whole-user reset
    // would end them all, where the default plan invalidates each.
    for n in 3..6 {
        org.session(&format!("U{n:07}"), 2000 + n, Device::Desktop, "OS X", "203.0.113.20");
    }
    let run = org.run(&["sweep", "--ip", "203.0.113.0/24", "--dry-run"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.contains("note: --whole-user-resets would take"), "{}", run.stderr);
    assert!(!run.stderr.contains("Resets::"), "{}", run.stderr);
}
