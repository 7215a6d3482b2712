//! `reset-bulk --from FILE|-`: sign many users out with `admin.users.session.resetBulk`,
//! 1,000 to a call, through the library's batched helper, once the file has passed the
//! input checks and the job the rails.

use std::collections::HashSet;

use slack_admin_users_session::{method::Batched, AdminUsersSessionResetBulkRequest, Client};

use crate::cli::{Format, ResetBulkArgs};
use crate::exit::{Exit, Failure};
use crate::id_file::read_user_ids;
use crate::provenance::Provenance;
use crate::rails::{approve, Ask};
use crate::user_job;
use crate::verbosity::note;
use crate::words::many;

/// Runs `reset-bulk` as the command line asked.
pub async fn run(client: &Client, args: &ResetBulkArgs, format: Format) -> Result<Exit, Failure> {
    let users = read_user_ids(&args.from, "--from")?;
    let mut template = AdminUsersSessionResetBulkRequest::new(Vec::<String>::new());
    if args.scope.mobile_only {
        template = template.mobile_only(true);
    }
    if args.scope.web_only {
        template = template.web_only(true);
    }
    // Slack's argument rules first: a refused argument sends nothing, not even auth.test.
    user_job::check_template(&template, &users)?;
    let provenance = Provenance::of(client, args.rails.reason.as_deref()).await?;
    let distinct = users.iter().collect::<HashSet<_>>().len();
    let scope = match (args.scope.mobile_only, args.scope.web_only) {
        (true, _) => "their mobile sessions",
        (_, true) => "their web sessions",
        _ => "all their sessions",
    };
    let calls = distinct.div_ceil(AdminUsersSessionResetBulkRequest::MAX_PER_CALL);
    let (people, calls) = (many(distinct, "user"), many(calls, "call"));
    note(format_args!("reset-bulk: plan: sign {people} out of {scope} in {calls} of resetBulk"));
    approve(&args.rails, Ask { job: "reset-bulk", targets: distinct, unit: "user" }).await?;
    let outcomes = user_job::start(client, &users, template, args.journal.as_deref(), &provenance, "reset-bulk")?;
    user_job::run("reset-bulk", outcomes, args.journal.as_deref(), &provenance, Vec::new(), format).await
}
