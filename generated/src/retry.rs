//! When a failed attempt is tried again, and how long the client waits before it does.
//!
//! The rule is built on what a failed attempt may have done. A request that never left
//! may be sent again for any method. A request that may have reached Slack is sent again
//! only when the spec marks the method idempotent, because repeating anything else can
//! apply its side effect twice. A rate-limited request was refused, so it may be sent
//! again, but never before the wait Slack asked for has passed.

use std::time::Duration;

use tokio::time::Instant;

use crate::cause::{connect_cause, ConnectCause};
use crate::error::ErrorKind;
use crate::method::{ApiError, RetryClass};

/// How a client retries failed attempts.
///
/// What is retried depends on what the failed attempt may have done:
///
/// | The attempt… | Examples | Retried |
/// | --- | --- | --- |
/// | never left | connection refused, DNS failure, TLS handshake failure | for every method |
/// | was refused by a rate limit | HTTP 429, a `rate-limited` error code | for every method, after Slack's whole `Retry-After` |
/// | may have reached Slack | a timeout after sending, a response cut off, HTTP 5xx from Slack or a proxy, a `transient` error code | only for methods the spec marks idempotent |
/// | may have partly happened | a `partial-success` error code such as `fatal_error` | only for idempotent methods, and only after [`retry_partial_success`](Self::retry_partial_success)`(true)` |
/// | was refused for good | any other error code, an invalid argument | never |
///
/// So a non-idempotent method such as `admin.users.session.invalidate` is sent at most
/// once unless its request provably never left; when it fails,
/// [`Error::may_have_taken_effect`](crate::Error::may_have_taken_effect) says whether
/// the caller must check before trying again. A caller who accepts the risk can opt in
/// with [`retry_non_idempotent`](Self::retry_non_idempotent), per call through
/// [`CallOptions::retry_policy`](crate::CallOptions::retry_policy).
///
/// **Slack's `Retry-After` is kept whole.** After a 429 the client never sends that
/// method again before Slack's wait has passed, on this call or on any other call of the
/// same method through the same [`Client`](crate::Client) (clones included). When the
/// wait is longer than [`retry_after_cap`](Self::retry_after_cap) or than what is left
/// of [`max_total_wait`](Self::max_total_wait), the call fails at once with
/// [`ErrorKind::RateLimited`] carrying Slack's own figure, so the caller can schedule
/// the work for later instead of being held.
///
/// Backoff after the other retried failures is a random wait between zero and an
/// exponentially growing ceiling ("full jitter"), so that many clients failing at once
/// do not come back at once.
///
/// | Setting | Default |
/// | --- | --- |
/// | [`max_attempts`](Self::max_attempts) | 5 (the first try included) |
/// | [`max_total_wait`](Self::max_total_wait) | 120 s of waiting between attempts |
/// | [`retry_after_cap`](Self::retry_after_cap) | 60 s: a longer `Retry-After` fails the call at once |
/// | [`default_retry_after`](Self::default_retry_after) | 5 s, when a 429 carries no usable `Retry-After` |
/// | [`backoff`](Self::backoff) | 500 ms base, doubling, 10 s ceiling |
/// | rate limits / transient / partial success / non-idempotent | retried / retried / not retried / not retried |
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_total_wait: Duration,
    retry_after_cap: Duration,
    default_retry_after: Duration,
    backoff_base: Duration,
    backoff_cap: Duration,
    rate_limited: bool,
    transient: bool,
    partial_success: bool,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            max_total_wait: Duration::from_secs(120),
            retry_after_cap: Duration::from_secs(60),
            default_retry_after: Duration::from_secs(5),
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(10),
            rate_limited: true,
            transient: true,
            partial_success: false,
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy; see the table above.
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// A policy that never retries: every failure reaches the caller after one attempt,
    /// a 429 as [`ErrorKind::RateLimited`] with Slack's `Retry-After`. A call made
    /// while an earlier 429's wait is still running fails at once, unsent.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1).retry_after_cap(Duration::ZERO)
    }

    /// The most attempts per call, the first one included. Zero counts as one.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The most time spent waiting between attempts of one call, rate-limit waits
    /// included.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// The longest `Retry-After` the call waits out. A longer one fails the call at
    /// once with [`ErrorKind::RateLimited`]; the wait is never shortened.
    pub fn retry_after_cap(mut self, cap: Duration) -> Self {
        self.retry_after_cap = cap;
        self
    }

    /// The wait for a rate limit that came without a usable `Retry-After`.
    pub fn default_retry_after(mut self, wait: Duration) -> Self {
        self.default_retry_after = wait;
        self
    }

    /// The backoff for transient failures: the ceiling of the random wait starts at
    /// `base` and doubles with each retry, up to `cap`.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.backoff_base = base;
        self.backoff_cap = cap;
        self
    }

    /// Whether rate-limited attempts are retried (after Slack's whole wait).
    pub fn retry_rate_limited(mut self, retry: bool) -> Self {
        self.rate_limited = retry;
        self
    }

    /// Whether transient failures are retried: requests that never left, for every
    /// method, and failures that may have reached Slack, for idempotent methods.
    pub fn retry_transient(mut self, retry: bool) -> Self {
        self.transient = retry;
        self
    }

    /// Whether `PartialSuccess`-class codes are retried for idempotent methods.
    pub fn retry_partial_success(mut self, retry: bool) -> Self {
        self.partial_success = retry;
        self
    }

    /// Whether failures that may have taken effect are retried for methods the spec
    /// does not mark idempotent too, as if they were. Off by default.
    ///
    /// Turning it on accepts that a side effect may be applied twice: a re-sent
    /// `invalidate` whose first attempt did reach Slack answers `session_not_found`, and
    /// a re-sent reset ends sessions the user opened in between. Use it per call, for
    /// calls whose repetition you have reasoned about.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The most attempts per call.
    pub fn attempts_limit(&self) -> u32 {
        self.max_attempts
    }

    /// The most time spent waiting between attempts of one call.
    pub fn total_wait_limit(&self) -> Duration {
        self.max_total_wait
    }

    /// The wait before the next attempt, or `None` to give up on `kind`.
    fn wait_for<E: ApiError>(&self, kind: &ErrorKind<E>, idempotent: bool, retry: u32) -> Option<Wait> {
        let repeatable = idempotent || self.non_idempotent;
        match Reason::of(kind)? {
            Reason::RateLimited(asked) if self.rate_limited => {
                Some(Wait::RateLimit(asked.unwrap_or(self.default_retry_after)))
            }
            Reason::NotSent if self.transient => Some(Wait::Backoff(self.backoff_wait(retry))),
            Reason::MayHaveReached if self.transient && repeatable => Some(Wait::Backoff(self.backoff_wait(retry))),
            Reason::PartialSuccess if self.partial_success && repeatable => {
                Some(Wait::Backoff(self.backoff_wait(retry)))
            }
            _ => None,
        }
    }

    /// Full jitter: a uniform draw between zero and `base * 2^(retry - 1)`, capped.
    fn backoff_wait(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self.backoff_base.saturating_mul(1 << doublings).min(self.backoff_cap);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=ceiling_ms))
    }
}

/// Why a failure may be retried, before the policy has its say. The variants follow
/// what the failed attempt may have done.
enum Reason {
    /// Slack refused the attempt because of a rate limit; it did nothing.
    RateLimited(Option<Duration>),
    /// The request never left the client.
    NotSent,
    /// The request may have reached Slack and been acted on.
    MayHaveReached,
    /// Slack said the operation may have partly happened.
    PartialSuccess,
}

impl Reason {
    fn of<E: ApiError>(kind: &ErrorKind<E>) -> Option<Reason> {
        if let Some(asked) = kind.rate_limit() {
            return Some(Reason::RateLimited(asked));
        }
        match kind {
            ErrorKind::Api { error, .. } => match error.retry_class() {
                RetryClass::Transient => Some(Reason::MayHaveReached),
                RetryClass::PartialSuccess => Some(Reason::PartialSuccess),
                _ => None,
            },
            ErrorKind::Http { status, .. } if *status >= 500 => Some(Reason::MayHaveReached),
            ErrorKind::Timeout { .. } | ErrorKind::Transport(_) => Some(Reason::MayHaveReached),
            // A refused certificate or proxy password will not heal by itself: retrying
            // only delays the error (and may lock the proxy account).
            ErrorKind::Connect(source)
                if matches!(
                    connect_cause(source.as_ref()),
                    Some(ConnectCause::Certificate(_) | ConnectCause::ProxyAuthentication(_))
                ) =>
            {
                None
            }
            ErrorKind::Connect(_) => Some(Reason::NotSent),
            _ => None,
        }
    }
}

/// A decided wait, labelled for logs and for pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Slack asked the client to slow down; other calls to the method wait too.
    RateLimit(Duration),
    /// A jittered backoff after a transient failure.
    Backoff(Duration),
}

impl Wait {
    pub(crate) fn duration(self) -> Duration {
        match self {
            Wait::RateLimit(wait) | Wait::Backoff(wait) => wait,
        }
    }
}

/// What one call has spent of its policy so far, and when its deadline passes.
pub(crate) struct Budget<'a> {
    policy: &'a RetryPolicy,
    attempts: u32,
    waited: Duration,
    deadline: Option<Instant>,
}

impl<'a> Budget<'a> {
    pub(crate) fn new(policy: &'a RetryPolicy) -> Self {
        Budget { policy, attempts: 0, waited: Duration::ZERO, deadline: None }
    }

    /// The budget of a call that must end by `deadline`. A wait Slack asks for that would
    /// outlast it is not taken: the call ends at once as rate-limited, with Slack's wait,
    /// rather than sleeping until the deadline and losing it.
    pub(crate) fn until(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Counts an attempt about to be sent and returns its number, starting at 1.
    pub(crate) fn start_attempt(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    /// The wait before retrying after `kind`, or `None` when the call should fail now:
    /// the failure is final, the policy declines it, or the budget cannot cover it.
    pub(crate) fn next_wait<E: ApiError>(&mut self, kind: &ErrorKind<E>, idempotent: bool) -> Option<Wait> {
        if self.attempts >= self.policy.max_attempts {
            return None;
        }
        let wait = self.policy.wait_for(kind, idempotent, self.attempts)?;
        if let Wait::RateLimit(asked) = wait {
            return self.take_hold(asked).then_some(wait);
        }
        self.spend(wait.duration()).then_some(wait)
    }

    /// Whether the call may wait out `hold`, the rest of a wait Slack asked for, and if
    /// so counts it. It may when rate limits are retried, the wait is within the cap
    /// and it fits in what is left of the total wait.
    pub(crate) fn take_hold(&mut self, hold: Duration) -> bool {
        self.policy.rate_limited && hold <= self.policy.retry_after_cap && self.ends_in_time(hold) && self.spend(hold)
    }

    /// Whether a wait of `wait` from now ends before the call's deadline.
    fn ends_in_time(&self, wait: Duration) -> bool {
        self.deadline.is_none_or(|deadline| Instant::now().checked_add(wait).is_some_and(|end| end < deadline))
    }

    fn spend(&mut self, wait: Duration) -> bool {
        match self.waited.checked_add(wait) {
            Some(waited) if waited <= self.policy.max_total_wait => {
                self.waited = waited;
                true
            }
            _ => false,
        }
    }
}

/// Parses `Retry-After`: whole seconds, as Slack sends them, or decimal seconds
/// (`1.5`), which HTTP does not define but which cost nothing to honour. The fake Slack
/// on a fast clock sends them, and the client reads them the same in every build, so a
/// test run and a production run parse alike. Values too large for a `u64` saturate,
/// so that an absurd value is still capped rather than ignored. HTTP dates and other
/// forms yield `None`, which means "use the default wait".
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let text = value.trim();
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if let Some((whole, fraction)) = text.split_once('.') {
        let seconds = (all_digits(whole) && all_digits(fraction)).then(|| text.parse::<f64>().ok()).flatten();
        return seconds.and_then(|seconds| Duration::try_from_secs_f64(seconds).ok());
    }
    all_digits(text).then(|| Duration::from_secs(text.parse().unwrap_or(u64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_whole_or_decimal_seconds_and_saturates() {
        assert_eq!(parse_retry_after(" 30 "), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("99999999999999999999999"), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(parse_retry_after("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_retry_after(".5"), None);
        assert_eq!(parse_retry_after("1."), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after(""), None);
    }

    #[test]
    fn backoff_stays_under_a_doubling_ceiling_and_the_cap() {
        let policy = RetryPolicy::new().backoff(Duration::from_millis(100), Duration::from_millis(1000));
        for (retry, ceiling) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (40, 1000)] {
            for _ in 0..200 {
                assert!(policy.backoff_wait(retry) <= Duration::from_millis(ceiling), "retry {retry}");
            }
        }
    }

    #[test]
    fn a_hold_is_taken_whole_or_not_at_all() {
        let policy =
            RetryPolicy::new().retry_after_cap(Duration::from_secs(10)).max_total_wait(Duration::from_secs(15));
        let mut budget = Budget::new(&policy);
        assert!(!budget.take_hold(Duration::from_secs(11)), "over the cap");
        assert!(budget.take_hold(Duration::from_secs(10)));
        assert!(!budget.take_hold(Duration::from_secs(6)), "over what is left of the total wait");
        assert!(budget.take_hold(Duration::from_secs(5)));
        let none = RetryPolicy::none();
        let mut never = Budget::new(&none);
        assert!(!never.take_hold(Duration::from_millis(1)));
        assert!(never.take_hold(Duration::ZERO));
    }
}
