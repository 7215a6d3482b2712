//! The report of a job of one call on one target (`reset`, `invalidate`): the same
//! outcome row, summary and exit code as a job over many.

use slack_admin_users_session::{method::ApiError, Error};

use crate::cli::Format;
use crate::exit::{Exit, Failure};
use crate::output::{lost_output, Record, Sink};
use crate::report::{self, Problem, Tally, Verdict};

/// Reports the answer to the one call of `job`: `row` makes the outcome row from the
/// verdict and the problem, and `key` names the target.
pub fn report<T, E: ApiError, R: Record>(
    job: &'static str,
    key: String,
    answer: Result<T, Error<E>>,
    format: Format,
    row: impl FnOnce(Verdict, Problem) -> R,
) -> Result<Exit, Failure> {
    let (verdict, problem) = match &answer {
        Ok(_) => (Verdict::Done, Problem::default()),
        Err(error) => (Verdict::Failed, Problem::of(error)),
    };
    if let Some(error) = &problem.error {
        eprintln!("{job} {key}: {error}");
    }
    let mut tally = Tally::new(job);
    tally.sent(verdict, &problem);
    tally.record(key, verdict, &problem);
    let mut sink = Sink::new(format);
    sink.push(row(verdict, problem)).map_err(lost_output)?;
    let summary = tally.summary(Some(1));
    report::finish(sink, &summary)?;
    Ok(summary.exit())
}
