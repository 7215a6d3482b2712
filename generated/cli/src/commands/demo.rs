//! `demo`: a real sweep against a fake Slack started in the process and seeded with
//! users, so that a newcomer sees the plan, the progress, the confirmation and the
//! summary in seconds, with no organization and no token. Needs the `demo` feature, which
//! builds in the library's fake Slack.

use crate::cli::{DemoArgs, Format};
use crate::exit::{Exit, Failure};

/// Runs `demo` as the command line asked.
#[cfg(feature = "demo")]
pub async fn run(args: &DemoArgs, format: Format) -> Result<Exit, Failure> {
    use slack_admin_users_session::{
        method::Method,
        sweep::{IpRange, IpRangeError, Resets, SessionFilter},
        AdminUsersSessionInvalidateRequest as Invalidate,
    };
    use std::time::Duration;

    use crate::provenance::Provenance;
    use crate::report;
    use crate::session_job::{plan_and_run, Job};
    use crate::verbosity::note;

    if args.users == 0 {
        return Err(Failure::usage("--users takes at least 1"));
    }
    // Half the users need an invalidate each, at Tier 2's 20 a minute; the clock runs
    // fast enough for the job to take a few seconds of real time, whatever --users is.
    let invalidations = args.users.div_ceil(2) as f64;
    let scale = args.speed.unwrap_or((invalidations * 60.0 / 20.0 / 5.0).max(60.0));
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Failure::usage(format!("--speed takes a positive number, not {scale}")));
    }
    let fake = seeded(args.users, scale).await?;
    if args.faults {
        inject_faults(&fake);
    }
    note(format_args!(
        "demo: a fake Slack at {} with {} users, each with a phone and a desktop session, its clock {scale}x \
         faster than real time; the job ends every session seen from {NETWORK}",
        fake.url(),
        args.users
    ));
    let client = fake
        .client_builder()
        .pacing(fake.pacing())
        .timeout(Duration::from_secs(1))
        .build()
        .map_err(|e| Failure::usage(e.to_string()))?;
    let network: IpRange = NETWORK.parse().map_err(|e: IpRangeError| Failure::usage(e.to_string()))?;
    // The fake org is the demo's own, so no rail stands in its way, and no one in it
    // is the operator.
    let provenance = Provenance::default();
    let job = Job {
        filter: SessionFilter::new().ip(network),
        resets: Resets::WholeUser,
        journal: None,
        dry_run: false,
        plan_out: None,
        protect: Vec::new(),
        include_self: true,
        rails: None,
        provenance: &provenance,
        time_scale: scale,
    };
    let Some((tally, sink)) = plan_and_run(&client, job, format).await? else { return Ok(Exit::Done) };
    let mut summary = tally.summary(None);
    // The fake's own count of the calls it received, rather than the client's, and the
    // share of invalidate's allowance the job reached.
    let log = fake.requests();
    summary.calls = log.len() as u64;
    let at: Vec<Duration> = log.iter().filter(|r| r.method == Invalidate::NAME).map(|r| r.at).collect();
    if let (Some(first), Some(last)) = (at.first(), at.last()) {
        let rate = (at.len() - 1) as f64 / (*last - *first).as_secs_f64().max(f64::EPSILON);
        summary.allowance_used = Some(rate / (f64::from(Invalidate::TIER.per_minute()) / 60.0 * scale));
    }
    let left = fake.sessions();
    let outside = left.iter().filter(|session| !SessionFilter::new().ip(network).matches(session)).count();
    let left = crate::words::many(left.len(), "session");
    note(format_args!("demo: {left} left, {outside} of them outside {NETWORK} and kept"));
    report::finish(sink, &summary)?;
    Ok(summary.exit())
}

/// The network the demo's incident is about.
#[cfg(feature = "demo")]
const NETWORK: &str = "203.0.113.0/24";

/// Without the fake Slack there is nothing to run against.
#[cfg(not(feature = "demo"))]
pub async fn run(_: &DemoArgs, _: Format) -> Result<Exit, Failure> {
    Err(Failure::usage(
        "demo needs the fake Slack, which this build leaves out: cargo install --path generated/cli --features demo",
    ))
}

/// A fake Slack with `users` users, each with a phone (odd IDs) and a desktop session
/// (even IDs). The first half were seen only from [`NETWORK`] (a reset each), the rest
/// on their desktop only (an invalidate each).
#[cfg(feature = "demo")]
async fn seeded(users: usize, scale: f64) -> Result<slack_admin_users_session::fake::FakeSlack, Failure> {
    use slack_admin_users_session::fake::{Device, FakeSlack};
    use slack_admin_users_session::{ActiveSession, SessionClient};

    let fake = FakeSlack::builder()
        .time_scale(scale)
        .start()
        .await
        .map_err(|e| Failure::usage(format!("cannot start the fake Slack: {e}")))?;
    let client = |os: &str, device: Option<&str>, ip: String| {
        let mut client = SessionClient::new();
        client.os = Some(os.to_owned());
        client.device_hardware = device.map(str::to_owned);
        client.ip = Some(ip);
        client
    };
    let half = users.div_ceil(2);
    fake.add_sessions((0..users).flat_map(|n| {
        let user = format!("W{n:07}");
        let (inside, outside) = (format!("203.0.113.{}", n % 250), format!("198.51.100.{}", n % 250));
        let mut phone = ActiveSession::new(user.clone(), "E0000001", 2 * n as i64 + 1);
        phone.created = Some(client("iOS", Some("iPhone"), if n < half { inside.clone() } else { outside }));
        let mut laptop = ActiveSession::new(user, "E0000001", 2 * n as i64 + 2);
        laptop.created = Some(client("OS X", None, inside));
        [(Device::Mobile, phone), (Device::Desktop, laptop)]
    }));
    Ok(fake)
}

/// Faults Slack can produce: each kind fails a few calls, which the summary reports.
#[cfg(feature = "demo")]
fn inject_faults(fake: &slack_admin_users_session::fake::FakeSlack) {
    use slack_admin_users_session::fake::Fault;
    use slack_admin_users_session::AdminUsersSessionInvalidateRequest as Invalidate;
    use std::time::Duration;

    fake.fail::<Invalidate>(2, Fault::Status(502));
    fake.fail::<Invalidate>(2, Fault::error("fatal_error"));
    fake.fail::<Invalidate>(1, Fault::CutBody);
    fake.fail::<Invalidate>(1, Fault::Delay(Duration::from_secs(3)));
    fake.fail::<Invalidate>(3, Fault::error("session_invalidation_failed"));
}
