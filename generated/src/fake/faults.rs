//! Faults queued for the next calls of a method, which replace the fake's answer; a
//! fault may target only the calls whose arguments match.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::args::RawArgs;
use super::refusal::Detail;

/// One injected failure, used up by one call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this HTTP status and a plain-text body, as a proxy in front of
    /// Slack might.
    Status(u16),
    /// Answer with this HTTP status, `Content-Type` and body.
    StatusBody {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The body, as sent.
        body: String,
    },
    /// Answer `{"ok": false, "error": <code>}` with HTTP 200, as Slack does.
    Error(String),
    /// Answer this JSON body with HTTP 200: any envelope, such as an error with
    /// `needed`/`provided` or a success with a `warning` (see [`Fault::error_with`]).
    Envelope(Value),
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

    /// A Slack error code with details (`needed`, `provided`, `warning`,
    /// `response_metadata`), answered with HTTP 200.
    pub fn error_with(code: &str, detail: &Detail) -> Self {
        Fault::Envelope(detail.error_envelope(code))
    }

    /// An HTTP status with a body of the given type.
    pub fn status_with_body(status: u16, content_type: impl Into<String>, body: impl Into<String>) -> Self {
        Fault::StatusBody { status, content_type: content_type.into(), body: body.into() }
    }
}

/// Which calls a queued fault applies to.
pub(crate) type Matcher = Arc<dyn Fn(&RawArgs) -> bool + Send + Sync>;

struct Queued {
    fault: Fault,
    left: usize,
    matcher: Option<Matcher>,
}

/// The queued faults of every method, in the order they will be used.
#[derive(Default)]
pub(crate) struct Faults {
    queued: HashMap<&'static str, Vec<Queued>>,
}

impl Faults {
    pub(crate) fn queue(&mut self, method: &'static str, fault: Fault, times: usize, matcher: Option<Matcher>) {
        if times > 0 {
            self.queued.entry(method).or_default().push(Queued { fault, left: times, matcher });
        }
    }

    /// The fault for this call of `method`: the first queued one that applies to its
    /// arguments. A targeted fault never applies to arguments that cannot be read.
    pub(crate) fn next(&mut self, method: &str, args: Option<&RawArgs>) -> Option<Fault> {
        let queue = self.queued.get_mut(method)?;
        let applies = |queued: &Queued| match (&queued.matcher, args) {
            (None, _) => true,
            (Some(matcher), Some(args)) => matcher(args),
            (Some(_), None) => false,
        };
        let index = queue.iter().position(applies)?;
        let entry = &mut queue[index];
        entry.left -= 1;
        let fault = entry.fault.clone();
        if entry.left == 0 {
            queue.remove(index);
        }
        Some(fault)
    }

    /// Drops every queued fault.
    pub(crate) fn clear(&mut self) {
        self.queued.clear();
    }
}
