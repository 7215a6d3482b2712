//! Runs that can be stopped: the [`Stopper`] a caller keeps, the [`BatchStream`] of
//! outcomes it stops, and the check every bulk helper makes before it sends a call.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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
pub struct Stopper(Arc<AtomicBool>);

impl Stopper {
    /// Asks the run to stop. A call already on its way finishes and reports its outcome;
    /// every later one is reported as not attempted.
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`stop`](Self::stop) was called.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
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
