//! The client and its call path: validate, encode, pace, send, interpret, retry.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::credentials::{Credentials, RefreshError, RotatingToken};
use crate::encode::Payload;
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::holds::Holds;
use crate::method::Encoding;
use crate::method::{ApiError, Method};
use crate::options::CallOptions;
use crate::pacing::{Pacer, Pacing};
use crate::retry::{Budget, RetryPolicy, Wait};
use crate::stop::Stopper;
use crate::token::Token;
use crate::transport::Transport;

/// An async client for Slack's `admin.users.session.*` methods.
///
/// Cloning is cheap (one reference count) and clones share the connection pool and
/// the pacing state, so one client can serve a whole program. Each generated method,
/// such as `admin_users_session_reset`, is a thin wrapper over [`Client::call`].
///
/// Every call takes the same path:
///
/// 1. the arguments are checked against the spec ([`Method::validate`]); nothing is
///    sent if they break a rule;
/// 2. the body is encoded once, as a form or as JSON;
/// 3. each attempt waits for its pacing slot (when [`Pacing`](crate::Pacing) is on),
///    then for any `Retry-After` hold on the method (a 429 that arrived during the
///    pacing wait counts), then POSTs to `{base_url}/{method}` with
///    `Authorization: Bearer`, under the per-attempt timeout;
/// 4. the answer is interpreted: Slack's `ok`/`error` envelope, HTTP status,
///    body size limit;
/// 5. failures are retried as the [`RetryPolicy`] allows: a request that never left
///    for every method, one that may have reached Slack only for idempotent methods,
///    and a rate-limited one only once Slack's whole `Retry-After` has passed.
///
/// After a 429 no call of that method is sent through this client (or its clones)
/// before Slack's wait has passed. A call that would have to wait longer than its
/// policy allows fails at once with [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited),
/// without sending anything.
///
/// Each call runs in a `tracing` span named `slack.call` with the method name, and
/// emits events with the attempt number, the HTTP status and any retry wait in
/// milliseconds. The token appears in none of them.
///
/// # Where its methods live
///
/// `Client` has one `impl` block per job, each in the module that owns the job:
///
/// | Methods | File |
/// |---|---|
/// | `new`, `builder`, `with_rotation`, `call`, `call_with`, `call_answered` (the one call path) | `src/client.rs` |
/// | `pages`, `pages_with`, `paginate`, `paginate_with` | `src/paginate.rs` |
/// | `batched`, `batched_journaled`, `resume_batched` | `src/bulk/batch.rs` |
/// | `sweep_matches`, `plan_sweep`, `sweep`, `sweep_with`, `run_plan` | `src/sweep/mod.rs` |
/// | `resume_sweep`, `resume_sweep_with` | `src/sweep/resume.rs` |
/// | one method per Slack method, `*_stream` for paginated and `*_batched` for batched ones | `src/methods/*.rs` (generated) |
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
}

/// The state all clones of a client share.
pub(crate) struct Shared {
    pub(crate) transport: Transport,
    pub(crate) base_url: String,
    pub(crate) encoding: Encoding,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) credentials: Credentials,
    pub(crate) retry: RetryPolicy,
    pub(crate) pacer: Pacer,
    pub(crate) holds: Holds,
    pub(crate) user_agent: String,
}

impl Client {
    /// A client with the default configuration (see [`ClientBuilder`]).
    ///
    /// # Panics
    ///
    /// Panics if the token holds characters that cannot be sent in an HTTP header, or
    /// if the TLS stack cannot be set up. [`Client::builder`] reports both as errors.
    pub fn new(token: impl Into<Token>) -> Self {
        match Client::builder(token).build() {
            Ok(client) => client,
            Err(error) => panic!("cannot build the Slack client: {error}"),
        }
    }

    /// Starts configuring a client.
    pub fn builder(token: impl Into<Token>) -> ClientBuilder {
        ClientBuilder::new(token.into())
    }

    /// Starts configuring a client whose token rotates: it is refreshed through
    /// `oauth.v2.access` before it expires ([`RotatingToken`]).
    pub fn with_rotation(rotation: RotatingToken) -> ClientBuilder {
        ClientBuilder::rotating(rotation)
    }

    /// Calls the method that `request` describes, with the client's defaults.
    pub async fn call<M: Method>(&self, request: &M) -> Result<M::Response, Error<M::Error>> {
        self.call_with(request, &CallOptions::default()).await
    }

    /// Calls the method that `request` describes, with per-call overrides.
    pub async fn call_with<M: Method>(
        &self,
        request: &M,
        options: &CallOptions,
    ) -> Result<M::Response, Error<M::Error>> {
        self.call_answered(request, options).await.map(|answer| answer.response)
    }

    /// Like [`call_with`](Self::call_with), and keeps what the client learned making the
    /// call: Slack's request ID and the number of attempts.
    pub async fn call_answered<M: Method>(
        &self,
        request: &M,
        options: &CallOptions,
    ) -> Result<Answer<M::Response>, Error<M::Error>> {
        self.call_inner(request, options, None).await.map_err(Halt::into_failure)
    }

    /// Calls `request` unless `stop` was stopped before the call could be sent: it is
    /// checked after every wait (the pacing slot, a `Retry-After` hold, a backoff),
    /// right before each attempt goes out. `None` means nothing was sent; once an
    /// attempt has gone out, a stop ends the retries and the last failure is returned.
    pub(crate) async fn call_unless_stopped<M: Method>(
        &self,
        request: &M,
        stop: &Stopper,
    ) -> Option<Result<Answer<M::Response>, Error<M::Error>>> {
        match self.call_inner(request, &CallOptions::default(), Some(stop)).await {
            Ok(answer) => Some(Ok(answer)),
            Err(Halt::Failed(error)) => Some(Err(error)),
            Err(Halt::Stopped) => None,
        }
    }

    /// The pacer a bulk run adds on top of the client's own: see
    /// [`Pacing::for_bulk_runs`].
    pub(crate) fn bulk_pacer(&self) -> Arc<Pacer> {
        Arc::new(Pacer::new(self.shared.pacer.config().for_bulk_runs()))
    }

    /// The base URL calls go to.
    pub(crate) fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The client's own pacing settings.
    pub(crate) fn pacing(&self) -> &Pacing {
        self.shared.pacer.config()
    }

    /// The one call path: the span, the whole-call deadline around the attempt loop,
    /// and the error or answer built from what the loop did.
    async fn call_inner<M: Method>(
        &self,
        request: &M,
        options: &CallOptions,
        stop: Option<&Stopper>,
    ) -> Result<Answer<M::Response>, Halt<Error<M::Error>>> {
        let span = call_span::<M>(request);
        let mut progress = Progress::default();
        let run = self.run(request, options, stop, &mut progress);
        let result = match call_deadline(&self.shared, options) {
            None => run.instrument(span.clone()).await,
            Some(limit) => match tokio::time::timeout(limit, run).instrument(span.clone()).await {
                Ok(result) => result,
                // The attempt in flight, if any, was abandoned unanswered: it may have
                // reached Slack.
                Err(_elapsed) => {
                    progress.may_have_acted |= progress.in_flight;
                    Err(Halt::Failed(ErrorKind::DeadlineExceeded { after: limit }))
                }
            },
        };
        if let Some(id) = &progress.request_id {
            span.record("request_id", id.as_str());
        }
        let _entered = span.enter();
        match result {
            Ok(response) => Ok(Answer { response, request_id: progress.request_id, attempts: progress.attempts }),
            Err(Halt::Failed(kind)) => Err(Halt::Failed(self.give_up::<M>(kind, progress))),
            Err(Halt::Stopped) => Err(Halt::Stopped),
        }
    }

    async fn run<M: Method>(
        &self,
        request: &M,
        options: &CallOptions,
        stop: Option<&Stopper>,
        progress: &mut Progress,
    ) -> Result<M::Response, Halt<ErrorKind<M::Error>>> {
        request.validate().map_err(|e| Halt::Failed(ErrorKind::InvalidArgument(e)))?;
        let encoding = options.encoding.unwrap_or(self.shared.encoding).accepted_by::<M>();
        let payload = encoding.encode(request).map_err(|e| Halt::Failed(ErrorKind::Encode(e)))?;
        let url = format!("{}/{}", self.shared.base_url, M::NAME);
        let timeout = options.timeout.unwrap_or(self.shared.timeout);
        let deadline =
            call_deadline(&self.shared, options).and_then(|limit| tokio::time::Instant::now().checked_add(limit));
        let mut budget = Budget::new(options.retry.as_ref().unwrap_or(&self.shared.retry)).until(deadline);
        let mut renewed = false;
        let mut last_failure = None;
        loop {
            self.pace::<M>(progress.attempts + 1).await;
            // The hold is read after the pacing wait, not before it: a 429 that arrived
            // while this call waited for its slot must hold it back too. After waiting
            // out a hold the call takes a new slot, so the calls held with it leave one
            // interval apart rather than all at once.
            if let Some(rest) = self.shared.holds.remaining(M::NAME) {
                if !budget.take_hold(rest) {
                    return Err(Halt::Failed(ErrorKind::RateLimited { retry_after: Some(rest) }));
                }
                tracing::info!(method = M::NAME, wait_ms = millis(rest), "waiting out Slack's Retry-After");
                tokio::time::sleep(rest).await;
                continue;
            }
            if stop.is_some_and(Stopper::is_stopped) {
                return Err(last_failure.map_or(Halt::Stopped, Halt::Failed));
            }
            let attempt = budget.start_attempt();
            let kind = match self.attempt::<M>(&url, &payload, timeout, attempt, progress).await {
                Ok(response) => return Ok(response),
                Err(kind) => kind,
            };
            progress.may_have_acted |= kind.may_have_taken_effect();
            hold_if_rate_limited::<M>(&self.shared.holds, &kind);
            // Slack refused the token, so nothing happened: one more attempt with a fresh
            // token is safe for any method, whatever the retry policy says.
            if !renewed && is_token_expired(&kind) {
                if let Some(fresh) = self.shared.credentials.renew(progress.token_generation).await {
                    fresh.map_err(|error| Halt::Failed(refresh_failed(error, progress)))?;
                    renewed = true;
                    last_failure = Some(kind);
                    continue;
                }
            }
            match budget.next_wait(&kind, M::IDEMPOTENT) {
                Some(wait) => self.pause::<M>(wait, &kind, attempt).await,
                None => return Err(Halt::Failed(kind)),
            }
            last_failure = Some(kind);
        }
    }

    /// Waits for the method's pacing slot, when the client paces.
    async fn pace<M: Method>(&self, attempt: u32) {
        let paced = self.shared.pacer.acquire(M::NAME, M::TIER).await;
        if !paced.is_zero() {
            tracing::debug!(method = M::NAME, attempt, wait_ms = millis(paced), "waited for a pacing slot");
        }
    }

    /// One attempt: the token, exchange under the timeout, interpretation. The token is
    /// asked for after every wait, right before sending, because a wait can outlast a
    /// rotating token.
    async fn attempt<M: Method>(
        &self,
        url: &str,
        payload: &Payload,
        timeout: Duration,
        attempt: u32,
        progress: &mut Progress,
    ) -> Result<M::Response, ErrorKind<M::Error>> {
        let authorization =
            self.shared.credentials.authorization().await.map_err(|error| refresh_failed(error, progress))?;
        progress.token_generation = authorization.generation;
        progress.attempts = attempt;
        progress.in_flight = true;
        // The timeout wraps the whole exchange, body included, so a server that sends
        // headers and then trickles (or stalls) the body cannot hold the caller.
        let exchange = self.shared.transport.exchange(url, authorization.header, payload);
        let raw = tokio::time::timeout(timeout, exchange).await;
        progress.in_flight = false;
        let raw = match raw {
            Ok(result) => result?,
            Err(_elapsed) => return Err(ErrorKind::Timeout { after: timeout }),
        };
        progress.request_id = raw.request_id.clone();
        tracing::debug!(method = M::NAME, attempt, status = raw.status, "Slack answered");
        envelope::interpret::<M>(raw)
    }

    /// Sleeps before the next attempt and, for rate limits, holds back other calls to
    /// the same method too.
    async fn pause<M: Method>(&self, wait: Wait, kind: &ErrorKind<M::Error>, attempt: u32) {
        let duration = wait.duration();
        tracing::info!(
            method = M::NAME,
            attempt,
            reason = %failure_label(kind),
            wait_ms = millis(duration),
            "retrying after a wait"
        );
        if let Wait::RateLimit(_) = wait {
            self.shared.pacer.defer(M::NAME, M::TIER, tokio::time::Instant::now() + duration);
        }
        tokio::time::sleep(duration).await;
    }

    fn give_up<M: Method>(&self, kind: ErrorKind<M::Error>, progress: Progress) -> Error<M::Error> {
        let attempts = progress.attempts;
        let error = Error::new(M::NAME, attempts, kind)
            .with_effect(progress.may_have_acted)
            .with_request_id(progress.request_id);
        tracing::debug!(method = M::NAME, attempts, error = %error, "call failed");
        error
    }
}

/// A successful call: the method's response, and what the client learned making it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Answer<T> {
    /// The method's response.
    pub response: T,
    /// Slack's ID for the answer (its `X-Slack-Req-Id` header), which Slack support
    /// asks for.
    pub request_id: Option<String>,
    /// How many HTTP requests the call took, retries included.
    pub attempts: u32,
}

/// What one call has done so far. It lives outside the attempt loop, so that when a
/// deadline cuts the loop short the error can still say what was sent.
#[derive(Debug, Default)]
struct Progress {
    attempts: u32,
    /// Whether any attempt so far may have been acted on; a later, clean refusal does
    /// not undo what an earlier attempt may have done.
    may_have_acted: bool,
    /// Whether an attempt is on the wire now, unanswered.
    in_flight: bool,
    /// Which token the last attempt carried, so that `token_expired` renews that one.
    token_generation: u64,
    request_id: Option<String>,
}

/// The `slack.call` span, with the IDs the call names so that its events can be found
/// by team, user or session. The request ID is recorded once Slack answers.
fn call_span<M: Method>(request: &M) -> tracing::Span {
    let span = tracing::debug_span!(
        "slack.call",
        method = M::NAME,
        request_id = tracing::field::Empty,
        team_id = tracing::field::Empty,
        user_id = tracing::field::Empty,
        session_id = tracing::field::Empty,
    );
    if !span.is_disabled() {
        for (name, value) in request.form_fields() {
            if matches!(name, "team_id" | "user_id" | "session_id") {
                span.record(name, value.as_str());
            }
        }
    }
    span
}

/// The whole call's time limit: the call's own, or the client's default.
fn call_deadline(shared: &Shared, options: &CallOptions) -> Option<Duration> {
    options.deadline.or(shared.deadline)
}

/// The failure of a call that could get no token. Slack's ID for the `oauth.v2.access`
/// answer becomes the call's, since that answer is the one Slack support can look up.
fn refresh_failed<E>(error: RefreshError, progress: &mut Progress) -> ErrorKind<E> {
    if error.request_id.is_some() {
        progress.request_id = error.request_id;
    }
    ErrorKind::TokenRefresh(error.failure)
}

/// Whether Slack refused the attempt because the access token has expired. The code is
/// one Slack documents for every method, so it is read by name, not from any table.
fn is_token_expired<E: ApiError>(kind: &ErrorKind<E>) -> bool {
    matches!(kind, ErrorKind::Api { error, .. } if error.code() == "token_expired")
}

/// Why a call ended without an answer: a failure (an `ErrorKind` inside the loop, an
/// `Error` once built), or a stop before anything was sent.
enum Halt<F> {
    /// It failed.
    Failed(F),
    /// Its run was stopped before anything was sent.
    Stopped,
}

impl<F> Halt<F> {
    /// The failure of a call that has no stopper, which therefore cannot be stopped.
    fn into_failure(self) -> F {
        match self {
            Halt::Failed(failure) => failure,
            Halt::Stopped => unreachable!("a call without a stopper is never stopped"),
        }
    }
}

/// Records Slack's wait after a rate limit, so that no call of the method is sent before
/// it has passed. Only a wait Slack stated is a promise to keep; without one, the call
/// that drew the limit waits the policy's default itself but holds no other call back.
fn hold_if_rate_limited<M: Method>(holds: &Holds, kind: &ErrorKind<M::Error>) {
    if let Some(Some(wait)) = kind.rate_limit() {
        holds.hold(M::NAME, wait);
    }
}

/// A short, stable label for a failed attempt, for log fields.
fn failure_label<E: ApiError>(kind: &ErrorKind<E>) -> Cow<'_, str> {
    match kind {
        ErrorKind::Api { error, .. } => Cow::Borrowed(error.code()),
        ErrorKind::RateLimited { .. } => Cow::Borrowed("http_429"),
        ErrorKind::Http { status, .. } => Cow::Owned(format!("http_{status}")),
        ErrorKind::Timeout { .. } => Cow::Borrowed("timeout"),
        ErrorKind::Connect(_) => Cow::Borrowed("connect"),
        ErrorKind::Transport(_) => Cow::Borrowed("transport"),
        _ => Cow::Borrowed("other"),
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        f.debug_struct("Client")
            .field("base_url", &shared.base_url)
            .field("token", &"<redacted>")
            .field("encoding", &shared.encoding)
            .field("connect_timeout", &shared.connect_timeout)
            .field("timeout", &shared.timeout)
            .field("deadline", &shared.deadline)
            .field("max_body_size", &shared.transport.max_body)
            .field("retry", &shared.retry)
            .field("pacing", shared.pacer.config())
            .field("user_agent", &shared.user_agent)
            .finish()
    }
}
