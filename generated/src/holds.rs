//! Slack's `Retry-After` promises, per method, shared by every clone of a client.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// When each method may be called again after Slack answered a call with a rate limit.
///
/// Slack's rule is to wait the number of seconds it gives before calling the method
/// again; calling early only earns another 429. The client therefore records every such
/// wait here, and no call of that method is sent before it has passed, whichever call
/// drew the 429. Unlike [`Pacing`](crate::Pacing), this is always on.
///
/// A 429 also moves the pacer's schedule ([`Pacer::defer`](crate::pacing::Pacer::defer)),
/// and the two records are kept apart on purpose. This one is the promise: it is checked
/// right before every attempt is sent, whether or not the client paces, and it is the
/// only thing that decides whether a call may go out now. The pacer's schedule only
/// spaces calls; it is optional, and a slot taken before the 429 arrived is not
/// revoked by it. What the deferral adds is that the calls queued behind the hold get
/// slots one interval apart after it, instead of all leaving at once when it ends.
#[derive(Debug, Default)]
pub(crate) struct Holds {
    // A std mutex is enough: it is held only to read or move one instant, never across
    // an await.
    until: Mutex<HashMap<&'static str, Instant>>,
}

impl Holds {
    /// What is left of the wait Slack asked for before `method` is called again, or
    /// `None` when the method may be called now.
    pub(crate) fn remaining(&self, method: &'static str) -> Option<Duration> {
        let now = Instant::now();
        let mut until = self.until.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match until.get(method) {
            // Whole milliseconds, rounded up, so that waiting the figure never ends early
            // and messages stay readable.
            Some(&end) if end > now => Some(ceil_millis(end - now)),
            Some(_) => {
                until.remove(method);
                None
            }
            None => None,
        }
    }

    /// Records that Slack asked for `wait` before `method` is called again. A shorter
    /// wait never cuts a longer one that is still running.
    pub(crate) fn hold(&self, method: &'static str, wait: Duration) {
        // A wait too long to represent is held for about 136 years instead.
        let now = Instant::now();
        let end = now.checked_add(wait).unwrap_or_else(|| now + Duration::from_secs(u32::MAX.into()));
        let mut until = self.until.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = until.entry(method).or_insert(end);
        *slot = (*slot).max(end);
    }
}

fn ceil_millis(wait: Duration) -> Duration {
    let millis = wait.as_nanos().div_ceil(1_000_000);
    Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_hold_lasts_its_whole_wait_per_method() {
        let holds = Holds::default();
        assert_eq!(holds.remaining("a"), None);
        holds.hold("a", Duration::from_secs(30));
        holds.hold("a", Duration::from_secs(5));
        assert_eq!(holds.remaining("a"), Some(Duration::from_secs(30)), "a shorter wait must not cut a longer one");
        assert_eq!(holds.remaining("b"), None, "holds are per method");
        tokio::time::advance(Duration::from_secs(29)).await;
        assert_eq!(holds.remaining("a"), Some(Duration::from_secs(1)));
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(holds.remaining("a"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn an_absurd_wait_is_held_not_dropped() {
        let holds = Holds::default();
        holds.hold("a", Duration::from_secs(u64::MAX));
        assert!(holds.remaining("a").is_some_and(|rest| rest > Duration::from_secs(3600 * 24 * 365)));
    }
}
