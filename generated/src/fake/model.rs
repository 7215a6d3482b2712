//! The fake organization: its users, workspaces, active sessions, per-user session
//! settings and queued reset jobs. The handlers change it; tests seed and read it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::{ActiveSession, UserSessionSettings};

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

/// What a user is, as far as the session methods care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Person,
    Bot,
    PrimaryOwner,
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

/// The whole organization. Sessions are kept in session-ID order, which is the order
/// `list` pages through them.
#[derive(Debug, Default)]
pub(crate) struct Org {
    users: BTreeMap<String, Role>,
    teams: BTreeSet<String>,
    sessions: BTreeMap<i64, (Device, ActiveSession)>,
    settings: BTreeMap<String, UserSessionSettings>,
    jobs: Vec<Job>,
}

impl Org {
    pub(crate) fn add_user(&mut self, user_id: &str, role: Role) {
        self.users.insert(user_id.to_owned(), role);
    }

    pub(crate) fn add_team(&mut self, team_id: &str) {
        self.teams.insert(team_id.to_owned());
    }

    /// Adds a session, and its user and workspace if they are new.
    pub(crate) fn add_session(&mut self, device: Device, session: ActiveSession) {
        self.users.entry(session.user_id.clone()).or_insert(Role::Person);
        self.teams.insert(session.team_id.clone());
        self.sessions.insert(session.session_id, (device, session));
    }

    pub(crate) fn role(&self, user_id: &str) -> Option<Role> {
        self.users.get(user_id).copied()
    }

    pub(crate) fn has_team(&self, team_id: &str) -> bool {
        self.teams.contains(team_id)
    }

    /// The first of `user_ids` that is not a user of the organization.
    pub(crate) fn first_unknown<'a>(&self, user_ids: &'a [String]) -> Option<&'a str> {
        user_ids.iter().map(String::as_str).find(|id| !self.users.contains_key(*id))
    }

    /// Every active session, in session-ID order.
    pub(crate) fn sessions(&self) -> impl Iterator<Item = &ActiveSession> {
        self.sessions.values().map(|(_, session)| session)
    }

    pub(crate) fn session(&self, session_id: i64) -> Option<&ActiveSession> {
        self.sessions.get(&session_id).map(|(_, session)| session)
    }

    pub(crate) fn end_session(&mut self, session_id: i64) -> bool {
        self.sessions.remove(&session_id).is_some()
    }

    /// Ends the user's sessions that `scope` covers.
    pub(crate) fn reset(&mut self, user_id: &str, scope: Scope) {
        self.sessions.retain(|_, (device, session)| session.user_id != user_id || !scope.ends(*device));
    }

    /// Queues a reset of `users` that runs once the Slack clock reaches `due`.
    pub(crate) fn queue_reset(&mut self, due: Duration, users: Vec<String>, scope: Scope) {
        self.jobs.push(Job { due, users, scope });
    }

    /// Runs every queued job that is due at `now`, in the order they were queued.
    pub(crate) fn run_due_jobs(&mut self, now: Duration) {
        let (due, waiting): (Vec<Job>, Vec<Job>) = self.jobs.drain(..).partition(|job| job.due <= now);
        self.jobs = waiting;
        // One pass over the sessions per job, not one per user: a job names up to 1,000
        // users and an organization may hold tens of thousands of sessions.
        for job in due {
            let users: BTreeSet<&str> = job.users.iter().map(String::as_str).collect();
            self.sessions
                .retain(|_, (device, session)| !(users.contains(session.user_id.as_str()) && job.scope.ends(*device)));
        }
    }

    /// How many reset jobs are queued and not yet run.
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
        self.users.entry(settings.user_id.clone()).or_insert(Role::Person);
        self.settings.insert(settings.user_id.clone(), settings);
    }

    pub(crate) fn clear_settings(&mut self, user_id: &str) {
        self.settings.remove(user_id);
    }
}
