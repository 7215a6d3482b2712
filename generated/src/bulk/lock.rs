//! One process per job: an exclusive lock beside the journal, held for as long as the job
//! writes to it, that names its holder to a second process.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The lock of one journal: `<journal>.lock`, locked exclusively while a job writes to
/// the journal. The operating system drops the lock when the process ends, however it
/// ends, so a process killed with SIGKILL never leaves a job locked.
#[derive(Debug)]
pub(crate) struct JobLock {
    // Held only to keep the lock; it is released when the file is closed.
    _file: File,
}

impl JobLock {
    /// Takes the lock of the journal at `journal`, at once or not at all. A job that
    /// holds it already is named in the error: its process ID, host and start time.
    pub(crate) fn take(journal: &Path) -> io::Result<JobLock> {
        let path = lock_path(journal);
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() { "another process" } else { holder };
                let message = format!("the journal {} is in use by {holder}", journal.display());
                return Err(io::Error::new(io::ErrorKind::WouldBlock, message));
            }
            Err(TryLockError::Error(error)) => return Err(error),
        }
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(holder().as_bytes())?;
        file.sync_data()?;
        Ok(JobLock { _file: file })
    }
}

/// Where the lock of the journal at `journal` lives.
fn lock_path(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    journal.with_file_name(name)
}

/// This process, as the lock names it: `pid 4242 on host-1, started 1765072800000 ms`.
fn holder() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|host| host.trim().to_owned())
        .filter(|host| !host.is_empty())
        .unwrap_or_else(|| "an unknown host".to_owned());
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis());
    format!("pid {} on {host}, started at {now} ms since the Unix epoch", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_and_named_until_the_first_lets_go() {
        let dir = std::env::temp_dir().join(format!("job-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let journal = dir.join("job.jsonl");
        let first = JobLock::take(&journal).expect("the first lock");
        let refused = JobLock::take(&journal).expect_err("a second lock is refused");
        assert_eq!(refused.kind(), io::ErrorKind::WouldBlock);
        assert!(refused.to_string().contains(&format!("pid {}", std::process::id())), "{refused}");
        drop(first);
        JobLock::take(&journal).expect("free again once the first is dropped");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
