//! Per-call overrides of the client's defaults.

use std::time::Duration;

use crate::method::Encoding;
use crate::retry::RetryPolicy;

/// Settings for one call that override the client's defaults. Unset fields fall back to
/// the client's configuration.
///
/// ```
/// # use std::time::Duration;
/// # use slack_admin_users_session::{CallOptions, RetryPolicy, method::Encoding};
/// // During an incident: fail fast rather than wait out a rate limit.
/// let options = CallOptions::new()
///     .retry_policy(RetryPolicy::none())
///     .timeout(Duration::from_secs(5))
///     .encoding(Encoding::Json);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) encoding: Option<Encoding>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
}

impl CallOptions {
    /// No overrides: the call behaves as the client is configured.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Retries this call under `policy` instead of the client's policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends this call's body as `encoding`.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = Some(encoding);
        self
    }

    /// Gives each attempt of this call `timeout` to deliver a complete response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Gives the whole call `deadline`, from now to its answer: every attempt, every
    /// wait between them, the pacing slot and any `Retry-After`. When it passes, the call
    /// fails with [`ErrorKind::DeadlineExceeded`](crate::ErrorKind::DeadlineExceeded),
    /// and [`Error::may_have_taken_effect`](crate::Error::may_have_taken_effect) says
    /// whether an attempt may have reached Slack. A `Retry-After` from Slack that would
    /// outlast the deadline is not slept on: the call ends at once with
    /// [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited) and Slack's wait in
    /// [`Error::retry_after`](crate::Error::retry_after), so the work can be rescheduled.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }
}
