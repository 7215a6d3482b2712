//! What every bulk run shares: its [`RunStream`] of outcomes, the [`RunProgress`] counts
//! beside it, and the checks each of its calls makes before and after it is sent.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::client::Answer;
use crate::error::Error;
use crate::method::{ApiError, ErrorCategory, Tier};
use crate::pacing::Pacer;
use crate::stop::Stopper;

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

    fn add_call(&self) {
        self.0.calls.fetch_add(1, Ordering::Relaxed);
    }
}

/// A run's stop flag and its counts, which every call of the run is handed together.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunControl {
    pub(crate) stop: Stopper,
    pub(crate) progress: RunProgress,
}

/// A stream of a bulk run's outcomes (a batch's calls, a sweep's sessions) that can be
/// told to stop, with the run's progress beside it.
///
/// It is `Unpin`, so `next()` works on it directly.
pub struct RunStream<'a, T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send + 'a>>,
    control: RunControl,
}

impl<'a, T> RunStream<'a, T> {
    pub(crate) fn new(inner: impl Stream<Item = T> + Send + 'a, control: RunControl) -> Self {
        RunStream { inner: Box::pin(inner), control }
    }

    /// A handle that stops this run; see [`Stopper`].
    pub fn stopper(&self) -> Stopper {
        self.control.stop.clone()
    }

    /// A handle on the run's progress; see [`RunProgress`].
    pub fn progress(&self) -> RunProgress {
        self.control.progress.clone()
    }
}

impl<T> Stream for RunStream<'_, T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for RunStream<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunStream").field("stopped", &self.control.stop.is_stopped()).finish_non_exhaustive()
    }
}

/// Whether a failure with this category would be shared by every later call of the run:
/// a dead token, or a permission the token lacks. The run then stops at once.
pub(crate) fn ends_the_run(category: Option<ErrorCategory>) -> bool {
    matches!(category, Some(ErrorCategory::Authentication | ErrorCategory::Permission))
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

/// Counts a call in its run's progress if anything went out for it, and passes its
/// result on.
pub(crate) fn counted<R, E: ApiError>(
    result: Option<Result<Answer<R>, Error<E>>>,
    progress: &RunProgress,
) -> Option<Result<Answer<R>, Error<E>>> {
    if matches!(&result, Some(Ok(_))) || matches!(&result, Some(Err(error)) if error.attempts() > 0) {
        progress.add_call();
    }
    result
}
