//! When a failed attempt is tried again, and how long the client waits before it does.

use std::time::Duration;

use crate::error::ErrorKind;
use crate::method::{ApiError, RetryClass};

/// How a client retries failed attempts.
///
/// Two kinds of failure are retried by default, each within one shared budget of
/// attempts and total waiting time:
///
/// - **Rate limits** (HTTP 429, or a `ratelimited`-class error code): the client waits
///   what Slack asks for in `Retry-After`, capped at [`retry_after_cap`](Self::retry_after_cap),
///   or [`default_retry_after`](Self::default_retry_after) when Slack gives no value.
/// - **Transient failures** (no connection, connection lost, timeouts, HTTP 5xx and
///   `Transient`-class error codes): the client waits a random time between zero and
///   an exponentially growing ceiling ("full jitter"), so that many clients failing
///   at once do not come back at once.
///
/// A `PartialSuccess`-class code (`fatal_error`: the call may have partly happened) is
/// retried only for idempotent methods, and only after [`retry_partial_success`](Self::retry_partial_success)`(true)`.
///
/// | Setting | Default |
/// | --- | --- |
/// | [`max_attempts`](Self::max_attempts) | 5 (the first try included) |
/// | [`max_total_wait`](Self::max_total_wait) | 120 s of waiting between attempts |
/// | [`retry_after_cap`](Self::retry_after_cap) | 60 s |
/// | [`default_retry_after`](Self::default_retry_after) | 5 s |
/// | [`backoff`](Self::backoff) | 500 ms base, doubling, 10 s ceiling |
/// | rate limits / transient / partial success | retried / retried / not retried |
///
/// When the budget is spent, or the next wait would overrun [`max_total_wait`](Self::max_total_wait),
/// the last failure is returned at once; for a 429 that is
/// [`ErrorKind::RateLimited`] with the `Retry-After` Slack sent.
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
        }
    }
}

impl RetryPolicy {
    /// The default policy; see the table above.
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// A policy that never retries: every failure reaches the caller after one attempt,
    /// a 429 as [`ErrorKind::RateLimited`] with Slack's `Retry-After`.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// The most attempts per call, the first one included. Zero counts as one.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The most time spent waiting between attempts of one call.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// The longest single wait for a rate limit, whatever `Retry-After` says.
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

    /// Whether rate-limited attempts are retried.
    pub fn retry_rate_limited(mut self, retry: bool) -> Self {
        self.rate_limited = retry;
        self
    }

    /// Whether transient failures are retried.
    pub fn retry_transient(mut self, retry: bool) -> Self {
        self.transient = retry;
        self
    }

    /// Whether `PartialSuccess`-class codes are retried for idempotent methods.
    /// Non-idempotent methods are never retried after a partial success.
    pub fn retry_partial_success(mut self, retry: bool) -> Self {
        self.partial_success = retry;
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
        match Reason::of(kind, idempotent)? {
            Reason::RateLimited(asked) if self.rate_limited => Some(Wait::RateLimit(self.rate_limit_wait(asked))),
            Reason::Transient if self.transient => Some(Wait::Backoff(self.backoff_wait(retry))),
            Reason::PartialSuccess if self.partial_success => Some(Wait::Backoff(self.backoff_wait(retry))),
            _ => None,
        }
    }

    fn rate_limit_wait(&self, asked: Option<Duration>) -> Duration {
        asked.unwrap_or(self.default_retry_after).min(self.retry_after_cap)
    }

    /// Full jitter: a uniform draw between zero and `base * 2^(retry - 1)`, capped.
    fn backoff_wait(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self.backoff_base.saturating_mul(1 << doublings).min(self.backoff_cap);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=ceiling_ms))
    }
}

/// Why a failure may be retried, before the policy has its say.
enum Reason {
    RateLimited(Option<Duration>),
    Transient,
    PartialSuccess,
}

impl Reason {
    fn of<E: ApiError>(kind: &ErrorKind<E>, idempotent: bool) -> Option<Reason> {
        match kind {
            ErrorKind::RateLimited { retry_after } => Some(Reason::RateLimited(*retry_after)),
            ErrorKind::Api { error, detail } => match error.retry_class() {
                RetryClass::RateLimited => Some(Reason::RateLimited(detail.retry_after())),
                RetryClass::Transient => Some(Reason::Transient),
                RetryClass::PartialSuccess if idempotent => Some(Reason::PartialSuccess),
                _ => None,
            },
            ErrorKind::Http { status, .. } if *status >= 500 => Some(Reason::Transient),
            ErrorKind::Timeout { .. } | ErrorKind::Connect(_) | ErrorKind::Transport(_) => Some(Reason::Transient),
            _ => None,
        }
    }
}

/// A decided wait, labelled for logs and for pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Slack asked the client to slow down; other calls to the method should wait too.
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

/// What one call has spent of its policy so far.
pub(crate) struct Budget<'a> {
    policy: &'a RetryPolicy,
    attempts: u32,
    waited: Duration,
}

impl<'a> Budget<'a> {
    pub(crate) fn new(policy: &'a RetryPolicy) -> Self {
        Budget { policy, attempts: 0, waited: Duration::ZERO }
    }

    /// Counts an attempt about to be sent and returns its number, starting at 1.
    pub(crate) fn start_attempt(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    /// The attempts sent so far.
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The wait before retrying after `kind`, or `None` when the call should fail now:
    /// the failure is final, the policy declines it, or the budget cannot cover it.
    pub(crate) fn next_wait<E: ApiError>(&mut self, kind: &ErrorKind<E>, idempotent: bool) -> Option<Wait> {
        if self.attempts >= self.policy.max_attempts {
            return None;
        }
        let wait = self.policy.wait_for(kind, idempotent, self.attempts)?;
        let waited = self.waited.checked_add(wait.duration())?;
        if waited > self.policy.max_total_wait {
            return None;
        }
        self.waited = waited;
        Some(wait)
    }
}

/// Parses `Retry-After` as Slack sends it: whole seconds. Values too large for a
/// `u64` saturate, so that an absurd value is still capped rather than ignored. HTTP
/// dates and other forms yield `None`, which means "use the default wait".
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Duration::from_secs(digits.parse().unwrap_or(u64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_whole_seconds_and_saturates() {
        assert_eq!(parse_retry_after(" 30 "), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("99999999999999999999999"), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(parse_retry_after("1.5"), None);
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
    fn rate_limit_waits_are_capped_and_defaulted() {
        let policy = RetryPolicy::new();
        assert_eq!(policy.rate_limit_wait(Some(Duration::from_secs(3600))), Duration::from_secs(60));
        assert_eq!(policy.rate_limit_wait(None), Duration::from_secs(5));
        assert_eq!(policy.rate_limit_wait(Some(Duration::from_secs(2))), Duration::from_secs(2));
    }
}
