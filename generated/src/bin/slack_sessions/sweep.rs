//! `sweep`: end every session a filter matches, on the library's `Client::sweep`, or
//! show them first with `--dry-run`. The demo runs the same `end_matches`.
//!
//! This is the one module that knows how a sweep is carried out, so that a sign-out
//! plan with a journal (and `resume`) can replace `Client::sweep` here alone.

use futures_util::StreamExt;
use slack_admin_users_session::{AdminUsersSessionListRequest, Client, SessionFilter, StopReason, SweepOutcome};

use crate::cli::{Format, SweepArgs};
use crate::exit::{describe, Exit, Failure};
use crate::interrupt::Interrupt;
use crate::list::{self, PAGE_SIZE};
use crate::output::write_failure;
use crate::output::Sink;
use crate::progress::Progress;
use crate::report::{self, Problem, SessionOutcome, Tally, Verdict};

/// Runs `sweep` as the command line asked.
pub async fn run(client: &Client, args: &SweepArgs, format: Format) -> Result<Exit, Failure> {
    let filter = args.filters.filter();
    if args.dry_run {
        return list::run(client, filter, format, "would be ended; nothing was ended (--dry-run)").await;
    }
    let (tally, sink) = end_matches(client, filter, format).await?;
    let summary = tally.summary(None);
    report::finish(sink, &summary).map_err(write_failure)?;
    Ok(summary.exit())
}

/// Ends every session `filter` matches, writing each outcome as it comes (JSON Lines
/// and CSV) and counting it; the caller writes the end of the report. Ctrl-C stops the
/// sweep: what is in flight finishes, the rest is reported not attempted.
pub async fn end_matches(
    client: &Client,
    filter: SessionFilter,
    format: Format,
) -> Result<(Tally, Sink<SessionOutcome>), Failure> {
    let request = AdminUsersSessionListRequest::new().limit(PAGE_SIZE);
    let mut outcomes = client.sweep(request, filter);
    let stopper = outcomes.stopper();
    let interrupt = Interrupt::watch(stopper.clone()).await;
    let progress = Progress::new(None, "sessions");
    progress.note("sweep: listing every matching session before ending any");
    let (mut tally, mut sink, mut broken) = (Tally::new("sweep"), Sink::new(format), None);
    while let Some(outcome) = outcomes.next().await {
        let Some(row) = row(outcome, &mut tally) else { continue };
        if let Some(error) = &row.problem.error {
            progress.note(format!("session {}: {error}", row.session_id));
        }
        tally.record(row.session_id.to_string(), row.outcome, &row.problem);
        progress.inc(1);
        report::push_or_stop(&mut sink, row, &stopper, &mut broken);
    }
    progress.finish();
    if let Some(error) = &broken {
        tally.broken_output(error);
    } else if interrupt.pressed() {
        tally.interrupted();
    } else if let Some(reason) = stopper.reason() {
        tally.stop(reason.to_string(), stop_exit(&reason));
    }
    Ok((tally, sink))
}

/// The row for one outcome, counting the call it cost; `None` for a failed listing,
/// which is no target's outcome but stops the sweep.
fn row(outcome: SweepOutcome, tally: &mut Tally) -> Option<SessionOutcome> {
    let (session, verdict, problem) = match outcome {
        SweepOutcome::Ended(session) => (session, Verdict::Ended, Problem::default()),
        SweepOutcome::AlreadyEnded(session) => (session, Verdict::AlreadyEnded, Problem::default()),
        SweepOutcome::Failed(session, error) => (session, Verdict::Failed, Problem::of(&error)),
        SweepOutcome::NotAttempted(session) => (session, Verdict::NotAttempted, Problem::default()),
        SweepOutcome::ListFailed(error) => {
            let message = format!("listing sessions failed: {}", describe(&error));
            eprintln!("sweep: {message}");
            tally.stop(message, Exit::for_error(&error));
            return None;
        }
        other => {
            tally.stop(format!("an outcome this tool does not know: {other:?}"), Exit::SomeFailed);
            return None;
        }
    };
    tally.sent(verdict, &problem);
    Some(SessionOutcome {
        session_id: session.session_id,
        user_id: Some(session.user_id),
        team_id: Some(session.team_id),
        outcome: verdict,
        problem,
    })
}

/// The exit code for a run that stopped itself: a refused token is 3.
pub fn stop_exit(reason: &StopReason) -> Exit {
    match reason {
        StopReason::TokenRefused(_) => Exit::Authentication,
        _ => Exit::SomeFailed,
    }
}
