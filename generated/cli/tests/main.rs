//! Tests of the `slack-sessions` binary, run as a process against a fake Slack started
//! in each test and reached with `--base-url` and `--token-file`: every subcommand and
//! format with the output parsed back, the failures with their exit codes, Ctrl-C, the
//! input checks and the rails.

// The demo needs the fake Slack built into the tool, which the `demo` feature does.
mod completions;
mod contract;
#[cfg(feature = "demo")]
mod demo;
mod failures;
mod help;
mod hygiene;
mod interrupt;
mod jobs;
mod listing;
mod packaging;
mod profiles;
mod rails;
mod resume;
mod support;
mod text;
mod verbosity;
