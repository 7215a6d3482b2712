//! A fake Slack for tests: an in-process HTTP server on `127.0.0.1` that answers the
//! seven `admin.users.session.*` methods from a model of an organization, with Slack's
//! error codes, rate limits and envelope. Enabled by the `fake` cargo feature.
//!
//! ```
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use slack_admin_users_session::fake::{Device, FakeSlack};
//! use slack_admin_users_session::{ActiveSession, AdminUsersSessionResetRequest};
//!
//! let fake = FakeSlack::start().await?;
//! fake.add_session(Device::Mobile, ActiveSession::new("U1", "T1", 1001));
//! let client = fake.client()?;
//! client.admin_users_session_reset(&AdminUsersSessionResetRequest::new("U1")).await?;
//! assert!(fake.sessions().is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! The model: users (members, admins, owners, the primary owner, bots), workspaces,
//! active and expired sessions (each on a [`Device`]), per-user session settings,
//! queued `resetBulk` jobs, tokens with an owner, a kind and scopes ([`FakeToken`]),
//! and the org's plan (Enterprise unless [`FakeSlackBuilder::enterprise`] says not).
//! Each method acts on it as Slack's pages say; see [`FakeSlack`] for
//! what a test can seed, replace, break, read back and do with time.
//!
//! # Choices where Slack's pages are silent or disagree
//!
//! | Method | Situation | Answer | Why (source) |
//! |---|---|---|---|
//! | all | token in a form body's `token` argument, no header | accepted | the pages allow the token "as a POST parameter" |
//! | all | token in a JSON body | `not_authed` | the pages say JSON needs the `Authorization` header |
//! | all | checks on the token | in this order: `token_revoked`, `not_allowed_token_type` (a bot token), `account_inactive` (owner removed), `is_bot` (owner is a bot user), `missing_scope` (with `needed`/`provided`), `not_an_admin` (a member) | authentication first, then the token's kind, then its rights; the order between them is not documented |
//! | all | an org not on an Enterprise plan ([`FakeSlackBuilder::enterprise`]) | `feature_not_enabled`, after the token's checks and before the method's own | six pages: "works only for organizations on an Enterprise plan" / "the plan does not include this method"; `invalidate`'s page words the same code "the token supplied is not allowed to use this method", read here as the same plan check |
//! | all | a token without an owner | an org owner with both scopes | a test that does not care about roles sees a working admin |
//! | `list` | a rule broken (`limit` outside 1..=1000) | `invalid_arguments`, read by the client as `Unknown` | Slack's generic code; `list` documents none of its own |
//! | `list` | no filter, bots in the org | their sessions left out | "bot sessions are not listed" (`bots_not_allowed`) |
//! | `list` | a bot named by `user_id` | `bots_not_allowed` | same |
//! | `list`, `invalidate` | an expired session | not listed; `invalidate` answers `session_expired` | `session_expired`: "has already expired" |
//! | `invalidate` | `user_id` names no user | `user_not_found` | documented; checked before the session |
//! | `invalidate` | `user_id`/`team_id` do not own the session | `session_not_found` | Slack looks the session up under its owner |
//! | `invalidate` | a bot's session | ended | no bot code is documented for `invalidate` |
//! | `reset`, `invalidate` | the primary owner's sessions | `cannot_reset_primary_owner` / `cannot_invalidate_primary_owner`, unless the token's owner is the primary owner | "only the primary owner can …" |
//! | `resetBulk` | any ID names no user | `user_not_found` for the whole call, nothing queued, `response_metadata.messages` naming each ID | Slack fetches every user before it queues ("Error fetching user") |
//! | `resetBulk` | only bots and/or the primary owner | the first one's code: `cannot_reset_bot` or `session_reset_not_allowed` | a call that can reset no one is refused |
//! | `resetBulk` | some users it can reset, some it cannot | the job is queued for the rest; `failed_for_some_users`, with a `[ERROR] <id>: <code>` message per user left out | "some user ids failed … details in extended comments" |
//! | `resetBulk` | the primary owner among others | `session_reset_not_allowed` in the messages | the bulk method's own code for it; `cannot_reset_primary_owner` shares its text |
//! | `setSettings` | `duration` from 180 to 28,799 | accepted | the schema's floor (180) over the description's (28,800), as the client checks |
//! | `getSettings` | a user without settings | listed in `no_settings_applied` | the response schema has the field for exactly them |
//! | all | rate limit | HTTP 429, `Retry-After` = Slack's whole seconds in real time at the time scale (fractions below a second) | a client on a fast clock waits Slack's time; see [`FakeSlackBuilder::manual_clock`] for the manual clock |
//!
//! # How a test makes the fake answer each documented code
//!
//! "Model": the org or token state causes it, through the real client. "Raw": only
//! arguments the client refuses to send cause it, through [`FakeSlack::post`]. "Fault":
//! only [`FakeSlack::fail`] (or an [`on`](FakeSlack::on) override) produces it, for the
//! reason given.
//!
//! | Code | Methods | How | Reason for a fault |
//! |---|---|---|---|
//! | `user_not_found` | all seven | model: an ID that names no user | |
//! | `bots_not_allowed` | list, getSettings, setSettings, clearSettings | model: a bot user | |
//! | `cannot_reset_bot` | reset, resetBulk | model: a bot user | |
//! | `cannot_reset_primary_owner` | reset, resetBulk | model on reset: the primary owner; fault on resetBulk | resetBulk answers its own `session_reset_not_allowed` |
//! | `session_reset_not_allowed` | resetBulk | model: the primary owner | |
//! | `cannot_invalidate_primary_owner` | invalidate | model: the primary owner's session | |
//! | `failed_for_some_users` | resetBulk | model: a bot or the primary owner beside resettable users | |
//! | `session_not_found`, `session_expired` | invalidate | model: no such session; [`FakeSlack::expire_session`] | |
//! | `no_active_sessions`, `team_not_found`, `invalid_cursor` | list | model: an empty match, an unknown workspace, a cursor the fake never gave | |
//! | `missing_team`, `missing_user` | list | model: only one of the pair (the client's `team_id_and_user_id` sends both, so raw) | |
//! | `at_least_one_session_setting_required` | setSettings | raw: no setting | the client's constructors always set one |
//! | `invalid_arguments` | all but list (documented) | raw: a broken argument rule (the client checks them first) | |
//! | `not_an_admin`, `missing_scope`, `not_allowed_token_type`, `is_bot`, `account_inactive` | all seven | model: a [`FakeToken`] with a member owner, too few scopes, the bot kind, a bot owner, a removed owner | |
//! | `token_revoked` | all seven | model: [`FakeSlack::revoke_token`] | |
//! | `not_authed`, `invalid_auth` | all seven | model: no token, an unknown token | |
//! | `invalid_post_type`, `missing_post_type` | all seven | raw HTTP: another `Content-Type`, or none with a body | |
//! | `ratelimited` | all seven | model: past the tier's allowance (HTTP 429) | |
//! | `unknown_method` | all seven | raw HTTP: a method the fake does not serve | |
//! | `admin_unauthorized` | list, invalidate, get/set/clearSettings | fault | the pages do not say how it differs from `not_an_admin` |
//! | `restricted_action` | getSettings, resetBulk | fault | described as "not an Org Owner/Admin" too, with no other cause |
//! | `feature_not_enabled` | all seven | model: [`FakeSlackBuilder::enterprise`]`(false)`, an org without an Enterprise plan | |
//! | `internal_error`, `fatal_error`, `service_unavailable`, `request_timeout` | all (internal_error not on list) | fault | Slack's own failures, with no cause in the org |
//! | `user_session_reset_failed`, `session_invalidation_failed`, `unable_to_update_existing_sessions` | reset/resetBulk, invalidate, setSettings | fault | transient failures on Slack's side |
//! | `token_expired` | all seven (a shared row: listed in six tables, categorised on invalidate too) | model: a rotated token past its lifetime ([`FakeSlackBuilder::token_rotation`]) | the tokens given to `token` never expire; rotated ones expire on the fake's clock |
//! | `access_denied`, `no_permission`, `ekm_access_denied`, `org_login_required`, `team_added_to_org`, `two_factor_setup_required`, `enterprise_is_restricted`, `accesslimited` | all seven (access_denied not on invalidate) | fault | org-wide states (migration, EKM, 2FA, network rules) the fake does not model |
//! | `method_deprecated`, `deprecated_endpoint` | all seven | fault | no method of the family is deprecated |
//! | `invalid_arg_name`, `invalid_array_arg`, `invalid_charset`, `invalid_form_data` | all seven | fault | the fake reads any well-formed body; these concern malformed HTTP the client never sends |

mod args;
mod faults;
mod handlers;
mod limits;
mod log;
mod model;
mod raw;
mod refusal;
mod rotation;
mod routes;
mod server;
mod service;
mod tokens;

use std::collections::BTreeSet;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use faults::Fault;
pub use log::{MethodStats, RecordedRequest};
pub use model::{Device, FakeSession, FakeUser, PendingJob, Role, SeedError};
pub use raw::RawReply;
pub use refusal::{Detail, Refusal};
pub use rotation::{Refresh, TokenRotation, DEFAULT_TOKEN_LIFETIME};
pub use tokens::{FakeToken, TokenKind};

use crate::builder::ClientBuilder;
use crate::client::Client;
use crate::error::BuildError;
use crate::method::Encoding;
use crate::method::{Method, Tier};
use crate::methods::{ActiveSession, UserSessionSettings};
use crate::pacing::Pacing;
use model::Org;
use routes::Routes;
use service::{Shared, State};

/// The token the fake accepts when the builder names none.
pub const DEFAULT_TOKEN: &str = "xoxp-fake-token";

/// The log label of [`DEFAULT_TOKEN`].
pub const DEFAULT_TOKEN_LABEL: &str = "default";

/// The default Slack-time delay before a `resetBulk` job ends its sessions.
pub const DEFAULT_JOB_DELAY: Duration = Duration::from_secs(2);

/// The organization ID a fake answers `auth.test` with unless [`FakeSlackBuilder::org_id`]
/// says otherwise.
pub const DEFAULT_ORG_ID: &str = "E0FAKEORG";

/// Configures a [`FakeSlack`] before it starts.
#[derive(Debug, Clone)]
pub struct FakeSlackBuilder {
    tokens: Vec<FakeToken>,
    replaced_default: bool,
    time_scale: f64,
    manual_clock: bool,
    job_delay: Duration,
    rotation: Option<TokenRotation>,
    enterprise: bool,
    org_id: String,
}

impl FakeSlackBuilder {
    /// Accepts `token`, an admin user token with both scopes, labelled `token N` (N
    /// counting from 1) in the log. The first call replaces [`DEFAULT_TOKEN`]; later
    /// calls add more tokens, each with rate limits of its own. A call without a token
    /// is answered `not_authed`, one with another token `invalid_auth`.
    pub fn token(self, token: impl Into<crate::token::Token>) -> Self {
        let label = format!("token {}", if self.replaced_default { self.tokens.len() + 1 } else { 1 });
        self.token_with(FakeToken::new(label, token))
    }

    /// Accepts a token with an owner, a role, a kind and scopes of its own. The first
    /// token given (this way or with [`token`](Self::token)) replaces the default one.
    pub fn token_with(mut self, token: FakeToken) -> Self {
        if !self.replaced_default {
            self.tokens.clear();
            self.replaced_default = true;
        }
        self.tokens.push(token);
        self
    }

    /// Runs Slack's clock `scale` times faster than real time (rate-limit windows,
    /// `Retry-After` and `resetBulk` jobs): 3600 makes an hour of Slack time last a
    /// second. The default is 1. Values that are not positive and finite count as 1.
    pub fn time_scale(mut self, scale: f64) -> Self {
        self.time_scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        self
    }

    /// Stops Slack's clock: it moves only when the test calls
    /// [`FakeSlack::advance`], and when the fake answers a 429, which moves it on by
    /// the wait it asks for and sends `Retry-After: 0`, as if the client had waited it
    /// out (as tokio's paused clock jumps when everything waits). A test that waits
    /// out a rate limit on this clock takes no real time.
    pub fn manual_clock(mut self) -> Self {
        self.manual_clock = true;
        self
    }

    /// How long, in Slack time, a `resetBulk` job waits before it ends the sessions
    /// ([`DEFAULT_JOB_DELAY`] unless set).
    pub fn job_delay(mut self, delay: Duration) -> Self {
        self.job_delay = delay;
        self
    }

    /// Whether the org is on an Enterprise plan, as it is unless set. Slack serves the
    /// seven methods to Enterprise orgs only, so with `false` every one of them answers
    /// `feature_not_enabled`, after the token's checks and before its own. An
    /// [`on`](FakeSlack::on) override replaces the method whole, this check included.
    pub fn enterprise(mut self, enterprise: bool) -> Self {
        self.enterprise = enterprise;
        self
    }

    /// The organization's ID, which `auth.test` answers as the token's `team_id` (and,
    /// on an Enterprise plan, its `enterprise_id`); [`DEFAULT_ORG_ID`] unless set. Two
    /// fakes with different IDs stand for two organizations.
    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_id = org_id.into();
        self
    }

    /// Serves Slack's token rotation for one app: `oauth.v2.access` trades the refresh
    /// token in force, once, for a new pair, and the access tokens it hands out expire
    /// after the rotation's lifetime on the fake's clock (then `token_expired`). The
    /// answer's `expires_in` is in real seconds, scaled like `Retry-After`. Rotated
    /// tokens act as an admin with both scopes, labelled `rotated` in the log; the
    /// tokens given to [`token`](Self::token) keep working and never expire.
    pub fn token_rotation(mut self, rotation: TokenRotation) -> Self {
        self.rotation = Some(rotation);
        self
    }

    /// Binds `127.0.0.1` on a free port and starts serving on the current tokio
    /// runtime. The tokens' owners join the org with their roles.
    pub async fn start(mut self) -> io::Result<FakeSlack> {
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let mut org = Org::default();
        for (user, role, bot) in self.tokens.iter().filter_map(|token| token.owner.as_ref()) {
            org.add_user(user, *role, *bot);
        }
        if self.rotation.is_some() {
            // The caller every rotated token stands for. Its own text holds a NUL, which
            // no HTTP header can carry, so it is never accepted as a bearer token.
            self.tokens.push(FakeToken::new(rotation::ROTATED_LABEL, "\0rotated"));
        }
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                org,
                routes: Routes::model(),
                faults: Default::default(),
                limiter: Default::default(),
                log: Vec::new(),
                stats: Default::default(),
                revoked: BTreeSet::new(),
                rotation: self.rotation.map(rotation::Rotation::new),
            }),
            clock: limits::Clock::new(self.time_scale, self.manual_clock),
            tokens: self.tokens,
            job_delay: self.job_delay,
            enterprise: self.enterprise,
            org_id: self.org_id,
            next_request_id: AtomicU64::new(0),
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        Ok(FakeSlack { shared, addr, server })
    }
}

/// A running fake Slack. Dropping it stops the server and closes its connections.
///
/// - **Connect**: [`url`](Self::url) for [`ClientBuilder::base_url`], or
///   [`client`](Self::client) / [`client_builder`](Self::client_builder) for a client
///   already pointed at the fake with an accepted token; [`post`](Self::post) for a
///   raw call with unchecked arguments.
/// - **Seed the org**: [`add_session`](Self::add_session),
///   [`add_sessions`](Self::add_sessions), [`try_add_session`](Self::try_add_session),
///   [`add_user`](Self::add_user), [`add_user_with_role`](Self::add_user_with_role),
///   [`add_bot`](Self::add_bot), [`add_primary_owner`](Self::add_primary_owner),
///   [`add_workspace`](Self::add_workspace), [`put_settings`](Self::put_settings),
///   [`remove_user`](Self::remove_user), [`remove_session`](Self::remove_session),
///   [`expire_session`](Self::expire_session), [`revoke_token`](Self::revoke_token).
/// - **Read the org**: [`sessions`](Self::sessions),
///   [`sessions_with_devices`](Self::sessions_with_devices), [`users`](Self::users),
///   [`workspaces`](Self::workspaces), [`settings`](Self::settings),
///   [`jobs`](Self::jobs), [`pending_jobs`](Self::pending_jobs).
/// - **Replace or break a method**: [`on`](Self::on),
///   [`remove_override`](Self::remove_override), [`fail`](Self::fail),
///   [`fail_when`](Self::fail_when), [`clear_faults`](Self::clear_faults).
/// - **Time**: [`now`](Self::now), [`advance`](Self::advance),
///   [`run_jobs_now`](Self::run_jobs_now), [`refill_buckets`](Self::refill_buckets).
/// - **Inspect the calls**: [`requests`](Self::requests),
///   [`clear_requests`](Self::clear_requests), [`stats`](Self::stats),
///   [`allowed_per_second`](Self::allowed_per_second), [`pacing`](Self::pacing).
///
/// Its `Debug` output names the address only; tokens appear nowhere.
pub struct FakeSlack {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: JoinHandle<()>,
}

impl std::fmt::Debug for FakeSlack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeSlack").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Drop for FakeSlack {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeSlack {
    /// Starts a fake with the defaults: [`DEFAULT_TOKEN`], real-time clock.
    pub async fn start() -> io::Result<FakeSlack> {
        FakeSlack::builder().start().await
    }

    /// Starts configuring a fake.
    pub fn builder() -> FakeSlackBuilder {
        FakeSlackBuilder {
            tokens: vec![FakeToken::new(DEFAULT_TOKEN_LABEL, DEFAULT_TOKEN)],
            replaced_default: false,
            time_scale: 1.0,
            manual_clock: false,
            job_delay: DEFAULT_JOB_DELAY,
            rotation: None,
            enterprise: true,
            org_id: DEFAULT_ORG_ID.to_owned(),
        }
    }

    /// The base URL to give [`ClientBuilder::base_url`], such as `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client builder with the fake's first token and URL, plain HTTP allowed.
    pub fn client_builder(&self) -> ClientBuilder {
        self.client_builder_for(&self.shared.tokens[0].label).unwrap_or_else(|| unreachable!("a first token"))
    }

    /// A client builder with the token labelled `label`, if the fake has one.
    pub fn client_builder_for(&self, label: &str) -> Option<ClientBuilder> {
        let token = self.shared.tokens.iter().find(|token| token.label == label)?;
        Some(Client::builder(token.token.clone()).base_url(self.url()).allow_plain_http(true))
    }

    /// A client with the fake's first token and URL and otherwise default settings.
    pub fn client(&self) -> Result<Client, BuildError> {
        self.client_builder().build()
    }

    /// Sends `body` to `method` (`"list"` or `"admin.users.session.list"`) with the
    /// first token, unchecked: what the client would refuse to send (a limit of 0,
    /// 1,001 IDs, no setting at all) reaches the fake as it is. A form body is made from
    /// a JSON object, lists joined with commas. The answer is Slack's envelope as sent.
    pub async fn post(&self, method: &str, encoding: Encoding, body: &Value) -> io::Result<RawReply> {
        let method = if method.contains('.') { method.to_owned() } else { format!("admin.users.session.{method}") };
        raw::post(&self.url(), &method, &self.shared.tokens[0].token, encoding, body).await
    }

    /// Client pacing at each tier's rate on the fake's clock: [`Pacing::by_tier`]
    /// sped up by the time scale, so a paced client stays within the fake's limits.
    pub fn pacing(&self) -> Pacing {
        let scale = self.shared.clock.scale();
        [Tier::Tier1, Tier::Tier2, Tier::Tier3, Tier::Tier4].into_iter().fold(Pacing::by_tier(), |pacing, tier| {
            pacing.tier_rate(tier, (f64::from(tier.per_minute()) * scale).round().max(1.0) as u32)
        })
    }

    /// The time scale the fake runs at.
    pub fn time_scale(&self) -> f64 {
        self.shared.clock.scale()
    }

    /// The time on the fake's Slack clock, from zero when it started.
    pub fn now(&self) -> Duration {
        self.shared.clock.slack_now()
    }

    /// Moves the Slack clock on by `by`, on either clock; queued jobs that fall due
    /// run, and the rate-limit buckets refill as that much time allows.
    pub fn advance(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Runs every queued `resetBulk` job now, due or not.
    pub fn run_jobs_now(&self) {
        self.shared.lock().org.run_due_jobs(None);
    }

    /// Fills every rate-limit bucket: every token may send a whole burst again.
    pub fn refill_buckets(&self) {
        self.shared.lock().limiter.refill();
    }

    /// Adds a session on `device`, and its user and workspace if they are new.
    ///
    /// # Panics
    ///
    /// If the fake already has a session with the same ID; see
    /// [`try_add_session`](Self::try_add_session).
    pub fn add_session(&self, device: Device, session: ActiveSession) {
        if let Err(error) = self.try_add_session(device, session) {
            panic!("{error}");
        }
    }

    /// Adds a session, or says why not: another session has its ID.
    pub fn try_add_session(&self, device: Device, session: ActiveSession) -> Result<(), SeedError> {
        self.shared.lock().org.add_session(device, session)
    }

    /// Adds many sessions under one lock: the way to seed a large org.
    ///
    /// # Panics
    ///
    /// On a duplicate session ID, after adding the sessions before it.
    pub fn add_sessions(&self, sessions: impl IntoIterator<Item = (Device, ActiveSession)>) {
        let mut state = self.shared.lock();
        for (device, session) in sessions {
            if let Err(error) = state.org.add_session(device, session) {
                drop(state);
                panic!("{error}");
            }
        }
    }

    /// Adds a member, who may have sessions reset.
    pub fn add_user(&self, user_id: &str) {
        self.add_user_with_role(user_id, Role::Member);
    }

    /// Adds a person with `role`, or changes the role of one already there.
    pub fn add_user_with_role(&self, user_id: &str, role: Role) {
        self.shared.lock().org.add_user(user_id, role, false);
    }

    /// Adds a bot user: resetting its sessions answers `cannot_reset_bot`, and `list`
    /// and the settings methods answer `bots_not_allowed`.
    pub fn add_bot(&self, user_id: &str) {
        self.shared.lock().org.add_user(user_id, Role::Member, true);
    }

    /// Adds the primary owner: unless the token is theirs, resetting or invalidating
    /// their sessions answers `cannot_reset_primary_owner`,
    /// `session_reset_not_allowed` or `cannot_invalidate_primary_owner`.
    pub fn add_primary_owner(&self, user_id: &str) {
        self.add_user_with_role(user_id, Role::PrimaryOwner);
    }

    /// Adds a workspace, so `list` can filter by it.
    pub fn add_workspace(&self, team_id: &str) {
        self.shared.lock().org.add_team(team_id);
    }

    /// Stores a user's session settings (adding the user if new).
    pub fn put_settings(&self, settings: UserSessionSettings) {
        self.shared.lock().org.put_settings(settings);
    }

    /// Removes a user with their sessions and settings; `false` if there was none.
    /// A token they own then answers `account_inactive`.
    pub fn remove_user(&self, user_id: &str) -> bool {
        self.shared.lock().org.remove_user(user_id)
    }

    /// Removes a session, active or expired; `false` if there was none.
    pub fn remove_session(&self, session_id: i64) -> bool {
        self.shared.lock().org.remove_session(session_id)
    }

    /// Expires an active session: `list` no longer shows it and `invalidate` answers
    /// `session_expired`. `false` if there was no such active session.
    pub fn expire_session(&self, session_id: i64) -> bool {
        self.shared.lock().org.expire_session(session_id)
    }

    /// Revokes the token labelled `label`: its calls answer `token_revoked`.
    pub fn revoke_token(&self, label: &str) {
        self.shared.lock().revoked.insert(label.to_owned());
    }

    /// Every active session, in session-ID order, after any due `resetBulk` job ran.
    pub fn sessions(&self) -> Vec<ActiveSession> {
        self.shared.lock().org.sessions().cloned().collect()
    }

    /// Every session, active or expired, with its device, in session-ID order.
    pub fn sessions_with_devices(&self) -> Vec<FakeSession> {
        self.shared.lock().org.all_sessions()
    }

    /// Every user with their role, in ID order.
    pub fn users(&self) -> Vec<FakeUser> {
        self.shared.lock().org.users().collect()
    }

    /// Every workspace ID, in order.
    pub fn workspaces(&self) -> Vec<String> {
        self.shared.lock().org.teams().cloned().collect()
    }

    /// A user's session settings, if they have any.
    pub fn settings(&self, user_id: &str) -> Option<UserSessionSettings> {
        self.shared.lock().org.settings(user_id).cloned()
    }

    /// How many `resetBulk` jobs are queued and not yet due.
    pub fn pending_jobs(&self) -> usize {
        self.shared.lock().org.pending_jobs()
    }

    /// The queued `resetBulk` jobs, with their users and due time, in queue order.
    pub fn jobs(&self) -> Vec<PendingJob> {
        self.shared.lock().org.jobs().collect()
    }

    /// Answers method `M` with `handler` instead of the model, until called again or
    /// [`remove_override`](Self::remove_override). The arguments still have to decode
    /// into `M` (else `invalid_arguments`); authentication, rate limits, faults and the
    /// token's rights still come first. The handler returns the response (whose
    /// `warning` and `response_metadata` are sent as set) or the method's error enum;
    /// [`on_refusing`](Self::on_refusing) sends an error with details.
    pub fn on<M>(&self, handler: impl Fn(&M) -> Result<M::Response, M::Error> + Send + Sync + 'static)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        self.on_refusing::<M>(move |request| handler(request).map_err(Refusal::from));
    }

    /// Like [`on`](Self::on), with errors that carry [`Detail`]s (`needed`,
    /// `provided`, `warning`, `response_metadata`).
    pub fn on_refusing<M>(&self, handler: impl Fn(&M) -> Result<M::Response, Refusal<M::Error>> + Send + Sync + 'static)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        let handler = move |request: &M, _: &mut handlers::Ctx<'_>| handler(request);
        self.shared.lock().routes.insert::<M>(Box::new(handler));
    }

    /// Puts the model back in charge of method `M`.
    pub fn remove_override<M: Method>(&self) {
        self.shared.lock().routes.restore(M::NAME);
    }

    /// Queues `fault` for the next `times` calls of method `M`, after any faults
    /// queued before.
    pub fn fail<M: Method>(&self, times: usize, fault: Fault) {
        self.shared.lock().faults.queue(M::NAME, fault, times, None);
    }

    /// Queues `fault` for the next `times` calls of method `M` whose arguments decode
    /// and match `applies`, such as "the calls that name W3"; other calls pass it by.
    pub fn fail_when<M>(&self, times: usize, applies: impl Fn(&M) -> bool + Send + Sync + 'static, fault: Fault)
    where
        M: Method + DeserializeOwned,
    {
        let matcher = Arc::new(move |args: &args::RawArgs| args.decode::<M>().is_some_and(|request| applies(&request)));
        self.shared.lock().faults.queue(M::NAME, fault, times, Some(matcher));
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every refresh `oauth.v2.access` granted, in order; empty without a rotation.
    pub fn refreshes(&self) -> Vec<Refresh> {
        self.shared.lock().rotation.as_ref().map_or_else(Vec::new, |rotation| rotation.granted.clone())
    }

    /// Revokes the rotation's refresh token in force, as an admin revoking the app's
    /// tokens would: the next refresh answers `invalid_refresh_token`. Access tokens
    /// already issued live out their time.
    pub fn revoke_refresh_token(&self) {
        if let Some(rotation) = self.shared.lock().rotation.as_mut() {
            rotation.revoke();
        }
    }

    /// Every call received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().log.clone()
    }

    /// Forgets the calls received so far: the log and the counts.
    pub fn clear_requests(&self) {
        let mut state = self.shared.lock();
        state.log.clear();
        state.stats.clear();
    }

    /// The counts of calls and 429s of method `M`.
    pub fn stats<M: Method>(&self) -> MethodStats {
        self.shared.lock().stats.get(M::NAME).copied().unwrap_or_default()
    }

    /// The steady rate, in calls per real second, at which method `M` is allowed per
    /// token: its tier's calls a minute, sped up by the time scale. A token may also
    /// start with a burst of one minute's allowance.
    pub fn allowed_per_second<M: Method>(&self) -> f64 {
        f64::from(M::TIER.per_minute()) / 60.0 * self.shared.clock.scale()
    }
}
