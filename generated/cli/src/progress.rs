//! The live progress bar on stderr, drawn only when stderr is a terminal, and the notes a
//! job prints while it runs, which go above the bar or, without one, straight to stderr.

use std::fmt::Display;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use slack_admin_users_session::bulk::RunProgress;

/// A job's progress: a bar on a terminal, nothing when stderr is piped or redirected.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar counting `unit`s, out of `total` when it is known (a spinner otherwise).
    pub fn new(total: Option<u64>, unit: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let (bar, template) = match total {
            Some(total) => (
                ProgressBar::new(total),
                format!("{{bar:40}} {{pos}}/{{len}} {unit}, {{msg}} [{{elapsed_precise}}, {{eta}} left]"),
            ),
            None => (ProgressBar::new_spinner(), format!("{{spinner}} {{pos}} {unit} [{{elapsed_precise}}] {{msg}}")),
        };
        bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Counts `n` more done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
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
        Follow(Some(tokio::spawn(async move {
            loop {
                bar.set_length(run.planned().max(bar.length().unwrap_or(0)));
                bar.set_position(run.answered());
                bar.set_message(format!("{} calls", run.calls()));
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
