//! A job over users on a batched method (`reset-bulk`, `settings set`, `settings clear`):
//! the library splits the users into calls and streams one outcome per call; this writes
//! one outcome per user, with progress, a summary and Ctrl-C.

use std::collections::HashSet;

use futures_util::StreamExt;
use std::path::Path;

use slack_admin_users_session::{BatchOutcome, BatchStatus, BatchStream, Batched, Client, Method};

use crate::cli::Format;
use crate::exit::{Exit, Failure};
use crate::interrupt::Interrupt;
use crate::output::{write_failure, Sink};
use crate::progress::Progress;
use crate::report::{self, Problem, Tally, UserOutcome, Verdict};
use crate::sweep::stop_exit;

/// Starts the batched calls of `template` for `users`, recorded in a new journal at
/// `journal` when one is given, so that `resume` can finish the job.
pub fn start<'a, M: Batched + 'a>(
    client: &'a Client,
    users: &[String],
    template: M,
    journal: Option<&Path>,
    job: &str,
) -> Result<BatchStream<'a, BatchOutcome<M>>, Failure> {
    let Some(path) = journal else { return Ok(client.batched(users.to_vec(), template)) };
    let journal = crate::sweep::create_journal(path)?;
    eprintln!("{job}: recording the job in {}", path.display());
    Ok(client.batched_journaled(users.to_vec(), template, journal))
}

/// Drives `outcomes`, the batched calls for `users`, to the end and reports on every
/// user; `job` names the subcommand in the summary.
pub async fn run<M: Method>(
    job: &'static str,
    users: &[String],
    mut outcomes: BatchStream<'_, BatchOutcome<M>>,
    format: Format,
) -> Result<Exit, Failure> {
    let targets = users.iter().collect::<HashSet<_>>().len();
    let stopper = outcomes.stopper();
    let interrupt = Interrupt::watch(stopper.clone()).await;
    let progress = Progress::new(Some(targets as u64), "users");
    let (mut tally, mut sink, mut broken) = (Tally::new(job), Sink::new(format), None);
    while let Some(outcome) = outcomes.next().await {
        let (verdict, problem) = match &outcome.status {
            BatchStatus::Done(_) => (Verdict::Done, Problem::default()),
            BatchStatus::Failed(error) => (Verdict::Failed, Problem::of(error)),
            _ => (Verdict::NotAttempted, Problem::default()),
        };
        tally.sent(verdict, &problem);
        if let Some(error) = &problem.error {
            progress.note(format!("{} users not done: {error}", outcome.ids.len()));
        }
        let count = outcome.ids.len() as u64;
        for user_id in outcome.ids {
            tally.record(user_id.clone(), verdict, &problem);
            let row = UserOutcome { user_id, outcome: verdict, problem: problem.clone() };
            report::push_or_stop(&mut sink, row, &stopper, &mut broken);
        }
        progress.inc(count);
    }
    progress.finish();
    // The run's own count: every call that left, the halves of a split chunk included.
    tally.set_calls(outcomes.progress().calls());
    if let Some(error) = &broken {
        tally.broken_output(error);
    } else if interrupt.pressed() {
        tally.interrupted();
    } else if let Some(reason) = stopper.reason() {
        tally.stop(reason.to_string(), stop_exit(&reason));
    }
    let summary = tally.summary(Some(targets));
    report::finish(sink, &summary).map_err(write_failure)?;
    Ok(summary.exit())
}
