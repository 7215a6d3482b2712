//! Batched calls: any number of IDs, split into calls of the size Slack takes, paced at
//! the method's tier, with one outcome for every ID.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};

use crate::client::Client;
use crate::error::Error;
use crate::method::Method;
use crate::stopping::{cleared_to_send, BatchStream, Stopper};

/// A method whose array argument may be split across several calls, as the spec's
/// `x-slack-batch` extension marks it (for example `resetBulk`'s `user_ids`, at most
/// 1,000 a call). Implemented by the generated request types.
pub trait Batched: Method + Clone {
    /// The argument that is split, as Slack names it.
    const SPLIT_ARG: &'static str;
    /// The most IDs one call takes.
    const MAX_PER_CALL: usize;

    /// A copy of this request with the split argument replaced by `ids`.
    fn with_ids(&self, ids: Vec<String>) -> Self;
}

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
    /// The call failed; the error is typed, and says whether Slack may have acted
    /// anyway ([`Error::may_have_taken_effect`]). A partial failure such as
    /// `failed_for_some_users` lands here, for the whole call.
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
            BatchStatus::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
            BatchStatus::NotAttempted => f.write_str("NotAttempted"),
        }
    }
}

impl<M: Method> BatchOutcome<M> {
    /// Whether Slack accepted the call.
    pub fn is_done(&self) -> bool {
        matches!(self.status, BatchStatus::Done(_))
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
    /// Every distinct ID appears in exactly one outcome, so counting the stream is the
    /// progress. After [`Stopper::stop`] the remaining calls are reported as
    /// [`BatchStatus::NotAttempted`] without being sent. Dropping the stream instead
    /// stops it without reports.
    pub fn batched<'a, M: Batched + 'a>(
        &'a self,
        ids: impl IntoIterator<Item = impl Into<String>>,
        template: M,
    ) -> BatchStream<'a, BatchOutcome<M>> {
        let stopper = Stopper::default();
        let chunks = split(ids, M::MAX_PER_CALL);
        let pacer = self.local_pacer();
        let stop = stopper.clone();
        let outcomes = stream::iter(chunks).then(move |ids| {
            let request = template.with_ids(ids.clone());
            let (stop, pacer) = (stop.clone(), Arc::clone(&pacer));
            async move {
                if !cleared_to_send(&stop, &pacer, M::NAME, M::TIER).await {
                    return BatchOutcome { ids, status: BatchStatus::NotAttempted };
                }
                let status = match self.call_unless_stopped(&request, &stop).await {
                    Some(Ok(response)) => BatchStatus::Done(response),
                    Some(Err(error)) => BatchStatus::Failed(error),
                    None => BatchStatus::NotAttempted,
                };
                BatchOutcome { ids, status }
            }
        });
        BatchStream::new(outcomes, stopper)
    }
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
