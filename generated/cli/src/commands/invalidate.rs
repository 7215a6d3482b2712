//! `invalidate SESSION --user USER`: end one session with `admin.users.session.invalidate`.

use slack_admin_users_session::{AdminUsersSessionInvalidateRequest, Client};

use crate::cli::{Format, InvalidateArgs};
use crate::exit::{check_arguments, Exit, Failure};
use crate::interrupt::or_ctrl_c;
use crate::one_call;
use crate::report::{SessionOutcome, Verdict};

/// Runs `invalidate` as the command line asked.
pub async fn run(client: &Client, args: &InvalidateArgs, format: Format) -> Result<Exit, Failure> {
    let mut request = AdminUsersSessionInvalidateRequest::new_with_user_id(args.session, args.user.clone());
    if let Some(team) = &args.team {
        // Slack deprecated `team_id` in favour of `user_id`, which is always sent; a
        // caller who still names the workspace gets it sent alongside.
        #[allow(deprecated)]
        {
            request = request.team_id(team.clone());
        }
    }
    check_arguments(&request)?;
    let answer = or_ctrl_c(client.admin_users_session_invalidate(&request), true).await?;
    one_call::report("invalidate", args.session.to_string(), answer, format, |outcome, problem| SessionOutcome {
        session_id: args.session,
        user_id: Some(args.user.clone()),
        team_id: args.team.clone(),
        // A session asked for by ID and already gone is reported as Slack's error, not
        // as a success: the ID may be mistyped.
        outcome: if outcome == Verdict::Done { Verdict::Ended } else { outcome },
        problem,
    })
}
