//! The library's sign-out job in a few lines: plan the calls that end every session
//! seen from a network, show the plan, run it with progress and a journal, and count
//! what the confirming listing found.
//!
//! ```sh
//! SLACK_ADMIN_TOKEN=xoxp-... cargo run --example sign_out -- 203.0.113.0/24
//! cargo run --features fake --example sign_out -- 203.0.113.0/24 --fake
//! ```
//!
//! The `slack-sessions` command-line tool (the package in `generated/cli/`) does the same
//! job for people, with every option, output format and exit code; this is how to call
//! it from code.

use std::time::Duration;

use futures_util::StreamExt;
use slack_admin_users_session::{
    journal::Journal,
    sweep::{IpRange, Resets, SessionFilter, SweepOptions, SweepOutcome},
    AdminUsersSessionListRequest, Client,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let network: IpRange = args.first().ok_or("usage: sign_out CIDR [--fake]")?.parse()?;
    let (client, _fake) = client(args.iter().any(|arg| arg == "--fake")).await?;

    let filter = SessionFilter::new().ip(network);
    let journal = std::env::temp_dir().join(format!("sign-out-{}.jsonl", std::process::id()));
    let options = SweepOptions::new().resets(Resets::WholeUser).journal(Journal::create(&journal)?);
    let request = AdminUsersSessionListRequest::new();
    let plan = client.plan_sweep(request.clone(), &filter, &options).await?;
    eprintln!("plan: {plan}");

    let mut outcomes = client.run_plan(plan, request, filter, options);
    let progress = outcomes.progress();
    let report = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            eprintln!(
                "{} of {} sessions answered, {} calls",
                progress.answered(),
                progress.planned(),
                progress.calls()
            );
        }
    });
    let (mut ended, mut not_ended) = (0, 0);
    while let Some(outcome) = outcomes.next().await {
        match outcome {
            SweepOutcome::Ended(_) | SweepOutcome::AlreadyEnded(_) => ended += 1,
            SweepOutcome::ListFailed(error) => eprintln!("listing failed: {error}"),
            other => {
                not_ended += 1;
                eprintln!("not ended: {other:?}");
            }
        }
    }
    report.abort();
    println!("confirmed by listing: {ended} sessions ended, {not_ended} not; journal in {}", journal.display());
    Ok(())
}

/// A client for Slack with `SLACK_ADMIN_TOKEN`, or for a fake Slack seeded with a few
/// users (feature `fake`), which must live as long as the client.
async fn client(fake: bool) -> Result<(Client, Option<Box<dyn std::any::Any>>), Box<dyn std::error::Error>> {
    if !fake {
        let token = std::env::var("SLACK_ADMIN_TOKEN").map_err(|_| "set SLACK_ADMIN_TOKEN to an admin user token")?;
        return Ok((Client::new(token), None));
    }
    #[cfg(feature = "fake")]
    {
        use slack_admin_users_session::fake::{Device, FakeSlack};
        use slack_admin_users_session::{ActiveSession, SessionClient};

        let fake = FakeSlack::builder().time_scale(60.0).start().await?;
        for n in 0..20_i64 {
            for (id, device, ip) in
                [(2 * n + 1, Device::Mobile, "203.0.113.9"), (2 * n + 2, Device::Desktop, "198.51.100.4")]
            {
                let mut seen = SessionClient::new();
                seen.ip = Some(if n < 10 { "203.0.113.7" } else { ip }.to_owned());
                let mut session = ActiveSession::new(format!("W{n:06}"), "E1", id);
                session.created = Some(seen);
                fake.add_session(device, session);
            }
        }
        let client = fake.client_builder().pacing(fake.pacing()).build()?;
        Ok((client, Some(Box::new(fake))))
    }
    #[cfg(not(feature = "fake"))]
    Err("--fake needs the fake Slack: cargo run --features fake --example sign_out -- CIDR --fake".into())
}
