//! Tests of the `slack-sessions` binary, run as a process against a fake Slack started
//! in each test and reached with `--base-url` and `--token-file`: every subcommand and
//! format with the output parsed back, the failures with their exit codes, and Ctrl-C.

// The demo needs the fake Slack built into the tool, which the `demo` feature does.
#[cfg(feature = "demo")]
mod demo;
mod failures;
mod help;
mod interrupt;
mod jobs;
mod listing;
mod resume;
mod support;
