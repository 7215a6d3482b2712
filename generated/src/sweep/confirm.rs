//! Confirming a sweep: list again until every target is gone, invalidate the sessions a
//! reset left, and plan the matching sessions opened meanwhile.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use super::listing::ListRequest;
use super::plan::SignOutPlan;
use super::run::Run;
use super::{Confirmed, SweepOutcome};
use crate::bulk::journal::{now_ms, JournalEntry, ResetScope, Via};
use crate::bulk::run::ends_the_run;
use crate::method::Method;
use crate::methods::ActiveSession;
use crate::stop::StopReason;

/// How many list slots a run waits for Slack's reset jobs before its first confirming
/// listing; the wait doubles before each later one, within the run's
/// [`confirm_within`](super::SweepOptions::confirm_within). Slack does not say how long
/// a `resetBulk` job takes; two slots (6 s at Tier 2) keep a listing from being spent on
/// jobs that have not run yet, and the doubling gives a slow job minutes.
pub(super) const SETTLE_SLOTS: u32 = 2;

/// How many confirming listings may still show a target after its call before the run
/// stops waiting for it: a reset's target then gets an `invalidate` of its own (a reset
/// cannot end what Slack does not count as the device class it names, such as a browser
/// on a phone), and an invalidated one is reported still active.
pub(super) const PATIENCE: u32 = 3;

/// Slack's page size when a request names none.
const DEFAULT_PAGE: usize = 1000;

impl Run<'_> {
    /// Gives queued reset jobs time to run before confirming listing `round` (from 1),
    /// without going past `deadline`. After a lost round it waits too, so that an
    /// outage is not met with a listing a slot.
    pub(super) async fn settle(&self, round: u32, deadline: tokio::time::Instant, after_loss: bool) {
        if !after_loss && self.book.awaiting.values().all(|pending| pending.via == Via::Invalidate) {
            return;
        }
        let wait = self.list_slot() * SETTLE_SLOTS * 2_u32.saturating_pow(round.saturating_sub(1).min(16));
        let until = (tokio::time::Instant::now() + wait).min(deadline);
        tokio::time::sleep_until(until).await;
    }

    /// The spacing of list calls: the client's pacing when it paces, the tier's
    /// documented rate otherwise.
    fn list_slot(&self) -> Duration {
        self.client.pacing().bulk_interval(ListRequest::TIER)
    }

    /// Lists again and settles what it can: targets no longer listed are ended, targets
    /// a call failed on but that are still listed have failed, and targets listed too
    /// often after their call get an `invalidate` (a reset's) or are reported still
    /// active (an invalidated one). Returns the next plan (those invalidations and new
    /// matches), or why there is none.
    pub(super) async fn confirm(&mut self, round: u32) -> Confirmed {
        let (scopes, whole) = self.confirm_scopes();
        let listing = self.client.list_sessions(scopes, &self.pacer, &self.control).await;
        match listing.failure {
            Some(error) if ends_the_run(error.category()) => {
                self.control.stop.halt(StopReason::AccessRefused(error.to_string()));
                return Confirmed::Stopped;
            }
            Some(error) => return Confirmed::Lost(error),
            None if listing.stopped => return Confirmed::Stopped,
            None => {}
        }
        if whole {
            self.book.last_listed = listing.sessions.len();
        }
        let last_round = round >= self.options.confirm_rounds;
        let listed: HashSet<i64> = listing.sessions.iter().map(|session| session.session_id).collect();
        let (gone, again) = self.settle_listed(&listed, last_round);
        let fresh = self.new_matches(&listing.sessions);
        self.journal(&JournalEntry::Confirmation {
            round,
            listed: listing.sessions.len(),
            gone,
            still_listed: self.book.awaiting.len() + again.len(),
            new_matches: fresh.len(),
            at_ms: now_ms(),
        });
        let scope = if whole { self.scope } else { ResetScope::default() };
        let plan = SignOutPlan::make(&listing.sessions, &fresh, scope, self.prefer_mobile, listing.pages);
        Confirmed::Next(plan.and_invalidate(again))
    }

    /// Settles each awaiting target against the listing; returns how many are gone and
    /// the reset targets to invalidate one by one.
    fn settle_listed(&mut self, listed: &HashSet<i64>, last_round: bool) -> (usize, Vec<ActiveSession>) {
        let mut gone = 0;
        let mut again = Vec::new();
        for (id, mut pending) in std::mem::take(&mut self.book.awaiting) {
            if !listed.contains(&id) {
                gone += 1;
                self.emit(SweepOutcome::Ended(pending.session));
                continue;
            }
            pending.seen_after += 1;
            if let Some(failure) = pending.failure {
                self.emit(SweepOutcome::Failed(pending.session, failure));
                continue;
            }
            if pending.seen_after < PATIENCE && !last_round {
                self.book.awaiting.insert(id, pending);
                continue;
            }
            // A reset's target is planned again for `invalidate`, after which it is an
            // invalidated session and can only be reported still active: no count is
            // needed to keep it to one re-plan.
            if pending.via != Via::Invalidate && self.options.replans > 0 && !last_round {
                again.push(pending.session);
            } else {
                self.emit(SweepOutcome::StillActive(pending.session));
            }
        }
        (gone, again)
    }

    /// Matching sessions this run has not planned yet: opened after the first listing.
    pub(super) fn new_matches(&self, listed: &[ActiveSession]) -> Vec<ActiveSession> {
        let Some(filter) = &self.filter else { return Vec::new() };
        listed
            .iter()
            .filter(|session| !self.book.targeted.contains(&session.session_id) && filter.matches(session))
            .filter(|session| self.adds_new_matches && !self.options.protected.contains(&session.user_id))
            .cloned()
            .collect()
    }

    /// What to list: the run's whole scope, or each awaiting target's workspace and
    /// user, whichever takes fewer pages. The flag says whether it is the whole scope.
    fn confirm_scopes(&self) -> (Vec<ListRequest>, bool) {
        let page = self.request.limit.map_or(DEFAULT_PAGE, |limit| usize::try_from(limit).unwrap_or(1).max(1));
        let left = self.book.last_listed.saturating_sub(self.book.awaiting.len());
        let pairs = self.book.awaiting.values().map(|pending| &pending.session);
        self.cheaper_listing(pairs, left.div_ceil(page) as u64, self.request.user_id.is_some())
    }

    /// The listing that covers `sessions` in fewer pages: the run's whole scope (about
    /// `whole_pages` of them, or whenever `whole` is asked for), or one listing per
    /// workspace and user among them. The flag says whether it is the whole scope.
    pub(super) fn cheaper_listing<'s>(
        &self,
        sessions: impl Iterator<Item = &'s ActiveSession>,
        whole_pages: u64,
        whole: bool,
    ) -> (Vec<ListRequest>, bool) {
        let mut scope = self.request.clone();
        scope.cursor = None;
        let pairs: BTreeSet<(&str, &str)> =
            sessions.map(|session| (session.team_id.as_str(), session.user_id.as_str())).collect();
        if whole || pairs.len() as u64 >= whole_pages.max(1) {
            return (vec![scope], true);
        }
        let scoped = pairs.into_iter().map(|(team, user)| scope.clone().team_id_and_user_id(team, user)).collect();
        (scoped, false)
    }
}
