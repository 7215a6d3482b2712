//! Runs that can be stopped: the [`Stopper`] a caller keeps, the [`BatchStream`] of
//! outcomes it stops, and the check every bulk helper makes before it sends a call.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
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
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Requested => f.write_str("the run was stopped"),
            StopReason::TokenRefused(error) => {
                write!(f, "the run ended after a failure every call would share: {error}")
            }
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

/// Whether a failure with this category would be shared by every later call of the run:
/// a dead token, or a permission the token lacks. The run then stops at once.
pub(crate) fn ends_the_run(category: Option<crate::ErrorCategory>) -> bool {
    matches!(category, Some(crate::ErrorCategory::Authentication | crate::ErrorCategory::Permission))
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
