//! A sweep run as a process of its own, so that a test can kill it (SIGKILL, not a
//! panic) at any point and resume it from its journal: `tests/tests/it/crash_resume.rs`.
//!
//! ```text
//! sweep_job BASE_URL JOURNAL TIME_SCALE run|resume
//! ```
//!
//! `run` ends every session seen from 203.0.113.0/24, with whole-user resets allowed,
//! journaling to JOURNAL (which must not exist); `resume` finishes the job JOURNAL
//! records. The client is paced at the fake's scaled tiers. The token is the fake's
//! default one.

use std::process::ExitCode;

use futures_util::StreamExt;
use slack_admin_users_session::fake::DEFAULT_TOKEN;
use slack_admin_users_session::{
    journal::Journal,
    method::Tier,
    sweep::{IpRange, Resets, SessionFilter, SweepOptions},
    AdminUsersSessionListRequest, Client, Pacing,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, journal, scale, mode] = args.as_slice() else {
        eprintln!("usage: sweep_job BASE_URL JOURNAL TIME_SCALE run|resume");
        return ExitCode::from(2);
    };
    let scale: f64 = scale.parse().unwrap_or(1.0);
    let pacing =
        [Tier::Tier1, Tier::Tier2, Tier::Tier3, Tier::Tier4].into_iter().fold(Pacing::by_tier(), |pacing, tier| {
            pacing.tier_rate(tier, (f64::from(tier.per_minute()) * scale).round() as u32)
        });
    let client = match Client::builder(DEFAULT_TOKEN).base_url(base_url).pacing(pacing).build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let outcomes = match mode.as_str() {
        "run" => {
            let range: IpRange = "203.0.113.0/24".parse().expect("a valid range");
            let journal = match Journal::create(journal) {
                Ok(journal) => journal,
                Err(error) => {
                    eprintln!("error: cannot create {journal}: {error}");
                    return ExitCode::from(2);
                }
            };
            let options = SweepOptions::new().resets(Resets::WholeUser).journal(journal);
            client.sweep_with(AdminUsersSessionListRequest::new(), SessionFilter::new().ip(range), options)
        }
        _ => match client.resume_sweep(journal) {
            Ok(outcomes) => outcomes,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        },
    };
    let count = outcomes.count().await;
    println!("outcomes={count}");
    ExitCode::SUCCESS
}
