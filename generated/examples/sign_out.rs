//! Signs many users out at the pace Slack allows, or ends every session a filter matches,
//! with a live progress bar and a machine-readable summary as the last line.
//!
//! ```sh
//! # Sign out the users listed in a file (one ID a line), or on stdin with `-`.
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example sign_out -- --from users.txt
//! # End every mobile session seen from one network; --dry-run only lists them.
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example sign_out -- --sweep --ip 203.0.113.0/24 --mobile --dry-run
//! # No Slack org, no token: a seeded fake Slack on a scaled clock.
//! cargo run --features fake --example sign_out -- --fake --users 5000 --faults
//! ```
//!
//! The last line is `users=N done=D failed=F lost=L calls=C allowance_used=R`: `lost`
//! counts inputs that appear in no outcome or in more than one, and `allowance_used` is
//! the call rate reached divided by the tier's allowance.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use slack_admin_users_session::{
    AdminUsersSessionInvalidateRequest, AdminUsersSessionListRequest, AdminUsersSessionResetBulkRequest, BatchStatus,
    Client, IpRange, Method, SessionFilter, SweepOutcome,
};

const USAGE: &str = "\
usage: sign_out [--from FILE|-] [--mobile | --web] [--dry-run]
       sign_out --sweep [--ip ADDR|CIDR] [--os OS] [--device NAME] [--user ID] [--workspace ID] [--mobile] [--dry-run]
       sign_out --fake [--users N] [--faults] [--time-scale X]     (needs --features fake)
options: --base-url URL; the token comes from SLACK_ADMIN_TOKEN";

#[derive(Debug, Default)]
struct Args {
    from: Option<String>,
    sweep: bool,
    filter: Vec<(String, String)>,
    mobile: bool,
    web: bool,
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
    inputs: usize,
    done: usize,
    failed: usize,
    lost: usize,
    calls: u64,
    allowance_used: f64,
}

impl Tally {
    fn summary(&self) -> String {
        format!(
            "users={} done={} failed={} lost={} calls={} allowance_used={:.3}",
            self.inputs, self.done, self.failed, self.lost, self.calls, self.allowance_used
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
            if tally.failed == 0 && tally.lost == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
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
    if args.sweep || !args.filter.is_empty() {
        let filter = build_filter(args)?;
        return sweep(&client, filter, args.dry_run, 1.0).await;
    }
    let users = read_users(args.from.as_deref().unwrap_or("-"))?;
    sign_out_users(&client, users, args).await
}

/// Sends `resetBulk` for every user, 1,000 to a call, and accounts for each user.
async fn sign_out_users(client: &Client, users: Vec<String>, args: &Args) -> Result<Tally, String> {
    let distinct = users.iter().collect::<std::collections::HashSet<_>>().len();
    if args.dry_run {
        eprintln!("{distinct} distinct users in {} calls of up to 1,000", distinct.div_ceil(1000));
        return Ok(Tally { inputs: distinct, ..Tally::default() });
    }
    let template = AdminUsersSessionResetBulkRequest::new(Vec::<String>::new());
    let template = if args.mobile { template.mobile_only(true) } else { template };
    let template = if args.web { template.web_only(true) } else { template };
    let bar = progress(distinct as u64, "users");
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut tally = Tally { inputs: distinct, ..Tally::default() };
    let mut rate = Rate::default();
    let mut outcomes = client.admin_users_session_reset_bulk_batched(users, template);
    while let Some(outcome) = outcomes.next().await {
        rate.tick();
        match &outcome.status {
            BatchStatus::Done(_) => tally.done += outcome.ids.len(),
            BatchStatus::Failed(error) => {
                tally.failed += outcome.ids.len();
                bar.println(format!("{} users not signed out: {error}", outcome.ids.len()));
            }
            _ => tally.failed += outcome.ids.len(),
        }
        if !matches!(outcome.status, BatchStatus::NotAttempted) {
            tally.calls += 1;
        }
        for id in &outcome.ids {
            *seen.entry(id.clone()).or_default() += 1;
        }
        bar.inc(outcome.ids.len() as u64);
    }
    bar.finish_and_clear();
    tally.lost = distinct.saturating_sub(seen.len()) + seen.values().filter(|n| **n > 1).count();
    tally.allowance_used = rate.per_second() / allowance_per_second::<AdminUsersSessionResetBulkRequest>(1.0);
    Ok(tally)
}

/// Lists the sessions `filter` matches and, unless `dry_run`, ends each one. `scale` is
/// how much faster than real time the server's clock runs (1 for Slack itself).
async fn sweep(client: &Client, filter: SessionFilter, dry_run: bool, scale: f64) -> Result<Tally, String> {
    let request = AdminUsersSessionListRequest::new().limit(1000);
    if dry_run {
        let mut matches = std::pin::pin!(client.sweep_matches(request, filter));
        let mut tally = Tally::default();
        while let Some(session) = matches.next().await {
            let session = session.map_err(|e| e.to_string())?;
            println!("{} {} {}", session.user_id, session.team_id, session.session_id);
            tally.inputs += 1;
        }
        return Ok(tally);
    }
    let bar = progress(0, "sessions");
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut tally = Tally::default();
    let mut rate = Rate::default();
    let mut outcomes = client.sweep(request, filter);
    while let Some(outcome) = outcomes.next().await {
        rate.tick();
        match &outcome {
            SweepOutcome::Ended(_) | SweepOutcome::AlreadyEnded(_) => {
                tally.done += 1;
                tally.calls += 1;
            }
            SweepOutcome::Failed(session, error) => {
                tally.failed += 1;
                tally.calls += 1;
                let effect = if error.may_have_taken_effect() { " (it may have ended anyway)" } else { "" };
                bar.println(format!("session {}: {error}{effect}", session.session_id));
            }
            SweepOutcome::ListFailed(error) => return Err(format!("listing sessions failed: {error}")),
            _ => tally.failed += 1,
        }
        if let Some(session) = outcome.session() {
            *seen.entry(session.session_id).or_default() += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    tally.inputs = seen.len();
    tally.lost = seen.values().filter(|n| **n > 1).count();
    tally.allowance_used = rate.per_second() / allowance_per_second::<AdminUsersSessionInvalidateRequest>(scale);
    Ok(tally)
}

/// The steady rate of outcomes: from the first to the last, so that listing before the
/// first call and the last call's round trip do not count.
#[derive(Debug, Default)]
struct Rate {
    first: Option<Instant>,
    last: Option<Instant>,
    count: u64,
}

impl Rate {
    fn tick(&mut self) {
        let now = Instant::now();
        self.first.get_or_insert(now);
        self.last = Some(now);
        self.count += 1;
    }

    fn per_second(&self) -> f64 {
        match (self.first, self.last) {
            (Some(first), Some(last)) if self.count > 1 && last > first => {
                (self.count - 1) as f64 / (last - first).as_secs_f64()
            }
            _ => 0.0,
        }
    }
}

/// The tier's allowance for method `M` in calls a second, on a clock running `scale`
/// times faster than real time.
fn allowance_per_second<M: Method>(scale: f64) -> f64 {
    f64::from(M::TIER.per_minute()) / 60.0 * scale
}

fn progress(length: u64, unit: &str) -> ProgressBar {
    let bar = if length == 0 { ProgressBar::new_spinner() } else { ProgressBar::new(length) };
    let template = if length == 0 {
        format!("{{spinner}} {{pos}} {unit} [{{elapsed_precise}}] {{per_sec}}")
    } else {
        format!("{{bar:40}} {{pos}}/{{len}} {unit} [{{elapsed_precise}}, {{eta}} left]")
    };
    bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.enable_steady_tick(Duration::from_millis(200));
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

fn read_users(from: &str) -> Result<Vec<String>, String> {
    let reader: Box<dyn BufRead> = if from == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(from).map_err(|e| format!("cannot read {from}: {e}"))?;
        Box::new(BufReader::new(file))
    };
    let mut users = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| format!("cannot read {from}: {e}"))?;
        users.extend(line.split([',', ' ', '\t']).map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned));
    }
    Ok(users)
}

#[cfg(feature = "fake")]
async fn run_fake(args: &Args) -> Result<Tally, String> {
    use slack_admin_users_session::fake::{Device, FakeSlack, Fault};
    use slack_admin_users_session::{ActiveSession, SessionClient};

    // Tier 2 allows 20 invalidations a minute; scale the clock so that the sweep takes
    // about half a minute of real time, whatever the number of users.
    let scale = args.time_scale.unwrap_or_else(|| (args.users as f64 * 3.0 / 30.0).max(60.0));
    let fake = FakeSlack::builder().time_scale(scale).start().await.map_err(|e| e.to_string())?;
    for n in 0..args.users {
        let user = format!("W{n:07}");
        let mut phone = SessionClient::new();
        phone.os = Some("iOS".to_owned());
        phone.device_hardware = Some("iPhone".to_owned());
        let mut mobile = ActiveSession::new(user.clone(), "E0000001", 2 * n as i64 + 1);
        mobile.created = Some(phone);
        let mut laptop = SessionClient::new();
        laptop.os = Some("OS X".to_owned());
        let mut desktop = ActiveSession::new(user, "E0000001", 2 * n as i64 + 2);
        desktop.created = Some(laptop);
        fake.add_session(Device::Mobile, mobile);
        fake.add_session(Device::Desktop, desktop);
    }
    if args.faults {
        type Invalidate = AdminUsersSessionInvalidateRequest;
        fake.fail::<Invalidate>(2, Fault::Status(502));
        fake.fail::<Invalidate>(2, Fault::error("fatal_error"));
        fake.fail::<Invalidate>(1, Fault::CutBody);
        fake.fail::<Invalidate>(1, Fault::Delay(Duration::from_secs(3)));
        fake.fail::<Invalidate>(3, Fault::error("session_invalidation_failed"));
    }
    let client = fake
        .client_builder()
        .pacing(fake.pacing())
        .timeout(Duration::from_secs(1))
        .build()
        .map_err(|e| e.to_string())?;
    let mut tally = sweep(&client, SessionFilter::new().mobile(), args.dry_run, scale).await?;
    if args.faults {
        // The fake counts a delayed call when it answers, after the client gave up on it.
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    // The fake's own count of the calls it received, rather than the client's.
    let stats = fake.stats::<AdminUsersSessionInvalidateRequest>();
    tally.calls = stats.calls;
    let rate_limited = stats.rate_limited;
    // Every seeded user had exactly one mobile session: a user whose session is in no
    // outcome is lost.
    tally.lost += args.users.saturating_sub(tally.inputs);
    tally.inputs = args.users;
    let left = fake.sessions();
    let mobile_left = left.iter().filter(|s| s.session_id % 2 == 1).count();
    eprintln!(
        "{} mobile sessions ended, {mobile_left} left after failed calls, {} desktop sessions kept, \
         {rate_limited} answers of HTTP 429",
        tally.done,
        left.len() - mobile_left
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
            "--from" => parsed.from = Some(value("--from")?),
            "--sweep" => parsed.sweep = true,
            "--ip" | "--os" | "--device" | "--user" | "--workspace" => {
                let v = value(&arg)?;
                parsed.filter.push((arg, v));
            }
            "--mobile" => parsed.mobile = true,
            "--web" => parsed.web = true,
            "--dry-run" => parsed.dry_run = true,
            "--base-url" => parsed.base_url = Some(value("--base-url")?),
            "--fake" => parsed.fake = true,
            "--users" => parsed.users = value("--users")?.parse().map_err(|_| "--users takes a number")?,
            "--faults" => parsed.faults = true,
            "--time-scale" => {
                let scale: f64 = value("--time-scale")?.parse().map_err(|_| "--time-scale takes a number")?;
                parsed.time_scale = Some(scale).filter(|s| *s > 0.0);
            }
            "--older-than" => {
                return Err("--older-than cannot be honoured: Slack's admin.users.session.list does not say when a \
                            session began. To cap session age going forward, set a session duration with \
                            admin.users.session.setSettings."
                    .to_owned())
            }
            "-h" | "--help" => return Err("help requested".to_owned()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if parsed.mobile && parsed.web {
        return Err("choose at most one of --mobile and --web".to_owned());
    }
    if parsed.web && (parsed.sweep || !parsed.filter.is_empty()) {
        return Err("--web applies to signing users out; a sweep filters with --os or --device".to_owned());
    }
    Ok(parsed)
}
