//! `slack-sessions`: the command-line tool for the admins who sign people out during an
//! incident. Each subcommand is a thin layer over the library's public API, in a module
//! of its own; `--help` lists them and the exit codes.

mod batch_job;
mod cli;
mod connect;
mod demo;
mod exit;
mod interrupt;
mod invalidate;
mod list;
mod output;
mod progress;
mod records;
mod report;
mod reset;
mod reset_bulk;
mod settings;
mod single;
mod sweep;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::{Exit, Failure};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // clap prints its own usage errors and exits with 2, the code for a wrong command line.
    let cli = Cli::parse();
    match run(cli).await {
        Ok(exit) => exit.into(),
        Err(failure) => {
            eprintln!("error: {failure}");
            failure.exit.into()
        }
    }
}

/// Runs the subcommand and says how it ended.
async fn run(cli: Cli) -> Result<Exit, Failure> {
    let format = cli.global.format;
    if let Command::Demo(args) = &cli.command {
        return demo::run(args, format).await;
    }
    let client = connect::client(&cli.global)?;
    match &cli.command {
        Command::List(filters) => list::run(&client, filters.filter(), format, "listed").await,
        Command::Reset(args) => reset::run(&client, args, format).await,
        Command::ResetBulk(args) => reset_bulk::run(&client, args, format).await,
        Command::Invalidate(args) => invalidate::run(&client, args, format).await,
        Command::Sweep(args) => sweep::run(&client, args, format).await,
        Command::Resume(args) => sweep::resume(&client, args, format).await,
        Command::Settings(command) => settings::run(&client, command, format).await,
        Command::Demo(args) => demo::run(args, format).await,
    }
}
