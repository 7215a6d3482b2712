//! Runs independent jobs on several threads and returns their results in job order.
//!
//! Emitting and formatting the files is most of the generator's work, and the files do not
//! depend on each other, so the jobs are split into one contiguous share per thread. The
//! shares are joined in job order, never in completion order, so the output is the same
//! whatever the thread count.

/// How many threads to use: one per core.
pub(crate) fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// A job whose thread panicked. Only a generator bug does that; the caller reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Panicked;

/// Applies `run` to every job, on at most `threads` threads, and returns the results in
/// the order of `jobs`. The calling thread takes the last share itself rather than wait
/// idle. A share that panics gives `Err(Panicked)` for each of its jobs; a share whose
/// thread cannot start runs on the calling thread instead.
pub(crate) fn map_in_order<J, R>(jobs: &[J], threads: usize, run: impl Fn(&J) -> R + Sync) -> Vec<Result<R, Panicked>>
where
    J: Sync,
    R: Send,
{
    let share = jobs.len().div_ceil(threads.max(1)).max(1);
    let run_share = |share: &[J]| -> Vec<R> { share.iter().map(&run).collect() };
    let mut shares = jobs.chunks(share).collect::<Vec<_>>();
    let last = shares.pop().unwrap_or_default();
    std::thread::scope(|scope| {
        let spawned: Vec<_> = shares
            .into_iter()
            .map(|share| (share, std::thread::Builder::new().spawn_scoped(scope, move || run_share(share))))
            .collect();
        let own = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_share(last)));
        let mut results = Vec::with_capacity(jobs.len());
        for (share, thread) in spawned {
            match thread.map(|thread| thread.join()) {
                Ok(Ok(done)) => results.extend(done.into_iter().map(Ok)),
                Ok(Err(_panic)) => results.extend(share.iter().map(|_| Err(Panicked))),
                Err(_) => results.extend(run_share(share).into_iter().map(Ok)),
            }
        }
        match own {
            Ok(done) => results.extend(done.into_iter().map(Ok)),
            Err(_panic) => results.extend(last.iter().map(|_| Err(Panicked))),
        }
        results
    })
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
    fn a_panicking_share_is_reported_not_propagated() {
        let jobs: Vec<u32> = (0..4).collect();
        let results = map_in_order(&jobs, 2, |job| if *job == 3 { panic!("a generator bug") } else { *job });
        assert_eq!(results, [Ok(0), Ok(1), Err(Panicked), Err(Panicked)]);
    }
}
