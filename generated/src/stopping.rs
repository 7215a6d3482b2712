//! Runs that can be stopped: the [`Stopper`] a caller keeps, the [`BatchStream`] of
//! outcomes it stops, and the check every bulk helper makes before it sends a call.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::client::Client;
use crate::method::Tier;
use crate::pacing::{Pacer, Pacing};

/// Stops a batch or a sweep: calls not yet sent are reported as not attempted instead.
///
/// Get one from the stream before driving it ([`BatchStream::stopper`]); clones stop
/// the same run, from any task.
#[derive(Debug, Clone, Default)]
pub struct Stopper(Arc<StopState>);

#[derive(Debug, Default)]
struct StopState {
    stopped: AtomicBool,
    // Set once, by the first halt; a std mutex is enough, it is never held across an
    // await.
    reason: Mutex<Option<StopReason>>,
    // The run's counts live beside its stop flag, since every call of the run is
    // handed both.
    progress: RunProgress,
}

/// Why a run stopped before sending a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// The caller asked it to ([`Stopper::stop`]).
    Requested,
    /// A call failed in a way every later call would share (a dead token, a missing
    /// scope or role), so the run ended itself; the text is that call's error.
    TokenRefused(String),
    /// The job's journal could not be written, so a call sent next could not be
    /// accounted for after a crash; the text says why.
    JournalFailed(String),
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Requested => f.write_str("the run was stopped"),
            StopReason::TokenRefused(error) => {
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

    /// The counts of the run this stops.
    pub(crate) fn progress(&self) -> &RunProgress {
        &self.0.progress
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<StopReason>> {
        self.0.reason.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether a failure with this category would be shared by every later call of the run:
/// a dead token, or a permission the token lacks. The run then stops at once.
pub(crate) fn ends_the_run(category: Option<crate::ErrorCategory>) -> bool {
    matches!(category, Some(crate::ErrorCategory::Authentication | crate::ErrorCategory::Permission))
}

/// How far a bulk run has got, for a progress bar: clones read the same counts, from
/// any task, while the stream is driven.
///
/// A sweep reports a session's outcome only once a listing confirms it gone, so its
/// outcomes arrive late; these counts move as calls are answered.
#[derive(Debug, Clone, Default)]
pub struct RunProgress(Arc<Counts>);

#[derive(Debug, Default)]
struct Counts {
    planned: AtomicU64,
    answered: AtomicU64,
    calls: AtomicU64,
}

impl RunProgress {
    /// The targets (IDs or sessions) the run has planned calls for so far.
    pub fn planned(&self) -> u64 {
        self.0.planned.load(Ordering::Relaxed)
    }

    /// The targets whose calls have been answered, or skipped after a stop.
    pub fn answered(&self) -> u64 {
        self.0.answered.load(Ordering::Relaxed)
    }

    /// The calls sent so far, listing pages included.
    pub fn calls(&self) -> u64 {
        self.0.calls.load(Ordering::Relaxed)
    }

    pub(crate) fn add_planned(&self, targets: usize) {
        self.0.planned.fetch_add(targets as u64, Ordering::Relaxed);
    }

    pub(crate) fn add_answered(&self, targets: usize) {
        self.0.answered.fetch_add(targets as u64, Ordering::Relaxed);
    }

    pub(crate) fn add_call(&self) {
        self.0.calls.fetch_add(1, Ordering::Relaxed);
    }
}

/// A stream of outcomes, one per call, that can be told to stop.
///
/// It is `Unpin`, so `next()` works on it directly.
pub struct BatchStream<'a, T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send + 'a>>,
    stopper: Stopper,
}

impl<'a, T> BatchStream<'a, T> {
    pub(crate) fn new(inner: impl Stream<Item = T> + Send + 'a, stopper: Stopper) -> Self {
        BatchStream { inner: Box::pin(inner), stopper }
    }

    /// A handle that stops this run; see [`Stopper`].
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// A handle on the run's progress; see [`RunProgress`].
    pub fn progress(&self) -> RunProgress {
        self.stopper.0.progress.clone()
    }
}

impl<T> Stream for BatchStream<'_, T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for BatchStream<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchStream").field("stopped", &self.stopper.is_stopped()).finish_non_exhaustive()
    }
}

impl Client {
    /// The pacer a bulk helper uses on top of the client's own: none (an unpaced one)
    /// when the client already paces, the tier rates otherwise.
    pub(crate) fn local_pacer(&self) -> Arc<Pacer> {
        let pacing = if self.shared.pacer.config().is_enabled() { Pacing::off() } else { Pacing::by_tier() };
        Arc::new(Pacer::new(pacing))
    }
}

/// Waits for a call's pacing slot and says whether it may go out: not when the run was
/// stopped before the wait or during it, since the wait can be long.
pub(crate) async fn cleared_to_send(stop: &Stopper, pacer: &Pacer, method: &'static str, tier: Tier) -> bool {
    if stop.is_stopped() {
        return false;
    }
    pacer.acquire(method, tier).await;
    !stop.is_stopped()
}
