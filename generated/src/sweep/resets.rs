//! Confirming a batched `resetBulk` job by listing: Slack's `ok` only queues a reset, and
//! a partial success that names nobody leaves unknown which users it acted for, so the
//! job lists until each user holds no session of the reset's class, and resets once more
//! only those a listing still shows after a partial success that named nobody.

use std::collections::{BTreeMap, BTreeSet};

use super::confirm::{PATIENCE, SETTLE_SLOTS};
use super::filter::is_mobile_session;
use super::listing::ListRequest;
use super::SweepOptions;
use crate::bulk::batch::{BatchOutcome, BatchStatus};
use crate::bulk::run::RunControl;
use crate::client::Client;
use crate::error::Error;
use crate::method::Method;
use crate::methods::{AdminUsersSessionListError, AdminUsersSessionResetBulkRequest};

type ResetBulk = AdminUsersSessionResetBulkRequest;

/// What the confirming listings found of the users of a `resetBulk` job.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ResetsConfirmed {
    /// Users a listing showed without a session of the reset's class.
    pub confirmed: Vec<String>,
    /// Users still holding such sessions after their reset and every listing allowed.
    pub still_active: Vec<String>,
    /// Users the listings could not settle before `confirm_within` or the last round.
    pub unconfirmed: Vec<String>,
    /// The outcomes of the resets sent once more, for users a partial success that
    /// named nobody left unknown and a listing still showed.
    pub resent: Vec<BatchOutcome<ResetBulk>>,
    /// The last listing's failure, when confirmation ended without a listing.
    pub failure: Option<Error<AdminUsersSessionListError>>,
    /// The calls confirmation sent: listing pages and resets sent once more.
    pub calls: u64,
}

/// A user awaiting a listing's word.
struct Awaiting {
    /// Whether Slack's answer left unknown if the reset was queued for them.
    unsure: bool,
    /// Confirming listings that still showed them since their reset.
    seen_after: u32,
}

impl Client {
    /// Confirms a `resetBulk` job by listing the organization's sessions, paced,
    /// waiting longer before each listing, within `options`' `confirm_rounds` and
    /// `confirm_within`: a user is confirmed once a listing shows no session of the
    /// reset's class (every session, or the mobile ones when `template` is
    /// `mobile_only`). `accepted` are users whose reset Slack queued; `unsure` are users
    /// of a partial success that named nobody, which may or may not have queued theirs.
    /// An unsure user still listed after as many listings as a sweep waits for a reset
    /// gets one more reset, alone in a call with the others in that state, and is then
    /// awaited like the rest; no user is reset a third time.
    pub async fn confirm_resets(
        &self,
        accepted: &[String],
        unsure: &[String],
        template: &ResetBulk,
        options: &SweepOptions,
    ) -> ResetsConfirmed {
        let mut awaiting: BTreeMap<String, Awaiting> = accepted
            .iter()
            .map(|user| (user.clone(), Awaiting { unsure: false, seen_after: 0 }))
            .chain(unsure.iter().map(|user| (user.clone(), Awaiting { unsure: true, seen_after: 0 })))
            .collect();
        let mobile_only = template.mobile_only == Some(true);
        let (pacer, control) = (self.bulk_pacer(), RunControl::default());
        let deadline = tokio::time::Instant::now() + options.confirm_within;
        let slot = self.pacing().bulk_interval(ListRequest::TIER);
        let mut report = ResetsConfirmed::default();
        for round in 1..=options.confirm_rounds {
            if awaiting.is_empty() || tokio::time::Instant::now() >= deadline {
                break;
            }
            let wait = slot * SETTLE_SLOTS * 2_u32.saturating_pow(round.saturating_sub(1).min(16));
            tokio::time::sleep_until((tokio::time::Instant::now() + wait).min(deadline)).await;
            let listing = self.list_sessions(vec![ListRequest::new()], &pacer, &control).await;
            if let Some(error) = listing.failure {
                report.failure = Some(error);
                continue;
            }
            report.failure = None;
            let holders: BTreeSet<&str> = listing
                .sessions
                .iter()
                .filter(|session| !mobile_only || is_mobile_session(session))
                .map(|session| session.user_id.as_str())
                .collect();
            awaiting.retain(|user, state| {
                let gone = !holders.contains(user.as_str());
                if gone {
                    report.confirmed.push(user.clone());
                }
                state.seen_after += 1;
                !gone
            });
            let again: Vec<String> = awaiting
                .iter()
                .filter(|(_, state)| state.unsure && state.seen_after >= PATIENCE)
                .map(|(user, _)| user.clone())
                .collect();
            if !again.is_empty() {
                let outcomes = self.send_isolating(template, again, &pacer, &control, None).await;
                for outcome in &outcomes {
                    for user in &outcome.ids {
                        match (&outcome.status, awaiting.get_mut(user)) {
                            (BatchStatus::Done(_) | BatchStatus::Accepted(_), Some(state)) => {
                                *state = Awaiting { unsure: false, seen_after: 0 };
                            }
                            _ => {
                                awaiting.remove(user);
                            }
                        }
                    }
                }
                report.resent.extend(outcomes);
            }
        }
        report.calls = control.progress.calls();
        for (user, state) in awaiting {
            if state.seen_after >= PATIENCE && !state.unsure {
                report.still_active.push(user);
            } else {
                report.unconfirmed.push(user);
            }
        }
        report
    }
}
