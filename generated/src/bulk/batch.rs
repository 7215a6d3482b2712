//! Batched calls: any number of IDs, split into calls of the size Slack takes, paced at
//! the method's tier, with one outcome for every ID.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};

use super::journal::{
    now_ms, read_journal, CallLog, JobKind, JobRecord, Journal, JournalEntry, JournalError, OutcomeKind, OutcomeRecord,
};
use super::run::{cleared_to_send, counted, ends_the_run, RunControl, RunStream};
use crate::client::{Answer, Client};
use crate::error::Error;
use crate::method::{ApiError, Batched, ErrorCategory, Method, RetryClass};
use crate::pacing::Pacer;
use crate::stop::{StopReason, Stopper};

/// What became of one call of a batch, and so of every ID it carried.
#[non_exhaustive]
pub struct BatchOutcome<M: Method> {
    /// The IDs this call carried, in input order. Together the outcomes of a batch
    /// hold every distinct input ID exactly once.
    pub ids: Vec<String>,
    /// What happened to them.
    pub status: BatchStatus<M>,
}

/// The fate of one call of a batch.
#[non_exhaustive]
pub enum BatchStatus<M: Method> {
    /// Slack accepted the call.
    Done(M::Response),
    /// Slack accepted the call for these IDs, in an answer that refused it for others
    /// of the call (`failed_for_some_users`, naming them); the answer is kept for its
    /// detail. They are never sent again.
    Accepted(Error<M::Error>),
    /// The call failed; the error is typed, and says whether Slack may have acted
    /// anyway ([`Error::may_have_taken_effect`]). A user that a partial failure named
    /// fails with its own code; a partial failure that named nobody fails the whole
    /// call.
    Failed(Error<M::Error>),
    /// The call was never sent, because the batch was stopped first.
    NotAttempted,
}

impl<M: Method> fmt::Debug for BatchOutcome<M>
where
    M::Response: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchOutcome").field("ids", &self.ids).field("status", &self.status).finish()
    }
}

impl<M: Method> fmt::Debug for BatchStatus<M>
where
    M::Response: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchStatus::Done(response) => f.debug_tuple("Done").field(response).finish(),
            BatchStatus::Accepted(error) => f.debug_tuple("Accepted").field(error).finish(),
            BatchStatus::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
            BatchStatus::NotAttempted => f.write_str("NotAttempted"),
        }
    }
}

impl<M: Method> BatchOutcome<M> {
    /// Whether Slack accepted the call.
    pub fn is_done(&self) -> bool {
        matches!(self.status, BatchStatus::Done(_) | BatchStatus::Accepted(_))
    }
}

impl Client {
    /// Calls a batched method for any number of IDs and streams one outcome per call.
    ///
    /// The IDs are deduplicated (the first occurrence keeps its place), split into
    /// calls of at most [`Batched::MAX_PER_CALL`], and sent one call at a time with
    /// everything else taken from `template`. Each call follows the usual path:
    /// argument checks, the retry rule (a call that may have taken effect is not
    /// re-sent unless the method is idempotent) and Slack's `Retry-After`. The calls
    /// are paced at the method's tier: by the client's [`Pacing`](crate::Pacing) when it is on, and
    /// otherwise at the tier's documented rate.
    ///
    /// A call refused for some of the users it names is split until the IDs that fail
    /// stand alone, so one bad ID does not sink the other 999; a dead token or a
    /// missing permission stops the run, and the rest is reported not attempted
    /// ([`Stopper::reason`] says why).
    ///
    /// Every distinct ID appears in exactly one outcome, so counting the stream is the
    /// progress. After [`Stopper::stop`] the remaining calls are reported as
    /// [`BatchStatus::NotAttempted`] without being sent. Dropping the stream instead
    /// stops it without reports.
    pub fn batched<'a, M: Batched + 'a>(
        &'a self,
        ids: impl IntoIterator<Item = impl Into<String>>,
        template: M,
    ) -> RunStream<'a, BatchOutcome<M>> {
        self.run_batch(split(ids, M::MAX_PER_CALL), template, None)
    }

    /// Like [`batched`](Self::batched), and records the job in `journal` (see
    /// [`crate::journal`]): the IDs and arguments first, then every call before it is
    /// sent and when it ends, and every ID's outcome, so that
    /// [`resume_batched`](Self::resume_batched) can finish it after a crash. A journal
    /// line that cannot be written stops the run before the next call.
    pub fn batched_journaled<'a, M: Batched + 'a>(
        &'a self,
        ids: impl IntoIterator<Item = impl Into<String>>,
        template: M,
        journal: Journal,
    ) -> RunStream<'a, BatchOutcome<M>> {
        let chunks = split(ids, M::MAX_PER_CALL);
        let job = JobRecord {
            method: Some(M::NAME.to_owned()),
            ids: chunks.iter().flatten().cloned().collect(),
            arguments: template
                .form_fields()
                .into_iter()
                .filter(|(name, _)| *name != M::SPLIT_ARG)
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            ..journal.job_record(JobKind::Batched, &self.shared.base_url)
        };
        let written = journal.write(&JournalEntry::Job(job));
        let stream = self.run_batch(chunks, template, Some(CallLog::new(journal, 0)));
        if let Err(problem) = written {
            stream.stopper().halt(StopReason::JournalFailed(problem));
        }
        stream
    }

    /// Finishes a job of [`batched_journaled`](Self::batched_journaled) from its
    /// journal: IDs with a final outcome are skipped and the rest sent again, with
    /// `template` for the other arguments (the journal's `job` line holds the ones the
    /// first run used). Only a method the spec marks idempotent, such as `resetBulk`,
    /// can be resumed, since a call cut short by the crash may have acted.
    pub fn resume_batched<'a, M: Batched + 'a>(
        &'a self,
        journal: impl AsRef<Path>,
        template: M,
    ) -> Result<RunStream<'a, BatchOutcome<M>>, JournalError> {
        let path = journal.as_ref();
        let fail = |line, problem: String| JournalError { path: path.to_owned(), line, problem };
        let entries = read_journal(path)?;
        let mut ids = Vec::new();
        let mut finished = HashSet::new();
        let mut calls = 0;
        for entry in entries {
            match entry {
                JournalEntry::Job(job) if job.method.as_deref() != Some(M::NAME) => {
                    return Err(fail(Some(1), format!("the journal is not a batched job of {}", M::NAME)));
                }
                JournalEntry::Job(job) => ids = job.ids,
                JournalEntry::Sent(sent) => calls = sent.call.max(calls),
                JournalEntry::Outcome(outcome) if outcome.is_settled() => {
                    finished.insert(outcome.user_id);
                }
                // A failure that may heal is open again, whatever a run before said.
                JournalEntry::Outcome(outcome) => {
                    finished.remove(&outcome.user_id);
                }
                _ => {}
            }
        }
        if !M::IDEMPOTENT {
            return Err(fail(None, format!("{} is not idempotent, so a job of it cannot be resumed safely", M::NAME)));
        }
        let journal = Journal::append(path).map_err(|error| fail(None, error.to_string()))?;
        let left: Vec<String> = ids.into_iter().filter(|id| !finished.contains(id)).collect();
        Ok(self.run_batch(split(left, M::MAX_PER_CALL), template, Some(CallLog::new(journal, calls))))
    }

    fn run_batch<'a, M: Batched + 'a>(
        &'a self,
        chunks: Vec<Vec<String>>,
        template: M,
        log: Option<CallLog>,
    ) -> RunStream<'a, BatchOutcome<M>> {
        let control = RunControl::default();
        let pacer = self.bulk_pacer();
        let run = control.clone();
        let log = log.map(Arc::new);
        let finish = log.clone();
        control.progress.add_planned(chunks.iter().map(Vec::len).sum());
        let outcomes = stream::iter(chunks)
            .then(move |ids| {
                let (template, run, pacer, log) = (template.clone(), run.clone(), Arc::clone(&pacer), log.clone());
                async move {
                    let outcomes = self.send_isolating(&template, ids, &pacer, &run, log.as_deref()).await;
                    run.progress.add_answered(outcomes.iter().map(|outcome| outcome.ids.len()).sum());
                    if let Some(log) = &log {
                        outcomes.iter().for_each(|outcome| journal_outcome(log, outcome, &run.stop));
                    }
                    outcomes
                }
            })
            .flat_map(stream::iter)
            .map(Some)
            .chain(stream::once(async move {
                if let Some(log) = finish {
                    // The end line marks a finished job; a lost one only makes a resumed
                    // run find nothing left to do.
                    let _ = log.journal().write(&JournalEntry::End { at_ms: now_ms() });
                }
                None
            }))
            .filter_map(std::future::ready);
        RunStream::new(outcomes, control)
    }
}

/// Writes one outcome line per ID of a batch call.
fn journal_outcome<M: Method>(log: &CallLog, outcome: &BatchOutcome<M>, stop: &Stopper) {
    let (kind, reason) = match &outcome.status {
        BatchStatus::Done(_) | BatchStatus::Accepted(_) => (OutcomeKind::Done, None),
        BatchStatus::Failed(error) => (OutcomeKind::Failed, Some(error.to_string())),
        BatchStatus::NotAttempted => (OutcomeKind::NotAttempted, stop.reason().map(|reason| reason.to_string())),
    };
    let failure = match &outcome.status {
        BatchStatus::Failed(error) => Some(error),
        _ => None,
    };
    for id in &outcome.ids {
        let record = OutcomeRecord {
            user_id: id.clone(),
            session_id: None,
            outcome: kind,
            reason: reason.clone(),
            code: failure.and_then(|error| error.code().map(str::to_owned)),
            refused: failure.is_some_and(|error| error.category() == Some(ErrorCategory::Target)),
            may_have_taken_effect: failure.is_some_and(|error| error.may_have_taken_effect()),
        };
        if let Err(problem) = log.journal().write(&JournalEntry::Outcome(record)) {
            stop.halt(StopReason::JournalFailed(problem));
        }
    }
}

/// How many times one chunk may be split to isolate the IDs that fail: enough to single
/// out about five bad IDs in a small chunk (each costs about ten splits). A chunk of
/// `n` IDs may split `n / 4` times when that is more, so 1,000 IDs with a few dozen bad
/// ones among them are all isolated, while a chunk of nothing but bad IDs still costs a
/// bounded number of calls.
const MAX_SPLITS: u32 = 50;

impl Client {
    /// Sends one chunk of IDs, and, when Slack refuses it for some of the users it
    /// names, finds them without sending any accepted user twice:
    ///
    /// - A refusal about a target (`user_not_found`, a bot, the primary owner) did
    ///   nothing. The users the answer names fail with their own codes, and the rest
    ///   are sent again; an answer that names none is split in halves until the IDs
    ///   that fail stand alone (one bad ID among 1,000 costs about twenty calls). A
    ///   chunk splits at most [`MAX_SPLITS`] times (or a quarter of its IDs), so a chunk
    ///   of nothing but bad IDs costs a bounded number of calls.
    /// - A partial success (`failed_for_some_users`) acted for the users it does not
    ///   name, who are never sent again, even for a method the spec marks idempotent: a
    ///   second reset would also end the sessions a user opened in between. A named
    ///   user whose own code is transient is sent once more, alone; the others fail
    ///   with their codes. An answer that names nobody leaves the whole chunk failed,
    ///   with [`Error::may_have_taken_effect`] set, for the caller to confirm.
    ///
    /// A failure every later call would share (a dead token, a missing permission)
    /// stops the run, and the IDs not yet sent are reported as not attempted.
    pub(crate) async fn send_isolating<M: Batched>(
        &self,
        template: &M,
        ids: Vec<String>,
        pacer: &Pacer,
        run: &RunControl,
        log: Option<&CallLog>,
    ) -> Vec<BatchOutcome<M>> {
        let mut outcomes = Vec::new();
        let mut splits_left = MAX_SPLITS.max(u32::try_from(ids.len() / 4).unwrap_or(u32::MAX));
        let mut sent_again = HashSet::new();
        // Depth first, left half before right, so the outcomes keep the input order.
        let mut work = vec![ids];
        while let Some(ids) = work.pop() {
            let error = match self.send_logged(&template.with_ids(ids.clone()), pacer, run, log).await {
                None => {
                    outcomes.push(BatchOutcome { ids, status: BatchStatus::NotAttempted });
                    continue;
                }
                Some(Ok(answer)) => {
                    outcomes.push(BatchOutcome { ids, status: BatchStatus::Done(answer.response) });
                    continue;
                }
                Some(Err(error)) => error,
            };
            let named = error.named_failures(&ids);
            let kind = error.api_error().map(|api| (api.category(), api.retry_class()));
            match kind {
                _ if ends_the_run(error.category()) => {
                    run.stop.halt(StopReason::AccessRefused(error.to_string()));
                }
                Some((_, RetryClass::PartialSuccess)) if !named.is_empty() => {
                    let (accepted, failed) = split_named(ids, &named);
                    let mut refused = Vec::new();
                    for (id, code) in failed {
                        let own = error.for_code(&code);
                        let transient = own.api_error().is_some_and(|api| api.retry_class() == RetryClass::Transient);
                        if transient && sent_again.insert(id.clone()) {
                            work.push(vec![id]);
                        } else {
                            refused.push(BatchOutcome { ids: vec![id], status: BatchStatus::Failed(own) });
                        }
                    }
                    if !accepted.is_empty() {
                        outcomes.push(BatchOutcome { ids: accepted, status: BatchStatus::Accepted(error) });
                    }
                    outcomes.extend(refused);
                    continue;
                }
                Some((ErrorCategory::Target, _)) if !named.is_empty() => {
                    let (rest, failed) = split_named(ids, &named);
                    failed.into_iter().for_each(|(id, code)| {
                        outcomes
                            .push(BatchOutcome { ids: vec![id], status: BatchStatus::Failed(error.for_code(&code)) });
                    });
                    if !rest.is_empty() {
                        work.push(rest);
                    }
                    continue;
                }
                Some((ErrorCategory::Target, _)) if ids.len() > 1 && splits_left > 0 => {
                    splits_left -= 1;
                    let (left, right) = ids.split_at(ids.len() / 2);
                    work.push(right.to_vec());
                    work.push(left.to_vec());
                    continue;
                }
                _ => {}
            }
            outcomes.push(BatchOutcome { ids, status: BatchStatus::Failed(error) });
        }
        outcomes
    }

    /// Sends one call of a bulk run: after the helper's pacing slot, unless the run was
    /// stopped, with its `sent` line in the journal before it leaves and its `answered`
    /// line after. `None` means nothing was sent. A journal that cannot be written
    /// stops the run before the call, since the call could not be accounted for.
    pub(crate) async fn send_logged<M: Method>(
        &self,
        request: &M,
        pacer: &Pacer,
        run: &RunControl,
        log: Option<&CallLog>,
    ) -> Option<Result<Answer<M::Response>, Error<M::Error>>> {
        let stop = &run.stop;
        if !cleared_to_send(stop, pacer, M::NAME, M::TIER).await {
            return None;
        }
        let Some(log) = log else { return counted(self.call_unless_stopped(request, stop).await, &run.progress) };
        let call = match log.sent(request) {
            Ok(call) => call,
            Err(problem) => {
                stop.halt(StopReason::JournalFailed(problem));
                return None;
            }
        };
        let result = self.call_unless_stopped(request, stop).await;
        if let Err(problem) = log.answered(call, result.as_ref()) {
            stop.halt(StopReason::JournalFailed(problem));
        }
        counted(result, &run.progress)
    }
}

/// `ids` without the users Slack's answer named, and the named users with their codes,
/// in the order the answer named them.
fn split_named(ids: Vec<String>, named: &[(String, String)]) -> (Vec<String>, Vec<(String, String)>) {
    let rest = ids.into_iter().filter(|id| !named.iter().any(|(bad, _)| bad == id)).collect();
    (rest, named.to_vec())
}

/// Drops repeated IDs (keeping the first) and splits the rest into calls of at most
/// `max` IDs. Zero counts as one, so that a broken limit cannot loop forever.
fn split(ids: impl IntoIterator<Item = impl Into<String>>, max: usize) -> Vec<Vec<String>> {
    let mut seen = HashSet::new();
    let unique: Vec<String> = ids.into_iter().map(Into::into).filter(|id| seen.insert(id.clone())).collect();
    unique.chunks(max.max(1)).map(<[String]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn ids_are_deduplicated_in_order_and_split_at_the_limit() {
        let ids = ["a", "b", "a", "c", "d", "b", "e"];
        assert_eq!(split(ids, 2), [vec!["a", "b"], vec!["c", "d"], vec!["e"]]);
        assert_eq!(split(Vec::<String>::new(), 2), Vec::<Vec<String>>::new());
        assert_eq!(split(["x", "x"], 0), [vec!["x"]]);
    }

    #[test]
    fn every_distinct_id_lands_in_exactly_one_call() {
        for (n, max) in [(0, 1000), (1, 1000), (999, 1000), (1000, 1000), (1001, 1000), (25_000, 1000)] {
            let ids: Vec<String> = (0..n).map(|i| format!("U{i}")).collect();
            let chunks = split(ids.iter().chain(ids.iter().take(5)).cloned(), max);
            assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= max));
            let flat: Vec<&String> = chunks.iter().flatten().collect();
            assert_eq!(flat.len(), n, "n={n}");
            assert!(flat.iter().copied().eq(ids.iter()), "n={n}: order and coverage");
            assert_eq!(chunks.len(), n.div_ceil(max), "n={n}");
        }
    }
}
