//! Session sweeps: list the organization's sessions, keep those a filter matches, end
//! them in the fewest calls Slack allows, confirm by listing again, and give one
//! outcome per session.

mod confirm;
mod filter;
mod listing;
mod owner;
mod plan;
mod resets;
mod resume;
mod run;
mod saved;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_core::Stream;
use futures_util::stream::StreamExt;

use crate::bulk::journal::{Journal, ResetScope, TargetRecord};
use crate::bulk::RunStream;
use crate::client::Client;
use crate::error::Error;
use crate::method::ErrorCategory;
use crate::methods::{
    ActiveSession, AdminUsersSessionInvalidateError, AdminUsersSessionListError, AdminUsersSessionListRequest,
    AdminUsersSessionResetBulkError,
};

pub use crate::ip_range::{IpRange, IpRangeError};
pub use filter::SessionFilter;
pub use plan::{PlanSeconds, PlanSummary, PlanTime, PlannedReset, SignOutPlan};
pub use resets::ResetsConfirmed;
pub use saved::SavedPlan;

/// Which `resetBulk` calls a sweep may use in place of one `invalidate` per session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resets {
    /// Where a reset ends exactly the user's matched sessions, by the listing, and
    /// would also end only matching sessions the user opens after it. That holds for a
    /// filter of user and mobile tests only; a filter on an address, a workspace, an
    /// operating system or a predicate then gets `invalidate` calls, and the plan says
    /// what whole-user resets would have saved.
    #[default]
    Exact,
    /// Wherever the listing proves a reset ends exactly the user's matched sessions,
    /// whatever the filter: a session the user opens after the listing is ended too.
    /// An incident responder ending every session seen from a network usually wants
    /// this.
    WholeUser,
    /// Never: one `invalidate` per session.
    Never,
}

/// How a sweep runs.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    pub(crate) resets: Resets,
    pub(crate) journal: Option<Journal>,
    pub(crate) confirm_rounds: u32,
    pub(crate) confirm_within: Duration,
    pub(crate) replans: u32,
    pub(crate) protected: BTreeSet<String>,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            resets: Resets::Exact,
            journal: None,
            confirm_rounds: 6,
            confirm_within: Duration::from_secs(10 * 60),
            replans: 1,
            protected: BTreeSet::new(),
        }
    }
}

impl SweepOptions {
    /// The defaults: [`Resets::Exact`], no journal, up to 6 confirming listings within
    /// 10 minutes, and a session a reset left planned again, for `invalidate`.
    pub fn new() -> Self {
        SweepOptions::default()
    }

    /// Which resets the plan may use.
    pub fn resets(mut self, resets: Resets) -> Self {
        self.resets = resets;
        self
    }

    /// Records the job in `journal` (see [`crate::journal`]), so that
    /// [`Client::resume_sweep`] can finish it after a crash.
    pub fn journal(mut self, journal: Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// How many times at most the sweep lists again to confirm its targets gone (and
    /// to catch matching sessions opened meanwhile). Zero skips confirmation, and the
    /// sessions whose calls were accepted are then reported
    /// [`SweepOutcome::Unconfirmed`].
    pub fn confirm_rounds(mut self, rounds: u32) -> Self {
        self.confirm_rounds = rounds;
        self
    }

    /// How long after the first call the sweep keeps listing to confirm; what is not
    /// confirmed gone by then is reported [`SweepOutcome::Unconfirmed`].
    pub fn confirm_within(mut self, limit: Duration) -> Self {
        self.confirm_within = limit;
        self
    }

    /// Users whose sessions the sweep never ends, whatever the filter matches: the plan
    /// leaves them out ([`SignOutPlan::kept`] lists what it kept), no reset names them,
    /// and a confirming listing never adds them. Callers usually protect the operator
    /// running the job ([`Client::job_owner`] says who that is), break-glass accounts
    /// and service users. Adds to the users protected before.
    pub fn protect(mut self, users: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.protected.extend(users.into_iter().map(Into::into));
        self
    }

    /// Whether a session still listed after its reset (and three confirming listings)
    /// gets an `invalidate` of its own before it is reported
    /// [`SweepOutcome::StillActive`]: zero reports it at once. A session is never
    /// invalidated twice, so more than one re-plan has no effect.
    pub fn replans(mut self, replans: u32) -> Self {
        self.replans = replans;
        self
    }
}

/// What became of one session in a sweep, or of the listing itself.
#[derive(Debug)]
#[non_exhaustive]
pub enum SweepOutcome {
    /// Its call was accepted and a later listing confirmed the session gone.
    Ended(ActiveSession),
    /// The session was gone before its call could end it (`session_not_found` or
    /// `session_expired`, or no longer listed when a resumed run checked).
    AlreadyEnded(ActiveSession),
    /// Its call failed, and the session was not confirmed gone. The failure says
    /// whether Slack may have acted anyway.
    Failed(ActiveSession, SweepFailure),
    /// Its call was accepted, and the session was still listed after every re-plan and
    /// confirming listing.
    StillActive(ActiveSession),
    /// Its call was accepted, but the run stopped (or had no confirming listing left)
    /// before a listing confirmed the session gone.
    Unconfirmed(ActiveSession),
    /// The sweep was stopped before this session's call was sent.
    NotAttempted(ActiveSession),
    /// A session of an applied plan ([`Client::apply_plan`]) that no longer matches
    /// the plan's filter, or whose user is protected now, so it was left alone.
    Skipped(ActiveSession),
    /// Listing failed; the sessions listed before it were still swept, with
    /// `invalidate` only, and this is the last outcome.
    ListFailed(Error<AdminUsersSessionListError>),
}

impl SweepOutcome {
    /// The session this outcome is about; `None` for [`SweepOutcome::ListFailed`].
    pub fn session(&self) -> Option<&ActiveSession> {
        match self {
            SweepOutcome::Ended(session)
            | SweepOutcome::AlreadyEnded(session)
            | SweepOutcome::Failed(session, _)
            | SweepOutcome::StillActive(session)
            | SweepOutcome::Unconfirmed(session)
            | SweepOutcome::NotAttempted(session)
            | SweepOutcome::Skipped(session) => Some(session),
            SweepOutcome::ListFailed(_) => None,
        }
    }

    /// Whether the session is known to be gone.
    pub fn is_ended(&self) -> bool {
        matches!(self, SweepOutcome::Ended(_) | SweepOutcome::AlreadyEnded(_))
    }
}

/// Why a sweep's call for a session failed: its `resetBulk` (shared by every session
/// of the users that call named) or its `invalidate`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SweepFailure {
    /// The `resetBulk` call that named the session's user.
    Reset(Arc<Error<AdminUsersSessionResetBulkError>>),
    /// The session's `invalidate`.
    Invalidate(Arc<Error<AdminUsersSessionInvalidateError>>),
}

impl SweepFailure {
    /// Whether Slack may have acted anyway ([`Error::may_have_taken_effect`]).
    pub fn may_have_taken_effect(&self) -> bool {
        match self {
            SweepFailure::Reset(error) => error.may_have_taken_effect(),
            SweepFailure::Invalidate(error) => error.may_have_taken_effect(),
        }
    }

    /// Slack's error code, when Slack answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            SweepFailure::Reset(error) => error.code(),
            SweepFailure::Invalidate(error) => error.code(),
        }
    }

    /// The failure's category ([`Error::category`]).
    pub fn category(&self) -> Option<ErrorCategory> {
        match self {
            SweepFailure::Reset(error) => error.category(),
            SweepFailure::Invalidate(error) => error.category(),
        }
    }
}

impl fmt::Display for SweepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepFailure::Reset(error) => error.fmt(f),
            SweepFailure::Invalidate(error) => error.fmt(f),
        }
    }
}

impl Client {
    /// The sessions `filter` matches: every page of `admin.users.session.list` for
    /// `request`, kept when `filter` matches. Nothing is ended.
    pub fn sweep_matches<'a>(
        &'a self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
    ) -> impl Stream<Item = Result<ActiveSession, Error<AdminUsersSessionListError>>> + Send + 'a {
        self.admin_users_session_list_stream(request)
            .filter(move |item| std::future::ready(item.as_ref().map_or(true, |session| filter.matches(session))))
    }

    /// Lists the sessions and plans the calls that would end those `filter` matches,
    /// without ending any: the dry run. The listing is paced like every other call.
    /// Print the plan, or run it with [`Client::run_plan`].
    pub async fn plan_sweep(
        &self,
        request: AdminUsersSessionListRequest,
        filter: &SessionFilter,
        options: &SweepOptions,
    ) -> Result<SignOutPlan, Error<AdminUsersSessionListError>> {
        let pacer = self.bulk_pacer();
        let listing = self.list_sessions(vec![request.clone()], &pacer, &Default::default()).await;
        if let Some(error) = listing.failure {
            return Err(error);
        }
        Ok(plan_for(&listing.sessions, filter, &request, options, listing.pages))
    }

    /// Ends every session that `filter` matches, with [`SweepOptions::default`], and
    /// streams one outcome per session. See [`Client::sweep_with`].
    pub fn sweep<'a>(
        &'a self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
    ) -> RunStream<'a, SweepOutcome> {
        self.sweep_with(request, filter, SweepOptions::default())
    }

    /// Ends every session that `filter` matches and streams one outcome per session.
    ///
    /// The sweep lists every session for `request` first (paced, each session once
    /// however the pages overlap), then plans the calls that end exactly the matches
    /// in the least Slack time ([`SignOutPlan`]): `resetBulk` for up to 1,000 users a
    /// call where the listing proves a reset ends exactly a user's matches, and
    /// `invalidate` for the rest. Resets and invalidations run side by side, each
    /// method paced at its tier (by the client's [`Pacing`](crate::Pacing) when it is
    /// on, at the documented rate otherwise).
    ///
    /// `resetBulk` only queues a job, so the sweep then lists again, waiting longer
    /// before each listing, until every target is gone; a session a reset left (a
    /// browser on a phone, say, which `mobile_only` does not count as mobile) gets an
    /// `invalidate` of its own. A session is reported [`SweepOutcome::Ended`] only once
    /// a listing confirms it gone. A matching session first seen in a confirming listing (a user
    /// signing back in during the run) is planned and ended too.
    ///
    /// `invalidate` is not idempotent, so a session is never invalidated twice in a
    /// run; a `resetBulk` refused for some of its users is split until the users that
    /// fail stand alone. A dead token or a missing permission stops the run, and the
    /// rest is reported not attempted ([`Stopper::reason`](crate::bulk::Stopper::reason)
    /// says why), as it is after [`Stopper::stop`](crate::bulk::Stopper::stop).
    ///
    /// With a journal ([`SweepOptions::journal`]) every call is recorded before it is
    /// sent, and [`Client::resume_sweep`] finishes the job after a crash.
    pub fn sweep_with<'a>(
        &'a self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
        options: SweepOptions,
    ) -> RunStream<'a, SweepOutcome> {
        run::start(self, request, Some(filter), options, Start::List)
    }

    /// Runs a plan made by [`Client::plan_sweep`] with the same `request`, `filter` and
    /// `options`, then confirms as [`Client::sweep_with`] does.
    pub fn run_plan<'a>(
        &'a self,
        plan: SignOutPlan,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
        options: SweepOptions,
    ) -> RunStream<'a, SweepOutcome> {
        run::start(self, request, Some(filter), options, Start::Plan(plan))
    }
}

/// Where a run begins.
enum Start {
    /// With the listing, then the plan.
    List,
    /// With a plan made earlier.
    Plan(SignOutPlan),
    /// With a saved plan: its targets that are still listed and still match.
    Apply(SavedPlan),
    /// With a resumed journal's open targets, checked by listing first.
    Resume(resume::Resumed),
}

/// What a confirming listing came to.
enum Confirmed {
    /// It listed; the next plan holds the invalidations of what resets left and the
    /// new matches.
    Next(SignOutPlan),
    /// It failed: a lost round, not the end. The run lists again in its next round,
    /// within `confirm_within`, and reports this failure only if no later round lists.
    Lost(Error<AdminUsersSessionListError>),
    /// The run was stopped, or Slack refused the token.
    Stopped,
}

/// The plan for what a listing found, with the resets `options` and the filter allow.
pub(crate) fn plan_for(
    listed: &[ActiveSession],
    filter: &SessionFilter,
    request: &AdminUsersSessionListRequest,
    options: &SweepOptions,
    pages: u64,
) -> SignOutPlan {
    let (kept, matched): (Vec<ActiveSession>, Vec<ActiveSession>) = listed
        .iter()
        .filter(|session| filter.matches(session))
        .cloned()
        .partition(|session| options.protected.contains(&session.user_id));
    let scope = reset_scope(options.resets, filter, request);
    let plan = SignOutPlan::make(listed, &matched, scope, filter.tests_mobile(), pages).keeping(kept);
    if options.resets == Resets::Exact && provable(request) {
        let unrestricted = ResetScope { full: true, mobile: true };
        plan.note_forgone(&SignOutPlan::make(listed, &matched, unrestricted, filter.tests_mobile(), pages))
    } else {
        plan
    }
}

/// The resets a plan may use. A listing scoped to one workspace and user cannot prove
/// what a reset would end elsewhere, so it allows none.
pub(crate) fn reset_scope(
    resets: Resets,
    filter: &SessionFilter,
    request: &AdminUsersSessionListRequest,
) -> ResetScope {
    match resets {
        _ if !provable(request) => ResetScope::default(),
        Resets::Never => ResetScope::default(),
        Resets::WholeUser => ResetScope { full: true, mobile: true },
        Resets::Exact => filter.reset_fit(),
    }
}

/// Whether a listing for `request` shows every session of each user it lists.
fn provable(request: &AdminUsersSessionListRequest) -> bool {
    request.team_id.is_none() && request.user_id.is_none()
}

/// A target as a session, with what the journal keeps of it.
pub(crate) fn session_of(target: &TargetRecord) -> ActiveSession {
    ActiveSession::new(target.user_id.clone(), target.team_id.clone(), target.session_id)
}
