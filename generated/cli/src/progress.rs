//! The live progress bar on stderr, drawn only when stderr is a terminal, and the notes a
//! job prints while it runs, which go above the bar or, without one, straight to stderr.
//! The time left is the plan's Slack time for what is left: a paced job's calls go out
//! at their tier's rate, so that is the time they take, and it is known from the start
//! (indicatif's own estimate, from the rate so far, reads "0s left" while the first
//! calls wait for their slots).

use std::fmt::Display;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use slack_admin_users_session::bulk::RunProgress;

use crate::words::{count, duration};

/// A job's progress: a bar on a terminal, nothing when stderr is piped or redirected.
pub struct Progress {
    bar: Option<ProgressBar>,
    slack_time: Option<Duration>,
}

impl Progress {
    /// A bar counting `unit`s, out of `total` when it is known (a spinner otherwise).
    pub fn new(total: Option<u64>, unit: &str) -> Progress {
        if !std::io::stderr().is_terminal() || !crate::verbosity::bar_allowed() {
            return Progress { bar: None, slack_time: None };
        }
        let (bar, template) = match total {
            Some(total) => {
                (ProgressBar::new(total), format!("{{bar:40}} {{pos}}/{{len}} {unit}, {{msg}} [{{elapsed_precise}}]"))
            }
            None => (ProgressBar::new_spinner(), format!("{{spinner}} {{pos}} {unit} [{{elapsed_precise}}] {{msg}}")),
        };
        bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar), slack_time: None }
    }

    /// The Slack time the whole job takes, from its plan, which the time left is
    /// estimated from; without it the bar shows no time left.
    pub fn with_slack_time(self, slack_time: Option<Duration>) -> Progress {
        let progress = Progress { slack_time, ..self };
        if let Some(bar) = &progress.bar {
            bar.set_message(left(progress.slack_time, Duration::ZERO, 0, bar.length().unwrap_or(0)));
        }
        progress
    }

    /// Counts `n` more done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
            bar.set_message(left(self.slack_time, bar.elapsed(), bar.position(), bar.length().unwrap_or(0)));
        }
    }

    /// Prints a line on stderr without breaking the bar.
    pub fn note(&self, message: impl Display) {
        match &self.bar {
            Some(bar) => bar.println(message.to_string()),
            None => eprintln!("{message}"),
        }
    }

    /// Moves the bar with a bulk run's counts while the run goes on: its position is the
    /// targets whose calls were answered, its message the calls sent. Nothing is drawn
    /// without a terminal.
    pub fn follow(&self, run: RunProgress) -> Follow {
        let Some(bar) = self.bar.clone() else { return Follow(None) };
        let slack_time = self.slack_time;
        Follow(Some(tokio::spawn(async move {
            loop {
                bar.set_length(run.planned().max(bar.length().unwrap_or(0)));
                bar.set_position(run.answered());
                let time_left = left(slack_time, bar.elapsed(), run.answered(), bar.length().unwrap_or(0));
                let calls = count(run.calls(), "call");
                bar.set_message(if time_left.is_empty() { calls } else { format!("{calls}, {time_left}") });
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })))
    }

    /// Removes the bar, so that the summary follows the notes.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The bar's estimate of the time left, `"about 3 min 20 s left"`, `elapsed` into a job
/// that takes `slack_time` in all, with `done` of its `total` targets answered; empty
/// without an estimate.
fn left(slack_time: Option<Duration>, elapsed: Duration, done: u64, total: u64) -> String {
    match slack_time {
        Some(time) => format!("about {} left", duration(remaining(time, elapsed, done, total).as_secs_f64())),
        None => String::new(),
    }
}

/// What is left of `slack_time`: the plan's time not yet spent, since paced calls take
/// their Slack time whatever they carry (one reset can answer hundreds of targets at
/// once, an invalidate one); and, once the plan's time is spent, the targets' share not
/// yet answered, so that a slower run does not read "0 s left" while it goes on.
fn remaining(slack_time: Duration, elapsed: Duration, done: u64, total: u64) -> Duration {
    if total == 0 || done >= total {
        return Duration::ZERO;
    }
    let unanswered = slack_time.mul_f64((total - done) as f64 / total as f64);
    slack_time.saturating_sub(elapsed).max(unanswered)
}

/// The task that moves a bar with a run's counts; [`Follow::abort`] ends it.
pub struct Follow(Option<tokio::task::JoinHandle<()>>);

impl Follow {
    /// Stops following the run.
    pub fn abort(self) {
        if let Some(task) = self.0 {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_left_is_the_plans_slack_time_for_the_targets_not_yet_answered() {
        let (plan, second) = (Duration::from_secs(200), Duration::from_secs(1));
        assert_eq!(remaining(plan, Duration::ZERO, 0, 100), plan);
        // A reset answered most targets at once: the plan's invalidations still take
        // their time.
        assert_eq!(remaining(plan, 10 * second, 90, 100), 190 * second);
        // Past the plan's time, the share of targets left.
        assert_eq!(remaining(plan, 300 * second, 75, 100), 50 * second);
        assert_eq!(remaining(plan, 10 * second, 100, 100), Duration::ZERO);
        assert_eq!(remaining(plan, Duration::ZERO, 0, 0), Duration::ZERO);
        assert_eq!(left(Some(plan), Duration::ZERO, 0, 100), "about 3 min 20 s left");
        assert_eq!(left(None, Duration::ZERO, 0, 100), "");
    }
}
