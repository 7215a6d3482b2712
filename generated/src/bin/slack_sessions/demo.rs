//! `demo`: a real sweep against a fake Slack started in the process and seeded with
//! users, so that a newcomer sees the plan, the progress, the confirmation and the
//! summary in seconds, with no organization and no token. Needs the `fake` feature.

use crate::cli::{DemoArgs, Format};
use crate::exit::{Exit, Failure};

/// Runs `demo` as the command line asked.
#[cfg(feature = "fake")]
pub async fn run(args: &DemoArgs, format: Format) -> Result<Exit, Failure> {
    use slack_admin_users_session::{AdminUsersSessionInvalidateRequest as Invalidate, Method, SessionFilter};
    use std::time::Duration;

    use crate::output::write_failure;
    use crate::report;

    if args.users == 0 {
        return Err(Failure::usage("--users takes at least 1"));
    }
    // Tier 2 allows 20 invalidations a minute; the clock runs fast enough for the sweep
    // to take about ten seconds of real time, whatever the number of users.
    let scale = args.speed.unwrap_or((args.users as f64 * 60.0 / 20.0 / 10.0).max(60.0));
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Failure::usage(format!("--speed takes a positive number, not {scale}")));
    }
    let fake = seeded(args.users, scale).await?;
    if args.faults {
        inject_faults(&fake);
    }
    let per_minute = f64::from(Invalidate::TIER.per_minute());
    eprintln!(
        "demo: a fake Slack at {} with {} users, each with a mobile and a desktop session, its clock {scale}x \
         faster than real time",
        fake.url(),
        args.users
    );
    eprintln!(
        "demo: plan: end the {} mobile sessions with admin.users.session.invalidate at {} a minute ({}), \
         about {:.1} s",
        args.users,
        per_minute,
        Invalidate::TIER,
        args.users as f64 * 60.0 / per_minute / scale
    );
    let client = fake
        .client_builder()
        .pacing(fake.pacing())
        .timeout(Duration::from_secs(1))
        .build()
        .map_err(|e| Failure::usage(e.to_string()))?;
    let (tally, sink) = crate::sweep::end_matches(&client, SessionFilter::new().mobile(), format).await?;
    if args.faults {
        // The fake counts a delayed call when it answers, after the client gave up.
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    confirm(&client, &fake).await;
    let mut summary = tally.summary(Some(args.users));
    // The fake's own count of the calls it received, rather than the client's.
    summary.calls = fake.stats::<Invalidate>().calls;
    report::finish(sink, &summary).map_err(write_failure)?;
    Ok(summary.exit())
}

/// Without the fake Slack there is nothing to run against.
#[cfg(not(feature = "fake"))]
pub async fn run(_: &DemoArgs, _: Format) -> Result<Exit, Failure> {
    Err(Failure::usage(
        "demo needs the fake Slack, which this build leaves out: cargo install --path generated --features cli,fake",
    ))
}

/// A fake Slack with `users` users, each with a mobile session (odd IDs) and a desktop
/// one (even IDs).
#[cfg(feature = "fake")]
async fn seeded(users: usize, scale: f64) -> Result<slack_admin_users_session::fake::FakeSlack, Failure> {
    use slack_admin_users_session::fake::{Device, FakeSlack};
    use slack_admin_users_session::{ActiveSession, SessionClient};

    let fake = FakeSlack::builder()
        .time_scale(scale)
        .start()
        .await
        .map_err(|e| Failure::usage(format!("cannot start the fake Slack: {e}")))?;
    let client = |os: &str, device: Option<&str>| {
        let mut client = SessionClient::new();
        client.os = Some(os.to_owned());
        client.device_hardware = device.map(str::to_owned);
        client
    };
    fake.add_sessions((0..users).flat_map(|n| {
        let user = format!("W{n:07}");
        let mut phone = ActiveSession::new(user.clone(), "E0000001", 2 * n as i64 + 1);
        phone.created = Some(client("iOS", Some("iPhone")));
        let mut laptop = ActiveSession::new(user, "E0000001", 2 * n as i64 + 2);
        laptop.created = Some(client("OS X", None));
        [(Device::Mobile, phone), (Device::Desktop, laptop)]
    }));
    Ok(fake)
}

/// Faults Slack can produce: each kind fails a few calls, which the summary reports.
#[cfg(feature = "fake")]
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

/// Lists the mobile sessions again through the client, as the confirmation that the
/// sweep did what it says; the fake's own model counts the desktop sessions kept.
#[cfg(feature = "fake")]
async fn confirm(client: &slack_admin_users_session::Client, fake: &slack_admin_users_session::fake::FakeSlack) {
    use futures_util::StreamExt;
    use slack_admin_users_session::{AdminUsersSessionListRequest, SessionFilter};

    let request = AdminUsersSessionListRequest::new().limit(crate::list::PAGE_SIZE);
    let listed: Vec<_> = client.sweep_matches(request, SessionFilter::new().mobile()).collect().await;
    let desktop = fake.sessions().iter().filter(|session| session.session_id % 2 == 0).count();
    match listed.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(mobile) => eprintln!(
            "demo: confirmed by listing again: {} mobile sessions left (their calls failed), {desktop} desktop \
             sessions kept",
            mobile.len()
        ),
        Err(error) => eprintln!("demo: listing again failed: {}", crate::exit::describe(&error)),
    }
}
