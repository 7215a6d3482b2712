//! Running a sweep: the plan's calls, side by side per method, then the confirming
//! listings, with every outcome sent to the caller's stream and the journal.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::filter::SessionFilter;
use super::plan::{PlannedReset, SignOutPlan};
use super::{plan_for, Confirmed, Start, SweepFailure, SweepOptions, SweepOutcome};
use crate::bulk::batch::BatchStatus;
use crate::bulk::journal::{
    now_ms, CallLog, JobKind, JobRecord, JournalEntry, OutcomeKind, OutcomeRecord, ResetScope, Via,
};
use crate::bulk::run::{ends_the_run, RunControl, RunStream};
use crate::client::Client;
use crate::error::Error;
use crate::method::ErrorCategory;
use crate::methods::{
    ActiveSession, AdminUsersSessionInvalidateError, AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest,
    AdminUsersSessionResetBulkRequest,
};
use crate::pacing::Pacer;
use crate::stop::{StopReason, Stopper};

/// How many invalidations a sweep keeps in flight. Pacing decides when each may start;
/// this only lets round trips overlap, so that latency, or one slow call, does not eat
/// into the tier's allowance. Outcomes come back in the order calls finish.
const SWEEP_CONCURRENCY: usize = 8;

/// Starts a run and returns its outcome stream. Nothing happens until the stream is
/// polled, and dropping it ends the run.
pub(super) fn start<'a>(
    client: &'a Client,
    request: AdminUsersSessionListRequest,
    filter: Option<SessionFilter>,
    options: SweepOptions,
    start: Start,
) -> RunStream<'a, SweepOutcome> {
    let control = RunControl::default();
    let (out, received) = unbounded_channel();
    let already = match &start {
        Start::Resume(resumed) => resumed.calls,
        _ => 0,
    };
    let log = options.journal.clone().map(|journal| CallLog::new(journal, already));
    let (scope, prefer_mobile) = match (&start, &filter) {
        (Start::Resume(resumed), Some(filter)) => (resumed.scope, filter.tests_mobile()),
        (Start::Resume(resumed), None) => (resumed.scope, !resumed.scope.full),
        (Start::Apply(saved), Some(filter)) => (saved.resets, filter.tests_mobile()),
        (_, Some(filter)) => (super::reset_scope(options.resets, filter, &request), filter.tests_mobile()),
        (_, None) => (ResetScope::default(), false),
    };
    let adds_new_matches = match &start {
        Start::Apply(_) => false,
        Start::Resume(resumed) => !resumed.applied,
        _ => true,
    };
    let run = Run {
        client,
        request,
        filter,
        options,
        adds_new_matches,
        control: control.clone(),
        pacer: client.bulk_pacer(),
        out,
        log,
        book: Book::default(),
        scope,
        prefer_mobile,
    };
    let outcomes =
        stream::unfold(
            received,
            |mut received| async move { received.recv().await.map(|outcome| (outcome, received)) },
        );
    let driver = stream::once(run.drive(start)).filter_map(|()| std::future::ready(None));
    RunStream::new(stream::select(outcomes, driver), control)
}

/// One sweep in progress.
pub(super) struct Run<'a> {
    pub(super) client: &'a Client,
    pub(super) request: AdminUsersSessionListRequest,
    /// The filter; a resumed run has none, and then looks only at its journal's targets.
    pub(super) filter: Option<SessionFilter>,
    pub(super) options: SweepOptions,
    pub(super) control: RunControl,
    pub(super) pacer: Arc<Pacer>,
    out: UnboundedSender<SweepOutcome>,
    pub(super) log: Option<CallLog>,
    pub(super) book: Book,
    /// The resets a re-plan may use, and whether it prefers `mobile_only` ones.
    pub(super) scope: ResetScope,
    pub(super) prefer_mobile: bool,
    /// Whether confirming listings plan matching sessions first seen there; not for a
    /// saved plan, which ends only what it planned.
    pub(super) adds_new_matches: bool,
}

/// What the run knows about its targets.
#[derive(Default)]
pub(super) struct Book {
    /// Targets whose call was sent and which no listing has yet confirmed gone, by
    /// session ID.
    pub(super) awaiting: BTreeMap<i64, Pending>,
    /// Every session planned in this run, so that none is planned twice.
    pub(super) targeted: HashSet<i64>,
    /// Every session an `invalidate` was sent for: none is invalidated twice.
    pub(super) invalidated: HashSet<i64>,
    /// Sessions in the last listing of the whole scope, to price the next one.
    pub(super) last_listed: usize,
}

/// A target whose call was sent.
pub(super) struct Pending {
    pub(super) session: ActiveSession,
    pub(super) via: Via,
    /// The call's failure, when it failed but may have acted: a listing decides.
    pub(super) failure: Option<SweepFailure>,
    /// Confirming listings that still showed it since its last call.
    pub(super) seen_after: u32,
}

/// What one call did for the sessions it covered, before any listing.
enum Sent {
    Accepted(Vec<ActiveSession>, Via),
    MayHaveActed(Vec<ActiveSession>, Via, SweepFailure),
}

impl<'a> Run<'a> {
    async fn drive(mut self, start: Start) {
        let mut plan = match start {
            Start::List => match self.list_and_plan().await {
                Some(plan) => plan,
                None => return self.finish(),
            },
            Start::Plan(plan) => {
                self.write_job();
                plan
            }
            Start::Apply(saved) => match self.list_applied(saved).await {
                Some(plan) => plan,
                None => return self.finish(),
            },
            Start::Resume(resumed) => match self.check_resumed(resumed).await {
                Ok(Some(plan)) => plan,
                Ok(None) => return self.finish(),
                Err(()) => return,
            },
        };
        let mut round = 0;
        let deadline = tokio::time::Instant::now() + self.options.confirm_within;
        let mut lost = None;
        loop {
            self.execute(&plan).await;
            if self.book.awaiting.is_empty() {
                break;
            }
            let late = tokio::time::Instant::now() >= deadline;
            if self.control.stop.is_stopped() || round == self.options.confirm_rounds || late {
                self.report_unconfirmed();
                break;
            }
            round += 1;
            self.settle(round, deadline, lost.is_some()).await;
            match self.confirm(round).await {
                Confirmed::Next(next) => (plan, lost) = (next, None),
                Confirmed::Lost(error) => (plan, lost) = (SignOutPlan::none(), Some(error)),
                Confirmed::Stopped => {
                    self.report_unconfirmed();
                    break;
                }
            }
        }
        // Confirmation that could not list at the end says why, as the run's last
        // outcome and in the journal, so that the unconfirmed targets are explained.
        if let Some(error) = lost {
            self.journal(&JournalEntry::Note {
                note: format!("confirmation could not list: {error}"),
                at_ms: now_ms(),
            });
            self.emit_now(SweepOutcome::ListFailed(error));
        }
        self.finish();
    }

    /// The first listing and the plan made from it. A listing cut short still plans
    /// what it found, with `invalidate` only (a partial listing proves nothing about
    /// what a reset would end), and its failure is the run's last outcome.
    async fn list_and_plan(&mut self) -> Option<SignOutPlan> {
        self.write_job();
        let listing = self.client.list_sessions(vec![self.request.clone()], &self.pacer, &self.control).await;
        let filter = self.filter.clone().unwrap_or_default();
        self.book.last_listed = listing.sessions.len();
        let mut options = self.options.clone();
        if !listing.is_complete() {
            options.resets = super::Resets::Never;
        }
        let plan = plan_for(&listing.sessions, &filter, &self.request, &options, listing.pages);
        if let Some(error) = listing.failure {
            if ends_the_run(error.category()) {
                self.control.stop.halt(StopReason::AccessRefused(error.to_string()));
            }
            self.execute(&plan).await;
            self.report_unconfirmed();
            self.emit_now(SweepOutcome::ListFailed(error));
            return None;
        }
        Some(plan)
    }

    pub(super) fn write_job(&self) {
        let Some(log) = &self.log else { return };
        let job = JobRecord {
            filter: self.filter.as_ref().map(SessionFilter::description),
            tests: self.filter.as_ref().and_then(SessionFilter::to_tests),
            resets: self.scope,
            protected: self.options.protected.iter().cloned().collect(),
            applied: !self.adds_new_matches,
            ..log.journal().job_record(JobKind::Sweep, self.client.base_url())
        };
        self.journal(&JournalEntry::Job(job));
    }

    /// Sends every call of `plan`: the resets and the invalidations side by side, since
    /// Slack limits the two methods separately. Final outcomes go out as they happen;
    /// targets whose calls were accepted wait for a listing.
    pub(super) async fn execute(&mut self, plan: &SignOutPlan) {
        if plan.targets().next().is_none() {
            return;
        }
        self.journal(&JournalEntry::Plan { calls: plan.calls(), targets: plan.target_records() });
        self.book.targeted.extend(plan.targets().map(|session| session.session_id));
        self.control.progress.add_planned(plan.targets().count());
        let mut fresh = Vec::new();
        for session in plan.invalidations() {
            if self.book.invalidated.insert(session.session_id) {
                fresh.push(session.clone());
            } else {
                // Its invalidate was accepted and it is still listed: sending another
                // would send the side effect twice.
                self.emit(SweepOutcome::StillActive(session.clone()));
            }
        }
        let this = &*self;
        let (reset, invalidated) =
            futures_util::future::join(this.reset_all(plan.resets()), this.invalidate_all(fresh)).await;
        for sent in reset.into_iter().chain(invalidated) {
            self.await_listing(sent);
        }
    }

    async fn reset_all(&self, resets: &[PlannedReset]) -> Vec<Sent> {
        let mut sent = Vec::new();
        for reset in resets {
            let template = AdminUsersSessionResetBulkRequest::new(Vec::<String>::new());
            let template = if reset.mobile_only { template.mobile_only(true) } else { template };
            let via = if reset.mobile_only { Via::MobileReset } else { Via::Reset };
            let mut sessions = by_user(&reset.sessions);
            let outcomes = self
                .client
                .send_isolating(&template, reset.user_ids.clone(), &self.pacer, &self.control, self.log.as_ref())
                .await;
            for outcome in outcomes {
                let covered: Vec<ActiveSession> =
                    outcome.ids.iter().flat_map(|user| sessions.remove(user).unwrap_or_default()).collect();
                self.control.progress.add_answered(covered.len());
                match outcome.status {
                    BatchStatus::Done(_) | BatchStatus::Accepted(_) => sent.push(Sent::Accepted(covered, via)),
                    BatchStatus::Failed(error) => {
                        let failure = SweepFailure::Reset(Arc::new(error));
                        if failure.may_have_taken_effect() {
                            sent.push(Sent::MayHaveActed(covered, via, failure));
                        } else {
                            covered.into_iter().for_each(|s| self.emit(SweepOutcome::Failed(s, failure.clone())));
                        }
                    }
                    _ => covered.into_iter().for_each(|s| self.emit(SweepOutcome::NotAttempted(s))),
                }
            }
        }
        sent
    }

    async fn invalidate_all(&self, sessions: Vec<ActiveSession>) -> Vec<Sent> {
        let calls = stream::iter(sessions).map(|session| self.invalidate(session)).buffer_unordered(SWEEP_CONCURRENCY);
        calls.filter_map(std::future::ready).collect().await
    }

    async fn invalidate(&self, session: ActiveSession) -> Option<Sent> {
        let request = AdminUsersSessionInvalidateRequest::new_with_user_id(session.session_id, session.user_id.clone());
        let result = self.client.send_logged(&request, &self.pacer, &self.control, self.log.as_ref()).await;
        self.control.progress.add_answered(1);
        let error = match result {
            None => {
                self.emit(SweepOutcome::NotAttempted(session));
                return None;
            }
            Some(Ok(_)) => return Some(Sent::Accepted(vec![session], Via::Invalidate)),
            Some(Err(error)) => error,
        };
        if is_gone(&error) {
            self.emit(SweepOutcome::AlreadyEnded(session));
            return None;
        }
        if ends_the_run(error.category()) {
            self.control.stop.halt(StopReason::AccessRefused(error.to_string()));
        }
        let failure = SweepFailure::Invalidate(Arc::new(error));
        if failure.may_have_taken_effect() {
            return Some(Sent::MayHaveActed(vec![session], Via::Invalidate, failure));
        }
        self.emit(SweepOutcome::Failed(session, failure));
        None
    }

    fn await_listing(&mut self, sent: Sent) {
        let (sessions, via, failure) = match sent {
            Sent::Accepted(sessions, via) => (sessions, via, None),
            Sent::MayHaveActed(sessions, via, failure) => (sessions, via, Some(failure)),
        };
        for session in sessions {
            let pending = Pending { session, via, failure: failure.clone(), seen_after: 0 };
            self.book.awaiting.insert(pending.session.session_id, pending);
        }
    }

    /// Reports the targets still waiting for a listing: their calls were accepted, but
    /// no listing has confirmed them gone.
    fn report_unconfirmed(&mut self) {
        for (_, pending) in std::mem::take(&mut self.book.awaiting) {
            let outcome = match pending.failure {
                Some(failure) => SweepOutcome::Failed(pending.session, failure),
                None => SweepOutcome::Unconfirmed(pending.session),
            };
            self.emit(outcome);
        }
    }

    fn finish(&self) {
        self.journal(&JournalEntry::End { at_ms: now_ms() });
    }

    /// Sends an outcome to the stream and the journal.
    pub(super) fn emit(&self, outcome: SweepOutcome) {
        if let Some(session) = outcome.session() {
            let (outcome_kind, reason) = describe(&outcome, &self.control.stop);
            let failure = match &outcome {
                SweepOutcome::Failed(_, failure) => Some(failure),
                _ => None,
            };
            let record = OutcomeRecord {
                user_id: session.user_id.clone(),
                session_id: Some(session.session_id),
                outcome: outcome_kind,
                reason,
                code: failure.and_then(|failure| failure.code().map(str::to_owned)),
                refused: failure.is_some_and(|failure| failure.category() == Some(ErrorCategory::Target)),
                may_have_taken_effect: failure.is_some_and(SweepFailure::may_have_taken_effect),
            };
            self.journal(&JournalEntry::Outcome(record));
        }
        self.emit_now(outcome);
    }

    pub(super) fn emit_now(&self, outcome: SweepOutcome) {
        // The receiver is gone only when the caller dropped the stream, which ends the
        // run; there is no one left to tell.
        let _ = self.out.send(outcome);
    }

    /// Writes a journal line that is not about a call. Losing it loses no call, so a
    /// failure here only stops the run, as a failure before a call does.
    pub(super) fn journal(&self, entry: &JournalEntry) {
        if let Some(log) = &self.log {
            if let Err(problem) = log.journal().write(entry) {
                self.control.stop.halt(StopReason::JournalFailed(problem));
            }
        }
    }
}

/// Whether an `invalidate` failed because the session was already gone.
fn is_gone(error: &Error<AdminUsersSessionInvalidateError>) -> bool {
    matches!(
        error.api_error(),
        Some(AdminUsersSessionInvalidateError::SessionNotFound | AdminUsersSessionInvalidateError::SessionExpired)
    )
}

/// A reset's sessions by user, so that a split call's outcome finds its users' sessions.
fn by_user(sessions: &[ActiveSession]) -> HashMap<String, Vec<ActiveSession>> {
    let mut users: HashMap<String, Vec<ActiveSession>> = HashMap::new();
    for session in sessions {
        users.entry(session.user_id.clone()).or_default().push(session.clone());
    }
    users
}

/// The journal's name for an outcome, and its reason.
fn describe(outcome: &SweepOutcome, stop: &Stopper) -> (OutcomeKind, Option<String>) {
    match outcome {
        SweepOutcome::Ended(_) => (OutcomeKind::Ended, None),
        SweepOutcome::AlreadyEnded(_) => (OutcomeKind::AlreadyEnded, None),
        SweepOutcome::Failed(_, failure) => (OutcomeKind::Failed, Some(failure.to_string())),
        SweepOutcome::StillActive(_) => (OutcomeKind::StillActive, Some("still listed after its call".to_owned())),
        SweepOutcome::Unconfirmed(_) => (OutcomeKind::Unconfirmed, stop.reason().map(|reason| reason.to_string())),
        SweepOutcome::Skipped(_) => (OutcomeKind::Skipped, Some("no longer matches the plan's filter".to_owned())),
        SweepOutcome::NotAttempted(_) | SweepOutcome::ListFailed(_) => {
            (OutcomeKind::NotAttempted, stop.reason().map(|reason| reason.to_string()))
        }
    }
}
