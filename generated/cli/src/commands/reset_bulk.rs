//! `reset-bulk --from FILE|-`: sign many users out with `admin.users.session.resetBulk`,
//! 1,000 to a call, through the library's batched helper, once the file has passed the
//! input checks and the job the rails.

use std::collections::HashSet;

use slack_admin_users_session::{
    bulk::BatchStatus,
    method::Batched,
    sweep::{ResetsConfirmed, SweepOptions},
    AdminUsersSessionResetBulkRequest, Client,
};

use crate::cli::{Format, ResetBulkArgs};
use crate::exit::{describe, Exit, Failure};
use crate::id_file::read_user_ids;
use crate::provenance::Provenance;
use crate::rails::{approve, Ask};
use crate::report::{Problem, UserOutcome, Verdict};
use crate::user_job::{self, Confirm};
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
    // A listing cannot tell a browser session from a desktop app's, so a web_only reset
    // is reported as Slack accepted it, unconfirmed by any listing.
    let confirm = (!args.scope.web_only).then(|| confirm_by_listing(client, template.clone()));
    let outcomes = user_job::start(client, &users, template, args.journal.as_deref(), &provenance, "reset-bulk")?;
    user_job::run("reset-bulk", outcomes, args.journal.as_deref(), &provenance, Vec::new(), confirm, format).await
}

/// Confirms the job by listing, as a sweep does: a user is done only once a listing shows
/// no session of the reset's class, and a user a partial success left unknown, and a
/// listing still shows, is reset once more.
fn confirm_by_listing(client: &Client, template: AdminUsersSessionResetBulkRequest) -> Confirm<'_> {
    Box::new(move |accepted, unsure| {
        Box::pin(async move {
            let report = client.confirm_resets(&accepted, &unsure, &template, &SweepOptions::new()).await;
            let calls = report.calls;
            (rows(report), calls)
        })
    })
}

/// One row per user the confirming listings settled.
fn rows(report: ResetsConfirmed) -> Vec<UserOutcome> {
    let row = |user_id: String, outcome, problem| UserOutcome { user_id, outcome, problem };
    let why = report.failure.as_ref().map(|error| format!("not confirmed by a listing: {}", describe(error)));
    let unconfirmed = Problem { error: why, ..Problem::default() };
    let still = Problem { error: Some("still signed in after its reset".to_owned()), ..Problem::default() };
    let mut rows: Vec<UserOutcome> =
        report.confirmed.into_iter().map(|u| row(u, Verdict::Done, Problem::default())).collect();
    rows.extend(report.still_active.into_iter().map(|u| row(u, Verdict::StillActive, still.clone())));
    rows.extend(report.unconfirmed.into_iter().map(|u| row(u, Verdict::Unconfirmed, unconfirmed.clone())));
    for outcome in report.resent {
        if let BatchStatus::Failed(error) = &outcome.status {
            rows.extend(outcome.ids.into_iter().map(|u| row(u, Verdict::Failed, Problem::of(error))));
        }
    }
    rows
}
