//! Runs independent jobs on several threads and returns their results in job order.
//!
//! Emitting and formatting the files is most of the generator's work, and the files do not
//! depend on each other. Each thread takes the next job not yet taken, so a thread that
//! drew cheap files (the index, the shared types) takes more of them and no thread sits
//! idle while another works through a long share. Every result is stored under its job's
//! index, so the output is in job order, and the same, whatever the thread count and
//! whichever thread ran which job.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many threads to use: one per core.
pub(crate) fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// A job that panicked. Only a generator bug does that; the caller reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Panicked;

/// Applies `run` to every job, on at most `threads` threads, and returns the results in
/// the order of `jobs`. The calling thread works too rather than wait idle. A job that
/// panics gives `Err(Panicked)` and the others still run; if no thread can be started,
/// the calling thread runs every job.
pub(crate) fn map_in_order<J, R>(jobs: &[J], threads: usize, run: impl Fn(&J) -> R + Sync) -> Vec<Result<R, Panicked>>
where
    J: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<R, Panicked>>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(index) else { break };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(job))).map_err(|_panic| Panicked);
        if let Ok(mut slot) = slots[index].lock() {
            *slot = Some(result);
        }
    };
    let helpers = threads.clamp(1, jobs.len().max(1)) - 1;
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            // A thread that cannot start leaves its jobs to the others.
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
    slots.into_iter().map(|slot| slot.into_inner().ok().flatten().unwrap_or(Err(Panicked))).collect()
}

#[cfg(test)]
mod tests {
    use super::{map_in_order, Panicked};

    #[test]
    fn results_come_back_in_job_order_whatever_the_thread_count() {
        let jobs: Vec<u32> = (0..7).collect();
        let expected: Vec<Result<u32, Panicked>> = jobs.iter().map(|job| Ok(job * 10)).collect();
        // Even shares, a short last share, and more threads than jobs.
        for threads in [1, 2, 3, 16] {
            assert_eq!(map_in_order(&jobs, threads, |job| job * 10), expected, "{threads} threads");
        }
        assert!(map_in_order(&[] as &[u32], 2, |job| *job).is_empty());
    }

    #[test]
    fn a_panicking_job_is_reported_not_propagated() {
        let jobs: Vec<u32> = (0..4).collect();
        for threads in [1, 2, 3] {
            let results = map_in_order(&jobs, threads, |job| if *job == 2 { panic!("a generator bug") } else { *job });
            assert_eq!(results, [Ok(0), Ok(1), Err(Panicked), Ok(3)], "{threads} threads");
        }
    }
}
