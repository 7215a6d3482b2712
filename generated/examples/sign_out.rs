//! Ends every session a filter matches: shows the sign-out plan, runs it with a live
//! progress bar, confirms by listing, and ends with a machine-readable summary line.
//!
//! ```sh
//! # The plan only (a dry run), then the job, journaled.
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example sign_out -- --ip 203.0.113.0/24 --dry-run
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example sign_out -- --ip 203.0.113.0/24 --whole-user-resets --journal job.jsonl
//! # No Slack org, no token: a seeded fake Slack on a scaled clock, with faults.
//! cargo run --features fake --example sign_out -- --fake --users 1000 --faults
//! ```
//!
//! The last line is `targets=N ended=E failed=F still_active=S unconfirmed=U
//! not_attempted=A lost=L calls=C allowance_used=R`: `lost` counts targets with no
//! outcome or more than one, and `allowance_used` is the rate of `invalidate` calls
//! reached divided by its tier's allowance (with `--fake` only, from the fake's log).
//! The `slack-sessions` command-line tool does the same job with more options.

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use slack_admin_users_session::{
    AdminUsersSessionListRequest, Client, IpRange, Journal, Resets, SessionFilter, SweepOptions, SweepOutcome,
};

const USAGE: &str = "\
usage: sign_out [--ip ADDR|CIDR] [--os OS] [--device NAME] [--user ID] [--workspace ID] [--mobile]
                [--whole-user-resets | --invalidate-only] [--journal FILE] [--dry-run] [--base-url URL]
       sign_out --fake [--users N] [--faults] [--time-scale X]     (needs --features fake)
The token comes from SLACK_ADMIN_TOKEN.";

#[derive(Debug, Default)]
struct Args {
    filter: Vec<(String, String)>,
    mobile: bool,
    resets: Resets,
    journal: Option<String>,
    dry_run: bool,
    base_url: Option<String>,
    fake: bool,
    users: usize,
    faults: bool,
    time_scale: Option<f64>,
}

/// What a run did, in the terms of the summary line.
#[derive(Debug, Default)]
struct Tally {
    targets: usize,
    ended: usize,
    failed: usize,
    still_active: usize,
    unconfirmed: usize,
    not_attempted: usize,
    lost: usize,
    calls: u64,
    allowance_used: f64,
}

impl Tally {
    fn summary(&self) -> String {
        format!(
            "targets={} ended={} failed={} still_active={} unconfirmed={} not_attempted={} lost={} calls={} \
             allowance_used={:.3}",
            self.targets,
            self.ended,
            self.failed,
            self.still_active,
            self.unconfirmed,
            self.not_attempted,
            self.lost,
            self.calls,
            self.allowance_used
        )
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("error: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = if args.fake { run_fake(&args).await } else { run_real(&args).await };
    match result {
        Ok(tally) => {
            println!("{}", tally.summary());
            ExitCode::from(u8::from(tally.failed + tally.lost + tally.still_active > 0))
        }
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::from(2)
        }
    }
}

async fn run_real(args: &Args) -> Result<Tally, String> {
    let token = std::env::var("SLACK_ADMIN_TOKEN").map_err(|_| "set SLACK_ADMIN_TOKEN to an admin user token")?;
    let mut builder = Client::builder(token);
    if let Some(url) = &args.base_url {
        builder = builder.base_url(url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    sign_out(&client, build_filter(args)?, args).await
}

/// Plans the job, shows the plan, and (unless it is a dry run) runs it with a progress
/// bar, accounting for every target.
async fn sign_out(client: &Client, filter: SessionFilter, args: &Args) -> Result<Tally, String> {
    let request = AdminUsersSessionListRequest::new();
    let mut options = SweepOptions::new().resets(args.resets);
    let plan = client.plan_sweep(request.clone(), &filter, &options).await.map_err(|e| e.to_string())?;
    eprintln!("plan: {plan}");
    let mut tally = Tally { targets: plan.targets().count(), ..Tally::default() };
    if args.dry_run {
        return Ok(tally);
    }
    if let Some(path) = &args.journal {
        options = options.journal(Journal::create(path).map_err(|e| format!("cannot create {path}: {e}"))?);
    }
    let outcomes = client.run_plan(plan, request, filter, options);
    let bar = progress(tally.targets as u64);
    let progress = outcomes.progress();
    let ticker = {
        let bar = bar.clone();
        tokio::spawn(async move {
            loop {
                bar.set_length(progress.planned().max(1));
                bar.set_position(progress.answered());
                bar.set_message(format!("{} calls", progress.calls()));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut outcomes = outcomes;
    while let Some(outcome) = outcomes.next().await {
        count(&mut tally, &outcome, &bar)?;
        if let Some(session) = outcome.session() {
            *seen.entry(session.session_id).or_default() += 1;
        }
    }
    ticker.abort();
    bar.finish_and_clear();
    tally.targets = tally.targets.max(seen.len());
    tally.lost = tally.targets.saturating_sub(seen.len()) + seen.values().filter(|n| **n > 1).count();
    eprintln!("confirmed by listing: {} sessions ended, {} still active", tally.ended, tally.still_active);
    Ok(tally)
}

fn count(tally: &mut Tally, outcome: &SweepOutcome, bar: &ProgressBar) -> Result<(), String> {
    match outcome {
        SweepOutcome::Ended(_) | SweepOutcome::AlreadyEnded(_) => tally.ended += 1,
        SweepOutcome::Failed(session, failure) => {
            tally.failed += 1;
            let effect = if failure.may_have_taken_effect() { " (it may have ended anyway)" } else { "" };
            bar.println(format!("session {}: {failure}{effect}", session.session_id));
        }
        SweepOutcome::StillActive(_) => tally.still_active += 1,
        SweepOutcome::Unconfirmed(_) => tally.unconfirmed += 1,
        SweepOutcome::NotAttempted(_) => tally.not_attempted += 1,
        SweepOutcome::ListFailed(error) => return Err(format!("listing sessions failed: {error}")),
        _ => tally.failed += 1,
    }
    Ok(())
}

fn progress(length: u64) -> ProgressBar {
    let bar = ProgressBar::new(length.max(1));
    let template = "{bar:40} {pos}/{len} sessions answered, {msg} [{elapsed_precise}]";
    bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}

fn build_filter(args: &Args) -> Result<SessionFilter, String> {
    let mut filter = SessionFilter::new();
    for (flag, value) in &args.filter {
        filter = match flag.as_str() {
            "--ip" => filter.ip(value.parse::<IpRange>().map_err(|e| e.to_string())?),
            "--os" => filter.os(value),
            "--device" => filter.device(value),
            "--user" => filter.user(value),
            "--workspace" => filter.workspace(value),
            other => return Err(format!("unknown filter `{other}`")),
        };
    }
    Ok(if args.mobile { filter.mobile() } else { filter })
}

/// A fake org of `--users` users on a scaled clock: the first half have a phone and a
/// desktop both seen from 203.0.113.0/24 (a reset each), the rest only the desktop
/// there (an invalidate each). The job ends what the range matches.
#[cfg(feature = "fake")]
async fn run_fake(args: &Args) -> Result<Tally, String> {
    use slack_admin_users_session::fake::{Device, FakeSlack, Fault};
    use slack_admin_users_session::{ActiveSession, AdminUsersSessionInvalidateRequest as Invalidate, SessionClient};
    use slack_admin_users_session::{Method, Pacing};

    let scale = args.time_scale.unwrap_or(600.0);
    let fake = FakeSlack::builder().time_scale(scale).start().await.map_err(|e| e.to_string())?;
    let half = args.users / 2;
    fake.add_sessions((0..args.users).flat_map(|n| {
        let user = format!("W{n:07}");
        let seat = |id: usize, device: Device, os: &str, ip: String| {
            let mut client = SessionClient::new();
            (client.os, client.ip) = (Some(os.to_owned()), Some(ip));
            let mut session = ActiveSession::new(user.clone(), "E0000001", id as i64);
            session.created = Some(client);
            (device, session)
        };
        let (inside, outside) = (format!("203.0.113.{}", n % 250), format!("198.51.100.{}", n % 250));
        let phone = if n < half { inside.clone() } else { outside };
        [seat(2 * n + 1, Device::Mobile, "iOS", phone), seat(2 * n + 2, Device::Desktop, "Windows", inside)]
    }));
    if args.faults {
        fake.fail::<Invalidate>(2, Fault::Status(502));
        fake.fail::<Invalidate>(2, Fault::error("fatal_error"));
        fake.fail::<Invalidate>(1, Fault::CutBody);
        fake.fail::<Invalidate>(1, Fault::Delay(Duration::from_secs(3)));
        fake.fail::<Invalidate>(3, Fault::error("session_invalidation_failed"));
    }
    let pacing: Pacing = fake.pacing();
    let client =
        fake.client_builder().pacing(pacing).timeout(Duration::from_secs(1)).build().map_err(|e| e.to_string())?;
    let filter = SessionFilter::new().ip("203.0.113.0/24".parse::<IpRange>().map_err(|e| e.to_string())?);
    let job =
        Args { resets: Resets::WholeUser, journal: args.journal.clone(), dry_run: args.dry_run, ..Args::default() };
    let mut tally = sign_out(&client, filter, &job).await?;
    // The fake's own count of the calls it received, rather than the client's.
    let log = fake.requests();
    tally.calls = log.len() as u64;
    let at: Vec<Duration> = log.iter().filter(|r| r.method == Invalidate::NAME).map(|r| r.at).collect();
    if let (Some(first), Some(last)) = (at.first(), at.last()) {
        let rate = (at.len() - 1) as f64 / (*last - *first).as_secs_f64().max(f64::EPSILON);
        tally.allowance_used = rate / (f64::from(Invalidate::TIER.per_minute()) / 60.0 * scale);
    }
    eprintln!(
        "{} sessions left, {} answers of HTTP 429",
        fake.sessions().len(),
        fake.stats::<Invalidate>().rate_limited
    );
    Ok(tally)
}

#[cfg(not(feature = "fake"))]
async fn run_fake(_: &Args) -> Result<Tally, String> {
    Err("--fake needs the fake Slack: cargo run --features fake --example sign_out -- --fake".to_owned())
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args { users: 100, ..Args::default() };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "--ip" | "--os" | "--device" | "--user" | "--workspace" => {
                let v = value(&arg)?;
                parsed.filter.push((arg, v));
            }
            "--mobile" => parsed.mobile = true,
            "--whole-user-resets" => parsed.resets = Resets::WholeUser,
            "--invalidate-only" => parsed.resets = Resets::Never,
            "--journal" => parsed.journal = Some(value("--journal")?),
            "--dry-run" => parsed.dry_run = true,
            "--base-url" => parsed.base_url = Some(value("--base-url")?),
            "--fake" => parsed.fake = true,
            "--users" => parsed.users = value("--users")?.parse().map_err(|_| "--users takes a number")?,
            "--faults" => parsed.faults = true,
            "--time-scale" => {
                let scale: f64 = value("--time-scale")?.parse().map_err(|_| "--time-scale takes a number")?;
                parsed.time_scale = Some(scale).filter(|s| *s > 0.0);
            }
            "-h" | "--help" => return Err("help requested".to_owned()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(parsed)
}
