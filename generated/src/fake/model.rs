//! The fake organization: its users (with roles), workspaces, active and expired
//! sessions, per-user session settings and queued reset jobs. The handlers change it;
//! tests seed and read it.
//!
//! Sessions are kept twice: by session ID, the order `list` pages through them, and by
//! user, so that a page, a reset or a job costs time in proportion to what it touches
//! rather than to the size of the organization.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Bound;
use std::time::Duration;

use crate::methods::{ActiveSession, UserSessionSettings};

/// The kind of client a session runs in, which decides whether `mobile_only` or
/// `web_only` resets end it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Device {
    /// A phone or tablet app: ended by `mobile_only` resets.
    Mobile,
    /// A browser: ended by `web_only` resets.
    Web,
    /// The desktop app: ended only by resets without either flag.
    Desktop,
}

/// A user's role in the organization, which decides what a token they own may do and
/// whose sessions an admin may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// A regular member: their tokens are answered `not_an_admin`.
    Member,
    /// An org admin.
    Admin,
    /// An org owner.
    Owner,
    /// The primary owner: only they may reset or invalidate their own sessions.
    PrimaryOwner,
}

impl Role {
    /// Whether a token owned by a user with this role may call the admin methods.
    pub(crate) fn is_admin(self) -> bool {
        self != Role::Member
    }
}

/// A user of the fake organization, as [`FakeSlack::users`](super::FakeSlack::users)
/// reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FakeUser {
    /// The user ID.
    pub id: String,
    /// The user's role.
    pub role: Role,
    /// Whether the user is a bot.
    pub bot: bool,
}

/// A session as the fake holds it: the session Slack lists, its device, and whether it
/// has expired.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FakeSession {
    /// The device the session runs on.
    pub device: Device,
    /// The session as `list` shows it.
    pub session: ActiveSession,
    /// Whether the session has expired: `list` leaves it out and `invalidate` answers
    /// `session_expired`.
    pub expired: bool,
}

/// A `resetBulk` job that has not run yet, as [`FakeSlack::jobs`](super::FakeSlack::jobs)
/// reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PendingJob {
    /// The users whose sessions the job ends.
    pub user_ids: Vec<String>,
    /// When, on the fake's Slack clock, the job runs.
    pub due: Duration,
    /// Whether the job ends only mobile sessions.
    pub mobile_only: bool,
    /// Whether the job ends only browser sessions.
    pub web_only: bool,
}

/// Why the fake refused to seed a session.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeedError {
    /// A session with this ID is already in the organization (active or expired).
    DuplicateSession(i64),
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedError::DuplicateSession(id) => write!(f, "the fake already has a session with ID {id}"),
        }
    }
}

impl std::error::Error for SeedError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct User {
    pub(crate) role: Role,
    pub(crate) bot: bool,
}

/// Which sessions a reset ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    All,
    Mobile,
    Web,
}

impl Scope {
    /// The scope of a reset with these flags, or `None` when both are set, which
    /// Slack refuses.
    pub(crate) fn from_flags(mobile_only: Option<bool>, web_only: Option<bool>) -> Option<Scope> {
        match (mobile_only.unwrap_or(false), web_only.unwrap_or(false)) {
            (false, false) => Some(Scope::All),
            (true, false) => Some(Scope::Mobile),
            (false, true) => Some(Scope::Web),
            (true, true) => None,
        }
    }

    fn ends(self, device: Device) -> bool {
        match self {
            Scope::All => true,
            Scope::Mobile => device == Device::Mobile,
            Scope::Web => device == Device::Web,
        }
    }
}

/// A resetBulk job that has not run yet.
#[derive(Debug, Clone)]
struct Job {
    due: Duration,
    users: Vec<String>,
    scope: Scope,
}

/// The whole organization.
#[derive(Debug, Default)]
pub(crate) struct Org {
    users: BTreeMap<String, User>,
    teams: BTreeSet<String>,
    /// Active sessions by ID.
    sessions: BTreeMap<i64, (Device, ActiveSession)>,
    /// Each user's active session IDs.
    by_user: BTreeMap<String, BTreeSet<i64>>,
    expired: BTreeMap<i64, (Device, ActiveSession)>,
    settings: BTreeMap<String, UserSessionSettings>,
    jobs: Vec<Job>,
}

impl Org {
    /// Adds a user, or changes the role of one already there.
    pub(crate) fn add_user(&mut self, user_id: &str, role: Role, bot: bool) {
        self.users.insert(user_id.to_owned(), User { role, bot });
    }

    pub(crate) fn add_team(&mut self, team_id: &str) {
        self.teams.insert(team_id.to_owned());
    }

    /// Adds a session, and its user and workspace if they are new.
    pub(crate) fn add_session(&mut self, device: Device, session: ActiveSession) -> Result<(), SeedError> {
        let id = session.session_id;
        if self.sessions.contains_key(&id) || self.expired.contains_key(&id) {
            return Err(SeedError::DuplicateSession(id));
        }
        if !self.users.contains_key(&session.user_id) {
            self.add_user(&session.user_id, Role::Member, false);
        }
        if !self.teams.contains(&session.team_id) {
            self.teams.insert(session.team_id.clone());
        }
        self.by_user.entry(session.user_id.clone()).or_default().insert(id);
        self.sessions.insert(id, (device, session));
        Ok(())
    }

    pub(crate) fn user(&self, user_id: &str) -> Option<User> {
        self.users.get(user_id).copied()
    }

    pub(crate) fn has_team(&self, team_id: &str) -> bool {
        self.teams.contains(team_id)
    }

    /// Every user, in ID order.
    pub(crate) fn users(&self) -> impl Iterator<Item = FakeUser> + '_ {
        self.users.iter().map(|(id, user)| FakeUser { id: id.clone(), role: user.role, bot: user.bot })
    }

    pub(crate) fn teams(&self) -> impl Iterator<Item = &String> {
        self.teams.iter()
    }

    /// Every active session, in session-ID order.
    pub(crate) fn sessions(&self) -> impl Iterator<Item = &ActiveSession> {
        self.sessions.values().map(|(_, session)| session)
    }

    /// Every session, active or expired, in session-ID order.
    pub(crate) fn all_sessions(&self) -> Vec<FakeSession> {
        let active = self.sessions.values().map(|(device, session)| (device, session, false));
        let expired = self.expired.values().map(|(device, session)| (device, session, true));
        let mut all: Vec<FakeSession> = active
            .chain(expired)
            .map(|(device, session, expired)| FakeSession { device: *device, session: session.clone(), expired })
            .collect();
        all.sort_by_key(|s| s.session.session_id);
        all
    }

    pub(crate) fn session(&self, session_id: i64) -> Option<&ActiveSession> {
        self.sessions.get(&session_id).map(|(_, session)| session)
    }

    pub(crate) fn expired_session(&self, session_id: i64) -> Option<&ActiveSession> {
        self.expired.get(&session_id).map(|(_, session)| session)
    }

    /// Ends an active session; `false` when there is none with that ID.
    pub(crate) fn end_session(&mut self, session_id: i64) -> bool {
        let Some((_, session)) = self.sessions.remove(&session_id) else {
            return false;
        };
        if let Some(ids) = self.by_user.get_mut(&session.user_id) {
            ids.remove(&session_id);
        }
        true
    }

    /// Removes a session, active or expired; `false` when there is none.
    pub(crate) fn remove_session(&mut self, session_id: i64) -> bool {
        self.end_session(session_id) || self.expired.remove(&session_id).is_some()
    }

    /// Marks an active session expired; `false` when there is no active one.
    pub(crate) fn expire_session(&mut self, session_id: i64) -> bool {
        let Some(entry) = self.sessions.get(&session_id).cloned() else {
            return false;
        };
        self.end_session(session_id);
        self.expired.insert(session_id, entry);
        true
    }

    /// Removes a user with their sessions and settings; `false` when there is none.
    pub(crate) fn remove_user(&mut self, user_id: &str) -> bool {
        for id in self.by_user.remove(user_id).unwrap_or_default() {
            self.sessions.remove(&id);
        }
        self.expired.retain(|_, (_, session)| session.user_id != user_id);
        self.settings.remove(user_id);
        self.users.remove(user_id).is_some()
    }

    /// Ends the user's sessions that `scope` covers.
    pub(crate) fn reset(&mut self, user_id: &str, scope: Scope) {
        let Some(ids) = self.by_user.get_mut(user_id) else {
            return;
        };
        let sessions = &mut self.sessions;
        ids.retain(|id| match sessions.get(id) {
            Some((device, _)) if scope.ends(*device) => {
                sessions.remove(id);
                false
            }
            _ => true,
        });
    }

    /// Up to `limit` listable sessions after `after`, in ID order, and whether more
    /// follow. With `user`, only that user's sessions on `team`; without, every session
    /// of a person (bot sessions are not listed). The cost is the page, plus any bot
    /// sessions skipped.
    pub(crate) fn page(&self, filter: Option<(&str, &str)>, after: i64, limit: usize) -> (Vec<ActiveSession>, bool) {
        let range = (Bound::Excluded(after), Bound::Unbounded);
        let mut rest: Box<dyn Iterator<Item = &ActiveSession>> = match filter {
            Some((team, user)) => Box::new(
                self.by_user
                    .get(user)
                    .into_iter()
                    .flat_map(move |ids| ids.range(range))
                    .filter_map(|id| self.session(*id))
                    .filter(move |s| s.team_id == team),
            ),
            None => Box::new(
                self.sessions
                    .range(range)
                    .map(|(_, (_, session))| session)
                    .filter(|s| self.user(&s.user_id).is_none_or(|u| !u.bot)),
            ),
        };
        let page: Vec<ActiveSession> = rest.by_ref().take(limit).cloned().collect();
        let more = rest.next().is_some();
        (page, more)
    }

    /// Queues a reset of `users` that runs once the Slack clock reaches `due`.
    pub(crate) fn queue_reset(&mut self, due: Duration, users: Vec<String>, scope: Scope) {
        self.jobs.push(Job { due, users, scope });
    }

    /// Runs every queued job that is due at `now` (every job, with `None`), in the
    /// order they were queued.
    pub(crate) fn run_due_jobs(&mut self, now: Option<Duration>) {
        if self.jobs.is_empty() {
            return;
        }
        let (due, waiting): (Vec<Job>, Vec<Job>) =
            self.jobs.drain(..).partition(|job| now.is_none_or(|now| job.due <= now));
        self.jobs = waiting;
        for job in due {
            for user in &job.users {
                self.reset(user, job.scope);
            }
        }
    }

    /// The reset jobs queued and not yet run, in queue order.
    pub(crate) fn jobs(&self) -> impl Iterator<Item = PendingJob> + '_ {
        self.jobs.iter().map(|job| PendingJob {
            user_ids: job.users.clone(),
            due: job.due,
            mobile_only: job.scope == Scope::Mobile,
            web_only: job.scope == Scope::Web,
        })
    }

    pub(crate) fn pending_jobs(&self) -> usize {
        self.jobs.len()
    }

    pub(crate) fn settings(&self, user_id: &str) -> Option<&UserSessionSettings> {
        self.settings.get(user_id)
    }

    /// Stores the given settings; a setting left out keeps its old value.
    pub(crate) fn apply_settings(&mut self, user_id: &str, duration: Option<i64>, quit: Option<bool>) {
        let entry = self.settings.entry(user_id.to_owned()).or_insert_with(|| UserSessionSettings::new(user_id));
        entry.duration = duration.or(entry.duration);
        entry.desktop_app_browser_quit = quit.or(entry.desktop_app_browser_quit);
    }

    pub(crate) fn put_settings(&mut self, settings: UserSessionSettings) {
        if !self.users.contains_key(&settings.user_id) {
            self.add_user(&settings.user_id, Role::Member, false);
        }
        self.settings.insert(settings.user_id.clone(), settings);
    }

    pub(crate) fn clear_settings(&mut self, user_id: &str) {
        self.settings.remove(user_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org_of(sessions: i64) -> Org {
        let mut org = Org::default();
        for n in 0..sessions {
            let device = if n % 2 == 0 { Device::Mobile } else { Device::Desktop };
            org.add_session(device, ActiveSession::new(format!("U{}", n / 2), "T1", n)).expect("new ID");
        }
        org
    }

    #[test]
    fn a_duplicate_session_id_is_refused_with_its_id() {
        let mut org = org_of(2);
        let again = org.add_session(Device::Web, ActiveSession::new("U9", "T1", 1));
        assert_eq!(again, Err(SeedError::DuplicateSession(1)));
        assert!(org.expire_session(0));
        assert!(org.add_session(Device::Web, ActiveSession::new("U9", "T1", 0)).is_err(), "expired IDs count");
    }

    #[test]
    fn pages_and_resets_use_the_indexes() {
        let mut org = org_of(10);
        let (page, more) = org.page(None, 3, 2);
        assert_eq!(page.iter().map(|s| s.session_id).collect::<Vec<_>>(), [4, 5]);
        assert!(more);
        let (page, more) = org.page(Some(("T1", "U2")), i64::MIN, 10);
        assert_eq!((page.len(), more), (2, false));
        org.reset("U2", Scope::Mobile);
        assert_eq!(org.page(Some(("T1", "U2")), i64::MIN, 10).0.len(), 1);
        assert!(org.remove_user("U3"));
        assert_eq!(org.sessions().count(), 7);
    }
}
