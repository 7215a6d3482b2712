//! Session sweeps: list the organization's sessions, keep those a filter matches, and
//! end each one with `invalidate`, paced at its tier, with one outcome per session.

use std::sync::Arc;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::client::Client;
use crate::error::Error;
use crate::filter::SessionFilter;
use crate::method::Method;
use crate::pacing::Pacer;
use crate::stopping::{cleared_to_send, BatchStream, Stopper};
use crate::{
    ActiveSession, AdminUsersSessionInvalidateError, AdminUsersSessionInvalidateRequest, AdminUsersSessionListError,
    AdminUsersSessionListRequest,
};

/// How many invalidations a sweep keeps in flight. Pacing decides when each may start;
/// this only lets one call's round trip overlap the next one's slot, so that latency
/// does not eat into the tier's allowance.
const SWEEP_CONCURRENCY: usize = 8;

/// What became of one session in a sweep, or of the listing itself.
#[derive(Debug)]
#[non_exhaustive]
pub enum SweepOutcome {
    /// `invalidate` ended the session.
    Ended(ActiveSession),
    /// The session was gone by the time it was invalidated (`session_not_found` or
    /// `session_expired`), which is what the sweep wanted.
    AlreadyEnded(ActiveSession),
    /// `invalidate` failed. [`Error::may_have_taken_effect`] says whether the session
    /// may have ended anyway; a new sweep settles it, since ended sessions are no
    /// longer listed.
    Failed(ActiveSession, Error<AdminUsersSessionInvalidateError>),
    /// The sweep was stopped before this session's `invalidate` was sent.
    NotAttempted(ActiveSession),
    /// Listing failed; the sessions listed before it were still swept, and this is the
    /// last outcome.
    ListFailed(Error<AdminUsersSessionListError>),
}

impl SweepOutcome {
    /// The session this outcome is about; `None` for [`SweepOutcome::ListFailed`].
    pub fn session(&self) -> Option<&ActiveSession> {
        match self {
            SweepOutcome::Ended(session)
            | SweepOutcome::AlreadyEnded(session)
            | SweepOutcome::Failed(session, _)
            | SweepOutcome::NotAttempted(session) => Some(session),
            SweepOutcome::ListFailed(_) => None,
        }
    }
}

impl Client {
    /// The sessions a sweep would end: every page of `admin.users.session.list` for
    /// `request`, kept when `filter` matches. Nothing is ended, so this is the dry run.
    pub fn sweep_matches<'a>(
        &'a self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
    ) -> impl Stream<Item = Result<ActiveSession, Error<AdminUsersSessionListError>>> + Send + 'a {
        self.admin_users_session_list_stream(request)
            .filter(move |item| std::future::ready(item.as_ref().map_or(true, |session| filter.matches(session))))
    }

    /// Ends every session that `filter` matches and streams one outcome per session.
    ///
    /// The sweep first lists every match (see [`Client::sweep_matches`]) and only then
    /// invalidates them, because Slack does not say whether a cursor stays valid while
    /// sessions end underneath it. Invalidations are paced at their tier (Tier 2, 20 a
    /// minute), by the client's [`Pacing`](crate::Pacing) when it is on and at the
    /// documented rate otherwise, with a few in flight so that round trips do not slow
    /// the pace. `invalidate` is not idempotent, so a failed one is never re-sent
    /// blindly: its outcome says whether it may have taken effect.
    ///
    /// Re-running a sweep after a crash is safe and cheap: sessions already ended are
    /// no longer listed, so only the rest are touched. After [`Stopper::stop`] the
    /// remaining matches come back as [`SweepOutcome::NotAttempted`].
    pub fn sweep<'a>(
        &'a self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
    ) -> BatchStream<'a, SweepOutcome> {
        let stopper = Stopper::default();
        let stop = stopper.clone();
        let pacer = self.local_pacer();
        let listed = stream::once(self.collect_matches(request, filter, stopper.clone(), Arc::clone(&pacer)));
        let outcomes = listed
            .flat_map(|(sessions, failure)| {
                let failure = failure.map(SweepOutcome::ListFailed);
                stream::iter(sessions.into_iter().map(Ok).chain(failure.map(Err)))
            })
            .map(move |item| {
                let (stop, pacer) = (stop.clone(), Arc::clone(&pacer));
                async move {
                    let session = match item {
                        Ok(session) => session,
                        Err(outcome) => return outcome,
                    };
                    let (name, tier) =
                        (AdminUsersSessionInvalidateRequest::NAME, AdminUsersSessionInvalidateRequest::TIER);
                    if !cleared_to_send(&stop, &pacer, name, tier).await {
                        return SweepOutcome::NotAttempted(session);
                    }
                    self.end_session(session, &stop).await
                }
            })
            .buffered(SWEEP_CONCURRENCY);
        BatchStream::new(outcomes, stopper)
    }

    /// Lists every match, and the listing error that cut it short, if any. The pages are
    /// paced and a stop ends the listing early too.
    async fn collect_matches(
        &self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
        stop: Stopper,
        pacer: Arc<Pacer>,
    ) -> (Vec<ActiveSession>, Option<Error<AdminUsersSessionListError>>) {
        let listing = self.list_sessions(vec![request], &pacer, &stop).await;
        let matches = listing.sessions.into_iter().filter(|session| filter.matches(session)).collect();
        (matches, listing.failure)
    }

    async fn end_session(&self, session: ActiveSession, stop: &Stopper) -> SweepOutcome {
        let request = AdminUsersSessionInvalidateRequest::new_with_user_id(session.session_id, session.user_id.clone());
        match self.call_unless_stopped(&request, stop).await {
            None => SweepOutcome::NotAttempted(session),
            Some(Ok(_)) => SweepOutcome::Ended(session),
            Some(Err(error)) => match error.api_error() {
                Some(
                    AdminUsersSessionInvalidateError::SessionNotFound
                    | AdminUsersSessionInvalidateError::SessionExpired,
                ) => SweepOutcome::AlreadyEnded(session),
                _ => SweepOutcome::Failed(session, error),
            },
        }
    }
}
