//! A job over sessions (`sweep`, `resume` of a sweep, `demo`): list, plan and show the
//! plan through the library's sign-out plan, then run it and report one outcome per
//! session once a listing confirms it, with progress and Ctrl-C.

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::StreamExt;
use serde::Serialize;
use slack_admin_users_session::{
    bulk::RunStream,
    sweep::{PlanSummary, Resets, SavedPlan, SessionFilter, SignOutPlan, SweepOptions, SweepOutcome},
    ActiveSession, AdminUsersSessionListRequest, Client,
};

use crate::cli::{Format, RailArgs};
use crate::contract::SCHEMA_VERSION;
use crate::exit::{describe, Exit, Failure};
use crate::interrupt::{or_ctrl_c, Interrupt};
use crate::output::{write_failure, write_json, Sink};
use crate::plan_view;
use crate::progress::Progress;
use crate::provenance::Provenance;
use crate::rails::{approve, Ask};
use crate::report::{self, Problem, SessionOutcome, Tally, Verdict};
use crate::verbosity::note;
use crate::words::many;

/// The largest page Slack serves; fewer pages means fewer paced calls.
pub const PAGE_SIZE: i64 = 1000;

/// What a sweep is to do.
pub struct Job<'a> {
    /// The sessions to end.
    pub filter: SessionFilter,
    /// The resets its plan may use.
    pub resets: Resets,
    /// Where to record it: a journal created once the plan is made, so that a run cut
    /// short while listing leaves no empty journal behind.
    pub journal: Option<PathBuf>,
    /// Whether to stop after showing the plan.
    pub dry_run: bool,
    /// Where to save the plan, for `apply`, instead of running it.
    pub plan_out: Option<PathBuf>,
    /// The users whose sessions are never ended (`--protect`).
    pub protect: Vec<String>,
    /// Whether the operator's own sessions may be ended (`--include-self`).
    pub include_self: bool,
    /// The rails the run must pass; `None` for the demo, whose fake org is its own.
    pub rails: Option<&'a RailArgs>,
    /// Who runs the job and why, for the journal and the summary.
    pub provenance: &'a Provenance,
    /// How much faster than real time Slack's clock runs: 1, but for the demo's fake.
    pub time_scale: f64,
}

/// Lists, plans and shows the plan, with the operator's and the protected users'
/// sessions kept. A dry run writes the sessions the plan would end, and `--plan-out`
/// saves the plan; both return `None`. Otherwise, once the rails let it, the plan runs
/// and every target is reported.
pub async fn plan_and_run(
    client: &Client,
    job: Job<'_>,
    format: Format,
) -> Result<Option<(Tally, Sink<SessionOutcome>)>, Failure> {
    let request = AdminUsersSessionListRequest::new().limit(PAGE_SIZE);
    let mut options = SweepOptions::new().resets(job.resets).protect(job.protect.iter().cloned());
    if let (false, Some(operator)) = (job.include_self, &job.provenance.operator) {
        options = options.protect([operator.clone()]);
    }
    note(format_args!("sweep: listing every session to plan the calls"));
    let plan = match or_ctrl_c(client.plan_sweep(request.clone(), &job.filter, &options), false).await? {
        Ok(plan) => plan,
        Err(error) => {
            // Nothing was ended; the report says why, in the format asked for, and its
            // summary on stderr says it once.
            let mut tally = Tally::new("sweep");
            tally.stop(format!("listing sessions failed: {}", describe(&error)), Exit::for_error(&error));
            return Ok(Some((tally, Sink::new(format))));
        }
    };
    note(format_args!("sweep: plan: {}", plan_view::describe(&plan.summary(), plan.kept())));
    if job.dry_run {
        write_targets(&plan, format)?;
        return Ok(None);
    }
    if let Some(path) = &job.plan_out {
        save_plan(path, &plan, &request, &job, &options)?;
        return Ok(None);
    }
    let targets = plan.targets().count();
    if let Some(rails) = job.rails {
        approve(rails, Ask { job: "sweep", targets, unit: "session" }).await?;
    }
    if let Some(path) = &job.journal {
        note(format_args!("sweep: recording the job in {}", path.display()));
        options = options.journal(job.provenance.create_journal(path)?);
    }
    let listing = plan.calls().list;
    let slack_time = slack_time(&plan.summary(), job.time_scale);
    let outcomes = client.run_plan(plan, request, job.filter, options);
    let (mut tally, sink) = drive("sweep", outcomes, Some(targets as u64), slack_time, format).await?;
    tally.add_calls(listing);
    Ok(Some((tally, sink)))
}

/// Writes `plan` to `path` for `apply`, with the filter it was made for and the token's
/// owner, refusing to overwrite a file. A filter the tool builds is always data, so the
/// library can always write it down.
fn save_plan(
    path: &Path,
    plan: &SignOutPlan,
    request: &AdminUsersSessionListRequest,
    job: &Job<'_>,
    options: &SweepOptions,
) -> Result<(), Failure> {
    let cannot = |problem: String| Failure::usage(format!("cannot write the plan {}: {problem}", path.display()));
    let saved = SavedPlan::new(plan, request, &job.filter, options, job.provenance.owner())
        .ok_or_else(|| cannot("its filter cannot be written down".to_owned()))?;
    let text = serde_json::to_string_pretty(&saved).map_err(|error| cannot(error.to_string()))?;
    let mut file =
        OpenOptions::new().write(true).create_new(true).open(path).map_err(|error| cannot(error.to_string()))?;
    file.write_all(format!("{text}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|error| cannot(error.to_string()))?;
    note(format_args!(
        "sweep: the plan is saved in {}; nothing was ended. Review it, then: slack-sessions apply {}",
        path.display(),
        path.display()
    ));
    Ok(())
}

/// A dry run's JSON document: the plan in numbers, and the sessions it would end.
#[derive(Serialize)]
struct PlanDocument<'a> {
    schema_version: u32,
    plan: PlanSummary,
    sessions: Vec<&'a ActiveSession>,
}

/// Writes the sessions a plan would end, as `list` writes sessions; with `--format json`
/// one document holds the plan's numbers and the sessions.
fn write_targets(plan: &SignOutPlan, format: Format) -> Result<(), Failure> {
    let users: HashSet<&str> = plan.targets().map(|session| session.user_id.as_str()).collect();
    if format == Format::Json {
        let document =
            PlanDocument { schema_version: SCHEMA_VERSION, plan: plan.summary(), sessions: plan.targets().collect() };
        write_json(&document).map_err(write_failure)?;
    } else {
        let mut sink = Sink::new(format);
        for session in plan.targets() {
            sink.push(session.clone()).map_err(write_failure)?;
        }
        sink.finish().map_err(write_failure)?;
    }
    note(format_args!(
        "{} of {} would be ended; nothing was ended (--dry-run)",
        many(plan.targets().count(), "session"),
        many(users.len(), "user")
    ));
    Ok(())
}

/// Drives a sweep's outcomes to the end, writing each as it comes (JSON Lines and CSV)
/// and counting it; the caller writes the end of the report. The progress bar follows
/// the calls as they are answered, since a sweep reports a session only once a listing
/// confirms it. Ctrl-C stops the sweep: what is in flight finishes, the rest is
/// reported not attempted, and the journal (if any) lets `resume` finish it.
pub async fn drive(
    job: &'static str,
    mut outcomes: RunStream<'_, SweepOutcome>,
    targets: Option<u64>,
    slack_time: Option<Duration>,
    format: Format,
) -> Result<(Tally, Sink<SessionOutcome>), Failure> {
    let stopper = outcomes.stopper();
    let interrupt = Interrupt::watch(stopper.clone()).await;
    let progress = Progress::new(targets, "sessions answered").with_slack_time(slack_time);
    let follow = progress.follow(outcomes.progress());
    let (mut tally, mut sink, mut broken) = (Tally::new(job), Sink::new(format), None);
    let (mut ended, mut still) = (0, 0);
    while let Some(outcome) = outcomes.next().await {
        let Some(row) = row(outcome, &mut tally) else { continue };
        if let Some(error) = &row.problem.error {
            progress.note(format!("session {}: {error}", row.session_id));
        }
        ended += usize::from(matches!(row.outcome, Verdict::Ended | Verdict::AlreadyEnded));
        still += usize::from(row.outcome == Verdict::StillActive);
        tally.record(row.session_id.to_string(), row.outcome, &row.problem);
        report::push_or_stop(&mut sink, row, &stopper, &mut broken);
    }
    follow.abort();
    progress.finish();
    note(format_args!("{job}: confirmed by listing: {} ended, {still} still active", many(ended, "session")));
    tally.close(&outcomes.progress(), broken.as_ref(), interrupt.pressed(), &stopper);
    Ok((tally, sink))
}

/// The real time a plan's calls take, for the progress bar's estimate: its Slack time
/// at the tiers' rates, on a clock `time_scale` times faster than real time. The
/// listing is done by the time the plan runs, so it is left out.
pub fn slack_time(plan: &PlanSummary, time_scale: f64) -> Option<Duration> {
    let seconds = (plan.slack_seconds.total - plan.slack_seconds.list) / time_scale;
    Duration::try_from_secs_f64(seconds).ok()
}

/// The row for one outcome; `None` for a failed listing, which is no target's outcome
/// but stops the sweep.
fn row(outcome: SweepOutcome, tally: &mut Tally) -> Option<SessionOutcome> {
    let (session, verdict, problem) = match outcome {
        SweepOutcome::Ended(session) => (session, Verdict::Ended, Problem::default()),
        SweepOutcome::AlreadyEnded(session) => (session, Verdict::AlreadyEnded, Problem::default()),
        SweepOutcome::Failed(session, failure) => {
            let problem = Problem::of_sweep(&failure);
            let verdict = if problem.refused { Verdict::Refused } else { Verdict::Failed };
            (session, verdict, problem)
        }
        SweepOutcome::StillActive(session) => (session, Verdict::StillActive, Problem::default()),
        SweepOutcome::Unconfirmed(session) => (session, Verdict::Unconfirmed, Problem::default()),
        SweepOutcome::NotAttempted(session) => (session, Verdict::NotAttempted, Problem::default()),
        SweepOutcome::Skipped(session) => (session, Verdict::Skipped, Problem::default()),
        SweepOutcome::ListFailed(error) => {
            // The summary says it, once.
            tally.stop(format!("listing sessions failed: {}", describe(&error)), Exit::for_error(&error));
            return None;
        }
        other => {
            tally.stop(format!("an outcome this tool does not know: {other:?}"), Exit::SomeFailed);
            return None;
        }
    };
    Some(SessionOutcome {
        session_id: session.session_id,
        user_id: Some(session.user_id),
        team_id: Some(session.team_id),
        outcome: verdict,
        problem,
    })
}
