//! `resume JOURNAL`: finish a journaled job after a crash or Ctrl-C. The journal's job
//! line says what it was: a sweep resumes as a sweep, a batched job (`reset-bulk`,
//! `settings set|clear`) with the arguments its first run used. The report covers every
//! target of the job, across all its runs, and the exit code is the whole job's.

use std::path::Path;

use slack_admin_users_session::journal::{
    latest_outcomes, read_journal, JobKind, JobOwner, JobRecord, Journal, JournalEntry, OutcomeKind, OutcomeRecord,
};
use slack_admin_users_session::{
    bulk::{BatchOutcome, RunStream},
    journal::JournalError,
    method::{Batched, Method},
    AdminUsersSessionClearSettingsRequest as ClearSettings, AdminUsersSessionResetBulkRequest as ResetBulk,
    AdminUsersSessionSetSettingsRequest as SetSettings, Client,
};

use crate::cli::{Format, ResumeArgs};
use crate::exit::{Exit, Failure};
use crate::output::lost_output;
use crate::provenance::Provenance;
use crate::report::{self, Problem, SessionOutcome, UserOutcome, Verdict};
use crate::session_job;
use crate::user_job;
use crate::verbosity::note;
use crate::words::many;

/// Runs `resume` as the command line asked.
pub async fn run(client: &Client, args: &ResumeArgs, format: Format) -> Result<Exit, Failure> {
    let path = args.journal.as_path();
    let entries = read_journal(path).map_err(unreadable)?;
    let Some(JournalEntry::Job(job)) = entries.first() else {
        return Err(Failure::usage(format!("{}: not a journal", path.display())));
    };
    note(format_args!("resume: {} recorded by a {} job", path.display(), job_name(job.job)));
    check_owner(client, path, job).await?;
    match job.job {
        JobKind::Sweep => {
            let outcomes = client.resume_sweep(path).map_err(|error| Failure::usage(error.to_string()))?;
            let (mut tally, mut sink) = session_job::drive("resume", outcomes, None, None, format).await?;
            // The targets this run did not report keep the outcome an earlier run gave
            // them, so that the report is the whole job's.
            for record in latest_outcomes(&entries).into_iter().filter(|record| record.session_id.is_some()) {
                let row = session_row(record);
                if !tally.has(&row.session_id.to_string()) {
                    tally.record(row.session_id.to_string(), row.outcome, &row.problem);
                    sink.push(row).map_err(lost_output)?;
                }
            }
            let mut summary = tally.summary(None);
            summary.journal = Some(path.to_path_buf());
            report::finish(sink, &summary)?;
            Ok(summary.exit())
        }
        _ => resume_batched(client, path, &entries, format).await,
    }
}

/// A journal that cannot be read, in words: a line that does not parse is named as not
/// a journal line, with what a journal holds, rather than with the JSON parser's terms.
fn unreadable(error: JournalError) -> Failure {
    let path = error.path.display();
    let text = std::fs::read_to_string(&error.path).unwrap_or_default();
    let bad = error.line.and_then(|n| text.lines().nth(n - 1).map(|line| (n, line)));
    match bad {
        Some((n, line)) if serde_json::from_str::<JournalEntry>(line).is_err() => Failure::usage(format!(
            "{path}: line {n} is not a journal line: a journal holds one JSON record a line, as --journal \
             writes them, and this line starts {:?}. Is {path} the file a job's --journal wrote?",
            line.chars().take(40).collect::<String>()
        )),
        Some((1, line)) if !matches!(serde_json::from_str(line), Ok(JournalEntry::Job(_))) => Failure::usage(format!(
            "{path}: it does not start with the job line every journal starts with; is it the file a job's \
             --journal wrote?"
        )),
        _ => Failure::usage(error.to_string()),
    }
}

/// Refuses, with exit 2 and nothing sent, a journal recorded for another organization
/// or by another operator than the current token's, as its job line says (journals
/// of format 1 say neither). A token Slack refuses ends the resume with its exit code,
/// and the journal gets a note of the attempt and nothing else.
async fn check_owner(client: &Client, path: &Path, job: &JobRecord) -> Result<(), Failure> {
    let (Some(operator), Some(org)) = (&job.operator, &job.org) else { return Ok(()) };
    let recorded = JobOwner::new(operator.clone(), org.clone());
    let current = match client.job_owner().await {
        Ok(current) => current,
        Err(error) => {
            let failure = Failure::call(&error);
            let note = format!("a resume could not ask Slack whose token it had: {}", failure.message);
            if let Ok(journal) = Journal::append(path) {
                let _ = journal.note(note);
            }
            return Err(failure);
        }
    };
    match recorded.mismatch(&current) {
        Some(why) => Err(Failure::usage(format!("{}: {why}; nothing was sent", path.display()))),
        None => Ok(()),
    }
}

/// A session's outcome as the journal last recorded it.
fn session_row(record: OutcomeRecord) -> SessionOutcome {
    let verdict = verdict_of(&record);
    SessionOutcome {
        session_id: record.session_id.unwrap_or_default(),
        user_id: Some(record.user_id),
        team_id: None,
        outcome: verdict,
        problem: problem_of(record.code, record.reason, record.may_have_taken_effect, record.refused),
    }
}

/// A batched job's user, as the journal last recorded them.
fn user_row(record: OutcomeRecord) -> UserOutcome {
    let verdict = verdict_of(&record);
    let problem = problem_of(record.code, record.reason, record.may_have_taken_effect, false);
    UserOutcome { user_id: record.user_id, outcome: verdict, problem }
}

fn verdict_of(record: &OutcomeRecord) -> Verdict {
    match record.outcome {
        OutcomeKind::Ended => Verdict::Ended,
        OutcomeKind::AlreadyEnded => Verdict::AlreadyEnded,
        OutcomeKind::Failed if record.refused && record.session_id.is_some() => Verdict::Refused,
        OutcomeKind::Failed => Verdict::Failed,
        OutcomeKind::StillActive => Verdict::StillActive,
        OutcomeKind::Unconfirmed => Verdict::Unconfirmed,
        OutcomeKind::Done => Verdict::Done,
        OutcomeKind::Skipped => Verdict::Skipped,
        _ => Verdict::NotAttempted,
    }
}

fn problem_of(code: Option<String>, reason: Option<String>, may_have_acted: bool, refused: bool) -> Problem {
    let failed = code.is_some() || reason.is_some();
    Problem {
        error_code: code,
        error: reason,
        may_have_taken_effect: may_have_acted,
        exit: failed.then_some(Exit::SomeFailed),
        unsent: false,
        refused,
    }
}

/// The kind of job a journal recorded, in words.
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
    // The users this run skips keep the outcome an earlier run gave them.
    let earlier: Vec<UserOutcome> =
        latest_outcomes(entries).into_iter().filter(OutcomeRecord::is_settled).map(user_row).collect();
    match job.method.as_deref() {
        Some(ResetBulk::NAME) => {
            let mut template = ResetBulk::new(Vec::<String>::new());
            template.mobile_only = flag("mobile_only").then_some(true);
            template.web_only = flag("web_only").then_some(true);
            let outcomes = client.resume_batched(path, template).map_err(refused)?;
            finish_resumed(path, total, outcomes, earlier, format).await
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
            finish_resumed(path, total, outcomes, earlier, format).await
        }
        Some(ClearSettings::NAME) => {
            let outcomes = client.resume_batched(path, ClearSettings::new(Vec::<String>::new())).map_err(refused)?;
            finish_resumed(path, total, outcomes, earlier, format).await
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
async fn finish_resumed<M: Batched>(
    path: &Path,
    total: usize,
    outcomes: RunStream<'_, BatchOutcome<M>>,
    earlier: Vec<UserOutcome>,
    format: Format,
) -> Result<Exit, Failure> {
    note(format_args!("resume: {} of {} left", outcomes.progress().planned(), many(total, "user")));
    user_job::run("resume", outcomes, Some(path), &Provenance::default(), earlier, None, format).await
}
