//! Resuming a sweep from its journal: what is confirmed done is skipped, and what may
//! have taken effect is checked by listing before anything is sent again.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::filter::SessionFilter;
use super::plan::SignOutPlan;
use super::run::{self, Run};
use super::Start;
use super::{session_of, SweepOptions, SweepOutcome};
use crate::bulk::journal::{
    now_ms, read_journal, AnsweredRecord, JobKind, Journal, JournalEntry, JournalError, ResetScope, SentRecord,
    TargetRecord, Via,
};
use crate::bulk::run::ends_the_run;
use crate::bulk::RunStream;
use crate::client::Client;
use crate::methods::{ActiveSession, AdminUsersSessionListRequest};
use crate::stop::StopReason;

/// What a journal says is left of a sweep.
pub(crate) struct Resumed {
    /// Calls the journal records, so that new ones are numbered after them.
    pub(crate) calls: u64,
    /// Targets without a final outcome, in the order planned.
    open: Vec<TargetRecord>,
    /// Sessions and users named by a call that left (or may have).
    sent_sessions: HashSet<i64>,
    sent_users: HashSet<String>,
    /// Sessions whose `invalidate` Slack accepted: never sent again.
    pub(crate) invalidated: HashSet<i64>,
    /// The resets the job may use.
    pub(crate) scope: ResetScope,
    /// Whether the job runs a saved plan, and adds no new matches.
    pub(crate) applied: bool,
    /// Users the job protects.
    pub(crate) protected: Vec<String>,
    /// The job's filter, when the journal holds it as data.
    filter: Option<SessionFilter>,
    /// Targets with a final outcome: never planned again.
    finished: HashSet<i64>,
    /// Pages of the job's first listing, to price a listing of the whole org.
    org_pages: u64,
}

impl Resumed {
    fn read(path: &Path) -> Result<Resumed, JournalError> {
        let entries = read_journal(path)?;
        let mut resumed = Resumed {
            calls: 0,
            open: Vec::new(),
            sent_sessions: HashSet::new(),
            sent_users: HashSet::new(),
            invalidated: HashSet::new(),
            scope: ResetScope::default(),
            applied: false,
            protected: Vec::new(),
            filter: None,
            finished: HashSet::new(),
            org_pages: 0,
        };
        let mut targets: Vec<TargetRecord> = Vec::new();
        let mut finished = HashSet::new();
        let mut calls: HashMap<u64, SentRecord> = HashMap::new();
        let mut answers: HashMap<u64, AnsweredRecord> = HashMap::new();
        for entry in entries {
            match entry {
                JournalEntry::Job(job) if job.job != JobKind::Sweep => {
                    let problem = "the journal is not a sweep's; resume it with resume_batched".to_owned();
                    return Err(JournalError { path: path.to_owned(), line: Some(1), problem });
                }
                JournalEntry::Job(job) => {
                    resumed.scope = job.resets;
                    resumed.applied = job.applied;
                    resumed.protected.clone_from(&job.protected);
                    resumed.filter = job.tests.as_deref().map(SessionFilter::from_tests);
                }
                JournalEntry::Plan { calls, targets: planned } => {
                    if resumed.org_pages == 0 {
                        resumed.org_pages = calls.list;
                    }
                    targets.extend(planned);
                }
                JournalEntry::Sent(sent) => {
                    resumed.calls = resumed.calls.max(sent.call);
                    calls.insert(sent.call, sent);
                }
                JournalEntry::Answered(answer) => {
                    answers.insert(answer.call, answer);
                }
                JournalEntry::Outcome(outcome) if outcome.is_settled() => {
                    finished.extend(outcome.session_id);
                }
                // A failure that may heal is open again, whatever a run before said.
                JournalEntry::Outcome(outcome) => {
                    outcome.session_id.map(|session| finished.remove(&session));
                }
                _ => {}
            }
        }
        resumed.note_calls(calls, &answers);
        let mut seen = HashSet::new();
        resumed.open = targets
            .into_iter()
            .rev()
            .filter(|target| seen.insert(target.session_id) && !finished.contains(&target.session_id))
            .collect();
        resumed.open.reverse();
        resumed.finished = finished;
        Ok(resumed)
    }

    /// Sorts the journal's calls: one answered `not_sent` never left and counts for
    /// nothing; an `invalidate` Slack accepted is never sent again, since its session
    /// was already ended once. One that may have acted is settled by the listing: a
    /// session still listed after it was not ended by it, and may be sent again.
    fn note_calls(&mut self, calls: HashMap<u64, SentRecord>, answers: &HashMap<u64, AnsweredRecord>) {
        for (call, sent) in calls {
            let answer = answers.get(&call);
            if answer.is_some_and(|answer| answer.not_sent) {
                continue;
            }
            match sent.session_id {
                Some(session) => {
                    self.sent_sessions.insert(session);
                    if answer.is_some_and(|answer| answer.ok) {
                        self.invalidated.insert(session);
                    }
                }
                None => self.sent_users.extend(sent.user_ids),
            }
        }
    }

    /// Whether a call that was sent may have ended this target.
    fn was_sent(&self, target: &TargetRecord) -> bool {
        match target.via {
            Via::Invalidate => self.sent_sessions.contains(&target.session_id),
            _ => self.sent_users.contains(&target.user_id),
        }
    }
}

impl Client {
    /// Finishes a sweep from its journal, after a crash or a stop, with
    /// [`SweepOptions::default`]; see [`Client::resume_sweep_with`].
    pub fn resume_sweep<'a>(&'a self, journal: impl AsRef<Path>) -> Result<RunStream<'a, SweepOutcome>, JournalError> {
        self.resume_sweep_with(journal, SweepOptions::default())
    }

    /// Finishes a sweep from its journal.
    ///
    /// Targets with a final outcome in the journal are skipped. The others are checked
    /// by listing first (the whole org, or each target's workspace and user, whichever
    /// takes fewer pages): one no longer listed is reported ended if a call for it was
    /// sent and already ended otherwise, so nothing that may have taken effect is sent
    /// again. A session whose `invalidate` Slack accepted, or may have acted on, is
    /// never invalidated again: if it is still listed it is reported still active. The rest are planned, sent and confirmed as in
    /// [`Client::sweep_with`]. The run appends to the same journal, so every target
    /// ends with one final outcome in it. When the journal holds the filter (it does
    /// unless the filter has a predicate), the whole org is listed with it, so that
    /// matches the first run never listed (it stopped while listing) or never saw
    /// (they were opened since) are ended too.
    pub fn resume_sweep_with<'a>(
        &'a self,
        journal: impl AsRef<Path>,
        options: SweepOptions,
    ) -> Result<RunStream<'a, SweepOutcome>, JournalError> {
        let path = journal.as_ref();
        let resumed = Resumed::read(path)?;
        let journal = Journal::append(path).map_err(|error| JournalError {
            path: path.to_owned(),
            line: None,
            problem: error.to_string(),
        })?;
        let request = AdminUsersSessionListRequest::new();
        let filter = resumed.filter.clone();
        let options = options.journal(journal).protect(resumed.protected.iter().cloned());
        Ok(run::start(self, request, filter, options, Start::Resume(resumed)))
    }
}

impl Run<'_> {
    /// Lists to see which open targets are still there and plans those; the rest are
    /// settled from the listing alone. `Err` when the listing failed or was refused:
    /// the open targets are reported not attempted to the caller only, the journal
    /// gets a note of the attempt and nothing else, and the listing's failure is the
    /// last outcome, so the caller can say why.
    pub(super) async fn check_resumed(&mut self, resumed: Resumed) -> Result<Option<SignOutPlan>, ()> {
        if resumed.open.is_empty() && resumed.filter.is_none() {
            return Ok(None);
        }
        self.book.invalidated.clone_from(&resumed.invalidated);
        self.book.targeted.extend(resumed.finished.iter().copied());
        let open: Vec<ActiveSession> = resumed.open.iter().map(session_of).collect();
        let (scopes, whole) = self.cheaper_listing(open.iter(), resumed.org_pages, resumed.filter.is_some());
        let listing = self.client.list_sessions(scopes, &self.pacer, &self.control).await;
        if !listing.is_complete() {
            for target in &resumed.open {
                self.emit_now(SweepOutcome::NotAttempted(session_of(target)));
            }
            let why = listing.failure.as_ref().map_or_else(|| "it was stopped".to_owned(), ToString::to_string);
            self.journal(&JournalEntry::Note { note: format!("a resume could not list: {why}"), at_ms: now_ms() });
            if let Some(error) = listing.failure {
                if ends_the_run(error.category()) {
                    self.control.stop.halt(StopReason::AccessRefused(error.to_string()));
                }
                self.emit_now(SweepOutcome::ListFailed(error));
            }
            return Err(());
        }
        self.book.last_listed = if whole { listing.sessions.len() } else { 0 };
        let listed: HashMap<i64, &ActiveSession> =
            listing.sessions.iter().map(|session| (session.session_id, session)).collect();
        let mut still = Vec::new();
        for target in &resumed.open {
            self.book.targeted.insert(target.session_id);
            match listed.get(&target.session_id) {
                Some(session) => still.push((*session).clone()),
                None if resumed.was_sent(target) => self.emit(SweepOutcome::Ended(session_of(target))),
                None => self.emit(SweepOutcome::AlreadyEnded(session_of(target))),
            }
        }
        let gone = resumed.open.len() - still.len();
        let still_listed = still.len();
        let fresh = self.new_matches(&listing.sessions);
        self.journal(&JournalEntry::Confirmation {
            round: 0,
            listed: listing.sessions.len(),
            gone,
            still_listed,
            new_matches: fresh.len(),
            at_ms: now_ms(),
        });
        still.extend(fresh);
        let scope = if whole { self.scope } else { ResetScope::default() };
        Ok(Some(SignOutPlan::make(&listing.sessions, &still, scope, self.prefer_mobile, listing.pages)))
    }
}
