//! Session sweeps: list the organization's sessions, keep those a filter matches, and
//! end each one with `invalidate`, paced at its tier, with one outcome per session.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::batch::{cleared_to_send, BatchStream, Stopper};
use crate::client::Client;
use crate::error::Error;
use crate::method::Method;
use crate::{
    ActiveSession, AdminUsersSessionInvalidateError, AdminUsersSessionInvalidateRequest, AdminUsersSessionListError,
    AdminUsersSessionListRequest, SessionClient,
};

/// How many invalidations a sweep keeps in flight. Pacing decides when each may start;
/// this only lets one call's round trip overlap the next one's slot, so that latency
/// does not eat into the tier's allowance.
const SWEEP_CONCURRENCY: usize = 8;

/// Which sessions a sweep ends: every test added must hold (they are joined with "and").
///
/// ```
/// # use slack_admin_users_session::{IpRange, SessionFilter};
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
#[derive(Clone, Default)]
pub struct SessionFilter {
    tests: Vec<Test>,
}

#[derive(Clone)]
enum Test {
    User(String),
    Workspace(String),
    Ip(IpRange),
    Os(String),
    Device(String),
    Mobile,
    Custom(Arc<dyn Fn(&ActiveSession) -> bool + Send + Sync>),
}

impl SessionFilter {
    /// A filter that matches every session; add tests to narrow it.
    pub fn new() -> Self {
        SessionFilter::default()
    }

    /// Sessions of this user.
    pub fn user(self, user_id: impl Into<String>) -> Self {
        self.with(Test::User(user_id.into()))
    }

    /// Sessions on this workspace or organization (`team_id`).
    pub fn workspace(self, team_id: impl Into<String>) -> Self {
        self.with(Test::Workspace(team_id.into()))
    }

    /// Sessions whose client was seen at an address in `range`, when the session began
    /// or since.
    pub fn ip(self, range: IpRange) -> Self {
        self.with(Test::Ip(range))
    }

    /// Sessions whose operating system contains `os`, ignoring case (`"iOS"`, `"Windows"`).
    pub fn os(self, os: impl Into<String>) -> Self {
        self.with(Test::Os(os.into().to_lowercase()))
    }

    /// Sessions whose device hardware contains `device`, ignoring case (`"iPhone"`).
    pub fn device(self, device: impl Into<String>) -> Self {
        self.with(Test::Device(device.into().to_lowercase()))
    }

    /// Sessions on a phone or tablet: iOS, iPadOS or Android, or an iPhone, iPad or
    /// Android device.
    pub fn mobile(self) -> Self {
        self.with(Test::Mobile)
    }

    /// Sessions for which `predicate` holds.
    pub fn matching(self, predicate: impl Fn(&ActiveSession) -> bool + Send + Sync + 'static) -> Self {
        self.with(Test::Custom(Arc::new(predicate)))
    }

    /// Whether `session` passes every test.
    pub fn matches(&self, session: &ActiveSession) -> bool {
        self.tests.iter().all(|test| test.holds(session))
    }

    fn with(mut self, test: Test) -> Self {
        self.tests.push(test);
        self
    }
}

impl Test {
    fn holds(&self, session: &ActiveSession) -> bool {
        let seen_on = |check: &dyn Fn(&SessionClient) -> bool| clients(session).any(check);
        match self {
            Test::User(user) => session.user_id == *user,
            Test::Workspace(team) => session.team_id == *team,
            Test::Ip(range) => seen_on(&|client| client.ip.as_deref().is_some_and(|ip| range.contains_text(ip))),
            Test::Os(os) => seen_on(&|client| contains_folded(client.os.as_deref(), os)),
            Test::Device(device) => seen_on(&|client| contains_folded(client.device_hardware.as_deref(), device)),
            Test::Mobile => seen_on(&is_mobile),
            Test::Custom(predicate) => predicate(session),
        }
    }
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
        let tests: Vec<String> = self.tests.iter().map(Test::describe).collect();
        f.debug_struct("SessionFilter").field("tests", &tests).finish()
    }
}

impl Test {
    fn describe(&self) -> String {
        match self {
            Test::User(user) => format!("user {user}"),
            Test::Workspace(team) => format!("workspace {team}"),
            Test::Ip(range) => format!("ip {range}"),
            Test::Os(os) => format!("os ~ {os}"),
            Test::Device(device) => format!("device ~ {device}"),
            Test::Mobile => "mobile".to_owned(),
            Test::Custom(_) => "custom predicate".to_owned(),
        }
    }
}

/// An IP address or a CIDR block, such as `203.0.113.7` or `2001:db8::/32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `ip` is in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }

    /// Whether the address written in `text` is in the range; text that is not an
    /// address is not.
    fn contains_text(&self, text: &str) -> bool {
        text.trim().parse().is_ok_and(|ip| self.contains(ip))
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

impl FromStr for IpRange {
    type Err = IpRangeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || IpRangeError(text.to_owned());
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| error())?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(error)?,
            None => bits,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// Text that is neither an IP address nor a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpRangeError(String);

impl fmt::Display for IpRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an IP address or a CIDR block such as 203.0.113.0/24", self.0)
    }
}

impl std::error::Error for IpRangeError {}

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
        let listed = stream::once(self.collect_matches(request, filter, stopper.clone()));
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
                    self.end_session(session).await
                }
            })
            .buffered(SWEEP_CONCURRENCY);
        BatchStream::new(outcomes, stopper)
    }

    /// Lists every match, and the listing error that cut it short, if any. A stop ends
    /// the listing early too.
    async fn collect_matches(
        &self,
        request: AdminUsersSessionListRequest,
        filter: SessionFilter,
        stop: Stopper,
    ) -> (Vec<ActiveSession>, Option<Error<AdminUsersSessionListError>>) {
        let mut matches = std::pin::pin!(self.sweep_matches(request, filter));
        let mut sessions = Vec::new();
        while let Some(item) = matches.next().await {
            match item {
                Ok(session) => sessions.push(session),
                Err(error) => return (sessions, Some(error)),
            }
            if stop.is_stopped() {
                break;
            }
        }
        (sessions, None)
    }

    async fn end_session(&self, session: ActiveSession) -> SweepOutcome {
        let request = AdminUsersSessionInvalidateRequest::new_with_user_id(session.session_id, session.user_id.clone());
        match self.call(&request).await {
            Ok(_) => SweepOutcome::Ended(session),
            Err(error) => match error.api_error() {
                Some(
                    AdminUsersSessionInvalidateError::SessionNotFound
                    | AdminUsersSessionInvalidateError::SessionExpired,
                ) => SweepOutcome::AlreadyEnded(session),
                _ => SweepOutcome::Failed(session, error),
            },
        }
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
    }

    #[test]
    fn cidr_blocks_and_single_addresses() {
        let net = range("203.0.113.0/24");
        assert!(net.contains("203.0.113.200".parse().expect("ip")));
        assert!(!net.contains("203.0.114.1".parse().expect("ip")));
        assert!(range("10.0.0.0/9").contains("10.127.255.255".parse().expect("ip")));
        assert!(!range("10.0.0.0/9").contains("10.128.0.0".parse().expect("ip")));
        assert!(range("0.0.0.0/0").contains("198.51.100.1".parse().expect("ip")));
        assert!(range("198.51.100.17").contains("198.51.100.17".parse().expect("ip")));
        assert!(!range("198.51.100.17").contains("198.51.100.18".parse().expect("ip")));
        assert!(range("2001:db8::/32").contains("2001:db8:ffff::1".parse().expect("ip")));
        assert!(!range("2001:db8::/32").contains("203.0.113.1".parse().expect("ip")), "families never match");
        for bad in ["", "203.0.113.0/33", "2001:db8::/129", "host.example", "1.2.3.4/x"] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
        assert!(range("203.0.113.0/24").contains_text(" 203.0.113.9 "));
        assert!(!range("203.0.113.0/24").contains_text("unknown"));
    }
}
