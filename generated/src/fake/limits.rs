//! Slack's rate limits, per token and method, on a clock that can run faster than
//! real time.
//!
//! The limiter is a token bucket per (token, method), kept as the generic cell rate
//! algorithm: a tier of N calls a minute lets N calls arrive at once and then one
//! every 60/N seconds. Over any long stretch that is Slack's "N a minute". A fixed
//! one-minute window or a sliding log would also hold N a minute, but both refuse a
//! client that paces itself exactly at the documented rate whenever loopback jitter
//! moves one call a few microseconds earlier than the call N places before it; a
//! bucket never refuses such a client, and still refuses every burst past N.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::method::Tier;

/// The fake's clock: real time since the start, times the time scale, so that a
/// scale of 3600 runs an hour of Slack time in a second.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    start: Instant,
    scale: f64,
}

impl Clock {
    pub(crate) fn new(scale: f64) -> Self {
        Clock { start: Instant::now(), scale }
    }

    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    /// Real time since the fake started.
    pub(crate) fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Slack time since the fake started.
    pub(crate) fn slack_now(&self) -> Duration {
        self.elapsed().mul_f64(self.scale)
    }

    /// How long a stretch of Slack time lasts in real time.
    pub(crate) fn real_time_of(&self, slack: Duration) -> Duration {
        slack.div_f64(self.scale)
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

/// The Slack-time spacing of calls at `tier`'s rate.
pub(crate) fn interval(tier: Tier) -> Duration {
    Duration::from_secs(60) / tier.per_minute()
}

impl Limiter {
    /// Admits a call at Slack time `now`, or says how much Slack time must pass first.
    pub(crate) fn admit(&mut self, key: Key, tier: Tier, now: Duration) -> Result<(), Duration> {
        let interval = interval(tier);
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
}

/// A wait as `Retry-After` carries it: whole seconds, at least one, so that a client
/// never retries at once into the same refusal.
pub(crate) fn retry_after_header(real_wait: Duration) -> u64 {
    (real_wait.as_secs_f64().ceil() as u64).max(1)
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
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_header(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_header(Duration::from_millis(2500)), 3);
    }
}
