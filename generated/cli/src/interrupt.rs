//! Ctrl-C: the first one stops a job cleanly through its `Stopper` (calls in flight
//! finish, the rest are reported not attempted); a second one, or one during a single
//! call, ends the process at once with exit code 130.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use slack_admin_users_session::bulk::Stopper;
use tokio::task::JoinHandle;

use crate::exit::{Exit, Failure};

/// Watches for Ctrl-C while a job runs; dropping it stops watching.
pub struct Interrupt {
    pressed: Arc<AtomicBool>,
    watcher: JoinHandle<()>,
}

impl Interrupt {
    /// Starts watching: Ctrl-C will stop the job that `stopper` belongs to.
    pub async fn watch(stopper: Stopper) -> Interrupt {
        let pressed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&pressed);
        let watcher = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            flag.store(true, Ordering::SeqCst);
            stopper.stop();
            eprintln!("stopping: calls on their way finish, no more are sent (Ctrl-C again to quit at once)");
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(Exit::Interrupted as i32);
            }
        });
        // Let the watcher install its handler before the job starts, so that an early
        // Ctrl-C is not the operating system's default (an abrupt end, with no report).
        tokio::task::yield_now().await;
        Interrupt { pressed, watcher }
    }

    /// Whether Ctrl-C was pressed.
    pub fn pressed(&self) -> bool {
        self.pressed.load(Ordering::SeqCst)
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        self.watcher.abort();
    }
}

/// Runs one call or listing, or fails with exit code 130 on Ctrl-C. A change sent
/// before Ctrl-C may still take effect, which the message says.
pub async fn or_ctrl_c<T>(work: impl Future<Output = T>, changes: bool) -> Result<T, Failure> {
    tokio::select! {
        done = work => Ok(done),
        _ = tokio::signal::ctrl_c() => {
            let message = if changes {
                "stopped by Ctrl-C before Slack answered; the call may have taken effect"
            } else {
                "stopped by Ctrl-C"
            };
            Err(Failure { exit: Exit::Interrupted, message: message.to_owned() })
        }
    }
}
