//! The job journal's writer, reader and records. Its format is documented on the public
//! [`journal`](crate::journal) module, which re-exports this one's public items.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::lock::JobLock;
use crate::client::Answer;
use crate::error::Error;
use crate::ip_range::IpRange;
use crate::method::{ApiError, Method};

/// The journal format this crate writes. Version 2 added the job line's `operator`,
/// `org`, `base_url`, `tool` and `reason`, and the `note` line; version 1 journals are
/// still read.
pub const JOURNAL_VERSION: u32 = 2;

/// An open journal that a job appends to. Clones append to the same file.
///
/// It holds the job's lock (`<journal>.lock`, beside it) for as long as a clone is
/// alive: a second process that opens the same journal, to create or to resume it, is
/// refused at once with an error of kind [`io::ErrorKind::WouldBlock`] that names the
/// holder (its process ID, host and start time). The lock is the operating system's, so
/// a holder that is killed lets go of it.
#[derive(Clone)]
pub struct Journal {
    inner: Arc<Mutex<Sink>>,
}

struct Sink {
    file: File,
    path: PathBuf,
    sync: bool,
    // The first write error; once a line is lost the journal refuses the job's next call.
    failed: Option<String>,
    context: JobContext,
    _lock: JobLock,
}

/// Whose job a journal records and why, written into its `job` line.
#[derive(Debug, Clone, Default)]
struct JobContext {
    owner: Option<JobOwner>,
    reason: Option<String>,
    tool: Option<String>,
}

/// Whose token a job runs with: the operator (the token owner's user ID) and the
/// organization (the Enterprise organization's ID, or the workspace's). A job records
/// it in its journal, and a resumed or applied job refuses a token of another.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobOwner {
    /// The token owner's user ID.
    pub operator: String,
    /// The Enterprise organization's ID, or the workspace's for a workspace token.
    pub org: String,
}

impl JobOwner {
    /// The owner `operator` in `org`.
    pub fn new(operator: impl Into<String>, org: impl Into<String>) -> Self {
        JobOwner { operator: operator.into(), org: org.into() }
    }

    /// Why a job recorded for `self` may not go on with a token of `current`, or `None`
    /// when it may: the same organization and the same operator.
    pub fn mismatch(&self, current: &JobOwner) -> Option<String> {
        if self.org != current.org {
            return Some(format!(
                "the job was made for organization {}, and this token belongs to organization {}",
                self.org, current.org
            ));
        }
        (self.operator != current.operator).then(|| {
            format!("the job was made by user {}, and this token belongs to user {}", self.operator, current.operator)
        })
    }
}

impl Journal {
    /// Creates a new journal at `path` and takes its lock; an existing file is never
    /// overwritten.
    pub fn create(path: impl AsRef<Path>) -> io::Result<Journal> {
        let lock = JobLock::take(path.as_ref())?;
        let file = OpenOptions::new().write(true).create_new(true).open(path.as_ref())?;
        Ok(Journal::from_file(file, path.as_ref(), lock))
    }

    /// Opens an existing journal to append to, as a resumed run does, and takes its
    /// lock. A torn last line, left by a process killed while writing it, is cut off
    /// first, so that the next line starts on a line of its own.
    pub fn append(path: impl AsRef<Path>) -> io::Result<Journal> {
        let lock = JobLock::take(path.as_ref())?;
        let text = std::fs::read(path.as_ref())?;
        let whole = text.iter().rposition(|byte| *byte == b'\n').map_or(0, |end| end + 1);
        let file = OpenOptions::new().append(true).open(path.as_ref())?;
        if whole < text.len() {
            file.set_len(whole as u64)?;
        }
        Ok(Journal::from_file(file, path.as_ref(), lock))
    }

    fn from_file(file: File, path: &Path, lock: JobLock) -> Journal {
        let context = JobContext::default();
        let sink = Sink { file, path: path.to_owned(), sync: true, failed: None, context, _lock: lock };
        Journal { inner: Arc::new(Mutex::new(sink)) }
    }

    /// Records whose token the job runs with in its `job` line (see
    /// `Client::job_owner`, which asks Slack's `auth.test`).
    pub fn owner(self, owner: JobOwner) -> Journal {
        self.lock().context.owner = Some(owner);
        self
    }

    /// Records why the job runs (an incident or ticket number) in its `job` line.
    pub fn reason(self, reason: impl Into<String>) -> Journal {
        self.lock().context.reason = Some(reason.into());
        self
    }

    /// Records the program that runs the job (`"slack-sessions 0.2.0"`) in its `job`
    /// line.
    pub fn tool(self, tool: impl Into<String>) -> Journal {
        self.lock().context.tool = Some(tool.into());
        self
    }

    /// Appends a note of a run that did not go on, and why: a resume whose token Slack
    /// refused, or that could not reach Slack. Nothing else of that run is written.
    pub fn note(&self, note: impl Into<String>) -> io::Result<()> {
        let entry = JournalEntry::Note { note: note.into(), at_ms: now_ms() };
        self.write(&entry).map_err(io::Error::other)
    }

    /// The job line for `job`, with the journal's context and the client's base URL.
    pub(crate) fn job_record(&self, job: JobKind, base_url: &str) -> JobRecord {
        let context = self.lock().context.clone();
        JobRecord {
            version: JOURNAL_VERSION,
            job,
            started_ms: now_ms(),
            operator: context.owner.as_ref().map(|owner| owner.operator.clone()),
            org: context.owner.map(|owner| owner.org),
            base_url: Some(base_url.to_owned()),
            tool: context.tool,
            reason: context.reason,
            filter: None,
            tests: None,
            resets: ResetScope::default(),
            protected: Vec::new(),
            applied: false,
            method: None,
            ids: Vec::new(),
            arguments: Default::default(),
        }
    }

    /// Whether every line is fsynced before the next call is sent (the default), so
    /// that the journal survives the machine losing power, not only the process being
    /// killed. Turning it off saves a disk round trip per call; each line still reaches
    /// the operating system before the next call.
    pub fn sync_each_line(self, sync: bool) -> Journal {
        self.lock().sync = sync;
        self
    }

    /// The journal's file.
    pub fn path(&self) -> PathBuf {
        self.lock().path.clone()
    }

    /// Appends one entry. A job treats a failure here as the end of the run, since a
    /// call sent without its line could not be accounted for after a crash.
    pub(crate) fn write(&self, entry: &JournalEntry) -> Result<(), String> {
        let mut sink = self.lock();
        if let Some(problem) = &sink.failed {
            return Err(problem.clone());
        }
        let mut line = serde_json::to_vec(entry).map_err(|e| e.to_string())?;
        line.push(b'\n');
        let written = sink.file.write_all(&line).and_then(|()| if sink.sync { sink.file.sync_data() } else { Ok(()) });
        written.map_err(|error| {
            let problem = format!("cannot write the journal {}: {error}", sink.path.display());
            sink.failed = Some(problem.clone());
            problem
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Sink> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("path", &self.lock().path).finish_non_exhaustive()
    }
}

/// One line of a journal (see the [`journal`](crate::journal) module for the format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum JournalEntry {
    /// What the job is; the first line.
    Job(JobRecord),
    /// The calls a plan (or a re-plan) makes, and the sessions it ends.
    Plan {
        /// Calls per method.
        calls: PlanCalls,
        /// The sessions the plan ends, with the call that ends each.
        targets: Vec<TargetRecord>,
    },
    /// A call about to be sent.
    Sent(SentRecord),
    /// How a call ended.
    Answered(AnsweredRecord),
    /// One confirming listing.
    Confirmation {
        /// The round, from 1.
        round: u32,
        /// Sessions listed.
        listed: usize,
        /// Targets confirmed gone in this round.
        gone: usize,
        /// Targets still listed.
        still_listed: usize,
        /// Matching sessions seen for the first time (opened during the run).
        new_matches: usize,
        /// When, in milliseconds since the Unix epoch.
        at_ms: u64,
    },
    /// What became of one target.
    Outcome(OutcomeRecord),
    /// A run that did not go on, and why: a resume that could not list, or that Slack
    /// refused. Nothing else of that run is written.
    Note {
        /// What stopped it.
        note: String,
        /// When, in milliseconds since the Unix epoch.
        at_ms: u64,
    },
    /// The job finished.
    End {
        /// When, in milliseconds since the Unix epoch.
        at_ms: u64,
    },
}

/// The job a journal records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JobRecord {
    /// The format's version, [`JOURNAL_VERSION`].
    pub version: u32,
    /// `sweep` or `batched`.
    pub job: JobKind,
    /// When the job began, in milliseconds since the Unix epoch.
    pub started_ms: u64,
    /// The token owner's user ID (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The organization the token belongs to (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The Slack base URL the job called (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The program that ran the job, with its version (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Why the job ran, as its operator gave it (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The sweep's filter, described for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// The sweep's filter as data, so that a resumed run lists with it again; absent
    /// when the filter holds a predicate (a `SessionFilter::matching` predicate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tests: Option<Vec<FilterTest>>,
    /// Which resets a sweep may use.
    #[serde(default)]
    pub resets: ResetScope,
    /// Users whose sessions a sweep never ends (version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protected: Vec<String>,
    /// Whether the sweep runs a saved plan, which ends only sessions it planned and
    /// adds none that match later (version 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub applied: bool,
    /// A `batched` job's method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A `batched` job's IDs, deduplicated, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// A `batched` job's other arguments, as form fields (`mobile_only` = `true`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub arguments: std::collections::BTreeMap<String, String>,
}

/// One test of a sweep's filter. A sweep's `SessionFilter` is made of these, so the
/// journal keeps the filter itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FilterTest {
    /// Sessions of this user.
    User(String),
    /// Sessions on this workspace.
    Workspace(String),
    /// Sessions seen from this address or CIDR block (written as text: `"203.0.113.0/24"`).
    Ip(IpRange),
    /// Sessions whose operating system contains this text, ignoring case.
    Os(String),
    /// Sessions whose device hardware contains this text, ignoring case.
    Device(String),
    /// Sessions on phones and tablets.
    Mobile,
}

/// The kind of job a journal records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum JobKind {
    /// A sweep: sessions matched by a filter (`Client::sweep`, in the `sweep` module).
    Sweep,
    /// A method called for a list of IDs, such as `resetBulk` for users
    /// ([`Client::batched_journaled`](crate::Client::batched_journaled)).
    Batched,
}

/// Which `resetBulk` calls a sweep may use in place of `invalidate`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetScope {
    /// Resets of all of a user's sessions.
    pub full: bool,
    /// Resets of a user's mobile sessions (`mobile_only`).
    pub mobile: bool,
}

/// Calls per method.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanCalls {
    /// `admin.users.session.list` pages.
    pub list: u64,
    /// `admin.users.session.resetBulk` calls.
    pub reset_bulk: u64,
    /// `admin.users.session.invalidate` calls.
    pub invalidate: u64,
}

impl PlanCalls {
    /// All calls.
    pub fn total(&self) -> u64 {
        self.list + self.reset_bulk + self.invalidate
    }
}

/// A session a plan ends, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TargetRecord {
    /// The session.
    pub session_id: i64,
    /// Its user.
    pub user_id: String,
    /// Its workspace or organization.
    pub team_id: String,
    /// The call that ends it.
    pub via: Via,
}

/// The call that ends a planned session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Via {
    /// `resetBulk` of all the user's sessions.
    Reset,
    /// `resetBulk` with `mobile_only`.
    MobileReset,
    /// `invalidate` of this session.
    Invalidate,
}

/// A call about to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SentRecord {
    /// The call's number in the job, from 1.
    pub call: u64,
    /// Slack's method name.
    pub method: String,
    /// The users a `resetBulk` names, or the user of an invalidated session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_ids: Vec<String>,
    /// The session an `invalidate` ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<i64>,
    /// Whether a `resetBulk` ends only mobile sessions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mobile_only: bool,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: u64,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnsweredRecord {
    /// The call's number, as in its [`SentRecord`].
    pub call: u64,
    /// Whether Slack accepted it.
    pub ok: bool,
    /// Slack's error code, or the failure, when it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether the call may have acted although it failed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_have_taken_effect: bool,
    /// Whether the call never left (the run was stopped first).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_sent: bool,
    /// Slack's request ID, for support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: u64,
}

/// What became of one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutcomeRecord {
    /// The user.
    pub user_id: String,
    /// The session, for a sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<i64>,
    /// The outcome.
    pub outcome: OutcomeKind,
    /// Why, for a failure or a stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Slack's error code, for a failure Slack answered (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Whether Slack refused the target for a reason about the target itself (the
    /// primary owner, a bot, an unknown user): trying again would be refused again, so
    /// a resumed run leaves it settled. Any other failure is taken up again (version 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refused: bool,
    /// Whether the failed call may have acted anyway (version 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_have_taken_effect: bool,
}

impl OutcomeRecord {
    /// Whether a resumed run leaves the target alone: a final outcome, and for a
    /// failure, a refusal about the target, or a batched job's call that may have acted
    /// (only a listing could tell, and a batched job does not list). Any other failure
    /// may heal (a token since replaced, Slack's outage) and is taken up again; a
    /// sweep's target is checked by listing before anything is sent for it.
    pub fn is_settled(&self) -> bool {
        match self.outcome {
            OutcomeKind::Failed => self.refused || (self.session_id.is_none() && self.may_have_taken_effect),
            kind => kind.is_final(),
        }
    }
}

/// A target's outcome, as the journal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutcomeKind {
    /// Confirmed gone after its call.
    Ended,
    /// Gone before its call could end it.
    AlreadyEnded,
    /// Its call failed.
    Failed,
    /// Still listed after its call and every re-plan.
    StillActive,
    /// Not sent, because the run stopped; a resumed run takes it up.
    NotAttempted,
    /// Its call was accepted, but the run stopped before a listing confirmed it gone;
    /// a resumed run lists to settle it.
    Unconfirmed,
    /// A `batched` job's call for this ID was accepted.
    Done,
    /// A session of an applied plan that no longer matched its filter, left alone.
    Skipped,
}

impl OutcomeKind {
    /// Whether the outcome is final: all but `not_attempted` and `unconfirmed`.
    pub fn is_final(self) -> bool {
        !matches!(self, OutcomeKind::NotAttempted | OutcomeKind::Unconfirmed)
    }
}

/// A journal that cannot be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct JournalError {
    /// The file.
    pub path: PathBuf,
    /// The line, from 1, when a line is at fault.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: String,
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.problem),
            None => write!(f, "{}: {}", self.path.display(), self.problem),
        }
    }
}

impl std::error::Error for JournalError {}

/// Reads a journal. A torn last line (the process was killed while writing it) is
/// skipped; a bad line anywhere else, a missing `job` line or another version is an
/// error that names the line.
pub fn read_journal(path: impl AsRef<Path>) -> Result<Vec<JournalEntry>, JournalError> {
    let path = path.as_ref();
    let fail = |line, problem: String| JournalError { path: path.to_owned(), line, problem };
    let text = std::fs::read_to_string(path).map_err(|e| fail(None, e.to_string()))?;
    let lines: Vec<&str> = text.lines().collect();
    let torn_tail = !text.ends_with('\n');
    let mut entries = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        match serde_json::from_str::<JournalEntry>(line) {
            Ok(entry) => entries.push(entry),
            Err(_) if torn_tail && index + 1 == lines.len() => break,
            Err(error) => return Err(fail(Some(index + 1), error.to_string())),
        }
    }
    match entries.first() {
        Some(JournalEntry::Job(job)) if (1..=JOURNAL_VERSION).contains(&job.version) => Ok(entries),
        Some(JournalEntry::Job(job)) => Err(fail(
            Some(1),
            format!("journal version {} is newer than {JOURNAL_VERSION}, the newest this crate reads", job.version),
        )),
        _ => Err(fail(Some(1), "the first line is not a `job` line".to_owned())),
    }
}

/// The last outcome the journal holds for every target of its job, across all its runs,
/// in the order the targets were planned: a sweep's sessions (its `plan` lines) or a
/// batched job's IDs (its `job` line). A target with no outcome yet is reported
/// `not_attempted`, so a report made from this covers the whole job, not one run.
pub fn latest_outcomes(entries: &[JournalEntry]) -> Vec<OutcomeRecord> {
    let key = |user: &str, session: Option<i64>| session.map_or_else(|| user.to_owned(), |id| id.to_string());
    let mut order: Vec<(String, OutcomeRecord)> = Vec::new();
    let mut known = std::collections::HashMap::new();
    let mut plan = |user: &str, session: Option<i64>| {
        let id = key(user, session);
        if !known.contains_key(&id) {
            known.insert(id.clone(), order.len());
            let record = OutcomeRecord {
                user_id: user.to_owned(),
                session_id: session,
                outcome: OutcomeKind::NotAttempted,
                reason: None,
                code: None,
                refused: false,
                may_have_taken_effect: false,
            };
            order.push((id, record));
        }
    };
    for entry in entries {
        match entry {
            JournalEntry::Job(job) => job.ids.iter().for_each(|id| plan(id, None)),
            JournalEntry::Plan { targets, .. } => {
                targets.iter().for_each(|target| plan(&target.user_id, Some(target.session_id)));
            }
            JournalEntry::Outcome(outcome) => plan(&outcome.user_id, outcome.session_id),
            _ => {}
        }
    }
    for entry in entries {
        if let JournalEntry::Outcome(outcome) = entry {
            if let Some(at) = known.get(&key(&outcome.user_id, outcome.session_id)) {
                order[*at].1 = outcome.clone();
            }
        }
    }
    order.into_iter().map(|(_, record)| record).collect()
}

/// The calls of one job, numbered and written to its journal: a `sent` line before each
/// call goes out and an `answered` line when it ends.
#[derive(Debug)]
pub(crate) struct CallLog {
    journal: Journal,
    calls: AtomicU64,
}

impl CallLog {
    /// Numbers calls after the `already` a resumed journal holds.
    pub(crate) fn new(journal: Journal, already: u64) -> CallLog {
        CallLog { journal, calls: AtomicU64::new(already) }
    }

    /// The journal the calls go to.
    pub(crate) fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Writes the `sent` line for `request` and returns the call's number. The IDs come
    /// from the request's own form fields, so every method is recorded the same way.
    pub(crate) fn sent<M: Method>(&self, request: &M) -> Result<u64, String> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let mut record = SentRecord {
            call,
            method: M::NAME.to_owned(),
            user_ids: Vec::new(),
            session_id: None,
            mobile_only: false,
            at_ms: now_ms(),
        };
        for (name, value) in request.form_fields() {
            match name {
                "user_ids" => record.user_ids.extend(value.split(',').map(str::to_owned)),
                "user_id" => record.user_ids.push(value),
                "session_id" => record.session_id = value.parse().ok(),
                "mobile_only" => record.mobile_only = value == "true",
                _ => {}
            }
        }
        self.journal.write(&JournalEntry::Sent(record)).map(|()| call)
    }

    /// Writes the `answered` line of call `call`; `None` means it was never sent.
    pub(crate) fn answered<R, E: ApiError>(
        &self,
        call: u64,
        result: Option<&Result<Answer<R>, Error<E>>>,
    ) -> Result<(), String> {
        let mut record = AnsweredRecord {
            call,
            ok: false,
            error: None,
            may_have_taken_effect: false,
            not_sent: result.is_none(),
            request_id: None,
            at_ms: now_ms(),
        };
        match result {
            None => {}
            Some(Ok(answer)) => {
                record.ok = true;
                record.request_id.clone_from(&answer.request_id);
            }
            Some(Err(error)) => {
                record.error = Some(error.code().map_or_else(|| error.to_string(), str::to_owned));
                record.may_have_taken_effect = error.may_have_taken_effect();
                record.request_id = error.request_id().map(str::to_owned);
            }
        }
        self.journal.write(&JournalEntry::Answered(record))
    }
}

/// Milliseconds since the Unix epoch, for journal lines.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| u64::try_from(since.as_millis()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> JournalEntry {
        JournalEntry::Job(JobRecord {
            version: JOURNAL_VERSION,
            job: JobKind::Sweep,
            started_ms: 1,
            operator: Some("W0ADMIN".to_owned()),
            org: Some("E0ORG".to_owned()),
            base_url: Some("https://slack.com/api".to_owned()),
            tool: None,
            reason: Some("INC-1".to_owned()),
            filter: Some("mobile".to_owned()),
            tests: Some(vec![FilterTest::Mobile, FilterTest::Ip("203.0.113.0/24".parse().expect("a CIDR block"))]),
            resets: ResetScope { full: false, mobile: true },
            protected: vec!["W0ADMIN".to_owned()],
            applied: false,
            method: None,
            ids: Vec::new(),
            arguments: Default::default(),
        })
    }

    #[test]
    fn lines_round_trip_and_a_torn_last_line_is_skipped() {
        let dir = std::env::temp_dir().join(format!("journal-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.jsonl");
        let _ = std::fs::remove_file(&path);
        let journal = Journal::create(&path).unwrap();
        let end = JournalEntry::End { at_ms: 2 };
        journal.write(&job()).unwrap();
        journal.write(&end).unwrap();
        let locked = Journal::append(&path).expect_err("a second writer is refused while the first holds the lock");
        assert_eq!(locked.kind(), io::ErrorKind::WouldBlock, "{locked}");
        drop(journal);
        assert!(Journal::create(&path).is_err(), "an existing journal is never overwritten");
        let mut text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(r#"{"type":"job","version":2,"job":"sweep","#), "{text}");
        assert_eq!(read_journal(&path).unwrap(), [job(), end.clone()]);
        text.push_str(r#"{"type":"outc"#);
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read_journal(&path).unwrap(), [job(), end.clone()], "the torn tail is skipped");
        Journal::append(&path).unwrap().write(&end).unwrap();
        assert_eq!(read_journal(&path).unwrap(), [job(), end.clone(), end.clone()], "appending cuts the torn tail");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"end\"", "\"bogus\"") + "\n").unwrap();
        let error = read_journal(&path).unwrap_err();
        assert_eq!(error.line, Some(2), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
