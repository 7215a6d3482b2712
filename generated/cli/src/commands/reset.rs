//! `reset USER`: sign one user out with `admin.users.session.reset`.

use slack_admin_users_session::{AdminUsersSessionResetRequest, Client};

use crate::cli::{Format, ResetArgs};
use crate::exit::{check_arguments, Exit, Failure};
use crate::interrupt::or_ctrl_c;
use crate::one_call;
use crate::report::UserOutcome;

/// Runs `reset` as the command line asked.
pub async fn run(client: &Client, args: &ResetArgs, format: Format) -> Result<Exit, Failure> {
    let mut request = AdminUsersSessionResetRequest::new(args.user.clone());
    if args.scope.mobile_only {
        request = request.mobile_only(true);
    }
    if args.scope.web_only {
        request = request.web_only(true);
    }
    check_arguments(&request)?;
    let answer = or_ctrl_c(client.admin_users_session_reset(&request), true).await?;
    one_call::report("reset", args.user.clone(), answer, format, |outcome, problem| UserOutcome {
        user_id: args.user.clone(),
        outcome,
        problem,
    })
}
