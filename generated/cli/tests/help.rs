//! `--help`: the tool and each subcommand describe themselves, with examples and the
//! exit codes.

use crate::support::{output, tool};

#[tokio::test]
async fn the_top_help_lists_every_subcommand_and_the_exit_codes() {
    let run = output(tool(&["--help"])).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    for subcommand in ["list", "reset", "reset-bulk", "invalidate", "sweep", "settings", "demo"] {
        assert!(run.stdout.contains(&format!("\n  {subcommand} ")), "{subcommand} missing: {}", run.stdout);
    }
    for code in ["0 ", "1 ", "2 ", "3 ", "130 "] {
        assert!(run.stdout.contains(&format!("\n  {code}")), "exit code {code}missing: {}", run.stdout);
    }
    assert!(run.stdout.contains("SLACK_ADMIN_TOKEN"), "{}", run.stdout);
}

#[tokio::test]
async fn every_subcommand_has_a_long_help_with_an_example() {
    let subcommands: [&[&str]; 9] = [
        &["list"],
        &["reset"],
        &["reset-bulk"],
        &["invalidate"],
        &["sweep"],
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
