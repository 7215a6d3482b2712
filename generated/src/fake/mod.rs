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
//! The model: users (people, bots and the primary owner), workspaces, active sessions
//! (each on a [`Device`]), per-user session settings, and queued `resetBulk` jobs.
//! Each method acts on it as Slack's pages say; see [`FakeSlack`] for what a test can
//! seed, replace, break and read back.

mod args;
mod faults;
mod handlers;
mod limits;
mod log;
mod model;
mod rotation;
mod routes;
mod server;
mod service;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use faults::Fault;
pub use log::{MethodStats, RecordedRequest};
pub use model::Device;
pub use rotation::{Refresh, TokenRotation, DEFAULT_TOKEN_LIFETIME};

use crate::method::{ApiError, Method, Tier};
use crate::{ActiveSession, BuildError, Client, ClientBuilder, Pacing, Token, UserSessionSettings};
use model::{Org, Role};
use routes::Routes;
use service::{Shared, State};

/// The token the fake accepts when the builder names none.
pub const DEFAULT_TOKEN: &str = "xoxp-fake-token";

/// The default Slack-time delay before a `resetBulk` job ends its sessions.
pub const DEFAULT_JOB_DELAY: Duration = Duration::from_secs(2);

/// Configures a [`FakeSlack`] before it starts.
#[derive(Debug, Clone)]
pub struct FakeSlackBuilder {
    tokens: Vec<Token>,
    time_scale: f64,
    job_delay: Duration,
    rotation: Option<TokenRotation>,
}

impl FakeSlackBuilder {
    /// Accepts `token`. The first call replaces [`DEFAULT_TOKEN`]; later calls add
    /// more tokens, each with rate limits of its own. A call without a token is
    /// answered `not_authed`, one with another token `invalid_auth`.
    pub fn token(mut self, token: impl Into<Token>) -> Self {
        if self.tokens == [Token::new(DEFAULT_TOKEN)] {
            self.tokens.clear();
        }
        self.tokens.push(token.into());
        self
    }

    /// Runs Slack's clock `scale` times faster than real time (rate-limit windows,
    /// `Retry-After` and `resetBulk` jobs): 3600 makes an hour of Slack time last a
    /// second. The default is 1. Values that are not positive and finite count as 1.
    pub fn time_scale(mut self, scale: f64) -> Self {
        self.time_scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        self
    }

    /// How long, in Slack time, a `resetBulk` job waits before it ends the sessions
    /// ([`DEFAULT_JOB_DELAY`] unless set).
    pub fn job_delay(mut self, delay: Duration) -> Self {
        self.job_delay = delay;
        self
    }

    /// Serves Slack's token rotation for one app: `oauth.v2.access` trades the refresh
    /// token in force, once, for a new pair, and the access tokens it hands out expire
    /// after the rotation's lifetime on the fake's clock (then `token_expired`). The
    /// answer's `expires_in` is in real seconds, scaled like `Retry-After`. The tokens
    /// given to [`token`](Self::token) keep working and never expire.
    pub fn token_rotation(mut self, rotation: TokenRotation) -> Self {
        self.rotation = Some(rotation);
        self
    }

    /// Binds `127.0.0.1` on a free port and starts serving on the current tokio
    /// runtime.
    pub async fn start(self) -> io::Result<FakeSlack> {
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                org: Org::default(),
                routes: Routes::model(),
                faults: Default::default(),
                limiter: Default::default(),
                log: Vec::new(),
                stats: Default::default(),
                rotation: self.rotation.map(rotation::Rotation::new),
            }),
            clock: limits::Clock::new(self.time_scale),
            tokens: self.tokens,
            job_delay: self.job_delay,
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
///   already pointed at the fake with an accepted token.
/// - **Seed and read the org**: [`add_session`](Self::add_session),
///   [`add_user`](Self::add_user), [`add_bot`](Self::add_bot),
///   [`add_primary_owner`](Self::add_primary_owner),
///   [`add_workspace`](Self::add_workspace), [`put_settings`](Self::put_settings);
///   [`sessions`](Self::sessions), [`settings`](Self::settings),
///   [`pending_jobs`](Self::pending_jobs).
/// - **Replace or break a method**: [`on`](Self::on), [`fail`](Self::fail).
/// - **Inspect the calls**: [`requests`](Self::requests), [`stats`](Self::stats),
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
            tokens: vec![Token::new(DEFAULT_TOKEN)],
            time_scale: 1.0,
            job_delay: DEFAULT_JOB_DELAY,
            rotation: None,
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
        Client::builder(self.shared.tokens[0].clone()).base_url(self.url()).allow_plain_http(true)
    }

    /// A client with the fake's first token and URL and otherwise default settings.
    pub fn client(&self) -> Result<Client, BuildError> {
        self.client_builder().build()
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

    /// Adds a session on `device`, and its user and workspace if they are new.
    pub fn add_session(&self, device: Device, session: ActiveSession) {
        self.shared.lock().org.add_session(device, session);
    }

    /// Adds a person, who may have sessions reset.
    pub fn add_user(&self, user_id: &str) {
        self.shared.lock().org.add_user(user_id, Role::Person);
    }

    /// Adds a bot user: resetting its sessions answers `cannot_reset_bot`.
    pub fn add_bot(&self, user_id: &str) {
        self.shared.lock().org.add_user(user_id, Role::Bot);
    }

    /// Adds the primary owner: resetting or invalidating their sessions answers
    /// `cannot_reset_primary_owner` or `cannot_invalidate_primary_owner`.
    pub fn add_primary_owner(&self, user_id: &str) {
        self.shared.lock().org.add_user(user_id, Role::PrimaryOwner);
    }

    /// Adds a workspace, so `list` can filter by it.
    pub fn add_workspace(&self, team_id: &str) {
        self.shared.lock().org.add_team(team_id);
    }

    /// Stores a user's session settings (adding the user if new).
    pub fn put_settings(&self, settings: UserSessionSettings) {
        self.shared.lock().org.put_settings(settings);
    }

    /// Every active session, in session-ID order, after any due `resetBulk` job ran.
    pub fn sessions(&self) -> Vec<ActiveSession> {
        self.shared.lock().org.sessions().cloned().collect()
    }

    /// A user's session settings, if they have any.
    pub fn settings(&self, user_id: &str) -> Option<UserSessionSettings> {
        self.shared.lock().org.settings(user_id).cloned()
    }

    /// How many `resetBulk` jobs are queued and not yet due.
    pub fn pending_jobs(&self) -> usize {
        self.shared.lock().org.pending_jobs()
    }

    /// Answers method `M` with `handler` instead of the model, until called again.
    /// The arguments still have to decode into `M` (else `invalid_arguments`), and
    /// authentication, rate limits and faults still come first. An `Err` is sent as
    /// Slack's `{"ok": false, "error": <code>}`.
    pub fn on<M>(&self, handler: impl Fn(&M) -> Result<M::Response, M::Error> + Send + Sync + 'static)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        let handler = move |request: &M, _: &mut handlers::Ctx<'_>| handler(request).map_err(|e| e.code().to_owned());
        self.shared.lock().routes.insert::<M>(Box::new(handler));
    }

    /// Queues `fault` for the next `times` calls of method `M`, after any faults
    /// queued before.
    pub fn fail<M: Method>(&self, times: usize, fault: Fault) {
        self.shared.lock().faults.queue(M::NAME, fault, times);
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

    /// The fake's clock: Slack time since it started.
    pub fn slack_now(&self) -> Duration {
        self.shared.clock.slack_now()
    }

    /// Every call received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().log.clone()
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
