//! What a job reports: one outcome row per target, the tally behind its summary, and the
//! summary itself, in words on stderr and, with `--format json`, as the JSON document.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;

use serde::Serialize;
use slack_admin_users_session::{
    bulk::{RunProgress, StopReason, Stopper},
    method::{ApiError, ErrorCategory},
    sweep::SweepFailure,
    Error, UserSessionSettings,
};

use crate::cli::Format;
use crate::contract::SCHEMA_VERSION;
use crate::exit::{describe, may_have_acted, Exit, Failure};
use crate::output::{lost_output, write_json, Record, Sink};
use crate::provenance::Provenance;
use crate::words::{count, many};

/// What became of one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Slack did what was asked (a user job).
    Done,
    /// The session was ended (a session job).
    Ended,
    /// The session was gone before it was ended, which is what was wanted.
    AlreadyEnded,
    /// The call failed; `error` says why.
    Failed,
    /// The call was never sent: the job stopped first.
    NotAttempted,
    /// The session was still listed after its call and every re-plan.
    StillActive,
    /// The call was accepted, but the job stopped before a listing confirmed the session
    /// gone; `resume` settles it.
    Unconfirmed,
    /// Slack refused to end the session for a reason about it, which `error_code`
    /// names (the primary owner's, say): trying again would be refused again, so the
    /// job counts it as settled, not failed.
    Refused,
    /// A session of an applied plan that no longer matched the plan's filter, so it was
    /// left alone, as the plan asks.
    Skipped,
}

impl Verdict {
    /// Whether the target ended up as asked.
    fn is_done(self) -> bool {
        matches!(self, Verdict::Done | Verdict::Ended | Verdict::AlreadyEnded)
    }
}

/// Why a target failed, when it did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Problem {
    /// Slack's error code, when Slack answered with one.
    pub error_code: Option<String>,
    /// The error in words.
    pub error: Option<String>,
    /// Whether Slack may have acted even though the call failed.
    pub may_have_taken_effect: bool,
    /// The exit code the failure calls for.
    #[serde(skip)]
    pub exit: Option<Exit>,
    /// Whether the failed call was sent at all (it is not when the client refused its
    /// arguments, or a rate-limit wait was running).
    #[serde(skip)]
    pub unsent: bool,
    /// Whether Slack refused the target for a reason about the target itself.
    #[serde(skip)]
    pub refused: bool,
}

impl Problem {
    /// The problem a sweep's failed call describes.
    pub fn of_sweep(failure: &SweepFailure) -> Problem {
        match failure {
            SweepFailure::Reset(error) => Problem::of(&**error),
            SweepFailure::Invalidate(error) => Problem::of(&**error),
            _ => Problem { error: Some(failure.to_string()), may_have_taken_effect: true, ..Problem::default() },
        }
    }

    /// The problem a failed call's error describes.
    pub fn of<E: ApiError>(error: &Error<E>) -> Problem {
        Problem {
            error_code: error.code().map(str::to_owned),
            error: Some(describe(error)),
            may_have_taken_effect: may_have_acted(error),
            exit: Some(Exit::for_error(error)),
            unsent: error.attempts() == 0,
            refused: error.category() == Some(ErrorCategory::Target),
        }
    }
}

/// The outcome of a job on one user.
#[derive(Debug, Clone, Serialize)]
pub struct UserOutcome {
    /// The user.
    pub user_id: String,
    /// What became of them.
    pub outcome: Verdict,
    /// Why it failed, if it did.
    #[serde(flatten)]
    pub problem: Problem,
}

impl Record for UserOutcome {
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("user_id", "/user_id"),
        ("outcome", "/outcome"),
        ("error_code", "/error_code"),
        ("may_have_taken_effect", "/may_have_taken_effect"),
        ("error", "/error"),
    ];
    const KEY: &'static str = "outcomes";
}

/// The outcome of a job on one session.
#[derive(Debug, Clone, Serialize)]
pub struct SessionOutcome {
    /// The session.
    pub session_id: i64,
    /// Its owner, when known.
    pub user_id: Option<String>,
    /// Its workspace, when known.
    pub team_id: Option<String>,
    /// What became of it.
    pub outcome: Verdict,
    /// Why it failed, if it did.
    #[serde(flatten)]
    pub problem: Problem,
}

impl Record for SessionOutcome {
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("session_id", "/session_id"),
        ("user_id", "/user_id"),
        ("team_id", "/team_id"),
        ("outcome", "/outcome"),
        ("error_code", "/error_code"),
        ("may_have_taken_effect", "/may_have_taken_effect"),
        ("error", "/error"),
    ];
    const KEY: &'static str = "outcomes";
}

/// One user's session settings as `settings get` read them, or, for a user whose
/// settings could not be read, the user and why: Slack's code names a bot or an unknown
/// ID on stdout, in every format.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsOutcome {
    /// The settings read; empty for a user not read.
    #[serde(flatten)]
    pub settings: UserSessionSettings,
    /// `done` when read.
    pub outcome: Verdict,
    /// Why they were not read, if they were not.
    #[serde(flatten)]
    pub problem: Problem,
}

impl Record for SettingsOutcome {
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("user_id", "/user_id"),
        ("duration", "/duration"),
        ("desktop_app_browser_quit", "/desktop_app_browser_quit"),
        ("outcome", "/outcome"),
        ("error_code", "/error_code"),
        ("error", "/error"),
    ];
    const KEY: &'static str = "settings";
}

/// The counts of a job as its outcomes come in.
#[derive(Debug)]
pub struct Tally {
    job: &'static str,
    seen: HashMap<String, usize>,
    done: usize,
    failed: usize,
    not_attempted: usize,
    unconfirmed: usize,
    refused: usize,
    skipped: usize,
    calls: u64,
    worst: Exit,
    stopped: Option<String>,
    interrupted: bool,
    output_broken: bool,
}

impl Tally {
    /// An empty tally for the job named `job`.
    pub fn new(job: &'static str) -> Tally {
        Tally {
            job,
            seen: HashMap::new(),
            done: 0,
            failed: 0,
            not_attempted: 0,
            unconfirmed: 0,
            refused: 0,
            skipped: 0,
            calls: 0,
            worst: Exit::Done,
            stopped: None,
            interrupted: false,
            output_broken: false,
        }
    }

    /// Counts the outcome of the target named `key`. Several targets may share one
    /// call, so calls are counted apart, by [`Tally::sent`].
    pub fn record(&mut self, key: String, verdict: Verdict, problem: &Problem) {
        *self.seen.entry(key).or_default() += 1;
        match verdict {
            _ if verdict.is_done() => self.done += 1,
            Verdict::NotAttempted => self.not_attempted += 1,
            Verdict::Unconfirmed => self.unconfirmed += 1,
            Verdict::Refused => self.refused += 1,
            Verdict::Skipped => self.skipped += 1,
            _ => {
                self.failed += 1;
                self.worst = self.worst.max(problem.exit.unwrap_or(Exit::SomeFailed));
            }
        }
    }

    /// Whether the target named `key` has an outcome already.
    pub fn has(&self, key: &str) -> bool {
        self.seen.contains_key(key)
    }

    /// Counts the call behind an outcome: one, unless it was never sent.
    pub fn sent(&mut self, verdict: Verdict, problem: &Problem) {
        if verdict != Verdict::NotAttempted && !problem.unsent {
            self.calls += 1;
        }
    }

    /// Closes the tally of a bulk run: its calls are the run's own count ([`RunProgress`]:
    /// every call that left, listing pages and split halves included), and the first of
    /// a broken stdout, Ctrl-C or the run's own stop is why it ended early, if it did.
    pub fn close(&mut self, run: &RunProgress, broken: Option<&io::Error>, interrupted: bool, stopper: &Stopper) {
        self.calls = run.calls();
        if let Some(error) = broken {
            self.broken_output(error);
        } else if interrupted {
            self.interrupted();
        } else if let Some(reason) = stopper.reason() {
            let exit =
                if matches!(reason, StopReason::AccessRefused(_)) { Exit::Authentication } else { Exit::SomeFailed };
            self.stop(reason.to_string(), exit);
        }
    }

    /// Adds calls the job made before its run began (the listing a sweep plans from).
    pub fn add_calls(&mut self, calls: u64) {
        self.calls += calls;
    }

    /// Notes that the job stopped early, and why; the first reason is kept.
    pub fn stop(&mut self, reason: String, exit: Exit) {
        self.stopped.get_or_insert(reason);
        self.worst = self.worst.max(exit);
    }

    /// Notes that stdout could not be written, which stopped the job.
    fn broken_output(&mut self, error: &io::Error) {
        self.output_broken = true;
        self.stop(format!("stopped: cannot write the output: {error}"), Exit::SomeFailed);
    }

    /// Notes that Ctrl-C stopped the job.
    fn interrupted(&mut self) {
        self.interrupted = true;
        self.stop("stopped by Ctrl-C".to_owned(), Exit::Interrupted);
    }

    /// The summary, for `targets` targets when the job knows how many it was given, or
    /// for those it reported on otherwise. A target in no outcome, or in more than one,
    /// is lost.
    pub fn summary(&self, targets: Option<usize>) -> Summary {
        let duplicated = self.seen.values().filter(|n| **n > 1).count();
        let targets = targets.unwrap_or(self.seen.len());
        Summary {
            job: self.job,
            targets,
            done: self.done,
            failed: self.failed,
            not_attempted: self.not_attempted,
            unconfirmed: self.unconfirmed,
            refused: self.refused,
            skipped: self.skipped,
            lost: targets.saturating_sub(self.seen.len()) + duplicated,
            calls: self.calls,
            interrupted: self.interrupted,
            stopped: self.stopped.clone(),
            allowance_used: None,
            provenance: Provenance::default(),
            journal: None,
            output_broken: self.output_broken,
            worst: self.worst,
        }
    }
}

/// A job's summary, with stable field names: the machine-readable one of `--format json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The subcommand that ran.
    pub job: &'static str,
    /// How many targets (users or sessions) the job had.
    pub targets: usize,
    /// Targets that ended up as asked.
    pub done: usize,
    /// Targets whose call failed.
    pub failed: usize,
    /// Targets whose call was never sent.
    pub not_attempted: usize,
    /// Targets whose call was accepted but not yet confirmed by a listing (a stopped
    /// sweep); `resume` settles them.
    pub unconfirmed: usize,
    /// Sessions Slack refused to end for a reason it names (a session job's); they
    /// count as settled.
    pub refused: usize,
    /// Planned sessions `apply` left alone: no longer matching the plan's filter, or
    /// of a user protected now.
    pub skipped: usize,
    /// Targets in no outcome or in more than one (always 0 unless something is wrong).
    pub lost: usize,
    /// Calls sent: of the job's method, and for a sweep its listing pages too.
    pub calls: u64,
    /// Whether Ctrl-C stopped the job.
    pub interrupted: bool,
    /// Why the job stopped before the end, if it did.
    pub stopped: Option<String>,
    /// The `invalidate` rate reached over its tier's allowance (the demo only, from the
    /// fake Slack's log).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowance_used: Option<f64>,
    /// Who ran the job, on which org, and why (the jobs with rails).
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The job's journal, when it has one: the advice for what is left names it.
    #[serde(skip)]
    pub journal: Option<PathBuf>,
    /// Whether stdout could not be written, which `stopped` says already.
    #[serde(skip)]
    output_broken: bool,
    #[serde(skip)]
    worst: Exit,
}

impl Summary {
    /// The exit code: 130 after Ctrl-C, 3 when the token was refused, 1 when any target
    /// is not done, 0 otherwise.
    pub fn exit(&self) -> Exit {
        let incomplete = self.failed + self.not_attempted + self.unconfirmed + self.lost > 0 || self.stopped.is_some();
        let floor = if incomplete { Exit::SomeFailed } else { Exit::Done };
        if self.interrupted {
            Exit::Interrupted
        } else {
            self.worst.max(floor)
        }
    }

    /// The summary in words, for stderr.
    pub fn human(&self) -> String {
        let mut unconfirmed =
            if self.unconfirmed > 0 { format!(", {} unconfirmed", self.unconfirmed) } else { String::new() };
        if self.refused > 0 {
            unconfirmed.push_str(&format!(", {} refused by Slack", self.refused));
        }
        let unconfirmed = if self.skipped > 0 {
            format!("{unconfirmed}, {} skipped (no longer matching)", self.skipped)
        } else {
            unconfirmed
        };
        let mut text = format!(
            "{}: {}: {} done, {} failed, {} not attempted{unconfirmed}, {} lost; {}",
            self.job,
            many(self.targets, "target"),
            self.done,
            self.failed,
            self.not_attempted,
            self.lost,
            count(self.calls, "call")
        );
        if let Some(reason) = &self.stopped {
            text.push_str(&format!("\n{}: {reason}", self.job));
        }
        if self.not_attempted + self.unconfirmed > 0 {
            // Only a journal lets `resume` tell what was sent; without one, what is left
            // is found by running the job again.
            let advice = match &self.journal {
                Some(path) => format!("finish it with: slack-sessions resume {}", path.display()),
                None => "run it again to finish it (it had no --journal to resume from)".to_owned(),
            };
            text.push_str(&format!("\n{}: targets not attempted or unconfirmed: {advice}", self.job));
        }
        text
    }
}

/// A job's JSON document: the summary's fields, then every outcome.
#[derive(Serialize)]
struct Document<'a, R> {
    schema_version: u32,
    #[serde(flatten)]
    summary: &'a Summary,
    outcomes: Vec<R>,
}

/// Writes the end of a job's report: the rows still held (or, for `--format json`, the
/// whole document) on stdout, and the summary in words on stderr, which is written even
/// when stdout cannot be. Outcomes that cannot be written are a failure (exit 1), said
/// once: by the summary when the job stopped for it, by the failure otherwise.
pub fn finish<R: Record>(sink: Sink<R>, summary: &Summary) -> Result<(), Failure> {
    let written = if sink.format() == Format::Json {
        write_json(&Document { schema_version: SCHEMA_VERSION, summary, outcomes: sink.into_held() })
    } else {
        sink.finish().map(drop)
    };
    // With -q the summary of a job that went well is left out; one that did not is
    // an error, said as ever.
    if !crate::verbosity::quiet() || summary.exit() != Exit::Done {
        eprintln!("{}", summary.human());
    }
    match written {
        Err(_) if summary.output_broken => Err(Failure::quiet(Exit::SomeFailed)),
        Err(error) => Err(lost_output(error)),
        Ok(()) => Ok(()),
    }
}

/// Writes one outcome of a running job. When stdout cannot be written (a closed pipe),
/// the job is stopped rather than dropped, so that the calls on their way finish and
/// the summary on stderr still accounts for every target; the first error is kept.
pub fn push_or_stop<R: Record>(sink: &mut Sink<R>, row: R, stopper: &Stopper, broken: &mut Option<io::Error>) {
    if broken.is_some() {
        return;
    }
    if let Err(error) = sink.push(row) {
        stopper.stop();
        *broken = Some(error);
    }
}
