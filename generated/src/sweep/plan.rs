//! Sign-out plans: from the sessions a filter matches and everything listed beside them,
//! the calls that end exactly those sessions in the least Slack time.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::filter::is_mobile_session;
use crate::bulk::journal::{PlanCalls, ResetScope, TargetRecord, Via};
use crate::method::{Batched, Method, Tier};
use crate::methods::{
    ActiveSession, AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest,
};

type ResetBulk = AdminUsersSessionResetBulkRequest;

/// The calls a sweep makes to end the sessions it matched, chosen before any is sent.
///
/// A `resetBulk` (up to 1,000 users a call) is used for a user only where the listing
/// proves that it ends exactly that user's matched sessions: all of them, or exactly
/// the mobile ones with `mobile_only`. Every other matched session gets an
/// `invalidate`. `web_only` is never used, since the listing cannot tell a browser
/// session from a desktop app's.
///
/// The plan is a value to inspect or print before running it
/// ([`Client::run_plan`](crate::Client::run_plan)); its `Display` is a short report,
/// and [`summary`](Self::summary) the same for machines.
#[derive(Debug, Clone)]
pub struct SignOutPlan {
    pub(crate) resets: Vec<PlannedReset>,
    pub(crate) invalidations: Vec<ActiveSession>,
    pub(crate) list_pages: u64,
    pub(crate) listed: usize,
    /// What whole-user resets would have saved, when the filter ruled them out.
    pub(crate) forgone: Option<PlanCalls>,
    /// Matched sessions of protected users, which the plan leaves alone.
    pub(crate) kept: Vec<ActiveSession>,
}

/// One planned `resetBulk` call.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PlannedReset {
    /// The users it names, at most 1,000.
    pub user_ids: Vec<String>,
    /// Whether it ends only their mobile sessions.
    pub mobile_only: bool,
    /// The matched sessions it ends.
    pub sessions: Vec<ActiveSession>,
}

/// Slack time a plan's calls need, per method, at each method's documented tier. The
/// confirming listings, and the waits for Slack's reset jobs before them, come on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlanTime {
    /// The listing's pages.
    pub list: Duration,
    /// The `resetBulk` calls.
    pub reset_bulk: Duration,
    /// The `invalidate` calls.
    pub invalidate: Duration,
    /// The whole plan: the listing, then resets and invalidations side by side, since
    /// Slack limits each method separately.
    pub total: Duration,
}

/// A plan in plain numbers, for `--format json` and the like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanSummary {
    /// Sessions the plan ends.
    pub targets: usize,
    /// Users they belong to.
    pub users: usize,
    /// Sessions listed.
    pub listed: usize,
    /// Calls per method, the listing's pages included.
    pub calls: PlanCalls,
    /// Slack time per method, in seconds.
    pub slack_seconds: PlanSeconds,
    /// Users reset, of all their sessions and of their mobile ones.
    pub reset_users: usize,
    /// Users reset with `mobile_only`.
    pub mobile_reset_users: usize,
    /// The calls whole-user resets would have taken instead, when the filter ruled
    /// them out.
    pub with_whole_user_resets: Option<PlanCalls>,
    /// Matched sessions kept because their users are protected.
    pub kept: usize,
}

/// [`PlanTime`] in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanSeconds {
    /// The listing.
    pub list: f64,
    /// The resets.
    pub reset_bulk: f64,
    /// The invalidations.
    pub invalidate: f64,
    /// The whole plan.
    pub total: f64,
}

impl SignOutPlan {
    /// Plans the calls that end `matched`, given every session `listed` beside them
    /// (which proves, user by user, what a reset would end) and the resets allowed.
    /// `prefer_mobile` picks a `mobile_only` reset over a full one where both end the
    /// same sessions, so that a desktop session opened later survives.
    pub(crate) fn make(
        listed: &[ActiveSession],
        matched: &[ActiveSession],
        scope: ResetScope,
        prefer_mobile: bool,
        list_pages: u64,
    ) -> SignOutPlan {
        let mut full = Vec::new();
        let mut mobile = Vec::new();
        let mut invalidations = Vec::new();
        for (user, sessions) in by_user(listed, matched) {
            match choose(&sessions, scope, prefer_mobile) {
                Choice::Reset => full.push((user, sessions.matched)),
                Choice::MobileReset => mobile.push((user, sessions.matched)),
                Choice::Invalidate => invalidations.extend(sessions.matched),
            }
        }
        let mut resets = chunk(full, false);
        resets.extend(chunk(mobile, true));
        SignOutPlan { resets, invalidations, list_pages, listed: listed.len(), forgone: None, kept: Vec::new() }
    }

    /// Adds one `invalidate` for each of `sessions`: targets a reset did not end.
    pub(crate) fn and_invalidate(mut self, sessions: Vec<ActiveSession>) -> SignOutPlan {
        self.invalidations.extend(sessions);
        self
    }

    /// Records what the plan would have cost with every reset allowed, when that is less.
    /// A plan of no calls.
    pub(crate) fn none() -> SignOutPlan {
        SignOutPlan::make(&[], &[], ResetScope::default(), false, 0)
    }

    /// The plan, noting the matched sessions of protected users that it leaves alone.
    pub(crate) fn keeping(mut self, kept: Vec<ActiveSession>) -> SignOutPlan {
        self.kept = kept;
        self
    }

    /// Matched sessions the plan leaves alone because their users are protected
    /// ([`SweepOptions::protect`](super::SweepOptions::protect)).
    pub fn kept(&self) -> &[ActiveSession] {
        &self.kept
    }

    pub(crate) fn note_forgone(mut self, unrestricted: &SignOutPlan) -> SignOutPlan {
        if unrestricted.calls().total() < self.calls().total() {
            self.forgone = Some(unrestricted.calls());
        }
        self
    }

    /// The planned `resetBulk` calls.
    pub fn resets(&self) -> &[PlannedReset] {
        &self.resets
    }

    /// The sessions planned for `invalidate`, one call each.
    pub fn invalidations(&self) -> &[ActiveSession] {
        &self.invalidations
    }

    /// Every session the plan ends.
    pub fn targets(&self) -> impl Iterator<Item = &ActiveSession> {
        self.resets.iter().flat_map(|reset| &reset.sessions).chain(&self.invalidations)
    }

    /// Calls per method, the listing's pages included.
    pub fn calls(&self) -> PlanCalls {
        PlanCalls {
            list: self.list_pages,
            reset_bulk: self.resets.len() as u64,
            invalidate: self.invalidations.len() as u64,
        }
    }

    /// The Slack time the calls need at each method's documented tier.
    pub fn slack_time(&self) -> PlanTime {
        let calls = self.calls();
        let list = at_tier(calls.list, AdminUsersSessionListRequest::TIER);
        let reset_bulk = at_tier(calls.reset_bulk, ResetBulk::TIER);
        let invalidate = at_tier(calls.invalidate, AdminUsersSessionInvalidateRequest::TIER);
        PlanTime { list, reset_bulk, invalidate, total: list + reset_bulk.max(invalidate) }
    }

    /// The plan in plain numbers.
    pub fn summary(&self) -> PlanSummary {
        let time = self.slack_time();
        let users_of = |mobile: bool| {
            self.resets.iter().filter(|reset| reset.mobile_only == mobile).map(|reset| reset.user_ids.len()).sum()
        };
        let mut users: Vec<&str> = self.targets().map(|session| session.user_id.as_str()).collect();
        users.sort_unstable();
        users.dedup();
        PlanSummary {
            targets: self.targets().count(),
            users: users.len(),
            listed: self.listed,
            calls: self.calls(),
            slack_seconds: PlanSeconds {
                list: time.list.as_secs_f64(),
                reset_bulk: time.reset_bulk.as_secs_f64(),
                invalidate: time.invalidate.as_secs_f64(),
                total: time.total.as_secs_f64(),
            },
            reset_users: users_of(false),
            mobile_reset_users: users_of(true),
            with_whole_user_resets: self.forgone,
            kept: self.kept.len(),
        }
    }

    /// The targets as the journal records them.
    pub(crate) fn target_records(&self) -> Vec<TargetRecord> {
        let record = |session: &ActiveSession, via| TargetRecord {
            session_id: session.session_id,
            user_id: session.user_id.clone(),
            team_id: session.team_id.clone(),
            via,
        };
        let resets = self.resets.iter().flat_map(|reset| {
            let via = if reset.mobile_only { Via::MobileReset } else { Via::Reset };
            reset.sessions.iter().map(move |session| record(session, via))
        });
        resets.chain(self.invalidations.iter().map(|session| record(session, Via::Invalidate))).collect()
    }
}

impl fmt::Display for SignOutPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let summary = self.summary();
        let (calls, time) = (summary.calls, self.slack_time());
        writeln!(
            f,
            "end {} sessions of {} users in {} calls, about {} of Slack time",
            summary.targets,
            summary.users,
            calls.total(),
            human(time.total)
        )?;
        writeln!(f, "  list:        {:>6} pages, {} ({} sessions listed)", calls.list, human(time.list), self.listed)?;
        writeln!(
            f,
            "  resetBulk:   {:>6} calls, {} ({} users of all sessions, {} users of mobile sessions)",
            calls.reset_bulk,
            human(time.reset_bulk),
            summary.reset_users,
            summary.mobile_reset_users
        )?;
        write!(f, "  invalidate:  {:>6} calls, {}", calls.invalidate, human(time.invalidate))?;
        if !self.kept.is_empty() {
            let mut users: Vec<&str> = self.kept.iter().map(|session| session.user_id.as_str()).collect();
            users.dedup();
            write!(
                f,
                "\n  kept:        {:>6} matching sessions of protected users ({})",
                self.kept.len(),
                users.join(", ")
            )?;
        }
        if let Some(forgone) = self.forgone {
            write!(
                f,
                "\n  note: resetting users in bulk wherever every listed session matches would take {} calls \
                 instead, but would also end sessions these users open after the listing, which the filter \
                 might not match; allowing whole-user resets would use them",
                forgone.total()
            )?;
        }
        Ok(())
    }
}

/// One user's listed sessions, and those of them the filter matched.
struct UserSessions {
    all: Vec<ActiveSession>,
    matched: Vec<ActiveSession>,
}

/// Groups the sessions by user, in the order users were first listed, keeping only
/// users with a matched session.
fn by_user(listed: &[ActiveSession], matched: &[ActiveSession]) -> Vec<(String, UserSessions)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut users: Vec<(String, UserSessions)> = Vec::new();
    for session in matched {
        let slot = *index.entry(&session.user_id).or_insert_with(|| {
            users.push((session.user_id.clone(), UserSessions { all: Vec::new(), matched: Vec::new() }));
            users.len() - 1
        });
        users[slot].1.matched.push(session.clone());
    }
    for session in listed {
        if let Some(slot) = index.get(session.user_id.as_str()) {
            users[*slot].1.all.push(session.clone());
        }
    }
    users
}

enum Choice {
    Reset,
    MobileReset,
    Invalidate,
}

/// The cheapest call that ends exactly this user's matched sessions. A `mobile_only`
/// reset is chosen only when the listing names the device of every session the user
/// has: one listed without client details could be a phone that the reset would end.
fn choose(sessions: &UserSessions, scope: ResetScope, prefer_mobile: bool) -> Choice {
    let matched_ids = ids(sessions.matched.iter());
    let all_matched = matched_ids == ids(sessions.all.iter());
    let classes_known = sessions.all.iter().all(device_is_known);
    let mobile_matched =
        classes_known && matched_ids == ids(sessions.all.iter().filter(|session| is_mobile_session(session)));
    match (all_matched && scope.full, mobile_matched && scope.mobile) {
        (true, true) if prefer_mobile => Choice::MobileReset,
        (true, _) => Choice::Reset,
        (false, true) => Choice::MobileReset,
        (false, false) => Choice::Invalidate,
    }
}

/// Whether the listing says what device a session is on.
fn device_is_known(session: &ActiveSession) -> bool {
    let known = |client: &crate::methods::SessionClient| client.os.is_some() || client.device_hardware.is_some();
    session.created.iter().chain(session.recent.iter()).any(known)
}

fn ids<'a>(sessions: impl Iterator<Item = &'a ActiveSession>) -> Vec<i64> {
    let mut ids: Vec<i64> = sessions.map(|session| session.session_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Splits the users to reset into calls of at most 1,000.
fn chunk(users: Vec<(String, Vec<ActiveSession>)>, mobile_only: bool) -> Vec<PlannedReset> {
    users
        .chunks(ResetBulk::MAX_PER_CALL)
        .map(|chunk| PlannedReset {
            user_ids: chunk.iter().map(|(user, _)| user.clone()).collect(),
            mobile_only,
            sessions: chunk.iter().flat_map(|(_, sessions)| sessions.iter().cloned()).collect(),
        })
        .collect()
}

/// The time `calls` take at `tier`'s documented rate, one interval each.
fn at_tier(calls: u64, tier: Tier) -> Duration {
    tier.interval().saturating_mul(u32::try_from(calls).unwrap_or(u32::MAX))
}

/// A duration as a person reads it: `45 s`, `20 min 12 s`, `4 h 10 min`.
fn human(duration: Duration) -> String {
    let secs = duration.as_secs();
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min {} s", secs / 60, secs % 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods::SessionClient;

    fn session(user: &str, id: i64, os: &str) -> ActiveSession {
        let mut client = SessionClient::new();
        client.os = Some(os.to_owned());
        let mut session = ActiveSession::new(user, "E1", id);
        session.created = Some(client);
        session
    }

    /// `users` users, each with a phone and a laptop session.
    fn org(users: usize) -> Vec<ActiveSession> {
        (0..users)
            .flat_map(|n| {
                let user = format!("U{n}");
                [session(&user, 2 * n as i64 + 1, "iOS"), session(&user, 2 * n as i64 + 2, "OS X")]
            })
            .collect()
    }

    const MOBILE_ONLY: ResetScope = ResetScope { full: false, mobile: true };
    const EVERY_RESET: ResetScope = ResetScope { full: true, mobile: true };

    #[test]
    fn mobile_sessions_of_thousands_of_users_take_one_reset_per_thousand() {
        let listed = org(5_000);
        let mobile: Vec<ActiveSession> = listed.iter().filter(|s| is_mobile_session(s)).cloned().collect();
        let plan = SignOutPlan::make(&listed, &mobile, MOBILE_ONLY, true, 10);
        assert_eq!(plan.calls(), PlanCalls { list: 10, reset_bulk: 5, invalidate: 0 });
        assert!(plan.resets().iter().all(|reset| reset.mobile_only && reset.user_ids.len() == 1_000));
        assert_eq!(plan.targets().count(), 5_000);
        assert_eq!(plan.slack_time().total, Duration::from_secs(45), "10 pages and 5 resets at Tier 2");
        let text = plan.to_string();
        assert!(text.starts_with("end 5000 sessions of 5000 users in 15 calls, about 45 s"), "{text}");
    }

    #[test]
    fn a_reset_is_used_only_where_the_listing_proves_it_ends_exactly_the_matches() {
        let listed = org(3);
        // U0: both sessions; U1: only the laptop; U2: only the phone.
        let matched = vec![listed[0].clone(), listed[1].clone(), listed[3].clone(), listed[4].clone()];
        let plan = SignOutPlan::make(&listed, &matched, EVERY_RESET, false, 1);
        let resets: Vec<(Vec<String>, bool)> =
            plan.resets().iter().map(|r| (r.user_ids.clone(), r.mobile_only)).collect();
        assert_eq!(resets, [(vec!["U0".to_owned()], false), (vec!["U2".to_owned()], true)]);
        assert_eq!(plan.invalidations().iter().map(|s| s.session_id).collect::<Vec<_>>(), [4]);
        let none = SignOutPlan::make(&listed, &matched, ResetScope::default(), false, 1);
        assert_eq!(none.calls(), PlanCalls { list: 1, reset_bulk: 0, invalidate: 4 });
        assert_eq!(none.note_forgone(&plan).summary().with_whole_user_resets, Some(plan.calls()));
    }

    #[test]
    fn a_user_with_a_session_of_unknown_device_gets_no_mobile_reset() {
        let listed = vec![session("U1", 1, "Android"), ActiveSession::new("U1", "E1", 2)];
        let plan = SignOutPlan::make(&listed, &listed[..1], EVERY_RESET, true, 1);
        assert_eq!(plan.calls(), PlanCalls { list: 1, reset_bulk: 0, invalidate: 1 });
    }

    #[test]
    fn a_mobile_filter_prefers_the_mobile_reset_for_a_user_with_only_mobile_sessions() {
        let listed = vec![session("U1", 1, "Android")];
        let plan = SignOutPlan::make(&listed, &listed, EVERY_RESET, true, 1);
        assert!(plan.resets()[0].mobile_only);
        let plan = SignOutPlan::make(&listed, &listed, EVERY_RESET, false, 1);
        assert!(!plan.resets()[0].mobile_only);
    }

    #[test]
    fn durations_read_like_a_person_wrote_them() {
        assert_eq!(human(Duration::from_secs(45)), "45 s");
        assert_eq!(human(Duration::from_secs(1212)), "20 min 12 s");
        assert_eq!(human(Duration::from_secs(15_030)), "4 h 10 min");
    }
}
