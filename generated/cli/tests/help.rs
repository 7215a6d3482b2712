//! `--help`: the tool and each subcommand describe themselves, with examples and the
//! exit codes.

use crate::support::{output, tool};

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
    let subcommands: [&[&str]; 10] = [
        &["list"],
        &["reset"],
        &["reset-bulk"],
        &["invalidate"],
        &["sweep"],
        &["apply"],
        &["settings", "get"],
        &["settings", "set"],
        &["settings", "clear"],
        &["demo"],
    ];
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
    assert!(
        run.stdout.contains("re-sends a reset only for the users Slack's answer named as failed"),
        "{}",
        run.stdout
    );
    let run = output(tool(&["sweep", "--help"])).await;
    for option in
        ["--max-targets <N>", "--yes", "--reason <TEXT>", "--protect <FILE>", "--include-self", "--plan-out <FILE>"]
    {
        assert!(run.stdout.contains(option), "{option} in {}", run.stdout);
    }
    let run = output(tool(&["reset-bulk", "--help"])).await;
    assert!(run.stdout.contains("byte-order mark") && run.stdout.contains("--max-targets <N>"), "{}", run.stdout);
}
