//! `slack-sessions`: the command-line tool for the admins who sign people out during an
//! incident. This file parses the command line, connects and hands over to the
//! subcommand's module in `commands/`; the modules beside it are what subcommands share.

mod cli;
mod commands;
mod config;
mod connect;
mod contract;
mod exit;
mod id_file;
mod interrupt;
mod one_call;
mod output;
mod plan_view;
mod progress;
mod provenance;
mod rails;
mod records;
mod report;
mod session_job;
mod user_job;
mod verbosity;
mod words;

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::cli::{Cli, Command};
use crate::commands::{
    apply, completions, demo, invalidate, list, manpage, reset, reset_bulk, resume, schema, settings, sweep,
};
use crate::exit::{Exit, Failure};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // clap prints its own usage errors and exits with 2, the code for a wrong command line.
    let cli = match Cli::from_arg_matches(&cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    verbosity::init(cli.global.verbose, cli.global.quiet);
    match run(cli).await {
        Ok(exit) => exit.into(),
        Err(failure) => {
            if !failure.is_quiet() {
                eprintln!("error: {failure}");
            }
            failure.exit.into()
        }
    }
}

/// Runs the subcommand and says how it ended.
async fn run(cli: Cli) -> Result<Exit, Failure> {
    let format = cli.global.format;
    // These need no token and no connection: the demo starts a Slack of its own, and
    // the others describe the command line.
    match &cli.command {
        Command::Demo(args) => return demo::run(args, format).await,
        Command::Completions(args) => return completions::run(args),
        Command::Manpage => return manpage::run(),
        Command::Schema(args) => return schema::run(args),
        _ => {}
    }
    let client = connect::client(&cli.global)?;
    match &cli.command {
        Command::List(filters) => list::run(&client, filters, format).await,
        Command::Reset(args) => reset::run(&client, args, format).await,
        Command::ResetBulk(args) => reset_bulk::run(&client, args, format).await,
        Command::Invalidate(args) => invalidate::run(&client, args, format).await,
        Command::Sweep(args) => sweep::run(&client, args, format).await,
        Command::Apply(args) => apply::run(&client, args, format).await,
        Command::Resume(args) => resume::run(&client, args, format).await,
        Command::Settings(command) => settings::run(&client, command, format).await,
        Command::Demo(_) | Command::Completions(_) | Command::Manpage | Command::Schema(_) => {
            unreachable!("run above")
        }
    }
}
