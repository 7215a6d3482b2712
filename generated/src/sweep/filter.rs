//! Session filters: which of the listed sessions a sweep is to end.

use std::fmt;
use std::sync::Arc;

use crate::bulk::journal::{FilterTest, ResetScope};
use crate::ip_range::IpRange;
use crate::methods::{ActiveSession, SessionClient};

/// Which sessions a sweep ends: every test added must hold (they are joined with "and").
///
/// ```
/// # use slack_admin_users_session::sweep::{IpRange, SessionFilter};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Mobile sessions on one workspace that were seen from one network.
/// let filter = SessionFilter::new()
///     .workspace("T12345678")
///     .mobile()
///     .ip("203.0.113.0/24".parse::<IpRange>()?);
/// # let _ = filter;
/// # Ok(())
/// # }
/// ```
///
/// Slack's list answer says nothing about when a session began, so there is no test on
/// a session's age; [`matching`](Self::matching) takes any other predicate.
///
/// The tests are the journal's own [`FilterTest`]s, so the filter a journal keeps is the
/// filter itself, not a translation of it; only a predicate cannot be written down.
#[derive(Clone, Default)]
pub struct SessionFilter {
    tests: Vec<FilterTest>,
    predicates: Vec<Predicate>,
}

/// A test given as code ([`SessionFilter::matching`]).
type Predicate = Arc<dyn Fn(&ActiveSession) -> bool + Send + Sync>;

impl SessionFilter {
    /// A filter that matches every session; add tests to narrow it.
    pub fn new() -> Self {
        SessionFilter::default()
    }

    /// Sessions of this user.
    pub fn user(self, user_id: impl Into<String>) -> Self {
        self.with(FilterTest::User(user_id.into()))
    }

    /// Sessions on this workspace or organization (`team_id`).
    pub fn workspace(self, team_id: impl Into<String>) -> Self {
        self.with(FilterTest::Workspace(team_id.into()))
    }

    /// Sessions whose client was seen at an address in `range`, when the session began
    /// or since.
    pub fn ip(self, range: IpRange) -> Self {
        self.with(FilterTest::Ip(range))
    }

    /// Sessions whose operating system contains `os`, ignoring case (`"iOS"`, `"Windows"`).
    pub fn os(self, os: impl Into<String>) -> Self {
        self.with(FilterTest::Os(os.into().to_lowercase()))
    }

    /// Sessions whose device hardware contains `device`, ignoring case (`"iPhone"`).
    pub fn device(self, device: impl Into<String>) -> Self {
        self.with(FilterTest::Device(device.into().to_lowercase()))
    }

    /// Sessions on a phone or tablet: iOS, iPadOS or Android, or an iPhone, iPad or
    /// Android device.
    pub fn mobile(self) -> Self {
        self.with(FilterTest::Mobile)
    }

    /// Sessions for which `predicate` holds.
    pub fn matching(mut self, predicate: impl Fn(&ActiveSession) -> bool + Send + Sync + 'static) -> Self {
        self.predicates.push(Arc::new(predicate));
        self
    }

    /// Whether `session` passes every test.
    pub fn matches(&self, session: &ActiveSession) -> bool {
        self.tests.iter().all(|test| holds(test, session)) && self.predicates.iter().all(|holds| holds(session))
    }

    /// Which resets end only sessions this filter matches, whatever the user opens after
    /// the listing: a reset of all of a user's sessions when every test is about the
    /// user, and a `mobile_only` reset when every test is about the user or mobile
    /// devices. Any other test (an address, a workspace, a predicate) can fail on a
    /// session begun after the listing, which a reset would end too.
    pub(crate) fn reset_fit(&self) -> ResetScope {
        let only = |about: fn(&FilterTest) -> bool| self.predicates.is_empty() && self.tests.iter().all(about);
        ResetScope {
            full: only(|test| matches!(test, FilterTest::User(_))),
            mobile: only(|test| matches!(test, FilterTest::User(_) | FilterTest::Mobile)),
        }
    }

    /// Whether the filter tests for mobile devices.
    pub(crate) fn tests_mobile(&self) -> bool {
        self.tests.contains(&FilterTest::Mobile)
    }

    /// The tests as the journal keeps them, or `None` when one is a predicate, which
    /// cannot be written down.
    pub(crate) fn to_tests(&self) -> Option<Vec<FilterTest>> {
        self.predicates.is_empty().then(|| self.tests.clone())
    }

    /// The filter a journal's tests describe.
    pub(crate) fn from_tests(tests: &[FilterTest]) -> SessionFilter {
        SessionFilter { tests: tests.to_vec(), predicates: Vec::new() }
    }

    /// The tests, for people: `"mobile and ip 203.0.113.0/24"`, or `"every session"`.
    pub(crate) fn description(&self) -> String {
        let described = self.described();
        if described.is_empty() {
            return "every session".to_owned();
        }
        described.join(" and ")
    }

    fn described(&self) -> Vec<String> {
        let predicates = self.predicates.iter().map(|_| "custom predicate".to_owned());
        self.tests.iter().map(describe).chain(predicates).collect()
    }

    fn with(mut self, test: FilterTest) -> Self {
        self.tests.push(test);
        self
    }
}

/// Whether `session` passes `test`.
fn holds(test: &FilterTest, session: &ActiveSession) -> bool {
    let seen_on = |check: &dyn Fn(&SessionClient) -> bool| clients(session).any(check);
    match test {
        FilterTest::User(user) => session.user_id == *user,
        FilterTest::Workspace(team) => session.team_id == *team,
        FilterTest::Ip(range) => seen_on(&|client| client.ip.as_deref().is_some_and(|ip| range.contains_text(ip))),
        FilterTest::Os(os) => seen_on(&|client| contains_folded(client.os.as_deref(), os)),
        FilterTest::Device(device) => seen_on(&|client| contains_folded(client.device_hardware.as_deref(), device)),
        FilterTest::Mobile => is_mobile_session(session),
    }
}

/// One test, for people.
fn describe(test: &FilterTest) -> String {
    match test {
        FilterTest::User(user) => format!("user {user}"),
        FilterTest::Workspace(team) => format!("workspace {team}"),
        FilterTest::Ip(range) => format!("ip {range}"),
        FilterTest::Os(os) => format!("os ~ {os}"),
        FilterTest::Device(device) => format!("device ~ {device}"),
        FilterTest::Mobile => "mobile".to_owned(),
    }
}

/// Whether a session is on a phone or tablet, as [`SessionFilter::mobile`] tests it.
pub(crate) fn is_mobile_session(session: &ActiveSession) -> bool {
    clients(session).any(is_mobile)
}

fn clients(session: &ActiveSession) -> impl Iterator<Item = &SessionClient> {
    session.created.iter().chain(session.recent.iter())
}

fn contains_folded(text: Option<&str>, wanted_lowercase: &str) -> bool {
    text.is_some_and(|text| text.to_lowercase().contains(wanted_lowercase))
}

fn is_mobile(client: &SessionClient) -> bool {
    const MOBILE_OS: [&str; 3] = ["ios", "ipados", "android"];
    const MOBILE_DEVICES: [&str; 3] = ["iphone", "ipad", "android"];
    let os = client.os.as_deref().map(str::to_lowercase);
    os.is_some_and(|os| MOBILE_OS.contains(&os.as_str()))
        || MOBILE_DEVICES.iter().any(|device| contains_folded(client.device_hardware.as_deref(), device))
}

impl fmt::Debug for SessionFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionFilter").field("tests", &self.described()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> IpRange {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn session(user: &str, team: &str, os: &str, device: &str, ip: &str) -> ActiveSession {
        let client = SessionClient {
            device_hardware: Some(device.to_owned()),
            os: Some(os.to_owned()),
            os_version: None,
            slack_client_version: None,
            ip: Some(ip.to_owned()),
        };
        ActiveSession {
            user_id: user.to_owned(),
            team_id: team.to_owned(),
            session_id: 1,
            created: Some(client),
            recent: None,
        }
    }

    #[test]
    fn every_test_must_hold() {
        let phone = session("U1", "T1", "iOS", "iPhone", "203.0.113.7");
        let laptop = session("U1", "T1", "OS X", "Intel", "198.51.100.9");
        let mobile_here = SessionFilter::new().user("U1").mobile().ip(range("203.0.113.0/24"));
        assert!(mobile_here.matches(&phone));
        assert!(!mobile_here.matches(&laptop));
        assert!(SessionFilter::new().matches(&laptop), "an empty filter matches everything");
        assert!(!SessionFilter::new().workspace("T2").matches(&phone));
        assert!(SessionFilter::new().os("os x").device("INTEL").matches(&laptop));
        assert!(!SessionFilter::new().user("U2").matches(&laptop));
        assert!(SessionFilter::new().matching(|s| s.session_id == 1).matches(&laptop));
        assert!(session("U1", "T1", "Android", "Pixel 8", "::1").created.as_ref().is_some_and(is_mobile));
        let mut bare = laptop.clone();
        bare.created = None;
        assert!(!SessionFilter::new().ip(range("0.0.0.0/0")).matches(&bare), "no client details, no address");
        assert_eq!(
            format!("{:?}", mobile_here),
            r#"SessionFilter { tests: ["user U1", "mobile", "ip 203.0.113.0/24"] }"#
        );
        let written = mobile_here.to_tests().expect("no predicate");
        let read = SessionFilter::from_tests(&written);
        assert_eq!(format!("{read:?}"), format!("{mobile_here:?}"), "a journal's filter is the same filter");
        assert!(SessionFilter::new().matching(|_| true).to_tests().is_none());
    }
}
