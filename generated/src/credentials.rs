//! Where each attempt's token comes from: a fixed token, or Slack's token rotation,
//! refreshed through `oauth.v2.access` before it expires and shared by every call.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::token::Token;

/// The header Slack names each answer with, `oauth.v2.access`'s as every method's. It
/// lives here, the lower of the two modules that read it, so that neither imports the other's
/// layer above it.
pub(crate) const REQUEST_ID: &str = "x-slack-req-id";

/// What [`RotatingToken::on_refresh`] keeps.
type RefreshCallback = Arc<dyn Fn(&Rotation) + Send + Sync>;

/// Slack's token rotation, as a token source for a [`Client`](crate::Client).
///
/// With rotation on, an access token (`xoxe.xoxp-…`) lives 12 hours, and a refresh token
/// (`xoxe-1-…`) buys a new pair once through `oauth.v2.access`; the old refresh token
/// stops working when it is used. The client keeps the pair: it refreshes before the
/// access token expires (by [`refresh_margin`](Self::refresh_margin)), and at most once
/// more when Slack answers a call with `token_expired`. Calls in flight at that moment
/// share one refresh: a hundred waiting calls cause one `oauth.v2.access`.
///
/// Every new pair goes to [`on_refresh`](Self::on_refresh) before any call uses it.
/// Store it there: the refresh token just spent is dead, so a job that loses the new one
/// is locked out until someone installs the app again.
///
/// A refresh Slack refuses (`invalid_refresh_token`, `bad_client_secret`, …) ends that
/// call, and every later one, with [`ErrorKind::TokenRefresh`](crate::ErrorKind::TokenRefresh),
/// whose category is `Authentication`. The client secret and both tokens appear in no
/// `Debug` output, error or log.
///
/// ```no_run
/// use std::time::Duration;
/// use slack_admin_users_session::{Client, RotatingToken};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let rotation = RotatingToken::new(
///     std::env::var("SLACK_CLIENT_ID")?,
///     std::env::var("SLACK_CLIENT_SECRET")?,
///     std::env::var("SLACK_REFRESH_TOKEN")?,
/// )
/// .on_refresh(|pair| {
///     // Write pair.refresh_token().expose() to your secret store here.
///     let _ = pair.expires_in();
/// });
/// let client = Client::with_rotation(rotation).build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RotatingToken {
    client_id: String,
    client_secret: Token,
    refresh_token: Token,
    access: Option<(Token, Duration)>,
    margin: Duration,
    on_refresh: Option<RefreshCallback>,
}

impl RotatingToken {
    /// The Slack method that trades a refresh token for a new access token.
    pub const REFRESH_METHOD: &'static str = "oauth.v2.access";

    /// How long before an access token's expiry the client refreshes it by default: 5 minutes.
    pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

    /// Rotation for the app `client_id`, starting from `refresh_token`. Without
    /// [`access_token`](Self::access_token), the first call refreshes first.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Token>, refresh_token: impl Into<Token>) -> Self {
        RotatingToken {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_token: refresh_token.into(),
            access: None,
            margin: Self::DEFAULT_REFRESH_MARGIN,
            on_refresh: None,
        }
    }

    /// The access token in hand, good for `expires_in` from now, so that the first
    /// calls need no refresh.
    pub fn access_token(mut self, token: impl Into<Token>, expires_in: Duration) -> Self {
        self.access = Some((token.into(), expires_in));
        self
    }

    /// How long before expiry the token is refreshed ([`DEFAULT_REFRESH_MARGIN`](Self::DEFAULT_REFRESH_MARGIN)).
    ///
    /// The margin never takes more than half of a token's lifetime: a token Slack gives
    /// for 2 minutes is refreshed after 1, not on every call, whatever the margin says.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Called with every new pair, before any call uses it.
    pub fn on_refresh(mut self, callback: impl Fn(&Rotation) + Send + Sync + 'static) -> Self {
        self.on_refresh = Some(Arc::new(callback));
        self
    }
}

impl fmt::Debug for RotatingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RotatingToken")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("refresh_token", &self.refresh_token)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

/// A new token pair from `oauth.v2.access`.
#[derive(Debug, Clone)]
pub struct Rotation {
    access_token: Token,
    refresh_token: Token,
    expires_in: Duration,
}

impl Rotation {
    /// The new access token.
    pub fn access_token(&self) -> &Token {
        &self.access_token
    }

    /// The new refresh token; the one before it no longer works.
    pub fn refresh_token(&self) -> &Token {
        &self.refresh_token
    }

    /// How long the access token is good for, from when Slack answered.
    pub fn expires_in(&self) -> Duration {
        self.expires_in
    }
}

/// Why no token could be had for an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefreshFailure {
    /// Slack refused the refresh with this code, such as `invalid_refresh_token` (the
    /// refresh token was revoked or already used) or `bad_client_secret`. Every later
    /// call fails the same way without asking Slack again.
    Refused(String),
    /// The refresh got no usable answer (no connection, an HTTP error, a body that is
    /// not Slack's). A later call tries again.
    Unavailable(String),
}

impl RefreshFailure {
    /// Whether Slack refused, so that no later refresh can succeed.
    pub fn is_refused(&self) -> bool {
        matches!(self, RefreshFailure::Refused(_))
    }
}

impl fmt::Display for RefreshFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefreshFailure::Refused(code) => {
                write!(f, "Slack refused to refresh the token ({}: {code})", RotatingToken::REFRESH_METHOD)
            }
            RefreshFailure::Unavailable(why) => write!(f, "the token could not be refreshed: {why}"),
        }
    }
}

/// A failed refresh and Slack's ID for the `oauth.v2.access` answer behind it, so that
/// the call's error can carry the ID Slack support asks for.
#[derive(Debug, Clone)]
pub(crate) struct RefreshError {
    pub(crate) failure: RefreshFailure,
    pub(crate) request_id: Option<String>,
}

impl From<RefreshFailure> for RefreshError {
    fn from(failure: RefreshFailure) -> Self {
        RefreshError { failure, request_id: None }
    }
}

/// The token source of one client.
#[derive(Debug)]
pub(crate) enum Credentials {
    Static(HeaderValue),
    // Boxed: the rotation state is large, and most clients hold a fixed token.
    Rotating(Box<Rotator>),
}

/// The `Authorization` header for one attempt and the token generation it belongs to,
/// so that a `token_expired` answer can say which token Slack refused.
pub(crate) struct Authorization {
    pub(crate) header: HeaderValue,
    pub(crate) generation: u64,
}

impl Credentials {
    /// The header for the next attempt, refreshing first if the token is about to expire.
    pub(crate) async fn authorization(&self) -> Result<Authorization, RefreshError> {
        match self {
            Credentials::Static(header) => Ok(Authorization { header: header.clone(), generation: 0 }),
            Credentials::Rotating(rotator) => rotator.authorization(None).await,
        }
    }

    /// After Slack answered `token_expired` to a call made with `generation`: a fresh
    /// header, refreshed unless another call already did; `None` when the token cannot
    /// be renewed (a fixed token).
    pub(crate) async fn renew(&self, generation: u64) -> Option<Result<Authorization, RefreshError>> {
        match self {
            Credentials::Static(_) => None,
            Credentials::Rotating(rotator) => Some(rotator.authorization(Some(generation)).await),
        }
    }
}

/// The rotation state, behind one async mutex: holding it across the refresh is what
/// makes concurrent calls wait for one refresh instead of each starting their own.
///
/// Because the lock is held across the refresh, the refresh has a time limit of its own
/// (`time_limit`, the client's per-attempt timeout): a stalled `oauth.v2.access` would
/// otherwise hold every call of the client forever. Calls that queued behind a refresh
/// which failed share its failure rather than each trying again in turn, so a stalled
/// endpoint costs everyone waiting one time limit, not one each.
pub(crate) struct Rotator {
    http: reqwest::Client,
    url: String,
    client_id: String,
    client_secret: Token,
    margin: Duration,
    time_limit: Duration,
    on_refresh: Option<RefreshCallback>,
    /// How many refreshes have ended, read before waiting for the lock so that a caller
    /// can tell whether one ended while it waited.
    refreshes_ended: AtomicU64,
    state: Mutex<State>,
}

struct State {
    /// The header and the moment to refresh it, the margin already taken off.
    access: Option<(HeaderValue, Instant)>,
    refresh_token: Token,
    generation: u64,
    refused: Option<RefreshError>,
    /// The failure of the last refresh, if it failed, for the calls that waited on it.
    last_failure: Option<RefreshError>,
}

impl Rotator {
    /// The rotation for a client at `base_url`; `None` when the access token given
    /// holds characters that cannot be sent in a header.
    /// The rotation for a client at `base_url`, whose refresh may take `time_limit`;
    /// `None` when the access token given holds characters that cannot be sent in a header.
    pub(crate) fn new(
        config: RotatingToken,
        http: reqwest::Client,
        base_url: &str,
        time_limit: Duration,
    ) -> Option<Self> {
        let margin = config.margin;
        let access = match config.access {
            Some((token, expires_in)) => Some((token.bearer_header().ok()?, refresh_at(expires_in, margin))),
            None => None,
        };
        let state =
            State { access, refresh_token: config.refresh_token, generation: 1, refused: None, last_failure: None };
        Some(Rotator {
            http,
            url: format!("{base_url}/{}", RotatingToken::REFRESH_METHOD),
            client_id: config.client_id,
            client_secret: config.client_secret,
            margin,
            time_limit,
            on_refresh: config.on_refresh,
            refreshes_ended: AtomicU64::new(0),
            state: Mutex::new(state),
        })
    }

    async fn authorization(&self, rejected: Option<u64>) -> Result<Authorization, RefreshError> {
        let seen = self.refreshes_ended.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        if let Some(refused) = &state.refused {
            return Err(refused.clone());
        }
        if rejected == Some(state.generation) {
            state.access = None;
        }
        match &state.access {
            Some((header, refresh_at)) if Instant::now() < *refresh_at => {
                return Ok(Authorization { header: header.clone(), generation: state.generation });
            }
            _ => {}
        }
        // A refresh ended while this call waited for the lock, and it failed: share its
        // failure instead of starting another one behind it.
        if let Some(failure) =
            state.last_failure.as_ref().filter(|_| self.refreshes_ended.load(Ordering::Acquire) != seen)
        {
            return Err(failure.clone());
        }
        let outcome = self.refresh(&state.refresh_token).await;
        self.refreshes_ended.fetch_add(1, Ordering::AcqRel);
        let rotation = match outcome {
            Ok(rotation) => {
                state.last_failure = None;
                rotation
            }
            Err(error) => {
                if error.failure.is_refused() {
                    state.refused = Some(error.clone());
                }
                state.last_failure = Some(error.clone());
                return Err(error);
            }
        };
        // The spent refresh token is dead now, so the new pair is handed over and kept
        // before anything else can fail.
        if let Some(callback) = &self.on_refresh {
            callback(&rotation);
        }
        state.refresh_token = rotation.refresh_token.clone();
        let header =
            rotation.access_token.bearer_header().map_err(|_| unusable("the new access token is not header text"))?;
        state.access = Some((header.clone(), refresh_at(rotation.expires_in, self.margin)));
        state.generation += 1;
        tracing::info!(expires_in_s = rotation.expires_in.as_secs(), "refreshed the Slack token");
        Ok(Authorization { header, generation: state.generation })
    }

    /// One `oauth.v2.access` call within the refresh's time limit.
    async fn refresh(&self, refresh_token: &Token) -> Result<Rotation, RefreshError> {
        match tokio::time::timeout(self.time_limit, self.exchange(refresh_token)).await {
            Ok(outcome) => outcome,
            Err(_elapsed) => Err(RefreshError::from(RefreshFailure::Unavailable(format!(
                "no complete answer from {} within {:?} (the client's timeout)",
                RotatingToken::REFRESH_METHOD,
                self.time_limit
            )))),
        }
    }

    /// The exchange itself. The app's credentials go as HTTP Basic, as Slack prefers, and
    /// the refresh token in the form body; no bearer token is sent.
    async fn exchange(&self, refresh_token: &Token) -> Result<Rotation, RefreshError> {
        let form = [("grant_type", "refresh_token"), ("refresh_token", refresh_token.expose())];
        let response = self
            .http
            .post(&self.url)
            .basic_auth(&self.client_id, Some(self.client_secret.expose()))
            .form(&form)
            .send()
            .await
            .map_err(|_| unusable("no answer from Slack"))?;
        let status = response.status();
        let request_id = response.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let with_id = |failure: RefreshFailure| RefreshError { failure, request_id: request_id.clone() };
        let body = response.bytes().await.map_err(|_| with_id(unusable("the answer was cut off")))?;
        let answer: RefreshAnswer = serde_json::from_slice(&body)
            .map_err(|_| with_id(RefreshFailure::Unavailable(format!("HTTP {status}, not Slack's JSON"))))?;
        answer.into_rotation().map_err(with_id)
    }
}

impl fmt::Debug for Rotator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rotator").field("url", &self.url).field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

fn unusable(why: &str) -> RefreshFailure {
    RefreshFailure::Unavailable(why.to_owned())
}

/// When a token that lives `lifetime` from now should be refreshed: `margin` before it
/// expires, but never more than half its lifetime early, so that a token shorter-lived
/// than the margin is not refreshed on every call.
fn refresh_at(lifetime: Duration, margin: Duration) -> Instant {
    Instant::now() + lifetime - margin.min(lifetime / 2)
}

/// What `oauth.v2.access` answers to a refresh. A user token's new pair is at the top
/// level; an answer that also carries `authed_user` puts it there.
#[derive(Deserialize)]
struct RefreshAnswer {
    ok: bool,
    error: Option<String>,
    #[serde(flatten)]
    pair: Pair,
    authed_user: Option<Pair>,
}

#[derive(Deserialize)]
struct Pair {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<u64>,
}

impl RefreshAnswer {
    fn into_rotation(self) -> Result<Rotation, RefreshFailure> {
        if !self.ok {
            return Err(RefreshFailure::Refused(self.error.unwrap_or_else(|| "no error code".to_owned())));
        }
        let pair = match (self.pair.access_token.is_some(), self.authed_user) {
            (false, Some(user)) => user,
            _ => self.pair,
        };
        match (pair.access_token, pair.refresh_token, pair.expires_in) {
            (Some(access), Some(refresh), Some(expires_in)) => Ok(Rotation {
                access_token: Token::new(access),
                refresh_token: Token::new(refresh),
                expires_in: Duration::from_secs(expires_in),
            }),
            _ => Err(unusable("the answer lacks access_token, refresh_token or expires_in")),
        }
    }
}
