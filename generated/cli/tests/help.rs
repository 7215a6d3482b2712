//! `--help`: the tool and each subcommand describe themselves, with examples and the
//! exit codes.

use slack_admin_users_session::fake::Device;

use crate::support::{output, tool, Org, TempFile};

/// Every subcommand, as its words on the command line.
const SUBCOMMANDS: [&[&str]; 16] = [
    &[],
    &["list"],
    &["reset"],
    &["reset-bulk"],
    &["invalidate"],
    &["sweep"],
    &["apply"],
    &["resume"],
    &["settings"],
    &["settings", "get"],
    &["settings", "set"],
    &["settings", "clear"],
    &["demo"],
    &["completions"],
    &["manpage"],
    &["schema"],
];

/// Words of the library's Rust API that an admin at a shell has no use for, and that
/// once leaked into the tool's text ("allow it with Resets::WholeUser").
const RUST_NAMES: [&str; 10] = [
    "::",
    "Resets",
    "SweepOptions",
    "SweepFailure",
    "ErrorKind",
    "JournalEntry",
    "SavedPlan",
    "Some(",
    "Stopper",
    "RunStream",
];

/// Fails, naming the line, when `text` holds a Rust name.
fn assert_no_rust_names(what: &str, text: &str) {
    for line in text.lines() {
        for name in RUST_NAMES {
            assert!(!line.contains(name), "{what}: {name:?} in {line:?}");
        }
    }
}

#[tokio::test]
async fn the_top_help_lists_every_subcommand_and_the_exit_codes() {
    let run = output(tool(&["--help"])).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    for subcommand in ["list", "reset", "reset-bulk", "invalidate", "sweep", "apply", "settings", "demo"] {
        assert!(run.stdout.contains(&format!("\n  {subcommand} ")), "{subcommand} missing: {}", run.stdout);
    }
    for code in ["0 ", "1 ", "2 ", "3 ", "130 "] {
        assert!(run.stdout.contains(&format!("\n  {code}")), "exit code {code}missing: {}", run.stdout);
    }
    assert!(run.stdout.contains("SLACK_ADMIN_TOKEN"), "{}", run.stdout);
}

#[tokio::test]
async fn every_subcommand_has_a_long_help_with_an_example() {
    // The top level and `settings` alone are lists of subcommands, with no example.
    let subcommands = SUBCOMMANDS.into_iter().filter(|words| !matches!(words, [] | ["settings"]));
    for subcommand in subcommands {
        let run = output(tool(&[subcommand, &["--help"]].concat())).await;
        assert_eq!(run.code, Some(0), "{subcommand:?}: {run:?}");
        assert!(run.stdout.contains("Example"), "{subcommand:?} has no example: {}", run.stdout);
        assert!(run.stdout.contains("Usage: slack-sessions "), "{subcommand:?}: {}", run.stdout);
        assert!(run.stdout.contains("Exit codes:"), "{subcommand:?}: {}", run.stdout);
    }
}

#[tokio::test]
async fn the_version_is_the_crates() {
    let run = output(tool(&["--version"])).await;
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout.trim(), format!("slack-sessions {}", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn the_help_promises_nothing_false_and_names_the_rails() {
    let run = output(tool(&["--help"])).await;
    assert!(!run.stdout.contains("never sends a change twice"), "{}", run.stdout);
    // Where the terminal's width breaks the lines is not what this checks.
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("re-sends a reset only for the users Slack's answer named as failed"), "{}", run.stdout);
    let run = output(tool(&["sweep", "--help"])).await;
    for option in
        ["--max-targets <N>", "--yes", "--reason <TEXT>", "--protect <FILE>", "--include-self", "--plan-out <FILE>"]
    {
        assert!(run.stdout.contains(option), "{option} in {}", run.stdout);
    }
    let run = output(tool(&["reset-bulk", "--help"])).await;
    assert!(run.stdout.contains("byte-order mark") && run.stdout.contains("--max-targets <N>"), "{}", run.stdout);
}

#[tokio::test]
async fn every_help_fits_100_columns_and_80_on_an_80_column_terminal() {
    for subcommand in SUBCOMMANDS {
        for (columns, widest) in [(None, 100), (Some("80"), 80)] {
            let mut command = tool(&[subcommand, &["--help"]].concat());
            match columns {
                Some(columns) => command.env("COLUMNS", columns),
                None => command.env_remove("COLUMNS"),
            };
            let run = output(command).await;
            assert_eq!(run.code, Some(0), "{subcommand:?}: {run:?}");
            for line in run.stdout.lines() {
                let width = line.chars().count();
                assert!(width <= widest, "{subcommand:?} at {columns:?} columns: {width} wide: {line:?}");
            }
            assert_no_rust_names(&format!("{subcommand:?} --help"), &run.stdout);
        }
    }
}

#[tokio::test]
async fn no_text_the_tool_prints_names_a_rust_type() {
    let org = Org::new().await;
    for n in 1..6 {
        let device = if n % 2 == 0 { Device::Mobile } else { Device::Desktop };
        org.session(&format!("U{n:07}"), 100 + n, device, "OS X", "203.0.113.20");
    }
    let protect = TempFile::with("U0000009\n");
    let garbage = TempFile::with("{not a journal\n");
    let runs: [&[&str]; 9] = [
        &["list"],
        &["list", "--format", "csv"],
        &["sweep", "--ip", "203.0.113.0/24", "--dry-run"],
        &["sweep", "--ip", "203.0.113.0/24", "--max-targets", "1"],
        &["reset", "U0NOBODY1"],
        &["invalidate", "1", "--user", "U0NOBODY1"],
        &["settings", "set", "U0000001", "--duration", "10"],
        &["resume", &garbage.path.display().to_string()],
        &["sweep", "--ip", "203.0.113.0/24", "--yes", "--protect", &protect.path.display().to_string()],
    ];
    for args in runs {
        let run = org.run(args).await;
        assert_no_rust_names(&format!("{args:?} stdout"), &run.stdout);
        assert_no_rust_names(&format!("{args:?} stderr"), &run.stderr);
    }
    // A refused token, and a usage error of clap's own.
    let wrong = TempFile::with("xoxp-not-the-fakes-token\n");
    let mut command = tool(&["list", "--base-url", &org.fake.url()]);
    command.args(["--token-file", &wrong.path.display().to_string()]);
    let run = output(command).await;
    assert_no_rust_names("a refused token", &run.stderr);
    let run = output(tool(&["sweep", "--mobil"])).await;
    assert_no_rust_names("a usage error", &run.stderr);
}
