//! Slack's rate limits, per token and method, on a clock that runs faster than real
//! time or only when the test moves it.
//!
//! The limiter is a token bucket per (token, method), kept as the generic cell rate
//! algorithm: a tier of N calls a minute lets N calls arrive at once and then one
//! every 60/N seconds. Over any long stretch that is Slack's "N a minute". A fixed
//! one-minute window or a sliding log would also hold N a minute, but both refuse a
//! client that paces itself exactly at the documented rate whenever loopback jitter
//! moves one call a few microseconds earlier than the call N places before it; a
//! bucket never refuses such a client, and still refuses every burst past N.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::method::Tier;

/// The fake's Slack clock: real time since the start times the time scale, plus every
/// stretch the test (or a waited-out 429 on the manual clock) moved it on. A manual
/// clock has no real-time part at all.
#[derive(Debug)]
pub(crate) struct Clock {
    start: Instant,
    scale: f64,
    manual: bool,
    /// Nanoseconds the clock was moved on by hand.
    offset: AtomicU64,
}

impl Clock {
    pub(crate) fn new(scale: f64, manual: bool) -> Self {
        Clock { start: Instant::now(), scale, manual, offset: AtomicU64::new(0) }
    }

    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    pub(crate) fn is_manual(&self) -> bool {
        self.manual
    }

    /// Real time since the fake started.
    pub(crate) fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Slack time since the fake started.
    pub(crate) fn slack_now(&self) -> Duration {
        let moved = Duration::from_nanos(self.offset.load(Ordering::SeqCst));
        if self.manual {
            moved
        } else {
            self.elapsed().mul_f64(self.scale) + moved
        }
    }

    /// Moves Slack time on by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.offset.fetch_add(nanos, Ordering::SeqCst);
    }

    /// How long a stretch of Slack time lasts in real time: none on the manual clock.
    pub(crate) fn real_time_of(&self, slack: Duration) -> Duration {
        if self.manual {
            Duration::ZERO
        } else {
            slack.div_f64(self.scale)
        }
    }
}

/// Which bucket a call draws from: the index of its token among the accepted ones
/// (never the token itself) and the method name.
pub(crate) type Key = (usize, &'static str);

/// The theoretical arrival time of the next call of each bucket, on the Slack clock.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    next: HashMap<Key, Duration>,
}

impl Limiter {
    /// Admits a call at Slack time `now`, or says how much Slack time must pass first.
    pub(crate) fn admit(&mut self, key: Key, tier: Tier, now: Duration) -> Result<(), Duration> {
        let interval = tier.interval();
        let burst = interval * (tier.per_minute() - 1);
        let next = self.next.entry(key).or_insert(now);
        let arrival = (*next).max(now);
        let early = arrival - now;
        if early > burst {
            return Err(early - burst);
        }
        *next = arrival + interval;
        Ok(())
    }

    /// Fills every bucket: each token may send a whole burst again.
    pub(crate) fn refill(&mut self) {
        self.next.clear();
    }
}

/// The wait Slack would announce for `wait`: whole seconds, at least one.
pub(crate) fn slack_retry_after(wait: Duration) -> Duration {
    Duration::from_secs((wait.as_secs_f64().ceil() as u64).max(1))
}

/// A real-time wait as the fake's `Retry-After` carries it: whole seconds when it is
/// whole, as Slack sends it, and otherwise seconds with three decimals, rounded up, so
/// that a client of a fast clock waits Slack's time and not a real second.
pub(crate) fn retry_after_header(real_wait: Duration) -> String {
    let millis = real_wait.as_nanos().div_ceil(1_000_000);
    match (millis / 1000, millis % 1000) {
        (seconds, 0) => seconds.to_string(),
        (seconds, rest) => format!("{seconds}.{rest:03}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tier_admits_its_burst_then_one_call_per_interval() {
        let mut limiter = Limiter::default();
        let key = (0, "m");
        let start = Duration::from_secs(100);
        let admitted = (0..25).filter(|_| limiter.admit(key, Tier::Tier2, start).is_ok()).count();
        assert_eq!(admitted, 20);
        assert_eq!(limiter.admit(key, Tier::Tier2, start), Err(Duration::from_secs(3)));
        assert!(limiter.admit(key, Tier::Tier2, start + Duration::from_secs(3)).is_ok());
        assert!(limiter.admit(key, Tier::Tier2, start + Duration::from_secs(3)).is_err());
        assert!(limiter.admit((1, "m"), Tier::Tier2, start).is_ok(), "another token has its own bucket");
        limiter.refill();
        assert!(limiter.admit(key, Tier::Tier2, start + Duration::from_secs(3)).is_ok(), "refilled");
    }

    #[test]
    fn retry_after_is_whole_seconds_when_whole_and_fractions_otherwise() {
        assert_eq!(slack_retry_after(Duration::from_millis(2500)), Duration::from_secs(3));
        assert_eq!(slack_retry_after(Duration::from_millis(1)), Duration::from_secs(1));
        assert_eq!(retry_after_header(Duration::from_secs(3)), "3");
        assert_eq!(retry_after_header(Duration::from_secs(3) / 600), "0.005");
        assert_eq!(retry_after_header(Duration::from_millis(1500)), "1.500");
        assert_eq!(retry_after_header(Duration::ZERO), "0");
    }

    #[test]
    fn the_manual_clock_moves_only_when_advanced() {
        let clock = Clock::new(1.0, true);
        assert_eq!(clock.slack_now(), Duration::ZERO);
        clock.advance(Duration::from_secs(5));
        assert_eq!(clock.slack_now(), Duration::from_secs(5));
        assert_eq!(clock.real_time_of(Duration::from_secs(5)), Duration::ZERO);
    }
}
