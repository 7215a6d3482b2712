//! `sweep` and `resume`: end every session a filter matches through the library's
//! sign-out plan, or show the plan first with `--dry-run`; finish a journaled job. The
//! demo runs the same `plan_and_run`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use serde::Serialize;
use slack_admin_users_session::journal::{read_journal, JobKind, JournalEntry};
use slack_admin_users_session::{
    ActiveSession, AdminUsersSessionClearSettingsRequest as ClearSettings, AdminUsersSessionListRequest,
    AdminUsersSessionResetBulkRequest as ResetBulk, AdminUsersSessionSetSettingsRequest as SetSettings, BatchOutcome,
    BatchStream, Client, Journal, JournalError, Method, PlanSummary, Resets, SessionFilter, SignOutPlan, SweepOptions,
    SweepOutcome,
};

use crate::cli::{Format, ResumeArgs, SweepArgs};
use crate::exit::{describe, Exit, Failure};
use crate::interrupt::{or_ctrl_c, Interrupt};
use crate::list::PAGE_SIZE;
use crate::output::{write_failure, write_json, Sink};
use crate::progress::Progress;
use crate::report::{self, Problem, SessionOutcome, Tally, Verdict};

/// Runs `sweep` as the command line asked.
pub async fn run(client: &Client, args: &SweepArgs, format: Format) -> Result<Exit, Failure> {
    if args.filters.is_empty() && !args.all {
        return Err(Failure::usage(
            "no filter given: that would end every session of the organization; add --all if that is meant",
        ));
    }
    if let Some(path) = args.journal.as_deref().filter(|path| path.exists()) {
        let message = format!("the journal {} exists already: resume it, or name a new one", path.display());
        return Err(Failure::usage(message));
    }
    let job = Job {
        filter: args.filters.filter(),
        resets: args.resets(),
        journal: args.journal.clone(),
        dry_run: args.dry_run,
    };
    let Some((tally, sink)) = plan_and_run(client, job, format).await? else { return Ok(Exit::Done) };
    let summary = tally.summary(None);
    report::finish(sink, &summary).map_err(write_failure)?;
    Ok(summary.exit())
}

/// What a sweep is to do.
pub struct Job {
    /// The sessions to end.
    pub filter: SessionFilter,
    /// The resets its plan may use.
    pub resets: Resets,
    /// Where to record it: a journal created once the plan is made, so that a run cut
    /// short while listing leaves no empty journal behind.
    pub journal: Option<PathBuf>,
    /// Whether to stop after showing the plan.
    pub dry_run: bool,
}

/// Lists, plans and shows the plan; unless it is a dry run (which writes the sessions
/// the plan would end, and returns `None`), runs it and reports every target.
pub async fn plan_and_run(
    client: &Client,
    job: Job,
    format: Format,
) -> Result<Option<(Tally, Sink<SessionOutcome>)>, Failure> {
    let request = AdminUsersSessionListRequest::new().limit(PAGE_SIZE);
    let mut options = SweepOptions::new().resets(job.resets);
    eprintln!("sweep: listing every session to plan the calls");
    let plan = match or_ctrl_c(client.plan_sweep(request.clone(), &job.filter, &options), false).await? {
        Ok(plan) => plan,
        Err(error) => {
            // Nothing was ended; the report says why, in the format asked for.
            let mut tally = Tally::new("sweep");
            let message = format!("listing sessions failed: {}", describe(&error));
            eprintln!("sweep: {message}");
            tally.stop(message, Exit::for_error(&error));
            return Ok(Some((tally, Sink::new(format))));
        }
    };
    eprintln!("sweep: plan: {plan}");
    if job.dry_run {
        write_targets(&plan, format)?;
        return Ok(None);
    }
    if let Some(path) = &job.journal {
        eprintln!("sweep: recording the job in {}", path.display());
        options = options.journal(create_journal(path)?);
    }
    let (targets, listing) = (plan.targets().count() as u64, plan.calls().list);
    let outcomes = client.run_plan(plan, request, job.filter, options);
    let (mut tally, sink) = drive("sweep", outcomes, Some(targets), format).await?;
    tally.add_calls(listing);
    Ok(Some((tally, sink)))
}

/// A dry run's JSON document: the plan in numbers, and the sessions it would end.
#[derive(Serialize)]
struct PlanDocument<'a> {
    plan: PlanSummary,
    sessions: Vec<&'a ActiveSession>,
}

/// Writes the sessions a plan would end, as `list` writes sessions; with `--format json`
/// one document holds the plan's numbers and the sessions.
fn write_targets(plan: &SignOutPlan, format: Format) -> Result<(), Failure> {
    let users: HashSet<&str> = plan.targets().map(|session| session.user_id.as_str()).collect();
    if format == Format::Json {
        let document = PlanDocument { plan: plan.summary(), sessions: plan.targets().collect() };
        write_json(&document).map_err(write_failure)?;
    } else {
        let mut sink = Sink::new(format);
        for session in plan.targets() {
            sink.push(session.clone()).map_err(write_failure)?;
        }
        sink.finish().map_err(write_failure)?;
    }
    eprintln!(
        "{} sessions of {} users would be ended; nothing was ended (--dry-run)",
        plan.targets().count(),
        users.len()
    );
    Ok(())
}

/// Runs `resume` as the command line asked: a sweep's journal resumes as a sweep, a
/// `reset-bulk` journal as a `reset-bulk`.
pub async fn resume(client: &Client, args: &ResumeArgs, format: Format) -> Result<Exit, Failure> {
    let path = args.journal.as_path();
    let entries = read_journal(path).map_err(|error| Failure::usage(error.to_string()))?;
    let Some(JournalEntry::Job(job)) = entries.first() else {
        return Err(Failure::usage(format!("{}: not a journal", path.display())));
    };
    eprintln!("resume: {} recorded by a {} job", path.display(), job_name(job.job));
    match job.job {
        JobKind::Sweep => {
            let outcomes = client.resume_sweep(path).map_err(|error| Failure::usage(error.to_string()))?;
            let (tally, sink) = drive("resume", outcomes, None, format).await?;
            let summary = tally.summary(None);
            report::finish(sink, &summary).map_err(write_failure)?;
            Ok(summary.exit())
        }
        _ => resume_batched(client, path, &entries, format).await,
    }
}

fn job_name(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Sweep => "sweep",
        _ => "batched",
    }
}

/// Resumes a batched job's journal (`reset-bulk`, `settings set|clear`) with the
/// arguments its first run used.
async fn resume_batched(
    client: &Client,
    path: &Path,
    entries: &[JournalEntry],
    format: Format,
) -> Result<Exit, Failure> {
    let Some(JournalEntry::Job(job)) = entries.first() else { unreachable!("checked by the caller") };
    let argument = |name: &str| job.arguments.get(name).map(String::as_str);
    let flag = |name: &str| argument(name) == Some("true");
    let refused = |error: JournalError| Failure::usage(error.to_string());
    let total = job.ids.len();
    match job.method.as_deref() {
        Some(ResetBulk::NAME) => {
            let mut template = ResetBulk::new(Vec::<String>::new());
            template.mobile_only = flag("mobile_only").then_some(true);
            template.web_only = flag("web_only").then_some(true);
            let outcomes = client.resume_batched(path, template).map_err(refused)?;
            finish_resumed(total, outcomes, format).await
        }
        Some(SetSettings::NAME) => {
            let quit = argument("desktop_app_browser_quit").map(|value| value == "true");
            let template = match (argument("duration").and_then(|value| value.parse().ok()), quit) {
                (Some(duration), quit) => {
                    let template = SetSettings::new_with_duration(Vec::<String>::new(), duration);
                    quit.into_iter().fold(template, |template, quit| template.desktop_app_browser_quit(quit))
                }
                (None, Some(quit)) => SetSettings::new_with_desktop_app_browser_quit(Vec::<String>::new(), quit),
                (None, None) => {
                    return Err(Failure::usage(format!("{}: the job line holds no setting", path.display())))
                }
            };
            let outcomes = client.resume_batched(path, template).map_err(refused)?;
            finish_resumed(total, outcomes, format).await
        }
        Some(ClearSettings::NAME) => {
            let outcomes = client.resume_batched(path, ClearSettings::new(Vec::<String>::new())).map_err(refused)?;
            finish_resumed(total, outcomes, format).await
        }
        other => Err(Failure::usage(format!(
            "{}: a batched job of {} cannot be resumed by this tool",
            path.display(),
            other.unwrap_or("no method")
        ))),
    }
}

/// Runs a resumed batched job of `total` IDs, saying first how many are left: the
/// library skips the IDs with a final outcome and counts the rest as planned.
async fn finish_resumed<M: Method>(
    total: usize,
    outcomes: BatchStream<'_, BatchOutcome<M>>,
    format: Format,
) -> Result<Exit, Failure> {
    eprintln!("resume: {} of {total} users left", outcomes.progress().planned());
    crate::batch_job::run("resume", outcomes, format).await
}

/// Creates a new journal, refusing to overwrite one.
pub fn create_journal(path: &Path) -> Result<Journal, Failure> {
    Journal::create(path)
        .map_err(|error| Failure::usage(format!("cannot create the journal {}: {error}", path.display())))
}

/// Drives a sweep's outcomes to the end, writing each as it comes (JSON Lines and CSV)
/// and counting it; the caller writes the end of the report. The progress bar follows
/// the calls as they are answered, since a sweep reports a session only once a listing
/// confirms it. Ctrl-C stops the sweep: what is in flight finishes, the rest is
/// reported not attempted, and the journal (if any) lets `resume` finish it.
pub async fn drive(
    job: &'static str,
    mut outcomes: BatchStream<'_, SweepOutcome>,
    targets: Option<u64>,
    format: Format,
) -> Result<(Tally, Sink<SessionOutcome>), Failure> {
    let stopper = outcomes.stopper();
    let interrupt = Interrupt::watch(stopper.clone()).await;
    let progress = Progress::new(targets, "sessions answered");
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
    eprintln!("{job}: confirmed by listing: {ended} sessions ended, {still} still active");
    tally.close(&outcomes.progress(), broken.as_ref(), interrupt.pressed(), &stopper);
    Ok((tally, sink))
}

/// The row for one outcome; `None` for a failed listing, which is no target's outcome
/// but stops the sweep.
fn row(outcome: SweepOutcome, tally: &mut Tally) -> Option<SessionOutcome> {
    let (session, verdict, problem) = match outcome {
        SweepOutcome::Ended(session) => (session, Verdict::Ended, Problem::default()),
        SweepOutcome::AlreadyEnded(session) => (session, Verdict::AlreadyEnded, Problem::default()),
        SweepOutcome::Failed(session, failure) => (session, Verdict::Failed, Problem::of_sweep(&failure)),
        SweepOutcome::StillActive(session) => (session, Verdict::StillActive, Problem::default()),
        SweepOutcome::Unconfirmed(session) => (session, Verdict::Unconfirmed, Problem::default()),
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
    Some(SessionOutcome {
        session_id: session.session_id,
        user_id: Some(session.user_id),
        team_id: Some(session.team_id),
        outcome: verdict,
        problem,
    })
}
