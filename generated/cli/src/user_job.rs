//! A job over users on a batched method (`reset-bulk`, `settings set`, `settings clear`,
//! and `resume` of one): the library splits the users into calls and streams one outcome
//! per call; this writes one outcome per user, with progress, a summary and Ctrl-C.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
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

/// Settles by listing the users a job's calls were accepted for (`accepted`) or left
/// unknown by a partial success that named nobody (`unsure`): each user's outcome, and
/// the calls it took. `reset-bulk` confirms this way, since Slack's `ok` only queues a
/// reset.
pub type Confirm<'a> =
    Box<dyn FnOnce(Vec<String>, Vec<String>) -> Pin<Box<dyn Future<Output = (Vec<UserOutcome>, u64)> + 'a>> + 'a>;

/// Drives `outcomes`, a batched run, to the end and reports on every user it was given
/// (the run's distinct IDs, which it counts as planned before it starts), after the
/// `earlier` outcomes a resumed job's earlier runs settled; `job` names the subcommand
/// in the summary, and `journal` the file the job is recorded in, if it is. With
/// `confirm`, the users whose calls were accepted (or may have been) are reported only
/// once it has settled them, as done, still active or unconfirmed.
pub async fn run<M: Batched>(
    job: &'static str,
    mut outcomes: RunStream<'_, BatchOutcome<M>>,
    journal: Option<&Path>,
    provenance: &Provenance,
    earlier: Vec<UserOutcome>,
    confirm: Option<Confirm<'_>>,
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
    // Rows that wait for confirmation: accepted (unconfirmed until a listing says) and
    // unsure (failed, unless a listing says otherwise).
    let mut held = Vec::new();
    while let Some(outcome) = outcomes.next().await {
        let (verdict, problem) = match &outcome.status {
            BatchStatus::Done(_) | BatchStatus::Accepted(_) if confirm.is_some() => {
                (Verdict::Unconfirmed, Problem::default())
            }
            BatchStatus::Done(_) | BatchStatus::Accepted(_) => (Verdict::Done, Problem::default()),
            BatchStatus::Failed(error) => (Verdict::Failed, Problem::of(error)),
            _ => (Verdict::NotAttempted, Problem::default()),
        };
        let unsure = confirm.is_some() && verdict == Verdict::Failed && problem.may_have_taken_effect;
        if let Some(error) = problem.error.as_ref().filter(|_| !unsure) {
            progress.note(format!("{} not done: {error}", many(outcome.ids.len(), "user")));
        }
        let count = outcome.ids.len() as u64;
        for user_id in outcome.ids {
            let row = UserOutcome { user_id, outcome: verdict, problem: problem.clone() };
            if verdict == Verdict::Unconfirmed || unsure {
                held.push(row);
                continue;
            }
            tally.record(row.user_id.clone(), verdict, &problem);
            report::push_or_stop(&mut sink, row, &stopper, &mut broken);
        }
        progress.inc(count);
    }
    progress.finish();
    let mut extra_calls = 0;
    if let Some(confirm) = confirm.filter(|_| !held.is_empty() && !stopper.is_stopped()) {
        let (accepted, unsure): (Vec<&UserOutcome>, Vec<&UserOutcome>) =
            held.iter().partition(|row| row.outcome == Verdict::Unconfirmed);
        let ids = |rows: Vec<&UserOutcome>| rows.into_iter().map(|row| row.user_id.clone()).collect();
        let (users, verb) = (many(held.len(), "user"), if held.len() == 1 { "is" } else { "are" });
        note(format_args!("{job}: confirming by listing that {users} {verb} signed out"));
        (held, extra_calls) = confirm(ids(accepted), ids(unsure)).await;
    }
    for row in held {
        tally.record(row.user_id.clone(), row.outcome, &row.problem);
        report::push_or_stop(&mut sink, row, &stopper, &mut broken);
    }
    tally.close(&outcomes.progress(), broken.as_ref(), interrupt.pressed(), &stopper);
    tally.add_calls(extra_calls);
    let mut summary = tally.summary(Some(targets));
    summary.provenance = provenance.clone();
    summary.journal = journal.map(Path::to_path_buf);
    report::finish(sink, &summary)?;
    Ok(summary.exit())
}
