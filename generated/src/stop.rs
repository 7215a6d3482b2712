//! A run's stop flag: the [`Stopper`] a caller keeps, and why a run stopped.
//!
//! It is a leaf that knows nothing of its users. The call path checks it right before
//! each attempt is sent, so a stop never cuts a call that is already on its way.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Stops a batch or a sweep: calls not yet sent are reported as not attempted instead.
///
/// Get one from the run's stream before driving it (`RunStream::stopper`); clones stop
/// the same run, from any task.
#[derive(Debug, Clone, Default)]
pub struct Stopper(Arc<StopState>);

#[derive(Debug, Default)]
struct StopState {
    stopped: AtomicBool,
    // Set once, by the first halt; a std mutex is enough, it is never held across an
    // await.
    reason: Mutex<Option<StopReason>>,
}

/// Why a run stopped before sending a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// The caller asked it to ([`Stopper::stop`]).
    Requested,
    /// Slack refused the token or what it may do (a dead token, a missing scope or
    /// role), a failure every later call would share, so the run ended itself; the text
    /// is that call's error.
    AccessRefused(String),
    /// The job's journal could not be written, so a call sent next could not be
    /// accounted for after a crash; the text says why.
    JournalFailed(String),
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Requested => f.write_str("the run was stopped"),
            StopReason::AccessRefused(error) => {
                write!(f, "the run ended after a failure every call would share: {error}")
            }
            StopReason::JournalFailed(problem) => write!(f, "the run ended because {problem}"),
        }
    }
}

impl Stopper {
    /// Asks the run to stop. A call already on its way finishes and reports its outcome;
    /// every later one is reported as not attempted.
    pub fn stop(&self) {
        self.halt(StopReason::Requested);
    }

    /// Whether the run was stopped, by [`stop`](Self::stop) or by itself.
    pub fn is_stopped(&self) -> bool {
        self.0.stopped.load(Ordering::SeqCst)
    }

    /// Why the run stopped, or `None` while it runs.
    pub fn reason(&self) -> Option<StopReason> {
        self.is_stopped().then(|| self.lock().clone().unwrap_or(StopReason::Requested))
    }

    /// Stops the run for `reason`; the first reason given is the one kept.
    pub(crate) fn halt(&self, reason: StopReason) {
        self.lock().get_or_insert(reason);
        self.0.stopped.store(true, Ordering::SeqCst);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<StopReason>> {
        self.0.reason.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
