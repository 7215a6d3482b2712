//! `resume JOURNAL`: finish a journaled job after a crash or Ctrl-C. The journal's job
//! line says what it was: a sweep resumes as a sweep, a batched job (`reset-bulk`,
//! `settings set|clear`) with the arguments its first run used.

use std::path::Path;

use slack_admin_users_session::journal::{read_journal, JobKind, JobOwner, JobRecord, JournalEntry};
use slack_admin_users_session::{
    bulk::{BatchOutcome, RunStream},
    journal::JournalError,
    method::Method,
    AdminUsersSessionClearSettingsRequest as ClearSettings, AdminUsersSessionResetBulkRequest as ResetBulk,
    AdminUsersSessionSetSettingsRequest as SetSettings, Client,
};

use crate::cli::{Format, ResumeArgs};
use crate::exit::{Exit, Failure};
use crate::output::write_failure;
use crate::provenance::Provenance;
use crate::report;
use crate::session_job;
use crate::user_job;

/// Runs `resume` as the command line asked.
pub async fn run(client: &Client, args: &ResumeArgs, format: Format) -> Result<Exit, Failure> {
    let path = args.journal.as_path();
    let entries = read_journal(path).map_err(|error| Failure::usage(error.to_string()))?;
    let Some(JournalEntry::Job(job)) = entries.first() else {
        return Err(Failure::usage(format!("{}: not a journal", path.display())));
    };
    eprintln!("resume: {} recorded by a {} job", path.display(), job_name(job.job));
    check_owner(client, job, path).await?;
    match job.job {
        JobKind::Sweep => {
            let outcomes = client.resume_sweep(path).map_err(|error| Failure::usage(error.to_string()))?;
            let (tally, sink) = session_job::drive("resume", outcomes, None, format).await?;
            let summary = tally.summary(None);
            report::finish(sink, &summary).map_err(write_failure)?;
            Ok(summary.exit())
        }
        _ => resume_batched(client, path, &entries, format).await,
    }
}

/// Refuses, before anything that changes something is sent, a journal recorded with a
/// token of another org or another operator: its targets mean nothing in another org,
/// and the job is its operator's. A journal of an older version, which records no
/// owner, is resumed with a warning.
async fn check_owner(client: &Client, job: &JobRecord, path: &Path) -> Result<(), Failure> {
    let current = Provenance::of(client, None).await?;
    let (Some(recorded), Some(current)) = (job.operator.clone().zip(job.org.clone()), current.owner()) else {
        eprintln!("resume: warning: {} does not say whose job it is; resuming with this token", path.display());
        return Ok(());
    };
    match JobOwner::new(recorded.0, recorded.1).mismatch(&current) {
        Some(why) => Err(Failure::usage(format!("{}: {why}; nothing was sent", path.display()))),
        None => Ok(()),
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
    outcomes: RunStream<'_, BatchOutcome<M>>,
    format: Format,
) -> Result<Exit, Failure> {
    eprintln!("resume: {} of {total} users left", outcomes.progress().planned());
    user_job::run("resume", outcomes, &Provenance::default(), format).await
}
