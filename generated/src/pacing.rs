//! Optional client-side pacing: calls to one method queue up instead of drawing 429s.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::method::{minute_share, Tier};

/// Client-side pacing of calls, per Slack method. Off by default.
///
/// Slack limits each method separately, at the rate of its tier (for example Tier 2:
/// 20 calls a minute). With pacing on, the client spaces the attempts to each method
/// so that they stay within that rate: a burst of calls waits its turn on the client
/// instead of being answered with HTTP 429. Retries count as attempts too.
///
/// The schedule is a "next free slot" per method: attempt *n* may start one interval
/// (`60 s / rate`) after attempt *n − 1*, except that up to [`burst`](Self::burst)
/// attempts may start back to back after a quiet spell. When Slack still answers 429,
/// the method's next slot moves past the requested wait, so calls queued behind the
/// rate-limited one wait as well.
///
/// A call cancelled while it waits for its slot still uses that slot; the rate is then
/// slightly lower than configured, never higher.
///
/// ```
/// # use slack_admin_users_session::{Pacing, method::Tier};
/// // Pace by tier, but allow Tier 4 methods 50 calls a minute only.
/// let pacing = Pacing::by_tier().tier_rate(Tier::Tier4, 50);
/// # let _ = pacing;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pacing {
    enabled: bool,
    burst: u32,
    tier_rates: Vec<(Tier, u32)>,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing::off()
    }
}

impl Pacing {
    /// No pacing: every call is sent at once (the default).
    pub fn off() -> Self {
        Pacing { enabled: false, burst: 1, tier_rates: Vec::new() }
    }

    /// Pacing at each method's tier rate ([`Tier::per_minute`]), with a burst of 1.
    pub fn by_tier() -> Self {
        Pacing { enabled: true, ..Pacing::off() }
    }

    /// Paces methods of `tier` at `per_minute` calls instead of the tier's documented
    /// rate. Zero leaves that tier unpaced.
    pub fn tier_rate(mut self, tier: Tier, per_minute: u32) -> Self {
        self.tier_rates.retain(|(t, _)| *t != tier);
        self.tier_rates.push((tier, per_minute));
        self
    }

    /// How many attempts may start back to back after a quiet spell. Zero counts as one.
    pub fn burst(mut self, attempts: u32) -> Self {
        self.burst = attempts.max(1);
        self
    }

    /// Whether pacing is on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The pacing a bulk run adds on top of a client paced by `self`: none when the
    /// client already paces, the tier rates otherwise. A bulk run is always paced, by
    /// one of the two, and never by both.
    pub(crate) fn for_bulk_runs(&self) -> Pacing {
        if self.enabled {
            Pacing::off()
        } else {
            Pacing::by_tier()
        }
    }

    /// The spacing of a bulk run's calls at `tier` under a client paced by `self`: the
    /// client's rate when it paces, the tier's documented rate otherwise (the rule of
    /// [`for_bulk_runs`](Self::for_bulk_runs)).
    pub(crate) fn bulk_interval(&self, tier: Tier) -> Duration {
        minute_share(self.rate(tier).unwrap_or_else(|| tier.per_minute()))
    }

    /// The calls per minute allowed for `tier`, or `None` when it is unpaced.
    pub fn rate(&self, tier: Tier) -> Option<u32> {
        if !self.enabled {
            return None;
        }
        let configured = self.tier_rates.iter().find(|(t, _)| *t == tier).map(|(_, rate)| *rate);
        Some(configured.unwrap_or_else(|| tier.per_minute())).filter(|rate| *rate > 0)
    }
}

/// The pacing state of one client: the next free slot of each method.
#[derive(Debug)]
pub(crate) struct Pacer {
    config: Pacing,
    // A std mutex is enough: it is held only to read and move a slot, never across an
    // await, so no task ever blocks on it for long.
    slots: Mutex<HashMap<&'static str, Instant>>,
}

impl Pacer {
    pub(crate) fn new(config: Pacing) -> Self {
        Pacer { config, slots: Mutex::new(HashMap::new()) }
    }

    pub(crate) fn config(&self) -> &Pacing {
        &self.config
    }

    /// Waits for the method's next slot; returns how long it waited.
    pub(crate) async fn acquire(&self, method: &'static str, tier: Tier) -> Duration {
        let Some(rate) = self.config.rate(tier) else {
            return Duration::ZERO;
        };
        let now = Instant::now();
        let start = self.reserve(method, rate, now);
        if start > now {
            tokio::time::sleep_until(start).await;
        }
        start.saturating_duration_since(now)
    }

    /// Moves the method's next slot to no earlier than `until`, after Slack asked the
    /// client to slow down.
    ///
    /// This is not what keeps Slack's `Retry-After`: `Holds` (module `holds`)
    /// does, always on and checked right before each attempt is sent. A schedule cannot
    /// keep the promise, since it is off unless the caller paces and a slot handed out
    /// before the 429 stays handed out. The deferral only makes the calls that take
    /// their slots after the 429 start one interval apart from the end of the wait,
    /// rather than in one burst the moment the hold lifts.
    pub(crate) fn defer(&self, method: &'static str, tier: Tier, until: Instant) {
        let Some(rate) = self.config.rate(tier) else {
            return;
        };
        let allowance = self.allowance(rate);
        let mut slots = self.slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let theoretical = slots.entry(method).or_insert(until);
        *theoretical = (*theoretical).max(until + allowance);
    }

    /// Takes the method's next slot and returns when it starts. This is the generic
    /// cell rate algorithm: each slot pushes the method's "theoretical arrival time" on
    /// by one interval, and an attempt may start once that time, less the burst
    /// allowance, has come.
    fn reserve(&self, method: &'static str, rate: u32, now: Instant) -> Instant {
        let interval = minute_share(rate);
        let allowance = self.allowance(rate);
        let mut slots = self.slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let theoretical = slots.entry(method).or_insert(now);
        let arrival = (*theoretical).max(now);
        *theoretical = arrival + interval;
        arrival.checked_sub(allowance).map_or(now, |start| start.max(now))
    }

    fn allowance(&self, rate: u32) -> Duration {
        minute_share(rate) * (self.config.burst - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_one_interval_apart_after_the_burst() {
        let pacer = Pacer::new(Pacing::by_tier().burst(2));
        let now = Instant::now();
        let starts: Vec<Duration> = (0..4).map(|_| pacer.reserve("m", 600, now) - now).collect();
        let ms = Duration::from_millis;
        assert_eq!(starts, [ms(0), ms(0), ms(100), ms(200)]);
    }

    #[test]
    fn methods_have_separate_slots_and_zero_means_unpaced() {
        let pacer = Pacer::new(Pacing::by_tier());
        let now = Instant::now();
        assert_eq!(pacer.reserve("a", 60, now), now);
        assert_eq!(pacer.reserve("b", 60, now), now);
        assert_eq!(pacer.reserve("a", 60, now) - now, Duration::from_secs(1));
        assert_eq!(Pacing::by_tier().tier_rate(Tier::Tier2, 0).rate(Tier::Tier2), None);
        assert_eq!(Pacing::off().rate(Tier::Tier2), None);
        assert_eq!(Pacing::by_tier().rate(Tier::Tier2), Some(20));
    }

    #[test]
    fn a_per_minute_limit_paces_like_a_tier() {
        let limit = Tier::PerMinute { calls: 1200, burst: Some(2000) };
        assert_eq!(Pacing::by_tier().rate(limit), Some(1200));
        assert_eq!(Pacing::by_tier().tier_rate(limit, 600).rate(limit), Some(600));
        assert_eq!(Pacing::off().rate(limit), None);
        assert_eq!((limit.burst(), Tier::Tier2.burst()), (Some(2000), None));
        assert_eq!(limit.to_string(), "1200 calls a minute (bursts of 2000)");
    }

    #[test]
    fn a_deferral_pushes_the_next_slot_past_the_requested_wait() {
        let pacer = Pacer::new(Pacing::by_tier());
        let now = Instant::now();
        pacer.defer("m", Tier::Tier4, now + Duration::from_secs(5));
        assert_eq!(pacer.reserve("m", 100, now) - now, Duration::from_secs(5));
    }
}
