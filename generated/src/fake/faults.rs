//! Faults queued for the next calls of a method, which replace the fake's answer.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// One injected failure, used up by one call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this HTTP status and a plain-text body, as a proxy in front of
    /// Slack might.
    Status(u16),
    /// Answer `{"ok": false, "error": <code>}` with HTTP 200, as Slack does.
    Error(String),
    /// Wait this long (real time) before answering normally: longer than the client's
    /// timeout, it makes the call time out.
    Delay(Duration),
    /// Send the headers and the first half of an `ok: true` body, then cut the
    /// connection. The model does not change.
    CutBody,
    /// Answer HTTP 429 with `Retry-After` set to this many seconds.
    RateLimited {
        /// The `Retry-After` value, in whole seconds.
        retry_after: u64,
    },
}

impl Fault {
    /// A Slack error code, answered with HTTP 200.
    pub fn error(code: impl Into<String>) -> Self {
        Fault::Error(code.into())
    }
}

/// The queued faults of every method, in the order they will be used.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queued: HashMap<&'static str, VecDeque<Fault>>,
}

impl Faults {
    pub(crate) fn queue(&mut self, method: &'static str, fault: Fault, times: usize) {
        self.queued.entry(method).or_default().extend(std::iter::repeat_n(fault, times));
    }

    /// The fault for the next call of `method`, if one is queued.
    pub(crate) fn next(&mut self, method: &str) -> Option<Fault> {
        self.queued.get_mut(method)?.pop_front()
    }
}
