//! `completions SHELL`: the shell's completion script, from the command line `cli`
//! describes, on stdout.

use std::io::Write;

use crate::cli::{self, CompletionsArgs};
use crate::exit::{Exit, Failure};
use crate::output::write_failure;

/// Writes the completion script for the shell asked for.
pub fn run(args: &CompletionsArgs) -> Result<Exit, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli::command(), "slack-sessions", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script).and_then(|()| out.flush()).map_err(write_failure)?;
    Ok(Exit::Done)
}
