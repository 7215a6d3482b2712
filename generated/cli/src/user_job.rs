//! A job over users on a batched method (`reset-bulk`, `settings set`, `settings clear`,
//! and `resume` of one): the library splits the users into calls and streams one outcome
//! per call; this writes one outcome per user, with progress, a summary and Ctrl-C.

use std::path::Path;
use std::time::Duration;

use futures_util::StreamExt;

use slack_admin_users_session::{
    bulk::{BatchOutcome, BatchStatus, RunStream},
    method::Batched,
    Client,
};

use crate::cli::Format;
use crate::exit::{check_arguments, Exit, Failure};
use crate::interrupt::Interrupt;
use crate::output::Sink;
use crate::progress::Progress;
use crate::provenance::Provenance;
use crate::report::{self, Problem, Tally, UserOutcome, Verdict};
use crate::verbosity::note;
use crate::words::many;

/// Starts the batched calls of `template` for `users`, recorded in a new journal at
/// `journal` when one is given, so that `resume` can finish the job.
/// The template is checked first ([`check_template`]).
pub fn start<'a, M: Batched + 'a>(
    client: &'a Client,
    users: &[String],
    template: M,
    journal: Option<&Path>,
    provenance: &Provenance,
    job: &str,
) -> Result<RunStream<'a, BatchOutcome<M>>, Failure> {
    check_template(&template, users)?;
    let Some(path) = journal else { return Ok(client.batched(users.to_vec(), template)) };
    let journal = provenance.create_journal(path)?;
    note(format_args!("{job}: recording the job in {}", path.display()));
    Ok(client.batched_journaled(users.to_vec(), template, journal))
}

/// Checks a batched job's `template` against the spec's argument rules, with the first
/// call's users in it, so that an argument Slack would refuse (a duration below its
/// bound) is a usage error before anything is sent, not a failure of every user.
pub fn check_template<M: Batched>(template: &M, users: &[String]) -> Result<(), Failure> {
    check_arguments(&template.with_ids(users.iter().take(M::MAX_PER_CALL).cloned().collect()))
}

/// Drives `outcomes`, a batched run, to the end and reports on every user it was given
/// (the run's distinct IDs, which it counts as planned before it starts), after the
/// `earlier` outcomes a resumed job's earlier runs settled; `job` names the subcommand
/// in the summary, and `journal` the file the job is recorded in, if it is.
pub async fn run<M: Batched>(
    job: &'static str,
    mut outcomes: RunStream<'_, BatchOutcome<M>>,
    journal: Option<&Path>,
    provenance: &Provenance,
    earlier: Vec<UserOutcome>,
    format: Format,
) -> Result<Exit, Failure> {
    let targets = outcomes.progress().planned() as usize + earlier.len();
    let stopper = outcomes.stopper();
    let interrupt = Interrupt::watch(stopper.clone()).await;
    let calls = outcomes.progress().planned().div_ceil(M::MAX_PER_CALL as u64);
    let slack_time = Duration::from_secs(60).mul_f64(calls as f64 / f64::from(M::TIER.per_minute()));
    let progress = Progress::new(Some(targets as u64), "users").with_slack_time(Some(slack_time));
    let (mut tally, mut sink, mut broken) = (Tally::new(job), Sink::new(format), None);
    // A resumed job's users that earlier runs settled are reported first, as they were.
    for row in earlier {
        tally.record(row.user_id.clone(), row.outcome, &row.problem);
        report::push_or_stop(&mut sink, row, &stopper, &mut broken);
    }
    while let Some(outcome) = outcomes.next().await {
        let (verdict, problem) = match &outcome.status {
            BatchStatus::Done(_) | BatchStatus::Accepted(_) => (Verdict::Done, Problem::default()),
            BatchStatus::Failed(error) => (Verdict::Failed, Problem::of(error)),
            _ => (Verdict::NotAttempted, Problem::default()),
        };
        if let Some(error) = &problem.error {
            progress.note(format!("{} not done: {error}", many(outcome.ids.len(), "user")));
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
    tally.close(&outcomes.progress(), broken.as_ref(), interrupt.pressed(), &stopper);
    let mut summary = tally.summary(Some(targets));
    summary.provenance = provenance.clone();
    summary.journal = journal.map(Path::to_path_buf);
    report::finish(sink, &summary)?;
    Ok(summary.exit())
}
