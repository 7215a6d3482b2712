//! `apply PLAN`: run a plan that `sweep --plan-out` saved, exactly as planned and within
//! the rails: the approval step, where one person plans and another applies.

use slack_admin_users_session::Client;

use crate::cli::{ApplyArgs, Format};
use crate::exit::{Exit, Failure};

/// Runs `apply` as the command line asked.
pub async fn run(_client: &Client, args: &ApplyArgs, _format: Format) -> Result<Exit, Failure> {
    Err(Failure::usage(format!("{}: apply needs the library's saved plans", args.plan.display())))
}
