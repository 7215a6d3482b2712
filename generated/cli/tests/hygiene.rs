//! What the tool checks before it sends anything, and how it names what failed: ID files
//! as editors and spreadsheets save them, argument rules from the spec, and every user
//! Slack refused named on stdout with its code, in every format.

use slack_admin_users_session::fake::Device;
use slack_admin_users_session::AdminUsersSessionResetBulkRequest as ResetBulk;

use crate::support::{Org, Run, TempFile};

/// Methods that change something, as the fake's log names them.
const CHANGES: [&str; 5] = [
    "admin.users.session.reset",
    "admin.users.session.resetBulk",
    "admin.users.session.invalidate",
    "admin.users.session.setSettings",
    "admin.users.session.clearSettings",
];

fn changes_sent(org: &Org) -> Vec<String> {
    org.fake.requests().into_iter().map(|r| r.method).filter(|m| CHANGES.contains(&m.as_str())).collect()
}

#[tokio::test]
async fn a_file_with_a_bom_crlf_blank_lines_and_comments_is_read_as_meant_and_junk_lines_are_refused_by_number() {
    let org = Org::new().await;
    for (n, user) in ["U0000001", "U0000002", "W0000003"].iter().enumerate() {
        org.session(user, n as i64 + 1, Device::Mobile, "iOS", "203.0.113.5");
        org.session(user, n as i64 + 11, Device::Desktop, "OS X", "203.0.113.5");
    }
    // Saved by a Windows editor as "UTF-8 with BOM": the BOM sits in front of the first
    // user's ID, and every line ends with CR LF.
    let clean = "\u{feff}U0000001\r\n\r\n# compromised on Tuesday\r\nU0000002, W0000003 # the contractor\r\n\r\n";
    let junk = format!("{clean}user_id\r\nU0000004\r\nu0000005\r\nU404\r\n");
    let file = TempFile::with(&junk);
    let path = file.path.display().to_string();
    let run = org.run(&["reset-bulk", "--from", &path, "--format", "json"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stdout.is_empty(), "no outcomes: {}", run.stdout);
    for bad in [r#"line 6: "user_id""#, r#"line 8: "u0000005""#, r#"line 9: "U404""#] {
        assert!(run.stderr.contains(&format!("{bad} is not a user ID")), "{bad} in {}", run.stderr);
    }
    assert!(run.stderr.contains("3 words are not user IDs; nothing was sent"), "{}", run.stderr);
    assert!(!run.stderr.contains("line 1") && !run.stderr.contains("line 7:"), "{}", run.stderr);
    assert!(org.fake.requests().is_empty(), "nothing at all was sent: {:?}", org.fake.requests());

    // Without the junk, the same file signs out exactly its three users, the first one
    // (behind the BOM) included.
    let file = TempFile::with(clean);
    let path = file.path.display().to_string();
    let run = org.run(&["reset-bulk", "--from", &path, "--format", "jsonl"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let mut users: Vec<String> = run
        .json_lines()
        .iter()
        .inspect(|line| assert_eq!(line["outcome"], "done", "{line}"))
        .map(|line| line["user_id"].as_str().expect("a user").to_owned())
        .collect();
    users.sort();
    assert_eq!(users, ["U0000001", "U0000002", "W0000003"]);
    let sent = org.fake.requests().into_iter().filter(|r| r.method == "admin.users.session.resetBulk").count();
    assert_eq!(sent, 1, "one call for the three");
    org.fake.run_jobs_now();
    assert!(org.fake.sessions().is_empty(), "the first user is signed out too: {:?}", org.fake.sessions());
}

#[tokio::test]
async fn a_file_saved_as_utf16_or_holding_no_id_is_refused_before_anything_is_sent() {
    let org = Org::new().await;
    let utf16 = TempFile::with("");
    let bytes: Vec<u8> =
        [0xff, 0xfe].into_iter().chain("U0000001\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&utf16.path, bytes).expect("the file is written");
    let run = org.run(&["reset-bulk", "--from", &utf16.path.display().to_string()]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("saved as UTF-16; save it as UTF-8"), "{}", run.stderr);

    let run = org.run_with_stdin(&["reset-bulk", "--from", "-"], "\u{feff}# nobody yet\r\n\r\n").await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--from stdin: no user IDs in it"), "{}", run.stderr);
    assert!(org.fake.requests().is_empty(), "{:?}", org.fake.requests());
}

#[tokio::test]
async fn settings_take_their_users_from_a_file_too_and_check_the_arguments_alike() {
    let org = Org::new().await;
    for user in ["U0000001", "U0000002"] {
        org.fake.add_user(user);
    }
    let file = TempFile::with("\u{feff}U0000002\r\n# and the first one on the command line\r\n");
    let path = file.path.display().to_string();
    let run =
        org.run(&["settings", "set", "U0000001", "--from", &path, "--duration", "3600", "--format", "json"]).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json()["done"], 2);
    assert_eq!(org.fake.settings("U0000002").and_then(|s| s.duration), Some(3600));

    let run = org.run(&["settings", "clear", "U0000001", "U1"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains(r#"argument 2: "U1" is not a user ID"#), "{}", run.stderr);
    assert!(org.fake.settings("U0000001").is_some(), "nothing was cleared");
}

/// The failed rows of `settings get` in `format`: user, outcome and code, sorted.
fn failed_rows(run: &Run, format: &str) -> Vec<(String, String, String)> {
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    let mut rows: Vec<(String, String, String)> = match format {
        "table" => run
            .stdout
            .lines()
            .skip(1)
            .map(|line| line.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .filter(|cells| cells.len() > 2)
            .map(|cells| (cells[0].clone(), cells[1].clone(), cells[2].clone()))
            .collect(),
        "csv" => run.csv().1.iter().map(|r| (r[0].to_owned(), r[3].to_owned(), r[4].to_owned())).collect(),
        "json" => {
            let rows = run.json()["settings"].as_array().cloned().expect("an array");
            rows.iter().map(|r| (text(&r["user_id"]), text(&r["outcome"]), text(&r["error_code"]))).collect()
        }
        _ => run
            .json_lines()
            .iter()
            .map(|r| (text(&r["user_id"]), text(&r["outcome"]), text(&r["error_code"])))
            .collect(),
    };
    rows.retain(|(_, outcome, _)| outcome == "failed");
    rows.sort();
    rows
}

#[tokio::test]
async fn settings_get_names_a_bot_and_an_unknown_user_on_stdout_with_slacks_codes_in_every_format() {
    let org = Org::new().await;
    org.fake.add_user("U0000001");
    org.fake.add_bot("U0TUSER01");
    let expected = [
        ("U0NOBODY1".to_owned(), "failed".to_owned(), "user_not_found".to_owned()),
        ("U0TUSER01".to_owned(), "failed".to_owned(), "bots_not_allowed".to_owned()),
    ];
    for format in ["table", "json", "jsonl", "csv"] {
        let run = org.run(&["settings", "get", "U0000001", "U0TUSER01", "U0NOBODY1", "--format", format]).await;
        assert_eq!(run.code, Some(1), "{format}: {run:?}");
        assert_eq!(failed_rows(&run, format), expected, "{format}: {}", run.stdout);
        assert!(run.stdout.contains("U0000001"), "the user read is there too in {format}: {}", run.stdout);
        assert!(run.stderr.contains("settings of 1 user, 2 not read"), "{}", run.stderr);
    }
}

#[tokio::test]
async fn a_duration_below_the_specs_bound_is_a_usage_error_and_nothing_is_sent() {
    let org = Org::new().await;
    org.fake.add_user("U0000001");
    let run = org.run(&["settings", "set", "U0000001", "--duration", "10", "--format", "json"]).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("duration") && run.stderr.contains("nothing was sent"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(org.fake.requests().is_empty(), "{:?}", org.fake.requests());
    assert_eq!(org.fake.settings("U0000001"), None);
    assert!(changes_sent(&org).is_empty());
}

#[tokio::test]
async fn a_bulk_job_names_every_user_slack_refused_with_its_code() {
    let org = Org::new().await;
    org.session("U0000001", 1, Device::Mobile, "iOS", "203.0.113.5");
    org.fake.add_bot("U0TUSER01");
    let run =
        org.run_with_stdin(&["reset-bulk", "--from", "-", "--format", "csv"], "U0000001\nU0NOBODY1\nU0TUSER01\n").await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let (_, records) = run.csv();
    let mut failed: Vec<(String, String)> =
        records.iter().filter(|r| &r[1] == "failed").map(|r| (r[0].to_owned(), r[2].to_owned())).collect();
    failed.sort();
    assert_eq!(failed.len(), 2, "{records:?}");
    assert_eq!(failed[0].0, "U0NOBODY1");
    assert_eq!(failed[1].0, "U0TUSER01");
    assert!(failed.iter().all(|(_, code)| !code.is_empty()), "each with Slack's code: {failed:?}");
    assert!(org.fake.stats::<ResetBulk>().calls >= 1);
}
